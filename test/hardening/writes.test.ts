// Issue #8, writes: `-o` (and `init`) write atomically — a temporary file in the same directory,
// then a rename — so a run that dies or fails leaves the previous file byte for byte; a path that
// cannot be written is exit 2 with a message. The tests run as root (no permission errors to
// provoke), so they fail writes through the file system's shape (a directory where the file
// should be, a regular file where a directory should be) and, to die or fail at exactly the wrong
// moment, through a preloaded module that patches node:fs in the spawned process.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, REPO_ROOT, spawnCli, STACK_LINE } from '../support/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'bcaudit-writes-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
beforeAll(() => assertBuilt());

const RAISUP = join(REPO_ROOT, 'examples', 'raisup.yml');
const OLD = 'the previous report, which must survive\n'.repeat(1000);

/** Temporary files writeFileAtomic may have left: `.<name>.<pid>.<time>.tmp`. */
const leftovers = (d: string) => readdirSync(d).filter((n) => n.endsWith('.tmp'));

/**
 * A module for `node --import` that patches node:fs in the bcaudit process: `mode` 'kill' writes
 * half of what goes to the temporary file and then SIGKILLs the process (a crash, an OOM kill, a
 * cancelled CI job); 'rename' makes the final rename fail as a full or read-only disk would.
 */
function fsPatch(mode: 'kill' | 'rename'): string {
  const file = join(dir, `patch-${mode}.mjs`);
  writeFileSync(
    file,
    `import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
const temps = new Set();
const open = fs.openSync;
fs.openSync = function (path, ...rest) {
  const fd = open.call(fs, path, ...rest);
  if (String(path).endsWith('.tmp')) temps.add(fd);
  return fd;
};
const write = fs.writeSync;
fs.writeSync = function (fd, data, ...rest) {
  if (${JSON.stringify(mode)} === 'kill' && temps.has(fd)) {
    const text = String(data);
    write.call(fs, fd, text.slice(0, Math.floor(text.length / 2)));
    process.kill(process.pid, 'SIGKILL');
  }
  return write.call(fs, fd, data, ...rest);
};
const rename = fs.renameSync;
fs.renameSync = function (from, to) {
  if (${JSON.stringify(mode)} === 'rename') {
    const error = new Error('EROFS: read-only file system, rename');
    error.code = 'EROFS';
    throw error;
  }
  return rename.call(fs, from, to);
};
syncBuiltinESMExports();
`,
  );
  return pathToFileURL(file).href;
}

const COMMANDS: [string, (out: string) => string[]][] = [
  ['check', (out) => ['check', RAISUP, '--format', 'json', '-o', out]],
  ['report', (out) => ['report', RAISUP, '-o', out]],
  ['graph', (out) => ['graph', RAISUP, '--format', 'mef', '-o', out]],
  ['simulate', (out) => ['simulate', RAISUP, '--fail', 'do-main', '-o', out]],
];

describe('-o writes atomically', () => {
  it.each(COMMANDS)('%s -o replaces the previous file whole, leaves no temporary file, prints nothing', async (_name, argv) => {
    const sub = mkdtempSync(join(dir, 'ok-'));
    const out = join(sub, 'out.txt');
    writeFileSync(out, OLD);
    const result = await spawnCli(argv(out));
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe('');
    const expected = await spawnCli(argv(out).slice(0, -2));
    expect(readFileSync(out, 'utf8')).toBe(expected.stdout);
    expect(leftovers(sub)).toEqual([]);
  });

  it.each(COMMANDS)('%s killed (SIGKILL) half-way through writing: the previous file is byte-identical', async (_name, argv) => {
    const sub = mkdtempSync(join(dir, 'kill-'));
    const out = join(sub, 'out.txt');
    writeFileSync(out, OLD);
    const result = await spawnCli(argv(out), { nodeArgs: ['--import', fsPatch('kill')] });
    expect(result.signal).toBe('SIGKILL');
    expect(readFileSync(out, 'utf8')).toBe(OLD);
    // What the kill left is a hidden temporary file beside it, never the target.
    for (const name of leftovers(sub)) expect(name).toMatch(/^\.out\.txt\.\d+\.\d+\.tmp$/);
  });

  it.each(COMMANDS)('%s whose rename fails: exit 2 with a message, previous file byte-identical, no temporary file left', async (_name, argv) => {
    const sub = mkdtempSync(join(dir, 'rename-'));
    const out = join(sub, 'out.txt');
    writeFileSync(out, OLD);
    const result = await spawnCli(argv(out), { nodeArgs: ['--import', fsPatch('rename')] });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`bcaudit: cannot write ${out}: read-only file system\n`);
    expect(result.stdout).toBe('');
    expect(readFileSync(out, 'utf8')).toBe(OLD);
    expect(leftovers(sub)).toEqual([]);
  });
});

describe('unwritable -o paths: exit 2 with a message, no stack trace, nothing left behind', () => {
  const cases: [string, () => string, RegExp][] = [
    ['a directory where the file should be', () => mkdtempSync(join(dir, 'isdir-')), /^bcaudit: cannot write .*: (is a directory|.*directory not empty.*)\n$/],
    [
      'a path under a regular file',
      () => {
        const file = join(dir, 'regular-file.txt');
        writeFileSync(file, 'x');
        return join(file, 'out.json');
      },
      /^bcaudit: cannot write .*: a part of the path is not a directory\n$/,
    ],
    ['a directory that does not exist', () => join(dir, 'no', 'such', 'dir', 'out.json'), /^bcaudit: cannot write .*: no such file or directory\n$/],
    ['a read-only kernel file system', () => '/proc/version', /^bcaudit: cannot write \/proc\/version: .+\n$/],
    ['the empty path', () => '', /^bcaudit: cannot write : .+\n$|^error: .*\n/],
  ];

  it.each(cases)('%s', async (_what, target, message) => {
    const out = target();
    for (const [name, argv] of [...COMMANDS, ['init', (o: string) => ['init', o]] as [string, (o: string) => string[]]]) {
      const result = await spawnCli(argv(out));
      expect(result.code, `${name}: ${result.stderr}`).toBe(2);
      if (name !== 'init') expect(result.stderr, name).toMatch(message);
      else expect(result.stderr, name).toMatch(/^bcaudit: .+\n$/);
      expect(result.stderr + result.stdout, name).not.toMatch(STACK_LINE);
      expect(result.stdout, name).toBe('');
    }
    expect(leftovers(dir)).toEqual([]);
    if (existsSync(out) && lstatSync(out).isDirectory()) expect(leftovers(out)).toEqual([]);
  });

  it('init never overwrites an existing file, and writes a new one atomically', async () => {
    const sub = mkdtempSync(join(dir, 'init-'));
    const existing = join(sub, 'inventory.yml');
    writeFileSync(existing, OLD);
    const refused = await spawnCli(['init', existing]);
    expect(refused.code).toBe(2);
    expect(readFileSync(existing, 'utf8')).toBe(OLD);
    const fresh = join(sub, 'new.yml');
    const made = await spawnCli(['init', fresh]);
    expect(made.code).toBe(0);
    expect(readFileSync(fresh, 'utf8')).toMatch(/^# yaml-language-server/);
    expect(leftovers(sub)).toEqual([]);
  });
});

describe('writeFileAtomic on special targets and after a killed run (src/cli/io.ts)', () => {
  it('-o onto a FIFO (or a device: -o /dev/null as root) writes into it and never replaces it with a regular file', async () => {
    const sub = mkdtempSync(join(dir, 'fifo-'));
    const fifo = join(sub, 'pipe');
    execFileSync('mkfifo', [fifo]);
    // A reader, so that writing into the FIFO (what the fix would do) does not block.
    const reader = spawn('cat', [fifo], { stdio: ['ignore', 'pipe', 'ignore'] });
    let read = '';
    reader.stdout.on('data', (b: Buffer) => (read += b.toString('utf8')));
    const done = new Promise((resolve) => reader.on('close', resolve));
    const result = await spawnCli(['graph', RAISUP, '--format', 'json', '-o', fifo], { timeoutMs: 10_000 });
    if (!lstatSync(fifo).isFIFO()) reader.kill();
    await done;
    expect(result.code).toBe(0);
    expect(lstatSync(fifo).isFIFO()).toBe(true);
    expect(read).toMatch(/^\{/);
  });

  it('the next run removes the hidden temporary file a killed run left behind (regression)', async () => {
    const sub = mkdtempSync(join(dir, 'stale-'));
    const out = join(sub, 'out.json');
    writeFileSync(out, OLD);
    await spawnCli(['check', RAISUP, '--format', 'json', '-o', out], { nodeArgs: ['--import', fsPatch('kill')] });
    // The next successful run could sweep temporaries of processes that no longer exist.
    await spawnCli(['check', RAISUP, '--format', 'json', '-o', out]);
    expect(leftovers(sub)).toEqual([]);
  });
});

describe('a directory as -o target stays a directory', () => {
  it('rename onto a directory fails and the directory keeps its contents', async () => {
    const target = mkdtempSync(join(dir, 'keep-'));
    mkdirSync(join(target, 'inside'));
    writeFileSync(join(target, 'inside', 'file'), 'kept');
    const result = await spawnCli(['check', RAISUP, '-o', target]);
    expect(result.code).toBe(2);
    expect(readFileSync(join(target, 'inside', 'file'), 'utf8')).toBe('kept');
  });
});
