// The figures of a fault graph's trees (src/model/quantifier.ts describes the method) in
// AssemblyScript, compiled to WebAssembly by scripts/build-wasm.mjs (embedded in
// src/generated/quantifierWasm.ts), with the decision diagram manager (./decisionDiagram) in the
// same module.
//
// Why: a check runs this once per tree, over thousands of small trees, before V8 has optimised
// JavaScript for it; the per-tree work (module walk, plan, variable order, closed forms, the chain
// rule, ranking the importance lists) cost more than the diagrams themselves. It computes what
// the TypeScript it replaced did, in the same order of operations, so the figures are the same to
// the last bit.
//
// One instance per computation (memory is never freed): prepareGraph(), fill the graph's arrays,
// then figures(gate) per tree (and rankImportance(gate) for its list) and read its outcome. Trees
// to be counted from their clauses are handed to JavaScript (the countClauses import, which runs
// assembly/clauseCounter.ts in its own instance) and their figures written back with
// countedRoom() and setCounted().

import { grown, mergeSort } from './arrays';
import { productsOfOthers } from './products';
import {
  applyAll,
  chain,
  highPointer,
  init as initDiagram,
  levelPointer,
  levelProbabilityPointer,
  lowPointer,
  probabilities,
  raiseLimit,
  reachable,
  reset as resetDiagram,
  scratchPointer,
  size as diagramSize,
} from './decisionDiagram';

/**
 * Imported as quantifier.countClauses: counts the tree written to the clause-tree arrays (the ct*
 * pointers below): 0 when the diagram is to decide (too many clauses to start, or too deep), 1
 * when counting outgrew its budget, 2 with figures written through countedRoom() and setCounted().
 */
declare function countClauses(variables: i32, gates: i32): i32;

/** Outcome of a gate: not yet computed, figures, or unavailable (over the diagram's or the count's budget). */
const NONE: i32 = 0;
const FIGURES: i32 = 1;
const OVER_DIAGRAM_BUDGET: i32 = 2;
const OVER_COUNT_BUDGET: i32 = 3;

/** countClauses() results. */
const DIAGRAM_DECIDES: i32 = 0;
const COUNT_UNAVAILABLE: i32 = 1;

const FALSE_NODE: i32 = 0;
const TRUE_NODE: i32 = 1;
/** A plan variable that is the OR/AND of several atoms; other variables hold one atom. */
const GROUP: i32 = i32.MIN_VALUE;
/**
 * Variables of an AND-rooted tree past which its clauses are counted before any diagram is built.
 * In 1,994 trees of generated inventories (30 to 2,000 entities, bench/analysis.md), the AND-rooted
 * ones up to 93 variables had diagrams of at most 28,000 nodes, built faster than counting; from
 * 143 variables on, none had one under 176,000 nodes, and counting was faster or the only way.
 */
const COUNT_FIRST_VARIABLES: i32 = 120;
/** Variables of a tree counted at most: each decision is a level of the counter's recursion. */
const MAX_COUNTED_VARIABLES: i32 = 3000;

// ---- The graph: gates (the last one virtual) over events, as index ranges; event probabilities.
let gateIsOr: StaticArray<i32> = new StaticArray<i32>(0);
let gateEventsAt: StaticArray<i32> = new StaticArray<i32>(0);
let gateEvents: StaticArray<i32> = new StaticArray<i32>(0);
let gateGatesAt: StaticArray<i32> = new StaticArray<i32>(0);
let gateGates: StaticArray<i32> = new StaticArray<i32>(0);
let eventProbability: StaticArray<f64> = new StaticArray<f64>(0);
let maxNodes: f64 = Infinity;
let smallDiagram: f64 = 0;
let withImportance: bool = true;

// ---- Outcomes, per gate; events and their ∂P/∂p in pools.
let status: StaticArray<i32> = new StaticArray<i32>(0);
let outcomeProbability: StaticArray<f64> = new StaticArray<f64>(0);
let outcomeConstant: StaticArray<u8> = new StaticArray<u8>(0);
let outcomeAt: StaticArray<i32> = new StaticArray<i32>(0);
let outcomeLength: StaticArray<i32> = new StaticArray<i32>(0);
let outcomeEvents: StaticArray<i32> = new StaticArray<i32>(1024);
let outcomeBirnbaum: StaticArray<f64> = new StaticArray<f64>(1024);
let outcomeTop: i32 = 0;

// ---- Work done, as probability.ts reports it.
let trees: i32 = 0;
let diagrams: i32 = 0;
let fromClauses: i32 = 0;
let largestDiagram: i32 = 0;

// ---- The module walk (Dutuit & Rauzy's linear-time algorithm, as SCRAM's preprocessing uses it):
// a gate is a module of a root when nothing below it is reachable from the root except through
// it. One depth-first walk from the root stamps each gate's entry and exit time and each node's
// first and last visit; a gate is a module when every node below it is first and last visited
// between its entry and exit. The walk counts each node's parents too: an event or module under a
// single gate is private to that gate. The last walk's root and what it found:
let walkRoot: i32 = -1;
let enter: StaticArray<i32> = new StaticArray<i32>(0);
let exitTime: StaticArray<i32> = new StaticArray<i32>(0);
let gateLast: StaticArray<i32> = new StaticArray<i32>(0);
let gateParents: StaticArray<i32> = new StaticArray<i32>(0);
let isModule: StaticArray<u8> = new StaticArray<u8>(0);
let lowVisit: StaticArray<i32> = new StaticArray<i32>(0);
let highVisit: StaticArray<i32> = new StaticArray<i32>(0);
let eventFirst: StaticArray<i32> = new StaticArray<i32>(0);
let eventLast: StaticArray<i32> = new StaticArray<i32>(0);
let eventParents: StaticArray<i32> = new StaticArray<i32>(0);
let touchedGates: StaticArray<i32> = new StaticArray<i32>(256);
let touchedGateCount: i32 = 0;
let touchedEvents: StaticArray<i32> = new StaticArray<i32>(256);
let touchedEventCount: i32 = 0;
let walkStack: StaticArray<i32> = new StaticArray<i32>(256);
let postOrder: StaticArray<i32> = new StaticArray<i32>(256);
let postOrderLength: i32 = 0;

// ---- Plans, on a stack of frames: a plan is made when its gate comes to the top of figures()'s
// stack, and dropped when that gate is computed; the plans made in between (its modules') are
// dropped before it, so each pool below is a stack too. Indices inside a plan are relative to its
// frame's bases (variables, plan gates); modules are graph gates.
/** Per variable: its atom (an event e, or the module m as -1 - m), or GROUP with members varFrom..varTo and varIsOr. */
let varAtom: StaticArray<i32> = new StaticArray<i32>(256);
let varIsOr: StaticArray<i32> = new StaticArray<i32>(256);
let varFrom: StaticArray<i32> = new StaticArray<i32>(256);
let varTo: StaticArray<i32> = new StaticArray<i32>(256);
let varTop: i32 = 0;
let members: StaticArray<i32> = new StaticArray<i32>(256);
let memberTop: i32 = 0;
/** Per plan gate: its op, its variables gateVars[planVarFrom..planVarTo), its sub-gates children[planChildFrom..planChildTo). */
let planIsOr: StaticArray<i32> = new StaticArray<i32>(256);
let planVarFrom: StaticArray<i32> = new StaticArray<i32>(256);
let planVarTo: StaticArray<i32> = new StaticArray<i32>(256);
let planChildFrom: StaticArray<i32> = new StaticArray<i32>(256);
let planChildTo: StaticArray<i32> = new StaticArray<i32>(256);
let planGateTop: i32 = 0;
let gateVars: StaticArray<i32> = new StaticArray<i32>(256);
let gateVarTop: i32 = 0;
let children: StaticArray<i32> = new StaticArray<i32>(256);
let childTop: i32 = 0;
let modules: StaticArray<i32> = new StaticArray<i32>(256);
let moduleTop: i32 = 0;
/** Frames: the six pool tops when the plan was made, in that order. */
const FRAME: i32 = 6;
let frames: StaticArray<i32> = new StaticArray<i32>(FRAME * 16);
let frameCount: i32 = 0;
/** The plan being computed: its bases and sizes. */
let vBase: i32 = 0;
let vCount: i32 = 0;
let gBase: i32 = 0;
let gCount: i32 = 0;
let mBase: i32 = 0;
let mCount: i32 = 0;

// ---- Scratch of plan(): per event and gate, a value set since the last stamp.
let slotStamp: u32 = 0;
let eventVariableStamp: StaticArray<u32> = new StaticArray<u32>(0);
let eventVariable: StaticArray<i32> = new StaticArray<i32>(0);
let moduleVariableStamp: StaticArray<u32> = new StaticArray<u32>(0);
let moduleVariable: StaticArray<i32> = new StaticArray<i32>(0);
let plannedStamp: StaticArray<u32> = new StaticArray<u32>(0);
let planned: StaticArray<i32> = new StaticArray<i32>(0);
let planStack: StaticArray<i32> = new StaticArray<i32>(256);
let privateAtoms: StaticArray<i32> = new StaticArray<i32>(64);
let sharedVariables: StaticArray<i32> = new StaticArray<i32>(64);

// ---- Scratch of one tree's computation.
let valueProbability: StaticArray<f64> = new StaticArray<f64>(256);
let valueConstant: StaticArray<u8> = new StaticArray<u8>(256);
let closedInputs: StaticArray<f64> = new StaticArray<f64>(64);
let closedInputConstant: StaticArray<u8> = new StaticArray<u8>(64);
let closedDerivative: StaticArray<f64> = new StaticArray<f64>(64);
let groupDerivative: StaticArray<f64> = new StaticArray<f64>(64);
let groupLive: StaticArray<i32> = new StaticArray<i32>(64);
let factors: StaticArray<f64> = new StaticArray<f64>(64);
/** closedForm()'s other result: no input changes it. */
let closedConstant: bool = false;
let order: StaticArray<i32> = new StaticArray<i32>(256);
let levelOf: StaticArray<i32> = new StaticArray<i32>(256);
let readers: StaticArray<i32> = new StaticArray<i32>(256);
let parentCount: StaticArray<i32> = new StaticArray<i32>(256);
let placed: StaticArray<u8> = new StaticArray<u8>(256);
let visited: StaticArray<u8> = new StaticArray<u8>(256);
let orderStack: StaticArray<i32> = new StaticArray<i32>(256);
let sorted: StaticArray<i32> = new StaticArray<i32>(256);
let sortBuffer: StaticArray<i32> = new StaticArray<i32>(256);
let results: StaticArray<i32> = new StaticArray<i32>(256);
let resultCount: i32 = 0;
let gateLevels: StaticArray<i32> = new StaticArray<i32>(64);
let gateInputs: StaticArray<i32> = new StaticArray<i32>(64);
let reach: StaticArray<f64> = new StaticArray<f64>(256);
let byLevel: StaticArray<f64> = new StaticArray<f64>(256);
let seenLevel: StaticArray<u8> = new StaticArray<u8>(256);
let treeVariables: StaticArray<i32> = new StaticArray<i32>(256);
let treeDerivatives: StaticArray<f64> = new StaticArray<f64>(256);
/** The chain rule's dense sums per event, valid where sumStamp is the assembly's stamp; the events in the order met. */
let sum: StaticArray<f64> = new StaticArray<f64>(0);
let sumStamp: StaticArray<u32> = new StaticArray<u32>(0);
let stamp: u32 = 0;
let assembled: StaticArray<i32> = new StaticArray<i32>(256);
let assembledCount: i32 = 0;
let figuresStack: StaticArray<i32> = new StaticArray<i32>(64);

// ---- The tree handed to count(), and what it gives back.
let ctIsAnd: StaticArray<i32> = new StaticArray<i32>(64);
let ctVariablesAt: StaticArray<i32> = new StaticArray<i32>(64);
let ctVariables: StaticArray<i32> = new StaticArray<i32>(256);
let ctChildrenAt: StaticArray<i32> = new StaticArray<i32>(64);
let ctChildren: StaticArray<i32> = new StaticArray<i32>(256);
let countedVariables: StaticArray<i32> = new StaticArray<i32>(0);
let countedDerivatives: StaticArray<f64> = new StaticArray<f64>(0);
let countedProbability: f64 = 0;
let countedConstant: bool = false;
let countedLength: i32 = 0;

/** Sizes the graph's arrays; JavaScript fills them through the pointers below, then calls figures(). */
export function prepareGraph(gates: i32, events: i32, eventInputs: i32, gateInputs_: i32, nodes: f64, small: f64, importance: bool): void {
  gateIsOr = new StaticArray<i32>(gates);
  gateEventsAt = new StaticArray<i32>(gates + 1);
  gateEvents = new StaticArray<i32>(eventInputs);
  gateGatesAt = new StaticArray<i32>(gates + 1);
  gateGates = new StaticArray<i32>(gateInputs_);
  eventProbability = new StaticArray<f64>(events);
  maxNodes = nodes;
  smallDiagram = small;
  withImportance = importance;
  status = new StaticArray<i32>(gates);
  outcomeProbability = new StaticArray<f64>(gates);
  outcomeConstant = new StaticArray<u8>(gates);
  outcomeAt = new StaticArray<i32>(gates);
  outcomeLength = new StaticArray<i32>(gates);
  enter = new StaticArray<i32>(gates);
  exitTime = new StaticArray<i32>(gates);
  gateLast = new StaticArray<i32>(gates);
  gateParents = new StaticArray<i32>(gates);
  isModule = new StaticArray<u8>(gates);
  lowVisit = new StaticArray<i32>(gates);
  highVisit = new StaticArray<i32>(gates);
  eventFirst = new StaticArray<i32>(events);
  eventLast = new StaticArray<i32>(events);
  eventParents = new StaticArray<i32>(events);
  eventVariableStamp = new StaticArray<u32>(events);
  eventVariable = new StaticArray<i32>(events);
  moduleVariableStamp = new StaticArray<u32>(gates);
  moduleVariable = new StaticArray<i32>(gates);
  plannedStamp = new StaticArray<u32>(gates);
  planned = new StaticArray<i32>(gates);
  sum = new StaticArray<f64>(events);
  sumStamp = new StaticArray<u32>(events);
  initDiagram(Infinity, 64);
}

export function gateIsOrPointer(): usize {
  return changetype<usize>(gateIsOr);
}
export function gateEventsAtPointer(): usize {
  return changetype<usize>(gateEventsAt);
}
export function gateEventsPointer(): usize {
  return changetype<usize>(gateEvents);
}
export function gateGatesAtPointer(): usize {
  return changetype<usize>(gateGatesAt);
}
export function gateGatesPointer(): usize {
  return changetype<usize>(gateGates);
}
export function eventProbabilityPointer(): usize {
  return changetype<usize>(eventProbability);
}

// ---- The module walk.

/** Walks the tree under `root`: entry and exit times, first and last visits, parent counts, modules. */
function detect(root: i32): void {
  for (let i = 0; i < touchedGateCount; i++) {
    const g = unchecked(touchedGates[i]);
    unchecked((enter[g] = 0));
    unchecked((exitTime[g] = 0));
    unchecked((gateLast[g] = 0));
    unchecked((gateParents[g] = 0));
    unchecked((isModule[g] = 0));
  }
  for (let i = 0; i < touchedEventCount; i++) unchecked((eventParents[touchedEvents[i]] = 0));
  touchedGateCount = 0;
  touchedEventCount = 0;
  postOrderLength = 0;
  walkRoot = root;
  let time = 0;
  // Frames: gate, next input (events first, then gates).
  let sp = 0;
  unchecked((walkStack[sp++] = root));
  unchecked((walkStack[sp++] = 0));
  unchecked((enter[root] = ++time));
  unchecked((gateParents[root] = 1));
  touchGate(root);
  while (sp > 0) {
    const top = sp - 2;
    const g = unchecked(walkStack[top]);
    const next = unchecked(walkStack[top + 1]);
    const eventsFrom = unchecked(gateEventsAt[g]);
    const eventCount = unchecked(gateEventsAt[g + 1]) - eventsFrom;
    if (next < eventCount) {
      const e = unchecked(gateEvents[eventsFrom + next]);
      unchecked((walkStack[top + 1] = next + 1));
      time++;
      if (unchecked(eventParents[e]) === 0) {
        unchecked((eventFirst[e] = time));
        touchedEvents = grown<i32>(touchedEvents, touchedEventCount, touchedEventCount + 1);
        unchecked((touchedEvents[touchedEventCount++] = e));
      }
      unchecked((eventParents[e] = eventParents[e] + 1));
      unchecked((eventLast[e] = time));
      continue;
    }
    const k = next - eventCount;
    const gatesFrom = unchecked(gateGatesAt[g]);
    if (k < unchecked(gateGatesAt[g + 1]) - gatesFrom) {
      const c = unchecked(gateGates[gatesFrom + k]);
      unchecked((walkStack[top + 1] = next + 1));
      if (unchecked(enter[c]) === 0) {
        unchecked((enter[c] = ++time));
        unchecked((gateParents[c] = 1));
        touchGate(c);
        walkStack = grown<i32>(walkStack, sp, sp + 2);
        unchecked((walkStack[sp++] = c));
        unchecked((walkStack[sp++] = 0));
      } else {
        unchecked((gateLast[c] = ++time));
        unchecked((gateParents[c] = gateParents[c] + 1));
      }
      continue;
    }
    unchecked((exitTime[g] = ++time));
    unchecked((gateLast[g] = time));
    postOrder = grown<i32>(postOrder, postOrderLength, postOrderLength + 1);
    unchecked((postOrder[postOrderLength++] = g));
    sp = top;
  }
  // Earliest and latest visit below each gate, children first (their values are final by then).
  for (let i = 0; i < postOrderLength; i++) {
    const g = unchecked(postOrder[i]);
    let lo = 0x7fffffff;
    let hi = 0;
    for (let j = unchecked(gateEventsAt[g]), end = unchecked(gateEventsAt[g + 1]); j < end; j++) {
      const e = unchecked(gateEvents[j]);
      lo = min(lo, unchecked(eventFirst[e]));
      hi = max(hi, unchecked(eventLast[e]));
    }
    for (let j = unchecked(gateGatesAt[g]), end = unchecked(gateGatesAt[g + 1]); j < end; j++) {
      const c = unchecked(gateGates[j]);
      lo = min(lo, min(unchecked(enter[c]), unchecked(lowVisit[c])));
      hi = max(hi, max(unchecked(gateLast[c]), unchecked(highVisit[c])));
    }
    unchecked((lowVisit[g] = lo));
    unchecked((highVisit[g] = hi));
    unchecked((isModule[g] = lo > unchecked(enter[g]) && hi < unchecked(exitTime[g]) ? 1 : 0));
  }
}

function touchGate(g: i32): void {
  touchedGates = grown<i32>(touchedGates, touchedGateCount, touchedGateCount + 1);
  unchecked((touchedGates[touchedGateCount++] = g));
}

/**
 * Whether the last walk also answers the queries for `gate`'s own tree: `gate` is its root, or a
 * module of it. Below a module every node has all its parents inside the module (else it would be
 * reached around it), so the parent counts are the same from either root; and a gate below the
 * module is a module of one root exactly when it is of the other.
 */
function covers(gate: i32): bool {
  return gate === walkRoot || unchecked(isModule[gate]) === 1;
}

// ---- Plans.

/** Pushes the frame of the gate's plan: its tree down to its modules, events and modules private to one gate merged per gate. */
function plan(root: i32): void {
  if (!covers(root)) detect(root);
  frames = grown<i32>(frames, frameCount * FRAME, (frameCount + 1) * FRAME);
  const f = frameCount++ * FRAME;
  unchecked((frames[f] = varTop));
  unchecked((frames[f + 1] = memberTop));
  unchecked((frames[f + 2] = planGateTop));
  unchecked((frames[f + 3] = gateVarTop));
  unchecked((frames[f + 4] = childTop));
  unchecked((frames[f + 5] = moduleTop));
  const variableBase = varTop;
  const gateBase = planGateTop;
  const slot = ++slotStamp;
  // Post-order walk over the gates that are not modules (the root is expanded even though it is one).
  let sp = 0;
  unchecked((planStack[sp++] = root));
  unchecked((planStack[sp++] = 0));
  while (sp > 0) {
    const top = sp - 2;
    const gate = unchecked(planStack[top]);
    const gatesFrom = unchecked(gateGatesAt[gate]);
    const gatesEnd = unchecked(gateGatesAt[gate + 1]);
    let next = unchecked(planStack[top + 1]);
    while (gatesFrom + next < gatesEnd) {
      const c = unchecked(gateGates[gatesFrom + next]);
      if (!unchecked(isModule[c]) && unchecked(plannedStamp[c]) !== slot) break;
      next++;
    }
    if (gatesFrom + next < gatesEnd) {
      unchecked((planStack[top + 1] = next + 1));
      planStack = grown<i32>(planStack, sp, sp + 2);
      unchecked((planStack[sp++] = gateGates[gatesFrom + next]));
      unchecked((planStack[sp++] = 0));
      continue;
    }
    sp = top;
    // The gate's own variable (its private members) first, then the shared ones.
    let privateCount = 0;
    let sharedCount = 0;
    const childFrom = childTop;
    for (let j = unchecked(gateEventsAt[gate]), end = unchecked(gateEventsAt[gate + 1]); j < end; j++) {
      const e = unchecked(gateEvents[j]);
      if (unchecked(eventParents[e]) === 1) {
        privateAtoms = grown<i32>(privateAtoms, privateCount, privateCount + 1);
        unchecked((privateAtoms[privateCount++] = e));
      } else {
        sharedVariables = grown<i32>(sharedVariables, sharedCount, sharedCount + 1);
        unchecked((sharedVariables[sharedCount++] = eventVariableOf(e, slot, variableBase)));
      }
    }
    for (let j = gatesFrom; j < gatesEnd; j++) {
      const c = unchecked(gateGates[j]);
      if (!unchecked(isModule[c])) {
        children = grown<i32>(children, childTop, childTop + 1);
        unchecked((children[childTop++] = planned[c]));
      } else if (unchecked(gateParents[c]) === 1) {
        privateAtoms = grown<i32>(privateAtoms, privateCount, privateCount + 1);
        unchecked((privateAtoms[privateCount++] = -1 - c));
      } else {
        sharedVariables = grown<i32>(sharedVariables, sharedCount, sharedCount + 1);
        unchecked((sharedVariables[sharedCount++] = moduleVariableOf(c, slot, variableBase)));
      }
    }
    const isOr = unchecked(gateIsOr[gate]);
    let own = -1;
    if (privateCount === 1) {
      const atom = unchecked(privateAtoms[0]);
      own = atom >= 0 ? eventVariableOf(atom, slot, variableBase) : moduleVariableOf(-1 - atom, slot, variableBase);
    } else if (privateCount > 1) {
      own = varTop - variableBase;
      members = grown<i32>(members, memberTop, memberTop + privateCount);
      const from = memberTop;
      for (let i = 0; i < privateCount; i++) unchecked((members[memberTop++] = privateAtoms[i]));
      addVariable(GROUP, isOr, from, memberTop);
      for (let i = 0; i < privateCount; i++) {
        const atom = unchecked(privateAtoms[i]);
        if (atom < 0) addModule(-1 - atom);
      }
    }
    gateVars = grown<i32>(gateVars, gateVarTop, gateVarTop + sharedCount + 1);
    const varsFrom = gateVarTop;
    if (own >= 0) unchecked((gateVars[gateVarTop++] = own));
    for (let i = 0; i < sharedCount; i++) unchecked((gateVars[gateVarTop++] = sharedVariables[i]));
    unchecked((plannedStamp[gate] = slot));
    unchecked((planned[gate] = planGateTop - gateBase));
    planIsOr = grown<i32>(planIsOr, planGateTop, planGateTop + 1);
    planVarFrom = grown<i32>(planVarFrom, planGateTop, planGateTop + 1);
    planVarTo = grown<i32>(planVarTo, planGateTop, planGateTop + 1);
    planChildFrom = grown<i32>(planChildFrom, planGateTop, planGateTop + 1);
    planChildTo = grown<i32>(planChildTo, planGateTop, planGateTop + 1);
    unchecked((planIsOr[planGateTop] = isOr));
    unchecked((planVarFrom[planGateTop] = varsFrom));
    unchecked((planVarTo[planGateTop] = gateVarTop));
    unchecked((planChildFrom[planGateTop] = childFrom));
    unchecked((planChildTo[planGateTop] = childTop));
    planGateTop++;
  }
}

function addVariable(atom: i32, isOr: i32, from: i32, to: i32): void {
  varAtom = grown<i32>(varAtom, varTop, varTop + 1);
  varIsOr = grown<i32>(varIsOr, varTop, varTop + 1);
  varFrom = grown<i32>(varFrom, varTop, varTop + 1);
  varTo = grown<i32>(varTo, varTop, varTop + 1);
  unchecked((varAtom[varTop] = atom));
  unchecked((varIsOr[varTop] = isOr));
  unchecked((varFrom[varTop] = from));
  unchecked((varTo[varTop] = to));
  varTop++;
}

function addModule(m: i32): void {
  modules = grown<i32>(modules, moduleTop, moduleTop + 1);
  unchecked((modules[moduleTop++] = m));
}

function eventVariableOf(e: i32, slot: u32, variableBase: i32): i32 {
  if (unchecked(eventVariableStamp[e]) === slot) return unchecked(eventVariable[e]);
  const v = varTop - variableBase;
  unchecked((eventVariableStamp[e] = slot));
  unchecked((eventVariable[e] = v));
  addVariable(e, 0, 0, 0);
  return v;
}

function moduleVariableOf(m: i32, slot: u32, variableBase: i32): i32 {
  if (unchecked(moduleVariableStamp[m]) === slot) return unchecked(moduleVariable[m]);
  const v = varTop - variableBase;
  unchecked((moduleVariableStamp[m] = slot));
  unchecked((moduleVariable[m] = v));
  addVariable(-1 - m, 0, 0, 0);
  addModule(m);
  return v;
}

/** Makes the top frame the plan being computed. */
function enterTopFrame(): void {
  const f = (frameCount - 1) * FRAME;
  vBase = unchecked(frames[f]);
  vCount = varTop - vBase;
  gBase = unchecked(frames[f + 2]);
  gCount = planGateTop - gBase;
  mBase = unchecked(frames[f + 5]);
  mCount = moduleTop - mBase;
}

function popFrame(): void {
  const f = --frameCount * FRAME;
  varTop = unchecked(frames[f]);
  memberTop = unchecked(frames[f + 1]);
  planGateTop = unchecked(frames[f + 2]);
  gateVarTop = unchecked(frames[f + 3]);
  childTop = unchecked(frames[f + 4]);
  moduleTop = unchecked(frames[f + 5]);
}

// ---- Figures.

/** Computes the figures of a gate's tree, its modules' first; the outcome: FIGURES or why unavailable. */
export function figures(root: i32): i32 {
  // Frames: gate, whether its plan is made (it is then the top plan frame).
  let sp = 0;
  unchecked((figuresStack[sp++] = root));
  unchecked((figuresStack[sp++] = 0));
  while (sp > 0) {
    const gate = unchecked(figuresStack[sp - 2]);
    if (unchecked(status[gate]) !== NONE) {
      sp -= 2;
      continue;
    }
    if (unchecked(figuresStack[sp - 1]) === 0) {
      plan(gate);
      unchecked((figuresStack[sp - 1] = 1));
    }
    enterTopFrame();
    let pending = false;
    for (let i = mBase; i < mBase + mCount; i++) {
      const m = unchecked(modules[i]);
      if (unchecked(status[m]) !== NONE) continue;
      figuresStack = grown<i32>(figuresStack, sp, sp + 2);
      unchecked((figuresStack[sp++] = m));
      unchecked((figuresStack[sp++] = 0));
      pending = true;
    }
    if (pending) continue;
    quantify(gate);
    trees++;
    popFrame();
    sp -= 2;
  }
  return unchecked(status[root]);
}

/** Probability of the plan variable `v` into the value arrays (constant ones become terminals in the diagram). */
function variableValue(v: i32): void {
  const atom = unchecked(varAtom[vBase + v]);
  if (atom === GROUP) {
    const from = unchecked(varFrom[vBase + v]);
    const n = unchecked(varTo[vBase + v]) - from;
    ensureClosed(n);
    for (let i = 0; i < n; i++) atomValue(unchecked(members[from + i]), i);
    const p = closedForm(unchecked(varIsOr[vBase + v]) !== 0, n, closedDerivative);
    unchecked((valueProbability[v] = p));
    unchecked((valueConstant[v] = closedConstant ? 1 : 0));
  } else if (atom >= 0) {
    unchecked((valueProbability[v] = eventProbability[atom]));
    unchecked((valueConstant[v] = 0));
  } else {
    unchecked((valueProbability[v] = outcomeProbability[-1 - atom]));
    unchecked((valueConstant[v] = outcomeConstant[-1 - atom]));
  }
}

/** An atom's probability and constancy as closed-form input `i`. */
function atomValue(atom: i32, i: i32): void {
  if (atom >= 0) {
    unchecked((closedInputs[i] = eventProbability[atom]));
    unchecked((closedInputConstant[i] = 0));
  } else {
    unchecked((closedInputs[i] = outcomeProbability[-1 - atom]));
    unchecked((closedInputConstant[i] = outcomeConstant[-1 - atom]));
  }
}

function ensureClosed(n: i32): void {
  if (n <= closedInputs.length) return;
  closedInputs = new StaticArray<f64>(n * 2);
  closedInputConstant = new StaticArray<u8>(n * 2);
  closedDerivative = new StaticArray<f64>(n * 2);
  groupDerivative = new StaticArray<f64>(n * 2);
  groupLive = new StaticArray<i32>(n * 2);
  factors = new StaticArray<f64>(n * 2);
}

/**
 * OR or AND of the `n` independent closed-form inputs: the probability (closedConstant: whether no
 * input changes it), and ∂P/∂(input) of each into `derivative` (0 for constant ones). Products leave
 * out the input itself, without division, so 0 and 1 are exact.
 */
function closedForm(isOr: bool, n: i32, derivative: StaticArray<f64>): f64 {
  // In terms of the factors of the product: OR multiplies (1 - p), AND multiplies p.
  const absorbing: f64 = isOr ? 1 : 0;
  let live = 0;
  for (let i = 0; i < n; i++) {
    const p = unchecked(closedInputs[i]);
    if (!unchecked(closedInputConstant[i])) live++;
    else if (p === absorbing) {
      for (let j = 0; j < n; j++) unchecked((derivative[j] = 0));
      closedConstant = true;
      return absorbing;
    }
    unchecked((factors[i] = isOr ? 1 - p : p));
  }
  const product = productsOfOthers(factors, n, derivative, 1);
  for (let i = 0; i < n; i++) if (unchecked(closedInputConstant[i])) unchecked((derivative[i] = 0));
  closedConstant = live === 0;
  return isOr ? 1 - product : product;
}

/** The outcome of `root` from its plan (the top frame), whose modules all have theirs. */
function quantify(root: i32): void {
  for (let i = mBase; i < mBase + mCount; i++) {
    const s = unchecked(status[modules[i]]);
    if (s !== FIGURES) {
      unchecked((status[root] = s));
      return;
    }
  }
  if (vCount > valueProbability.length) {
    valueProbability = new StaticArray<f64>(vCount * 2);
    valueConstant = new StaticArray<u8>(vCount * 2);
  }
  for (let v = 0; v < vCount; v++) variableValue(v);
  const rootGate = gBase + gCount - 1;
  if (gCount === 1 && unchecked(planChildTo[rootGate]) === unchecked(planChildFrom[rootGate])) {
    // One gate over independent variables: closed form.
    const from = unchecked(planVarFrom[rootGate]);
    const n = unchecked(planVarTo[rootGate]) - from;
    ensureClosed(n);
    for (let i = 0; i < n; i++) {
      const v = unchecked(gateVars[from + i]);
      unchecked((closedInputs[i] = valueProbability[v]));
      unchecked((closedInputConstant[i] = valueConstant[v]));
    }
    const p = closedForm(unchecked(planIsOr[rootGate]) !== 0, n, closedDerivative);
    assemble(root, p, closedConstant, gateVars, from, n, closedDerivative);
    return;
  }
  diagrams++;
  // Most trees: a small diagram first; past it, the clauses; past their limits, the diagram
  // again, resumed with the full budget. Many copies meeting in shared events (an AND over many
  // variables): the clauses first; the diagram's variable order is only worked out if they fail.
  // A budget no larger than the small diagram's is the diagram's alone.
  const small = min(smallDiagram, maxNodes);
  const countFirst = small < maxNodes && unchecked(planIsOr[rootGate]) === 0 && vCount > COUNT_FIRST_VARIABLES;
  if (countFirst && countedFrom(root)) return;
  variableOrder();
  resetDiagram(0, min(vCount * 8, 1 << 16));
  resultCount = 0;
  if (small === maxNodes) {
    fromDiagram(root, buildDiagram(small));
    return;
  }
  let top = countFirst ? -1 : buildDiagram(small);
  if (top < 0) {
    if (!countFirst && countedFrom(root)) return;
    top = buildDiagram(maxNodes);
  }
  fromDiagram(root, top);
}

/**
 * The variable order of the plan's diagram into `order` (and `levelOf`): depth first from the
 * root, each gate's variables before its sub-gates, the most shared first in both. Variables that meet in a gate sit close
 * together, and a variable many gates test sits above them; on the benchmark inventories this
 * builds the large diagrams in half the apply steps of the order of first appearance.
 */
function variableOrder(): void {
  if (vCount > order.length) {
    order = new StaticArray<i32>(vCount * 2);
    levelOf = new StaticArray<i32>(vCount * 2);
    readers = new StaticArray<i32>(vCount * 2);
    placed = new StaticArray<u8>(vCount * 2);
  }
  if (gCount > parentCount.length) {
    parentCount = new StaticArray<i32>(gCount * 2);
    visited = new StaticArray<u8>(gCount * 2);
    orderStack = new StaticArray<i32>(gCount * 2);
  }
  memory.fill(changetype<usize>(readers), 0, <usize>vCount << 2);
  memory.fill(changetype<usize>(placed), 0, <usize>vCount);
  memory.fill(changetype<usize>(parentCount), 0, <usize>gCount << 2);
  memory.fill(changetype<usize>(visited), 0, <usize>gCount);
  for (let g = gBase; g < gBase + gCount; g++) {
    for (let j = unchecked(planVarFrom[g]), end = unchecked(planVarTo[g]); j < end; j++) {
      const v = unchecked(gateVars[j]);
      unchecked((readers[v] = readers[v] + 1));
    }
    for (let j = unchecked(planChildFrom[g]), end = unchecked(planChildTo[g]); j < end; j++) {
      const c = unchecked(children[j]);
      unchecked((parentCount[c] = parentCount[c] + 1));
    }
  }
  let next = 0;
  let sp = 0;
  unchecked((orderStack[sp++] = gCount - 1));
  while (sp > 0) {
    const g = unchecked(orderStack[--sp]);
    if (unchecked(visited[g])) continue;
    unchecked((visited[g] = 1));
    const varsFrom = unchecked(planVarFrom[gBase + g]);
    const n = unchecked(planVarTo[gBase + g]) - varsFrom;
    ensureSorted(n);
    for (let i = 0; i < n; i++) unchecked((sorted[i] = gateVars[varsFrom + i]));
    mergeSort(sorted, 0, n, sortBuffer, 0, moreReaders);
    for (let i = 0; i < n; i++) {
      const v = unchecked(sorted[i]);
      if (unchecked(placed[v])) continue;
      unchecked((placed[v] = 1));
      unchecked((order[next++] = v));
    }
    // Pushed in reverse, so the most shared sub-gate is visited first.
    const childFrom = unchecked(planChildFrom[gBase + g]);
    const childEnd = unchecked(planChildTo[gBase + g]);
    ensureSorted(childEnd - childFrom);
    let m = 0;
    for (let j = childFrom; j < childEnd; j++) {
      const c = unchecked(children[j]);
      if (!unchecked(visited[c])) unchecked((sorted[m++] = c));
    }
    mergeSort(sorted, 0, m, sortBuffer, 0, fewerParents);
    orderStack = grown<i32>(orderStack, sp, sp + m);
    for (let i = 0; i < m; i++) unchecked((orderStack[sp++] = sorted[i]));
  }
  for (let v = 0; v < vCount; v++) if (!unchecked(placed[v])) unchecked((order[next++] = v));
  for (let level = 0; level < vCount; level++) unchecked((levelOf[order[level]] = level));
}

function ensureSorted(n: i32): void {
  if (n <= sorted.length) return;
  sorted = new StaticArray<i32>(n * 2);
  sortBuffer = new StaticArray<i32>(n * 2);
}

/** Variables read by more gates first, then by number. */
function moreReaders(a: i32, b: i32): bool {
  const ra = unchecked(readers[a]);
  const rb = unchecked(readers[b]);
  return ra > rb || (ra === rb && a < b);
}

/** Sub-gates with fewer parents first, then the higher number (they are pushed, and popped in reverse). */
function fewerParents(a: i32, b: i32): bool {
  const pa = unchecked(parentCount[a]);
  const pb = unchecked(parentCount[b]);
  return pa < pb || (pa === pb && a > b);
}

/**
 * The plan's diagram built gate by gate within `limit` nodes, resuming where an earlier call over
 * its budget stopped (the gates it finished and the nodes it made are kept): its root, or -1 when
 * the diagram needs more.
 */
function buildDiagram(limit: f64): i32 {
  raiseLimit(limit);
  if (gCount > results.length) results = new StaticArray<i32>(gCount * 2);
  for (let g = resultCount; g < gCount; g++) {
    const pg = gBase + g;
    const isOr = unchecked(planIsOr[pg]) !== 0;
    const varsFrom = unchecked(planVarFrom[pg]);
    const varsEnd = unchecked(planVarTo[pg]);
    const childFrom = unchecked(planChildFrom[pg]);
    const childEnd = unchecked(planChildTo[pg]);
    gateLevels = grown<i32>(gateLevels, 0, varsEnd - varsFrom);
    gateInputs = grown<i32>(gateInputs, 0, varsEnd - varsFrom + childEnd - childFrom + 1);
    let levels = 0;
    // Slot 0 is kept for the chain of the gate's variables.
    let inputs = 1;
    for (let j = varsFrom; j < varsEnd; j++) {
      const v = unchecked(gateVars[j]);
      if (unchecked(valueConstant[v])) unchecked((gateInputs[inputs++] = valueProbability[v] === 1 ? TRUE_NODE : FALSE_NODE));
      else unchecked((gateLevels[levels++] = levelOf[v]));
    }
    for (let j = childFrom; j < childEnd; j++) unchecked((gateInputs[inputs++] = results[children[j]]));
    let first = 1;
    if (levels > 0) {
      copyToScratch(gateLevels, 0, levels);
      const f = chain(isOr, levels);
      if (f < 0) return -1;
      unchecked((gateInputs[0] = f));
      first = 0;
    }
    copyToScratch(gateInputs, first, inputs - first);
    const r = applyAll(isOr, inputs - first);
    if (r < 0) return -1;
    unchecked((results[resultCount++] = r));
  }
  return unchecked(results[gCount - 1]);
}

/** items[from..from + n) where the diagram's chain() and applyAll() read their inputs. */
function copyToScratch(items: StaticArray<i32>, from: i32, n: i32): void {
  memory.copy(scratchPointer(n), changetype<usize>(items) + (<usize>from << 2), <usize>n << 2);
}

/** The outcome of `root` from its diagram's root node; unavailable when the diagram outgrew the budget (top -1). */
function fromDiagram(root: i32, top: i32): void {
  if (top < 0) {
    unchecked((status[root] = OVER_DIAGRAM_BUDGET));
    return;
  }
  const nodes = diagramSize();
  largestDiagram = max(largestDiagram, nodes);
  const levelProbability = levelProbabilityPointer(vCount);
  for (let level = 0; level < vCount; level++) store<f64>(levelProbability + (<usize>level << 3), unchecked(valueProbability[order[level]]));
  const nodeProbability = probabilities();
  const total = load<f64>(nodeProbability + (<usize>top << 3));
  if (top === TRUE_NODE || top === FALSE_NODE) {
    constantOutcome(root, total);
    return;
  }
  // Birnbaum importance of every level the root depends on, in the order one top-down pass meets them.
  const found = reachable(top);
  const reached = scratchPointer(0);
  const levelOfNode = levelPointer();
  const lowOf = lowPointer();
  const highOf = highPointer();
  if (nodes > reach.length) reach = new StaticArray<f64>(nodes * 2);
  if (vCount > byLevel.length) {
    byLevel = new StaticArray<f64>(vCount * 2);
    seenLevel = new StaticArray<u8>(vCount * 2);
    treeVariables = new StaticArray<i32>(vCount * 2);
    treeDerivatives = new StaticArray<f64>(vCount * 2);
  }
  memory.fill(changetype<usize>(reach), 0, <usize>nodes << 3);
  memory.fill(changetype<usize>(byLevel), 0, <usize>vCount << 3);
  memory.fill(changetype<usize>(seenLevel), 0, <usize>vCount);
  let levels = 0;
  unchecked((reach[top] = 1));
  for (let i = 0; i < found; i++) {
    const n = load<i32>(reached + (<usize>i << 2));
    const r = unchecked(reach[n]);
    const level = load<i32>(levelOfNode + (<usize>n << 2));
    const q = load<f64>(levelProbability + (<usize>level << 3));
    const lo = load<i32>(lowOf + (<usize>n << 2));
    const hi = load<i32>(highOf + (<usize>n << 2));
    if (!unchecked(seenLevel[level])) {
      unchecked((seenLevel[level] = 1));
      unchecked((treeVariables[levels++] = level));
    }
    unchecked((byLevel[level] = byLevel[level] + r * (load<f64>(nodeProbability + (<usize>hi << 3)) - load<f64>(nodeProbability + (<usize>lo << 3)))));
    unchecked((reach[hi] = reach[hi] + r * q));
    unchecked((reach[lo] = reach[lo] + r * (1 - q)));
  }
  for (let i = 0; i < levels; i++) {
    const level = unchecked(treeVariables[i]);
    unchecked((treeDerivatives[i] = byLevel[level]));
    unchecked((treeVariables[i] = order[level]));
  }
  assemble(root, total, false, treeVariables, 0, levels, treeDerivatives);
}

/**
 * The outcome of `root` counted from its clauses (by JavaScript: the `count` import): whether it
 * is decided (figures, or unavailable when counting outgrew its budget). Not when the clauses
 * are too many to start, or the tree too deep to count: the diagram decides, with the whole budget.
 */
function countedFrom(root: i32): bool {
  if (vCount > MAX_COUNTED_VARIABLES) return false;
  ctIsAnd = grown<i32>(ctIsAnd, 0, gCount);
  ctVariablesAt = grown<i32>(ctVariablesAt, 0, gCount + 1);
  ctChildrenAt = grown<i32>(ctChildrenAt, 0, gCount + 1);
  let variables = 0;
  let childInputs = 0;
  for (let g = 0; g < gCount; g++) {
    const pg = gBase + g;
    unchecked((ctIsAnd[g] = planIsOr[pg] !== 0 ? 0 : 1));
    unchecked((ctVariablesAt[g] = variables));
    unchecked((ctChildrenAt[g] = childInputs));
    const varsFrom = unchecked(planVarFrom[pg]);
    const varsEnd = unchecked(planVarTo[pg]);
    const childFrom = unchecked(planChildFrom[pg]);
    const childEnd = unchecked(planChildTo[pg]);
    ctVariables = grown<i32>(ctVariables, variables, variables + varsEnd - varsFrom);
    ctChildren = grown<i32>(ctChildren, childInputs, childInputs + childEnd - childFrom);
    for (let j = varsFrom; j < varsEnd; j++) unchecked((ctVariables[variables++] = gateVars[j]));
    for (let j = childFrom; j < childEnd; j++) unchecked((ctChildren[childInputs++] = children[j]));
  }
  unchecked((ctVariablesAt[gCount] = variables));
  unchecked((ctChildrenAt[gCount] = childInputs));
  const result = countClauses(vCount, gCount);
  if (result === DIAGRAM_DECIDES) return false;
  if (result === COUNT_UNAVAILABLE) {
    unchecked((status[root] = OVER_COUNT_BUDGET));
    return true;
  }
  fromClauses++;
  if (countedConstant) constantOutcome(root, countedProbability);
  else assemble(root, countedProbability, false, countedVariables, 0, countedLength, countedDerivatives);
  return true;
}

/** Where the clause tree handed to count() is: gates' AND flags, variable ranges and variables, child ranges and children. */
export function ctIsAndPointer(): usize {
  return changetype<usize>(ctIsAnd);
}
export function ctVariablesAtPointer(): usize {
  return changetype<usize>(ctVariablesAt);
}
export function ctVariablesPointer(): usize {
  return changetype<usize>(ctVariables);
}
export function ctChildrenAtPointer(): usize {
  return changetype<usize>(ctChildrenAt);
}
export function ctChildrenPointer(): usize {
  return changetype<usize>(ctChildren);
}
/** The tree's variables: probabilities, and which are constant (1). */
export function valueProbabilityPointer(): usize {
  return changetype<usize>(valueProbability);
}
export function valueConstantPointer(): usize {
  return changetype<usize>(valueConstant);
}

/** Room for `n` counted variables and their derivatives (then countedVariablesPointer, countedDerivativesPointer). */
export function countedRoom(n: i32): void {
  if (n > countedVariables.length) {
    countedVariables = new StaticArray<i32>(n);
    countedDerivatives = new StaticArray<f64>(n);
  }
}
export function countedVariablesPointer(): usize {
  return changetype<usize>(countedVariables);
}
export function countedDerivativesPointer(): usize {
  return changetype<usize>(countedDerivatives);
}

/** The count's figures: its probability, whether constant, its circuit's size, how many derivatives were written. */
export function setCounted(probability: f64, constant: bool, nodes: i32, n: i32): void {
  countedProbability = probability;
  countedConstant = constant;
  countedLength = n;
  largestDiagram = max(largestDiagram, nodes);
}

function constantOutcome(root: i32, probability: f64): void {
  unchecked((status[root] = FIGURES));
  unchecked((outcomeProbability[root] = probability));
  unchecked((outcomeConstant[root] = 1));
  unchecked((outcomeLength[root] = 0));
}

/**
 * The outcome of `root` from its probability and ∂P/∂(variable) of the plan variables it depends
 * on (`derivatives[i]` for `variables[from + i]`): the chain rule takes each into the events below it.
 */
function assemble(root: i32, probability: f64, constant: bool, variables: StaticArray<i32>, from: i32, n: i32, derivatives: StaticArray<f64>): void {
  if (constant) {
    constantOutcome(root, probability);
    return;
  }
  assembledCount = 0;
  const s = ++stamp;
  for (let i = 0; i < n; i++) {
    const v = unchecked(variables[from + i]);
    if (unchecked(valueConstant[v])) continue;
    const atom = unchecked(varAtom[vBase + v]);
    if (atom === GROUP) addGroup(v, unchecked(derivatives[i]), s);
    else addAtom(atom, unchecked(derivatives[i]), s);
  }
  outcomeEvents = grown<i32>(outcomeEvents, outcomeTop, outcomeTop + assembledCount);
  if (withImportance) outcomeBirnbaum = grown<f64>(outcomeBirnbaum, outcomeTop, outcomeTop + assembledCount);
  for (let i = 0; i < assembledCount; i++) {
    const e = unchecked(assembled[i]);
    unchecked((outcomeEvents[outcomeTop + i] = e));
    if (withImportance) unchecked((outcomeBirnbaum[outcomeTop + i] = sum[e]));
  }
  unchecked((status[root] = FIGURES));
  unchecked((outcomeProbability[root] = probability));
  unchecked((outcomeConstant[root] = 0));
  unchecked((outcomeAt[root] = outcomeTop));
  unchecked((outcomeLength[root] = assembledCount));
  outcomeTop += assembledCount;
}

/** Adds `value` · ∂(group)/∂(member) to each member of a merged variable that is not constant. */
function addGroup(v: i32, value: f64, s: u32): void {
  const from = unchecked(varFrom[vBase + v]);
  const end = unchecked(varTo[vBase + v]);
  ensureClosed(end - from);
  let live = 0;
  for (let j = from; j < end; j++) {
    const atom = unchecked(members[j]);
    atomValue(atom, live);
    if (unchecked(closedInputConstant[live])) continue;
    unchecked((groupLive[live++] = atom));
  }
  closedForm(unchecked(varIsOr[vBase + v]) !== 0, live, groupDerivative);
  for (let i = 0; i < live; i++) addAtom(unchecked(groupLive[i]), value * unchecked(groupDerivative[i]), s);
}

/** Adds `value` · ∂(atom)/∂(event) to each event of an atom: the event itself, or those of a module. */
function addAtom(atom: i32, value: f64, s: u32): void {
  if (atom >= 0) {
    addEvent(atom, s);
    unchecked((sum[atom] = sum[atom] + value));
    return;
  }
  const m = -1 - atom;
  const at = unchecked(outcomeAt[m]);
  const n = unchecked(outcomeLength[m]);
  for (let i = 0; i < n; i++) {
    const e = unchecked(outcomeEvents[at + i]);
    addEvent(e, s);
    if (withImportance) unchecked((sum[e] = sum[e] + value * outcomeBirnbaum[at + i]));
  }
}

/** Lists the event the first time this assembly (stamped `s`) meets it, with a sum of 0. */
function addEvent(e: i32, s: u32): void {
  if (unchecked(sumStamp[e]) !== s) {
    unchecked((sumStamp[e] = s));
    unchecked((sum[e] = 0));
    assembled = grown<i32>(assembled, assembledCount, assembledCount + 1);
    unchecked((assembled[assembledCount++] = e));
  }
}

// ---- The importance list of an outcome (probability.ts describes it): P(loss | event impossible)
// of each event, and the list's order, by that figure at 40 bits of precision, then by event number.

/** P(loss | event impossible) / P(loss) below which the loss needs the event (rounding noise): 0. */
const NECESSARY_BELOW: f64 = 1e-12;
/** 2^-1000: figures from here up have the 12 low bits that rounding to 40 bits clears. */
const SMALLEST_KEY: f64 = reinterpret<f64>(<u64>(1023 - 1000) << 52);
let without: StaticArray<f64> = new StaticArray<f64>(256);
let importanceKey: StaticArray<f64> = new StaticArray<f64>(256);
let importanceEvent: StaticArray<i32> = new StaticArray<i32>(256);
let importanceOrder: StaticArray<i32> = new StaticArray<i32>(256);
let importanceBuffer: StaticArray<i32> = new StaticArray<i32>(256);

/**
 * P(loss | event impossible) of each event of the gate's outcome (`total` its probability) into
 * withoutPointer(), and the order of its importance list into importanceOrderPointer(): how many
 * events; -1 when a figure below 2^-1000 has no room for rounding on its bits (JavaScript's
 * importanceOrder() then sorts them).
 */
export function rankImportance(gate: i32, total: f64): i32 {
  const n = unchecked(outcomeLength[gate]);
  const at = unchecked(outcomeAt[gate]);
  if (n > without.length) {
    without = new StaticArray<f64>(n * 2);
    importanceKey = new StaticArray<f64>(n * 2);
    importanceEvent = new StaticArray<i32>(n * 2);
    importanceOrder = new StaticArray<i32>(n * 2);
    importanceBuffer = new StaticArray<i32>(n * 2);
  }
  for (let i = 0; i < n; i++) {
    const e = unchecked(outcomeEvents[at + i]);
    const difference = total - unchecked(eventProbability[e]) * unchecked(outcomeBirnbaum[at + i]);
    const w: f64 = difference > total * NECESSARY_BELOW ? difference : 0;
    if (w !== 0 && !(w >= SMALLEST_KEY && w < Infinity)) return -1;
    unchecked((without[i] = w));
    // Rounded to 40 significant bits: half of the 12th-lowest bit added, the 12 lowest cleared.
    unchecked((importanceKey[i] = w === 0 ? 0 : reinterpret<f64>((reinterpret<u64>(w) + 0x800) & ~(<u64>0xfff))));
    unchecked((importanceEvent[i] = e));
    unchecked((importanceOrder[i] = i));
  }
  mergeSort(importanceOrder, 0, n, importanceBuffer, 0, rankedBefore);
  return n;
}

/** By the rounded figure, then by event number. */
function rankedBefore(a: i32, b: i32): bool {
  const ka = unchecked(importanceKey[a]);
  const kb = unchecked(importanceKey[b]);
  return ka < kb || (ka === kb && unchecked(importanceEvent[a]) < unchecked(importanceEvent[b]));
}

export function withoutPointer(): usize {
  return changetype<usize>(without);
}
export function importanceOrderPointer(): usize {
  return changetype<usize>(importanceOrder);
}

// ---- Reading an outcome (figures() returned FIGURES).

export function outcomeProbabilityOf(gate: i32): f64 {
  return unchecked(outcomeProbability[gate]);
}
export function outcomeIsConstant(gate: i32): bool {
  return unchecked(outcomeConstant[gate]) !== 0;
}
export function outcomeLengthOf(gate: i32): i32 {
  return unchecked(outcomeLength[gate]);
}
/** Where the outcome's events are (outcomeLengthOf of them). */
export function outcomeEventsPointer(gate: i32): usize {
  return changetype<usize>(outcomeEvents) + (<usize>unchecked(outcomeAt[gate]) << 2);
}
/** Where the outcome's ∂P/∂p of each event is (with importance only). */
export function outcomeBirnbaumPointer(gate: i32): usize {
  return changetype<usize>(outcomeBirnbaum) + (<usize>unchecked(outcomeAt[gate]) << 3);
}

/** Work done: trees computed, diagrams needed, of those computed from clauses, the largest diagram or circuit. */
export function treesComputed(): i32 {
  return trees;
}
export function diagramsNeeded(): i32 {
  return diagrams;
}
export function treesCounted(): i32 {
  return fromClauses;
}
export function largestDiagramSize(): i32 {
  return largestDiagram;
}
