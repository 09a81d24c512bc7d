// Turns schema-valid data into a resolved Inventory: ids unique, references checked, no cycles.
import { parseDuration } from './duration.js';
import type { Problem } from './problem.js';
import {
  ENTITY_NOUN,
  SECTIONS,
  type Account,
  type Backup,
  type Billing,
  type Identity,
  type Inventory,
  type Key,
  type Media,
  type Provider,
  type Section,
  type Service,
  type Store,
  type Target,
  type Waiver,
} from './types.js';
import { canonicalTerraformAddress } from './terraformAddress.js';
import { didYouMean } from '../util/suggest.js';
import type { PathSegment, YamlSource } from './yamlSource.js';

type Raw = Record<string, unknown>;

/** Default storage media per target kind, for the 3-2-1 rule. */
export const DEFAULT_MEDIA: Record<Target['kind'], Media> = {
  'object-storage': 'object',
  ssh: 'disk',
  snapshots: 'snapshot',
  nas: 'disk',
  tape: 'tape',
  saas: 'object',
  // A replica or standby database server, a standby VM: their copies sit on the server's disks.
  database: 'disk',
  vm: 'disk',
};

/** One reference from an entity field to another entity, kept for checking and cycle search. */
interface Reference {
  from: string;
  path: PathSegment[];
  field: string;
  to: string;
  /** Sections the reference may point into; undefined: any. */
  expects?: readonly Section[];
  /**
   * Whether `from` can fail because `to` fails (a gate of the fault graph follows the reference).
   * Only these can form a cycle; naming who can delete something (`deletable_by`, a target's admins
   * beside its account) adds their compromise, a basic event, and cannot.
   */
  failure: boolean;
}

export type ResolveResult = { ok: true; inventory: Inventory } | { ok: false; problems: Problem[] };

export function resolveInventory(source: YamlSource): ResolveResult {
  const data = source.data as Raw;
  const problems: Problem[] = [];
  const sectionOf = new Map<string, Section>();
  const references: Reference[] = [];

  const entries = (section: Section): [string, Raw][] => {
    const raw = data[section] as Raw | null | undefined;
    return raw ? (Object.entries(raw) as [string, Raw][]) : [];
  };

  for (const section of SECTIONS) {
    for (const [id] of entries(section)) {
      const earlier = sectionOf.get(id);
      if (earlier !== undefined) {
        const first = source.locateKey([earlier, id]);
        problems.push({
          pos: source.locateKey([section, id]),
          message: `id '${id}' is already used by ${ENTITY_NOUN[earlier]} '${id}' (line ${first.line}); ids must be unique across the whole inventory`,
        });
      } else {
        sectionOf.set(id, section);
      }
    }
  }

  const str = (raw: Raw, key: string): string | undefined => {
    const v = raw[key];
    return typeof v === 'string' ? v : undefined;
  };
  const list = (raw: Raw, key: string): string[] => (Array.isArray(raw[key]) ? (raw[key] as string[]) : []);
  const ref = (section: Section, id: string, raw: Raw, key: string, expects?: readonly Section[]) => {
    const to = str(raw, key);
    if (to !== undefined) references.push({ from: id, path: [section, id, key], field: key, to, expects, failure: true });
    return to;
  };
  const refs = (section: Section, id: string, raw: Raw, key: string, expects?: readonly Section[], failure = true) => {
    const values = [...new Set(list(raw, key))];
    list(raw, key).forEach((to, i) => references.push({ from: id, path: [section, id, key, i], field: key, to, expects, failure }));
    return values;
  };
  const duration = (raw: Raw, key: string) => {
    const text = str(raw, key);
    return text === undefined ? undefined : parseDuration(text);
  };
  const base = (section: Section, id: string, raw: Raw) => ({
    id,
    pos: source.locateKey([section, id]),
    ...(typeof raw.description === 'string' ? { description: raw.description } : {}),
  });
  /** `terraform:` as a list of canonical addresses; text that is no address is a problem. */
  const terraformAddresses = (section: Section, id: string, raw: Raw): string[] => {
    const value = raw.terraform;
    const texts = typeof value === 'string' ? [value] : Array.isArray(value) ? (value as string[]) : [];
    const addresses: string[] = [];
    texts.forEach((text, i) => {
      const address = canonicalTerraformAddress(text);
      if (address !== undefined) addresses.push(address);
      else
        problems.push({
          pos: source.locate(typeof value === 'string' ? [section, id, 'terraform'] : [section, id, 'terraform', i]),
          message: `${section}.${id}: terraform: '${text}' is not a Terraform resource address (like aws_db_instance.main, module.backup.aws_s3_bucket.vault["eu"] or aws_efs_file_system.home[0])`,
        });
    });
    return [...new Set(addresses)];
  };
  const optional = <K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } =>
    (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
  /** `likelihood:` of an entity with one event (the schema admits only a number in [0, 1]). */
  const likelihood = (raw: Raw) => optional('likelihood', typeof raw.likelihood === 'number' ? raw.likelihood : undefined);

  const providers = new Map<string, Provider>();
  for (const [id, raw] of entries('providers')) {
    providers.set(id, { ...base('providers', id, raw), ...likelihood(raw), kind: raw.kind as Provider['kind'] });
  }

  const accounts = new Map<string, Account>();
  for (const [id, raw] of entries('accounts')) {
    accounts.set(id, {
      ...base('accounts', id, raw),
      ...likelihood(raw),
      provider: ref('accounts', id, raw, 'provider', ['providers'])!,
      ...optional('aws', raw.aws as Account['aws']),
      ...optional('s3', raw.s3 as Account['s3']),
      ...optional('billing', ref('accounts', id, raw, 'billing', ['billing'])),
      admins: refs('accounts', id, raw, 'admins', ['identities']),
      ...optional('login', ref('accounts', id, raw, 'login', ['services'])),
      ...optional('parent', ref('accounts', id, raw, 'parent', ['accounts'])),
      parent_access: (str(raw, 'parent_access') ?? 'admin') as Account['parent_access'],
    });
  }

  const identities = new Map<string, Identity>();
  for (const [id, raw] of entries('identities')) {
    identities.set(id, {
      ...base('identities', id, raw),
      kind: raw.kind as Identity['kind'],
      depends_on: refs('identities', id, raw, 'depends_on'),
      ...optional('likelihood', raw.likelihood as Identity['likelihood']),
    });
  }

  const billing = new Map<string, Billing>();
  for (const [id, raw] of entries('billing')) {
    billing.set(id, { ...base('billing', id, raw), ...likelihood(raw), kind: raw.kind as Billing['kind'] });
  }

  const services = new Map<string, Service>();
  for (const [id, raw] of entries('services')) {
    services.set(id, {
      ...base('services', id, raw),
      ...likelihood(raw),
      kind: raw.kind as Service['kind'],
      ...optional('provider', ref('services', id, raw, 'provider', ['providers'])),
      ...optional('account', ref('services', id, raw, 'account', ['accounts'])),
      depends_on: refs('services', id, raw, 'depends_on'),
    });
  }

  const keys = new Map<string, Key>();
  for (const [id, raw] of entries('keys')) {
    keys.set(id, {
      ...base('keys', id, raw),
      ...likelihood(raw),
      ...optional('account', ref('keys', id, raw, 'account', ['accounts'])),
      held_by: refs('keys', id, raw, 'held_by', ['identities']),
      depends_on: refs('keys', id, raw, 'depends_on'),
    });
  }

  const stores = new Map<string, Store>();
  for (const [id, raw] of entries('stores')) {
    stores.set(id, {
      ...base('stores', id, raw),
      ...likelihood(raw),
      kind: raw.kind as Store['kind'],
      account: ref('stores', id, raw, 'account', ['accounts'])!,
      ...optional('region', str(raw, 'region')),
      ...optional('site', str(raw, 'site')),
      criticality: raw.criticality as Store['criticality'],
      ...optional('rpo', duration(raw, 'rpo')),
      ...optional('rto', duration(raw, 'rto')),
      ...optional('owner', str(raw, 'owner')),
      depends_on: refs('stores', id, raw, 'depends_on'),
      deletable_by: refs('stores', id, raw, 'deletable_by', ['identities'], false),
      terraform: terraformAddresses('stores', id, raw),
      ...optional('verify', raw.verify as Store['verify']),
    });
  }

  const targets = new Map<string, Target>();
  for (const [id, raw] of entries('targets')) {
    const kind = raw.kind as Target['kind'];
    const inAccount = str(raw, 'account') !== undefined;
    const target: Target = {
      ...base('targets', id, raw),
      ...likelihood(raw),
      kind,
      ...optional('account', ref('targets', id, raw, 'account', ['accounts'])),
      ...optional('provider', ref('targets', id, raw, 'provider', ['providers'])),
      ...optional('region', str(raw, 'region')),
      ...optional('site', str(raw, 'site')),
      media: (str(raw, 'media') as Media | undefined) ?? DEFAULT_MEDIA[kind],
      immutable: (str(raw, 'immutable') ?? 'none') as Target['immutable'],
      // Beside an account, the target's admins can only delete its copies; without one, it is lost with them.
      admins: refs('targets', id, raw, 'admins', ['identities'], !inAccount),
      ...optional('owner', str(raw, 'owner')),
      depends_on: refs('targets', id, raw, 'depends_on'),
      terraform: terraformAddresses('targets', id, raw),
      ...optional('verify', raw.verify as Target['verify']),
    };
    if (target.account === undefined && target.admins.length === 0) {
      problems.push({
        pos: target.pos,
        message: `target '${id}' has neither an account nor admins: name the account that holds it, or the admins who run it`,
      });
    }
    targets.set(id, target);
  }

  const backups = new Map<string, Backup>();
  for (const [id, raw] of entries('backups')) {
    const restore = (raw.restore ?? {}) as Raw;
    backups.set(id, {
      ...base('backups', id, raw),
      ...likelihood(raw),
      of: ref('backups', id, raw, 'of', ['stores'])!,
      to: ref('backups', id, raw, 'to', ['targets'])!,
      mode: (str(raw, 'mode') ?? 'backup') as Backup['mode'],
      ...optional('every', duration(raw, 'every')),
      ...optional('keep', duration(raw, 'keep')),
      ...optional('encryption', ref('backups', id, raw, 'encryption', ['keys'])),
      deletable_by: refs('backups', id, raw, 'deletable_by', ['identities'], false),
      restore: {
        ...optional('last_tested', str(restore, 'last_tested')),
        requires: [...new Set(list(restore, 'requires'))],
        ...optional('takes', duration(restore, 'takes')),
      },
    });
    list(restore, 'requires').forEach((to, i) =>
      references.push({ from: id, path: ['backups', id, 'restore', 'requires', i], field: 'restore.requires', to, failure: true }),
    );
  }

  const waivers: Waiver[] = ((data.waivers as Raw[] | null | undefined) ?? []).map((raw, index) => ({
    index,
    pos: source.locate(['waivers', index]),
    finding: raw.finding as string,
    owner: raw.owner as string,
    reason: raw.reason as string,
    ...optional('granted', str(raw, 'granted')),
    expires: raw.expires as string,
    renewals: typeof raw.renewals === 'number' ? raw.renewals : 0,
  }));

  problems.push(...checkReferences(references, sectionOf, source));
  for (const t of targets.values()) {
    if (t.account !== undefined && t.provider !== undefined) {
      const accountProvider = accounts.get(t.account)?.provider;
      if (accountProvider !== undefined && accountProvider !== t.provider) {
        problems.push({
          pos: source.locate(['targets', t.id, 'provider']),
          message: `target '${t.id}' names provider '${t.provider}' but its account '${t.account}' is at provider '${accountProvider}'`,
        });
      }
    }
  }
  if (problems.length === 0) problems.push(...findCycles(references, source));
  if (problems.length > 0) return { ok: false, problems };

  const { locateKey } = source;
  const inventory: Inventory = {
    file: source.file,
    version: 1,
    ...optional('name', str(data, 'name')),
    providers,
    accounts,
    identities,
    billing,
    services,
    keys,
    stores,
    targets,
    backups,
    waivers,
    backupsOf: groupBy(backups.values(), (b) => b.of),
    accountsPaidBy: groupBy(
      [...accounts.values()].filter((a) => a.billing !== undefined),
      (a) => a.billing!,
      (a) => a.id,
    ),
    sectionOf,
    // The locator alone, not the source: the parsed document is not needed once resolved.
    locate: locateKey,
  };
  return { ok: true, inventory };
}

function checkReferences(references: Reference[], sectionOf: Map<string, Section>, source: YamlSource): Problem[] {
  const problems: Problem[] = [];
  for (const r of references) {
    const section = sectionOf.get(r.to);
    const where = `${r.path.slice(0, 2).join('.')}: ${r.field}`;
    const wanted = r.expects ? r.expects.map((s) => ENTITY_NOUN[s]).join(' or ') : 'entity';
    if (section === undefined) {
      const candidates = r.expects
        ? [...sectionOf].filter(([, s]) => r.expects!.includes(s)).map(([id]) => id)
        : [...sectionOf.keys()];
      problems.push({
        pos: source.locate(r.path),
        message: `${where}: no ${wanted} '${r.to}' in the inventory${didYouMean(r.to, candidates)}`,
      });
    } else if (r.expects && !r.expects.includes(section)) {
      problems.push({
        pos: source.locate(r.path),
        message: `${where}: '${r.to}' is ${article(ENTITY_NOUN[section])}, but ${r.field} must name ${article(wanted)}`,
      });
    }
  }
  return problems;
}

function article(noun: string): string {
  return /^[aeiou]/.test(noun) ? `an ${noun}` : `a ${noun}`;
}

/** Every cycle of failure references, each reported once at the reference that closes it. */
function findCycles(references: Reference[], source: YamlSource): Problem[] {
  const edges = new Map<string, Reference[]>();
  for (const r of references) {
    if (!r.failure) continue;
    const list = edges.get(r.from) ?? [];
    list.push(r);
    edges.set(r.from, list);
  }
  const state = new Map<string, 'active' | 'done'>();
  const problems: Problem[] = [];
  for (const start of edges.keys()) {
    if (state.has(start)) continue;
    // Iterative depth-first search; `trail` holds the references followed from `start`.
    const stack: { node: string; next: number }[] = [{ node: start, next: 0 }];
    const trail: Reference[] = [];
    state.set(start, 'active');
    while (stack.length > 0) {
      const frame = stack[stack.length - 1]!;
      const out = edges.get(frame.node) ?? [];
      if (frame.next >= out.length) {
        state.set(frame.node, 'done');
        stack.pop();
        trail.pop();
        continue;
      }
      const r = out[frame.next++]!;
      const seen = state.get(r.to);
      if (seen === 'active') {
        const from = stack.findIndex((f) => f.node === r.to);
        const cycle = [...trail.slice(from), r];
        const names = [r.to, ...cycle.map((c) => `(${c.field}) ${c.to}`)].join(' → ');
        problems.push({ pos: source.locate(r.path), message: `reference cycle: ${names}` });
        if (problems.length >= 20) return problems;
      } else if (seen === undefined) {
        state.set(r.to, 'active');
        stack.push({ node: r.to, next: 0 });
        trail.push(r);
      }
    }
  }
  return problems;
}

/** Items grouped by a key, in their order. */
function groupBy<T, V = T>(items: Iterable<T>, key: (item: T) => string, value: (item: T) => V = (item) => item as unknown as V): Map<string, V[]> {
  const groups = new Map<string, V[]>();
  for (const item of items) {
    const k = key(item);
    const list = groups.get(k);
    if (list) list.push(value(item));
    else groups.set(k, [value(item)]);
  }
  return groups;
}
