// file text → YAML with positions → schema check → resolved Inventory, or located problems.
import inventorySchema from '../../schema/inventory.schema.json' with { type: 'json' };
import { sortProblems, type Problem } from './problem.js';
import { resolveInventory } from './resolve.js';
import type { Inventory } from './types.js';
import { validateAgainstSchema } from './validate.js';
import { parseYamlSource, type YamlLimits, type YamlSource } from './yamlSource.js';

export { inventorySchema };

export type LoadResult = { ok: true; inventory: Inventory } | { ok: false; problems: Problem[] };

export interface LoadOptions {
  limits?: YamlLimits;
  /** Use only the exact `yaml` parser (positions of every node); slower on large files. */
  exact?: boolean;
}

export function parseInventory(text: string, file: string, options: LoadOptions = {}): LoadResult {
  const parsed = parseYamlSource(text, file, options);
  if (!parsed.ok) return { ok: false, problems: sortProblems(parsed.problems) };
  const result = loadSource(parsed.source);
  // Something is wrong: let the exact parser find it, so every message has its exact position.
  if (!result.ok && !options.exact) return parseInventory(text, file, { ...options, exact: true });
  return result;
}

function loadSource(source: YamlSource): LoadResult {
  const file = source.file;
  const top = source.data;
  const start = { file, line: 1, column: 1 };
  if (top === null || top === undefined) {
    return { ok: false, problems: [{ pos: start, message: 'the inventory is empty: expected a map starting with `version: 1`' }] };
  }
  if (typeof top !== 'object' || Array.isArray(top)) {
    return {
      ok: false,
      problems: [{ pos: source.locate([]), message: `the inventory must be a map of sections (version, providers, accounts, ...), not ${Array.isArray(top) ? 'a list' : 'a single value'}` }],
    };
  }
  const schemaProblems = validateAgainstSchema(inventorySchema, source);
  if (schemaProblems.length > 0) return { ok: false, problems: sortProblems(schemaProblems) };
  const resolved = resolveInventory(source);
  return resolved.ok ? resolved : { ok: false, problems: sortProblems(resolved.problems) };
}
