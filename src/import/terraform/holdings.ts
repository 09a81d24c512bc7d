// Which resources hold data (a primary copy: a store) or copies of it (a target): what an
// inventory must account for. Used by the import and by `check --terraform` coverage.
import type { TfResource } from './read.js';

export interface DataHolding {
  address: string;
  type: string;
  file: string;
  jsonPath: string;
  role: 'store' | 'target';
  /** Bucket names, ARNs, identifiers usable to match an inventory entry unambiguously. */
  names: string[];
}

/** Attributes that name a resource, per type, most specific first. */
const NAME_ATTRIBUTES: Readonly<Record<string, readonly string[]>> = {
  aws_s3_bucket: ['bucket', 'arn'],
  aws_db_instance: ['identifier', 'arn', 'resource_id'],
  aws_rds_cluster: ['cluster_identifier', 'arn'],
  aws_dynamodb_table: ['name', 'arn'],
  aws_efs_file_system: ['id', 'arn'],
  aws_backup_vault: ['name', 'arn'],
  aws_backup_logically_air_gapped_vault: ['name', 'arn'],
  google_storage_bucket: ['name', 'self_link'],
  google_sql_database_instance: ['name'],
  azurerm_storage_account: ['name', 'id'],
  azurerm_recovery_services_vault: ['name', 'id'],
  digitalocean_droplet: ['name', 'urn'],
  digitalocean_database_cluster: ['name', 'urn'],
  hcloud_server: ['name'],
};

export function isDataHoldingType(type: string): boolean {
  return Object.hasOwn(NAME_ATTRIBUTES, type);
}

/** The known names of a resource: its own name attributes, never names of other resources. */
export function namesOf(resource: TfResource): string[] {
  const names: string[] = [];
  for (const attribute of NAME_ATTRIBUTES[resource.type] ?? []) {
    const value = resource.values[attribute];
    if (typeof value === 'string' && value !== '' && !names.includes(value)) names.push(value);
  }
  return names;
}

/** S3 bucket name from a name or an ARN (`arn:aws:s3:::name`). */
export function bucketName(value: string): string {
  const match = /^arn:aws[a-z-]*:s3:::([^/]+)/.exec(value);
  return match ? match[1]! : value;
}

/**
 * Buckets named as a replication destination anywhere in the resources: by name or ARN, or, in a
 * plan where the name is not known yet, by the configuration's reference to the bucket resource.
 */
function replicationDestinations(resources: readonly TfResource[]): Set<string> {
  const out = new Set<string>();
  for (const r of resources) {
    for (const path of ['rule.destination.bucket', 'replication_configuration.rules.destination.bucket']) {
      for (const address of r.references[path] ?? []) out.add(address);
    }
  }
  const add = (destinations: unknown): void => {
    if (!Array.isArray(destinations)) return;
    for (const d of destinations) {
      const bucket = (d as Record<string, unknown> | null)?.bucket;
      if (typeof bucket === 'string') out.add(bucketName(bucket));
    }
  };
  for (const r of resources) {
    if (r.type === 'aws_s3_bucket_replication_configuration' && Array.isArray(r.values.rule)) {
      for (const rule of r.values.rule as Record<string, unknown>[]) add(rule.destination);
    }
    if (r.type === 'aws_s3_bucket' && Array.isArray(r.values.replication_configuration)) {
      for (const config of r.values.replication_configuration as Record<string, unknown>[]) {
        if (Array.isArray(config.rules)) for (const rule of config.rules as Record<string, unknown>[]) add(rule.destination);
      }
    }
  }
  return out;
}

/** The address without its final instance key: how an unindexed reference names it. */
export function withoutKey(address: string): string {
  return address.replace(/\[(?:\d+|"(?:[^"\\]|\\.)*")\]$/, '');
}

function isSet(value: unknown): boolean {
  return typeof value === 'string' && value !== '';
}

export function dataHoldingResources(resources: readonly TfResource[]): DataHolding[] {
  const destinations = replicationDestinations(resources);
  const holdings: DataHolding[] = [];
  for (const r of resources) {
    if (r.mode !== 'managed' || !isDataHoldingType(r.type)) continue;
    const names = namesOf(r);
    holdings.push({ address: r.address, type: r.type, file: r.file, jsonPath: r.jsonPath, role: roleOf(r, destinations), names });
  }
  return holdings;
}

function roleOf(r: TfResource, replicationDestinations: ReadonlySet<string>): 'store' | 'target' {
  const v = r.values;
  switch (r.type) {
    case 'aws_backup_vault':
    case 'aws_backup_logically_air_gapped_vault':
    case 'azurerm_recovery_services_vault':
      return 'target';
    case 'aws_s3_bucket':
      return (typeof v.bucket === 'string' && replicationDestinations.has(v.bucket)) || replicationDestinations.has(withoutKey(r.address)) || replicationDestinations.has(r.address)
        ? 'target'
        : 'store';
    case 'aws_db_instance':
      return isSet(v.replicate_source_db) ? 'target' : 'store';
    case 'aws_rds_cluster':
      return isSet(v.replication_source_identifier) ? 'target' : 'store';
    case 'google_sql_database_instance':
      return isSet(v.master_instance_name) ? 'target' : 'store';
    default:
      return 'store';
  }
}
