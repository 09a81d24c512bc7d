// A scene written as a Mermaid flowchart: clusters as nested subgraphs, arrows without labels
// (solid: backup, thick: replica, dotted: a dependency, whose own label says what it is; the
// report's legend says the rest), single points of failure red. Ids are generated (`n0`, `n1`, …) for nodes and subgraphs alike, so no
// inventory id can collide with Mermaid syntax; every label goes through mermaidLabel.
import { mermaidLabel } from '../mermaid.js';
import type { NodeShape, Scene, SceneCluster, SceneEdge } from './scene.js';

const SHAPE: Record<NodeShape, (label: string) => string> = {
  primary: (l) => `[(${l})]`,
  copy: (l) => `[${l}]`,
  target: (l) => `[${l}]`,
  identity: (l) => `([${l}])`,
  payment: (l) => `{{${l}}}`,
  other: (l) => `>${l}]`,
};

const ARROW: Record<SceneEdge['kind'], string> = { backup: '-->', replica: '==>', dependency: '-.->' };

const RED = 'fill:#fde8e8,stroke:#c0392b,stroke-width:3px,color:#5c0f0b';
const RED_CLUSTER = 'fill:#fff5f5,stroke:#c0392b,stroke-width:3px';

/**
 * Room between a subgraph's title and its contents (Mermaid's own configuration, in the diagram's
 * front matter, which GitHub honours too); titles sit at the very top, clear of nested borders.
 */
export const FRONTMATTER = ['---', 'config:', '  flowchart:', '    subGraphTitleMargin:', '      top: 0', '      bottom: 24', '---'];

export interface Flowchart {
  source: string;
  nodes: number;
  clusters: number;
  edges: number;
}

export function flowchart(scene: Scene): Flowchart {
  const ids = new Map<string, string>();
  const idOf = (key: string): string => {
    let id = ids.get(key);
    if (id === undefined) {
      id = `n${ids.size}`;
      ids.set(key, id);
    }
    return id;
  };
  const lines = [...FRONTMATTER, 'flowchart LR'];
  const red: string[] = [];
  const redClusters: string[] = [];
  let clusters = 0;
  const writeNode = (key: string, indent: string) => {
    const node = scene.nodes.get(key)!;
    const id = idOf(key);
    lines.push(`${indent}${id}${SHAPE[node.shape](mermaidLabel(...node.lines.filter((l) => l !== '')))}`);
    if (node.spof) red.push(id);
  };
  const writeCluster = (cluster: SceneCluster, indent: string) => {
    clusters++;
    const id = idOf(cluster.key);
    lines.push(`${indent}subgraph ${id}[${mermaidLabel(...cluster.title)}]`);
    for (const key of cluster.nodes) writeNode(key, `${indent}  `);
    for (const inner of cluster.clusters) writeCluster(inner, `${indent}  `);
    lines.push(`${indent}end`);
    if (cluster.spof) redClusters.push(id);
  };
  for (const cluster of scene.clusters) writeCluster(cluster, '  ');
  for (const key of scene.loose) writeNode(key, '  ');
  for (const edge of scene.edges) {
    lines.push(`  ${idOf(edge.from)} ${ARROW[edge.kind]} ${idOf(edge.to)}`);
  }
  if (red.length > 0) lines.push(`  classDef spof ${RED}`, `  class ${red.join(',')} spof`);
  for (const id of redClusters) lines.push(`  style ${id} ${RED_CLUSTER}`);
  return { source: `${lines.join('\n')}\n`, nodes: scene.nodes.size, clusters, edges: scene.edges.length };
}
