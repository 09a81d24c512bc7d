// "Top risks": the most important ways to lose data, each as a sentence.
import type { AuditResult } from '../../audit.js';
import { plural } from '../../rules/facts.js';
import { assumptionNote, perYear } from '../likelihoodWords.js';
import { markdownCode, markdownText } from '../sanitize.js';
import { acceptance, scenarioSentence, TOP_RISKS, type Scenario } from './scenarios.js';

export function topRisks(result: AuditResult, scenarios: Scenario[]): string[] {
  if (scenarios.length === 0) {
    return [
      markdownText(
        `No combination of up to ${plural(result.maxOrder, 'failure')} loses any data set. Independence beyond that is not checked (raise --max-order to look further).`,
      ),
    ];
  }
  const criticalityOf = new Map(result.dataSets.map((d) => [d.id, d.criticality]));
  const probable = result.probability !== undefined;
  const lines = [
    probable
      ? 'Ranked by how critical the data is, then by how likely the failures are (most probable first), then by how few failures it takes.'
      : 'Ranked by how critical the data is, then by how few failures it takes, then by how much one event takes down.',
    '',
  ];
  scenarios.slice(0, TOP_RISKS).forEach((s, i) => {
    const likely = s.probability === undefined ? '' : ` (about ${perYear(s.probability)})`;
    const accepted = acceptance(s, result);
    lines.push(`${i + 1}. ${markdownText(scenarioSentence(s, result, criticalityOf))}${likely}${accepted === undefined ? '' : ` _${markdownText(accepted)}_`}`);
  });
  if (result.probability) lines.push('', `_${markdownText(assumptionNote(result.probability.policy))}_`);
  const more = scenarios.length - TOP_RISKS;
  if (more > 0) {
    lines.push(
      '',
      markdownText(`… and ${plural(more, 'more way')} to lose data with up to ${plural(result.maxOrder, 'failure')}; `) +
        `${markdownCode('bcaudit check --format json')} lists them all.`,
    );
  }
  return lines;
}
