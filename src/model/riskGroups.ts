// Exact minimal risk groups (minimal cut sets) up to a size bound, bottom-up over the fault graph.
//
// Each gate's family of minimal sets is computed once and shared by every data set above it.
// Dropping sets larger than the bound at every gate is exact: a minimal set of size <= K at the
// top is a union of minimal sets of size <= K of the inputs, and every proper subset of it that
// could make it non-minimal is smaller still, so it is never dropped.
//
// Most minimisation is skipped, exactly: two minimal families whose sets share no event combine
// (AND: every union; OR: every set) into a family that is minimal already, with no duplicates.
// When they do share events, only the results touching a shared event can be a duplicate or a
// superset of another (a result avoiding them is a union of sets that are each the only ones of
// their family inside it), so only those are looked up. Proof sketch for AND: if a'∪b' ⊆ a∪b and
// neither a nor b touches a shared event, then a' ⊆ (a∪b) ∩ events(A) = a, so a' = a (A is
// minimal), and likewise b' = b. The sets are packed in typed arrays (eventSets.ts).
import { reachableGates } from './build.js';
import { isSubset, minimiseInto, SetIndex, SetList, sortInto } from './eventSets.js';
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

/** A family of sets: sets start..start+count-1 of `list`. */
interface Family {
  list: SetList;
  start: number;
  count: number;
}

/** Sets per page of stored families (a family larger than that gets a page of its own). */
const PAGE_SETS = 1 << 16;

/** Computes the families gate by gate, with scratch space reused from gate to gate. */
class FamilyBuilder {
  /** Event e's singleton family is set e of this list. */
  private readonly singletons: SetList;
  /**
   * Where gates' families are stored: fixed-size pages, never grown. (One list doubled as it
   * filled reallocated tens of megabytes of typed arrays, and each such allocation can start a
   * full garbage collection: most of the phase's time on the data-set-heavy shape.)
   */
  private page: SetList;
  private readonly maxOrder: number;
  private readonly maxFamily: number;
  private readonly maxWork: number;
  private work = 0;
  /** Stamps per event: `seen` marks one family's events, `last` one input's, `shared` those in two inputs. */
  private readonly seen: Int32Array;
  private readonly last: Int32Array;
  private readonly shared: Int32Array;
  private stamp = 0;
  private sharedStamp = 0;
  /** Scratch lists for intermediate products; a family being read is never written. */
  private readonly pool: SetList[];
  private readonly index = new SetIndex();
  private order = new Int32Array(1024);
  private touches = new Uint8Array(1024);

  constructor(eventCount: number, options: RiskGroupOptions) {
    this.maxOrder = options.maxOrder;
    this.maxFamily = options.maxFamily ?? DEFAULT_MAX_FAMILY;
    this.maxWork = options.maxWork ?? DEFAULT_MAX_WORK;
    this.singletons = new SetList(this.maxOrder, Math.max(1, eventCount));
    for (let e = 0; e < eventCount; e++) this.singletons.pushSingle(e, 0);
    this.page = new SetList(this.maxOrder, PAGE_SETS);
    this.seen = new Int32Array(eventCount);
    this.last = new Int32Array(eventCount);
    this.shared = new Int32Array(eventCount);
    this.pool = [0, 1, 2].map(() => new SetList(this.maxOrder));
  }

  event(e: number): Family {
    return { list: this.singletons, start: e, count: 1 };
  }

  /** The gate's family, stored in a page (or an input's, when it has one input). */
  gate(id: string, op: 'and' | 'or', inputs: Family[]): Family {
    if (inputs.length === 1) return inputs[0]!;
    const family = op === 'or' ? this.or(inputs) : this.and(id, inputs);
    if (family.list === this.page || family.count === 0) return family;
    const page = this.room(family.count);
    const start = page.count;
    page.append(family.list, family.start, family.count, 0);
    return { list: page, start, count: family.count };
  }

  /** A page with room for `count` more sets. */
  private room(count: number): SetList {
    if (this.page.count + count > this.page.sizes.length) this.page = new SetList(this.maxOrder, Math.max(PAGE_SETS, count));
    return this.page;
  }

  private or(inputs: Family[]): Family {
    // Events in the sets of two or more inputs: only sets touching one may be non-minimal.
    const round = ++this.stamp;
    const shared = ++this.sharedStamp;
    let anyShared = false;
    for (const input of inputs) {
      const mine = ++this.stamp;
      anyShared = this.markEvents(input, mine, round, shared) || anyShared;
    }
    if (!anyShared) {
      const page = this.room(inputs.reduce((n, input) => n + input.count, 0));
      const start = page.count;
      for (const input of inputs) page.append(input.list, input.start, input.count, 0);
      return { list: page, start, count: page.count - start };
    }
    const candidates = this.scratch();
    for (const input of inputs) {
      for (let i = input.start; i < input.start + input.count; i++) candidates.copy(input.list, i, this.touchesShared(input.list, i, shared));
    }
    const page = this.room(candidates.count);
    const start = page.count;
    this.minimise(candidates, page);
    return { list: page, start, count: page.count - start };
  }

  private and(id: string, inputs: Family[]): Family {
    // Smallest families first keeps the intermediate products small.
    inputs.sort((a, b) => a.count - b.count);
    let family = inputs[0] ?? { list: this.singletons, start: 0, count: 0 };
    for (const next of inputs.slice(1)) {
      const candidates = this.scratch(family.list);
      if (this.product(id, family, next, candidates)) {
        const kept = this.scratch(family.list, candidates);
        this.minimise(candidates, kept);
        family = { list: kept, start: 0, count: kept.count };
      } else family = { list: candidates, start: 0, count: candidates.count };
      if (family.count === 0) break;
    }
    return family;
  }

  /**
   * Appends to `out` the unions of a set of `a` and a set of `b` of at most maxOrder events;
   * returns whether any of them may be non-minimal (touches an event of both families).
   */
  private product(id: string, a: Family, b: Family, out: SetList): boolean {
    const round = ++this.stamp;
    const shared = ++this.sharedStamp;
    this.markEvents(a, ++this.stamp, round, shared);
    const anyShared = this.markEvents(b, ++this.stamp, round, shared);
    const bound = this.maxOrder;
    const aEnd = a.start + a.count;
    const bEnd = b.start + b.count;
    if (!anyShared) {
      for (let i = a.start; i < aEnd; i++) {
        this.addWork(id, b.count);
        out.reserve(b.count);
        for (let j = b.start; j < bEnd; j++) out.pushUnion(a.list, i, b.list, j, bound, 0);
        this.checkProduct(id, out);
      }
      return false;
    }
    if (this.touches.length < b.count) this.touches = new Uint8Array(2 * b.count);
    const touches = this.touches;
    for (let j = b.start; j < bEnd; j++) touches[j - b.start] = this.touchesShared(b.list, j, shared);
    let anySuspect = false;
    for (let i = a.start; i < aEnd; i++) {
      const aTouches = this.touchesShared(a.list, i, shared);
      if (aTouches === 1) {
        // When a set of b lies inside this set of a, the union is the set itself and every other
        // union with it contains it: keep it alone (common: copies sharing an account).
        let absorbed = false;
        for (let j = b.start; j < bEnd && !absorbed; j++) absorbed = touches[j - b.start] === 1 && isSubset(b.list, j, a.list, i);
        if (absorbed) {
          out.copy(a.list, i, 1);
          anySuspect = true;
          continue;
        }
      }
      // Unions that end up over the bound cost time too, and leave nothing to count.
      this.addWork(id, b.count);
      out.reserve(b.count);
      for (let j = b.start; j < bEnd; j++) {
        const suspect = aTouches | touches[j - b.start]!;
        if (out.pushUnion(a.list, i, b.list, j, bound, suspect) && suspect === 1) anySuspect = true;
      }
      this.checkProduct(id, out);
    }
    return anySuspect;
  }

  /**
   * Stamps the family's events `mine` in `last`; an event that an earlier family of the same
   * `round` had (its `seen` stamp is `round`) is stamped `shared`. Returns whether any was.
   */
  private markEvents(family: Family, mine: number, round: number, shared: number): boolean {
    const { elems, sizes, stride } = family.list;
    let any = false;
    for (let i = family.start; i < family.start + family.count; i++) {
      for (let k = i * stride, end = k + sizes[i]!; k < end; k++) {
        const e = elems[k]!;
        if (this.last[e] === mine) continue;
        this.last[e] = mine;
        if (this.seen[e] === round) {
          this.shared[e] = shared;
          any = true;
        } else this.seen[e] = round;
      }
    }
    return any;
  }

  private touchesShared(list: SetList, i: number, shared: number): number {
    for (let k = i * list.stride, end = k + list.sizes[i]!; k < end; k++) if (this.shared[list.elems[k]!] === shared) return 1;
    return 0;
  }

  private minimise(from: SetList, to: SetList): void {
    if (this.order.length < from.count) this.order = new Int32Array(2 * from.count);
    minimiseInto(from, to, this.index, this.order);
  }

  /** An empty scratch list that is none of `busy`. */
  private scratch(...busy: SetList[]): SetList {
    const list = this.pool.find((l) => !busy.includes(l))!;
    list.count = 0;
    return list;
  }

  private addWork(id: string, n: number): void {
    this.work += n;
    if (this.work > this.maxWork) throw new RiskGroupLimitError(id, this.maxWork, this.maxOrder, 'work');
  }

  private checkProduct(id: string, out: SetList): void {
    if (out.count > this.maxFamily * 4) throw new RiskGroupLimitError(id, this.maxFamily, this.maxOrder);
  }
}

/** Every reachable gate's family, indexed like FaultGraph.gates (undefined for the others). */
function computeGateFamilies(graph: FaultGraph, options: RiskGroupOptions): (Family | undefined)[] {
  const { maxOrder } = options;
  const maxFamily = options.maxFamily ?? DEFAULT_MAX_FAMILY;
  const maxTotal = options.maxTotal ?? DEFAULT_MAX_TOTAL;
  const builder = new FamilyBuilder(graph.events.length, options);
  const families = new Array<Family | undefined>(graph.gates.length).fill(undefined);
  const reachable = reachableGates(graph);
  let total = 0;
  for (const gate of graph.gates) {
    if (!reachable[gate.index]) continue;
    const inputs = [...gate.events.map((e) => builder.event(e)), ...gate.gates.map((g) => families[g]!)];
    const family = builder.gate(gate.id, gate.op, inputs);
    if (family.count > maxFamily) throw new RiskGroupLimitError(gate.id, maxFamily, maxOrder);
    total += family.count;
    if (total > maxTotal) throw new RiskGroupLimitError(gate.id, maxTotal, maxOrder, 'total');
    families[gate.index] = family;
  }
  return families;
}

/** Minimal sets (event indices, ascending) of every gate some data set depends on, indexed like FaultGraph.gates. */
export function gateFamilies(graph: FaultGraph, options: RiskGroupOptions): (number[][] | undefined)[] {
  return computeGateFamilies(graph, options).map((f) => f && Array.from({ length: f.count }, (_, k) => f.list.set(f.start + k)));
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
  const families = computeGateFamilies(graph, options);
  const ids = graph.events.map((e) => e.id);
  const idLength = Int32Array.from(ids, (id) => id.length);
  const maxChars = options.maxTotalChars ?? DEFAULT_MAX_TOTAL_CHARS;
  let chars = 0;
  let allEvents = 0;
  let allOffsets = 0;
  for (const ds of graph.dataSets) {
    const { list, start, count } = families[ds.gate]!;
    const { elems, sizes, stride } = list;
    for (let i = start; i < start + count; i++) {
      allEvents += sizes[i]!;
      for (let k = i * stride, end = k + sizes[i]!; k < end; k++) chars += idLength[elems[k]!]!;
    }
    allOffsets += count + 1;
    if (chars > maxChars) throw new RiskGroupLimitError(graph.gates[ds.gate]!.id, maxChars, options.maxOrder, 'chars');
  }
  // Every data set's groups are views of two arrays: thousands of data sets are not thousands of
  // buffers to allocate (each one external memory that can start a garbage collection).
  const events = new Int32Array(allEvents);
  const offsets = new Int32Array(allOffsets);
  let eventsAt = 0;
  let offsetsAt = 0;
  return graph.dataSets.map((ds) => {
    const { list, start, count: n } = families[ds.gate]!;
    let length = 0;
    for (let i = start; i < start + n; i++) length += list.sizes[i]!;
    const mine = events.subarray(eventsAt, eventsAt + length);
    const myOffsets = offsets.subarray(offsetsAt, offsetsAt + n + 1);
    eventsAt += length;
    offsetsAt += n + 1;
    // Events are numbered in id order (build.ts), so sets sorted as numbers are sorted id lists.
    sortInto(list, start, n, ids.length, mine, myOffsets);
    return new PackedRiskGroups(ds.id, mine, myOffsets, ids);
  });
}

/** The groups as arrays of ids, once built (kept out of the objects, which stay plain data to compare). */
const builtGroups = new WeakMap<PackedRiskGroups, string[][]>();

/** One data set's groups in two typed arrays (see DataSetRiskGroups). */
export class PackedRiskGroups implements DataSetRiskGroups {
  readonly independence: number | null;

  constructor(
    readonly id: string,
    readonly events: Int32Array,
    readonly offsets: Int32Array,
    /** Event ids by index (FaultGraph.events). */
    private readonly ids: readonly string[],
  ) {
    this.independence = this.count > 0 ? this.sizeOf(0) : null;
  }

  get count(): number {
    return this.offsets.length - 1;
  }

  sizeOf(i: number): number {
    return this.offsets[i + 1]! - this.offsets[i]!;
  }

  group(i: number): string[] {
    const out = new Array<string>(this.sizeOf(i));
    for (let k = 0, e = this.offsets[i]!; k < out.length; k++, e++) out[k] = this.ids[this.events[e]!]!;
    return out;
  }

  get groups(): string[][] {
    let groups = builtGroups.get(this);
    if (groups === undefined) {
      groups = Array.from({ length: this.count }, (_, i) => this.group(i));
      builtGroups.set(this, groups);
    }
    return groups;
  }
}

/** A data set without groups (none up to the bound, or no gate). */
/** How many of a data set's groups have one event: they come first (groups are smallest first). */
export function singlePointCount(groups: DataSetRiskGroups | undefined): number {
  let n = 0;
  while (groups && n < groups.count && groups.sizeOf(n) === 1) n++;
  return n;
}

export function noRiskGroups(id: string): DataSetRiskGroups {
  return new PackedRiskGroups(id, new Int32Array(0), new Int32Array(1), []);
}
