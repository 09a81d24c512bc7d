// Basic events and risk groups in words a non-engineer understands.
import type { Inventory } from '../inventory/types.js';
import type { BasicEvent, FaultGraph } from './types.js';

const BILLING_FAILURE: Record<string, string> = {
  card: 'declined',
  invoice: 'unpaid',
  prepaid: 'runs out',
};

export function describeEvent(event: BasicEvent, inv: Inventory): string {
  const s = event.subject;
  switch (event.kind) {
    case 'provider':
      return `provider ${s} fails or acts against you`;
    case 'account':
      return `account ${s} suspended or closed`;
    case 'billing': {
      const kind = inv.billing.get(s)?.kind ?? 'card';
      const paid = inv.accountsPaidBy.get(s) ?? [];
      const pays = paid.length > 0 ? ` (it pays ${paid.join(', ')})` : '';
      return `${kind === 'card' ? 'card' : `${kind} billing`} ${s} ${BILLING_FAILURE[kind] ?? 'fails'}${pays}`;
    }
    case 'region': {
      // Region names are free text and may hold a '/'; the provider id cannot.
      const slash = s.indexOf('/');
      const [provider, region] = slash >= 0 ? [s.slice(0, slash), s.slice(slash + 1)] : [undefined, s];
      return provider ? `region ${region} of ${provider} lost` : `region ${region} lost`;
    }
    case 'site':
      return `site ${s} lost (fire, flood, power)`;
    case 'service':
      return `service ${s} unavailable`;
    case 'identity-lost':
      return inv.identities.get(s)?.kind === 'person' ? `${s} leaves or loses access` : `credential ${s} lost`;
    case 'identity-compromised':
      return `${s}'s credentials stolen`;
    case 'key':
      return `key ${s} destroyed`;
    case 'store':
      return `${s} itself corrupted or deleted by mistake`;
    case 'target':
      return `backup target ${s} fails`;
    case 'backup':
      return `backup job ${s} silently fails`;
  }
}

/** Describes an event id of the graph; unknown ids are returned as they are. */
export function describeEventId(id: string, graph: FaultGraph, inv: Inventory): string {
  const index = graph.eventIndex.get(id);
  return index === undefined ? id : describeEvent(graph.events[index]!, inv);
}

export function describeGroup(group: readonly string[], graph: FaultGraph, inv: Inventory): string {
  return group.map((id) => describeEventId(id, graph, inv)).join(' + ');
}
