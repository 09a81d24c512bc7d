// Limits on input files, so that no file — however large, deep or self-referencing — can exhaust
// memory or time: each is refused with a located message instead (docs/hardening.md).
//
// Defaults sit far above what real inventories need (a few hundred entities, a handful of levels)
// and above the 100,000-entity benchmark. Each can be changed with an environment variable; the
// CLI may also pass its own values (e.g. from flags) to the loaders.

export interface InputLimits {
  /** Largest input file, in bytes (BCAUDIT_MAX_FILE_MB, in MiB). */
  maxFileBytes: number;
  /** Most entities in one inventory: entries of all sections plus waivers (BCAUDIT_MAX_ENTITIES). */
  maxEntities: number;
  /** How many times aliases may be expanded in total, against "billion laughs" (BCAUDIT_MAX_ALIASES). */
  maxAliasCount: number;
  /** Deepest nesting of maps and lists, block or flow (BCAUDIT_MAX_DEPTH). */
  maxDepth: number;
  /** Most problems reported for one file; the rest are counted (BCAUDIT_MAX_PROBLEMS). */
  maxProblems: number;
  /**
   * Largest file re-read by the exact YAML parser to locate problems to the column (it needs
   * ~1.6 s and ~110 MB per MiB); larger files are read by the fast parser alone, problems are
   * located at their key's line, and YAML aliases to maps or lists are refused (BCAUDIT_MAX_EXACT_MB).
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

/** Each limit's environment variable, and how its value maps to the limit. */
export const LIMIT_VARIABLES: readonly { name: string; limit: keyof InputLimits; unit: string; scale: number }[] = [
  { name: 'BCAUDIT_MAX_FILE_MB', limit: 'maxFileBytes', unit: 'MiB', scale: 1024 * 1024 },
  { name: 'BCAUDIT_MAX_ENTITIES', limit: 'maxEntities', unit: 'entities', scale: 1 },
  { name: 'BCAUDIT_MAX_ALIASES', limit: 'maxAliasCount', unit: 'alias expansions', scale: 1 },
  { name: 'BCAUDIT_MAX_DEPTH', limit: 'maxDepth', unit: 'levels', scale: 1 },
  { name: 'BCAUDIT_MAX_PROBLEMS', limit: 'maxProblems', unit: 'problems', scale: 1 },
  { name: 'BCAUDIT_MAX_EXACT_MB', limit: 'maxExactBytes', unit: 'MiB', scale: 1024 * 1024 },
];

/**
 * Nesting beyond this is refused whatever BCAUDIT_MAX_DEPTH says: the YAML parsers recurse, and
 * somewhat deeper than this the call stack runs out.
 */
export const HARD_MAX_DEPTH = 1000;

export interface LimitsFromEnv {
  limits: InputLimits;
  /** One sentence per variable whose value is not usable (its limit keeps the default). */
  errors: string[];
}

/** Limits from environment variables (unset or empty: the default). */
export function limitsFromEnv(env: Readonly<Record<string, string | undefined>>): LimitsFromEnv {
  const limits: InputLimits = { ...DEFAULT_LIMITS };
  const errors: string[] = [];
  for (const v of LIMIT_VARIABLES) {
    const raw = env[v.name];
    if (raw === undefined || raw.trim() === '') continue;
    const n = Number(raw.trim());
    // File size may be fractional (0.5 MiB); the others are whole numbers.
    const ok = Number.isFinite(n) && n > 0 && (v.scale !== 1 || Number.isInteger(n));
    if (!ok) {
      errors.push(`${v.name} must be a ${v.scale === 1 ? 'whole ' : ''}number above 0 (${v.unit}), not ${JSON.stringify(raw.slice(0, 40))}`);
      continue;
    }
    limits[v.limit] = Math.floor(n * v.scale);
  }
  limits.maxDepth = Math.min(limits.maxDepth, HARD_MAX_DEPTH);
  return { limits, errors };
}

/**
 * The limits in effect when a caller gives none: defaults changed by this process's environment.
 * Read at each call, not cached, so a test (or the CLI) can change the environment in between.
 */
export function currentLimits(): LimitsFromEnv {
  return limitsFromEnv(typeof process === 'undefined' ? {} : process.env);
}

/** `31.5 MiB`, `200 KiB`, `512 bytes`: a size for messages. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MiB`;
  if (bytes >= 1024) return `${Math.round((bytes / 1024) * 10) / 10} KiB`;
  return `${bytes} bytes`;
}
