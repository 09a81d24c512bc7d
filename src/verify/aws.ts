// AWS probes: STS proves which account the credentials reach; S3 reads a bucket's settings and
// its newest object. Read-only calls only. The SDK is imported here, dynamically, so no other
// command ever loads it. Credentials come from the SDK's default chain or a named profile, and
// assumed-role credentials stay in memory: none of them reaches an observation.
import type { S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import type { STSClient } from '@aws-sdk/client-sts';
import { statusOf, type ProbeContext } from './context.js';
import { normaliseRegion } from './findings.js';
import type { AwsAccountObservation, Listing, ProbeProblem, S3BucketObservation, S3Encryption, S3ObjectLock, S3ReplicationRule } from './observations.js';
import { bucketStub, type AccountProbeSpec, type BucketProbeSpec } from './plan.js';
import { awsProblem } from './reasons.js';

/** Temporary credentials from AssumeRole (the SDK's AwsCredentialIdentity). */
interface AwsCredentialIdentity {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
}

/** How bucket probes of an account authenticate: the assumed role's credentials, or a profile. */
export interface AwsAccess {
  profile?: string;
  credentials?: AwsCredentialIdentity;
}

/** The SDK's own retries (throttling, 5xx) within a probe's timeout. */
const MAX_ATTEMPTS = 3;
const ROLE_SESSION_NAME = 'bcaudit-verify';

function regionFor(explicit: string | undefined, env: ProbeContext['env']): string {
  return explicit ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? 'us-east-1';
}

/**
 * The SDK would otherwise write some warnings straight to the console (e.g. "multiple credential
 * sources" when a profile is named while AWS_ACCESS_KEY_ID is set, which is how verify reaches
 * several accounts); verify's output belongs to the CLI.
 */
const SILENT_LOGGER = { trace() {}, debug() {}, info() {}, warn() {}, error() {} };

function clientOptions(ctx: ProbeContext) {
  const ms = ctx.timeoutSeconds * 1000;
  return { requestHandler: { connectionTimeout: ms, requestTimeout: ms }, maxAttempts: MAX_ATTEMPTS, logger: SILENT_LOGGER };
}

/**
 * Tells the redactor the secret of whatever credentials the client resolves (profile, SSO,
 * credential_process, ...), so an error message that echoes one cannot carry it out.
 */
async function learnSecrets(client: { config: { credentials: () => Promise<{ secretAccessKey?: string; sessionToken?: string }> } }, ctx: ProbeContext): Promise<void> {
  try {
    const c = await client.config.credentials();
    ctx.redactor.add(c.secretAccessKey);
    ctx.redactor.add(c.sessionToken);
  } catch {
    // No credentials: the call itself reports it.
  }
}

export async function probeAccount(spec: AccountProbeSpec, ctx: ProbeContext): Promise<{ observation: AwsAccountObservation; access?: AwsAccess }> {
  const startedAt = ctx.now().toISOString();
  const { STSClient, AssumeRoleCommand, GetCallerIdentityCommand } = await import('@aws-sdk/client-sts');
  const region = regionFor(spec.region, ctx.env);
  const endpoint = ctx.env.AWS_ENDPOINT_URL_STS ?? ctx.env.AWS_ENDPOINT_URL ?? `sts.${region}.amazonaws.com`;
  const problems: ProbeProblem[] = [];
  const clients: STSClient[] = [];
  const base = new STSClient({ region, ...(spec.profile ? { profile: spec.profile } : {}), ...clientOptions(ctx) });
  clients.push(base);
  let access: AwsAccess | undefined = spec.profile ? { profile: spec.profile } : {};
  let caller: AwsAccountObservation['caller'] = null;
  try {
    let client = base;
    await learnSecrets(base, ctx);
    if (spec.roleArn) {
      let assumed: AwsCredentialIdentity | undefined;
      try {
        const out = await base.send(
          new AssumeRoleCommand({
            RoleArn: spec.roleArn,
            RoleSessionName: ROLE_SESSION_NAME,
            DurationSeconds: 900,
            ...(spec.externalId ? { ExternalId: spec.externalId } : {}),
          }),
          { abortSignal: ctx.signal },
        );
        const c = out.Credentials;
        if (c?.AccessKeyId && c.SecretAccessKey) {
          ctx.redactor.add(c.SecretAccessKey);
          ctx.redactor.add(c.SessionToken);
          assumed = {
            accessKeyId: c.AccessKeyId,
            secretAccessKey: c.SecretAccessKey,
            ...(c.SessionToken ? { sessionToken: c.SessionToken } : {}),
            ...(c.Expiration ? { expiration: c.Expiration } : {}),
          };
        } else {
          problems.push({ kind: 'unreachable', operation: 'AssumeRole', reason: 'STS answered without credentials' });
        }
      } catch (error) {
        problems.push(awsProblem(error, 'AssumeRole', endpoint, ctx, ctx.redactor));
      }
      if (!assumed) {
        access = undefined;
      } else {
        access = { credentials: assumed };
        client = new STSClient({ region, credentials: assumed, ...clientOptions(ctx) });
        clients.push(client);
      }
    }
    if (access) {
      try {
        const id = await client.send(new GetCallerIdentityCommand({}), { abortSignal: ctx.signal });
        if (id.Account) caller = { account: id.Account, arn: id.Arn ?? '' };
        else problems.push({ kind: 'unreachable', operation: 'GetCallerIdentity', reason: 'STS answered without an account' });
      } catch (error) {
        problems.push(awsProblem(error, 'GetCallerIdentity', endpoint, ctx, ctx.redactor));
        access = undefined;
      }
    }
  } finally {
    for (const c of clients) c.destroy();
  }
  const observation: AwsAccountObservation = {
    probe: 'aws-account',
    subject: spec.subject,
    section: 'accounts',
    status: statusOf(problems, caller !== null),
    startedAt,
    finishedAt: ctx.now().toISOString(),
    problems,
    via: { profile: spec.profile ?? null, roleArn: spec.roleArn ?? null, externalId: spec.externalId !== undefined },
    caller,
  };
  return { observation, ...(access && caller ? { access } : {}) };
}

type S3Module = typeof import('@aws-sdk/client-s3');

/** Config answers that mean "not configured" rather than a failure. */
const NOT_CONFIGURED = new Set([
  'ObjectLockConfigurationNotFoundError',
  'ReplicationConfigurationNotFoundError',
  'ServerSideEncryptionConfigurationNotFoundError',
  'NoSuchObjectLockConfiguration',
]);

export async function probeBucket(spec: BucketProbeSpec, access: AwsAccess | undefined, ctx: ProbeContext): Promise<S3BucketObservation> {
  const startedAt = ctx.now().toISOString();
  const sdk: S3Module = await import('@aws-sdk/client-s3');
  const region = regionFor(spec.region, ctx.env);
  const endpoint = spec.endpoint ?? ctx.env.AWS_ENDPOINT_URL_S3 ?? ctx.env.AWS_ENDPOINT_URL ?? `s3.${region}.amazonaws.com`;
  const client = new sdk.S3Client({
    region,
    ...(spec.endpoint ? { endpoint: spec.endpoint } : {}),
    forcePathStyle: spec.forcePathStyle,
    followRegionRedirects: true,
    ...(access?.credentials ? { credentials: access.credentials } : access?.profile ? { profile: access.profile } : {}),
    ...clientOptions(ctx),
  });
  const observation: S3BucketObservation = { ...bucketStub(spec), status: 'complete', startedAt, finishedAt: startedAt, problems: [] };
  try {
    await learnSecrets(client, ctx);
    await new BucketReader(sdk, client, spec, ctx, endpoint, observation).read();
  } finally {
    client.destroy();
  }
  const observed =
    observation.owner !== null ||
    observation.region !== null ||
    observation.versioning !== null ||
    observation.objectLock !== null ||
    observation.objects !== null;
  observation.status = statusOf(observation.problems, observed);
  observation.finishedAt = ctx.now().toISOString();
  return observation;
}

class BucketReader {
  /** Sent with every call once the owner is confirmed, so no call reads someone else's bucket by mistake. */
  private owner: string | undefined;
  private headerRegion: string | undefined;

  constructor(
    private readonly sdk: S3Module,
    private readonly client: S3Client,
    private readonly spec: BucketProbeSpec,
    private readonly ctx: ProbeContext,
    private readonly endpoint: string,
    private readonly out: S3BucketObservation,
  ) {}

  async read(): Promise<void> {
    if (!(await this.head())) return;
    const steps: (() => Promise<void>)[] = [
      () => this.location(),
      () => this.versioning(),
      () => this.objectLock(),
      () => this.replication(),
      () => this.encryption(),
      () => this.list(),
    ];
    for (const step of steps) {
      if (this.ctx.stoppedBy()) {
        this.out.problems.push({ kind: 'timeout', operation: 'remaining calls', reason: 'not attempted: the probe ran out of time' });
        return;
      }
      await step();
    }
  }

  private bucketInput(): { Bucket: string; ExpectedBucketOwner?: string } {
    return { Bucket: this.spec.bucket, ...(this.owner ? { ExpectedBucketOwner: this.owner } : {}) };
  }

  private problem(error: unknown, operation: string): ProbeProblem {
    return awsProblem(error, operation, this.endpoint, this.ctx, this.ctx.redactor);
  }

  /** HeadBucket: exists, reachable, and owned by the claimed account? False: stop here. */
  private async head(): Promise<boolean> {
    const { HeadBucketCommand } = this.sdk;
    const expected = this.spec.expectedOwner;
    const head = async (owner: string | undefined) => {
      const out = await this.client.send(new HeadBucketCommand({ Bucket: this.spec.bucket, ...(owner ? { ExpectedBucketOwner: owner } : {}) }), {
        abortSignal: this.ctx.signal,
      });
      if (out.BucketRegion) this.headerRegion = out.BucketRegion;
    };
    try {
      await head(expected);
      if (expected) {
        this.owner = expected;
        this.out.owner = { expected, result: 'match', actual: null };
      }
      return true;
    } catch (error) {
      const first = this.problem(error, 'HeadBucket');
      if (first.kind !== 'denied' || !expected) {
        this.out.problems.push(first);
        // A refusal leaves the other calls worth trying; a bucket that is not there or does not answer does not.
        return first.kind === 'denied';
      }
    }
    // Refused with ExpectedBucketOwner: is it the owner, or the permission?
    try {
      await head(undefined);
    } catch (error) {
      const second = this.problem(error, 'HeadBucket');
      if (second.kind !== 'denied') {
        this.out.problems.push(second);
        return false;
      }
      this.out.owner = { expected, result: 'unknown', actual: null };
      this.out.problems.push({
        ...second,
        reason: `${second.reason}; refused with and without ExpectedBucketOwner, so either the credentials may not list the bucket or another account owns it`,
      });
      return true;
    }
    let actual: string | null = null;
    for (const candidate of this.spec.ownerCandidates) {
      if (this.ctx.stoppedBy()) break;
      try {
        await head(candidate);
        actual = candidate;
        break;
      } catch (error) {
        if (this.problem(error, 'HeadBucket').kind !== 'denied') break;
      }
    }
    this.out.owner = { expected, result: 'mismatch', actual };
    return true;
  }

  private async location(): Promise<void> {
    try {
      const out = await this.client.send(new this.sdk.GetBucketLocationCommand(this.bucketInput()), { abortSignal: this.ctx.signal });
      this.out.region = normaliseRegion(out.LocationConstraint ?? '');
    } catch (error) {
      const p = this.problem(error, 'GetBucketLocation');
      // HeadBucket's x-amz-bucket-region says the same; a refusal here loses nothing then.
      if (p.kind === 'denied' && this.headerRegion) this.out.region = normaliseRegion(this.headerRegion);
      else this.out.problems.push(p);
    }
  }

  private async versioning(): Promise<void> {
    try {
      const out = await this.client.send(new this.sdk.GetBucketVersioningCommand(this.bucketInput()), { abortSignal: this.ctx.signal });
      this.out.versioning = out.Status === 'Enabled' ? 'enabled' : out.Status === 'Suspended' ? 'suspended' : 'off';
    } catch (error) {
      this.out.problems.push(this.problem(error, 'GetBucketVersioning'));
    }
  }

  private async objectLock(): Promise<void> {
    try {
      const out = await this.client.send(new this.sdk.GetObjectLockConfigurationCommand(this.bucketInput()), { abortSignal: this.ctx.signal });
      const config = out.ObjectLockConfiguration;
      const retention = config?.Rule?.DefaultRetention;
      const mode = retention?.Mode === 'COMPLIANCE' ? 'compliance' : retention?.Mode === 'GOVERNANCE' ? 'governance' : null;
      const lock: S3ObjectLock = { enabled: config?.ObjectLockEnabled === 'Enabled', mode, days: retention?.Days ?? null, years: retention?.Years ?? null };
      this.out.objectLock = lock;
    } catch (error) {
      if (notConfigured(error)) this.out.objectLock = { enabled: false, mode: null, days: null, years: null };
      else this.out.problems.push(this.problem(error, 'GetObjectLockConfiguration'));
    }
  }

  private async replication(): Promise<void> {
    try {
      const out = await this.client.send(new this.sdk.GetBucketReplicationCommand(this.bucketInput()), { abortSignal: this.ctx.signal });
      const rules: S3ReplicationRule[] = (out.ReplicationConfiguration?.Rules ?? []).map((r) => ({
        id: r.ID ?? null,
        status: r.Status ?? 'Unknown',
        destinationBucket: r.Destination?.Bucket ?? '',
        destinationAccount: r.Destination?.Account ?? null,
      }));
      this.out.replication = { rules };
    } catch (error) {
      if (notConfigured(error)) this.out.replication = { rules: [] };
      else if (!notImplemented(error)) this.out.problems.push(this.problem(error, 'GetBucketReplication'));
    }
  }

  private async encryption(): Promise<void> {
    try {
      const out = await this.client.send(new this.sdk.GetBucketEncryptionCommand(this.bucketInput()), { abortSignal: this.ctx.signal });
      const rule = out.ServerSideEncryptionConfiguration?.Rules?.[0]?.ApplyServerSideEncryptionByDefault;
      const keyId = rule?.KMSMasterKeyID ?? null;
      const encryption: S3Encryption = { algorithm: rule?.SSEAlgorithm ?? 'none', kmsKeyId: keyId, kmsKeyAccount: keyId === null ? null : kmsKeyAccount(keyId) };
      this.out.encryption = encryption;
    } catch (error) {
      if (notConfigured(error)) this.out.encryption = { algorithm: 'none', kmsKeyId: null, kmsKeyAccount: null };
      else if (!notImplemented(error)) this.out.problems.push(this.problem(error, 'GetBucketEncryption'));
    }
  }

  /** ListObjectsV2 under the prefix, page by page, up to --max-entries objects: how many, and the newest. */
  private async list(): Promise<void> {
    const listing: Listing = { listed: 0, newest: null, truncated: false };
    let newest = -Infinity;
    let token: string | undefined;
    try {
      for (;;) {
        const room = this.ctx.maxEntries - listing.listed;
        const out = await this.client.send(
          new this.sdk.ListObjectsV2Command({
            ...this.bucketInput(),
            ...(this.spec.prefix ? { Prefix: this.spec.prefix } : {}),
            MaxKeys: Math.max(1, Math.min(1000, room)),
            ...(token ? { ContinuationToken: token } : {}),
          }),
          { abortSignal: this.ctx.signal },
        );
        for (const object of out.Contents ?? []) {
          // "Folder" markers hold no data.
          if (object.Key?.endsWith('/') && (object.Size ?? 0) === 0) continue;
          listing.listed++;
          const t = object.LastModified?.getTime();
          if (t !== undefined && t > newest) newest = t;
        }
        token = out.IsTruncated ? out.NextContinuationToken : undefined;
        if (!token) break;
        if (listing.listed >= this.ctx.maxEntries) {
          listing.truncated = true;
          break;
        }
      }
      listing.newest = Number.isFinite(newest) ? new Date(newest).toISOString() : null;
      this.out.objects = listing;
    } catch (error) {
      this.out.problems.push(this.problem(error, 'ListObjectsV2'));
    }
  }
}

function errorName(error: unknown): string | undefined {
  const name = (error as Partial<S3ServiceException>)?.name;
  return typeof name === 'string' ? name : undefined;
}

function notConfigured(error: unknown): boolean {
  const name = errorName(error);
  return name !== undefined && NOT_CONFIGURED.has(name);
}

/** S3-compatible providers that do not offer a call answer 501 or NotImplemented. */
function notImplemented(error: unknown): boolean {
  const status = (error as Partial<S3ServiceException>)?.$metadata?.httpStatusCode;
  return errorName(error) === 'NotImplemented' || status === 501;
}

/** The account a KMS key or alias ARN names: arn:aws:kms:eu-west-1:111122223333:key/… */
export function kmsKeyAccount(keyId: string): string | null {
  const match = /^arn:aws[a-z-]*:kms:[a-z0-9-]*:([0-9]{12}):(key|alias)\//.exec(keyId);
  return match ? match[1]! : null;
}
