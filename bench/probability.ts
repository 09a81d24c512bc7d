// `npx tsx bench/probability.ts`: what loss probabilities and importance (issue 14) add to `check`,
// on the synthetic inventories of bench/run.ts (same generator, seed and shapes). Prints a
// Markdown table for BENCHMARKS.md, section "Probability and importance".
//
// check = parse + validate + resolve + audit without likelihoods + JSON; probability = what
// analyseProbability takes (BDD of every gate, node probabilities, importance of every data set
// and of the critical data), plus the risk group products and the longer JSON. In-process, best
// of --runs runs.
//
// Options: --sizes 1000,10000,100000  --runs 3  --order 3  --seed 20261124
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { audit } from '../src/audit.js';
import { inventorySchema } from '../src/inventory/load.js';
import { resolveInventory } from '../src/inventory/resolve.js';
import { validateAgainstSchema } from '../src/inventory/validate.js';
import { parseYamlFast } from '../src/inventory/yamlSource.js';
import { BddLimitError, LossModel, analyseProbability } from '../src/model/probability.js';
import { eventLikelihoods } from '../src/model/likelihood.js';
import { readFileSync } from 'node:fs';
import { parsePolicy } from '../src/policy/load.js';
import type { Policy } from '../src/policy/types.js';
import { CHECK_FORMATS } from '../src/report/index.js';
import { generateInventory, inventoryToYaml } from '../test/support/generate.js';

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '1000,10000,100000' },
    runs: { type: 'string', default: '3' },
    order: { type: 'string', default: '3' },
    seed: { type: 'string', default: '20261124' },
  },
});
const sizes = values.sizes.split(',').map(Number);
const runs = Number(values.runs);
const maxOrder = Number(values.order);
const seed = Number(values.seed);
const NOW = '2026-12-04';

const parsed = parsePolicy({ text: readFileSync(new URL('../policies/baseline.yml', import.meta.url), 'utf8'), file: 'baseline.yml' }, () => {
  throw new Error('baseline extends nothing');
});
if (!parsed.ok) throw new Error(parsed.problems[0]!.message);
const withLikelihood: Policy = parsed.policy;
const { likelihood: _dropped, ...rest } = withLikelihood;
const withoutLikelihood: Policy = rest;

const ms = (t0: number): number => performance.now() - t0;
const best = <T>(n: number, run: () => T & { ms: number }): T & { ms: number } => {
  let b: (T & { ms: number }) | undefined;
  for (let i = 0; i < n; i++) {
    const r = run();
    if (!b || r.ms < b.ms) b = r;
  }
  return b!;
};

function load(yaml: string) {
  const source = parseYamlFast(yaml, 'bench.yml');
  if (!source) throw new Error('the benchmark inventory must take the fast path');
  const problems = validateAgainstSchema(inventorySchema, source);
  if (problems.length > 0) throw new Error(problems[0]!.message);
  const resolved = resolveInventory(source);
  if (!resolved.ok) throw new Error(resolved.problems[0]!.message);
  return resolved.inventory;
}

const json = (result: ReturnType<typeof audit>) =>
  CHECK_FORMATS.json({ results: [result], failOn: 'high', color: 0, policyName: 'baseline', now: NOW, toolVersion: 'bench' });

const rows: string[] = [];
for (const entities of sizes) {
  const yaml = inventoryToYaml(generateInventory(seed + entities, { entities, waivers: false }));
  const repeat = entities >= 100_000 ? 1 : runs;
  process.stderr.write(`size ${entities} ...\n`);
  const plain = best(repeat, () => {
    const t0 = performance.now();
    const inventory = load(yaml);
    const result = audit(inventory, { maxOrder, policy: withoutLikelihood, now: NOW });
    const bytes = json(result).length;
    return { ms: ms(t0), inventory, result, bytes };
  });
  const full = best(repeat, () => {
    const t0 = performance.now();
    const result = audit(load(yaml), { maxOrder, policy: withLikelihood, now: NOW });
    const bytes = json(result).length;
    return { ms: ms(t0), bytes, result };
  });
  // The probability step alone, and its BDD.
  const graph = plain.result.graph;
  const inventory = plain.inventory;
  const options = {
    policy: 'baseline',
    eventProbability: eventLikelihoods(graph, inventory, withLikelihood.likelihood!),
    isCritical: (id: string) => inventory.stores.get(id)?.criticality === 'critical',
  };
  // Over the node budget the step gives up (BddLimitError) and check reports no probabilities.
  const step = best(repeat, () => {
    const t0 = performance.now();
    try {
      analyseProbability(graph, options);
    } catch (error) {
      if (!(error instanceof BddLimitError)) throw error;
    }
    return { ms: ms(t0) };
  });
  const bddOnly = best(repeat, () => {
    const t0 = performance.now();
    try {
      const nodes = String(new LossModel(graph).size);
      return { ms: ms(t0), nodes };
    } catch (error) {
      if (!(error instanceof BddLimitError)) throw error;
      return { ms: ms(t0), nodes: 'over budget' };
    }
  });
  const critical = full.result.probability?.critical;
  const row = [
    entities.toLocaleString('en'),
    graph.events.length.toLocaleString('en'),
    graph.dataSets.length.toLocaleString('en'),
    bddOnly.nodes === 'over budget' ? bddOnly.nodes : Number(bddOnly.nodes).toLocaleString('en'),
    `${Math.round(plain.ms)} ms`,
    `${Math.round(full.ms)} ms`,
    `${Math.round(step.ms)} ms (BDD ${Math.round(bddOnly.ms)} ms)`,
    `${(((full.ms - plain.ms) / plain.ms) * 100).toFixed(0)}%`,
    `${((step.ms / plain.ms) * 100).toFixed(0)}%`,
    critical ? critical.lossProbability.toPrecision(3) : 'not computed',
  ];
  rows.push(`| ${row.join(' | ')} |`);
}

const header = [
  `Probability and importance, max order ${maxOrder}, best of ${runs} (1 at 100k); Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}; ${new Date().toISOString().slice(0, 10)}.`,
  '',
  '| entities | events | data sets | BDD nodes | check without likelihoods | check with | probability step | added (with − without) | step / check | P(any critical lost) |',
  '|---|---|---|---|---|---|---|---|---|---|',
];
process.stdout.write(`${[...header, ...rows].join('\n')}\n`);
