// `check --format markdown`: a short summary fit for a pull-request comment.
import { failsRun } from '../policy/gate.js';
import { SEVERITIES, type Severity } from '../rules/types.js';
import { markdownCode, markdownText } from './sanitize.js';
import { allFindings, type Formatter } from './types.js';

const ICON: Record<Severity, string> = { critical: '🟥', high: '🟧', medium: '🟨', low: '🟦', info: '⬜' };

/** Findings listed in full; the rest are counted. */
const MAX_LISTED = 50;

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
    `| ${ctx.results.length > 1 ? 'inventory | ' : ''}data set | criticality | copies | independence | findings |`,
    `|${ctx.results.length > 1 ? '---|' : ''}---|---|---:|---:|---:|`,
  ];
  for (const result of ctx.results) {
    const inventoryCell = ctx.results.length > 1 ? `${markdownCode(result.inventory.file)} | ` : '';
    for (const ds of result.dataSets) {
      const count = result.findings.filter((f) => !f.suppression && f.dataSets.includes(ds.id)).length;
      const independence = ds.independence === null ? `> ${result.maxOrder}` : String(ds.independence);
      lines.push(`| ${inventoryCell}${markdownCode(ds.id)} | ${ds.criticality} | ${ds.copies} | ${independence} | ${count} |`);
    }
  }
  lines.push('');
  if (open.length === 0) {
    lines.push('No findings.');
  } else {
    const counts = SEVERITIES.map((s) => [s, open.filter((f) => f.severity === s).length] as const).filter(([, n]) => n > 0);
    lines.push(`<details${failing.length > 0 ? ' open' : ''}><summary>${open.length} findings: ${counts.map(([s, n]) => `${n} ${s}`).join(', ')}</summary>`, '');
    lines.push('| | finding | where | fix |', '|---|---|---|---|');
    for (const f of open.slice(0, MAX_LISTED)) {
      lines.push(
        `| ${ICON[f.severity]} ${f.severity} | ${markdownText(f.message)}<br>${markdownCode(f.id)} | ${markdownCode(`${f.pos.file}:${f.pos.line}`)} | ${markdownText(f.remediation)} |`,
      );
    }
    if (open.length > MAX_LISTED) lines.push('', `… and ${open.length - MAX_LISTED} more (\`--format json\` lists them all).`);
    lines.push('', '</details>');
  }
  const waived = findings.filter((f) => f.suppression?.kind === 'waiver').length;
  const known = findings.filter((f) => f.suppression?.kind === 'baseline').length;
  if (waived > 0) lines.push('', `${waived} finding${waived === 1 ? '' : 's'} suppressed by waivers.`);
  if (ctx.baseline) {
    const fixed = ctx.baseline.fixed.length;
    lines.push('', `Baseline ${markdownCode(ctx.baseline.file)}: ${ctx.baseline.added} new, ${known} already known, ${fixed} fixed since.`);
  }
  return `${lines.join('\n')}\n`;
};
