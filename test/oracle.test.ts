// Differential test against SCRAM (DESIGN §3: "bcaudit's risk groups and SCRAM's minimal cut sets
// must agree on every model"). Random valid inventories go YAML → parseInventory → buildFaultGraph →
// computeRiskGroups and, in parallel, → toMef → scram; for every data set both answers must match.
//
// ORACLE_SEED (default 20261122) and ORACLE_COUNT (default 1000) choose the inventories; inventory i
// uses seed ORACLE_SEED + i, so a failing one is reproduced with ORACLE_SEED=<its seed> ORACLE_COUNT=1.
import { availableParallelism } from 'node:os';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseInventory } from '../src/inventory/load.js';
import { buildFaultGraph, reachableGates } from '../src/model/build.js';
import { computeRiskGroups } from '../src/model/riskGroups.js';
import { fromMefName, mefName, toMef } from '../src/report/mef.js';
import type { FaultGraph } from '../src/model/types.js';
import { Random, generateInventory, inventoryToYaml, type GeneratedInventory } from './support/generate.js';
import { scramBatch, scramCutSets, pool } from './support/scram.js';
import { scaled } from './support/scale.js';
import { requireTool } from './support/tools.js';

const HAVE_SCRAM = requireTool('scram');

const BASE_SEED = Number(process.env.ORACLE_SEED ?? 20261122);
const COUNT = Number(process.env.ORACLE_COUNT ?? scaled(200, 1000));
/** Models per SCRAM run: start-up (~30 ms) dominates single small models. */
const BATCH = 50;

interface Case {
  seed: number;
  maxOrder: number;
  raw: GeneratedInventory;
  yaml: string;
}

function makeCase(seed: number): Case {
  const rnd = new Random(seed ^ 0x5eed);
  const maxOrder = rnd.int(1, 4);
  // Mostly small inventories (3-25 entities, the generator's default), one in five up to 50.
  const raw = generateInventory(seed, rnd.chance(0.2) ? { entities: rnd.int(26, 50) } : {});
  return { seed, maxOrder, raw, yaml: inventoryToYaml(raw) };
}

const cases: Case[] = Array.from({ length: COUNT }, (_, i) => makeCase(BASE_SEED + i));

function load(c: Case) {
  const result = parseInventory(c.yaml, `generated-${c.seed}.yaml`);
  if (!result.ok) {
    const problems = result.problems.map((p) => `  ${p.pos.line}:${p.pos.column} ${p.message}`).join('\n');
    throw new Error(`seed ${c.seed}: generated inventory does not load:\n${problems}\n--- inventory ---\n${c.yaml}`);
  }
  return result.inventory;
}

const fmt = (sets: string[][]): string => sets.map((s) => `{${s.join(', ')}}`).join(' ');

/** Human-readable difference between two families of sets. */
function diff(ours: string[][], theirs: string[][]): string {
  const key = (s: string[]) => s.join('\u0000');
  const a = new Set(ours.map(key));
  const b = new Set(theirs.map(key));
  const onlyOurs = ours.filter((s) => !b.has(key(s)));
  const onlyTheirs = theirs.filter((s) => !a.has(key(s)));
  const lines: string[] = [];
  if (onlyOurs.length) lines.push(`    only bcaudit: ${fmt(onlyOurs)}`);
  if (onlyTheirs.length) lines.push(`    only SCRAM:   ${fmt(onlyTheirs)}`);
  if (!lines.length) lines.push('    same sets, different order');
  return lines.join('\n');
}


describe('generated inventories', () => {
  it(`all ${COUNT} load without problems`, () => {
    const failures: string[] = [];
    for (const c of cases) {
      try {
        load(c);
      } catch (e) {
        failures.push((e as Error).message);
      }
    }
    expect(failures.slice(0, 3).join('\n\n')).toBe('');
    expect(failures.length).toBe(0);
  });

  it('are deterministic in the seed', () => {
    expect(inventoryToYaml(generateInventory(BASE_SEED))).toBe(cases[0]?.yaml);
    expect(inventoryToYaml(generateInventory(7, { entities: 400 }))).toBe(
      inventoryToYaml(generateInventory(7, { entities: 400 })),
    );
  });

  it('cover the shapes the oracle needs', () => {
    // Not a proof of coverage, a guard against a generator that silently stopped producing them.
    const all = cases.map((c) => c.yaml).join('\n');
    for (const needle of ['mode: replica', 'immutable: compliance', 'immutable: governance', 'immutable: offline',
      'held_by:', 'login:', 'parent:', 'deletable_by:', 'requires:', 'depends_on:', 'site:', 'region:', 'encryption:']) {
      expect(all, needle).toContain(needle);
    }
  });

  it('cover every amendment of DESIGN §3 (organizations, deleters, keys and people that depend on things)', () => {
    type Entry = [string, Raw];
    const entries = (section: unknown): Entry[] => Object.entries((section ?? {}) as Record<string, Raw>);
    const count = new Map<string, number>();
    const seen = (feature: string, yes: boolean) => count.set(feature, (count.get(feature) ?? 0) + (yes ? 1 : 0));
    let reachableIdentityGates = 0;
    for (const c of cases) {
      const accounts = Object.fromEntries(entries(c.raw.accounts));
      const identities = entries(c.raw.identities);
      const dependent = new Set(identities.filter(([, i]) => list(i.depends_on).length > 0).map(([id]) => id));
      for (const [, a] of entries(c.raw.accounts)) {
        const parent = str(a.parent);
        seen('parent chain (grandparent)', parent !== undefined && str(accounts[parent]?.parent) !== undefined);
        seen('parent, parent_access unset', parent !== undefined && a.parent_access === undefined);
        seen('parent, parent_access: admin', parent !== undefined && a.parent_access === 'admin');
        seen('parent, parent_access: none', parent !== undefined && a.parent_access === 'none');
        seen('parent with admins', parent !== undefined && list(accounts[parent]?.admins).length > 0);
        seen('account admin that depends on something', list(a.admins).some((i) => dependent.has(i)));
      }
      for (const [, t] of entries(c.raw.targets)) {
        seen('target admins beside an account', str(t.account) !== undefined && list(t.admins).length > 0);
        seen('account-less target with provider and region', str(t.account) === undefined && str(t.provider) !== undefined && str(t.region) !== undefined);
        seen('account-less target with region, no provider', str(t.account) === undefined && str(t.provider) === undefined && str(t.region) !== undefined);
        seen('account-less target admin that depends on something', str(t.account) === undefined && list(t.admins).some((i) => dependent.has(i)));
      }
      for (const [, st] of entries(c.raw.stores)) seen('store deletable_by', list(st.deletable_by).length > 0);
      for (const [, y] of entries(c.raw.backups)) {
        const store = (c.raw.stores[y.of as string] ?? {}) as Raw;
        seen('replica of a store with deletable_by', y.mode === 'replica' && list(store.deletable_by).length > 0);
      }
      for (const [, k] of entries(c.raw.keys)) {
        seen('key depends_on', list(k.depends_on).length > 0);
        seen('key depends_on a store, target or backup', list(k.depends_on).some((d) => d in c.raw.stores || d in (c.raw.targets ?? {}) || d in (c.raw.backups ?? {})));
        seen('key holder that depends on something', list(k.held_by).some((i) => dependent.has(i)));
      }
      for (const [, i] of identities) {
        seen('identity depends_on', list(i.depends_on).length > 0);
        seen('identity depends_on a store', list(i.depends_on).some((d) => d in c.raw.stores));
      }
      const graph = buildFaultGraph(load(c));
      const reachable = reachableGates(graph);
      reachableIdentityGates += graph.gates.filter((g) => reachable[g.index] && g.id.startsWith('identity-lost:')).length;
    }
    // 10 in the full 1,000 cases; proportionally fewer in the quick run.
    const least = Math.max(1, Math.round(COUNT / 100));
    const rare = [...count].filter(([, n]) => n < least).map(([feature, n]) => `${feature}: ${n}`);
    expect(rare, `features the generator produced fewer than ${least} times`).toEqual([]);
    expect(count.size, "features checked").toBe(17);
    expect(reachableIdentityGates, 'identity-lost gates some data set depends on').toBeGreaterThan(10);
  });
});

describe.skipIf(!HAVE_SCRAM)('bcaudit risk groups equal SCRAM minimal cut sets', () => {
  it(`on ${COUNT} random inventories (seeds ${BASE_SEED}..${BASE_SEED + COUNT - 1})`, async () => {
    const started = Date.now();
    const prepared = cases.map((c) => {
      const inventory = load(c);
      const graph = buildFaultGraph(inventory);
      const groups = computeRiskGroups(graph, { maxOrder: c.maxOrder });
      const tops = new Map(graph.dataSets.map((ds) => [ds.id, graph.gates[ds.gate]!.id]));
      return { c, groups, tops, mef: toMef(graph, { name: inventory.name }) };
    });

    // One SCRAM run per batch of models sharing a limit order.
    const byOrder = new Map<number, typeof prepared>();
    for (const p of prepared) byOrder.set(p.c.maxOrder, [...(byOrder.get(p.c.maxOrder) ?? []), p]);
    const batches: (typeof prepared)[] = [];
    for (const [, list] of [...byOrder].sort((a, b) => a[0] - b[0])) {
      for (let i = 0; i < list.length; i += BATCH) batches.push(list.slice(i, i + BATCH));
    }
    const results = await pool(
      batches.map((batch) => () => scramBatch(batch.map((p) => p.mef), batch[0]!.c.maxOrder)),
      Math.max(1, availableParallelism()),
    );

    const mismatches: string[] = [];
    let sets = 0;
    const sizes = [0, 0, 0, 0, 0];
    batches.forEach((batch, b) => {
      batch.forEach((p, i) => {
        const scram = results[b]![i]!;
        const problems: string[] = [];
        for (const ds of p.groups) {
          const top = p.tops.get(ds.id)!;
          const theirs = scram.get(top);
          sets += ds.groups.length;
          for (const g of ds.groups) sizes[g.length] = (sizes[g.length] ?? 0) + 1;
          if (theirs === undefined) {
            problems.push(`  data set ${ds.id}: SCRAM reported no top gate ${top}`);
          } else if (JSON.stringify(theirs) !== JSON.stringify(ds.groups)) {
            problems.push(`  data set ${ds.id} (limit ${p.c.maxOrder}):\n${diff(ds.groups, theirs)}`);
          }
        }
        if (scram.size !== p.groups.length) {
          problems.push(`  SCRAM reported ${scram.size} top gates for ${p.groups.length} data sets: ${[...scram.keys()].join(', ')}`);
        }
        if (problems.length > 0) {
          mismatches.push(`seed ${p.c.seed} (ORACLE_SEED=${p.c.seed} ORACLE_COUNT=1), max order ${p.c.maxOrder}:\n${problems.join('\n')}` +
            (mismatches.length < 3 ? `\n--- inventory ---\n${p.c.yaml}` : ''));
        }
      });
    });

    console.log(
      `oracle: ${COUNT} inventories, ${batches.length} SCRAM runs, ${sets} minimal risk groups ` +
        `(by size 1-4: ${sizes.slice(1).join('/')}), ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    if (mismatches.length > 0) console.error(mismatches.slice(0, 10).join('\n\n'));
    expect(mismatches.length, mismatches.slice(0, 3).join('\n\n')).toBe(0);
    // Guard against a vacuous oracle: the generator must produce groups of every size.
    if (COUNT >= 200) for (let k = 1; k <= 4; k++) expect(sizes[k], `groups of size ${k}`).toBeGreaterThan(0);
  }, 600_000);
});

// ---------------------------------------------------------------------------------------------
// A second, independent oracle for the fault graph itself: DESIGN §3 read directly off the raw
// generated inventory (not the resolved one, not the graph) as a yes/no question — is data set X
// lost when exactly these basic events occur? Every bcaudit group must be a cut (lost) and minimal
// (lost no more without any one of its events), and every cut of small size must contain a group.
// SCRAM checks computeRiskGroups against the graph; this checks buildFaultGraph against DESIGN §3.
// As DESIGN §3 says: `depends_on` an identity means it being lost (by its own event or by what it
// depends on); a target's own provider counts only without an account; a region without any
// provider is `region:<region>`; ancestors' admins act in an account up to the first
// `parent_access: none`. Left open and following build.ts: `depends_on` a store means its primary
// copy, a backup its copy.

type Raw = Record<string, unknown>;
const list = (v: unknown): string[] => (Array.isArray(v) ? (v as string[]) : []);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

class Semantics {
  readonly section = new Map<string, string>();
  constructor(readonly inv: GeneratedInventory) {
    for (const [name, value] of Object.entries(inv)) {
      if (value && typeof value === 'object' && !Array.isArray(value)) {
        for (const id of Object.keys(value)) this.section.set(id, name);
      }
    }
  }
  private get(section: string, id: string): Raw {
    return ((this.inv as Raw)[section] as Record<string, Raw>)[id]!;
  }
  stores(): string[] {
    return Object.keys(this.inv.stores);
  }
  backupsOf(store: string): string[] {
    return Object.entries(this.inv.backups ?? {})
      .filter(([, y]) => y.of === store)
      .map(([id]) => id);
  }

  /** Every basic event DESIGN §3 defines for this inventory. */
  universe(): string[] {
    const u = new Set<string>();
    for (const p of Object.keys(this.inv.providers)) u.add(`provider:${p}`);
    for (const a of Object.keys(this.inv.accounts)) u.add(`account:${a}`);
    for (const b of Object.keys(this.inv.billing ?? {})) u.add(`billing:${b}`);
    for (const v of Object.keys(this.inv.services ?? {})) u.add(`service:${v}`);
    for (const i of Object.keys(this.inv.identities)) u.add(`identity:${i}:lost`).add(`identity:${i}:compromised`);
    for (const k of Object.keys(this.inv.keys ?? {})) u.add(`key:${k}`);
    for (const [x, s] of Object.entries(this.inv.stores)) {
      u.add(`store:${x}`);
      const region = str(s.region);
      if (region !== undefined) u.add(`region:${this.get('accounts', s.account as string).provider as string}/${region}`);
      if (str(s.site) !== undefined) u.add(`site:${s.site as string}`);
    }
    for (const [t, raw] of Object.entries(this.inv.targets ?? {})) {
      u.add(`target:${t}`);
      const region = str(raw.region);
      if (region !== undefined) u.add(this.targetRegion(raw, region));
      if (str(raw.site) !== undefined) u.add(`site:${raw.site as string}`);
    }
    for (const y of Object.keys(this.inv.backups ?? {})) u.add(`backup:${y}`);
    return [...u].sort();
  }

  private targetRegion(t: Raw, region: string): string {
    const account = str(t.account);
    const provider = account !== undefined ? (this.get('accounts', account).provider as string) : str(t.provider);
    return provider === undefined ? `region:${region}` : `region:${provider}/${region}`;
  }

  /** Which data sets are lost when exactly the events in `f` occur. */
  lost(f: ReadonlySet<string>): Map<string, boolean> {
    const memo = new Map<string, boolean>();
    const once = (key: string, compute: () => boolean): boolean => {
      const known = memo.get(key);
      if (known !== undefined) return known;
      const value = compute();
      memo.set(key, value);
      return value;
    };
    const has = (e: string) => f.has(e);
    // An identity is lost by its own event or when anything it depends on fails.
    const identityLost = (id: string): boolean =>
      once(`i:${id}`, () => has(`identity:${id}:lost`) || list(this.get('identities', id).depends_on).some(entity));
    const allLost = (ids: string[]) => ids.length > 0 && ids.every(identityLost);
    const anyCompromised = (ids: string[]) => ids.some((i) => has(`identity:${i}:compromised`));
    /** Who can act in an account: its admins and every ancestor's, up to the first parent_access: none. */
    const actors = (id: string): string[] => {
      const a = this.get('accounts', id);
      const own = list(a.admins);
      return str(a.parent) !== undefined && a.parent_access !== 'none' ? [...own, ...actors(a.parent as string)] : own;
    };

    const account = (id: string): boolean =>
      once(`a:${id}`, () => {
        const a = this.get('accounts', id);
        return (
          has(`account:${id}`) ||
          has(`provider:${a.provider as string}`) ||
          (str(a.billing) !== undefined && has(`billing:${a.billing as string}`)) ||
          (str(a.parent) !== undefined && account(a.parent as string)) ||
          (str(a.login) !== undefined && service(a.login as string)) ||
          allLost(list(a.admins))
        );
      });
    const service = (id: string): boolean =>
      once(`s:${id}`, () => {
        const s = this.get('services', id);
        return (
          has(`service:${id}`) ||
          (str(s.provider) !== undefined && has(`provider:${s.provider as string}`)) ||
          (str(s.account) !== undefined && account(s.account as string)) ||
          list(s.depends_on).some(entity)
        );
      });
    const key = (id: string): boolean =>
      once(`k:${id}`, () => {
        const k = this.get('keys', id);
        return (
          has(`key:${id}`) ||
          (str(k.account) !== undefined && account(k.account as string)) ||
          allLost(list(k.held_by)) ||
          list(k.depends_on).some(entity)
        );
      });
    const primaryDeleters = (x: string): string[] => {
      const s = this.get('stores', x);
      return [...actors(s.account as string), ...list(s.deletable_by)];
    };
    const primary = (x: string): boolean =>
      once(`p:${x}`, () => {
        const s = this.get('stores', x);
        const provider = this.get('accounts', s.account as string).provider as string;
        return (
          has(`store:${x}`) ||
          account(s.account as string) ||
          (str(s.region) !== undefined && has(`region:${provider}/${s.region as string}`)) ||
          (str(s.site) !== undefined && has(`site:${s.site as string}`)) ||
          list(s.depends_on).some(entity) ||
          anyCompromised(primaryDeleters(x))
        );
      });
    const target = (id: string): boolean =>
      once(`t:${id}`, () => {
        const t = this.get('targets', id);
        const acc = str(t.account);
        const holder =
          acc !== undefined
            ? account(acc)
            : (str(t.provider) !== undefined && has(`provider:${t.provider as string}`)) || allLost(list(t.admins));
        return (
          has(`target:${id}`) ||
          holder ||
          (str(t.region) !== undefined && has(this.targetRegion(t, t.region as string))) ||
          (str(t.site) !== undefined && has(`site:${t.site as string}`)) ||
          list(t.depends_on).some(entity)
        );
      });
    const copy = (id: string): boolean =>
      once(`c:${id}`, () => {
        const y = this.get('backups', id);
        const t = this.get('targets', y.to as string);
        const restore = (y.restore ?? {}) as Raw;
        const immutable = str(t.immutable) ?? 'none';
        const deleters = [
          ...(str(t.account) !== undefined ? actors(t.account as string) : []),
          ...list(t.admins),
          ...list(y.deletable_by),
        ];
        return (
          has(`backup:${id}`) ||
          target(y.to as string) ||
          (str(y.encryption) !== undefined && key(y.encryption as string)) ||
          list(restore.requires).some(entity) ||
          (immutable !== 'compliance' && immutable !== 'offline' && anyCompromised(deleters)) ||
          (y.mode === 'replica' && (has(`store:${y.of as string}`) || anyCompromised(primaryDeleters(y.of as string))))
        );
      });
    const entity = (id: string): boolean => {
      switch (this.section.get(id)) {
        case 'providers':
          return has(`provider:${id}`);
        case 'accounts':
          return account(id);
        case 'identities':
          return identityLost(id);
        case 'billing':
          return has(`billing:${id}`);
        case 'services':
          return service(id);
        case 'keys':
          return key(id);
        case 'stores':
          return primary(id);
        case 'targets':
          return target(id);
        case 'backups':
          return copy(id);
        default:
          throw new Error(`unknown entity ${id}`);
      }
    };
    return new Map(this.stores().map((x) => [x, primary(x) && this.backupsOf(x).every(copy)]));
  }
}

/** Subsets of `items` of exactly `size` elements, in lexicographic order. */
function* subsets<T>(items: readonly T[], size: number, from = 0, prefix: T[] = []): Generator<T[]> {
  if (prefix.length === size) {
    yield prefix;
    return;
  }
  for (let i = from; i <= items.length - (size - prefix.length); i++) {
    prefix.push(items[i]!);
    yield* subsets(items, size, i + 1, prefix);
    prefix.pop();
  }
}

describe('buildFaultGraph follows DESIGN §3 (direct semantics of the inventory)', () => {
  it(`on ${COUNT} random inventories: groups are minimal cuts, small cuts contain a group`, () => {
    const failures: string[] = [];
    let checkedCuts = 0;
    for (const c of cases) {
      const inventory = load(c);
      const graph = buildFaultGraph(inventory);
      const groups = new Map(computeRiskGroups(graph, { maxOrder: c.maxOrder }).map((d) => [d.id, d.groups]));
      const sem = new Semantics(c.raw);
      const problems: string[] = [];
      const universe = sem.universe();
      for (const e of graph.events) if (!universe.includes(e.id)) problems.push(`  graph event ${e.id} is not a DESIGN §3 event of this inventory`);

      for (const [x, family] of groups) {
        for (const g of family) {
          if (!sem.lost(new Set(g)).get(x)) problems.push(`  ${x}: {${g.join(', ')}} does not lose it`);
          for (const e of g) {
            if (sem.lost(new Set(g.filter((o) => o !== e))).get(x)) {
              problems.push(`  ${x}: {${g.join(', ')}} is not minimal: still lost without ${e}`);
            }
          }
        }
      }
      // Completeness: every cut up to size 2 (3 for small inventories) contains a bcaudit group.
      const bound = Math.min(c.maxOrder, universe.length <= 30 ? 3 : 2);
      const covered = (x: string, set: readonly string[]) =>
        groups.get(x)!.some((g) => g.every((e) => set.includes(e)));
      for (let size = 0; size <= bound; size++) {
        for (const set of subsets(universe, size)) {
          const lost = sem.lost(new Set(set));
          for (const [x, isLost] of lost) {
            if (!isLost) continue;
            checkedCuts++;
            if (!covered(x, set)) problems.push(`  ${x}: lost by {${set.join(', ')}} but no bcaudit group lies inside it`);
          }
        }
      }
      if (problems.length > 0) {
        failures.push(
          `seed ${c.seed}, max order ${c.maxOrder}:\n${problems.slice(0, 10).join('\n')}` +
            (failures.length < 3 ? `\n--- inventory ---\n${c.yaml}` : ''),
        );
      }
    }
    if (failures.length > 0) console.error(failures.slice(0, 10).join('\n\n'));
    expect(failures.length, failures.slice(0, 3).join('\n\n')).toBe(0);
    expect(checkedCuts).toBeGreaterThan(0);
  }, 600_000);
});

describe.skipIf(!HAVE_SCRAM)('the SCRAM oracle can fail', () => {
  it('notices a fault tree that differs from the one bcaudit analysed', async () => {
    // Turn one data set's top AND (primary and every copy) into an OR: SCRAM must now disagree.
    const c = cases.find((k) => (k.raw.backups !== undefined && Object.keys(k.raw.backups).length > 0))!;
    const graph = buildFaultGraph(load(c));
    const ds = graph.dataSets.find((d) => d.copies.length > 0)!;
    const ours = computeRiskGroups(graph, { maxOrder: 2 }).find((d) => d.id === ds.id)!.groups;
    const mutated: FaultGraph = {
      ...graph,
      gates: graph.gates.map((g) => (g.index === ds.gate ? { ...g, op: 'or' as const } : g)),
    };
    const theirs = (await scramCutSets(toMef(mutated), 2)).get(graph.gates[ds.gate]!.id);
    expect(theirs).toBeDefined();
    expect(theirs).not.toEqual(ours);
    // ...and agrees on the unmutated graph.
    expect((await scramCutSets(toMef(graph), 2)).get(graph.gates[ds.gate]!.id)).toEqual(ours);
  });
});

describe('MEF names', () => {
  /** MEF identifiers: an XML NCName without dots, hyphens only inside (schema pattern `[^-.]+(-[^-.]+)*`). */
  const MEF_IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*(-[A-Za-z0-9_]+)*$/;

  it('are readable for ordinary ids', () => {
    expect(mefName('account:do-main')).toBe('account_cdo-main');
    expect(mefName('identity:ci_deployer:lost')).toBe('identity_cci__deployer_clost');
    expect(mefName('region:digitalocean/ams3')).toBe('region_cdigitalocean_sams3');
    expect(mefName('store:db.main')).toBe('store_cdb_dmain');
    expect(mefName('0day')).toBe('_0day');
    expect(mefName('x--y-')).toBe('x_h_hy_h');
    expect(mefName('site:Büro 2')).toBe('site_cB_xfc_ro_x20_2');
  });

  it('are valid MEF identifiers and reversible, for any string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (id) => {
        const name = mefName(id);
        expect(name).toMatch(MEF_IDENTIFIER);
        expect(fromMefName(name)).toBe(id);
      }),
      { numRuns: 5000 },
    );
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z0-9][a-z0-9._:/-]{0,30}$/), (id) => {
        expect(fromMefName(mefName(id))).toBe(id);
        expect(mefName(id)).toMatch(MEF_IDENTIFIER);
      }),
      { numRuns: 5000 },
    );
  });

  it('are injective', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 12 }), fc.string({ unit: 'binary', maxLength: 12 }), (a, b) => {
        if (a !== b) expect(mefName(a)).not.toBe(mefName(b));
      }),
      { numRuns: 5000 },
    );
    const ids = ['a-b', 'a_hb', 'a_b', 'a__b', 'a:b', 'a_cb', 'a.b', 'a/b', 'ab-', 'ab_h', '_0a', '0a', 'a--b'];
    expect(new Set(ids.map(mefName)).size).toBe(ids.length);
  });

  it('reject names mefName cannot produce', () => {
    for (const bad of ['a.b', 'a_q', 'a_x41', 'a_xZZ_', 'a b', 'x_1']) expect(() => fromMefName(bad), bad).toThrow();
  });
});

describe.skipIf(!HAVE_SCRAM)('MEF export read by SCRAM', () => {
  const yaml = `version: 1
name: 'Weird <names> & "quotes"'
providers:
  0cloud: { kind: cloud }
  x--y-: { kind: storage }
accounts:
  a.b_c: { provider: 0cloud, admins: [p-, "9"] }
  acct--2: { provider: x--y-, admins: [p-] }
identities:
  p-: { kind: person }
  "9": { kind: machine }
stores:
  db.main: { kind: database, account: a.b_c, criticality: critical, region: "EU West/1", site: "Büro München <3>" }
  solo: { kind: vm, account: acct--2, criticality: low }
targets:
  t_1: { kind: ssh, admins: ["9"], site: "Büro München <3>", region: eu.1 }
backups:
  b--1: { of: db.main, to: t_1 }
`;

  it('accepts every escaped name and label and gives the same groups', async () => {
    const result = parseInventory(yaml, 'weird.yaml');
    if (!result.ok) throw new Error(result.problems.map((p) => p.message).join('\n'));
    const graph = buildFaultGraph(result.inventory);
    const mef = toMef(graph, { name: result.inventory.name });
    expect(mef).toContain('<label>Weird &lt;names&gt; &amp; &quot;quotes&quot;</label>');
    expect(mef).toContain('<label>site:Büro München &lt;3&gt;</label>');
    for (const order of [1, 2, 3]) {
      const scram = await scramCutSets(mef, order);
      const ours = computeRiskGroups(graph, { maxOrder: order });
      expect(new Map(ours.map((d) => [graph.gates[graph.dataSets.find((ds) => ds.id === d.id)!.gate]!.id, d.groups]))).toEqual(scram);
    }
    expect(toMef(graph, { name: result.inventory.name })).toBe(mef);
  });

  it('writes single-input gates as pass-through formulas (SCRAM rejects a one-argument and/or)', () => {
    const result = parseInventory(yaml, 'weird.yaml');
    if (!result.ok) throw new Error('load');
    const mef = toMef(buildFaultGraph(result.inventory));
    // Data set solo has no backup: its top gate is just its primary copy.
    expect(mef).toMatch(/<define-gate name="lost_csolo">\n\s*<label>lost:solo<\/label>\n\s*<gate name="primary_csolo"\/>\n\s*<\/define-gate>/);
    expect(mef).not.toMatch(/<(and|or)>\s*<(gate|basic-event) [^>]*\/>\s*<\/(and|or)>/);
  });

  it('adds a probability to every basic event on request, for quantitative analysis', async () => {
    const result = parseInventory(yaml, 'weird.yaml');
    if (!result.ok) throw new Error('load');
    const graph = buildFaultGraph(result.inventory);
    const mef = toMef(graph, { probability: 0.01 });
    expect(mef.match(/<float value="0.01"\/>/g)).toHaveLength(graph.events.length);
    expect(await scramCutSets(mef, 2)).toEqual(await scramCutSets(toMef(graph), 2));
  });
});
