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
// The search runs in WebAssembly (assembly/clauseCounter.ts); the clauses before it and the
// figures after it are computed here.
import { CLAUSE_COUNTER_WASM } from '../generated/clauseCounterWasm.js';
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
  const circuit = searchComponents(clauses, tree.variables, limits.maxNodes);
  const p = circuit.probabilities(weights);
  const top = circuit.top;
  return {
    probability: dual ? 1 - p[top]! : p[top]!,
    constant: top < 2,
    derivatives: () => circuit.derivatives(p, weights, clauses),
    clauses: clauses.length,
    nodes: circuit.size,
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

/** A variable's bit in a clause signature: a subset's signature is within its superset's. */
function variableBit(v: number): number {
  return 1 << (v & 31);
}

/**
 * The clauses without duplicates and without any that contains another, shortest first. A clause
 * is checked against the kept clauses filed under one of its variables: each kept clause is filed
 * under its rarest variable (any of them would be found, as a subset's variables are all in the
 * clause; the rarest keeps the lists short where a few shared events are in most clauses), and
 * a 32-bit signature of its variables rules most of them out before they are compared.
 */
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

/**
 * Clause reads allowed per node of the budget. Reading half as many clauses as the budget has
 * nodes takes about half the time a BDD of that budget takes to build. The 1k benchmark's db-1
 * (61 copies) reads about 25,000 clauses for its 3,700 nodes.
 */
const READS_PER_NODE = 0.5;

const CLAUSE = 0;
const DECISION = 1;

/** What assembly/clauseCounter.ts exports. */
interface CounterExports {
  memory: WebAssembly.Memory;
  prepare(variables: number, clauses: number, literals: number, maxNodes: number, maxReads: number): void;
  startPointer(): number;
  literalsPointer(): number;
  run(): number;
  nodes(): number;
  kindPointer(): number;
  aPointer(): number;
  bPointer(): number;
  cPointer(): number;
  listsPointer(): number;
  listsSize(): number;
}

/** Compiled on first use, once per process. */
let counterModule: WebAssembly.Module | undefined;

/**
 * P(every clause holds) over independent variables, as a circuit: condition on the variable most
 * clauses of a component share, split what is left into components, cache each by its clauses
 * and free variables. Where the variable is made impossible, a clause it leaves inside another
 * makes the other redundant, and the other is dropped: copies that share their admins and
 * accounts then fall apart sooner (the 1k benchmark's db-1: 3,700 nodes instead of 8,700).
 *
 * The search runs in WebAssembly (assembly/clauseCounter.ts; why there: its header). Over the
 * node budget, or its reads (READS_PER_NODE per node), it throws CountLimitError; a search too
 * deep for the stack throws RangeError, which callers treat alike.
 */
function searchComponents(clauses: Clauses, variables: number, maxNodes: number): Circuit {
  counterModule ??= new WebAssembly.Module(Buffer.from(CLAUSE_COUNTER_WASM, 'base64'));
  const instance = new WebAssembly.Instance(counterModule, {
    // The only import: the runtime's abort, which a failed memory.grow calls (out of memory).
    env: {
      abort: () => {
        throw new CountLimitError(maxNodes);
      },
    },
  });
  const counter = instance.exports as unknown as CounterExports;
  let literalCount = 0;
  for (const c of clauses) literalCount += c.length;
  counter.prepare(variables, clauses.length, literalCount, maxNodes, maxNodes * READS_PER_NODE);
  const start = new Int32Array(counter.memory.buffer, counter.startPointer(), clauses.length + 1);
  const literals = new Int32Array(counter.memory.buffer, counter.literalsPointer(), literalCount);
  for (let c = 0, k = 0; c < clauses.length; c++) {
    start[c] = k;
    literals.set(clauses[c]!, k);
    k += clauses[c]!.length;
  }
  start[clauses.length] = literalCount;
  const top = counter.run();
  if (top < 0) throw new CountLimitError(maxNodes);
  // The memory may have grown (and moved) during the search: views are taken now, and copied, so
  // the instance's memory can go.
  const size = counter.nodes();
  const read = (pointer: number, length: number): Int32Array => new Int32Array(counter.memory.buffer, pointer, length).slice();
  return new Circuit(
    top,
    read(counter.kindPointer(), size),
    read(counter.aPointer(), size),
    read(counter.bPointer(), size),
    read(counter.cPointer(), size),
    read(counter.listsPointer(), counter.listsSize()),
  );
}

/**
 * The circuit of a count: node 0 false, 1 true, then children before parents. A CLAUSE holds when
 * any of its variables does (a: where its variables start in `lists`, b: how many); a DECISION
 * on variable a is b when it happens and c when not; a PRODUCT multiplies its independent parts
 * (a, b as for a clause, over nodes).
 */
class Circuit {
  constructor(
    readonly top: number,
    private readonly kind: Int32Array,
    private readonly a: Int32Array,
    private readonly b: Int32Array,
    private readonly c: Int32Array,
    private readonly lists: Int32Array,
  ) {}

  get size(): number {
    return this.kind.length;
  }

  /** Probability of every node under q, children before parents. */
  probabilities(q: Float64Array): Float64Array {
    const size = this.kind.length;
    const p = new Float64Array(size);
    p[1] = 1;
    const { kind, a: as, b: bs, c: cs, lists } = this;
    for (let n = 2; n < size; n++) {
      const a = as[n]!;
      const b = bs[n]!;
      switch (kind[n]) {
        case CLAUSE: {
          let none = 1;
          for (let k = a; k < a + b; k++) none *= 1 - q[lists[k]!]!;
          p[n] = 1 - none;
          break;
        }
        case DECISION:
          p[n] = q[a]! * p[b]! + (1 - q[a]!) * p[cs[n]!]!;
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
  derivatives(p: Float64Array, q: Float64Array, clauses: Clauses): { variables: Int32Array; values: Float64Array } {
    const adjoint = new Float64Array(this.kind.length);
    const derivative = new Float64Array(q.length);
    const { kind, a: as, b: bs, c: cs, lists } = this;
    // A product's (or clause's) factors, and each one's product of the others.
    let factors = new Float64Array(64);
    let others = new Float64Array(64);
    adjoint[this.top] = 1;
    for (let n = this.top; n >= 2; n--) {
      const g = adjoint[n]!;
      if (g === 0) continue;
      const a = as[n]!;
      const b = bs[n]!;
      if (kind[n] === DECISION) {
        const low = cs[n]!;
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
      const clause = kind[n] === CLAUSE;
      if (clause) for (let k = 0; k < b; k++) factors[k] = 1 - q[lists[a + k]!]!;
      else for (let k = 0; k < b; k++) factors[k] = p[lists[a + k]!]!;
      productsOfOthers(factors, b, others, g);
      const into = clause ? derivative : adjoint;
      for (let k = 0; k < b; k++) into[lists[a + k]!]! += others[k]!;
    }
    // Every variable of a clause, whether or not the circuit decided it.
    const relevant = new Uint8Array(q.length);
    for (const c of clauses) for (const v of c) relevant[v] = 1;
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
