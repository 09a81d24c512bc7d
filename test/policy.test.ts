// Policies: the built-in ones, `extends`, layering of settings, and located errors with "did you mean".
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatProblem } from '../src/inventory/problem.js';
import { BUILTIN_POLICIES, type BuiltinPolicyName } from '../src/policy/builtin.js';
import { validateAgainstSchema } from '../src/inventory/validate.js';
import { parseYamlSource } from '../src/inventory/yamlSource.js';
import { parsePolicy, preparePolicyValidation, type PolicyText } from '../src/policy/load.js';
import { policySchema } from '../src/policy/schema.js';
import type { Policy } from '../src/policy/types.js';
import { RULES, WAIVER_RULES } from '../src/rules/index.js';

const ROOT = join(import.meta.dirname, '..');
const readBuiltin = (name: BuiltinPolicyName): PolicyText => {
  const file = join(ROOT, 'policies', `${name}.yml`);
  return { text: readFileSync(file, 'utf8'), file };
};

function policy(text: string): Policy {
  const result = parsePolicy({ text, file: 'my-policy.yml' }, readBuiltin);
  if (!result.ok) throw new Error(result.problems.map(formatProblem).join('\n'));
  return result.policy;
}

function problems(text: string): string[] {
  const result = parsePolicy({ text, file: 'my-policy.yml' }, readBuiltin);
  if (result.ok) throw new Error('expected the policy to be rejected');
  return result.problems.map(formatProblem);
}

const enabled = (p: Policy) => [...p.rules].filter(([, r]) => r.enabled).map(([id]) => id).sort();

describe('built-in policies', () => {
  it.each(BUILTIN_POLICIES)('%s passes the policy schema (bcaudit does not check built-in policies at run time)', async (name) => {
    await preparePolicyValidation();
    const { text, file } = readBuiltin(name);
    const parsed = parseYamlSource(text, file);
    if (!parsed.ok) throw new Error(parsed.problems.map(formatProblem).join('\n'));
    expect(validateAgainstSchema(policySchema, parsed.source).map(formatProblem)).toEqual([]);
    // The same schema as the file the validator is generated from.
    expect(JSON.parse(readFileSync(join(ROOT, 'schema', 'policy.schema.json'), 'utf8'))).toEqual(JSON.parse(JSON.stringify(policySchema)));
  });

  it.each(BUILTIN_POLICIES)('%s loads and names every rule', (name) => {
    const p = policy(readBuiltin(name).text);
    expect(p.name).toBe(name);
    expect([...p.rules.keys()].sort()).toEqual(RULES.map((r) => r.id).sort());
  });

  it('baseline runs every rule but 3-2-1-1-0, with waivers of at most 90 days and 2 renewals', () => {
    const p = policy(readBuiltin('baseline').text);
    expect(enabled(p)).toEqual(RULES.map((r) => r.id).filter((id) => id !== '3-2-1-1-0').sort());
    expect(p.waivers).toEqual({ maxDays: 90, maxRenewals: 2 });
  });

  it('strict replaces 3-2-1 by 3-2-1-1-0 and asks independence 3 for critical data', () => {
    const p = policy(readBuiltin('strict').text);
    expect(p.rules.get('3-2-1')!.enabled).toBe(false);
    expect(p.rules.get('3-2-1-1-0')!.enabled).toBe(true);
    expect(p.rules.get('independence')!.options).toEqual({ minimum: { critical: 3, high: 2, medium: 2, low: 1 } });
    expect(p.rules.get('restore-untested')!.options).toEqual({ max_age: '90d' });
    expect(p.waivers).toEqual({ maxDays: 60, maxRenewals: 1 });
  });

  it('minimal runs single points of failure, the waiver rules and (with --terraform) unlisted resources only', () => {
    expect(enabled(policy(readBuiltin('minimal').text))).toEqual(['single-point-of-failure', 'unlisted-resource', ...WAIVER_RULES.map((r) => r.id)].sort());
  });

  it("every rule's default options are valid options in a policy", () => {
    const rules = Object.fromEntries(RULES.map((r) => [r.id, { options: r.defaultOptions }]));
    const p = policy(JSON.stringify({ version: 1, rules }));
    expect(enabled(p)).toEqual(RULES.map((r) => r.id).sort());
  });
});

describe('user policies', () => {
  it('without extends runs only the rules it lists', () => {
    const p = policy('version: 1\nrules:\n  no-backup:\n  rpo: {}\n');
    expect(enabled(p)).toEqual(['no-backup', 'rpo']);
    expect(p.name).toBe('my-policy');
    expect(p.waivers).toEqual({ maxDays: 90, maxRenewals: 2 });
  });

  it('extends a built-in policy: severities per criticality and options merge key by key', () => {
    const p = policy(`version: 1
name: ours
extends: strict
waivers: { max_days: 30 }
rules:
  independence:
    severity: { low: info }
    options: { minimum: { high: 3 } }
  retention:
    severity: low
  bus-factor:
    severity: off
  3-2-1:
    options: { media: 1 }
`);
    expect(p.name).toBe('ours');
    expect(p.waivers).toEqual({ maxDays: 30, maxRenewals: 1 });
    expect(p.rules.get('independence')).toEqual({
      enabled: true,
      severity: { critical: 'critical', high: 'high', medium: 'medium', low: 'info' },
      options: { minimum: { critical: 3, high: 3, medium: 2, low: 1 } },
    });
    expect(p.rules.get('retention')!.severity).toBe('low');
    expect(p.rules.get('bus-factor')!.enabled).toBe(false);
    // Listing a rule turns it on again, here with one option changed.
    expect(p.rules.get('3-2-1')).toMatchObject({ enabled: true, options: { media: 1 } });
    expect(p.rules.get('3-2-1-1-0')!.enabled).toBe(true);
  });

  it('can turn a rule off with enabled: false', () => {
    expect(policy('version: 1\nextends: baseline\nrules:\n  rpo: { enabled: false }\n').rules.get('rpo')!.enabled).toBe(false);
  });
});

describe('policy errors', () => {
  it('locate every problem at file:line:col, with did-you-mean for rules, options, severities and built-ins', () => {
    expect(
      problems(`version: 1
extends: baseln
waivers:
  max_dayz: 30
rules:
  rpoo:
    enabled: true
  retention:
    severity: hihg
    options:
      minimum: { critical: 30 days }
  3-2-1:
    severity: { critcal: high }
    options: { copiez: 2 }
  bus-factor:
    severity: 3
`),
    ).toEqual([
      `my-policy.yml:2:10: extends: must be one of ${BUILTIN_POLICIES.join(', ')}, not the text "baseln" (did you mean 'baseline'?)`,
      "my-policy.yml:4:3: waivers: unknown key 'max_dayz' (did you mean 'max_days'?)",
      "my-policy.yml:6:3: rules: unknown key 'rpoo' (did you mean 'rpo'?)",
      'my-policy.yml:9:15: rules.retention.severity: must be one of critical, high, medium, low, info, off, not the text "hihg" (did you mean \'high\'?)',
      'my-policy.yml:11:28: rules.retention.options.minimum.critical: must be a duration such as 30m, 6h, 1d, 2w, 90d or 1y, not the text "30 days"',
      "my-policy.yml:13:17: rules.3-2-1.severity: unknown key 'critcal' (did you mean 'critical'?)",
      "my-policy.yml:14:16: rules.3-2-1.options: unknown key 'copiez' (did you mean 'copies'?)",
      'my-policy.yml:16:15: rules.bus-factor.severity: must be text or a map, not number 3',
    ]);
  });

  it('speak of the policy, not of an inventory', () => {
    expect(problems('rules: {}\n')).toEqual(["my-policy.yml:1:1: the policy: missing required key 'version'"]);
    expect(problems('version: 2\n')).toEqual(['my-policy.yml:1:10: version: must be one of 1, not number 2']);
    expect(problems('')).toEqual(['my-policy.yml:1:1: the policy is empty: expected a map starting with `version: 1`']);
    expect(problems('version: 1\nrules: [rpo]\n')).toEqual(['my-policy.yml:2:8: rules: must be a map or empty, not a list']);
  });

  it('report YAML errors at their place', () => {
    expect(problems('version: 1\nrules:\n  rpo: {\n')[0]).toMatch(/^my-policy\.yml:\d+:\d+: invalid YAML/);
  });

});
