// `bcaudit explain`: the list of rules, one rule's documentation, and unknown rules.
import { describe, expect, it } from 'vitest';
import { RULES } from '../../src/rules/index.js';
import { runCli } from '../support/cli.js';

describe('explain', () => {
  it('without a rule lists every rule with its title', async () => {
    const run = await runCli(['explain']);
    expect(run.code).toBe(0);
    for (const rule of RULES) expect(run.stdout).toContain(rule.id);
    expect(run.stdout).toMatch(/3-2-1-1-0 +.*\(off\)/);
  });

  it('prints what a rule checks, why, how to fix it, its severity and its options with defaults', async () => {
    const run = await runCli(['explain', 'restore-untested']);
    expect(run.code).toBe(0);
    const text = run.stdout.replace(/\n\s+/g, ' ');
    for (const part of ['restore-untested: Restore never tested, or not recently', 'What it checks', 'Why it matters', 'How to fix it', 'Severity', 'critical data → high', 'max_age: 180d (default)']) {
      expect(text).toContain(part);
    }
  });

  it('shows the options a policy gives the rule', async () => {
    const run = await runCli(['explain', '3-2-1-1-0', '--policy', 'strict']);
    expect(run.stdout.replace(/\n\s+/g, ' ')).toContain('restore_max_age: 180d (default; under policy strict: 90d)');
  });

  it('an unknown rule exits 2 with did-you-mean', async () => {
    const run = await runCli(['explain', 'restore-untestd']);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain("unknown rule 'restore-untestd' (did you mean 'restore-untested'?)");
  });
});
