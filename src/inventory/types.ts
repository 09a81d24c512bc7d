// The resolved inventory: every reference checked, durations in seconds, positions kept.

/** A place in an inventory file; line and column are 1-based, as editors show them. */
export interface Position {
  file: string;
  line: number;
  column: number;
}

export const SECTIONS = [
  'providers',
  'accounts',
  'identities',
  'billing',
  'services',
  'keys',
  'stores',
  'targets',
  'backups',
] as const;
export type Section = (typeof SECTIONS)[number];

/** The singular noun for an entity of each section, for messages. */
export const ENTITY_NOUN: Record<Section, string> = {
  providers: 'provider',
  accounts: 'account',
  identities: 'identity',
  billing: 'billing method',
  services: 'service',
  keys: 'key',
  stores: 'store',
  targets: 'target',
  backups: 'backup',
};

export type ProviderKind = 'cloud' | 'hosting' | 'saas' | 'storage' | 'colo' | 'self';
export type IdentityKind = 'person' | 'machine' | 'break-glass';
export type BillingKind = 'card' | 'invoice' | 'prepaid';
export type ServiceKind = 'identity-provider' | 'monitoring' | 'dns' | 'status-page' | 'communication' | 'vendor';
export type StoreKind = 'database' | 'bucket' | 'filesystem' | 'mailbox' | 'vm' | 'saas' | 'other';
export type TargetKind = 'object-storage' | 'ssh' | 'snapshots' | 'nas' | 'tape' | 'saas' | 'database' | 'vm';
/** Storage media of a backup copy, for 3-2-1: copies on different media fail in different ways. */
export const MEDIA = ['object', 'disk', 'snapshot', 'tape', 'optical', 'removable', 'saas'] as const;
export type Media = (typeof MEDIA)[number];
export type Criticality = 'critical' | 'high' | 'medium' | 'low';
export type Immutability = 'none' | 'governance' | 'compliance' | 'offline';
export type BackupMode = 'backup' | 'replica';
/** Whether admins of an account's parent (organization) accounts can act in it. */
export type ParentAccess = 'admin' | 'none';

/** A duration as written (`6h`) and in seconds. */
export interface Duration {
  text: string;
  seconds: number;
}

interface EntityBase {
  id: string;
  /** Where the entity's key stands in the file. */
  pos: Position;
  description?: string;
}

/** An entity with one basic event, and the annual probability the inventory gives it (DESIGN §3 "Likelihood"). */
interface WithLikelihood {
  likelihood?: number;
}

/** Annual probabilities an identity's two events may be given. */
export interface IdentityLikelihood {
  lost?: number;
  compromised?: number;
}

export interface Provider extends EntityBase, WithLikelihood {
  kind: ProviderKind;
}

/** How `verify` reaches an AWS account. */
export interface AwsAccount {
  account_id: string;
  profile?: string;
  role_arn?: string;
  external_id?: string;
  region?: string;
}

/**
 * How `verify` reaches an account at an S3-compatible provider that is not AWS (DigitalOcean
 * Spaces, Backblaze B2, Wasabi, Ceph, MinIO): the owner id its S3 API reports for the account's
 * buckets, where that API is, and whose credentials to use.
 */
export interface S3Account {
  owner_id: string;
  endpoint: string;
  profile?: string;
  region?: string;
  force_path_style?: boolean;
  /** A role to assume first (Ceph RGW's STS), at sts_endpoint or else endpoint. */
  role_arn?: string;
  sts_endpoint?: string;
}

export interface Account extends EntityBase, WithLikelihood {
  provider: string;
  aws?: AwsAccount;
  s3?: S3Account;
  billing?: string;
  admins: string[];
  login?: string;
  parent?: string;
  /** `admin` (default): admins of the parent accounts can delete and compromise what this account holds. */
  parent_access: ParentAccess;
}

export interface Identity extends EntityBase {
  kind: IdentityKind;
  /** What the identity needs to act (its password reset mailbox, its SSO): it is lost when any fails. */
  depends_on: string[];
  likelihood?: IdentityLikelihood;
}

export interface Billing extends EntityBase, WithLikelihood {
  kind: BillingKind;
}

export interface Service extends EntityBase, WithLikelihood {
  kind: ServiceKind;
  provider?: string;
  account?: string;
  depends_on: string[];
}

export interface Key extends EntityBase, WithLikelihood {
  account?: string;
  held_by: string[];
  /** Where the key is kept besides (the host whose disk holds it): it is gone when any fails. */
  depends_on: string[];
}

export interface Store extends EntityBase, WithLikelihood {
  kind: StoreKind;
  account: string;
  region?: string;
  site?: string;
  criticality: Criticality;
  rpo?: Duration;
  /** How long the business can be without the data (recovery time objective). */
  rto?: Duration;
  /** A team name, or the id of an identity (then that identity answers for it). */
  owner?: string;
  depends_on: string[];
  /** Identities beyond the account's admins that can delete the primary copy. */
  deletable_by: string[];
  /** Terraform addresses this entry stands for, written as Terraform writes them (DESIGN §8); empty when none. */
  terraform: string[];
  verify?: VerifySpec;
}

export interface S3Verify {
  bucket: string;
  prefix?: string;
  region?: string;
  endpoint?: string;
  force_path_style?: boolean;
}

export interface SshVerify {
  host: string;
  port?: number;
  user: string;
  path: string;
  host_key?: string;
  known_hosts?: string;
  identity_file?: string;
}

export interface VerifySpec {
  s3?: S3Verify;
  ssh?: SshVerify;
}

export interface Target extends EntityBase, WithLikelihood {
  kind: TargetKind;
  account?: string;
  /** Only for targets outside any account (a self-hosted box, a colo rack). */
  provider?: string;
  region?: string;
  site?: string;
  media: Media;
  immutable: Immutability;
  /** Admins of a target outside any account; with an account, extra admins of the target. */
  admins: string[];
  owner?: string;
  depends_on: string[];
  /** Terraform addresses this entry stands for, written as Terraform writes them (DESIGN §8); empty when none. */
  terraform: string[];
  verify?: VerifySpec;
}

export interface Restore {
  last_tested?: string;
  requires: string[];
  /** How long a full restore from this copy takes (measured or estimated). */
  takes?: Duration;
}

export interface Backup extends EntityBase, WithLikelihood {
  of: string;
  to: string;
  mode: BackupMode;
  every?: Duration;
  keep?: Duration;
  encryption?: string;
  deletable_by: string[];
  restore: Restore;
}

export interface Waiver {
  index: number;
  pos: Position;
  finding: string;
  owner: string;
  reason: string;
  granted?: string;
  expires: string;
  renewals: number;
}

export interface Inventory {
  file: string;
  version: 1;
  name?: string;
  providers: Map<string, Provider>;
  accounts: Map<string, Account>;
  identities: Map<string, Identity>;
  billing: Map<string, Billing>;
  services: Map<string, Service>;
  keys: Map<string, Key>;
  stores: Map<string, Store>;
  targets: Map<string, Target>;
  backups: Map<string, Backup>;
  waivers: Waiver[];
  /** The backups of each store, in inventory order; a store without any is absent. */
  backupsOf: ReadonlyMap<string, readonly Backup[]>;
  /** The accounts each billing method pays, in inventory order. */
  accountsPaidBy: ReadonlyMap<string, readonly string[]>;
  /** The section each id belongs to (ids are unique across the inventory). */
  sectionOf: Map<string, Section>;
  /** Position of a node by its path, e.g. ['stores', 'db', 'rpo'] (the key of a map entry); falls back to the nearest ancestor. */
  locate(path: readonly (string | number)[]): Position;
}
