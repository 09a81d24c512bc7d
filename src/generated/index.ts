// Validators compiled ahead of time (scripts/generate-validators.mjs), by schema $id.
import type { ValidateFunction } from 'ajv';
import { validate as inventory } from './inventoryValidator.js';
import { validate as policy } from './policyValidator.js';

export const PRECOMPILED_VALIDATORS: ReadonlyMap<string, ValidateFunction> = new Map([
  ['https://bcaudit.dev/schema/inventory-v1.json', inventory as ValidateFunction],
  ['https://bcaudit.dev/schema/policy-v1.json', policy as ValidateFunction],
]);
