// Formatters of `bcaudit simulate`: what a set of failures loses, keeps degraded, leaves alone.
import type { Criticality, Inventory } from '../inventory/types.js';
import { describeEvent } from '../model/describe.js';
import type { DataSetSimulation, SimulationResult } from '../model/simulate.js';
import type { LossProbabilities } from '../model/lossFigures.js';
import type { FaultGraph } from '../model/types.js';
import { assumptionNote, precisePercent } from './likelihoodWords.js';
import { palette } from './colors.js';
import type { SimulationFormat } from './formatNames.js';
import { jsonSafe, markdownCode, markdownText, plain } from './sanitize.js';

/** 2 added `probability` (README "simulate --format json"); nothing of 1 changed. */
export const SIMULATION_JSON_VERSION = 2;

/** Loss probabilities without and with the simulated failures, under a policy's likelihoods. */
export interface SimulatedLoss {
  policy: string;
  before: LossProbabilities;
  after: LossProbabilities;
  /** Why the figures shown as unknown are unknown (their exact computation is over the node budget). */
  unavailable?: string;
}

export interface SimulationFormatContext {
  simulation: SimulationResult;
  graph: FaultGraph;
  inventory: Inventory;
  color: 0 | 1 | 2 | 3;
  /** Absent when the policy sets no likelihoods. */
  probability?: SimulatedLoss;
}

export type SimulationFormatter = (ctx: SimulationFormatContext) => string;

const CRITICALITY_RANK: Record<Criticality, number> = { critical: 3, high: 2, medium: 1, low: 0 };

function describeFailure(id: string, graph: FaultGraph, inv: Inventory): string {
  const index = graph.eventIndex.get(id);
  return index === undefined ? `${id} (nothing in the inventory depends on it)` : `${id}: ${describeEvent(graph.events[index]!, inv)}`;
}

/** Data sets of one outcome, most critical first, then in inventory order. */
function byOutcome(ctx: SimulationFormatContext, outcome: DataSetSimulation['outcome']): DataSetSimulation[] {
  const order = new Map(ctx.simulation.dataSets.map((d, i) => [d.id, i]));
  const crit = (d: DataSetSimulation) => CRITICALITY_RANK[ctx.inventory.stores.get(d.id)!.criticality];
  return ctx.simulation.dataSets.filter((d) => d.outcome === outcome).sort((a, b) => crit(b) - crit(a) || order.get(a.id)! - order.get(b.id)!);
}

/** `primary copy` or `backup nightly (at target t)`. */
function copyName(copy: DataSetSimulation['copies'][number], inv: Inventory): string {
  if (copy.kind === 'primary') return 'primary copy';
  const backup = inv.backups.get(copy.copy);
  return backup ? `${backup.mode} ${copy.copy} (at ${backup.to})` : copy.copy;
}

function causeText(copy: DataSetSimulation['copies'][number]): string {
  if (!copy.failed) return '';
  return copy.causes.length > 0 ? ` ← ${copy.causes.join(', ')}` : ' ← the failures together';
}

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

export const formatSimulationText: SimulationFormatter = (ctx) => {
  const c = palette(ctx.color);
  const inv = ctx.inventory;
  const lines: string[] = [];
  const title = [inv.name === undefined ? undefined : plain(inv.name), plain(inv.file)].filter(Boolean).join(' · ');
  lines.push(`${c.bold('bcaudit simulate')} · ${title}`, '', c.bold('If these fail:'));
  for (const id of ctx.simulation.failed) lines.push(`  - ${plain(describeFailure(id, ctx.graph, inv))}`);
  lines.push('');

  const lost = byOutcome(ctx, 'lost');
  const degraded = byOutcome(ctx, 'degraded');
  const untouched = byOutcome(ctx, 'untouched');
  const crit = (id: string) => inv.stores.get(id)!.criticality;

  lines.push(c.bold.red(`LOST (${lost.length}): every copy is gone`));
  if (lost.length === 0) lines.push(c.dim('  none'));
  for (const d of lost) {
    lines.push(`  ${c.red('✗')} ${d.id} (${crit(d.id)})`);
    for (const copy of d.copies) lines.push(c.dim(`      ${plain(copyName(copy, inv))}${causeText(copy)}`));
  }
  lines.push('', c.bold.yellow(`DEGRADED (${degraded.length}): some copies are gone, the data survives`));
  if (degraded.length === 0) lines.push(c.dim('  none'));
  for (const d of degraded) {
    const left = d.copies.filter((x) => !x.failed);
    lines.push(`  ${c.yellow('!')} ${d.id} (${crit(d.id)}): ${plural(left.length, 'copy', 'copies')} of ${d.copies.length} left`);
    for (const copy of d.copies) {
      const mark = copy.failed ? c.red('lost') : c.green('left');
      lines.push(`      ${mark} ${plain(copyName(copy, inv))}${c.dim(causeText(copy))}`);
    }
  }
  lines.push('', c.bold.green(`UNTOUCHED (${untouched.length})`));
  lines.push(untouched.length === 0 ? c.dim('  none') : `  ${untouched.map((d) => d.id).join(', ')}`);
  lines.push('', `${c.bold('Summary:')} ${lost.length} lost, ${degraded.length} degraded, ${untouched.length} untouched.`);
  const p = ctx.probability;
  if (p) {
    lines.push('', c.bold('Annual loss probability, now → with these failures:'));
    lines.push(`  ${scopeName(p.before.scope)}: ${percentOrUnknown(p.before.critical)} → ${percentOrUnknown(p.after.critical)}`);
    for (const d of ordered(ctx)) {
      lines.push(`  ${d.id}: ${percentOrUnknown(p.before.dataSets.get(d.id))} → ${percentOrUnknown(p.after.dataSets.get(d.id))}`);
    }
    lines.push(c.dim(`  ${plain(assumptionNote(p.policy))}`));
    if (p.unavailable) lines.push(c.yellow(`  unknown: ${plain(p.unavailable)}`));
  }
  return `${lines.join('\n')}\n`;
};

/** A probability, or `unknown` when its exact computation was over the node budget. */
const percentOrUnknown = (p: number | null | undefined): string => (p === null || p === undefined ? 'unknown' : precisePercent(p));

/** Every data set: lost first, then degraded, then untouched, each most critical first. */
function ordered(ctx: SimulationFormatContext): DataSetSimulation[] {
  return [...byOutcome(ctx, 'lost'), ...byOutcome(ctx, 'degraded'), ...byOutcome(ctx, 'untouched')];
}

const scopeName = (scope: 'critical' | 'all'): string => (scope === 'critical' ? 'any critical data set' : 'any data set (none is critical)');

export const formatSimulationJson: SimulationFormatter = (ctx) => {
  const inv = ctx.inventory;
  const count = (o: DataSetSimulation['outcome']) => ctx.simulation.dataSets.filter((d) => d.outcome === o).length;
  const document = {
    version: SIMULATION_JSON_VERSION,
    inventory: { file: inv.file, name: inv.name ?? null },
    failed: ctx.simulation.failed.map((id) => {
      const index = ctx.graph.eventIndex.get(id);
      return { id, description: index === undefined ? null : describeEvent(ctx.graph.events[index]!, inv), inGraph: index !== undefined };
    }),
    datasets: ctx.simulation.dataSets.map((d) => ({
      id: d.id,
      criticality: inv.stores.get(d.id)!.criticality,
      outcome: d.outcome,
      copies: d.copies.map((c) => ({
        copy: c.copy,
        kind: c.kind,
        ...(c.kind === 'backup' ? { target: inv.backups.get(c.copy)?.to ?? null } : {}),
        failed: c.failed,
        causes: c.causes,
      })),
    })),
    summary: { lost: count('lost'), degraded: count('degraded'), untouched: count('untouched') },
    probability: probabilityJson(ctx.probability),
  };
  return `${jsonSafe(JSON.stringify(document, null, 2))}\n`;
};

/** Loss probabilities now and with the failures; null without likelihoods. */
function probabilityJson(p: SimulatedLoss | undefined) {
  if (!p) return null;
  return {
    policy: p.policy,
    scope: p.before.scope,
    lossProbability: { before: p.before.critical, after: p.after.critical },
    datasets: [...p.before.dataSets].map(([id, before]) => ({ id, before, after: p.after.dataSets.get(id) ?? null })),
    unavailable: p.unavailable ?? null,
  };
}

export const formatSimulationMarkdown: SimulationFormatter = (ctx) => {
  const inv = ctx.inventory;
  const lines: string[] = [`### What if ${ctx.simulation.failed.map((id) => markdownCode(id)).join(' and ')} ${ctx.simulation.failed.length === 1 ? 'fails' : 'fail'}?`, ''];
  for (const id of ctx.simulation.failed) lines.push(`- ${markdownText(describeFailure(id, ctx.graph, inv))}`);
  lines.push('', '| Data set | Criticality | Outcome | Copies lost | Copies left |', '|---|---|---|---|---|');
  const all = ordered(ctx);
  const word = { lost: '**lost**', degraded: 'degraded', untouched: 'untouched' } as const;
  for (const d of all) {
    const names = (failed: boolean) =>
      d.copies
        .filter((c) => c.failed === failed)
        .map((c) => markdownText(copyName(c, inv)))
        .join('<br>') || '—';
    lines.push(`| ${markdownText(d.id)} | ${inv.stores.get(d.id)!.criticality} | ${word[d.outcome]} | ${names(true)} | ${names(false)} |`);
  }
  const count = (o: DataSetSimulation['outcome']) => all.filter((d) => d.outcome === o).length;
  lines.push('', `${count('lost')} lost, ${count('degraded')} degraded, ${count('untouched')} untouched.`);
  const p = ctx.probability;
  if (p) {
    lines.push('', '| Annual loss probability | Now | With these failures |', '|---|---|---|');
    lines.push(`| ${scopeName(p.before.scope)} | ${percentOrUnknown(p.before.critical)} | ${percentOrUnknown(p.after.critical)} |`);
    for (const d of all) lines.push(`| ${markdownText(d.id)} | ${percentOrUnknown(p.before.dataSets.get(d.id))} | ${percentOrUnknown(p.after.dataSets.get(d.id))} |`);
    lines.push('', `_${markdownText(assumptionNote(p.policy))}_`);
    if (p.unavailable) lines.push('', `_unknown: ${markdownText(p.unavailable)}_`);
  }
  return `${lines.join('\n')}\n`;
};

export const SIMULATION_FORMATS = {
  text: formatSimulationText,
  json: formatSimulationJson,
  markdown: formatSimulationMarkdown,
} satisfies Record<SimulationFormat, SimulationFormatter>;
