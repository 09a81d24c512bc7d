// Modules of a fault tree (Dutuit & Rauzy's linear-time algorithm, as SCRAM's preprocessing uses
// it): a gate is a module of a root when nothing below it is reachable from the root except
// through it. A module is independent of the rest of the root's tree, so its probability can be
// computed on its own and stand in for it as one variable (probability.ts). Pure.
//
// One depth-first walk from the root stamps each gate's entry and exit time and each node's first
// and last visit; a gate is a module when every node below it is first and last visited between
// its entry and exit. The walk counts each node's parents too: an event or module under a single
// gate is private to that gate.

/** A gate's inputs, as the walk needs them (FaultGraph gates, or a virtual gate over several). */
export interface GateInputs {
  op: 'and' | 'or';
  events: readonly number[];
  gates: readonly number[];
}

/** Reusable scratch over one graph: `detect(root)`, then the queries, until the next `detect`. */
export class ModuleFinder {
  private readonly enter: Int32Array;
  private readonly exit: Int32Array;
  /** Last time a gate was visited: its exit, or a later visit from another parent. */
  private readonly gateLast: Int32Array;
  private readonly gateCount: Int32Array;
  private readonly module: Uint8Array;
  private readonly eventFirst: Int32Array;
  private readonly eventLast: Int32Array;
  private readonly eventCount: Int32Array;
  private readonly touchedGates: number[] = [];
  private readonly touchedEvents: number[] = [];
  /** The root of the last walk (-1: none yet). */
  private root = -1;

  /** Earliest and latest visit of anything below each gate. */
  private readonly low: Int32Array;
  private readonly high: Int32Array;

  constructor(
    gateTotal: number,
    eventCountTotal: number,
    private readonly inputsOf: (gate: number) => GateInputs,
  ) {
    this.enter = new Int32Array(gateTotal);
    this.exit = new Int32Array(gateTotal);
    this.gateLast = new Int32Array(gateTotal);
    this.gateCount = new Int32Array(gateTotal);
    this.module = new Uint8Array(gateTotal);
    this.low = new Int32Array(gateTotal);
    this.high = new Int32Array(gateTotal);
    this.eventFirst = new Int32Array(eventCountTotal);
    this.eventLast = new Int32Array(eventCountTotal);
    this.eventCount = new Int32Array(eventCountTotal);
  }

  /** Walks the tree under `root`; the gates of its tree, children before parents. */
  detect(root: number): number[] {
    this.clear();
    this.root = root;
    const { enter, exit, gateLast, gateCount, eventFirst, eventLast, eventCount } = this;
    const postOrder: number[] = [];
    let time = 0;
    // Frames: gate, next input (events first, then gates).
    const stack: number[] = [root, 0];
    enter[root] = ++time;
    gateCount[root] = 1;
    this.touchedGates.push(root);
    while (stack.length > 0) {
      const top = stack.length - 2;
      const g = stack[top]!;
      const next = stack[top + 1]!;
      const inputs = this.inputsOf(g);
      if (next < inputs.events.length) {
        const e = inputs.events[next]!;
        stack[top + 1] = next + 1;
        time++;
        if (eventCount[e]!++ === 0) {
          eventFirst[e] = time;
          this.touchedEvents.push(e);
        }
        eventLast[e] = time;
        continue;
      }
      const k = next - inputs.events.length;
      if (k < inputs.gates.length) {
        const c = inputs.gates[k]!;
        stack[top + 1] = next + 1;
        if (enter[c] === 0) {
          enter[c] = ++time;
          gateCount[c] = 1;
          this.touchedGates.push(c);
          stack.push(c, 0);
        } else {
          gateLast[c] = ++time;
          gateCount[c]!++;
        }
        continue;
      }
      exit[g] = ++time;
      gateLast[g] = time;
      postOrder.push(g);
      stack.length = top;
    }
    // Earliest and latest visit below each gate, children first (their values are final by then).
    const lo = this.low;
    const hi = this.high;
    for (const g of postOrder) {
      let low = 0x7fffffff;
      let high = 0;
      const inputs = this.inputsOf(g);
      for (const e of inputs.events) {
        if (eventFirst[e]! < low) low = eventFirst[e]!;
        if (eventLast[e]! > high) high = eventLast[e]!;
      }
      for (const c of inputs.gates) {
        low = Math.min(low, enter[c]!, lo[c]!);
        high = Math.max(high, gateLast[c]!, hi[c]!);
      }
      lo[g] = low;
      hi[g] = high;
      this.module[g] = low > enter[g]! && high < exit[g]! ? 1 : 0;
    }
    return postOrder;
  }

  /**
   * Whether the last walk also answers the queries for `gate`'s own tree: `gate` is its root, or
   * a module of it. Below a module every node has all its parents inside the module (else it
   * would be reached around it), so the parent counts are the same from either root; and a gate
   * below the module is a module of one root exactly when it is of the other.
   */
  covers(gate: number): boolean {
    return gate === this.root || this.module[gate] === 1;
  }

  /** Whether a gate of the last walk's tree is a module of its root. */
  isModule(gate: number): boolean {
    return this.module[gate] === 1;
  }

  /** How many gates of the last walk's tree have this gate as an input (the root: 1). */
  gateParents(gate: number): number {
    return this.gateCount[gate]!;
  }

  /** How many gates of the last walk's tree have this event as an input. */
  eventParents(event: number): number {
    return this.eventCount[event]!;
  }

  private clear(): void {
    for (const g of this.touchedGates) {
      this.enter[g] = 0;
      this.exit[g] = 0;
      this.gateLast[g] = 0;
      this.gateCount[g] = 0;
      this.module[g] = 0;
    }
    for (const e of this.touchedEvents) this.eventCount[e] = 0;
    this.touchedGates.length = 0;
    this.touchedEvents.length = 0;
  }
}
