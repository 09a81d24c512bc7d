// Formats of `bcaudit graph`, by name: the fault graph for tools (JSON, MEF, DOT), and where the
// copies live for people (Mermaid).
import type { Inventory } from '../inventory/types.js';
import type { FaultGraph } from '../model/types.js';
import type { GraphFormat } from './formatNames.js';
import { copiesMermaid } from './diagram/copiesDiagrams.js';
import { toDot } from './dot.js';
import { graphToJson } from './graphJson.js';
import { toMef } from './mef.js';

/** The policy's likelihood of every event, for formats that carry probabilities (MEF). */
export interface GraphProbabilities {
  policy: string;
  eventProbability: ReadonlyMap<string, number>;
}

export const GRAPH_FORMATS = {
  json: (graph: FaultGraph, inv: Inventory) => graphToJson(graph, inv),
  mef: (graph: FaultGraph, inv: Inventory, probabilities?: GraphProbabilities) =>
    toMef(graph, { ...(inv.name === undefined ? {} : { name: inv.name }), ...(probabilities ?? {}) }),
  // Mermaid is for people: where the copies live, the report's diagram (the fault tree is in the other formats).
  mermaid: (graph: FaultGraph, inv: Inventory) => copiesMermaid(graph, inv),
  dot: (graph: FaultGraph, inv: Inventory) => toDot(graph, inv),
} satisfies Record<GraphFormat, (graph: FaultGraph, inv: Inventory, probabilities?: GraphProbabilities) => string>;
