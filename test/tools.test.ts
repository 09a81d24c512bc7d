// The convention for tests needing an external tool (test/support/tools.ts): with CI=true a missing
// tool fails the run with the reason; locally the suite skips and says what to install.
import { spawn } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, tempDir } from './support/cli.js';
import { inCI, missingReason, TOOLS } from './support/tools.js';

const dir = tempDir('bcaudit-tools-');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the fixture suite in a vitest of its own, with CI set or not. */
function runFixture(ci: string | undefined): Promise<{ code: number | null; output: string }> {
  const config = join(dir, 'vitest.config.mjs');
  writeFileSync(config, `export default { test: { root: ${JSON.stringify(REPO_ROOT)}, include: ['test/fixtures/tools/*.fixture.ts'], reporters: ['default'] } };\n`);
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  delete env.FORCE_COLOR;
  if (ci === undefined) delete env.CI;
  else env.CI = ci;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(REPO_ROOT, 'node_modules', 'vitest', 'vitest.mjs'), 'run', '--config', config], { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (b: Buffer) => (output += b.toString('utf8')));
    child.stderr.on('data', (b: Buffer) => (output += b.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

describe('tests that need a tool', () => {
  it('the reason names the tool, where it was looked for, and the install command', () => {
    expect(missingReason('frobnicator', { path: '/nonexistent/frobnicator', install: 'apt-get install -y frobnicator' })).toBe(
      'frobnicator is missing (/nonexistent/frobnicator not found); install it with `apt-get install -y frobnicator`',
    );
    expect(missingReason('node', { path: process.execPath, install: 'x' })).toBeUndefined();
    expect(Object.keys(TOOLS).sort()).toEqual(['chromium', 'dot', 'radosgw', 'scram', 'sshd']);
    expect([inCI({ CI: 'true' }), inCI({ CI: '1' }), inCI({ CI: 'false' }), inCI({})]).toEqual([true, true, false, false]);
  });

  it('with CI=true a missing tool fails the run, with the reason; locally the suite skips and says what to install', async () => {
    const [ci, local] = await Promise.all([runFixture('true'), runFixture(undefined)]);
    expect(ci.code, ci.output).toBe(1);
    expect(ci.output).toMatch(/needs frobnicator/);
    expect(ci.output).toContain('frobnicator is missing (/nonexistent/bin/frobnicator not found); install it with `apt-get install -y frobnicator`');
    expect(local.code, local.output).toBe(0);
    expect(local.output).toMatch(/\[skipped\] frobnicator is missing .*apt-get install -y frobnicator/);
    expect(local.output).toMatch(/1 skipped/);
  }, 60_000);
});
