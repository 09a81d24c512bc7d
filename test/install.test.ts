// bcaudit outside its clone: the launcher's exit codes when it cannot run, what `npm pack` ships,
// and (slow, so with CI=true or BCAUDIT_TEST_FULL=1 only) the packed tarball installed globally
// into a temporary prefix and run from another directory with nothing else on the PATH.
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, BIN, REPO_ROOT, spawnCollect, STACK_LINE, tempDir, type SpawnResult } from './support/cli.js';
import { FULL } from './support/scale.js';
import { inCI, TOOLS } from './support/tools.js';

const dir = tempDir('bcaudit-install-');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A copy of bin/bcaudit.js in a package root of its own, with `bundle` as dist/cli-bundle/bcaudit.js (absent when undefined). */
function launcherWith(name: string, bundle: string | undefined): string {
  const root = join(dir, name);
  mkdirSync(join(root, 'bin'), { recursive: true });
  copyFileSync(BIN, join(root, 'bin', 'bcaudit.js'));
  if (bundle !== undefined) {
    mkdirSync(join(root, 'dist', 'cli-bundle'), { recursive: true });
    writeFileSync(join(root, 'dist', 'cli-bundle', 'bcaudit.js'), bundle);
  }
  return join(root, 'bin', 'bcaudit.js');
}

const runLauncher = (launcher: string, env: Record<string, string | undefined> = {}): Promise<SpawnResult> =>
  spawnCollect(process.execPath, [launcher, 'check', 'inventory.yml'], { cwd: dir, env: { BCAUDIT_DEBUG: undefined, ...env } });

describe('the launcher never exits 1 (findings) when bcaudit itself cannot run', () => {
  it('not built: says so and how to build, exit 2, no stack trace', async () => {
    const r = await runLauncher(launcherWith('unbuilt', undefined));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^bcaudit is not built: dist\/cli-bundle\/bcaudit\.js is missing\.$/m);
    expect(r.stderr).toContain('npm run build');
    expect(r.stderr).not.toMatch(STACK_LINE);
    expect(r.stdout).toBe('');
  });

  it('a part of the build missing: cannot start, exit 2, no stack trace', async () => {
    const r = await runLauncher(launcherWith('partial', "import './chunk-gone.js';\n"));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^bcaudit could not start: Cannot find module '.*chunk-gone\.js'/m);
    expect(r.stderr).not.toMatch(STACK_LINE);
  });

  it.each([
    ['thrown while loading', "throw new Error('boom');\n"],
    ['thrown later, outside any handler', "setTimeout(() => { throw new Error('boom'); }, 1);\n"],
    ['a promise rejected and never handled', "Promise.reject(new Error('boom'));\n"],
  ])('a crash (%s): one line, exit 2, the stack only with BCAUDIT_DEBUG=1', async (_what, bundle) => {
    const launcher = launcherWith(`crash-${_what.replace(/\W+/g, '-')}`, bundle);
    const r = await runLauncher(launcher);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('bcaudit: internal error: boom\n(this is a bug in bcaudit; set BCAUDIT_DEBUG=1 for details)\n');
    const debug = await runLauncher(launcher, { BCAUDIT_DEBUG: '1' });
    expect(debug.code).toBe(2);
    expect(debug.stderr).toMatch(STACK_LINE);
  });

  it('control characters in a crash message are escaped', async () => {
    const r = await runLauncher(launcherWith('crash-controls', "throw new Error('boom\\u001b[2J\\u202e');\n"));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('boom\\u001b[2J\\u202e');
    expect(r.stderr).not.toMatch(/[\u001b\u202e]/);
  });
});

describe('a reader that closes the pipe early', () => {
  it('is not a crash: nothing on standard error, and the run keeps its own exit code', async () => {
    assertBuilt();
    const child = spawn(process.execPath, [BIN, 'check', 'examples/raisup.yml', '--format', 'json'], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    // Closed before bcaudit has loaded: every write to standard output meets a closed pipe (EPIPE).
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString('utf8')));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).toBe('');
    expect(code).toBe(1);
  });
});

interface PackResult {
  filename: string;
  files: { path: string }[];
}

/** `npm pack` of the built tree (scripts ignored: the suite built dist/ already, and prepare would rebuild it under running tests). */
async function pack(destination: string): Promise<PackResult> {
  assertBuilt();
  mkdirSync(destination, { recursive: true });
  const r = await spawnCollect('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', destination], { cwd: REPO_ROOT, timeoutMs: 60_000 });
  expect(r.code, r.stderr).toBe(0);
  return (JSON.parse(r.stdout) as PackResult[])[0]!;
}

describe('npm pack', () => {
  let packed: PackResult;
  beforeAll(async () => {
    packed = await pack(dir);
  });

  it('ships the launcher, the bundle and the files it reads at run time, and nothing for development', () => {
    const paths = packed.files.map((f) => f.path);
    expect(paths).toContain('bin/bcaudit.js');
    expect(paths).toContain('dist/cli-bundle/bcaudit.js');
    for (const file of ['schema/inventory.schema.json', 'schema/policy.schema.json', 'policies/baseline.yml', 'policies/strict.yml', 'policies/minimal.yml', 'examples/raisup.yml']) {
      expect(paths).toContain(file);
    }
    // Every chunk the entry imports is there.
    const chunks = [...readFileSync(join(REPO_ROOT, 'dist', 'cli-bundle', 'bcaudit.js'), 'utf8').matchAll(/["']\.\/(chunk-[\w-]+\.js)["']/g)].map((m) => `dist/cli-bundle/${m[1]}`);
    expect(chunks.length).toBeGreaterThan(0);
    for (const chunk of chunks) expect(paths).toContain(chunk);
    expect(paths.filter((p) => /^(src|test|bench|scripts|node_modules)\/|^dist\/(?!cli-bundle\/)|meta\.json$|\.ts$/.test(p))).toEqual([]);
  });

  it('every file package.json names (bin, exports) is in the package', () => {
    const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string>; exports: Record<string, string> };
    const paths = new Set(packed.files.map((f) => f.path));
    const named = [...Object.values(pkg.bin), ...Object.values(pkg.exports)].map((p) => p.replace(/^\.\//, ''));
    expect(named.length).toBeGreaterThan(1);
    for (const path of named) expect(paths.has(path), path).toBe(true);
  });
});

// Installing needs npm and the dependencies (from the npm cache when they are there, else the registry).
const RUN_INSTALL = FULL || inCI();
if (!RUN_INSTALL) console.warn('[skipped] installing the packed tarball globally is slow: set BCAUDIT_TEST_FULL=1 (or CI=true) to run it');

describe.skipIf(!RUN_INSTALL)('the packed tarball, installed globally into a temporary prefix', () => {
  const prefix = join(dir, 'prefix');
  const work = join(dir, 'elsewhere');
  /** Only the installed command and node itself on the PATH; nothing inherited from the test process. */
  const run = (argv: string[]) =>
    spawnCollect('bcaudit', argv, { cwd: work, isolated: true, env: { PATH: `${join(prefix, 'bin')}:${dirname(process.execPath)}`, HOME: work } });
  const installed = join(prefix, 'lib', 'node_modules', 'bcaudit');

  beforeAll(async () => {
    const { filename } = await pack(join(dir, 'tarball'));
    mkdirSync(work, { recursive: true });
    const r = await spawnCollect(
      'npm',
      ['install', '--global', '--prefix', prefix, '--no-audit', '--no-fund', '--prefer-offline', join(dir, 'tarball', filename)],
      { cwd: work, timeoutMs: 120_000 },
    );
    expect(r.code, r.stdout + r.stderr).toBe(0);
  }, 150_000);

  it('`bcaudit check` runs from another directory: Raisup fails with its findings, the resilient example passes', async () => {
    const raisup = await run(['check', join(installed, 'examples', 'raisup.yml')]);
    expect(raisup.code, raisup.stderr).toBe(1);
    expect(raisup.stdout).toContain('account do-main');
    expect(raisup.stderr).toBe('');
    const resilient = await run(['check', join(installed, 'examples', 'resilient.yml'), '--policy', 'strict', '--format', 'json']);
    expect(resilient.stderr).toBe('');
    expect(JSON.parse(resilient.stdout)).toMatchObject({ analysis: { policy: 'strict' } });
  });

  it('the files read at run time are found: the schema `init` points at, the built-in policies', async () => {
    const init = await run(['init', 'inventory.yml']);
    expect(init.code, init.stderr).toBe(0);
    const schema = /\$schema=(\S+)/.exec(readFileSync(join(work, 'inventory.yml'), 'utf8'))?.[1];
    expect(schema).toBeDefined();
    expect(existsSync(join(work, schema!)) || existsSync(schema!)).toBe(true);
    const policy = await run(['schema', 'policy']);
    expect(policy.code, policy.stderr).toBe(0);
    expect(policy.stdout).toBe(readFileSync(join(REPO_ROOT, 'schema', 'policy.schema.json'), 'utf8'));
  });

  it('a usage error exits 2, not 1', async () => {
    const r = await run(['check', 'no-such-file.yml']);
    expect(r.code).toBe(2);
    expect(r.stderr).not.toMatch(STACK_LINE);
  });
});

describe('the install and set-up documentation', () => {
  const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
  const read = (file: string) => readFileSync(join(REPO_ROOT, file), 'utf8');
  const shipped = [...readdirSync(join(REPO_ROOT, 'examples', 'ci')).map((f) => `examples/ci/${f}`), 'action.yml', '.pre-commit-hooks.yaml'];

  it('no shipped CI file installs bcaudit from the npm registry, where it is not published', () => {
    for (const file of shipped) {
      const text = read(file);
      expect(text, file).not.toMatch(/\bnpm (install|i|add)\b.*\sbcaudit(@\S*)?(\s|$)/m);
      expect(text, file).not.toMatch(/\bnpx\s+(--yes\s+|-y\s+)?bcaudit\b/);
    }
  });

  it('the CI files that fetch bcaudit use the git URL the README documents', () => {
    const documented = /npx --yes (git\+https:\/\/\S+) check/.exec(readme)?.[1];
    expect(documented).toBeDefined();
    const users = shipped.filter((file) => read(file).includes('git+https://'));
    expect(users.length).toBeGreaterThan(0);
    for (const file of users) expect(read(file), file).toContain(documented!);
  });

  it('the pre-commit example names a hook this repository provides', () => {
    const hooks = (parseYaml(read('.pre-commit-hooks.yaml')) as { id: string }[]).map((h) => h.id);
    const config = parseYaml(read('examples/ci/pre-commit-config.yml')) as { repos: { hooks: { id: string }[] }[] };
    const used = config.repos.flatMap((r) => r.hooks.map((h) => h.id));
    expect(used.length).toBeGreaterThan(0);
    for (const id of used) expect(hooks).toContain(id);
  });

  it("the README's apt line is exactly the packages .ci/run installs, and every tool's install command is among them", () => {
    const packages = (line: string | undefined) => (line ?? '').split(/\s+/).filter((w) => w !== '' && !w.startsWith('-') && w !== '>/dev/null');
    const ci = packages(/^apt-get install (.*)$/m.exec(read('.ci/run'))?.[1]);
    const documented = packages(/^apt-get install (.*)$/m.exec(readme)?.[1]);
    expect(ci.length).toBeGreaterThan(3);
    expect(documented).toEqual(ci);
    for (const [name, tool] of Object.entries(TOOLS)) {
      for (const pkg of packages(tool.install.replace(/^apt-get install/, ''))) expect(ci, name).toContain(pkg);
    }
  });

  it('the Node versions the README states are the ones package.json `engines` accepts', () => {
    const engines = (JSON.parse(read('package.json')) as { engines: { node: string } }).engines.node;
    const fromEngines = [...engines.matchAll(/\^(\d+)\./g)].map((m) => Number(m[1]));
    const sentence = /runs on Node\.js ([\d, and]+), the versions its tests pass on/.exec(readme)?.[1];
    expect(sentence).toBeDefined();
    const fromReadme = [...sentence!.matchAll(/\d+/g)].map((m) => Number(m[0]));
    expect(fromEngines.length).toBeGreaterThan(1);
    expect(fromReadme).toEqual(fromEngines);
    expect(fromEngines).toContain(Number(process.versions.node.split('.')[0]));
  });
});

describe('npm pack prints only the tarball name', () => {
  // pre-commit installs a node hook with `npm install -g <stdout of npm pack>`; npm pack shows the
  // build's banners on standard output unless foreground-scripts is off (.npmrc).
  it('the repository turns foreground-scripts off for npm pack', async () => {
    const r = await spawnCollect('npm', ['config', 'get', 'foreground-scripts'], { cwd: REPO_ROOT, env: { npm_config_foreground_scripts: undefined, NPM_CONFIG_FOREGROUND_SCRIPTS: undefined } });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe('false');
  });
});
