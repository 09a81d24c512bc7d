// `check --format text`: for a person at a terminal who is not a risk engineer. The summary comes
// first, then (with likelihoods) the few changes that cut the loss probability most, then the
// findings grouped by root cause, worst first, then each data set and its ways to be lost.
import type { AuditResult, DataSetResult } from '../audit.js';
import type { BaselineComparison } from '../policy/baseline.js';
import { describeGroup } from '../model/describe.js';
import { singlePointCount } from '../model/riskGroups.js';
import { failsRun } from '../policy/gate.js';
import { SEVERITIES, type Finding, type Severity } from '../rules/types.js';
import { paintSeverity, palette } from './colors.js';
import { assumptionNote, perYear, percent, unavailableNote } from './likelihoodWords.js';
import {
  compareDataSets,
  fixFirstChanges,
  groupByRootCause,
  groupCount,
  groupFix,
  groupHeadline,
  scopeWords,
  type CauseGroup,
} from './rootCauses.js';
import { plain } from './sanitize.js';
import { allFindings, type FormatContext, type Formatter } from './types.js';
import { firstInOrder } from '../util/order.js';

/** Risk groups shown per data set when --top is not given. */
const DEFAULT_SHOWN_GROUPS = 5;
/** Changes listed under "Fix first". */
const FIX_FIRST = 3;
/** Finding ids printed per root cause before "and N more". */
const IDS_SHOWN = 3;

type Paint = ReturnType<typeof palette>;

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export const formatText: Formatter = (ctx) => {
  const c = palette(ctx.color);
  const lines = [summaryLine(ctx, c)];
  if (ctx.baseline) lines.push(baselineLine(ctx.baseline, c, ctx.showBaselined === true));
  lines.push('');
  for (const result of ctx.results) lines.push(...inventorySection(result, ctx, c));
  return `${lines.join('\n').trimEnd()}\n`;
};

function inventorySection(result: AuditResult, ctx: FormatContext, c: Paint): string[] {
  const inv = result.inventory;
  const title = [inv.name ? plain(inv.name) : undefined, plain(inv.file), `policy ${ctx.policyName}`, `risk groups up to ${result.maxOrder} failures`];
  const lines: string[] = [c.bold('bcaudit') + ' · ' + title.filter(Boolean).join(' · '), ''];

  lines.push(...fixFirstSection(result, c));

  const groups = groupByRootCause(result);
  const open = groups.filter((g) => g.state === 'open');
  const known = groups.filter((g) => g.state === 'baselined');
  const waived = groups.filter((g) => g.state === 'waived');
  const count = (list: CauseGroup[]) => list.reduce((n, g) => n + g.findings.length, 0);
  if (open.length > 0) {
    const heading = ctx.baseline ? 'New findings' : 'Findings';
    lines.push(c.bold(`${heading}, worst first (${plural(count(open), 'finding')}, ${plural(open.length, 'cause')})`));
    for (const g of open) lines.push(...groupLines(g, result, c, ctx.baseline ? c.bold.magenta('NEW ') : ''));
    lines.push('');
  } else if (groups.length === 0 || !ctx.baseline) {
    lines.push(c.green('No findings.'), '');
  } else {
    lines.push(c.green('No new findings.'), '');
  }
  if (known.length > 0) {
    if (ctx.showBaselined) {
      lines.push(c.bold(`Already in the baseline (${plural(count(known), 'finding')})`));
      for (const g of known) lines.push(...groupLines(g, result, c, ''));
      lines.push('');
    } else {
      lines.push(c.dim(`${plural(count(known), 'finding is', 'findings are')} already in the baseline and not listed (--show-baselined lists them).`), '');
    }
  }
  if (waived.length > 0) {
    lines.push(c.bold(`Accepted by waivers (${plural(count(waived), 'finding')})`));
    for (const g of waived) lines.push(...groupLines(g, result, c, ''));
    lines.push('');
  }

  lines.push(c.bold('Data sets'));
  const shown = ctx.top ?? DEFAULT_SHOWN_GROUPS;
  for (const ds of [...result.dataSets].sort(compareDataSets)) {
    lines.push(dataSetHeader(ds, c, result.maxOrder));
    lines.push(...riskGroupLines(ds, result, shown, c));
  }
  if (result.probability && result.dataSets.some((d) => d.lossProbability !== undefined)) lines.push('', c.dim(assumptionNote(result.probability.policy)));
  const unknown = unavailableNote(result.probability);
  if (unknown) lines.push(c.yellow(plain(unknown)));
  lines.push('');
  return lines;
}

function fixFirstSection(result: AuditResult, c: Paint): string[] {
  const changes = fixFirstChanges(result, FIX_FIRST);
  if (changes.length === 0 || !result.probability) return [];
  const scope = scopeWords(result);
  const lines = [c.bold(`Fix first (chance to lose ${scope} within a year: ${percent(changes[0]!.before)})`)];
  changes.forEach((f, i) => {
    lines.push(`  ${i + 1}. ${plain(f.change)}: ${percent(f.before)} → ${c.green(percent(f.after))}`);
  });
  lines.push(c.dim(`  ${assumptionNote(result.probability.policy)}`), '');
  return lines;
}

function groupLines(g: CauseGroup, result: AuditResult, c: Paint, mark: string): string[] {
  const label = paintSeverity(c, g.severity, g.severity.toUpperCase().padEnd(8));
  const first = g.findings[0]!;
  const accepted = acceptedWords(first);
  const likely = g.lossProbability === undefined || g.event === undefined ? '' : c.dim(` (${perYear(g.lossProbability)})`);
  const ids = g.findings.slice(0, IDS_SHOWN).map((f) => plain(f.id));
  const more = g.findings.length - IDS_SHOWN;
  const where = `${plain(first.pos.file)}:${first.pos.line}:${first.pos.column}`;
  const counted = g.findings.length > 1 ? `${groupCount(g)} · ` : '';
  return [
    `  ${mark}${label} ${plain(groupHeadline(g, result))}${likely}${accepted ? c.dim(` (${accepted})`) : ''}`,
    `           ${c.green('fix:')} ${plain(groupFix(g, result.inventory))}`,
    c.dim(`           ${counted}${where} · ${ids.join(', ')}${more > 0 ? `, and ${more} more` : ''}`),
  ];
}

/** "accepted by tom until 2026-12-31: reason" for a waived finding. */
export function acceptedWords(f: Finding): string {
  const s = f.suppression;
  if (s?.kind !== 'waiver') return '';
  return `accepted by ${s.owner ?? 'a waiver'}${s.expires === undefined ? '' : ` until ${s.expires}`}: ${s.justification}`;
}

function riskGroupLines(ds: DataSetResult, result: AuditResult, shown: number, c: Paint): string[] {
  // Read packed: ids only for the groups shown.
  const groups = ds.packedRiskGroups;
  if (groups.count === 0 || shown <= 0) return [];
  const probs = ds.riskGroupProbabilities;
  // Most probable first when likelihoods exist; otherwise smallest first, as computed.
  const order = probs
    ? firstInOrder(groups.count, shown, (a, b) => probs[b]! - probs[a]! || groups.sizeOf(a) - groups.sizeOf(b) || a - b)
    : Array.from({ length: Math.min(shown, groups.count) }, (_, i) => i);
  const how = probs ? 'most probable first' : 'smallest first';
  const lines = [c.dim(`    Ways to lose it (${plural(groups.count, 'risk group')} up to ${result.maxOrder} failures, ${how}):`)];
  order.forEach((index, i) => {
    const p = probs ? c.dim(` (${perYear(probs[index]!)})`) : '';
    lines.push(`      ${i + 1}. ${plain(describeGroup(groups.group(index), result.graph, result.inventory))}${p}`);
  });
  const more = groups.count - shown;
  if (more > 0) lines.push(c.dim(`      … and ${more} more (--format json lists them all)`));
  return lines;
}

function baselineLine(b: BaselineComparison, c: Paint, shown: boolean): string {
  const fixed = b.fixed.length === 0 ? '' : `; ${c.green(`${plural(b.fixed.length, 'finding')} fixed since`)}: ${b.fixed.slice(0, 5).map((e) => plain(e.id)).join(', ')}${b.fixed.length > 5 ? ', …' : ''}`;
  const hint = b.unchanged > 0 && !shown ? ' (--show-baselined lists them)' : '';
  return `${c.bold('Baseline')} ${plain(b.file)}: ${b.added} new, ${b.unchanged} already known${hint}${fixed}.`;
}

function dataSetHeader(ds: DataSetResult, c: Paint, maxOrder: number): string {
  const facts = [ds.criticality, plural(ds.copies, 'copy', 'copies')];
  let verdict: string;
  if (ds.independence === null) verdict = c.green(`✓ ${ds.id}`);
  else if (ds.independence === 1) verdict = c.bold.red(`✗ ${ds.id}`);
  else verdict = c.yellow(`! ${ds.id}`);
  if (ds.independence === null) facts.push(`survives any ${maxOrder} failures`);
  else if (ds.independence === 1) {
    const single = singlePointCount(ds.packedRiskGroups);
    facts.push(`lost by a single failure (${plural(single, 'single point', 'single points')} of failure)`);
  } else facts.push(`lost only when ${ds.independence} things fail together`);
  if (ds.lossProbability !== undefined) facts.push(`chance of loss ${perYear(ds.lossProbability)}`);
  else if (ds.lossProbabilityUnavailable !== undefined) facts.push('chance of loss unknown (see below)');
  return `  ${c.bold(verdict)}  ${c.dim(facts.join(' · '))}`;
}

function summaryLine(ctx: FormatContext, c: Paint): string {
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
