// Single failures: the basic events that alone make a part of the fault graph fail. Rules use them
// to say which event two things share, e.g. a backup's key and the primary copy it protects.
import type { FaultGraph } from '../model/types.js';

const perGraph = new WeakMap<FaultGraph, ReadonlySet<string>[]>();

/** For every gate of the graph, the event ids that alone fail it (an OR unites, an AND intersects). */
export function gateSingles(graph: FaultGraph): ReadonlySet<string>[] {
  const known = perGraph.get(graph);
  if (known) return known;
  const singles: ReadonlySet<string>[] = [];
  for (const gate of graph.gates) {
    const inputs: ReadonlySet<string>[] = [
      ...gate.events.map((e) => new Set([graph.events[e]!.id])),
      ...gate.gates.map((g) => singles[g]!),
    ];
    if (gate.op === 'or') {
      singles[gate.index] = new Set(inputs.flatMap((s) => [...s]));
    } else {
      const [first, ...rest] = inputs;
      singles[gate.index] = new Set([...(first ?? [])].filter((e) => rest.every((s) => s.has(e))));
    }
  }
  perGraph.set(graph, singles);
  return singles;
}

/** Single failures of the gate with this id; the empty set if the graph has no such gate. */
export function singlesOfGate(graph: FaultGraph, gateId: string): ReadonlySet<string> {
  const index = graph.gateIndex.get(gateId);
  return index === undefined ? new Set() : gateSingles(graph)[index]!;
}

/** Single failures of any entity of the inventory: what alone makes it fail. */
export function singlesOfEntity(graph: FaultGraph, id: string): ReadonlySet<string> {
  const failure = graph.failureOf.get(id);
  if (failure === undefined) return new Set();
  return 'event' in failure ? new Set([graph.events[failure.event]!.id]) : gateSingles(graph)[failure.gate]!;
}

/** Events in both sets, sorted. */
export function shared(a: ReadonlySet<string>, b: ReadonlySet<string>): string[] {
  return [...a].filter((e) => b.has(e)).sort();
}
