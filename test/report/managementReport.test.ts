// The management report: what it says about the incidents, that it is deterministic, that every
// piece of inventory text is escaped, and the `bcaudit report` command around it.
import { describe, expect, it } from 'vitest';
import type { ObservationsFile } from '../../src/verify/observations.js';
import { FRONTMATTER } from '../../src/report/diagram/flowchart.js';
import { formatManagementReport, topRisksOf } from '../../src/report/managementReport.js';
import { runCli } from '../support/cli.js';
import { generateInventory, inventoryToYaml } from '../support/generate.js';
import { EXAMPLES, HOSTILE_INVENTORY, NOW, auditExample, auditText, reportOf } from './fixtures.js';

/** The lines of one `## Section`, without its heading. */
function section(markdown: string, title: string): string {
  const start = markdown.indexOf(`\n## ${title}\n`);
  if (start < 0) throw new Error(`no section ${title}`);
  const rest = markdown.slice(start + title.length + 5);
  const end = rest.indexOf('\n## ');
  return end < 0 ? rest : rest.slice(0, end);
}

/** Cells of a Markdown table row, split at pipes that are not escaped. */
const cells = (row: string): string[] => row.replace(/^\|/, '').replace(/\|$/, '').split(/(?<!\\)\|/);

describe('management report', () => {
  it('raisup: the verdict names the single failure that takes everything, in plain words', () => {
    const md = reportOf(auditExample('raisup'));
    const verdict = section(md, 'Verdict');
    expect(verdict).toContain('1 of 1 critical data set can be lost by a single failure, and so can 1 of 1 high-criticality data set');
    expect(verdict).toContain('the worst: if digitalocean suspends or closes account do-main, customer-db (critical) and uploads (high) are lost: no copy lives anywhere else.');
    const risks = section(md, 'Top risks');
    expect(risks).toContain('1. If digitalocean suspends or closes account do-main, customer-db (critical) and uploads (high) are lost: no copy lives anywhere else.');
    expect(risks).toMatch(/2\. If provider digitalocean fails/);
    // A person who leaves locks you out; that is not the data destroyed.
    expect(risks).not.toMatch(/founder leaves or loses access, customer-db/);
  });

  it('with the likelihoods of the built-in policy: top risks most probable first, with figures and the assumption named', async () => {
    const md = (await runCli(['report', 'examples/raisup.yml', '--now', NOW])).stdout;
    const risks = section(md, 'Top risks');
    expect(risks).toMatch(/1\. If founder leaves or loses access, you are locked out of customer-db \(critical\) and uploads \(high\), and they are lost if the lockout outlasts the provider's retention: .* \(about [\d.]+% a year\)/);
    expect(risks).toContain('under the likelihoods assumed by policy baseline');
    const fixes = section(md, 'What to fix first');
    expect(fixes).toMatch(/- \*\*Give everything founder alone administers a second admin[^*]*\*\*: [\d.]+% → [\d.]+%/);
    expect(fixes).toContain('under the likelihoods assumed by policy baseline');
  });

  it('resilient: no single failure, and the weakest spot needs three', () => {
    const md = reportOf(auditExample('resilient'));
    expect(section(md, 'Verdict')).toContain('No data set can be lost by a single failure; the weakest spot takes 3 failures together');
    expect(section(md, 'What to fix first').trim()).toBe('Nothing to fix.');
    expect(section(md, 'Where the copies live')).toContain('No single point of failure');
  });

  it('has one table row per data set with copies, independence, RPO and restore test', () => {
    const md = reportOf(auditExample('cmo-hosting'));
    const rows = section(md, 'Data sets')
      .trim()
      .split('\n')
      .filter((l) => l.startsWith('|'));
    const result = auditExample('cmo-hosting');
    expect(rows).toHaveLength(2 + result.dataSets.length);
    for (const row of rows) expect(cells(row)).toHaveLength(7);
    const mail = rows.find((r) => r.startsWith('| mail '))!;
    expect(mail).toContain('**1: a single failure**');
    expect(mail).toMatch(/\| no: the most frequent copy runs every 14d, RPO is 24h/);
    expect(mail).toContain('| never |');
    const raisup = section(reportOf(auditExample('raisup')), 'Data sets');
    expect(raisup).toContain('2026-04-14 (222 days ago); 2 of 3 copies never tested');
    expect(raisup).toContain('2 (1 is a replica)');
  });

  it('top risks: each listed group is a minimal risk group of every data set it names, and names exactly those (random inventories)', () => {
    const seeds = process.env.BCAUDIT_TEST_FULL === '1' ? 200 : 25;
    for (let seed = 1; seed <= seeds; seed++) {
      const result = auditText(inventoryToYaml(generateInventory(seed, { entities: 30 + (seed % 40), waivers: false })), `r${seed}.yml`, 3);
      const minimalFor = (events: string[]) =>
        result.dataSets.filter((d) => d.riskGroups.some((g) => JSON.stringify(g) === JSON.stringify(events))).map((d) => d.id).sort();
      const risks = topRisksOf(result);
      const text = section(reportOf(result), 'Top risks');
      risks.forEach((risk, i) => {
        expect([...risk.lost].sort(), `seed ${seed}: ${risk.events.join(' + ')}`).toEqual(minimalFor(risk.events));
        const item = text.split('\n').find((l) => l.startsWith(`${i + 1}. `))!;
        for (const ds of result.dataSets) {
          const named = new RegExp(`[ ,]${ds.id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(`).test(item.replace(/\\/g, ''));
          if (risk.lost.length <= 5) expect(named, `seed ${seed}: ${ds.id} in "${item}"`).toBe(risk.lost.includes(ds.id));
        }
      });
    }
  });

  it('ranks risks by criticality, then by fewest failures, then by most data sets lost', () => {
    const risks = section(reportOf(auditExample('self-hosted')), 'Top risks');
    const items = risks.split('\n').filter((l) => /^\d+\. /.test(l));
    expect(items.length).toBeGreaterThan(0);
    expect(items.length).toBeLessThanOrEqual(5);
    // customer-mysql is the critical one: every top risk takes it.
    for (const item of items) expect(item).toContain('customer-mysql (critical)');
    // A single failure that takes all three data sets comes before one that takes fewer.
    expect(items[0]).toContain('customer-webspace (high), customer-mail (high) and customer-mysql (critical)');
  });

  it('names, for every fix, findings that the audit really reported', () => {
    for (const name of EXAMPLES) {
      const result = auditExample(name);
      const ids = new Set(result.findings.filter((f) => !f.suppression).map((f) => f.id));
      const fixes = section(reportOf(result), 'What to fix first');
      // The changes speak in words; finding ids appear only in the appendix.
      expect(fixes.slice(0, Math.max(0, fixes.indexOf('<details>')))).not.toMatch(/`[a-z0-9-]+\/[^`]+`/);
      for (const line of fixes.split('\n').filter((l) => /^- A\d+: /.test(l))) {
        const named = [...line.matchAll(/`([^`]+)`/g)].map((m) => m[1]!);
        expect(named.length).toBeGreaterThan(0);
        for (const id of named) expect(ids, `${name}: ${id}`).toContain(id);
      }
    }
  });

  it('lists waivers with their expiry and status (assumed-backup: expired and over-renewed)', () => {
    const md = reportOf(auditExample('assumed-backup'));
    const waivers = section(md, 'Accepted risks (waivers)');
    expect(waivers).toContain('| `no-backup/app-vm` | tom |');
    expect(waivers).toMatch(/expired \d+ days ago: its findings count again/);
    expect(waivers).toContain('also renewed more often than the policy allows');
  });

  it('shows waivers in force and the findings they cover', () => {
    const md = reportOf(auditText(HOSTILE_INVENTORY, 'hostile.yml'));
    const waivers = section(md, 'Accepted risks (waivers)');
    expect(waivers).toContain('in force, 23 days left');
    expect(waivers).toMatch(/Covers `single-point-of-failure\/subgraph\/[^`]+` \(high\)/);
    // Waived findings are not counted as problems to fix.
    expect(section(md, 'Verdict')).toMatch(/\d+ more findings are accepted by waivers or a baseline: not counted among the problems to fix/);
  });

  it('is deterministic: same input and date, same bytes; the date line carries the date', () => {
    for (const name of EXAMPLES) expect(reportOf(auditExample(name))).toBe(reportOf(auditExample(name)));
    const md = reportOf(auditExample('raisup'), '2027-01-31');
    expect(md.split('\n')[2]).toBe(
      '_Made on 2027-01-31 from `examples/raisup.yml` by bcaudit 0.0.0-test · policy `baseline` · combinations of up to 3 failures checked._',
    );
  });

  it('escapes every piece of hostile inventory text for Markdown and Mermaid', () => {
    const md = reportOf(auditText(HOSTILE_INVENTORY, 'hostile.yml'));
    const fences = md.split('\n').filter((l) => l.startsWith('```'));
    expect(fences).toEqual(['```mermaid', '```']);
    const mermaid = md.slice(md.indexOf('```mermaid\n') + 11, md.lastIndexOf('\n```'));
    // Inside the diagram, every label is one quoted string of letters, digits, harmless
    // punctuation, entity codes and the line breaks bcaudit puts in; outside the labels there is
    // only Mermaid syntax bcaudit wrote (after its own front matter).
    expect(mermaid.split('\n').slice(0, FRONTMATTER.length)).toEqual(FRONTMATTER);
    for (const line of mermaid.split('\n').slice(FRONTMATTER.length)) {
      expect(line.match(/"/g)?.length ?? 0, line).toSatisfy((n: number) => n % 2 === 0);
      for (const [, label] of line.matchAll(/"([^"]*)"/g)) {
        expect(label, line).toMatch(/^([\p{L}\p{N} .,:/_()'-]|#\d+;|<br\/>)*$/u);
      }
      const syntax = line.replace(/"[^"]*"/g, '""');
      expect(syntax, line).toMatch(
        /^(flowchart LR|( {2})+subgraph n\d+\[""\]|( {2})+end|( {2})+n\d+(\[\(""\)\]|\[""\]|\(\[""\]\)|\{\{""\}\}|>""\])| {2}n\d+ (-->|==>|-\.->) n\d+| {2}classDef spof [^"`]+| {2}class [n\d,]+ spof| {2}style n\d+ [\w:#,.-]+)$/,
      );
    }
    expect(mermaid).not.toContain('%%');
    // Outside: no raw HTML tag and no unescaped pipe breaking a table.
    const outside = md.replace(mermaid, '');
    expect(outside).not.toMatch(/<(script|img|b)\b/);
    for (const row of outside.split('\n').filter((l) => l.startsWith('| '))) {
      expect(cells(row).length, row).toBeGreaterThanOrEqual(7);
    }
    const waiverRow = outside.split('\n').find((l) => l.startsWith('| `single-point-of-failure/subgraph/*`'))!;
    expect(cells(waiverRow)).toHaveLength(8);
  });

  it('shows what the live checks saw, and when', () => {
    const observations: ObservationsFile = {
      format: 'bcaudit-observations',
      version: 1,
      tool: { name: 'bcaudit', version: '0.1.0' },
      inventory: { file: 'examples/raisup.yml', name: null },
      startedAt: '2026-11-22T08:00:00Z',
      finishedAt: '2026-11-22T08:00:09Z',
      settings: { timeoutSeconds: 10, deadlineSeconds: 60, concurrency: 4, slack: 1.5, maxEntries: 1000, maxDepth: 4 },
      observations: [
        {
          probe: 's3-bucket',
          subject: 'spaces-ams3-backups',
          section: 'targets',
          status: 'complete',
          startedAt: '2026-11-22T08:00:01Z',
          finishedAt: '2026-11-22T08:00:02Z',
          problems: [],
          bucket: 'raisup-backups',
          prefix: '',
          endpoint: 'https://ams3.digitaloceanspaces.com',
          owner: null,
          region: 'ams3',
          versioning: 'off',
          objectLock: { enabled: false, mode: null, days: null, years: null },
          replication: null,
          encryption: null,
          objects: { listed: 12, newest: '2026-11-21T23:10:00Z', truncated: false },
        },
        {
          probe: 'ssh-host',
          subject: 'office-nas',
          section: 'targets',
          status: 'failed',
          startedAt: '2026-11-22T08:00:01Z',
          finishedAt: '2026-11-22T08:00:09Z',
          problems: [{ kind: 'unreachable', operation: 'connect', reason: 'ECONNREFUSED | <b>x</b>' }],
          host: 'nas.example.org',
          port: 22,
          user: 'audit',
          path: '/srv/backup',
          hostKey: null,
          files: null,
          space: null,
        },
      ],
    };
    const result = auditExample('raisup');
    const md = formatManagementReport({ result, now: NOW, policyName: 'baseline', toolVersion: '0', observations });
    const live = section(md, 'Live checks');
    expect(live).toContain('checked 2 things in the live systems from 2026-11-22T08:00:00Z to 2026-11-22T08:00:09Z');
    expect(live).toContain('| target spaces-ams3-backups | S3 bucket raisup-backups | checked | region ams3; versioning off; no object lock; newest object 2026-11-21T23:10:00Z | 2026-11-22T08:00:02Z |');
    expect(live).toContain('could not be checked | connect: unreachable (ECONNREFUSED \\| &lt;b&gt;x&lt;/b&gt;)');
  });

  it('keeps the diagram renderable for large inventories by leaving less important data sets out', () => {
    const inv = generateInventory(7, { entities: 600, waivers: false });
    const result = auditText(inventoryToYaml(inv), 'big.yml', 2);
    const md = reportOf(result);
    const mermaid = md.slice(md.indexOf('```mermaid\n') + 11, md.lastIndexOf('\n```'));
    const edges = mermaid.split('\n').filter((l) => l.includes('-->') || l.includes('-.->')).length;
    expect(edges).toBeLessThanOrEqual(500);
    expect(section(md, 'Where the copies live')).toMatch(/The diagram shows the \d+ most important data sets; \d+ more are left out/);
  });

  it('keeps the diagram under Mermaid\'s text limit when free text is huge', () => {
    const region = '<"&>'.repeat(500);
    const targets = Array.from({ length: 40 }, (_, i) => `  t${i}: { kind: nas, account: a, region: ${JSON.stringify(region + i)} }`).join('\n');
    const backups = Array.from({ length: 40 }, (_, i) => `  b${i}: { of: db${i % 20}, to: t${i} }`).join('\n');
    const stores = Array.from({ length: 20 }, (_, i) => `  db${i}: { kind: database, account: a, criticality: high, region: ${JSON.stringify(region)} }`).join('\n');
    const yaml = `version: 1\nproviders:\n  p: { kind: cloud }\naccounts:\n  a: { provider: p, admins: [x] }\nidentities:\n  x: { kind: person }\nstores:\n${stores}\ntargets:\n${targets}\nbackups:\n${backups}\n`;
    const md = reportOf(auditText(yaml, 'huge.yml', 1));
    const blocks = [...md.matchAll(/^```mermaid\n([\s\S]*?)^```$/gm)].map((m) => m[1]!);
    expect(blocks.length).toBeGreaterThan(0);
    for (const mermaid of blocks) expect(mermaid.length).toBeLessThanOrEqual(50_000);
    expect(blocks[0]).toContain('#8230;'); // … where a label was cut
  });
});

describe('bcaudit report', () => {
  it('writes the report to a file with -o, as of --now, and exits 0', async () => {
    const run = await runCli(['report', 'examples/raisup.yml', '--now', '2026-11-22', '-o', 'out/report.md']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const md = run.written['out/report.md']!;
    expect(md).toMatch(/^# Backup independence report: Raisup production/);
    expect(md).toContain('_Made on 2026-11-22 from `examples/raisup.yml`');
    const again = await runCli(['report', 'examples/raisup.yml', '--now', '2026-11-22']);
    expect(again.stdout).toBe(md);
  });

  it('takes --policy and --waivers like check does', async () => {
    const minimal = await runCli(['report', 'examples/raisup.yml', '--now', NOW, '--policy', 'minimal']);
    expect(minimal.code).toBe(0);
    expect(minimal.stdout).toContain('· policy `minimal` ·');
    expect(section(minimal.stdout, 'What to fix first')).not.toContain('bus-factor/');
    const waivers = '- finding: "single-point-of-failure/uploads/*"\n  owner: cto\n  reason: migration planned\n  granted: 2026-11-01\n  expires: 2026-12-31\n';
    const waived = await runCli(['report', 'examples/raisup.yml', '--now', NOW, '--waivers', 'w.yml'], { files: { 'w.yml': waivers } });
    expect(waived.stderr).toBe('');
    expect(waived.code).toBe(0);
    expect(section(waived.stdout, 'Accepted risks (waivers)')).toContain('| `single-point-of-failure/uploads/*` | cto | migration planned | 2026-11-01 | 2026-12-31 | in force, 39 days left | 0 | 7 of 7 |');
    const bad = await runCli(['report', 'examples/raisup.yml', '--policy', 'nope']);
    expect(bad.code).toBe(2);
  });

  it('uses today when --now is not given', async () => {
    const run = await runCli(['report', 'examples/resilient.yml'], { today: '2026-12-01' });
    expect(run.stdout).toContain('_Made on 2026-12-01 from');
  });

  it('exits 2 on a bad date, a bad --max-order or a missing inventory', async () => {
    expect((await runCli(['report', 'examples/raisup.yml', '--now', '2026-02-31'])).code).toBe(2);
    expect((await runCli(['report', 'examples/raisup.yml', '--max-order', '9'])).code).toBe(2);
    const missing = await runCli(['report', 'examples/nope.yml']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('examples/nope.yml');
  });

  it('reads --observations and exits 2 on a file that is not one', async () => {
    const file = JSON.stringify({
      format: 'bcaudit-observations',
      version: 1,
      tool: { name: 'bcaudit', version: '0.1.0' },
      inventory: { file: 'examples/raisup.yml', name: null },
      startedAt: '2026-11-22T08:00:00Z',
      finishedAt: '2026-11-22T08:00:01Z',
      settings: { timeoutSeconds: 10, deadlineSeconds: 60, concurrency: 4, slack: 1.5, maxEntries: 1000, maxDepth: 4 },
      observations: [],
    });
    const run = await runCli(['report', 'examples/raisup.yml', '--now', NOW, '--observations', 'obs.json'], { files: { 'obs.json': file } });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(section(run.stdout, 'Live checks')).toContain('checked 0 things in the live systems');
    const bad = await runCli(['report', 'examples/raisup.yml', '--observations', 'obs.json'], { files: { 'obs.json': '{"format":"x"}' } });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('obs.json');
  });
});
