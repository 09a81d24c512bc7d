// Limits on input files, so that no file — however large, deep or self-referencing — can exhaust
// memory or time: each is refused with a located message instead (docs/hardening.md).
//
// Defaults sit far above what real inventories need (a few hundred entities, a handful of levels)
// and above the 100,000-entity benchmark. The core takes them as options; only the CLI reads
// flags and environment variables (src/cli/limits.ts).

export interface InputLimits {
  /** Largest input file, in bytes (--max-input-bytes). */
  maxFileBytes: number;
  /** Most entities in one inventory: entries of all sections plus waivers (--max-entities). */
  maxEntities: number;
  /** How many times aliases may be expanded in total, against "billion laughs" (--max-aliases). */
  maxAliasCount: number;
  /** Deepest nesting of maps and lists, block or flow (--max-depth). */
  maxDepth: number;
  /** Most problems reported for one file; the rest are counted (--max-problems). */
  maxProblems: number;
  /**
   * Largest file re-read by the exact YAML parser to locate problems to the column (it needs
   * ~1.6 s and ~110 MB per MiB); larger files are read by the fast parser alone, problems are
   * located at their key's line, and YAML aliases to maps or lists are refused (--max-exact-bytes).
   */
  maxExactBytes: number;
}

export const DEFAULT_LIMITS: Readonly<InputLimits> = Object.freeze({
  maxFileBytes: 32 * 1024 * 1024,
  maxEntities: 200_000,
  maxAliasCount: 1000,
  maxDepth: 200,
  maxProblems: 100,
  maxExactBytes: 2 * 1024 * 1024,
});

/**
 * Nesting beyond this is refused whatever --max-depth says: the YAML parsers recurse, and
 * somewhat deeper than this the call stack runs out.
 */
export const HARD_MAX_DEPTH = 1000;

/** `31.5 MiB`, `200 KiB`, `512 bytes`: a size for messages. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MiB`;
  if (bytes >= 1024) return `${Math.round((bytes / 1024) * 10) / 10} KiB`;
  return `${bytes} bytes`;
}
