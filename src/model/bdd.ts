// A reduced ordered binary decision diagram over monotone AND/OR functions: the exact method
// behind loss probabilities (DESIGN §3 "Likelihood"). No dependency in JS does this.
//
// Nodes live in typed arrays; node 0 is FALSE, node 1 is TRUE, and a node is always created
// after its two children, so ascending node numbers are a bottom-up (topological) order and
// descending ones a top-down order: probabilities and their derivatives are single passes.
// `apply` runs on an explicit stack: a path of a BDD may visit tens of thousands of variables
// (the OR over every critical data set of a large inventory), deeper than the call stack.
//
// The manager runs in WebAssembly (assembly/decisionDiagram.ts; why there: its header). The
// quantifier (assembly/quantifier.ts) has it linked in and calls it directly; this class is its
// interface on its own, for tests of the manager, and reads the nodes from its memory.
import { DECISION_DIAGRAM_WASM } from '../generated/decisionDiagramWasm.js';
import { EmbeddedWasm } from './embeddedWasm.js';
import { BddLimitError } from './limits.js';

export const FALSE = 0;
export const TRUE = 1;

export type BddOp = 'and' | 'or';

/** What assembly/decisionDiagram.ts exports (booleans as 0 and 1; -1: over the budget). */
interface DiagramExports {
  memory: WebAssembly.Memory;
  init(maxNodes: number, capacity: number): void;
  reset(maxNodes: number, capacity: number): void;
  raiseLimit(maxNodes: number): void;
  size(): number;
  makeNode(level: number, low: number, high: number): number;
  scratchPointer(n: number): number;
  chain(isOr: number, n: number): number;
  apply(isAnd: number, f: number, g: number): number;
  applyAll(isOr: number, n: number): number;
  sizeOf(root: number): number;
  reachable(root: number): number;
  levelProbabilityPointer(levels: number): number;
  probabilities(): number;
  levelPointer(): number;
  lowPointer(): number;
  highPointer(): number;
}

const diagramModule = new EmbeddedWasm<DiagramExports>(DECISION_DIAGRAM_WASM);

/**
 * A manager of one diagram at a time, reused: `reset` starts a new, empty diagram in the same
 * memory. Its tables only grow; each diagram uses and clears only the part its size needs (the
 * unique table and the computed table are addressed through a mask over a prefix), so a small
 * diagram after a large one costs what a small one costs.
 */
export class Bdd {
  private readonly wasm: DiagramExports;
  /** Most nodes this diagram may hold; `apply` steps are bounded at 16 per node allowed. */
  private maxNodes: number;

  constructor(maxNodes = Infinity, capacity = 1 << 12) {
    // Out of memory is over any budget.
    this.wasm = diagramModule.instantiate(() => new BddLimitError(this.maxNodes));
    this.maxNodes = maxNodes;
    this.wasm.init(maxNodes, capacity);
  }

  /** Empties the diagram for the next one: every node number from before is invalid after this. */
  reset(maxNodes: number, capacity: number): void {
    this.maxNodes = maxNodes;
    this.wasm.reset(maxNodes, capacity);
  }

  /** Most nodes the current diagram may hold. */
  get limit(): number {
    return this.maxNodes;
  }

  /** Lets the current diagram grow to `maxNodes` (and its apply steps with it), keeping what it holds. */
  raiseLimit(maxNodes: number): void {
    this.maxNodes = maxNodes;
    this.wasm.raiseLimit(maxNodes);
  }

  /** Number of nodes, terminals included; node numbers run from 0 to size - 1. */
  get size(): number {
    return this.wasm.size();
  }

  /**
   * Every node's level and children, indexed by node number: views of the module's memory, valid
   * until the next call to this diagram (any call may grow the memory and move them).
   */
  nodeArrays(): { level: Int32Array; low: Int32Array; high: Int32Array } {
    const { memory } = this.wasm;
    const size = this.wasm.size();
    return {
      level: new Int32Array(memory.buffer, this.wasm.levelPointer(), size),
      low: new Int32Array(memory.buffer, this.wasm.lowPointer(), size),
      high: new Int32Array(memory.buffer, this.wasm.highPointer(), size),
    };
  }

  /** The node testing the variable at `level`, or its child when both children are equal. */
  node(level: number, low: number, high: number): number {
    return this.checked(this.wasm.makeNode(level, low, high));
  }

  /** The function of one variable. */
  variable(level: number): number {
    return this.node(level, FALSE, TRUE);
  }

  /** OR (or AND) of single variables, built directly as a chain: no apply needed. */
  chain(op: BddOp, levels: readonly number[]): number {
    this.scratch(levels);
    return this.checked(this.wasm.chain(op === 'or' ? 1 : 0, levels.length));
  }

  /** f AND g, or f OR g. */
  apply(op: BddOp, f: number, g: number): number {
    return this.checked(this.wasm.apply(op === 'and' ? 1 : 0, f, g));
  }

  /**
   * OR (or AND) of many functions: the two smallest diagrams first, again and again (as Huffman
   * coding merges), so that no intermediate diagram grows far past what it must; up to eight in
   * pairs in input order, which for a few inputs is as good and sizes nothing. Pairs in input
   * order built the 1k benchmark's OR over critical data sets in 167,126 apply steps and 39,587
   * nodes; smallest first, in 50,586 and 12,773. The diagram is the same either way.
   */
  applyAll(op: BddOp, fs: readonly number[]): number {
    this.scratch(fs);
    return this.checked(this.wasm.applyAll(op === 'or' ? 1 : 0, fs.length));
  }

  /** Nodes reachable from `root`, terminals excluded. */
  sizeOf(root: number): number {
    return this.wasm.sizeOf(root);
  }

  /**
   * Probability of every node, given each level's probability: one bottom-up pass, exact for
   * independent variables. Index the result by node number.
   */
  probabilities(levelProbability: Float64Array): Float64Array {
    new Float64Array(this.wasm.memory.buffer, this.wasm.levelProbabilityPointer(levelProbability.length), levelProbability.length).set(levelProbability);
    const at = this.wasm.probabilities();
    return new Float64Array(this.wasm.memory.buffer, at, this.wasm.size()).slice();
  }

  /** The nodes reachable from `root` (terminals excluded), in descending node order: parents first. */
  reachable(root: number): Int32Array {
    const found = this.wasm.reachable(root);
    return new Int32Array(this.wasm.memory.buffer, this.wasm.scratchPointer(0), found).slice();
  }

  /** `items` where chain() and applyAll() read their inputs. */
  private scratch(items: readonly number[]): void {
    const at = this.wasm.scratchPointer(items.length);
    const view = new Int32Array(this.wasm.memory.buffer, at, items.length);
    for (let i = 0; i < items.length; i++) view[i] = items[i]!;
  }

  /** A node from a call that may add nodes: BddLimitError for -1. */
  private checked(node: number): number {
    if (node < 0) throw new BddLimitError(this.maxNodes);
    return node;
  }
}
