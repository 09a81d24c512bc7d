// Exact minimal risk groups (minimal cut sets) up to a size bound, bottom-up over the fault graph.
//
// Each gate's family of minimal sets is computed once and shared by every data set above it.
// Dropping sets larger than the bound at every gate is exact: a minimal set of size <= K at the
// top is a union of minimal sets of size <= K of the inputs, and every proper subset of it that
// could make it non-minimal is smaller still, so it is never dropped.
//
// A set is a packed string: its event indices in ascending order, each as `width` UTF-16 code
// units. Packed sets hash and compare as strings (no arrays, no joins), and because events are
// numbered in id order (build.ts), sorting packed sets of one size sorts them as DESIGN §5 asks.
import { reachableGates } from './build.js';
import type { DataSetRiskGroups, FaultGraph } from './types.js';

export const MIN_ORDER = 1;
export const MAX_ORDER = 5;

/** Which budget ran out: one gate's family, all families together, or the work of combining them. */
export type RiskGroupBudget = 'family' | 'total' | 'work' | 'chars';

/** Thrown when a family grows beyond what can be enumerated exactly in reasonable time and memory. */
export class RiskGroupLimitError extends Error {
  constructor(
    readonly gateId: string,
    readonly limit: number,
    readonly maxOrder: number,
    readonly budget: RiskGroupBudget = 'family',
  ) {
    const what =
      budget === 'family'
        ? `gate ${gateId} has more than ${limit} minimal groups of size <= ${maxOrder}`
        : budget === 'total'
          ? `the gates up to ${gateId} hold more than ${limit} minimal groups of size <= ${maxOrder} in all (--max-risk-groups)`
          : budget === 'work'
            ? `combining the groups of gate ${gateId} takes more than ${limit} set unions (--max-risk-group-work)`
            : `the risk groups of the data sets up to ${gateId} name more than ${limit} characters of event ids, more than a report can hold (--max-risk-group-chars)`;
    super(`too many risk groups to enumerate exactly above order ${maxOrder - 1}: ${what}; lower --max-order`);
  }
}

export interface RiskGroupOptions {
  maxOrder: number;
  /** Largest family any one gate may hold before the computation stops with RiskGroupLimitError. */
  maxFamily?: number;
  /** Most sets all families may hold together (memory). Default 3,000,000 (CLI: --max-risk-groups). */
  maxTotal?: number;
  /** Most set unions tried in AND gates over the whole run (time). Default 200,000,000 (CLI: --max-risk-group-work). */
  maxWork?: number;
  /**
   * Most characters of event ids in all data sets' groups together (output size: `--format json`
   * lists every group, and one string holds at most 2^29 characters). Default 100,000,000
   * (CLI: --max-risk-group-chars).
   */
  maxTotalChars?: number;
}

export const DEFAULT_MAX_FAMILY = 2_000_000;
export const DEFAULT_MAX_TOTAL = 3_000_000;
export const DEFAULT_MAX_WORK = 200_000_000;
export const DEFAULT_MAX_TOTAL_CHARS = 100_000_000;

/** Packs and unpacks event sets; one code unit per event up to 65,536 events, two beyond. */
export class SetCodec {
  readonly width: 1 | 2;

  constructor(eventCount: number) {
    this.width = eventCount <= 0x10000 ? 1 : 2;
  }

  size(set: string): number {
    return set.length / this.width;
  }

  at(set: string, i: number): number {
    return this.width === 1 ? set.charCodeAt(i) : set.charCodeAt(2 * i) * 0x10000 + set.charCodeAt(2 * i + 1);
  }

  single(event: number): string {
    return this.width === 1 ? String.fromCharCode(event) : String.fromCharCode(event >>> 16, event & 0xffff);
  }

  encode(events: readonly number[]): string {
    return [...events].sort((a, b) => a - b).map((e) => this.single(e)).join('');
  }

  decode(set: string): number[] {
    const out: number[] = [];
    for (let i = 0; i < this.size(set); i++) out.push(this.at(set, i));
    return out;
  }

  /** Union of two packed sets, or undefined when it has more than `bound` events. */
  union(a: string, b: string, bound: number): string | undefined {
    // Code units gather in a scratch array and become one string at the end: concatenating
    // slices made a rope per step, most of the garbage of a large run.
    const w = this.width;
    const na = a.length / w;
    const nb = b.length / w;
    const units = SCRATCH;
    let i = 0;
    let j = 0;
    let n = 0;
    while (i < na || j < nb) {
      if (n === bound) return undefined;
      const x = i < na ? this.at(a, i) : Infinity;
      const y = j < nb ? this.at(b, j) : Infinity;
      const from = x <= y ? a : b;
      const k = x <= y ? i : j;
      if (w === 1) units[n] = from.charCodeAt(k);
      else {
        units[2 * n] = from.charCodeAt(2 * k);
        units[2 * n + 1] = from.charCodeAt(2 * k + 1);
      }
      n++;
      if (x <= y) {
        i++;
        if (x === y) j++;
      } else j++;
    }
    return fromUnits(units, n * w);
  }
}

/** Room for the code units of one set of up to MAX_ORDER events, two units each. */
const SCRATCH: number[] = new Array<number>(2 * MAX_ORDER + 2).fill(0);

/** A string of the first `n` code units of `units`. */
function fromUnits(units: readonly number[], n: number): string {
  switch (n) {
    case 0:
      return '';
    case 1:
      return String.fromCharCode(units[0]!);
    case 2:
      return String.fromCharCode(units[0]!, units[1]!);
    case 3:
      return String.fromCharCode(units[0]!, units[1]!, units[2]!);
    case 4:
      return String.fromCharCode(units[0]!, units[1]!, units[2]!, units[3]!);
    case 5:
      return String.fromCharCode(units[0]!, units[1]!, units[2]!, units[3]!, units[4]!);
    default:
      return String.fromCharCode(...units.slice(0, n));
  }
}

/** Keeps the sets with no proper subset in the family, without duplicates. */
export function minimise(family: readonly string[], codec: SetCodec): string[] {
  // Smaller sets first (bucketed by length: a comparison sort was a large share of the time).
  const byLength: string[][] = [];
  for (const set of family) (byLength[set.length] ??= []).push(set);
  const kept: string[] = [];
  const keys = new Set<string>();
  const sizesKept = new Set<number>();
  for (const bucket of byLength) {
    if (bucket === undefined) continue;
    for (const set of bucket) {
      if (keys.has(set) || hasProperSubsetIn(set, keys, sizesKept, codec)) continue;
      keys.add(set);
      kept.push(set);
    }
    if (keys.size > 0) sizesKept.add(codec.size(bucket[0]!));
  }
  return kept;
}

function hasProperSubsetIn(set: string, keys: ReadonlySet<string>, sizes: ReadonlySet<number>, codec: SetCodec): boolean {
  return hasSubsetIn(set, keys, sizes, codec, false);
}

/** Whether a subset of `set` (proper, or also `set` itself) is among `keys`, whose sizes are `sizes`. */
function hasSubsetIn(set: string, keys: ReadonlySet<string>, sizes: ReadonlySet<number>, codec: SetCodec, orEqual: boolean): boolean {
  const n = codec.size(set);
  if (keys.size === 0) return false;
  if (orEqual && keys.has(set)) return true;
  if (n <= 1) return false;
  const w = codec.width;
  const full = (1 << n) - 1;
  const units = SCRATCH;
  for (let mask = 1; mask < full; mask++) {
    if (!sizes.has(popcount(mask))) continue;
    let m = 0;
    for (let bit = 0; bit < n; bit++) {
      if (mask & (1 << bit)) for (let u = bit * w; u < bit * w + w; u++) units[m++] = set.charCodeAt(u);
    }
    if (keys.has(fromUnits(units, m))) return true;
  }
  return false;
}

function popcount(x: number): number {
  let n = 0;
  for (; x; x &= x - 1) n++;
  return n;
}

/** Minimal sets of every gate some data set depends on, packed, indexed like FaultGraph.gates. */
export function gateFamilies(graph: FaultGraph, options: RiskGroupOptions, codec = new SetCodec(graph.events.length)): string[][] {
  const { maxOrder } = options;
  const maxFamily = options.maxFamily ?? DEFAULT_MAX_FAMILY;
  const maxTotal = options.maxTotal ?? DEFAULT_MAX_TOTAL;
  const maxWork = options.maxWork ?? DEFAULT_MAX_WORK;
  let total = 0;
  let work = 0;
  const families: string[][] = new Array<string[]>(graph.gates.length);
  const reachable = reachableGates(graph);
  for (const gate of graph.gates) {
    if (!reachable[gate.index]) continue;
    const inputs: string[][] = [...gate.events.map((e) => [codec.single(e)]), ...gate.gates.map((g) => families[g]!)];
    let family: string[];
    if (gate.op === 'or') {
      family = gate.gates.length === 0 ? inputs.flat() : minimise(inputs.flat(), codec);
    } else {
      // Smallest families first keeps the intermediate products small.
      inputs.sort((a, b) => a.length - b.length);
      family = inputs[0] ?? [];
      for (const next of inputs.slice(1)) {
        const nextKeys = new Set(next);
        const nextSizes = new Set(next.map((b) => codec.size(b)));
        const product: string[] = [];
        for (const a of family) {
          // When a set of `next` lies inside `a`, `a` itself is in the product and every other
          // union with `a` contains it: keep `a` alone (common: copies sharing an account).
          if (hasSubsetIn(a, nextKeys, nextSizes, codec, true)) {
            product.push(a);
            continue;
          }
          // Unions that end up over the bound cost time too, and leave nothing to count.
          work += next.length;
          if (work > maxWork) throw new RiskGroupLimitError(gate.id, maxWork, maxOrder, 'work');
          for (const b of next) {
            const u = codec.union(a, b, maxOrder);
            if (u !== undefined) product.push(u);
          }
          if (product.length > maxFamily * 4) throw new RiskGroupLimitError(gate.id, maxFamily, maxOrder);
        }
        family = minimise(product, codec);
        if (family.length === 0) break;
      }
    }
    if (family.length > maxFamily) throw new RiskGroupLimitError(gate.id, maxFamily, maxOrder);
    total += family.length;
    if (total > maxTotal) throw new RiskGroupLimitError(gate.id, maxTotal, maxOrder, 'total');
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
  const codec = new SetCodec(graph.events.length);
  const families = gateFamilies(graph, options, codec);
  const ids = graph.events.map((e) => e.id);
  const maxChars = options.maxTotalChars ?? DEFAULT_MAX_TOTAL_CHARS;
  let chars = 0;
  for (const ds of graph.dataSets) {
    for (const set of families[ds.gate]!) for (let i = 0; i < codec.size(set); i++) chars += ids[codec.at(set, i)]!.length;
    if (chars > maxChars) throw new RiskGroupLimitError(graph.gates[ds.gate]!.id, maxChars, options.maxOrder, 'chars');
  }
  return graph.dataSets.map((ds) => {
    // Packed sets of one size compare like their id lists, since events are numbered in id order;
    // the default sort compares strings by code unit, natively.
    const bySize: string[][] = [];
    for (const set of families[ds.gate]!) (bySize[set.length] ??= []).push(set);
    const groups: string[][] = [];
    for (const sets of bySize) {
      if (sets === undefined) continue;
      sets.sort();
      for (const set of sets) {
        const group = new Array<string>(codec.size(set));
        for (let i = 0; i < group.length; i++) group[i] = ids[codec.at(set, i)]!;
        groups.push(group);
      }
    }
    return { id: ds.id, groups, independence: groups.length > 0 ? groups[0]!.length : null };
  });
}
