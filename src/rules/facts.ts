// Facts about an inventory that several rules read: copies per store, what each account and target holds, dates.
import { parseDuration } from '../inventory/duration.js';
import type { Criticality, Inventory, Provider } from '../inventory/types.js';
import { targetProvider } from '../model/build.js';

export const CRITICALITIES: readonly Criticality[] = ['critical', 'high', 'medium', 'low'];

/** Higher is more critical. */
export const CRITICALITY_RANK: Record<Criticality, number> = { critical: 3, high: 2, medium: 1, low: 0 };

/** The stores each account and each target holds a copy of (primary or backup), in inventory order. */
export function storesHeld(inv: Inventory): Map<string, string[]> {
  // Sets keep insertion order and make each addition constant time on large inventories.
  const held = new Map<string, Set<string>>();
  const hold = (holder: string | undefined, store: string) => {
    if (holder === undefined) return;
    const stores = held.get(holder);
    if (stores) stores.add(store);
    else held.set(holder, new Set([store]));
  };
  for (const s of inv.stores.values()) hold(s.account, s.id);
  for (const b of inv.backups.values()) {
    const target = inv.targets.get(b.to)!;
    hold(target.id, b.of);
    hold(target.account, b.of);
  }
  return new Map([...held].map(([holder, stores]) => [holder, [...stores]]));
}

/** The provider a target runs at: its account's, or its own; undefined for a target outside any provider. */
export function providerOfTarget(inv: Inventory, targetId: string): Provider | undefined {
  const name = targetProvider(inv, inv.targets.get(targetId)!);
  return name === undefined ? undefined : inv.providers.get(name);
}

const DAY_MS = 86_400_000;

/** Whole days from one YYYY-MM-DD date to another (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Seconds in a duration an options schema has already checked; NaN if it somehow is not one. */
export function durationSeconds(text: string): number {
  return parseDuration(text)?.seconds ?? Number.NaN;
}

/** Whole days in a duration such as `180d` or `26w` (rounded down). */
export function durationDays(text: string): number {
  return Math.floor(durationSeconds(text) / 86_400);
}

/** `a`, `a and b`, `a, b and c`. */
/** Most items a sentence names; the rest are counted (a message must stay readable at any size). */
const MAX_LISTED = 8;

export function listWords(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  if (items.length > MAX_LISTED) return `${items.slice(0, MAX_LISTED - 1).join(', ')} and ${items.length - MAX_LISTED + 1} more`;
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

export const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

/**
 * Options-schema pieces shared by several rules. Options schemas are fragments of the policy
 * schema (src/policy/schema.ts), so they may refer to its definitions.
 */
export const DURATION_SCHEMA = { $ref: '#/definitions/duration' } as const;

export function criticalitiesOption(description: string): object {
  return {
    type: 'array',
    description,
    items: { enum: [...CRITICALITIES] },
    uniqueItems: true,
  };
}

export function perCriticalityDurations(description: string): object {
  return {
    type: 'object',
    description,
    additionalProperties: false,
    properties: Object.fromEntries(CRITICALITIES.map((c) => [c, DURATION_SCHEMA])),
  };
}

/** The most critical of these criticalities (at least one). */
export function mostCritical(criticalities: readonly Criticality[]): Criticality {
  return criticalities.reduce((a, b) => (CRITICALITY_RANK[b] > CRITICALITY_RANK[a] ? b : a));
}
