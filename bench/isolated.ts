// The "isolated" benchmark shape: every data set has copies of its own (its own store and backup
// events; accounts and targets shared only by a few), so few gates are shared between data sets
// and each data set has a few hundred minimal risk groups of size 3 (about a million in all at
// 10k entities). The shared shape (test/support/generate.ts) is where per-top-event analysis
// (SCRAM) is weak; this one is where it is strong.
type Obj = Record<string, unknown>;

/** Three providers, one per copy, so no single failure reaches the primary and both copies. */
const PROVIDERS = ['cloud-a', 'cloud-b', 'cloud-c'];
const REGIONS = ['r1', 'r2', 'r3'];

export function isolatedInventory(entities: number): Obj {
  // Per group of accounts: an account, its billing and its admin; per data set: a store, two backups.
  const accountCount = Math.max(3, Math.round(entities / 150)) * 3;
  const fixed = PROVIDERS.length + accountCount * 3 + accountCount;
  const dataSets = Math.max(1, Math.floor((entities - fixed) / 3));
  const providers: Record<string, Obj> = Object.fromEntries(PROVIDERS.map((p) => [p, { kind: 'cloud' }]));
  const identities: Record<string, Obj> = {};
  const billing: Record<string, Obj> = {};
  const accounts: Record<string, Obj> = {};
  const targets: Record<string, Obj> = {};
  for (let a = 0; a < accountCount; a++) {
    identities[`admin-${a}`] = { kind: 'person' };
    billing[`card-${a}`] = { kind: 'card' };
    accounts[`acct-${a}`] = { provider: PROVIDERS[a % 3], billing: `card-${a}`, admins: [`admin-${a}`] };
    targets[`vault-${a}`] = { kind: 'object-storage', account: `acct-${a}`, region: REGIONS[Math.floor(a / 3) % 3], immutable: 'none' };
  }
  const stores: Record<string, Obj> = {};
  const backups: Record<string, Obj> = {};
  // Accounts of provider k are those a with a % 3 === k: the primary in one provider, each copy in another.
  const inProvider = (k: number, i: number) => 3 * (i % (accountCount / 3)) + k;
  for (let i = 0; i < dataSets; i++) {
    const id = `db-${i}`;
    stores[id] = { kind: 'database', account: `acct-${inProvider(0, i)}`, region: REGIONS[i % 3], criticality: i === 0 ? 'critical' : 'high', rpo: '1d' };
    backups[`${id}-nightly`] = { of: id, to: `vault-${inProvider(1, i * 7 + 1)}`, every: '1d', keep: '30d' };
    backups[`${id}-weekly`] = { of: id, to: `vault-${inProvider(2, i * 13 + 2)}`, every: '1w', keep: '90d' };
  }
  return { version: 1, name: `isolated data sets, ${entities} entities`, providers, identities, billing, accounts, stores, targets, backups };
}
