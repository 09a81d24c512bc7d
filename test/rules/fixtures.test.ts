// One table-driven test for every rule: test/fixtures/rules/<rule>.yml is an inventory whose
// comments say what the rule must find there, and the rule must find exactly that.
//
// Convention (like markdownlint's inline `{MD042}` markers):
//   `# expect: <finding id>[, <finding id>…]` at the end of a line of YAML: the rule reports each
//   of these ids, located at that line; the rule reports nothing else in the file.
//   `# now: YYYY-MM-DD` on a comment line: the evaluation date (default 2026-11-24).
//   `# terraform: FILE` on a comment line: Terraform JSON beside the fixture, as `check --terraform` reads it.
// The audit runs every rule with its default options, so a fixture tests its rule alone.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { audit } from '../../src/audit.js';
import { nodeIo } from '../../src/cli/io.js';
import { DEFAULT_CLI_LIMITS } from '../../src/cli/limits.js';
import { loadTerraformFacts } from '../../src/cli/terraformFiles.js';
import { parseInventory } from '../../src/inventory/load.js';
import { defaultPolicy } from '../../src/policy/builtin.js';
import { RULES } from '../../src/rules/index.js';

const DIR = join(import.meta.dirname, '..', 'fixtures', 'rules');
const DEFAULT_NOW = '2026-11-24';

interface Fixture {
  rule: string;
  file: string;
  text: string;
  now: string;
  /** Terraform JSON the coverage rules compare the inventory with, beside the fixture. */
  terraform?: string;
  /** `id @ line`, sorted. */
  expected: string[];
}

function readFixture(name: string): Fixture {
  const file = join(DIR, name);
  const text = readFileSync(file, 'utf8');
  const expected: string[] = [];
  text.split('\n').forEach((line, i) => {
    // Only after YAML content: a comment line of its own is documentation, not a marker.
    const marker = /^\s*[^#\s].*#\s*expect:\s*(.+)$/.exec(line);
    if (!marker) return;
    for (const id of marker[1]!.split(',').map((s) => s.trim()).filter(Boolean)) expected.push(`${id} @ ${i + 1}`);
  });
  const now = /^#\s*now:\s*(\d{4}-\d{2}-\d{2})\s*$/m.exec(text)?.[1] ?? DEFAULT_NOW;
  const terraform = /^#\s*terraform:\s*(\S+)\s*$/m.exec(text)?.[1];
  return { rule: name.replace(/\.yml$/, ''), file, text, now, ...(terraform ? { terraform: join(DIR, terraform) } : {}), expected: expected.sort() };
}

const fixtures = readdirSync(DIR)
  .filter((f) => f.endsWith('.yml'))
  .sort()
  .map(readFixture);

describe('rule fixtures', () => {
  it('every rule has a fixture, and every fixture names a rule', () => {
    expect(fixtures.map((f) => f.rule).sort()).toEqual(RULES.map((r) => r.id).sort());
  });

  it.each(fixtures.map((f) => [f.rule, f] as const))('%s finds exactly what its fixture expects', async (_rule, fixture) => {
    expect(fixture.expected.length, 'a fixture must expect at least one finding').toBeGreaterThan(0);
    const loaded = parseInventory(fixture.text, fixture.file);
    if (!loaded.ok) throw new Error(loaded.problems.map((p) => `${p.pos.line}:${p.pos.column} ${p.message}`).join('\n'));
    const facts = fixture.terraform === undefined ? undefined : await loadTerraformFacts({ io: nodeIo(), limits: DEFAULT_CLI_LIMITS }, [fixture.terraform]);
    const result = audit(loaded.inventory, {
      maxOrder: 3,
      policy: defaultPolicy(),
      now: fixture.now,
      ...(facts ? { terraform: { facts, others: [], reportsUnlisted: true } } : {}),
    });
    const errors = result.findings.filter((f) => f.rule === 'rule-error');
    expect(errors.map((f) => f.message)).toEqual([]);
    const found = result.findings.filter((f) => f.rule === fixture.rule);
    for (const f of found) expect(f.pos.file).toBe(fixture.file);
    expect(found.map((f) => `${f.id} @ ${f.pos.line}`).sort()).toEqual(fixture.expected);
  });
});
