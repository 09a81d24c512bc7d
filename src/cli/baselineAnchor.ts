// Where baseline locations are relative to: the git repository that holds the inventory (the
// nearest directory above it with a `.git` entry: a clone, a worktree or a submodule), else the
// directory of the baseline file. The same file then has the same location however it was typed.
import { dirname, join, resolve } from 'node:path';
import { baselineLocation, type LocateInventory } from '../policy/baseline.js';
import type { Io } from './io.js';

export function baselineLocator(io: Io, baselineFile: string): LocateInventory {
  const cwd = io.cwd();
  const fallback = dirname(resolve(cwd, baselineFile));
  const roots = new Map<string, string>();
  const rootOf = (dir: string): string => {
    let root = roots.get(dir);
    if (root === undefined) {
      root = gitRoot(io, dir) ?? fallback;
      roots.set(dir, root);
    }
    return root;
  };
  return (file) => {
    const absolute = resolve(cwd, file);
    return baselineLocation(rootOf(dirname(absolute)), absolute);
  };
}

function gitRoot(io: Io, start: string): string | undefined {
  for (let dir = start; ; dir = dirname(dir)) {
    if (io.kindOf(join(dir, '.git')) !== 'missing') return dir;
    if (dirname(dir) === dir) return undefined;
  }
}
