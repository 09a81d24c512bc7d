// The real launcher (`node bin/bcaudit.js`, needs `npm run build`): no credential or private key
// ever reaches an output, and no command but verify loads the probes, the AWS SDK or ssh2.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadedModules, moduleRecorder, spawnCli, type SpawnResult } from '../support/cli.js';
import { startAwsServer, type AwsServer } from '../support/servers/aws.mjs';
import { generateKey, startSshd, type KeyPair, type Sshd } from '../support/servers/sshd.mjs';
import { requireTool } from '../support/tools.js';
import { AUDIT_KEY, PROD_KEY } from './support.js';

const HAVE_SSHD = requireTool('sshd');

const EXTERNAL_ID = 'ext-id-never-printed-7f3a';

let dir: string;
let aws: AwsServer;
let sshd: Sshd;
let user: KeyPair;
let stranger: KeyPair;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'bcaudit-verify-cli-'));
  if (!HAVE_SSHD) return;
  user = generateKey(join(dir, 'id_user'));
  stranger = generateKey(join(dir, 'id_stranger'));
  sshd = await startSshd({ dir: join(dir, 'sshd'), authorizedKeys: [user.publicKey] });
  const objects = [{ key: 'x.tar', lastModified: new Date(Date.now() - 3600_000) }];
  aws = await startAwsServer({
    identities: {
      [AUDIT_KEY.id]: { secretAccessKey: AUDIT_KEY.secret, account: '333333333333', arn: 'arn:aws:iam::333333333333:user/audit' },
      [PROD_KEY.id]: { secretAccessKey: PROD_KEY.secret, account: '111111111111', arn: 'arn:aws:iam::111111111111:user/audit' },
    },
    roles: { 'arn:aws:iam::222222222222:role/audit': { account: '222222222222', externalId: EXTERNAL_ID } },
    buckets: {
      'b-ok': { owner: '222222222222', region: 'eu-west-1', versioning: 'Enabled', objects },
      // A hostile or careless server that echoes credentials back in its error messages.
      'b-echo': { owner: '222222222222', region: 'eu-west-1', deny: true, denyMessage: `Access Denied for ${AUDIT_KEY.secret} and ${PROD_KEY.secret}` },
      'b-prod': { owner: '111111111111', region: 'eu-central-1', versioning: 'Enabled', objects },
    },
  });
  writeFileSync(join(dir, 'credentials'), `[prod]\naws_access_key_id = ${PROD_KEY.id}\naws_secret_access_key = ${PROD_KEY.secret}\n`);
  writeFileSync(join(dir, 'config'), '');
  writeFileSync(join(dir, 'known_hosts'), `${sshd.knownHostsLines().join('\n')}\n`);
  const ssh = (id: string, identity: string) =>
    `  ${id}:\n    kind: ssh\n    provider: self\n    admins: [ops]\n    verify:\n      ssh: { host: 127.0.0.1, port: ${sshd.port}, user: ${sshd.user}, path: "${dir}", known_hosts: "${join(dir, 'known_hosts')}", identity_file: "${identity}" }\n`;
  const s3 = (id: string, bucket: string, account: string) =>
    `  ${id}:\n    kind: object-storage\n    account: ${account}\n    verify:\n      s3: { bucket: ${bucket}, endpoint: "${aws.url}", force_path_style: true }\n`;
  writeFileSync(
    join(dir, 'all.yml'),
    `version: 1
providers:
  aws: { kind: cloud }
  self: { kind: self }
accounts:
  aws-prod: { provider: aws, admins: [ops], aws: { account_id: "111111111111", profile: prod } }
  aws-backup: { provider: aws, admins: [ops], aws: { account_id: "222222222222", role_arn: "arn:aws:iam::222222222222:role/audit", external_id: ${EXTERNAL_ID} } }
identities:
  ops: { kind: person }
stores:
  db: { kind: database, account: aws-prod, criticality: critical }
targets:
${s3('t-ok', 'b-ok', 'aws-backup')}${s3('t-echo', 'b-echo', 'aws-backup')}${s3('t-prod', 'b-prod', 'aws-prod')}${ssh('nas-ok', user.privateKeyPath)}${ssh('nas-refused', stranger.privateKeyPath)}backups:
  b1: { of: db, to: t-ok, every: 24h }
  b2: { of: db, to: nas-ok, every: 24h }
`,
  );
  writeFileSync(
    join(dir, 'ssh-only.yml'),
    `version: 1
providers:
  self: { kind: self }
accounts:
  prod: { provider: self, admins: [ops] }
identities:
  ops: { kind: person }
stores:
  db: { kind: database, account: prod, criticality: critical }
targets:
${ssh('nas-ok', user.privateKeyPath)}backups:
  b1: { of: db, to: nas-ok, every: 24h }
`,
  );
});

afterAll(async () => {
  await aws?.close();
  await sshd?.close();
  rmSync(dir, { recursive: true, force: true });
});

function awsEnv(): Record<string, string | undefined> {
  return {
    AWS_ACCESS_KEY_ID: AUDIT_KEY.id,
    AWS_SECRET_ACCESS_KEY: AUDIT_KEY.secret,
    AWS_REGION: 'eu-west-1',
    AWS_ENDPOINT_URL_STS: aws.url,
    AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials'),
    AWS_CONFIG_FILE: join(dir, 'config'),
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_PROFILE: undefined,
    AWS_SESSION_TOKEN: undefined,
    AWS_ENDPOINT_URL: undefined,
    AWS_ENDPOINT_URL_S3: undefined,
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: undefined,
    SSH_AUTH_SOCK: undefined,
    HOME: dir,
  };
}

/** Everything that must never be printed: AWS secrets (given and issued), the external id, private keys. */
function secrets(): string[] {
  const keyLines = (path: string) =>
    readFileSync(path, 'utf8')
      .split('\n')
      .filter((l) => l.length > 20 && !l.startsWith('-----'));
  return [
    AUDIT_KEY.secret,
    PROD_KEY.secret,
    EXTERNAL_ID,
    ...aws.issuedSecrets(),
    readFileSync(user.privateKeyPath, 'utf8'),
    ...keyLines(user.privateKeyPath),
    ...keyLines(stranger.privateKeyPath),
    ...keyLines(join(dir, 'sshd', 'ssh_host_ed25519_key')),
    'PRIVATE KEY',
  ];
}

describe.skipIf(!HAVE_SSHD)('verify through the real launcher', () => {
  const runs: Record<string, SpawnResult> = {};
  let observations = '';
  const file = () => join(dir, 'all.yml');
  const obs = () => join(dir, 'observations.json');

  beforeAll(async () => {
    const [text, json, sarif] = await Promise.all([
      spawnCli(['verify', file(), '--format', 'text', '--observations-out', obs()], { env: awsEnv() }),
      spawnCli(['verify', file(), '--format', 'json'], { env: awsEnv() }),
      spawnCli(['verify', file(), '--format', 'sarif'], { env: awsEnv() }),
    ]);
    runs.text = text;
    runs.json = json;
    runs.sarif = sarif;
    observations = readFileSync(obs(), 'utf8');
  });

  it('finds what it should, and exits 3 for the refusals', () => {
    for (const r of Object.values(runs)) expect(r.code, r.stderr).toBe(3);
    expect(runs.json!.stdout).toContain('verify-denied/t-echo/s3');
    expect(runs.json!.stdout).toContain('verify-denied/nas-refused/ssh');
    expect(runs.text!.stdout).toContain('[redacted]');
    expect(JSON.parse(observations)).toMatchObject({ format: 'bcaudit-observations', version: 2 });
  });

  it('no output — text, json, sarif, observations file, standard error — holds a secret or private key material', () => {
    expect(aws.issuedSecrets().length).toBeGreaterThan(0);
    const outputs: Record<string, string> = { observations };
    for (const [format, r] of Object.entries(runs)) {
      outputs[`${format} stdout`] = r.stdout;
      outputs[`${format} stderr`] = r.stderr;
    }
    for (const [name, text] of Object.entries(outputs)) {
      for (const secret of secrets()) expect(text.includes(secret), `${name} contains ${secret.slice(0, 12)}…`).toBe(false);
    }
  });

  it('the SDK writes nothing of its own to standard error', () => {
    for (const r of Object.values(runs)) expect(r.stderr).toBe('');
  });

  it('check and report given --observations show the live findings, gated and waivable like the rest', async () => {
    const verified = JSON.parse(runs.json!.stdout) as { findings: { id: string }[] };
    const live = verified.findings.map((f) => f.id);
    expect(live.length).toBeGreaterThan(0);
    const checked = await spawnCli(['check', file(), '--observations', obs(), '--format', 'json', '--now', '2026-11-24']);
    expect(checked.code, checked.stderr).toBe(1);
    const ids = (JSON.parse(checked.stdout) as { findings: { id: string }[] }).findings.map((f) => f.id);
    for (const id of live) expect(ids).toContain(id);
    const plain = await spawnCli(['check', file(), '--format', 'json', '--now', '2026-11-24']);
    expect((JSON.parse(plain.stdout) as { findings: { id: string }[] }).findings.some((f) => f.id.startsWith('verify-'))).toBe(false);
    const report = await spawnCli(['report', file(), '--observations', obs(), '--now', '2026-11-24']);
    expect(report.code, report.stderr).toBe(0);
    expect(report.stdout).toContain(live[0]!.split('/')[1]!);
  });
});

describe('only verify loads the probes', () => {
  const heavy = (u: string) => u.includes('/dist/verify/') || u.includes('@aws-sdk') || u.includes('@smithy') || u.includes('/ssh2/');

  it.each([
    ['check', ['check', 'examples/verify-demo.yml', '--format', 'json']],
    ['report', ['report', 'examples/verify-demo.yml']],
    ['graph', ['graph', 'examples/verify-demo.yml']],
    ['verify --help', ['verify', '--help']],
  ])('%s loads neither src/verify nor the AWS SDK nor ssh2', async (_name, argv) => {
    const log = join(dir, `modules-${_name.replace(/\W/g, '')}.log`);
    const r = await spawnCli(argv, { nodeArgs: moduleRecorder(dir, log) });
    expect(r.code === 0 || r.code === 1, r.stderr).toBe(true);
    const loaded = loadedModules(log);
    expect(loaded.some((u) => u.endsWith('/dist/cli/main.js'))).toBe(true);
    expect(loaded.filter(heavy)).toEqual([]);
  });

  it.skipIf(!HAVE_SSHD)('verify of an SSH-only inventory loads ssh2 but not the AWS SDK', async () => {
    const log = join(dir, 'modules-ssh-only.log');
    const r = await spawnCli(['verify', join(dir, 'ssh-only.yml')], { nodeArgs: moduleRecorder(dir, log), env: { HOME: dir, SSH_AUTH_SOCK: undefined } });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const loaded = loadedModules(log);
    expect(loaded.some((u) => u.includes('/dist/verify/ssh.js'))).toBe(true);
    expect(loaded.some((u) => u.includes('/ssh2/'))).toBe(true);
    expect(loaded.filter((u) => u.includes('@aws-sdk') || u.includes('@smithy'))).toEqual([]);
  });
});
