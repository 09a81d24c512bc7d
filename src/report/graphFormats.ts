// Formats of `bcaudit graph`, by name.
import type { Inventory } from '../inventory/types.js';
import type { FaultGraph } from '../model/types.js';
import { graphToJson } from './graphJson.js';
import { toMef } from './mef.js';

export const GRAPH_FORMATS = {
  json: (graph: FaultGraph, inv: Inventory) => graphToJson(graph, inv),
  mef: (graph: FaultGraph, inv: Inventory) => toMef(graph, inv.name === undefined ? {} : { name: inv.name }),
} satisfies Record<string, (graph: FaultGraph, inv: Inventory) => string>;

export type GraphFormat = keyof typeof GRAPH_FORMATS;
