// A real S3 server for tests and the demo: a single-node Ceph cluster (one monitor, one OSD keeping
// its data in memory, no cephx) and two Ceph RADOS Gateways on 127.0.0.1, all in a temporary
// directory, every daemon a child of this process running in the foreground. Stop with close().
//   - `url`: plain S3 (bad credentials answer InvalidAccessKeyId / SignatureDoesNotMatch, as AWS)
//   - `stsUrl`: `rgw s3 auth use sts = true`: accepts AssumeRole credentials (and answers STS)
// Two users (alice, bob: two "accounts") with fixed keys and a role alice may assume.
// Learned from ../shared/recipes/ceph-rgw (Debian radosgw 16.2.15). Plain JavaScript so
// `scripts/demo-verify.mjs` can run it without a build; types in rgw.d.mts.
import { execFile, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { closedPort } from './aws.mjs';

/** The programs the cluster needs, all from Debian's radosgw, ceph-mon and ceph-osd packages. */
export const RGW_PROGRAMS = ['radosgw', 'radosgw-admin', 'ceph-mon', 'ceph-osd', 'ceph', 'monmaptool', 'ceph-authtool'];
export const RGW_PACKAGES = ['radosgw', 'ceph-mon', 'ceph-osd'];
export const RGW_INSTALL_HINT = `apt-get install -y --no-install-recommends ${RGW_PACKAGES.join(' ')}`;

const BIN_DIRS = ['/usr/bin', '/usr/sbin', '/bin', '/sbin'];

/** The programs that are missing (empty: the gateway can be started). */
export function missingRgwPrograms() {
  return RGW_PROGRAMS.filter((p) => !BIN_DIRS.some((d) => existsSync(join(d, p))));
}

export const ALICE = { uid: 'alice', displayName: 'Alice', accessKeyId: 'ALICEACCESSKEY000001', secretAccessKey: 'alicesecretalicesecretalicesecret0001' };
export const BOB = { uid: 'bob', displayName: 'Bob', accessKeyId: 'BOBACCESSKEY00000002', secretAccessKey: 'bobsecretbobsecretbobsecretbobsecr0002' };
export const ROLE_ARN = 'arn:aws:iam:::role/bcaudit-audit';

const TRUST_ALICE = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { AWS: [`arn:aws:iam:::user/${ALICE.uid}`] }, Action: ['sts:AssumeRole'] }],
});
const ROLE_READS = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: ['s3:*'], Resource: 'arn:aws:s3:::*' }],
});

/**
 * Starts the cluster and both gateways; rejects (having stopped whatever it started) when that
 * takes longer than `timeoutMs`.
 * @param {import('./rgw.d.mts').RgwOptions} options
 */
export async function startRgw(options = {}) {
  const timeoutMs = options.timeoutMs ?? 90_000;
  const until = Date.now() + timeoutMs;
  const dir = mkdtempSync(join(options.parent ?? tmpdir(), 'bcaudit-rgw-'));
  const children = [];
  const killAll = () => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  };
  // Should the test process exit without close() (a crash), take the daemons along.
  process.once('exit', killAll);

  const close = async () => {
    process.removeListener('exit', killAll);
    // Gateways first, then the OSD, then the monitor: each waits for the ones above it.
    for (const child of [...children].reverse()) await stop(child);
    if (!options.keep) rmSync(dir, { recursive: true, force: true });
  };

  try {
    const [monV2, monV1] = [await closedPort(), await closedPort()];
    const port = options.port ?? (await closedPort());
    const stsPort = options.stsPort ?? (await closedPort());
    const conf = join(dir, 'ceph.conf');
    const fsid = randomUUID();
    const monAddr = `[v2:127.0.0.1:${monV2},v1:127.0.0.1:${monV1}]`;
    writeFileSync(conf, cephConf({ dir, fsid, monAddr, port, stsPort }));
    const c = ['-c', conf];
    const run = (program, args) => runProgram(program, [...c, ...args], until);
    const daemon = (program, args, name) => {
      const child = spawn(program, [...c, '-f', ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
      child.name = name;
      child.stderrText = '';
      child.stderr.on('data', (b) => {
        child.stderrText = (child.stderrText + b.toString('utf8')).slice(-4000);
      });
      child.exited = new Promise((resolve) => child.once('exit', resolve));
      children.push(child);
      return child;
    };

    mkdirSync(join(dir, 'mon.a'));
    mkdirSync(join(dir, 'osd.0'));
    await run('ceph-authtool', ['--create-keyring', join(dir, 'keyring'), '--gen-key', '-n', 'mon.', '--cap', 'mon', 'allow *']);
    await run('monmaptool', ['--create', '--fsid', fsid, '--addv', 'a', monAddr, join(dir, 'monmap')]);
    await run('ceph-mon', ['-i', 'a', '--mkfs', '--monmap', join(dir, 'monmap'), '--keyring', join(dir, 'keyring')]);
    daemon('ceph-mon', ['-i', 'a'], 'ceph-mon');

    const osdUuid = randomUUID();
    const id = (await run('ceph', ['--connect-timeout', String(secondsLeft(until)), 'osd', 'new', osdUuid])).trim();
    await run('ceph-osd', ['-i', id, '--mkfs', '--osd-uuid', osdUuid]);
    daemon('ceph-osd', ['-i', id], 'ceph-osd');

    // radosgw waits for the OSD itself and creates its pools on first start.
    daemon('radosgw', ['-n', 'client.rgw.a'], 'radosgw');
    daemon('radosgw', ['-n', 'client.rgw.sts'], 'radosgw (sts)');
    const url = `http://127.0.0.1:${port}`;
    const stsUrl = `http://127.0.0.1:${stsPort}`;
    await Promise.all([waitForHttp(port, until, children, dir), waitForHttp(stsPort, until, children, dir)]);

    for (const user of [ALICE, BOB]) {
      await run('radosgw-admin', ['user', 'create', `--uid=${user.uid}`, `--display-name=${user.displayName}`, `--access-key=${user.accessKeyId}`, `--secret=${user.secretAccessKey}`]);
    }
    const roleName = ROLE_ARN.split('/').pop();
    await run('radosgw-admin', ['role', 'create', `--role-name=${roleName}`, '--path=/', `--assume-role-policy-doc=${TRUST_ALICE}`]);
    await run('radosgw-admin', ['role-policy', 'put', `--role-name=${roleName}`, '--policy-name=read', `--policy-doc=${ROLE_READS}`]);

    return { url, stsUrl, port, stsPort, dir, users: { alice: ALICE, bob: BOB }, roleArn: ROLE_ARN, logs: () => readLogs(dir, children), close };
  } catch (error) {
    const logs = readLogs(dir, children);
    killAll();
    await close();
    throw new Error(`radosgw did not start: ${error instanceof Error ? error.message : String(error)}\n${logs}`);
  }
}

function cephConf({ dir, fsid, monAddr, port, stsPort }) {
  return `[global]
fsid = ${fsid}
mon host = ${monAddr}
public addr = 127.0.0.1
cluster addr = 127.0.0.1
auth cluster required = none
auth service required = none
auth client required = none
# radosgw asks for ms_mon_client_mode=secure, which auth "none" cannot do: without crc it cannot fetch its config
ms mon client mode = crc secure
run dir = ${dir}
admin socket = ${dir}/$name.asok
pid file = ${dir}/$name.pid
log file = ${dir}/$name.log
keyring = ${dir}/keyring
osd pool default size = 1
osd pool default min size = 1
osd pool default pg num = 8
osd pool default pgp num = 8
osd pool default pg autoscale mode = off
mon allow pool size one = true
mon allow pool delete = true
mon max pg per osd = 1000
osd crush chooseleaf type = 0
mon warn on pool no redundancy = false
mon data avail warn = 1
[mon]
mon data = ${dir}/$name
[osd]
osd data = ${dir}/$name
# data in memory: nothing to format, fast, gone with the process
osd objectstore = memstore
memstore device bytes = 1073741824
[client]
rgw data = ${dir}/rgw
rgw sts key = bcauditstskey123
rgw enable apis = s3, s3website, admin, sts, iam
[client.rgw.a]
rgw frontends = beast endpoint=127.0.0.1:${port}
[client.rgw.sts]
rgw frontends = beast endpoint=127.0.0.1:${stsPort}
rgw s3 auth use sts = true
`;
}

function secondsLeft(until) {
  return Math.max(1, Math.ceil((until - Date.now()) / 1000));
}

/** Runs a program to completion within the start deadline; its stdout, or an error with its output. */
function runProgram(program, args, until) {
  return new Promise((resolve, reject) => {
    execFile(program, args, { timeout: Math.max(1000, until - Date.now()), maxBuffer: 4 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${program} ${args.filter((a) => !a.includes('secret')).slice(2, 5).join(' ')} failed: ${error.message}\n${stderr}`));
      else resolve(stdout);
    });
  });
}

/** Resolves once the gateway on `port` answers HTTP; rejects when a daemon exits or time runs out. */
function waitForHttp(port, until, children, dir) {
  return new Promise((resolve, reject) => {
    const attempt = () => {
      const dead = children.find((c) => c.exitCode !== null || c.signalCode !== null);
      if (dead) return reject(new Error(`${dead.name} exited (${dead.exitCode ?? dead.signalCode}): ${dead.stderrText.trim() || `see ${dir}`}`));
      if (Date.now() > until) return reject(new Error(`no HTTP answer on 127.0.0.1:${port} in time`));
      const req = request({ host: '127.0.0.1', port, path: '/', method: 'GET', timeout: 2000 }, (res) => {
        res.resume();
        resolve();
      });
      req.on('error', () => setTimeout(attempt, 200));
      req.on('timeout', () => req.destroy());
      req.end();
    };
    attempt();
  });
}

async function stop(child) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await child.exited;
  clearTimeout(timer);
}

function readLogs(dir, children) {
  const parts = children.filter((c) => c.stderrText).map((c) => `--- ${c.name} stderr ---\n${c.stderrText}`);
  for (const name of ['client.rgw.a', 'mon.a', 'osd.0']) {
    try {
      parts.push(`--- ${name}.log (end) ---\n${readFileSync(join(dir, `${name}.log`), 'utf8').slice(-2000)}`);
    } catch {
      // not written yet
    }
  }
  return parts.join('\n');
}
