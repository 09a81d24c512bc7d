// Validators compiled ahead of time (scripts/generate-validators.mjs), by schema $id.
import type { ValidateFunction } from 'ajv';
import { validate as inventory } from './inventoryValidator.js';

export const POLICY_SCHEMA_ID = 'https://bcaudit.dev/schema/policy-v1.json';

export const PRECOMPILED_VALIDATORS: ReadonlyMap<string, ValidateFunction> = new Map([['https://bcaudit.dev/schema/inventory-v1.json', inventory as ValidateFunction]]);

/**
 * The policy validator: 300 KB of code, loaded only to check a user's policy file (the built-in
 * policies are checked by the tests, not at run time: loading and running it was a tenth of
 * `check`'s start-up).
 */
export async function loadPolicyValidator(): Promise<ValidateFunction> {
  const { validate } = await import('./policyValidator.js');
  return validate as ValidateFunction;
}
