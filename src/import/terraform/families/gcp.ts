// Google Cloud: Cloud Storage buckets (versioning, retention policy lock) and Cloud SQL (backups, replicas).
import type { Immutability } from '../../../inventory/types.js';
import { block, num, str, type ImportContext } from '../context.js';
import { backupEntry, days, storeEntry, targetEntry } from '../entries.js';
import type { TfResource } from '../read.js';

export function mapGcs(ctx: ImportContext): void {
  for (const b of ctx.of('google_storage_bucket')) {
    const versioning = block(b.values.versioning)?.enabled === true;
    const retention = block(b.values.retention_policy);
    const immutable: Immutability = retention ? (retention.is_locked === true ? 'compliance' : 'governance') : 'none';
    const store = storeEntry(ctx, b, { kind: 'bucket', notes: versioning || !ctx.unknownSays(b, 'versioning') ? [] : ['versioning is unknown until apply: none assumed.'] });
    if (!versioning) continue;
    const target = targetEntry(ctx, `${store}.versions`, b, { kind: 'object-storage', immutable, notes: [`noncurrent versions in the same bucket${retention ? `; retention policy ${retention.is_locked === true ? 'locked' : 'not locked'}` : ''}`] }, false);
    const retentionDays = num(retention?.retention_period);
    backupEntry(ctx, `${store}.versioning`, b, { of: store, to: target, mode: 'backup', ...(retentionDays ? { keep: days(retentionDays / 86400)! } : {}) });
  }
}

export function mapCloudSql(ctx: ImportContext): void {
  const stores = new Map<TfResource, string>();
  const replicas: TfResource[] = [];
  for (const i of ctx.of('google_sql_database_instance')) {
    if (str(i.values.master_instance_name) !== undefined) {
      replicas.push(i);
      continue;
    }
    const backup = block(block(i.values.settings)?.backup_configuration);
    const unknown = backup?.enabled === undefined && ctx.unknownSays(i, 'settings');
    const store = storeEntry(ctx, i, { kind: 'database', notes: unknown ? ['backup_configuration is unknown until apply: no backups assumed.'] : backup?.enabled === true ? [] : ['automated backups are off.'] });
    stores.set(i, store);
    if (backup?.enabled !== true) continue;
    const retained = num(block(backup.backup_retention_settings)?.retained_backups) ?? 7;
    const target = targetEntry(ctx, `${store}.backups`, i, { kind: 'snapshots', ...(str(backup.location) ? { region: str(backup.location)!.toLowerCase() } : {}), notes: ['Cloud SQL automated backups, in the same project'] }, false);
    backupEntry(ctx, `${store}.automated-backups`, i, {
      of: store,
      to: target,
      mode: 'backup',
      every: backup.point_in_time_recovery_enabled === true || backup.binary_log_enabled === true ? '5m' : '24h',
      keep: days(retained)!,
      notes: [`${retained} daily backups retained`],
    });
  }
  for (const r of replicas) {
    const master = ctx.linked(r, 'master_instance_name', ['google_sql_database_instance'], ['name'])[0];
    const source = master ? stores.get(master) : undefined;
    const target = targetEntry(ctx, ctx.idOf(r), r, { kind: 'database', notes: ['a read replica: it mirrors deletes and corruption'] }, true);
    if (source === undefined) {
      ctx.warnings.push(`${r.file}: ${r.jsonPath}: ${r.address} replicates an instance that is not in the files; add it by hand`);
      continue;
    }
    backupEntry(ctx, `${target}.replication`, r, { of: source, to: target, mode: 'replica' });
  }
}
