// DynamoDB tables (point-in-time recovery, global table replicas) and EFS file systems (automatic backups).
import { block, blocks, num, str, type ImportContext } from '../context.js';
import { backupEntry, days, keyEntry, storeEntry, targetEntry } from '../entries.js';
import type { TfResource } from '../read.js';

export function mapDynamoDb(ctx: ImportContext, stores: Map<TfResource, string>): void {
  for (const t of ctx.of('aws_dynamodb_table')) {
    const pitr = block(t.values.point_in_time_recovery);
    const unknown = pitr?.enabled === undefined && ctx.unknownSays(t, 'point_in_time_recovery');
    const store = storeEntry(ctx, t, {
      kind: 'database',
      notes: [
        ...(unknown ? ['point-in-time recovery is unknown until apply: none assumed.'] : []),
        ...(pitr?.enabled === true || unknown ? [] : ['point-in-time recovery is off.']),
      ],
    });
    stores.set(t, store);
    const sse = block(t.values.server_side_encryption);
    const encryption = sse?.enabled === true ? keyEntry(ctx, t, 'server_side_encryption.kms_key_arn', sse.kms_key_arn) : undefined;
    if (pitr?.enabled === true) {
      const target = targetEntry(ctx, `${store}.pitr-backups`, t, { kind: 'snapshots', notes: ['point-in-time recovery of the table, in its own account and region'] }, false);
      backupEntry(ctx, `${store}.pitr`, t, {
        of: store,
        to: target,
        mode: 'backup',
        every: '5m',
        keep: days(num(pitr.recovery_period_in_days) ?? 35)!,
        ...(encryption ? { encryption } : {}),
      });
    }
    for (const replica of blocks(t.values.replica)) {
      const region = str(replica.region_name);
      if (region === undefined) continue;
      const target = targetEntry(ctx, `${store}.replica.${region}`, t, { kind: 'database', region, notes: [`global table replica in ${region}: mirrors deletes and corruption`] }, false);
      backupEntry(ctx, `${store}.replication.${region}`, t, { of: store, to: target, mode: 'replica' });
    }
  }
}

export function mapEfs(ctx: ImportContext, stores: Map<TfResource, string>): void {
  const policies = ctx.of('aws_efs_backup_policy');
  for (const fs of ctx.of('aws_efs_file_system')) {
    const store = storeEntry(ctx, fs, { kind: 'filesystem' });
    stores.set(fs, store);
    const policy = policies.find((p) => ctx.linked(p, 'file_system_id', ['aws_efs_file_system'], ['id']).includes(fs));
    if (str(block(policy?.values.backup_policy)?.status) !== 'ENABLED') continue;
    const target = targetEntry(ctx, `${store}.efs-backup-vault`, fs, { kind: 'snapshots', notes: ['EFS automatic backups, in the default vault aws/efs/automatic-backup-vault of the same account'] }, false);
    const encryption = fs.values.encrypted === true ? keyEntry(ctx, fs, 'kms_key_id') : undefined;
    backupEntry(ctx, `${store}.automatic-backups`, policy!, { of: store, to: target, mode: 'backup', every: '24h', keep: '35d', ...(encryption ? { encryption } : {}) });
  }
}
