// Reads and loads an inventory file for a command, or throws a located input error.
import { parseInventory } from '../inventory/load.js';
import type { Inventory } from '../inventory/types.js';
import { InputProblems } from './errors.js';
import { fileErrorReason, type Io } from './io.js';

export function loadInventoryFile(io: Io, file: string): Inventory {
  let text: string;
  try {
    text = io.readFile(file);
  } catch (error) {
    throw new InputProblems([{ pos: { file, line: 1, column: 1 }, message: `cannot read the inventory: ${fileErrorReason(error)}` }]);
  }
  const result = parseInventory(text, file);
  if (!result.ok) throw new InputProblems(result.problems);
  return result.inventory;
}
