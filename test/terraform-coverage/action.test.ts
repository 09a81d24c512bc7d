// The GitHub Action's gate step, run by bash as the runner runs it, with and without `terraform:`.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { assertBuilt, BIN, REPO_ROOT, tempDir } from '../support/cli.js';

interface Step {
  name?: string;
  run?: string;
}

const steps = (parseYaml(readFileSync(join(REPO_ROOT, 'action.yml'), 'utf8')) as { runs: { steps: Step[] } }).runs.steps;

function runStep(name: string, env: Record<string, string>) {
  assertBuilt();
  const script = steps.find((s) => s.name === name)!.run!;
  // GitHub runs `shell: bash` steps as `bash --noprofile --norc -eo pipefail {0}`.
  return spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', script], {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH!, BCAUDIT: BIN, POLICY: 'minimal', ...env },
    encoding: 'utf8',
  });
}

function resultIds(sarifFile: string): string[] {
  const log = JSON.parse(readFileSync(sarifFile, 'utf8')) as { runs: { results: { properties: { findingId: string } }[] }[] };
  return log.runs[0]!.results.map((r) => r.properties.findingId);
}

describe('action.yml with terraform:', () => {
  const inventory = 'test/fixtures/rules/unlisted-resource.yml';

  it('passes the files to --terraform: the gate fails on an unlisted resource and SARIF carries it', () => {
    const sarif = join(tempDir(), 'out.sarif');
    const run = runStep('Gate and write SARIF', {
      INVENTORY: inventory,
      FAIL_ON: 'high',
      SARIF_FILE: sarif,
      BASELINE: '',
      TERRAFORM: 'test/fixtures/rules/unlisted-resource.tfstate.json test/fixtures/rules/stale-resource.tfstate.json',
    });
    expect(run.status, run.stderr).toBe(1);
    const ids = resultIds(sarif);
    expect(ids).toContain('unlisted-resource/aws_db_instance.orphan');
    // A resource only the second file has: both files were read.
    expect(ids).toContain('unlisted-resource/aws_db_instance.renamed');
  });

  it('without terraform: no coverage findings, and the log step passes the files too', () => {
    const sarif = join(tempDir(), 'out.sarif');
    const gate = runStep('Gate and write SARIF', { INVENTORY: inventory, FAIL_ON: 'high', SARIF_FILE: sarif, BASELINE: '', TERRAFORM: '' });
    expect(gate.status, gate.stderr).toBe(1); // the fixture's single points of failure
    expect(resultIds(sarif).filter((id) => id.startsWith('unlisted-resource/'))).toEqual([]);
    const log = runStep('Report in the log', { INVENTORY: inventory, TERRAFORM: 'test/fixtures/rules/unlisted-resource.tfstate.json' });
    expect(log.status, log.stderr).toBe(0);
    expect(log.stdout).toContain('unlisted-resource/aws_db_instance.orphan');
  });
});
