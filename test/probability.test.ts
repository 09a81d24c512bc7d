// Loss probability and importance (DESIGN §3 "Likelihood") against brute force: on small random
// fault graphs every assignment of the events is enumerated, so P(loss), P(loss | event
// impossible) and P(event | loss) are sums over worlds, independent of the BDD. Plus likelihoods
// from policies and inventories, and their validation.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { audit } from '../src/audit.js';
import { parseInventory } from '../src/inventory/load.js';
import { buildFaultGraph } from '../src/model/build.js';
import { eventLikelihoods } from '../src/model/likelihood.js';
import { fixFirst } from '../src/model/lossFigures.js';
import { Bdd } from '../src/model/bdd.js';
import { BddLimitError } from '../src/model/limits.js';
import { analyseProbability, importanceOrder, lossProbabilityGiven } from '../src/model/probability.js';
import { evaluateGates } from '../src/model/simulate.js';
import type { FaultGraph, Gate } from '../src/model/types.js';
import type { BuiltinPolicyName } from '../src/policy/builtin.js';
import { parsePolicy } from '../src/policy/load.js';
import { Random, generateInventory, inventoryToYaml } from './support/generate.js';

const readBuiltin = (name: BuiltinPolicyName) => ({ text: readFileSync(`policies/${name}.yml`, 'utf8'), file: `policies/${name}.yml` });

function policy(text: string, file = 'policy.yml') {
  return parsePolicy({ text, file }, readBuiltin);
}

function baseline() {
  const result = policy(readBuiltin('baseline').text, 'policies/baseline.yml');
  if (!result.ok) throw new Error(result.problems.map((p) => p.message).join('\n'));
  return result.policy;
}

function inventory(yaml: string) {
  const result = parseInventory(yaml, 'test.yaml');
  if (!result.ok) throw new Error(result.problems.map((p) => `${p.pos.line}:${p.pos.column} ${p.message}`).join('\n'));
  return result.inventory;
}

/** A random fault graph with shared subgates: AND/OR gates over earlier gates and events. */
function randomGraph(seed: number): FaultGraph {
  const rnd = new Random(seed);
  const eventCount = rnd.int(1, 10);
  const events = Array.from({ length: eventCount }, (_, i) => ({ index: i, id: `e${String(i).padStart(2, '0')}`, kind: 'store' as const, subject: `e${i}` }));
  const gates: Gate[] = [];
  const gateCount = rnd.int(1, 8);
  for (let g = 0; g < gateCount; g++) {
    const inputs = new Set<number>();
    const gateInputs = new Set<number>();
    const n = rnd.int(1, 4);
    for (let k = 0; k < n; k++) {
      if (g > 0 && rnd.chance(0.4)) gateInputs.add(rnd.int(0, g - 1));
      else inputs.add(rnd.int(0, eventCount - 1));
    }
    gates.push({ index: g, id: `g${g}`, op: rnd.chance(0.5) ? 'and' : 'or', events: [...inputs].sort((a, b) => a - b), gates: [...gateInputs] });
  }
  const tops = [gateCount - 1, ...(gateCount > 1 && rnd.chance(0.5) ? [rnd.int(0, gateCount - 2)] : [])];
  return {
    events,
    gates,
    eventIndex: new Map(events.map((e) => [e.id, e.index])),
    gateIndex: new Map(gates.map((g) => [g.id, g.index])),
    dataSets: tops.map((t, i) => ({ id: `d${i}`, gate: t, primary: t, copies: [] })),
    failureOf: new Map(),
  };
}

/** P(top), and P(e and top) for every event, by enumerating every world. */
function worlds(graph: FaultGraph, p: readonly number[], top: (state: boolean[]) => boolean) {
  const n = graph.events.length;
  let total = 0;
  const withEvent = new Array<number>(n).fill(0);
  for (let world = 0; world < 1 << n; world++) {
    let weight = 1;
    const failed = new Set<number>();
    for (let e = 0; e < n; e++) {
      if (world & (1 << e)) {
        weight *= p[e]!;
        failed.add(e);
      } else weight *= 1 - p[e]!;
    }
    if (!top(evaluateGates(graph, failed))) continue;
    total += weight;
    for (let e = 0; e < n; e++) if (world & (1 << e)) withEvent[e]! += weight;
  }
  return { total, withEvent };
}

/** As `worlds`, plus P(top | e impossible) for every event: the same enumeration with p(e) = 0. */
function bruteForce(graph: FaultGraph, p: readonly number[], top: (state: boolean[]) => boolean) {
  const without = p.map((_, e) => worlds(graph, p.map((q, i) => (i === e ? 0 : q)), top).total);
  return { ...worlds(graph, p, top), without };
}

describe('exact loss probability and importance', () => {
  const close = (a: number, b: number) => Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(b));

  // Both ways of computing shared trees: BDDs while small (the default), and clauses first.
  it.each([
    ['', undefined],
    [', computed from clauses', 0],
  ] as const)('equal brute force on 200 random graphs with shared subgates%s', (_, smallDiagram) => {
    const failures: string[] = [];
    let fromClauses = 0;
    for (let seed = 1; seed <= 200; seed++) {
      const graph = randomGraph(seed);
      const rnd = new Random(seed * 7919);
      const p = graph.events.map(() => (rnd.chance(0.1) ? rnd.pick([0, 1]) : rnd.int(1, 999) / 1000));
      const eventProbability = new Map(graph.events.map((e) => [e.id, p[e.index]!]));
      const way = smallDiagram === undefined ? {} : { smallDiagram };
      const result = analyseProbability(graph, { policy: 'test', eventProbability, isCritical: (id) => id === 'd0', ...way });
      fromClauses += result.work.fromClauses;
      graph.dataSets.forEach((ds) => {
        const brute = bruteForce(graph, p, (state) => state[ds.gate]!);
        const ours = result.dataSets.get(ds.id)!;
        if (!close(ours.lossProbability, brute.total)) failures.push(`seed ${seed} ${ds.id}: P ${ours.lossProbability} vs ${brute.total}`);
        for (const imp of ours.importance) {
          const e = graph.eventIndex.get(imp.event)!;
          if (!close(imp.lossWithout, brute.without[e]!)) failures.push(`seed ${seed} ${ds.id} ${imp.event}: without ${imp.lossWithout} vs ${brute.without[e]}`);
          const fv = brute.total > 0 ? brute.withEvent[e]! / brute.total : 0;
          if (!close(imp.fussellVesely, fv)) failures.push(`seed ${seed} ${ds.id} ${imp.event}: FV ${imp.fussellVesely} vs ${fv}`);
        }
        // Events left out of the importance list are those the loss does not depend on.
        const listed = new Set(ours.importance.map((i) => i.event));
        for (const e of graph.events) {
          if (!listed.has(e.id) && !close(brute.without[e.index]!, brute.total) && p[e.index]! < 1) {
            failures.push(`seed ${seed} ${ds.id}: ${e.id} changes the loss but is not listed`);
          }
        }
      });
      const critical = bruteForce(graph, p, (state) => state[graph.dataSets[0]!.gate]!);
      if (!close(result.critical!.lossProbability, critical.total)) failures.push(`seed ${seed} critical`);
      if (graph.dataSets.length > 1) {
        const any = analyseProbability(graph, { policy: 'test', eventProbability, isCritical: () => false, ...way });
        const brute = bruteForce(graph, p, (state) => graph.dataSets.some((d) => state[d.gate]!));
        expect(any.scope).toBe('all');
        if (!close(any.critical!.lossProbability, brute.total)) failures.push(`seed ${seed} any: ${any.critical!.lossProbability} vs ${brute.total}`);
      }
    }
    expect(failures.slice(0, 10)).toEqual([]);
    if (smallDiagram === 0) expect(fromClauses).toBeGreaterThan(50);
  });

  it('sorts importance by loss without the event, then id, and fixFirst takes the biggest cuts', () => {
    const inv = inventory(`version: 1
providers: { p: { kind: cloud } }
identities: { a: { kind: person } }
accounts: { acc: { provider: p, admins: [a] } }
stores: { db: { kind: database, account: acc, criticality: critical } }
targets: { t: { kind: object-storage, account: acc } }
backups: { y: { of: db, to: t } }
`);
    const result = audit(inv, { maxOrder: 3, policy: baseline(), now: '2026-12-04' }).probability!;
    const imp = result.dataSets.get('db')!.importance;
    for (let i = 1; i < imp.length; i++) {
      expect(imp[i - 1]!.lossWithout < imp[i]!.lossWithout || (imp[i - 1]!.lossWithout === imp[i]!.lossWithout && imp[i - 1]!.event < imp[i]!.event)).toBe(true);
    }
    expect(result.scope).toBe('critical');
    expect(result.policy).toBe('baseline');
    const fixes = fixFirst(result, 2);
    expect(fixes.map((f) => f.event)).toEqual(imp.slice(0, 2).map((i) => i.event));
    for (const f of fixes) {
      expect(f.before).toBe(result.critical!.lossProbability);
      expect(f.after).toBeLessThan(f.before);
    }
  });

  it('with events forced, gives the loss probability of what is left', () => {
    const inv = inventory(`version: 1
providers: { p: { kind: cloud }, q: { kind: storage } }
identities: { a: { kind: person } }
accounts: { acc: { provider: p, admins: [a] }, off: { provider: q, admins: [a] } }
stores: { db: { kind: database, account: acc, criticality: critical } }
targets: { t: { kind: object-storage, account: off } }
backups: { y: { of: db, to: t } }
`);
    const graph = buildFaultGraph(inv);
    const policy = baseline();
    const eventProbability = eventLikelihoods(graph, inv, policy.likelihood!);
    const options = { policy: policy.name, eventProbability, isCritical: () => true };
    const before = lossProbabilityGiven(graph, options, []);
    const primaryGone = lossProbabilityGiven(graph, options, ['provider:p']);
    const both = lossProbabilityGiven(graph, options, ['provider:p', 'provider:q']);
    expect(before.dataSets.get('db')).toBeCloseTo(analyseProbability(graph, options).dataSets.get('db')!.lossProbability, 15);
    expect(primaryGone.dataSets.get('db')!).toBeGreaterThan(before.dataSets.get('db')!);
    expect(both.dataSets.get('db')).toBe(1);
    expect(both.critical).toBe(1);
  });
});

describe('the order of an importance list', () => {
  /** The key as it was computed before it was packed into the doubles' low bits. */
  const roundedTo40Bits = (x: number): number => {
    if (!(x > 0) || !Number.isFinite(x)) return x;
    const step = 2 ** (Math.floor(Math.log2(x)) - 40);
    return Math.round(x / step) * step;
  };
  const byComparison = (events: Int32Array, without: Float64Array): number[] =>
    Array.from({ length: events.length }, (_, i) => i).sort(
      (a, b) => roundedTo40Bits(without[a]!) - roundedTo40Bits(without[b]!) || events[a]! - events[b]!,
    );
  /** Distinct event numbers in random order, and figures with ties, zeros and differences past 40 bits. */
  const list = (rnd: Random, n: number, tiny: boolean): { events: Int32Array; without: Float64Array } => {
    const numbers = Array.from({ length: n * 3 }, (_, i) => i);
    for (let i = numbers.length - 1; i > 0; i--) {
      const j = rnd.int(0, i);
      [numbers[i], numbers[j]] = [numbers[j]!, numbers[i]!];
    }
    const pool = Array.from({ length: 5 }, () => rnd.next() * 10 ** -rnd.int(0, 12));
    const without = Float64Array.from({ length: n }, () => {
      const r = rnd.next();
      if (r < 0.15) return 0;
      if (r < 0.4) return rnd.pick(pool);
      // Equal to a pooled figure but for the last bits, or just past a power of two.
      if (r < 0.55) return rnd.pick(pool) * (1 + rnd.pick([2 ** -45, -(2 ** -46), 2 ** -52, 2 ** -41]));
      if (r < 0.65) return 2 ** -rnd.int(1, 60) * (1 - 2 ** -52);
      if (tiny && r < 0.75) return rnd.next() * 2 ** -1040;
      return rnd.next() * 10 ** -rnd.int(0, 300);
    });
    return { events: Int32Array.from(numbers.slice(0, n)), without };
  };

  it('is by loss without the event at 40 bits, then by event number, as a comparison sort orders it', () => {
    const failures: number[] = [];
    for (let seed = 1; seed <= 300; seed++) {
      const rnd = new Random(seed);
      const { events, without } = list(rnd, rnd.int(0, 200), false);
      if (JSON.stringify(Array.from(importanceOrder(events, without))) !== JSON.stringify(byComparison(events, without))) failures.push(seed);
    }
    expect(failures).toEqual([]);
  });

  it('is the order of the lists the quantifier ranks in WebAssembly, ties included', () => {
    let ties = 0;
    for (let seed = 1; seed <= 300; seed++) {
      const graph = randomGraph(seed);
      const rnd = new Random(seed * 104729);
      // Few distinct likelihoods: symmetric events tie, or differ only by rounding.
      const eventProbability = new Map(graph.events.map((e) => [e.id, rnd.pick([0.1, 0.2, 0.5])]));
      const result = analyseProbability(graph, { policy: 'test', eventProbability, isCritical: (id) => id === 'd0' });
      for (const [id, { importance }] of result.dataSets) {
        const events = Int32Array.from(importance, (i) => graph.eventIndex.get(i.event)!);
        const without = Float64Array.from(importance, (i) => i.lossWithout);
        expect([...importanceOrder(events, without)], `seed ${seed} ${id}`).toEqual(importance.map((_, k) => k));
        for (let k = 1; k < importance.length; k++) if (importance[k]!.lossWithout === importance[k - 1]!.lossWithout) ties++;
      }
      // The OR over one critical data set is that data set's tree, ranked in JavaScript.
      expect(result.critical, `seed ${seed}`).toEqual(result.dataSets.get('d0'));
    }
    expect(ties).toBeGreaterThan(100);
  });

  it('is the same where it cannot pack the keys: 4,096 events or more, figures below 2^-1000', () => {
    const rnd = new Random(7);
    for (const [n, tiny] of [
      [5000, false],
      [300, true],
    ] as const) {
      const { events, without } = list(rnd, n, tiny);
      expect(Array.from(importanceOrder(events, without))).toEqual(byComparison(events, without));
    }
  });
});

describe('the budget of the exact computation', () => {
  // db's copies share admin a and account acc: its tree needs a diagram. solo's copies share
  // nothing, so its figure is a closed form over modules and needs none.
  const inv = () =>
    inventory(`version: 1
providers: { p: { kind: cloud }, q: { kind: storage }, r: { kind: hosting } }
identities: { a: { kind: person }, b: { kind: person }, c: { kind: person } }
accounts: { acc: { provider: p, admins: [a, b] }, off: { provider: q, admins: [b] } }
stores:
  db: { kind: database, account: acc, criticality: critical }
  solo: { kind: database, account: off, criticality: high }
targets: { t: { kind: object-storage, account: off }, u: { kind: nas, site: home, admins: [a] }, v: { kind: nas, provider: r, site: away, admins: [c] } }
backups: { y: { of: db, to: t }, z: { of: db, to: u }, w: { of: solo, to: v, mode: backup } }
`);

  it('leaves a figure over the node budget unavailable, with the reason, and computes the others', () => {
    const i = inv();
    const graph = buildFaultGraph(i);
    const options = { policy: 'test', eventProbability: eventLikelihoods(graph, i, baseline().likelihood!), isCritical: (id: string) => id === 'db' };
    const small = analyseProbability(graph, { ...options, maxNodes: 3 });
    expect([...small.unavailable.keys()]).toEqual(['db']);
    expect(small.unavailable.get('db')).toMatch(/more than 3 nodes \(--max-bdd-nodes\)/);
    expect(small.dataSets.has('db')).toBe(false);
    expect(small.critical).toBeNull();
    expect(small.criticalUnavailable).toMatch(/--max-bdd-nodes/);
    const full = analyseProbability(graph, options);
    expect(full.unavailable.size).toBe(0);
    // What survives the budget is the same figure as without it.
    expect(small.dataSets.get('solo')).toEqual(full.dataSets.get('solo'));

    const result = audit(i, { maxOrder: 2, policy: baseline(), now: '2026-12-04', maxBddNodes: 3 });
    const db = result.dataSets.find((d) => d.id === 'db')!;
    expect(db.lossProbability).toBeUndefined();
    expect(db.lossProbabilityUnavailable).toMatch(/--max-bdd-nodes/);
    // Risk group probabilities are products of likelihoods, available whatever the budget.
    expect(db.riskGroupProbabilities).toHaveLength(db.riskGroups.length);
    expect(result.dataSets.find((d) => d.id === 'solo')!.lossProbability).toBe(full.dataSets.get('solo')!.lossProbability);
  });

  it('gives the OR over critical data its own budget: data sets survive when only the union is too big', () => {
    const i = inv();
    const graph = buildFaultGraph(i);
    const options = { policy: 'test', eventProbability: eventLikelihoods(graph, i, baseline().likelihood!), isCritical: () => true };
    const outcomes = Array.from({ length: 60 }, (_, n) => analyseProbability(graph, { ...options, maxNodes: n + 2 }));
    const unionOnly = outcomes.find((r) => r.unavailable.size === 0 && r.critical === null);
    expect(unionOnly, 'some budget fits every data set but not the union').toBeDefined();
    expect(unionOnly!.criticalUnavailable).toMatch(/--max-bdd-nodes/);
    expect(analyseProbability(graph, options).critical).not.toBeNull();
  });

  it('does not attempt the union over critical data when one of its data sets is over the budget: the reason names it', () => {
    const i = inv();
    const graph = buildFaultGraph(i);
    const options = { policy: 'test', eventProbability: eventLikelihoods(graph, i, baseline().likelihood!), isCritical: () => true };
    const outcomes = Array.from({ length: 60 }, (_, n) => analyseProbability(graph, { ...options, maxNodes: n + 2 }));
    const dbOnly = outcomes.find((r) => r.unavailable.size === 1 && r.unavailable.has('db'));
    expect(dbOnly, 'some budget fits solo but not db').toBeDefined();
    expect(dbOnly!.critical).toBeNull();
    expect(dbOnly!.criticalUnavailable).toMatch(/^it needs the loss of data set db, whose exact computation needs a decision diagram of more than \d+ nodes \(--max-bdd-nodes\)$/);
  });
});

describe('trees computed from their clauses', () => {
  // The 1k benchmark inventory: data sets with 60 copies that meet in a few shared admins,
  // providers and targets. 0db's BDD takes 176,000 nodes and db-1's outgrows 300,000.
  const i = inventory(inventoryToYaml(generateInventory(20261124 + 1000, { entities: 1000, waivers: false })));
  const graph = buildFaultGraph(i);
  const options = { policy: 'test', eventProbability: eventLikelihoods(graph, i, baseline().likelihood!), isCritical: (id: string) => id === '0db' || id === 'db-1' };

  it('give the figures a large BDD gives, and those it cannot give within the budget', () => {
    const bddOnly = analyseProbability(graph, { ...options, smallDiagram: Infinity });
    const result = analyseProbability(graph, options);
    expect(bddOnly.unavailable.get('db-1')).toMatch(/--max-bdd-nodes/);
    expect(result.unavailable.size).toBe(0);
    expect(result.work.fromClauses).toBeGreaterThanOrEqual(2);
    const close = (a: number, b: number) => Math.abs(a - b) <= 1e-12 * Math.abs(b);
    const ours = result.dataSets.get('0db')!;
    const theirs = bddOnly.dataSets.get('0db')!;
    expect(close(ours.lossProbability, theirs.lossProbability)).toBe(true);
    expect(ours.importance.map((x) => x.event).sort()).toEqual(theirs.importance.map((x) => x.event).sort());
    for (const x of ours.importance) {
      const y = theirs.importance.find((t) => t.event === x.event)!;
      expect(close(x.lossWithout, y.lossWithout) && close(x.fussellVesely, y.fussellVesely), x.event).toBe(true);
    }
    // db-1 against a BDD with ten times the budget.
    const larger = analyseProbability(graph, { ...options, smallDiagram: Infinity, maxNodes: 3_000_000 }).dataSets.get('db-1')!;
    expect(close(result.dataSets.get('db-1')!.lossProbability, larger.lossProbability)).toBe(true);
  });

  it('leave a tree unavailable when counting outgrows the budget, without building its diagram', () => {
    // db-1 reads about 25,000 clauses and 0db 15,000; a budget of 40,000 nodes allows 20,000 reads.
    const result = analyseProbability(graph, { ...options, maxNodes: 40_000 });
    expect(result.unavailable.get('db-1')).toBe('the exact computation outgrew its budget of 40,000 nodes (--max-bdd-nodes)');
    expect(result.dataSets.has('0db')).toBe(true);
    expect(result.work.largestDiagram).toBeLessThan(40_000);
  });
});

describe('likelihoods', () => {
  it('every built-in policy gives every class a figure', () => {
    for (const name of ['baseline', 'strict', 'minimal'] as const) {
      const result = policy(readBuiltin(name).text, `policies/${name}.yml`);
      expect(result.ok && result.policy.likelihood !== undefined, name).toBe(true);
    }
  });

  it('minimal states the same figures as baseline', () => {
    const minimal = policy(readBuiltin('minimal').text, 'policies/minimal.yml');
    expect(minimal.ok && minimal.policy.likelihood).toEqual(baseline().likelihood);
  });

  it('come from the entity, then the policy by event id, then the policy by class', () => {
    const custom = policy(`version: 1
extends: baseline
likelihood:
  provider: 0.02
  site:office: 0.3
`);
    if (!custom.ok) throw new Error(custom.problems[0]!.message);
    const inv = inventory(`version: 1
providers: { p: { kind: cloud, likelihood: 0.5 }, q: { kind: self } }
identities: { a: { kind: person, likelihood: { lost: 0.25 } } }
accounts: { acc: { provider: p, admins: [a], likelihood: 0 } }
stores: { db: { kind: database, account: acc, criticality: high, site: office, region: r1 } }
targets: { t: { kind: nas, provider: q, admins: [a], site: basement } }
backups: { y: { of: db, to: t, likelihood: 1 } }
`);
    const graph = buildFaultGraph(inv);
    const p = eventLikelihoods(graph, inv, custom.policy.likelihood!);
    expect(p.get('provider:p')).toBe(0.5);
    expect(p.get('provider:q')).toBe(0.02);
    expect(p.get('identity:a:lost')).toBe(0.25);
    expect(p.get('identity:a:compromised')).toBe(0.02);
    expect(p.get('account:acc')).toBe(0);
    expect(p.get('site:office')).toBe(0.3);
    expect(p.get('site:basement')).toBe(0.01);
    expect(p.get('region:p/r1')).toBe(0.002);
    expect(p.get('backup:y')).toBe(1);
    // An array by event index underneath, read as a map by id.
    expect(p.size).toBe(graph.events.length);
    expect([...p.keys()]).toEqual(graph.events.map((e) => e.id));
    expect([...p].map(([id, x]) => [id, x, p.has(id)])).toEqual(graph.events.map((e) => [e.id, p.byIndex[e.index], true]));
    expect(p.get('provider:none')).toBeUndefined();
    expect(p.has('provider:none')).toBe(false);
  });

  it('a policy without likelihoods computes no probabilities', () => {
    const bare = policy('version: 1\nrules:\n  no-backup:\n');
    if (!bare.ok) throw new Error(bare.problems[0]!.message);
    expect(bare.policy.likelihood).toBeUndefined();
    const inv = inventory(`version: 1
providers: { p: { kind: cloud } }
accounts: { acc: { provider: p } }
stores: { db: { kind: database, account: acc, criticality: high } }
`);
    const result = audit(inv, { maxOrder: 2, policy: bare.policy, now: '2026-12-04' });
    expect(result.probability).toBeUndefined();
    expect(result.dataSets[0]!.lossProbability).toBeUndefined();
    const withBaseline = audit(inv, { maxOrder: 2, policy: baseline(), now: '2026-12-04' });
    expect(withBaseline.dataSets[0]!.riskGroupProbabilities).toHaveLength(withBaseline.dataSets[0]!.riskGroups.length);
  });

  it('outside [0, 1] are input errors at their line and column, in policies and inventories', () => {
    const bad = policy('version: 1\nextends: baseline\nlikelihood:\n  key: 1.5\n  region:x/y: -0.1\n');
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.problems.map((p) => [p.pos.line, p.pos.column])).toEqual([
        [4, 8],
        [5, 15],
      ]);
    }
    const unknownClass = policy('version: 1\nextends: baseline\nlikelihood:\n  keys: 0.1\n');
    expect(!unknownClass.ok && unknownClass.problems[0]!.pos.line).toBe(4);
    const incomplete = policy('version: 1\nlikelihood:\n  key: 0.1\n');
    expect(!incomplete.ok && incomplete.problems[0]!.message).toMatch(/no annual probability for provider, account, billing/);

    const result = parseInventory(
      `version: 1
providers: { p: { kind: cloud, likelihood: 2 } }
identities:
  a:
    kind: person
    likelihood: { lost: 0.1, compromised: -1 }
accounts: { acc: { provider: p, admins: [a] } }
stores: { db: { kind: database, account: acc, criticality: high } }
`,
      'inv.yaml',
    );
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems.map((p) => `${p.pos.line}:${p.pos.column}`)).toEqual(['2:44', '6:43']);
  });
});

describe('decision diagram manager', () => {
  /** OR over pairs (x_i AND y_i): a diagram whose size depends on the order, here interleaved. */
  function build(bdd: Bdd, pairs: number): number {
    const terms = Array.from({ length: pairs }, (_, k) => bdd.chain('and', [2 * k, 2 * k + 1]));
    return bdd.applyAll('or', terms);
  }

  it('reset reuses the memory: a small diagram after a large one equals a fresh one, node for node', () => {
    const fresh = new Bdd(Infinity, 64);
    const top = build(fresh, 3);
    const reused = new Bdd(Infinity, 64);
    build(reused, 400);
    expect(reused.size).toBeGreaterThan(1000);
    reused.reset(Infinity, 8);
    expect(build(reused, 3)).toBe(top);
    expect(reused.size).toBe(fresh.size);
    const levelP = Float64Array.from({ length: 6 }, (_, k) => 0.1 + k / 10);
    expect(reused.probabilities(levelP)[top]).toBe(fresh.probabilities(levelP)[top]);
    const [a, b] = [reused.nodeArrays(), fresh.nodeArrays()];
    for (let n = 2; n < fresh.size; n++) expect([a.level[n], a.low[n], a.high[n]]).toEqual([b.level[n], b.low[n], b.high[n]]);
  });

  it('a diagram stopped by its budget resumes under a raised one, keeping its nodes: the same function as built in one go', () => {
    const fresh = new Bdd(Infinity, 64);
    const top = build(fresh, 30);
    const resumed = new Bdd(40, 64);
    expect(() => build(resumed, 30)).toThrow(BddLimitError);
    const kept = resumed.size;
    resumed.raiseLimit(Infinity);
    const again = build(resumed, 30);
    expect(resumed.size).toBeGreaterThanOrEqual(kept);
    const levelP = Float64Array.from({ length: 60 }, (_, k) => ((k * 37) % 100) / 100);
    expect(resumed.probabilities(levelP)[again]).toBe(fresh.probabilities(levelP)[top]);
  });

  it('combines many inputs smallest first: the same diagram as pairs in input order, with fewer nodes made on the way', () => {
    // A large OR of ANDs (x_k at level k, y_k at level 6 + k) and, below it, 15 single events. In
    // input order the large one meets a small one at every round and is copied each time.
    function inputs(bdd: Bdd): number[] {
      const pairs = Array.from({ length: 6 }, (_, k) => bdd.chain('and', [k, 6 + k]));
      const large = pairs.slice(1).reduce((f, p) => bdd.apply('or', f, p), pairs[0]!);
      return [large, ...Array.from({ length: 15 }, (_, k) => bdd.variable(12 + k))];
    }
    const smallestFirst = new Bdd(Infinity, 64);
    const top = smallestFirst.applyAll('or', inputs(smallestFirst));
    const made = smallestFirst.size;
    const inOrder = new Bdd(Infinity, 64);
    let layer = inputs(inOrder);
    while (layer.length > 1) layer = Array.from({ length: Math.ceil(layer.length / 2) }, (_, i) => (2 * i + 1 < layer.length ? inOrder.apply('or', layer[2 * i]!, layer[2 * i + 1]!) : layer[2 * i]!));
    expect(smallestFirst.sizeOf(top)).toBe(inOrder.sizeOf(layer[0]!));
    // The same function: folding the inputs one by one in the same manager finds the same node.
    const again = inputs(smallestFirst).reduce((f, g) => smallestFirst.apply('or', f, g), 0);
    expect(again).toBe(top);
    // 365 nodes made against 732.
    expect(made).toBeLessThan(inOrder.size / 1.5);
  });

  it('over its budget it throws BddLimitError, and after reset it builds again', () => {
    const bdd = new Bdd(50, 64);
    expect(() => build(bdd, 100)).toThrow(BddLimitError);
    bdd.reset(Infinity, 64);
    const top = build(bdd, 2);
    const levelP = new Float64Array([0.5, 0.5, 0.5, 0.5]);
    // 1 - (1 - 1/4)^2
    expect(bdd.probabilities(levelP)[top]).toBeCloseTo(7 / 16, 15);
  });
});
