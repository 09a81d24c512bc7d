// The only attributes bcaudit reads, per resource type. Plans and states carry passwords,
// variables and constants unmasked; reading an allow-list keeps them out of memory and output.

/** `true`: keep the value (scalars, maps of tags); an object: a block, keep only these keys of each element. */
export type AttributeSpec = true | { readonly [key: string]: AttributeSpec };

const TAGS = { tags: true, tags_all: true } as const;
const ENCRYPTION_RULE = { rule: { apply_server_side_encryption_by_default: { sse_algorithm: true, kms_master_key_id: true } } } as const;
const S3_REPLICATION_DESTINATION = {
  bucket: true,
  account: true,
  account_id: true,
  storage_class: true,
  replica_kms_key_id: true,
  encryption_configuration: { replica_kms_key_id: true },
  access_control_translation: { owner: true },
} as const;
const OBJECT_LOCK_RULE = { default_retention: { mode: true, days: true, years: true } } as const;

export const ALLOWED_ATTRIBUTES: Readonly<Record<string, { readonly [key: string]: AttributeSpec }>> = {
  // Accounts
  aws_caller_identity: { account_id: true, arn: true },
  azurerm_client_config: { subscription_id: true, tenant_id: true },
  azurerm_subscription: { subscription_id: true, id: true },
  google_client_config: { project: true, region: true },
  google_project: { project_id: true, number: true },

  // S3
  aws_s3_bucket: {
    id: true,
    bucket: true,
    arn: true,
    region: true,
    ...TAGS,
    versioning: { enabled: true, mfa_delete: true },
    replication_configuration: { role: true, rules: { id: true, status: true, destination: S3_REPLICATION_DESTINATION } },
    object_lock_enabled: true,
    object_lock_configuration: { object_lock_enabled: true, rule: OBJECT_LOCK_RULE },
    server_side_encryption_configuration: ENCRYPTION_RULE,
  },
  aws_s3_bucket_versioning: { bucket: true, expected_bucket_owner: true, versioning_configuration: { status: true, mfa_delete: true } },
  aws_s3_bucket_replication_configuration: {
    bucket: true,
    role: true,
    rule: { id: true, status: true, priority: true, destination: S3_REPLICATION_DESTINATION, delete_marker_replication: { status: true } },
  },
  aws_s3_bucket_object_lock_configuration: { bucket: true, expected_bucket_owner: true, object_lock_enabled: true, rule: OBJECT_LOCK_RULE },
  aws_s3_bucket_server_side_encryption_configuration: { bucket: true, ...ENCRYPTION_RULE },

  // RDS
  aws_db_instance: {
    id: true,
    identifier: true,
    arn: true,
    resource_id: true,
    region: true,
    availability_zone: true,
    engine: true,
    multi_az: true,
    backup_retention_period: true,
    backup_window: true,
    replicate_source_db: true,
    storage_encrypted: true,
    kms_key_id: true,
    deletion_protection: true,
    ...TAGS,
  },
  // Part of a cluster: read so it is not listed as ignored; the cluster is the store.
  aws_rds_cluster_instance: { identifier: true, cluster_identifier: true },
  aws_db_instance_automated_backups_replication: { id: true, source_db_instance_arn: true, kms_key_id: true, retention_period: true, region: true },
  aws_rds_cluster: {
    id: true,
    cluster_identifier: true,
    arn: true,
    region: true,
    engine: true,
    backup_retention_period: true,
    preferred_backup_window: true,
    replication_source_identifier: true,
    storage_encrypted: true,
    kms_key_id: true,
    deletion_protection: true,
    ...TAGS,
  },

  // AWS Backup
  aws_backup_vault: { id: true, name: true, arn: true, region: true, kms_key_arn: true, ...TAGS },
  aws_backup_logically_air_gapped_vault: { id: true, name: true, arn: true, region: true, min_retention_days: true, max_retention_days: true, ...TAGS },
  aws_backup_vault_lock_configuration: { backup_vault_name: true, backup_vault_arn: true, changeable_for_days: true, min_retention_days: true, max_retention_days: true },
  aws_backup_plan: {
    id: true,
    name: true,
    arn: true,
    region: true,
    rule: {
      rule_name: true,
      target_vault_name: true,
      schedule: true,
      enable_continuous_backup: true,
      lifecycle: { delete_after: true, cold_storage_after: true },
      copy_action: { destination_vault_arn: true, lifecycle: { delete_after: true, cold_storage_after: true } },
    },
  },
  aws_backup_selection: {
    id: true,
    name: true,
    plan_id: true,
    resources: true,
    not_resources: true,
    selection_tag: { type: true, key: true, value: true },
    condition: {
      string_equals: { key: true, value: true },
      string_like: { key: true, value: true },
      string_not_equals: { key: true, value: true },
      string_not_like: { key: true, value: true },
    },
  },

  // DynamoDB, EFS, KMS
  aws_dynamodb_table: {
    id: true,
    name: true,
    arn: true,
    region: true,
    point_in_time_recovery: { enabled: true, recovery_period_in_days: true },
    server_side_encryption: { enabled: true, kms_key_arn: true },
    replica: { region_name: true, kms_key_arn: true, point_in_time_recovery: true },
    deletion_protection_enabled: true,
    ...TAGS,
  },
  aws_efs_file_system: { id: true, arn: true, region: true, creation_token: true, encrypted: true, kms_key_id: true, availability_zone_name: true, ...TAGS },
  aws_efs_backup_policy: { file_system_id: true, backup_policy: { status: true } },
  aws_kms_key: { id: true, key_id: true, arn: true, region: true, multi_region: true, deletion_window_in_days: true, is_enabled: true, ...TAGS },
  aws_kms_alias: { id: true, name: true, arn: true, target_key_id: true, target_key_arn: true },

  // Google Cloud
  google_storage_bucket: {
    id: true,
    name: true,
    project: true,
    location: true,
    self_link: true,
    labels: true,
    versioning: { enabled: true },
    retention_policy: { is_locked: true, retention_period: true },
    soft_delete_policy: { retention_duration_seconds: true },
    encryption: { default_kms_key_name: true },
  },
  google_sql_database_instance: {
    id: true,
    name: true,
    project: true,
    region: true,
    database_version: true,
    master_instance_name: true,
    encryption_key_name: true,
    deletion_protection: true,
    settings: {
      tier: true,
      user_labels: true,
      backup_configuration: {
        enabled: true,
        start_time: true,
        location: true,
        point_in_time_recovery_enabled: true,
        binary_log_enabled: true,
        transaction_log_retention_days: true,
        backup_retention_settings: { retained_backups: true, retention_unit: true },
      },
    },
  },

  // Azure
  azurerm_storage_account: {
    id: true,
    name: true,
    location: true,
    resource_group_name: true,
    account_replication_type: true,
    account_kind: true,
    tags: true,
    blob_properties: {
      versioning_enabled: true,
      change_feed_enabled: true,
      delete_retention_policy: { days: true },
      container_delete_retention_policy: { days: true },
      restore_policy: { days: true },
    },
    immutability_policy: { state: true, period_since_creation_in_days: true, allow_protected_append_writes: true },
  },
  azurerm_recovery_services_vault: {
    id: true,
    name: true,
    location: true,
    resource_group_name: true,
    sku: true,
    soft_delete_enabled: true,
    immutability: true,
    storage_mode_type: true,
    cross_region_restore_enabled: true,
    tags: true,
  },
  azurerm_backup_policy_vm: {
    id: true,
    name: true,
    recovery_vault_name: true,
    resource_group_name: true,
    backup: { frequency: true, time: true, hour_interval: true, weekdays: true },
    retention_daily: { count: true },
    retention_weekly: { count: true },
  },
  azurerm_backup_protected_vm: { id: true, recovery_vault_name: true, resource_group_name: true, source_vm_id: true, backup_policy_id: true },
  azurerm_linux_virtual_machine: { id: true, name: true, location: true, resource_group_name: true, tags: true },
  azurerm_windows_virtual_machine: { id: true, name: true, location: true, resource_group_name: true, tags: true },
  azurerm_virtual_machine: { id: true, name: true, location: true, resource_group_name: true, tags: true },

  // DigitalOcean, Hetzner
  digitalocean_droplet: { id: true, name: true, urn: true, region: true, backups: true, backup_policy: { plan: true, weekday: true, hour: true }, tags: true },
  digitalocean_database_cluster: { id: true, name: true, urn: true, region: true, engine: true, tags: true },
  hcloud_server: { id: true, name: true, location: true, datacenter: true, backups: true, labels: true },
};

/** Whether bcaudit reads this type at all (others are counted and listed as ignored). */
export function isKnownType(type: string): boolean {
  return Object.hasOwn(ALLOWED_ATTRIBUTES, type);
}
