// Valid documents to mutate: the examples, the design example and generated inventories; the
// built-in policies and one that sets every rule; waiver files.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { RULES } from '../../../src/rules/index.js';
import { REPO_ROOT } from '../../support/cli.js';
import { generateInventory } from '../../support/generate.js';

export interface Base {
  name: string;
  doc: unknown;
}

const readYaml = (path: string): unknown => parse(readFileSync(join(REPO_ROOT, path), 'utf8'));

/** examples/*.yml (except the live-verification demo, which names real hosts) and the design example. */
export const EXAMPLE_BASES: readonly Base[] = [
  ...readdirSync(join(REPO_ROOT, 'examples'))
    .filter((f) => f.endsWith('.yml') && f !== 'verify-demo.yml')
    .sort()
    .map((f) => ({ name: `examples/${f}`, doc: readYaml(`examples/${f}`) })),
  { name: 'test/fixtures/design-example.yml', doc: readYaml('test/fixtures/design-example.yml') },
];

/** Base number `n`: an example for a third of the numbers, otherwise a generated inventory. */
export function inventoryBase(n: number, seed: number): Base {
  if (n % 3 === 0) return EXAMPLE_BASES[(n / 3) % EXAMPLE_BASES.length]!;
  return { name: `generated(${seed})`, doc: generateInventory(seed) };
}

/** Every rule listed with a severity per criticality and its default options written out. */
function everyRulePolicy(): unknown {
  const rules: Record<string, unknown> = {};
  for (const rule of RULES) {
    rules[rule.id] = {
      enabled: true,
      severity: { critical: 'critical', high: 'high', medium: 'medium', low: 'low' },
      ...(Object.keys(rule.defaultOptions ?? {}).length > 0 ? { options: structuredClone(rule.defaultOptions) } : {}),
    };
  }
  return { version: 1, name: 'every rule', description: 'all of them', waivers: { max_days: 90, max_renewals: 2 }, rules };
}

export const POLICY_BASES: readonly Base[] = [
  ...readdirSync(join(REPO_ROOT, 'policies'))
    .filter((f) => f.endsWith('.yml'))
    .sort()
    .map((f) => ({ name: `policies/${f}`, doc: readYaml(`policies/${f}`) })),
  { name: 'every-rule', doc: everyRulePolicy() },
  { name: 'extends-strict', doc: { version: 1, extends: 'strict', rules: { 'bus-factor': { severity: 'off' } } } },
];

export const WAIVER_BASES: readonly Base[] = [
  {
    name: 'waivers',
    doc: [
      { finding: 'single-point-of-failure/customer-db/*', owner: 'cto', reason: 'migration in Q1', granted: '2026-10-01', expires: '2026-12-31', renewals: 0 },
      { finding: 'no-backup/uploads', owner: 'ops', reason: 'rebuilt from source', expires: '2026-12-01' },
      { finding: 'restore-untested/*', owner: 'qa', reason: 'test planned', granted: '2026-11-01', expires: '2027-01-15', renewals: 1 },
    ],
  },
];

/** The inventory every policy and waiver case runs against: small, with findings of most rules. */
export const POLICY_TARGET_INVENTORY = 'examples/raisup.yml';
