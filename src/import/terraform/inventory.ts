// Terraform resources → a draft inventory: every family mapped, accounts resolved, and a summary
// of what was read, what was ignored and what was assumed.
import { ImportContext, type ImportOptions } from './context.js';
import type { Draft } from './draft.js';
import { isKnownType } from './attributes.js';
import { mapAwsBackup } from './families/awsBackup.js';
import { mapDynamoDb, mapEfs } from './families/awsData.js';
import { mapAzureStorage, mapRecoveryServices } from './families/azure.js';
import { mapCloudSql, mapGcs } from './families/gcp.js';
import { mapRds } from './families/rds.js';
import { mapS3 } from './families/s3.js';
import { mapServers } from './families/servers.js';
import type { TerraformReading, TfResource } from './read.js';

export type { ImportOptions };

export interface DraftInventory {
  draft: Draft;
  /** One line: what the draft holds and which resource types were ignored. */
  summary: string;
  warnings: string[];
}

export function draftInventory(reading: TerraformReading, options: ImportOptions = {}): DraftInventory {
  const ctx = new ImportContext(reading, options);
  const stores = new Map<TfResource, string>();
  mapS3(ctx, stores);
  mapRds(ctx, stores);
  mapDynamoDb(ctx, stores);
  mapEfs(ctx, stores);
  mapAwsBackup(ctx, stores);
  mapGcs(ctx);
  mapCloudSql(ctx);
  mapAzureStorage(ctx);
  mapRecoveryServices(ctx);
  mapServers(ctx);
  for (const key of ctx.unusedMappings()) ctx.warnings.push(`--account ${key}=…: no provider configuration or account in the files has that name`);
  return { draft: ctx.draft, summary: summaryLine(ctx), warnings: [...reading.warnings, ...ctx.warnings] };
}

function summaryLine(ctx: ImportContext): string {
  const managed = ctx.resources.filter((r) => r.mode === 'managed');
  const ignored = new Map<string, number>();
  for (const r of managed) if (!isKnownType(r.type)) ignored.set(r.type, (ignored.get(r.type) ?? 0) + 1);
  const d = ctx.draft;
  const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;
  const read = `${plural(managed.length, 'resource')} in ${plural(ctx.reading.sources.length, 'file')}`;
  const made = `${plural(d.count('stores'), 'store')}, ${plural(d.count('targets'), 'target')}, ${plural(d.count('backups'), 'backup')}, ${plural(d.count('keys'), 'key')}, ${plural(d.count('accounts'), 'account')}`;
  const ignoredCount = [...ignored.values()].reduce((a, b) => a + b, 0);
  const ignoredList = [...ignored.entries()]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .map(([type, n]) => `${type} (${n})`)
    .join(', ');
  return `read ${read}: ${made}${ignoredCount > 0 ? `; ignored ${plural(ignoredCount, 'resource')} of ${plural(ignored.size, 'type')} bcaudit does not read: ${ignoredList}` : ''}`;
}
