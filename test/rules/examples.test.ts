// The incidents of DESIGN §1: each example inventory produces the findings its incident calls for
// (the right-hand column of the table), through the real CLI with the default (baseline) policy.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';

const NOW = '2026-11-24';

interface JsonFinding {
  id: string;
  severity: string;
  location: { file: string; line: number };
  suppressed: unknown;
}

interface JsonReport {
  datasets: { id: string; independence: number | null; riskGroups: string[][] }[];
  findings: JsonFinding[];
}

async function check(example: string, ...flags: string[]): Promise<{ code: number; report: JsonReport; ids: string[] }> {
  return checkFile(`examples/${example}.yml`, {}, ...flags);
}

async function checkFile(path: string, files: Record<string, string>, ...flags: string[]): Promise<{ code: number; report: JsonReport; ids: string[] }> {
  const run = await runCli(['check', path, '--now', NOW, '--format', 'json', ...flags], { files });
  expect(run.stderr).toBe('');
  const report = JSON.parse(run.stdout) as JsonReport;
  return { code: run.code, report, ids: report.findings.map((f) => f.id) };
}

const spofs = (store: string, events: string[]) => events.map((e) => `single-point-of-failure/${store}/${e}`);

describe('examples', () => {
  it('raisup: every copy sits behind account do-main, its card, its one admin and its one provider', async () => {
    const { code, ids } = await check('raisup');
    const shared = ['account:do-main', 'provider:digitalocean', 'billing:founder-card', 'identity:founder:lost', 'identity:founder:compromised'];
    expect(ids).toEqual(expect.arrayContaining([
      ...spofs('customer-db', shared),
      ...spofs('uploads', [...shared, 'store:uploads', 'identity:ci-deployer:compromised']),
      'bus-factor/do-main',
      'replica-is-not-backup/uploads',
      '3-2-1/customer-db',
      'restore-untested/customer-db/customer-db-nightly',
    ]));
    expect(code).toBe(1);
  });

  it('cmo-hosting: backups on the same platform and site, far beyond the RPO, never restored', async () => {
    const { code, ids, report } = await check('cmo-hosting');
    const backups = [['mail', 'mail-backup'], ['webspace', 'webspace-backup'], ['mysql', 'mysql-backup'], ['webspace', 'webspace-customer-copy']];
    expect(ids).toEqual(expect.arrayContaining([
      ...spofs('mail', ['site:dc-ffm-1', 'target:storage-platform']),
      ...spofs('mysql', ['site:dc-ffm-1', 'target:storage-platform']),
      ...backups.map(([store, backup]) => `rpo/${store}/${backup}`),
      ...backups.map(([store, backup]) => `restore-untested/${store}/${backup}`),
      '3-2-1/mail',
    ]));
    // The webspace survives one failure only through the customer's own (stale) copy.
    expect(ids.filter((id) => id.startsWith('single-point-of-failure/webspace/'))).toEqual([]);
    expect(report.datasets.find((d) => d.id === 'webspace')!.independence).toBe(2);
    expect(code).toBe(1);
  });

  it('jimdo-vendor: restores need the log vendor; the status page shares the production account', async () => {
    const { ids, report } = await check('jimdo-vendor');
    expect(ids).toEqual(expect.arrayContaining([
      'restore-dependency/sites-db/log-agent',
      'restore-dependency/site-assets/log-agent',
      'comms-shared-fate/status-page',
    ]));
    expect(ids.filter((id) => id.startsWith('single-point-of-failure/'))).toEqual([]);
    expect(report.datasets.find((d) => d.id === 'sites-db')!.riskGroups).toContainEqual(['service:log-agent', 'store:sites-db']);
  });

  it('self-hosted: nobody owns the database or the backup box, and one person runs everything', async () => {
    const { code, ids } = await check('self-hosted');
    const jens = ['identity:jens:lost', 'identity:jens:compromised', 'provider:own-hardware'];
    expect(ids).toEqual(expect.arrayContaining([
      'unowned/customer-mysql',
      'unowned/backup01',
      'bus-factor/own-servers',
      'bus-factor/backup01',
      ...spofs('customer-webspace', jens),
      ...spofs('customer-mail', jens),
      ...spofs('customer-mysql', jens),
      'restore-untested/customer-webspace/webspace-nightly',
      'restore-untested/customer-mail/mail-nightly',
      'restore-untested/customer-mysql/mysql-nightly',
    ]));
    expect(code).toBe(1);
  });

  it('assumed-backup: no backup, an unverified one, and waivers renewed until they expired', async () => {
    const { code, ids, report } = await check('assumed-backup');
    const single = ['account:azure-prod', 'provider:azure', 'billing:team-card'];
    expect(ids).toEqual(expect.arrayContaining([
      'no-backup/app-vm',
      'no-backup/invoice-archive',
      ...spofs('app-vm', single),
      ...spofs('invoice-archive', single),
      ...spofs('orders-db', single),
      'unverified-backup/orders-db/orders-db-automated',
      'restore-untested/orders-db/orders-db-automated',
      'retention/orders-db/orders-db-automated',
      'waiver-expired/no-backup/app-vm',
      'waiver-expired/restore-untested/orders-db*',
      'waiver-renewals/no-backup/app-vm',
      'waiver-renewals/restore-untested/orders-db*',
    ]));
    // The findings the waivers covered are back, and the waiver findings point at the waivers.
    const byId = new Map(report.findings.map((f) => [f.id, f]));
    expect(byId.get('no-backup/app-vm')!.suppressed).toBeNull();
    expect(byId.get('restore-untested/orders-db/orders-db-automated')!.suppressed).toBeNull();
    expect(byId.get('waiver-expired/no-backup/app-vm')!.location.line).toBe(89);
    expect(byId.get('waiver-renewals/restore-untested/orders-db*')!.location.line).toBe(95);
    expect(ids).not.toContain('waiver-unused/no-backup/app-vm');
    expect(code).toBe(1);
  });

  it('organization: the management account suspends its members; parent_access: none keeps its admins out of the vault', async () => {
    const { code, ids } = await check('organization');
    expect([...ids].sort()).toEqual([
      '3-2-1/customer-db',
      'bus-factor/acme-vault',
      'independence/customer-db',
      'retention/customer-db/customer-db-pitr',
      ...spofs('customer-db', ['account:acme-mgmt', 'billing:aws-invoice', 'provider:aws']),
    ]);
    expect(code).toBe(1);
    // Without parent_access: none the organization's admins reach the vault: one stolen login deletes every copy.
    const text = readFileSync('examples/organization.yml', 'utf8');
    expect(text).toContain('    parent_access: none\n');
    const open = await checkFile('org-open.yml', { 'org-open.yml': text.replace('    parent_access: none\n', '') });
    expect(open.ids.filter((id) => !ids.includes(id)).sort()).toEqual(
      spofs('customer-db', ['identity:cto:compromised', 'identity:org-breakglass:compromised']),
    );
  });

  it.each(['baseline', 'strict'])('resilient: no finding at all under policy %s, exit 0', async (policy) => {
    const { code, ids, report } = await check('resilient', '--policy', policy);
    expect(ids).toEqual([]);
    expect(report.datasets.map((d) => d.independence)).toEqual([3, 3]);
    expect(code).toBe(0);
  });
});
