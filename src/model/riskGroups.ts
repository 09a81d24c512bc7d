// Exact minimal risk groups (minimal cut sets) up to a size bound, bottom-up over the fault graph.
//
// Each gate's family of minimal sets is computed once and shared by every data set above it.
// Dropping sets larger than the bound at every gate is exact: a minimal set of size <= K at the
// top is a union of minimal sets of size <= K of the inputs, and every proper subset of it that
// could make it non-minimal is smaller still, so it is never dropped.
import type { DataSetRiskGroups, FaultGraph } from './types.js';

/** A set of basic events: event indices, strictly ascending. */
export type EventSet = readonly number[];

export const MIN_ORDER = 1;
export const MAX_ORDER = 5;

/** Thrown when a family grows beyond what can be enumerated exactly in reasonable time and memory. */
export class RiskGroupLimitError extends Error {
  constructor(
    readonly gateId: string,
    readonly limit: number,
    readonly maxOrder: number,
  ) {
    super(
      `too many risk groups to enumerate exactly above order ${maxOrder - 1}: ` +
        `gate ${gateId} has more than ${limit} minimal groups of size <= ${maxOrder}; lower --max-order`,
    );
  }
}

export interface RiskGroupOptions {
  maxOrder: number;
  /** Largest family any one gate may hold before the computation stops with RiskGroupLimitError. */
  maxFamily?: number;
}

const keyOf = (set: EventSet): string => set.join(',');

/** Union of two ascending sets, or undefined when it would exceed the bound. */
function union(a: EventSet, b: EventSet, bound: number): number[] | undefined {
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const x = i < a.length ? a[i]! : Infinity;
    const y = j < b.length ? b[j]! : Infinity;
    if (x === y) {
      out.push(x);
      i++;
      j++;
    } else if (x < y) {
      out.push(x);
      i++;
    } else {
      out.push(y);
      j++;
    }
    if (out.length > bound) return undefined;
  }
  return out;
}

/** Keeps the sets with no proper subset in the family, without duplicates, sorted by size. */
export function minimise(family: EventSet[]): EventSet[] {
  const sorted = [...family].sort((a, b) => a.length - b.length);
  const kept: EventSet[] = [];
  const keys = new Set<string>();
  for (const set of sorted) {
    const key = keyOf(set);
    if (keys.has(key) || hasProperSubsetIn(set, keys)) continue;
    keys.add(key);
    kept.push(set);
  }
  return kept;
}

function hasProperSubsetIn(set: EventSet, keys: ReadonlySet<string>): boolean {
  const n = set.length;
  if (n <= 1 || keys.size === 0) return false;
  const full = (1 << n) - 1;
  const subset: number[] = [];
  for (let mask = 1; mask < full; mask++) {
    subset.length = 0;
    for (let bit = 0; bit < n; bit++) if (mask & (1 << bit)) subset.push(set[bit]!);
    if (keys.has(keyOf(subset))) return true;
  }
  return false;
}

/** Minimal sets of every gate in the graph, indexed like FaultGraph.gates. */
export function gateFamilies(graph: FaultGraph, options: RiskGroupOptions): EventSet[][] {
  const { maxOrder } = options;
  const maxFamily = options.maxFamily ?? 2_000_000;
  const families: EventSet[][] = new Array<EventSet[]>(graph.gates.length);
  for (const gate of graph.gates) {
    const inputs: EventSet[][] = [
      ...gate.events.map((e) => [[e]]),
      ...gate.gates.map((g) => families[g]!),
    ];
    let family: EventSet[];
    if (gate.op === 'or') {
      family = minimise(inputs.flat());
    } else {
      // Smallest families first keeps the intermediate products small.
      inputs.sort((a, b) => a.length - b.length);
      family = inputs[0] ?? [];
      for (const next of inputs.slice(1)) {
        const product: EventSet[] = [];
        for (const a of family) {
          for (const b of next) {
            const u = union(a, b, maxOrder);
            if (u !== undefined) product.push(u);
          }
          if (product.length > maxFamily * 4) throw new RiskGroupLimitError(gate.id, maxFamily, maxOrder);
        }
        family = minimise(product);
        if (family.length === 0) break;
      }
    }
    if (family.length > maxFamily) throw new RiskGroupLimitError(gate.id, maxFamily, maxOrder);
    families[gate.index] = family;
  }
  return families;
}

const compareStrings = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Orders groups by size, then element by element as strings (DESIGN §5). */
export function compareGroups(a: readonly string[], b: readonly string[]): number {
  if (a.length !== b.length) return a.length - b.length;
  for (let i = 0; i < a.length; i++) {
    const c = compareStrings(a[i]!, b[i]!);
    if (c !== 0) return c;
  }
  return 0;
}

/** Every minimal risk group up to the bound, for every data set, in DESIGN §5 order. */
export function computeRiskGroups(graph: FaultGraph, options: RiskGroupOptions): DataSetRiskGroups[] {
  const families = gateFamilies(graph, options);
  return graph.dataSets.map((ds) => {
    const groups = families[ds.gate]!.map((set) => set.map((e) => graph.events[e]!.id).sort(compareStrings));
    groups.sort(compareGroups);
    return { id: ds.id, groups, independence: groups.length > 0 ? groups[0]!.length : null };
  });
}
