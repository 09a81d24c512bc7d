// Builds the fault graph of DESIGN §3 from a resolved inventory. Pure; each gate is built once.
import type { Account, Inventory, Store, Target } from '../inventory/types.js';
import type { BasicEvent, DataSet, EventKind, FailureRef, FaultGraph, Gate, GateOp } from './types.js';

/** A gate's inputs before it is added: event and gate indices. */
interface Inputs {
  events: number[];
  gates: number[];
}

class GraphBuilder {
  readonly events: BasicEvent[] = [];
  readonly gates: Gate[] = [];
  readonly eventIndex = new Map<string, number>();
  readonly gateIndex = new Map<string, number>();

  event(kind: EventKind, subject: string, id: string): number {
    const known = this.eventIndex.get(id);
    if (known !== undefined) return known;
    const index = this.events.length;
    this.events.push({ index, id, kind, subject });
    this.eventIndex.set(id, index);
    return index;
  }

  gate(id: string, op: GateOp, inputs: Inputs): number {
    const index = this.gates.length;
    this.gates.push({
      index,
      id,
      op,
      events: [...new Set(inputs.events)],
      gates: [...new Set(inputs.gates)],
    });
    this.gateIndex.set(id, index);
    return index;
  }
}

type Ref = FailureRef;

function push(inputs: Inputs, ref: Ref): void {
  if ('event' in ref) inputs.events.push(ref.event);
  else inputs.gates.push(ref.gate);
}

export function buildFaultGraph(inv: Inventory): FaultGraph {
  const b = new GraphBuilder();
  const memo = new Map<string, Ref>();

  const providerEvent = (p: string) => b.event('provider', p, `provider:${p}`);
  const billingEvent = (id: string) => b.event('billing', id, `billing:${id}`);
  const lostEvent = (id: string) => b.event('identity-lost', id, `identity:${id}:lost`);
  const compromisedEvent = (id: string) => b.event('identity-compromised', id, `identity:${id}:compromised`);
  const siteEvent = (site: string) => b.event('site', site, `site:${site}`);
  const regionEvent = (provider: string | undefined, region: string) => {
    const subject = provider === undefined ? region : `${provider}/${region}`;
    return b.event('region', subject, `region:${subject}`);
  };

  const memoised = (key: string, build: () => Ref): Ref => {
    const known = memo.get(key);
    if (known) return known;
    const ref = build();
    memo.set(key, ref);
    return ref;
  };

  /** An identity lost: its own event, or, when it depends on something, that too (a gate). */
  const identityLostRef = (id: string): Ref =>
    memoised(`identity-lost:${id}`, () => {
      const dependencies = inv.identities.get(id)?.depends_on ?? [];
      if (dependencies.length === 0) return { event: lostEvent(id) };
      const inputs: Inputs = { events: [lostEvent(id)], gates: [] };
      for (const dep of dependencies) push(inputs, entityRef(dep));
      return { gate: b.gate(`identity-lost:${id}`, 'or', inputs) };
    });

  /** ALL of these identities lost; an AND over one identity is that identity's failure. */
  const allLost = (gateId: string, identities: readonly string[]): Ref | undefined => {
    const unique = [...new Set(identities)];
    if (unique.length === 0) return undefined;
    if (unique.length === 1) return identityLostRef(unique[0]!);
    return memoised(gateId, () => {
      const inputs: Inputs = { events: [], gates: [] };
      for (const id of unique) push(inputs, identityLostRef(id));
      return { gate: b.gate(gateId, 'and', inputs) };
    });
  };

  const accountRef = (id: string): Ref =>
    memoised(`account-fails:${id}`, () => {
      const a = inv.accounts.get(id) as Account;
      const inputs: Inputs = { events: [b.event('account', id, `account:${id}`), providerEvent(a.provider)], gates: [] };
      if (a.billing !== undefined) inputs.events.push(billingEvent(a.billing));
      if (a.parent !== undefined) push(inputs, accountRef(a.parent));
      if (a.login !== undefined) push(inputs, serviceRef(a.login));
      const admins = allLost(`admins-lost:${id}`, a.admins);
      if (admins) push(inputs, admins);
      return { gate: b.gate(`account-fails:${id}`, 'or', inputs) };
    });

  const serviceRef = (id: string): Ref =>
    memoised(`service-fails:${id}`, () => {
      const s = inv.services.get(id)!;
      const inputs: Inputs = { events: [b.event('service', id, `service:${id}`)], gates: [] };
      if (s.provider !== undefined) inputs.events.push(providerEvent(s.provider));
      if (s.account !== undefined) push(inputs, accountRef(s.account));
      for (const dep of s.depends_on) push(inputs, entityRef(dep));
      if (inputs.gates.length === 0 && inputs.events.length === 1) return { event: inputs.events[0]! };
      return { gate: b.gate(`service-fails:${id}`, 'or', inputs) };
    });

  const keyRef = (id: string): Ref =>
    memoised(`key-fails:${id}`, () => {
      const k = inv.keys.get(id)!;
      const inputs: Inputs = { events: [b.event('key', id, `key:${id}`)], gates: [] };
      if (k.account !== undefined) push(inputs, accountRef(k.account));
      const holders = allLost(`holders-lost:${id}`, k.held_by);
      if (holders) push(inputs, holders);
      for (const dep of k.depends_on) push(inputs, entityRef(dep));
      if (inputs.gates.length === 0 && inputs.events.length === 1) return { event: inputs.events[0]! };
      return { gate: b.gate(`key-fails:${id}`, 'or', inputs) };
    });

  /** Region and site of a store or target, named per provider. */
  const placeEvents = (inputs: Inputs, provider: string | undefined, region?: string, site?: string) => {
    if (region !== undefined) inputs.events.push(regionEvent(provider, region));
    if (site !== undefined) inputs.events.push(siteEvent(site));
  };

  const targetRef = (id: string): Ref =>
    memoised(`target-fails:${id}`, () => {
      const t = inv.targets.get(id)!;
      const inputs: Inputs = { events: [b.event('target', id, `target:${id}`)], gates: [] };
      if (t.account !== undefined) {
        push(inputs, accountRef(t.account));
      } else {
        if (t.provider !== undefined) inputs.events.push(providerEvent(t.provider));
        const admins = allLost(`admins-lost:${id}`, t.admins);
        if (admins) push(inputs, admins);
      }
      placeEvents(inputs, targetProvider(inv, t), t.region, t.site);
      for (const dep of t.depends_on) push(inputs, entityRef(dep));
      return { gate: b.gate(`target-fails:${id}`, 'or', inputs) };
    });

  const primaryRef = (id: string): Ref =>
    memoised(`primary:${id}`, () => {
      const s = inv.stores.get(id) as Store;
      const inputs: Inputs = { events: [b.event('store', id, `store:${id}`)], gates: [] };
      push(inputs, accountRef(s.account));
      placeEvents(inputs, inv.accounts.get(s.account)?.provider, s.region, s.site);
      for (const dep of s.depends_on) push(inputs, entityRef(dep));
      for (const who of primaryDeleters(inv, s)) inputs.events.push(compromisedEvent(who));
      return { gate: b.gate(`primary:${id}`, 'or', inputs) };
    });

  const copyRef = (id: string): Ref =>
    memoised(`copy:${id}`, () => {
      const y = inv.backups.get(id)!;
      const t = inv.targets.get(y.to)!;
      const store = inv.stores.get(y.of)!;
      const inputs: Inputs = { events: [b.event('backup', id, `backup:${id}`)], gates: [] };
      push(inputs, targetRef(y.to));
      if (y.encryption !== undefined) push(inputs, keyRef(y.encryption));
      for (const dep of y.restore.requires) push(inputs, entityRef(dep));
      if (t.immutable !== 'compliance' && t.immutable !== 'offline') {
        for (const who of copyDeleters(inv, t, y.deletable_by)) inputs.events.push(compromisedEvent(who));
      }
      if (y.mode === 'replica') {
        inputs.events.push(b.event('store', store.id, `store:${store.id}`));
        for (const who of primaryDeleters(inv, store)) inputs.events.push(compromisedEvent(who));
      }
      return { gate: b.gate(`copy:${id}`, 'or', inputs) };
    });

  /** What fails when something `depends_on` an entity fails, for each section. */
  const entityRef = (id: string): Ref => {
    switch (inv.sectionOf.get(id)) {
      case 'providers':
        return { event: providerEvent(id) };
      case 'accounts':
        return accountRef(id);
      case 'identities':
        return identityLostRef(id);
      case 'billing':
        return { event: billingEvent(id) };
      case 'services':
        return serviceRef(id);
      case 'keys':
        return keyRef(id);
      case 'stores':
        return primaryRef(id);
      case 'targets':
        return targetRef(id);
      case 'backups':
        return copyRef(id);
      case undefined:
        throw new Error(`unresolved reference '${id}' reached the fault graph`);
    }
  };

  const dataSets: DataSet[] = [];
  for (const s of inv.stores.values()) {
    const primary = primaryRef(s.id);
    const copies = (inv.backupsOf.get(s.id) ?? []).map((y) => ({ backup: y.id, ref: copyRef(y.id) }));
    const inputs: Inputs = { events: [], gates: [] };
    push(inputs, primary);
    for (const c of copies) push(inputs, c.ref);
    const gate = b.gate(`lost:${s.id}`, 'and', inputs);
    dataSets.push({
      id: s.id,
      gate,
      primary: gateOf(primary),
      copies: copies.map((c) => ({ backup: c.backup, gate: gateOf(c.ref) })),
    });
  }

  // Every entity's failure, also of those no data set depends on (rules compare them).
  const failureOf = new Map<string, Ref>();
  for (const id of inv.sectionOf.keys()) failureOf.set(id, entityRef(id));

  return renumberEventsById({ events: b.events, gates: b.gates, eventIndex: b.eventIndex, gateIndex: b.gateIndex, dataSets, failureOf });
}

/**
 * Numbers events in the order of their ids as strings, so that a set sorted by index is sorted
 * by id: risk groups then come out in DESIGN §5 order without comparing strings.
 */
function renumberEventsById(graph: FaultGraph): FaultGraph {
  const sorted = [...graph.events].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const newIndex = new Int32Array(sorted.length);
  sorted.forEach((e, i) => (newIndex[e.index] = i));
  const events = sorted.map((e, i) => ({ ...e, index: i }));
  const gates = graph.gates.map((g) => ({ ...g, events: g.events.map((e) => newIndex[e]!).sort((x, y) => x - y) }));
  const failureOf = new Map(
    [...graph.failureOf].map(([id, ref]): [string, FailureRef] => [id, 'event' in ref ? { event: newIndex[ref.event]! } : ref]),
  );
  return { ...graph, events, gates, eventIndex: new Map(events.map((e) => [e.id, e.index])), failureOf };
}

function gateOf(ref: Ref): number {
  if ('gate' in ref) return ref.gate;
  throw new Error('primary and backup copies are always gates');
}

/** The provider a target's region is named after: its account's provider, or its own. */
export function targetProvider(inv: Inventory, t: Target): string | undefined {
  return t.account !== undefined ? inv.accounts.get(t.account)?.provider : t.provider;
}

/**
 * Identities that can act in an account: its admins and the admins of every ancestor along
 * `parent`, up to the first account that says `parent_access: none` (its own admins count, its
 * parents' do not).
 */
export function accountAdmins(inv: Inventory, accountId: string): string[] {
  const admins: string[] = [];
  const seen = new Set<string>();
  for (let a = inv.accounts.get(accountId); a !== undefined && !seen.has(a.id); ) {
    seen.add(a.id);
    admins.push(...a.admins);
    a = a.parent_access === 'none' || a.parent === undefined ? undefined : inv.accounts.get(a.parent);
  }
  return admins;
}

/** Identities that can delete the primary copy: whoever can act in its account, and its `deletable_by`. */
export function primaryDeleters(inv: Inventory, s: Store): string[] {
  return [...new Set([...accountAdmins(inv, s.account), ...s.deletable_by])];
}

/**
 * Identities that can delete a copy at a target: whoever can act in its account, the target's own
 * admins (with or without an account), and the backup's `deletable_by`.
 */
export function copyDeleters(inv: Inventory, t: Target, extra: readonly string[]): string[] {
  const inAccount = t.account !== undefined ? accountAdmins(inv, t.account) : [];
  return [...new Set([...inAccount, ...t.admins, ...extra])];
}

/** Which gates some data set depends on (the others belong to entities nothing depends on). */
export function reachableGates(graph: FaultGraph): boolean[] {
  const reachable = new Array<boolean>(graph.gates.length).fill(false);
  for (const ds of graph.dataSets) reachable[ds.gate] = true;
  // Inputs come before the gates that use them, so one pass from the last gate down suffices.
  for (let g = graph.gates.length - 1; g >= 0; g--) {
    if (reachable[g]) for (const input of graph.gates[g]!.gates) reachable[input] = true;
  }
  return reachable;
}
