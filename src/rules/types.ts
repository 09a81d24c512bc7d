// The shape of a rule and of what it finds (STYLE: a rule is data plus one pure function).
import type { Criticality, Inventory, Position } from '../inventory/types.js';
import type { DataSetRiskGroups, FaultGraph } from '../model/types.js';
import type { PathSegment } from '../inventory/yamlSource.js';
import type { TerraformCoverage } from './terraformCoverage.js';
import type { WaiverPolicy, WaiverReview } from '../policy/types.js';

export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Higher is worse. */
export const SEVERITY_RANK: Record<Severity, number> = { critical: 4, high: 3, medium: 2, low: 1, info: 0 };

/**
 * A sentence of a finding, or the function that writes it. Rules whose sentences are long and
 * many give a function (a 100k-entity inventory has some 70,000 single points of failure, each
 * sentence naming what it takes down): the sentence is written each time a format reads it and
 * dropped after, instead of every sentence being held from the rules to the end of the output.
 */
export type Sentence = string | (() => string);

/** What a rule returns: the core attaches the position from `path` and the severity from the policy. */
export interface FindingDraft {
  /** The part of the id after the rule: `subject[/detail]`. */
  subject: string;
  detail?: string;
  /** The criticality of the data the finding is about; picks the severity through the policy. */
  criticality?: Criticality;
  /** A fixed severity, for findings not about one data set's criticality. */
  severity?: Severity;
  /** A note the policy cannot raise (it says how something was matched; it fails no gate). */
  note?: boolean;
  /** One step worse than the policy's severity (capped at critical), for an aggravated case of the rule. */
  escalate?: boolean;
  message: Sentence;
  remediation: Sentence;
  /** Inventory path of the node the finding is about, e.g. ['accounts', 'do-main']. */
  path: PathSegment[];
  /** Where the finding points when that is not in the inventory (a waiver in a --waivers file). */
  pos?: Position;
  /** Basic events involved, if any (event ids). */
  events?: string[];
  /** The data sets the finding concerns. */
  dataSets?: string[];
}

export interface Suppression {
  kind: 'waiver' | 'baseline';
  justification: string;
  owner?: string;
  expires?: string;
}

export interface Finding {
  /** Stable id `rule/subject[/detail]`. */
  id: string;
  rule: string;
  severity: Severity;
  /** Read-only: may be written only when read (see Sentence and withSuppression). */
  readonly message: string;
  readonly remediation: string;
  pos: Position;
  path: PathSegment[];
  events: string[];
  dataSets: string[];
  suppression?: Suppression;
}

export interface RuleDocs {
  /** What the rule checks, in one or two sentences. */
  checks: string;
  /** Why it matters, naming the kind of incident it prevents. */
  why: string;
  /** How to fix what it finds. */
  fix: string;
}

export interface RuleContext<Options> {
  inventory: Inventory;
  graph: FaultGraph;
  riskGroups: ReadonlyMap<string, DataSetRiskGroups>;
  maxOrder: number;
  options: Options;
  /** Evaluation date, YYYY-MM-DD, for time-based rules. */
  now: string;
  /** With `check --terraform`: the resources in the Terraform files, for the coverage rules. */
  terraform?: TerraformCoverage;
}

/** What every rule declares: the data `explain`, the policy schema and SARIF are built from. */
export interface RuleMeta<Options = Record<string, unknown>> {
  id: string;
  title: string;
  /** Severity when the policy does not map criticality to severity and the draft sets none. */
  defaultSeverity: Severity;
  docs: RuleDocs;
  /** JSON Schema of the rule's options in a policy; every option has a `description`. */
  optionsSchema: object;
  defaultOptions: Options;
}

/** A rule over the inventory and its risk groups. */
export interface Rule<Options = Record<string, unknown>> extends RuleMeta<Options> {
  check(ctx: RuleContext<Options>): FindingDraft[];
}

export interface WaiverRuleContext<Options> {
  /** Every waiver, as judged against the findings of the inventory rules. */
  reviews: readonly WaiverReview[];
  limits: WaiverPolicy;
  options: Options;
  now: string;
}

/** A rule over the waivers, run after the inventory rules' findings have been matched against them. */
export interface WaiverRule<Options = Record<string, unknown>> extends RuleMeta<Options> {
  checkWaivers(ctx: WaiverRuleContext<Options>): FindingDraft[];
}

export type AnyRule = Rule<unknown> | WaiverRule<unknown>;

export function isWaiverRule(rule: AnyRule): rule is WaiverRule<unknown> {
  return 'checkWaivers' in rule;
}
