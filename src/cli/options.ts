// Parsers for option values shared by several commands; each throws a UsageError with the reason.
import { InvalidArgumentError } from 'commander';
import { MAX_ORDER, MIN_ORDER } from '../model/riskGroups.js';

export function parseMaxOrder(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < MIN_ORDER || n > MAX_ORDER) {
    throw new InvalidArgumentError(`must be a whole number from ${MIN_ORDER} to ${MAX_ORDER}`);
  }
  return n;
}

export function parsePositiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('must be a whole number, 0 or more');
  return n;
}

export function parseDate(value: string): string {
  const parsed = new Date(`${value}T00:00:00Z`);
  // Date rolls 2026-02-31 over to March; a real date reads back the same.
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== value) {
    throw new InvalidArgumentError('must be a date YYYY-MM-DD');
  }
  return value;
}
