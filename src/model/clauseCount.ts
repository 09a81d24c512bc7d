// Exact probability of a tree whose gates share events, from its clauses, by component caching
// (the method of #SAT model counters such as sharpSAT, weighted): probability.ts's way for trees
// whose BDD grows large. Pure.
//
// Why: a data set with sixty copies is the AND of sixty clauses ("this copy fails") that meet in a
// few shared admins, providers and targets. A BDD has one variable order for all of them, and
// every combination of shared events still open at a level is a node. Here the tree becomes its
// minimal clauses, and the clause set is taken apart as it is conditioned: once the events that
// tie clauses together are decided, what is left falls into independent components, each computed
// once (cached by its clauses and free events) and multiplied. An OR at the root is computed as
// the complement of its dual, an AND of clauses over the complementary events.
//
// The computation is recorded as a circuit (decisions, products of independent components,
// single clauses), so that one pass backward gives the derivative by every variable, as a BDD's
// does. Clauses past a budget, or a circuit past the node budget, give up: the caller falls back.
// The clauses, the circuit and its figures are computed in WebAssembly (assembly/clauseCounter.ts);
// the bound on the clauses before is computed here.
import { CLAUSE_COUNTER_WASM } from '../generated/clauseCounterWasm.js';
import { EmbeddedWasm } from './embeddedWasm.js';
import { groupDigits } from './limits.js';

/** A tree to compute: gates over variables 0..variables-1, children first, the root last. */
export interface ClauseTree {
  readonly variables: number;
  readonly gates: readonly { op: 'and' | 'or'; variables: readonly number[]; children: readonly number[] }[];
}

/** Probability of the root and each relevant variable's derivative (∂P/∂ its probability). */
export interface CountFigures {
  probability: number;
  /** No variable changes the probability. */
  constant: boolean;
  /** Every variable the function depends on, ascending, and ∂P/∂q(variable) of each. */
  derivatives(): { variables: Int32Array; values: Float64Array };
  /** Clauses of the minimal form, and circuit nodes. */
  clauses: number;
  nodes: number;
}

export interface CountLimits {
  /** Most clauses of any gate's minimal form. */
  maxClauses: number;
  /** Most nodes of the circuit. */
  maxNodes: number;
}

/**
 * Thrown when the clauses or the circuit outgrow their limits. With the node budget counting
 * outgrew, the message is the reason the figure is unavailable, as BddLimitError's is.
 */
export class CountLimitError extends Error {
  /** True: counting outgrew its nodes or work; false: there are too many clauses to start. */
  readonly counting: boolean;

  constructor(maxNodes?: number) {
    super(maxNodes === undefined ? 'too many clauses' : `the exact computation outgrew its budget of ${groupDigits(maxNodes)} nodes (--max-bdd-nodes)`);
    this.counting = maxNodes !== undefined;
  }
}

/**
 * P(root) under q (per variable; `fixed` marks constants, q 0 or 1), or CountLimitError. Deep
 * trees recurse once per decided variable: callers keep `variables` to a few thousand.
 */
export function countByClauses(tree: ClauseTree, q: Float64Array, fixed: Uint8Array, limits: CountLimits): CountFigures {
  const root = tree.gates[tree.gates.length - 1]!;
  // OR at the root: P = 1 - P(dual), the dual over complementary events; ∂P/∂q = ∂P(dual)/∂(1 - q).
  const dual = root.op === 'or';
  const weights = dual ? Float64Array.from(q, (x) => 1 - x) : q;
  if (clauseBound(tree, dual) > limits.maxClauses * PRODUCT_SLACK) throw new CountLimitError();
  const { counter, top, clauses } = countInWebAssembly(tree, weights, fixed, dual, limits);
  const p = counter.probabilities(top);
  return {
    probability: dual ? 1 - p : p,
    constant: top < 2,
    derivatives: () => {
      const n = counter.derivatives(top);
      const { buffer } = counter.memory;
      return { variables: new Int32Array(buffer, counter.relevantPointer(), n).slice(), values: new Float64Array(buffer, counter.derivativePointer(), n).slice() };
    },
    clauses,
    nodes: counter.nodes(),
  };
}

/**
 * How far the clauses of one step may outgrow the budget before minimising: a product of
 * `PRODUCT_SLACK · maxClauses` clauses or more is given up on without being built.
 */
const PRODUCT_SLACK = 4;

/**
 * Clauses of the root's CNF before any is dropped: the sum of an AND's inputs, the product of an
 * OR's (capped, it only has to pass the budget). An OR over data sets with many copies comes to
 * products of millions, which building the clauses would take tens of milliseconds to find out. In the
 * trees surveyed (bench/analysis.md), every tree whose bound passed four times the budget also
 * failed to minimise within it; the largest bound that minimised (an OR over 113 inputs) was
 * 2.5 times the budget, and came down to 448 clauses.
 */
export function clauseBound(tree: ClauseTree, dual: boolean): number {
  const bound = new Float64Array(tree.gates.length);
  for (let g = 0; g < tree.gates.length; g++) {
    const gate = tree.gates[g]!;
    // A variable (or a constant: fewer clauses, never more) is one clause of one variable.
    if ((gate.op === 'and') !== dual) {
      let sum = gate.variables.length;
      for (const c of gate.children) sum += bound[c]!;
      bound[g] = sum;
    } else {
      let product = 1;
      for (const c of gate.children) product = Math.min(product * bound[c]!, Number.MAX_SAFE_INTEGER);
      bound[g] = product;
    }
  }
  return bound[tree.gates.length - 1]!;
}

/**
 * Clause reads allowed per node of the budget. Reading half as many clauses as the budget has
 * nodes takes about half the time a BDD of that budget takes to build. The 1k benchmark's db-1
 * (61 copies) reads about 25,000 clauses for its 3,700 nodes.
 */
const READS_PER_NODE = 0.5;

/** What assembly/clauseCounter.ts exports. */
interface CounterExports {
  memory: WebAssembly.Memory;
  prepareTree(variables: number, gates: number, variableInputs: number, childInputs: number): void;
  gateIsAndPointer(): number;
  gateVariablesAtPointer(): number;
  gateVariablesPointer(): number;
  gateChildrenAtPointer(): number;
  gateChildrenPointer(): number;
  constantPointer(): number;
  build(maxClauses: number, maxProduct: number, maxNodes: number, maxReads: number): number;
  run(): number;
  nodes(): number;
  weightPointer(): number;
  probabilities(top: number): number;
  derivatives(top: number): number;
  relevantPointer(): number;
  derivativePointer(): number;
}

const counterModule = new EmbeddedWasm<CounterExports>(CLAUSE_COUNTER_WASM);

/**
 * The tree's minimal clauses (of its dual when `dual`), then P(every clause holds) over
 * independent variables `q` (the weights), as a circuit, whose probabilities and derivatives the
 * instance then computes. All of it runs in WebAssembly (assembly/clauseCounter.ts; why
 * there: its header). The clauses: per gate bottom-up, an AND joins its inputs' clauses, an OR
 * takes one clause of each input and unites them; clauses that contain another are dropped.
 * Constants fold away. The count: condition on the variable most clauses of a component share,
 * split what is left into components, cache each by its clauses and free variables. Where the
 * variable is made impossible, a clause it leaves inside another makes the other redundant, and
 * the other is dropped: copies that share their admins and accounts then fall apart sooner (the
 * 1k benchmark's db-1: 3,700 nodes instead of 8,700).
 *
 * Throws CountLimitError: without the node budget for too many clauses (a form past
 * `maxClauses`, a product past PRODUCT_SLACK times that), with it when the circuit outgrows its
 * nodes or reads (READS_PER_NODE per node). A search too deep for the stack throws RangeError,
 * which callers treat as too many clauses.
 */
function countInWebAssembly(tree: ClauseTree, q: Float64Array, fixed: Uint8Array, dual: boolean, limits: CountLimits): { counter: CounterExports; top: number; clauses: number } {
  const { maxClauses, maxNodes } = limits;
  const counter = counterModule.instantiate(() => new CountLimitError(maxNodes));
  const { gates } = tree;
  let variableInputs = 0;
  let childInputs = 0;
  for (const gate of gates) {
    variableInputs += gate.variables.length;
    childInputs += gate.children.length;
  }
  counter.prepareTree(tree.variables, gates.length, variableInputs, childInputs);
  // Views taken after the last allocation (prepareTree): filling them allocates nothing.
  const view = (pointer: number, length: number): Int32Array => new Int32Array(counter.memory.buffer, pointer, length);
  const isAnd = view(counter.gateIsAndPointer(), gates.length);
  const variablesAt = view(counter.gateVariablesAtPointer(), gates.length + 1);
  const variables = view(counter.gateVariablesPointer(), variableInputs);
  const childrenAt = view(counter.gateChildrenAtPointer(), gates.length + 1);
  const children = view(counter.gateChildrenPointer(), childInputs);
  const constant = view(counter.constantPointer(), tree.variables);
  for (let g = 0, v = 0, c = 0; g < gates.length; g++) {
    const gate = gates[g]!;
    // In the dual, an AND is an OR of the complements and the other way round.
    isAnd[g] = (gate.op === 'and') !== dual ? 1 : 0;
    variablesAt[g] = v;
    for (const x of gate.variables) variables[v++] = x;
    childrenAt[g] = c;
    for (const x of gate.children) children[c++] = x;
    variablesAt[g + 1] = v;
    childrenAt[g + 1] = c;
  }
  for (let v = 0; v < tree.variables; v++) constant[v] = fixed[v] ? (q[v] === 1 ? 1 : 2) : 0;
  new Float64Array(counter.memory.buffer, counter.weightPointer(), tree.variables).set(q);
  const clauses = counter.build(maxClauses, maxClauses * PRODUCT_SLACK, maxNodes, maxNodes * READS_PER_NODE);
  if (clauses < 0) throw new CountLimitError();
  const top = counter.run();
  if (top < 0) throw new CountLimitError(maxNodes);
  return { counter, top, clauses };
}
