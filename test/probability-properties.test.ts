// Properties every loss probability must have, on random inventories (test/support/generate.ts)
// with random likelihoods: raising one event's likelihood never lowers a loss probability; an
// independent backup never raises one; a single point of failure bounds it from below.
// 100 runs per property by default, 1000 with BCAUDIT_TEST_FULL=1.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseInventory } from '../src/inventory/load.js';
import { buildFaultGraph } from '../src/model/build.js';
import { analyseProbability, lossProbabilityGiven } from '../src/model/probability.js';
import { computeRiskGroups } from '../src/model/riskGroups.js';
import type { FaultGraph } from '../src/model/types.js';
import { Random, generateInventory, inventoryToYaml, type GeneratedInventory } from './support/generate.js';

const RUNS = process.env.BCAUDIT_TEST_FULL === '1' ? 1000 : 100;
/** Loss probabilities are sums of products: allow for rounding in the last bits. */
const EPSILON = 1e-12;

function graphOf(raw: GeneratedInventory): { graph: FaultGraph; critical: Set<string> } {
  const result = parseInventory(inventoryToYaml(raw), 'generated.yaml');
  if (!result.ok) throw new Error(result.problems[0]!.message);
  const critical = new Set([...result.inventory.stores.values()].filter((s) => s.criticality === 'critical').map((s) => s.id));
  return { graph: buildFaultGraph(result.inventory), critical };
}

/** Random likelihoods for every event id, deterministic in the seed. */
function likelihoods(graph: FaultGraph, seed: number, fixed: ReadonlyMap<string, number> = new Map()): Map<string, number> {
  const rnd = new Random(seed);
  return new Map(graph.events.map((e) => [e.id, fixed.get(e.id) ?? (rnd.chance(0.05) ? rnd.pick([0, 1]) : rnd.next())]));
}

const seeds = fc.integer({ min: 1, max: 2 ** 31 - 1 });

describe('loss probability', () => {
  it('never falls when one event becomes more likely', () => {
    fc.assert(
      fc.property(seeds, seeds, fc.double({ min: 0, max: 1, noNaN: true }), (seed, pSeed, raise) => {
        const { graph, critical } = graphOf(generateInventory(seed));
        const event = graph.events[pSeed % graph.events.length]!;
        const lower = likelihoods(graph, pSeed);
        const p = lower.get(event.id)!;
        const higher = new Map(lower).set(event.id, p + (1 - p) * raise);
        const options = { policy: 'test', isCritical: (id: string) => critical.has(id) };
        const before = lossProbabilityGiven(graph, { ...options, eventProbability: lower }, []);
        const after = lossProbabilityGiven(graph, { ...options, eventProbability: higher }, []);
        for (const [id, q] of before.dataSets) expect(after.dataSets.get(id)!).toBeGreaterThanOrEqual(q! - EPSILON);
        expect(after.critical!).toBeGreaterThanOrEqual(before.critical! - EPSILON);
      }),
      { numRuns: RUNS },
    );
  });

  it('never rises when a store gets an independent backup', () => {
    fc.assert(
      fc.property(seeds, seeds, fc.boolean(), (seed, pSeed, encrypted) => {
        const raw = generateInventory(seed);
        const { graph, critical } = graphOf(raw);
        const stores = Object.keys(raw.stores);
        const store = stores[pSeed % stores.length]!;
        // New provider, account, admin, billing and target, none shared with anything else.
        const extended: GeneratedInventory = structuredClone(raw);
        extended.providers['zz-provider'] = { kind: 'storage' };
        extended.identities['zz-admin'] = { kind: 'person' };
        extended.billing = { ...extended.billing, 'zz-billing': { kind: 'invoice' } };
        extended.accounts['zz-account'] = { provider: 'zz-provider', admins: ['zz-admin'], billing: 'zz-billing' };
        extended.targets = { ...extended.targets, 'zz-target': { kind: 'object-storage', account: 'zz-account', immutable: 'compliance' } };
        if (encrypted) extended.keys = { ...extended.keys, 'zz-key': { held_by: ['zz-admin'] } };
        extended.backups = { ...extended.backups, 'zz-backup': { of: store, to: 'zz-target', ...(encrypted ? { encryption: 'zz-key' } : {}) } };
        const more = graphOf(extended);

        const before = likelihoods(graph, pSeed);
        const after = likelihoods(more.graph, pSeed ^ 0x5a5a, before);
        const options = { policy: 'test', isCritical: (id: string) => critical.has(id) };
        const a = analyseProbability(graph, { ...options, eventProbability: before });
        const b = analyseProbability(more.graph, { ...options, eventProbability: after });
        for (const [id, loss] of a.dataSets) expect(b.dataSets.get(id)!.lossProbability).toBeLessThanOrEqual(loss.lossProbability + EPSILON);
        expect(b.critical!.lossProbability).toBeLessThanOrEqual(a.critical!.lossProbability + EPSILON);
      }),
      { numRuns: RUNS },
    );
  });

  it('is at least the likelihood of any single point of failure', () => {
    fc.assert(
      fc.property(seeds, seeds, (seed, pSeed) => {
        const { graph, critical } = graphOf(generateInventory(seed));
        const eventProbability = likelihoods(graph, pSeed);
        const result = analyseProbability(graph, { policy: 'test', eventProbability, isCritical: (id) => critical.has(id) });
        for (const ds of computeRiskGroups(graph, { maxOrder: 1 })) {
          const loss = result.dataSets.get(ds.id)!.lossProbability;
          for (const [event] of ds.groups) expect(loss).toBeGreaterThanOrEqual(eventProbability.get(event!)! - EPSILON);
        }
      }),
      { numRuns: RUNS },
    );
  });
});
