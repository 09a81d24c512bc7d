// Finding sentences written when a format reads them (issue 16): the long ones are not held from
// the rules to the end of the output, and a waiver or the baseline keeps them as they were.
import { describe, expect, it } from 'vitest';
import { audit, type AuditResult } from '../src/audit.js';
import { parseInventory } from '../src/inventory/load.js';
import { formatProblem } from '../src/inventory/problem.js';
import { applyBaseline, parseBaseline, writeBaseline } from '../src/policy/baseline.js';
import { defaultPolicy } from '../src/policy/builtin.js';
import type { Finding } from '../src/rules/types.js';

const NOW = '2026-11-24';

const INVENTORY = `version: 1
providers:
  cloudco: { kind: cloud }
accounts:
  prod: { provider: cloudco, admins: [alice, bob] }
identities:
  alice: { kind: person }
  bob: { kind: person }
services:
  status: { kind: status-page, account: prod }
keys:
  k1: { account: prod, held_by: [alice] }
targets:
  same: { kind: object-storage, account: prod }
stores:
  db: { kind: database, account: prod, criticality: critical, owner: alice }
backups:
  db-nightly: { of: db, to: same, every: 1d, keep: 30d, encryption: k1 }
waivers:
  - finding: single-point-of-failure/db/account:prod
    owner: alice
    reason: moving to a second account in December
    granted: 2026-11-01
    expires: 2026-12-31
`;

function run(): AuditResult {
  const loaded = parseInventory(INVENTORY, 'inventory.yml');
  if (!loaded.ok) throw new Error(loaded.problems.map(formatProblem).join('\n'));
  return audit(loaded.inventory, { maxOrder: 3, policy: defaultPolicy(), now: NOW });
}

const sentences = (f: Finding) => ({ id: f.id, message: f.message, remediation: f.remediation });

describe('finding sentences', () => {
  it('the rules with long sentences leave them unwritten until read, and write the same text each time', () => {
    const result = run();
    const lazy = ['single-point-of-failure', 'comms-shared-fate', 'key-with-data', 'independence'];
    for (const rule of lazy) {
      const found = result.findings.filter((f) => f.rule === rule);
      expect(found.length, rule).toBeGreaterThan(0);
      for (const f of found) {
        expect(f.message.length).toBeGreaterThan(20);
        expect(f.remediation.length).toBeGreaterThan(20);
        // Not stored on the finding: nothing it holds is the sentence's text.
        expect(Object.values(f)).not.toContain(f.message);
        expect(f.message).toBe(f.message);
      }
    }
  });

  it('a waived finding keeps its sentences', () => {
    const waived = run().findings.find((f) => f.id === 'single-point-of-failure/db/account:prod')!;
    expect(waived.suppression?.kind).toBe('waiver');
    expect(waived.message).toMatch(/^Db \(critical\) is lost by one failure: .*account prod/);
    expect(waived.remediation).toMatch(/^Keep a backup copy outside account prod/);
  });

  it('a baselined finding keeps its sentences', () => {
    const result = run();
    const text = writeBaseline([result], 'test', (file) => file);
    const parsed = parseBaseline(text, 'baseline.json');
    if (!parsed.ok) throw new Error('baseline did not parse');
    const { results } = applyBaseline([result], parsed.entries, 'baseline.json', (file) => file);
    const marked = results[0]!.findings;
    expect(marked.filter((f) => f.suppression?.kind === 'baseline').length).toBeGreaterThan(3);
    expect(marked.map(sentences)).toEqual(result.findings.map(sentences));
  });
});
