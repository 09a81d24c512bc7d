// The one list of rules. A rule that is not here does not run.
import { independence } from './independence.js';
import { noBackup } from './noBackup.js';
import { singlePointOfFailure } from './singlePointOfFailure.js';
import type { Rule } from './types.js';

export const RULES: readonly Rule<unknown>[] = [singlePointOfFailure, independence, noBackup];

export function ruleById(id: string): Rule<unknown> | undefined {
  return RULES.find((r) => r.id === id);
}
