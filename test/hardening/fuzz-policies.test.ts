// Issue #8, fuzzing: mutated policy and waiver files (in-process), and a sample of the inventory
// and policy cases run again through the real launcher, which must behave byte for byte the same.
//
// Policies: the built-in ones, one that lists every rule with its options, one extending strict;
// waiver files: a list of three waivers. Mutated like the inventories, then applied with
// `check --policy|--waivers` (and `report`) to examples/raisup.yml. Problems must point into the
// policy or waiver file. BCAUDIT_FUZZ_POLICY_RUNS (default 2,000) and BCAUDIT_FUZZ_SPAWN
// (default 24) set the numbers; BCAUDIT_FUZZ_SEED the seed.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, REPO_ROOT, spawnCli } from '../support/cli.js';
import {
  argvIn,
  caseArb,
  FUZZ,
  materializeInventoryCase,
  materializePolicyCase,
  newTally,
  record,
  relativize,
  runInProcess,
  writeCase,
  writeReport,
  type Materialized,
} from './support/fuzz.js';
import { judge } from './support/outcome.js';

const dir = mkdtempSync(join(tmpdir(), 'bcaudit-fuzz-policy-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('fuzz: malformed and hostile policies and waiver files', () => {
  it(`${FUZZ.policies} mutated policies and waiver files: exit 0/1/2, problems located in them, no stack trace`, async () => {
    const tally = newTally();
    const started = performance.now();
    let index = 0;
    await fc.assert(
      fc.asyncProperty(caseArb, async (spec) => {
        const c = materializePolicyCase(spec, index++);
        if (Object.keys(c.bytes).length > 0) writeCase(dir, c);
        const outcome = await runInProcess(c, dir);
        const violations = record(tally, c, outcome, spec.mutations);
        expect(violations, c.label).toEqual([]);
      }),
      { seed: FUZZ.seed + 1, numRuns: FUZZ.policies },
    );
    tally.ms = Math.round(performance.now() - started);
    writeReport('policies', tally);
    console.log(`fuzz policies: ${tally.cases} cases in ${tally.ms} ms, seed ${FUZZ.seed + 1}: ${JSON.stringify(tally.byKind)}`);
    expect(tally.cases).toBe(FUZZ.policies);
    expect(tally.violations).toEqual([]);
    if (FUZZ.policies >= 500) {
      expect(tally.byKind['refused (exit 2)'] ?? 0).toBeGreaterThan(tally.cases * 0.3);
      expect((tally.byKind['analysed (exit 1)'] ?? 0) + (tally.byKind['analysed (exit 0)'] ?? 0)).toBeGreaterThan(tally.cases * 0.05);
    }
  }, Math.max(240_000, FUZZ.policies * 10));
});

describe('fuzz: a sample through the spawned bin', () => {
  beforeAll(() => assertBuilt());

  /** Runs a few at a time: each spawn is a node start-up. */
  async function inBatches<T>(items: readonly T[], size: number, run: (item: T) => Promise<void>): Promise<void> {
    for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(run));
  }

  it(`${FUZZ.spawned} inventory and policy cases: the bin exits and prints exactly as main() in-process`, async () => {
    const specs = fc.sample(caseArb, { seed: FUZZ.seed + 2, numRuns: FUZZ.spawned });
    const cases: Materialized[] = specs.map((spec, i) => (i % 3 === 2 ? materializePolicyCase(spec, i) : materializeInventoryCase(spec, i)));
    const work = mkdtempSync(join(tmpdir(), 'bcaudit-fuzz-spawn-'));
    try {
      let refused = 0;
      await inBatches(cases, 2, async (c) => {
        writeCase(work, c);
        // The policy cases read examples/raisup.yml relative to the working directory. Both runs
        // name every file by the same path (findings are ordered by file name, among others).
        const local = { ...c, argv: c.argv.map((a) => (a.startsWith('examples/') ? join(REPO_ROOT, a) : a)) };
        const raw = await spawnCli(argvIn(local, work), { cwd: work, timeoutMs: 60_000 });
        const spawned = { code: raw.code, stdout: relativize(local, work, raw.stdout), stderr: relativize(local, work, raw.stderr) };
        expect(raw.signal, c.label).toBeNull();
        expect(judge(spawned, c.expect).violations, c.label).toEqual([]);
        const inProcess = await runInProcess(local, work);
        expect(spawned, c.label).toEqual(inProcess);
        if (spawned.code === 2) refused++;
      });
      expect(refused).toBeGreaterThan(0);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  }, Math.max(240_000, FUZZ.spawned * 2000));
});
