// `bcaudit init [file]`: a commented starter inventory that validates; never overwrites; says on
// the terminal which findings `check` will report on it as written (the starting to-do list).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseInventory } from '../src/inventory/load.js';
import { runCli, spawnCli, tempDir } from './support/cli.js';

describe('init', () => {
  it('writes inventory.yml by default, atomically, starting with the schema line; it validates', async () => {
    const run = await runCli(['init']);
    expect(run.code).toBe(0);
    const text = run.written['inventory.yml']!;
    expect(text.split('\n')[0]).toMatch(/^# yaml-language-server: \$schema=\S*schema\/inventory\.schema\.json$/);
    const loaded = parseInventory(text, 'inventory.yml');
    expect(loaded.ok ? [] : loaded.problems).toEqual([]);
    expect(run.stdout).toContain('bcaudit check inventory.yml');
  });

  it('points the schema line at the schema from where the file is written', async () => {
    const dir = tempDir();
    const file = join(dir, 'ours.yml');
    const run = await runCli(['init', file], { writeToDisk: true });
    expect(run.code).toBe(0);
    const schema = readFileSync(file, 'utf8').split('\n')[0]!.replace('# yaml-language-server: $schema=', '');
    expect(existsSync(join(dir, schema))).toBe(true);
  });

  it('refuses to overwrite an existing file (exit 2)', async () => {
    const dir = tempDir();
    const file = join(dir, 'inventory.yml');
    writeFileSync(file, 'mine\n');
    const run = await runCli(['init', file], { writeToDisk: true });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('already exists');
    expect(readFileSync(file, 'utf8')).toBe('mine\n');
  });

  it('end to end: init exits 0 and lists as the to-do list exactly what check then fails on (exit 1)', async () => {
    const dir = tempDir();
    const init = await spawnCli(['init'], { cwd: dir });
    expect(init.stderr).toBe('');
    expect(init.code).toBe(0);
    expect(init.stdout).toContain('bcaudit check inventory.yml` exits 1 until they are fixed or waived');
    expect(init.stdout).toContain('your starting to-do list');
    const listed = [...init.stdout.matchAll(/^ {2}(CRITICAL|HIGH) +(\S+)$/gm)].map((m) => `${m[1]!.toLowerCase()} ${m[2]}`);
    expect(listed.length).toBeGreaterThan(0);

    const check = await spawnCli(['check', 'inventory.yml', '--format', 'json'], { cwd: dir });
    expect(check.stderr).toBe('');
    expect(check.code).toBe(1);
    const report = JSON.parse(check.stdout) as { findings: { id: string; severity: string }[] };
    const failing = report.findings.filter((f) => f.severity === 'critical' || f.severity === 'high').map((f) => `${f.severity} ${f.id}`);
    expect(listed).toEqual(failing);
  });

  it('init --help says the starter fails check as written, and why', async () => {
    const help = await runCli(['init', '--help']);
    expect(help.stdout).toContain('your starting to-do list');
    expect(help.stdout).toContain('check exits 1 on the starter');
  });
});
