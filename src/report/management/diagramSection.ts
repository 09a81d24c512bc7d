// "Where the copies live": the Mermaid diagram and what it leaves out.
import type { AuditResult } from '../../audit.js';
import { andList } from '../../model/describe.js';
import { CRITICALITY_RANK, plural } from '../../rules/facts.js';
import { compareStrings } from '../compareStrings.js';
import { copiesDiagram } from '../mermaid.js';
import { markdownText } from '../sanitize.js';
import type { Scenario } from './scenarios.js';

export function diagramSection(result: AuditResult, scenarios: Scenario[]): string[] {
  if (result.dataSets.length === 0) return ['No data sets.'];
  const singlePoints = new Set(scenarios.filter((s) => s.events.length === 1).map((s) => s.events[0]!));
  // Most important data sets first, so those are the ones drawn when the diagram must be cut.
  const order = [...result.dataSets]
    .sort(
      (a, b) =>
        CRITICALITY_RANK[b.criticality] - CRITICALITY_RANK[a.criticality] ||
        (a.independence ?? Infinity) - (b.independence ?? Infinity) ||
        compareStrings(a.id, b.id),
    )
    .map((d) => d.id);
  const diagram = copiesDiagram(result.graph, result.inventory, { dataSets: order, singlePoints });
  const lines = [
    'Each data set, its copies, the targets they are on, the accounts those sit in and the providers behind them. ' +
      (singlePoints.size > 0
        ? 'Red boxes are single points of failure: one of them failing loses every copy of a data set. Dotted arrows show what else they take down.'
        : 'No single point of failure: no one box takes every copy of a data set with it.'),
    '',
    '```mermaid',
    diagram.source.trimEnd(),
    '```',
  ];
  if (diagram.omitted.length > 0) {
    lines.push(
      '',
      markdownText(
        `The diagram shows the ${plural(diagram.drawn.length, 'most important data set')}; ${plural(diagram.omitted.length, 'more is', 'more are')} left out so it stays readable: ${andList(diagram.omitted.slice(0, 10))}${diagram.omitted.length > 10 ? ', …' : ''}.`,
      ),
    );
  }
  return lines;
}
