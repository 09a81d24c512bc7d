// Every incident example fails a CI gate left at its defaults (`--fail-on high`, policy baseline),
// and fails it with the finding that names its incident: an example that passes teaches that the
// incident is not caught. Every file in examples/ is either an incident here or named as not one.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, runCli } from '../support/cli.js';

/** Example → the finding that names its incident (examples/README.md tells each story). */
const INCIDENTS: Record<string, string> = {
  'raisup.yml': 'single-point-of-failure/customer-db/account:do-main', // the one account was suspended
  'cmo-hosting.yml': 'single-point-of-failure/mail/target:storage-platform', // backups on the production platform
  'jimdo-vendor.yml': 'restore-dependency/sites-db/log-agent', // no restore while the vendor is down
  'self-hosted.yml': 'single-point-of-failure/customer-mysql/identity:jens:lost', // one admin on the side
  'assumed-backup.yml': 'no-backup/app-vm', // "the cloud backs it up"
  'organization.yml': 'single-point-of-failure/customer-db/account:acme-mgmt', // the management account reaches every member
};

/** Not incidents: the well-built contrast, and inventories for `verify` against local stand-ins. */
const NOT_INCIDENTS = ['resilient.yml', 'verify-demo.yml', 'verify-demo-rgw.yml'];

const AT_LEAST_HIGH = ['critical', 'high'];

describe('incident examples fail the default gate with the finding of their incident', () => {
  it('every example is classified', () => {
    const examples = readdirSync(join(REPO_ROOT, 'examples')).filter((n) => n.endsWith('.yml')).sort();
    expect(examples).toEqual([...Object.keys(INCIDENTS), ...NOT_INCIDENTS].sort());
  });

  for (const [example, finding] of Object.entries(INCIDENTS)) {
    it(`${example}: exit 1, ${finding} at high or above`, async () => {
      const run = await runCli(['check', `examples/${example}`, '--format', 'json']);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(1);
      const report = JSON.parse(run.stdout) as { findings: { id: string; severity: string; suppressed: unknown }[] };
      const named = report.findings.find((f) => f.id === finding);
      expect(named, `${finding} in ${report.findings.map((f) => f.id).join(', ')}`).toBeDefined();
      expect(AT_LEAST_HIGH).toContain(named!.severity);
      expect(named!.suppressed).toBeNull();
    });
  }

  it('resilient.yml passes the default gate', async () => {
    expect((await runCli(['check', 'examples/resilient.yml'])).code).toBe(0);
  });
});
