// Reads and loads an inventory file for a command, or throws a located input error.
import { parseInventory } from '../inventory/load.js';
import type { Inventory } from '../inventory/types.js';
import { InputProblems } from './errors.js';
import { readText } from './inputFiles.js';
import type { Io } from './io.js';

export function loadInventoryFile(io: Io, file: string): Inventory {
  const result = parseInventory(readText(io, file, 'inventory'), file);
  if (!result.ok) throw new InputProblems(result.problems);
  return result.inventory;
}
