// Azure: storage accounts (blob versioning, soft delete, immutability, geo-replication) and
// Recovery Services vaults with the virtual machines they protect.
import type { Immutability } from '../../../inventory/types.js';
import { block, num, str, type ImportContext } from '../context.js';
import { backupEntry, days, storeEntry, targetEntry } from '../entries.js';
import type { TfResource } from '../read.js';

function immutability(state: unknown): Immutability {
  return state === 'Locked' ? 'compliance' : state === 'Unlocked' ? 'governance' : 'none';
}

export function mapAzureStorage(ctx: ImportContext): void {
  for (const a of ctx.of('azurerm_storage_account')) {
    const store = storeEntry(ctx, a, { kind: 'bucket' });
    const blob = block(a.values.blob_properties);
    const immutable = immutability(block(a.values.immutability_policy)?.state);
    const softDelete = num(block(blob?.delete_retention_policy)?.days);
    if (blob?.versioning_enabled === true || softDelete !== undefined) {
      const target = targetEntry(ctx, `${store}.versions`, a, { kind: 'object-storage', immutable, notes: ['blob versions and soft-deleted blobs, in the same storage account'] }, false);
      backupEntry(ctx, `${store}.versioning`, a, { of: store, to: target, mode: 'backup', ...(softDelete ? { keep: days(softDelete)! } : {}) });
    }
    const replication = str(a.values.account_replication_type);
    if (replication !== undefined && /GRS|GZRS/.test(replication)) {
      const target = targetEntry(ctx, `${store}.geo-replica`, a, { kind: 'object-storage', region: null, notes: [`${replication}: a copy in the paired region, mirroring deletes`] }, false);
      backupEntry(ctx, `${store}.geo-replication`, a, { of: store, to: target, mode: 'replica' });
    }
  }
}

const VM_TYPES = ['azurerm_linux_virtual_machine', 'azurerm_windows_virtual_machine', 'azurerm_virtual_machine'];

function policyEvery(policy: TfResource | undefined): string | undefined {
  const backup = block(policy?.values.backup);
  if (!backup) return undefined;
  if (backup.frequency === 'Hourly') return `${num(backup.hour_interval) ?? 4}h`;
  if (backup.frequency === 'Weekly') return '7d';
  return '24h';
}

export function mapRecoveryServices(ctx: ImportContext): void {
  const vaults = new Map<TfResource, string>();
  for (const v of ctx.of('azurerm_recovery_services_vault')) {
    const immutable = immutability(v.values.immutability);
    vaults.set(v, targetEntry(ctx, ctx.idOf(v), v, { kind: 'snapshots', immutable, notes: [`Recovery Services vault${v.values.soft_delete_enabled === false ? '; soft delete off' : ''}`] }, true));
  }
  for (const item of ctx.of('azurerm_backup_protected_vm')) {
    const vault = ctx.linked(item, 'recovery_vault_name', ['azurerm_recovery_services_vault'], ['name'])[0];
    const vm = ctx.linked(item, 'source_vm_id', VM_TYPES, ['id'])[0];
    if (!vault || !vm) {
      ctx.warnings.push(`${item.file}: ${item.jsonPath}: ${item.address} protects ${vm ? 'in a vault' : 'a virtual machine'} that is not in the files; it is left out`);
      continue;
    }
    const store = storeEntry(ctx, vm, { kind: 'vm' });
    const policy = ctx.linked(item, 'backup_policy_id', ['azurerm_backup_policy_vm'], ['id'])[0];
    const every = policyEvery(policy);
    const keep = days(num(block(policy?.values.retention_daily)?.count));
    backupEntry(ctx, `${store}.${vaults.get(vault)!}`, item, { of: store, to: vaults.get(vault)!, mode: 'backup', ...(every ? { every } : {}), ...(keep ? { keep } : {}) });
  }
}
