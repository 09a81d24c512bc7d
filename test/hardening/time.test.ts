// Issue #8, time: no inventory makes the risk-group computation run for minutes or exhaust memory
// silently. Three budgets stop it with exit 2 and "too many risk groups to enumerate exactly above
// order N": sets per gate (2,000,000), sets in all gates together (--max-risk-groups,
// 3,000,000), set unions tried (--max-risk-group-work, 200,000,000); and the event-id
// characters of all groups (--max-risk-group-chars, 100,000,000) keep `--format json`
// under the longest string JavaScript can build.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseInventory } from '../../src/inventory/load.js';
import { buildFaultGraph } from '../../src/model/build.js';
import { computeRiskGroups, gateFamilies, RiskGroupLimitError } from '../../src/model/riskGroups.js';
import { assertBuilt, runCli } from '../support/cli.js';
import { explodingInventory } from './support/adversarial.js';
import { spawnTimed } from './support/bombs.js';
import { judge } from './support/outcome.js';
import { FULL } from '../support/scale.js';

const dir = mkdtempSync(join(tmpdir(), 'bcaudit-time-'));
beforeAll(() => assertBuilt());
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const LIMIT = /^bcaudit: too many risk groups to enumerate exactly above order (\d+): (.+); lower --max-order\n$/;

function graphOf(text: string) {
  const loaded = parseInventory(text, 'x.yml');
  if (!loaded.ok) throw new Error(loaded.problems.map((p) => p.message).join('\n'));
  return buildFaultGraph(loaded.inventory);
}

describe('the risk-group budgets, through the spawned bin', () => {
  // The default budgets take tens of seconds to reach: only with BCAUDIT_TEST_FULL=1. The flags below reach the same code quickly.
  it.runIf(FULL)('a store whose 5 copies each fail with 40 independent events, at --max-order 5: exit 2 in seconds (per-gate budget)', async () => {
    const file = join(dir, 'copies.yml');
    writeFileSync(file, explodingInventory([40, 40, 40, 40, 40]));
    const result = await spawnTimed(['check', file, '--max-order', '5'], { timeoutMs: 120_000 });
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toMatch(LIMIT);
    expect(result.stderr).toMatch(/above order 4: gate lost:db0 has more than 2000000 minimal groups of size <= 5/);
    expect(judge(result, { file }).violations).toEqual([]);
    if (result.rssMB !== undefined) expect(result.rssMB).toBeLessThan(2500);
  }, 150_000);

  it.runIf(FULL)('20 such stores just under the per-gate budget: exit 2 (budget for all gates together), not an out-of-memory crash', async () => {
    // Before the budget: 81 s, 4.6 GB, then V8's "heap out of memory" with a native stack trace.
    const file = join(dir, 'stores.yml');
    writeFileSync(file, explodingInventory([14, 14, 14, 14, 14], 20));
    const result = await spawnTimed(['check', file, '--max-order', '5'], { timeoutMs: 120_000 });
    expect(result.code, result.stderr.slice(-500)).toBe(2);
    expect(result.stderr).toMatch(/above order 4: the gates up to lost:db\d+ hold more than 3000000 minimal groups of size <= 5 in all \(--max-risk-groups\)/);
    if (result.rssMB !== undefined) expect(result.rssMB).toBeLessThan(2500);
  }, 150_000);

  it('unions that all fall over the bound still count: exit 2 (work budget), configurable', async () => {
    // 100 x 100 x 100 sets of size 3, each tried against 3,000 more events: 3 billion unions, none
    // kept. Without the budget: 157 s. --max-risk-group-work lowers it here to keep the test short
    // (quick run: 30 x 30 x 30 sets against 300 events, 8 million unions).
    const file = join(dir, 'work.yml');
    writeFileSync(file, FULL ? explodingInventory([100, 100, 100, 3000]) : explodingInventory([30, 30, 30, 300]));
    const budget = FULL ? '20000000' : '2000000';
    const result = await spawnTimed(['check', file, '--max-risk-group-work', budget], { timeoutMs: 120_000 });
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toMatch(new RegExp(`above order 2: combining the groups of gate lost:db0 takes more than ${budget} set unions \\(--max-risk-group-work\\)`));
  }, 150_000);

  it('--max-risk-groups, or its variable as a fallback, stops the computation with exit 2', async () => {
    const file = join(dir, 'small.yml');
    writeFileSync(file, explodingInventory([10, 10, 10], 3));
    const flag = await spawnTimed(['check', file, '--max-risk-groups', '500']);
    expect(flag.code, flag.stderr).toBe(2);
    expect(flag.stderr).toMatch(/above order 2: the gates up to lost:db\d+ hold more than 500 minimal groups of size <= 3 in all \(--max-risk-groups\)/);
    const variable = await spawnTimed(['check', file], { env: { BCAUDIT_MAX_RISK_GROUPS: '100' } });
    expect(variable.stderr).toMatch(/more than 100 minimal groups of size <= 3 in all/);
    const chars = await spawnTimed(['check', file, '--max-risk-group-chars', '1000']);
    expect(chars.stderr).toMatch(/name more than 1000 characters of event ids.*\(--max-risk-group-chars\)/);
    expect(await spawnTimed(['check', file])).toMatchObject({ code: 1 });
  }, 60_000);

  it('every command that computes risk groups answers the same way (check, report), and main() in-process too', async () => {
    // Quick run: the same answer from a small budget instead of the default per-gate one.
    const text = FULL ? explodingInventory([20, 20, 20, 20, 20]) : explodingInventory([10, 10, 10]);
    const limit = FULL ? ['--max-order', '5'] : ['--max-risk-groups', '500'];
    for (const argv of [
      ['check', 'x.yml', ...limit, '--format', 'json'],
      ['report', 'x.yml', ...limit],
    ]) {
      const result = await runCli(argv, { files: { 'x.yml': text } });
      expect(result.code, argv.join(' ')).toBe(2);
      expect(result.stderr, argv.join(' ')).toMatch(LIMIT);
      expect(result.stdout).toBe('');
    }
    // Below the budgets the same shape is computed exactly: 21^3 groups of size 3 at order 3 with 3 inputs.
    const small = await runCli(['check', 'x.yml', '--format', 'json'], { files: { 'x.yml': explodingInventory([20, 20, 20]) } });
    expect(small.code).toBe(1);
    const groups = (JSON.parse(small.stdout) as { datasets: { riskGroups: string[][] }[] }).datasets[0]!.riskGroups;
    expect(groups.filter((g) => g.length === 3).length).toBeGreaterThanOrEqual(20 ** 3);
  }, 60_000);
});

describe('the budgets as options of the computation', () => {
  const graph = graphOf(explodingInventory([10, 10, 10]));

  it('maxFamily, maxTotal, maxWork and maxTotalChars each stop it with RiskGroupLimitError naming the budget', () => {
    const exact = computeRiskGroups(graph, { maxOrder: 3 });
    expect(exact[0]!.groups.length).toBeGreaterThan(1000);
    const budgets: [object, string][] = [
      [{ maxFamily: 500 }, 'family'],
      [{ maxTotal: 500 }, 'total'],
      [{ maxWork: 500 }, 'work'],
      [{ maxTotalChars: 500 }, 'chars'],
    ];
    for (const [options, budget] of budgets) {
      let caught: unknown;
      try {
        computeRiskGroups(graph, { maxOrder: 3, ...options });
      } catch (error) {
        caught = error;
      }
      expect(caught, budget).toBeInstanceOf(RiskGroupLimitError);
      expect((caught as RiskGroupLimitError).budget).toBe(budget);
      expect((caught as Error).message).toMatch(/^too many risk groups to enumerate exactly above order 2: .+; lower --max-order$/);
    }
    // Generous budgets change nothing.
    expect(computeRiskGroups(graph, { maxOrder: 3, maxFamily: 1e7, maxTotal: 1e7, maxWork: 1e9, maxTotalChars: 1e9 })).toEqual(exact);
    expect(gateFamilies(graph, { maxOrder: 3 }).filter(Boolean).length).toBeGreaterThan(0);
  });
});
