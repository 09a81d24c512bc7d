// Inventories whose every free-text field is hostile, and inventories, policies and waiver files
// with prototype-polluting keys at every level.
import { stringify } from 'yaml';
import { HOSTILE_STRINGS } from './mutate.js';

/**
 * A valid inventory with hostile text in every field that takes free text: the name, every
 * description, owners, regions and sites (which become event ids and node labels), media, waiver
 * owners, reasons and finding globs. `texts` are used in turn, so each field gets a different one.
 */
export function hostileInventory(texts: readonly string[] = HOSTILE_STRINGS): string {
  let i = 0;
  const next = () => texts[i++ % texts.length]!;
  const doc = {
    version: 1,
    name: next(),
    description: next(),
    providers: { cloud: { kind: 'cloud', description: next() }, backblaze: { kind: 'storage', description: next() } },
    accounts: {
      main: { provider: 'cloud', billing: 'card', admins: ['founder'], login: 'sso', description: next() },
      offsite: { provider: 'backblaze', billing: 'card', admins: ['founder', 'cto'], description: next() },
    },
    identities: { founder: { kind: 'person', description: next() }, cto: { kind: 'person', description: next() }, ci: { kind: 'machine' } },
    billing: { card: { kind: 'card', description: next() } },
    services: { sso: { kind: 'identity-provider', description: next() }, vendor: { kind: 'vendor', description: next() } },
    keys: { 'backup-key': { account: 'main', description: next() } },
    stores: {
      'customer-db': { kind: 'database', account: 'main', region: next(), site: next(), criticality: 'critical', rpo: '24h', owner: next(), depends_on: ['vendor'], description: next() },
      uploads: { kind: 'bucket', account: 'main', region: next(), criticality: 'high', owner: next() },
    },
    targets: {
      spaces: { kind: 'object-storage', account: 'main', region: next(), immutable: 'none', owner: next(), description: next() },
      nas: { kind: 'ssh', site: next(), admins: ['cto'], immutable: 'governance', owner: next() },
      b2: { kind: 'object-storage', account: 'offsite', region: next(), immutable: 'compliance' },
    },
    backups: {
      'db-nightly': { of: 'customer-db', to: 'spaces', every: '24h', keep: '30d', encryption: 'backup-key', deletable_by: ['ci'], restore: { last_tested: '2026-09-01', requires: ['vendor'] } },
      'db-nas': { of: 'customer-db', to: 'nas', mode: 'replica', every: '1h', keep: '7d', description: next() },
      'uploads-b2': { of: 'uploads', to: 'b2', every: '48h', keep: '14d' },
    },
    waivers: [
      { finding: `single-point-of-failure/customer-db/${next()}`, owner: next(), reason: next(), granted: '2026-11-01', expires: '2026-12-31', renewals: 1 },
      { finding: 'restore-untested/*', owner: next(), reason: next(), granted: '2026-01-01', expires: '2026-06-30', renewals: 5 },
      { finding: next(), owner: next(), reason: next(), expires: '2027-01-31' },
    ],
  };
  return stringify(doc, { lineWidth: 0 });
}

/** The prototype-polluting keys, each set to a map that would pollute if merged into a prototype. */
const POLLUTERS = ['__proto__', 'constructor', 'prototype'] as const;

/** A YAML map entry for each polluting key, at the given indentation. */
function polluters(indent: string): string {
  return POLLUTERS.map((k) => `${indent}${k}:\n${indent}  polluted: yes\n${indent}  prototype: { polluted: yes }\n${indent}  toString: polluted`).join('\n');
}

/**
 * An inventory with `__proto__`, `constructor` and `prototype` keys at every level: top level,
 * as section ids, as keys inside entities, inside `restore` and `verify`, and in waivers; with and
 * without a real problem elsewhere (so both the fast and the exact parser read it).
 */
export function pollutingInventory(): string {
  return `version: 1
${polluters('')}
providers:
  p: { kind: cloud }
${polluters('  ')}
identities:
  constructor: { kind: person }
  prototype: { kind: person }
accounts:
  a:
    provider: p
    admins: [constructor, prototype]
${polluters('    ')}
stores:
  db:
    kind: database
    account: a
    criticality: critical
${polluters('    ')}
targets:
  t:
    kind: ssh
    admins: [prototype]
    verify:
      ssh: { host: example.invalid, user: x, path: /x }
${polluters('      ')}
backups:
  b:
    of: db
    to: t
    restore:
${polluters('      ')}
waivers:
  - finding: x
    owner: o
    reason: r
    expires: 2026-12-31
${polluters('    ')}
`;
}

/** The same keys, valid where the schema allows them: ids `constructor` and `prototype`. */
export const VALID_PROTO_IDS = `version: 1
providers:
  constructor: { kind: cloud }
identities:
  prototype: { kind: person }
  hasownproperty: { kind: person }
accounts:
  tostring: { provider: constructor, admins: [prototype, hasownproperty] }
stores:
  valueof: { kind: database, account: tostring, criticality: critical }
`;

export const POLLUTING_POLICY = `version: 1
extends: baseline
${polluters('')}
waivers:
  max_days: 30
${polluters('  ')}
rules:
${polluters('  ')}
  independence:
    options:
${polluters('      ')}
`;

export const POLLUTING_WAIVERS = `- finding: "*"
  owner: o
  reason: r
  expires: 2026-12-31
${polluters('  ')}
- __proto__: { polluted: yes }
`;
