// `bcaudit init [file]`: a commented starter inventory that validates; never overwrites.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseInventory } from '../src/inventory/load.js';
import { runCli, tempDir } from './support/cli.js';

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
});
