// file text → YAML with positions → schema check → resolved Inventory, or located problems.
import inventorySchema from '../../schema/inventory.schema.json' with { type: 'json' };
import { formatBytes } from './limits.js';
import { capProblems, sortProblems, type Problem } from './problem.js';
import { resolveInventory } from './resolve.js';
import { SECTIONS, type Inventory } from './types.js';
import { validateAgainstSchema } from './validate.js';
import { effectiveLimits, exactAffordable, parseYamlSource, type YamlLimits, type YamlSource } from './yamlSource.js';

export { inventorySchema };

export type LoadResult = { ok: true; inventory: Inventory } | { ok: false; problems: Problem[] };

export interface LoadOptions {
  limits?: YamlLimits;
  /** Use only the exact `yaml` parser (positions of every node); slower on large files. */
  exact?: boolean;
}

export function parseInventory(text: string, file: string, options: LoadOptions = {}): LoadResult {
  const limits = effectiveLimits(options.limits);
  const parsed = parseYamlSource(text, file, options);
  if (!parsed.ok) return { ok: false, problems: capProblems(sortProblems(parsed.problems), limits.maxProblems) };
  // Checked on whichever parse came first: re-reading a huge file exactly would cost far more.
  const tooMany = entityLimitProblem(parsed.source, limits.maxEntities, text.length);
  if (tooMany) return { ok: false, problems: [tooMany] };
  const result = loadSource(parsed.source);
  // Something is wrong: let the exact parser find it, so every message has its exact position
  // (unless the file is too large for it: then positions come from the line scanner).
  if (!result.ok && !options.exact && exactAffordable(text, options.limits)) return parseInventory(text, file, { ...options, exact: true });
  return result.ok ? result : { ok: false, problems: capProblems(result.problems, limits.maxProblems) };
}

/** More entities (section entries and waivers) than the limit allows, located at the section that crosses it. */
function entityLimitProblem(source: YamlSource, max: number, chars: number): Problem | undefined {
  const top = source.data;
  if (top === null || typeof top !== 'object' || Array.isArray(top)) return undefined;
  const data = top as Record<string, unknown>;
  let count = 0;
  for (const section of [...SECTIONS, 'waivers']) {
    const value = data[section];
    if (value === null || typeof value !== 'object') continue;
    count += Array.isArray(value) ? value.length : Object.keys(value).length;
    if (count > max) {
      return {
        pos: source.locateKey([section]),
        message: `more than ${max.toLocaleString('en-US')} entities (at least ${count.toLocaleString('en-US')} by the end of ${section}, in ${formatBytes(chars)} of text): more than bcaudit analyses in one inventory (--max-entities); split it by team or environment`,
      };
    }
  }
  return undefined;
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
