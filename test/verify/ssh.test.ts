// `bcaudit verify` against SSH/SFTP: a real OpenSSH sshd on 127.0.0.1 (test/support/servers/sshd.mjs),
// generated host and user keys, files with set modification times.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fingerprint, parseKnownHosts } from '../../src/verify/knownHosts.js';
import { nodeIo, type Io } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';
import { runCli } from '../support/cli.js';
import { closedPort, startSilentServer, type SilentServer } from '../support/servers/aws.mjs';
import { generateKey, startAgent, startSshd, type Agent, type KeyPair, type Sshd } from '../support/servers/sshd.mjs';
import { requireTool } from '../support/tools.js';
import { finding, ids, observation, parseJson, type VerifyJson } from './support.js';

const HAVE_SSHD = requireTool('sshd');

const DAY = 86_400_000;

let dir: string;
let sshd: Sshd;
let silent: SilentServer;
let closed: number;
let user: KeyPair;
let stranger: KeyPair;
let encrypted: string;

function touch(path: string, ageMs: number): void {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, 'backup\n');
  const t = new Date(Date.now() - ageMs);
  utimesSync(path, t, t);
}

beforeAll(async () => {
  if (!HAVE_SSHD) return;
  dir = mkdtempSync(join(tmpdir(), 'bcaudit-verify-ssh-'));
  user = generateKey(join(dir, 'id_user'));
  stranger = generateKey(join(dir, 'id_stranger'));
  encrypted = join(dir, 'id_encrypted');
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', 'a passphrase', '-f', encrypted], { stdio: 'ignore' });
  sshd = await startSshd({ dir: join(dir, 'sshd'), hostKeyTypes: ['ed25519', 'ecdsa'], authorizedKeys: [user.publicKey] });
  silent = await startSilentServer();
  closed = await closedPort();
  touch(join(dir, 'srv/fresh/a.tar'), 2 * DAY);
  touch(join(dir, 'srv/fresh/2026/b.tar'), 3600_000);
  touch(join(dir, 'srv/stale/old.tar'), 10 * DAY);
  mkdirSync(join(dir, 'srv/empty/sub'), { recursive: true });
  touch(join(dir, 'srv/deep/1/2/3/4/new.tar'), 3600_000);
  touch(join(dir, 'srv/deep/old.tar'), 10 * DAY);
  writeFileSync(join(dir, 'known_hosts'), `# test\n${sshd.knownHostsLines().join('\n')}\n`);
  writeFileSync(join(dir, 'known_hosts_hashed'), `${sshd.knownHostsLines().join('\n')}\n`);
  execFileSync('ssh-keygen', ['-H', '-f', join(dir, 'known_hosts_hashed')], { stdio: 'ignore' });
  const ed = sshd.hostKeys.ed25519!.publicKey.split(/\s+/).slice(0, 2).join(' ');
  writeFileSync(join(dir, 'known_hosts_other'), `[other.example]:${sshd.port} ${ed}\n127.0.0.2 ${ed}\n`);
  writeFileSync(join(dir, 'known_hosts_revoked'), `${sshd.knownHostsLines().join('\n')}\n@revoked * ${ed}\n`);
});

afterAll(async () => {
  await sshd?.close();
  await silent?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

interface HostOpts {
  port?: number;
  path?: string;
  hostKey?: string;
  knownHosts?: string;
  identity?: string | null;
}

function inventory(hosts: Record<string, HostOpts>): string {
  const entries = Object.entries(hosts).map(([id, h]) => {
    const fields = [
      `host: 127.0.0.1`,
      `port: ${h.port ?? sshd.port}`,
      `user: ${sshd.user}`,
      `path: "${h.path ?? join(dir, 'srv/fresh')}"`,
      h.hostKey ? `host_key: "${h.hostKey}"` : undefined,
      h.knownHosts ? `known_hosts: "${h.knownHosts}"` : undefined,
      h.identity === null ? undefined : `identity_file: "${h.identity ?? user.privateKeyPath}"`,
    ].filter(Boolean);
    return `  ${id}:\n    kind: ssh\n    provider: self\n    admins: [ops]\n    verify:\n      ssh: { ${fields.join(', ')} }\n`;
  });
  return `version: 1
providers:
  self: { kind: self }
accounts:
  prod: { provider: self, admins: [ops] }
identities:
  ops: { kind: person }
stores:
  db: { kind: database, account: prod, criticality: critical }
targets:
${entries.join('')}backups:
${Object.keys(hosts)
  .map((id) => `  bk-${id}: { of: db, to: ${id}, every: 24h }`)
  .join('\n')}
`;
}

async function verify(hosts: Record<string, HostOpts>, args: string[] = [], env: Record<string, string> = {}) {
  const file = join(dir, 'ssh-test.yml');
  const r = await runCli(['verify', file, '--format', 'json', ...args], { env: { HOME: dir, ...env }, files: { [file]: inventory(hosts) } });
  return { ...r, report: r.stdout ? parseJson(r.stdout) : (undefined as unknown as VerifyJson) };
}

describe.skipIf(!HAVE_SSHD)('verify against a real OpenSSH server', () => {
  let report: VerifyJson;
  let code: number;
  let elapsed: number;

  beforeAll(async () => {
    const known = join(dir, 'known_hosts');
    const started = Date.now();
    const r = await verify(
      {
        'fresh-fp': { hostKey: sshd.hostKeys.ed25519!.fingerprint },
        'fresh-known-hosts': { knownHosts: known },
        'fresh-hashed': { knownHosts: join(dir, 'known_hosts_hashed') },
        'fresh-ecdsa-pin': { hostKey: sshd.hostKeys.ecdsa!.fingerprint },
        deep: { knownHosts: known, path: join(dir, 'srv/deep') },
        stale: { knownHosts: known, path: join(dir, 'srv/stale') },
        empty: { knownHosts: known, path: join(dir, 'srv/empty') },
        missing: { knownHosts: known, path: join(dir, 'srv/nothing-here') },
        'wrong-key': { hostKey: stranger.fingerprint },
        'not-listed': { knownHosts: join(dir, 'known_hosts_other') },
        revoked: { knownHosts: join(dir, 'known_hosts_revoked') },
        refused: { knownHosts: known, identity: stranger.privateKeyPath },
        'no-auth': { knownHosts: known, identity: null },
        encrypted: { knownHosts: known, identity: encrypted },
        'no-known-hosts-file': { knownHosts: join(dir, 'does-not-exist') },
        closed: { port: closed, hostKey: user.fingerprint },
        silent: { port: silent.port, hostKey: user.fingerprint },
      },
      ['--timeout', '2', '--concurrency', '6'],
    );
    elapsed = Date.now() - started;
    code = r.code;
    report = r.report;
    expect(r.stderr).toBe('');
  });

  it('exits 3 (some probes could not complete) in bounded time', () => {
    expect(code).toBe(3);
    expect(elapsed).toBeLessThan(10_000);
  });

  it('a fresh target pinned by fingerprint, known_hosts or hashed known_hosts: no finding; newest file and free space observed', () => {
    for (const id of ['fresh-fp', 'fresh-known-hosts', 'fresh-hashed']) {
      expect(ids(report).filter((f) => f.split('/')[1] === id), id).toEqual([]);
      const o = observation(report, id);
      expect(o, id).toMatchObject({ status: 'complete', hostKey: { result: 'match', presented: sshd.hostKeys.ed25519!.fingerprint, algorithm: 'ssh-ed25519' } });
      expect(o.files, id).toMatchObject({ listed: 2, truncated: false, missing: false });
      const newest = Date.parse((o.files as { newest: string }).newest);
      expect(Math.abs(Date.now() - 3600_000 - newest)).toBeLessThan(60_000);
      expect((o.space as { availableBytes: number; totalBytes: number }).totalBytes).toBeGreaterThan(0);
    }
  });

  it('a fingerprint pin of another key type of the same server is found by asking for each type', () => {
    expect(ids(report).filter((f) => f.includes('fresh-ecdsa-pin'))).toEqual([]);
    expect(observation(report, 'fresh-ecdsa-pin')).toMatchObject({ hostKey: { result: 'match', presented: sshd.hostKeys.ecdsa!.fingerprint } });
  });

  it('walks subdirectories: the newest file four levels down counts', () => {
    expect(ids(report).filter((f) => f.includes('/deep'))).toEqual([]);
    expect(observation(report, 'deep')).toMatchObject({ files: { listed: 2, truncated: false } });
  });

  it('stale, empty (also with only empty subdirectories) and missing paths', () => {
    expect(finding(report, 'verify-stale/stale/ssh').message).toMatch(/is 10d old .* every 24h, so it should be at most 36h old/);
    expect(finding(report, 'verify-empty/empty/ssh').message).toContain('holds no files');
    expect(finding(report, 'verify-empty/missing/ssh').message).toContain('does not exist');
  });

  it('a host key that does not match the pin: critical, and nothing else is read', () => {
    const f = finding(report, 'verify-host-key-mismatch/wrong-key');
    expect(f.severity).toBe('critical');
    expect(f.message).toContain(`presented ${sshd.hostKeys.ed25519!.fingerprint}`);
    expect(f.message).toContain(`not the pinned ${stranger.fingerprint}`);
    expect(observation(report, 'wrong-key')).toMatchObject({ hostKey: { result: 'mismatch' }, files: null, space: null });
    expect(ids(report).filter((id) => id.includes('/wrong-key'))).toEqual(['verify-host-key-mismatch/wrong-key']);
  });

  it('known_hosts without the host, or with the key revoked', () => {
    expect(finding(report, 'verify-host-key-mismatch/not-listed')).toMatchObject({ severity: 'high' });
    expect(finding(report, 'verify-host-key-mismatch/not-listed').message).toContain('has no entry for this host');
    expect(finding(report, 'verify-host-key-mismatch/revoked')).toMatchObject({ severity: 'critical' });
    expect(finding(report, 'verify-host-key-mismatch/revoked').message).toContain('@revoked');
  });

  it('authentication refused, nothing to authenticate with, an encrypted identity file: verify-denied with the reason', () => {
    expect(finding(report, 'verify-denied/refused/ssh').message).toContain(`the server refused user ${sshd.user} (tried: identity file)`);
    expect(finding(report, 'verify-denied/no-auth/ssh').message).toContain('no ssh-agent (SSH_AUTH_SOCK) and no usable identity_file');
    expect(finding(report, 'verify-denied/encrypted/ssh').message).toContain('is encrypted: load it into ssh-agent instead');
  });

  it('a known_hosts file that cannot be read stops the probe before connecting', () => {
    expect(finding(report, 'verify-unreachable/no-known-hosts-file/ssh').message).toContain('cannot read known_hosts file');
  });

  it('a closed port is unreachable; a server that never answers times out', () => {
    expect(finding(report, 'verify-unreachable/closed/ssh').message).toContain('connection refused');
    expect(finding(report, 'verify-timeout/silent/ssh').message).toMatch(/no answer from 127\.0\.0\.1:\d+ \(the SSH handshake\) within 2 s/);
  });
});

describe.skipIf(!HAVE_SSHD)('verify over SSH: more', () => {
  it('a rejected host key is rejected before authentication: the server sees no login attempt', async () => {
    const before = sshd.log().length;
    const r = await verify({ impostor: { hostKey: stranger.fingerprint } });
    expect(r.code).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const log = sshd.log().slice(before);
    // The server saw the connections (one per kind of host key asked for), each ended before authentication.
    expect(log).toMatch(/Connection from 127\.0\.0\.1/);
    expect(log).toMatch(/\[preauth\]/);
    expect(log).not.toMatch(/publickey|Accepted|Failed|session opened/);
  });

  it('authenticates through ssh-agent (SSH_AUTH_SOCK) without an identity file', async () => {
    let agent: Agent | undefined;
    try {
      agent = await startAgent(dir, [user.privateKeyPath]);
      const r = await verify({ 'via-agent': { knownHosts: join(dir, 'known_hosts'), identity: null } }, [], { SSH_AUTH_SOCK: agent.sock });
      expect(r.code, r.stdout).toBe(0);
      expect(observation(r.report, 'via-agent')).toMatchObject({ status: 'complete', files: { listed: 2 } });
      // What a login looks like in the log (the rejected host key above must not look like this).
      expect(sshd.log()).toMatch(/Accepted publickey for/);
    } finally {
      await agent?.close();
    }
  });

  it('--max-depth bounds the walk and says so', async () => {
    const r = await verify({ deep: { knownHosts: join(dir, 'known_hosts'), path: join(dir, 'srv/deep') } }, ['--max-depth', '2']);
    expect(observation(r.report, 'deep')).toMatchObject({ files: { listed: 1, truncated: true } });
    const stale = finding(r.report, 'verify-stale/deep/ssh');
    expect(stale.severity).toBe('medium');
    expect(stale.message).toContain('cut short');
  });

  it('shows a progress line on standard error when it is a terminal, and clears it', async () => {
    const file = join(dir, 'progress.yml');
    writeFileSync(file, inventory({ a: { knownHosts: join(dir, 'known_hosts') }, b: { knownHosts: join(dir, 'known_hosts'), path: join(dir, 'srv/stale') } }));
    let stdout = '';
    let stderr = '';
    const io: Io = {
      ...nodeIo(),
      stdout: (t) => {
        stdout += t;
      },
      stderr: (t) => {
        stderr += t;
      },
      env: { HOME: dir },
      stdoutIsTTY: false,
      stderrIsTTY: true,
    };
    const code = await main(['verify', file, '--concurrency', '1'], io);
    expect(code).toBe(1);
    expect(stderr).toContain('verify: 0/2 probes done · ssh a');
    expect(stderr).toContain('verify: 2/2 probes done');
    expect(stderr.endsWith('\r\u001b[2K')).toBe(true);
    expect(stdout).toContain('verify-stale/b/ssh');
  });

  it('--observations-out that cannot be written is an input error (exit 2)', async () => {
    const file = join(dir, 'obs-fail.yml');
    writeFileSync(file, inventory({ a: { knownHosts: join(dir, 'known_hosts') } }));
    let stderr = '';
    const io: Io = {
      ...nodeIo(),
      stdout: () => undefined,
      stderr: (t) => {
        stderr += t;
      },
      env: { HOME: dir },
      stdoutIsTTY: false,
    };
    expect(await main(['verify', file, '--observations-out', join(dir, 'no-such-dir', 'o.json')], io)).toBe(2);
    expect(stderr).toMatch(/cannot write .*o\.json: no such file or directory/);
  });

  it('an inventory that pins no host key is an input error: no trust on first use', async () => {
    const r = await verify({ unpinned: {} });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('verify.ssh of unpinned pins no host key');
  });

  it("bcaudit's SHA256 fingerprints equal ssh-keygen's, and known_hosts parsing reads what ssh-keygen wrote", () => {
    for (const key of [user, stranger, sshd.hostKeys.ed25519!, sshd.hostKeys.ecdsa!]) {
      const blob = Buffer.from(key.publicKey.split(/\s+/)[1]!, 'base64');
      expect(fingerprint(blob)).toBe(key.fingerprint);
    }
    const hashed = parseKnownHosts(readFileSync(join(dir, 'known_hosts_hashed'), 'utf8'));
    expect(hashed).toHaveLength(2);
    expect(hashed.every((e) => e.patterns.startsWith('|1|'))).toBe(true);
  });
});
