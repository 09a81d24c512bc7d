// Differential test of loss probabilities and importance against SCRAM (DESIGN §3: with the
// probabilities exported, bcaudit's loss probabilities and importance factors must agree with
// `scram --bdd --probability --importance`). Random inventories (test/support/generate.ts) get
// random likelihoods per event; every example runs under the baseline policy. Each top gate's
// probability, and every event's Fussell-Vesely (SCRAM's DIF) and risk reduction worth (RRW),
// must equal SCRAM's to its printed precision (6 significant digits); the events listed must be
// the same. The OR over the critical data sets is added to each model as one more top gate.
//
// PROBABILITY_ORACLE_SEED (default 20261204) and PROBABILITY_ORACLE_COUNT (default 1000;
// 5000 with BCAUDIT_TEST_FULL=1) choose the inventories; inventory i uses seed SEED + i.
import { readdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { parseInventory } from '../src/inventory/load.js';
import { buildFaultGraph } from '../src/model/build.js';
import { eventLikelihoods } from '../src/model/likelihood.js';
import type { LossAnalysis, Work } from '../src/model/lossFigures.js';
import { analyseProbability, criticalScope } from '../src/model/probability.js';
import type { FaultGraph } from '../src/model/types.js';
import { parsePolicy } from '../src/policy/load.js';
import { mefName, toMef } from '../src/report/mef.js';
import { Random, generateInventory, inventoryToYaml } from './support/generate.js';
import { scramProbabilityBatch, type ScramQuantities, pool } from './support/scram.js';
import { requireTool } from './support/tools.js';

const BASE_SEED = Number(process.env.PROBABILITY_ORACLE_SEED ?? 20261204);
const COUNT = Number(process.env.PROBABILITY_ORACLE_COUNT ?? (process.env.BCAUDIT_TEST_FULL === '1' ? 5000 : 1000));
/** Larger inventories, where data sets share some structure and not the rest: modules and shared events. */
const MODULAR_COUNT = process.env.BCAUDIT_TEST_FULL === '1' ? 500 : 100;
const BATCH = 100;
const ANY_CRITICAL = 'any-critical';

interface Model {
  name: string;
  graph: FaultGraph;
  eventProbability: ReadonlyMap<string, number>;
  critical: Set<string>;
}

/** A random likelihood: mostly small like real ones, sometimes large, now and then exactly 0 or 1. */
function randomLikelihood(rnd: Random): number {
  if (rnd.chance(0.03)) return rnd.pick([0, 1]);
  if (rnd.chance(0.2)) return rnd.int(1, 999) / 1000;
  return rnd.int(1, 999) / 100_000;
}

function load(yaml: string, file: string) {
  const result = parseInventory(yaml, file);
  if (!result.ok) throw new Error(`${file} does not load: ${result.problems[0]!.message}`);
  return result.inventory;
}

function randomModel(seed: number): Model {
  const rnd = new Random(seed ^ 0x1ce);
  const inventory = load(inventoryToYaml(generateInventory(seed, rnd.chance(0.2) ? { entities: rnd.int(26, 50) } : {})), `generated-${seed}.yaml`);
  const graph = buildFaultGraph(inventory);
  const eventProbability = new Map(graph.events.map((e) => [e.id, randomLikelihood(rnd)]));
  const critical = new Set([...inventory.stores.values()].filter((s) => s.criticality === 'critical').map((s) => s.id));
  return { name: `seed ${seed} (PROBABILITY_ORACLE_SEED=${seed} PROBABILITY_ORACLE_COUNT=1)`, graph, eventProbability, critical };
}

/**
 * 40–120 entities, sparse (density 0.3–0.7): many data sets whose trees split into modules that
 * the computation takes apart, and events (providers, admins, accounts) shared across data sets.
 */
function modularModel(seed: number): Model {
  const rnd = new Random(seed ^ 0x30d);
  const inventory = load(inventoryToYaml(generateInventory(seed, { entities: rnd.int(40, 120), density: rnd.int(3, 7) / 10 })), `modular-${seed}.yaml`);
  const graph = buildFaultGraph(inventory);
  const eventProbability = new Map(graph.events.map((e) => [e.id, randomLikelihood(rnd)]));
  const critical = new Set([...inventory.stores.values()].filter((s) => s.criticality === 'critical').map((s) => s.id));
  return { name: `modular seed ${seed}`, graph, eventProbability, critical };
}

function exampleModels(): Model[] {
  const baseline = parsePolicy({ text: readFileSync('policies/baseline.yml', 'utf8'), file: 'policies/baseline.yml' }, () => {
    throw new Error('baseline extends nothing');
  });
  if (!baseline.ok) throw new Error(baseline.problems[0]!.message);
  return readdirSync('examples')
    .filter((f) => f.endsWith('.yml'))
    .sort()
    .map((f) => {
      const inventory = load(readFileSync(`examples/${f}`, 'utf8'), `examples/${f}`);
      const graph = buildFaultGraph(inventory);
      const critical = new Set([...inventory.stores.values()].filter((s) => s.criticality === 'critical').map((s) => s.id));
      return { name: `examples/${f}`, graph, eventProbability: eventLikelihoods(graph, inventory, baseline.policy.likelihood!), critical };
    });
}

/** The model as MEF with its probabilities. */
const mefOf = (m: Model): string => toMef(m.graph, { eventProbability: m.eventProbability });

/**
 * The model with one more gate, the OR of the critical scope, or undefined when the scope is one
 * data set. A separate document: SCRAM reports only gates nothing else uses, so the data sets'
 * own gates stop being reported once the OR uses them.
 */
function anyCriticalMefOf(m: Model): string | undefined {
  const mef = mefOf(m);
  const { dataSets } = criticalScope(m.graph, (id) => m.critical.has(id));
  if (dataSets.length < 2) return undefined;
  const inputs = dataSets.map((i) => `<gate name="${mefName(m.graph.gates[m.graph.dataSets[i]!.gate]!.id)}"/>`).join('');
  return mef.replace('  </define-fault-tree>', `    <define-gate name="${mefName(ANY_CRITICAL)}"><or>${inputs}</or></define-gate>\n  </define-fault-tree>`);
}

/** SCRAM's RRW for an event our diagram finds necessary (P(loss | never) exactly 0) is this or more when it divides by rounding noise. */
const INFINITE_RRW = 1e12;

/** Whether `ours` prints as `theirs` with 6 significant digits, allowing for the last digit's rounding. */
function agrees(ours: number, theirs: number): boolean {
  if (theirs === 0) return Math.abs(ours) <= 1e-12;
  const halfUlp = 0.5 * 10 ** (Math.floor(Math.log10(Math.abs(theirs))) - 5);
  return Math.abs(ours - theirs) <= halfUlp * 1.001 + 1e-12 * Math.abs(theirs);
}

/** Differences between our analysis of one top and SCRAM's; `complete`: SCRAM listed every event (no limit order). */
function compare(
  name: string,
  ours: LossAnalysis,
  theirs: { probability: number; importance: Map<string, { dif: number; rrw: number; probability: number }> } | undefined,
  complete: boolean,
): string[] {
  if (!theirs) return [`${name}: SCRAM reported nothing`];
  const problems: string[] = [];
  if (!agrees(ours.lossProbability, theirs.probability)) problems.push(`${name}: P(loss) ${ours.lossProbability} vs SCRAM ${theirs.probability}`);
  const listed = new Set(ours.importance.map((i) => i.event));
  const missing = [...theirs.importance.keys()].filter((e) => !listed.has(e));
  const extra = complete ? [...listed].filter((e) => !theirs.importance.has(e)) : [];
  if (missing.length + extra.length > 0) problems.push(`${name}: events only SCRAM lists: ${missing.join(' ')}; only bcaudit: ${extra.join(' ')}`);
  for (const imp of ours.importance) {
    const t = theirs.importance.get(imp.event);
    if (!t) continue;
    if (!agrees(imp.fussellVesely, t.dif)) problems.push(`${name} ${imp.event}: FV ${imp.fussellVesely} vs SCRAM DIF ${t.dif}`);
    // SCRAM prints 0 for every RRW when the loss is impossible. An event every way to the loss
    // needs has an infinite RRW: SCRAM prints 0, or, when rounding leaves P(loss | event never
    // happens) at ±1e-17 instead of 0, a quotient of ±1e15 or more of either sign.
    if (ours.lossProbability === 0) continue;
    if (!Number.isFinite(imp.riskReductionWorth) && (t.rrw === 0 || Math.abs(t.rrw) >= INFINITE_RRW)) continue;
    if (!agrees(imp.riskReductionWorth, t.rrw)) problems.push(`${name} ${imp.event}: RRW ${imp.riskReductionWorth} vs SCRAM ${t.rrw}`);
  }
  return problems;
}


/** With a limit order SCRAM lists only events of products up to it (examples have millions of products). */
async function checkAgainstScram(models: Model[], limitOrder?: number): Promise<{ problems: string[]; tops: number; events: number; work: Work }> {
  const batches: Model[][] = [];
  for (let i = 0; i < models.length; i += BATCH) batches.push(models.slice(i, i + BATCH));
  // Each batch: every model, then the any-critical variant of those that have one.
  const reports = await pool(
    batches.map((batch) => () => scramProbabilityBatch([...batch.map(mefOf), ...batch.flatMap((m) => anyCriticalMefOf(m) ?? [])], limitOrder)),
    Math.max(1, availableParallelism()),
  );
  const problems: string[] = [];
  let tops = 0;
  let events = 0;
  const work: Work = { trees: 0, diagrams: 0, fromClauses: 0, largestDiagram: 0 };
  batches.forEach((batch, b) => {
    let variant = batch.length;
    batch.forEach((m, i) => {
      const scram: ScramQuantities = reports[b]![i]!;
      const { dataSets } = criticalScope(m.graph, (id) => m.critical.has(id));
      const any = dataSets.length >= 2 ? reports[b]![variant++]!.get(ANY_CRITICAL) : undefined;
      const found: string[] = [];
      // Both ways of computing a shared tree: its BDD while small (the default), and its clauses first.
      for (const [way, smallDiagram] of [['', undefined], [' (from clauses)', 0]] as const) {
        const options = { policy: 'oracle', eventProbability: m.eventProbability, isCritical: (id: string) => m.critical.has(id), ...(smallDiagram === undefined ? {} : { smallDiagram }) };
        const ours = analyseProbability(m.graph, options);
        work.trees += ours.work.trees;
        work.diagrams += ours.work.diagrams;
        work.fromClauses += ours.work.fromClauses;
        work.largestDiagram = Math.max(work.largestDiagram, ours.work.largestDiagram);
        for (const ds of m.graph.dataSets) {
          const analysis = ours.dataSets.get(ds.id)!;
          tops++;
          events += analysis.importance.length;
          found.push(...compare(`data set ${ds.id}${way}`, analysis, scram.get(m.graph.gates[ds.gate]!.id), limitOrder === undefined));
        }
        if (any !== undefined || dataSets.length >= 2) {
          tops++;
          found.push(...compare(`any ${ours.scope} data set${way}`, ours.critical!, any, limitOrder === undefined));
        }
      }
      if (found.length > 0) problems.push(`${m.name}:\n  ${found.slice(0, 8).join('\n  ')}`);
    });
  });
  return { problems, tops, events, work };
}

const HAVE_SCRAM = requireTool('scram');

describe.skipIf(!HAVE_SCRAM)('loss probability and importance equal SCRAM --bdd --probability --importance', () => {
  it(`on ${COUNT} random inventories with random likelihoods (seeds ${BASE_SEED}..${BASE_SEED + COUNT - 1})`, async () => {
    const started = Date.now();
    const models = Array.from({ length: COUNT }, (_, i) => randomModel(BASE_SEED + i));
    const { problems, tops, events } = await checkAgainstScram(models);
    console.log(`probability oracle: ${COUNT} inventories, ${tops} top gates, ${events} importance figures, ${((Date.now() - started) / 1000).toFixed(1)} s`);
    expect(problems.length, problems.slice(0, 3).join('\n\n')).toBe(0);
    // Guard against a vacuous oracle: the models must have something to compare.
    expect(events).toBeGreaterThan(COUNT);
  }, 600_000);

  it(`on ${MODULAR_COUNT} larger, sparser inventories: modules computed apart, events shared across data sets`, async () => {
    const models = Array.from({ length: MODULAR_COUNT }, (_, i) => modularModel(BASE_SEED + COUNT + i));
    const { problems, tops, work } = await checkAgainstScram(models);
    console.log(`probability oracle (modular): ${MODULAR_COUNT} inventories, ${tops} top gates, ${work.trees} trees, ${work.diagrams} diagrams`);
    expect(problems.length, problems.slice(0, 3).join('\n\n')).toBe(0);
    // Both ways of computing a tree were compared: closed forms over modules, and diagrams.
    expect(work.trees - work.diagrams).toBeGreaterThan(tops);
    expect(work.diagrams).toBeGreaterThan(MODULAR_COUNT);
    // Shared trees were computed from their clauses too (the second way), and compared.
    expect(work.fromClauses).toBeGreaterThan(MODULAR_COUNT);
  }, 600_000);

  it('on every example, under the baseline policy', async () => {
    const models = exampleModels();
    expect(models.length).toBeGreaterThan(3);
    const { problems } = await checkAgainstScram(models, 4);
    expect(problems, problems.join('\n\n')).toEqual([]);
  }, 120_000);
});

