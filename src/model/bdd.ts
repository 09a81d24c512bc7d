// A reduced ordered binary decision diagram over monotone AND/OR functions: the exact method
// behind loss probabilities (DESIGN §3 "Likelihood"). No dependency in JS does this.
//
// Nodes live in typed arrays; node 0 is FALSE, node 1 is TRUE, and a node is always created
// after its two children, so ascending node numbers are a bottom-up (topological) order and
// descending ones a top-down order: probabilities and their derivatives are single passes.
// `apply` runs on an explicit stack: a path of a BDD may visit tens of thousands of variables
// (the OR over every critical data set of a large inventory), deeper than the JS call stack.
import { groupDigits } from './limits.js';

export const FALSE = 0;
export const TRUE = 1;

/** Level of the terminals: below every variable. */
const TERMINAL_LEVEL = 0x7fffffff;

export type BddOp = 'and' | 'or';

/** Thrown when a BDD grows past its budget: the exact probability would take too long or too much memory. */
export class BddLimitError extends Error {
  constructor(readonly limit: number) {
    super(`the exact computation needs a decision diagram of more than ${groupDigits(limit)} nodes (--max-bdd-nodes)`);
  }
}

/**
 * A manager of one diagram at a time, reused: `reset` starts a new, empty diagram in the same
 * memory. Its tables only grow; each diagram uses and clears only the part its size needs (the
 * unique table and the computed table are addressed through a mask over a prefix), so a small
 * diagram after a large one costs what a small one costs.
 */
export class Bdd {
  /** Variable level of each node (position in the variable order). */
  private level: Int32Array;
  private low: Int32Array;
  private high: Int32Array;
  private count = 2;
  /** Unique table: open addressing over node numbers, 0 meaning empty (node 0 is never stored); `uniqueMask + 1` slots in use. */
  private unique: Int32Array;
  private uniqueMask: number;
  /** Computed table of apply: lossy, direct-mapped; keys (op, f, g) and the result; `cacheMask + 1` slots in use. */
  private cacheF: Int32Array;
  private cacheG: Int32Array;
  private cacheR: Int32Array;
  private cacheMask: number;
  /** Frames of apply: f, g, the level split on, the low result, and which step comes next. */
  private frames = new Int32Array(5 * 256);

  /** Scratch of markReachable (sizeOf, reachable): a stamp per node and a stack. */
  private marks = new Uint32Array(0);
  private markStamp = 0;
  private markStack = new Int32Array(256);

  /** Most nodes this diagram may hold; `apply` steps are bounded at 16 per node allowed. */
  private maxNodes: number;
  private steps = 0;

  constructor(maxNodes = Infinity, capacity = 1 << 12) {
    this.maxNodes = maxNodes;
    const size = powerOfTwoAtLeast(capacity);
    this.level = new Int32Array(size);
    this.low = new Int32Array(size);
    this.high = new Int32Array(size);
    this.unique = new Int32Array(size * 2);
    this.cacheF = new Int32Array(size);
    this.cacheG = new Int32Array(size);
    this.cacheR = new Int32Array(size);
    this.uniqueMask = 0;
    this.cacheMask = 0;
    this.reset(maxNodes, capacity);
  }

  /** Empties the diagram for the next one: every node number from before is invalid after this. */
  reset(maxNodes: number, capacity: number): void {
    const used = powerOfTwoAtLeast(capacity);
    this.maxNodes = maxNodes;
    this.steps = 0;
    // Only the prefixes the last diagram used hold anything.
    this.unique.fill(0, 0, this.uniqueMask + 1);
    this.count = 2;
    if (used > this.level.length) this.resizeNodes(used);
    this.level[0] = TERMINAL_LEVEL;
    this.level[1] = TERMINAL_LEVEL;
    this.uniqueMask = used * 2 - 1;
    this.cacheMask = used - 1;
    this.cacheF.fill(-1, 0, used);
  }

  /** Most nodes the current diagram may hold. */
  get limit(): number {
    return this.maxNodes;
  }

  /** Lets the current diagram grow to `maxNodes` (and its apply steps with it), keeping what it holds. */
  raiseLimit(maxNodes: number): void {
    this.maxNodes = maxNodes;
  }

  /** Number of nodes, terminals included; node numbers run from 0 to size - 1. */
  get size(): number {
    return this.count;
  }

  levelOf(node: number): number {
    return this.level[node]!;
  }

  lowOf(node: number): number {
    return this.low[node]!;
  }

  highOf(node: number): number {
    return this.high[node]!;
  }

  /** The node testing the variable at `level`, or its child when both children are equal. */
  node(level: number, low: number, high: number): number {
    if (low === high) return low;
    const unique = this.unique;
    const mask = this.uniqueMask;
    let slot = hash3(level, low, high) & mask;
    for (;;) {
      const n = unique[slot]!;
      if (n === 0) break;
      if (this.level[n] === level && this.low[n] === low && this.high[n] === high) return n;
      slot = (slot + 1) & mask;
    }
    if (this.count >= this.maxNodes) throw new BddLimitError(this.maxNodes);
    if (this.count === this.cacheMask + 1) {
      this.grow();
      return this.node(level, low, high);
    }
    const n = this.count++;
    this.level[n] = level;
    this.low[n] = low;
    this.high[n] = high;
    unique[slot] = n;
    return n;
  }

  /** The function of one variable. */
  variable(level: number): number {
    return this.node(level, FALSE, TRUE);
  }

  /** OR (or AND) of single variables, built directly as a chain: no apply needed. */
  chain(op: BddOp, levels: readonly number[]): number {
    const sorted = [...levels].sort((a, b) => b - a);
    let f = op === 'or' ? FALSE : TRUE;
    let previous = -1;
    for (const level of sorted) {
      if (level === previous) continue;
      previous = level;
      f = op === 'or' ? this.node(level, f, TRUE) : this.node(level, FALSE, f);
    }
    return f;
  }

  /** f AND g, or f OR g. */
  apply(op: BddOp, f: number, g: number): number {
    const isAnd = op === 'and';
    const opBit = isAnd ? 0 : 1;
    let frames = this.frames;
    let sp = 5;
    let result = -1;
    const maxSteps = this.maxNodes * 16;
    frames[0] = f;
    frames[1] = g;
    frames[4] = 0;
    while (sp > 0) {
      if (++this.steps > maxSteps) throw new BddLimitError(this.maxNodes);
      const top = sp - 5;
      const step = frames[top + 4]!;
      let a = frames[top]!;
      let b = frames[top + 1]!;
      if (step === 2) {
        const r = this.node(frames[top + 2]!, frames[top + 3]!, result);
        // node() may have grown the tables: the mask is read after it.
        const c = hash3(opBit, a, b) & this.cacheMask;
        this.cacheF[c] = (a << 1) + opBit;
        this.cacheG[c] = b;
        this.cacheR[c] = r;
        sp = top;
        result = r;
        continue;
      }
      let nextA: number;
      let nextB: number;
      if (step === 0) {
        if (a > b) {
          const t = a;
          a = b;
          b = t;
          frames[top] = a;
          frames[top + 1] = b;
        }
        // Terminal cases (a <= b, so a is the terminal when one is).
        let done = -1;
        if (a === b) done = a;
        else if (a === FALSE) done = isAnd ? FALSE : b;
        else if (a === TRUE) done = isAnd ? b : TRUE;
        if (done < 0) {
          const c = hash3(opBit, a, b) & this.cacheMask;
          if (this.cacheF[c] === (a << 1) + opBit && this.cacheG[c] === b) done = this.cacheR[c]!;
        }
        if (done >= 0) {
          sp = top;
          result = done;
          continue;
        }
        const la = this.level[a]!;
        const lb = this.level[b]!;
        const level = la < lb ? la : lb;
        frames[top + 2] = level;
        frames[top + 4] = 1;
        nextA = la === level ? this.low[a]! : a;
        nextB = lb === level ? this.low[b]! : b;
      } else {
        frames[top + 3] = result;
        frames[top + 4] = 2;
        const level = frames[top + 2]!;
        nextA = this.level[a] === level ? this.high[a]! : a;
        nextB = this.level[b] === level ? this.high[b]! : b;
      }
      if (sp + 5 > frames.length) {
        const bigger = new Int32Array(frames.length * 2);
        bigger.set(frames);
        this.frames = frames = bigger;
      }
      frames[sp] = nextA;
      frames[sp + 1] = nextB;
      frames[sp + 4] = 0;
      sp += 5;
    }
    return result;
  }

  /**
   * OR (or AND) of many functions: the two smallest diagrams first, again and again (as Huffman
   * coding merges), so that no intermediate diagram grows far past what it must. Pairs in input
   * order built the 1k benchmark's OR over critical data sets in 167,126 apply steps and 39,587
   * nodes; smallest first, in 50,586 and 12,773. The diagram is the same either way.
   */
  applyAll(op: BddOp, fs: readonly number[]): number {
    if (fs.length === 0) return op === 'or' ? FALSE : TRUE;
    if (fs.length === 1) return fs[0]!;
    if (fs.length <= SMALL_FAN_IN) return this.pairwise(op, fs);
    const absorbing = op === 'or' ? TRUE : FALSE;
    const heap = new SmallestFirst();
    for (const f of fs) heap.push(this.sizeOf(f), f);
    while (heap.length > 1) {
      const r = this.apply(op, heap.pop(), heap.pop());
      if (r === absorbing) return r;
      heap.push(this.sizeOf(r), r);
    }
    return heap.pop();
  }

  /** Pairs in input order, then pairs of those: for a few inputs as good, and nothing to size. */
  private pairwise(op: BddOp, fs: readonly number[]): number {
    let layer = [...fs];
    while (layer.length > 1) {
      const next: number[] = [];
      for (let i = 0; i < layer.length; i += 2) next.push(i + 1 < layer.length ? this.apply(op, layer[i]!, layer[i + 1]!) : layer[i]!);
      layer = next;
    }
    return layer[0]!;
  }

  /** Nodes reachable from `root`, terminals excluded. */
  sizeOf(root: number): number {
    return this.markReachable(root);
  }

  /**
   * Probability of every node, given each level's probability: one bottom-up pass, exact for
   * independent variables. Index the result by node number.
   */
  probabilities(levelProbability: Float64Array): Float64Array {
    const p = new Float64Array(this.count);
    p[TRUE] = 1;
    for (let n = 2; n < this.count; n++) {
      const q = levelProbability[this.level[n]!]!;
      p[n] = q * p[this.high[n]!]! + (1 - q) * p[this.low[n]!]!;
    }
    return p;
  }

  /** The nodes reachable from `root` (terminals excluded), in descending node order: parents first. */
  reachable(root: number): Int32Array {
    const out = new Int32Array(this.markReachable(root));
    const { marks, markStamp } = this;
    for (let n = this.count - 1, i = 0; n >= 2 && i < out.length; n--) if (marks[n] === markStamp) out[i++] = n;
    return out;
  }

  /** Marks the nodes reachable from `root` (terminals excluded) with a new stamp; returns how many. */
  private markReachable(root: number): number {
    const stamp = ++this.markStamp;
    if (root < 2) return 0;
    if (this.marks.length < this.count) this.marks = new Uint32Array(this.level.length);
    const marks = this.marks;
    let stack = this.markStack;
    let sp = 0;
    let size = 0;
    stack[sp++] = root;
    while (sp > 0) {
      const n = stack[--sp]!;
      if (n < 2 || marks[n] === stamp) continue;
      marks[n] = stamp;
      size++;
      if (sp + 2 > stack.length) {
        const bigger = new Int32Array(stack.length * 2);
        bigger.set(stack);
        this.markStack = stack = bigger;
      }
      stack[sp++] = this.low[n]!;
      stack[sp++] = this.high[n]!;
    }
    return size;
  }

  /** Twice the nodes: the unique table rehashed; the computed table keeps its entries (valid wherever they sit). */
  private grow(): void {
    const used = (this.cacheMask + 1) * 2;
    if (used > this.level.length) this.resizeNodes(used);
    this.cacheF.fill(-1, this.cacheMask + 1, used);
    this.cacheMask = used - 1;
    const unique = this.unique;
    unique.fill(0, 0, this.uniqueMask + 1);
    const mask = (this.uniqueMask = used * 2 - 1);
    for (let n = 2; n < this.count; n++) {
      let slot = hash3(this.level[n]!, this.low[n]!, this.high[n]!) & mask;
      while (unique[slot] !== 0) slot = (slot + 1) & mask;
      unique[slot] = n;
    }
  }

  /** Room for `size` nodes in every table (the prefixes in use are kept). */
  private resizeNodes(size: number): void {
    const resize = (a: Int32Array, length: number) => {
      const b = new Int32Array(length);
      b.set(a);
      return b;
    };
    this.level = resize(this.level, size);
    this.low = resize(this.low, size);
    this.high = resize(this.high, size);
    this.cacheF = resize(this.cacheF, size);
    this.cacheG = resize(this.cacheG, size);
    this.cacheR = resize(this.cacheR, size);
    this.unique = resize(this.unique, size * 2);
  }
}

/** Most inputs combined pairwise in input order (applyAll). */
const SMALL_FAN_IN = 8;

/** A min-heap of diagrams by size; equal sizes leave in the order they came (the same diagram every run). */
class SmallestFirst {
  private readonly sizes: number[] = [];
  private readonly orders: number[] = [];
  private readonly nodes: number[] = [];
  private pushed = 0;

  get length(): number {
    return this.nodes.length;
  }

  push(size: number, node: number): void {
    this.sizes.push(size);
    this.orders.push(this.pushed++);
    this.nodes.push(node);
    for (let i = this.nodes.length - 1; i > 0; ) {
      const parent = (i - 1) >> 1;
      if (!this.less(i, parent)) break;
      this.swap(i, parent);
      i = parent;
    }
  }

  /** The smallest diagram, taken out. */
  pop(): number {
    const top = this.nodes[0]!;
    const last = this.nodes.length - 1;
    this.swap(0, last);
    this.sizes.pop();
    this.orders.pop();
    this.nodes.pop();
    for (let i = 0; ; ) {
      const left = 2 * i + 1;
      if (left >= last) break;
      const child = left + 1 < last && this.less(left + 1, left) ? left + 1 : left;
      if (!this.less(child, i)) break;
      this.swap(child, i);
      i = child;
    }
    return top;
  }

  private less(i: number, j: number): boolean {
    return this.sizes[i]! < this.sizes[j]! || (this.sizes[i] === this.sizes[j] && this.orders[i]! < this.orders[j]!);
  }

  private swap(i: number, j: number): void {
    const { sizes, orders, nodes } = this;
    const size = sizes[i]!;
    const order = orders[i]!;
    const node = nodes[i]!;
    sizes[i] = sizes[j]!;
    orders[i] = orders[j]!;
    nodes[i] = nodes[j]!;
    sizes[j] = size;
    orders[j] = order;
    nodes[j] = node;
  }
}

function powerOfTwoAtLeast(n: number): number {
  let p = 64;
  while (p < n) p *= 2;
  return p;
}

function hash3(a: number, b: number, c: number): number {
  let h = Math.imul(a, 0x9e3779b1) ^ Math.imul(b, 0x85ebca77) ^ Math.imul(c, 0xc2b2ae3d);
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  h ^= h >>> 12;
  return h >>> 0;
}
