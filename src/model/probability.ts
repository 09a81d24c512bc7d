// Annual loss probability and importance of every basic event (DESIGN §3 "Likelihood"). Pure.
//
// Exact over the whole fault graph, data set by data set: the figures of each data set's tree, its
// modules' and the OR over the critical data come from quantifier.ts (modules, closed forms,
// decision diagrams, clause counting, in WebAssembly); this module turns them into loss
// probabilities and importance lists. A figure over the node budget is unavailable, with the
// reason; never a guess.
//
// Importance without one computation per event: one top-down pass of partial derivatives over a
// diagram gives each variable's Birnbaum importance B = P(loss | e) - P(loss | not e), and the
// chain rule carries it into modules and merged variables (they are independent of the rest, so
// ∂P/∂p(e) = ∂P/∂P(module) · ∂P(module)/∂p(e)). Loss is linear in each event's probability p, so
// with P = P(loss):
//   lossWithout        = P(loss | e impossible) = P - p·B
//   riskReductionWorth = P / lossWithout                       (SCRAM's RRW)
//   fussellVesely      = p·P(loss | e) / P = p·(lossWithout + B) / P
// The last is P(e | loss): the share of loss scenarios in which the event occurs, what SCRAM
// prints as DIF ("Fussell-Vesely diagnosis importance factor").
import { EventProbabilities } from './likelihood.js';
import { DEFAULT_MAX_BDD_NODES } from './limits.js';
import type { EventImportance, LossAnalysis, LossProbabilities, ProbabilityResult } from './lossFigures.js';
import { Quantifier, type Figures, type Outcome } from './quantifier.js';
import type { FaultGraph } from './types.js';

/** P(loss | event impossible) / P(loss) below which the loss needs the event (rounding noise). */
const NECESSARY_BELOW = 1e-12;

/** Loss probability and the importance list of a tree's figures; `ranked`: without and order, when the quantifier gave them. */
function lossAnalysis(graph: FaultGraph, f: Figures, p: Float64Array, ranked = rankedInJavaScript(f, p)): LossAnalysis {
  const total = f.probability;
  const n = f.events.length;
  const { without, order } = ranked;
  // A loop, not map(): thousands of lists, each run once, mostly before V8 optimises a callback.
  const importance = new Array<EventImportance>(n);
  for (let k = 0; k < n; k++) {
    const i = order[k]!;
    const e = f.events[i]!;
    const pe = p[e]!;
    const w = without[i]!;
    importance[k] = {
      event: graph.events[e]!.id,
      probability: pe,
      fussellVesely: total > 0 ? Math.min(1, (pe * (w + f.birnbaum[i]!)) / total) : 0,
      riskReductionWorth: total === 0 ? 1 : w > 0 ? total / w : Infinity,
      lossWithout: w,
    };
  }
  return { lossProbability: total, importance };
}

/** P(loss | event impossible) of each event of the figures, and the order of their importance list. */
function rankedInJavaScript(f: Figures, p: Float64Array): { without: Float64Array; order: Int32Array } {
  const total = f.probability;
  const n = f.events.length;
  const without = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    // P - p·B cancels to rounding noise when every way to the loss needs the event: below 1e-12 of
    // P it is taken as 0 (RRW infinite), as it is exactly (a loss 1e12 times likelier with the
    // event possible is no figure a policy's likelihoods could give).
    const difference = total - p[f.events[i]!]! * f.birnbaum[i]!;
    without[i] = difference > total * NECESSARY_BELOW ? difference : 0;
  }
  return { without, order: importanceOrder(f.events, without) };
}

/** x rounded to 40 significant bits (about 12 digits): equal for figures that differ only by rounding. */
function sortKey(x: number): number {
  if (!(x > 0) || !Number.isFinite(x)) return x;
  if (x >= SMALLEST_PACKED) return roundedBits(x);
  const step = 2 ** (Math.floor(Math.log2(x)) - 40);
  return Math.round(x / step) * step;
}

/** Keys from here up are normal doubles whose 12 lowest bits sortKey() clears. */
const SMALLEST_PACKED = 2 ** -1000;
/** One double and its two 32-bit halves (LOW the less significant, whatever the byte order). */
const bits = new Float64Array(1);
const halves = new Uint32Array(bits.buffer);
const LOW = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 0 : 1;
const HIGH = 1 - LOW;

/**
 * sortKey() of a normal positive x, on its bits: half of the 12th-lowest bit added, the 12 lowest
 * cleared (a carry runs into the exponent, as rounding up to a power of two does). The same
 * figure as Math.round(x / step) * step, checked on 14 million values around every power of two
 * and every half-way case; without a logarithm per event.
 */
function roundedBits(x: number): number {
  bits[0] = x;
  const low = halves[LOW]! + 0x800;
  if (low > 0xffffffff) {
    halves[LOW] = low - 0x100000000;
    halves[HIGH] = halves[HIGH]! + 1;
  } else halves[LOW] = low;
  halves[LOW] = halves[LOW]! & 0xfffff000;
  return bits[0]!;
}

/** Where each event sits in `events`, by event number: scratch of importanceOrder(). */
let slotOfEvent = new Int32Array(0);

/**
 * The order of the importance list: by lossWithout at 40 bits of precision (figures that are equal
 * but for rounding, two events the loss needs alike summed in another order, must not be ordered
 * by the rounding), then by event number (event numbers follow the ids). The keys' 12 cleared bits
 * hold each event's rank by number, so one numeric sort of doubles does both without a comparison
 * function; lists of 4,096 events or more, or with keys too small to have those bits, are sorted
 * with one.
 */
export function importanceOrder(events: Int32Array, without: Float64Array): Int32Array {
  const n = events.length;
  const order = new Int32Array(n);
  let packable = n < 4096;
  for (let i = 0; i < n && packable; i++) {
    const w = without[i]!;
    packable = w === 0 || (w >= SMALLEST_PACKED && w < Infinity);
  }
  if (!packable) {
    const key = Float64Array.from(without, sortKey);
    const indices = Array.from({ length: n }, (_, i) => i).sort((a, b) => key[a]! - key[b]! || events[a]! - events[b]!);
    order.set(indices);
    return order;
  }
  let size = slotOfEvent.length;
  for (const e of events) if (e >= size) size = e + 1;
  if (size > slotOfEvent.length) slotOfEvent = new Int32Array(size * 2);
  for (let i = 0; i < n; i++) slotOfEvent[events[i]!] = i;
  const byNumber = Int32Array.from(events).sort();
  const packed = new Float64Array(n);
  for (let rank = 0; rank < n; rank++) {
    const w = without[slotOfEvent[byNumber[rank]!]!]!;
    bits[0] = w === 0 ? 0 : roundedBits(w);
    halves[LOW] = halves[LOW]! | rank;
    packed[rank] = bits[0]!;
  }
  packed.sort();
  for (let k = 0; k < n; k++) {
    bits[0] = packed[k]!;
    order[k] = slotOfEvent[byNumber[halves[LOW]! & 0xfff]!]!;
  }
  return order;
}

/** Each event's probability as an array indexed like FaultGraph.events; a missing one is an error. */
function probabilityArray(graph: FaultGraph, eventProbability: ReadonlyMap<string, number>, forced: ReadonlySet<string> = new Set()): Float64Array {
  const anyForced = forced.size > 0;
  // Probabilities of this graph's events already in an array (eventLikelihoods): no lookups by id.
  const array = eventProbability instanceof EventProbabilities && eventProbability.graph === graph ? eventProbability.byIndex : undefined;
  const out = new Float64Array(graph.events.length);
  for (const e of graph.events) {
    const p = anyForced && forced.has(e.id) ? 1 : array ? array[e.index] : eventProbability.get(e.id);
    if (p === undefined || !(p >= 0 && p <= 1)) throw new RangeError(`event ${e.id} has no probability in [0, 1] (${String(p)})`);
    out[e.index] = p;
  }
  return out;
}

/** Indices of the data sets the critical scope covers, and which scope that is. */
export function criticalScope(graph: FaultGraph, isCritical: (dataSet: string) => boolean): { scope: 'critical' | 'all'; dataSets: number[] } {
  const critical = graph.dataSets.flatMap((d, i) => (isCritical(d.id) ? [i] : []));
  if (critical.length > 0) return { scope: 'critical', dataSets: critical };
  return { scope: 'all', dataSets: graph.dataSets.map((_, i) => i) };
}

export interface ProbabilityOptions {
  /** The policy the likelihoods come from (named in every output that shows a probability). */
  policy: string;
  /** Annual probability of every basic event of the graph, by id. */
  eventProbability: ReadonlyMap<string, number>;
  /** Which data sets are critical (the scope of `critical`). */
  isCritical: (dataSet: string) => boolean;
  /** Budget of nodes of each decision diagram; a figure over it is unavailable (default DEFAULT_MAX_BDD_NODES). */
  maxNodes?: number;
  /** Nodes a tree's BDD may take before its clauses are tried (default SMALL_DIAGRAM; tests set 0 to try them first). */
  smallDiagram?: number;
}

/** The gate whose loss is "any data set of the scope lost": one data set's own, or the virtual OR. */
function scopeGate(q: Quantifier, graph: FaultGraph, scoped: readonly number[]): number | undefined {
  if (scoped.length === 0) return undefined;
  return scoped.length === 1 ? graph.dataSets[scoped[0]!]!.gate : q.anyGate;
}

/**
 * Figures of "any data set of the scope lost". When the loss of one of those data sets is over
 * the budget on its own, the union (a diagram over it and everything it shares events with) is
 * not attempted: it is unknown for that reason, found at no cost.
 */
function scopeFigures(q: Quantifier, graph: FaultGraph, scoped: readonly number[]): Outcome | undefined {
  const top = scopeGate(q, graph, scoped);
  if (top === undefined) return undefined;
  if (top === q.anyGate) {
    for (const i of scoped) {
      const o = q.figures(graph.dataSets[i]!.gate);
      if ('unavailable' in o) return { unavailable: `it needs the loss of data set ${graph.dataSets[i]!.id}, whose ${o.unavailable.replace(/^the /, '')}` };
    }
  }
  return q.figures(top);
}

/** Loss probability and importance per data set and over the critical data (DESIGN §3). */
export function analyseProbability(graph: FaultGraph, options: ProbabilityOptions): ProbabilityResult {
  const events = probabilityArray(graph, options.eventProbability);
  const { scope, dataSets: scoped } = criticalScope(graph, options.isCritical);
  const q = new Quantifier(graph, events, options.maxNodes ?? DEFAULT_MAX_BDD_NODES, true, scoped.map((i) => graph.dataSets[i]!.gate), options.smallDiagram ?? SMALL_DIAGRAM);
  const dataSets = new Map<string, LossAnalysis>();
  const unavailable = new Map<string, string>();
  for (const ds of graph.dataSets) {
    const o = q.rankedFigures(ds.gate);
    if ('unavailable' in o) unavailable.set(ds.id, o.unavailable);
    else dataSets.set(ds.id, lossAnalysis(graph, o, events, 'order' in o ? o : undefined));
  }
  let critical: LossAnalysis | null = null;
  let criticalUnavailable: string | null = null;
  const o = scopeFigures(q, graph, scoped);
  if (o !== undefined) {
    if ('unavailable' in o) criticalUnavailable = o.unavailable;
    else critical = lossAnalysis(graph, o, events);
  }
  return {
    policy: options.policy,
    // The given map when it holds just the graph's events (probabilityArray found each): the same figures.
    eventProbability: options.eventProbability.size === graph.events.length ? options.eventProbability : new Map(graph.events.map((e) => [e.id, events[e.index]!])),
    dataSets,
    unavailable,
    critical,
    criticalUnavailable,
    scope,
    work: q.work,
  };
}

/**
 * Loss probabilities with each list of events made certain (for `simulate`). Ids the graph does
 * not contain change nothing. A figure over the node budget is null.
 */
export function lossProbabilitiesGiven(graph: FaultGraph, options: ProbabilityOptions, forcedLists: readonly (readonly string[])[]): LossProbabilities[] {
  const { scope, dataSets: scoped } = criticalScope(graph, options.isCritical);
  return forcedLists.map((forced) => {
    const q = new Quantifier(
      graph,
      probabilityArray(graph, options.eventProbability, new Set(forced)),
      options.maxNodes ?? DEFAULT_MAX_BDD_NODES,
      false,
      scoped.map((i) => graph.dataSets[i]!.gate),
      options.smallDiagram ?? SMALL_DIAGRAM,
    );
    let unavailable: string | null = null;
    const probabilityOf = (o: Outcome | undefined): number | null => {
      if (o === undefined) return null;
      if (!('unavailable' in o)) return o.probability;
      unavailable ??= o.unavailable;
      return null;
    };
    return {
      dataSets: new Map(graph.dataSets.map((ds) => [ds.id, probabilityOf(q.figures(ds.gate))])),
      critical: probabilityOf(scopeFigures(q, graph, scoped)),
      scope,
      unavailable,
    };
  });
}

/** Loss probability of each data set, and of any in the critical scope, with the given events certain. */
export function lossProbabilityGiven(graph: FaultGraph, options: ProbabilityOptions, forced: readonly string[]): LossProbabilities {
  return lossProbabilitiesGiven(graph, options, [forced])[0]!;
}

/** Nodes a tree's BDD may take before its clauses are tried (clauseCount.ts); most trees need far fewer. */
const SMALL_DIAGRAM = 20_000;
