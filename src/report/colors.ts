// Colour is decided once, here: NO_COLOR and FORCE_COLOR honoured, otherwise only on a terminal.
import { Chalk, type ChalkInstance } from 'chalk';
import type { Severity } from '../rules/types.js';

export function colorLevel(env: Readonly<Record<string, string | undefined>>, isTTY: boolean): 0 | 1 | 2 | 3 {
  const force = env.FORCE_COLOR;
  if (force !== undefined) {
    if (force === '0' || force === 'false') return 0;
    if (force === '2' || force === '3') return Number(force) as 2 | 3;
    return 1;
  }
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return 0;
  if (!isTTY || env.TERM === 'dumb') return 0;
  return 1;
}

export function palette(level: 0 | 1 | 2 | 3): ChalkInstance {
  return new Chalk({ level });
}

export function paintSeverity(c: ChalkInstance, severity: Severity, text: string): string {
  switch (severity) {
    case 'critical':
      return c.bold.red(text);
    case 'high':
      return c.red(text);
    case 'medium':
      return c.yellow(text);
    case 'low':
      return c.cyan(text);
    case 'info':
      return c.dim(text);
  }
}
