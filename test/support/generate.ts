// Seeded random generator of valid inventories (DESIGN §2, format version 1), for the SCRAM oracle
// and for benchmarks.
//
// Entities are created in one sequence and every reference points only at entities created
// earlier, so no reference cycle can arise: providers, identities, billing; then accounts and
// services interleaved (an account's login names an earlier service, a service's account an
// earlier account); then keys; then stores, targets and backups interleaved (a backup after its
// store and target). Some identities and keys are created late, among the accounts or the stores,
// so that they can depend on those (an admin who recovers through a mailbox, a backup password kept
// on the production host) and still be named by what comes after them. References prefer a few popular entities, so structure is shared and minimal
// risk groups of sizes 1 to 4 are common. Ids vary their spelling (`.`, `_`, `-`, `--`, a leading
// digit, a trailing hyphen) to exercise every escaping that touches them.
import { stringify } from 'yaml';

/** A small, fast, seeded PRNG (mulberry32); deterministic across platforms. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Helpers over a PRNG. */
export class Random {
  readonly next: () => number;
  constructor(seed: number) {
    this.next = mulberry32(seed);
  }
  /** An integer in [lo, hi]. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[Math.floor(this.next() * items.length)]!;
  }
  /** Prefers the first few items: shared structure (one popular account, one main admin). */
  pickSkewed<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    if (this.chance(0.5)) return items[Math.floor(this.next() * Math.min(2, items.length))]!;
    return this.pick(items);
  }
  /** Up to `n` distinct items (fewer when the list is shorter), skewed like pickSkewed. */
  some<T>(items: readonly T[], n: number): T[] {
    const out = new Set<T>();
    for (let tries = 0; out.size < Math.min(n, items.length) && tries < n * 8; tries++) out.add(this.pickSkewed(items));
    return [...out];
  }
  weighted<T>(choices: readonly (readonly [T, number])[]): T {
    const total = choices.reduce((s, [, w]) => s + w, 0);
    let x = this.next() * total;
    for (const [value, w] of choices) {
      x -= w;
      if (x < 0) return value;
    }
    return choices[choices.length - 1]![0];
  }
}

/** How many entities of each section; any left out follow from `entities`. */
export interface SectionCounts {
  providers: number;
  identities: number;
  billing: number;
  accounts: number;
  services: number;
  keys: number;
  stores: number;
  targets: number;
  backups: number;
}

export interface InventorySize extends Partial<SectionCounts> {
  /** Rough total number of entities, spread over the sections; default: random in 3..25. */
  entities?: number;
  /** Probability of each optional reference or field, scaled (default 1). Lower gives sparser graphs. */
  density?: number;
  /** Add a waiver or two now and then (default true). */
  waivers?: boolean;
}

/** Share of each section in a total, roughly as in real inventories. */
const WEIGHTS: SectionCounts = {
  providers: 1,
  identities: 2,
  billing: 1,
  accounts: 2,
  services: 1,
  keys: 1,
  stores: 2,
  targets: 2,
  backups: 3,
};
const MINIMUM: SectionCounts = {
  providers: 1,
  identities: 1,
  billing: 0,
  accounts: 1,
  services: 0,
  keys: 0,
  stores: 1,
  targets: 0,
  backups: 0,
};

function sectionCounts(rnd: Random, size: InventorySize): SectionCounts {
  const entities = size.entities ?? rnd.int(3, 25);
  const totalWeight = Object.values(WEIGHTS).reduce((a, b) => a + b, 0);
  const counts = {} as SectionCounts;
  for (const key of Object.keys(WEIGHTS) as (keyof SectionCounts)[]) {
    const given = size[key];
    if (given !== undefined) {
      counts[key] = given;
      continue;
    }
    const mean = (entities * WEIGHTS[key]) / totalWeight;
    // Jitter by up to ±50 % so small inventories differ in shape, not only in size.
    const jittered = Math.round(mean * (0.5 + rnd.next()));
    counts[key] = Math.max(MINIMUM[key], jittered);
  }
  if (counts.backups > 0 && counts.targets === 0 && size.targets === undefined) counts.targets = 1;
  if (counts.targets === 0 || counts.stores === 0) counts.backups = 0;
  return counts;
}

type Obj = Record<string, unknown>;

export interface GeneratedInventory extends Obj {
  version: 1;
  name: string;
  providers: Record<string, Obj>;
  accounts: Record<string, Obj>;
  identities: Record<string, Obj>;
  billing?: Record<string, Obj>;
  services?: Record<string, Obj>;
  keys?: Record<string, Obj>;
  stores: Record<string, Obj>;
  targets?: Record<string, Obj>;
  backups?: Record<string, Obj>;
  waivers?: Obj[];
}

const REGIONS = ['ams3', 'fra1', 'eu-west-1', 'us.east', 'nyc_2'];
const SITES = ['office', 'dc-1', 'dc_2', 'home.lab', '7th-floor'];
const DURATIONS_SHORT = ['30m', '1h', '6h', '24h', '1d'];
const DURATIONS_LONG = ['7d', '14d', '30d', '2w', '90d'];
const TEAMS = ['platform-team', 'data team', 'ops', 'Jane Doe'];

/**
 * A valid inventory (DESIGN §2) as a plain object, deterministic in `seed` and `size`. With no size,
 * a random small one (3–25 entities) with lots of shared structure. Large sizes work for benchmarks.
 */
export function generateInventory(seed: number, size: InventorySize = {}): GeneratedInventory {
  const rnd = new Random(seed);
  const counts = sectionCounts(rnd, size);
  const density = size.density ?? 1;
  const maybe = (p: number): boolean => rnd.chance(Math.min(1, p * density));

  const used = new Set<string>();
  /** A fresh id from a stem, spelled one of several ways; unique across the inventory. */
  const newId = (stem: string, n: number): string => {
    const style = rnd.weighted<number>([
      [0, 6],
      [1, 3],
      [2, 1],
      [3, 1],
      [4, 1],
      [5, 1],
      [6, 1],
    ]);
    const candidates = [
      `${stem}${n}`,
      `${stem}-${n}`,
      `${stem}.${n}`,
      `${stem}_${n}`,
      `${n}${stem}`,
      `${stem}--${n}`,
      `${stem}${n}-`,
    ];
    let id = candidates[style]!;
    if (used.has(id)) id = candidates.find((c) => !used.has(c)) ?? `${stem}${n}x${used.size}`;
    used.add(id);
    return id;
  };

  const providers: Record<string, Obj> = {};
  const identities: Record<string, Obj> = {};
  const billing: Record<string, Obj> = {};
  const accounts: Record<string, Obj> = {};
  const services: Record<string, Obj> = {};
  const keys: Record<string, Obj> = {};
  const stores: Record<string, Obj> = {};
  const targets: Record<string, Obj> = {};
  const backups: Record<string, Obj> = {};
  /** Every id created so far, in creation order: the only ones a new reference may name. */
  const earlier: string[] = [];
  /** Ids of each section in creation order (Object.keys per pick would make large inventories quadratic). */
  const idLists = new Map<Record<string, Obj>, string[]>();
  const ids = (section: Record<string, Obj>): string[] => {
    let known = idLists.get(section);
    if (!known) idLists.set(section, (known = []));
    return known;
  };
  const add = (section: Record<string, Obj>, id: string, value: Obj) => {
    section[id] = value;
    ids(section).push(id);
    earlier.push(id);
  };

  const refsToEarlier = (max: number): string[] => rnd.some(earlier, rnd.int(1, max));

  for (let i = 0; i < counts.providers; i++) {
    const id = newId('prov', i);
    add(providers, id, { kind: rnd.pick(['cloud', 'hosting', 'saas', 'storage', 'colo', 'self']) });
  }
  const newIdentity = (i: number) => {
    const id = newId('idn', i);
    const identity: Obj = { kind: rnd.weighted([['person', 5], ['machine', 2], ['break-glass', 1]] as const) };
    if (maybe(0.1) || (i >= lateIdentitiesFrom && maybe(0.8))) identity.depends_on = refsToEarlier(2);
    add(identities, id, identity);
  };
  // Identities from this index on are created late, interleaved with what comes after.
  const lateIdentitiesFrom = counts.identities - (counts.identities > 1 ? rnd.int(0, Math.ceil(counts.identities / 3)) : 0);
  let nextIdentity = 0;
  /** Creates a late identity now and then, while some are left. */
  const maybeLateIdentity = (p: number) => {
    if (nextIdentity < counts.identities && rnd.chance(p)) newIdentity(nextIdentity++);
  };
  while (nextIdentity < lateIdentitiesFrom) newIdentity(nextIdentity++);
  for (let i = 0; i < counts.billing; i++) {
    const id = newId('pay', i);
    add(billing, id, { kind: rnd.pick(['card', 'invoice', 'prepaid']) });
  }

  // Accounts and services, interleaved: each may refer to those before it.
  let accountsLeft = counts.accounts;
  let servicesLeft = counts.services;
  // Make sure an account comes first, so services can sit in accounts.
  let first = true;
  while (accountsLeft + servicesLeft > 0) {
    const isAccount = first || servicesLeft === 0 || (accountsLeft > 0 && rnd.chance(accountsLeft / (accountsLeft + servicesLeft)));
    first = false;
    if (isAccount) {
      const id = newId('acct', counts.accounts - accountsLeft--);
      const a: Obj = { provider: rnd.pickSkewed(ids(providers)) };
      if (ids(billing).length > 0 && maybe(0.7)) a.billing = rnd.pickSkewed(ids(billing));
      const admins = rnd.some(ids(identities), rnd.weighted([[0, 1], [1, 4], [2, 4], [3, 2]] as const));
      if (admins.length > 0 || rnd.chance(0.3)) a.admins = admins;
      if (ids(services).length > 0 && maybe(0.25)) a.login = rnd.pickSkewed(ids(services));
      if (ids(accounts).length > 0 && maybe(0.3)) a.parent = rnd.pickSkewed(ids(accounts));
      const access = rnd.weighted([[undefined, 5], ['admin', 1], ['none', 2]] as const);
      if (access !== undefined && (a.parent !== undefined || rnd.chance(0.2))) a.parent_access = access;
      add(accounts, id, a);
    } else {
      const id = newId('svc', counts.services - servicesLeft--);
      const s: Obj = {
        kind: rnd.pick(['identity-provider', 'monitoring', 'dns', 'status-page', 'communication', 'vendor']),
      };
      if (maybe(0.4)) s.provider = rnd.pickSkewed(ids(providers));
      if (maybe(0.4)) s.account = rnd.pickSkewed(ids(accounts));
      if (maybe(0.2)) s.depends_on = refsToEarlier(2);
      add(services, id, s);
    }
    maybeLateIdentity(0.15);
  }

  const newKey = (i: number, late: boolean) => {
    const id = newId('key', i);
    const k: Obj = {};
    const where = rnd.weighted([['account', 5], ['held', 4], ['both', 1], ['neither', 1]] as const);
    if (where === 'account' || where === 'both') k.account = rnd.pickSkewed(ids(accounts));
    if (where === 'held' || where === 'both') k.held_by = rnd.some(ids(identities), rnd.int(1, 3));
    if (maybe(late ? 0.8 : 0.1)) k.depends_on = refsToEarlier(2);
    add(keys, id, k);
  };
  // Keys from this index on are created among the stores, so they can depend on them.
  const lateKeysFrom = counts.keys - (counts.keys > 0 ? rnd.int(0, Math.ceil(counts.keys / 2)) : 0);
  let nextKey = 0;
  while (nextKey < lateKeysFrom) newKey(nextKey++, false);

  // Stores, targets and backups, interleaved; a backup only once a store and a target exist.
  let storesLeft = counts.stores;
  let targetsLeft = counts.targets;
  let backupsLeft = counts.backups;
  while (storesLeft + targetsLeft + backupsLeft > 0) {
    const canBackup = backupsLeft > 0 && ids(stores).length > 0 && ids(targets).length > 0;
    const choices: [string, number][] = [];
    if (storesLeft > 0) choices.push(['store', storesLeft]);
    if (targetsLeft > 0) choices.push(['target', targetsLeft]);
    if (canBackup) choices.push(['backup', backupsLeft]);
    if (nextKey < counts.keys) choices.push(['key', counts.keys - nextKey]);
    if (choices.length === 0) break; // backups left but no store or target: cannot happen by sectionCounts
    maybeLateIdentity(0.15);
    const kind = rnd.weighted(choices);
    if (kind === 'key') {
      newKey(nextKey++, true);
    } else if (kind === 'store') {
      const id = newId('db', counts.stores - storesLeft--);
      const account = rnd.pickSkewed(ids(accounts));
      const s: Obj = {
        kind: rnd.pick(['database', 'bucket', 'filesystem', 'mailbox', 'vm', 'saas', 'other']),
        account,
      };
      if (maybe(0.5)) s.region = rnd.pickSkewed(REGIONS);
      if (maybe(0.25)) s.site = rnd.pickSkewed(SITES);
      s.criticality = rnd.pick(['critical', 'high', 'medium', 'low']);
      if (rnd.chance(0.7)) s.rpo = rnd.pick(DURATIONS_SHORT);
      if (rnd.chance(0.6)) s.owner = rnd.pick(TEAMS);
      if (maybe(0.3)) s.depends_on = refsToEarlier(2);
      if (maybe(0.2)) s.deletable_by = rnd.some(ids(identities), rnd.int(1, 2));
      add(stores, id, s);
    } else if (kind === 'target') {
      const id = newId('tgt', counts.targets - targetsLeft--);
      const t: Obj = { kind: rnd.pick(['object-storage', 'ssh', 'snapshots', 'nas', 'tape', 'saas']) };
      if (rnd.chance(0.65)) {
        const account = rnd.pickSkewed(ids(accounts));
        t.account = account;
        if (rnd.chance(0.1)) t.provider = accounts[account]!.provider;
        if (maybe(0.15)) t.admins = rnd.some(ids(identities), rnd.int(1, 2));
      } else {
        t.admins = rnd.some(ids(identities), rnd.weighted([[1, 3], [2, 3], [3, 1]] as const));
        if (maybe(0.5)) t.provider = rnd.pickSkewed(ids(providers));
      }
      if (maybe(0.4)) t.region = rnd.pickSkewed(REGIONS);
      if (maybe(0.35)) t.site = rnd.pickSkewed(SITES);
      if (rnd.chance(0.3)) t.media = rnd.pick(['object', 'disk', 'tape', 'snapshot']);
      t.immutable = rnd.weighted([['none', 4], ['governance', 2], ['compliance', 2], ['offline', 1]] as const);
      if (rnd.chance(0.2)) delete t.immutable; // defaults to none
      if (maybe(0.2)) t.depends_on = refsToEarlier(2);
      if (rnd.chance(0.3)) t.owner = rnd.pick(TEAMS);
      add(targets, id, t);
    } else {
      const id = newId('bk', counts.backups - backupsLeft--);
      const y: Obj = { of: rnd.pickSkewed(ids(stores)), to: rnd.pickSkewed(ids(targets)) };
      const mode = rnd.weighted([['backup', 3], ['replica', 1]] as const);
      if (mode === 'replica' || rnd.chance(0.5)) y.mode = mode;
      if (rnd.chance(0.8)) y.every = rnd.pick(DURATIONS_SHORT);
      if (rnd.chance(0.7)) y.keep = rnd.pick(DURATIONS_LONG);
      if (ids(keys).length > 0 && maybe(0.4)) y.encryption = rnd.pickSkewed(ids(keys));
      if (maybe(0.2)) y.deletable_by = rnd.some(ids(identities), rnd.int(1, 2));
      if (rnd.chance(0.6)) {
        const restore: Obj = {};
        if (rnd.chance(0.6)) restore.last_tested = `2026-${String(rnd.int(1, 12)).padStart(2, '0')}-${String(rnd.int(1, 28)).padStart(2, '0')}`;
        if (maybe(0.35)) restore.requires = refsToEarlier(2);
        y.restore = restore;
      }
      add(backups, id, y);
    }
  }

  while (nextIdentity < counts.identities) newIdentity(nextIdentity++);
  while (nextKey < counts.keys) newKey(nextKey++, true);

  const inventory: GeneratedInventory = {
    version: 1,
    name: `generated inventory ${seed}`,
    providers,
    accounts,
    identities,
    ...(counts.billing > 0 ? { billing } : {}),
    ...(counts.services > 0 ? { services } : {}),
    ...(counts.keys > 0 ? { keys } : {}),
    stores,
    ...(Object.keys(targets).length > 0 ? { targets } : {}),
    ...(Object.keys(backups).length > 0 ? { backups } : {}),
  };
  if ((size.waivers ?? true) && rnd.chance(0.2)) {
    const store = rnd.pick(ids(stores));
    inventory.waivers = [
      {
        finding: rnd.chance(0.5) ? `single-point-of-failure/${store}/*` : `no-backup/${store}`,
        owner: rnd.pick(TEAMS),
        reason: 'accepted until the migration',
        granted: '2026-10-01',
        expires: '2026-12-31',
        ...(rnd.chance(0.5) ? { renewals: rnd.int(0, 3) } : {}),
      },
    ];
  }
  return inventory;
}

/** The inventory as YAML text, as a user would write it (block style, no line folding). */
export function inventoryToYaml(inventory: object): string {
  return stringify(inventory, { lineWidth: 0 });
}
