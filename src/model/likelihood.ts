// Annual probability of every basic event (DESIGN §3 "Likelihood"): the entity's own
// `likelihood:` when it gives one, else the policy's figure for the place (regions and sites have
// no entity), else the policy's default for the event's class. Pure.
import type { Inventory } from '../inventory/types.js';
import type { EventKind, FaultGraph } from './types.js';

/** Every class of basic event, in the order of DESIGN §3's table. */
export const EVENT_KINDS: readonly EventKind[] = [
  'provider',
  'account',
  'billing',
  'region',
  'site',
  'service',
  'identity-lost',
  'identity-compromised',
  'key',
  'store',
  'target',
  'backup',
];

/** The likelihoods a policy sets. */
export interface LikelihoodTable {
  /** Default annual probability per event class. */
  byKind: Readonly<Record<EventKind, number>>;
  /** Figures for single regions and sites, by event id (`region:aws/us-east-1`, `site:office`). */
  byEvent: ReadonlyMap<string, number>;
}

/** The probability the inventory itself gives an event, from the entity it belongs to. */
function entityLikelihood(inv: Inventory, kind: EventKind, subject: string): number | undefined {
  switch (kind) {
    case 'provider':
      return inv.providers.get(subject)?.likelihood;
    case 'account':
      return inv.accounts.get(subject)?.likelihood;
    case 'billing':
      return inv.billing.get(subject)?.likelihood;
    case 'service':
      return inv.services.get(subject)?.likelihood;
    case 'identity-lost':
      return inv.identities.get(subject)?.likelihood?.lost;
    case 'identity-compromised':
      return inv.identities.get(subject)?.likelihood?.compromised;
    case 'key':
      return inv.keys.get(subject)?.likelihood;
    case 'store':
      return inv.stores.get(subject)?.likelihood;
    case 'target':
      return inv.targets.get(subject)?.likelihood;
    case 'backup':
      return inv.backups.get(subject)?.likelihood;
    case 'region':
    case 'site':
      return undefined;
  }
}

/** The event classes some entity of the inventory gives its own likelihood: only their events are looked up. */
function classesWithEntityLikelihoods(inv: Inventory): Set<EventKind> {
  const classes = new Set<EventKind>();
  const scan = (kind: EventKind, entities: Iterable<{ likelihood?: number }>) => {
    for (const e of entities) {
      if (e.likelihood !== undefined) {
        classes.add(kind);
        return;
      }
    }
  };
  scan('provider', inv.providers.values());
  scan('account', inv.accounts.values());
  scan('billing', inv.billing.values());
  scan('service', inv.services.values());
  scan('key', inv.keys.values());
  scan('store', inv.stores.values());
  scan('target', inv.targets.values());
  scan('backup', inv.backups.values());
  for (const identity of inv.identities.values()) {
    if (identity.likelihood?.lost !== undefined) classes.add('identity-lost');
    if (identity.likelihood?.compromised !== undefined) classes.add('identity-compromised');
  }
  return classes;
}

/**
 * Annual probability of every basic event of a graph: an array indexed like FaultGraph.events,
 * readable as a map by event id. The computation reads the array; a map of 100,000 ids would
 * cost more to build than the computation spends on those events.
 */
export class EventProbabilities implements ReadonlyMap<string, number> {
  constructor(
    readonly graph: FaultGraph,
    /** Indexed like graph.events. */
    readonly byIndex: Float64Array,
  ) {}

  get size(): number {
    return this.byIndex.length;
  }

  get(id: string): number | undefined {
    const i = this.graph.eventIndex.get(id);
    return i === undefined ? undefined : this.byIndex[i];
  }

  has(id: string): boolean {
    return this.graph.eventIndex.has(id);
  }

  *entries(): MapIterator<[string, number]> {
    for (const e of this.graph.events) yield [e.id, this.byIndex[e.index]!];
  }

  *keys(): MapIterator<string> {
    for (const e of this.graph.events) yield e.id;
  }

  *values(): MapIterator<number> {
    for (const e of this.graph.events) yield this.byIndex[e.index]!;
  }

  [Symbol.iterator](): MapIterator<[string, number]> {
    return this.entries();
  }

  forEach(callback: (value: number, key: string, map: ReadonlyMap<string, number>) => void): void {
    for (const e of this.graph.events) callback(this.byIndex[e.index]!, e.id, this);
  }
}

/** Annual probability of every basic event of the graph. */
export function eventLikelihoods(graph: FaultGraph, inv: Inventory, table: LikelihoodTable): EventProbabilities {
  const overridden = classesWithEntityLikelihoods(inv);
  const byIndex = new Float64Array(graph.events.length);
  for (const e of graph.events) {
    const own = overridden.has(e.kind) ? entityLikelihood(inv, e.kind, e.subject) : undefined;
    byIndex[e.index] = own ?? (table.byEvent.size > 0 ? table.byEvent.get(e.id) : undefined) ?? table.byKind[e.kind];
  }
  return new EventProbabilities(graph, byIndex);
}
