// The default policy until a policy file is given: every rule with its default options.
import type { Policy } from './types.js';

export function defaultPolicy(): Policy {
  return { name: 'baseline', rules: new Map(), waivers: { maxDays: 90, maxRenewals: 2 } };
}
