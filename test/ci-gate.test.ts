// The CI gate: baselines, several inventories in one run, and the CI files we ship.
import { readdirSync, readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { runCli } from './support/cli.js';

const RAISUP = 'examples/raisup.yml';
const NOW = ['--now', '2026-11-24'];

interface JsonDoc {
  findings: { id: string; suppressed: { kind: string } | null; location: { file: string } }[];
  summary: { failing: number; baseline?: { new: number; unchanged: number; fixed: { id: string }[] } };
  inventories?: JsonDoc[];
}

/** Raisup with one more data set, at the same account: a new single point of failure. */
const withNewStore = (text: string) =>
  text.replace(/^stores:\n/m, 'stores:\n  audit-log:\n    kind: database\n    account: do-main\n    criticality: critical\n    owner: founder\n');

describe('baselines', () => {
  it('a baseline written today makes the same run pass, and a new single point of failure fail', async () => {
    const written = await runCli(['check', RAISUP, ...NOW, '--write-baseline', 'baseline.json', '-f', 'json']);
    // Writing a baseline accepts today's findings: exit 0, and say what was written.
    expect(written.code).toBe(0);
    expect(written.stderr).toMatch(/^bcaudit: wrote baseline\.json with \d+ findings; runs with --baseline baseline\.json fail only on new ones\.$/m);
    expect(JSON.parse(written.stdout).findings.length).toBeGreaterThan(10);
    const baseline = written.written['baseline.json']!;
    expect(JSON.parse(baseline).findings.length).toBeGreaterThan(10);

    const files = { 'baseline.json': baseline, 'changed.yml': withNewStore(readFileSync(RAISUP, 'utf8')) };
    const same = await runCli(['check', RAISUP, ...NOW, '--baseline', 'baseline.json', '-f', 'json'], { files });
    expect(same.code).toBe(0);
    const doc = JSON.parse(same.stdout) as JsonDoc;
    expect(doc.findings.every((f) => f.suppressed?.kind === 'baseline')).toBe(true);
    expect(doc.summary.baseline).toMatchObject({ new: 0, fixed: [] });

    // The same inventory under another name is another inventory: rename it back for the comparison.
    const moved = JSON.stringify(JSON.parse(baseline), null, 2).replaceAll(RAISUP, 'changed.yml');
    const grown = await runCli(['check', 'changed.yml', ...NOW, '--baseline', 'moved.json', '-f', 'json'], {
      files: { ...files, 'moved.json': moved },
    });
    expect(grown.code).toBe(1);
    const failing = (JSON.parse(grown.stdout) as JsonDoc).findings.filter((f) => f.suppressed === null).map((f) => f.id);
    expect(failing).toContain('single-point-of-failure/audit-log/account:do-main');
    expect(failing.every((id) => id.includes('audit-log'))).toBe(true);
    // In text, the new findings come first, each marked NEW; the known ones are one line.
    const grownText = await runCli(['check', 'changed.yml', ...NOW, '--baseline', 'moved.json'], { files: { ...files, 'moved.json': moved } });
    const lines = grownText.stdout.split('\n');
    const firstFinding = lines.findIndex((l) => /^ {2}(NEW )?(CRITICAL|HIGH|MEDIUM|LOW|INFO) /.test(l));
    expect(lines[firstFinding]).toMatch(/^ {2}NEW CRITICAL .*audit-log/);
    const listed = lines.filter((l) => /^ {2}(NEW )?(CRITICAL|HIGH|MEDIUM|LOW|INFO) /.test(l));
    expect(listed.every((l) => l.startsWith('  NEW '))).toBe(true);
    expect(grownText.stdout).toMatch(/^\d+ findings are already in the baseline and not listed \(--show-baselined lists them\)\.$/m);
  });

  it('survives reformatting and reordering of the inventory, and reports fixed findings', async () => {
    const { written } = await runCli(['check', RAISUP, ...NOW, '--write-baseline', 'b.json', '-f', 'json']);
    const text = readFileSync(RAISUP, 'utf8');
    // Reformatted: blank lines everywhere and the sections in reverse order.
    const doc = parseYaml(text) as Record<string, unknown>;
    const reordered = Object.fromEntries(Object.entries(doc).reverse());
    const { stringify } = await import('yaml');
    const files = { 'b.json': written['b.json']!, [RAISUP]: `# reformatted\n\n${stringify(reordered, { indent: 4 })}` };
    const rerun = await runCli(['check', RAISUP, ...NOW, '--baseline', 'b.json', '-f', 'json'], { files });
    expect(rerun.code).toBe(0);

    // Retiring the uploads data set fixes every finding about it.
    const retired = parseYaml(text) as { stores: Record<string, unknown>; backups: Record<string, { of: string }> };
    delete retired.stores.uploads;
    for (const [id, b] of Object.entries(retired.backups)) if (b.of === 'uploads') delete retired.backups[id];
    const fixedFiles = { 'b.json': written['b.json']!, [RAISUP]: stringify(retired) };
    const fixed = JSON.parse((await runCli(['check', RAISUP, ...NOW, '--baseline', 'b.json', '-f', 'json'], { files: fixedFiles })).stdout) as JsonDoc;
    expect(fixed.summary.baseline?.new).toBe(0);
    const fixedIds = fixed.summary.baseline!.fixed.map((f) => f.id);
    expect(fixedIds).toContain('single-point-of-failure/uploads/account:do-main');
    expect(fixedIds.every((id) => id.includes('uploads') || id.startsWith('bus-factor') || id.startsWith('3-2-1'))).toBe(true);
  });

  it('the text, SARIF and Markdown formats say what the baseline changed', async () => {
    const { written } = await runCli(['check', RAISUP, ...NOW, '--write-baseline', 'b.json', '-f', 'json']);
    const files = { 'b.json': written['b.json']! };
    const text = await runCli(['check', RAISUP, ...NOW, '--baseline', 'b.json'], { files });
    expect(text.stdout).toMatch(/Baseline b\.json: 0 new, \d+ already known \(--show-baselined lists them\)/);
    // Known findings are one line, not listed; --show-baselined lists them.
    expect(text.stdout).toMatch(/^\d+ findings are already in the baseline and not listed/m);
    expect(text.stdout).not.toContain('single-point-of-failure/customer-db/account:do-main');
    const shown = await runCli(['check', RAISUP, ...NOW, '--baseline', 'b.json', '--show-baselined'], { files });
    expect(shown.stdout).toContain('Already in the baseline');
    expect(shown.stdout).toContain('single-point-of-failure/customer-db/account:do-main');
    const sarif = JSON.parse((await runCli(['check', RAISUP, ...NOW, '--baseline', 'b.json', '-f', 'sarif'], { files })).stdout);
    const results = sarif.runs[0].results as { baselineState: string; suppressions?: unknown[] }[];
    expect(results.every((r) => r.baselineState === 'unchanged' && r.suppressions?.length === 1)).toBe(true);
    const md = await runCli(['check', RAISUP, ...NOW, '--baseline', 'b.json', '-f', 'markdown'], { files });
    expect(md.stdout).toMatch(/Baseline `b\.json`: 0 new/);
  });

  it('a broken baseline is exit 2 with its location', async () => {
    const bad = await runCli(['check', RAISUP, '--baseline', 'b.json'], { files: { 'b.json': '{"version": 1, "findings": [\n  {"id": 3}\n]}' } });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^b\.json:\d+:\d+: findings\[0\] needs/m);
    const notJson = await runCli(['check', RAISUP, '--baseline', 'b.json'], { files: { 'b.json': 'version: 1\n' } });
    expect(notJson.code).toBe(2);
    expect(notJson.stderr).toMatch(/^b\.json:1:1: the baseline is not valid JSON/m);
    const missing = await runCli(['check', RAISUP, '--baseline', 'nowhere.json']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('nowhere.json:1:1: cannot read the baseline');
  });
});

describe('several inventories in one run', () => {
  it('aggregates results, each finding located in its own file', async () => {
    const res = await runCli(['check', RAISUP, 'examples/resilient.yml', ...NOW, '-f', 'json']);
    expect(res.code).toBe(1);
    const doc = JSON.parse(res.stdout) as JsonDoc;
    expect(doc.inventories).toHaveLength(2);
    expect(doc.inventories![0]!.findings.every((f) => f.location.file === RAISUP)).toBe(true);
    expect(doc.inventories![1]!.findings.every((f) => f.location.file === 'examples/resilient.yml')).toBe(true);
    const sarif = JSON.parse((await runCli(['check', RAISUP, 'examples/cmo-hosting.yml', ...NOW, '-f', 'sarif'])).stdout);
    const uris = new Set(sarif.runs[0].results.map((r: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }) => r.locations[0]!.physicalLocation.artifactLocation.uri));
    expect(uris).toEqual(new Set([RAISUP, 'examples/cmo-hosting.yml']));
  });

  it('a directory means every inventory below it, and CI files beside them are passed over', async () => {
    const res = await runCli(['check', 'examples', ...NOW, '-f', 'json', '--fail-on', 'never']);
    expect(res.code).toBe(0);
    const files = (JSON.parse(res.stdout) as JsonDoc).inventories!.map((d) => (d as unknown as { inventory: { file: string } }).inventory.file);
    expect(files).toContain('examples/raisup.yml');
    expect(files).toContain('examples/resilient.yml');
    expect(files.some((f) => f.includes('/ci/'))).toBe(false);
    expect(files).toEqual([...files].sort());
  });

  it('problems in any inventory are all reported, and nothing is analysed', async () => {
    const res = await runCli(['check', 'a.yml', RAISUP, 'b.yml'], { files: { 'a.yml': 'version: 2\n', 'b.yml': 'version: 1\nstores: [x]\n' } });
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/^a\.yml:1:10: /m);
    expect(res.stderr).toMatch(/^b\.yml:2:9: /m);
    expect(res.stdout).toBe('');
  });
});

describe('shipped CI files', () => {
  const readme = readFileSync('README.md', 'utf8');
  const ciExamples = readdirSync('examples/ci')
    .filter((f) => f.endsWith('.yml'))
    .sort()
    .map((f) => `examples/ci/${f}`);

  it.each([...ciExamples, '.pre-commit-hooks.yaml', 'action.yml'])('%s is valid YAML', (file) => {
    expect(() => parseYaml(readFileSync(file, 'utf8'))).not.toThrow();
  });

  it('the README shows the CI snippets exactly as they are in examples/ci', () => {
    expect(ciExamples).toContain('examples/ci/github-workflow.yml');
    for (const file of ciExamples) {
      expect(readme).toContain(readFileSync(file, 'utf8').trim());
    }
  });

  it('the action passes its inputs through the environment, never into the script text', () => {
    const action = parseYaml(readFileSync('action.yml', 'utf8')) as { runs: { steps: { run?: string }[] } };
    for (const step of action.runs.steps) expect(step.run ?? '').not.toMatch(/\$\{\{\s*inputs\./);
  });
});
