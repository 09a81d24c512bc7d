// Annual loss probability and importance of every basic event (DESIGN §3 "Likelihood"). Pure.
//
// Exact over the whole fault graph: every gate some data set depends on becomes a BDD (bdd.ts),
// shared gates once. A data set's loss probability is its top node's probability; the OR of the
// critical data sets' tops gives the probability that any of them is lost.
//
// Importance without one BDD per event: one top-down pass of partial derivatives over a top's
// BDD gives every variable's Birnbaum importance B = P(loss | e) - P(loss | not e). Loss is
// linear in each event's probability p, so with P = P(loss):
//   lossWithout        = P(loss | e impossible) = P - p·B
//   riskReductionWorth = P / lossWithout                       (SCRAM's RRW)
//   fussellVesely      = p·P(loss | e) / P = p·(lossWithout + B) / P
// The last is P(e | loss): the share of loss scenarios in which the event occurs, what SCRAM
// prints as DIF ("Fussell-Vesely diagnosis importance factor").
import { Bdd, FALSE, TRUE } from './bdd.js';

export { BddLimitError } from './bdd.js';

/** Default budget of BDD nodes for one analysis (the CLI's --max-bdd-nodes). */
export const DEFAULT_MAX_BDD_NODES = 300_000;
import type { FaultGraph } from './types.js';

export interface EventImportance {
  event: string;
  /** The event's annual probability. */
  probability: number;
  /** P(event | loss): share of the loss probability in scenarios where the event occurs. */
  fussellVesely: number;
  /** P(loss) / P(loss | event impossible); Infinity when the loss needs the event. */
  riskReductionWorth: number;
  /** P(loss | event impossible). */
  lossWithout: number;
}

export interface LossAnalysis {
  lossProbability: number;
  /** Every event the loss depends on, by lossWithout ascending (biggest cut first), then id. */
  importance: EventImportance[];
}

export interface ProbabilityResult {
  /** Name of the policy the likelihoods come from. */
  policy: string;
  /** Annual probability of every basic event of the graph, by event id. */
  eventProbability: ReadonlyMap<string, number>;
  dataSets: ReadonlyMap<string, LossAnalysis>;
  /** Probability that any data set of `scope` is lost, with importance; null without data sets. */
  critical: LossAnalysis | null;
  /** `critical`: over the critical data sets; `all`: over all data sets, when none is critical. */
  scope: 'critical' | 'all';
}

/** A fault graph turned into BDDs once, to be evaluated under several probability assignments. */
export class LossModel {
  private readonly bdd: Bdd;
  /** Level of each event (index of FaultGraph.events), -1 for events no data set depends on. */
  private readonly levelOfEvent: Int32Array;
  /** Event index at each level. */
  private readonly eventAtLevel: number[];
  /** BDD root of each data set, in FaultGraph.dataSets order. */
  readonly roots: number[];

  /** Throws BddLimitError when the diagram would pass `maxNodes`. */
  constructor(
    readonly graph: FaultGraph,
    maxNodes = DEFAULT_MAX_BDD_NODES,
  ) {
    this.bdd = new Bdd(maxNodes);
    const order = variableOrder(graph);
    this.eventAtLevel = order;
    this.levelOfEvent = new Int32Array(graph.events.length).fill(-1);
    order.forEach((e, level) => (this.levelOfEvent[e] = level));
    const roots = new Int32Array(graph.gates.length).fill(-1);
    const needed = gatesNeeded(graph, graph.dataSets.map((d) => d.gate));
    for (const gate of graph.gates) {
      if (!needed[gate.index]) continue;
      const events = this.bdd.chain(gate.op, gate.events.map((e) => this.levelOfEvent[e]!));
      const inputs = gate.gates.map((g) => roots[g]!);
      // An empty OR never fails and an empty AND always does (as the MEF export writes them).
      roots[gate.index] = gate.events.length === 0 ? this.bdd.applyAll(gate.op, inputs) : this.bdd.applyAll(gate.op, [events, ...inputs]);
    }
    this.roots = graph.dataSets.map((d) => roots[d.gate]!);
  }

  /** Nodes of the BDD, terminals included. */
  get size(): number {
    return this.bdd.size;
  }

  /** The OR of the given data sets' roots (indices into FaultGraph.dataSets). */
  anyOf(dataSets: readonly number[]): number {
    return this.bdd.applyAll('or', dataSets.map((i) => this.roots[i]!));
  }

  /** Probability of each node, with each event's probability (indexed like FaultGraph.events). */
  nodeProbabilities(eventProbability: Float64Array): Float64Array {
    const byLevel = new Float64Array(this.eventAtLevel.length);
    this.eventAtLevel.forEach((e, level) => (byLevel[level] = eventProbability[e]!));
    return this.bdd.probabilities(byLevel);
  }

  /** Loss probability and every event's importance for one root. */
  analyse(root: number, nodeProbability: Float64Array, eventProbability: Float64Array, scratch: Scratch): LossAnalysis {
    const bdd = this.bdd;
    const total = nodeProbability[root]!;
    if (root === TRUE || root === FALSE) return { lossProbability: total, importance: [] };
    const nodes = bdd.reachable(root, scratch.mark, ++scratch.stamp);
    // Probability of reaching each node from the root, then Birnbaum importance per level.
    const { reach, birnbaum } = scratch;
    const levels: number[] = [];
    reach[root] = 1;
    for (const n of nodes) {
      const r = reach[n]!;
      reach[n] = 0;
      const level = bdd.levelOf(n);
      const q = eventProbability[this.eventAtLevel[level]!]!;
      const lo = bdd.lowOf(n);
      const hi = bdd.highOf(n);
      if (scratch.levelStamp[level] !== scratch.stamp) {
        scratch.levelStamp[level] = scratch.stamp;
        birnbaum[level] = 0;
        levels.push(level);
      }
      birnbaum[level] = birnbaum[level]! + r * (nodeProbability[hi]! - nodeProbability[lo]!);
      reach[hi] = reach[hi]! + r * q;
      reach[lo] = reach[lo]! + r * (1 - q);
    }
    const importance: EventImportance[] = [];
    for (const level of levels) {
      const b = birnbaum[level]!;
      const e = this.eventAtLevel[level]!;
      const p = eventProbability[e]!;
      const without = Math.max(0, total - p * b);
      importance.push({
        event: this.graph.events[e]!.id,
        probability: p,
        fussellVesely: total > 0 ? Math.min(1, (p * (without + b)) / total) : 0,
        riskReductionWorth: total === 0 ? 1 : without > 0 ? total / without : Infinity,
        lossWithout: without,
      });
    }
    importance.sort((a, b) => a.lossWithout - b.lossWithout || (a.event < b.event ? -1 : a.event > b.event ? 1 : 0));
    return { lossProbability: total, importance };
  }

  /** Work arrays for `analyse`, sized to the BDD as it stands (build every root first). */
  scratch(): Scratch {
    const size = this.bdd.size;
    return {
      mark: new Uint32Array(size),
      stamp: 0,
      reach: new Float64Array(size),
      birnbaum: new Float64Array(this.eventAtLevel.length),
      levelStamp: new Uint32Array(this.eventAtLevel.length),
    };
  }
}

/** Reused between calls of LossModel.analyse so each costs the size of its own BDD, not of all. */
export interface Scratch {
  mark: Uint32Array;
  stamp: number;
  /** Probability of reaching each node; back to 0 after each call. */
  reach: Float64Array;
  birnbaum: Float64Array;
  levelStamp: Uint32Array;
}

/**
 * Variables in the order a depth-first walk from the data sets meets them, inputs that are gates
 * before the gate's own events: what many data sets share (providers, billing, accounts) tends
 * to come first, and each data set's own events stay together, which keeps the BDDs small.
 */
function variableOrder(graph: FaultGraph): number[] {
  const seenGate = new Uint8Array(graph.gates.length);
  const seenEvent = new Uint8Array(graph.events.length);
  const order: number[] = [];
  for (const ds of graph.dataSets) {
    // Post-order walk on an explicit stack: [gate, next input] pairs.
    const stack: [number, number][] = [[ds.gate, 0]];
    if (seenGate[ds.gate]) continue;
    seenGate[ds.gate] = 1;
    while (stack.length > 0) {
      const frame = stack[stack.length - 1]!;
      const gate = graph.gates[frame[0]]!;
      if (frame[1] < gate.gates.length) {
        const g = gate.gates[frame[1]++]!;
        if (!seenGate[g]) {
          seenGate[g] = 1;
          stack.push([g, 0]);
        }
        continue;
      }
      stack.pop();
      for (const e of gate.events) {
        if (!seenEvent[e]) {
          seenEvent[e] = 1;
          order.push(e);
        }
      }
    }
  }
  return order;
}

/** Gates some root depends on. */
function gatesNeeded(graph: FaultGraph, roots: readonly number[]): Uint8Array {
  const needed = new Uint8Array(graph.gates.length);
  for (const r of roots) needed[r] = 1;
  for (let g = graph.gates.length - 1; g >= 0; g--) {
    if (needed[g]) for (const input of graph.gates[g]!.gates) needed[input] = 1;
  }
  return needed;
}

/** Each event's probability as an array indexed like FaultGraph.events; a missing one is an error. */
function probabilityArray(graph: FaultGraph, eventProbability: ReadonlyMap<string, number>, forced: ReadonlySet<string> = new Set()): Float64Array {
  const out = new Float64Array(graph.events.length);
  for (const e of graph.events) {
    const p = forced.has(e.id) ? 1 : eventProbability.get(e.id);
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
  /** Budget of BDD nodes; over it the analysis throws BddLimitError (default DEFAULT_MAX_BDD_NODES). */
  maxNodes?: number;
}

/** Loss probability and importance per data set and over the critical data (DESIGN §3). */
export function analyseProbability(graph: FaultGraph, options: ProbabilityOptions): ProbabilityResult {
  const events = probabilityArray(graph, options.eventProbability);
  const model = new LossModel(graph, options.maxNodes);
  const { scope, dataSets: scoped } = criticalScope(graph, options.isCritical);
  const criticalRoot = scoped.length > 0 ? model.anyOf(scoped) : undefined;
  const nodes = model.nodeProbabilities(events);
  const scratch = model.scratch();
  const dataSets = new Map<string, LossAnalysis>();
  graph.dataSets.forEach((ds, i) => dataSets.set(ds.id, model.analyse(model.roots[i]!, nodes, events, scratch)));
  const critical = criticalRoot === undefined ? null : model.analyse(criticalRoot, nodes, events, scratch);
  return {
    policy: options.policy,
    eventProbability: new Map(graph.events.map((e) => [e.id, events[e.index]!])),
    dataSets,
    critical,
    scope,
  };
}

/** Loss probabilities of every data set and of the critical scope under one probability assignment. */
export interface LossProbabilities {
  dataSets: Map<string, number>;
  critical: number | null;
  scope: 'critical' | 'all';
}

/**
 * Loss probabilities with each list of events made certain (for `simulate`): one BDD for all
 * lists, one pass per list. Ids the graph does not contain change nothing.
 */
export function lossProbabilitiesGiven(graph: FaultGraph, options: ProbabilityOptions, forcedLists: readonly (readonly string[])[]): LossProbabilities[] {
  const model = new LossModel(graph, options.maxNodes);
  const { scope, dataSets: scoped } = criticalScope(graph, options.isCritical);
  const criticalRoot = scoped.length > 0 ? model.anyOf(scoped) : undefined;
  return forcedLists.map((forced) => {
    const nodes = model.nodeProbabilities(probabilityArray(graph, options.eventProbability, new Set(forced)));
    return {
      dataSets: new Map(graph.dataSets.map((ds, i) => [ds.id, nodes[model.roots[i]!]!])),
      critical: criticalRoot === undefined ? null : nodes[criticalRoot]!,
      scope,
    };
  });
}

/** Loss probability of each data set, and of any in the critical scope, with the given events certain. */
export function lossProbabilityGiven(graph: FaultGraph, options: ProbabilityOptions, forced: readonly string[]): LossProbabilities {
  return lossProbabilitiesGiven(graph, options, [forced])[0]!;
}

/** Probability of a risk group: its events are independent, so the product of theirs. */
export function groupProbability(group: readonly string[], eventProbability: ReadonlyMap<string, number>): number {
  let p = 1;
  for (const id of group) p *= eventProbability.get(id) ?? 0;
  return p;
}

/**
 * The `n` events whose removal (made impossible) cuts the loss probability of the critical scope
 * most, with the probability before and after; only events that cut it at all.
 */
export function fixFirst(result: ProbabilityResult, n: number): { event: string; before: number; after: number }[] {
  const critical = result.critical;
  if (critical === null) return [];
  return critical.importance
    .filter((i) => i.lossWithout < critical.lossProbability)
    .slice(0, Math.max(0, n))
    .map((i) => ({ event: i.event, before: critical.lossProbability, after: i.lossWithout }));
}
