// `bcaudit verify` against AWS: the real SDK clients (STS, S3) over HTTP to a loopback server
// that speaks the STS query and S3 REST-XML protocols (test/support/servers/aws.mjs). It stays for
// what no real server here can show: AWS account ids and roles with external ids, KMS keys in other
// accounts, replication rules, legacy `EU` locations, AWS error codes, hung calls and 503 retries.
// How a real S3 implementation that is not AWS answers is tested against Ceph RGW (rgw.test.ts).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { parseInventory } from '../../src/inventory/load.js';
import { observationFindings, parseObservations } from '../../src/verify/observations.js';
import { runCli } from '../support/cli.js';
import { closedPort, startAwsServer, startSilentServer, type AwsScenario, type AwsServer, type SilentServer } from '../support/servers/aws.mjs';
import { AUDIT_KEY, finding, ids, observation, parseJson, PROD_KEY, stubAwsEnv, type VerifyJson } from './support.js';

const DAY = 86_400_000;
const ago = (ms: number) => new Date(Date.now() - ms);
const fresh = (prefix = '') => [
  { key: `${prefix}a.tar`, lastModified: ago(3 * DAY) },
  { key: `${prefix}b.tar`, lastModified: ago(2 * 3600_000) },
];
const GOOD = { owner: '222222222222', region: 'eu-west-1', versioning: 'Enabled' as const, objects: fresh() };
const PROD_KMS = 'arn:aws:kms:eu-central-1:111111111111:key/9a8b7c6d-5e4f-3a2b-1c0d-e9f8a7b6c5d4';

const SCENARIO: AwsScenario = {
  identities: {
    [AUDIT_KEY.id]: { secretAccessKey: AUDIT_KEY.secret, account: '333333333333', arn: 'arn:aws:iam::333333333333:user/audit' },
    [PROD_KEY.id]: { secretAccessKey: PROD_KEY.secret, account: '111111111111', arn: 'arn:aws:iam::111111111111:user/audit' },
  },
  roles: {
    'arn:aws:iam::222222222222:role/audit': { account: '222222222222', externalId: 'ext-1234', trust: ['333333333333'] },
    'arn:aws:iam::777777777777:role/audit': { account: '777777777777', externalId: 'the-right-one' },
    'arn:aws:iam::555555555555:role/audit': { account: '555555555555' },
  },
  buckets: {
    'b-good': {
      ...GOOD,
      objectLock: { mode: 'COMPLIANCE', days: 30 },
      replication: [{ id: 'dr', bucketArn: 'arn:aws:s3:::b-dr', account: '222222222222' }],
      encryption: { algorithm: 'aws:kms', kmsKeyId: 'arn:aws:kms:eu-west-1:222222222222:key/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0' },
      legacyEU: true,
    },
    'b-prod-owned': { ...GOOD, owner: '111111111111' },
    'b-foreign': { ...GOOD, owner: '999999999999' },
    'b-region': { ...GOOD, region: 'eu-central-1' },
    'b-unversioned': { ...GOOD, versioning: 'Suspended' },
    'b-governance': { ...GOOD, objectLock: { mode: 'GOVERNANCE', days: 7 } },
    'b-nolock': { ...GOOD },
    'b-lock-no-default': { ...GOOD, objectLock: 'enabled-without-default' },
    'b-gov-claim-compliance-found': { ...GOOD, objectLock: { mode: 'COMPLIANCE', years: 1 } },
    'b-prod-key': { ...GOOD, encryption: { algorithm: 'aws:kms', kmsKeyId: PROD_KMS } },
    'b-bare-key': { ...GOOD, encryption: { algorithm: 'aws:kms', kmsKeyId: '0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0' } },
    'b-empty': { ...GOOD, objects: [{ key: 'other/x.tar', lastModified: ago(3600_000) }] },
    'b-stale': { ...GOOD, objects: [{ key: 'old.tar', lastModified: ago(9 * DAY) }] },
    'b-denied': { ...GOOD, deny: true },
    'b-partly-denied': { ...GOOD, deny: ['GetBucketEncryption', 'GetBucketReplication'] },
    'b-slow-list': { ...GOOD, hang: ['ListObjectsV2'] },
    'b-many': {
      ...GOOD,
      objects: Array.from({ length: 2500 }, (_, i) => ({ key: `k/${String(i).padStart(5, '0')}`, lastModified: i === 2499 ? ago(3600_000) : ago(20 * DAY) })),
    },
    'b-prod': { owner: '111111111111', region: 'eu-central-1', versioning: 'Enabled', objects: fresh() },
    'b-throttled': { ...GOOD, throttle: { GetBucketEncryption: 10 } },
    'b-throttled-twice': { ...GOOD, throttle: { GetBucketVersioning: 2 } },
  },
};

let aws: AwsServer;
let silent: SilentServer;
let closed: number;
let dir: string;

beforeAll(async () => {
  aws = await startAwsServer(SCENARIO);
  silent = await startSilentServer();
  closed = await closedPort();
  dir = mkdtempSync(join(tmpdir(), 'bcaudit-verify-aws-'));
  writeFileSync(join(dir, 'credentials'), `[prod]\naws_access_key_id = ${PROD_KEY.id}\naws_secret_access_key = ${PROD_KEY.secret}\n`);
  writeFileSync(join(dir, 'config'), '');
});

afterAll(async () => {
  await aws?.close();
  await silent?.close();
  rmSync(dir, { recursive: true, force: true });
});

afterEach(() => {
  vi.unstubAllEnvs();
});

function env(): Record<string, string> {
  return stubAwsEnv(aws, { AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials'), AWS_CONFIG_FILE: join(dir, 'config') });
}

const s3 = (bucket: string, extra = '') => `{ bucket: ${bucket}, endpoint: "${aws.url}", force_path_style: true${extra} }`;

interface TargetOpts {
  immutable?: string;
  account?: string;
  region?: string;
  /** null: no endpoint in the inventory. */
  endpoint?: string | null;
  prefix?: string;
}

/** The inventory: production in aws-prod (eu-central-1), copies in aws-backup (eu-west-1) reached through a role. */
function inventory(extraTargets: [string, string, TargetOpts?][] = []): string {
  const target = (id: string, bucket: string, opts: TargetOpts = {}) =>
    `  ${id}:
    kind: object-storage
    account: ${opts.account ?? 'aws-backup'}
    region: ${opts.region ?? 'eu-west-1'}
    immutable: ${opts.immutable ?? 'none'}
    verify:
      s3: { bucket: ${bucket}${opts.endpoint === null ? '' : `, endpoint: "${opts.endpoint ?? aws.url}"`}, force_path_style: true${opts.prefix ? `, prefix: ${opts.prefix}` : ''} }
`;
  const targets: [string, string, Parameters<typeof target>[2]?][] = [
    ['t-good', 'b-good', { immutable: 'compliance' }],
    ['t-prod-owned', 'b-prod-owned'],
    ['t-foreign', 'b-foreign'],
    ['t-region', 'b-region'],
    ['t-unversioned', 'b-unversioned', { immutable: 'governance' }],
    ['t-governance', 'b-governance', { immutable: 'compliance' }],
    ['t-nolock', 'b-nolock', { immutable: 'governance' }],
    ['t-lock-no-default', 'b-lock-no-default', { immutable: 'compliance' }],
    ['t-gov-ok', 'b-gov-claim-compliance-found', { immutable: 'governance' }],
    ['t-prod-key', 'b-prod-key'],
    ['t-bare-key', 'b-bare-key'],
    ['t-empty', 'b-empty', { prefix: 'nightly/' }],
    ['t-stale', 'b-stale'],
    ['t-denied', 'b-denied'],
    ['t-partly-denied', 'b-partly-denied'],
    ['t-slow-list', 'b-slow-list'],
    ['t-many', 'b-many'],
    ['t-missing', 'b-does-not-exist'],
    ['t-hanging', 'b-hanging', { endpoint: `http://127.0.0.1:${silent.port}` }],
    ['t-closed', 'b-closed', { endpoint: `http://127.0.0.1:${closed}` }],
    ['t-wrong-external-id', 'b-good', { account: 'aws-external' }],
    ['t-mismatch', 'b-good', { account: 'aws-mismatch' }],
    ...extraTargets,
  ];
  return `version: 1
name: aws verify test
providers:
  aws: { kind: cloud }
accounts:
  aws-prod:
    provider: aws
    admins: [alice]
    aws: { account_id: "111111111111", profile: prod, region: eu-central-1 }
  aws-backup:
    provider: aws
    admins: [bob]
    aws: { account_id: "222222222222", role_arn: "arn:aws:iam::222222222222:role/audit", external_id: ext-1234, region: eu-west-1 }
  aws-external:
    provider: aws
    admins: [bob]
    aws: { account_id: "777777777777", role_arn: "arn:aws:iam::777777777777:role/audit", external_id: the-wrong-one }
  aws-mismatch:
    provider: aws
    admins: [bob]
    aws: { account_id: "444444444444", role_arn: "arn:aws:iam::555555555555:role/audit" }
identities:
  alice: { kind: person }
  bob: { kind: person }
keys:
  backup-kms: { account: aws-backup }
stores:
  db:
    kind: database
    account: aws-prod
    region: eu-central-1
    criticality: critical
  prod-bucket:
    kind: bucket
    account: aws-prod
    region: eu-central-1
    criticality: high
    verify:
      s3: ${s3('b-prod')}
targets:
${targets.map(([id, bucket, opts]) => target(id, bucket, opts)).join('')}
backups:
${targets.map(([id]) => `  bk-${id}: { of: db, to: ${id}, every: 24h${id === 't-prod-key' || id === 't-good' ? ', encryption: backup-kms' : ''} }`).join('\n')}
`;
}

async function verify(args: string[], text = inventory()) {
  const file = 'aws-test.yml';
  return runCli(['verify', file, ...args], { env: env(), files: { [file]: text } });
}

describe('verify against STS and S3 (real SDK, loopback server)', () => {
  let report: VerifyJson;
  let code: number;
  let written: Record<string, string>;
  let stderr: string;
  let elapsed: number;

  beforeAll(async () => {
    const started = Date.now();
    const r = await verify(['--format', 'json', '--timeout', '4', '--concurrency', '8', '--observations-out', 'obs.json']);
    elapsed = Date.now() - started;
    code = r.code;
    stderr = r.stderr;
    written = r.written;
    report = parseJson(r.stdout);
  });

  it('exits 3 because some probes could not complete, within the time bounds', () => {
    expect(code, stderr).toBe(3);
    expect(report.summary.exitCode).toBe(3);
    expect(stderr).toBe('');
    // 27 probes, 8 at a time, the hung ones stopped at 4 s each (a loaded 2-core machine needs the room).
    expect(elapsed).toBeLessThan(15_000);
  });

  it('proves accounts: profile, role with external id, and a mismatch', () => {
    expect(observation(report, 'aws-prod')).toMatchObject({ status: 'complete', caller: { account: '111111111111' }, via: { profile: 'prod' } });
    expect(observation(report, 'aws-backup')).toMatchObject({
      status: 'complete',
      caller: { account: '222222222222', arn: 'arn:aws:sts::222222222222:assumed-role/audit/bcaudit-verify' },
      via: { roleArn: 'arn:aws:iam::222222222222:role/audit', externalId: true },
    });
    const mismatch = finding(report, 'verify-account-mismatch/aws-mismatch');
    expect(mismatch.severity).toBe('critical');
    expect(mismatch.message).toContain('reach AWS account 555555555555');
    expect(mismatch.message).toContain('not 444444444444');
    expect(mismatch.location.line).toBeGreaterThan(1);
  });

  it('a refused AssumeRole is verify-denied, and the buckets behind it are skipped', () => {
    const denied = finding(report, 'verify-denied/aws-external/sts');
    expect(denied.message).toMatch(/AssumeRole: AccessDenied.*not authorized to perform: sts:AssumeRole/);
    expect(denied.message).toContain('t-wrong-external-id was not checked');
    expect(observation(report, 't-wrong-external-id')).toMatchObject({ status: 'skipped', skippedBecause: 'accounts/aws-external' });
    expect(ids(report).filter((id) => id.includes('t-wrong-external-id'))).toEqual([]);
  });

  it('a bucket that is what the inventory says gives no finding (legacy EU location, KMS key in its own account)', () => {
    expect(ids(report).filter((id) => id.includes('/t-good')), JSON.stringify(observation(report, 't-good'))).toEqual([]);
    expect(observation(report, 't-good')).toMatchObject({
      status: 'complete',
      owner: { expected: '222222222222', result: 'match' },
      region: 'eu-west-1',
      versioning: 'enabled',
      objectLock: { enabled: true, mode: 'compliance', days: 30 },
      replication: { rules: [{ id: 'dr', destinationBucket: 'arn:aws:s3:::b-dr', destinationAccount: '222222222222', status: 'Enabled' }] },
      encryption: { algorithm: 'aws:kms', kmsKeyAccount: '222222222222' },
      objects: { listed: 2, truncated: false },
    });
  });

  it('a bucket owned by production: critical, and it says so', () => {
    const f = finding(report, 'verify-owner-mismatch/t-prod-owned');
    expect(f.severity).toBe('critical');
    expect(f.message).toContain('belongs to AWS account 111111111111 (aws-prod), the production account');
    expect(observation(report, 't-prod-owned')).toMatchObject({ owner: { expected: '222222222222', result: 'mismatch', actual: '111111111111' } });
    // HeadBucket with the claimed owner, without, then with the candidates until one matched.
    const heads = aws.requests.filter((r) => r.op === 'HeadBucket' && r.bucket === 'b-prod-owned').map((r) => r.status);
    expect(heads.slice(0, 3)).toEqual([403, 200, 200]);
  });

  it('a bucket owned by an account not in the inventory: high', () => {
    const f = finding(report, 'verify-owner-mismatch/t-foreign');
    expect(f.severity).toBe('high');
    expect(f.message).toContain('another AWS account (none of the accounts in the inventory)');
  });

  it('region mismatch, high when it is the production region', () => {
    const f = finding(report, 'verify-region-mismatch/t-region');
    expect(f.severity).toBe('high');
    expect(f.message).toContain('is in region eu-central-1, not eu-west-1');
  });

  it('versioning suspended under a claimed lock: high', () => {
    const f = finding(report, 'verify-versioning-off/t-unversioned');
    expect(f.severity).toBe('high');
    expect(f.message).toContain('suspended');
  });

  it('object lock: governance or none under a compliance claim is high; governance claim met by compliance is fine', () => {
    expect(finding(report, 'verify-not-immutable/t-governance')).toMatchObject({ severity: 'high' });
    expect(finding(report, 'verify-not-immutable/t-governance').message).toContain('GOVERNANCE mode, 7 days');
    expect(finding(report, 'verify-not-immutable/t-lock-no-default').message).toContain('no default retention');
    expect(finding(report, 'verify-not-immutable/t-nolock')).toMatchObject({ severity: 'medium' });
    expect(ids(report).filter((id) => id.includes('t-gov-ok'))).toEqual([]);
  });

  it('a KMS key in the production account is named; a bare key id is in the bucket owner account', () => {
    const f = finding(report, 'verify-key-account/t-prod-key');
    expect(f.severity).toBe('critical');
    expect(f.message).toContain('in AWS account 111111111111 (aws-prod, the production account)');
    expect(f.message).toContain('backup-kms in account aws-backup');
    expect(ids(report).filter((id) => id.includes('t-bare-key'))).toEqual([]);
  });

  it('empty under the prefix, and stale beyond every x 1.5', () => {
    expect(finding(report, 'verify-empty/t-empty/s3').message).toContain('prefix nightly/');
    const stale = finding(report, 'verify-stale/t-stale/s3');
    expect(stale.message).toMatch(/is 9d old .*runs every 24h, so it should be at most 36h old/);
  });

  it('listing is paginated: the newest object on the third page is found', () => {
    expect(observation(report, 't-many')).toMatchObject({ objects: { listed: 2500, truncated: false } });
    expect(aws.count('ListObjectsV2', 'b-many')).toBe(3);
    expect(ids(report).filter((id) => id.includes('t-many'))).toEqual([]);
  });

  it('AccessDenied everywhere: verify-denied naming the permissions', () => {
    const f = finding(report, 'verify-denied/t-denied/s3');
    expect(f.message).toContain('refused with and without ExpectedBucketOwner');
    expect(f.remediation).toContain('s3:GetBucketObjectLockConfiguration');
    expect(f.remediation).toContain('arn:aws:s3:::b-denied');
    expect(observation(report, 't-denied')).toMatchObject({ owner: { result: 'unknown' } });
  });

  it('AccessDenied on some calls: the rest is still observed', () => {
    const f = finding(report, 'verify-denied/t-partly-denied/s3');
    expect(f.message).toContain('GetBucketReplication, GetBucketEncryption: AccessDenied: Access Denied (HTTP 403)');
    expect(f.remediation).toContain('s3:GetReplicationConfiguration, s3:GetEncryptionConfiguration');
    expect(observation(report, 't-partly-denied')).toMatchObject({ status: 'partial', versioning: 'enabled', objects: { listed: 2 } });
  });

  it('a call that hangs times out; what came before it is kept', () => {
    const f = finding(report, 'verify-timeout/t-slow-list/s3');
    expect(f.message).toContain('ListObjectsV2: no answer from');
    expect(observation(report, 't-slow-list')).toMatchObject({ status: 'partial', versioning: 'enabled', objects: null });
  });

  it('a hanging endpoint times out, a closed port is unreachable, a missing bucket says so', () => {
    expect(finding(report, 'verify-timeout/t-hanging/s3').message).toContain(`no answer from http://127.0.0.1:${silent.port} within 4 s`);
    expect(finding(report, 'verify-unreachable/t-closed/s3').message).toContain('connection refused');
    expect(finding(report, 'verify-unreachable/t-missing/s3').message).toContain('the bucket does not exist');
  });

  it('a store with verify.s3 is checked too', () => {
    expect(observation(report, 'prod-bucket')).toMatchObject({ section: 'stores', status: 'complete', owner: { result: 'match' } });
  });

  it('every finding is located on its inventory line', () => {
    const lines = inventory().split('\n');
    for (const f of report.findings) {
      expect(f.location.line, f.id).toBeGreaterThan(1);
      const subject = f.id.split('/')[1]!;
      // The line is inside the subject's entry: at or after the line that opens it.
      const opens = lines.findIndex((l) => l.trimStart().startsWith(`${subject}:`)) + 1;
      expect(f.location.line, f.id).toBeGreaterThanOrEqual(opens);
    }
  });

  it('--observations-out: a versioned record that reads back and judges to the same findings', () => {
    const text = written['obs.json']!;
    const parsed = parseObservations(text, 'obs.json');
    if (!parsed.ok) throw new Error(parsed.problems.map((p) => p.message).join('\n'));
    expect(parsed.observations).toMatchObject({ format: 'bcaudit-observations', version: 2, settings: { timeoutSeconds: 4, slack: 1.5 } });
    const loaded = parseInventory(inventory(), 'aws-test.yml');
    if (!loaded.ok) throw new Error('inventory');
    expect(observationFindings(parsed.observations, loaded.inventory).map((f) => f.id)).toEqual(report.findings.map((f) => f.id));
    expect(JSON.parse(text)).toEqual(report.observations);
  });
});

describe('verify: exit codes, formats and selection', () => {
  it('exit 0 when everything checked is as claimed', async () => {
    const r = await verify(['--only', 't-good', '--only', 'prod-bucket']);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain('nothing at or above high: passing');
    expect(r.stdout).toMatch(/✓ aws-backup/);
  });

  it('exit 1 for drift at or above --fail-on, 0 below it', async () => {
    expect((await verify(['--only', 't-nolock'])).code).toBe(0); // medium
    expect((await verify(['--only', 't-nolock', '--fail-on', 'medium'])).code).toBe(1);
    expect((await verify(['--only', 't-governance'])).code).toBe(1); // high
    expect((await verify(['--only', 't-governance', '--fail-on', 'never'])).code).toBe(0);
  });

  it("the SDK's retry is exercised: two 503 SlowDown answers, then success and no finding", async () => {
    const r = await verify(['--only', 't-throttled-twice', '--format', 'json', '--timeout', '10'], inventory([['t-throttled-twice', 'b-throttled-twice']]));
    expect(r.code, r.stdout).toBe(0);
    const versioning = aws.requests.filter((x) => x.op === 'GetBucketVersioning' && x.bucket === 'b-throttled-twice').map((x) => x.status);
    expect(versioning).toEqual([503, 503, 200]);
    expect(observation(parseJson(r.stdout), 't-throttled-twice')).toMatchObject({ status: 'complete', versioning: 'enabled' });
  });

  it('a throttled call that never recovers becomes verify-unreachable after the retries', async () => {
    const before = aws.count('GetBucketEncryption', 'b-throttled');
    const r = await verify(['--only', 't-throttled', '--format', 'json', '--timeout', '10'], inventory([['t-throttled', 'b-throttled']]));
    expect(r.code, r.stderr).toBe(3);
    expect(aws.count('GetBucketEncryption', 'b-throttled') - before).toBe(3);
    expect(finding(parseJson(r.stdout), 'verify-unreachable/t-throttled/s3').message).toMatch(/SlowDown: Please reduce your request rate\. \(HTTP 503\): throttled .* 3 attempts/);
  });

  it('--max-entries bounds the listing and says so', async () => {
    const r = await verify(['--only', 't-many', '--format', 'json', '--max-entries', '1000']);
    const report = parseJson(r.stdout);
    expect(observation(report, 't-many')).toMatchObject({ objects: { listed: 1000, truncated: true } });
    const stale = finding(report, 'verify-stale/t-many/s3');
    expect(stale.severity).toBe('medium');
    expect(stale.message).toContain('only the first 1000 objects were looked at');
  });

  it('AWS_ENDPOINT_URL_S3 points the S3 client at another endpoint when the inventory names none', async () => {
    const text = inventory([['t-env-endpoint', 'b-good', { endpoint: null }]]);
    const file = 'aws-env-endpoint.yml';
    const e = env();
    vi.stubEnv('AWS_ENDPOINT_URL_S3', aws.url);
    const before = aws.count('HeadBucket', 'b-good');
    const r = await runCli(['verify', file, '--only', 't-env-endpoint', '--format', 'json'], { env: { ...e, AWS_ENDPOINT_URL_S3: aws.url }, files: { [file]: text } });
    expect(r.code, r.stdout).toBe(0);
    // With the claimed owner, then with one that cannot be right (refused: the endpoint enforces it).
    expect(aws.count('HeadBucket', 'b-good')).toBe(before + 2);
    expect(observation(parseJson(r.stdout), 't-env-endpoint')).toMatchObject({ status: 'complete', endpoint: null });
  });

  it('--only with an unknown id or one with nothing to verify is an input error (exit 2)', async () => {
    const unknown = await verify(['--only', 't-godo']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('--only t-godo: no such id in the inventory (did you mean t-good?)');
    const nothing = await verify(['--only', 'db']);
    expect(nothing.code).toBe(2);
    expect(nothing.stderr).toContain('db has nothing to verify');
  });

  it('SARIF validates against the 2.1.0 schema, results at inventory lines', async () => {
    const r = await verify(['--format', 'sarif', '--only', 't-prod-owned', '--only', 't-closed']);
    expect(r.code).toBe(3);
    const log = JSON.parse(r.stdout) as { runs: { results: { ruleId: string; locations: { physicalLocation: { region: { startLine: number } } }[] }[] }[] };
    const require = createRequire(import.meta.url);
    const { id, $schema: _draft, ...rest } = JSON.parse(readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8')) as Record<string, unknown>;
    const ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false, unicodeRegExp: false });
    addFormats.default(ajv);
    const schema: object = { $id: id, ...rest };
    const validate = ajv.compile(schema);
    expect(validate(log), JSON.stringify(validate.errors)).toBe(true);
    const results = log.runs[0]!.results;
    expect(results.map((x) => x.ruleId).sort()).toEqual(['verify-owner-mismatch', 'verify-unreachable']);
    for (const x of results) expect(x.locations[0]!.physicalLocation.region.startLine).toBeGreaterThan(1);
  });
});
