#!/usr/bin/env node
// `npm run demo:verify`: starts loopback stand-ins for AWS (STS + S3) and an OpenSSH server, then
// runs `bcaudit verify examples/verify-demo.yml` against them and checks that every drift and
// fault the inventory's comments list was found. Needs `npm run build` (the script runs it) and
// /usr/sbin/sshd (Debian: openssh-server). Everything it starts is stopped, and its files under
// /tmp/bcaudit-verify-demo removed, before it exits.
//
//   npm run demo:verify                 text report
//   npm run demo:verify -- --format json    any other verify options are passed on
//   npm run demo:verify -- --rgw        against a real Ceph RADOS Gateway instead (examples/verify-demo-rgw.yml;
//                                       needs Debian's radosgw, ceph-mon and ceph-osd; about 20 s to start)
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startAwsServer, startSilentServer } from '../test/support/servers/aws.mjs';
import { ALICE, BOB, missingRgwPrograms, RGW_INSTALL_HINT, startRgw } from '../test/support/servers/rgw.mjs';
import { generateKey, SSHD, startSshd } from '../test/support/servers/sshd.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const INVENTORY = join(ROOT, 'examples', 'verify-demo.yml');
const DEMO_DIR = '/tmp/bcaudit-verify-demo';
const PORTS = { aws: 47311, hanging: 47312, closed: 47313, sshd: 47322, silentSsh: 47323 };

const DAY = 86_400_000;
const now = Date.now();
const ago = (ms) => new Date(now - ms);

const AUDIT = { id: 'AKIDDEMOAUDIT0000001', secret: 'demoAuditSecret/0123456789abcdefghijklmnopqrst' };
const PROD = { id: 'AKIDDEMOPROD00000001', secret: 'demoProdSecret/0123456789abcdefghijklmnopqrstu' };
const VAULT = { id: 'AKIDDEMOVAULT0000001', secret: 'demoVaultSecret/0123456789abcdefghijklmnopqrs' };

const fresh = (prefix = '') => [
  { key: `${prefix}2026-01-01.tar.zst`, lastModified: ago(3 * DAY) },
  { key: `${prefix}2026-01-02.tar.zst`, lastModified: ago(2 * DAY) },
  { key: `${prefix}2026-01-03.tar.zst`, lastModified: ago(3 * 3600_000) },
];
const good = { owner: '222222222222', region: 'eu-west-1', versioning: 'Enabled', objects: fresh() };

/** @type {import('../test/support/servers/aws.d.mts').AwsScenario} */
const SCENARIO = {
  identities: {
    [AUDIT.id]: { secretAccessKey: AUDIT.secret, account: '333333333333', arn: 'arn:aws:iam::333333333333:user/bcaudit-audit' },
    [PROD.id]: { secretAccessKey: PROD.secret, account: '111111111111', arn: 'arn:aws:iam::111111111111:user/bcaudit-audit' },
    [VAULT.id]: { secretAccessKey: VAULT.secret, account: '555555555555', arn: 'arn:aws:iam::555555555555:user/someone-else' },
  },
  roles: {
    'arn:aws:iam::222222222222:role/bcaudit-audit': { account: '222222222222', externalId: 'bcaudit-demo-external-id', trust: ['333333333333'] },
    'arn:aws:iam::666666666666:role/bcaudit-audit': { account: '666666666666', trust: ['999999999999'] },
  },
  buckets: {
    'bcaudit-demo-uploads': { owner: '111111111111', region: 'eu-central-1', versioning: 'Enabled', objects: fresh('img/') },
    'bcaudit-demo-good': {
      ...good,
      objects: fresh('customer-db/'),
      objectLock: { mode: 'COMPLIANCE', days: 30 },
      replication: [{ id: 'to-dr', bucketArn: 'arn:aws:s3:::bcaudit-demo-dr', account: '222222222222' }],
      encryption: { algorithm: 'aws:kms', kmsKeyId: 'arn:aws:kms:eu-west-1:222222222222:key/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0' },
      throttle: { GetBucketVersioning: 1 },
    },
    'bcaudit-demo-prod-owned': { ...good, owner: '111111111111' },
    'bcaudit-demo-wrong-region': { ...good, region: 'eu-central-1' },
    'bcaudit-demo-unversioned': { ...good, versioning: undefined },
    'bcaudit-demo-governance': { ...good, objectLock: { mode: 'GOVERNANCE', days: 30 } },
    'bcaudit-demo-prod-key': {
      ...good,
      encryption: { algorithm: 'aws:kms', kmsKeyId: 'arn:aws:kms:eu-central-1:111111111111:key/9a8b7c6d-5e4f-3a2b-1c0d-e9f8a7b6c5d4' },
    },
    'bcaudit-demo-empty': { ...good, objects: [] },
    'bcaudit-demo-stale': { ...good, objects: [{ key: 'db-2025-12-24.tar.zst', lastModified: ago(9 * DAY) }] },
    'bcaudit-demo-denied': { ...good, deny: true },
    'bcaudit-demo-locked': { ...good, owner: '666666666666' },
  },
};

function prepareDemoDir() {
  rmSync(DEMO_DIR, { recursive: true, force: true });
  mkdirSync(join(DEMO_DIR, 'srv', 'fresh', '2026'), { recursive: true });
  mkdirSync(join(DEMO_DIR, 'srv', 'stale'), { recursive: true });
  mkdirSync(join(DEMO_DIR, 'srv', 'empty'), { recursive: true });
  const files = [
    ['srv/fresh/2026/db-01.sql.zst', ago(2 * DAY)],
    ['srv/fresh/2026/db-02.sql.zst', ago(2 * 3600_000)],
    ['srv/stale/db-old.sql.zst', ago(10 * DAY)],
  ];
  for (const [path, mtime] of files) {
    writeFileSync(join(DEMO_DIR, path), 'backup\n');
    utimesSync(join(DEMO_DIR, path), mtime, mtime);
  }
  const user = generateKey(join(DEMO_DIR, 'id_ed25519'));
  const stranger = generateKey(join(DEMO_DIR, 'id_stranger'));
  writeFileSync(join(DEMO_DIR, 'aws-credentials'), `[demo-prod]\naws_access_key_id = ${PROD.id}\naws_secret_access_key = ${PROD.secret}\n\n[demo-vault]\naws_access_key_id = ${VAULT.id}\naws_secret_access_key = ${VAULT.secret}\n`, { mode: 0o600 });
  writeFileSync(join(DEMO_DIR, 'aws-config'), '');
  return { user, stranger };
}

function runBcaudit(inventory, args, env) {
  return new Promise((resolvePromise) => {
    const child = spawn(process.execPath, [join(ROOT, 'bin', 'bcaudit.js'), 'verify', inventory, ...args], { env, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (b) => {
      out += b;
      process.stdout.write(b);
    });
    child.on('close', (code) => resolvePromise({ code, out }));
  });
}

const RGW_PORTS = { s3: 47331, sts: 47332 };

/** The buckets examples/verify-demo-rgw.yml describes, made through the gateway as alice (backups) and bob (production). */
async function makeRgwBuckets(url) {
  const sdk = await import('@aws-sdk/client-s3');
  const client = (user) =>
    new sdk.S3Client({ region: 'us-east-1', endpoint: url, forcePathStyle: true, credentials: { accessKeyId: user.accessKeyId, secretAccessKey: user.secretAccessKey } });
  const alice = client(ALICE);
  const bob = client(BOB);
  const put = (c, Bucket, Key) => c.send(new sdk.PutObjectCommand({ Bucket, Key, Body: 'backup\n' }));
  await alice.send(new sdk.CreateBucketCommand({ Bucket: 'demo-locked', ObjectLockEnabledForBucket: true }));
  await alice.send(
    new sdk.PutObjectLockConfigurationCommand({
      Bucket: 'demo-locked',
      ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 1 } } },
    }),
  );
  await put(alice, 'demo-locked', 'nightly/2026-01-03.tar.zst');
  await alice.send(new sdk.CreateBucketCommand({ Bucket: 'demo-unversioned' }));
  await put(alice, 'demo-unversioned', '2026-01-03.tar.zst');
  await alice.send(new sdk.CreateBucketCommand({ Bucket: 'demo-empty' }));
  await bob.send(new sdk.CreateBucketCommand({ Bucket: 'demo-prod' }));
  await put(bob, 'demo-prod', 'db.tar.zst');
  alice.destroy();
  bob.destroy();
}

async function rgwDemo(args) {
  const missing = missingRgwPrograms();
  if (missing.length > 0) throw new Error(`${missing.join(', ')} missing: install the gateway with \`${RGW_INSTALL_HINT}\``);
  rmSync(DEMO_DIR, { recursive: true, force: true });
  mkdirSync(DEMO_DIR, { recursive: true });
  process.stderr.write('demo: starting a Ceph RADOS Gateway on 127.0.0.1 (about 20 s)…\n');
  const rgw = await startRgw({ port: RGW_PORTS.s3, stsPort: RGW_PORTS.sts });
  try {
    const profile = (name, user) => `[${name}]\naws_access_key_id = ${user.accessKeyId}\naws_secret_access_key = ${user.secretAccessKey}\n`;
    writeFileSync(join(DEMO_DIR, 'aws-credentials'), `${profile('demo-alice', ALICE)}\n${profile('demo-bob', BOB)}`, { mode: 0o600 });
    writeFileSync(join(DEMO_DIR, 'aws-config'), '');
    process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
    await makeRgwBuckets(rgw.url);
    // s3-stale's backup runs every second: its newest object is stale once 1.5 s have passed.
    await new Promise((resolvePromise) => setTimeout(resolvePromise, 1600));
    const env = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      TERM: process.env.TERM,
      AWS_REGION: 'us-east-1',
      AWS_ENDPOINT_URL_STS: rgw.url,
      AWS_SHARED_CREDENTIALS_FILE: join(DEMO_DIR, 'aws-credentials'),
      AWS_CONFIG_FILE: join(DEMO_DIR, 'aws-config'),
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    };
    const result = await runBcaudit('examples/verify-demo-rgw.yml', ['--timeout', '30', ...args], env);
    const expected = [
      'verify-account-mismatch/rgw-vault',
      'verify-owner-mismatch/s3-prod-owned',
      'verify-owner-mismatch/s3-vault',
      'verify-versioning-off/s3-unversioned',
      'verify-not-immutable/s3-unversioned',
      'verify-empty/s3-empty/s3',
      'verify-stale/s3-stale/s3',
      'verify-unreachable/s3-missing/s3',
      'verify-unverifiable/s3-aws-claim/owner',
      'verify-unverifiable/s3-locked/region',
      'verify-unverifiable/s3-locked/encryption',
    ];
    const missingIds = expected.filter((id) => !result.out.includes(id));
    process.stderr.write(`\ndemo: bcaudit exited ${result.code} (3: the missing bucket could not be checked, as this demo intends).\n`);
    if (args.length === 0 && (missingIds.length > 0 || result.code !== 3)) {
      process.stderr.write(`demo: expected but not reported: ${missingIds.join(', ') || '(none)'}; exit code ${result.code} (expected 3)\n`);
      return 1;
    }
    return 0;
  } finally {
    await rgw.close();
    rmSync(DEMO_DIR, { recursive: true, force: true });
  }
}

async function main() {
  if (process.argv.includes('--rgw')) return rgwDemo(process.argv.slice(2).filter((a) => a !== '--rgw'));
  if (!existsSync(SSHD)) throw new Error(`${SSHD} is missing: install openssh-server (apt-get install -y openssh-server)`);
  if (!existsSync(join(ROOT, 'dist', 'cli', 'main.js'))) throw new Error('dist/ is missing: run `npm run build` first');
  const keys = prepareDemoDir();
  const started = [];
  try {
    const aws = await startAwsServer(SCENARIO, { port: PORTS.aws });
    started.push(aws);
    started.push(await startSilentServer({ port: PORTS.hanging }));
    started.push(await startSilentServer({ port: PORTS.silentSsh }));
    const sshd = await startSshd({ dir: join(DEMO_DIR, 'sshd'), port: PORTS.sshd, authorizedKeys: [keys.user.publicKey] });
    started.push(sshd);
    writeFileSync(join(DEMO_DIR, 'known_hosts'), `${sshd.knownHostsLines().join('\n')}\n`);

    // The inventory logs in as root; as another user, verify a copy that names you instead.
    let inventory = INVENTORY;
    const me = userInfo().username;
    if (me !== 'root') {
      inventory = join(DEMO_DIR, 'verify-demo.yml');
      writeFileSync(inventory, readFileSync(INVENTORY, 'utf8').replaceAll('user: root', `user: ${me}`));
    }

    const env = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      TERM: process.env.TERM,
      AWS_ACCESS_KEY_ID: AUDIT.id,
      AWS_SECRET_ACCESS_KEY: AUDIT.secret,
      AWS_REGION: 'eu-central-1',
      AWS_ENDPOINT_URL_STS: aws.url,
      AWS_SHARED_CREDENTIALS_FILE: join(DEMO_DIR, 'aws-credentials'),
      AWS_CONFIG_FILE: join(DEMO_DIR, 'aws-config'),
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    };
    const args = process.argv.slice(2);
    const result = await runBcaudit(inventory === INVENTORY ? 'examples/verify-demo.yml' : inventory, ['--timeout', '3', ...args], env);

    const expected = [
      'verify-account-mismatch/aws-vault',
      'verify-denied/aws-locked/sts',
      'verify-owner-mismatch/s3-prod-owned',
      'verify-region-mismatch/s3-wrong-region',
      'verify-versioning-off/s3-unversioned',
      'verify-not-immutable/s3-governance',
      'verify-key-account/s3-prod-key',
      'verify-empty/s3-empty/s3',
      'verify-stale/s3-stale/s3',
      'verify-denied/s3-denied/s3',
      'verify-timeout/s3-hanging/s3',
      'verify-unreachable/s3-closed/s3',
      'verify-stale/nas-stale/ssh',
      'verify-empty/nas-empty/ssh',
      'verify-host-key-mismatch/nas-impostor',
      'verify-denied/nas-refused/ssh',
      'verify-unreachable/nas-closed/ssh',
      'verify-timeout/nas-silent/ssh',
    ];
    const missing = expected.filter((id) => !result.out.includes(id));
    const retried = aws.count('GetBucketVersioning', 'bcaudit-demo-good');
    process.stderr.write(
      `\ndemo: bcaudit exited ${result.code} (3: some probes could not complete, as this demo intends); ` +
        `S3 answered GetBucketVersioning of bcaudit-demo-good ${retried} times (503 SlowDown once, then the SDK's retry).\n`,
    );
    if (args.length === 0 && (missing.length > 0 || result.code !== 3)) {
      process.stderr.write(`demo: expected but not reported: ${missing.join(', ') || '(none)'}; exit code ${result.code} (expected 3)\n`);
      return 1;
    }
    return 0;
  } finally {
    for (const server of started.reverse()) await server.close();
    rmSync(DEMO_DIR, { recursive: true, force: true });
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    process.stderr.write(`demo: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
