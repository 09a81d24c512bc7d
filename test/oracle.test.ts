// Differential test against SCRAM (DESIGN §3: "bcaudit's risk groups and SCRAM's minimal cut sets
// must agree on every model"). Random valid inventories go YAML → parseInventory → buildFaultGraph →
// computeRiskGroups and, in parallel, → toMef → scram; for every data set both answers must match.
//
// ORACLE_SEED (default 20261122) and ORACLE_COUNT (default 1000) choose the inventories; inventory i
// uses seed ORACLE_SEED + i, so a failing one is reproduced with ORACLE_SEED=<its seed> ORACLE_COUNT=1.
import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { parseInventory } from '../src/inventory/load.js';
import { buildFaultGraph } from '../src/model/build.js';
import { computeRiskGroups } from '../src/model/riskGroups.js';
import { toMef } from '../src/report/mef.js';
import { Random, generateInventory, inventoryToYaml } from './support/generate.js';
import { scramAvailable, scramBatch } from './support/scram.js';

const BASE_SEED = Number(process.env.ORACLE_SEED ?? 20261122);
const COUNT = Number(process.env.ORACLE_COUNT ?? 1000);
/** Models per SCRAM run: start-up (~30 ms) dominates single small models. */
const BATCH = 50;

interface Case {
  seed: number;
  maxOrder: number;
  yaml: string;
}

function makeCase(seed: number): Case {
  const maxOrder = new Random(seed ^ 0x5eed).int(1, 4);
  return { seed, maxOrder, yaml: inventoryToYaml(generateInventory(seed)) };
}

const cases: Case[] = Array.from({ length: COUNT }, (_, i) => makeCase(BASE_SEED + i));

function load(c: Case) {
  const result = parseInventory(c.yaml, `generated-${c.seed}.yaml`);
  if (!result.ok) {
    const problems = result.problems.map((p) => `  ${p.pos.line}:${p.pos.column} ${p.message}`).join('\n');
    throw new Error(`seed ${c.seed}: generated inventory does not load:\n${problems}\n--- inventory ---\n${c.yaml}`);
  }
  return result.inventory;
}

const fmt = (sets: string[][]): string => sets.map((s) => `{${s.join(', ')}}`).join(' ');

/** Human-readable difference between two families of sets. */
function diff(ours: string[][], theirs: string[][]): string {
  const key = (s: string[]) => s.join('\u0000');
  const a = new Set(ours.map(key));
  const b = new Set(theirs.map(key));
  const onlyOurs = ours.filter((s) => !b.has(key(s)));
  const onlyTheirs = theirs.filter((s) => !a.has(key(s)));
  const lines: string[] = [];
  if (onlyOurs.length) lines.push(`    only bcaudit: ${fmt(onlyOurs)}`);
  if (onlyTheirs.length) lines.push(`    only SCRAM:   ${fmt(onlyTheirs)}`);
  if (!lines.length) lines.push('    same sets, different order');
  return lines.join('\n');
}

async function pool<T>(tasks: (() => Promise<T>)[], concurrency: number): Promise<T[]> {
  const results = new Array<T>(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const i = next++;
      results[i] = await tasks[i]!();
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, tasks.length) }, worker));
  return results;
}

describe('generated inventories', () => {
  it(`all ${COUNT} load without problems`, () => {
    const failures: string[] = [];
    for (const c of cases) {
      try {
        load(c);
      } catch (e) {
        failures.push((e as Error).message);
      }
    }
    expect(failures.slice(0, 3).join('\n\n')).toBe('');
    expect(failures.length).toBe(0);
  });

  it('are deterministic in the seed', () => {
    expect(inventoryToYaml(generateInventory(BASE_SEED))).toBe(cases[0]?.yaml);
    expect(inventoryToYaml(generateInventory(7, { entities: 400 }))).toBe(
      inventoryToYaml(generateInventory(7, { entities: 400 })),
    );
  });

  it('cover the shapes the oracle needs', () => {
    // Not a proof of coverage, a guard against a generator that silently stopped producing them.
    const all = cases.map((c) => c.yaml).join('\n');
    for (const needle of ['mode: replica', 'immutable: compliance', 'immutable: governance', 'immutable: offline',
      'held_by:', 'login:', 'parent:', 'deletable_by:', 'requires:', 'depends_on:', 'site:', 'region:', 'encryption:']) {
      expect(all, needle).toContain(needle);
    }
  });
});

describe.skipIf(!scramAvailable())('bcaudit risk groups equal SCRAM minimal cut sets', () => {
  it(`on ${COUNT} random inventories (seeds ${BASE_SEED}..${BASE_SEED + COUNT - 1})`, async () => {
    const started = Date.now();
    const prepared = cases.map((c) => {
      const inventory = load(c);
      const graph = buildFaultGraph(inventory);
      const groups = computeRiskGroups(graph, { maxOrder: c.maxOrder });
      const tops = new Map(graph.dataSets.map((ds) => [ds.id, graph.gates[ds.gate]!.id]));
      return { c, groups, tops, mef: toMef(graph, { name: inventory.name }) };
    });

    // One SCRAM run per batch of models sharing a limit order.
    const byOrder = new Map<number, typeof prepared>();
    for (const p of prepared) byOrder.set(p.c.maxOrder, [...(byOrder.get(p.c.maxOrder) ?? []), p]);
    const batches: (typeof prepared)[] = [];
    for (const [, list] of [...byOrder].sort((a, b) => a[0] - b[0])) {
      for (let i = 0; i < list.length; i += BATCH) batches.push(list.slice(i, i + BATCH));
    }
    const results = await pool(
      batches.map((batch) => () => scramBatch(batch.map((p) => p.mef), batch[0]!.c.maxOrder)),
      Math.max(1, availableParallelism()),
    );

    const mismatches: string[] = [];
    let sets = 0;
    const sizes = [0, 0, 0, 0, 0];
    batches.forEach((batch, b) => {
      batch.forEach((p, i) => {
        const scram = results[b]![i]!;
        const problems: string[] = [];
        for (const ds of p.groups) {
          const top = p.tops.get(ds.id)!;
          const theirs = scram.get(top);
          sets += ds.groups.length;
          for (const g of ds.groups) sizes[g.length] = (sizes[g.length] ?? 0) + 1;
          if (theirs === undefined) {
            problems.push(`  data set ${ds.id}: SCRAM reported no top gate ${top}`);
          } else if (JSON.stringify(theirs) !== JSON.stringify(ds.groups)) {
            problems.push(`  data set ${ds.id} (limit ${p.c.maxOrder}):\n${diff(ds.groups, theirs)}`);
          }
        }
        if (scram.size !== p.groups.length) {
          problems.push(`  SCRAM reported ${scram.size} top gates for ${p.groups.length} data sets: ${[...scram.keys()].join(', ')}`);
        }
        if (problems.length > 0) {
          mismatches.push(`seed ${p.c.seed} (ORACLE_SEED=${p.c.seed} ORACLE_COUNT=1), max order ${p.c.maxOrder}:\n${problems.join('\n')}` +
            (mismatches.length < 3 ? `\n--- inventory ---\n${p.c.yaml}` : ''));
        }
      });
    });

    console.log(
      `oracle: ${COUNT} inventories, ${batches.length} SCRAM runs, ${sets} minimal risk groups ` +
        `(by size 1-4: ${sizes.slice(1).join('/')}), ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    if (mismatches.length > 0) console.error(mismatches.slice(0, 10).join('\n\n'));
    expect(mismatches.length, mismatches.slice(0, 3).join('\n\n')).toBe(0);
    // Guard against a vacuous oracle: the generator must produce groups of every size.
    if (COUNT >= 200) for (let k = 1; k <= 4; k++) expect(sizes[k], `groups of size ${k}`).toBeGreaterThan(0);
  }, 600_000);
});
