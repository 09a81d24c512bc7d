// Mermaid flowcharts: the fault graph (`bcaudit graph --format mermaid`) and, for the management
// report, where the copies of each data set live.
//
// Node ids are generated (`n0`, `n1`, …), never taken from the inventory, so no id can collide
// with a Mermaid keyword (`end`, `graph`, `style`…) or an edge marker. Every label is quoted and
// every character but letters, digits, spaces and `.,:/_-()'` is written as a Mermaid entity code
// (`#34;`), so no text can close the quotes, start markup or HTML, or end the fenced code block.
import type { Inventory } from '../inventory/types.js';
import { describeEvent } from '../model/describe.js';
import { evaluateGates } from '../model/simulate.js';
import type { BasicEvent, FaultGraph } from '../model/types.js';
import { plainKeepingBidi } from './sanitize.js';

const SAFE = /^[\p{L}\p{N} .,:/_()'-]$/u;

/** Text for inside a quoted Mermaid label: only letters, digits and harmless punctuation stay literal. */
export function mermaidText(text: string): string {
  let out = '';
  for (const ch of plainKeepingBidi(text)) out += SAFE.test(ch) ? ch : `#${ch.codePointAt(0)!};`;
  return out;
}

/** Longest line of a label, in characters before escaping; longer free text is cut with `…`. */
const MAX_LABEL_LINE = 200;

/** A quoted label; `lines` are joined with Mermaid line breaks. */
export function mermaidLabel(...lines: string[]): string {
  const cut = (line: string) => {
    const chars = Array.from(line);
    return chars.length > MAX_LABEL_LINE ? `${chars.slice(0, MAX_LABEL_LINE - 1).join('')}…` : line;
  };
  return `"${lines.map((line) => mermaidText(cut(line))).join('<br/>')}"`;
}

/** Allocates node ids in order of first use. */
class NodeIds {
  private readonly ids = new Map<string, string>();
  get(key: string): string | undefined {
    return this.ids.get(key);
  }
  add(key: string): string {
    const id = `n${this.ids.size}`;
    this.ids.set(key, id);
    return id;
  }
}

// ---------------------------------------------------------------------------------------------
// The fault graph.

/** The whole fault graph: basic events at the bottom, gates above, the loss of each data set on top. */
export function faultGraphToMermaid(graph: FaultGraph, inv: Inventory): string {
  const ids = new NodeIds();
  const lines = ['flowchart BT'];
  const tops = new Set(graph.dataSets.map((d) => d.gate));
  for (const e of graph.events) {
    lines.push(`  ${ids.add(`e${e.index}`)}([${mermaidLabel(e.id, describeEvent(e, inv))}]):::event`);
  }
  for (const g of graph.gates) {
    const label = mermaidLabel(`${g.op.toUpperCase()}: ${g.id}`);
    const id = ids.add(`g${g.index}`);
    lines.push(tops.has(g.index) ? `  ${id}[[${label}]]:::dataset` : `  ${id}[${label}]:::${g.op}`);
  }
  for (const g of graph.gates) {
    const to = ids.get(`g${g.index}`)!;
    for (const e of g.events) lines.push(`  ${ids.get(`e${e}`)!} --> ${to}`);
    for (const x of g.gates) lines.push(`  ${ids.get(`g${x}`)!} --> ${to}`);
  }
  lines.push(
    '  classDef event fill:#eef4ff,stroke:#4a6fa5,color:#1b2a41',
    '  classDef or fill:#fff,stroke:#888,color:#222',
    '  classDef and fill:#fff7e0,stroke:#b08900,color:#3b2f00',
    '  classDef dataset fill:#fde8e8,stroke:#b42318,stroke-width:2px,color:#5c0f0b',
  );
  return `${lines.join('\n')}\n`;
}

// ---------------------------------------------------------------------------------------------
// Where the copies live: data set → copies → targets → accounts → providers.

export interface CopiesDiagramOptions {
  /** Data sets to draw, most important first; drawn until the budget is used up. */
  dataSets: readonly string[];
  /** Basic events that alone lose some data set: highlighted. */
  singlePoints: ReadonlySet<string>;
  /** Stop adding data sets once this many edges are drawn (Mermaid refuses more than 500). */
  maxEdges?: number;
  /** ... or once the source grows past this many characters (Mermaid refuses more than 50,000). */
  maxText?: number;
}

export interface CopiesDiagram {
  /** Mermaid source, without the code fence. */
  source: string;
  /** Data sets drawn, and those left out to keep the diagram renderable. */
  drawn: string[];
  omitted: string[];
}

/** How a highlighted event that is not itself a node reaches the nodes it takes down. */
const EDGE_WORD: Partial<Record<BasicEvent['kind'], string>> = {
  billing: 'pays',
  'identity-lost': 'sole admin',
  'identity-compromised': 'can delete',
  region: 'hosts',
  site: 'hosts',
  service: 'needed by',
  key: 'decrypts',
};

export function copiesDiagram(graph: FaultGraph, inv: Inventory, options: CopiesDiagramOptions): CopiesDiagram {
  const maxEdges = options.maxEdges ?? 300;
  const maxText = options.maxText ?? 40_000;
  const hits = new EventHits(graph);
  const wanted = options.dataSets.filter((id) => inv.stores.has(id));
  const drawn: string[] = [];
  let built = buildCopiesDiagram(graph, inv, [], options.singlePoints, hits);
  for (const id of wanted) {
    const attempt = buildCopiesDiagram(graph, inv, [...drawn, id], options.singlePoints, hits);
    // Mermaid refuses diagrams with too many edges: leave the less important data sets out.
    if (drawn.length > 0 && (attempt.edges > maxEdges || attempt.source.length > maxText)) break;
    drawn.push(id);
    built = attempt;
  }
  return { source: built.source, drawn, omitted: wanted.slice(drawn.length) };
}

/** Which gates fail when one event fails alone; computed once per event. */
class EventHits {
  private readonly states = new Map<number, boolean[]>();
  constructor(private readonly graph: FaultGraph) {}
  state(event: number): boolean[] {
    let state = this.states.get(event);
    if (!state) {
      state = evaluateGates(this.graph, new Set([event]));
      this.states.set(event, state);
    }
    return state;
  }
}

function buildCopiesDiagram(
  graph: FaultGraph,
  inv: Inventory,
  dataSets: readonly string[],
  single: ReadonlySet<string>,
  hits: EventHits,
): { source: string; edges: number } {
  const ids = new NodeIds();
  const nodes: string[] = [];
  const edges: string[] = [];
  const edgeKeys = new Set<string>();
  const spofNodes = new Set<string>();
  /** Gates of the things drawn, and their node ids. */
  const drawnGates = new Map<number, string>();
  /** The node that holds each drawn copy (its account, or a target outside any account) and that node's admins. */
  const holderOf = new Map<string, { holder: string; admins: readonly string[] }>();

  const node = (key: string, shape: (label: string) => string, ...label: string[]): { id: string; isNew: boolean } => {
    const known = ids.get(key);
    if (known !== undefined) return { id: known, isNew: false };
    const id = ids.add(key);
    nodes.push(`  ${id}${shape(mermaidLabel(...label.filter((l) => l !== '')))}`);
    if (single.has(key)) spofNodes.add(id);
    return { id, isNew: true };
  };
  const edge = (from: string, to: string, word?: string): void => {
    const key = `${from}>${to}`;
    if (edgeKeys.has(key)) return;
    edgeKeys.add(key);
    edges.push(word === undefined ? `  ${from} --> ${to}` : `  ${from} -.->|${mermaidLabel(word)}| ${to}`);
  };
  const drawGate = (gateId: string, nodeId: string) => {
    const gate = graph.gateIndex.get(gateId);
    if (gate !== undefined) drawnGates.set(gate, nodeId);
  };

  const providerNode = (p: string): string => node(`provider:${p}`, (l) => `{{${l}}}`, `provider ${p}`, inv.providers.get(p)?.kind ?? '').id;
  const accountNode = (a: string, depth = 0): string => {
    const { id, isNew } = node(`account:${a}`, (l) => `(${l})`, `account ${a}`);
    if (!isNew) return id;
    const account = inv.accounts.get(a)!;
    drawGate(`account-fails:${a}`, id);
    edge(id, providerNode(account.provider));
    if (account.parent !== undefined && depth < 8) edge(id, accountNode(account.parent, depth + 1), 'part of');
    return id;
  };
  const targetNode = (t: string): string => {
    const target = inv.targets.get(t)!;
    const facts = [target.kind, target.immutable === 'none' ? '' : target.immutable].filter(Boolean).join(', ');
    const { id, isNew } = node(`target:${t}`, (l) => `[${l}]`, `target ${t}`, facts, place(target.region, target.site));
    if (!isNew) return id;
    drawGate(`target-fails:${t}`, id);
    if (target.account !== undefined) edge(id, accountNode(target.account));
    else if (target.provider !== undefined) edge(id, providerNode(target.provider));
    dependencies(id, target.depends_on);
    return id;
  };
  /** `depends_on` that names something drawn as a node of the chain: a dotted edge to it. */
  function dependencies(from: string, dependsOn: readonly string[]): void {
    for (const dep of dependsOn) {
      const section = inv.sectionOf.get(dep);
      if (section === 'targets') edge(from, targetNode(dep), 'runs on');
      else if (section === 'accounts') edge(from, accountNode(dep), 'depends on');
      else if (section === 'providers') edge(from, providerNode(dep), 'depends on');
    }
  }

  for (const dsId of dataSets) {
    const store = inv.stores.get(dsId)!;
    const backups = inv.backupsOf.get(dsId) ?? [];
    const copies = backups.length + 1;
    const ds = node(`dataset:${dsId}`, (l) => `[(${l})]`, dsId, `${store.criticality}, ${copies} ${copies === 1 ? 'copy' : 'copies'}`).id;
    // The primary copy stands for `store:X` (the system itself failing).
    const primary = node(`store:${dsId}`, (l) => `[${l}]`, 'primary copy', place(store.region, store.site)).id;
    drawGate(`primary:${dsId}`, primary);
    edge(ds, primary);
    const account = accountNode(store.account);
    edge(primary, account);
    dependencies(primary, store.depends_on);
    holderOf.set(primary, { holder: account, admins: inv.accounts.get(store.account)!.admins });
    for (const b of backups) {
      const copy = node(`backup:${b.id}`, (l) => `[${l}]`, `${b.mode} ${b.id}`, b.every === undefined ? '' : `every ${b.every.text}`).id;
      drawGate(`copy:${b.id}`, copy);
      edge(ds, copy);
      const target = targetNode(b.to);
      edge(copy, target);
      const t = inv.targets.get(b.to)!;
      holderOf.set(
        copy,
        t.account === undefined
          ? { holder: target, admins: t.admins }
          : { holder: accountNode(t.account), admins: [...inv.accounts.get(t.account)!.admins, ...t.admins] },
      );
    }
  }

  // Highlighted events that are not drawn as nodes of their own (a card, a person, a site, a key,
  // a service): one node each, with a dotted edge to the first drawn things that fail with it.
  const chainInputs = drawnChainInputs(graph, drawnGates);
  for (const eventId of [...single].sort()) {
    const index = graph.eventIndex.get(eventId);
    if (index === undefined || ids.get(eventId) !== undefined) continue;
    const event = graph.events[index]!;
    if (NODE_EVENTS.has(event.kind)) continue;
    const state = hits.state(index);
    const hit = [...drawnGates.entries()]
      .filter(([gate]) => state[gate] && !chainInputs.get(gate)!.some((g) => state[g]))
      .map(([, nodeId]) => nodeId);
    if (hit.length === 0) continue;
    const id = node(eventId, (l) => `>${l}]`, describeEvent(event, inv)).id;
    if (event.kind === 'identity-compromised') {
      // An admin who can delete every copy an account (or target) holds: one edge to the holder.
      const hitSet = new Set(hit);
      const holders = new Set<string>();
      for (const [copy, { holder, admins }] of holderOf) {
        if (hitSet.has(copy) && admins.includes(event.subject)) holders.add(holder);
      }
      for (const holder of [...holders].sort()) {
        const held = [...holderOf].filter(([, h]) => h.holder === holder).map(([copy]) => copy);
        if (!held.every((copy) => hitSet.has(copy))) continue;
        edge(id, holder, 'can delete all');
        for (const copy of held) hitSet.delete(copy);
      }
      for (const target of hit.filter((h) => hitSet.has(h))) edge(id, target, EDGE_WORD[event.kind]);
    } else {
      for (const target of hit) edge(id, target, EDGE_WORD[event.kind]);
    }
  }

  const lines = ['flowchart LR', ...nodes, ...edges];
  lines.push('  classDef spof fill:#fde8e8,stroke:#c0392b,stroke-width:3px,color:#5c0f0b');
  if (spofNodes.size > 0) lines.push(`  class ${[...spofNodes].join(',')} spof`);
  return { source: `${lines.join('\n')}\n`, edges: edgeKeys.size };
}

/** `in ams3, office`, or nothing. */
function place(region: string | undefined, site: string | undefined): string {
  const where = [region, site].filter((x) => x !== undefined);
  return where.length === 0 ? '' : `in ${where.join(', ')}`;
}

/** Events that are drawn as a node of the chain itself (an account, a provider, a target, a copy). */
const NODE_EVENTS = new Set<BasicEvent['kind']>(['account', 'provider', 'target', 'store', 'backup']);

/** For each drawn gate, the drawn gates it reaches through gates that are not drawn. */
function drawnChainInputs(graph: FaultGraph, drawnGates: ReadonlyMap<number, string>): Map<number, number[]> {
  const below = new Map<number, number[]>();
  const reach = (gate: number, seen: Set<number>, out: Set<number>) => {
    for (const input of graph.gates[gate]!.gates) {
      if (seen.has(input)) continue;
      seen.add(input);
      if (drawnGates.has(input)) out.add(input);
      else reach(input, seen, out);
    }
  };
  for (const gate of drawnGates.keys()) {
    const out = new Set<number>();
    reach(gate, new Set(), out);
    below.set(gate, [...out]);
  }
  return below;
}
