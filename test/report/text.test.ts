// The human formats of `check` (text, markdown): summary first, findings grouped by root cause and
// ranked by severity, loss probability and criticality, never by position in the file.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { groupByRootCause } from '../../src/report/rootCauses.js';
import { SEVERITY_RANK, type Severity } from '../../src/rules/types.js';
import { firstInOrder } from '../../src/util/order.js';
import { REPO_ROOT, runCli } from '../support/cli.js';
import { generateInventory, inventoryToYaml } from '../support/generate.js';
import { EXAMPLES, NOW, auditText, examplePath } from './fixtures.js';

const LABEL = /^ {2}(?:NEW )?(CRITICAL|HIGH|MEDIUM|LOW|INFO) /;

/** A medium data set first in the file, then a high one with no backup at all. */
const MEDIUM_FIRST = `version: 1
providers:
  p: { kind: cloud }
accounts:
  a: { provider: p, admins: [ann, bob], billing: card }
  b: { provider: p, admins: [ann, bob], billing: card }
identities:
  ann: { kind: person }
  bob: { kind: person }
billing:
  card: { kind: card }
stores:
  wiki: { kind: database, account: a, criticality: medium, owner: ann }
  orders: { kind: database, account: a, criticality: high, owner: ann }
targets:
  t: { kind: object-storage, account: b }
backups:
  wiki-nightly: { of: wiki, to: t, every: 24h, keep: 30d, restore: { last_tested: 2026-11-01 } }
`;

describe('check --format text', () => {
  it('opens with the summary line', async () => {
    for (const name of ['raisup', 'resilient']) {
      const run = await runCli(['check', examplePath(name), '--now', NOW]);
      expect(run.stdout.split('\n')[0]).toMatch(/^Summary: /);
    }
  });

  it('lists findings by severity, worst first, never by position in the file', async () => {
    const run = await runCli(['check', 'inv.yml', '--now', NOW], { files: { 'inv.yml': MEDIUM_FIRST } });
    const labels = run.stdout.split('\n').filter((l) => LABEL.test(l));
    const ranks = labels.map((l) => SEVERITY_RANK[LABEL.exec(l)![1]!.toLowerCase() as Severity]);
    expect(ranks).toEqual([...ranks].sort((a, b) => b - a));
    const orders = labels.findIndex((l) => l.includes('orders'));
    const wiki = labels.findIndex((l) => l.includes('wiki') && !l.includes('orders'));
    expect(orders).toBeGreaterThanOrEqual(0);
    expect(wiki).toBeGreaterThan(orders);
    for (const name of EXAMPLES) {
      const text = (await runCli(['check', examplePath(name), '--now', NOW])).stdout;
      const r = text.split('\n').filter((l) => LABEL.test(l)).map((l) => SEVERITY_RANK[LABEL.exec(l)![1]!.toLowerCase() as Severity]);
      expect(r, name).toEqual([...r].sort((a, b) => b - a));
    }
  });

  it('shows one cause once, with the data sets it affects, the single fix and the count', async () => {
    const text = (await runCli(['check', examplePath('self-hosted'), '--now', NOW])).stdout;
    const jens = text.split('\n').filter((l) => LABEL.test(l) && l.includes("jens's credentials can delete every copy of"));
    expect(jens).toHaveLength(1);
    expect(jens[0]).toContain('customer-mysql (critical), customer-mail (high) and customer-webspace (high)');
    expect(text).toContain('3 findings (single-point-of-failure)');
    // A person leaving locks you out; it does not destroy the data.
    expect(text).toMatch(/If jens leaves or loses access, you are locked out of customer-mysql \(critical\), .*, and they are lost if the lockout outlasts the provider's retention/);
    // A self-hosted provider is your own infrastructure.
    expect(text).toContain('If your own infrastructure (own-hardware) fails');
    expect(text).not.toContain('provider own-hardware fails');
  });

  it('groups stand for every finding exactly once, and a group shares one event', () => {
    for (const seed of [1, 2, 3, 4, 5, 6]) {
      const result = auditText(inventoryToYaml(generateInventory(seed, { entities: 40, waivers: seed % 2 === 0 })), `g${seed}.yml`, 2);
      const groups = groupByRootCause(result);
      const ids = groups.flatMap((g) => g.findings.map((f) => f.id)).sort();
      expect(ids).toEqual(result.findings.map((f) => f.id).sort());
      for (const g of groups) {
        if (g.event) for (const f of g.findings) expect(f.events).toEqual([g.event.id]);
        else expect(g.findings).toHaveLength(1);
      }
    }
  });

  it('with likelihoods: fix first names changes with the figure before and after, and says what the figures rest on', async () => {
    const text = (await runCli(['check', examplePath('raisup'), '--now', NOW])).stdout;
    const fix = text.slice(text.indexOf('Fix first'));
    expect(fix).toMatch(/^Fix first \(chance to lose critical data within a year: [\d.]+%\)\n {2}1\. .+: [\d.]+% → [\d.]+%/);
    expect(fix).toContain('under the likelihoods assumed by policy baseline');
    // Risk groups most probable first, in every data set.
    for (const block of text.split('Ways to lose it').slice(1)) {
      const figures = [...block.split('\n\n')[0]!.matchAll(/^ {6}\d+\. .* \(([\d.]+)% a year\)$/gm)].map((m) => Number(m[1]));
      expect(figures.length).toBeGreaterThan(0);
      expect(figures).toEqual([...figures].sort((a, b) => b - a));
    }
  });

  it('machine formats keep one finding per (data set, event), with the same ids', async () => {
    const json = JSON.parse((await runCli(['check', examplePath('self-hosted'), '--now', NOW, '-f', 'json'])).stdout) as { findings: { id: string }[] };
    const spof = json.findings.filter((f) => f.id.startsWith('single-point-of-failure/')).map((f) => f.id);
    expect(spof).toContain('single-point-of-failure/customer-mail/identity:jens:compromised');
    expect(spof).toContain('single-point-of-failure/customer-mysql/identity:jens:compromised');
    expect(new Set(spof).size).toBe(spof.length);
  });
});

describe('README', () => {
  it('shows today\'s real text output for raisup', async () => {
    const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
    const start = readme.indexOf('```\n', readme.indexOf('`npx bcaudit check examples/raisup.yml` (excerpt)')) + 4;
    const excerpt = readme.slice(start, readme.indexOf('\n```', start)).split('\n');
    const output = (await runCli(['check', examplePath('raisup'), '--now', NOW])).stdout.split('\n');
    expect(excerpt[0]).toBe(output[0]);
    for (const line of excerpt.filter((l) => l.trim() !== '…')) expect(output, line).toContain(line);
  });
});

describe('check --format markdown', () => {
  it('lists root causes worst first, one row each, with their finding ids', async () => {
    const md = (await runCli(['check', examplePath('self-hosted'), '--now', NOW, '-f', 'markdown'])).stdout;
    const rows = md.split('\n').filter((l) => /^\| [🟥🟧🟨🟦⬜]/u.test(l));
    const ranks = rows.map((r) => SEVERITY_RANK[/^\| \S+ (\w+) \|/u.exec(r)![1] as Severity]);
    expect(ranks).toEqual([...ranks].sort((a, b) => b - a));
    expect(rows.filter((r) => r.includes("jens's credentials can delete every copy"))).toHaveLength(1);
    expect(md).toContain('`single-point-of-failure/customer-mysql/identity:jens:compromised`');
    expect(md).toContain('under the likelihoods assumed by policy baseline');
  });
});

describe('firstInOrder (the risk groups text shows, most probable first)', () => {
  it('gives the first k of a full sort, for few or many items, with ties', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 20 }), { maxLength: 400 }), fc.integer({ min: 1, max: 60 }), (keys, k) => {
        const compare = (a: number, b: number) => keys[b]! - keys[a]! || a - b;
        const sorted = keys.map((_, i) => i).sort(compare);
        expect(firstInOrder(keys.length, k, compare)).toEqual(sorted.slice(0, k));
      }),
    );
  });
});
