// The clause counter of src/model/clauseCount.ts (which describes the method) in AssemblyScript,
// compiled to WebAssembly by scripts/build-wasm.mjs (embedded in src/generated/clauseCounterWasm.ts):
// the minimal clauses of a tree, then their component-caching search.
//
// Why: these are the hot loops of a check with likelihoods, and a CLI run executes them once,
// before V8 has optimised JavaScript for them (the 1k benchmark's first count: ~30 ms
// unoptimised, ~4 ms optimised). WebAssembly is compiled before it runs.
//
// It builds the same clauses and the same circuit as the JavaScript it replaced, node for node, and
// computes the probabilities and derivatives over the circuit in the same order of operations. One
// instance per count (memory is never freed): prepareTree(), fill the tree's arrays and weights,
// build(), run(), probabilities(), derivatives(), reading the last one's results. Over a budget,
// build() and run() return -1.

import { grown, mergeSort } from './arrays';
import { productsOfOthers } from './products';

const FALSE_NODE: i32 = 0;
const TRUE_NODE: i32 = 1;
const CLAUSE: i32 = 0;
const DECISION: i32 = 1;
const PRODUCT: i32 = 2;

let variableCount: i32 = 0;
let clauseCount: i32 = 0;
/** Per variable: -1 free, 0 impossible, 1 certain. */
let value: StaticArray<i8> = new StaticArray<i8>(0);
let literals: StaticArray<i32> = new StaticArray<i32>(0);
let start: StaticArray<i32> = new StaticArray<i32>(0);
let stack: StaticArray<i32> = new StaticArray<i32>(4096);
let top: i32 = 0;
let filed: StaticArray<i32> = new StaticArray<i32>(4096);
let filedLength: i32 = 0;
let slots: StaticArray<i32> = new StaticArray<i32>(1024);
let cached: i32 = 0;
let work: f64 = 0;
let maxWork: f64 = 0;
let maxNodes: i32 = 0;
let kind: StaticArray<i32> = new StaticArray<i32>(1024);
let nodeA: StaticArray<i32> = new StaticArray<i32>(1024);
let nodeB: StaticArray<i32> = new StaticArray<i32>(1024);
let nodeC: StaticArray<i32> = new StaticArray<i32>(1024);
let nodeCount: i32 = 2;
let lists: StaticArray<i32> = new StaticArray<i32>(4096);
let listsLength: i32 = 0;
let varStamp: StaticArray<u32> = new StaticArray<u32>(0);
let varOwner: StaticArray<i32> = new StaticArray<i32>(0);
let varCount: StaticArray<i32> = new StaticArray<i32>(0);
let parent: StaticArray<i32> = new StaticArray<i32>(0);
let partOf: StaticArray<i32> = new StaticArray<i32>(0);
let stamp: u32 = 0;
let signatures: StaticArray<i32> = new StaticArray<i32>(0);
let dropped: StaticArray<u32> = new StaticArray<u32>(0);
let inRest: StaticArray<u32> = new StaticArray<u32>(0);
let dropStamp: u32 = 0;
let occurrenceStart: StaticArray<i32> = new StaticArray<i32>(0);
let occurrences: StaticArray<i32> = new StaticArray<i32>(0);
/** Per variable: its weight; per node, its probability; the variables derivatives() found and theirs. */
let weight: StaticArray<f64> = new StaticArray<f64>(0);
let nodeProbability: StaticArray<f64> = new StaticArray<f64>(0);
let relevant: StaticArray<i32> = new StaticArray<i32>(0);
let relevantDerivative: StaticArray<f64> = new StaticArray<f64>(0);
/** Set when the nodes or reads run out: every call then returns at once, and run() returns -1. */
let overBudget: bool = false;

/** Sizes the arrays of a count of `clauses` clauses over `variables` variables. */
function prepare(variables: i32, clauses: i32, literalTotal: i32, nodes: i32, reads: f64): void {
  variableCount = variables;
  clauseCount = clauses;
  maxNodes = nodes;
  maxWork = reads;
  value = new StaticArray<i8>(variables);
  for (let v = 0; v < variables; v++) unchecked((value[v] = -1));
  varStamp = new StaticArray<u32>(variables);
  varOwner = new StaticArray<i32>(variables);
  varCount = new StaticArray<i32>(variables);
  parent = new StaticArray<i32>(clauses);
  partOf = new StaticArray<i32>(clauses);
  start = new StaticArray<i32>(clauses + 1);
  literals = new StaticArray<i32>(literalTotal);
  signatures = new StaticArray<i32>(clauses);
  dropped = new StaticArray<u32>(clauses);
  inRest = new StaticArray<u32>(clauses);
  occurrenceStart = new StaticArray<i32>(variables + 1);
  occurrences = new StaticArray<i32>(literalTotal);
}

/** A variable's bit in a clause signature: a subset's signature is within its superset's. */
function variableBit(v: i32): i32 {
  return 1 << (v & 31);
}

/** After start and literals are filled: signatures and occurrence lists. */
function index(): void {
  for (let c = 0; c < clauseCount; c++) {
    let s = 0;
    for (let k = unchecked(start[c]), end = unchecked(start[c + 1]); k < end; k++) s |= variableBit(unchecked(literals[k]));
    unchecked((signatures[c] = s));
  }
  const total = unchecked(start[clauseCount]);
  for (let k = 0; k < total; k++) {
    const v = unchecked(literals[k]);
    unchecked((occurrenceStart[v + 1] = occurrenceStart[v + 1] + 1));
  }
  for (let v = 0; v < variableCount; v++) unchecked((occurrenceStart[v + 1] = occurrenceStart[v + 1] + occurrenceStart[v]));
  const filled = new StaticArray<i32>(variableCount);
  for (let v = 0; v < variableCount; v++) unchecked((filled[v] = occurrenceStart[v]));
  for (let c = 0; c < clauseCount; c++) {
    for (let k = unchecked(start[c]), end = unchecked(start[c + 1]); k < end; k++) {
      const v = unchecked(literals[k]);
      const at = unchecked(filled[v]);
      unchecked((occurrences[at] = c));
      unchecked((filled[v] = at + 1));
    }
  }
}

/** The root node, or -1 when the count outgrew its budget. */
export function run(): i32 {
  index();
  if (clauseCount === 0) return TRUE_NODE;
  if (unchecked(start[1]) === 0) return FALSE_NODE;
  const at = take(clauseCount);
  for (let i = 0; i < clauseCount; i++) unchecked((stack[at + i] = i));
  const node = conjunction(at, clauseCount);
  return overBudget ? -1 : node;
}

/** The circuit's size, after run(). */
export function nodes(): i32 {
  return nodeCount;
}

/** Where the variables' weights go (their probabilities, or in the dual their complements), before probabilities(). */
export function weightPointer(): usize {
  return changetype<usize>(weight);
}

/**
 * P(every clause holds) under the weights: the probability of every node of the circuit, children
 * before parents; returns the top's. A CLAUSE holds when any of its variables does (a: where its
 * variables start in `lists`, b: how many); a DECISION on variable a is b when it happens and c
 * when not; a PRODUCT multiplies its independent parts (a, b as for a clause, over nodes).
 */
export function probabilities(top: i32): f64 {
  nodeProbability = new StaticArray<f64>(nodeCount);
  unchecked((nodeProbability[TRUE_NODE] = 1));
  for (let n = 2; n < nodeCount; n++) {
    const a = unchecked(nodeA[n]);
    const b = unchecked(nodeB[n]);
    const k = unchecked(kind[n]);
    if (k === CLAUSE) {
      let none: f64 = 1;
      for (let j = a; j < a + b; j++) none *= 1 - unchecked(weight[lists[j]]);
      unchecked((nodeProbability[n] = 1 - none));
    } else if (k === DECISION) {
      const q = unchecked(weight[a]);
      unchecked((nodeProbability[n] = q * nodeProbability[b] + (1 - q) * nodeProbability[nodeC[n]]));
    } else {
      let all: f64 = 1;
      for (let j = a; j < a + b; j++) all *= unchecked(nodeProbability[lists[j]]);
      unchecked((nodeProbability[n] = all));
    }
  }
  return unchecked(nodeProbability[top]);
}

/**
 * ∂P(top)/∂(weight) of every variable of the clauses, whether or not the circuit decided it, by
 * adjoints, parents before children (after probabilities()): how many, ascending, at
 * relevantPointer() and derivativePointer().
 */
export function derivatives(top: i32): i32 {
  const adjoint = new StaticArray<f64>(nodeCount);
  const derivative = new StaticArray<f64>(variableCount);
  // A product's (or clause's) factors, and each one's product of the others.
  let factors = new StaticArray<f64>(64);
  let others = new StaticArray<f64>(64);
  unchecked((adjoint[top] = 1));
  for (let n = top; n >= 2; n--) {
    const g = unchecked(adjoint[n]);
    if (g === 0) continue;
    const a = unchecked(nodeA[n]);
    const b = unchecked(nodeB[n]);
    if (unchecked(kind[n]) === DECISION) {
      const low = unchecked(nodeC[n]);
      const q = unchecked(weight[a]);
      unchecked((derivative[a] = derivative[a] + g * (nodeProbability[b] - nodeProbability[low])));
      unchecked((adjoint[b] = adjoint[b] + g * q));
      unchecked((adjoint[low] = adjoint[low] + g * (1 - q)));
      continue;
    }
    if (b > factors.length) {
      factors = new StaticArray<f64>(b * 2);
      others = new StaticArray<f64>(b * 2);
    }
    // A clause: P = 1 - Π(1 - q), so ∂P/∂q_v = Π over the others of (1 - q). A product: Π p.
    const clause = unchecked(kind[n]) === CLAUSE;
    if (clause) for (let k = 0; k < b; k++) unchecked((factors[k] = 1 - weight[lists[a + k]]));
    else for (let k = 0; k < b; k++) unchecked((factors[k] = nodeProbability[lists[a + k]]));
    productsOfOthers(factors, b, others, g);
    const into = clause ? derivative : adjoint;
    for (let k = 0; k < b; k++) {
      const x = unchecked(lists[a + k]);
      unchecked((into[x] = into[x] + others[k]));
    }
  }
  const relevantFlag = new StaticArray<u8>(variableCount);
  for (let k = 0, total = unchecked(start[clauseCount]); k < total; k++) unchecked((relevantFlag[literals[k]] = 1));
  let count = 0;
  for (let v = 0; v < variableCount; v++) count += unchecked(relevantFlag[v]);
  relevant = new StaticArray<i32>(count);
  relevantDerivative = new StaticArray<f64>(count);
  for (let v = 0, i = 0; v < variableCount; v++) {
    if (!unchecked(relevantFlag[v])) continue;
    unchecked((relevant[i] = v));
    unchecked((relevantDerivative[i++] = derivative[v]));
  }
  return count;
}

export function relevantPointer(): usize {
  return changetype<usize>(relevant);
}
export function derivativePointer(): usize {
  return changetype<usize>(relevantDerivative);
}

/**
 * `n` slots above the stack's top, taken: their offset. Lists of clause ids and variables live on
 * one stack of integers: a call takes its lists above `top` and gives them back when it returns,
 * so the search allocates nothing per call (a large tree makes a hundred thousand calls).
 */
function take(n: i32): i32 {
  const at = top;
  stack = grown(stack, at, at + n);
  top = at + n;
  return at;
}

/** The root of i's part in the union-find forest `parent`, halving the path on the way. */
function rootOf(i: i32): i32 {
  while (unchecked(parent[i]) !== i) {
    const up = unchecked(parent[unchecked(parent[i])]);
    unchecked((parent[i] = up));
    i = up;
  }
  return i;
}

/** 32-bit hash of a list of clause ids, in order. */
function hashIds(at: i32, n: i32): i32 {
  let h: i32 = 0x811c9dc5 ^ n;
  for (let i = 0; i < n; i++) h = (h ^ unchecked(stack[at + i])) * 0x01000193;
  return h;
}

/** 32-bit hash of a set of variables: summed, so their order does not matter and they need no sorting. */
function hashSet(at: i32, n: i32): i32 {
  let s: i32 = 0x9e3779b9 ^ n;
  for (let i = 0; i < n; i++) {
    const v = unchecked(stack[at + i]);
    s = s + ((v + 0x2c1b3c6d) ^ (<i32>(<u32>v >>> 3))) * 0x85ebca77;
  }
  return (s ^ <i32>(<u32>s >>> 15)) * 0x5bd1e995;
}

/** A new circuit node, or FALSE_NODE with `overBudget` set when the budget is spent. */
function newNode(k: i32, a: i32, b: i32, c: i32): i32 {
  if (nodeCount >= maxNodes) {
    overBudget = true;
    return FALSE_NODE;
  }
  if (nodeCount === kind.length) {
    kind = grown(kind, nodeCount, nodeCount + 1);
    nodeA = grown(nodeA, nodeCount, nodeCount + 1);
    nodeB = grown(nodeB, nodeCount, nodeCount + 1);
    nodeC = grown(nodeC, nodeCount, nodeCount + 1);
  }
  unchecked((kind[nodeCount] = k));
  unchecked((nodeA[nodeCount] = a));
  unchecked((nodeB[nodeCount] = b));
  unchecked((nodeC[nodeCount] = c));
  return nodeCount++;
}

/** Copies stack[from..from + n) to the lists; where it starts. */
function list(from: i32, n: i32): i32 {
  const at = listsLength;
  lists = grown(lists, listsLength, listsLength + n);
  for (let i = 0; i < n; i++) unchecked((lists[at + i] = stack[from + i]));
  listsLength = at + n;
  return at;
}

/** The AND of the clauses stack[at..at + n) (all open): a product over their independent components. */
function conjunction(at: i32, n: i32): i32 {
  if (n === 1) return component(at, 1);
  const saved = top;
  const grouped = take(n);
  const ends = take(n);
  const parts = components(at, n, grouped, ends);
  const nodesAt = take(parts);
  let count = 0;
  let result = -1;
  for (let k = 0, from = 0; k < parts; k++) {
    const to = unchecked(stack[ends + k]);
    const node = component(grouped + from, to - from);
    if (overBudget) {
      top = saved;
      return FALSE_NODE;
    }
    from = to;
    if (node === FALSE_NODE) {
      result = FALSE_NODE;
      break;
    }
    if (node !== TRUE_NODE) unchecked((stack[nodesAt + count++] = node));
  }
  if (result < 0) {
    if (count === 0) result = TRUE_NODE;
    else if (count === 1) result = unchecked(stack[nodesAt]);
    else result = newNode(PRODUCT, list(nodesAt, count), count, 0);
  }
  top = saved;
  return result;
}

/**
 * Clauses stack[at..at + n) joined by the free variables they share (union-find), written to
 * stack[grouped..grouped + n) part after part, each part's end (relative to `grouped`) at
 * stack[ends + k]. Parts in order of their first clause, clauses in order: the same ids give
 * the same parts. Returns how many parts.
 */
function components(at: i32, n: i32, grouped: i32, ends: i32): i32 {
  const s = ++stamp;
  for (let i = 0; i < n; i++) unchecked((parent[i] = i));
  for (let i = 0; i < n; i++) {
    const id = unchecked(stack[at + i]);
    for (let k = unchecked(start[id]), end = unchecked(start[id + 1]); k < end; k++) {
      const v = unchecked(literals[k]);
      if (unchecked(value[v]) !== -1) continue;
      if (unchecked(varStamp[v]) !== s) {
        unchecked((varStamp[v] = s));
        unchecked((varOwner[v] = i));
      } else {
        const r = rootOf(unchecked(varOwner[v]));
        const t = rootOf(i);
        if (r !== t) unchecked((parent[r] = t));
      }
    }
  }
  for (let i = 0; i < n; i++) unchecked((partOf[i] = -1));
  let parts = 0;
  for (let i = 0; i < n; i++) {
    const r = rootOf(i);
    unchecked((parent[i] = r));
    if (unchecked(partOf[r]) === -1) {
      unchecked((partOf[r] = parts));
      unchecked((stack[ends + parts++] = 0));
    }
    const e = ends + unchecked(partOf[r]);
    unchecked((stack[e] = stack[e] + 1));
  }
  let sum = 0;
  for (let k = 0; k < parts; k++) {
    const size = unchecked(stack[ends + k]);
    unchecked((stack[ends + k] = sum));
    sum += size;
  }
  for (let i = 0; i < n; i++) {
    const e = ends + unchecked(partOf[unchecked(parent[i])]);
    const place = unchecked(stack[e]);
    unchecked((stack[e] = place + 1));
    unchecked((stack[grouped + place] = stack[at + i]));
  }
  return parts;
}

/**
 * A component (clauses stack[at..at + n)): cached by its clauses and their free variables (a
 * variable of an open clause that is not free was made impossible); one clause is the OR of its
 * free variables; more are split on their most shared variable. Each call reads its clauses a few
 * times: the reads are bounded like a BDD's apply steps.
 */
function component(at: i32, n: i32): i32 {
  work += <f64>n;
  if (work > maxWork) {
    overBudget = true;
    return FALSE_NODE;
  }
  const saved = top;
  let length = 0;
  for (let i = 0; i < n; i++) {
    const id = unchecked(stack[at + i]);
    length += unchecked(start[id + 1]) - unchecked(start[id]);
  }
  // Taken before `stack` is read: taking may move it.
  const free = take(length);
  const rest = take(n);
  const shrunk = take(n);
  const kept = take(n);
  const s = ++stamp;
  let freeCount = 0;
  for (let i = 0; i < n; i++) {
    const id = unchecked(stack[at + i]);
    for (let k = unchecked(start[id]), end = unchecked(start[id + 1]); k < end; k++) {
      const v = unchecked(literals[k]);
      if (unchecked(value[v]) !== -1) continue;
      if (unchecked(varStamp[v]) !== s) {
        unchecked((varStamp[v] = s));
        unchecked((varCount[v] = 1));
        unchecked((stack[free + freeCount++] = v));
      } else unchecked((varCount[v] = varCount[v] + 1));
    }
  }
  const h1 = hashIds(at, n);
  const h2 = hashSet(free, freeCount);
  const found = lookup(h1, h2, at, n, free, freeCount, s);
  if (found >= 0) {
    top = saved;
    return found;
  }
  if (++cached > maxNodes) {
    overBudget = true;
    top = saved;
    return FALSE_NODE;
  }
  let node: i32;
  if (n === 1) node = newNode(CLAUSE, list(free, freeCount), freeCount, 0);
  else {
    // The most shared; of those, the lowest (the same circuit every run).
    let pivot = unchecked(stack[free]);
    for (let i = 1; i < freeCount; i++) {
      const v = unchecked(stack[free + i]);
      const cv = unchecked(varCount[v]);
      const cp = unchecked(varCount[pivot]);
      if (cv > cp || (cv === cp && v < pivot)) pivot = v;
    }
    // Certain: the clauses with it hold, the rest remain. Impossible: it leaves its clauses, and
    // one left without a free variable fails them all.
    let restCount = 0;
    let shrunkCount = 0;
    let emptied = false;
    for (let i = 0; i < n; i++) {
      const id = unchecked(stack[at + i]);
      let has = false;
      let others = false;
      for (let k = unchecked(start[id]), end = unchecked(start[id + 1]); k < end; k++) {
        const v = unchecked(literals[k]);
        if (v === pivot) has = true;
        else if (unchecked(value[v]) === -1) others = true;
      }
      if (!has) unchecked((stack[rest + restCount++] = id));
      else if (!others) emptied = true;
      else unchecked((stack[shrunk + shrunkCount++] = id));
    }
    unchecked((value[pivot] = 1));
    const high = restCount === 0 ? TRUE_NODE : conjunction(rest, restCount);
    if (overBudget) {
      unchecked((value[pivot] = -1));
      top = saved;
      return FALSE_NODE;
    }
    unchecked((value[pivot] = 0));
    let low = FALSE_NODE;
    if (!emptied) {
      low = conjunction(kept, withoutSubsumed(at, n, kept, rest, restCount, shrunk, shrunkCount));
      if (overBudget) {
        unchecked((value[pivot] = -1));
        top = saved;
        return FALSE_NODE;
      }
    }
    unchecked((value[pivot] = -1));
    node = high === low ? high : newNode(DECISION, pivot, high, low);
    if (overBudget) {
      top = saved;
      return FALSE_NODE;
    }
  }
  // The free variables are read back by their stamp in lookup(): recursion restamped them.
  file(h1, h2, at, n, free, freeCount, node);
  top = saved;
  return node;
}

/**
 * The pivot just made impossible left the clauses at `shrunk` without it. Each of them may now
 * lie inside a clause at `rest` (the clauses without the pivot), which then says nothing more
 * in this branch: those are dropped. Only a shrunk clause can newly be a subset: the clauses
 * came here with none inside another, so no two shrunk ones nest, and a clause without the pivot
 * inside a shrunk one would have been inside it before. Candidates come from the occurrences of
 * the shrunk clause's rarest variable, not from every clause. Writes the clauses kept, in their
 * order, to stack[kept..) and returns how many.
 */
function withoutSubsumed(at: i32, n: i32, kept: i32, rest: i32, restCount: i32, shrunk: i32, shrunkCount: i32): i32 {
  const drop = ++dropStamp;
  for (let j = 0; j < restCount; j++) unchecked((inRest[stack[rest + j]] = drop));
  let any = false;
  for (let i = 0; i < shrunkCount; i++) {
    const sc = unchecked(stack[shrunk + i]);
    const mark = ++stamp;
    let signature = 0;
    let size = 0;
    let rarest = -1;
    for (let k = unchecked(start[sc]), end = unchecked(start[sc + 1]); k < end; k++) {
      const v = unchecked(literals[k]);
      if (unchecked(value[v]) !== -1) continue;
      unchecked((varStamp[v] = mark));
      signature |= variableBit(v);
      size++;
      if (rarest < 0 || unchecked(occurrenceStart[v + 1]) - unchecked(occurrenceStart[v]) < unchecked(occurrenceStart[rarest + 1]) - unchecked(occurrenceStart[rarest])) rarest = v;
    }
    for (let o = unchecked(occurrenceStart[rarest]), last = unchecked(occurrenceStart[rarest + 1]); o < last; o++) {
      const d = unchecked(occurrences[o]);
      if (unchecked(inRest[d]) !== drop || unchecked(dropped[d]) === drop || (unchecked(signatures[d]) & signature) !== signature) continue;
      let found = 0;
      for (let k = unchecked(start[d]), end = unchecked(start[d + 1]); k < end && found < size; k++) if (unchecked(varStamp[unchecked(literals[k])]) === mark) found++;
      if (found === size) {
        unchecked((dropped[d] = drop));
        any = true;
      }
    }
  }
  let count = 0;
  for (let i = 0; i < n; i++) {
    const id = unchecked(stack[at + i]);
    if (!any || unchecked(dropped[id]) !== drop) unchecked((stack[kept + count++] = id));
  }
  return count;
}

/** The node of a filed component with these hashes, clauses and free variables (stamped `s`), or -1. */
function lookup(h1: i32, h2: i32, at: i32, n: i32, free: i32, freeCount: i32, s: u32): i32 {
  const mask = slots.length - 1;
  for (let slot = h1 & mask; unchecked(slots[slot]) !== 0; slot = (slot + 1) & mask) {
    let k = unchecked(slots[slot]) - 1;
    if (unchecked(filed[k]) !== h1 || unchecked(filed[k + 1]) !== h2 || unchecked(filed[k + 3]) !== n) continue;
    const node = unchecked(filed[k + 2]);
    k += 4;
    let same = true;
    for (let i = 0; i < n && same; i++) same = unchecked(filed[k++]) === unchecked(stack[at + i]);
    if (!same || unchecked(filed[k++]) !== freeCount) continue;
    for (let i = 0; i < freeCount && same; i++) same = unchecked(varStamp[unchecked(filed[k++])]) === s;
    if (same) return node;
  }
  return -1;
}

/**
 * Remembers a component's node. Entries follow one another in `filed`: two hash halves, the
 * node, the count of clause ids and the ids, the count of free variables and the variables;
 * `slots` is an open-addressing table of entry offsets + 1 (0: empty), at most half full.
 */
function file(h1: i32, h2: i32, at: i32, n: i32, free: i32, freeCount: i32, node: i32): void {
  filed = grown(filed, filedLength, filedLength + 5 + n + freeCount);
  const entry = filedLength;
  let k = entry;
  unchecked((filed[k++] = h1));
  unchecked((filed[k++] = h2));
  unchecked((filed[k++] = node));
  unchecked((filed[k++] = n));
  for (let i = 0; i < n; i++) unchecked((filed[k++] = stack[at + i]));
  unchecked((filed[k++] = freeCount));
  for (let i = 0; i < freeCount; i++) unchecked((filed[k++] = stack[free + i]));
  filedLength = k;
  if ((cached + 1) * 2 > slots.length) rehash(slots.length * 2);
  place(h1, entry);
}

function place(h1: i32, entry: i32): void {
  const mask = slots.length - 1;
  let s = h1 & mask;
  while (unchecked(slots[s]) !== 0) s = (s + 1) & mask;
  unchecked((slots[s] = entry + 1));
}

function rehash(size: i32): void {
  slots = new StaticArray<i32>(size);
  for (let k = 0; k < filedLength; k += 5 + unchecked(filed[k + 3]) + unchecked(filed[k + 4 + filed[k + 3]])) place(unchecked(filed[k]), k);
}

// ---- The minimal clauses of a tree (the method: build() below, and clauseCount.ts's header).
//
// Clauses live in one pool (clause c: pool[clauseAt[c]..clauseAt[c] + clauseLength[c]), sorted
// variables), made once and never changed; a form (a gate's CNF) is a list of clause ids in
// `formItems`. The empty form is true; the form of the one empty clause is false.

let pool: StaticArray<i32> = new StaticArray<i32>(1 << 14);
let poolLength: i32 = 0;
let clauseAt: StaticArray<i32> = new StaticArray<i32>(1 << 10);
let clauseLength: StaticArray<i32> = new StaticArray<i32>(1 << 10);
let pooled: i32 = 0;
let formItems: StaticArray<i32> = new StaticArray<i32>(1 << 12);
let formItemsLength: i32 = 0;
/** Scratch of minimal(), per variable: how many clauses have it; the kept clauses filed under it (a list through `filedNext`). */
let frequency: StaticArray<i32> = new StaticArray<i32>(0);
let filedHead: StaticArray<i32> = new StaticArray<i32>(0);
let filedNext: StaticArray<i32> = new StaticArray<i32>(1 << 10);
let filedClause: StaticArray<i32> = new StaticArray<i32>(1 << 10);
let filedSignature: StaticArray<i32> = new StaticArray<i32>(1 << 10);
/** Set when the clauses outgrow their budget: build() then returns -1. */
let tooMany: bool = false;

/** The clause of the `n` variables just written at the pool's end (sorted): its id. */
function pooledClause(n: i32): i32 {
  if (pooled === clauseAt.length) {
    clauseAt = grown(clauseAt, pooled, pooled + 1);
    clauseLength = grown(clauseLength, pooled, pooled + 1);
  }
  unchecked((clauseAt[pooled] = poolLength));
  unchecked((clauseLength[pooled] = n));
  poolLength += n;
  return pooled++;
}

/** Room for `n` more variables at the end of the pool. */
function poolRoom(n: i32): void {
  pool = grown(pool, poolLength, poolLength + n);
}

/** The union of clauses a and b (sorted, without repeats), pooled. */
function union(a: i32, b: i32): i32 {
  const na = unchecked(clauseLength[a]);
  const nb = unchecked(clauseLength[b]);
  poolRoom(na + nb);
  const out = poolLength;
  let i = unchecked(clauseAt[a]);
  let j = unchecked(clauseAt[b]);
  const ea = i + na;
  const eb = j + nb;
  let k = out;
  while (i < ea && j < eb) {
    const x = unchecked(pool[i]);
    const y = unchecked(pool[j]);
    if (x < y) {
      unchecked((pool[k++] = x));
      i++;
    } else if (x > y) {
      unchecked((pool[k++] = y));
      j++;
    } else {
      unchecked((pool[k++] = x));
      i++;
      j++;
    }
  }
  while (i < ea) unchecked((pool[k++] = pool[i++]));
  while (j < eb) unchecked((pool[k++] = pool[j++]));
  return pooledClause(k - out);
}

/** Whether clause a's variables are all in clause b's. */
function subset(a: i32, b: i32): bool {
  const na = unchecked(clauseLength[a]);
  const nb = unchecked(clauseLength[b]);
  if (na > nb) return false;
  const pa = unchecked(clauseAt[a]);
  const pb = unchecked(clauseAt[b]);
  let j = 0;
  for (let i = 0; i < na; i++) {
    const x = unchecked(pool[pa + i]);
    while (j < nb && unchecked(pool[pb + j]) < x) j++;
    if (j === nb || unchecked(pool[pb + j]) !== x) return false;
    j++;
  }
  return true;
}

/** Shorter first, then variable by variable: whether clause a sorts before clause b. */
function clauseBefore(a: i32, b: i32): bool {
  const na = unchecked(clauseLength[a]);
  const nb = unchecked(clauseLength[b]);
  if (na !== nb) return na < nb;
  const pa = unchecked(clauseAt[a]);
  const pb = unchecked(clauseAt[b]);
  for (let i = 0; i < na; i++) {
    const x = unchecked(pool[pa + i]);
    const y = unchecked(pool[pb + i]);
    if (x !== y) return x < y;
  }
  return false;
}

/** The length of the form minimal() returned. */
let formLength: i32 = 0;

/**
 * The clauses stack[at..at + n) without duplicates and without any that contains another,
 * shortest first, appended to `formItems`: where the form starts (its length in `formLength`).
 * A clause is checked against the kept clauses filed under one of its variables: each kept
 * clause is filed under its rarest variable (any would do, as a subset's variables are all in
 * the clause; the rarest keeps the lists short), and a 32-bit signature of its variables rules
 * most of them out before they are compared.
 */
function minimal(at: i32, n: i32, maxClauses: i32): i32 {
  const scratch = take(n);
  mergeSort(stack, at, n, stack, scratch, clauseBefore);
  const form = formItemsLength;
  formItems = grown(formItems, formItemsLength, formItemsLength + n);
  formLength = 0;
  if (n > 0 && unchecked(clauseLength[unchecked(stack[at])]) === 0) {
    unchecked((formItems[formItemsLength++] = stack[at]));
    formLength = 1;
    top = scratch;
    return form;
  }
  for (let i = 0; i < n; i++) {
    const c = unchecked(stack[at + i]);
    for (let k = unchecked(clauseAt[c]), end = k + unchecked(clauseLength[c]); k < end; k++) {
      const v = unchecked(pool[k]);
      unchecked((frequency[v] = frequency[v] + 1));
    }
  }
  let entries = 0;
  for (let i = 0; i < n; i++) {
    const c = unchecked(stack[at + i]);
    const from = unchecked(clauseAt[c]);
    const end = from + unchecked(clauseLength[c]);
    let signature = 0;
    for (let k = from; k < end; k++) signature |= variableBit(unchecked(pool[k]));
    let subsumed = false;
    for (let k = from; k < end && !subsumed; k++) {
      for (let e = unchecked(filedHead[unchecked(pool[k])]); e >= 0; e = unchecked(filedNext[e])) {
        if ((unchecked(filedSignature[e]) & ~signature) === 0 && subset(unchecked(filedClause[e]), c)) {
          subsumed = true;
          break;
        }
      }
    }
    if (subsumed) continue;
    let key = unchecked(pool[from]);
    for (let k = from; k < end; k++) {
      const v = unchecked(pool[k]);
      if (unchecked(frequency[v]) < unchecked(frequency[key])) key = v;
    }
    if (entries === filedNext.length) {
      filedNext = grown(filedNext, entries, entries + 1);
      filedClause = grown(filedClause, entries, entries + 1);
      filedSignature = grown(filedSignature, entries, entries + 1);
    }
    unchecked((filedNext[entries] = filedHead[key]));
    unchecked((filedClause[entries] = c));
    unchecked((filedSignature[entries] = signature));
    unchecked((filedHead[key] = entries++));
    unchecked((formItems[formItemsLength++] = c));
    if (++formLength > maxClauses) {
      tooMany = true;
      break;
    }
  }
  // Scratch back to empty: only the variables of these clauses were touched.
  for (let i = 0; i < n; i++) {
    const c = unchecked(stack[at + i]);
    for (let k = unchecked(clauseAt[c]), end = k + unchecked(clauseLength[c]); k < end; k++) {
      const v = unchecked(pool[k]);
      unchecked((frequency[v] = 0));
      unchecked((filedHead[v] = -1));
    }
  }
  top = scratch;
  return form;
}

let treeGates: i32 = 0;
let gateIsAnd: StaticArray<i32> = new StaticArray<i32>(0);
let gateVariablesAt: StaticArray<i32> = new StaticArray<i32>(0);
let gateVariables: StaticArray<i32> = new StaticArray<i32>(0);
let gateChildrenAt: StaticArray<i32> = new StaticArray<i32>(0);
let gateChildren: StaticArray<i32> = new StaticArray<i32>(0);
/** Per variable: 0 an event, 1 a constant that holds, 2 a constant that does not. */
let constant: StaticArray<i32> = new StaticArray<i32>(0);

/**
 * Sizes a tree of `gates` gates over `variables` variables with `variableInputs` variable inputs
 * and `childInputs` gate inputs in all. JavaScript then fills the arrays below (gate g's
 * variables are gateVariables[gateVariablesAt[g]..gateVariablesAt[g + 1]), likewise children;
 * gateIsAnd[g] is 1 for an AND of the form computed, that is after the dual's swap).
 */
export function prepareTree(variables: i32, gates: i32, variableInputs: i32, childInputs: i32): void {
  variableCount = variables;
  treeGates = gates;
  gateIsAnd = new StaticArray<i32>(gates);
  gateVariablesAt = new StaticArray<i32>(gates + 1);
  gateVariables = new StaticArray<i32>(variableInputs);
  gateChildrenAt = new StaticArray<i32>(gates + 1);
  gateChildren = new StaticArray<i32>(childInputs);
  constant = new StaticArray<i32>(variables);
  weight = new StaticArray<f64>(variables);
  frequency = new StaticArray<i32>(variables);
  filedHead = new StaticArray<i32>(variables);
  for (let v = 0; v < variables; v++) unchecked((filedHead[v] = -1));
}

export function gateIsAndPointer(): usize {
  return changetype<usize>(gateIsAnd);
}
export function gateVariablesAtPointer(): usize {
  return changetype<usize>(gateVariablesAt);
}
export function gateVariablesPointer(): usize {
  return changetype<usize>(gateVariables);
}
export function gateChildrenAtPointer(): usize {
  return changetype<usize>(gateChildrenAt);
}
export function gateChildrenPointer(): usize {
  return changetype<usize>(gateChildren);
}
export function constantPointer(): usize {
  return changetype<usize>(constant);
}

/**
 * The minimal CNF of the tree's root, per gate bottom-up: an AND joins its inputs' clauses, an OR
 * unites one clause of each input, over every choice; clauses that contain another are dropped.
 * A product of more than `maxProduct` clauses, or a form of more than `maxClauses`, gives up:
 * returns -1. Otherwise the count of clauses, and the search's `start` and `literals` are filled
 * (prepare() sized for them), ready for run().
 */
export function build(maxClauses: i32, maxProduct: f64, nodes: i32, reads: f64): i32 {
  const formAt = new StaticArray<i32>(treeGates);
  const formSize = new StaticArray<i32>(treeGates);
  const empty = pooledClause(0);
  for (let g = 0; g < treeGates; g++) {
    const saved = top;
    // The gate's inputs as forms: (start in formItems, length); a variable is a one-clause form.
    const variablesFrom = unchecked(gateVariablesAt[g]);
    const variablesTo = unchecked(gateVariablesAt[g + 1]);
    const childrenFrom = unchecked(gateChildrenAt[g]);
    const childrenTo = unchecked(gateChildrenAt[g + 1]);
    const inputs = variablesTo - variablesFrom + childrenTo - childrenFrom;
    const inputAt = take(inputs);
    const inputSize = take(inputs);
    let count = 0;
    for (let k = variablesFrom; k < variablesTo; k++) {
      const v = unchecked(gateVariables[k]);
      const kindOf = unchecked(constant[v]);
      formItems = grown(formItems, formItemsLength, formItemsLength + 1);
      unchecked((stack[inputAt + count] = formItemsLength));
      if (kindOf === 1) unchecked((stack[inputSize + count] = 0));
      else {
        let c = empty;
        if (kindOf === 0) {
          poolRoom(1);
          unchecked((pool[poolLength] = v));
          c = pooledClause(1);
        }
        unchecked((formItems[formItemsLength++] = c));
        unchecked((stack[inputSize + count] = 1));
      }
      count++;
    }
    for (let k = childrenFrom; k < childrenTo; k++) {
      const child = unchecked(gateChildren[k]);
      unchecked((stack[inputAt + count] = formAt[child]));
      unchecked((stack[inputSize + count] = formSize[child]));
      count++;
    }
    let form = 0;
    let size = 1;
    if (unchecked(gateIsAnd[g])) {
      let total = 0;
      let isFalse = false;
      for (let i = 0; i < inputs; i++) {
        const n = unchecked(stack[inputSize + i]);
        total += n;
        if (n === 1 && unchecked(clauseLength[unchecked(formItems[unchecked(stack[inputAt + i])])]) === 0) isFalse = true;
      }
      if (isFalse) {
        formItems = grown(formItems, formItemsLength, formItemsLength + 1);
        form = formItemsLength;
        unchecked((formItems[formItemsLength++] = empty));
      } else {
        const all = take(total);
        let k = 0;
        for (let i = 0; i < inputs; i++) {
          const from = unchecked(stack[inputAt + i]);
          const n = unchecked(stack[inputSize + i]);
          for (let j = 0; j < n; j++) unchecked((stack[all + k++] = formItems[from + j]));
        }
        form = minimal(all, total, maxClauses);
        size = formLength;
      }
    } else {
      // Starts false: the one empty clause.
      formItems = grown(formItems, formItemsLength, formItemsLength + 1);
      form = formItemsLength;
      unchecked((formItems[formItemsLength++] = empty));
      for (let i = 0; i < inputs; i++) {
        const inputFrom = unchecked(stack[inputAt + i]);
        const inputN = unchecked(stack[inputSize + i]);
        if (inputN === 0) {
          size = 0;
          break;
        }
        if (<f64>size * <f64>inputN > maxProduct) {
          tooMany = true;
          break;
        }
        const product = take(size * inputN);
        let k = 0;
        for (let a = 0; a < size; a++) {
          for (let b = 0; b < inputN; b++) unchecked((stack[product + k++] = union(unchecked(formItems[form + a]), unchecked(formItems[inputFrom + b]))));
        }
        form = minimal(product, k, maxClauses);
        size = formLength;
        // The form is in formItems: the product's slots go back.
        top = product;
        if (tooMany) break;
      }
    }
    top = saved;
    if (tooMany) return -1;
    unchecked((formAt[g] = form));
    unchecked((formSize[g] = size));
  }
  // The root's clauses become the search's.
  const root = treeGates - 1;
  const clauses = unchecked(formSize[root]);
  let literalTotal = 0;
  for (let i = 0; i < clauses; i++) literalTotal += unchecked(clauseLength[unchecked(formItems[unchecked(formAt[root]) + i])]);
  prepare(variableCount, clauses, literalTotal, nodes, reads);
  let k = 0;
  for (let i = 0; i < clauses; i++) {
    const c = unchecked(formItems[unchecked(formAt[root]) + i]);
    unchecked((start[i] = k));
    for (let j = unchecked(clauseAt[c]), end = j + unchecked(clauseLength[c]); j < end; j++) unchecked((literals[k++] = pool[j]));
  }
  unchecked((start[clauses] = k));
  return clauses;
}
