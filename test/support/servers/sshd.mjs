// A private OpenSSH server on 127.0.0.1 for tests and the demo: generated host and user keys,
// its own config in a temporary directory, SFTP through internal-sftp. Stop it with close().
// Plain JavaScript so `scripts/demo-verify.mjs` can run it without a build; types in sshd.d.mts.
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { closedPort } from './aws.mjs';

export const SSHD = process.env.SSHD_BIN ?? '/usr/sbin/sshd';

/** Generates a key pair without a passphrase; returns its paths, public key line and ssh-keygen's fingerprint. */
export function generateKey(path, type = 'ed25519') {
  rmSync(path, { force: true });
  rmSync(`${path}.pub`, { force: true });
  execFileSync('ssh-keygen', ['-q', '-t', type, '-N', '', '-C', 'bcaudit-test', '-f', path], { stdio: 'ignore' });
  const publicKey = readFileSync(`${path}.pub`, 'utf8').trim();
  const fingerprint = execFileSync('ssh-keygen', ['-lf', `${path}.pub`], { encoding: 'utf8' }).split(/\s+/)[1];
  return { privateKeyPath: path, publicKeyPath: `${path}.pub`, publicKey, fingerprint };
}

/**
 * Starts sshd on 127.0.0.1.
 * @param {import('./sshd.d.mts').SshdOptions} options
 */
export async function startSshd(options = {}) {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'bcaudit-sshd-'));
  mkdirSync(dir, { recursive: true });
  const user = options.user ?? userInfo().username;
  const port = options.port ?? (await closedPort());
  const hostKeys = {};
  for (const type of options.hostKeyTypes ?? ['ed25519']) hostKeys[type] = generateKey(join(dir, `ssh_host_${type}_key`), type);
  writeFileSync(join(dir, 'authorized_keys'), `${(options.authorizedKeys ?? []).join('\n')}\n`, { mode: 0o600 });
  const config = join(dir, 'sshd_config');
  writeFileSync(
    config,
    [
      `Port ${port}`,
      'ListenAddress 127.0.0.1',
      ...Object.values(hostKeys).map((k) => `HostKey ${k.privateKeyPath}`),
      `PidFile ${join(dir, 'sshd.pid')}`,
      `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
      'StrictModes no',
      'UsePAM no',
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'PubkeyAuthentication yes',
      'PermitRootLogin prohibit-password',
      `AllowUsers ${user}`,
      'Subsystem sftp internal-sftp',
      'LogLevel VERBOSE',
      '',
    ].join('\n'),
  );
  if (process.getuid?.() === 0) mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
  const child = spawn(SSHD, ['-D', '-e', '-f', config], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr.on('data', (b) => {
    log += b.toString('utf8');
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  try {
    await waitForBanner(port, 5000, () => child.exitCode !== null);
  } catch (error) {
    child.kill('SIGKILL');
    throw new Error(`sshd did not start: ${error.message}\n${log}`);
  }
  return {
    port,
    user,
    dir,
    hostKeys,
    /** A known_hosts line for this server's host keys. */
    knownHostsLines: () => Object.values(hostKeys).map((k) => `[127.0.0.1]:${port} ${k.publicKey.split(/\s+/).slice(0, 2).join(' ')}`),
    log: () => log,
    close: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(timer);
      if (!options.dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Resolves once the port answers with an SSH banner. */
function waitForBanner(port, timeoutMs, gaveUp) {
  const until = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const attempt = () => {
      if (gaveUp()) return reject(new Error('sshd exited'));
      if (Date.now() > until) return reject(new Error(`no SSH banner on port ${port} within ${timeoutMs} ms`));
      const socket = connect({ host: '127.0.0.1', port });
      socket.once('data', (data) => {
        socket.destroy();
        if (data.toString('latin1').startsWith('SSH-')) resolve();
        else setTimeout(attempt, 20);
      });
      socket.once('error', () => {
        socket.destroy();
        setTimeout(attempt, 20);
      });
    };
    attempt();
  });
}

/** Starts ssh-agent on a socket in `dir` holding these keys. */
export async function startAgent(dir, keyPaths) {
  const sock = join(dir, 'agent.sock');
  rmSync(sock, { force: true });
  const child = spawn('ssh-agent', ['-D', '-a', sock], { stdio: 'ignore' });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const until = Date.now() + 5000;
  for (;;) {
    try {
      execFileSync('ssh-add', ['-l'], { env: { ...process.env, SSH_AUTH_SOCK: sock }, stdio: 'ignore' });
      break;
    } catch (error) {
      // ssh-add -l exits 1 for "no identities": the agent is up.
      if (error.status === 1) break;
      if (Date.now() > until) {
        child.kill('SIGKILL');
        throw new Error('ssh-agent did not start');
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  }
  for (const key of keyPaths) execFileSync('ssh-add', ['-q', key], { env: { ...process.env, SSH_AUTH_SOCK: sock }, stdio: 'ignore' });
  return {
    sock,
    close: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
      rmSync(sock, { force: true });
    },
  };
}
