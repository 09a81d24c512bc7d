// Entity names in sentences: the kind is said once, even when the id already says it.
import { describe, expect, it } from 'vitest';
import { named } from '../../src/model/describe.js';
import { runCli } from '../support/cli.js';

describe('named', () => {
  it('prefixes the kind unless the id already carries it as a word', () => {
    expect(named('card', 'visa-ops')).toBe('card visa-ops');
    expect(named('card', 'card')).toBe('card');
    expect(named('card', 'company-card')).toBe('company-card');
    expect(named('card', 'cardinal')).toBe('card cardinal');
    expect(named('status page', 'status-page')).toBe('status-page');
    expect(named('backup job', 'nightly_job')).toBe('nightly_job');
    expect(named('account', 'do-main')).toBe('account do-main');
  });
});

const CARD_NAMED_CARD = `version: 1
providers:
  p: { kind: cloud }
accounts:
  a: { provider: p, admins: [ann], billing: card }
identities:
  ann: { kind: person }
billing:
  card: { kind: card }
stores:
  orders: { kind: database, account: a, criticality: high, owner: ann }
services:
  status-page: { kind: status-page, account: a }
`;

describe('check output', () => {
  it('never says a kind twice ("card card", "status-page status-page")', async () => {
    const run = await runCli(['check', 'inv.yml', '--now', '2026-12-01'], { files: { 'inv.yml': CARD_NAMED_CARD } });
    expect(run.stdout).toContain('card declined');
    expect(run.stdout).toContain('status-page goes down together');
    expect(run.stdout).not.toMatch(/\bcard card\b|status-page status-page/);
  });
});
