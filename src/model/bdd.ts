// A reduced ordered binary decision diagram over monotone AND/OR functions: the exact method
// behind loss probabilities (DESIGN §3 "Likelihood"). No dependency in JS does this.
//
// Nodes live in typed arrays; node 0 is FALSE, node 1 is TRUE, and a node is always created
// after its two children, so ascending node numbers are a bottom-up (topological) order and
// descending ones a top-down order: probabilities and their derivatives are single passes.
// `apply` runs on an explicit stack: a path of a BDD may visit tens of thousands of variables
// (the OR over every critical data set of a large inventory), deeper than the JS call stack.

export const FALSE = 0;
export const TRUE = 1;

/** Level of the terminals: below every variable. */
const TERMINAL_LEVEL = 0x7fffffff;

export type BddOp = 'and' | 'or';

/** Thrown when a BDD grows past its budget: the exact probability would take too long or too much memory. */
export class BddLimitError extends Error {
  constructor(readonly limit: number) {
    super(`the exact computation needs a decision diagram of more than ${limit.toLocaleString('en')} nodes (--max-bdd-nodes)`);
  }
}

export class Bdd {
  /** Variable level of each node (position in the variable order). */
  private level: Int32Array;
  private low: Int32Array;
  private high: Int32Array;
  private count = 2;
  /** Unique table: open addressing over node numbers, 0 meaning empty (node 0 is never stored). */
  private unique: Int32Array;
  /** Computed table of apply: lossy, direct-mapped; keys (op, f, g) and the result. */
  private cacheF: Int32Array;
  private cacheG: Int32Array;
  private cacheR: Int32Array;

  /** Most nodes this diagram may hold; `apply` steps are bounded at 16 per node allowed. */
  private readonly maxNodes: number;
  private steps = 0;

  constructor(maxNodes = Infinity, capacity = 1 << 12) {
    this.maxNodes = maxNodes;
    this.level = new Int32Array(capacity);
    this.low = new Int32Array(capacity);
    this.high = new Int32Array(capacity);
    this.level[0] = TERMINAL_LEVEL;
    this.level[1] = TERMINAL_LEVEL;
    this.unique = new Int32Array(capacity * 2);
    this.cacheF = new Int32Array(capacity).fill(-1);
    this.cacheG = new Int32Array(capacity);
    this.cacheR = new Int32Array(capacity);
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
    const mask = this.unique.length - 1;
    let slot = hash3(level, low, high) & mask;
    for (;;) {
      const n = this.unique[slot]!;
      if (n === 0) break;
      if (this.level[n] === level && this.low[n] === low && this.high[n] === high) return n;
      slot = (slot + 1) & mask;
    }
    if (this.count >= this.maxNodes) throw new BddLimitError(this.maxNodes);
    if (this.count === this.level.length) {
      this.grow();
      return this.node(level, low, high);
    }
    const n = this.count++;
    this.level[n] = level;
    this.low[n] = low;
    this.high[n] = high;
    this.unique[slot] = n;
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
    // Frames: f, g, the level split on, the low result, and which step comes next.
    const frames: number[] = [];
    let result = -1;
    frames.push(f, g, 0, 0, 0);
    const maxSteps = this.maxNodes * 16;
    while (frames.length > 0) {
      if (++this.steps > maxSteps) throw new BddLimitError(this.maxNodes);
      const top = frames.length - 5;
      const step = frames[top + 4]!;
      let a = frames[top]!;
      let b = frames[top + 1]!;
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
          const c = this.cacheSlot(opBit, a, b);
          if (this.cacheF[c] === (a << 1) + opBit && this.cacheG[c] === b) done = this.cacheR[c]!;
        }
        if (done >= 0) {
          frames.length = top;
          result = done;
          continue;
        }
        const la = this.level[a]!;
        const lb = this.level[b]!;
        const level = la < lb ? la : lb;
        frames[top + 2] = level;
        frames[top + 4] = 1;
        frames.push(la === level ? this.low[a]! : a, lb === level ? this.low[b]! : b, 0, 0, 0);
      } else if (step === 1) {
        frames[top + 3] = result;
        frames[top + 4] = 2;
        const level = frames[top + 2]!;
        frames.push(this.level[a] === level ? this.high[a]! : a, this.level[b] === level ? this.high[b]! : b, 0, 0, 0);
      } else {
        const r = this.node(frames[top + 2]!, frames[top + 3]!, result);
        const c = this.cacheSlot(opBit, a, b);
        this.cacheF[c] = (a << 1) + opBit;
        this.cacheG[c] = b;
        this.cacheR[c] = r;
        frames.length = top;
        result = r;
      }
    }
    return result;
  }

  /** OR (or AND) of many functions, combined pairwise so intermediate results stay balanced. */
  applyAll(op: BddOp, fs: readonly number[]): number {
    if (fs.length === 0) return op === 'or' ? FALSE : TRUE;
    let layer = [...fs];
    while (layer.length > 1) {
      const next: number[] = [];
      for (let i = 0; i < layer.length; i += 2) next.push(i + 1 < layer.length ? this.apply(op, layer[i]!, layer[i + 1]!) : layer[i]!);
      layer = next;
    }
    return layer[0]!;
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
  reachable(root: number, mark: Uint32Array, stamp: number): Int32Array {
    const out: number[] = [];
    const stack = [root];
    while (stack.length > 0) {
      const n = stack.pop()!;
      if (n < 2 || mark[n] === stamp) continue;
      mark[n] = stamp;
      out.push(n);
      stack.push(this.low[n]!, this.high[n]!);
    }
    return Int32Array.from(out).sort().reverse();
  }

  private cacheSlot(opBit: number, a: number, b: number): number {
    return hash3(opBit, a, b) & (this.cacheF.length - 1);
  }

  private grow(): void {
    const capacity = this.level.length * 2;
    const resize = (a: Int32Array) => {
      const b = new Int32Array(capacity);
      b.set(a);
      return b;
    };
    this.level = resize(this.level);
    this.low = resize(this.low);
    this.high = resize(this.high);
    this.unique = new Int32Array(capacity * 2);
    const mask = this.unique.length - 1;
    for (let n = 2; n < this.count; n++) {
      let slot = hash3(this.level[n]!, this.low[n]!, this.high[n]!) & mask;
      while (this.unique[slot] !== 0) slot = (slot + 1) & mask;
      this.unique[slot] = n;
    }
    // The computed table is a cache: a bigger, empty one is as correct as the old one.
    this.cacheF = new Int32Array(capacity).fill(-1);
    this.cacheG = new Int32Array(capacity);
    this.cacheR = new Int32Array(capacity);
  }
}

function hash3(a: number, b: number, c: number): number {
  let h = Math.imul(a, 0x9e3779b1) ^ Math.imul(b, 0x85ebca77) ^ Math.imul(c, 0xc2b2ae3d);
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  h ^= h >>> 12;
  return h >>> 0;
}
