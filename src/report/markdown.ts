// `check --format markdown`: a short summary fit for a pull-request comment. Like the text format:
// the verdict first, then (with likelihoods) what to fix first, then findings grouped by root
// cause, worst first.
import { failsRun } from '../policy/gate.js';
import { SEVERITIES, type Severity } from '../rules/types.js';
import { assumptionNote, percent, perYear, unavailableNote } from './likelihoodWords.js';
import { compareDataSets, fixFirstChanges, groupByRootCause, groupCount, groupFix, groupHeadline, scopeWords, type CauseGroup } from './rootCauses.js';
import { markdownCode, markdownText } from './sanitize.js';
import { acceptedWords } from './text.js';
import { allFindings, type Formatter } from './types.js';

const ICON: Record<Severity, string> = { critical: '🟥', high: '🟧', medium: '🟨', low: '🟦', info: '⬜' };

/** Root causes listed in full; the rest are counted. */
const MAX_LISTED = 50;
/** Finding ids named per root cause before "and N more". */
const IDS_SHOWN = 4;
const FIX_FIRST = 3;

export const formatMarkdown: Formatter = (ctx) => {
  const findings = allFindings(ctx);
  const dataSets = ctx.results.flatMap((r) => r.dataSets);
  const open = findings.filter((f) => !f.suppression);
  const failing = open.filter((f) => failsRun(f, ctx.failOn));
  const spof = dataSets.filter((d) => d.independence === 1).length;
  const verdict =
    ctx.failOn === 'never' ? 'ℹ️ not gating' : failing.length > 0 ? `❌ ${failing.length} at or above ${ctx.failOn}` : '✅ passing';
  const files = ctx.results.map((r) => markdownCode(r.inventory.file)).join(', ');
  const lines: string[] = [
    `### bcaudit: ${verdict}`,
    '',
    `${files} · ${dataSets.length} data sets, ${spof} lost by a single failure · ` +
      `policy ${markdownCode(ctx.policyName)} · risk groups up to ${ctx.results[0]?.maxOrder ?? '?'}`,
    '',
  ];
  const known = findings.filter((f) => f.suppression?.kind === 'baseline').length;
  if (ctx.baseline) {
    const fixed = ctx.baseline.fixed.length;
    lines.push(`Baseline ${markdownCode(ctx.baseline.file)}: ${ctx.baseline.added} new, ${known} already known, ${fixed} fixed since.`, '');
  }

  for (const result of ctx.results) {
    const changes = fixFirstChanges(result, FIX_FIRST);
    if (changes.length === 0 || !result.probability) continue;
    const where = ctx.results.length > 1 ? ` (${markdownCode(result.inventory.file)})` : '';
    lines.push(`**Fix first**${where}: chance to lose ${scopeWords(result)} within a year, before → after the change`, '');
    changes.forEach((f, i) => lines.push(`${i + 1}. ${markdownText(f.change)}: ${percent(f.before)} → ${percent(f.after)}`));
    lines.push('', `_${markdownText(assumptionNote(result.probability.policy))}_`, '');
  }

  const multi = ctx.results.length > 1;
  const probabilities = dataSets.some((d) => d.lossProbability !== undefined || d.lossProbabilityUnavailable !== undefined);
  lines.push(
    `| ${multi ? 'inventory | ' : ''}data set | criticality | copies | independence | ${probabilities ? 'loss a year | ' : ''}findings |`,
    `|${multi ? '---|' : ''}---|---|---:|---:|${probabilities ? '---:|' : ''}---:|`,
  );
  for (const result of ctx.results) {
    const inventoryCell = multi ? `${markdownCode(result.inventory.file)} | ` : '';
    for (const ds of [...result.dataSets].sort(compareDataSets)) {
      const count = result.findings.filter((f) => !f.suppression && f.dataSets.includes(ds.id)).length;
      const independence = ds.independence === null ? `> ${result.maxOrder}` : String(ds.independence);
      const loss = probabilities ? `${ds.lossProbability !== undefined ? percent(ds.lossProbability) : ds.lossProbabilityUnavailable !== undefined ? 'unknown' : '—'} | ` : '';
      lines.push(`| ${inventoryCell}${markdownCode(ds.id)} | ${ds.criticality} | ${ds.copies} | ${independence} | ${loss}${count} |`);
    }
  }
  lines.push('');
  for (const result of ctx.results) {
    const unknown = unavailableNote(result.probability);
    if (unknown) lines.push(`_${markdownText(unknown)}_`, '');
  }

  const groups = ctx.results.flatMap((result) => groupByRootCause(result).map((g) => ({ g, result })));
  const shown = groups.filter(({ g }) => g.state === 'open' || (g.state === 'baselined' && ctx.showBaselined === true));
  if (open.length === 0) {
    lines.push(ctx.baseline ? 'No new findings.' : 'No findings.');
  } else {
    const counts = SEVERITIES.map((s) => [s, open.filter((f) => f.severity === s).length] as const).filter(([, n]) => n > 0);
    const causes = shown.filter(({ g }) => g.state === 'open').length;
    const title = `${open.length} ${ctx.baseline ? 'new ' : ''}findings from ${causes} ${causes === 1 ? 'cause' : 'causes'}: ${counts.map(([s, n]) => `${n} ${s}`).join(', ')}`;
    lines.push(`<details${failing.length > 0 ? ' open' : ''}><summary>${title}</summary>`, '');
  }
  if (shown.length > 0) {
    lines.push('| | what | where | fix |', '|---|---|---|---|');
    for (const { g, result } of shown.slice(0, MAX_LISTED)) {
      lines.push(row(g, result, ctx.baseline !== undefined));
    }
    if (shown.length > MAX_LISTED) lines.push('', `… and ${shown.length - MAX_LISTED} more causes (\`--format json\` lists every finding).`);
    if (open.length > 0) lines.push('', '</details>');
  }
  if (probabilities) {
    const policy = ctx.results.find((r) => r.probability)?.probability?.policy ?? ctx.policyName;
    lines.push('', `_${markdownText(assumptionNote(policy))}_`);
  }
  const waived = groups.filter(({ g }) => g.state === 'waived');
  if (waived.length > 0) {
    lines.push('', 'Accepted by waivers (not counted):', '');
    for (const { g, result } of waived) {
      lines.push(`- ${markdownText(groupHeadline(g, result))} _${markdownText(acceptedWords(g.findings[0]!))}_ (${g.findings.map((f) => markdownCode(f.id)).join(', ')})`);
    }
  }
  if (known > 0 && ctx.showBaselined !== true) lines.push('', `${known} finding${known === 1 ? '' : 's'} already in the baseline ${known === 1 ? 'is' : 'are'} not listed (\`--show-baselined\` lists them).`);
  return `${lines.join('\n')}\n`;
};

function row(g: CauseGroup, result: Parameters<typeof groupHeadline>[1], withBaseline: boolean): string {
  const first = g.findings[0]!;
  const ids = g.findings.slice(0, IDS_SHOWN).map((f) => markdownCode(f.id));
  const more = g.findings.length - IDS_SHOWN;
  const mark = withBaseline && g.state === 'open' ? '**NEW** ' : g.state === 'baselined' ? '_baselined_ ' : '';
  const likely = g.lossProbability !== undefined && g.event !== undefined ? ` (${perYear(g.lossProbability)})` : '';
  const count = g.findings.length > 1 ? `<br>${markdownText(groupCount(g))}: ` : '<br>';
  return (
    `| ${ICON[g.severity]} ${g.severity} | ${mark}${markdownText(groupHeadline(g, result))}${likely}${count}${ids.join(', ')}${more > 0 ? ` and ${more} more` : ''} | ` +
    `${markdownCode(`${first.pos.file}:${first.pos.line}`)} | ${markdownText(groupFix(g, result.inventory))} |`
  );
}
