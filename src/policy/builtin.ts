// The policies bcaudit ships (policies/<name>.yml), and the policy of every rule with its defaults.
import type { Policy } from './types.js';
import { DEFAULT_WAIVER_POLICY } from './types.js';

export const BUILTIN_POLICIES = ['baseline', 'strict', 'minimal'] as const;
export type BuiltinPolicyName = (typeof BUILTIN_POLICIES)[number];

/** The policy `check` uses unless told otherwise. */
export const DEFAULT_POLICY: BuiltinPolicyName = 'baseline';

export function isBuiltinPolicy(name: string): name is BuiltinPolicyName {
  return (BUILTIN_POLICIES as readonly string[]).includes(name);
}

/**
 * Every rule with its own default options and severity from the data's criticality. The CLI
 * loads policies/baseline.yml instead; this is for tests and for code that wants the raw rules.
 */
export function defaultPolicy(): Policy {
  return { name: 'defaults', rules: new Map(), waivers: { ...DEFAULT_WAIVER_POLICY } };
}
