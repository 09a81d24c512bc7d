// The AWS SDK warns on Node < 22 that its future releases need Node 22 (NodeVersionSupportWarning),
// unless AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=true. bcaudit pins its SDK, so the warning
// is noise to its users: verify sets the variable for its own process. Here the variable is removed
// from the environment, and the real launcher runs verify against the loopback STS/S3 server.
// (On Node 22 and later the SDK has nothing to warn about; the test matters on Node 20.)
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnCli, tempDir } from '../support/cli.js';
import { startAwsServer, type AwsServer } from '../support/servers/aws.mjs';
import { AUDIT_KEY } from './support.js';

let dir: string;
let aws: AwsServer;

beforeAll(async () => {
  dir = tempDir('bcaudit-sdk-warning-');
  aws = await startAwsServer({
    identities: { [AUDIT_KEY.id]: { secretAccessKey: AUDIT_KEY.secret, account: '222222222222', arn: 'arn:aws:iam::222222222222:user/audit' } },
    buckets: { 'b-ok': { owner: '222222222222', region: 'eu-west-1', versioning: 'Enabled', objects: [{ key: 'x.tar', lastModified: new Date(Date.now() - 3600_000) }] } },
  });
  writeFileSync(
    join(dir, 'inventory.yml'),
    `version: 1
providers:
  aws: { kind: cloud }
accounts:
  aws-backup: { provider: aws, admins: [ops], aws: { account_id: "222222222222" } }
identities:
  ops: { kind: person }
stores:
  db: { kind: database, account: aws-backup, criticality: low }
targets:
  t-ok:
    kind: object-storage
    account: aws-backup
    verify:
      s3: { bucket: b-ok, endpoint: "${aws.url}", force_path_style: true }
backups:
  b1: { of: db, to: t-ok, every: 24h }
`,
  );
});

afterAll(async () => {
  await aws?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('verify with AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED removed from the environment', () => {
  it('probes S3 through the real SDK and prints no SDK warning', async () => {
    const r = await spawnCli(['verify', join(dir, 'inventory.yml'), '--format', 'json', '--fail-on', 'never'], {
      env: {
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: undefined,
        AWS_ACCESS_KEY_ID: AUDIT_KEY.id,
        AWS_SECRET_ACCESS_KEY: AUDIT_KEY.secret,
        AWS_REGION: 'eu-west-1',
        AWS_ENDPOINT_URL_STS: aws.url,
        AWS_EC2_METADATA_DISABLED: 'true',
        AWS_CONFIG_FILE: join(dir, 'no-config'),
        AWS_SHARED_CREDENTIALS_FILE: join(dir, 'no-credentials'),
        AWS_PROFILE: undefined,
        AWS_SESSION_TOKEN: undefined,
        AWS_ENDPOINT_URL: undefined,
        AWS_ENDPOINT_URL_S3: undefined,
        HOME: dir,
      },
    });
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as { observations: { observations: { subject: string; status: string }[] } };
    expect(report.observations.observations.find((o) => o.subject === 't-ok')).toMatchObject({ status: 'complete' });
    expect(r.stderr).not.toMatch(/NodeVersionSupportWarning|AWS SDK for JavaScript/);
    expect(r.stderr).toBe('');
  });
});
