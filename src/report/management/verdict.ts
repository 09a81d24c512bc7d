// "Verdict": one paragraph saying what a single failure can lose, the worst case, and how many
// problems there are to fix (and how many are accepted).
import type { AuditResult } from '../../audit.js';
import type { Criticality } from '../../inventory/types.js';
import { andList } from '../../model/describe.js';
import { CRITICALITIES, plural } from '../../rules/facts.js';
import type { Finding } from '../../rules/types.js';
import { SEVERITIES } from '../../rules/types.js';
import { markdownText } from '../sanitize.js';
import { scenarioSentence, type Scenario } from './scenarios.js';

export function verdict(result: AuditResult, scenarios: Scenario[], open: Finding[], criticalityOf: ReadonlyMap<string, Criticality>): string {
  const sentences: string[] = [];
  const count = (c: Criticality, single: boolean) => result.dataSets.filter((d) => d.criticality === c && (!single || d.independence === 1)).length;
  const phrase = (c: Criticality) => {
    const total = count(c, false);
    return `${count(c, true)} of ${total} ${c === 'critical' ? 'critical' : `${c}-criticality`} data ${total === 1 ? 'set' : 'sets'}`;
  };
  const others = CRITICALITIES.filter((c) => c !== 'critical' && count(c, true) > 0).map(phrase);
  const criticalTotal = count('critical', false);
  const criticalSingle = count('critical', true);
  const singleTotal = result.dataSets.filter((d) => d.independence === 1).length;

  if (result.dataSets.length === 0) return 'The inventory lists no data sets, so there is nothing to judge.';
  if (singleTotal > 0) {
    let first: string;
    if (criticalSingle > 0) {
      first = `${phrase('critical')} can be lost by a single failure${others.length > 0 ? `, and so can ${andList(others)}` : ''}`;
    } else if (criticalTotal > 0) {
      const none = criticalTotal === 1 ? 'The critical data set cannot' : `None of the ${criticalTotal} critical data sets can`;
      first = `${none} be lost by a single failure, but ${andList(others)} can`;
    } else {
      first = `${andList(others)} can be lost by a single failure`;
    }
    const worst = scenarios.find((s) => s.events.length === 1);
    sentences.push(worst ? `${first}; the worst: ${lowerFirst(scenarioSentence(worst, result, criticalityOf))}` : `${first}.`);
  } else {
    // The fewest failures that lose anything; among those, the worst by the usual ranking.
    // (A loop, not Math.min(...): a million scenarios are too many arguments for the stack.)
    let fewest = Infinity;
    for (const s of scenarios) fewest = Math.min(fewest, s.events.length);
    const weakest = scenarios.find((s) => s.events.length === fewest);
    if (weakest === undefined) {
      sentences.push(
        `No data set can be lost by a single failure: every one survives any combination of up to ${plural(result.maxOrder, 'failure')} that bcaudit checked.`,
      );
    } else {
      sentences.push(
        `No data set can be lost by a single failure; the weakest spot takes ${weakest.events.length} failures together: ` +
          lowerFirst(scenarioSentence(weakest, result, criticalityOf)),
      );
    }
  }
  if (open.length === 0) {
    sentences.push('bcaudit found nothing to fix.');
  } else {
    const bySeverity = SEVERITIES.map((s) => [s, open.filter((f) => f.severity === s).length] as const)
      .filter(([, n]) => n > 0)
      .map(([s, n]) => `${n} ${s}`);
    sentences.push(`bcaudit found ${plural(open.length, 'problem')} to fix (${bySeverity.join(', ')}).`);
  }
  const waived = result.findings.length - open.length;
  if (waived > 0) {
    sentences.push(
      `${plural(waived, 'more finding is', 'more findings are')} accepted by waivers or a baseline: not counted among the problems to fix, ` +
        'while the data sets they concern still count above as what a single failure can lose.',
    );
  }
  return markdownText(sentences.join(' '));
}

const lowerFirst = (s: string): string => (s.startsWith('If ') ? `if ${s.slice(3)}` : s);
