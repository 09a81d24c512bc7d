// DigitalOcean droplets and managed databases, Hetzner Cloud servers: the provider's own backups,
// a copy in the same account.
import { block, str, type ImportContext } from '../context.js';
import { backupEntry, storeEntry, targetEntry } from '../entries.js';
import type { TfResource } from '../read.js';

function providerBackups(ctx: ImportContext, r: TfResource, store: string, every: string, keep: string, what: string): void {
  const target = targetEntry(ctx, `${store}.provider-backups`, r, { kind: 'snapshots', notes: [`${what}, kept by the provider in the same account`] }, false);
  backupEntry(ctx, `${store}.provider-backup`, r, { of: store, to: target, mode: 'backup', every, keep });
}

export function mapServers(ctx: ImportContext): void {
  for (const d of ctx.of('digitalocean_droplet')) {
    const store = storeEntry(ctx, d, { kind: 'vm', notes: d.values.backups === true ? [] : ['droplet backups are off.'] });
    if (d.values.backups !== true) continue;
    const daily = str(block(d.values.backup_policy)?.plan) === 'daily';
    providerBackups(ctx, d, store, daily ? '24h' : '7d', daily ? '7d' : '28d', daily ? 'daily droplet backups' : 'weekly droplet backups');
  }
  for (const db of ctx.of('digitalocean_database_cluster')) {
    const store = storeEntry(ctx, db, { kind: 'database' });
    providerBackups(ctx, db, store, '24h', '7d', 'daily backups of the managed database');
  }
  for (const s of ctx.of('hcloud_server')) {
    const store = storeEntry(ctx, s, { kind: 'vm', notes: s.values.backups === true ? [] : ['server backups are off.'] });
    if (s.values.backups === true) providerBackups(ctx, s, store, '24h', '7d', 'Hetzner server backups (7 slots, daily)');
  }
}
