// The fault graph as JSON: events, gates with their inputs by id, and one top gate per data set.
import type { Inventory } from '../inventory/types.js';
import { describeEvent } from '../model/describe.js';
import type { FaultGraph } from '../model/types.js';
import { jsonSafe } from './sanitize.js';

export function graphToJson(graph: FaultGraph, inv: Inventory): string {
  const document = {
    version: 1,
    events: graph.events.map((e) => ({ id: e.id, kind: e.kind, subject: e.subject, description: describeEvent(e, inv) })),
    gates: graph.gates.map((g) => ({
      id: g.id,
      op: g.op,
      inputs: [...g.events.map((e) => graph.events[e]!.id), ...g.gates.map((x) => graph.gates[x]!.id)],
    })),
    datasets: graph.dataSets.map((d) => ({
      id: d.id,
      gate: graph.gates[d.gate]!.id,
      primary: graph.gates[d.primary]!.id,
      copies: d.copies.map((c) => ({ backup: c.backup, gate: graph.gates[c.gate]!.id })),
    })),
  };
  return `${jsonSafe(JSON.stringify(document, null, 2))}\n`;
}
