// Types of aws.mjs (plain JavaScript so the demo script can run it without a build).

export interface AwsIdentity {
  secretAccessKey: string;
  account: string;
  arn: string;
  userId?: string;
}

export interface AwsRole {
  /** The account the role lives in (and the assumed credentials reach). */
  account: string;
  /** Required ExternalId, when set. */
  externalId?: string;
  /** Accounts allowed to assume the role; any when unset. */
  trust?: string[];
  deny?: boolean;
}

export interface S3Object {
  key: string;
  lastModified: Date | string | number;
  size?: number;
}

export type S3Op =
  | 'HeadBucket'
  | 'GetBucketLocation'
  | 'GetBucketVersioning'
  | 'GetObjectLockConfiguration'
  | 'GetBucketReplication'
  | 'GetBucketEncryption'
  | 'ListObjectsV2';

export interface FakeBucket {
  owner: string;
  region?: string;
  /** Answer GetBucketLocation for eu-west-1 with the legacy `EU`. */
  legacyEU?: boolean;
  versioning?: 'Enabled' | 'Suspended';
  objectLock?: { mode: 'GOVERNANCE' | 'COMPLIANCE'; days?: number; years?: number } | 'enabled-without-default';
  replication?: { id?: string; status?: string; bucketArn: string; account?: string }[];
  encryption?: { algorithm: string; kmsKeyId?: string };
  objects?: S3Object[];
  /** Accounts whose callers may read the bucket; anyone when unset. */
  readers?: string[];
  /** Refuse every call, or these calls, with 403 AccessDenied. */
  deny?: true | S3Op[];
  /** The message of those refusals (a hostile server may echo anything back). */
  denyMessage?: string;
  /** Answer the first n calls of an operation with 503 SlowDown. */
  throttle?: Partial<Record<S3Op, number>>;
  /** Never answer any call, or these calls. */
  hang?: true | S3Op[];
}

export interface AwsScenario {
  identities?: Record<string, AwsIdentity>;
  roles?: Record<string, AwsRole>;
  buckets?: Record<string, FakeBucket>;
}

export interface LoggedRequest {
  service: 'sts' | 's3';
  op: string;
  bucket: string | null;
  /** 0: never answered. */
  status: number;
  accessKeyId: string | null;
}

export interface AwsServer {
  port: number;
  url: string;
  requests: LoggedRequest[];
  issuedSecrets(): string[];
  count(op: string, bucket?: string): number;
  close(): Promise<void>;
}

export function startAwsServer(scenario: AwsScenario, options?: { port?: number }): Promise<AwsServer>;

export interface SilentServer {
  port: number;
  connections(): number;
  close(): Promise<void>;
}

export function startSilentServer(options?: { port?: number }): Promise<SilentServer>;
export function closedPort(): Promise<number>;
export function xmlEscape(text: string): string;
