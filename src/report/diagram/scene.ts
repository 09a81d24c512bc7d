// What the "where the copies live" diagram shows, before any Mermaid syntax: boxes grouped as
// provider > account > copies (each saying its target), the backup arrows between copies, and the few people,
// payment methods and other things the copies depend on that matter — those that are a single
// point of failure of a drawn data set, and people and payment methods shared by several accounts.
//
// Two views: `copiesScene` draws every copy of the given data sets; `overviewScene` draws one box
// per account's primary copies and one per target, for inventories too large for the first.
import type { Criticality, Inventory, Target } from '../../inventory/types.js';
import { accountAdmins } from '../../model/build.js';
import { describeEvent } from '../../model/describe.js';
import { evaluateGates } from '../../model/simulate.js';
import type { BasicEvent, FaultGraph } from '../../model/types.js';
import { plural } from '../../rules/facts.js';

/** A data set to draw, with the events that alone lose it (its size-1 risk groups). */
export interface DiagramDataSet {
  id: string;
  criticality: Criticality;
  singlePoints: readonly string[];
}

export type NodeShape = 'primary' | 'copy' | 'target' | 'identity' | 'payment' | 'other';

export interface SceneNode {
  key: string;
  shape: NodeShape;
  lines: string[];
  /** A single point of failure of a drawn data set: drawn red. */
  spof: boolean;
}

export interface SceneCluster {
  key: string;
  /** Lines of the title; an empty first line keeps a nested title clear of its parent's. */
  title: string[];
  spof: boolean;
  clusters: SceneCluster[];
  /** Keys of the nodes directly inside. */
  nodes: string[];
}

export type EdgeKind = 'backup' | 'replica' | 'dependency';

export interface SceneEdge {
  from: string;
  to: string;
  kind: EdgeKind;
}

export interface Scene {
  /** Top-level clusters, in drawing order. */
  clusters: SceneCluster[];
  /** Nodes outside every cluster (people, payment methods, other dependencies). */
  loose: string[];
  nodes: Map<string, SceneNode>;
  edges: SceneEdge[];
}

/** Events drawn as a box of the hierarchy itself (marked red there), not as a node of their own. */
const HIERARCHY_EVENTS = new Set<BasicEvent['kind']>(['account', 'provider', 'target', 'store', 'backup']);

/** Assembles a scene: clusters created on first use, nodes and edges deduplicated. */
class SceneBuilder {
  readonly clusters: SceneCluster[] = [];
  readonly loose: string[] = [];
  readonly nodes = new Map<string, SceneNode>();
  readonly edges: SceneEdge[] = [];
  private readonly clusterByKey = new Map<string, SceneCluster>();
  private readonly edgeKeys = new Set<string>();

  constructor(
    readonly inv: Inventory,
    readonly spofs: ReadonlySet<string>,
  ) {}

  /** The cluster of a provider, or of an account (inside its provider). Titles stay short: a nested title wider than its contents spills over its parent. */
  cluster(key: string): SceneCluster {
    const known = this.clusterByKey.get(key);
    if (known) return known;
    const [section, id] = splitKey(key);
    const inv = this.inv;
    let parent: SceneCluster | undefined;
    let title: string[];
    if (section === 'provider') {
      const kind = inv.providers.get(id)?.kind;
      title = [kind === 'self' ? `${id} (your own)` : `${id}${kind ? ` (${kind})` : ''}`];
    } else {
      parent = this.cluster(`provider:${inv.accounts.get(id)!.provider}`);
      // Mermaid draws a nested subgraph only a little below its parent's top, where the parent's
      // title is: the empty first line leaves that title room.
      title = ['', `account ${id}`];
    }
    const cluster: SceneCluster = { key, title, spof: this.spofs.has(key), clusters: [], nodes: [] };
    this.clusterByKey.set(key, cluster);
    (parent ? parent.clusters : this.clusters).push(cluster);
    return cluster;
  }

  hasCluster(key: string): boolean {
    return this.clusterByKey.has(key);
  }

  node(node: SceneNode, inside?: SceneCluster): void {
    if (this.nodes.has(node.key)) return;
    this.nodes.set(node.key, node);
    (inside ? inside.nodes : this.loose).push(node.key);
  }

  edge(edge: SceneEdge): void {
    const key = `${edge.from}>${edge.to}`;
    if (this.edgeKeys.has(key) || !this.has(edge.from) || !this.has(edge.to)) return;
    this.edgeKeys.add(key);
    this.edges.push(edge);
  }

  has(key: string): boolean {
    return this.nodes.has(key) || this.clusterByKey.has(key);
  }

  scene(): Scene {
    return { clusters: this.clusters, loose: this.loose, nodes: this.nodes, edges: this.edges };
  }
}

const splitKey = (key: string): [string, string] => {
  const colon = key.indexOf(':');
  return [key.slice(0, colon), key.slice(colon + 1)];
};

function targetFacts(t: Target): string {
  const facts = [t.kind, t.immutable === 'none' ? '' : t.immutable, t.region ?? '', t.site ?? ''];
  return facts.filter((f) => f !== '').join(', ');
}

/** The cluster a target's copies sit in: its account's, its provider's, or none. */
function holderCluster(b: SceneBuilder, t: Target): SceneCluster | undefined {
  if (t.account !== undefined) return b.cluster(`account:${t.account}`);
  if (t.provider !== undefined) return b.cluster(`provider:${t.provider}`);
  return undefined;
}

/**
 * Every copy of the given data sets, inside its target, account and provider; an arrow from each
 * primary copy to each of its backup copies; and what they depend on, where it matters.
 */
export function copiesScene(graph: FaultGraph, inv: Inventory, dataSets: readonly DiagramDataSet[]): Scene {
  const spofs = spofKeys(dataSets, graph);
  const b = new SceneBuilder(inv, spofs);
  /** Which gate each drawn box stands for, to find the first boxes an event takes down. */
  const drawn = new Map<string, string>();
  for (const ds of dataSets) {
    const store = inv.stores.get(ds.id)!;
    const backups = inv.backupsOf.get(ds.id) ?? [];
    const account = b.cluster(`account:${store.account}`);
    drawn.set(`account-fails:${store.account}`, account.key);
    const where = [store.region, store.site].filter((x) => x !== undefined).join(', ');
    b.node({ key: `store:${ds.id}`, shape: 'primary', lines: [ds.id, `primary, ${ds.criticality}${where === '' ? '' : `, ${where}`}`], spof: spofs.has(`store:${ds.id}`) }, account);
    drawn.set(`primary:${ds.id}`, `store:${ds.id}`);
    const sameTarget = new Map<string, number>();
    for (const y of backups) sameTarget.set(y.to, (sameTarget.get(y.to) ?? 0) + 1);
    for (const y of backups) {
      const t = inv.targets.get(y.to)!;
      if (t.account !== undefined) drawn.set(`account-fails:${t.account}`, `account:${t.account}`);
      // The backup's own id only where two copies of one data set share a target.
      const what = `${y.mode}${sameTarget.get(y.to)! > 1 ? ` ${y.id}` : ''}${y.every === undefined ? '' : ` every ${y.every.text}`}`;
      const spof = spofs.has(`backup:${y.id}`) || spofs.has(`target:${y.to}`);
      b.node({ key: `backup:${y.id}`, shape: 'copy', lines: [ds.id, what, `on ${y.to}: ${targetFacts(t)}`], spof }, holderCluster(b, t));
      drawn.set(`copy:${y.id}`, `backup:${y.id}`);
      b.edge({ from: `store:${ds.id}`, to: `backup:${y.id}`, kind: y.mode === 'replica' ? 'replica' : 'backup' });
    }
  }
  addDependencies(b, graph, inv, dataSets, drawn);
  return b.scene();
}

/**
 * One box for the primary copies in each account and one per target, with an arrow where some
 * data set is backed up from that account to that target; and what they depend on, where it matters.
 */
export function overviewScene(graph: FaultGraph, inv: Inventory, dataSets: readonly DiagramDataSet[]): Scene {
  const spofs = spofKeys(dataSets, graph);
  const b = new SceneBuilder(inv, spofs);
  const drawn = new Map<string, string>();
  const primaries = new Map<string, DiagramDataSet[]>();
  const copiesAt = new Map<string, { dataSets: Set<string>; critical: Set<string> }>();
  for (const ds of dataSets) {
    const store = inv.stores.get(ds.id)!;
    primaries.set(store.account, [...(primaries.get(store.account) ?? []), ds]);
    for (const y of inv.backupsOf.get(ds.id) ?? []) {
      const at = copiesAt.get(y.to) ?? { dataSets: new Set(), critical: new Set() };
      at.dataSets.add(ds.id);
      if (ds.criticality === 'critical') at.critical.add(ds.id);
      copiesAt.set(y.to, at);
    }
  }
  for (const [accountId, list] of primaries) {
    const account = b.cluster(`account:${accountId}`);
    drawn.set(`account-fails:${accountId}`, account.key);
    const key = `primaries:${accountId}`;
    const critical = list.filter((d) => d.criticality === 'critical').length;
    const spof = list.some((d) => spofs.has(`store:${d.id}`));
    b.node({ key, shape: 'primary', lines: [`primary copies of ${plural(list.length, 'data set')}`, critical > 0 ? `${critical} critical` : 'none critical'], spof }, account);
    for (const d of list) drawn.set(`primary:${d.id}`, key);
  }
  for (const [targetId, at] of copiesAt) {
    const t = inv.targets.get(targetId)!;
    const key = `target:${targetId}`;
    b.node(
      { key, shape: 'target', lines: [`target ${targetId}`, targetFacts(t), `copies of ${plural(at.dataSets.size, 'data set')}, ${at.critical.size} critical`], spof: spofs.has(key) },
      holderCluster(b, t),
    );
    drawn.set(`target-fails:${targetId}`, key);
    if (t.account !== undefined) drawn.set(`account-fails:${t.account}`, `account:${t.account}`);
  }
  for (const ds of dataSets) {
    const store = inv.stores.get(ds.id)!;
    for (const y of inv.backupsOf.get(ds.id) ?? []) {
      drawn.set(`copy:${y.id}`, `target:${y.to}`);
      b.edge({ from: `primaries:${store.account}`, to: `target:${y.to}`, kind: y.mode === 'replica' ? 'replica' : 'backup' });
    }
  }
  addDependencies(b, graph, inv, dataSets, drawn);
  return b.scene();
}

/** The keys of the boxes that stand for a single point of failure of a drawn data set. */
function spofKeys(dataSets: readonly DiagramDataSet[], graph: FaultGraph): Set<string> {
  const keys = new Set<string>();
  for (const ds of dataSets) {
    for (const id of ds.singlePoints) {
      const index = graph.eventIndex.get(id);
      if (index === undefined) continue;
      const e = graph.events[index]!;
      if (e.kind === 'identity-lost' || e.kind === 'identity-compromised') keys.add(`identity:${e.subject}`);
      else keys.add(`${e.kind}:${e.subject}`);
    }
  }
  return keys;
}

/**
 * People and payment methods that are a single point of failure of a drawn data set or act in (pay
 * for) several drawn accounts, with an edge to each account or copy they administer (pay); other
 * single points of failure (a service, a key, a site, a region) with an edge to the first drawn
 * boxes they take down.
 */
function addDependencies(b: SceneBuilder, graph: FaultGraph, inv: Inventory, dataSets: readonly DiagramDataSet[], drawn: ReadonlyMap<string, string>): void {
  const accounts = [...inv.accounts.keys()].filter((a) => b.hasCluster(`account:${a}`));
  // A target's box (overview) or the boxes of the copies on it (copies view).
  const targetBoxes = new Map<string, string[]>();
  for (const ds of dataSets) {
    for (const y of inv.backupsOf.get(ds.id) ?? []) {
      const box = b.has(`target:${y.to}`) ? `target:${y.to}` : `backup:${y.id}`;
      targetBoxes.set(y.to, [...new Set([...(targetBoxes.get(y.to) ?? []), box])]);
    }
  }

  // People: who can act in each drawn account (its admins and its parents', DESIGN §3), who
  // administers each drawn target, and who can delete a drawn copy besides.
  const actsIn = new Map<string, string[]>();
  const note = (who: string, key: string) => actsIn.set(who, [...(actsIn.get(who) ?? []), key]);
  for (const a of accounts) for (const who of new Set(accountAdmins(inv, a))) note(who, `account:${a}`);
  for (const [t, boxes] of targetBoxes) for (const who of inv.targets.get(t)!.admins) for (const box of boxes) note(who, box);
  const canDelete = new Map<string, string[]>();
  const deleter = (who: string, key: string) => canDelete.set(who, [...(canDelete.get(who) ?? []), key]);
  for (const ds of dataSets) {
    for (const who of inv.stores.get(ds.id)!.deletable_by) deleter(who, `store:${ds.id}`);
    for (const y of inv.backupsOf.get(ds.id) ?? []) for (const who of y.deletable_by) deleter(who, b.has(`backup:${y.id}`) ? `backup:${y.id}` : `target:${y.to}`);
  }
  for (const who of [...new Set([...actsIn.keys(), ...canDelete.keys()])].sort()) {
    const key = `identity:${who}`;
    const spof = b.spofs.has(key);
    const inAccounts = (actsIn.get(who) ?? []).filter((k) => k.startsWith('account:')).length;
    if (!spof && inAccounts < 2) continue;
    const kind = inv.identities.get(who)?.kind ?? 'person';
    const deletes = (canDelete.get(who) ?? []).length;
    const role = [inAccounts > 0 ? `admin in ${plural(inAccounts, 'account')}` : '', deletes > 0 ? `can delete ${plural(deletes, 'copy', 'copies')}` : ''];
    b.node({ key, shape: 'identity', lines: [`${who} (${kind})`, role.filter((r) => r !== '').join(', '), spof ? 'single point of failure' : ''], spof });
    for (const holder of actsIn.get(who) ?? []) b.edge({ from: key, to: holder, kind: 'dependency' });
    for (const copy of canDelete.get(who) ?? []) b.edge({ from: key, to: copy, kind: 'dependency' });
  }

  for (const [billing, paid] of inv.accountsPaidBy) {
    const drawnPaid = paid.filter((a) => b.hasCluster(`account:${a}`));
    const key = `billing:${billing}`;
    const spof = b.spofs.has(key);
    if (drawnPaid.length === 0 || (!spof && drawnPaid.length < 2)) continue;
    const kind = inv.billing.get(billing)?.kind ?? 'card';
    b.node({ key, shape: 'payment', lines: [`${billing} (${kind})`, `pays ${plural(drawnPaid.length, 'account')}`, spof ? 'single point of failure' : ''], spof });
    for (const a of drawnPaid) b.edge({ from: key, to: `account:${a}`, kind: 'dependency' });
  }

  // Other single points of failure, and people who are one without administering anything drawn
  // (the only holder of a key): an edge to the first drawn boxes that fail with them.
  const hits = firstHits(graph, drawn);
  for (const id of [...new Set(dataSets.flatMap((d) => d.singlePoints))].sort()) {
    const index = graph.eventIndex.get(id);
    if (index === undefined) continue;
    const e = graph.events[index]!;
    const isPerson = e.kind === 'identity-lost' || e.kind === 'identity-compromised';
    const key = isPerson ? `identity:${e.subject}` : `${e.kind}:${e.subject}`;
    // Boxes of the hierarchy are marked red where they are; one that is not drawn (a parent
    // organization holding no copy) gets a node like any other dependency.
    if ((HIERARCHY_EVENTS.has(e.kind) && b.has(key)) || b.edges.some((edge) => edge.from === key)) continue;
    if (!b.nodes.has(key)) b.node({ key, shape: isPerson ? 'identity' : 'other', lines: [describeEvent(e, inv)], spof: true });
    for (const to of hits(index)) b.edge({ from: key, to, kind: 'dependency' });
  }
}

/** For an event, the drawn boxes it takes down whose drawn inputs it does not already take down. */
function firstHits(graph: FaultGraph, drawn: ReadonlyMap<string, string>): (event: number) => string[] {
  const drawnGates = new Map<number, string>();
  for (const [gateId, key] of drawn) {
    const gate = graph.gateIndex.get(gateId);
    if (gate !== undefined) drawnGates.set(gate, key);
  }
  const below = drawnChainInputs(graph, drawnGates);
  return (event) => {
    const state = evaluateGates(graph, new Set([event]));
    const keys = [...drawnGates]
      .filter(([gate]) => state[gate] && !below.get(gate)!.some((g) => state[g]))
      .map(([, key]) => key);
    return [...new Set(keys)];
  };
}

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
