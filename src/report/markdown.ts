// `check --format markdown`: a short summary fit for a pull-request comment.
import { failsRun } from '../policy/gate.js';
import { SEVERITIES, type Severity } from '../rules/types.js';
import { markdownCode, markdownText } from './sanitize.js';
import type { Formatter } from './types.js';

const ICON: Record<Severity, string> = { critical: '🟥', high: '🟧', medium: '🟨', low: '🟦', info: '⬜' };

/** Findings listed in full; the rest are counted. */
const MAX_LISTED = 50;

export const formatMarkdown: Formatter = (ctx) => {
  const { result } = ctx;
  const open = result.findings.filter((f) => !f.suppression);
  const failing = open.filter((f) => failsRun(f, ctx.failOn));
  const spof = result.dataSets.filter((d) => d.independence === 1).length;
  const verdict =
    ctx.failOn === 'never' ? 'ℹ️ not gating' : failing.length > 0 ? `❌ ${failing.length} at or above ${ctx.failOn}` : '✅ passing';
  const lines: string[] = [
    `### bcaudit: ${verdict}`,
    '',
    `${markdownCode(result.inventory.file)} · ${result.dataSets.length} data sets, ${spof} lost by a single failure · ` +
      `policy ${markdownCode(ctx.policyName)} · risk groups up to ${result.maxOrder}`,
    '',
    '| data set | criticality | copies | independence | findings |',
    '|---|---|---:|---:|---:|',
  ];
  for (const ds of result.dataSets) {
    const count = open.filter((f) => f.dataSets.includes(ds.id)).length;
    const independence = ds.independence === null ? `> ${result.maxOrder}` : String(ds.independence);
    lines.push(`| ${markdownCode(ds.id)} | ${ds.criticality} | ${ds.copies} | ${independence} | ${count} |`);
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
  const waived = result.findings.filter((f) => f.suppression);
  if (waived.length > 0) lines.push('', `${waived.length} finding${waived.length === 1 ? '' : 's'} suppressed by waivers or the baseline.`);
  return `${lines.join('\n')}\n`;
};
