// Issue #8, fuzzing: mutated inventories, run in-process through `main` with the fake Io.
//
// Each case takes a valid inventory (an example or a generated one), applies one to four
// mutations (deleted, duplicated, retyped and renamed keys, dangling references, cycles, deep
// nesting, huge lists, garbage bytes, truncation, odd Unicode, aliases...) and runs one command on
// it (check in every format, report, graph in every format, simulate). Whatever the input:
//   exit 0/1 with the output parsing as its format, or exit 2 with one `file:line:col: message`
//   per problem (line within the file); never a stack trace, never "internal error", never a raw
//   control or bidirectional character on stdout or stderr.
// BCAUDIT_FUZZ_SEED and BCAUDIT_FUZZ_RUNS change the seed and the number of cases (default 10,000);
// BCAUDIT_FUZZ_REPORT=FILE writes the tallies as JSON (docs/hardening.md quotes them).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { caseArb, FUZZ, materializeInventoryCase, newTally, record, runInProcess, writeCase, writeReport } from './support/fuzz.js';
import { BYTE_OPS, OBJECT_OPS, TEXT_OPS } from './support/mutate.js';

const dir = mkdtempSync(join(tmpdir(), 'bcaudit-fuzz-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('fuzz: malformed and hostile inventories', () => {
  it(`${FUZZ.inventories} mutated inventories: exit 0/1/2, located problems, no stack trace, no terminal control`, async () => {
    const tally = newTally();
    const started = performance.now();
    let index = 0;
    await fc.assert(
      fc.asyncProperty(caseArb, async (spec) => {
        const c = materializeInventoryCase(spec, index++);
        if (Object.keys(c.bytes).length > 0) writeCase(dir, c);
        const outcome = await runInProcess(c, dir);
        const violations = record(tally, c, outcome, spec.mutations);
        expect(violations, c.label).toEqual([]);
      }),
      { seed: FUZZ.seed, numRuns: FUZZ.inventories },
    );
    tally.ms = Math.round(performance.now() - started);
    writeReport('inventories', tally);
    console.log(`fuzz inventories: ${tally.cases} cases in ${tally.ms} ms, seed ${FUZZ.seed}: ${JSON.stringify(tally.byKind)}`);

    expect(tally.cases).toBe(FUZZ.inventories);
    expect(tally.violations).toEqual([]);
    if (FUZZ.inventories >= 1000) {
      // The mix must stay useful: most inputs refused, a good share still analysed, every operator used.
      const analysed = Object.entries(tally.byKind).filter(([k]) => k.startsWith('analysed')).reduce((s, [, n]) => s + n, 0);
      expect(analysed).toBeGreaterThan(tally.cases * 0.05);
      expect(tally.byKind['refused (exit 2)'] ?? 0).toBeGreaterThan(tally.cases * 0.5);
      for (const op of [...OBJECT_OPS, ...TEXT_OPS, ...BYTE_OPS]) expect(tally.byOp[op] ?? 0, op).toBeGreaterThan(0);
    }
  }, Math.max(240_000, FUZZ.inventories * 10));
});
