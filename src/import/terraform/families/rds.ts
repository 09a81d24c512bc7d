// RDS: instances and clusters with automated backups, read replicas, and automated backups
// replicated to another region.
import { arnParts, num, str, type ImportContext } from '../context.js';
import { backupEntry, days, keyEntry, storeEntry, targetEntry } from '../entries.js';
import type { TfResource } from '../read.js';

/** Point-in-time recovery restores to within about five minutes of now. */
const PITR_EVERY = '5m';

function retentionNote(ctx: ImportContext, r: TfResource): { retention?: number; note?: string } {
  const retention = num(r.values.backup_retention_period);
  if (retention !== undefined) return retention > 0 ? { retention } : { note: 'backup_retention_period is 0: automated backups are off.' };
  if (ctx.unknownSays(r, 'backup_retention_period')) return { note: 'backup_retention_period is unknown until apply: no automated backup assumed; import the state after apply.' };
  return { note: 'backup_retention_period is not in the files: no automated backup assumed.' };
}

/** A store for an instance or cluster and its automated backups (a copy in the same account and region). */
function databaseWithBackups(ctx: ImportContext, r: TfResource, what: string): string {
  const { retention, note } = retentionNote(ctx, r);
  const store = storeEntry(ctx, r, { kind: 'database', notes: note ? [note] : [] });
  if (retention !== undefined) {
    const target = targetEntry(ctx, `${store}.snapshots`, r, { kind: 'snapshots', notes: [`the automated backups of ${what} ${store}, in its own account and region`] }, false);
    const encryption = r.values.storage_encrypted === true ? keyEntry(ctx, r, 'kms_key_id') : undefined;
    backupEntry(ctx, `${store}.automated-backups`, r, {
      of: store,
      to: target,
      mode: 'backup',
      every: PITR_EVERY,
      keep: days(retention)!,
      ...(encryption ? { encryption } : {}),
      notes: [`automated backups with point-in-time recovery, kept ${retention} day${retention === 1 ? '' : 's'}${str(r.values.backup_window) ?? str(r.values.preferred_backup_window) ? `; daily snapshot at ${str(r.values.backup_window) ?? str(r.values.preferred_backup_window)} UTC` : ''}`],
    });
  }
  return store;
}

/** Read replicas (`replicate_source_db`) and cluster replicas (`replication_source_identifier`): copies that mirror every change. */
function replica(ctx: ImportContext, r: TfResource, sourceAttribute: string, sourceTypes: readonly string[], matchOn: readonly string[], stores: Map<TfResource, string>): void {
  const value = str(r.values[sourceAttribute]);
  const sources = ctx.linked(r, sourceAttribute, sourceTypes, matchOn, value === undefined ? undefined : (arnParts(value)?.resource.replace(/^(db|cluster):/, '') ?? value));
  const fromArn = value === undefined ? [] : ctx.linked(r, sourceAttribute, sourceTypes, ['arn'], value);
  const source = [...sources, ...fromArn].map((s) => stores.get(s)).find((s) => s !== undefined);
  const target = targetEntry(ctx, ctx.idOf(r), r, { kind: 'database', notes: ['a replica: it mirrors deletes and corruption of its source'] }, true);
  if (source === undefined) {
    ctx.warnings.push(`${r.file}: ${r.jsonPath}: ${r.address} replicates ${value ?? 'a database'} that is not in the files; add its store and a backup to ${target} by hand`);
    return;
  }
  const encryption = r.values.storage_encrypted === true ? keyEntry(ctx, r, 'kms_key_id') : undefined;
  backupEntry(ctx, `${target}.replication`, r, { of: source, to: target, mode: 'replica', ...(encryption ? { encryption } : {}) });
}

export function mapRds(ctx: ImportContext, stores: Map<TfResource, string>): void {
  const replicas: [TfResource, string, readonly string[], readonly string[]][] = [];
  for (const r of ctx.of('aws_db_instance')) {
    if (str(r.values.replicate_source_db) !== undefined || (r.references.replicate_source_db ?? []).length > 0) replicas.push([r, 'replicate_source_db', ['aws_db_instance'], ['identifier', 'id']]);
    else stores.set(r, databaseWithBackups(ctx, r, 'database instance'));
  }
  for (const r of ctx.of('aws_rds_cluster')) {
    if (str(r.values.replication_source_identifier) !== undefined) replicas.push([r, 'replication_source_identifier', ['aws_rds_cluster', 'aws_db_instance'], ['cluster_identifier', 'identifier', 'arn']]);
    else stores.set(r, databaseWithBackups(ctx, r, 'cluster'));
  }
  for (const [r, attribute, types, matchOn] of replicas) replica(ctx, r, attribute, types, matchOn, stores);

  for (const r of ctx.of('aws_db_instance_automated_backups_replication')) {
    const sources = ctx.linked(r, 'source_db_instance_arn', ['aws_db_instance'], ['arn']);
    const store = sources.map((s) => stores.get(s)).find((s) => s !== undefined);
    if (store === undefined) {
      ctx.warnings.push(`${r.file}: ${r.jsonPath}: ${r.address} replicates the backups of a database that is not in the files; it is left out`);
      continue;
    }
    const own = arnParts(str(r.values.id));
    const target = targetEntry(ctx, ctx.idOf(r), r, {
      kind: 'snapshots',
      ...(own?.region ? { region: own.region } : {}),
      notes: ['automated backups replicated to another region'],
    }, false);
    const encryption = keyEntry(ctx, r, 'kms_key_id');
    backupEntry(ctx, `${store}.backups-replication`, r, {
      of: store,
      to: target,
      mode: 'backup',
      every: PITR_EVERY,
      keep: days(num(r.values.retention_period) ?? 7)!,
      ...(encryption ? { encryption } : {}),
    });
  }
}
