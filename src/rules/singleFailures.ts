// Single failures: the basic events that alone make a part of the fault graph fail. Rules use them
// to say which event two things share, e.g. a backup's key and the primary copy it protects.
import type { Inventory } from '../inventory/types.js';
import { targetProvider } from '../model/build.js';
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

/**
 * Single failures of any entity: what alone makes it fail. Taken from the graph's gate for the
 * entity where the graph has one; the graph holds only what some data set depends on, so for
 * anything else (a status page nothing depends on) the gate is derived here from the inventory,
 * by the same rules as DESIGN §3 and src/model/build.ts.
 */
export function singlesOfEntity(graph: FaultGraph, inv: Inventory, id: string, how: { derive?: boolean } = {}): ReadonlySet<string> {
  const of = (entity: string): string[] => [...singlesOfEntity(graph, inv, entity, how)];
  // `derive` skips the graph's gates (stores and backups excepted): tests compare both ways.
  const fromGraph = (gateId: string, derive: () => string[]): ReadonlySet<string> =>
    graph.gateIndex.has(gateId) && !how.derive ? singlesOfGate(graph, gateId) : new Set(derive());
  /** ALL of these identities lost is a single failure only when there is one of them. */
  const oneLost = (identities: readonly string[]): string[] => {
    const unique = [...new Set(identities)];
    return unique.length === 1 ? [`identity:${unique[0]}:lost`] : [];
  };

  switch (inv.sectionOf.get(id)) {
    case 'providers':
      return new Set([`provider:${id}`]);
    case 'billing':
      return new Set([`billing:${id}`]);
    case 'identities':
      return new Set([`identity:${id}:lost`]);
    case 'accounts':
      return fromGraph(`account-fails:${id}`, () => {
        const a = inv.accounts.get(id)!;
        return [
          `account:${id}`,
          `provider:${a.provider}`,
          ...(a.billing === undefined ? [] : [`billing:${a.billing}`]),
          ...(a.parent === undefined ? [] : of(a.parent)),
          ...(a.login === undefined ? [] : of(a.login)),
          ...oneLost(a.admins),
        ];
      });
    case 'services':
      return fromGraph(`service-fails:${id}`, () => {
        const s = inv.services.get(id)!;
        return [
          `service:${id}`,
          ...(s.provider === undefined ? [] : [`provider:${s.provider}`]),
          ...(s.account === undefined ? [] : of(s.account)),
          ...s.depends_on.flatMap(of),
        ];
      });
    case 'keys':
      return fromGraph(`key-fails:${id}`, () => {
        const k = inv.keys.get(id)!;
        return [`key:${id}`, ...(k.account === undefined ? [] : of(k.account)), ...oneLost(k.held_by)];
      });
    case 'targets':
      return fromGraph(`target-fails:${id}`, () => {
        const t = inv.targets.get(id)!;
        const provider = targetProvider(inv, t);
        return [
          `target:${id}`,
          ...(t.account !== undefined
            ? of(t.account)
            : [...(t.provider === undefined ? [] : [`provider:${t.provider}`]), ...oneLost(t.admins)]),
          ...(t.region === undefined ? [] : [`region:${provider === undefined ? t.region : `${provider}/${t.region}`}`]),
          ...(t.site === undefined ? [] : [`site:${t.site}`]),
          ...t.depends_on.flatMap(of),
        ];
      });
    case 'stores':
      return singlesOfGate(graph, `primary:${id}`);
    case 'backups':
      return singlesOfGate(graph, `copy:${id}`);
    case undefined:
      return new Set();
  }
}

/** Events in both sets, sorted. */
export function shared(a: ReadonlySet<string>, b: ReadonlySet<string>): string[] {
  return [...a].filter((e) => b.has(e)).sort();
}
