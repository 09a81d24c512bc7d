// Baseline identity does not depend on how a path is typed: locations are relative to the git
// repository holding the inventory (else to the baseline file's directory), with `/` separators.
// Every way of writing a baseline, read back every other way, gives zero new and zero fixed findings.
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { baselineLocation, storedLocation } from '../src/policy/baseline.js';
import { REPO_ROOT, runCli, tempDir } from './support/cli.js';

const NOW = ['--now', '2026-11-22'];
const dir = tempDir('bcaudit-baseline-paths-');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface JsonDoc {
  summary: { baseline?: { new: number; unchanged: number; fixed: { file: string; id: string }[] } };
}

/** A way to name the inventory: the working directory and the argument. */
interface Spelling {
  name: string;
  cwd: string;
  arg: string;
}

function layout(root: string, git: boolean): { inventory: string; spellings: Spelling[]; baseline: string } {
  mkdirSync(join(root, 'infra'), { recursive: true });
  if (git) mkdirSync(join(root, '.git'));
  const inventory = join(root, 'infra', 'x.yml');
  copyFileSync(join(REPO_ROOT, 'examples', 'raisup.yml'), inventory);
  const elsewhere = join(root, '..');
  return {
    inventory,
    baseline: join(root, 'ci', 'bcaudit-baseline.json'),
    spellings: [
      { name: 'infra/x.yml', cwd: root, arg: 'infra/x.yml' },
      { name: './infra/x.yml', cwd: root, arg: './infra/x.yml' },
      { name: 'infra/ (a directory)', cwd: root, arg: 'infra/' },
      { name: 'an absolute path', cwd: '/', arg: inventory },
      { name: 'x.yml from infra/', cwd: join(root, 'infra'), arg: 'x.yml' },
      { name: 'from another directory', cwd: elsewhere, arg: `${root.slice(elsewhere.length + 1)}/infra//x.yml` },
      { name: 'infra/../infra/x.yml', cwd: root, arg: 'infra/../infra/x.yml' },
    ],
  };
}

async function writeBaselineAs(s: Spelling, baseline: string): Promise<string> {
  const run = await runCli(['check', s.arg, ...NOW, '--write-baseline', baseline, '-f', 'json'], { cwd: s.cwd });
  expect(run.code, run.stderr).toBe(0);
  return run.written[baseline]!;
}

async function compare(s: Spelling, baseline: string): Promise<JsonDoc['summary']['baseline']> {
  const run = await runCli(['check', s.arg, ...NOW, '--baseline', baseline, '-f', 'json'], { cwd: s.cwd });
  expect(run.code, `${s.name}: ${run.stderr}`).toBe(0);
  return (JSON.parse(run.stdout) as JsonDoc).summary.baseline;
}

describe.each([
  ['in a git repository', true],
  ['outside any repository (relative to the baseline file)', false],
])('baseline locations %s', (_label, git) => {
  const root = join(dir, git ? 'repo' : 'plain', 'project');
  const { spellings, baseline } = layout(root, git);
  mkdirSync(join(root, 'ci'), { recursive: true });

  it.each(spellings.map((s) => [s.name, s] as const))('written as %s, read back every other way: nothing new, nothing fixed', async (_name, writer) => {
    const text = await writeBaselineAs(writer, baseline);
    const files = (JSON.parse(text) as { findings: { file: string }[] }).findings.map((f) => f.file);
    expect(new Set(files)).toEqual(new Set([git ? 'infra/x.yml' : '../infra/x.yml']));
    writeFileSync(baseline, text);
    for (const reader of spellings) {
      const summary = await compare(reader, baseline);
      expect(summary, `${writer.name} → ${reader.name}`).toMatchObject({ new: 0, fixed: [] });
      expect(summary!.unchanged).toBeGreaterThan(10);
    }
  });

  it('a baseline written on Windows (backslashes, .\\) or by an older bcaudit (paths as typed) matches too', async () => {
    const text = await writeBaselineAs(spellings[0]!, baseline);
    const doc = JSON.parse(text) as { findings: { file: string }[] };
    const windows = { ...doc, findings: doc.findings.map((f) => ({ ...f, file: `.\\${f.file.replaceAll('/', '\\')}` })) };
    writeFileSync(baseline, JSON.stringify(windows));
    expect(await compare(spellings[5]!, baseline)).toMatchObject({ new: 0, fixed: [] });
    const absolute = { ...doc, findings: doc.findings.map((f) => ({ ...f, file: join(root, 'infra', 'x.yml') })) };
    writeFileSync(baseline, JSON.stringify(absolute));
    expect(await compare(spellings[1]!, baseline)).toMatchObject({ new: 0, fixed: [] });
  });

  it('another file is another file: a renamed inventory has everything new and everything fixed', async () => {
    writeFileSync(baseline, await writeBaselineAs(spellings[0]!, baseline));
    copyFileSync(join(root, 'infra', 'x.yml'), join(root, 'infra', 'y.yml'));
    const run = await runCli(['check', 'infra/y.yml', ...NOW, '--baseline', baseline, '-f', 'json'], { cwd: root });
    expect(run.code).toBe(1);
    const summary = (JSON.parse(run.stdout) as JsonDoc).summary.baseline!;
    expect(summary.unchanged).toBe(0);
    expect(summary.fixed.every((f) => f.file === (git ? 'infra/x.yml' : '../infra/x.yml'))).toBe(true);
    rmSync(join(root, 'infra', 'y.yml'));
  });
});

describe('baselineLocation and storedLocation', () => {
  const locate = (file: string) => baselineLocation('/r', file);
  it('are relative, /-separated and free of ./ and ..', () => {
    expect(baselineLocation('/r', '/r/infra/x.yml')).toBe('infra/x.yml');
    expect(baselineLocation('/r/ci', '/r/infra/x.yml')).toBe('../infra/x.yml');
    expect(storedLocation('.\\infra\\x.yml', locate)).toBe('infra/x.yml');
    expect(storedLocation('./infra/../infra//x.yml', locate)).toBe('infra/x.yml');
    expect(storedLocation('/r/infra/x.yml', locate)).toBe('infra/x.yml');
    expect(readFileSync(join(REPO_ROOT, 'src/policy/baseline.ts'), 'utf8')).not.toMatch(/from 'node:fs'/);
  });
});
