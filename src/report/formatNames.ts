// Names of the formats of commands whose formatters load only when the command runs (start-up of
// `check` pays for none of them). Each registry is checked against its list by the compiler.
export const GRAPH_FORMAT_NAMES = ['json', 'mef', 'mermaid', 'dot'] as const;
export type GraphFormat = (typeof GRAPH_FORMAT_NAMES)[number];

export const SIMULATION_FORMAT_NAMES = ['text', 'json', 'markdown'] as const;
export type SimulationFormat = (typeof SIMULATION_FORMAT_NAMES)[number];
