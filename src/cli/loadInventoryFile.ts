// Reads and loads an inventory file for a command, or throws a located input error.
import { parseInventory } from '../inventory/load.js';
import { decodeInput } from '../inventory/text.js';
import type { Inventory } from '../inventory/types.js';
import { InputProblems } from './errors.js';
import { fileErrorReason, type Io } from './io.js';

export function loadInventoryFile(io: Io, file: string): Inventory {
  const decoded = decodeInput(readBytes(io, file, 'inventory'), file);
  if (!decoded.ok) throw new InputProblems([decoded.problem]);
  const result = parseInventory(decoded.text, file);
  if (!result.ok) throw new InputProblems(result.problems);
  return result.inventory;
}

/** A file's bytes, or an input error naming what could not be read and why. */
export function readBytes(io: Io, file: string, what: string): Uint8Array {
  try {
    return io.readFile(file);
  } catch (error) {
    throw new InputProblems([{ pos: { file, line: 1, column: 1 }, message: `cannot read the ${what}: ${fileErrorReason(error)}` }]);
  }
}
