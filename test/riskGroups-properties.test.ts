// The packed risk-group computation (src/model/eventSets.ts, riskGroups.ts) against a plain
// reference written for clarity, not speed: every gate's family as arrays, AND as the full
// cross product, minimisation by pairwise subset tests. Random fault graphs, not inventories, so
// that shapes the model builder never makes (wide ANDs of shared gates, deep chains, families
// that overlap in many events) are covered too; the SCRAM oracle covers real inventories.
// 300 graphs by default, 3000 with BCAUDIT_TEST_FULL=1.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { reachableGates } from '../src/model/build.js';
import { SetList, sortInto } from '../src/model/eventSets.js';
import { compareGroups, computeRiskGroups, gateFamilies } from '../src/model/riskGroups.js';
import type { FaultGraph, Gate } from '../src/model/types.js';
import { scaled } from './support/scale.js';

const RUNS = scaled(300, 3000);

interface RandomGate {
  and: boolean;
  events: number[];
  gates: number[];
}

/** A fault graph over `events` events with these gates (inputs taken modulo what exists); every gate is a data set. */
function graphOf(events: number, gates: RandomGate[]): FaultGraph {
  const built: Gate[] = gates.map((g, index) => {
    const inputs = index === 0 ? [] : [...new Set(g.gates.map((x) => x % index))];
    // A gate without inputs has no sets and empties every AND above it: give it an event.
    const own = g.events.length === 0 && inputs.length === 0 ? [index] : g.events;
    return { index, id: `g${index}`, op: g.and ? 'and' : 'or', events: [...new Set(own.map((e) => e % events))], gates: inputs };
  });
  return {
    events: Array.from({ length: events }, (_, index) => ({ index, id: `e${String(index).padStart(2, '0')}`, kind: 'backup', subject: `s${index}` })),
    gates: built,
    eventIndex: new Map(),
    gateIndex: new Map(built.map((g) => [g.id, g.index])),
    dataSets: built.map((g) => ({ id: `ds${g.index}`, gate: g.index, primary: g.index, copies: [] })),
    failureOf: new Map(),
  };
}

const input = fc.nat(1000);

/** Any gates over any earlier gates and events. */
const anyGraphs = fc
  .record({
    events: fc.integer({ min: 1, max: 14 }),
    gates: fc.array(fc.record({ and: fc.boolean(), events: fc.array(input, { maxLength: 4 }), gates: fc.array(input, { maxLength: 4 }) }), { minLength: 1, maxLength: 14 }),
    maxOrder: fc.integer({ min: 1, max: 5 }),
  })
  .map(({ events, gates, maxOrder }) => ({ graph: graphOf(events, gates), maxOrder }));

/**
 * The model builder's shape, where products of large overlapping families are common: ORs over
 * few events and earlier ANDs (copies), ANDs over two or more earlier ORs only (data sets).
 */
const layeredGraphs = fc
  .record({
    events: fc.integer({ min: 2, max: 10 }),
    gates: fc.array(fc.tuple(fc.array(input, { minLength: 1, maxLength: 4 }), fc.array(input, { maxLength: 3 }), fc.array(input, { minLength: 2, maxLength: 3 })), {
      minLength: 1,
      maxLength: 7,
    }),
    maxOrder: fc.integer({ min: 2, max: 5 }),
  })
  .map(({ events, gates, maxOrder }) => {
    // Gate 2k is an OR (events, and ANDs before it); gate 2k+1 an AND over ORs before it.
    const random: RandomGate[] = gates.flatMap(([orEvents, orGates, andGates], k) => [
      { and: false, events: orEvents, gates: orGates.map((x) => 2 * (x % Math.max(1, k)) + 1).filter((g) => g < 2 * k) },
      { and: true, events: [], gates: andGates.map((x) => 2 * (x % (k + 1))) },
    ]);
    // Indices are already below each gate's own, so `% index` in graphOf keeps them.
    return { graph: graphOf(events, random), maxOrder };
  });

const graphs = fc.oneof(anyGraphs, layeredGraphs);

const key = (set: readonly number[]) => set.join(',');

/** Minimal sets of `family` (sorted arrays), each once, in DESIGN §5 order. */
function minimal(family: number[][]): number[][] {
  const unique = [...new Map(family.map((s) => [key(s), s])).values()];
  const subset = (a: number[], b: number[]) => a.length < b.length && a.every((e) => b.includes(e));
  return unique.filter((s) => !unique.some((t) => subset(t, s))).sort((a, b) => a.length - b.length || compareNumbers(a, b));
}

function compareNumbers(a: number[], b: number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return 0;
}

/** The reference: every reachable gate's minimal sets of at most maxOrder events. */
function referenceFamilies(graph: FaultGraph, maxOrder: number): (number[][] | undefined)[] {
  const families: (number[][] | undefined)[] = [];
  const reachable = reachableGates(graph);
  for (const gate of graph.gates) {
    if (!reachable[gate.index]) {
      families.push(undefined);
      continue;
    }
    const inputs = [...gate.events.map((e) => [[e]]), ...gate.gates.map((g) => families[g]!)];
    let family: number[][];
    if (gate.op === 'or') family = inputs.flat();
    else if (inputs.length === 0) family = [];
    else
      family = inputs.reduce((acc, next) =>
        acc.flatMap((a) => next.map((b) => [...new Set([...a, ...b])].sort((x, y) => x - y))).filter((s) => s.length <= maxOrder),
      );
    families.push(minimal(family));
  }
  return families;
}

describe('risk groups against a plain reference', () => {
  it('every gate has the same minimal sets', () => {
    fc.assert(
      fc.property(graphs, ({ graph, maxOrder }) => {
        const ours = gateFamilies(graph, { maxOrder }).map((f) => f && minimalOrder(f));
        expect(ours).toEqual(referenceFamilies(graph, maxOrder));
      }),
      { numRuns: RUNS },
    );
  });

  it('every data set has the reference groups, as id lists in DESIGN §5 order', () => {
    fc.assert(
      fc.property(graphs, ({ graph, maxOrder }) => {
        const reference = referenceFamilies(graph, maxOrder);
        const ids = graph.events.map((e) => e.id);
        for (const ds of computeRiskGroups(graph, { maxOrder })) {
          const expected = reference[Number(ds.id.slice(2))]!.map((s) => s.map((e) => ids[e]!));
          expect(ds.groups).toEqual(expected);
          expect([...ds.groups].sort(compareGroups)).toEqual(ds.groups);
          expect(ds.independence).toBe(expected[0]?.length ?? null);
        }
      }),
      { numRuns: RUNS },
    );
  });
});

/** A family in the reference's order (gateFamilies promises the sets, not their order). */
function minimalOrder(family: number[][]): number[][] {
  return [...family].sort((a, b) => a.length - b.length || compareNumbers(a, b));
}

describe('sorting a packed family', () => {
  it('gives DESIGN §5 order whether the sets fit in one number each (few events) or not (many)', () => {
    const sets = fc.uniqueArray(fc.uniqueArray(fc.nat(2 ** 21), { minLength: 1, maxLength: 5 }).map((s) => s.sort((a, b) => a - b)), {
      selector: (s) => key(s),
      maxLength: 40,
    });
    fc.assert(
      fc.property(sets, fc.constantFrom(2 ** 21 + 1, 2 ** 31 - 1), (family, eventCount) => {
        const list = new SetList(5);
        list.pushSingle(7, 0); // sets before `start` are left out
        for (const set of family) {
          list.pushSingle(set[0]!, 0);
          for (let k = 1; k < set.length; k++) list.elems[(list.count - 1) * 5 + k] = set[k]!;
          list.sizes[list.count - 1] = set.length;
        }
        const events = new Int32Array(family.flat().length);
        const offsets = new Int32Array(family.length + 1).fill(-1);
        sortInto(list, 1, family.length, eventCount, events, offsets);
        const seen = family.map((_, k) => Array.from(events.subarray(offsets[k]!, offsets[k + 1]!)));
        expect(offsets[family.length]).toBe(events.length);
        expect(seen).toEqual([...family].sort((a, b) => a.length - b.length || compareNumbers(a, b)));
      }),
      { numRuns: RUNS },
    );
  });
});
