// AWS probes: STS proves which account the credentials reach; S3 reads a bucket's settings and
// its newest object. Read-only calls only. The SDK is imported here, dynamically, so no other
// command ever loads it. Credentials come from the SDK's default chain or a named profile, and
// assumed-role credentials stay in memory: none of them reaches an observation.
import type { S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import type { STSClient } from '@aws-sdk/client-sts';
import { statusOf, type ProbeContext } from './context.js';
import { normaliseRegion } from './findings.js';
import type {
  AwsAccountObservation,
  Listing,
  ProbeProblem,
  S3AccountObservation,
  S3BucketObservation,
  S3Encryption,
  S3ObjectLock,
  S3ReplicationRule,
} from './observations.js';
import { bucketStub, type AccountProbeSpec, type BucketProbeSpec, type S3AccountProbeSpec } from './plan.js';
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
  const { STSClient, GetCallerIdentityCommand } = await import('@aws-sdk/client-sts');
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
      const assumed = await assumeRole(base, spec.roleArn, spec.externalId, endpoint, ctx, problems);
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
        const problem = awsProblem(error, 'GetCallerIdentity', endpoint, ctx, ctx.redactor);
        problems.push(problem);
        // An STS without GetCallerIdentity (Ceph RGW answers 405) leaves the account unproven, not the credentials unusable.
        if (problem.kind !== 'unsupported') access = undefined;
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
  return { observation, ...(access && (caller || problems.some((p) => p.kind === 'unsupported')) ? { access } : {}) };
}

/** AssumeRole with the client's credentials; the temporary credentials, or undefined with the problem recorded. */
async function assumeRole(
  client: STSClient,
  roleArn: string,
  externalId: string | undefined,
  endpoint: string,
  ctx: ProbeContext,
  problems: ProbeProblem[],
): Promise<AwsCredentialIdentity | undefined> {
  const { AssumeRoleCommand } = await import('@aws-sdk/client-sts');
  try {
    const out = await client.send(
      new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: ROLE_SESSION_NAME, DurationSeconds: 900, ...(externalId ? { ExternalId: externalId } : {}) }),
      { abortSignal: ctx.signal },
    );
    const c = out.Credentials;
    if (c?.AccessKeyId && c.SecretAccessKey) {
      ctx.redactor.add(c.SecretAccessKey);
      ctx.redactor.add(c.SessionToken);
      return {
        accessKeyId: c.AccessKeyId,
        secretAccessKey: c.SecretAccessKey,
        ...(c.SessionToken ? { sessionToken: c.SessionToken } : {}),
        ...(c.Expiration ? { expiration: c.Expiration } : {}),
      };
    }
    problems.push({ kind: 'unreachable', operation: 'AssumeRole', reason: 'STS answered without credentials' });
  } catch (error) {
    problems.push(awsProblem(error, 'AssumeRole', endpoint, ctx, ctx.redactor));
  }
  return undefined;
}

/**
 * An account at an S3-compatible provider: AssumeRole first when a role is given (Ceph RGW's
 * STS), then ListBuckets, whose Owner names the account the credentials reach — the provider's
 * answer to STS GetCallerIdentity, which such providers lack.
 */
export async function probeS3Account(spec: S3AccountProbeSpec, ctx: ProbeContext): Promise<{ observation: S3AccountObservation; access?: AwsAccess }> {
  const startedAt = ctx.now().toISOString();
  const region = spec.region ?? 'us-east-1';
  const problems: ProbeProblem[] = [];
  let access: AwsAccess | undefined = spec.profile ? { profile: spec.profile } : {};
  let caller: S3AccountObservation['caller'] = null;
  const destroy: { destroy(): void }[] = [];
  try {
    if (spec.roleArn) {
      const { STSClient } = await import('@aws-sdk/client-sts');
      const stsEndpoint = spec.stsEndpoint ?? spec.endpoint;
      const sts = new STSClient({ region, endpoint: stsEndpoint, ...(spec.profile ? { profile: spec.profile } : {}), ...clientOptions(ctx) });
      destroy.push(sts);
      await learnSecrets(sts, ctx);
      const assumed = await assumeRole(sts, spec.roleArn, undefined, stsEndpoint, ctx, problems);
      access = assumed ? { credentials: assumed } : undefined;
    }
    if (access) {
      const sdk: S3Module = await import('@aws-sdk/client-s3');
      const client = s3Client(sdk, { region, endpoint: spec.endpoint, forcePathStyle: spec.forcePathStyle }, access, ctx);
      destroy.push(client);
      await learnSecrets(client, ctx);
      try {
        const out = await client.send(new sdk.ListBucketsCommand({}), { abortSignal: ctx.signal });
        const id = out.Owner?.ID;
        if (id) caller = { ownerId: id, displayName: out.Owner?.DisplayName || null };
        else problems.push({ kind: 'unsupported', operation: 'ListBuckets', reason: 'answered without an Owner: the endpoint does not say whose credentials these are' });
      } catch (error) {
        const problem = awsProblem(error, 'ListBuckets', spec.endpoint, ctx, ctx.redactor);
        problems.push(problem);
        if (problem.kind !== 'unsupported') access = undefined;
      }
    }
  } finally {
    for (const c of destroy) c.destroy();
  }
  const observation: S3AccountObservation = {
    probe: 's3-account',
    subject: spec.subject,
    section: 'accounts',
    status: statusOf(problems, caller !== null),
    startedAt,
    finishedAt: ctx.now().toISOString(),
    problems,
    endpoint: spec.endpoint,
    via: { profile: spec.profile ?? null, roleArn: spec.roleArn ?? null },
    caller,
  };
  return { observation, ...(access ? { access } : {}) };
}

function s3Client(sdk: S3Module, where: { region: string; endpoint?: string; forcePathStyle: boolean }, access: AwsAccess | undefined, ctx: ProbeContext): S3Client {
  return new sdk.S3Client({
    region: where.region,
    ...(where.endpoint ? { endpoint: where.endpoint } : {}),
    forcePathStyle: where.forcePathStyle,
    followRegionRedirects: true,
    ...(access?.credentials ? { credentials: access.credentials } : access?.profile ? { profile: access.profile } : {}),
    ...clientOptions(ctx),
  });
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
  const client = s3Client(sdk, { region, ...(spec.endpoint ? { endpoint: spec.endpoint } : {}), forcePathStyle: spec.forcePathStyle }, access, ctx);
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
      if (expected) await this.confirmMatch(expected, head);
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

  /**
   * HeadBucket answered with the claimed owner. That means something only where the endpoint
   * enforces ExpectedBucketOwner, so an owner that cannot be right must be refused first (Ceph RGW,
   * for one, ignores the header and answers 200 to any owner). Otherwise the bucket's ACL names
   * its owner; otherwise the owner is unverifiable here.
   */
  private async confirmMatch(expected: string, head: (owner: string | undefined) => Promise<void>): Promise<void> {
    let ignored: string;
    try {
      await head(controlOwner(expected, this.spec.ownerKind));
      ignored = 'the endpoint ignores ExpectedBucketOwner (HeadBucket answered with an owner that cannot be right)';
    } catch (error) {
      const control = this.problem(error, 'HeadBucket');
      if (control.kind === 'denied') {
        this.owner = expected;
        this.out.owner = { expected, result: 'match', actual: null };
        return;
      }
      ignored = `the endpoint did not show that it enforces ExpectedBucketOwner (HeadBucket with an owner that cannot be right: ${control.reason})`;
    }
    await this.ownerFromAcl(expected, ignored);
  }

  /** GetBucketAcl's Owner.ID against the claimed owner id: how S3-compatible providers name a bucket's owner. */
  private async ownerFromAcl(expected: string, ignored: string): Promise<void> {
    const unverifiable = (reason: string) => {
      this.out.owner = { expected, result: 'unverifiable', actual: null };
      this.out.problems.push({ kind: 'unsupported', operation: 'HeadBucket', reason });
    };
    if (this.spec.ownerKind === 'aws-account') {
      // An ACL names a canonical user id, which cannot be compared with an account id.
      unverifiable(`${ignored}; the owner in its ACL is a canonical user id, not an AWS account id`);
      return;
    }
    try {
      const out = await this.client.send(new this.sdk.GetBucketAclCommand({ Bucket: this.spec.bucket }), { abortSignal: this.ctx.signal });
      const actual = out.Owner?.ID;
      if (!actual) unverifiable(`${ignored}, and GetBucketAcl named no owner`);
      else this.out.owner = { expected, result: actual === expected ? 'match' : 'mismatch', actual };
    } catch (error) {
      const p = this.problem(error, 'GetBucketAcl');
      if (p.kind === 'unsupported') unverifiable(`${ignored}, and ${p.reason}`);
      else {
        this.out.owner = { expected, result: 'unknown', actual: null };
        this.out.problems.push({ ...p, reason: `${p.reason}; ${ignored}, so only the bucket's ACL can name its owner` });
      }
    }
  }

  private async location(): Promise<void> {
    try {
      const out = await this.client.send(new this.sdk.GetBucketLocationCommand(this.bucketInput()), { abortSignal: this.ctx.signal });
      const location: string = out.LocationConstraint ?? '';
      // AWS answers a region name, or nothing for us-east-1; `default` is Ceph RGW's zone group, and nothing
      // from a provider that is not AWS names no region either.
      if (location === 'default' || (location === '' && this.spec.ownerKind === 's3-owner')) {
        if (this.headerRegion) this.out.region = normaliseRegion(this.headerRegion);
        else {
          this.out.problems.push({
            kind: 'unsupported',
            operation: 'GetBucketLocation',
            reason: `answered ${location === '' ? 'an empty location' : `"${location}"`}, which names no region, and HeadBucket sent no x-amz-bucket-region`,
          });
        }
        return;
      }
      this.out.region = normaliseRegion(location);
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
      const answered = out.ReplicationConfiguration?.Rules ?? [];
      if (answered.length === 0) {
        // AWS answers ReplicationConfigurationNotFoundError when there is none; Ceph RGW answers 200 with an empty configuration.
        this.out.problems.push({
          kind: 'unsupported',
          operation: 'GetBucketReplication',
          reason: 'answered with a configuration that has no rule, which is not an answer about replication (AWS says ReplicationConfigurationNotFoundError when there is none)',
        });
        return;
      }
      const rules: S3ReplicationRule[] = answered.map((r) => ({
        id: r.ID ?? null,
        status: r.Status ?? 'Unknown',
        destinationBucket: r.Destination?.Bucket ?? '',
        destinationAccount: r.Destination?.Account ?? null,
      }));
      this.out.replication = { rules };
    } catch (error) {
      if (notConfigured(error)) this.out.replication = { rules: [] };
      else this.out.problems.push(this.problem(error, 'GetBucketReplication'));
    }
  }

  private async encryption(): Promise<void> {
    try {
      const out = await this.client.send(new this.sdk.GetBucketEncryptionCommand(this.bucketInput()), { abortSignal: this.ctx.signal });
      const rule = out.ServerSideEncryptionConfiguration?.Rules?.[0]?.ApplyServerSideEncryptionByDefault;
      if (!rule?.SSEAlgorithm) {
        // Ceph RGW does not implement the call and answers with an object listing, which parses as a configuration without rules.
        this.out.problems.push({
          kind: 'unsupported',
          operation: 'GetBucketEncryption',
          reason:
            'answered without an encryption rule, which is not an answer about encryption (AWS says ServerSideEncryptionConfigurationNotFoundError when there is none; this endpoint does not implement the call)',
        });
        return;
      }
      const keyId = rule?.KMSMasterKeyID ?? null;
      const encryption: S3Encryption = { algorithm: rule?.SSEAlgorithm ?? 'none', kmsKeyId: keyId, kmsKeyAccount: keyId === null ? null : kmsKeyAccount(keyId) };
      this.out.encryption = encryption;
    } catch (error) {
      if (notConfigured(error)) this.out.encryption = { algorithm: 'none', kmsKeyId: null, kmsKeyAccount: null };
      else this.out.problems.push(this.problem(error, 'GetBucketEncryption'));
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

/**
 * An owner no bucket can have, for the control probe: an AWS account id other than the claimed one
 * (ExpectedBucketOwner must look like one at AWS), or an id no provider hands out.
 */
export function controlOwner(expected: string, kind: BucketProbeSpec['ownerKind']): string {
  if (kind === 'aws-account') return expected === '000000000000' ? '000000000001' : '000000000000';
  return expected === 'bcaudit-control-no-such-owner' ? 'bcaudit-control-no-such-owner-2' : 'bcaudit-control-no-such-owner';
}

/** The account a KMS key or alias ARN names: arn:aws:kms:eu-west-1:111122223333:key/… */
export function kmsKeyAccount(keyId: string): string | null {
  const match = /^arn:aws[a-z-]*:kms:[a-z0-9-]*:([0-9]{12}):(key|alias)\//.exec(keyId);
  return match ? match[1]! : null;
}
