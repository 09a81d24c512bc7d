// Annual loss probability and importance of every basic event (DESIGN §3 "Likelihood"). Pure.
//
// Exact over the whole fault graph, data set by data set, in the spirit of SCRAM's preprocessing:
// - each data set's tree is split into modules (modules.ts): a sub-tree that shares no event with
//   the rest is computed on its own, once, and stands in its parents as one variable with its
//   probability;
// - the events and modules that sit under one gate only are merged into one variable per gate
//   (their OR or AND, in closed form);
// - what remains of a tree, the gates that share events, becomes a BDD (bdd.ts) with its own
//   variable order (depth first from its root: variableOrder), so one data set's diagram does
//   not depend on the others; a diagram past SMALL_DIAGRAM nodes is computed from the tree's
//   clauses instead (clauseCount.ts: many copies that meet in a few shared events come apart
//   there once those are decided, which one variable order cannot do); when the clauses are too
//   many to start, the BDD gets the whole budget, and when counting outgrows its budget, the
//   figure is unavailable (such trees have not been seen to fit a BDD either). The OR over the
//   critical data sets is one more tree, with its own diagram and budget; it is not attempted when
//   one of those data sets is over the budget alone.
//   The diagrams are built one after another in one manager that keeps its memory, not its nodes:
//   a node means something only under its diagram's order, and one order for every data set would
//   have to suit all of them at once.
// A diagram over its node budget leaves that figure unavailable, with the reason; never a guess.
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
import { Bdd, BddLimitError, FALSE, TRUE } from './bdd.js';
import { countByClauses, CountLimitError, type CountFigures } from './clauseCount.js';
import { DEFAULT_MAX_BDD_NODES } from './limits.js';
import { ModuleFinder, type GateInputs } from './modules.js';
import type { EventImportance, LossAnalysis, LossProbabilities, ProbabilityResult, Work } from './lossFigures.js';
import { productsOfOthers } from './products.js';
import type { FaultGraph } from './types.js';

/** What one gate's tree comes to: its probability and, per event it depends on, ∂P/∂p(event). */
interface Figures {
  probability: number;
  /** The function is constant (no event changes it): it stands in a diagram as a terminal. */
  constant: boolean;
  events: Int32Array;
  /** Parallel to `events`; empty when importance is not asked for. */
  birnbaum: Float64Array;
}

type Outcome = Figures | { unavailable: string };

/** An event or a module gate: what a gate's input becomes in its parent's diagram. */
type Atom = { event: number } | { module: number };

/** A variable of one diagram: an atom, or the OR/AND of the atoms private to one gate. */
type Variable = Atom | { group: 'and' | 'or'; members: Atom[] };

/** The gates of one tree down to its modules, children first and the root last. */
interface Plan {
  variables: Variable[];
  gates: { op: 'and' | 'or'; variables: number[]; children: number[] }[];
  /** Module gates whose figures the plan needs first. */
  modules: number[];
}

/**
 * Figures of gates under one probability assignment, each gate computed once and shared by every
 * tree that has it as a module. Gate `graph.gates.length` is the virtual OR over `anyOf`.
 */
class Quantifier {
  private readonly outcomes = new Map<number, Outcome>();
  private readonly finder: ModuleFinder;
  private readonly virtual: GateInputs;
  /** Dense accumulator of ∂P/∂p(event) while one tree's figures are assembled. */
  private readonly sum: Float64Array;
  private readonly sumStamp: Uint32Array;
  private stamp = 0;
  /** One manager for every diagram of this computation, reset before each (its memory is reused). */
  private readonly bdd = new Bdd(Infinity, 64);
  readonly work: Work = { trees: 0, diagrams: 0, fromClauses: 0, largestDiagram: 0 };

  constructor(
    private readonly graph: FaultGraph,
    private readonly p: Float64Array,
    private readonly maxNodes: number,
    private readonly withImportance: boolean,
    anyOf: readonly number[],
    /** Nodes a tree's BDD may take before its clauses are tried. */
    private readonly smallDiagram: number,
  ) {
    this.virtual = { op: 'or', events: [], gates: anyOf };
    this.finder = new ModuleFinder(graph.gates.length + 1, graph.events.length, this.inputsOf);
    this.sum = new Float64Array(graph.events.length);
    this.sumStamp = new Uint32Array(graph.events.length);
  }

  /** The virtual gate over `anyOf`. */
  get anyGate(): number {
    return this.graph.gates.length;
  }

  private readonly inputsOf = (gate: number): GateInputs => (gate < this.graph.gates.length ? this.graph.gates[gate]! : this.virtual);

  /** Figures of a gate's tree: first the modules its plan needs (an explicit stack: trees may be deep). */
  figures(root: number): Outcome {
    const plans = new Map<number, Plan>();
    const stack = [root];
    while (stack.length > 0) {
      const gate = stack[stack.length - 1]!;
      if (this.outcomes.has(gate)) {
        stack.pop();
        continue;
      }
      let plan = plans.get(gate);
      if (!plan) plans.set(gate, (plan = this.plan(gate)));
      const pending = plan.modules.filter((m) => !this.outcomes.has(m));
      if (pending.length > 0) {
        stack.push(...pending);
        continue;
      }
      this.outcomes.set(gate, this.quantify(plan));
      this.work.trees++;
      plans.delete(gate);
      stack.pop();
    }
    return this.outcomes.get(root)!;
  }

  /** Scratch of plan(), made on first use: dense instead of three maps per tree. */
  private planSlots?: { eventVariable: SlotMap; moduleVariable: SlotMap; planned: SlotMap };

  /** The gate's tree down to its modules; events and modules private to one gate merged per gate. */
  private plan(root: number): Plan {
    const finder = this.finder;
    // A module of the last walk's root is planned from that walk (its sub-modules are found in it).
    if (!finder.covers(root)) finder.detect(root);
    const variables: Variable[] = [];
    const gates: Plan['gates'] = [];
    const modules: number[] = [];
    const gateTotal = this.graph.gates.length + 1;
    const { eventVariable, moduleVariable, planned } = (this.planSlots ??= {
      eventVariable: new SlotMap(this.graph.events.length),
      moduleVariable: new SlotMap(gateTotal),
      planned: new SlotMap(gateTotal),
    });
    eventVariable.clear();
    moduleVariable.clear();
    planned.clear();
    const eventVariableOf = (e: number): number => {
      let v = eventVariable.get(e);
      if (v < 0) {
        eventVariable.set(e, (v = variables.length));
        variables.push({ event: e });
      }
      return v;
    };
    const moduleVariableOf = (m: number): number => {
      let v = moduleVariable.get(m);
      if (v < 0) {
        moduleVariable.set(m, (v = variables.length));
        variables.push({ module: m });
        modules.push(m);
      }
      return v;
    };
    // Post-order walk over the gates that are not modules (the root is expanded even though it is one).
    const stack: number[] = [root, 0];
    while (stack.length > 0) {
      const top = stack.length - 2;
      const gate = stack[top]!;
      const inputs = this.inputsOf(gate);
      let next = stack[top + 1]!;
      while (next < inputs.gates.length) {
        const c = inputs.gates[next]!;
        if (!finder.isModule(c) && planned.get(c) < 0) break;
        next++;
      }
      if (next < inputs.gates.length) {
        stack[top + 1] = next + 1;
        stack.push(inputs.gates[next]!, 0);
        continue;
      }
      stack.length = top;
      const members: Atom[] = [];
      // The gate's own variable (its private members) first, then the shared ones.
      const gateVariables: number[] = [];
      const children: number[] = [];
      for (const e of inputs.events) {
        if (finder.eventParents(e) === 1) members.push({ event: e });
        else gateVariables.push(eventVariableOf(e));
      }
      for (const c of inputs.gates) {
        if (!finder.isModule(c)) children.push(planned.get(c));
        else if (finder.gateParents(c) === 1) members.push({ module: c });
        else gateVariables.push(moduleVariableOf(c));
      }
      if (members.length === 1) {
        const m = members[0]!;
        gateVariables.unshift('event' in m ? eventVariableOf(m.event) : moduleVariableOf(m.module));
      } else if (members.length > 1) {
        gateVariables.unshift(variables.length);
        variables.push({ group: inputs.op, members });
        for (const m of members) if ('module' in m) modules.push(m.module);
      }
      planned.set(gate, gates.length);
      gates.push({ op: inputs.op, variables: gateVariables, children });
    }
    return { variables, gates, modules };
  }

  /** Probability (and derivatives) of a planned tree whose modules all have their figures. */
  private quantify(plan: Plan): Outcome {
    for (const m of plan.modules) {
      const o = this.outcomes.get(m)!;
      if ('unavailable' in o) return o;
    }
    const values = plan.variables.map((v) => this.variableValue(v));
    if (plan.gates.length === 1 && plan.gates[0]!.children.length === 0) {
      // One gate over independent variables: closed form.
      const gate = plan.gates[0]!;
      const group = closedForm(
        gate.op,
        gate.variables.map((v) => values[v]!),
      );
      return this.assemble(group.probability, group.constant, gate.variables, group.derivative, plan, values);
    }
    this.work.diagrams++;
    // Most trees: a small diagram first; past it, the clauses; past their limits, the diagram
    // again, resumed with the full budget. Many copies meeting in shared events (an AND over
    // many variables): the clauses first, as their diagram rarely stays small; the diagram's
    // variable order is only worked out if they fail. A budget no larger than the small
    // diagram's is the diagram's alone.
    const small = Math.min(this.smallDiagram, this.maxNodes);
    const countFirst = small < this.maxNodes && plan.gates[plan.gates.length - 1]!.op === 'and' && plan.variables.length > COUNT_FIRST_VARIABLES;
    if (countFirst) {
      const counted = this.fromClauses(plan, values);
      if (counted) return counted;
    }
    const order = variableOrder(plan);
    const build = new DiagramBuild(this.bdd, plan, values, order);
    if (small === this.maxNodes) return this.fromDiagram(plan, values, order, build.run(small));
    let top = countFirst ? undefined : build.run(small);
    if (top === undefined) {
      const counted = countFirst ? undefined : this.fromClauses(plan, values);
      if (counted) return counted;
      top = build.run(this.maxNodes);
    }
    return this.fromDiagram(plan, values, order, top);
  }

  /** Figures of a plan from its diagram's root node; unavailable when the diagram outgrew the budget. */
  private fromDiagram(plan: Plan, values: readonly { probability: number; constant: boolean }[], order: Int32Array, top: number | undefined): Outcome {
    if (top === undefined) return { unavailable: new BddLimitError(this.bdd.limit).message };
    this.work.largestDiagram = Math.max(this.work.largestDiagram, this.bdd.size);
    const bdd = this.bdd;
    const byLevel = new Float64Array(order.length);
    for (let level = 0; level < order.length; level++) byLevel[level] = values[order[level]!]!.probability;
    const nodeP = bdd.probabilities(byLevel);
    const total = nodeP[top]!;
    if (top === TRUE || top === FALSE) return { probability: total, constant: true, events: new Int32Array(0), birnbaum: new Float64Array(0) };
    const { levels, birnbaum } = birnbaumByLevel(bdd, top, nodeP, byLevel);
    const variables = levels.map((level) => order[level]!);
    return this.assemble(total, false, variables, birnbaum, plan, values);
  }

  /** Probability of each variable; constant ones become terminals in the diagram. */
  private variableValue(v: Variable): { probability: number; constant: boolean } {
    if ('event' in v) return { probability: this.p[v.event]!, constant: false };
    if ('module' in v) return this.outcomes.get(v.module) as Figures;
    return closedForm(
      v.group,
      v.members.map((m) => ('event' in m ? { probability: this.p[m.event]!, constant: false } : (this.outcomes.get(m.module) as Figures))),
    );
  }

  /**
   * Figures of a plan from its clauses (clauseCount.ts). Undefined when the clauses are too many
   * to start, or the tree too deep to count: the BDD decides, with the whole budget. Unavailable
   * when counting outgrew its budget: the BDD is not tried. Over 36 generated inventories of 200
   * to 5,000 entities, none of the 38 trees whose counting gave up had a BDD within 300,000 nodes,
   * and trying took as long again as counting had (bench/analysis.md).
   */
  private fromClauses(plan: Plan, values: readonly { probability: number; constant: boolean }[]): Outcome | undefined {
    if (plan.variables.length > MAX_COUNTED_VARIABLES) return undefined;
    let counted: CountFigures;
    try {
      counted = countByClauses(
        { variables: plan.variables.length, gates: plan.gates },
        Float64Array.from(values, (v) => v.probability),
        Uint8Array.from(values, (v) => (v.constant ? 1 : 0)),
        { maxClauses: Math.min(this.maxNodes / 4, plan.variables.length * CLAUSES_PER_VARIABLE), maxNodes: this.maxNodes },
      );
    } catch (error) {
      if (error instanceof CountLimitError && error.counting) return { unavailable: error.message };
      // Too many clauses, or (a deep chain of decisions) the call stack.
      if (error instanceof CountLimitError || error instanceof RangeError) return undefined;
      throw error;
    }
    this.work.fromClauses++;
    this.work.largestDiagram = Math.max(this.work.largestDiagram, counted.nodes);
    if (counted.constant) return { probability: counted.probability, constant: true, events: new Int32Array(0), birnbaum: new Float64Array(0) };
    const { variables, values: derivatives } = counted.derivatives();
    return this.assemble(counted.probability, false, variables, derivatives, plan, values);
  }

  /**
   * A tree's figures from its probability and ∂P/∂(variable) of each variable it depends on
   * (`derivatives[i]` for `variables[i]`): the chain rule takes each into the events below it.
   */
  private assemble(
    probability: number,
    constant: boolean,
    variables: ArrayLike<number>,
    derivatives: ArrayLike<number>,
    plan: Plan,
    values: readonly { probability: number; constant: boolean }[],
  ): Figures {
    if (constant) return { probability, constant, events: new Int32Array(0), birnbaum: new Float64Array(0) };
    const events: number[] = [];
    const stamp = ++this.stamp;
    for (let i = 0; i < variables.length; i++) {
      const v = variables[i]!;
      if (values[v]!.constant) continue;
      const variable = plan.variables[v]!;
      if ('group' in variable) this.addGroup(variable, derivatives[i]!, stamp, events);
      else this.addAtom(variable, derivatives[i]!, stamp, events);
    }
    const birnbaum = new Float64Array(this.withImportance ? events.length : 0);
    for (let i = 0; i < birnbaum.length; i++) birnbaum[i] = this.sum[events[i]!]!;
    return { probability, constant: false, events: new Int32Array(events), birnbaum };
  }

  /** Adds `value` · ∂(group)/∂(member) to each member of a merged variable that is not constant. */
  private addGroup(group: { group: 'and' | 'or'; members: Atom[] }, value: number, stamp: number, events: number[]): void {
    const live: Atom[] = [];
    const inputs: { probability: number; constant: boolean }[] = [];
    for (const m of group.members) {
      const input = 'event' in m ? { probability: this.p[m.event]!, constant: false } : (this.outcomes.get(m.module) as Figures);
      if (input.constant) continue;
      live.push(m);
      inputs.push(input);
    }
    const inner = closedForm(group.group, inputs);
    for (let i = 0; i < live.length; i++) this.addAtom(live[i]!, value * inner.derivative[i]!, stamp, events);
  }

  /** Adds `value` · ∂(atom)/∂(event) to each event of an atom: the event itself, or those of a module. */
  private addAtom(atom: Atom, value: number, stamp: number, events: number[]): void {
    if ('event' in atom) {
      this.addEvent(atom.event, value, stamp, events);
      return;
    }
    // Every event of the module, each with its share: the loop runs once per module of every
    // tree, mostly before V8 optimises it, so addEvent() is written out over locals here.
    const { events: moduleEvents, birnbaum } = this.outcomes.get(atom.module) as Figures;
    const { sum, sumStamp, withImportance } = this;
    for (let i = 0; i < moduleEvents.length; i++) {
      const e = moduleEvents[i]!;
      if (sumStamp[e] !== stamp) {
        sumStamp[e] = stamp;
        sum[e] = 0;
        events.push(e);
      }
      if (withImportance) sum[e] = sum[e]! + value * birnbaum[i]!;
    }
  }

  /** Adds to an event's sum of this assembly (stamped `stamp`), listing the event the first time. */
  private addEvent(e: number, value: number, stamp: number, events: number[]): void {
    if (this.sumStamp[e] !== stamp) {
      this.sumStamp[e] = stamp;
      this.sum[e] = 0;
      events.push(e);
    }
    this.sum[e] = this.sum[e]! + value;
  }
}

/**
 * A plan's diagram in the shared manager, its variables at the levels `order` gives them, built
 * gate by gate within a node budget that can be raised: a build stopped by the budget resumes
 * where it stopped, keeping the gates it finished and the nodes it made.
 */
class DiagramBuild {
  private readonly levelOf: Int32Array;
  /** The root node of each finished gate. */
  private readonly results: number[] = [];

  constructor(
    private readonly bdd: Bdd,
    private readonly plan: Plan,
    private readonly values: readonly { probability: number; constant: boolean }[],
    order: Int32Array,
  ) {
    this.levelOf = new Int32Array(order.length);
    for (let level = 0; level < order.length; level++) this.levelOf[order[level]!] = level;
    bdd.reset(0, Math.min(plan.variables.length * 8, 1 << 16));
  }

  /** The root node, built within `maxNodes`; undefined when the diagram needs more. */
  run(maxNodes: number): number | undefined {
    const { bdd, plan, values, results } = this;
    bdd.raiseLimit(maxNodes);
    try {
      for (let g = results.length; g < plan.gates.length; g++) {
        const gate = plan.gates[g]!;
        const levels: number[] = [];
        const inputs: number[] = [];
        for (const v of gate.variables) {
          const value = values[v]!;
          if (value.constant) inputs.push(value.probability === 1 ? TRUE : FALSE);
          else levels.push(this.levelOf[v]!);
        }
        for (const c of gate.children) inputs.push(results[c]!);
        results.push(levels.length === 0 ? bdd.applyAll(gate.op, inputs) : bdd.applyAll(gate.op, [bdd.chain(gate.op, levels), ...inputs]));
      }
    } catch (error) {
      if (error instanceof BddLimitError) return undefined;
      throw error;
    }
    return results[results.length - 1]!;
  }
}

/** A map from the integers below `size` to non-negative integers, emptied in constant time (a new stamp). */
class SlotMap {
  private readonly values: Int32Array;
  private readonly stamps: Uint32Array;
  private stamp = 1;

  constructor(size: number) {
    this.values = new Int32Array(size);
    this.stamps = new Uint32Array(size);
  }

  /** The value set for `key` since the last clear(), or -1. */
  get(key: number): number {
    return this.stamps[key] === this.stamp ? this.values[key]! : -1;
  }

  set(key: number, value: number): void {
    this.stamps[key] = this.stamp;
    this.values[key] = value;
  }

  clear(): void {
    this.stamp++;
  }
}

/**
 * The variable order of a plan's diagram: depth first from the root, each gate's variables before
 * its sub-gates, the most shared first in both (variables by how many gates read them, sub-gates
 * by how many gates have them as inputs). Variables that meet in a gate sit close together, and a
 * variable many gates test sits above them; on the benchmark inventories this builds the large
 * diagrams in half the apply steps of the order of first appearance. `order[level]` is a variable.
 */
function variableOrder(plan: Plan): Int32Array {
  const readers = new Int32Array(plan.variables.length);
  const parents = new Int32Array(plan.gates.length);
  for (const gate of plan.gates) {
    for (const v of gate.variables) readers[v]!++;
    for (const c of gate.children) parents[c]!++;
  }
  const order = new Int32Array(plan.variables.length);
  const placed = new Uint8Array(plan.variables.length);
  const visited = new Uint8Array(plan.gates.length);
  let next = 0;
  const root = plan.gates.length - 1;
  const stack = [root];
  while (stack.length > 0) {
    const g = stack.pop()!;
    if (visited[g]) continue;
    visited[g] = 1;
    const gate = plan.gates[g]!;
    const variables = [...gate.variables].sort((a, b) => readers[b]! - readers[a]! || a - b);
    for (const v of variables) {
      if (placed[v]) continue;
      placed[v] = 1;
      order[next++] = v;
    }
    // Pushed in reverse, so the most shared sub-gate is visited first.
    const children = gate.children.filter((c) => !visited[c]).sort((a, b) => parents[a]! - parents[b]! || b - a);
    stack.push(...children);
  }
  for (let v = 0; v < plan.variables.length; v++) if (!placed[v]) order[next++] = v;
  return order;
}

/**
 * OR or AND of independent inputs: the probability, and ∂P/∂(input) for each input (0 for
 * constant ones). Products leave out the input itself, without division, so 0 and 1 are exact.
 */
function closedForm(op: 'and' | 'or', inputs: readonly { probability: number; constant: boolean }[]): { probability: number; constant: boolean; derivative: Float64Array } {
  const n = inputs.length;
  const derivative = new Float64Array(n);
  // In terms of the factors of the product: OR multiplies (1 - p), AND multiplies p.
  const absorbing = op === 'or' ? 1 : 0;
  const factors = new Float64Array(n);
  let live = 0;
  for (let i = 0; i < n; i++) {
    const input = inputs[i]!;
    if (!input.constant) live++;
    else if (input.probability === absorbing) return { probability: absorbing, constant: true, derivative };
    factors[i] = op === 'or' ? 1 - input.probability : input.probability;
  }
  const product = productsOfOthers(factors, n, derivative);
  for (let i = 0; i < n; i++) if (inputs[i]!.constant) derivative[i] = 0;
  return { probability: op === 'or' ? 1 - product : product, constant: live === 0, derivative };
}

/** Birnbaum importance of every level a diagram's root depends on, in the order the one top-down pass meets them. */
function birnbaumByLevel(bdd: Bdd, root: number, nodeP: Float64Array, levelP: Float64Array): { levels: Int32Array; birnbaum: Float64Array } {
  const nodes = bdd.reachable(root);
  // Read after reachable(), which may move them; read directly, not a call per node.
  const { level: levelOfNode, low, high } = bdd.nodeArrays();
  const reach = new Float64Array(bdd.size);
  const byLevel = new Float64Array(levelP.length);
  const seen = new Uint8Array(levelP.length);
  const levels: number[] = [];
  reach[root] = 1;
  for (let i = 0; i < nodes.length; i++) {
    const n = nodes[i]!;
    const r = reach[n]!;
    const level = levelOfNode[n]!;
    const q = levelP[level]!;
    const lo = low[n]!;
    const hi = high[n]!;
    if (!seen[level]) {
      seen[level] = 1;
      levels.push(level);
    }
    byLevel[level] = byLevel[level]! + r * (nodeP[hi]! - nodeP[lo]!);
    reach[hi] = reach[hi]! + r * q;
    reach[lo] = reach[lo]! + r * (1 - q);
  }
  const birnbaum = new Float64Array(levels.length);
  for (let i = 0; i < levels.length; i++) birnbaum[i] = byLevel[levels[i]!]!;
  return { levels: Int32Array.from(levels), birnbaum };
}

/** P(loss | event impossible) / P(loss) below which the loss needs the event (rounding noise). */
const NECESSARY_BELOW = 1e-12;

/** Loss probability and the importance list of a tree's figures. */
function lossAnalysis(graph: FaultGraph, f: Figures, p: Float64Array): LossAnalysis {
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
  const order = importanceOrder(f.events, without);
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
  const out = new Float64Array(graph.events.length);
  const anyForced = forced.size > 0;
  for (const e of graph.events) {
    const p = anyForced && forced.has(e.id) ? 1 : eventProbability.get(e.id);
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
    const o = q.figures(ds.gate);
    if ('unavailable' in o) unavailable.set(ds.id, o.unavailable);
    else dataSets.set(ds.id, lossAnalysis(graph, o, events));
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

/**
 * Clauses per variable of a tree at most, to try counting them: a copy is a clause or a few, so
 * many copies sharing events have about as many clauses as variables; an OR of ANDs has far more
 * (the product of their sizes), and a diagram suits it better.
 */
const CLAUSES_PER_VARIABLE = 8;

/**
 * Variables of an AND-rooted tree past which its clauses are counted before any diagram is built.
 * In 1,994 trees of generated inventories (30 to 2,000 entities, bench/analysis.md), the AND-rooted
 * ones up to 93 variables had diagrams of at most 28,000 nodes, built faster than counting; from
 * 143 variables on, none had one under 176,000 nodes, and counting was faster or the only way.
 */
const COUNT_FIRST_VARIABLES = 120;

/** Variables of a tree computed from clauses at most: each decision is a level of recursion. */
const MAX_COUNTED_VARIABLES = 3000;
