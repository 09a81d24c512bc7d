// Waivers, judged as of a fixed date: active, expired, over-renewed, unused, glob, too long, and a
// --waivers file. A waived finding is reported as suppressed and does not fail the run.
import { describe, expect, it } from 'vitest';
import { audit } from '../src/audit.js';
import { formatProblem } from '../src/inventory/problem.js';
import { parseInventory } from '../src/inventory/load.js';
import { exitCodeFor } from '../src/policy/gate.js';
import { defaultPolicy } from '../src/policy/builtin.js';
import { globToRegExp, parseWaiverFile } from '../src/policy/waivers.js';
import type { PlacedWaiver } from '../src/policy/types.js';
import { runCli } from './support/cli.js';

const NOW = '2026-11-24';

/** Two stores without backup: findings no-backup/vm-a, no-backup/vm-b and their single points of failure. */
function inventoryWith(waivers: string): string {
  return `version: 1
providers:
  cloudco: { kind: cloud }
accounts:
  prod: { provider: cloudco, admins: [alice, bob] }
identities:
  alice: { kind: person }
  bob: { kind: person }
stores:
  vm-a: { kind: vm, account: prod, criticality: high, owner: alice }
  vm-b: { kind: vm, account: prod, criticality: high, owner: alice }
waivers:
${waivers}`;
}

function run(waivers: string, options: { now?: string; extra?: PlacedWaiver[] } = {}) {
  const loaded = parseInventory(inventoryWith(waivers), 'inventory.yml');
  if (!loaded.ok) throw new Error(loaded.problems.map(formatProblem).join('\n'));
  const result = audit(loaded.inventory, { maxOrder: 3, policy: defaultPolicy(), now: options.now ?? NOW, waivers: options.extra ?? [] });
  const byId = new Map(result.findings.map((f) => [f.id, f]));
  const waiverFindings = result.findings.filter((f) => f.rule.startsWith('waiver-')).map((f) => `${f.id} @ ${f.pos.line}`);
  return { result, byId, waiverFindings };
}

const waiver = (finding: string, extra = '', dates = 'granted: 2026-11-01\n    expires: 2026-12-31') =>
  `  - finding: ${finding}\n    owner: alice\n    reason: accepted until the migration\n    ${dates}\n${extra}`;

describe('glob', () => {
  it('matches whole ids; * spans slashes, ? one character, everything else is literal', () => {
    expect(globToRegExp('restore-untested/orders-db*').test('restore-untested/orders-db/orders-db-automated')).toBe(true);
    expect(globToRegExp('single-point-of-failure/db?/*').test('single-point-of-failure/db1/account:prod')).toBe(true);
    expect(globToRegExp('single-point-of-failure/db?/*').test('single-point-of-failure/db12/account:prod')).toBe(false);
    expect(globToRegExp('no-backup/vm.a').test('no-backup/vmxa')).toBe(false);
    expect(globToRegExp('no-backup/vm-a').test('no-backup/vm-ab')).toBe(false);
    expect(globToRegExp('x(y)+[z]^$|\\').test('x(y)+[z]^$|\\')).toBe(true);
    expect(globToRegExp('*').test('anything/at all')).toBe(true);
  });
});

describe('waivers', () => {
  it('an active waiver suppresses what it matches, with reason, owner and expiry, and the run passes', () => {
    const { result, byId, waiverFindings } = run(waiver('no-backup/vm-a'));
    expect(byId.get('no-backup/vm-a')!.suppression).toEqual({
      kind: 'waiver',
      justification: 'accepted until the migration',
      owner: 'alice',
      expires: '2026-12-31',
    });
    expect(byId.get('no-backup/vm-b')!.suppression).toBeUndefined();
    expect(waiverFindings).toEqual([]);
    expect(exitCodeFor([byId.get('no-backup/vm-a')!], 'high')).toBe(0);
    expect(exitCodeFor([byId.get('no-backup/vm-b')!], 'high')).toBe(1);
    expect(result.waivers[0]).toMatchObject({ active: true, matches: ['no-backup/vm-a'] });
  });

  it('a glob waives every finding it matches', () => {
    const { result } = run(waiver('single-point-of-failure/vm-?/*'));
    const spofs = result.findings.filter((f) => f.rule === 'single-point-of-failure');
    expect(spofs.length).toBeGreaterThan(4);
    expect(spofs.every((f) => f.suppression?.kind === 'waiver')).toBe(true);
    expect(result.findings.find((f) => f.id === 'no-backup/vm-a')!.suppression).toBeUndefined();
  });

  it('past its expiry a waiver suppresses nothing and waiver-expired points at it', () => {
    const { byId, waiverFindings } = run(waiver('no-backup/vm-a', '', 'granted: 2026-09-01\n    expires: 2026-11-23'));
    expect(byId.get('no-backup/vm-a')!.suppression).toBeUndefined();
    expect(waiverFindings).toEqual(['waiver-expired/no-backup/vm-a @ 13']);
    // On its expiry date it still holds.
    expect(run(waiver('no-backup/vm-a', '', 'granted: 2026-09-01\n    expires: 2026-11-23'), { now: '2026-11-23' }).byId.get('no-backup/vm-a')!.suppression).toBeDefined();
  });

  it('renewed more often than allowed, a waiver suppresses nothing and waiver-renewals fires', () => {
    const over = run(waiver('no-backup/vm-a', '    renewals: 3\n'));
    expect(over.byId.get('no-backup/vm-a')!.suppression).toBeUndefined();
    expect(over.waiverFindings).toEqual(['waiver-renewals/no-backup/vm-a @ 13']);
    const atLimit = run(waiver('no-backup/vm-a', '    renewals: 2\n'));
    expect(atLimit.byId.get('no-backup/vm-a')!.suppression).toBeDefined();
    expect(atLimit.waiverFindings).toEqual([]);
  });

  it('a waiver that matches nothing is reported as unused, at severity info', () => {
    const { byId, waiverFindings } = run(waiver('no-backup/vm-c'));
    expect(waiverFindings).toEqual(['waiver-unused/no-backup/vm-c @ 13']);
    expect(byId.get('waiver-unused/no-backup/vm-c')!.severity).toBe('info');
  });

  it('a waiver written for too long is reported, and counts only until granted + 90 days', () => {
    const long = waiver('no-backup/vm-a', '', 'granted: 2026-10-01\n    expires: 2027-09-30');
    const early = run(long);
    expect(early.waiverFindings).toEqual(['waiver-too-long/no-backup/vm-a @ 13']);
    expect(early.byId.get('no-backup/vm-a')!.suppression?.expires).toBe('2026-12-30');
    const late = run(long, { now: '2026-12-31' });
    expect(late.byId.get('no-backup/vm-a')!.suppression).toBeUndefined();
    expect(late.waiverFindings).toEqual(['waiver-expired/no-backup/vm-a @ 13', 'waiver-too-long/no-backup/vm-a @ 13']);
  });

  it('the first active waiver wins; waiver findings themselves cannot be waived', () => {
    const both = waiver('no-backup/vm-a', '', 'granted: 2026-09-01\n    expires: 2026-10-01') + waiver("'*'");
    const { byId, waiverFindings } = run(both);
    expect(byId.get('no-backup/vm-a')!.suppression).toBeDefined();
    expect(byId.get('waiver-expired/no-backup/vm-a')!.suppression).toBeUndefined();
    expect(waiverFindings).toEqual(['waiver-expired/no-backup/vm-a @ 13']);
  });

  it('repeated patterns get distinct finding ids', () => {
    const { waiverFindings } = run(waiver('no-backup/vm-c') + waiver('no-backup/vm-c'));
    expect(waiverFindings).toEqual(['waiver-unused/no-backup/vm-c @ 13', 'waiver-unused/no-backup/vm-c~2 @ 18']);
  });
});

describe('--waivers file', () => {
  const file = `# accepted risks
- finding: no-backup/vm-a
  owner: bob
  reason: from the file
  granted: 2026-11-01
  expires: 2026-12-31
- finding: rpo/nothing
  owner: bob
  reason: matches nothing
  granted: 2026-11-01
  expires: 2026-12-31
`;

  it('is parsed with positions in its own file', () => {
    const parsed = parseWaiverFile(file, 'waivers.yml');
    if (!parsed.ok) throw new Error(parsed.problems.map(formatProblem).join('\n'));
    expect(parsed.waivers.map((w) => [w.waiver.finding, w.waiver.pos.line, w.waiver.renewals, w.path])).toEqual([
      ['no-backup/vm-a', 2, 0, [0]],
      ['rpo/nothing', 7, 0, [1]],
    ]);
    const { byId } = run('  []\n', { extra: parsed.waivers });
    expect(byId.get('no-backup/vm-a')!.suppression?.owner).toBe('bob');
    expect(byId.get('waiver-unused/rpo/nothing')!.pos).toEqual({ file: 'waivers.yml', line: 7, column: 3 });
  });

  it('is validated like the inventory, with located problems', () => {
    const parsed = parseWaiverFile('- finding: x\n  ownr: y\n  reason: r\n  expires: 2026-02-30\n', 'waivers.yml');
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    const messages = parsed.problems.map(formatProblem);
    expect(messages).toContain("waivers.yml:2:3: [0]: unknown key 'ownr' (did you mean 'owner'?)");
    expect(messages.some((m) => m.startsWith('waivers.yml:4:12: [0].expires: must be a real ISO 8601 date'))).toBe(true);
    const notList = parseWaiverFile('finding: x\n', 'waivers.yml');
    expect(notList.ok ? [] : notList.problems.map(formatProblem)).toEqual(['waivers.yml:1:1: the waivers file: must be a list or empty, not a map']);
  });

  it('through the CLI: suppressed in text and JSON, not failing the run; a bad file exits 2', async () => {
    const files = { 'inv.yml': inventoryWith('  []\n').replace(/ *vm-b:.*\n/, ''), 'waivers.yml': file };
    const json = await runCli(['check', 'inv.yml', '--waivers', 'waivers.yml', '--now', NOW, '--format', 'json', '--policy', 'minimal'], { files });
    expect(json.stderr).toBe("");
    const report = JSON.parse(json.stdout) as { findings: { id: string; suppressed: unknown }[]; summary: { suppressed: number } };
    // The minimal policy does not run no-backup: the waiver has nothing to suppress.
    expect(report.findings.find((f) => f.id === 'no-backup/vm-a')).toBeUndefined();
    expect(report.summary.suppressed).toBe(0);

    const baseline = await runCli(['check', 'inv.yml', '--waivers', 'waivers.yml', '--now', NOW, '--format', 'json'], { files });
    const findings = (JSON.parse(baseline.stdout) as { findings: { id: string; suppressed: { owner: string } | null }[] }).findings;
    expect(findings.find((f) => f.id === 'no-backup/vm-a')!.suppressed).toMatchObject({ kind: 'waiver', owner: 'bob', expires: '2026-12-31' });

    const text = await runCli(['check', 'inv.yml', '--waivers', 'waivers.yml', '--now', NOW], { files });
    expect(text.stdout).toContain('accepted by bob until 2026-12-31: from the file');
    expect(text.stdout).toContain('waivers.yml:7:3 · waiver-unused/rpo/nothing');

    // Waive everything about vm-a and the run passes; without the waivers it fails.
    const everything = "- { finding: '*vm-a*', owner: bob, reason: r, granted: 2026-11-01, expires: 2026-12-31 }\n";
    expect((await runCli(['check', 'inv.yml', '--waivers', 'all.yml', '--now', NOW], { files: { ...files, 'all.yml': everything } })).code).toBe(0);
    expect((await runCli(['check', 'inv.yml', '--now', NOW], { files })).code).toBe(1);

    const bad = await runCli(['check', 'inv.yml', '--waivers', 'bad.yml', '--now', NOW], { files: { ...files, 'bad.yml': '- finding: x\n' } });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("bad.yml:1:3: [0]: missing required key 'owner'");
    expect(bad.stdout).toBe('');
  });
});
