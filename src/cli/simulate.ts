// `bcaudit simulate <inventory> --fail EVENT [--fail ...]`: what these failures lose. Informational:
// exit 0 whatever is lost; 2 when the inventory or a named failure is wrong.
import { Command, Option } from 'commander';
import { buildFaultGraph } from '../model/build.js';
import type { Inventory } from '../inventory/types.js';
import { describeEvent } from '../model/describe.js';
import type { FaultGraph } from '../model/types.js';
import { gateSingles } from '../rules/singleFailures.js';
import type { ProbabilityOptions } from '../model/probability.js';
import type { SimulatedLoss } from '../report/simulation.js';
import { BUILTIN_POLICIES, DEFAULT_POLICY } from '../policy/builtin.js';
import { colorLevel } from '../report/colors.js';
import { plain } from '../report/sanitize.js';
import { SIMULATION_FORMAT_NAMES, type SimulationFormat } from '../report/formatNames.js';
import type { CommandContext } from './context.js';
import { UsageError } from './errors.js';
import { loadInventoryFile } from './loadInventoryFile.js';
import { emit } from './output.js';
import { loadPolicy } from './policyFiles.js';

interface SimulateOptions {
  fail?: string[];
  policy: string;
  format: SimulationFormat;
  output?: string;
}

/** --fail repeats; a value is taken whole (region and site names are free text and may hold commas). */
const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];

export function simulateCommand(ctx: CommandContext): Command {
  return new Command('simulate')
    .description('show which data sets are lost, degraded or untouched if the given things fail')
    .argument('<inventory>', 'inventory YAML file')
    .option(
      '--fail <event>',
      'a failure: an event id (account:do-main, identity:founder:compromised) or an entity id (do-main); repeatable',
      collect,
    )
    .option('--policy <name|file>', `the policy whose likelihoods give loss probabilities (${BUILTIN_POLICIES.join(', ')}, or a file)`, DEFAULT_POLICY)
    .addOption(new Option('-f, --format <format>', 'output format').choices(SIMULATION_FORMAT_NAMES).default('text'))
    .option('-o, --output <file>', 'write to a file (atomically) instead of standard output')
    .action(async (file: string, options: SimulateOptions) => {
      const { knownEvents, resolveEvent, simulate } = await import('../model/simulate.js');
      const { SIMULATION_FORMATS } = await import('../report/simulation.js');
      const names = options.fail ?? [];
      const inventory = loadInventoryFile(ctx, file);
      const policy = await loadPolicy(ctx, options.policy);
      const graph = buildFaultGraph(inventory);
      if (names.length === 0) {
        const tries = suggestedFailures(graph, inventory).map((t) => `\n  bcaudit simulate ${plain(file)} --fail ${plain(t.event)}   # ${plain(t.why)}`);
        throw new UsageError(`simulate needs at least one --fail <event>; from this inventory, try:${tries.join('')}`);
      }
      const known = knownEvents(graph, inventory);
      const failed: string[] = [];
      const problems: string[] = [];
      for (const name of names) {
        const resolved = resolveEvent(name, known, inventory);
        if (resolved.ok) failed.push(resolved.event);
        else if (resolved.reason === 'ambiguous') {
          problems.push(`'${plain(name)}' is ambiguous; name one of: ${resolved.candidates.join(', ')}`);
        } else {
          const close = resolved.suggestions.length > 0 ? `; close matches: ${resolved.suggestions.join(', ')}` : '';
          problems.push(`'${plain(name)}' is not a failure in ${file}${close}`);
        }
      }
      if (problems.length > 0) throw new UsageError(problems.join('\nbcaudit: '));
      const simulation = simulate(graph, failed);
      const { probabilityOptions } = await import('../audit.js');
      const probability = await simulatedLoss(graph, probabilityOptions(inventory, graph, policy, ctx.limits.maxBddNodes), failed);
      const color = options.output === undefined && options.format === 'text' ? colorLevel(ctx.io.env, ctx.io.stdoutIsTTY) : 0;
      emit(ctx.io, SIMULATION_FORMATS[options.format]({ simulation, graph, inventory, color, ...(probability ? { probability } : {}) }), options.output);
    });
}

/** Suggestions shown at most. */
const SUGGESTIONS = 4;

/**
 * Failures worth simulating in this inventory: those that alone lose the most data (the most
 * critical first), then one account, provider and admin, so a user sees the command on their own names.
 */
export function suggestedFailures(graph: FaultGraph, inv: Inventory): { event: string; why: string }[] {
  const rank: Record<string, number> = { critical: 3, high: 2, medium: 1, low: 0 };
  const loses = new Map<string, string[]>();
  for (const ds of graph.dataSets) {
    for (const e of gateSingles(graph, ds.gate)) loses.set(e, [...(loses.get(e) ?? []), ds.id]);
  }
  const weight = (ids: readonly string[]) => ids.reduce((n, id) => n + 4 ** rank[inv.stores.get(id)?.criticality ?? 'low']!, 0);
  const byImpact = [...loses].sort(([a, x], [b, y]) => weight(y) - weight(x) || (a < b ? -1 : a > b ? 1 : 0));
  const out = byImpact.slice(0, SUGGESTIONS).map(([event, ids]) => ({
    event,
    why: `alone loses ${ids.length > 3 ? `${ids.slice(0, 3).join(', ')} and ${ids.length - 3} more` : ids.join(', ')}`,
  }));
  // Nothing loses data alone: show the first account, provider and admin, as what-if questions.
  for (const event of graph.events) {
    if (out.length >= SUGGESTIONS) break;
    if (out.some((o) => o.event === event.id)) continue;
    if (['account', 'provider', 'identity-compromised', 'billing'].includes(event.kind) && !out.some((o) => o.event.split(':')[0] === event.id.split(':')[0])) {
      out.push({ event: event.id, why: describeEvent(event, inv) });
    }
  }
  return out;
}

/** Loss probabilities before and with the failures, under the policy's likelihoods. */
async function simulatedLoss(graph: FaultGraph, options: ProbabilityOptions | undefined, failed: readonly string[]): Promise<SimulatedLoss | undefined> {
  if (!options) return undefined;
  const { lossProbabilitiesGiven } = await import('../model/probability.js');
  const [before, after] = lossProbabilitiesGiven(graph, options, [[], failed]);
  const unavailable = before!.unavailable ?? after!.unavailable;
  return { policy: options.policy, before: before!, after: after!, ...(unavailable === null ? {} : { unavailable }) };
}
