// Single failures: the basic events that alone make a part of the fault graph fail. Rules use them
// to say which event two things share, e.g. a backup's key and the primary copy it protects.
import type { FaultGraph } from '../model/types.js';

const perGraph = new WeakMap<FaultGraph, (readonly number[])[]>();

/** For every gate, the events (ascending indices) that alone fail it: an OR unites, an AND intersects. */
function singleFailureIndices(graph: FaultGraph): (readonly number[])[] {
  const known = perGraph.get(graph);
  if (known) return known;
  const singles: (readonly number[])[] = [];
  for (const gate of graph.gates) {
    const inputs: (readonly number[])[] = [gate.events, ...gate.gates.map((g) => singles[g]!)];
    if (gate.op === 'or') {
      singles[gate.index] = [...new Set(inputs.flat())].sort((a, b) => a - b);
    } else {
      const each = [...gate.events.map((e) => [e]), ...gate.gates.map((g) => singles[g]!)];
      const [first, ...rest] = each.map((list) => new Set(list));
      singles[gate.index] = [...(first ?? [])].filter((e) => rest.every((set) => set.has(e))).sort((a, b) => a - b);
    }
  }
  perGraph.set(graph, singles);
  return singles;
}

/** The event ids that alone fail a gate. */
export function gateSingles(graph: FaultGraph, gate: number): ReadonlySet<string> {
  return new Set(singleFailureIndices(graph)[gate]!.map((e) => graph.events[e]!.id));
}

/** Single failures of the gate with this id; the empty set if the graph has no such gate. */
export function singlesOfGate(graph: FaultGraph, gateId: string): ReadonlySet<string> {
  const index = graph.gateIndex.get(gateId);
  return index === undefined ? new Set() : gateSingles(graph, index);
}

/** Single failures of any entity of the inventory: what alone makes it fail. */
export function singlesOfEntity(graph: FaultGraph, id: string): ReadonlySet<string> {
  const failure = graph.failureOf.get(id);
  if (failure === undefined) return new Set();
  return 'event' in failure ? new Set([graph.events[failure.event]!.id]) : gateSingles(graph, failure.gate);
}

/** Events in both sets, sorted. */
export function shared(a: ReadonlySet<string>, b: ReadonlySet<string>): string[] {
  return [...a].filter((e) => b.has(e)).sort();
}
