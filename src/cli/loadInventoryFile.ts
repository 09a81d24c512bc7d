// Reads and loads an inventory file for a command, or throws a located input error.
import { parseInventory } from '../inventory/load.js';
import type { Inventory } from '../inventory/types.js';
import type { InputContext } from './context.js';
import { InputProblems } from './errors.js';
import { readText } from './inputFiles.js';

export function loadInventoryFile(ctx: InputContext, file: string): Inventory {
  const result = parseInventory(readText(ctx, file, 'inventory'), file, { limits: ctx.limits.input });
  if (!result.ok) throw new InputProblems(result.problems);
  return result.inventory;
}
