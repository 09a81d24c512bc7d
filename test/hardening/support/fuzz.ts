// The fuzz cases: a valid base document, a few mutations, and the command to run on the result.
// Deterministic in the fast-check seed; materialised as in-memory files for `runCli` (in-process,
// fast) or as files in a directory for the spawned bin.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import fc from 'fast-check';
import { FIXED_TODAY, runCli } from '../../support/cli.js';
import { scaled } from '../../support/scale.js';
import { inventoryBase, POLICY_BASES, POLICY_TARGET_INVENTORY, WAIVER_BASES } from './corpus.js';
import { applyMutations, BYTE_OPS, OBJECT_OPS, TEXT_OPS, type Mutation } from './mutate.js';
import { judge, type Expectation, type Outcome } from './outcome.js';

/** Settings, from the environment so CI can run more (or other) cases without editing the test. */
export const FUZZ = {
  seed: Number(process.env.BCAUDIT_FUZZ_SEED ?? 20261124),
  inventories: Number(process.env.BCAUDIT_FUZZ_RUNS ?? scaled(1_000, 10_000)),
  policies: Number(process.env.BCAUDIT_FUZZ_POLICY_RUNS ?? scaled(300, 2_000)),
  spawned: Number(process.env.BCAUDIT_FUZZ_SPAWN ?? scaled(8, 24)),
  report: process.env.BCAUDIT_FUZZ_REPORT,
};

const fraction = fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true });

export const mutationArb: fc.Arbitrary<Mutation> = fc.record({
  op: fc.oneof(
    { arbitrary: fc.constantFrom(...OBJECT_OPS), weight: 6 },
    { arbitrary: fc.constantFrom(...TEXT_OPS), weight: 3 },
    { arbitrary: fc.constantFrom(...BYTE_OPS), weight: 1 },
  ),
  at: fraction,
  pick: fraction,
  size: fraction,
});

export interface CaseSpec {
  base: number;
  seed: number;
  mutations: Mutation[];
  command: number;
}

export const caseArb: fc.Arbitrary<CaseSpec> = fc.record({
  base: fc.nat(),
  seed: fc.integer(),
  mutations: fc.array(mutationArb, { minLength: 1, maxLength: 4 }),
  command: fc.nat(99),
});

export interface Materialized {
  /** A short description for failure messages. */
  label: string;
  command: string;
  argv: string[];
  /** Text files by path, relative to the working directory. */
  files: Record<string, string>;
  /** Files that are not valid UTF-8 text (byte mutations), by the same kind of path. */
  bytes: Record<string, Uint8Array>;
  expect: Expectation;
}

type CommandMaker = (file: string, idHint: string) => { name: string; argv: string[]; format: Expectation['format']; allowedUsage?: RegExp };

const NOW = ['--now', FIXED_TODAY];
/** Commands by share of the cases (out of 100): every command that reads an inventory but verify. */
const INVENTORY_COMMANDS: [number, CommandMaker][] = [
  [30, (f) => ({ name: 'check', argv: ['check', f, ...NOW], format: 'text' })],
  [8, (f) => ({ name: 'check json', argv: ['check', f, '--format', 'json', ...NOW], format: 'json' })],
  [8, (f) => ({ name: 'check sarif', argv: ['check', f, '--format', 'sarif', ...NOW], format: 'json' })],
  [6, (f) => ({ name: 'check junit', argv: ['check', f, '--format', 'junit', ...NOW], format: 'xml' })],
  [6, (f) => ({ name: 'check markdown', argv: ['check', f, '--format', 'markdown', ...NOW], format: 'text' })],
  [4, (f) => ({ name: 'check max-order 5', argv: ['check', f, '--max-order', '5', '--format', 'json', ...NOW], format: 'json' })],
  [10, (f) => ({ name: 'report', argv: ['report', f, ...NOW], format: 'text' })],
  [6, (f) => ({ name: 'graph mermaid', argv: ['graph', f, '--format', 'mermaid'], format: 'text' })],
  [6, (f) => ({ name: 'graph dot', argv: ['graph', f, '--format', 'dot'], format: 'text' })],
  [6, (f) => ({ name: 'graph mef', argv: ['graph', f, '--format', 'mef'], format: 'xml' })],
  [4, (f) => ({ name: 'graph json', argv: ['graph', f, '--format', 'json'], format: 'json' })],
  [
    6,
    (f, id) => ({
      name: 'simulate',
      argv: ['simulate', f, '--fail', id],
      format: 'text',
      // The failure named on the command line may be gone from the mutated inventory.
      allowedUsage: /^bcaudit: '.*' is (not a failure in |ambiguous)/,
    }),
  ],
];

function pickCommand(table: [number, CommandMaker][], n: number): CommandMaker {
  let left = n % table.reduce((s, [w]) => s + w, 0);
  for (const [w, make] of table) {
    if (left < w) return make;
    left -= w;
  }
  return table[0]![1];
}

/** An id to name in `simulate --fail`: the first account, else provider, of the base document. */
function idHint(doc: unknown): string {
  const d = doc as Record<string, Record<string, unknown> | undefined>;
  return Object.keys(d.accounts ?? {})[0] ?? Object.keys(d.providers ?? {})[0] ?? 'nothing';
}

export function materializeInventoryCase(spec: CaseSpec, index: number): Materialized {
  const base = inventoryBase(spec.base, spec.seed);
  const file = `fuzz/inventory-${index}.yml`;
  const { text, bytes } = applyMutations(base.doc, spec.mutations);
  const made = pickCommand(INVENTORY_COMMANDS, spec.command)(file, idHint(base.doc));
  return {
    label: `${made.name} on ${base.name} with ${JSON.stringify(spec.mutations)}`,
    command: made.name,
    argv: made.argv,
    files: bytes ? {} : { [file]: text },
    bytes: bytes ? { [file]: bytes } : {},
    expect: { file, ...(bytes ? {} : { text }), format: made.format, ...(made.allowedUsage ? { allowedUsage: made.allowedUsage } : {}) },
  };
}

export const policyCaseArb: fc.Arbitrary<CaseSpec> = caseArb;

/** A broken policy (3 of 4) or waivers file (1 of 4), applied to a valid inventory. */
export function materializePolicyCase(spec: CaseSpec, index: number): Materialized {
  const waivers = spec.base % 4 === 3;
  const bases = waivers ? WAIVER_BASES : POLICY_BASES;
  const base = bases[spec.base % bases.length]!;
  const file = waivers ? `fuzz/waivers-${index}.yml` : `fuzz/policy-${index}.yml`;
  const { text, bytes } = applyMutations(base.doc, spec.mutations);
  const flag = waivers ? '--waivers' : '--policy';
  const report = spec.command % 5 === 0;
  const argv = report ? ['report', POLICY_TARGET_INVENTORY, flag, file, ...NOW] : ['check', POLICY_TARGET_INVENTORY, flag, file, '--format', 'json', ...NOW];
  return {
    label: `${argv[0]} ${flag} ${base.name} with ${JSON.stringify(spec.mutations)}`,
    command: `${argv[0]} ${flag}`,
    argv,
    files: bytes ? {} : { [file]: text },
    bytes: bytes ? { [file]: bytes } : {},
    expect: { file, ...(bytes ? {} : { text }), format: report ? 'text' : 'json' },
  };
}

/** Writes a case's files under `dir` (relative paths kept). */
export function writeCase(dir: string, c: Materialized): void {
  for (const [path, content] of [...Object.entries(c.files), ...Object.entries(c.bytes)]) {
    const full = join(dir, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, content);
  }
}

/**
 * The command line with byte files (which cannot travel in runCli's in-memory text files) named
 * by their absolute path under `dir`, where writeCase put them.
 */
export function argvIn(c: Materialized, dir: string): string[] {
  return c.argv.map((a) => (Object.prototype.hasOwnProperty.call(c.bytes, a) ? join(dir, a) : a));
}

/** Output with the absolute paths of byte files mapped back to the paths the case names them by. */
export function relativize(c: Materialized, dir: string, text: string): string {
  return Object.keys(c.bytes).reduce((out, path) => out.split(join(dir, path)).join(path), text);
}

/** Runs a case in-process. Byte files must have been written under `dir` first (see writeCase). */
export async function runInProcess(c: Materialized, dir: string): Promise<Outcome> {
  const result = await runCli(argvIn(c, dir), { files: { ...c.files } });
  return { code: result.code, stdout: relativize(c, dir, result.stdout), stderr: relativize(c, dir, result.stderr) };
}

export interface Tally {
  cases: number;
  byKind: Record<string, number>;
  byCommand: Record<string, Record<string, number>>;
  byOp: Record<string, number>;
  violations: { label: string; violations: string[] }[];
  ms: number;
}

export function newTally(): Tally {
  return { cases: 0, byKind: {}, byCommand: {}, byOp: {}, violations: [], ms: 0 };
}

export function record(tally: Tally, c: Materialized, outcome: Outcome, ops: readonly Mutation[]): string[] {
  const { violations, kind } = judge(outcome, c.expect);
  tally.cases++;
  const key = `${kind} (exit ${outcome.code})`;
  tally.byKind[key] = (tally.byKind[key] ?? 0) + 1;
  const cmd = (tally.byCommand[c.command] ??= {});
  cmd[key] = (cmd[key] ?? 0) + 1;
  for (const m of ops) tally.byOp[m.op] = (tally.byOp[m.op] ?? 0) + 1;
  if (violations.length > 0) tally.violations.push({ label: c.label, violations });
  return violations;
}

/** Adds a suite's tallies to the BCAUDIT_FUZZ_REPORT file (if set), under `key`. */
export function writeReport(key: string, tally: Tally, extra: Record<string, unknown> = {}): void {
  if (!FUZZ.report) return;
  let all: Record<string, unknown> = {};
  try {
    all = JSON.parse(readFileSync(FUZZ.report, 'utf8')) as Record<string, unknown>;
  } catch {
    // The first suite to write creates the file.
  }
  all[key] = { seed: FUZZ.seed, ...tally, violations: tally.violations.length, ...extra };
  writeFileSync(FUZZ.report, `${JSON.stringify(all, null, 2)}\n`);
}


