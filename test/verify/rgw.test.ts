// `bcaudit verify` against a real S3 implementation that is not AWS: a Ceph RADOS Gateway on
// 127.0.0.1 (test/support/servers/rgw.mjs), started once for this file. Two RGW users stand for two
// accounts at an S3-compatible provider (inventory `s3:`), a role alice may assume stands for an
// audit role, and buckets are made with and without versioning and Object Lock.
// RGW answers differently from AWS exactly where verify draws conclusions (it ignores
// ExpectedBucketOwner, lacks GetBucketEncryption and STS GetCallerIdentity, answers replication with
// an empty configuration and location with `default`): these tests hold that no check passes here
// by accident. What no real server here can show (AWS-only errors, hangs, 503 retries) stays with
// the loopback fake in aws.test.ts.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateBucketCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
  PutObjectLockConfigurationCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { runCli } from '../support/cli.js';
import { ALICE, BOB, missingRgwPrograms, RGW_INSTALL_HINT, startRgw, type Rgw, type RgwUser } from '../support/servers/rgw.mjs';
import { requireTool, TOOLS } from '../support/tools.js';
import { finding, ids, observation, parseJson, type VerifyJson } from './support.js';

// The test's own SDK clients (making buckets) would warn about Node 20 on stderr.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

// CI=true: a missing gateway fails the run; locally the suite skips saying what to install.
const missing = missingRgwPrograms();
const rgwReady = requireTool('radosgw', {
  ...TOOLS.radosgw,
  path: missing.length > 0 ? `/usr/bin/${missing[0]}` : TOOLS.radosgw.path,
  install: RGW_INSTALL_HINT,
});

const BAD_SECRET = 'notalicesecretnotalicesecretnotalice01';
const SECRETS = [ALICE.secretAccessKey, BOB.secretAccessKey, BAD_SECRET];

let rgw: Rgw;
let dir: string;
let report: VerifyJson;
let code: number;
let stdout: string;
let stderr: string;

function client(user: RgwUser): S3Client {
  return new S3Client({
    region: 'us-east-1',
    endpoint: rgw.url,
    forcePathStyle: true,
    credentials: { accessKeyId: user.accessKeyId, secretAccessKey: user.secretAccessKey },
  });
}

/** Buckets as the inventory below describes them (and, in places, not as it claims). */
async function makeBuckets(): Promise<void> {
  const alice = client(ALICE);
  const bob = client(BOB);
  const put = (c: S3Client, bucket: string, key: string) => c.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: 'backup\n' }));
  // Object Lock turns versioning on; new objects get a COMPLIANCE retention of one day.
  await alice.send(new CreateBucketCommand({ Bucket: 'a-locked', ObjectLockEnabledForBucket: true }));
  await alice.send(
    new PutObjectLockConfigurationCommand({
      Bucket: 'a-locked',
      ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 1 } } },
    }),
  );
  await put(alice, 'a-locked', 'nightly/db.tar');
  await alice.send(new CreateBucketCommand({ Bucket: 'a-versioned' }));
  await alice.send(new PutBucketVersioningCommand({ Bucket: 'a-versioned', VersioningConfiguration: { Status: 'Enabled' } }));
  await put(alice, 'a-versioned', 'db.tar');
  await alice.send(new CreateBucketCommand({ Bucket: 'a-plain' }));
  await put(alice, 'a-plain', 'db.tar');
  await alice.send(new CreateBucketCommand({ Bucket: 'a-empty' }));
  await bob.send(new CreateBucketCommand({ Bucket: 'b-own' }));
  await put(bob, 'b-own', 'db.tar');
  alice.destroy();
  bob.destroy();
}

function inventory(): string {
  const s3 = (owner: string, profile: string, extra = '') => `{ owner_id: ${owner}, endpoint: "${rgw.url}", profile: ${profile}, force_path_style: true${extra} }`;
  const target = (id: string, account: string, bucket: string, extra = '') =>
    `  ${id}:\n    kind: object-storage\n    account: ${account}\n${extra}    verify:\n      s3: { bucket: ${bucket} }\n`;
  return `version: 1
name: verify against Ceph RGW
providers:
  ceph: { kind: self }
  aws: { kind: cloud }
identities:
  ops: { kind: person }
accounts:
  rgw-alice:
    provider: ceph
    admins: [ops]
    s3: ${s3('alice', 'alice')}
  rgw-bob:
    provider: ceph
    admins: [ops]
    s3: ${s3('bob', 'bob')}
  rgw-role:
    provider: ceph
    admins: [ops]
    s3: { owner_id: alice, endpoint: "${rgw.stsUrl}", profile: alice, force_path_style: true, role_arn: "${rgw.roleArn}" }
  rgw-wrong-owner:
    provider: ceph
    admins: [ops]
    s3: ${s3('carol', 'alice')}
  rgw-bad-key:
    provider: ceph
    admins: [ops]
    s3: ${s3('alice', 'badkey')}
  rgw-bad-secret:
    provider: ceph
    admins: [ops]
    s3: ${s3('alice', 'badsecret')}
  aws-on-rgw:
    provider: aws
    admins: [ops]
    aws: { account_id: "111111111111", profile: alice }
keys:
  backup-key: { held_by: [ops] }
stores:
  db:
    kind: database
    account: rgw-bob
    criticality: critical
targets:
${target('t-locked', 'rgw-alice', 'a-locked, prefix: nightly/', '    immutable: compliance\n    region: eu-ceph-1\n')}${target('t-versioned', 'rgw-alice', 'a-versioned')}${target(
    't-plain',
    'rgw-alice',
    'a-plain',
    '    immutable: governance\n',
  )}${target('t-stale', 'rgw-alice', 'a-plain')}${target('t-empty', 'rgw-alice', 'a-empty')}${target('t-missing', 'rgw-alice', 'no-such-bucket')}${target(
    't-other-user',
    'rgw-alice',
    'b-own',
  )}${target('t-role', 'rgw-role', 'a-locked')}${target('t-role-other-user', 'rgw-role', 'b-own')}${target('t-wrong-owner', 'rgw-wrong-owner', 'a-versioned')}${target(
    't-bad-key',
    'rgw-bad-key',
    'a-versioned',
  )}${target('t-bad-secret', 'rgw-bad-secret', 'a-versioned')}  t-aws-on-rgw:
    kind: object-storage
    account: aws-on-rgw
    verify:
      s3: { bucket: a-versioned, endpoint: "${rgw.url}", force_path_style: true }
backups:
  bk-locked: { of: db, to: t-locked, every: 24h, encryption: backup-key }
  bk-versioned: { of: db, to: t-versioned, every: 24h }
  bk-plain: { of: db, to: t-plain, every: 24h }
  bk-stale: { of: db, to: t-stale, every: 1s }
  bk-empty: { of: db, to: t-empty, every: 24h }
  bk-missing: { of: db, to: t-missing, every: 24h }
  bk-other-user: { of: db, to: t-other-user, every: 24h }
  bk-role: { of: db, to: t-role, every: 24h }
  bk-role-other-user: { of: db, to: t-role-other-user, every: 24h }
  bk-wrong-owner: { of: db, to: t-wrong-owner, every: 24h }
  bk-bad-key: { of: db, to: t-bad-key, every: 24h }
  bk-bad-secret: { of: db, to: t-bad-secret, every: 24h }
  bk-aws-on-rgw: { of: db, to: t-aws-on-rgw, every: 24h }
`;
}

describe.skipIf(!rgwReady)('verify against a real Ceph RADOS Gateway', () => {
  beforeAll(async () => {
    rgw = await startRgw();
    dir = mkdtempSync(join(tmpdir(), 'bcaudit-verify-rgw-'));
    const profile = (name: string, id: string, secret: string) => `[${name}]\naws_access_key_id = ${id}\naws_secret_access_key = ${secret}\n`;
    writeFileSync(
      join(dir, 'credentials'),
      [
        profile('alice', ALICE.accessKeyId, ALICE.secretAccessKey),
        profile('bob', BOB.accessKeyId, BOB.secretAccessKey),
        profile('badkey', 'NOSUCHKEY00000000000', BAD_SECRET),
        profile('badsecret', ALICE.accessKeyId, BAD_SECRET),
      ].join('\n'),
    );
    writeFileSync(join(dir, 'config'), '');
    await makeBuckets();
    // t-stale's backup runs every second: its one object is stale once 1.5 s have passed.
    await new Promise((resolve) => setTimeout(resolve, 1600));
    const env: Record<string, string> = {
      AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials'),
      AWS_CONFIG_FILE: join(dir, 'config'),
      AWS_REGION: 'us-east-1',
      // The `aws:` account's STS calls go to the gateway too: it answers GetCallerIdentity 405.
      AWS_ENDPOINT_URL_STS: rgw.url,
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    };
    for (const name of ['AWS_PROFILE', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_ENDPOINT_URL', 'AWS_ENDPOINT_URL_S3', 'AWS_DEFAULT_REGION']) {
      vi.stubEnv(name, undefined);
    }
    for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
    const file = 'rgw-test.yml';
    const r = await runCli(['verify', file, '--format', 'json', '--timeout', '30', '--concurrency', '4'], { env, files: { [file]: inventory() } });
    vi.unstubAllEnvs();
    ({ code, stdout, stderr } = r);
    report = parseJson(r.stdout);
  }, 150_000);

  afterAll(async () => {
    await rgw?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  afterEach(() => {
    vi.unstubAllEnvs();
  });

  const bucket = (subject: string) => observation(report, subject) as Record<string, unknown> & { owner: { result: string; actual: string | null } | null };

  it('exits 3: bad credentials and a missing bucket could not be checked', () => {
    expect(code, stderr).toBe(3);
    expect(stderr).toBe('');
  });

  it('a wrong claimed owner is a mismatch, never a match (RGW ignores ExpectedBucketOwner; the ACL names alice)', () => {
    // The account: ListBuckets names alice, not carol.
    const account = finding(report, 'verify-account-mismatch/rgw-wrong-owner');
    expect(account.message).toContain('reach owner alice (Alice)');
    expect(account.message).toContain('not carol');
    expect(bucket('t-wrong-owner').owner).toEqual({ expected: 'carol', result: 'mismatch', actual: 'alice' });
    expect(finding(report, 'verify-owner-mismatch/t-wrong-owner').message).toContain("belongs to owner alice (rgw-alice)");
    // No bucket on this gateway is a match unless its ACL names the claimed owner.
    for (const o of report.observations.observations) {
      const owner = (o as { owner?: { expected: string; result: string; actual: string | null } | null }).owner;
      if (owner?.result === 'match') expect(['alice', 'bob'], String(o.subject)).toContain(owner.expected);
    }
  });

  it("an AWS account's bucket on RGW: the owner is unverifiable (the control HeadBucket was answered), never a match", () => {
    const o = bucket('t-aws-on-rgw');
    expect(o.owner).toEqual({ expected: '111111111111', result: 'unverifiable', actual: null });
    const f = finding(report, 'verify-unverifiable/t-aws-on-rgw/owner');
    expect(f.severity).toBe('high');
    expect(f.message).toContain('ignores ExpectedBucketOwner');
    // STS GetCallerIdentity is 405 here: the account is unproven, not confirmed, and its bucket still checked.
    expect(finding(report, 'verify-unverifiable/aws-on-rgw/identity').message).toContain('method not allowed (HTTP 405)');
    expect(observation(report, 'aws-on-rgw')).toMatchObject({ caller: null });
    expect(ids(report)).not.toContain('verify-account-mismatch/aws-on-rgw');
    expect(ids(report)).not.toContain('verify-owner-mismatch/t-aws-on-rgw');
  });

  it('a bucket that is what the inventory claims: owner from its ACL, versioning and COMPLIANCE lock as on AWS', () => {
    expect(bucket('t-locked')).toMatchObject({
      owner: { expected: 'alice', result: 'match', actual: 'alice' },
      versioning: 'enabled',
      objectLock: { enabled: true, mode: 'compliance', days: 1 },
      objects: { listed: 1, truncated: false },
    });
    expect(observation(report, 'rgw-alice')).toMatchObject({ status: 'complete', caller: { ownerId: 'alice', displayName: 'Alice' } });
    const drift = ids(report).filter((id) => id.includes('/t-locked') && !id.startsWith('verify-unverifiable/'));
    expect(drift).toEqual([]);
  });

  it('encryption, replication and region are unverifiable on RGW, never "none"', () => {
    for (const subject of ['t-locked', 't-versioned', 't-plain', 't-role']) {
      const o = bucket(subject);
      // Not observed: RGW answers GetBucketEncryption with a listing, replication with an empty configuration, location `default`.
      expect(o, subject).toMatchObject({ encryption: null, replication: null, region: null });
    }
    const problems = (bucket('t-locked').problems as { kind: string; operation: string }[]).map((p) => `${p.kind} ${p.operation}`).sort();
    expect(problems).toEqual(['unsupported GetBucketEncryption', 'unsupported GetBucketLocation', 'unsupported GetBucketReplication']);
    // Rated by what the inventory claims: a key and a region for t-locked, nothing for t-versioned.
    expect(finding(report, 'verify-unverifiable/t-locked/encryption')).toMatchObject({ severity: 'medium' });
    expect(finding(report, 'verify-unverifiable/t-locked/region').message).toContain('"default", which names no region');
    expect(finding(report, 'verify-unverifiable/t-locked/replication')).toMatchObject({ severity: 'info' });
    expect(finding(report, 'verify-unverifiable/t-versioned/encryption')).toMatchObject({ severity: 'info' });
    expect(finding(report, 'verify-unverifiable/t-versioned/region')).toMatchObject({ severity: 'info' });
    expect(observation(report, 't-locked')).toMatchObject({ status: 'complete' });
  });

  it('versioning off and no lock under a governance claim are found', () => {
    expect(finding(report, 'verify-versioning-off/t-plain')).toMatchObject({ severity: 'high' });
    expect(finding(report, 'verify-not-immutable/t-plain').message).toContain('Object Lock is not enabled');
  });

  it('stale and empty: the newest object against every, nothing at all', () => {
    expect(finding(report, 'verify-stale/t-stale/s3').message).toContain('runs every 1s');
    expect(ids(report).filter((id) => id.startsWith('verify-stale/t-plain'))).toEqual([]);
    expect(finding(report, 'verify-empty/t-empty/s3').message).toContain('holds no objects');
  });

  it("another user's bucket: refused with alice's keys (owner unknown), named as bob's through the role", () => {
    expect(bucket('t-other-user').owner).toEqual({ expected: 'alice', result: 'unknown', actual: null });
    expect(finding(report, 'verify-denied/t-other-user/s3').message).toContain('refused with and without ExpectedBucketOwner');
    expect(bucket('t-role-other-user').owner).toEqual({ expected: 'alice', result: 'mismatch', actual: 'bob' });
    const f = finding(report, 'verify-owner-mismatch/t-role-other-user');
    expect(f.severity).toBe('critical');
    expect(f.message).toContain('belongs to owner bob (rgw-bob), the production account');
  });

  it('AssumeRole into a role: its credentials reach alice and read her bucket', () => {
    expect(observation(report, 'rgw-role')).toMatchObject({ status: 'complete', via: { roleArn: rgw.roleArn }, caller: { ownerId: 'alice' } });
    expect(bucket('t-role')).toMatchObject({ owner: { result: 'match', actual: 'alice' }, versioning: 'enabled', objectLock: { mode: 'compliance' } });
  });

  it('a missing bucket is unreachable; bad credentials are refused and their buckets skipped', () => {
    expect(finding(report, 'verify-unreachable/t-missing/s3').message).toContain('the bucket does not exist');
    expect(finding(report, 'verify-denied/rgw-bad-key/s3').message).toContain('InvalidAccessKeyId');
    expect(finding(report, 'verify-denied/rgw-bad-secret/s3').message).toContain('SignatureDoesNotMatch');
    expect(finding(report, 'verify-denied/rgw-bad-secret/s3').remediation).toContain('s3:ListAllMyBuckets');
    expect(observation(report, 't-bad-key')).toMatchObject({ status: 'skipped', skippedBecause: 'accounts/rgw-bad-key' });
    expect(observation(report, 't-bad-secret')).toMatchObject({ status: 'skipped', skippedBecause: 'accounts/rgw-bad-secret' });
  });

  it('no credential reaches the output', () => {
    for (const secret of SECRETS) {
      expect(stdout).not.toContain(secret);
      expect(stderr).not.toContain(secret);
    }
  });
});
