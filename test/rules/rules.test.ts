// Rule behaviour beyond the fixtures: shared single failures agree with the risk groups, the
// aggravated cases of restore-dependency are one step worse, and every rule documents itself.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { audit } from '../../src/audit.js';
import { parseInventory } from '../../src/inventory/load.js';
import type { Inventory } from '../../src/inventory/types.js';
import { buildFaultGraph } from '../../src/model/build.js';
import { computeRiskGroups } from '../../src/model/riskGroups.js';
import { defaultPolicy } from '../../src/policy/builtin.js';
import { RULES } from '../../src/rules/index.js';
import { gateSingles, singlesOfEntity } from '../../src/rules/singleFailures.js';
import { evaluateGates } from '../../src/model/simulate.js';
import { generateInventory, inventoryToYaml } from '../support/generate.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'rules');

function load(text: string, file: string): Inventory {
  const result = parseInventory(text, file);
  if (!result.ok) throw new Error(result.problems.map((p) => `${p.pos.line}:${p.pos.column} ${p.message}`).join('\n'));
  return result.inventory;
}

const fixture = (rule: string) => load(readFileSync(join(FIXTURES, `${rule}.yml`), 'utf8'), `${rule}.yml`);

describe('single failures', () => {
  const seeds = Array.from({ length: 200 }, (_, i) => 7000 + i);

  it.each(seeds)('seed %i: the single failures of each data set are its risk groups of size 1', (seed) => {
    const inv = load(inventoryToYaml(generateInventory(seed)), `generated-${seed}.yml`);
    const graph = buildFaultGraph(inv);
    for (const ds of computeRiskGroups(graph, { maxOrder: 1 })) {
      const lost = graph.dataSets.find((d) => d.id === ds.id)!.gate;
      expect([...gateSingles(graph, lost)].sort(), ds.id).toEqual(ds.groups.map((g) => g[0]!).sort());
    }
  });

  it.each(seeds.slice(0, 50))('seed %i: an entity\'s single failures are exactly the events that alone fail it', (seed) => {
    const inv = load(inventoryToYaml(generateInventory(seed)), `generated-${seed}.yml`);
    const graph = buildFaultGraph(inv);
    const failsAlone = graph.events.map((e) => evaluateGates(graph, new Set([e.index])));
    for (const [id, failure] of graph.failureOf) {
      const expected = graph.events
        .filter((e) => ('event' in failure ? failure.event === e.index : failsAlone[e.index]![failure.gate]))
        .map((e) => e.id);
      expect([...singlesOfEntity(graph, id)].sort(), id).toEqual(expected.sort());
    }
  });
});

describe('rule details', () => {
  it('restore-dependency is one step worse when every restore needs the service, or it also sits under the primary copy', () => {
    const result = audit(fixture('restore-dependency'), { maxOrder: 3, policy: defaultPolicy(), now: '2026-11-24' });
    const severity = (id: string) => result.findings.find((f) => f.id === id)?.severity;
    expect(severity('restore-dependency/sites/log-agent')).toBe('critical'); // critical data, already the worst
    expect(severity('restore-dependency/portal/sso')).toBe('critical'); // high data, under the primary too
    expect(severity('restore-dependency/wiki/log-agent')).toBe('medium'); // medium data, another copy restores without it
    expect(severity('restore-dependency/tickets/log-agent')).toBe('high'); // medium data, no copy restores without it
  });

  it('key-with-data and comms-shared-fate name the failures shared with the primary copy', () => {
    const keys = audit(fixture('key-with-data'), { maxOrder: 3, policy: defaultPolicy(), now: '2026-11-24' });
    const shop = keys.findings.find((f) => f.id === 'key-with-data/shop/shop-vault')!;
    expect(shop.events).toEqual(['account:prod', 'billing:card', 'provider:cloudco']);
    expect(shop.message).toContain('account prod suspended or closed');
    const solo = keys.findings.find((f) => f.id === 'key-with-data/solo-db/solo-vault')!;
    expect(solo.events).toEqual(['identity:erin:lost']);

    const comms = audit(fixture('comms-shared-fate'), { maxOrder: 3, policy: defaultPolicy(), now: '2026-11-24' });
    const chat = comms.findings.find((f) => f.id === 'comms-shared-fate/chat')!;
    expect(chat.events).toEqual(['provider:idp', 'service:sso']);
    expect(chat.dataSets).toEqual(['shop']);
  });

  it('comms-shared-fate lists each data set it takes down once, in inventory order, as a search of every pair finds them', () => {
    const inventory = load(`version: 1
providers:
  cloud: { kind: cloud }
  other: { kind: cloud }
accounts:
  a1: { provider: cloud, admins: [alice] }
  a2: { provider: cloud, admins: [alice] }
  b1: { provider: other, admins: [bob] }
identities:
  alice: { kind: person }
  bob: { kind: person }
services:
  status: { kind: status-page, account: a1 }
  mail: { kind: communication, account: b1 }
stores:
  zeta: { kind: vm, account: a2, criticality: high }
  alpha: { kind: vm, account: a1, criticality: critical }
  mid: { kind: vm, account: a1, criticality: low }
  beta: { kind: vm, account: b1, criticality: high }
`, 'comms.yml');
    const found = audit(inventory, { maxOrder: 3, policy: defaultPolicy(), now: '2026-11-24' }).findings.filter((f) => f.rule === 'comms-shared-fate');
    expect(Object.fromEntries(found.map((f) => [f.id, f.dataSets]))).toEqual({ 'comms-shared-fate/status': ['zeta', 'alpha'], 'comms-shared-fate/mail': ['beta'] });
    let compared = 0;
    for (let seed = 1; seed <= 40; seed++) {
      const generated = load(inventoryToYaml(generateInventory(seed, { entities: 60 })), `generated-${seed}.yml`);
      const graph = buildFaultGraph(generated);
      const counted = [...generated.stores.values()].filter((s) => s.criticality === 'critical' || s.criticality === 'high');
      const expected = [...generated.services.values()]
        .filter((s) => s.kind === 'status-page' || s.kind === 'communication')
        .map((service) => {
          const singles = new Set(singlesOfEntity(graph, service.id));
          return [`comms-shared-fate/${service.id}`, counted.filter((store) => [...singlesOfEntity(graph, store.id)].some((e) => singles.has(e))).map((s) => s.id)] as const;
        })
        .filter(([, stores]) => stores.length > 0);
      const actual = audit(generated, { maxOrder: 3, policy: defaultPolicy(), now: '2026-11-24' }).findings.filter((f) => f.rule === 'comms-shared-fate');
      expect(Object.fromEntries(actual.map((f) => [f.id, f.dataSets])), `seed ${seed}`).toEqual(Object.fromEntries(expected));
      compared += actual.length;
    }
    expect(compared).toBeGreaterThan(20);
  });

  it('every rule documents what it checks, why, how to fix it, and each of its options', () => {
    for (const rule of RULES) {
      expect(rule.id).toMatch(/^[a-z0-9][a-z0-9-]*$/);
      for (const text of [rule.title, rule.docs.checks, rule.docs.why, rule.docs.fix]) expect(text.length, rule.id).toBeGreaterThan(10);
      const properties = (rule.optionsSchema as { properties?: Record<string, { description?: string }> }).properties ?? {};
      for (const [name, schema] of Object.entries(properties)) {
        expect(schema.description, `${rule.id}.${name}`).toBeTruthy();
        expect((rule.defaultOptions as Record<string, unknown>)[name], `${rule.id}.${name} default`).toBeDefined();
      }
    }
    expect(new Set(RULES.map((r) => r.id)).size).toBe(RULES.length);
  });
});
