// The figures of a fault graph's trees under one probability assignment: each gate's tree computed
// once, in the spirit of SCRAM's preprocessing, and shared by every tree that has it as a module.
// Pure; the computation runs in WebAssembly (assembly/quantifier.ts: why there, its header).
//
// - A tree is split into modules (found by one walk per root: assembly/quantifier.ts): a sub-tree that shares no event
//   with the rest is computed on its own, once, and stands in its parents as one variable with its
//   probability.
// - The events and modules that sit under one gate only are merged into one variable per gate
//   (their OR or AND, in closed form); a tree of one gate over such variables is a closed form.
// - What remains of a tree, the gates that share events, becomes a BDD with its own variable
//   order (depth first from its root, each gate's variables before its sub-gates, the most shared
//   first in both), so one data set's diagram does not depend on the others. A diagram past
//   SMALL_DIAGRAM nodes is computed from the tree's clauses instead (clauseCount.ts: many copies
//   that meet in a few shared events come apart there once those are decided, which one variable
//   order cannot do); when the clauses are too many to start, the BDD gets the whole budget, and
//   when counting outgrows its budget, the figure is unavailable (such trees have not been seen
//   to fit a BDD either). An AND over more than 120 variables (many copies) is counted first: its
//   diagram rarely stays small.
// - Importance: one top-down pass over a diagram (or backward over a count's circuit) gives
//   ∂P/∂(variable); the chain rule carries it into merged variables and modules (independent of
//   the rest, so ∂P/∂p(e) = ∂P/∂P(module) · ∂P(module)/∂p(e)).
// The diagrams are built one after another in one manager that keeps its memory, not its nodes.
import { QUANTIFIER_WASM } from '../generated/quantifierWasm.js';
import { countByClauses, CountLimitError, type ClauseTree, type CountFigures } from './clauseCount.js';
import { EmbeddedWasm } from './embeddedWasm.js';
import { BddLimitError } from './limits.js';
import type { Work } from './lossFigures.js';
import type { FaultGraph } from './types.js';

/** What one gate's tree comes to: its probability and, per event it depends on, ∂P/∂p(event). */
export interface Figures {
  probability: number;
  /** The function is constant (no event changes it). */
  constant: boolean;
  events: Int32Array;
  /** Parallel to `events`; empty when importance is not asked for. */
  birnbaum: Float64Array;
}

export type Outcome = Figures | { unavailable: string };

/** Figures with each event's P(loss | event impossible) and the order of their importance list. */
export interface RankedFigures extends Figures {
  without: Float64Array;
  /** Indices into `events`, the list's order. */
  order: Int32Array;
}

/** What assembly/quantifier.ts exports (booleans as 0 and 1). */
interface QuantifierExports {
  memory: WebAssembly.Memory;
  prepareGraph(gates: number, events: number, eventInputs: number, gateInputs: number, maxNodes: number, smallDiagram: number, withImportance: number): void;
  gateIsOrPointer(): number;
  gateEventsAtPointer(): number;
  gateEventsPointer(): number;
  gateGatesAtPointer(): number;
  gateGatesPointer(): number;
  eventProbabilityPointer(): number;
  figures(root: number): number;
  ctIsAndPointer(): number;
  ctVariablesAtPointer(): number;
  ctVariablesPointer(): number;
  ctChildrenAtPointer(): number;
  ctChildrenPointer(): number;
  valueProbabilityPointer(): number;
  valueConstantPointer(): number;
  countedRoom(n: number): void;
  countedVariablesPointer(): number;
  countedDerivativesPointer(): number;
  setCounted(probability: number, constant: number, nodes: number, n: number): void;
  outcomeProbabilityOf(gate: number): number;
  outcomeIsConstant(gate: number): number;
  outcomeLengthOf(gate: number): number;
  outcomeEventsPointer(gate: number): number;
  outcomeBirnbaumPointer(gate: number): number;
  rankImportance(gate: number, total: number): number;
  withoutPointer(): number;
  importanceOrderPointer(): number;
  treesComputed(): number;
  diagramsNeeded(): number;
  treesCounted(): number;
  largestDiagramSize(): number;
}

/** figures()'s results (assembly/quantifier.ts). */
const FIGURES = 1;
const OVER_DIAGRAM_BUDGET = 2;
/** countClauses()'s results. */
const DIAGRAM_DECIDES = 0;
const COUNT_UNAVAILABLE = 1;
const COUNTED = 2;

/**
 * Clauses per variable of a tree at most, to try counting them: a copy is a clause or a few, so
 * many copies sharing events have about as many clauses as variables; an OR of ANDs has far more
 * (the product of their sizes), and a diagram suits it better.
 */
const CLAUSES_PER_VARIABLE = 8;

const quantifierModule = new EmbeddedWasm<QuantifierExports>(QUANTIFIER_WASM);

/**
 * Figures of gates under one probability assignment. Gate `graph.gates.length` (`anyGate`) is the
 * virtual OR over `anyOf`.
 */
export class Quantifier {
  private readonly wasm: QuantifierExports;

  constructor(
    graph: FaultGraph,
    p: Float64Array,
    private readonly maxNodes: number,
    private readonly withImportance: boolean,
    anyOf: readonly number[],
    /** Nodes a tree's BDD may take before its clauses are tried. */
    smallDiagram: number,
  ) {
    // Out of memory (a diagram cannot cause it: assembly/decisionDiagram.ts's MOST_NODES; a graph
    // too large for WebAssembly's 4 GB can) stops the computation, as over any budget.
    this.wasm = quantifierModule.instantiate(() => new BddLimitError(maxNodes), {
      quantifier: { countClauses: (variables, gates) => this.countClauses(variables, gates) },
    });
    const { gates } = graph;
    let eventInputs = 0;
    let gateInputs = anyOf.length;
    for (const gate of gates) {
      eventInputs += gate.events.length;
      gateInputs += gate.gates.length;
    }
    const wasm = this.wasm;
    wasm.prepareGraph(gates.length + 1, graph.events.length, eventInputs, gateInputs, maxNodes, smallDiagram, withImportance ? 1 : 0);
    // Views taken after the last allocation (prepareGraph): filling them allocates nothing.
    const buffer = wasm.memory.buffer;
    const isOr = new Int32Array(buffer, wasm.gateIsOrPointer(), gates.length + 1);
    const eventsAt = new Int32Array(buffer, wasm.gateEventsAtPointer(), gates.length + 2);
    const events = new Int32Array(buffer, wasm.gateEventsPointer(), eventInputs);
    const gatesAt = new Int32Array(buffer, wasm.gateGatesAtPointer(), gates.length + 2);
    const inputGates = new Int32Array(buffer, wasm.gateGatesPointer(), gateInputs);
    let e = 0;
    let c = 0;
    for (let g = 0; g < gates.length; g++) {
      const gate = gates[g]!;
      isOr[g] = gate.op === 'or' ? 1 : 0;
      eventsAt[g] = e;
      gatesAt[g] = c;
      for (const x of gate.events) events[e++] = x;
      for (const x of gate.gates) inputGates[c++] = x;
    }
    isOr[gates.length] = 1;
    eventsAt[gates.length] = e;
    gatesAt[gates.length] = c;
    for (const x of anyOf) inputGates[c++] = x;
    eventsAt[gates.length + 1] = e;
    gatesAt[gates.length + 1] = c;
    new Float64Array(buffer, wasm.eventProbabilityPointer(), p.length).set(p);
    this.anyGate = gates.length;
  }

  /** The virtual gate over `anyOf`. */
  readonly anyGate: number;

  /**
   * Figures of a gate's tree (computed on first asking; its modules' with it). The arrays are
   * views of the module's memory, valid until the next call to this quantifier.
   */
  figures(root: number): Outcome {
    return this.outcome(root, this.wasm.figures(root));
  }

  /**
   * figures(root), with P(loss | event impossible) of each event and the order of its importance
   * list (probability.ts: importanceOrder) computed here too, as views valid until the next call;
   * without them when a figure is too small for the order's rounding on bits.
   */
  rankedFigures(root: number): Outcome | RankedFigures {
    const wasm = this.wasm;
    const result = wasm.figures(root);
    if (result !== FIGURES || wasm.outcomeIsConstant(root)) return this.outcome(root, result);
    // Ranking may grow the memory, which detaches views: outcome() takes them after it.
    const n = wasm.rankImportance(root, wasm.outcomeProbabilityOf(root));
    const figures = this.outcome(root, result) as Figures;
    if (n < 0) return figures;
    const buffer = wasm.memory.buffer;
    return { ...figures, without: new Float64Array(buffer, wasm.withoutPointer(), n), order: new Int32Array(buffer, wasm.importanceOrderPointer(), n) };
  }

  /** The outcome figures() reported for `root` (`result`), its arrays as views of the memory. */
  private outcome(root: number, result: number): Outcome {
    const wasm = this.wasm;
    if (result !== FIGURES) {
      return { unavailable: (result === OVER_DIAGRAM_BUDGET ? new BddLimitError(this.maxNodes) : new CountLimitError(this.maxNodes)).message };
    }
    const probability = wasm.outcomeProbabilityOf(root);
    if (wasm.outcomeIsConstant(root)) return { probability, constant: true, events: new Int32Array(0), birnbaum: new Float64Array(0) };
    const n = wasm.outcomeLengthOf(root);
    const buffer = wasm.memory.buffer;
    return {
      probability,
      constant: false,
      events: new Int32Array(buffer, wasm.outcomeEventsPointer(root), n),
      birnbaum: this.withImportance ? new Float64Array(buffer, wasm.outcomeBirnbaumPointer(root), n) : new Float64Array(0),
    };
  }

  /** Trees computed so far, and how. */
  get work(): Work {
    const wasm = this.wasm;
    return { trees: wasm.treesComputed(), diagrams: wasm.diagramsNeeded(), fromClauses: wasm.treesCounted(), largestDiagram: wasm.largestDiagramSize() };
  }

  /**
   * The WebAssembly module's countClauses: the tree it wrote, counted from its clauses. The
   * diagram decides when the clauses are too many to start, or the tree too deep to count;
   * counting past its budget leaves the figure unavailable: over 36 generated inventories of 200
   * to 5,000 entities, none of the 38 trees whose counting gave up had a BDD within 300,000 nodes,
   * and trying took as long again as counting had (bench/analysis.md).
   */
  private countClauses(variables: number, gateCount: number): number {
    const wasm = this.wasm;
    const buffer = wasm.memory.buffer;
    const isAnd = new Int32Array(buffer, wasm.ctIsAndPointer(), gateCount);
    const variablesAt = new Int32Array(buffer, wasm.ctVariablesAtPointer(), gateCount + 1);
    const childrenAt = new Int32Array(buffer, wasm.ctChildrenAtPointer(), gateCount + 1);
    const gateVariables = new Int32Array(buffer, wasm.ctVariablesPointer(), variablesAt[gateCount]!);
    const gateChildren = new Int32Array(buffer, wasm.ctChildrenPointer(), childrenAt[gateCount]!);
    const tree: ClauseTree = {
      variables,
      gates: Array.from({ length: gateCount }, (_, g) => ({
        op: isAnd[g] ? ('and' as const) : ('or' as const),
        variables: Array.from(gateVariables.subarray(variablesAt[g]!, variablesAt[g + 1]!)),
        children: Array.from(gateChildren.subarray(childrenAt[g]!, childrenAt[g + 1]!)),
      })),
    };
    const q = new Float64Array(buffer, wasm.valueProbabilityPointer(), variables).slice();
    const fixed = new Uint8Array(buffer, wasm.valueConstantPointer(), variables).slice();
    let counted: CountFigures;
    try {
      counted = countByClauses(tree, q, fixed, { maxClauses: Math.min(this.maxNodes / 4, variables * CLAUSES_PER_VARIABLE), maxNodes: this.maxNodes });
    } catch (error) {
      if (error instanceof CountLimitError && error.counting) return COUNT_UNAVAILABLE;
      // Too many clauses, or (a deep chain of decisions) the call stack.
      if (error instanceof CountLimitError || error instanceof RangeError) return DIAGRAM_DECIDES;
      throw error;
    }
    if (counted.constant) {
      wasm.setCounted(counted.probability, 1, counted.nodes, 0);
      return COUNTED;
    }
    const { variables: relevant, values } = counted.derivatives();
    wasm.countedRoom(relevant.length);
    const after = wasm.memory.buffer;
    new Int32Array(after, wasm.countedVariablesPointer(), relevant.length).set(relevant);
    new Float64Array(after, wasm.countedDerivativesPointer(), values.length).set(values);
    wasm.setCounted(counted.probability, 0, counted.nodes, relevant.length);
    return COUNTED;
  }
}
