// Issue #8, resource bombs: alias bombs, a 50 MB file, 10,000-deep nesting (block and flow), a
// million-entry map and more, each through the real launcher. Each must be refused with a clear,
// located message (or analysed) within bounded time and memory: wall time and peak RSS are
// measured with GNU time when /usr/bin/time exists. BCAUDIT_FUZZ_REPORT=FILE records the numbers;
// BCAUDIT_TEST_FULL=1 (or BCAUDIT_BOMBS=full) adds the slowest ones (million-entry maps, a
// 15-million-item list, a 30 MB string, a 9 MB file with one typo).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, BIN, runCli } from '../support/cli.js';
import { FULL as FULL_SUITE } from '../support/scale.js';
import { BOMBS, spawnTimed, type Timed } from './support/bombs.js';
import { newTally, writeReport } from './support/fuzz.js';
import { judge } from './support/outcome.js';

const dir = mkdtempSync(join(tmpdir(), 'bcaudit-bombs-'));
const measured: Record<string, Pick<Timed, 'code' | 'seconds' | 'rssMB'> & { says: string }> = {};
beforeAll(() => assertBuilt());
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  writeReport('bombs', newTally(), { bombs: measured });
});

const FULL = process.env.BCAUDIT_BOMBS === 'full' || FULL_SUITE;

describe('resource bombs through the spawned bin', () => {
  it.each(BOMBS.filter((b) => FULL || !b.full).map((b) => [b.name, b] as const))('%s: answered within bounded time and memory', async (_name, bomb) => {
    const sub = mkdtempSync(join(dir, 'bomb-'));
    try {
      const argv = bomb.make(sub);
      const result = await spawnTimed(argv, { timeoutMs: bomb.maxSeconds * 3 * 1000 });
      const said = (result.code === 2 ? result.stderr : result.stdout.slice(-50_000)).split('\n').find((l) => bomb.says.test(l)) ?? '';
      measured[bomb.name] = { code: result.code, seconds: result.seconds, ...(result.rssMB === undefined ? {} : { rssMB: result.rssMB }), says: said.slice(0, 300) };
      expect(result.signal, result.stderr.slice(-500)).toBeNull();
      expect(bomb.codes, result.stderr.slice(0, 500)).toContain(result.code);
      // The head and the tail of stdout: a 30 MB name fills the middle.
      expect(`${result.stderr}${result.stdout.slice(0, 50_000)}${result.stdout.slice(-50_000)}`).toMatch(bomb.says);
      const file = argv[1]!;
      expect(judge({ ...result, stdout: result.stdout.slice(0, 1_000_000) }, { file }).violations).toEqual([]);
      if (result.rssMB !== undefined) expect(result.rssMB).toBeLessThan(bomb.maxRssMB);
    } finally {
      rmSync(sub, { recursive: true, force: true });
    }
  }, 240_000);
});

// In-process (main() with its own environment): the same CLI layer as the bin, without a node start-up per case.
describe('limits are set by flags, or by environment variables as a fallback', () => {
  it('--max-input-bytes, --max-entities, --max-nesting, --max-aliases, --max-problems change the answer', async () => {
    const sub = mkdtempSync(join(dir, 'flags-'));
    try {
      // Raised above its variable's value; flags work before the command as well as after it.
      const allowed = await runCli(['check', 'examples/raisup.yml', '--max-input-bytes', '1M'], { env: { BCAUDIT_MAX_FILE_MB: '0.001' } });
      expect(allowed.code, allowed.stderr).toBe(1);
      const tight = await runCli(['--max-input-bytes', '1024', 'check', 'examples/raisup.yml']);
      expect(tight.code).toBe(2);
      expect(tight.stderr).toMatch(/^examples\/raisup\.yml:1:1: the input is more than the limit of 1 KiB \(--max-input-bytes\)/);
      const entities = await runCli(['check', 'examples/raisup.yml', '--max-entities', '5']);
      expect(entities.stderr).toMatch(/more than 5 entities/);
      const depth = await runCli(['check', 'examples/raisup.yml', '--max-nesting', '2']);
      expect(depth.stderr).toMatch(/nesting deeper than 2 levels/);
      const laughs = BOMBS.find((b) => b.name === 'billion laughs')!.make(sub);
      const aliases = await runCli([...laughs, '--max-aliases', '5']);
      expect(aliases.stderr).toMatch(/too many alias expansions \(more than 5\)/);
      const problems = await runCli(['check', 'test/fixtures/malformed/proto-keys.yml', '--max-problems', '1']);
      expect(problems.stderr).toMatch(/… and 1 more problem \(only the first 1 are shown/);
      // A flag wins over its variable; a bad flag value is a usage error, never 1.
      const both = await runCli(['check', 'examples/raisup.yml', '--max-entities', '5'], { env: { BCAUDIT_MAX_ENTITIES: '100000' } });
      expect(both.stderr).toMatch(/more than 5 entities/);
      const bad = await runCli(['check', 'examples/raisup.yml', '--max-input-bytes', 'lots']);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toMatch(/option '--max-input-bytes <n>' argument 'lots' is invalid/);
    } finally {
      rmSync(sub, { recursive: true, force: true });
    }
  }, 120_000);

  it('BCAUDIT_MAX_FILE_MB, BCAUDIT_MAX_ENTITIES, BCAUDIT_MAX_DEPTH, BCAUDIT_MAX_ALIASES, BCAUDIT_MAX_PROBLEMS change the answer', async () => {
    const sub = mkdtempSync(join(dir, 'env-'));
    try {
      const allowed = await runCli(['check', 'examples/raisup.yml'], { env: { BCAUDIT_MAX_FILE_MB: '1' } });
      expect(allowed.code, allowed.stderr).toBe(1);
      const tight = await runCli(['check', 'examples/raisup.yml'], { env: { BCAUDIT_MAX_FILE_MB: '0.001' } });
      expect(tight.code).toBe(2);
      expect(tight.stderr).toMatch(/^examples\/raisup\.yml:1:1: the input is more than the limit of 1 KiB/);
      const entities = await runCli(['check', 'examples/raisup.yml'], { env: { BCAUDIT_MAX_ENTITIES: '5' } });
      expect(entities.code).toBe(2);
      expect(entities.stderr).toMatch(/more than 5 entities/);
      const depth = await runCli(['check', 'examples/raisup.yml'], { env: { BCAUDIT_MAX_DEPTH: '2' } });
      expect(depth.code).toBe(2);
      expect(depth.stderr).toMatch(/nesting deeper than 2 levels/);
      const laughs = BOMBS.find((b) => b.name === 'billion laughs')!.make(sub);
      const aliases = await runCli(laughs, { env: { BCAUDIT_MAX_ALIASES: '5' } });
      expect(aliases.stderr).toMatch(/too many alias expansions \(more than 5\)/);
      const problems = await runCli(['check', 'test/fixtures/malformed/proto-keys.yml'], { env: { BCAUDIT_MAX_PROBLEMS: '1' } });
      expect(problems.stderr.split('\n').filter((l) => l.includes('proto-keys.yml:'))).toHaveLength(2);
      expect(problems.stderr).toMatch(/… and 1 more problem \(only the first 1 are shown/);
      const bad = await runCli(['check', 'examples/raisup.yml'], { env: { BCAUDIT_MAX_FILE_MB: 'lots' } });
      expect(bad.code).toBe(2);
      expect(bad.stderr).toMatch(/^bcaudit: cannot apply the limits: BCAUDIT_MAX_FILE_MB must be a number above 0 \(MiB\), not "lots"/);
    } finally {
      rmSync(sub, { recursive: true, force: true });
    }
  }, 120_000);
});

describe('inputs without an end: devices and pipes are read up to the limit, then refused', () => {
  it('`check /dev/zero` stops after --max-input-bytes + 1 bytes with exit 2', async () => {
    // Killed after 20 s if it reads without bound (it would read about 250 MB a second, forever).
    const result = await spawnTimed(['check', '/dev/zero'], { timeoutMs: 20_000 });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^\/dev\/zero:1:1: the input is more than the limit of 32 MiB \(--max-input-bytes\)/);
    const small = await spawnTimed(['check', '/dev/zero', '--max-input-bytes', '1K'], { timeoutMs: 20_000 });
    expect(small.stderr).toMatch(/^\/dev\/zero:1:1: the input is more than the limit of 1 KiB/);
  }, 60_000);

  it('an endless pipe as the inventory (check /dev/stdin) is refused at the limit', async () => {
    const child = spawn('sh', ['-c', `yes 'version: 1' | "${process.execPath}" "${BIN}" check /dev/stdin --max-input-bytes 100K`], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString('utf8')));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).toMatch(/^\/dev\/stdin:1:1: the input is more than the limit of 100 KiB/);
    expect(code).toBe(2);
  }, 60_000);
});


