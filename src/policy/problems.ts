// Problems in policy and waiver files, worded for them rather than for inventories.
import type { Problem } from '../inventory/problem.js';

/** validateAgainstSchema calls the top of any document "the inventory"; say which document it is. */
export function renameDocument(problems: readonly Problem[], name: string): Problem[] {
  return problems.map((p) => ({ ...p, message: p.message.replace(/^the inventory\b/, name) }));
}
