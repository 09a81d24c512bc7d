// Inventory arguments: files as given; directories as every *.yml / *.yaml below them that declares
// a top-level `version:` (other YAML, such as CI configuration, is passed over), sorted.
import { join } from 'node:path';
import { UsageError } from './errors.js';
import type { Io } from './io.js';

const INVENTORY_FILE = /\.ya?ml$/i;
const DECLARES_VERSION = /^version\s*:/m;

/** Skipped when walking a directory: hidden entries and dependency folders. */
const SKIPPED = (name: string) => name.startsWith('.') || name === 'node_modules';

export function expandInventoryArguments(io: Io, args: readonly string[]): string[] {
  const files: string[] = [];
  for (const arg of args) {
    if (io.kindOf(arg) !== 'directory') {
      files.push(arg);
      continue;
    }
    const found = walk(io, arg);
    if (found.length === 0) throw new UsageError(`no inventory in directory ${arg}: no *.yml or *.yaml file with a top-level 'version:'`);
    files.push(...found);
  }
  return [...new Set(files)];
}

function walk(io: Io, dir: string): string[] {
  const out: string[] = [];
  for (const name of io.readDir(dir).sort()) {
    if (SKIPPED(name)) continue;
    const path = join(dir, name);
    const kind = io.kindOf(path);
    if (kind === 'directory') out.push(...walk(io, path));
    else if (kind === 'file' && INVENTORY_FILE.test(name) && looksLikeInventory(io, path)) out.push(path);
  }
  return out;
}

function looksLikeInventory(io: Io, path: string): boolean {
  try {
    return DECLARES_VERSION.test(new TextDecoder().decode(io.readFile(path)));
  } catch {
    return true; // let loading report why it cannot be read
  }
}
