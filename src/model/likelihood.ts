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

/** Annual probability of every basic event of the graph, by event id. */
export function eventLikelihoods(graph: FaultGraph, inv: Inventory, table: LikelihoodTable): Map<string, number> {
  return new Map(
    graph.events.map((e) => [e.id, entityLikelihood(inv, e.kind, e.subject) ?? table.byEvent.get(e.id) ?? table.byKind[e.kind]]),
  );
}
