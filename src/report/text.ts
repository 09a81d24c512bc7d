// `check --format text`: for a person at a terminal who is not a risk engineer.
import type { AuditResult, DataSetResult } from '../audit.js';
import type { BaselineComparison } from '../policy/baseline.js';
import { describeGroup } from '../model/describe.js';
import { failsRun } from '../policy/gate.js';
import { SEVERITIES, type Finding, type Severity } from '../rules/types.js';
import { paintSeverity, palette } from './colors.js';
import { plain } from './sanitize.js';
import { allFindings, type Formatter } from './types.js';

/** Risk groups shown per data set when --top is not given. */
const DEFAULT_SHOWN_GROUPS = 5;

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export const formatText: Formatter = (ctx) => {
  const c = palette(ctx.color);
  const sections = ctx.results.map((result) => inventorySection(result, ctx, c));
  const lines = [...sections.flat()];
  if (ctx.baseline) lines.push(baselineLine(ctx.baseline, c));
  lines.push(summaryLine(ctx, c));
  return `${lines.join('\n')}\n`;
};

function inventorySection(result: AuditResult, ctx: Parameters<Formatter>[0], c: ReturnType<typeof palette>): string[] {
  const inv = result.inventory;
  const shown = ctx.top ?? DEFAULT_SHOWN_GROUPS;
  const lines: string[] = [];
  const title = [inv.name ? plain(inv.name) : undefined, plain(inv.file), `policy ${ctx.policyName}`, `risk groups up to ${result.maxOrder} failures`];
  lines.push(c.bold('bcaudit') + ' · ' + title.filter(Boolean).join(' · '), '');

  const findingsOf = new Map<string, Finding[]>();
  const general: Finding[] = [];
  for (const f of result.findings) {
    const owner = f.dataSets.length === 1 ? f.dataSets[0]! : undefined;
    if (owner === undefined) general.push(f);
    else findingsOf.set(owner, [...(findingsOf.get(owner) ?? []), f]);
  }

  const findingLines = (f: Finding): string[] => {
    const label = paintSeverity(c, f.severity, f.severity.toUpperCase().padEnd(8));
    const muted = f.suppression ? c.dim(` (suppressed: ${plain(f.suppression.justification)})`) : '';
    return [
      `  ${label} ${plain(f.message)}${muted}`,
      c.dim(`           ${plain(f.pos.file)}:${f.pos.line}:${f.pos.column} · ${plain(f.id)}`),
      `           ${c.green('fix:')} ${plain(f.remediation)}`,
    ];
  };

  for (const ds of result.dataSets) {
    lines.push(dataSetHeader(ds, c, result.maxOrder));
    for (const f of findingsOf.get(ds.id) ?? []) lines.push(...findingLines(f));
    if (ds.riskGroups.length > 0 && shown > 0) {
      lines.push(c.dim(`  Ways to lose it (${plural(ds.riskGroups.length, 'risk group')} up to ${result.maxOrder} failures, smallest first):`));
      ds.riskGroups.slice(0, shown).forEach((group, i) => {
        lines.push(`    ${i + 1}. ${plain(describeGroup(group, result.graph, inv))}`);
      });
      const more = ds.riskGroups.length - shown;
      if (more > 0) lines.push(c.dim(`    … and ${more} more (--format json lists them all)`));
    }
    lines.push('');
  }

  if (general.length > 0) {
    lines.push(c.bold('Other findings'));
    for (const f of general) lines.push(...findingLines(f));
    lines.push('');
  }
  return lines;
}

function baselineLine(b: BaselineComparison, c: ReturnType<typeof palette>): string {
  const fixed = b.fixed.length === 0 ? '' : `; ${c.green(`${plural(b.fixed.length, 'finding')} fixed since`)}: ${b.fixed.slice(0, 5).map((e) => plain(e.id)).join(', ')}${b.fixed.length > 5 ? ', …' : ''}`;
  return `${c.bold('Baseline')} ${plain(b.file)}: ${b.added} new, ${b.unchanged} already known${fixed}.`;
}

function dataSetHeader(ds: DataSetResult, c: ReturnType<typeof palette>, maxOrder: number): string {
  const facts = [ds.criticality, plural(ds.copies, 'copy', 'copies')];
  let verdict: string;
  if (ds.independence === null) verdict = c.green(`✓ ${ds.id}`);
  else if (ds.independence === 1) verdict = c.bold.red(`✗ ${ds.id}`);
  else verdict = c.yellow(`! ${ds.id}`);
  if (ds.independence === null) facts.push(`survives any ${maxOrder} failures`);
  else if (ds.independence === 1) {
    const single = ds.riskGroups.filter((g) => g.length === 1).length;
    facts.push(`lost by a single failure (${plural(single, 'single point', 'single points')} of failure)`);
  } else facts.push(`lost only when ${ds.independence} things fail together`);
  return `${c.bold(verdict)}  ${c.dim(facts.join(' · '))}`;
}

function summaryLine(ctx: Parameters<Formatter>[0], c: ReturnType<typeof palette>): string {
  const result = { findings: allFindings(ctx), dataSets: ctx.results.flatMap((r) => r.dataSets) };
  const counts = new Map<Severity, number>(SEVERITIES.map((s) => [s, 0]));
  for (const f of result.findings) if (!f.suppression) counts.set(f.severity, counts.get(f.severity)! + 1);
  const bySeverity = SEVERITIES.filter((s) => counts.get(s)! > 0)
    .map((s) => paintSeverity(c, s, `${counts.get(s)} ${s}`))
    .join(', ');
  const spof = result.dataSets.filter((d) => d.independence === 1).length;
  const suppressed = result.findings.filter((f) => f.suppression).length;
  const failing = result.findings.filter((f) => f.suppression === undefined && failsRun(f, ctx.failOn)).length;
  const parts = [
    `${ctx.results.length > 1 ? `${ctx.results.length} inventories, ` : ''}${plural(result.dataSets.length, 'data set')}, ${spof} lost by a single failure`,
    result.findings.length - suppressed === 0 ? 'no findings' : `findings: ${bySeverity}`,
  ];
  if (suppressed > 0) parts.push(`${suppressed} suppressed`);
  const gate =
    ctx.failOn === 'never'
      ? 'not failing on findings (--fail-on never)'
      : failing > 0
        ? c.red(`${plural(failing, 'finding')} at or above ${ctx.failOn}: failing`)
        : c.green(`nothing at or above ${ctx.failOn}: passing`);
  return `${c.bold('Summary:')} ${parts.join('; ')}. ${gate}.`;
}
