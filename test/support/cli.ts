// Two ways to run the CLI in tests:
//   runCli   — `main(argv, io)` in-process with a fake Io: captured stdout/stderr, in-memory input
//              files, captured written files, a fixed "today".
//   spawnCli — the real launcher `node bin/bcaudit.js` in a child process (needs `npm run build`).
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { main } from '../../src/cli/main.js';
import { createFileAtomic, readFileBounded, writeFileAtomic, type Io } from '../../src/cli/io.js';
import { joinPieces } from '../../src/report/pieces.js';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const BIN = join(REPO_ROOT, 'bin', 'bcaudit.js');
export const DIST_MAIN = join(REPO_ROOT, 'dist', 'cli', 'main.js');
/** The bundle `bin/bcaudit.js` runs (scripts/bundle-cli.mjs), and its map of chunks to source modules. */
export const CLI_BUNDLE = join(REPO_ROOT, 'dist', 'cli-bundle');

/** The "today" the in-process runner reports unless told otherwise: results do not depend on the clock. */
export const FIXED_TODAY = '2026-11-22';

export interface RunOptions {
  /** The whole environment the CLI sees (nothing is inherited from the test process). */
  env?: Record<string, string | undefined>;
  /** Input files by path; paths not listed here are read from disk (relative to the repository). */
  files?: Record<string, string>;
  /** Write `-o` files to disk (atomically, as the real CLI does) as well as capturing them. */
  writeToDisk?: boolean;
  stdoutIsTTY?: boolean;
  today?: string;
  /** The working directory the CLI sees; relative paths are resolved against it (default: the repository). */
  cwd?: string;
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
  /** Files the command wrote, by the path it was given. */
  written: Record<string, string>;
}

/** Runs `bcaudit <argv>` in-process; never touches the real stdout/stderr. */
export async function runCli(argv: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  let stdout = '';
  let stderr = '';
  const written: Record<string, string> = {};
  const files = options.files ?? {};
  const cwd = options.cwd ?? REPO_ROOT;
  const io: Io = {
    stdout: (text) => {
      stdout += text;
    },
    stdoutPieces: async (pieces) => {
      for (const piece of pieces) stdout += piece;
    },
    stderr: (text) => {
      stderr += text;
    },
    readFile: (path, maxBytes) => {
      if (Object.prototype.hasOwnProperty.call(files, path)) return Buffer.from(files[path]!, 'utf8');
      return readFileBounded(resolve(cwd, path), maxBytes);
    },
    writeFileAtomic: (path, content) => {
      const text = typeof content === 'string' ? content : joinPieces(content);
      if (options.writeToDisk) writeFileAtomic(path, text);
      written[path] = text;
    },
    createFileAtomic: (path, content) => {
      if (options.writeToDisk) createFileAtomic(path, content);
      else if (Object.prototype.hasOwnProperty.call(files, path) || Object.prototype.hasOwnProperty.call(written, path) || existsSync(resolve(cwd, path))) {
        throw Object.assign(new Error(`EEXIST: file already exists, '${path}'`), { code: 'EEXIST' });
      }
      written[path] = content;
    },
    kindOf: (path) => {
      if (Object.prototype.hasOwnProperty.call(files, path)) return 'file';
      try {
        return statSync(resolve(cwd, path)).isDirectory() ? 'directory' : 'file';
      } catch {
        return 'missing';
      }
    },
    readDir: (path) => readdirSync(resolve(cwd, path)),
    cwd: () => cwd,
    env: options.env ?? {},
    stdoutIsTTY: options.stdoutIsTTY ?? false,
    stderrIsTTY: false,
    today: () => options.today ?? FIXED_TODAY,
  };
  const code = await main(argv, io);
  return { code, stdout, stderr, written };
}

export interface SpawnOptions {
  /** Added to the environment; a variable set to undefined is removed. FORCE_COLOR and NO_COLOR are
   *  removed unless given here, so the test runner's own colour settings do not leak in. */
  env?: Record<string, string | undefined>;
  cwd?: string;
  /** Options for node itself, before the script (e.g. `--import`). */
  nodeArgs?: string[];
  timeoutMs?: number;
  /** Start from an empty environment instead of the test process's (then `env` is all there is). */
  isolated?: boolean;
}

export interface SpawnResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** The raw bytes of stdout, for byte-for-byte comparisons. */
  stdoutBytes: Buffer;
}

export function assertBuilt(): void {
  for (const built of [DIST_MAIN, join(CLI_BUNDLE, 'bcaudit.js')]) {
    if (!existsSync(built)) throw new Error(`${built} is missing: run \`npm run build\` before these tests`);
  }
}

/** Runs `node [nodeArgs] bin/bcaudit.js <argv>` and collects its output. */
export function spawnCli(argv: readonly string[], options: SpawnOptions = {}): Promise<SpawnResult> {
  assertBuilt();
  return spawnCollect(process.execPath, [...(options.nodeArgs ?? []), BIN, ...argv], options);
}

/** Runs any command (e.g. a copied launcher, an installed `bcaudit`) with spawnCli's environment rules. */
export function spawnCollect(command: string, args: readonly string[], options: Omit<SpawnOptions, 'nodeArgs'> = {}): Promise<SpawnResult> {
  const env: Record<string, string | undefined> = options.isolated ? {} : { ...process.env };
  delete env.FORCE_COLOR;
  delete env.NO_COLOR;
  delete env.NODE_OPTIONS;
  for (const [k, v] of Object.entries(options.env ?? {})) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd ?? REPO_ROOT,
      env: env as NodeJS.ProcessEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: options.timeoutMs ?? 30_000,
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      const stdoutBytes = Buffer.concat(out);
      resolvePromise({ code, signal, stdout: stdoutBytes.toString('utf8'), stderr: Buffer.concat(err).toString('utf8'), stdoutBytes });
    });
  });
}

/** A line of a JavaScript stack trace, as Node prints them. */
export const STACK_LINE = /^\s+at\s/m;

/** Creates an empty temporary directory outside the repository. */
export function tempDir(prefix = 'bcaudit-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/**
 * Node options that record every module the process loads into `logFile`: ES modules through a
 * resolve hook registered with `module.register` (Node >= 20.6), CommonJS modules from
 * `require.cache` when the process exits. One URL or path per line.
 */
export function moduleRecorder(dir: string, logFile: string): string[] {
  const hooks = join(dir, 'record-hooks.mjs');
  const preload = join(dir, 'record-preload.mjs');
  writeFileSync(
    hooks,
    [
      "import { appendFileSync } from 'node:fs';",
      'let log;',
      'export async function initialize(data) { log = data.log; }',
      'export async function resolve(specifier, context, nextResolve) {',
      '  const result = await nextResolve(specifier, context);',
      "  appendFileSync(log, `${result.url}\\n`);",
      '  return result;',
      '}',
      '',
    ].join('\n'),
  );
  writeFileSync(
    preload,
    [
      "import { appendFileSync } from 'node:fs';",
      "import { createRequire, register } from 'node:module';",
      `const log = ${JSON.stringify(logFile)};`,
      `register(${JSON.stringify(pathToFileURL(hooks).href)}, { data: { log } });`,
      `const require = createRequire(${JSON.stringify(pathToFileURL(preload).href)});`,
      "process.on('exit', () => appendFileSync(log, Object.keys(require.cache).map((p) => `${p}\\n`).join('')));",
      '',
    ].join('\n'),
  );
  writeFileSync(logFile, '');
  return ['--import', pathToFileURL(preload).href];
}

/**
 * What a run recorded by `moduleRecorder` loaded, one URL or path per module: each chunk of the CLI
 * bundle stands for the source modules esbuild put into it (dist/cli-bundle/meta.json), so tests
 * name modules as if the CLI were not bundled.
 */
export function loadedModules(logFile: string): string[] {
  const meta = JSON.parse(readFileSync(join(CLI_BUNDLE, 'meta.json'), 'utf8')) as { outputs: Record<string, { inputs: Record<string, unknown> }> };
  const inputsOf = new Map(Object.entries(meta.outputs).map(([out, o]) => [resolve(REPO_ROOT, out), Object.keys(o.inputs)]));
  const loaded: string[] = [];
  for (const entry of readFileSync(logFile, 'utf8').split('\n').filter(Boolean)) {
    const path = entry.startsWith('file:') ? fileURLToPath(entry) : entry;
    const inputs = inputsOf.get(path);
    if (inputs === undefined) loaded.push(entry);
    else loaded.push(entry, ...inputs.map((input) => pathToFileURL(resolve(REPO_ROOT, input)).href));
  }
  return loaded;
}
