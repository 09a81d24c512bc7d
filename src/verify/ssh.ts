// SSH/SFTP probe: the host key must match the pin before anything else happens (no trust on
// first use); then, authenticated by ssh-agent or an identity file, it finds the newest file
// under the path (bounded depth and entries) and the free space (statvfs@openssh.com).
// ssh2 is imported here, dynamically, so no other command ever loads it.
import { connect as tcpConnect, type Socket } from 'node:net';
import type { Client, ConnectConfig, SFTPWrapper, Stats } from 'ssh2';
import { statusOf, type ProbeContext } from './context.js';
import {
  familyOf,
  fingerprint,
  HOST_KEY_FAMILIES,
  hostKeyAlgorithms,
  judgeKnownHosts,
  keyTypeOf,
  parseKnownHosts,
  type HostKeyVerdict,
  type KnownHostEntry,
} from './knownHosts.js';
import type { ProbeProblem, SshHostObservation } from './observations.js';
import { hostStub, type HostProbeSpec } from './plan.js';
import { fileReason, networkReason, stopReason } from './reasons.js';

type Ssh2 = typeof import('ssh2');

/** SFTP status codes (draft-ietf-secsh-filexfer-02). */
const SFTP_EOF = 1;
const SFTP_NO_SUCH_FILE = 2;
const SFTP_PERMISSION_DENIED = 3;

type Stage = 'connect' | 'handshake' | 'authenticate' | 'sftp' | 'stat' | 'readdir' | 'statvfs';

const STAGE_TEXT: Record<Stage, string> = {
  connect: 'the TCP connection',
  handshake: 'the SSH handshake',
  authenticate: 'authentication',
  sftp: 'the SFTP subsystem',
  stat: 'stat of the path',
  readdir: 'a directory listing',
  statvfs: 'statvfs',
};

/** A probe step that failed for a reason already classified. */
class ProbeFailure extends Error {
  constructor(readonly problem: ProbeProblem) {
    super(problem.reason);
  }
}

/** The server presented a key that does not match the pin: stop, read nothing. */
class HostKeyRejected extends Error {
  constructor(
    readonly presented: string,
    readonly algorithm: string | null,
    readonly verdict: HostKeyVerdict,
  ) {
    super('host key rejected');
  }
}

export async function probeHost(spec: HostProbeSpec, ctx: ProbeContext): Promise<SshHostObservation> {
  const startedAt = ctx.now().toISOString();
  const out: SshHostObservation = { ...hostStub(spec), status: 'complete', startedAt, finishedAt: startedAt, problems: [] };
  const finish = () => {
    out.status = statusOf(out.problems, out.hostKey !== null || out.files !== null);
    out.finishedAt = ctx.now().toISOString();
    return out;
  };
  const ssh2: Ssh2 = (await import('ssh2')).default;

  let knownHosts: KnownHostEntry[] | undefined;
  if (spec.knownHosts !== undefined) {
    try {
      knownHosts = parseKnownHosts(ctx.readFile(spec.knownHosts));
    } catch (error) {
      out.problems.push({
        kind: 'unreachable',
        operation: 'known_hosts',
        reason: `cannot read known_hosts file ${spec.knownHosts}: ${fileReason(error)}; without it the host key cannot be checked`,
      });
      return finish();
    }
  }
  const auth = readAuth(ssh2, spec, ctx);

  const judge = (blob: Buffer): { presented: string; algorithm: string | null; verdict: HostKeyVerdict } => {
    const presented = fingerprint(blob);
    const algorithm = keyTypeOf(blob);
    let verdict: HostKeyVerdict;
    if (knownHosts !== undefined) verdict = judgeKnownHosts(knownHosts, spec.host, spec.port, blob);
    else verdict = presented.replace(/=+$/, '') === (spec.hostKey ?? '').replace(/=+$/, '') ? 'match' : 'mismatch';
    return { presented, algorithm, verdict };
  };
  const pinnedBy = knownHosts !== undefined ? 'known_hosts' : 'fingerprint';
  const expected = knownHosts !== undefined ? spec.knownHosts! : spec.hostKey!;

  // Which host key algorithms to ask for: those of the known_hosts entries (as OpenSSH does),
  // or, for a fingerprint pin, the server's default first and then each other family in turn.
  let attempts: (string[] | undefined)[];
  if (knownHosts !== undefined) {
    const types = knownHosts.filter((e) => e.marker === null && patternsFor(e, spec)).flatMap((e) => hostKeyAlgorithms(e.keyType));
    attempts = [types.length > 0 ? [...new Set(types)] : undefined];
  } else {
    attempts = [undefined];
  }

  let session: Session | undefined;
  let firstRejection: HostKeyRejected | undefined;
  let scanned = false;
  try {
    for (let i = 0; i < attempts.length; i++) {
      try {
        session = await openSession(ssh2, spec, ctx, attempts[i], judge, auth);
        break;
      } catch (error) {
        if (error instanceof HostKeyRejected) {
          firstRejection ??= error;
          if (pinnedBy === 'fingerprint' && !scanned) {
            // The server may hold the pinned key under another algorithm: ask for each other kind once.
            scanned = true;
            const seen = familyOf(error.algorithm);
            HOST_KEY_FAMILIES.forEach((family, f) => {
              if (f !== seen) attempts.push([...family]);
            });
          }
          continue;
        }
        // While scanning, a server without that kind of key fails the negotiation: try the next kind.
        if (firstRejection && error instanceof ProbeFailure && error.problem.kind !== 'timeout') continue;
        throw error;
      }
    }
    if (!session) {
      const r = firstRejection!;
      out.hostKey = { presented: r.presented, algorithm: r.algorithm, pinnedBy, expected, result: r.verdict };
      return finish();
    }
    out.hostKey = { presented: session.presented, algorithm: session.algorithm, pinnedBy, expected, result: 'match' };
    await readFiles(session.client, spec, ctx, out);
  } catch (error) {
    if (error instanceof ProbeFailure) out.problems.push(error.problem);
    else out.problems.push({ kind: 'unreachable', operation: 'ssh', reason: ctx.redactor.text(error instanceof Error ? error.message : String(error)) });
    // A timeout while scanning other kinds of key: the rejection already seen is the finding.
    if (firstRejection && !out.hostKey) {
      out.hostKey = { presented: firstRejection.presented, algorithm: firstRejection.algorithm, pinnedBy, expected, result: firstRejection.verdict };
      out.problems = [];
    }
  } finally {
    session?.client.end();
  }
  return finish();
}

function patternsFor(entry: KnownHostEntry, spec: HostProbeSpec): boolean {
  return judgeKnownHosts([entry], spec.host, spec.port, entry.key) === 'match';
}

interface AuthMaterial {
  agent?: string;
  privateKey?: string;
  /** Why an identity file could not be used, for the message when authentication fails. */
  identityProblem?: string;
}

function readAuth(ssh2: Ssh2, spec: HostProbeSpec, ctx: ProbeContext): AuthMaterial {
  const auth: AuthMaterial = {};
  const agent = ctx.env.SSH_AUTH_SOCK;
  if (agent) auth.agent = agent;
  if (spec.identityFile !== undefined) {
    let text: string | undefined;
    try {
      text = ctx.readFile(spec.identityFile);
    } catch (error) {
      auth.identityProblem = `identity file ${spec.identityFile} cannot be read: ${fileReason(error)}`;
    }
    if (text !== undefined) {
      const parsed = ssh2.utils.parseKey(text);
      if (parsed instanceof Error) {
        auth.identityProblem = /passphrase/i.test(parsed.message)
          ? `identity file ${spec.identityFile} is encrypted: load it into ssh-agent instead (bcaudit asks for no passphrase)`
          : `identity file ${spec.identityFile} is not a private key ssh2 can read`;
      } else {
        auth.privateKey = text;
      }
    }
  }
  return auth;
}

/** An authenticated connection and the host key it was verified with. */
interface Session {
  client: Client;
  presented: string;
  algorithm: string | null;
}

function openSession(
  ssh2: Ssh2,
  spec: HostProbeSpec,
  ctx: ProbeContext,
  serverHostKey: string[] | undefined,
  judge: (blob: Buffer) => { presented: string; algorithm: string | null; verdict: HostKeyVerdict },
  auth: AuthMaterial,
): Promise<Session> {
  return new Promise<Session>((resolve, reject) => {
    let stage: Stage = 'connect';
    let verified: { presented: string; algorithm: string | null } | undefined;
    let settled = false;
    let rejection: HostKeyRejected | undefined;
    const client = new ssh2.Client();
    const sock: Socket = tcpConnect({ host: spec.host, port: spec.port });
    const fail = (error: unknown) => {
      if (settled) return;
      settled = true;
      ctx.signal.removeEventListener('abort', onAbort);
      sock.destroy();
      client.end();
      reject(rejection ?? new ProbeFailure(sshProblem(error, stage, spec, ctx, auth)));
    };
    const onAbort = () => fail(new Error('stopped'));
    if (ctx.signal.aborted) {
      onAbort();
      return;
    }
    ctx.signal.addEventListener('abort', onAbort, { once: true });
    sock.on('error', fail);
    client.on('error', fail);
    client.once('close', () => fail(new Error('the server closed the connection')));
    client.once('ready', () => {
      if (settled) return;
      settled = true;
      ctx.signal.removeEventListener('abort', onAbort);
      resolve({ client, presented: verified!.presented, algorithm: verified!.algorithm });
    });
    sock.once('connect', () => {
      stage = 'handshake';
      const config: ConnectConfig = {
        sock,
        username: spec.user,
        // Our own timer (ctx.signal) stops the probe; ssh2's is only a backstop.
        readyTimeout: ctx.timeoutSeconds * 1000 + 5000,
        keepaliveInterval: 0,
        tryKeyboard: false,
        hostVerifier: (key: Buffer): boolean => {
          const verdict = judge(key);
          if (verdict.verdict !== 'match') {
            rejection = new HostKeyRejected(verdict.presented, verdict.algorithm, verdict.verdict);
            return false;
          }
          verified = { presented: verdict.presented, algorithm: verdict.algorithm };
          stage = 'authenticate';
          return true;
        },
        ...(serverHostKey ? { algorithms: { serverHostKey: serverHostKey as NonNullable<ConnectConfig['algorithms']>['serverHostKey'] } } : {}),
        ...(auth.agent ? { agent: auth.agent } : {}),
        ...(auth.privateKey ? { privateKey: auth.privateKey } : {}),
      };
      try {
        client.connect(config);
      } catch (error) {
        fail(error);
      }
    });
  });
}

function sshProblem(error: unknown, stage: Stage, spec: HostProbeSpec, ctx: ProbeContext, auth: AuthMaterial): ProbeProblem {
  const where = `${spec.host}:${spec.port}`;
  const stop = ctx.stoppedBy();
  if (stop) return { kind: 'timeout', operation: stage, reason: ctx.redactor.text(stopReason(stop, ctx, `${where} (${STAGE_TEXT[stage]})`)) };
  const e = error as { level?: unknown; message?: unknown };
  const message = typeof e?.message === 'string' ? e.message : String(error);
  if (e?.level === 'client-timeout') return { kind: 'timeout', operation: stage, reason: `no answer from ${where} during ${STAGE_TEXT[stage]}` };
  if (e?.level === 'client-authentication' || stage === 'authenticate') {
    const tried = [auth.agent ? 'ssh-agent' : undefined, auth.privateKey ? 'identity file' : undefined].filter(Boolean);
    const why = [
      tried.length > 0 ? `the server refused user ${spec.user} (tried: ${tried.join(', ')})` : `nothing to authenticate user ${spec.user} with: no ssh-agent (SSH_AUTH_SOCK) and no usable identity_file`,
      auth.identityProblem,
    ].filter(Boolean);
    return { kind: 'denied', operation: 'authenticate', reason: ctx.redactor.text(why.join('; ')) };
  }
  const network = networkReason(error);
  if (network !== undefined) return { kind: 'unreachable', operation: stage, reason: `${network} (${where})` };
  return { kind: 'unreachable', operation: stage, reason: ctx.redactor.text(`${STAGE_TEXT[stage]} with ${where} failed: ${message}`) };
}

/** Runs an SFTP call, failing at once when the probe is stopped. */
function sftpCall<T>(ctx: ProbeContext, stage: Stage, spec: HostProbeSpec, run: (done: (err: unknown, value?: T) => void) => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new ProbeFailure(sshProblem(new Error('stopped'), stage, spec, ctx, {})));
    if (ctx.signal.aborted) return onAbort();
    ctx.signal.addEventListener('abort', onAbort, { once: true });
    run((err, value) => {
      ctx.signal.removeEventListener('abort', onAbort);
      if (err) reject(err);
      else resolve(value as T);
    });
  });
}

function sftpCode(error: unknown): number | undefined {
  const code = (error as { code?: unknown })?.code;
  return typeof code === 'number' ? code : undefined;
}

async function readFiles(client: Client, spec: HostProbeSpec, ctx: ProbeContext, out: SshHostObservation): Promise<void> {
  const sftp = await sftpCall<SFTPWrapper>(ctx, 'sftp', spec, (done) => client.sftp(done)).catch((error: unknown) => {
    throw error instanceof ProbeFailure ? error : new ProbeFailure(sshProblem(error, 'sftp', spec, ctx, {}));
  });
  const sftpProblem = (error: unknown, stage: Stage, path: string): ProbeProblem => {
    if (error instanceof ProbeFailure) return error.problem;
    const code = sftpCode(error);
    if (code === SFTP_PERMISSION_DENIED) return { kind: 'denied', operation: stage, reason: `permission denied for ${spec.user} on ${path}` };
    return sshProblem(error, stage, spec, ctx, {});
  };

  let root: Stats;
  try {
    root = await sftpCall<Stats>(ctx, 'stat', spec, (done) => sftp.stat(spec.path, done));
  } catch (error) {
    if (sftpCode(error) === SFTP_NO_SUCH_FILE) {
      out.files = { listed: 0, newest: null, truncated: false, missing: true, unreadableDirectories: 0 };
      return;
    }
    out.problems.push(sftpProblem(error, 'stat', spec.path));
    return;
  }

  const files = { listed: 0, newest: null as string | null, truncated: false, missing: false, unreadableDirectories: 0 };
  let newest = -Infinity;
  const seeFile = (mtime: number) => {
    files.listed++;
    if (mtime > newest) newest = mtime;
  };
  if (!root.isDirectory()) {
    if (root.isFile()) seeFile(root.mtime);
  } else {
    let entries = 0;
    const queue: { path: string; depth: number }[] = [{ path: spec.path, depth: 0 }];
    walk: while (queue.length > 0) {
      const dir = queue.shift()!;
      /** An unreadable start path ends the walk with a problem; a deeper directory is only counted. */
      const unreadable = (error: unknown): 'end' | 'skip' => {
        if (error instanceof ProbeFailure) throw error;
        if (dir.depth === 0) {
          out.problems.push(sftpProblem(error, 'readdir', dir.path));
          return 'end';
        }
        files.unreadableDirectories++;
        return 'skip';
      };
      let handle: Buffer;
      try {
        handle = await sftpCall<Buffer>(ctx, 'readdir', spec, (done) => sftp.opendir(dir.path, done));
      } catch (error) {
        if (unreadable(error) === 'end') return;
        continue;
      }
      try {
        for (;;) {
          let batch: { filename: string; attrs: Stats }[];
          try {
            batch = await sftpCall(ctx, 'readdir', spec, (done) => sftp.readdir(handle, done));
          } catch (error) {
            if (sftpCode(error) === SFTP_EOF) break;
            throw error;
          }
          for (const entry of batch) {
            if (entry.filename === '.' || entry.filename === '..') continue;
            if (++entries > ctx.maxEntries) {
              files.truncated = true;
              break walk;
            }
            if (entry.attrs.isFile()) seeFile(entry.attrs.mtime);
            else if (entry.attrs.isDirectory()) {
              if (dir.depth + 1 <= ctx.maxDepth) queue.push({ path: `${dir.path.replace(/\/+$/, '')}/${entry.filename}`, depth: dir.depth + 1 });
              else files.truncated = true;
            }
          }
        }
      } catch (error) {
        if (unreadable(error) === 'end') return;
      } finally {
        sftp.close(handle, () => undefined);
      }
    }
  }
  files.newest = Number.isFinite(newest) ? new Date(newest * 1000).toISOString() : null;
  out.files = files;

  try {
    const info = await sftpCall<Record<string, unknown>>(ctx, 'statvfs', spec, (done) => sftp.ext_openssh_statvfs(spec.path, done));
    const n = (v: unknown) => (typeof v === 'bigint' ? Number(v) : typeof v === 'number' ? v : 0);
    const unit = n(info.f_frsize) || n(info.f_bsize);
    out.space = { availableBytes: n(info.f_bavail) * unit, totalBytes: n(info.f_blocks) * unit };
  } catch (error) {
    // Servers without the statvfs@openssh.com extension: free space is simply not observed.
    if (error instanceof ProbeFailure) throw error;
  }
}
