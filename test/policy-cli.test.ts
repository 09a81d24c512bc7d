// `check --policy`, `schema policy`: built-in names, files, located errors, and the generated schema file.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { STACK_LINE, runCli } from './support/cli.js';

const ROOT = join(import.meta.dirname, '..');

describe('check --policy', () => {
  it('takes a built-in policy by name and reports it', async () => {
    const run = await runCli(['check', 'examples/jimdo-vendor.yml', '--policy', 'strict', '--now', '2026-11-24', '--format', 'json']);
    const report = JSON.parse(run.stdout) as { analysis: { policy: string }; findings: { id: string }[] };
    expect(report.analysis.policy).toBe('strict');
    expect(report.findings.map((f) => f.id)).toContain('independence/sites-db');
    expect(report.findings.map((f) => f.id)).toContain('3-2-1-1-0/site-assets');
    expect(run.code).toBe(1);
  });

  it('defaults to baseline', async () => {
    const run = await runCli(['check', 'examples/resilient.yml', '--now', '2026-11-24']);
    expect(run.stdout).toContain('policy baseline');
    expect(run.code).toBe(0);
  });

  it('takes a policy file that extends a built-in one', async () => {
    const files = { 'ours.yml': 'version: 1\nname: ours\nextends: minimal\nrules:\n  restore-dependency: { severity: high }\n' };
    const run = await runCli(['check', 'examples/jimdo-vendor.yml', '--policy', 'ours.yml', '--now', '2026-11-24', '--format', 'json'], { files });
    const report = JSON.parse(run.stdout) as { analysis: { policy: string }; findings: { id: string; severity: string }[] };
    expect(report.analysis.policy).toBe('ours');
    expect(report.findings.map((f) => `${f.id} ${f.severity}`)).toEqual([
      // Every restore of both data sets needs the vendor: one step worse than the policy's high.
      'restore-dependency/sites-db/log-agent critical',
      'restore-dependency/site-assets/log-agent critical',
    ]);
    expect(run.code).toBe(1);
  });

  it('a bad policy file exits 2 with file:line:col and no stack trace', async () => {
    const files = { 'bad.yml': 'version: 1\nrules:\n  single-point-of-failur:\n    severity: critical\n' };
    const run = await runCli(['check', 'examples/raisup.yml', '--policy', 'bad.yml'], { files });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain("bad.yml:3:3: rules: unknown key 'single-point-of-failur' (did you mean 'single-point-of-failure'?)");
    expect(run.stderr).not.toMatch(STACK_LINE);
  });

  it('an unknown built-in name exits 2 with did-you-mean; a missing file says so', async () => {
    const name = await runCli(['check', 'examples/raisup.yml', '--policy', 'stirct']);
    expect(name.code).toBe(2);
    expect(name.stderr).toContain("no built-in policy 'stirct' (did you mean 'strict'?)");
    const file = await runCli(['check', 'examples/raisup.yml', '--policy', 'policies/nope.yml']);
    expect(file.code).toBe(2);
    expect(file.stderr).toContain('policies/nope.yml:1:1: cannot read the policy: no such file or directory');
  });
});

describe('schema policy', () => {
  it('prints the policy schema, and schema/policy.schema.json is up to date', async () => {
    const run = await runCli(['schema', 'policy']);
    expect(run.code).toBe(0);
    const onDisk = readFileSync(join(ROOT, 'schema', 'policy.schema.json'), 'utf8');
    // Regenerate with: node bin/bcaudit.js schema policy > schema/policy.schema.json
    expect(run.stdout, 'schema/policy.schema.json is stale').toBe(onDisk);
    const schema = JSON.parse(run.stdout) as { properties: { rules: { properties: Record<string, unknown> } } };
    expect(Object.keys(schema.properties.rules.properties)).toContain('comms-shared-fate');
  });

  it('the built-in policies point editors at it', () => {
    for (const name of ['baseline', 'strict', 'minimal']) {
      expect(readFileSync(join(ROOT, 'policies', `${name}.yml`), 'utf8').split('\n')[0]).toBe('# yaml-language-server: $schema=../schema/policy.schema.json');
    }
  });
});
