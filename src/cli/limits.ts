// Resource limits from the command line: a flag, else its environment variable (a documented
// fallback, read here and nowhere else), else the default. The core gets them as options.
import { Command, InvalidArgumentError, Option } from 'commander';
import { DEFAULT_LIMITS, HARD_MAX_DEPTH, type InputLimits } from '../inventory/limits.js';
import { DEFAULT_MAX_BDD_NODES, groupDigits, MOST_BDD_NODES } from '../model/limits.js';
import { DEFAULT_MAX_TOTAL, DEFAULT_MAX_TOTAL_CHARS, DEFAULT_MAX_WORK, type RiskGroupOptions } from '../model/riskGroups.js';
import { UsageError } from './errors.js';

export type RiskGroupBudgets = Required<Pick<RiskGroupOptions, 'maxTotal' | 'maxWork' | 'maxTotalChars'>>;

export interface Limits {
  input: InputLimits;
  riskGroups: RiskGroupBudgets;
  /** Budget of BDD nodes for the loss probabilities. */
  maxBddNodes: number;
}

export const DEFAULT_RISK_GROUP_BUDGETS: Readonly<RiskGroupBudgets> = Object.freeze({
  maxTotal: DEFAULT_MAX_TOTAL,
  maxWork: DEFAULT_MAX_WORK,
  maxTotalChars: DEFAULT_MAX_TOTAL_CHARS,
});

export const DEFAULT_CLI_LIMITS: Readonly<Limits> = Object.freeze({ input: DEFAULT_LIMITS, riskGroups: DEFAULT_RISK_GROUP_BUDGETS, maxBddNodes: DEFAULT_MAX_BDD_NODES });

interface LimitSetting {
  flag: string;
  /** commander's camel-case key of the flag. */
  key: string;
  env: string;
  description: string;
  /** How the environment variable's value maps to the limit (the flag always takes the limit's own unit). */
  envUnit: 'bytes' | 'MiB' | 'count';
  set(limits: Limits, n: number): void;
  get(limits: Readonly<Limits>): number;
}

const inputLimit = (flag: string, key: string, env: string, envUnit: LimitSetting['envUnit'], limit: keyof InputLimits, description: string): LimitSetting => ({
  flag,
  key,
  env,
  envUnit,
  description,
  set: (l, n) => (l.input[limit] = n),
  get: (l) => l.input[limit],
});

const budget = (flag: string, key: string, env: string, limit: keyof RiskGroupBudgets, description: string): LimitSetting => ({
  flag,
  key,
  env,
  envUnit: 'count',
  description,
  set: (l, n) => (l.riskGroups[limit] = n),
  get: (l) => l.riskGroups[limit],
});

/** Every limit, its flag and its environment variable: one table for --help, parsing and SECURITY.md. */
export const LIMIT_SETTINGS: readonly LimitSetting[] = [
  inputLimit('--max-input-bytes', 'maxInputBytes', 'BCAUDIT_MAX_FILE_MB', 'MiB', 'maxFileBytes', 'largest input file or stream, in bytes (suffixes K, M, G: 1024-based)'),
  inputLimit('--max-entities', 'maxEntities', 'BCAUDIT_MAX_ENTITIES', 'count', 'maxEntities', 'most entities in one inventory'),
  inputLimit('--max-aliases', 'maxAliases', 'BCAUDIT_MAX_ALIASES', 'count', 'maxAliasCount', 'most YAML alias expansions in one file'),
  inputLimit('--max-nesting', 'maxNesting', 'BCAUDIT_MAX_DEPTH', 'count', 'maxDepth', `deepest nesting of maps and lists (at most ${HARD_MAX_DEPTH})`),
  inputLimit('--max-problems', 'maxProblems', 'BCAUDIT_MAX_PROBLEMS', 'count', 'maxProblems', 'most problems printed per inventory; the rest are counted'),
  inputLimit('--max-exact-bytes', 'maxExactBytes', 'BCAUDIT_MAX_EXACT_MB', 'MiB', 'maxExactBytes', 'largest file re-read to locate problems to the column, in bytes'),
  budget('--max-risk-groups', 'maxRiskGroups', 'BCAUDIT_MAX_RISK_GROUPS', 'maxTotal', 'most risk-group sets held in memory at once'),
  budget('--max-risk-group-work', 'maxRiskGroupWork', 'BCAUDIT_MAX_RISK_GROUP_WORK', 'maxWork', 'most set unions tried while combining risk groups'),
  budget('--max-risk-group-chars', 'maxRiskGroupChars', 'BCAUDIT_MAX_RISK_GROUP_CHARS', 'maxTotalChars', 'most characters of event ids in all risk groups (output size)'),
  {
    flag: '--max-bdd-nodes',
    key: 'maxBddNodes',
    env: 'BCAUDIT_MAX_BDD_NODES',
    envUnit: 'count',
    description: `most nodes of each decision diagram of the exact loss probabilities (one per data set, one for the critical data; at most ${groupDigits(MOST_BDD_NODES)}); a figure over it is reported unknown`,
    set: (l, n) => (l.maxBddNodes = n),
    get: (l) => l.maxBddNodes,
  },
];

const SUFFIX: Record<string, number> = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 };

/** A whole number above 0; for byte limits a K/M/G suffix (KiB, MiB, GiB) may follow. */
function parseCount(raw: string, bytes: boolean): number | undefined {
  const m = (bytes ? /^(\d+)\s*([kmg]?)(i?b)?$/i : /^(\d+)()()$/).exec(raw.trim());
  if (!m) return undefined;
  const n = Number(m[1]) * SUFFIX[m[2]!.toLowerCase()]!;
  return Number.isSafeInteger(n) && n > 0 ? n : undefined;
}

const isBytes = (s: LimitSetting): boolean => s.flag.endsWith('-bytes');

/** Adds the limit flags to a command (the program: they then work before or after any subcommand). */
export function addLimitOptions(command: Command): Command {
  for (const s of LIMIT_SETTINGS) {
    command.addOption(
      new Option(`${s.flag} <n>`, `${s.description} (env ${s.env}${s.envUnit === 'MiB' ? ', in MiB' : ''}; default ${s.get(DEFAULT_CLI_LIMITS)})`).argParser((raw) => {
        const n = parseCount(raw, isBytes(s));
        if (n === undefined) throw new InvalidArgumentError(isBytes(s) ? 'must be a whole number of bytes above 0, optionally with K, M or G' : 'must be a whole number above 0');
        return n;
      }),
    );
  }
  return command;
}

/** The limits in effect: each flag given, else its environment variable, else the default. */
export function resolveLimits(flags: Readonly<Record<string, unknown>>, env: Readonly<Record<string, string | undefined>>): Limits {
  const limits: Limits = { input: { ...DEFAULT_LIMITS }, riskGroups: { ...DEFAULT_RISK_GROUP_BUDGETS }, maxBddNodes: DEFAULT_MAX_BDD_NODES };
  const errors: string[] = [];
  for (const s of LIMIT_SETTINGS) {
    const flag = flags[s.key];
    if (typeof flag === 'number') {
      s.set(limits, flag);
      continue;
    }
    const raw = env[s.env];
    if (raw === undefined || raw.trim() === '') continue;
    const n = s.envUnit === 'MiB' ? Number(raw.trim()) * 1024 * 1024 : parseCount(raw, false);
    // MiB may be fractional (0.5); counts are whole numbers.
    if (n === undefined || !Number.isFinite(n) || n < 1) {
      errors.push(`${s.env} must be a ${s.envUnit === 'MiB' ? '' : 'whole '}number above 0${s.envUnit === 'MiB' ? ' (MiB)' : ''}, not ${JSON.stringify(raw.slice(0, 40))} (or use ${s.flag})`);
      continue;
    }
    s.set(limits, Math.floor(n));
  }
  if (errors.length > 0) throw new UsageError(`cannot apply the limits: ${errors.join('; ')}`);
  limits.input.maxDepth = Math.min(limits.input.maxDepth, HARD_MAX_DEPTH);
  limits.maxBddNodes = Math.min(limits.maxBddNodes, MOST_BDD_NODES);
  return limits;
}
