// Hand-written checks of every gate of DESIGN §3: tiny inventories and the exact minimal risk
// groups they must give.
import { describe, expect, it } from 'vitest';
import { parseInventory } from '../src/inventory/load.js';
import { buildFaultGraph } from '../src/model/build.js';
import { compareGroups, computeRiskGroups } from '../src/model/riskGroups.js';

/** Minimal risk groups per data set of an inventory given as YAML. */
function riskGroups(yaml: string, maxOrder = 3): Record<string, string[][]> {
  const result = parseInventory(yaml, 'test.yaml');
  if (!result.ok) {
    throw new Error(`inventory does not load:\n${result.problems.map((p) => `${p.pos.line}:${p.pos.column} ${p.message}`).join('\n')}`);
  }
  const graph = buildFaultGraph(result.inventory);
  return Object.fromEntries(computeRiskGroups(graph, { maxOrder }).map((d) => [d.id, d.groups]));
}

/** Groups of one data set. */
const groupsOf = (yaml: string, store: string, maxOrder = 3): string[][] => {
  const all = riskGroups(yaml, maxOrder);
  const groups = all[store];
  if (!groups) throw new Error(`no data set ${store}; have ${Object.keys(all).join(', ')}`);
  return groups;
};

const sortStrings = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
/** A family in DESIGN §5 order, for writing expectations in any order. */
const family = (...groups: string[][]): string[][] =>
  groups.map((g) => [...g].sort(sortStrings)).sort(compareGroups);
const singles = (...events: string[]): string[][] => events.map((e) => [e]);
/** Every pair (or larger union) of one group from each list. */
const cross = (...lists: string[][][]): string[][] =>
  lists.reduce<string[][]>((acc, next) => acc.flatMap((a) => next.map((b) => [...a, ...b])), [[]]);
const singlePoints = (groups: string[][]): string[] => groups.filter((g) => g.length === 1).map((g) => g[0]!);
const has = (groups: string[][], ...group: string[]) =>
  groups.some((g) => JSON.stringify(g) === JSON.stringify([...group].sort(sortStrings)));

const HEADER = `version: 1\n`;

/** One provider, one account with one admin, one store; no backup. */
const BASE = `${HEADER}
providers:
  cloud: { kind: cloud }
accounts:
  main: { provider: cloud, admins: [alice] }
identities:
  alice: { kind: person }
stores:
  db: { kind: database, account: main, criticality: critical }
`;

/**
 * A store in account `main` (cloud, admin alice) with one backup `nightly` to target `vault` in
 * account `off` (storage provider b2, admin dave). `extra` is appended; `target` and `backup`
 * add keys to the target and backup.
 */
function withBackup(opts: { target?: string; backup?: string; extra?: string; store?: string; identities?: string[] } = {}): string {
  const people = ['alice', 'dave', ...(opts.identities ?? [])];
  return `${HEADER}
providers:
  cloud: { kind: cloud }
  b2: { kind: storage }
accounts:
  main: { provider: cloud, admins: [alice] }
  off: { provider: b2, admins: [dave] }
identities:
${people.map((p) => `  ${p}: { kind: person }`).join('\n')}
stores:
  db: { kind: database, account: main, criticality: critical${opts.store ? `, ${opts.store}` : ''} }
targets:
  vault: { kind: object-storage, account: off${opts.target ? `, ${opts.target}` : ''} }
backups:
  nightly: { of: db, to: vault${opts.backup ? `, ${opts.backup}` : ''} }
${opts.extra ?? ''}`;
}

/** Primary-copy events of the withBackup store, and copy events of its backup (immutable none). */
const PRIMARY = singles('store:db', 'account:main', 'provider:cloud', 'identity:alice:lost', 'identity:alice:compromised');
const COPY = singles('backup:nightly', 'target:vault', 'account:off', 'provider:b2', 'identity:dave:lost', 'identity:dave:compromised');

describe('store with no backup', () => {
  it('every event of the primary copy is a single point of failure', () => {
    expect(groupsOf(BASE, 'db')).toEqual(
      family(...singles('account:main', 'identity:alice:compromised', 'identity:alice:lost', 'provider:cloud', 'store:db')),
    );
  });

  it('with a region, a site and depends_on, each is one more single point of failure', () => {
    const yaml = BASE.replace(
      'criticality: critical }',
      'criticality: critical, region: ams3, site: office, depends_on: [dns] }\nservices:\n  dns: { kind: dns }',
    );
    expect(groupsOf(yaml, 'db')).toEqual(
      family(
        ...singles('account:main', 'identity:alice:compromised', 'identity:alice:lost', 'provider:cloud', 'store:db'),
        ...singles('region:cloud/ams3', 'site:office', 'service:dns'),
      ),
    );
  });
});

describe('account gate', () => {
  it('one admin: losing that admin loses the account', () => {
    expect(has(groupsOf(BASE, 'db'), 'identity:alice:lost')).toBe(true);
  });

  it('two admins: the account is lost only when both are lost (a group of size 2)', () => {
    const yaml = BASE.replace('admins: [alice]', 'admins: [alice, bob]').replace(
      'alice: { kind: person }',
      'alice: { kind: person }\n  bob: { kind: person }',
    );
    expect(groupsOf(yaml, 'db')).toEqual(
      family(
        ...singles('account:main', 'provider:cloud', 'store:db'),
        // Either admin can delete the primary copy.
        ...singles('identity:alice:compromised', 'identity:bob:compromised'),
        ['identity:alice:lost', 'identity:bob:lost'],
      ),
    );
  });

  it('no admins: no admin event at all', () => {
    const yaml = BASE.replace('admins: [alice]', 'admins: []');
    expect(groupsOf(yaml, 'db')).toEqual(family(...singles('account:main', 'provider:cloud', 'store:db')));
  });

  it('billing: a failed payment method suspends the account', () => {
    const yaml = BASE.replace('admins: [alice] }', 'admins: [alice], billing: card }') + 'billing:\n  card: { kind: card }\n';
    expect(singlePoints(groupsOf(yaml, 'db'))).toContain('billing:card');
  });

  it('a billing method shared by two accounts takes both: backups elsewhere do not help', () => {
    const yaml = withBackup({ extra: 'billing:\n  card: { kind: card }\n' })
      .replace('admins: [alice] }', 'admins: [alice], billing: card }')
      .replace('admins: [dave] }', 'admins: [dave], billing: card }');
    expect(singlePoints(groupsOf(yaml, 'db'))).toEqual(['billing:card']);
  });

  it('parent account: its failure (even all its admins lost) suspends the child; its admins can delete there', () => {
    const yaml = BASE.replace('admins: [alice] }', 'admins: [alice], parent: org }\n  org: { provider: cloud, admins: [bob] }').replace(
      'alice: { kind: person }',
      'alice: { kind: person }\n  bob: { kind: person }',
    );
    expect(groupsOf(yaml, 'db')).toEqual(
      family(
        ...singles('account:main', 'account:org', 'provider:cloud', 'store:db'),
        ...singles('identity:alice:lost', 'identity:alice:compromised', 'identity:bob:lost', 'identity:bob:compromised'),
      ),
    );
  });

  it('parent_access: none keeps the parent’s admins out; the parent’s failure still suspends the child', () => {
    const yaml = BASE.replace('admins: [alice] }', 'admins: [alice], parent: org, parent_access: none }\n  org: { provider: cloud, admins: [bob] }').replace(
      'alice: { kind: person }',
      'alice: { kind: person }\n  bob: { kind: person }',
    );
    expect(groupsOf(yaml, 'db')).toEqual(
      family(
        ...singles('account:main', 'account:org', 'provider:cloud', 'store:db'),
        ...singles('identity:alice:lost', 'identity:alice:compromised', 'identity:bob:lost'),
      ),
    );
  });

  it('parent chains: every ancestor’s admins can delete, up to the first parent_access: none', () => {
    const chain = (mainAccess: string, orgAccess: string) => `${HEADER}
providers:
  cloud: { kind: cloud }
accounts:
  root: { provider: cloud, admins: [rita] }
  org: { provider: cloud, admins: [olga], parent: root${orgAccess} }
  main: { provider: cloud, admins: [alice], parent: org${mainAccess} }
identities:
  alice: { kind: person }
  olga: { kind: person }
  rita: { kind: person }
stores:
  db: { kind: database, account: main, criticality: critical }
`;
    const compromised = (yaml: string) => singlePoints(groupsOf(yaml, 'db')).filter((e) => e.endsWith(':compromised'));
    expect(compromised(chain('', ''))).toEqual(['identity:alice:compromised', 'identity:olga:compromised', 'identity:rita:compromised']);
    // org keeps root out: olga still reaches main, rita no longer.
    expect(compromised(chain('', ', parent_access: none'))).toEqual(['identity:alice:compromised', 'identity:olga:compromised']);
    // main keeps org out: the walk stops there, so root's admins are out too (even without org saying none).
    expect(compromised(chain(', parent_access: none', ''))).toEqual(['identity:alice:compromised']);
    expect(compromised(chain(', parent_access: admin', ''))).toEqual(['identity:alice:compromised', 'identity:olga:compromised', 'identity:rita:compromised']);
    // Whatever parent_access says, each ancestor's failure still suspends main.
    expect(singlePoints(groupsOf(chain(', parent_access: none', ''), 'db'))).toEqual(
      expect.arrayContaining(['account:org', 'account:root', 'identity:olga:lost', 'identity:rita:lost']),
    );
  });

  it('an organization admin over the data’s and the backup’s accounts deletes both, unless the vault says parent_access: none', () => {
    const org = (vaultAccess: string) => `${HEADER}
providers:
  aws: { kind: cloud }
accounts:
  mgmt: { provider: aws, admins: [root-admin] }
  prod: { provider: aws, admins: [alice], parent: mgmt }
  vault: { provider: aws, admins: [dave], parent: mgmt${vaultAccess} }
identities:
  root-admin: { kind: person }
  alice: { kind: person }
  dave: { kind: person }
stores:
  db: { kind: database, account: prod, criticality: critical }
targets:
  vault-bucket: { kind: object-storage, account: vault }
backups:
  nightly: { of: db, to: vault-bucket }
`;
    expect(singlePoints(groupsOf(org(''), 'db'))).toEqual([
      'account:mgmt', 'identity:root-admin:compromised', 'identity:root-admin:lost', 'provider:aws',
    ]);
    expect(singlePoints(groupsOf(org(', parent_access: none'), 'db'))).toEqual(['account:mgmt', 'identity:root-admin:lost', 'provider:aws']);
    // The admin of the vault and of the data sit in different accounts: compromising both is a pair.
    expect(has(groupsOf(org(', parent_access: none'), 'db'), 'identity:alice:compromised', 'identity:dave:compromised')).toBe(true);
  });

  it('a backup copy at a target in a member account: the parent’s admins can delete it too (with the target’s own admins)', () => {
    const yaml = withBackup({ target: 'admins: [frank]', identities: ['frank', 'owen'] }).replace(
      'off: { provider: b2, admins: [dave] }',
      'off: { provider: b2, admins: [dave], parent: b2-org }\n  b2-org: { provider: b2, admins: [owen] }',
    );
    expect(groupsOf(yaml, 'db')).toEqual(
      family(
        ...cross(PRIMARY, [
          ...COPY,
          ['account:b2-org'],
          ['identity:owen:lost'],
          ['identity:owen:compromised'],
          ['identity:frank:compromised'],
        ]),
      ),
    );
  });

  it('parent chains: a grandparent suspends the grandchild', () => {
    const yaml = BASE.replace(
      'admins: [alice] }',
      'admins: [alice], parent: org }\n  org: { provider: cloud, parent: root }\n  root: { provider: other }',
    ).replace('cloud: { kind: cloud }', 'cloud: { kind: cloud }\n  other: { kind: cloud }');
    expect(singlePoints(groupsOf(yaml, 'db'))).toEqual(
      ['account:main', 'account:org', 'account:root', 'identity:alice:compromised', 'identity:alice:lost', 'provider:cloud', 'provider:other', 'store:db'],
    );
  });

  it('login service: admins log in through it, so it and what it runs on take the account', () => {
    const yaml =
      BASE.replace('admins: [alice] }', 'admins: [alice], login: sso }').replace(
        'cloud: { kind: cloud }',
        'cloud: { kind: cloud }\n  google: { kind: saas }',
      ) + 'services:\n  sso: { kind: identity-provider, provider: google }\n';
    expect(groupsOf(yaml, 'db')).toEqual(
      family(
        ...singles('account:main', 'identity:alice:compromised', 'identity:alice:lost', 'provider:cloud', 'store:db'),
        ...singles('service:sso', 'provider:google'),
      ),
    );
  });
});

describe('service gate', () => {
  it('a service fails with its own event, its provider, or its account (and that account’s gate)', () => {
    const yaml = `${HEADER}
providers:
  cloud: { kind: cloud }
  dd: { kind: saas }
accounts:
  main: { provider: cloud, admins: [alice] }
  dd-acct: { provider: dd, admins: [carol, erin] }
identities:
  alice: { kind: person }
  carol: { kind: person }
  erin: { kind: machine }
services:
  mon: { kind: monitoring, provider: dd, account: dd-acct }
stores:
  db: { kind: database, account: main, criticality: critical, depends_on: [mon] }
`;
    expect(groupsOf(yaml, 'db')).toEqual(
      family(
        ...singles('account:main', 'identity:alice:compromised', 'identity:alice:lost', 'provider:cloud', 'store:db'),
        ...singles('service:mon', 'provider:dd', 'account:dd-acct'),
        // The service account's admins lost together stop the service; their compromise does not touch db.
        ['identity:carol:lost', 'identity:erin:lost'],
      ),
    );
  });

  it('a service without provider or account fails only by itself', () => {
    const yaml = BASE.replace('criticality: critical }', 'criticality: critical, depends_on: [dns] }') + 'services:\n  dns: { kind: dns }\n';
    expect(singlePoints(groupsOf(yaml, 'db'))).toContain('service:dns');
    expect(groupsOf(yaml, 'db')).toHaveLength(6);
  });

  it('services may depend on other entities', () => {
    const yaml =
      BASE.replace('criticality: critical }', 'criticality: critical, depends_on: [status] }') +
      'services:\n  dns: { kind: dns }\n  status: { kind: status-page, depends_on: [dns, bob] }\n';
    const withBob = yaml.replace('alice: { kind: person }', 'alice: { kind: person }\n  bob: { kind: machine }');
    const points = singlePoints(groupsOf(withBob, 'db'));
    // depends_on an identity: that identity lost.
    expect(points).toEqual(expect.arrayContaining(['service:status', 'service:dns', 'identity:bob:lost']));
    expect(points).not.toContain('identity:bob:compromised');
  });
});

describe('backup copy gate', () => {
  it('a backup in an independent account: every group pairs a primary event with a copy event', () => {
    expect(groupsOf(withBackup(), 'db')).toEqual(family(...cross(PRIMARY, COPY)));
  });

  it('independence of the data set is 2, of a backup-less one 1', () => {
    const result = parseInventory(withBackup(), 't.yaml');
    if (!result.ok) throw new Error('load');
    const [db] = computeRiskGroups(buildFaultGraph(result.inventory), { maxOrder: 3 });
    expect(db?.independence).toBe(2);
    const base = parseInventory(BASE, 't.yaml');
    if (!base.ok) throw new Error('load');
    expect(computeRiskGroups(buildFaultGraph(base.inventory), { maxOrder: 3 })[0]?.independence).toBe(1);
  });

  it('a data set with no group up to the bound has independence null', () => {
    const result = parseInventory(withBackup(), 't.yaml');
    if (!result.ok) throw new Error('load');
    const [db] = computeRiskGroups(buildFaultGraph(result.inventory), { maxOrder: 1 });
    expect({ id: db?.id, count: db?.count, groups: db?.groups, independence: db?.independence }).toEqual({ id: 'db', count: 0, groups: [], independence: null });
  });

  it('key in the same account as the data: that account’s failure loses both', () => {
    const yaml = withBackup({ backup: 'encryption: k', extra: 'keys:\n  k: { account: main }\n' });
    expect(groupsOf(yaml, 'db')).toEqual(
      family(
        ...singles('account:main', 'provider:cloud', 'identity:alice:lost'),
        ...cross(singles('store:db', 'identity:alice:compromised'), [...COPY, ['key:k']]),
      ),
    );
  });

  it('key held offline by two people: lost only when both are', () => {
    const yaml = withBackup({
      backup: 'encryption: k',
      identities: ['bob', 'carol'],
      extra: 'keys:\n  k: { held_by: [bob, carol] }\n',
    });
    expect(groupsOf(yaml, 'db')).toEqual(
      family(...cross(PRIMARY, [...COPY, ['key:k']]), ...cross(PRIMARY, [['identity:bob:lost', 'identity:carol:lost']])),
    );
  });

  it('key held offline by one person: that person lost destroys the key', () => {
    const yaml = withBackup({ backup: 'encryption: k', identities: ['bob'], extra: 'keys:\n  k: { held_by: [bob] }\n' });
    expect(groupsOf(yaml, 'db')).toEqual(family(...cross(PRIMARY, [...COPY, ['key:k'], ['identity:bob:lost']])));
  });

  it('replica: store:X and the primary’s deleters hit the replica too', () => {
    const yaml = withBackup({ backup: 'mode: replica' });
    expect(groupsOf(yaml, 'db')).toEqual(
      family(
        ...singles('store:db', 'identity:alice:compromised'),
        ...cross(singles('account:main', 'provider:cloud', 'identity:alice:lost'), COPY),
      ),
    );
    // A point-in-time backup survives both.
    expect(singlePoints(groupsOf(withBackup({ backup: 'mode: backup' }), 'db'))).toEqual([]);
  });

  it('replica: extra deleters of the primary (store deletable_by) hit the replica too', () => {
    const yaml = withBackup({ backup: 'mode: replica', store: 'deletable_by: [ci]', identities: ['ci'] });
    expect(singlePoints(groupsOf(yaml, 'db'))).toEqual(['identity:alice:compromised', 'identity:ci:compromised', 'store:db']);
  });

  it('store deletable_by: those identities can delete the primary copy', () => {
    const yaml = withBackup({ store: 'deletable_by: [ci]', identities: ['ci'] });
    expect(groupsOf(yaml, 'db')).toEqual(family(...cross([...PRIMARY, ['identity:ci:compromised']], COPY)));
  });

  it('backup deletable_by: those identities can delete the copy (unless compliance or offline)', () => {
    const yaml = withBackup({ backup: 'deletable_by: [ci]', identities: ['ci'] });
    expect(groupsOf(yaml, 'db')).toEqual(family(...cross(PRIMARY, [...COPY, ['identity:ci:compromised']])));
    const locked = withBackup({ backup: 'deletable_by: [ci]', identities: ['ci'], target: 'immutable: compliance' });
    expect(groupsOf(locked, 'db').flat()).not.toContain('identity:ci:compromised');
  });

  it('restore.requires: what must be up to restore fails the copy', () => {
    const yaml = withBackup({
      backup: 'restore: { requires: [mon, main] }',
      extra: 'services:\n  mon: { kind: monitoring }\n',
    });
    // Restoring needs account main, where the data lives: its failure loses both.
    expect(groupsOf(yaml, 'db')).toEqual(
      family(
        ...singles('account:main', 'provider:cloud', 'identity:alice:lost'),
        ...cross(singles('store:db', 'identity:alice:compromised'), [...COPY, ['service:mon']]),
      ),
    );
  });

  it('one admin on both accounts: their compromise deletes both copies', () => {
    const yaml = withBackup().replace('admins: [dave]', 'admins: [alice]');
    expect(singlePoints(groupsOf(yaml, 'db'))).toEqual(['identity:alice:compromised', 'identity:alice:lost']);
  });

  it('a data set is lost only when the primary and every copy fail', () => {
    const yaml = withBackup({
      extra: `  weekly: { of: db, to: nas }
`,
    }).replace(
      'targets:\n',
      'targets:\n  nas: { kind: nas, admins: [erin], site: office }\n',
    ).replace('dave: { kind: person }', 'dave: { kind: person }\n  erin: { kind: person }');
    const groups = groupsOf(yaml, 'db', 3);
    const nas = singles('backup:weekly', 'target:nas', 'site:office', 'identity:erin:lost', 'identity:erin:compromised');
    expect(groups).toEqual(family(...cross(PRIMARY, COPY, nas)));
  });
});

describe('immutability', () => {
  const compromiseOfTargetAdmin = (immutable: string) =>
    groupsOf(withBackup({ target: `immutable: ${immutable}` }), 'db').filter((g) => g.includes('identity:dave:compromised'));

  it('none and governance: the target account’s admins can delete the copy', () => {
    for (const immutable of ['none', 'governance']) {
      expect(groupsOf(withBackup({ target: `immutable: ${immutable}` }), 'db')).toEqual(family(...cross(PRIMARY, COPY)));
      expect(compromiseOfTargetAdmin(immutable)).toHaveLength(PRIMARY.length);
    }
  });

  it('compliance and offline: compromise of any admin does not delete the copy', () => {
    const copy = COPY.filter((g) => g[0] !== 'identity:dave:compromised');
    for (const immutable of ['compliance', 'offline']) {
      expect(groupsOf(withBackup({ target: `immutable: ${immutable}` }), 'db')).toEqual(family(...cross(PRIMARY, copy)));
      expect(compromiseOfTargetAdmin(immutable)).toEqual([]);
    }
  });

  it('governance does not protect against one admin of both accounts; compliance does', () => {
    const shared = (immutable: string) =>
      withBackup({ target: `immutable: ${immutable}` }).replace('admins: [dave]', 'admins: [alice, dave]');
    expect(singlePoints(groupsOf(shared('governance'), 'db'))).toEqual(['identity:alice:compromised']);
    expect(singlePoints(groupsOf(shared('compliance'), 'db'))).toEqual([]);
  });

  it('a replica mirrors deletes even to a compliance-locked target', () => {
    const yaml = withBackup({ backup: 'mode: replica', target: 'immutable: compliance' });
    expect(singlePoints(groupsOf(yaml, 'db'))).toEqual(['identity:alice:compromised', 'store:db']);
  });
});

describe('target gate', () => {
  const selfHosted = (target: string, people: string[] = ['carol', 'erin']) => `${HEADER}
providers:
  cloud: { kind: cloud }
  hetzner: { kind: hosting }
accounts:
  main: { provider: cloud, admins: [alice] }
identities:
  alice: { kind: person }
${people.map((p) => `  ${p}: { kind: person }`).join('\n')}
stores:
  db: { kind: database, account: main, criticality: critical }
targets:
  box: { kind: ssh, ${target} }
backups:
  nightly: { of: db, to: box }
`;

  it('without account: lost when ALL its admins are lost; any of them compromised deletes it', () => {
    expect(groupsOf(selfHosted('admins: [carol, erin]'), 'db')).toEqual(
      family(
        ...cross(PRIMARY, singles('backup:nightly', 'target:box', 'identity:carol:compromised', 'identity:erin:compromised')),
        ...cross(PRIMARY, [['identity:carol:lost', 'identity:erin:lost']]),
      ),
    );
  });

  it('without account, with a provider and region: region named after that provider', () => {
    const groups = groupsOf(selfHosted('admins: [carol], provider: hetzner, region: fsn1, site: dc-1, immutable: offline'), 'db');
    expect(groups).toEqual(
      family(
        ...cross(
          PRIMARY,
          singles('backup:nightly', 'target:box', 'identity:carol:lost', 'provider:hetzner', 'region:hetzner/fsn1', 'site:dc-1'),
        ),
      ),
    );
  });

  it('without account or provider: the region is named alone', () => {
    const groups = groupsOf(selfHosted('admins: [carol], region: attic, immutable: offline'), 'db');
    expect(groups).toEqual(family(...cross(PRIMARY, singles('backup:nightly', 'target:box', 'identity:carol:lost', 'region:attic'))));
  });

  it('target depends_on: those entities fail the copy', () => {
    const yaml = withBackup({ target: 'depends_on: [dns]', extra: 'services:\n  dns: { kind: dns, provider: cloud }\n' });
    // dns runs at the same provider as the data: provider:cloud now takes both copies.
    expect(groupsOf(yaml, 'db')).toEqual(
      family(
        ['provider:cloud'],
        ...cross(singles('store:db', 'account:main', 'identity:alice:lost', 'identity:alice:compromised'), [...COPY, ['service:dns']]),
      ),
    );
  });

  it('extra admins of a target in an account can delete its copies', () => {
    const yaml = withBackup({ target: 'admins: [frank]', identities: ['frank'] });
    expect(groupsOf(yaml, 'db')).toEqual(family(...cross(PRIMARY, [...COPY, ['identity:frank:compromised']])));
  });
});

describe('places', () => {
  it('regions are named per provider: region:<provider>/<region>', () => {
    const yaml = withBackup({ store: 'region: eu-1', target: 'region: eu-1' });
    const groups = groupsOf(yaml, 'db');
    expect(groups.flat()).toContain('region:cloud/eu-1');
    expect(groups.flat()).toContain('region:b2/eu-1');
    // Same region name at two providers: two different places, no single point of failure.
    expect(singlePoints(groups)).toEqual([]);
  });

  it('the same region at the same provider is a single point of failure', () => {
    const yaml = withBackup({ store: 'region: ams3', target: 'region: ams3' }).replace('off: { provider: b2', 'off: { provider: cloud');
    expect(singlePoints(groupsOf(yaml, 'db'))).toEqual(['provider:cloud', 'region:cloud/ams3']);
  });

  it('a site shared by the data and its backup is a single point of failure', () => {
    const yaml = withBackup({ store: 'site: office', target: 'site: office' });
    expect(singlePoints(groupsOf(yaml, 'db'))).toEqual(['site:office']);
  });
});

describe('depends_on', () => {
  it('points at any section: provider, account, identity, billing, key, store, target, backup', () => {
    const yaml = `${HEADER}
providers:
  cloud: { kind: cloud }
  dns-co: { kind: saas }
accounts:
  main: { provider: cloud, admins: [alice] }
  other: { provider: cloud, admins: [bob, carol] }
identities:
  alice: { kind: person }
  bob: { kind: person }
  carol: { kind: person }
  ops: { kind: machine }
billing:
  card: { kind: card }
keys:
  k: { held_by: [bob, carol] }
stores:
  base: { kind: database, account: other, criticality: low }
  db: { kind: database, account: main, criticality: critical, depends_on: [dns-co, other, ops, card, k, base] }
`;
    expect(groupsOf(yaml, 'db')).toEqual(
      family(
        ...singles('account:main', 'identity:alice:compromised', 'identity:alice:lost', 'provider:cloud', 'store:db'),
        ...singles('provider:dns-co', 'account:other', 'identity:ops:lost', 'billing:card', 'key:k', 'store:base'),
        // Deleters of store base (admins of account other) can delete what db depends on.
        ...singles('identity:bob:compromised', 'identity:carol:compromised'),
        // Both admins of other lost: the account, the key and store base all go.
        ['identity:bob:lost', 'identity:carol:lost'],
      ),
    );
  });

  it('on a target or a backup copy', () => {
    const yaml = withBackup({
      extra: `  weekly: { of: db, to: vault }
`,
    }).replace(
      'stores:\n  db: { kind: database, account: main, criticality: critical }',
      'stores:\n  db: { kind: database, account: main, criticality: critical }\n  app: { kind: vm, account: main, criticality: low, depends_on: [vault, weekly] }',
    );
    const app = groupsOf(yaml, 'app');
    expect(app).toEqual(
      family(
        ...singles('store:app', 'account:main', 'provider:cloud', 'identity:alice:lost', 'identity:alice:compromised'),
        ...singles('backup:weekly', 'target:vault', 'account:off', 'provider:b2', 'identity:dave:lost', 'identity:dave:compromised'),
      ),
    );
  });
});

describe('keys and identities that depend on things', () => {
  it('a key kept on the production host is gone with it (key depends_on)', () => {
    const yaml = withBackup({
      backup: 'encryption: restic-pw',
      identities: ['bob', 'carol'],
      extra: 'keys:\n  restic-pw: { held_by: [bob, carol], depends_on: [db] }\n',
    });
    // Losing the primary copy now also destroys the key to the backup: every primary failure is a single point.
    expect(groupsOf(yaml, 'db')).toEqual(family(...PRIMARY));
    const account = withBackup({ backup: 'encryption: k', extra: 'keys:\n  k: { account: off, depends_on: [dns] }\nservices:\n  dns: { kind: dns }\n' });
    expect(groupsOf(account, 'db')).toEqual(family(...cross(PRIMARY, [...COPY, ['key:k'], ['service:dns']])));
  });

  it('an admin whose password reset goes to a mailbox is lost when the mailbox is (identity depends_on)', () => {
    const yaml = withBackup({
      identities: ['erin'],
      extra: `services:\n  mail: { kind: communication }\n`,
    })
      .replace('off: { provider: b2, admins: [dave] }', 'off: { provider: b2, admins: [dave, erin] }')
      .replace('dave: { kind: person }', 'dave: { kind: person, depends_on: [mail] }')
      .replace('erin: { kind: person }', 'erin: { kind: person, depends_on: [mail] }');
    // Both admins of the backup account recover through the same mailbox: it takes the account.
    const groups = groupsOf(yaml, 'db');
    expect(groups).toEqual(
      family(
        ...cross(PRIMARY, [
          ...singles('backup:nightly', 'target:vault', 'account:off', 'provider:b2'),
          ...singles('identity:dave:compromised', 'identity:erin:compromised', 'service:mail'),
          ['identity:dave:lost', 'identity:erin:lost'],
        ]),
      ),
    );
  });

  it('the lost identity is a gate that every "all lost", depends_on and failureOf use', () => {
    const yaml = `${HEADER}
providers:
  cloud: { kind: cloud }
accounts:
  main: { provider: cloud, admins: [alice] }
identities:
  alice: { kind: person, depends_on: [phone] }
  bob: { kind: person }
services:
  phone: { kind: vendor }
keys:
  k: { held_by: [alice] }
stores:
  db: { kind: database, account: main, criticality: critical }
  app: { kind: vm, account: main, criticality: low, depends_on: [alice] }
targets:
  box: { kind: ssh, admins: [alice, bob] }
`;
    const result = parseInventory(yaml, 'test.yaml');
    if (!result.ok) throw new Error(result.problems.map((p) => p.message).join('\n'));
    const graph = buildFaultGraph(result.inventory);
    const lost = graph.gateIndex.get('identity-lost:alice')!;
    expect(graph.gates[lost]).toMatchObject({ op: 'or' });
    expect(graph.failureOf.get('alice')).toEqual({ gate: lost });
    expect(graph.failureOf.get('bob')).toEqual({ event: graph.eventIndex.get('identity:bob:lost') });
    expect(graph.failureOf.get('k')).toEqual({ gate: graph.gateIndex.get('key-fails:k') });
    expect(graph.gates[graph.gateIndex.get('key-fails:k')!]!.gates).toContain(lost);
    expect(graph.gates[graph.gateIndex.get('admins-lost:box')!]!.gates).toContain(lost);
    expect(singlePoints(groupsOf(yaml, 'db'))).toContain('service:phone');
    expect(singlePoints(groupsOf(yaml, 'app'))).toContain('service:phone');
  });

  it('depends_on naming an identity that depends on something reaches through it', () => {
    const yaml = BASE.replace('alice: { kind: person }', 'alice: { kind: person }\n  ops: { kind: machine, depends_on: [vault] }\nservices:\n  vault: { kind: vendor }').replace(
      'criticality: critical }',
      'criticality: critical, depends_on: [ops] }',
    );
    expect(singlePoints(groupsOf(yaml, 'db'))).toEqual(expect.arrayContaining(['identity:ops:lost', 'service:vault']));
  });
});

describe('reference cycles through keys and identities', () => {
  const load = (yaml: string) => parseInventory(yaml, 'test.yaml');

  it('an admin who recovers through a mailbox in the account they administer is a cycle, shown as a loop', () => {
    const yaml = BASE.replace('alice: { kind: person }', 'alice: { kind: person, depends_on: [mail] }').replace(
      'stores:',
      'stores:\n  mail: { kind: mailbox, account: main, criticality: high }',
    );
    const result = load(yaml);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]!.message).toBe('reference cycle: main → (admins) alice → (depends_on) mail → (account) main');
  });

  it('a key that depends on a backup encrypted with it is a cycle', () => {
    const yaml = withBackup({ backup: 'encryption: k', extra: 'keys:\n  k: { depends_on: [nightly] }\n' });
    const result = load(yaml);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems[0]!.message).toMatch(/reference cycle: .*\(encryption\) k.*\(depends_on\) nightly|reference cycle: .*\(depends_on\) nightly.*\(encryption\) k/);
  });

  it('naming who can delete is no dependency: a deleter who depends on what they can delete is fine', () => {
    const yaml = withBackup({
      store: 'deletable_by: [ci]',
      backup: 'deletable_by: [ci]',
      target: 'admins: [ci]',
      identities: ['ci'],
    }).replace('ci: { kind: person }', 'ci: { kind: machine, depends_on: [db, vault, nightly] }');
    const result = load(yaml);
    expect(result.ok, result.ok ? '' : result.problems.map((p) => p.message).join('\n')).toBe(true);
    expect(singlePoints(groupsOf(yaml, 'db'))).toEqual(['identity:ci:compromised']);
  });
});

describe('DESIGN §2 example (Raisup)', () => {
  const RAISUP = `# yaml-language-server: $schema=../schema/inventory.schema.json
version: 1
name: Raisup production

providers:
  digitalocean: { kind: cloud }
  backblaze:    { kind: storage }

accounts:
  do-main:
    provider: digitalocean
    billing: company-card
    admins: [founder]
    login: google-sso
    parent: null
  b2-offsite:
    provider: backblaze
    billing: company-amex
    admins: [founder, cto]

identities:
  founder: { kind: person }
  cto:     { kind: person }
  ci-deployer: { kind: machine }

billing:
  company-card: { kind: card }
  company-amex: { kind: card }

services:
  google-sso: { kind: identity-provider }
  datadog:    { kind: monitoring }

keys:
  backup-key:
    account: do-main

stores:
  customer-db:
    kind: database
    account: do-main
    region: ams3
    site: null
    criticality: critical
    rpo: 24h
    owner: platform-team
    depends_on: [datadog]

targets:
  do-spaces:
    kind: object-storage
    account: do-main
    region: ams3
    media: object
    immutable: none
  office-nas:
    kind: ssh
    site: office
    admins: [cto]

backups:
  customer-db-nightly:
    of: customer-db
    to: do-spaces
    mode: backup
    every: 24h
    keep: 30d
    encryption: backup-key
    deletable_by: [ci-deployer]
    restore:
      last_tested: 2026-09-01
      requires: [datadog]
`;

  it('account do-main is a single point of failure for customer-db, with its provider, billing, admin and login', () => {
    const groups = groupsOf(RAISUP, 'customer-db');
    expect(groups).toEqual(
      family(
        ...singles(
          'account:do-main',
          'provider:digitalocean',
          'billing:company-card',
          'identity:founder:lost',
          'identity:founder:compromised',
          'service:google-sso',
          'region:digitalocean/ams3',
          'service:datadog',
        ),
        ...cross(
          [['store:customer-db']],
          singles('backup:customer-db-nightly', 'target:do-spaces', 'key:backup-key', 'identity:ci-deployer:compromised'),
        ),
      ),
    );
  });

  it('a second copy at b2-offsite removes the account, billing, provider and region as single points', () => {
    const yaml = RAISUP.replace(
      '  office-nas:',
      '  b2-bucket:\n    kind: object-storage\n    account: b2-offsite\n    immutable: compliance\n  office-nas:',
    ) + '  customer-db-offsite:\n    of: customer-db\n    to: b2-bucket\n';
    const groups = groupsOf(yaml, 'customer-db');
    expect(singlePoints(groups)).toEqual([]);
    expect(has(groups, 'account:do-main', 'account:b2-offsite')).toBe(true);
    expect(has(groups, 'billing:company-card', 'billing:company-amex')).toBe(true);
    // datadog runs the primary and is needed to restore do-spaces, but not the offsite copy.
    expect(has(groups, 'account:b2-offsite', 'service:datadog')).toBe(true);
    // founder administers both accounts, but the offsite bucket is compliance-locked.
    expect(has(groups, 'account:b2-offsite', 'identity:founder:compromised')).toBe(true);
    // Both admins of b2-offsite lost suspends it; founder lost alone already takes do-main.
    expect(has(groups, 'identity:founder:lost')).toBe(false);
    expect(has(groups, 'identity:cto:lost', 'identity:founder:lost')).toBe(true);
  });
});

describe('inventory fields of the amended DESIGN §2', () => {
  const yaml = withBackup({
    store: 'rto: 1y, owner: alice',
    target: 'media: optical',
    backup: 'keep: 2y, restore: { takes: 3d }',
    extra: `  standby: { of: db, to: replica-server, mode: replica }
  vm-copy: { of: db, to: standby-vm }
`,
  }).replace(
    'targets:\n',
    'targets:\n  replica-server: { kind: database, account: off }\n  standby-vm: { kind: vm, account: off, owner: platform team }\n',
  );
  const load = () => {
    const result = parseInventory(yaml, 'test.yaml');
    if (!result.ok) throw new Error(result.problems.map((p) => p.message).join('\n'));
    return result.inventory;
  };

  it('durations take y for 365 days', () => {
    const inv = load();
    expect(inv.stores.get('db')!.rto).toEqual({ text: '1y', seconds: 365 * 86_400 });
    expect(inv.backups.get('nightly')!.keep).toEqual({ text: '2y', seconds: 2 * 365 * 86_400 });
    expect(inv.backups.get('nightly')!.restore.takes).toEqual({ text: '3d', seconds: 3 * 86_400 });
  });

  it('database and vm targets hold copies on disk unless media says otherwise', () => {
    const inv = load();
    expect(inv.targets.get('replica-server')!.media).toBe('disk');
    expect(inv.targets.get('standby-vm')!.media).toBe('disk');
    expect(inv.targets.get('vault')!.media).toBe('optical');
  });

  it('owner is text: an identity id or a team name, neither a reference nor a dependency', () => {
    const inv = load();
    expect(inv.stores.get('db')!.owner).toBe('alice');
    expect(inv.targets.get('standby-vm')!.owner).toBe('platform team');
    // Owning something is no way to lose or delete it: the same inventory without owners has the same groups.
    expect(groupsOf(yaml, 'db')).toEqual(groupsOf(yaml.replace(', owner: alice', '').replace(', owner: platform team', ''), 'db'));
  });
});
