// The coverage gate against what `import terraform` makes: for every Terraform fixture, the
// imported inventory covers every data-holding resource; removing any one store or target makes
// `check --terraform` report exactly the resources it stood for, and nothing else; renaming an
// address makes it stale. Also: the worked example's files are what the commands make.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { describe, expect, it } from 'vitest';
import { dataHoldingResources } from '../../src/import/terraform/holdings.js';
import { readTerraform } from '../../src/import/terraform/read.js';
import { formatTerraformAddress, parseTerraformAddress } from '../../src/inventory/terraformAddress.js';
import { REPO_ROOT, runCli } from '../support/cli.js';

const NOW = ['--now', '2026-12-04'];
const COVERAGE_POLICY = 'version: 1\nrules:\n  unlisted-resource:\n  stale-resource:\n';

/** Every Terraform JSON input the import is tested with, and the worked example's plans. */
function terraformFixtures(): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(join(REPO_ROOT, dir)).sort()) {
      const path = `${dir}/${name}`;
      if (statSync(join(REPO_ROOT, path)).isDirectory()) walk(path);
      else if (/\.(json|tfstate)$/.test(name)) found.push(path);
    }
  };
  walk('test/import');
  return ['examples/terraform/plan.json', 'examples/terraform/plan-unlisted-database.json', ...found];
}

/**
 * Entries the import makes for resources that holdings.ts does not yet count as holding data, so
 * their removal goes unreported (reported to the import's owner: a VM a Recovery Services vault
 * protects is a store, but not a data-holding resource).
 */
const NOT_YET_HOLDINGS = new Set(['azurerm_linux_virtual_machine.app']);

/** Each file alone, and the two workspaces of the import fixtures together. */
function fixtureGroups(): string[][] {
  const files = terraformFixtures();
  const workspaces = ['test/import/fixtures/prod.json', 'test/import/fixtures/staging.json'].filter((f) => files.includes(f));
  return [...files.map((f) => [f]), ...(workspaces.length === 2 ? [workspaces] : [])];
}

interface Entry {
  section: 'stores' | 'targets';
  id: string;
  addresses: string[];
}

function entriesOf(text: string): Entry[] {
  const data = parseDocument(text).toJS() as Record<string, Record<string, { terraform?: string | string[] }> | undefined>;
  return (['stores', 'targets'] as const).flatMap((section) =>
    Object.entries(data[section] ?? {}).map(([id, e]) => ({ section, id, addresses: e.terraform === undefined ? [] : [e.terraform].flat() })),
  );
}

/** The inventory without one store or target, and without the backups of or to it. */
function without(text: string, entry: Entry): string {
  const doc = parseDocument(text);
  doc.deleteIn([entry.section, entry.id]);
  const backups = (doc.toJS() as { backups?: Record<string, { of: string; to: string }> }).backups ?? {};
  for (const [id, b] of Object.entries(backups)) if (b.of === entry.id || b.to === entry.id) doc.deleteIn(['backups', id]);
  return doc.toString();
}

async function coverageIds(inventory: string, files: readonly string[]): Promise<{ code: number; ids: string[]; stderr: string }> {
  const run = await runCli(['check', 'inv.yml', '--terraform', ...files, '--policy', 'coverage.yml', '--max-order', '1', '-f', 'json', '--fail-on', 'never', ...NOW], {
    files: { 'inv.yml': inventory, 'coverage.yml': COVERAGE_POLICY },
  });
  const findings = run.stdout === '' ? [] : (JSON.parse(run.stdout) as { findings: { id: string }[] }).findings;
  return { code: run.code, ids: findings.map((f) => f.id).sort(), stderr: run.stderr };
}

const importable = (await Promise.all(fixtureGroups().map(async (files) => ({ files, run: await runCli(['import', 'terraform', ...files]) })))).filter(
  ({ run }) => run.code === 0,
);

describe('coverage of imported inventories', () => {
  it('runs on the worked example and on the import fixtures', () => {
    expect(importable.map((f) => f.files.join(' '))).toContain('examples/terraform/plan.json');
    expect(importable.length).toBeGreaterThanOrEqual(3);
  });

  describe.each(importable.map(({ files, run }) => [files.join(' + '), files, run.stdout] as const))('%s', (_name, files, imported) => {
    const reading = readTerraform(files.map((file) => ({ file, bytes: readFileSync(join(REPO_ROOT, file)) })));
    /** Each data-holding address, and how many files hold it. */
    const holdings = new Map<string, number>();
    for (const h of dataHoldingResources(reading.resources)) holdings.set(h.address, (holdings.get(h.address) ?? 0) + 1);
    const entries = entriesOf(imported);
    /** Addresses fewer entries claim than files hold them: one entry stands for one resource. */
    const unlistedWith = (kept: readonly Entry[]) =>
      [...holdings]
        .filter(([address, files]) => kept.filter((e) => e.addresses.includes(address)).length < files)
        .map(([address]) => `unlisted-resource/${address}`);

    it('the imported inventory claims every data-holding resource, and every address it names exists', async () => {
      expect(holdings.size).toBeGreaterThan(0);
      const run = await coverageIds(imported, files);
      expect(run.stderr.replace(/^bcaudit: warning: .*\n/gm, '')).toBe('');
      expect(run.ids).toEqual([]);
    });

    it('removing any one store or target reports exactly the resources it stood for as unlisted', async () => {
      const claimed = entries.filter((e) => e.addresses.length > 0);
      expect(claimed.length).toBeGreaterThan(0);
      for (const entry of claimed) {
        const expected = unlistedWith(entries.filter((e) => e !== entry));
        if (!NOT_YET_HOLDINGS.has(entry.addresses.join(' '))) {
          expect(expected.length, `${entry.section}.${entry.id} stands for a resource the coverage rules know holds data`).toBeGreaterThan(0);
        }
        expect(expected.every((id) => entry.addresses.includes(id.slice('unlisted-resource/'.length)))).toBe(true);
        const run = await coverageIds(without(imported, entry), files);
        expect(run.code, `${entry.section}.${entry.id}: ${run.stderr}`).toBe(0);
        expect(run.ids, `without ${entry.section}.${entry.id}`).toEqual(expected.sort());
      }
    });

    it('a renamed address is stale, and the resource it stood for unlisted', async () => {
      const entry = entries.find((e) => e.addresses.some((a) => holdings.has(a)))!;
      expect(unlistedWith(entries)).toEqual([]);
      const original = entry.addresses.find((a) => holdings.has(a))!;
      const parsed = parseTerraformAddress(original)!;
      const renamed = formatTerraformAddress({ ...parsed, name: `${parsed.name}_old` });
      const doc = parseDocument(imported);
      const field = doc.getIn([entry.section, entry.id, 'terraform']);
      if (typeof field === 'string') doc.setIn([entry.section, entry.id, 'terraform'], renamed);
      else doc.setIn([entry.section, entry.id, 'terraform', entry.addresses.indexOf(original)], renamed);
      const run = await coverageIds(doc.toString(), files);
      expect(run.ids).toEqual([`stale-resource/${entry.id}/${renamed}`, ...unlistedWith(entries.filter((e) => e !== entry))].sort());
    });
  });
});

describe('the worked example (examples/terraform)', () => {
  it('imported.yml is exactly what `bcaudit import terraform` writes from plan.json', async () => {
    const run = await runCli(['import', 'terraform', 'examples/terraform/plan.json', '-o', 'examples/terraform/imported.yml']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.written['examples/terraform/imported.yml']).toBe(readFileSync(join(REPO_ROOT, 'examples/terraform/imported.yml'), 'utf8'));
  });

  it('inventory.yml keeps the imported ids: merging the plan into it adds nothing', async () => {
    const run = await runCli(['import', 'terraform', 'examples/terraform/plan.json', '--merge', 'examples/terraform/inventory.yml', '-o', 'merged.yml']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.written['merged.yml']).toBe(readFileSync(join(REPO_ROOT, 'examples/terraform/inventory.yml'), 'utf8'));
  });

  it('the completed inventory passes the gate on plan.json and fails it on the plan that adds a database', async () => {
    const gate = async (plan: string) => {
      const run = await runCli(['check', 'examples/terraform/inventory.yml', '--terraform', plan, '-f', 'json', ...NOW]);
      const doc = JSON.parse(run.stdout) as { findings: { id: string; severity: string; suppressed: unknown }[] };
      return { code: run.code, failing: doc.findings.filter((f) => f.suppressed === null && ['critical', 'high'].includes(f.severity)).map((f) => f.id) };
    };
    expect(await gate('examples/terraform/plan.json')).toEqual({ code: 0, failing: [] });
    expect(await gate('examples/terraform/plan-unlisted-database.json')).toEqual({ code: 1, failing: ['unlisted-resource/aws_db_instance.analytics'] });
  });

  it('the draft fails on what only a person can fill in, and not on coverage', async () => {
    const run = await runCli(['check', 'examples/terraform/imported.yml', '--terraform', 'examples/terraform/plan.json', '-f', 'json', ...NOW]);
    expect(run.code).toBe(1);
    const ids = (JSON.parse(run.stdout) as { findings: { id: string }[] }).findings.map((f) => f.id);
    expect(ids.filter((id) => id.startsWith('unlisted-resource/') || id.startsWith('stale-resource/'))).toEqual([]);
    expect(ids).toContain('single-point-of-failure/aws_db_instance.orders/account:aws-111122223333');
  });
});

describe('README "From Terraform"', () => {
  const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## From Terraform'), readme.indexOf('\n## ', readme.indexOf('## From Terraform') + 1));

  it('shows the CI recipe and real output of the worked example, with its exit codes', async () => {
    expect(section).toContain('terraform show -json plan.out > plan.json && bcaudit check inventory.yml --terraform plan.json');
    const blocks = [...section.matchAll(/```\n\$ npx bcaudit (check .*)\n([\s\S]*?)\$ echo \$\?\n(\d)\n```/g)];
    expect(blocks).toHaveLength(2);
    for (const [, command, shown, code] of blocks) {
      const run = await runCli([...command!.split(' '), ...NOW]);
      expect(run.code).toBe(Number(code));
      const actual = run.stdout.split('\n');
      for (const line of shown!.split('\n').filter((l) => l !== '' && l !== '…')) expect(actual, command).toContain(line);
    }
  });
});
