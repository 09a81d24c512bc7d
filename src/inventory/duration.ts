// Durations as written in inventories and policies: a whole number and a unit.
import type { Duration } from './types.js';

const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400, w: 604_800, y: 31_536_000 };
export const DURATION_PATTERN = /^([0-9]{1,9})(s|m|h|d|w|y)$/;

export function parseDuration(text: string): Duration | undefined {
  const match = DURATION_PATTERN.exec(text);
  if (!match) return undefined;
  return { text, seconds: Number(match[1]) * UNIT_SECONDS[match[2]!]! };
}

/** A short human form of a number of seconds: 1y, 14d, 36h, 90m. */
export function formatSeconds(seconds: number): string {
  for (const [unit, size] of [['y', 31_536_000], ['w', 604_800], ['d', 86_400], ['h', 3600], ['m', 60]] as const) {
    if (seconds >= size && seconds % size === 0) return `${seconds / size}${unit}`;
  }
  if (seconds >= 86_400) return `${Math.round(seconds / 86_400)}d`;
  return `${seconds}s`;
}
