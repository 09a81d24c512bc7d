// Resource bombs: files built to exhaust memory or time, and what bcaudit must answer to each.
// Shared by bombs.test.ts (bounds) and measure.ts (the numbers in docs/hardening.md).
import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { BIN, REPO_ROOT } from '../../support/cli.js';
import { generateInventory, inventoryToYaml } from '../../support/generate.js';

export interface Bomb {
  name: string;
  /** What the file is, for the table in docs/hardening.md. */
  what: string;
  /** Writes the file(s) into `dir`; returns the command line (the inventory path inside `dir`). */
  make(dir: string): string[];
  /** Exit code expected: 2 refused, or 0/1 analysed. */
  codes: readonly number[];
  /** What stderr (or stdout, for an analysed file) must say. */
  says: RegExp;
  /** Generous bounds for a loaded 2-core CI machine: the run is killed (and fails) at 3× maxSeconds. */
  maxSeconds: number;
  maxRssMB: number;
  /**
   * Runs in the test suite only with BCAUDIT_TEST_FULL=1 or BCAUDIT_BOMBS=full (always in
   * measure.ts): it takes many seconds, and regressions.test.ts covers its fix at a smaller size.
   */
  full?: boolean;
}

/** Writes a file from chunks without building it in memory at once. */
function writeChunks(path: string, chunks: Iterable<string>): void {
  const fd = openSync(path, 'w');
  try {
    let buffer = '';
    for (const chunk of chunks) {
      buffer += chunk;
      if (buffer.length > 1 << 20) {
        writeSync(fd, buffer);
        buffer = '';
      }
    }
    writeSync(fd, buffer);
  } finally {
    closeSync(fd);
  }
}

function* repeat(line: (i: number) => string, n: number): Iterable<string> {
  for (let i = 0; i < n; i++) yield line(i);
}

const VALID_TAIL = `providers:
  p: { kind: cloud }
identities:
  i: { kind: person }
accounts:
  a: { provider: p, admins: [i] }
stores:
  s: { kind: database, account: a, criticality: high }
`;

export const BOMBS: Bomb[] = [
  {
    name: 'billion laughs',
    what: '9 anchors, each a list of 9 aliases of the previous one: 9^9 (387 million) strings once expanded; 560 bytes',
    make: (dir) => {
      const levels = 'abcdefghi'.split('');
      const lines = ['version: 1', 'name: billion laughs', `a: &a [${Array(9).fill('lol').join(', ')}]`];
      for (let i = 1; i < levels.length; i++) lines.push(`${levels[i]}: &${levels[i]} [${Array(9).fill(`*${levels[i - 1]}`).join(', ')}]`);
      writeChunks(join(dir, 'laughs.yml'), [`${lines.join('\n')}\n`]);
      return ['check', join(dir, 'laughs.yml')];
    },
    codes: [2],
    says: /:4:\d+: too many alias expansions \(more than 1000\)/,
    maxSeconds: 10,
    maxRssMB: 300,
  },
  {
    name: 'quadratic aliases',
    what: 'one anchor on a list of 200,000 items, aliased 999 times (within the alias count): 200 million items once copied; 1.6 MB',
    make: (dir) => {
      writeChunks(join(dir, 'quadratic.yml'), [
        'version: 1\nname: quadratic\n',
        `big: &big [${Array(200_000).fill('x').join(', ')}]\n`,
        `more: [${Array(999).fill('*big').join(', ')}]\n`,
      ]);
      return ['check', join(dir, 'quadratic.yml')];
    },
    codes: [2],
    says: /the aliases repeat more than 1,000,000 values in all/,
    maxSeconds: 20,
    maxRssMB: 1000,
  },
  {
    name: 'alias cycle',
    what: 'a list that contains an alias of itself (`&a [*a]`)',
    make: (dir) => {
      writeChunks(join(dir, 'cycle.yml'), ['version: 1\nname: x\ndescription: &a [*a]\n']);
      return ['check', join(dir, 'cycle.yml')];
    },
    codes: [2],
    says: /:3:\d+: an alias refers to a map or list that contains it/,
    maxSeconds: 10,
    maxRssMB: 300,
  },
  {
    name: '50 MB file',
    what: 'a valid inventory padded with 50 MB of comments',
    make: (dir) => {
      writeChunks(join(dir, 'big.yml'), ['version: 1\nname: big\n', ...repeat(() => `# ${'x'.repeat(97)}\n`, 500_000), VALID_TAIL]);
      return ['check', join(dir, 'big.yml')];
    },
    codes: [2],
    says: /:1:1: the input is more than the limit of 32 MiB \(--max-input-bytes\)/,
    maxSeconds: 10,
    maxRssMB: 400,
  },
  {
    name: '10,000-deep flow nesting',
    what: '`name: [[[[…]]]]`, 10,000 levels',
    make: (dir) => {
      writeChunks(join(dir, 'flow.yml'), [`version: 1\nname: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n`]);
      return ['check', join(dir, 'flow.yml')];
    },
    codes: [2],
    says: /:2:\d+: nesting deeper than 200 levels/,
    maxSeconds: 10,
    maxRssMB: 300,
  },
  {
    name: '10,000-deep flow maps',
    what: '`name: {a: {a: …}}`, 10,000 levels',
    make: (dir) => {
      writeChunks(join(dir, 'flowmap.yml'), [`version: 1\nname: ${'{a: '.repeat(10_000)}x${'}'.repeat(10_000)}\n`]);
      return ['check', join(dir, 'flowmap.yml')];
    },
    codes: [2],
    says: /:2:\d+: nesting deeper than 200 levels/,
    maxSeconds: 10,
    maxRssMB: 300,
  },
  {
    name: '10,000-deep block sequences',
    what: '`- - - - … x`, 10,000 compact block sequences on one line',
    make: (dir) => {
      writeChunks(join(dir, 'blockseq.yml'), [`version: 1\nname:\n${'- '.repeat(10_000)}x\n`]);
      return ['check', join(dir, 'blockseq.yml')];
    },
    codes: [2],
    says: /:3:\d+: nesting deeper than 200 levels/,
    maxSeconds: 10,
    maxRssMB: 300,
  },
  {
    name: '5,000-deep block maps',
    what: 'maps indented one more space per level, 5,000 levels (12.5 MB; 10,000 levels would be 50 MB)',
    make: (dir) => {
      writeChunks(join(dir, 'blockmap.yml'), ['version: 1\nname:\n', ...repeat((i) => `${' '.repeat(i + 1)}a:\n`, 5000), `${' '.repeat(5001)}x\n`]);
      return ['check', join(dir, 'blockmap.yml')];
    },
    codes: [2],
    says: /:\d+:\d+: nesting deeper than 200 levels/,
    maxSeconds: 10,
    maxRssMB: 400,
  },
  {
    name: 'million-entry map',
    what: '1,000,000 providers (26 MB)',
    make: (dir) => {
      writeChunks(join(dir, 'million.yml'), ['version: 1\nproviders:\n', ...repeat((i) => `  p${i}: { kind: cloud }\n`, 1_000_000)]);
      return ['check', join(dir, 'million.yml')];
    },
    codes: [2],
    says: /:2:1: more than 200,000 entities \(at least 1,000,000 by the end of providers/,
    maxSeconds: 40,
    full: true,
    maxRssMB: 2500,
  },
  {
    name: 'million unknown keys',
    what: '1,000,000 unknown top-level keys (11 MB): a million problems',
    make: (dir) => {
      writeChunks(join(dir, 'unknown.yml'), ['version: 1\n', ...repeat((i) => `k${i}: 1\n`, 1_000_000)]);
      return ['check', join(dir, 'unknown.yml')];
    },
    codes: [2],
    says: /… and 999900 more problems \(only the first 100 are shown; --max-problems\)/,
    maxSeconds: 40,
    maxRssMB: 2500,
    full: true,
  },
  {
    name: 'million keys in one entity',
    what: 'one provider with 1,000,000 unknown keys (15 MB)',
    make: (dir) => {
      writeChunks(join(dir, 'inner.yml'), ['version: 1\nproviders:\n  p:\n    kind: cloud\n', ...repeat((i) => `    k${i}: 1\n`, 1_000_000)]);
      return ['check', join(dir, 'inner.yml')];
    },
    codes: [2],
    says: /:5:5: providers\.p: unknown key 'k0'/,
    maxSeconds: 40,
    maxRssMB: 2500,
    full: true,
  },
  {
    name: '15-million-item list',
    what: '`name: [a,a,a,…]`, 15,000,000 items (30 MB)',
    make: (dir) => {
      writeChunks(join(dir, 'list.yml'), ['version: 1\nname: [', ...repeat((i) => (i === 0 ? 'a' : ',a'), 15_000_000), ']\n']);
      return ['check', join(dir, 'list.yml')];
    },
    codes: [2],
    says: /:2:1: name: must be text, not a list/,
    maxSeconds: 30,
    full: true,
    maxRssMB: 1500,
  },
  {
    name: '30 MB string',
    what: 'a valid inventory whose name is one 30 MB string',
    make: (dir) => {
      writeChunks(join(dir, 'string.yml'), ['version: 1\nname: "', ...repeat(() => 'a'.repeat(1000), 30_000), `"\n${VALID_TAIL}`]);
      return ['check', join(dir, 'string.yml')];
    },
    codes: [0, 1],
    says: /data set/,
    maxSeconds: 20,
    full: true,
    maxRssMB: 1000,
  },
  {
    name: '100,000 entities, one typo',
    what: 'a generated 100,000-entity inventory (9 MB) with an unknown key on its last line: located without the exact parser',
    make: (dir) => {
      const text = inventoryToYaml(generateInventory(20261124, { entities: 100_000 }));
      const lines = text.split('\n').length;
      writeChunks(join(dir, 'typo.yml'), [text, `xname: typo on line ${lines}\n`]);
      return ['check', join(dir, 'typo.yml')];
    },
    codes: [2],
    says: /typo\.yml:\d+:1: the inventory: unknown key 'xname' \(did you mean 'name'\?\)/,
    maxSeconds: 40,
    maxRssMB: 2000,
    full: true,
  },
];

export interface Timed {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  seconds: number;
  /** Peak resident set size in MB, when /usr/bin/time is there to measure it. */
  rssMB?: number;
}

const GNU_TIME = '/usr/bin/time';

/** Runs the bin (under GNU time when available), with a hard timeout. */
export function spawnTimed(argv: readonly string[], options: { env?: Record<string, string>; timeoutMs?: number } = {}): Promise<Timed> {
  const env: Record<string, string | undefined> = { ...process.env, ...options.env };
  delete env.FORCE_COLOR;
  delete env.NO_COLOR;
  delete env.NODE_OPTIONS;
  const timed = existsSync(GNU_TIME);
  const [command, args] = timed ? [GNU_TIME, ['-f', '@@time %e %M', process.execPath, BIN, ...argv]] : [process.execPath, [BIN, ...argv]];
  const started = performance.now();
  return new Promise((resolve, reject) => {
    // Its own process group, so that a timeout kills bcaudit too and not only GNU time.
    const child = spawn(command, args, { cwd: REPO_ROOT, env: env as NodeJS.ProcessEnv, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
    }, options.timeoutMs ?? 120_000);
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      let stderr = Buffer.concat(err).toString('utf8');
      let seconds = (performance.now() - started) / 1000;
      let rssMB: number | undefined;
      const m = /(?:Command exited with non-zero status \d+\n)?@@time ([\d.]+) (\d+)\n?$/.exec(stderr);
      if (m) {
        seconds = Number(m[1]);
        rssMB = Math.round(Number(m[2]) / 1024);
        stderr = stderr.slice(0, m.index);
      }
      resolve({ code, signal, stdout: Buffer.concat(out).toString('utf8'), stderr, seconds, ...(rssMB === undefined ? {} : { rssMB }) });
    });
  });
}
