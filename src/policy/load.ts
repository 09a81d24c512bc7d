// Policy file text → YAML with positions → schema check → resolved Policy (built-ins it extends
// merged underneath), or located problems. Pure: built-in policies' text comes from the caller.
import type { Criticality } from '../inventory/types.js';
import { EVENT_KINDS, type LikelihoodTable } from '../model/likelihood.js';
import type { EventKind } from '../model/types.js';
import { capProblems, sortProblems, type Problem } from '../inventory/problem.js';
import { registerValidator, validateAgainstSchema } from '../inventory/validate.js';
import { loadPolicyValidator, POLICY_SCHEMA_ID } from '../generated/index.js';
import { effectiveLimits, exactAffordable, parseYamlSource } from '../inventory/yamlSource.js';
import { RULES } from '../rules/index.js';
import type { Severity } from '../rules/types.js';
import type { BuiltinPolicyName } from './builtin.js';
import { mergeOptions } from './merge.js';
import { renameDocument } from './problems.js';
import { policySchema } from './schema.js';
import { DEFAULT_WAIVER_POLICY, SEVERITY_BY_CRITICALITY, type Policy, type RulePolicy, type SeveritySetting } from './types.js';

/** A policy file's text and the name to report its problems under. */
export interface PolicyText {
  text: string;
  file: string;
  /**
   * A policy shipped with bcaudit (policies/): not checked against the schema at run time, where
   * the check costs more than the rest of a small run's analysis; the tests check every one.
   */
  builtin?: boolean;
}

/** Returns the text of a built-in policy. */
export type ReadBuiltinPolicy = (name: BuiltinPolicyName) => PolicyText;

export type PolicyResult = { ok: true; policy: Policy } | { ok: false; problems: Problem[] };

/** A policy document as the schema admits it. */
interface PolicyDocument {
  version: 1;
  name?: string;
  description?: string;
  extends?: BuiltinPolicyName;
  waivers?: { max_days?: number; max_renewals?: number } | null;
  rules?: Record<string, RuleSettingDocument | null> | null;
  likelihood?: Record<string, number> | null;
}

interface RuleSettingDocument {
  enabled?: boolean;
  severity?: Severity | 'off' | Partial<Record<Criticality, Severity | 'off'>>;
  options?: Record<string, unknown>;
}

/**
 * Loads the validator of policy files compiled ahead of time; without it, checking a policy file
 * compiles the schema when first needed (the same checks, slower). Built-in policies need neither.
 */
export async function preparePolicyValidation(): Promise<void> {
  if (!validatorLoaded) registerValidator(POLICY_SCHEMA_ID, await loadPolicyValidator());
  validatorLoaded = true;
}
let validatorLoaded = false;

/** The chain of `extends` is short (built-ins extend built-ins); this only guards against a loop. */
const MAX_EXTENDS = 8;

export function parsePolicy(source: PolicyText, readBuiltin: ReadBuiltinPolicy, depth = 0, exact = false): PolicyResult {
  const first = parsePolicyDocument(source, readBuiltin, depth, exact);
  // Problems are reported from the exact parser, so each has its exact position.
  const result = first.ok || exact || !exactAffordable(source.text) ? first : parsePolicyDocument(source, readBuiltin, depth, true);
  return result.ok ? result : { ok: false, problems: capProblems(result.problems, effectiveLimits(undefined).maxProblems) };
}

function parsePolicyDocument(source: PolicyText, readBuiltin: ReadBuiltinPolicy, depth: number, exact: boolean): PolicyResult {
  const { text, file } = source;
  const parsed = parseYamlSource(text, file, { exact });
  if (!parsed.ok) return { ok: false, problems: sortProblems(parsed.problems) };
  const data = parsed.source.data;
  if (data === null || data === undefined) {
    return { ok: false, problems: [{ pos: { file, line: 1, column: 1 }, message: 'the policy is empty: expected a map starting with `version: 1`' }] };
  }
  const problems = source.builtin ? [] : validateAgainstSchema(policySchema, parsed.source);
  if (problems.length > 0) return { ok: false, problems: sortProblems(renameDocument(problems, 'the policy')) };
  const doc = data as PolicyDocument;

  // Without `extends`, a policy runs only the rules it lists.
  let parent: Policy = {
    name: '',
    rules: new Map(RULES.map((r) => [r.id, { enabled: false, options: {} }])),
    waivers: { ...DEFAULT_WAIVER_POLICY },
  };
  if (doc.extends !== undefined) {
    if (depth >= MAX_EXTENDS) {
      return { ok: false, problems: [{ pos: parsed.source.locate(['extends']), message: `the policy extends too deeply (more than ${MAX_EXTENDS} levels): is there a loop?` }] };
    }
    const base = parsePolicy(readBuiltin(doc.extends), readBuiltin, depth + 1);
    if (!base.ok) return base;
    parent = base.policy;
  }

  const likelihood = layerLikelihood(parent.likelihood, doc.likelihood ?? undefined);
  if (likelihood && 'missing' in likelihood) {
    return {
      ok: false,
      problems: [
        {
          pos: parsed.source.locateKey(['likelihood']),
          message: `likelihood: no annual probability for ${likelihood.missing.join(', ')}: give every class of event a figure, or extend a built-in policy that does (extends: baseline)`,
        },
      ],
    };
  }

  const rules = new Map(parent.rules);
  for (const [id, setting] of Object.entries(doc.rules ?? {})) {
    rules.set(id, layerRuleSetting(rules.get(id), setting ?? {}));
  }
  return {
    ok: true,
    policy: {
      name: doc.name ?? fileStem(file),
      ...(doc.description === undefined ? {} : { description: doc.description }),
      rules,
      waivers: {
        maxDays: doc.waivers?.max_days ?? parent.waivers.maxDays,
        maxRenewals: doc.waivers?.max_renewals ?? parent.waivers.maxRenewals,
      },
      ...(likelihood === undefined ? {} : { likelihood }),
    },
  };
}

/** The policy's likelihoods over the ones it extends: class by class, region and site by id. */
function layerLikelihood(
  inherited: LikelihoodTable | undefined,
  doc: Record<string, number> | undefined,
): LikelihoodTable | { missing: EventKind[] } | undefined {
  if (doc === undefined) return inherited;
  const byKind: Partial<Record<EventKind, number>> = { ...inherited?.byKind };
  const byEvent = new Map(inherited?.byEvent);
  for (const [key, p] of Object.entries(doc)) {
    if (key.includes(':')) byEvent.set(key, p);
    else byKind[key as EventKind] = p;
  }
  const missing = EVENT_KINDS.filter((k) => byKind[k] === undefined);
  if (missing.length > 0) return { missing };
  return { byKind: byKind as Record<EventKind, number>, byEvent };
}

/** A rule's setting in a policy over the one it inherits: listing a rule enables it unless it says otherwise. */
function layerRuleSetting(inherited: RulePolicy | undefined, doc: RuleSettingDocument): RulePolicy {
  let enabled = doc.enabled ?? true;
  let severity = inherited?.severity;
  if (doc.severity === 'off') enabled = false;
  else if (typeof doc.severity === 'string') severity = doc.severity;
  else if (doc.severity !== undefined) severity = { ...perCriticality(severity), ...doc.severity };
  return {
    enabled,
    ...(severity === undefined ? {} : { severity }),
    options: mergeOptions(inherited?.options ?? {}, doc.options ?? {}) as Record<string, unknown>,
  };
}

/** A severity setting spelled out per criticality. */
function perCriticality(setting: SeveritySetting | undefined): Record<Criticality, Severity | 'off'> {
  if (setting === undefined) return { ...SEVERITY_BY_CRITICALITY };
  if (typeof setting === 'string') return { critical: setting, high: setting, medium: setting, low: setting };
  return { ...setting };
}

function fileStem(file: string): string {
  const base = file.split(/[\\/]/).pop() ?? file;
  return base.replace(/\.ya?ml$/i, '') || 'policy';
}
