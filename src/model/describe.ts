// Basic events and risk groups in words a non-engineer understands.
import type { Inventory } from '../inventory/types.js';
import type { BasicEvent, FaultGraph } from './types.js';

const BILLING_FAILURE: Record<string, string> = {
  card: 'declined',
  invoice: 'unpaid',
  prepaid: 'runs out',
};

/**
 * An entity's kind and id in words, without saying the kind twice: `card visa-ops`, but
 * `company-card` (not "card company-card") and `status-page` (not "status-page status-page").
 */
export function named(kind: string, id: string): string {
  const kindWord = kind.split(/[\s_-]+/).at(-1)!.toLowerCase();
  const idWords = id.toLowerCase().split(/[^a-z0-9]+/);
  return idWords.includes(kindWord) ? id : `${kind} ${id}`;
}

/** A provider by name; one of kind `self` is the user's own infrastructure, not a company that "acts against you". */
export function providerWords(id: string, inv: Inventory): string {
  return inv.providers.get(id)?.kind === 'self' ? `your own infrastructure (${id})` : `provider ${id}`;
}

export function describeEvent(event: BasicEvent, inv: Inventory): string {
  const s = event.subject;
  switch (event.kind) {
    case 'provider':
      return inv.providers.get(s)?.kind === 'self' ? `${providerWords(s, inv)} fails` : `provider ${s} fails or acts against you`;
    case 'account':
      return `${named('account', s)} suspended or closed`;
    case 'billing': {
      const kind = inv.billing.get(s)?.kind ?? 'card';
      const paid = inv.accountsPaidBy.get(s) ?? [];
      const pays = paid.length > 0 ? ` (it pays ${paid.join(', ')})` : '';
      return `${named(kind === 'card' ? 'card' : `${kind} billing`, s)} ${BILLING_FAILURE[kind] ?? 'fails'}${pays}`;
    }
    case 'region': {
      // Region names are free text and may hold a '/'; the provider id cannot.
      const slash = s.indexOf('/');
      const [provider, region] = slash >= 0 ? [s.slice(0, slash), s.slice(slash + 1)] : [undefined, s];
      if (provider === undefined) return `region ${region} lost`;
      return inv.providers.get(provider)?.kind === 'self' ? `region ${region} of your own infrastructure lost` : `region ${region} of ${provider} lost`;
    }
    case 'site':
      return `site ${s} lost (fire, flood, power)`;
    case 'service':
      return `${named('service', s)} unavailable`;
    case 'identity-lost':
      return inv.identities.get(s)?.kind === 'person' ? `${s} leaves or loses access` : `credential ${s} lost`;
    case 'identity-compromised':
      return `${s}'s credentials stolen`;
    case 'key':
      return `${named('key', s)} destroyed`;
    case 'store':
      return `${s} itself corrupted or deleted by mistake`;
    case 'target':
      return `${named('backup target', s)} fails`;
    case 'backup':
      return `${named('backup job', s)} silently fails`;
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

/**
 * Whether an event destroys the copies or only takes away access to them. A person who leaves, a
 * lost credential or a sign-in service that is down lock you out; the data is still there until
 * the provider deletes what nobody pays for or claims.
 */
export function locksOut(event: BasicEvent): boolean {
  return event.kind === 'identity-lost' || event.kind === 'service';
}

/**
 * What happens to the named data when the event alone takes every copy: "A and B are lost", or
 * "you are locked out of A and B, and lost if the lockout outlasts the provider's retention".
 * `data` is the data sets already in words; `many` says whether it names more than one.
 */
export function consequenceWords(event: BasicEvent | undefined, data: string, many: boolean): string {
  if (event !== undefined && locksOut(event)) {
    return `you are locked out of ${data}, and ${many ? 'they are' : 'it is'} lost if the lockout outlasts the provider's retention`;
  }
  return `${data} ${many ? 'are' : 'is'} lost`;
}

/** Alternatives in words: `a`, or `any one of: a, b, c` — never joined by "and". */
export function anyOneOf(items: readonly string[]): string {
  return items.length <= 1 ? items.join('') : `any one of: ${items.join(', ')}`;
}

/** A count of copies in words that agree: "its one backup copy", "both backup copies", "all 3 backup copies". */
export function backupCopiesWords(n: number): string {
  if (n === 1) return 'its one backup copy';
  if (n === 2) return 'both backup copies';
  return `all ${n} backup copies`;
}

/** A list in words: `a`, `a and b`, `a, b and c` (for things that all hold, never for alternatives). */
export function andList(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)!}`;
}

/** The clause after "If": one failure, in words a non-engineer reads without a glossary. */
export function conditionWords(event: BasicEvent, inv: Inventory): string {
  const s = event.subject;
  switch (event.kind) {
    case 'provider':
      return inv.providers.get(s)?.kind === 'self' ? `${providerWords(s, inv)} fails` : `provider ${s} fails or acts against you (outage, exit, policy action)`;
    case 'account': {
      const provider = inv.accounts.get(s)?.provider;
      if (provider === undefined) return `${named('account', s)} is suspended or closed`;
      return inv.providers.get(provider)?.kind === 'self' ? `account ${s} on your own infrastructure is lost` : `${provider} suspends or closes account ${s}`;
    }
    case 'billing': {
      const kind = inv.billing.get(s)?.kind ?? 'card';
      const paid = inv.accountsPaidBy.get(s) ?? [];
      const pays = paid.length > 0 ? ` (it pays ${andList(paid)})` : '';
      const what = kind === 'card' ? `${named('card', s)} is declined` : kind === 'invoice' ? `${named('invoice billing', s)} goes unpaid` : `${named('prepaid credit', s)} runs out`;
      return `${what}${pays}`;
    }
    case 'region': {
      // `provider/region`; provider ids have no slash, region names (free text) may.
      const slash = s.indexOf('/');
      if (slash < 0) return `region ${s} is lost`;
      const provider = s.slice(0, slash);
      return inv.providers.get(provider)?.kind === 'self' ? `region ${s.slice(slash + 1)} of your own infrastructure is lost` : `${provider} loses region ${s.slice(slash + 1)}`;
    }
    case 'site':
      return `site ${s} is lost (fire, flood, power)`;
    case 'service':
      return `${named('service', s)} is unavailable`;
    case 'identity-lost':
      return inv.identities.get(s)?.kind === 'person' ? `${s} leaves or loses access` : `credential ${s} is lost`;
    case 'identity-compromised':
      return `someone steals ${s}'s credentials`;
    case 'key':
      return `${named('key', s)} is destroyed`;
    case 'store':
      return `${s} is corrupted or deleted by mistake`;
    case 'target':
      return `${named('backup target', s)} fails`;
    case 'backup':
      return `${named('backup job', s)} silently fails`;
  }
}

/** Why one failure takes every copy. */
export function whyEveryCopy(event: BasicEvent, noBackup: boolean): string {
  if (noBackup && event.kind !== 'identity-compromised') return 'there is no backup copy at all';
  switch (event.kind) {
    case 'provider':
    case 'account':
      return 'no copy lives anywhere else';
    case 'billing':
      return 'every copy sits in an account it pays';
    case 'region':
      return 'no copy lives outside that region';
    case 'site':
      return 'no copy lives at another site';
    case 'service':
      return 'every copy, or the way to reach or restore it, needs that service';
    case 'identity-lost':
      return 'no one else can reach the copies';
    case 'identity-compromised':
      return 'those credentials can delete every copy';
    case 'key':
      return 'every copy needs that key';
    case 'store':
      return 'the other copies mirror the damage';
    case 'target':
    case 'backup':
      return 'every copy depends on it';
  }
}
