// The machine-readable outputs of `check` (JSON, SARIF, JUnit) are a contract: any change to how they
// are produced (streaming, lazy sentences) must keep them byte for byte. This records the length and
// SHA-256 of every output for every example and for two generated bench models (kept as fixtures, so a
// change to the generators does not move them), and compares each run against the record.
//
// An intended change of the output: `BCAUDIT_UPDATE_GOLDEN=1 npx vitest run test/golden-output.test.ts`
// rewrites the record; the diff of test/fixtures/golden/check-outputs.json then shows which outputs moved.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, runCli, spawnCli, tempDir } from './support/cli.js';

const RECORD = join(REPO_ROOT, 'test', 'fixtures', 'golden', 'check-outputs.json');
const UPDATE = process.env.BCAUDIT_UPDATE_GOLDEN === '1';
const NOW = '2026-11-24';
const FORMATS = ['json', 'sarif', 'junit'] as const;

const EXAMPLES = [
  'assumed-backup',
  'cmo-hosting',
  'jimdo-vendor',
  'organization',
  'raisup',
  'resilient',
  'self-hosted',
  'verify-demo',
  'verify-demo-rgw',
  'terraform/imported',
  'terraform/inventory',
].map((name) => `examples/${name}.yml`);
/** Every character class the formats escape, in free text that reaches the outputs. */
const HOSTILE = 'test/fixtures/golden/hostile-text.yml';
/** test/support/generate.ts (600 entities, seed 20261124 + 600) and bench/isolated.ts (300 entities). */
const BENCH_MODELS = ['test/fixtures/golden/bench-shared-600.yml', 'test/fixtures/golden/bench-isolated-300.yml'];

interface Fingerprint {
  bytes: number;
  sha256: string;
}

const fingerprintOf = (text: string | Buffer): Fingerprint => {
  const bytes = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
  return { bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };
};

const recorded: Record<string, Fingerprint> = UPDATE ? {} : (JSON.parse(readFileSync(RECORD, 'utf8')) as Record<string, Fingerprint>);
const seen: Record<string, Fingerprint> = {};

function expectRecorded(name: string, output: string | Buffer): void {
  const actual = fingerprintOf(output);
  seen[name] = actual;
  if (UPDATE) return;
  expect(recorded[name], `no record for "${name}": run with BCAUDIT_UPDATE_GOLDEN=1`).toBeDefined();
  expect(actual, `${name}: the bytes changed; if on purpose (new wording, a new field), rerun with BCAUDIT_UPDATE_GOLDEN=1 and commit the record`).toEqual(recorded[name]);
}

afterAll(() => {
  if (UPDATE) writeFileSync(RECORD, `${JSON.stringify(Object.fromEntries(Object.entries(seen).sort(([a], [b]) => a.localeCompare(b))), null, 2)}\n`);
});

async function checkOutput(args: string[]): Promise<string> {
  const r = await runCli(['check', ...args, '--now', NOW, '--fail-on', 'never']);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return r.stdout;
}

describe('check outputs keep their bytes', () => {
  for (const file of [...EXAMPLES, HOSTILE]) {
    it.each(FORMATS)(`${file} as %s`, async (format) => {
      expectRecorded(`${file} ${format}`, await checkOutput([file, '--format', format]));
    });
  }

  it.each(FORMATS)('several inventories in one document as %s', async (format) => {
    expectRecorded(`examples (several) ${format}`, await checkOutput(['examples/raisup.yml', 'examples/cmo-hosting.yml', 'examples/resilient.yml', '--format', format]));
  });

  it.each(FORMATS)('Terraform coverage as %s', async (format) => {
    const args = ['examples/terraform/inventory.yml', '--terraform', 'examples/terraform/plan-unlisted-database.json', '--format', format];
    expectRecorded(`terraform coverage ${format}`, await checkOutput(args));
  });

  it.each(FORMATS)('against a baseline as %s', async (format) => {
    const written = await runCli(['check', 'examples/raisup.yml', '--now', NOW, '--write-baseline', 'baseline.json']);
    const baseline = written.written['baseline.json']!;
    expectRecorded(`raisup baseline file (${format} run)`, baseline);
    // Drop one entry and add one that is gone, so the run has new, unchanged and fixed findings.
    const parsed = JSON.parse(baseline) as { findings: unknown[] };
    parsed.findings.pop();
    parsed.findings.push({ file: 'examples/raisup.yml', id: 'no-backup/gone', rule: 'no-backup', severity: 'high' });
    const r = await runCli(['check', 'examples/raisup.yml', '--baseline', 'baseline.json', '--now', NOW, '--fail-on', 'never', '--format', format], {
      files: { 'baseline.json': JSON.stringify(parsed) },
    });
    expect(r.code).toBe(0);
    expectRecorded(`raisup against a baseline ${format}`, r.stdout);
  });

  for (const file of BENCH_MODELS) {
    it.each(FORMATS)(`${file} as %s`, async (format) => {
      expectRecorded(`${file} ${format}`, await checkOutput([file, '--format', format]));
    });
  }

  it('bench model with --top 3 as json', async () => {
    expectRecorded(`${BENCH_MODELS[0]} json --top 3`, await checkOutput([BENCH_MODELS[0]!, '--format', 'json', '--top', '3']));
  });

  it.each(FORMATS)('the built CLI writes the same bytes to a pipe and to -o (%s)', async (format) => {
    const file = BENCH_MODELS[1]!;
    const args = ['check', file, '--format', format, '--now', NOW, '--fail-on', 'never'];
    const dir = tempDir();
    const target = join(dir, `out.${format}`);
    const [piped, toFile] = await Promise.all([spawnCli(args, { cwd: REPO_ROOT }), spawnCli([...args, '-o', target], { cwd: REPO_ROOT })]);
    expect(piped.stderr).toBe('');
    expect(toFile.stderr).toBe('');
    if (!UPDATE) expect(fingerprintOf(piped.stdoutBytes)).toEqual(recorded[`${file} ${format}`]);
    expect(fingerprintOf(readFileSync(target))).toEqual(fingerprintOf(piped.stdoutBytes));
  });
});
