// "Where the copies live": the Mermaid diagrams (report/diagram/ draws them; `graph --format
// mermaid` prints the first), a legend, and what they leave out.
import type { AuditResult } from '../../audit.js';
import { andList } from '../../model/describe.js';
import { plural } from '../../rules/facts.js';
import { copiesDiagrams, DIAGRAM_BOX_LIMIT, diagramDataSets } from '../diagram/copiesDiagrams.js';
import { markdownText } from '../sanitize.js';

const fence = (source: string): string[] => ['```mermaid', source.trimEnd(), '```'];

export function diagramSection(result: AuditResult): string[] {
  if (result.dataSets.length === 0) return ['No data sets.'];
  const dataSets = diagramDataSets(result.inventory, new Map(result.dataSets.map((d) => [d.id, d.packedRiskGroups])));
  const diagrams = copiesDiagrams(result.graph, result.inventory, dataSets);
  const anySingle = dataSets.some((d) => d.singlePoints.length > 0);
  const lines: string[] = [];
  if (diagrams.view === 'copies') {
    lines.push(
      'Each provider holds its accounts; each account holds the primary copies (cylinders) and the backup copies on its targets.',
    );
  } else {
    const level = diagrams.dataSets.length > 0 ? result.dataSets.find((d) => d.id === diagrams.dataSets[0]!.id)!.criticality : undefined;
    lines.push(
      markdownText(
        `A diagram of every copy would need more than ${DIAGRAM_BOX_LIMIT} boxes, too many to read, so this overview shows one box for the primary copies in each account and one per backup target` +
          (level === undefined ? '.' : `; below it, each ${level} data set has a diagram of its own copies.`),
      ),
    );
  }
  lines.push('', ...fence(diagrams.main.source), '', ...legend(anySingle));
  if (diagrams.main.omitted.length > 0) {
    const omitted = diagrams.main.omitted;
    lines.push(
      '',
      markdownText(
        `The diagram shows the ${plural(diagrams.main.drawn.length, 'most important data set')}; ${plural(omitted.length, 'more is', 'more are')} left out so it stays renderable: ${andList(omitted.slice(0, 10))}${omitted.length > 10 ? ', …' : ''}.`,
      ),
    );
  }
  const criticalityOf = new Map(result.dataSets.map((d) => [d.id, d.criticality]));
  for (const { id, source } of diagrams.dataSets) {
    lines.push('', `### ${markdownText(`${id} (${criticalityOf.get(id)!})`)}`, '', ...fence(source));
  }
  if (diagrams.dataSetsOmitted.length > 0) {
    const omitted = diagrams.dataSetsOmitted;
    lines.push(
      '',
      markdownText(`No diagram of their own here for ${plural(omitted.length, 'more data set')}: ${andList(omitted.slice(0, 10))}${omitted.length > 10 ? ', …' : ''}.`),
    );
  }
  return lines;
}

function legend(anySingle: boolean): string[] {
  return [
    '- Solid arrow: backed up to. Thick arrow: replicated to (a replica mirrors deletes and corruption).',
    '- Dotted arrows: what the copies depend on: who administers an account (admins of a parent organization count), which payment method pays it, what else is needed. ' +
      'People and payment methods are drawn only where they are a single point of failure or shared by several accounts.',
    anySingle
      ? '- Red: a single point of failure: that one thing failing loses every copy of a data set.'
      : '- No single point of failure: no one thing failing takes every copy of a data set with it, so nothing is red.',
  ];
}
