// The pure parts of verify: planning, the runner (with fake probes), reasons and redaction,
// known_hosts matching.
import { createHmac, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseInventory } from '../../src/inventory/load.js';
import type { Inventory } from '../../src/inventory/types.js';
import type { ProbeContext } from '../../src/verify/context.js';
import { judgeKnownHosts, knownHostsName, parseKnownHosts, patternsMatch } from '../../src/verify/knownHosts.js';
import { planVerify } from '../../src/verify/plan.js';
import { awsProblem, Redactor } from '../../src/verify/reasons.js';
import { runProbes, type Probes, type RunOptions } from '../../src/verify/run.js';
import { kmsKeyAccount } from '../../src/verify/aws.js';
import { REPO_ROOT } from '../support/cli.js';

function load(text: string, file = '/inv/dir/inv.yml'): Inventory {
  const loaded = parseInventory(text, file);
  if (!loaded.ok) throw new Error(loaded.problems.map((p) => p.message).join('\n'));
  return loaded.inventory;
}

const DEMO = load(readFileSync(`${REPO_ROOT}/examples/verify-demo.yml`, 'utf8'), 'examples/verify-demo.yml');

describe('planVerify', () => {
  it('plans every account with aws, every verify.s3 and verify.ssh of stores and targets', () => {
    const planned = planVerify(DEMO);
    if (!planned.ok) throw new Error(planned.problems.map((p) => p.message).join('\n'));
    expect(planned.plan.accounts.map((a) => a.subject)).toEqual(['aws-prod', 'aws-backup', 'aws-vault', 'aws-locked']);
    expect(planned.plan.buckets).toHaveLength(13);
    expect(planned.plan.hosts).toHaveLength(7);
    const good = planned.plan.buckets.find((b) => b.subject === 's3-good')!;
    expect(good).toMatchObject({ account: 'aws-backup', expectedOwner: '222222222222', prefix: 'customer-db/', forcePathStyle: true, region: 'eu-west-1' });
    // The production account is the first candidate owner of a backup bucket.
    expect(good.ownerCandidates[0]).toBe('111111111111');
    expect(good.ownerCandidates).not.toContain('222222222222');
  });

  it('--only takes the account a bucket is reached through along', () => {
    const planned = planVerify(DEMO, { only: ['s3-good', 'nas-fresh'] });
    if (!planned.ok) throw new Error('plan');
    expect(planned.plan.accounts.map((a) => a.subject)).toEqual(['aws-backup']);
    expect(planned.plan.buckets.map((b) => b.subject)).toEqual(['s3-good']);
    expect(planned.plan.hosts.map((h) => h.subject)).toEqual(['nas-fresh']);
  });

  it('--only: unknown ids (with a suggestion) and ids with nothing to verify are problems', () => {
    const planned = planVerify(DEMO, { only: ['s3-goood', 'customer-db'] });
    expect(planned.ok).toBe(false);
    if (planned.ok) return;
    expect(planned.problems.map((p) => p.message)).toEqual([
      '--only s3-goood: no such id in the inventory (did you mean s3-good?)',
      '--only customer-db: customer-db has nothing to verify (no `aws:` or `s3:` on an account, no `verify:` on a store or target)',
    ]);
  });

  const sshInventory = (ssh: string) =>
    load(`version: 1
providers: { self: { kind: self } }
identities: { a: { kind: person } }
targets:
  nas:
    kind: ssh
    provider: self
    admins: [a]
    verify:
      ssh: { ${ssh} }
`);

  it('identity_file and known_hosts: ~/ from HOME, relative paths from the inventory directory', () => {
    const planned = planVerify(sshInventory('host: h, user: u, path: /p, known_hosts: keys/known_hosts, identity_file: ~/.ssh/id'), { home: '/home/audit' });
    if (!planned.ok) throw new Error('plan');
    expect(planned.plan.hosts[0]).toMatchObject({ knownHosts: '/inv/dir/keys/known_hosts', identityFile: '/home/audit/.ssh/id', port: 22 });
  });

  it('an SSH target without a pinned host key is refused, located, with how to get the fingerprint', () => {
    const planned = planVerify(sshInventory('host: h, user: u, path: /p'));
    expect(planned.ok).toBe(false);
    if (planned.ok) return;
    expect(planned.problems[0]!.message).toMatch(/pins no host key.*never trusts a host key on first use.*ssh-keygen -lf/);
    expect(planned.problems[0]!.pos.line).toBe(10);
  });

  it('an inventory with nothing to verify is a problem', () => {
    const planned = planVerify(load('version: 1\nproviders: { p: { kind: cloud } }\n'));
    expect(planned.ok).toBe(false);
  });
});

describe('runProbes', () => {
  const plan = (n: number) => ({
    accounts: [],
    buckets: [],
    hosts: Array.from({ length: n }, (_, i) => ({ probe: 'ssh-host' as const, subject: `h${i}`, section: 'targets' as const, host: 'h', port: 22, user: 'u', path: '/', hostKey: 'SHA256:x' })),
  });
  const options = (probes: Partial<Probes>, over: Partial<RunOptions['settings']> = {}, extra: Partial<RunOptions> = {}): RunOptions => ({
    settings: { timeoutSeconds: 1, deadlineSeconds: 10, concurrency: 2, slack: 1.5, maxEntries: 10, maxDepth: 2, ...over },
    env: {},
    readFile: () => '',
    toolVersion: 't',
    inventory: { file: 'f', name: null },
    probes: probes as Probes,
    ...extra,
  });
  const hostResult = (subject: string, ctx: ProbeContext, problems: { kind: 'timeout'; operation: string; reason: string }[] = []) => ({
    probe: 'ssh-host' as const,
    subject,
    section: 'targets' as const,
    status: problems.length ? ('failed' as const) : ('complete' as const),
    startedAt: ctx.now().toISOString(),
    finishedAt: ctx.now().toISOString(),
    problems,
    host: 'h',
    port: 22,
    user: 'u',
    path: '/',
    hostKey: null,
    files: null,
    space: null,
  });
  const sleep = (ms: number, signal?: AbortSignal) =>
    new Promise<void>((resolve) => {
      const t = setTimeout(resolve, ms);
      signal?.addEventListener('abort', () => {
        clearTimeout(t);
        resolve();
      });
    });

  it('never runs more than --concurrency probes at once, and reports progress', async () => {
    let running = 0;
    let most = 0;
    const events: number[] = [];
    const result = await runProbes(
      plan(7),
      options(
        {
          host: async (spec, ctx) => {
            most = Math.max(most, ++running);
            await sleep(20);
            running--;
            return hostResult(spec.subject, ctx);
          },
        },
        { concurrency: 3 },
        { onProgress: (e) => events.push(e.done) },
      ),
    );
    expect(most).toBe(3);
    expect(result.observations.map((o) => o.subject)).toEqual(['h0', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6']);
    expect(events.at(-1)).toBe(7);
  });

  it('a probe is stopped at its timeout; one that ignores the stop is recorded as timed out after a grace', async () => {
    const stops: (string | undefined)[] = [];
    const started = Date.now();
    const result = await runProbes(
      plan(2),
      options(
        {
          host: async (spec, ctx) => {
            if (spec.subject === 'h0') {
              await sleep(60_000, ctx.signal);
              stops.push(ctx.stoppedBy());
              return hostResult(spec.subject, ctx, [{ kind: 'timeout', operation: 'x', reason: 'stopped' }]);
            }
            await sleep(60_000);
            return hostResult(spec.subject, ctx);
          },
        },
        { timeoutSeconds: 0.1 },
        { graceMs: 100 },
      ),
    );
    expect(Date.now() - started).toBeLessThan(2000);
    expect(stops).toEqual(['timeout']);
    expect(result.observations[1]).toMatchObject({ status: 'failed', problems: [{ kind: 'timeout', operation: 'probe' }] });
  });

  it('the deadline stops running probes and starts no more', async () => {
    const stops: (string | undefined)[] = [];
    const result = await runProbes(
      plan(3),
      options(
        {
          host: async (spec, ctx) => {
            await sleep(60_000, ctx.signal);
            stops.push(ctx.stoppedBy());
            return hostResult(spec.subject, ctx, [{ kind: 'timeout', operation: 'x', reason: 'stopped' }]);
          },
        },
        { concurrency: 1, deadlineSeconds: 0.15, timeoutSeconds: 5 },
      ),
    );
    expect(stops).toEqual(['deadline']);
    expect(result.observations[1]!.problems[0]!.reason).toMatch(/not started: the overall deadline of 0.15 s/);
    expect(result.observations[2]!.status).toBe('failed');
  });

  it("a probe that throws becomes that probe's problem; buckets of a failed account are skipped", async () => {
    const result = await runProbes(
      {
        accounts: [{ probe: 'aws-account', subject: 'acct', accountId: '111111111111' }],
        buckets: [{ probe: 's3-bucket', subject: 'b', section: 'targets', bucket: 'bkt', prefix: '', forcePathStyle: false, account: 'acct', expectedOwner: '111111111111', ownerKind: 'aws-account', ownerCandidates: [] }],
        hosts: plan(1).hosts,
      },
      options({
        account: async (spec, ctx) => ({
          observation: {
            probe: 'aws-account',
            subject: spec.subject,
            section: 'accounts',
            status: 'failed',
            startedAt: ctx.now().toISOString(),
            finishedAt: ctx.now().toISOString(),
            problems: [{ kind: 'denied', operation: 'GetCallerIdentity', reason: 'no' }],
            via: { profile: null, roleArn: null, externalId: false },
            caller: null,
          },
        }),
        bucket: async () => {
          throw new Error('must not run');
        },
        host: async () => {
          throw new Error('boom');
        },
      }),
    );
    expect(result.observations.map((o) => [o.subject, o.status])).toEqual([
      ['acct', 'failed'],
      ['b', 'skipped'],
      ['h0', 'failed'],
    ]);
    expect(result.observations[1]!.skippedBecause).toBe('accounts/acct');
    expect(result.observations[2]!.problems[0]!.reason).toBe('internal error in the probe: boom');
  });
});

describe('reasons', () => {
  const ctx = { stoppedBy: () => undefined, timeoutSeconds: 10, deadlineSeconds: 300 };

  it('the redactor removes known secrets, private keys and control characters, and bounds the length', () => {
    const secret = randomBytes(20).toString('base64');
    const r = new Redactor([secret, 'short', undefined]);
    const pem = '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ\n-----END OPENSSH PRIVATE KEY-----';
    const text = r.text(`denied for ${secret}\u001b[31m ${pem} short b3BlbnNzaC1rZXktdjEAAAAABG5vbmU= ${'x'.repeat(400)}`);
    expect(text).not.toContain(secret);
    expect(text).not.toContain('b3BlbnNzaC1rZXktdjE');
    expect(text).not.toContain('\u001b');
    expect(text).toContain('[redacted]');
    expect(text).toContain('short');
    expect(text.length).toBeLessThanOrEqual(300);
  });

  it('AWS errors are classified with the permission a refused call needs', () => {
    const r = new Redactor();
    const err = (name: string, status: number | undefined, message = '', extra: object = {}) => Object.assign(new Error(message), { name, $metadata: { httpStatusCode: status }, ...extra });
    expect(awsProblem(err('403', 403), 'HeadBucket', 'e', ctx, r)).toEqual({ kind: 'denied', operation: 'HeadBucket', reason: 'access denied (HTTP 403)', permission: 's3:ListBucket' });
    expect(awsProblem(err('AccessDenied', 403, 'Access Denied'), 'GetBucketEncryption', 'e', ctx, r)).toMatchObject({ kind: 'denied', permission: 's3:GetEncryptionConfiguration' });
    expect(awsProblem(err('NotFound', 404), 'HeadBucket', 'e', ctx, r).reason).toBe('the bucket does not exist (HTTP 404)');
    expect(awsProblem(err('CredentialsProviderError', undefined, 'Could not load credentials from any providers'), 'GetCallerIdentity', 'e', ctx, r)).toMatchObject({ kind: 'denied' });
    expect(awsProblem(Object.assign(new Error('x'), { code: 'ECONNREFUSED' }), 'HeadBucket', 'http://h', ctx, r).reason).toBe('connection refused (http://h)');
    expect(awsProblem(err('TimeoutError', undefined, 'socket hang up'), 'HeadBucket', 'http://h', ctx, r).kind).toBe('timeout');
    expect(awsProblem(err('SlowDown', 503, 'Please reduce your request rate.', { $metadata: { httpStatusCode: 503, attempts: 3 } }), 'ListObjectsV2', 'e', ctx, r).reason).toBe(
      'SlowDown: Please reduce your request rate. (HTTP 503): throttled or unavailable on every one of 3 attempts',
    );
    expect(awsProblem(err('AbortError', undefined), 'HeadBucket', 'e', { ...ctx, stoppedBy: () => 'deadline' as const }, r).reason).toMatch(/overall deadline of 300 s/);
  });

  it('KMS key and alias ARNs name their account; bare ids do not', () => {
    expect(kmsKeyAccount('arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab')).toBe('111122223333');
    expect(kmsKeyAccount('arn:aws-us-gov:kms:us-gov-west-1:111122223333:alias/backup')).toBe('111122223333');
    expect(kmsKeyAccount('1234abcd-12ab-34cd-56ef-1234567890ab')).toBeNull();
    expect(kmsKeyAccount('alias/backup')).toBeNull();
  });
});

describe('known_hosts', () => {
  const key = Buffer.from('AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl', 'base64');
  const other = Buffer.from('AAAAC3NzaC1lZDI1NTE5AAAAIBBBqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl', 'base64');
  const b64 = (b: Buffer) => b.toString('base64');

  it('names hosts as OpenSSH does', () => {
    expect(knownHostsName('h.example', 22)).toBe('h.example');
    expect(knownHostsName('h.example', 2222)).toBe('[h.example]:2222');
  });

  it('patterns: lists, wildcards, negation, ports, case, hashed names', () => {
    expect(patternsMatch('a.example,h.example', 'h.example', 22)).toBe(true);
    expect(patternsMatch('*.example', 'H.EXAMPLE', 22)).toBe(true);
    expect(patternsMatch('*.example,!h.example', 'h.example', 22)).toBe(false);
    expect(patternsMatch('h.example', 'h.example', 2222)).toBe(false);
    expect(patternsMatch('[h.example]:2222', 'h.example', 2222)).toBe(true);
    expect(patternsMatch('h?example', 'h.example', 22)).toBe(true);
    const salt = randomBytes(20);
    const hash = createHmac('sha1', salt).update('[10.0.0.1]:2222').digest('base64');
    expect(patternsMatch(`|1|${salt.toString('base64')}|${hash}`, '10.0.0.1', 2222)).toBe(true);
    expect(patternsMatch(`|1|${salt.toString('base64')}|${hash}`, '10.0.0.1', 22)).toBe(false);
  });

  it('verdicts: match, mismatch, not listed, revoked (markers and comments understood)', () => {
    const file = parseKnownHosts(`# comment\n\nh.example ssh-ed25519 ${b64(key)} comment\n@cert-authority *.example ssh-ed25519 ${b64(other)}\nbroken-line\n`);
    expect(file).toHaveLength(2);
    expect(judgeKnownHosts(file, 'h.example', 22, key)).toBe('match');
    expect(judgeKnownHosts(file, 'h.example', 22, other)).toBe('mismatch');
    expect(judgeKnownHosts(file, 'x.example', 22, key)).toBe('not-listed');
    const revoked = parseKnownHosts(`h.example ssh-ed25519 ${b64(key)}\n@revoked * ssh-ed25519 ${b64(key)}\n`);
    expect(judgeKnownHosts(revoked, 'h.example', 22, key)).toBe('revoked');
  });
});
