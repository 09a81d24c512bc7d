// `bcaudit simulate`: boolean propagation over the fault graph agrees with the risk groups of
// `check --format json` (a group loses its data set; no proper subset of a minimal group does),
// on the examples and on random inventories; failures are named by event or entity id.
import fc from 'fast-check';
import { marked } from 'marked';
import { describe, expect, it } from 'vitest';
import { parseInventory } from '../src/inventory/load.js';
import type { Inventory } from '../src/inventory/types.js';
import { buildFaultGraph } from '../src/model/build.js';
import { evaluateGates, knownEvents, resolveEvent, simulate } from '../src/model/simulate.js';
import type { FaultGraph } from '../src/model/types.js';
import { runCli } from './support/cli.js';
import { generateInventory, inventoryToYaml } from './support/generate.js';
import { EXAMPLES, HOSTILE_INVENTORY, HOSTILE_SITE, examplePath } from './report/fixtures.js';

interface CheckJson {
  datasets: { id: string; independence: number | null; riskGroups: string[][] }[];
}

/** Risk groups as `check --format json` reports them, through the real command. */
async function checkJson(file: string, text?: string, maxOrder = 3): Promise<CheckJson> {
  const run = await runCli(['check', file, '--format', 'json', '--fail-on', 'never', '--max-order', String(maxOrder)], text === undefined ? {} : { files: { [file]: text } });
  if (run.code !== 0) throw new Error(`check ${file} exited ${run.code}: ${run.stderr}`);
  return JSON.parse(run.stdout) as CheckJson;
}

function load(file: string, text: string): { inventory: Inventory; graph: FaultGraph } {
  const loaded = parseInventory(text, file);
  if (!loaded.ok) throw new Error(`${file}: ${loaded.problems.map((p) => p.message).join('; ')}`);
  return { inventory: loaded.inventory, graph: buildFaultGraph(loaded.inventory) };
}

const isLost = (graph: FaultGraph, events: readonly string[], id: string): boolean =>
  simulate(graph, events).dataSets.find((d) => d.id === id)!.outcome === 'lost';

/** Every proper subset of a group (the empty set included). */
function properSubsets<T>(group: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let mask = 0; mask < (1 << group.length) - 1; mask++) out.push(group.filter((_, i) => mask & (1 << i)));
  return out;
}

/** Checks the two properties for every group of every data set. */
function checkGroups(graph: FaultGraph, json: CheckJson, where: string): void {
  for (const ds of json.datasets) {
    for (const group of ds.riskGroups) {
      expect(isLost(graph, group, ds.id), `${where}: ${ds.id} survives its risk group ${group.join(' + ')}`).toBe(true);
      for (const subset of properSubsets(group)) {
        expect(isLost(graph, subset, ds.id), `${where}: ${ds.id} is lost by ${subset.join(' + ') || 'nothing'}, a proper subset of ${group.join(' + ')}`).toBe(false);
      }
    }
  }
}

const readExample = async (name: string) => (await import('node:fs')).readFileSync(examplePath(name), 'utf8');

describe('simulation agrees with the risk groups', () => {
  it.each(EXAMPLES)('%s: every risk group loses its data set, no proper subset of one does', async (name) => {
    const json = await checkJson(examplePath(name));
    const { graph } = load(examplePath(name), await readExample(name));
    checkGroups(graph, json, name);
  });

  it('examples: a random set of events loses a data set exactly when it contains one of its groups', async () => {
    const cases = await Promise.all(
      EXAMPLES.map(async (name) => ({ name, json: await checkJson(examplePath(name)), ...load(examplePath(name), await readExample(name)) })),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...cases).chain((c) =>
          fc.record({ c: fc.constant(c), failed: fc.subarray(c.graph.events.map((e) => e.id), { maxLength: 3 }) }),
        ),
        async ({ c, failed }) => {
          const set = new Set(failed);
          const result = simulate(c.graph, failed);
          for (const ds of c.json.datasets) {
            const expected = ds.riskGroups.some((g) => g.every((e) => set.has(e)));
            expect(result.dataSets.find((d) => d.id === ds.id)!.outcome === 'lost', `${c.name} ${ds.id} ${failed.join(' + ')}`).toBe(expected);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('random inventories: every risk group loses its data set, no proper subset of one does', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 2 ** 31 - 1 }), async (seed) => {
        const yaml = inventoryToYaml(generateInventory(seed));
        const file = `generated-${seed}.yml`;
        const json = await checkJson(file, yaml);
        const { graph } = load(file, yaml);
        checkGroups(graph, json, `seed ${seed}`);
      }),
      { numRuns: 60 },
    );
  });

  it('is monotone: failing more never brings a data set back', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), fc.array(fc.nat(), { maxLength: 8 }), (seed, picks) => {
        const { graph } = load('g.yml', inventoryToYaml(generateInventory(seed)));
        const ids = graph.events.map((e) => e.id);
        const failed = picks.map((p) => ids[p % ids.length]!);
        let previous = evaluateGates(graph, new Set());
        for (let i = 1; i <= failed.length; i++) {
          const state = evaluateGates(graph, new Set(failed.slice(0, i).map((id) => graph.eventIndex.get(id)!)));
          for (let g = 0; g < state.length; g++) if (previous[g]) expect(state[g]).toBe(true);
          previous = state;
        }
      }),
      { numRuns: 100 },
    );
  });
});

describe('naming failures', () => {
  const setup = async (name: string) => {
    const { inventory, graph } = load(examplePath(name), await readExample(name));
    return { inventory, graph, known: knownEvents(graph, inventory) };
  };

  it('accepts event ids and entity ids as shorthand', async () => {
    const { inventory, known } = await setup('raisup');
    expect(resolveEvent('account:do-main', known, inventory)).toEqual({ ok: true, event: 'account:do-main' });
    expect(resolveEvent('do-main', known, inventory)).toEqual({ ok: true, event: 'account:do-main' });
    expect(resolveEvent('digitalocean', known, inventory)).toEqual({ ok: true, event: 'provider:digitalocean' });
    expect(resolveEvent('founder-card', known, inventory)).toEqual({ ok: true, event: 'billing:founder-card' });
    expect(resolveEvent('customer-db-nightly', known, inventory)).toEqual({ ok: true, event: 'backup:customer-db-nightly' });
    expect(resolveEvent('identity:founder:compromised', known, inventory)).toEqual({ ok: true, event: 'identity:founder:compromised' });
    expect(resolveEvent('fra1', known, inventory)).toEqual({ ok: true, event: 'region:digitalocean/fra1' });
    expect(resolveEvent('digitalocean/fra1', known, inventory)).toEqual({ ok: true, event: 'region:digitalocean/fra1' });
  });

  it('calls an identity without :lost or :compromised ambiguous, and lists both', async () => {
    const { inventory, known } = await setup('raisup');
    const expected = { ok: false, reason: 'ambiguous', candidates: ['identity:founder:compromised', 'identity:founder:lost'] };
    expect(resolveEvent('founder', known, inventory)).toEqual(expected);
    expect(resolveEvent('identity:founder', known, inventory)).toEqual(expected);
  });

  it('suggests close matches for an unknown failure', async () => {
    const { inventory, known } = await setup('raisup');
    const unknown = resolveEvent('do-mian', known, inventory);
    expect(unknown.ok).toBe(false);
    expect(!unknown.ok && unknown.reason === 'unknown' && unknown.suggestions[0]).toBe('account:do-main');
    const far = resolveEvent('zzzzzzzzzzzz', known, inventory);
    expect(far).toEqual({ ok: false, reason: 'unknown', suggestions: [] });
  });

  it('accepts an event nothing depends on, which then changes nothing', async () => {
    const { graph, inventory, known } = await setup('resilient');
    // Every identity has a :compromised event, even where it can delete nothing: carol administers
    // only the compliance-locked B2 account.
    expect(resolveEvent('identity:carol:compromised', known, inventory).ok).toBe(true);
    const result = simulate(graph, ['identity:carol:compromised']);
    expect(result.dataSets.every((d) => d.outcome === 'untouched')).toBe(true);
  });

  it('names the failures that alone take each copy, and none when only the combination does', async () => {
    const { graph } = await setup('raisup');
    const result = simulate(graph, ['region:digitalocean/ams3', 'target:spaces-fra1-offsite']);
    const db = result.dataSets.find((d) => d.id === 'customer-db')!;
    expect(db.outcome).toBe('lost');
    expect(db.copies.find((c) => c.copy === 'customer-db-offsite')).toEqual({
      copy: 'customer-db-offsite',
      kind: 'backup',
      failed: true,
      causes: ['target:spaces-fra1-offsite'],
    });
    expect(db.copies.find((c) => c.copy === 'primary')!.causes).toEqual(['region:digitalocean/ams3']);
  });
});

describe('bcaudit simulate', () => {
  it('raisup --fail do-main: customer data is lost, exit 0', async () => {
    const run = await runCli(['simulate', 'examples/raisup.yml', '--fail', 'do-main']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('account:do-main: account do-main suspended or closed');
    expect(run.stdout).toMatch(/LOST \(2\): every copy is gone\n {2}✗ customer-db \(critical\)/);
    expect(run.stdout).toContain('✗ uploads (high)');
    expect(run.stdout).toContain('Summary: 2 lost, 0 degraded, 0 untouched.');
  });

  it('reports degraded data sets and which copies they lost', async () => {
    const run = await runCli(['simulate', 'examples/raisup.yml', '--fail', 'fra1', '--format', 'json']);
    expect(run.code).toBe(0);
    const doc = JSON.parse(run.stdout) as {
      version: number;
      failed: { id: string }[];
      datasets: { id: string; outcome: string; copies: { copy: string; failed: boolean }[] }[];
      summary: Record<string, number>;
    };
    expect(doc.version).toBe(2);
    expect(doc.failed.map((f) => f.id)).toEqual(['region:digitalocean/fra1']);
    expect(doc.summary).toEqual({ lost: 0, degraded: 2, untouched: 0 });
    const db = doc.datasets.find((d) => d.id === 'customer-db')!;
    expect(db.outcome).toBe('degraded');
    expect(db.copies.filter((c) => c.failed).map((c) => c.copy)).toEqual(['customer-db-offsite']);
  });

  it('lists untouched data sets and writes Markdown', async () => {
    const run = await runCli(['simulate', 'examples/resilient.yml', '--fail', 'aws-prod', '--format', 'markdown']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^### What if `account:aws-prod` fails\?/);
    expect(run.stdout).toContain('| customer-db | critical | degraded |');
    expect(run.stdout).toContain('0 lost, 2 degraded, 0 untouched.');
  });

  it('takes several --fail options', async () => {
    const run = await runCli(['simulate', 'examples/resilient.yml', '--fail', 'aws-org', '--fail', 'b2-vault', '--fail', 'tape-key', '--format', 'json']);
    expect(run.code).toBe(0);
    const doc = JSON.parse(run.stdout) as { summary: Record<string, number> };
    expect(doc.summary.lost).toBe(2);
  });

  it('exits 2 on an ambiguous or unknown failure, listing the candidates', async () => {
    const ambiguous = await runCli(['simulate', 'examples/raisup.yml', '--fail', 'founder']);
    expect(ambiguous.code).toBe(2);
    expect(ambiguous.stdout).toBe('');
    expect(ambiguous.stderr).toContain("'founder' is ambiguous; name one of: identity:founder:compromised, identity:founder:lost");
    const unknown = await runCli(['simulate', 'examples/raisup.yml', '--fail', 'do-mian', '--fail', 'account:nope']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("'do-mian' is not a failure in examples/raisup.yml; close matches: account:do-main");
    expect(unknown.stderr).toContain("'account:nope' is not a failure");
  });

  it('names failures with free text (sites, regions) and keeps that text inert in every format', async () => {
    const site = `site:${HOSTILE_SITE}`;
    for (const format of ['text', 'json', 'markdown']) {
      const run = await runCli(['simulate', 'hostile.yml', '--fail', site, '--format', format], { files: { 'hostile.yml': HOSTILE_INVENTORY } });
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      if (format === 'json') expect((JSON.parse(run.stdout) as { failed: { id: string }[] }).failed[0]!.id).toBe(site);
      if (format === 'markdown') {
        // Rendered as GitHub would: the hostile text stays text (inside code spans or escaped).
        const html = await marked.parse(run.stdout, { gfm: true, async: true });
        expect(html).not.toMatch(/<(script|img|pre|a)\b/);
        expect(html).toContain('&lt;/pre&gt;&lt;script&gt;window.__pwned=2&lt;/script&gt;');
      }
      if (format === 'text') expect(run.stdout).not.toContain('\u0007');
    }
  });

  it('exits 2 without --fail, and on a broken inventory', async () => {
    const none = await runCli(['simulate', 'examples/raisup.yml']);
    expect(none.code).toBe(2);
    // It suggests failures from this inventory, the ones that alone lose the most critical data first.
    expect(none.stderr).toContain('bcaudit simulate examples/raisup.yml --fail account:do-main   # alone loses customer-db, uploads');
    const resilient = await runCli(['simulate', 'examples/resilient.yml']);
    expect(resilient.code).toBe(2);
    expect(resilient.stderr).toMatch(/--fail account:aws-org {3}# account aws-org suspended or closed/);
    const broken = await runCli(['simulate', 'bad.yml', '--fail', 'x'], { files: { 'bad.yml': 'version: 1\nproviders: [\n' } });
    expect(broken.code).toBe(2);
    expect(broken.stderr).toContain('bad.yml');
  });
});
