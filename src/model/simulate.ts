// What-if simulation: which data sets a set of failed basic events loses. Pure.
//
// Evaluation is plain boolean propagation over the fault graph: a gate's inputs always come
// before it (FaultGraph.gates is topologically ordered), so one pass decides every gate.
import type { Inventory } from '../inventory/types.js';
import { editDistance } from '../util/suggest.js';
import type { FaultGraph } from './types.js';

/** Whether each gate fails (indexed like FaultGraph.gates) when exactly `failed` events occur. */
export function evaluateGates(graph: FaultGraph, failed: ReadonlySet<number>): boolean[] {
  const state = new Array<boolean>(graph.gates.length);
  for (const gate of graph.gates) {
    let value: boolean;
    if (gate.op === 'or') {
      value = gate.events.some((e) => failed.has(e)) || gate.gates.some((g) => state[g]!);
    } else {
      // An AND with no inputs never occurs in built graphs; treat it as the MEF constant `true`.
      value = gate.events.every((e) => failed.has(e)) && gate.gates.every((g) => state[g]!);
    }
    state[gate.index] = value;
  }
  return state;
}

export type DataSetOutcome = 'lost' | 'degraded' | 'untouched';

export interface CopyOutcome {
  /** `primary` for the primary copy, else the backup id. */
  copy: string;
  kind: 'primary' | 'backup';
  failed: boolean;
  /**
   * Failed events that alone fail this copy, in the order given; empty when the copy survives or
   * only the combination of several failed events takes it down.
   */
  causes: string[];
}

export interface DataSetSimulation {
  id: string;
  outcome: DataSetOutcome;
  copies: CopyOutcome[];
}

export interface SimulationResult {
  /** The failed events' ids, deduplicated, in the order given. */
  failed: string[];
  dataSets: DataSetSimulation[];
}

/**
 * Simulates the failure of the given events (ids of FaultGraph.events). Events the graph does not
 * contain are allowed (nothing depends on them) and simply change nothing.
 */
export function simulate(graph: FaultGraph, failedIds: readonly string[]): SimulationResult {
  const failed = [...new Set(failedIds)];
  const indices = failed.flatMap((id) => {
    const index = graph.eventIndex.get(id);
    return index === undefined ? [] : [index];
  });
  const all = evaluateGates(graph, new Set(indices));
  // What each failed event does alone, to name the causes of each failed copy.
  const alone = new Map<string, boolean[]>();
  for (const id of failed) {
    const index = graph.eventIndex.get(id);
    if (index !== undefined) alone.set(id, failed.length === 1 ? all : evaluateGates(graph, new Set([index])));
  }
  const causesOf = (gate: number): string[] => (all[gate] ? failed.filter((id) => alone.get(id)?.[gate] === true) : []);

  const dataSets = graph.dataSets.map((ds): DataSetSimulation => {
    const copies: CopyOutcome[] = [
      { copy: 'primary', kind: 'primary', failed: all[ds.primary]!, causes: causesOf(ds.primary) },
      ...ds.copies.map((c): CopyOutcome => ({ copy: c.backup, kind: 'backup', failed: all[c.gate]!, causes: causesOf(c.gate) })),
    ];
    const outcome: DataSetOutcome = all[ds.gate] ? 'lost' : copies.some((c) => c.failed) ? 'degraded' : 'untouched';
    return { id: ds.id, outcome, copies };
  });
  return { failed, dataSets };
}

// ---------------------------------------------------------------------------------------------
// Naming failures on the command line: event ids, or entity ids as shorthand.

/**
 * Every basic event the inventory can produce (DESIGN §3), whether or not anything depends on it:
 * the events of the fault graph, plus one or two per entity, plus every region and site named.
 */
export function knownEvents(graph: FaultGraph, inv: Inventory): Set<string> {
  const known = new Set(graph.events.map((e) => e.id));
  for (const id of inv.providers.keys()) known.add(`provider:${id}`);
  for (const id of inv.accounts.keys()) known.add(`account:${id}`);
  for (const id of inv.billing.keys()) known.add(`billing:${id}`);
  for (const id of inv.services.keys()) known.add(`service:${id}`);
  for (const id of inv.keys.keys()) known.add(`key:${id}`);
  for (const id of inv.stores.keys()) known.add(`store:${id}`);
  for (const id of inv.targets.keys()) known.add(`target:${id}`);
  for (const id of inv.backups.keys()) known.add(`backup:${id}`);
  for (const id of inv.identities.keys()) {
    known.add(`identity:${id}:lost`);
    known.add(`identity:${id}:compromised`);
  }
  for (const s of inv.stores.values()) if (s.site !== undefined) known.add(`site:${s.site}`);
  for (const t of inv.targets.values()) if (t.site !== undefined) known.add(`site:${t.site}`);
  return known;
}

export type EventResolution =
  | { ok: true; event: string }
  | { ok: false; reason: 'ambiguous'; candidates: string[] }
  | { ok: false; reason: 'unknown'; suggestions: string[] };

const PREFIX_OF_SECTION: Record<string, string> = {
  providers: 'provider',
  accounts: 'account',
  billing: 'billing',
  services: 'service',
  keys: 'key',
  stores: 'store',
  targets: 'target',
  backups: 'backup',
};

/**
 * Resolves what the user wrote to one basic event id. Accepted: an event id (`account:do-main`,
 * `identity:founder:compromised`, `region:digitalocean/ams3`); an entity id (`do-main` →
 * `account:do-main`); an identity with the kind of failure left out (`founder` or
 * `identity:founder`, ambiguous between `:lost` and `:compromised`); a site name; a region as
 * `provider/region` or, when only one provider has it, as the bare region name.
 */
export function resolveEvent(name: string, known: ReadonlySet<string>, inv: Inventory): EventResolution {
  if (known.has(name)) return { ok: true, event: name };
  const candidates = new Set<string>();
  const section = inv.sectionOf.get(name);
  if (section === 'identities') {
    candidates.add(`identity:${name}:lost`);
    candidates.add(`identity:${name}:compromised`);
  } else if (section !== undefined) {
    candidates.add(`${PREFIX_OF_SECTION[section]!}:${name}`);
  }
  const identityPrefix = /^identity:(.*)$/.exec(name);
  if (identityPrefix && inv.identities.has(identityPrefix[1]!)) {
    candidates.add(`identity:${identityPrefix[1]!}:lost`);
    candidates.add(`identity:${identityPrefix[1]!}:compromised`);
  }
  for (const event of known) {
    if (event === `site:${name}` || event === `region:${name}`) candidates.add(event);
    if (event.startsWith('region:') && event.endsWith(`/${name}`)) candidates.add(event);
  }
  const list = [...candidates].filter((c) => known.has(c)).sort();
  if (list.length === 1) return { ok: true, event: list[0]! };
  if (list.length > 1) return { ok: false, reason: 'ambiguous', candidates: list };
  return { ok: false, reason: 'unknown', suggestions: closeMatches(name, known) };
}

/** Up to five events (or entity ids) spelled like `name`, closest first. */
function closeMatches(name: string, known: ReadonlySet<string>): string[] {
  const limit = Math.max(2, Math.floor(name.length / 3));
  const scored = new Map<string, number>();
  const consider = (against: string, event: string) => {
    const d = editDistance(name, against, limit);
    if (d <= limit) scored.set(event, Math.min(d, scored.get(event) ?? Infinity));
  };
  for (const event of known) {
    consider(event, event);
    // Compare a bare name with the event's subject too: `do-mian` is close to `account:do-main`.
    const subject = event.replace(/^[a-z]+:/, '').replace(/:(lost|compromised)$/, '');
    consider(subject, event);
  }
  // A substring match ("founder" inside "identity:founder-2:lost") is close as well.
  if (name.length >= 3) for (const event of known) if (event.includes(name) && !scored.has(event)) scored.set(event, limit);
  return [...scored.entries()]
    .sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .slice(0, 5)
    .map(([event]) => event);
}
