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
import { groupDigits } from './limits.js';
import { productsOfOthers } from './products.js';

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
  const clauses = minimalClauses(tree, weights, fixed, dual, limits.maxClauses);
  const counter = new ComponentCounter(clauses, weights, tree.variables, limits.maxNodes);
  const top = counter.run();
  const p = counter.probabilities();
  return {
    probability: dual ? 1 - p[top]! : p[top]!,
    constant: top < 2,
    derivatives: () => counter.derivatives(top, p),
    clauses: clauses.length,
    nodes: counter.size,
  };
}

type Clauses = Int32Array[];

/**
 * How far the clauses of one step may outgrow the budget before minimising: a product of
 * `PRODUCT_SLACK · maxClauses` clauses or more is given up on without being built.
 */
const PRODUCT_SLACK = 4;

/**
 * The minimal CNF of the root (of its dual when `dual`): per gate bottom-up, an AND joins its
 * inputs' clauses, an OR takes one clause of each input and unites them; clauses that contain
 * another are dropped. `[]` is true, `[[]]` false. Constants fold away.
 */
function minimalClauses(tree: ClauseTree, q: Float64Array, fixed: Uint8Array, dual: boolean, maxClauses: number): Clauses {
  if (clauseBound(tree, dual) > maxClauses * PRODUCT_SLACK) throw new CountLimitError();
  const TRUE: Clauses = [];
  const FALSE: Clauses = [new Int32Array(0)];
  const forms: Clauses[] = [];
  const scratch = new MinimalScratch(tree.variables);
  for (const gate of tree.gates) {
    // In the dual, an AND is an OR of the complements and the other way round.
    const isAnd = (gate.op === 'and') !== dual;
    const inputs: Clauses[] = [];
    for (const v of gate.variables) inputs.push(fixed[v] ? (q[v] === 1 ? TRUE : FALSE) : [Int32Array.of(v)]);
    for (const c of gate.children) inputs.push(forms[c]!);
    let form: Clauses;
    if (isAnd) {
      form = inputs.some((f) => f.length === 1 && f[0]!.length === 0) ? FALSE : minimal(inputs.flat(), maxClauses, scratch);
    } else {
      form = FALSE;
      for (const input of inputs) {
        if (input.length === 0) {
          form = TRUE;
          break;
        }
        const product: Int32Array[] = [];
        if (form.length * input.length > maxClauses * PRODUCT_SLACK) throw new CountLimitError();
        for (const a of form) for (const b of input) product.push(union(a, b));
        form = minimal(product, maxClauses, scratch);
      }
    }
    forms.push(form);
  }
  return forms[forms.length - 1]!;
}

/**
 * Clauses of the root's CNF before any is dropped: the sum of an AND's inputs, the product of an
 * OR's (capped, it only has to pass the budget). An OR over data sets with many copies comes to
 * products of millions, which minimalClauses would take tens of milliseconds to find out. In the
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

function union(a: Int32Array, b: Int32Array): Int32Array {
  const out = new Int32Array(a.length + b.length);
  let i = 0;
  let j = 0;
  let n = 0;
  while (i < a.length && j < b.length) {
    if (a[i]! < b[j]!) out[n++] = a[i++]!;
    else if (a[i]! > b[j]!) out[n++] = b[j++]!;
    else {
      out[n++] = a[i++]!;
      j++;
    }
  }
  while (i < a.length) out[n++] = a[i++]!;
  while (j < b.length) out[n++] = b[j++]!;
  return out.subarray(0, n);
}

/** Whether sorted `a` is a subset of sorted `b`. */
function subset(a: Int32Array, b: Int32Array): boolean {
  if (a.length > b.length) return false;
  let j = 0;
  for (let i = 0; i < a.length; i++) {
    while (j < b.length && b[j]! < a[i]!) j++;
    if (j === b.length || b[j] !== a[i]) return false;
    j++;
  }
  return true;
}

/** Scratch of minimal(), per variable: how many of the clauses have it, and the kept clauses filed under it. */
class MinimalScratch {
  readonly frequency: Int32Array;
  readonly filed: (number[] | undefined)[];
  constructor(variables: number) {
    this.frequency = new Int32Array(variables);
    this.filed = new Array<number[] | undefined>(variables);
  }
}

/**
 * The clauses without duplicates and without any that contains another, shortest first. A clause
 * is checked against the kept clauses filed under one of its variables: each kept clause is filed
 * under its rarest variable (any of them would be found, as a subset's variables are all in the
 * clause; the rarest keeps the lists short where a few shared events are in most clauses), and
 * a 32-bit signature of its variables rules most of them out before they are compared.
 */
/** A variable's bit in a clause signature: a subset's signature is within its superset's. */
function variableBit(v: number): number {
  return 1 << (v & 31);
}

function minimal(clauses: Int32Array[], maxClauses: number, scratch: MinimalScratch): Clauses {
  const sorted = [...clauses].sort((a, b) => a.length - b.length || compareClauses(a, b));
  if (sorted.length > 0 && sorted[0]!.length === 0) return [sorted[0]!];
  const { frequency, filed } = scratch;
  for (const c of sorted) for (const v of c) frequency[v]!++;
  const kept: Int32Array[] = [];
  const signatures: number[] = [];
  const keys: number[] = [];
  for (const c of sorted) {
    let signature = 0;
    for (const v of c) signature |= variableBit(v);
    let subsumed = false;
    for (let i = 0; i < c.length && !subsumed; i++) {
      const list = filed[c[i]!];
      if (list === undefined) continue;
      for (const k of list) {
        if ((signatures[k]! & ~signature) === 0 && subset(kept[k]!, c)) {
          subsumed = true;
          break;
        }
      }
    }
    if (subsumed) continue;
    let key = c[0]!;
    for (const v of c) if (frequency[v]! < frequency[key]!) key = v;
    let list = filed[key];
    if (list === undefined) {
      filed[key] = list = [];
      keys.push(key);
    }
    list.push(kept.length);
    kept.push(c);
    signatures.push(signature);
    if (kept.length > maxClauses) throw new CountLimitError();
  }
  for (const c of sorted) for (const v of c) frequency[v] = 0;
  for (const key of keys) filed[key] = undefined;
  return kept;
}

function compareClauses(a: Int32Array, b: Int32Array): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return 0;
}

/** 32-bit hash of a list of clause ids, in order. */
function hashIds(stack: Int32Array, at: number, n: number): number {
  let h = 0x811c9dc5 ^ n;
  for (let i = 0; i < n; i++) h = Math.imul(h ^ stack[at + i]!, 0x01000193);
  return h | 0;
}

/** 32-bit hash of a set of variables: summed, so their order does not matter and they need no sorting. */
function hashSet(stack: Int32Array, at: number, n: number): number {
  let s = 0x9e3779b9 ^ n;
  for (let i = 0; i < n; i++) {
    const v = stack[at + i]!;
    s = (s + Math.imul((v + 0x2c1b3c6d) ^ (v >>> 3), 0x85ebca77)) | 0;
  }
  return Math.imul(s ^ (s >>> 15), 0x5bd1e995) | 0;
}

/**
 * Clause reads allowed per node of the budget. Reading half as many clauses as the budget has
 * nodes takes about half the time a BDD of that budget takes to build. The 1k benchmark's db-1
 * (61 copies) reads about 25,000 clauses for its 3,700 nodes.
 */
const READS_PER_NODE = 0.5;

/** `array`, or a copy of its first `used` entries at least twice as long, when `needed` entries do not fit. */
function grown(array: Int32Array<ArrayBuffer>, used: number, needed: number): Int32Array<ArrayBuffer> {
  if (needed <= array.length) return array;
  const bigger = new Int32Array(Math.max(array.length * 2, needed));
  bigger.set(array.subarray(0, used));
  return bigger;
}


/**
 * The root of i's part in a union-find forest, halving the path on the way. A function of the
 * module, not a closure made per call of components(): the first, unoptimised count pays for each
 * closure it creates and calls.
 */
function rootOf(parent: Int32Array, i: number): number {
  while (parent[i] !== i) i = parent[i] = parent[parent[i]!]!;
  return i;
}

const FALSE_NODE = 0;
const TRUE_NODE = 1;
const CLAUSE = 0;
const DECISION = 1;
const PRODUCT = 2;

/**
 * P(every clause holds) over independent variables: condition on the variable most clauses of a
 * component share, split what is left into components, cache each by its clauses and free
 * variables, and record it all as a circuit. Where the variable is made impossible, a clause it
 * leaves inside another makes the other redundant, and the other is dropped: copies that share
 * their admins and accounts then fall apart sooner (the 1k benchmark's db-1: 3,700 nodes instead
 * of 8,700, a quarter of the reads).
 *
 * Lists of clause ids and variables live on one stack of integers (`stack`, `top`): a call takes
 * its lists above `top` and gives them back when it returns, so the search allocates nothing per
 * call (a large tree makes a hundred thousand calls).
 */
class ComponentCounter {
  /** -1 free, 0 impossible, 1 certain. */
  private readonly value: Int8Array;
  /** Every clause's variables, one clause after the other: clause c is literals[start[c]..start[c + 1]). */
  private readonly literals: Int32Array;
  private readonly start: Int32Array;
  private stack = new Int32Array(1 << 12);
  private top = 0;
  /**
   * Components computed, one entry after the other: two 32-bit halves of the hash, the node, the
   * count of clause ids and the ids (ascending), the count of free variables and the variables
   * (in any order). Found by `slots`, an open-addressing table of entry offsets + 1 (0: empty).
   */
  private filed = new Int32Array(1 << 12);
  private filedLength = 0;
  private slots = new Int32Array(1 << 10);
  private cached = 0;
  private work = 0;
  /** Clauses read by component calls at most. */
  private readonly maxWork: number;
  private readonly kind: number[] = [CLAUSE, CLAUSE];
  /** DECISION: the variable; CLAUSE and PRODUCT: where their list starts in `lists`. */
  private readonly a: number[] = [0, 0];
  /** DECISION: the high node; CLAUSE and PRODUCT: the list's length. */
  private readonly b: number[] = [0, 0];
  /** DECISION: the low node. */
  private readonly c: number[] = [0, 0];
  private readonly lists: number[] = [];
  /** Scratch per variable: the stamp of the call that saw it, the clause that did, how many did. */
  private readonly varStamp: Uint32Array;
  private readonly varOwner: Int32Array;
  private readonly varCount: Int32Array;
  /** Scratch of components(), one slot per clause (a component has at most all of them). */
  private readonly parent: Int32Array;
  private readonly partOf: Int32Array;
  private stamp = 0;
  /** Per clause: a 32-bit signature of its variables (variableBit), to rule out most subset tests. */
  private readonly signatures: Int32Array;
  /** Per clause: the stamp of the branch that dropped it as subsumed (withoutSubsumed). */
  private readonly dropped: Uint32Array;
  /** Per clause: the stamp of the branch whose clauses without the pivot include it. */
  private readonly inRest: Uint32Array;
  private dropStamp = 0;
  /** The clauses of each variable: those of v are occurrences[occurrenceStart[v]..occurrenceStart[v + 1]). */
  private readonly occurrenceStart: Int32Array;
  private readonly occurrences: Int32Array;

  constructor(
    clauses: Clauses,
    private readonly q: Float64Array,
    variables: number,
    private readonly maxNodes: number,
  ) {
    this.value = new Int8Array(variables).fill(-1);
    this.varStamp = new Uint32Array(variables);
    this.varOwner = new Int32Array(variables);
    this.varCount = new Int32Array(variables);
    this.parent = new Int32Array(clauses.length);
    this.partOf = new Int32Array(clauses.length);
    this.maxWork = maxNodes * READS_PER_NODE;
    this.start = new Int32Array(clauses.length + 1);
    for (let c = 0; c < clauses.length; c++) this.start[c + 1] = this.start[c]! + clauses[c]!.length;
    this.literals = new Int32Array(this.start[clauses.length]!);
    for (let c = 0; c < clauses.length; c++) this.literals.set(clauses[c]!, this.start[c]!);
    this.signatures = new Int32Array(clauses.length);
    for (let c = 0; c < clauses.length; c++) for (const v of clauses[c]!) this.signatures[c]! |= variableBit(v);
    this.dropped = new Uint32Array(clauses.length);
    this.inRest = new Uint32Array(clauses.length);
    this.occurrenceStart = new Int32Array(variables + 1);
    for (const v of this.literals) this.occurrenceStart[v + 1]!++;
    for (let v = 0; v < variables; v++) this.occurrenceStart[v + 1]! += this.occurrenceStart[v]!;
    this.occurrences = new Int32Array(this.literals.length);
    const filled = this.occurrenceStart.slice(0, variables);
    for (let c = 0; c < clauses.length; c++) for (const v of clauses[c]!) this.occurrences[filled[v]!++] = c;
  }

  get size(): number {
    return this.kind.length;
  }

  /** Whether variable v occurs in a clause. */
  relevant(): Uint8Array {
    const out = new Uint8Array(this.q.length);
    for (const v of this.literals) out[v] = 1;
    return out;
  }

  run(): number {
    const count = this.start.length - 1;
    if (count === 0) return TRUE_NODE;
    if (this.start[1] === 0) return FALSE_NODE;
    const at = this.take(count);
    for (let i = 0; i < count; i++) this.stack[at + i] = i;
    return this.conjunction(at, count);
  }

  /** `n` slots above the stack's top, taken: their offset (the stack may move: index it anew after any call). */
  private take(n: number): number {
    const at = this.top;
    this.stack = grown(this.stack, at, at + n);
    this.top = at + n;
    return at;
  }

  /** The AND of the clauses stack[at..at + n) (all open): a product over their independent components. */
  private conjunction(at: number, n: number): number {
    if (n === 1) return this.component(at, 1);
    const saved = this.top;
    // Parts' ids grouped at `grouped`, where each part ends at `ends`; the nodes of the parts at `nodes`.
    const grouped = this.take(n);
    const ends = this.take(n);
    const parts = this.components(at, n, grouped, ends);
    const nodes = this.take(parts);
    let count = 0;
    let result = -1;
    for (let k = 0, from = 0; k < parts; k++) {
      const to = this.stack[ends + k]!;
      const node = this.component(grouped + from, to - from);
      from = to;
      if (node === FALSE_NODE) {
        result = FALSE_NODE;
        break;
      }
      if (node !== TRUE_NODE) this.stack[nodes + count++] = node;
    }
    if (result < 0) {
      if (count === 0) result = TRUE_NODE;
      else if (count === 1) result = this.stack[nodes]!;
      else result = this.node(PRODUCT, this.list(this.stack.subarray(nodes, nodes + count)), count, 0);
    }
    this.top = saved;
    return result;
  }

  /**
   * Clauses stack[at..at + n) joined by the free variables they share (union-find), written to
   * stack[grouped..grouped + n) part after part, each part's end (relative to `grouped`) at
   * stack[ends + k]. Parts in order of their first clause, clauses in order: the same ids give
   * the same parts. Returns how many parts.
   */
  private components(at: number, n: number, grouped: number, ends: number): number {
    const stamp = ++this.stamp;
    const parent = this.parent;
    for (let i = 0; i < n; i++) parent[i] = i;
    const { varStamp, varOwner, value, literals, start, stack } = this;
    for (let i = 0; i < n; i++) {
      const id = stack[at + i]!;
      for (let k = start[id]!, end = start[id + 1]!; k < end; k++) {
        const v = literals[k]!;
        if (value[v] !== -1) continue;
        if (varStamp[v] !== stamp) {
          varStamp[v] = stamp;
          varOwner[v] = i;
        } else {
          const r = rootOf(parent, varOwner[v]!);
          const s = rootOf(parent, i);
          if (r !== s) parent[r] = s;
        }
      }
    }
    // Count per part (partOf: a root's part number), then place each clause after its part's predecessors.
    const partOf = this.partOf;
    partOf.fill(-1, 0, n);
    let parts = 0;
    for (let i = 0; i < n; i++) {
      const r = rootOf(parent, i);
      parent[i] = r;
      if (partOf[r] === -1) {
        partOf[r] = parts;
        stack[ends + parts++] = 0;
      }
      stack[ends + partOf[r]!]!++;
    }
    // Ends, then fill from each part's start: stack[ends + k] counts up to the part's end.
    let sum = 0;
    for (let k = 0; k < parts; k++) {
      const size = stack[ends + k]!;
      stack[ends + k] = sum;
      sum += size;
    }
    for (let i = 0; i < n; i++) stack[grouped + stack[ends + partOf[parent[i]!]!]!++] = stack[at + i]!;
    return parts;
  }

  /** A component (clauses stack[at..at + n)): cached; one clause is the OR of its free variables; more are split on their most shared one. */
  private component(at: number, n: number): number {
    // Its clauses and their free variables say what it computes (a variable of an open clause that
    // is not free was made impossible).
    // Work: each call reads its clauses a few times; bounded like a BDD's apply steps.
    this.work += n;
    if (this.work > this.maxWork) throw new CountLimitError(this.maxNodes);
    const saved = this.top;
    let length = 0;
    for (let i = 0; i < n; i++) {
      const id = this.stack[at + i]!;
      length += this.start[id + 1]! - this.start[id]!;
    }
    // Taken before `stack` is read: taking may move it.
    const free = this.take(length);
    const rest = this.take(n);
    const shrunk = this.take(n);
    const kept = this.take(n);
    const stamp = ++this.stamp;
    const { varStamp, varCount, value, literals, start, stack } = this;
    let freeCount = 0;
    for (let i = 0; i < n; i++) {
      const id = stack[at + i]!;
      for (let k = start[id]!, end = start[id + 1]!; k < end; k++) {
        const v = literals[k]!;
        if (value[v] !== -1) continue;
        if (varStamp[v] !== stamp) {
          varStamp[v] = stamp;
          varCount[v] = 1;
          stack[free + freeCount++] = v;
        } else varCount[v]!++;
      }
    }
    const h1 = hashIds(stack, at, n);
    const h2 = hashSet(stack, free, freeCount);
    const found = this.lookup(h1, h2, at, n, freeCount, stamp);
    if (found >= 0) {
      this.top = saved;
      return found;
    }
    if (++this.cached > this.maxNodes) throw new CountLimitError(this.maxNodes);
    let node: number;
    if (n === 1) node = this.node(CLAUSE, this.list(stack.subarray(free, free + freeCount)), freeCount, 0);
    else {
      // The most shared; of those, the lowest (the same circuit every run).
      let pivot = stack[free]!;
      for (let i = 1; i < freeCount; i++) {
        const v = stack[free + i]!;
        if (varCount[v]! > varCount[pivot]! || (varCount[v] === varCount[pivot] && v < pivot)) pivot = v;
      }
      // Certain: the clauses with it hold, the rest remain. Impossible: it leaves its clauses, and
      // one left without a free variable fails them all.
      let restCount = 0;
      let shrunkCount = 0;
      let emptied = false;
      for (let i = 0; i < n; i++) {
        const id = stack[at + i]!;
        let has = false;
        let others = false;
        for (let k = start[id]!, end = start[id + 1]!; k < end; k++) {
          const v = literals[k]!;
          if (v === pivot) has = true;
          else if (value[v] === -1) others = true;
        }
        if (!has) stack[rest + restCount++] = id;
        else if (!others) emptied = true;
        else stack[shrunk + shrunkCount++] = id;
      }
      value[pivot] = 1;
      const high = restCount === 0 ? TRUE_NODE : this.conjunction(rest, restCount);
      value[pivot] = 0;
      let low = FALSE_NODE;
      if (!emptied) {
        low = this.conjunction(kept, this.withoutSubsumed(at, n, kept, rest, restCount, shrunk, shrunkCount));
      }
      value[pivot] = -1;
      node = high === low ? high : this.node(DECISION, pivot, high, low);
    }
    // The free variables are read back by their stamp in lookup(): recursion restamped them.
    this.file(h1, h2, at, n, free, freeCount, node);
    this.top = saved;
    return node;
  }

  /**
   * The pivot just made impossible left the clauses at `shrunk` without it. Each of them may now
   * lie inside a clause at `rest` (the clauses without the pivot), which then says nothing more
   * in this branch: those are dropped. Only a shrunk clause can newly be a subset: the
   * clauses came here with none inside another, so no two shrunk ones nest, and a clause without
   * the pivot inside a shrunk one would have been inside it before. Candidates come from the
   * occurrences of the shrunk clause's rarest variable, not from every clause (a component of
   * hundreds of clauses would otherwise cost shrunk × rest tests per decision). Writes the
   * clauses kept, in their order, to stack[kept..) and returns how many.
   */
  private withoutSubsumed(at: number, n: number, kept: number, rest: number, restCount: number, shrunk: number, shrunkCount: number): number {
    const { stack, start, literals, value, signatures, dropped, inRest, varStamp, occurrenceStart, occurrences } = this;
    const drop = ++this.dropStamp;
    for (let j = 0; j < restCount; j++) inRest[stack[rest + j]!] = drop;
    let any = false;
    for (let i = 0; i < shrunkCount; i++) {
      const s = stack[shrunk + i]!;
      // The shrunk clause's free variables, marked, their signature, and the one in fewest clauses.
      const mark = ++this.stamp;
      let signature = 0;
      let size = 0;
      let rarest = -1;
      for (let k = start[s]!, end = start[s + 1]!; k < end; k++) {
        const v = literals[k]!;
        if (value[v] !== -1) continue;
        varStamp[v] = mark;
        signature |= variableBit(v);
        size++;
        if (rarest < 0 || occurrenceStart[v + 1]! - occurrenceStart[v]! < occurrenceStart[rarest + 1]! - occurrenceStart[rarest]!) rarest = v;
      }
      // A clause holding all of them holds the rarest: only its clauses are candidates.
      for (let o = occurrenceStart[rarest]!, last = occurrenceStart[rarest + 1]!; o < last; o++) {
        const d = occurrences[o]!;
        if (inRest[d] !== drop || dropped[d] === drop || (signatures[d]! & signature) !== signature) continue;
        let found = 0;
        for (let k = start[d]!, end = start[d + 1]!; k < end && found < size; k++) if (varStamp[literals[k]!] === mark) found++;
        if (found === size) {
          dropped[d] = drop;
          any = true;
        }
      }
    }
    let count = 0;
    for (let i = 0; i < n; i++) {
      const id = stack[at + i]!;
      if (!any || dropped[id] !== drop) stack[kept + count++] = id;
    }
    return count;
  }

  /** The node of a filed component with these hashes, clauses and free variables (stamped `stamp`), or -1. */
  private lookup(h1: number, h2: number, at: number, n: number, free: number, stamp: number): number {
    const { slots, filed, stack, varStamp } = this;
    const mask = slots.length - 1;
    for (let s = h1 & mask; slots[s] !== 0; s = (s + 1) & mask) {
      let k = slots[s]! - 1;
      if (filed[k] !== h1 || filed[k + 1] !== h2 || filed[k + 3] !== n) continue;
      const node = filed[k + 2]!;
      k += 4;
      let same = true;
      for (let i = 0; i < n && same; i++) same = filed[k++] === stack[at + i];
      if (!same || filed[k++] !== free) continue;
      for (let i = 0; i < free && same; i++) same = varStamp[filed[k++]!] === stamp;
      if (same) return node;
    }
    return -1;
  }

  /** Remembers a component's node. */
  private file(h1: number, h2: number, at: number, n: number, free: number, freeCount: number, node: number): void {
    this.filed = grown(this.filed, this.filedLength, this.filedLength + 5 + n + freeCount);
    const { filed, stack } = this;
    const entry = this.filedLength;
    let k = entry;
    filed[k++] = h1;
    filed[k++] = h2;
    filed[k++] = node;
    filed[k++] = n;
    for (let i = 0; i < n; i++) filed[k++] = stack[at + i]!;
    filed[k++] = freeCount;
    for (let i = 0; i < freeCount; i++) filed[k++] = stack[free + i]!;
    this.filedLength = k;
    // At most half full, so probes stay short.
    if ((this.cached + 1) * 2 > this.slots.length) this.rehash(this.slots.length * 2);
    this.place(h1, entry);
  }

  private place(h1: number, entry: number): void {
    const mask = this.slots.length - 1;
    let s = h1 & mask;
    while (this.slots[s] !== 0) s = (s + 1) & mask;
    this.slots[s] = entry + 1;
  }

  private rehash(size: number): void {
    this.slots = new Int32Array(size);
    for (let k = 0; k < this.filedLength; k += 5 + this.filed[k + 3]! + this.filed[k + 4 + this.filed[k + 3]!]!) this.place(this.filed[k]!, k);
  }

  private list(items: ArrayLike<number>): number {
    const start = this.lists.length;
    for (let i = 0; i < items.length; i++) this.lists.push(items[i]!);
    return start;
  }

  private node(kind: number, a: number, b: number, c: number): number {
    if (this.kind.length >= this.maxNodes) throw new CountLimitError(this.maxNodes);
    this.kind.push(kind);
    this.a.push(a);
    this.b.push(b);
    this.c.push(c);
    return this.kind.length - 1;
  }

  /** Probability of every node, children before parents. */
  probabilities(): Float64Array {
    const size = this.kind.length;
    const p = new Float64Array(size);
    p[TRUE_NODE] = 1;
    const { q, lists } = this;
    for (let n = 2; n < size; n++) {
      const a = this.a[n]!;
      const b = this.b[n]!;
      switch (this.kind[n]) {
        case CLAUSE: {
          let none = 1;
          for (let k = a; k < a + b; k++) none *= 1 - q[lists[k]!]!;
          p[n] = 1 - none;
          break;
        }
        case DECISION:
          p[n] = q[a]! * p[b]! + (1 - q[a]!) * p[this.c[n]!]!;
          break;
        default: {
          let all = 1;
          for (let k = a; k < a + b; k++) all *= p[lists[k]!]!;
          p[n] = all;
        }
      }
    }
    return p;
  }

  /** ∂P(top)/∂q for every variable of the clauses: adjoints, parents before children. */
  derivatives(top: number, p: Float64Array): { variables: Int32Array; values: Float64Array } {
    const size = this.kind.length;
    const adjoint = new Float64Array(size);
    const derivative = new Float64Array(this.q.length);
    const { q, lists } = this;
    // A product's (or clause's) factors, and each one's product of the others.
    let factors = new Float64Array(64);
    let others = new Float64Array(64);
    adjoint[top] = 1;
    for (let n = top; n >= 2; n--) {
      const g = adjoint[n]!;
      if (g === 0) continue;
      const a = this.a[n]!;
      const b = this.b[n]!;
      const kind = this.kind[n]!;
      if (kind === DECISION) {
        const low = this.c[n]!;
        derivative[a]! += g * (p[b]! - p[low]!);
        adjoint[b]! += g * q[a]!;
        adjoint[low]! += g * (1 - q[a]!);
        continue;
      }
      if (b > factors.length) {
        factors = new Float64Array(b * 2);
        others = new Float64Array(b * 2);
      }
      // A clause: P = 1 - Π(1 - q), so ∂P/∂q_v = Π over the others of (1 - q). A product: Π p.
      if (kind === CLAUSE) for (let k = 0; k < b; k++) factors[k] = 1 - q[lists[a + k]!]!;
      else for (let k = 0; k < b; k++) factors[k] = p[lists[a + k]!]!;
      productsOfOthers(factors, b, others, g);
      const into = kind === CLAUSE ? derivative : adjoint;
      for (let k = 0; k < b; k++) into[lists[a + k]!]! += others[k]!;
    }
    const relevant = this.relevant();
    let count = 0;
    for (let v = 0; v < relevant.length; v++) count += relevant[v]!;
    const variables = new Int32Array(count);
    const values = new Float64Array(count);
    for (let v = 0, i = 0; v < relevant.length; v++) {
      if (!relevant[v]) continue;
      variables[i] = v;
      values[i++] = derivative[v]!;
    }
    return { variables, values };
  }
}
