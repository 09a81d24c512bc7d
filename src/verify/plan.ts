// Which probes an inventory asks for: AWS accounts (STS), buckets (S3) and SSH hosts (SFTP). Pure.
import { dirname, isAbsolute, resolve } from 'node:path';
import type { Problem } from '../inventory/problem.js';
import type { Account, Inventory, S3Verify, SshVerify } from '../inventory/types.js';
import type { S3BucketObservation, SshHostObservation } from './observations.js';
import { closest } from '../util/suggest.js';

export interface AccountProbeSpec {
  probe: 'aws-account';
  subject: string;
  accountId: string;
  profile?: string;
  roleArn?: string;
  externalId?: string;
  region?: string;
}

/** An account at an S3-compatible provider (inventory `s3:`): ListBuckets names the owner the credentials reach. */
export interface S3AccountProbeSpec {
  probe: 's3-account';
  subject: string;
  ownerId: string;
  endpoint: string;
  forcePathStyle: boolean;
  profile?: string;
  region?: string;
  roleArn?: string;
  stsEndpoint?: string;
}

/**
 * Whose bucket it is claimed to be: an AWS account id (ExpectedBucketOwner speaks AWS account ids),
 * or the owner id of an S3-compatible provider (what its ListBuckets and GetBucketAcl call Owner.ID).
 */
export type OwnerKind = 'aws-account' | 's3-owner';

export interface BucketProbeSpec {
  probe: 's3-bucket';
  subject: string;
  section: 'targets' | 'stores';
  bucket: string;
  prefix: string;
  /** Region for signing requests (the SDK follows S3's redirect when it is wrong). */
  region?: string;
  endpoint?: string;
  forcePathStyle: boolean;
  /** The inventory account whose credentials (profile, role) reach the bucket, when it has `aws` or `s3`. */
  account?: string;
  /** The claimed owner: the AWS account id, or the `s3.owner_id`, of the holder's account. */
  expectedOwner?: string;
  ownerKind: OwnerKind;
  /** Other owner ids of the same kind to try as owner when the claimed one is refused; production first. */
  ownerCandidates: string[];
}

export interface HostProbeSpec {
  probe: 'ssh-host';
  subject: string;
  section: 'targets' | 'stores';
  host: string;
  port: number;
  user: string;
  path: string;
  hostKey?: string;
  /** Absolute paths: `~/` expanded, relative ones taken from the inventory's directory. */
  knownHosts?: string;
  identityFile?: string;
}

export interface VerifyPlan {
  accounts: (AccountProbeSpec | S3AccountProbeSpec)[];
  buckets: BucketProbeSpec[];
  hosts: HostProbeSpec[];
}

export interface PlanOptions {
  /** Only these ids (accounts, targets, stores); the accounts their buckets are reached through come along. */
  only?: readonly string[];
  /** The home directory, for `~/` in identity_file and known_hosts. */
  home?: string;
}

export type PlanResult = { ok: true; plan: VerifyPlan } | { ok: false; problems: Problem[] };

/** Most other accounts tried as the owner of a bucket that is not the claimed account's. */
const MAX_OWNER_CANDIDATES = 10;

export function planVerify(inventory: Inventory, options: PlanOptions = {}): PlanResult {
  const problems: Problem[] = [];
  const accounts: (AccountProbeSpec | S3AccountProbeSpec)[] = [];
  const buckets: BucketProbeSpec[] = [];
  const hosts: HostProbeSpec[] = [];
  const baseDir = dirname(inventory.file);

  for (const a of inventory.accounts.values()) {
    if (!a.aws) continue;
    accounts.push({
      probe: 'aws-account',
      subject: a.id,
      accountId: a.aws.account_id,
      ...(a.aws.profile === undefined ? {} : { profile: a.aws.profile }),
      ...(a.aws.role_arn === undefined ? {} : { roleArn: a.aws.role_arn }),
      ...(a.aws.external_id === undefined ? {} : { externalId: a.aws.external_id }),
      ...(a.aws.region === undefined ? {} : { region: a.aws.region }),
    });
  }
  for (const a of inventory.accounts.values()) {
    if (!a.s3) continue;
    accounts.push({
      probe: 's3-account',
      subject: a.id,
      ownerId: a.s3.owner_id,
      endpoint: a.s3.endpoint,
      forcePathStyle: a.s3.force_path_style ?? false,
      ...(a.s3.profile === undefined ? {} : { profile: a.s3.profile }),
      ...(a.s3.region === undefined ? {} : { region: a.s3.region }),
      ...(a.s3.role_arn === undefined ? {} : { roleArn: a.s3.role_arn }),
      ...(a.s3.sts_endpoint === undefined ? {} : { stsEndpoint: a.s3.sts_endpoint }),
    });
  }

  const holders = [
    ...[...inventory.stores.values()].map((entity) => ({ section: 'stores' as const, entity })),
    ...[...inventory.targets.values()].map((entity) => ({ section: 'targets' as const, entity })),
  ];
  for (const { section, entity } of holders) {
    const s3 = entity.verify?.s3;
    if (s3) buckets.push(bucketSpec(inventory, section, entity.id, entity.account, entity.region, s3));
    const ssh = entity.verify?.ssh;
    if (ssh) {
      const spec = hostSpec(section, entity.id, ssh, baseDir, options.home);
      if (spec.hostKey === undefined && spec.knownHosts === undefined) {
        problems.push({
          pos: inventory.locate([section, entity.id, 'verify', 'ssh']),
          message:
            `verify.ssh of ${entity.id} pins no host key: add host_key ("SHA256:...") or known_hosts; bcaudit never trusts a host key on first use ` +
            `(get the fingerprint out of band, e.g. ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub on ${ssh.host})`,
        });
      }
      hosts.push(spec);
    }
  }

  let plan: VerifyPlan = { accounts, buckets, hosts };
  if (options.only !== undefined && options.only.length > 0) {
    const selected = selectOnly(inventory, plan, options.only, problems);
    if (selected) plan = selected;
  }
  if (problems.length > 0) return { ok: false, problems };
  if (plan.accounts.length + plan.buckets.length + plan.hosts.length === 0) {
    return {
      ok: false,
      problems: [
        {
          pos: { file: inventory.file, line: 1, column: 1 },
          message: 'nothing to verify: no account has `aws:` or `s3:` and no store or target has `verify:` (see docs/verify.md)',
        },
      ],
    };
  }
  return { ok: true, plan };
}

function bucketSpec(
  inventory: Inventory,
  section: 'targets' | 'stores',
  id: string,
  accountId: string | undefined,
  entityRegion: string | undefined,
  s3: S3Verify,
): BucketProbeSpec {
  const account = accountId === undefined ? undefined : inventory.accounts.get(accountId);
  const aws = account?.aws;
  const compatible = account?.s3;
  const ownerKind: OwnerKind = compatible ? 's3-owner' : 'aws-account';
  const ownerOf = (a: Account | undefined): string | undefined => (ownerKind === 'aws-account' ? a?.aws?.account_id : a?.s3?.owner_id);
  const claimed = ownerOf(account);
  // Candidates for the real owner: the accounts holding the data first (the worst case), then the rest.
  const production = new Set<string>();
  if (section === 'targets') {
    for (const b of inventory.backups.values()) {
      if (b.to !== id) continue;
      const store = inventory.stores.get(b.of);
      const prodId = store === undefined ? undefined : ownerOf(inventory.accounts.get(store.account));
      if (prodId !== undefined) production.add(prodId);
    }
  }
  const others = [...inventory.accounts.values()].flatMap((a) => ownerOf(a) ?? []);
  const candidates = [...new Set([...production, ...others])].filter((c) => c !== claimed).slice(0, MAX_OWNER_CANDIDATES);
  // The bucket's own settings first, then its account's (an S3-compatible account names its endpoint).
  const endpoint = s3.endpoint ?? compatible?.endpoint;
  const region = s3.region ?? aws?.region ?? compatible?.region ?? (endpoint === undefined ? entityRegion : undefined);
  return {
    probe: 's3-bucket',
    subject: id,
    section,
    bucket: s3.bucket,
    prefix: s3.prefix ?? '',
    ...(region === undefined ? {} : { region }),
    ...(endpoint === undefined ? {} : { endpoint }),
    forcePathStyle: s3.force_path_style ?? compatible?.force_path_style ?? false,
    ...(claimed !== undefined ? { account: accountId!, expectedOwner: claimed } : {}),
    ownerKind,
    ownerCandidates: claimed !== undefined ? candidates : [],
  };
}

function hostSpec(section: 'targets' | 'stores', id: string, ssh: SshVerify, baseDir: string, home: string | undefined): HostProbeSpec {
  return {
    probe: 'ssh-host',
    subject: id,
    section,
    host: ssh.host,
    port: ssh.port ?? 22,
    user: ssh.user,
    path: ssh.path,
    ...(ssh.host_key === undefined ? {} : { hostKey: ssh.host_key }),
    ...(ssh.known_hosts === undefined ? {} : { knownHosts: localPath(ssh.known_hosts, baseDir, home) }),
    ...(ssh.identity_file === undefined ? {} : { identityFile: localPath(ssh.identity_file, baseDir, home) }),
  };
}

/** `~/x` → home/x; a relative path is relative to the inventory's directory. */
export function localPath(path: string, baseDir: string, home: string | undefined): string {
  if ((path === '~' || path.startsWith('~/')) && home !== undefined) return resolve(home, path.slice(2));
  return isAbsolute(path) ? path : resolve(baseDir, path);
}

function selectOnly(inventory: Inventory, plan: VerifyPlan, only: readonly string[], problems: Problem[]): VerifyPlan | undefined {
  const wanted = new Set(only);
  const probed = new Set([...plan.accounts, ...plan.buckets, ...plan.hosts].map((p) => p.subject));
  const start = { file: inventory.file, line: 1, column: 1 };
  for (const id of wanted) {
    if (probed.has(id)) continue;
    if (inventory.sectionOf.has(id)) {
      problems.push({ pos: start, message: `--only ${id}: ${id} has nothing to verify (no \`aws:\` or \`s3:\` on an account, no \`verify:\` on a store or target)` });
    } else {
      const hint = closest(id, probed);
      problems.push({ pos: start, message: `--only ${id}: no such id in the inventory${hint ? ` (did you mean ${hint}?)` : ''}` });
    }
  }
  if (problems.length > 0) return undefined;
  const buckets = plan.buckets.filter((b) => wanted.has(b.subject));
  const hosts = plan.hosts.filter((h) => wanted.has(h.subject));
  // A bucket is reached through its account's credentials: that account's probe comes along.
  const needed = new Set([...wanted, ...buckets.flatMap((b) => (b.account === undefined ? [] : [b.account]))]);
  return { accounts: plan.accounts.filter((a) => needed.has(a.subject)), buckets, hosts };
}

/** A bucket observation before any call: what the plan knows, nothing observed yet. */
export function bucketStub(spec: BucketProbeSpec): Omit<S3BucketObservation, 'status' | 'startedAt' | 'finishedAt' | 'problems'> {
  return {
    probe: 's3-bucket',
    subject: spec.subject,
    section: spec.section,
    bucket: spec.bucket,
    prefix: spec.prefix,
    endpoint: spec.endpoint ?? null,
    owner: null,
    region: null,
    versioning: null,
    objectLock: null,
    replication: null,
    encryption: null,
    objects: null,
  };
}

/** A host observation before any call: what the plan knows, nothing observed yet. */
export function hostStub(spec: HostProbeSpec): Omit<SshHostObservation, 'status' | 'startedAt' | 'finishedAt' | 'problems'> {
  return {
    probe: 'ssh-host',
    subject: spec.subject,
    section: spec.section,
    host: spec.host,
    port: spec.port,
    user: spec.user,
    path: spec.path,
    hostKey: null,
    files: null,
    space: null,
  };
}
