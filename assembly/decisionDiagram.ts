// The decision diagram manager of src/model/bdd.ts (which describes it), in AssemblyScript,
// compiled to WebAssembly by scripts/build-wasm.mjs: linked into assembly/quantifier.ts, which
// uses it, and on its own (src/generated/decisionDiagramWasm.ts) for bdd.ts.
//
// Why: building diagrams is the other hot loop of a check with likelihoods after the clause
// counter (assembly/clauseCounter.ts), and like it runs once per CLI run, mostly before V8 has
// optimised JavaScript for it. One instance per computation (or Bdd object); its memory is never
// freed, and the tables only grow (each growth doubles them).
//
// Over the node budget (or its apply steps, 16 per node allowed) every call returns -1.

import { copyOf, mergeSort } from './arrays';

const FALSE: i32 = 0;
const TRUE: i32 = 1;
/** Level of the terminals: below every variable. */
const TERMINAL_LEVEL: i32 = 0x7fffffff;
/**
 * Most nodes a diagram holds, whatever its budget: its tables take about 50 bytes a node, and the
 * copies their doublings leave behind as much again, so they stay well within WebAssembly's 4 GB.
 * Past it a diagram is over its budget, like any other, instead of failing to grow its memory.
 */
const MOST_NODES: i32 = 1 << 24;
/** Most inputs combined pairwise in input order (applyAll). */
const SMALL_FAN_IN: i32 = 8;

/** Variable level of each node (position in the variable order), and its children. */
let level: StaticArray<i32> = new StaticArray<i32>(0);
let low: StaticArray<i32> = new StaticArray<i32>(0);
let high: StaticArray<i32> = new StaticArray<i32>(0);
let count: i32 = 2;
/** Unique table: open addressing over node numbers, 0 meaning empty; `uniqueMask + 1` slots in use. */
let unique: StaticArray<i32> = new StaticArray<i32>(0);
let uniqueMask: i32 = 0;
/** Computed table of apply: lossy, direct-mapped; keys (op, f, g) and the result; `cacheMask + 1` slots in use. */
let cacheF: StaticArray<i32> = new StaticArray<i32>(0);
let cacheG: StaticArray<i32> = new StaticArray<i32>(0);
let cacheR: StaticArray<i32> = new StaticArray<i32>(0);
let cacheMask: i32 = 0;
/** Frames of apply: f, g, the level split on, the low result, and which step comes next. */
let frames: StaticArray<i32> = new StaticArray<i32>(5 * 256);
/** Scratch of markReachable: a stamp per node and a stack. */
let marks: StaticArray<u32> = new StaticArray<u32>(0);
let markStamp: u32 = 0;
let markStack: StaticArray<i32> = new StaticArray<i32>(256);
/** Most nodes the diagram may hold (Infinity: no limit), and apply steps taken. */
let maxNodes: f64 = Infinity;
let steps: f64 = 0;
let overLimit: bool = false;
/** Inputs of chain() and applyAll(); the nodes reachable() found. */
let scratch: StaticArray<i32> = new StaticArray<i32>(256);
let sortScratch: StaticArray<i32> = new StaticArray<i32>(256);
/** Probability per level (in), per node (out). */
let levelProbability: StaticArray<f64> = new StaticArray<f64>(0);
let nodeProbability: StaticArray<f64> = new StaticArray<f64>(0);
/** The min-heap of applyAll: diagram sizes, the order they came in, their nodes. */
let heapSize: StaticArray<i32> = new StaticArray<i32>(64);
let heapOrder: StaticArray<i32> = new StaticArray<i32>(64);
let heapNode: StaticArray<i32> = new StaticArray<i32>(64);
let heapLength: i32 = 0;
let heapPushed: i32 = 0;

function powerOfTwoAtLeast(n: i32): i32 {
  let p = 64;
  while (p < n) p *= 2;
  return p;
}

function hash3(a: i32, b: i32, c: i32): i32 {
  let h: i32 = (a * 0x9e3779b1) ^ (b * 0x85ebca77) ^ (c * 0xc2b2ae3d);
  h ^= <i32>(<u32>h >>> 15);
  h = h * 0x2c1b3c6d;
  h ^= <i32>(<u32>h >>> 12);
  return h & 0x7fffffff;
}

/** Room for `size` nodes in every table (the prefixes in use are kept). */
function resizeNodes(size: i32): void {
  const old = level.length;
  level = copyOf(level, old, size);
  low = copyOf(low, old, size);
  high = copyOf(high, old, size);
  cacheF = copyOf(cacheF, old, size);
  cacheG = copyOf(cacheG, old, size);
  cacheR = copyOf(cacheR, old, size);
  unique = copyOf(unique, unique.length, size * 2);
}

/** The manager's first diagram; `maxNodes` Infinity for none. */
export function init(nodes: f64, capacity: i32): void {
  const size = powerOfTwoAtLeast(capacity);
  level = new StaticArray<i32>(size);
  low = new StaticArray<i32>(size);
  high = new StaticArray<i32>(size);
  unique = new StaticArray<i32>(size * 2);
  cacheF = new StaticArray<i32>(size);
  cacheG = new StaticArray<i32>(size);
  cacheR = new StaticArray<i32>(size);
  uniqueMask = 0;
  cacheMask = 0;
  reset(nodes, capacity);
}

/** Empties the diagram for the next one. Only the prefixes the last diagram used hold anything. */
export function reset(nodes: f64, capacity: i32): void {
  const used = powerOfTwoAtLeast(capacity);
  maxNodes = nodes;
  steps = 0;
  overLimit = false;
  memory.fill(changetype<usize>(unique), 0, (<usize>uniqueMask + 1) << 2);
  count = 2;
  if (used > level.length) resizeNodes(used);
  unchecked((level[0] = TERMINAL_LEVEL));
  unchecked((level[1] = TERMINAL_LEVEL));
  uniqueMask = used * 2 - 1;
  cacheMask = used - 1;
  memory.fill(changetype<usize>(cacheF), 0xff, <usize>used << 2);
}

/** Lets the diagram grow to `nodes` (and its apply steps with it), keeping what it holds. */
export function raiseLimit(nodes: f64): void {
  maxNodes = nodes;
  overLimit = false;
}

export function size(): i32 {
  return count;
}

/** Twice the nodes: the unique table rehashed; the computed table keeps its entries (valid wherever they sit). */
function grow(): void {
  const used = (cacheMask + 1) * 2;
  if (used > level.length) resizeNodes(used);
  memory.fill(changetype<usize>(cacheF) + ((<usize>cacheMask + 1) << 2), 0xff, <usize>(used - cacheMask - 1) << 2);
  cacheMask = used - 1;
  memory.fill(changetype<usize>(unique), 0, (<usize>uniqueMask + 1) << 2);
  const mask = (uniqueMask = used * 2 - 1);
  for (let n = 2; n < count; n++) {
    let slot = hash3(unchecked(level[n]), unchecked(low[n]), unchecked(high[n])) & mask;
    while (unchecked(unique[slot]) !== 0) slot = (slot + 1) & mask;
    unchecked((unique[slot] = n));
  }
}

/** node() for JavaScript: -1 over the budget. */
export function makeNode(lv: i32, lo: i32, hi: i32): i32 {
  const n = node(lv, lo, hi);
  return overLimit ? -1 : n;
}

/** The node testing the variable at `lv`, or its child when both children are equal; FALSE with `overLimit` over the budget. */
function node(lv: i32, lo: i32, hi: i32): i32 {
  if (lo === hi) return lo;
  for (;;) {
    const mask = uniqueMask;
    let slot = hash3(lv, lo, hi) & mask;
    for (;;) {
      const n = unchecked(unique[slot]);
      if (n === 0) break;
      if (unchecked(level[n]) === lv && unchecked(low[n]) === lo && unchecked(high[n]) === hi) return n;
      slot = (slot + 1) & mask;
    }
    if (<f64>count >= maxNodes) {
      overLimit = true;
      return FALSE;
    }
    if (count === cacheMask + 1) {
      if (count >= MOST_NODES) {
        overLimit = true;
        return FALSE;
      }
      grow();
      continue;
    }
    const n = count++;
    unchecked((level[n] = lv));
    unchecked((low[n] = lo));
    unchecked((high[n] = hi));
    unchecked((unique[slot] = n));
    return n;
  }
}

/** Room for `n` inputs: where chain() and applyAll() read them. */
export function scratchPointer(n: i32): usize {
  if (n > scratch.length) {
    scratch = new StaticArray<i32>(n);
    sortScratch = new StaticArray<i32>(n);
  }
  return changetype<usize>(scratch);
}

/** OR (or AND) of the single variables at the `n` levels in scratch, built directly as a chain. */
export function chain(isOr: bool, n: i32): i32 {
  mergeSort(scratch, 0, n, sortScratch, 0, higherLevel);
  let f = isOr ? FALSE : TRUE;
  let previous = -1;
  for (let i = 0; i < n; i++) {
    const lv = unchecked(scratch[i]);
    if (lv === previous) continue;
    previous = lv;
    f = isOr ? node(lv, f, TRUE) : node(lv, FALSE, f);
    if (overLimit) return -1;
  }
  return f;
}

/** Higher levels first. */
function higherLevel(a: i32, b: i32): bool {
  return a > b;
}

/** f AND g, or f OR g, on an explicit stack; -1 over the budget. */
export function apply(isAnd: bool, f: i32, g: i32): i32 {
  const opBit = isAnd ? 0 : 1;
  let sp = 5;
  let result = -1;
  const maxSteps = maxNodes * 16;
  unchecked((frames[0] = f));
  unchecked((frames[1] = g));
  unchecked((frames[4] = 0));
  while (sp > 0) {
    steps += 1;
    if (steps > maxSteps) {
      overLimit = true;
      return -1;
    }
    const top = sp - 5;
    const step = unchecked(frames[top + 4]);
    let a = unchecked(frames[top]);
    let b = unchecked(frames[top + 1]);
    if (step === 2) {
      const r = node(unchecked(frames[top + 2]), unchecked(frames[top + 3]), result);
      if (overLimit) return -1;
      // node() may have grown the tables: the mask is read after it.
      const c = hash3(opBit, a, b) & cacheMask;
      unchecked((cacheF[c] = (a << 1) + opBit));
      unchecked((cacheG[c] = b));
      unchecked((cacheR[c] = r));
      sp = top;
      result = r;
      continue;
    }
    let nextA: i32;
    let nextB: i32;
    if (step === 0) {
      if (a > b) {
        const t = a;
        a = b;
        b = t;
        unchecked((frames[top] = a));
        unchecked((frames[top + 1] = b));
      }
      // Terminal cases (a <= b, so a is the terminal when one is).
      let done = -1;
      if (a === b) done = a;
      else if (a === FALSE) done = isAnd ? FALSE : b;
      else if (a === TRUE) done = isAnd ? b : TRUE;
      if (done < 0) {
        const c = hash3(opBit, a, b) & cacheMask;
        if (unchecked(cacheF[c]) === (a << 1) + opBit && unchecked(cacheG[c]) === b) done = unchecked(cacheR[c]);
      }
      if (done >= 0) {
        sp = top;
        result = done;
        continue;
      }
      const la = unchecked(level[a]);
      const lb = unchecked(level[b]);
      const lv = la < lb ? la : lb;
      unchecked((frames[top + 2] = lv));
      unchecked((frames[top + 4] = 1));
      nextA = la === lv ? unchecked(low[a]) : a;
      nextB = lb === lv ? unchecked(low[b]) : b;
    } else {
      unchecked((frames[top + 3] = result));
      unchecked((frames[top + 4] = 2));
      const lv = unchecked(frames[top + 2]);
      nextA = unchecked(level[a]) === lv ? unchecked(high[a]) : a;
      nextB = unchecked(level[b]) === lv ? unchecked(high[b]) : b;
    }
    if (sp + 5 > frames.length) frames = copyOf(frames, sp, frames.length * 2);
    unchecked((frames[sp] = nextA));
    unchecked((frames[sp + 1] = nextB));
    unchecked((frames[sp + 4] = 0));
    sp += 5;
  }
  return result;
}

/**
 * OR (or AND) of the `n` diagrams in scratch: up to SMALL_FAN_IN in pairs in input order, more
 * the two smallest first, again and again (bdd.ts says why). -1 over the budget.
 */
export function applyAll(isOr: bool, n: i32): i32 {
  if (n === 0) return isOr ? FALSE : TRUE;
  if (n === 1) return unchecked(scratch[0]);
  if (n <= SMALL_FAN_IN) return pairwise(!isOr, n);
  const absorbing = isOr ? TRUE : FALSE;
  heapLength = 0;
  heapPushed = 0;
  for (let i = 0; i < n; i++) {
    const f = unchecked(scratch[i]);
    heapPush(markReachable(f), f);
  }
  while (heapLength > 1) {
    const f = heapPop();
    const g = heapPop();
    const r = apply(!isOr, f, g);
    if (r < 0) return -1;
    if (r === absorbing) return r;
    heapPush(markReachable(r), r);
  }
  return heapPop();
}

/** Pairs in input order, then pairs of those, in scratch[0..n). */
function pairwise(isAnd: bool, n: i32): i32 {
  let length = n;
  while (length > 1) {
    let next = 0;
    for (let i = 0; i < length; i += 2) {
      let r = unchecked(scratch[i]);
      if (i + 1 < length) {
        r = apply(isAnd, r, unchecked(scratch[i + 1]));
        if (r < 0) return -1;
      }
      unchecked((scratch[next++] = r));
    }
    length = next;
  }
  return unchecked(scratch[0]);
}

function heapLess(i: i32, j: i32): bool {
  const si = unchecked(heapSize[i]);
  const sj = unchecked(heapSize[j]);
  return si < sj || (si === sj && unchecked(heapOrder[i]) < unchecked(heapOrder[j]));
}

function heapSwap(i: i32, j: i32): void {
  const size = unchecked(heapSize[i]);
  const order = unchecked(heapOrder[i]);
  const n = unchecked(heapNode[i]);
  unchecked((heapSize[i] = heapSize[j]));
  unchecked((heapOrder[i] = heapOrder[j]));
  unchecked((heapNode[i] = heapNode[j]));
  unchecked((heapSize[j] = size));
  unchecked((heapOrder[j] = order));
  unchecked((heapNode[j] = n));
}

/** Equal sizes leave in the order they came: the same diagram every run. */
function heapPush(size: i32, n: i32): void {
  if (heapLength === heapNode.length) {
    heapSize = copyOf(heapSize, heapLength, heapLength * 2);
    heapOrder = copyOf(heapOrder, heapLength, heapLength * 2);
    heapNode = copyOf(heapNode, heapLength, heapLength * 2);
  }
  unchecked((heapSize[heapLength] = size));
  unchecked((heapOrder[heapLength] = heapPushed++));
  unchecked((heapNode[heapLength] = n));
  for (let i = heapLength++; i > 0; ) {
    const parent = (i - 1) >> 1;
    if (!heapLess(i, parent)) break;
    heapSwap(i, parent);
    i = parent;
  }
}

/** The smallest diagram, taken out. */
function heapPop(): i32 {
  const top = unchecked(heapNode[0]);
  const last = heapLength - 1;
  heapSwap(0, last);
  heapLength = last;
  for (let i = 0; ; ) {
    const left = 2 * i + 1;
    if (left >= last) break;
    const child = left + 1 < last && heapLess(left + 1, left) ? left + 1 : left;
    if (!heapLess(child, i)) break;
    heapSwap(child, i);
    i = child;
  }
  return top;
}

/** Marks the nodes reachable from `root` (terminals excluded) with a new stamp; returns how many. */
function markReachable(root: i32): i32 {
  const stamp = ++markStamp;
  if (root < 2) return 0;
  if (marks.length < count) marks = new StaticArray<u32>(level.length);
  let sp = 0;
  let found = 0;
  unchecked((markStack[sp++] = root));
  while (sp > 0) {
    const n = unchecked(markStack[--sp]);
    if (n < 2 || unchecked(marks[n]) === stamp) continue;
    unchecked((marks[n] = stamp));
    found++;
    if (sp + 2 > markStack.length) markStack = copyOf(markStack, sp, markStack.length * 2);
    unchecked((markStack[sp++] = low[n]));
    unchecked((markStack[sp++] = high[n]));
  }
  return found;
}

/** Nodes reachable from `root`, terminals excluded. */
export function sizeOf(root: i32): i32 {
  return markReachable(root);
}

/** The nodes reachable from `root` (terminals excluded), written to scratch in descending order: how many. */
export function reachable(root: i32): i32 {
  const found = markReachable(root);
  scratchPointer(found);
  const stamp = markStamp;
  for (let n = count - 1, i = 0; n >= 2 && i < found; n--) if (unchecked(marks[n]) === stamp) unchecked((scratch[i++] = n));
  return found;
}

/** Room for the probability of `levels` levels: where they go. */
export function levelProbabilityPointer(levels: i32): usize {
  if (levels > levelProbability.length) levelProbability = new StaticArray<f64>(levels);
  return changetype<usize>(levelProbability);
}

/** Probability of every node, given each level's: one bottom-up pass. Where they are (count of them). */
export function probabilities(): usize {
  if (nodeProbability.length < count) nodeProbability = new StaticArray<f64>(level.length);
  unchecked((nodeProbability[FALSE] = 0));
  unchecked((nodeProbability[TRUE] = 1));
  for (let n = 2; n < count; n++) {
    const q = unchecked(levelProbability[unchecked(level[n])]);
    unchecked((nodeProbability[n] = q * nodeProbability[high[n]] + (1 - q) * nodeProbability[low[n]]));
  }
  return changetype<usize>(nodeProbability);
}

/** Where the nodes' levels and children are (valid until the next call that adds nodes). */
export function levelPointer(): usize {
  return changetype<usize>(level);
}
export function lowPointer(): usize {
  return changetype<usize>(low);
}
export function highPointer(): usize {
  return changetype<usize>(high);
}
