// The JSON Schema of policies, assembled from the rule registry: each rule's options schema is the
// one source of truth for its options. schema/policy.schema.json is this object, written out by
// `bcaudit schema policy` (a test fails when the file is stale).
import { SEVERITIES, type AnyRule } from '../rules/types.js';
import { CRITICALITIES } from '../rules/facts.js';
import { RULES } from '../rules/index.js';
import { BUILTIN_POLICIES } from './builtin.js';
import { EVENT_KINDS } from '../model/likelihood.js';

const SEVERITY_OR_OFF = [...SEVERITIES, 'off'];

function ruleSettingSchema(rule: AnyRule): object {
  return {
    type: ['object', 'null'],
    description: `${rule.title}. ${rule.docs.checks} (bcaudit explain ${rule.id})`,
    additionalProperties: false,
    properties: {
      enabled: { type: 'boolean', description: 'Run this rule (default: true once the rule is listed).' },
      severity: { $ref: '#/definitions/severity' },
      options: withDefaults(rule.optionsSchema, rule.defaultOptions),
    },
  };
}

/** The rule's options schema with each option's default written in, for editors. */
function withDefaults(schema: object, defaults: unknown): object {
  const copy = structuredClone(schema) as { properties?: Record<string, Record<string, unknown>> };
  for (const [key, property] of Object.entries(copy.properties ?? {})) {
    const value = (defaults as Record<string, unknown>)[key];
    if (value !== undefined) property.default = value;
  }
  return copy;
}

export function buildPolicySchema(rules: readonly AnyRule[]): object {
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://bcaudit.dev/schema/policy-v1.json',
    title: 'bcaudit policy, format version 1',
    description:
      'Which built-in rules run, with what severity and options, and how long waivers may last. Without `extends`, only the rules listed under `rules` run; with it, the built-in policy\'s selection, changed by what is listed here.',
    type: 'object',
    additionalProperties: false,
    required: ['version'],
    properties: {
      version: { enum: [1], description: 'Policy format version; this bcaudit reads version 1.' },
      name: { type: 'string', minLength: 1, description: 'Shown in reports; default: the file name.' },
      description: { type: 'string' },
      extends: { enum: [...BUILTIN_POLICIES], description: 'A built-in policy to start from.' },
      waivers: {
        type: ['object', 'null'],
        additionalProperties: false,
        description: 'Limits for waivers.',
        properties: {
          max_days: { type: 'integer', minimum: 1, maximum: 3650, default: 90, description: 'Longest term of a waiver, from granted to expires, in days.' },
          max_renewals: { type: 'integer', minimum: 0, maximum: 100, default: 2, description: 'Most times a waiver may be renewed.' },
        },
      },
      likelihood: {
        type: ['object', 'null'],
        additionalProperties: false,
        description:
          'Annual probability of each class of basic event (DESIGN §3, docs/likelihood.md), and of single regions and sites by event id (`region:aws/us-east-1`, `site:office`). An inventory entity may override its own with `likelihood:`. Classes not listed come from the policy this one extends; a policy that sets likelihoods must cover every class.',
        properties: Object.fromEntries(EVENT_KINDS.map((k) => [k, { $ref: '#/definitions/probability', description: `Default annual probability of a ${k} event.` }])),
        patternProperties: { '^(region|site):.+$': { $ref: '#/definitions/probability' } },
      },
      rules: {
        type: ['object', 'null'],
        additionalProperties: false,
        description: 'Settings per rule, by rule id (bcaudit explain lists them).',
        properties: Object.fromEntries(rules.map((r) => [r.id, ruleSettingSchema(r)])),
      },
    },
    definitions: {
      severity: {
        description:
          "One severity for every finding of the rule, 'off', or one per criticality of the data concerned (a criticality left out keeps the severity it had).",
        type: ['string', 'object'],
        if: { type: 'string' },
        then: { type: 'string', enum: SEVERITY_OR_OFF },
        // No `type` here: the one above already says "text or a map", once.
        else: {
          additionalProperties: false,
          properties: Object.fromEntries(CRITICALITIES.map((c) => [c, { type: 'string', enum: SEVERITY_OR_OFF }])),
        },
      },
      probability: {
        type: 'number',
        minimum: 0,
        maximum: 1,
        description: 'An annual probability, from 0 (never) to 1 (certain within a year).',
      },
      duration: {
        type: 'string',
        pattern: '^[0-9]{1,9}(s|m|h|d|w|y)$',
        description: 'A duration: a whole number and a unit, s, m, h, d, w or y (365 days): 30m, 6h, 1d, 2w, 90d, 1y.',
      },
    },
  };
}

export const policySchema: object = buildPolicySchema(RULES);
