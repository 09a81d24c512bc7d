// A policy selects and configures built-in rules; it never runs code.
import type { Criticality, Position, Waiver } from '../inventory/types.js';
import type { PathSegment } from '../inventory/yamlSource.js';
import type { LikelihoodTable } from '../model/likelihood.js';
import type { Severity } from '../rules/types.js';

/** Severity of a rule's findings: one for all, or one per criticality of the data concerned. */
export type SeveritySetting = Severity | Record<Criticality, Severity | 'off'>;

export interface RulePolicy {
  enabled: boolean;
  severity?: SeveritySetting;
  options: Record<string, unknown>;
}

export interface WaiverPolicy {
  /** Longest a waiver may run, from granted to expires. */
  maxDays: number;
  /** Most times a waiver may be extended. */
  maxRenewals: number;
}

export const DEFAULT_WAIVER_POLICY: WaiverPolicy = { maxDays: 90, maxRenewals: 2 };

export interface Policy {
  name: string;
  description?: string;
  /** Every rule the policy knows about; a rule missing here runs with its defaults. */
  rules: Map<string, RulePolicy>;
  waivers: WaiverPolicy;
  /** Annual probabilities of basic events; absent when the policy sets none (then no probabilities are computed). */
  likelihood?: LikelihoodTable;
}

/** Findings about data take their severity from its criticality unless the policy says otherwise. */
export const SEVERITY_BY_CRITICALITY: Record<Criticality, Severity> = {
  critical: 'critical',
  high: 'high',
  medium: 'medium',
  low: 'low',
};

/** A waiver and where it is written: in the inventory (`waivers[i]`) or in a --waivers file (`[i]`). */
export interface PlacedWaiver {
  waiver: Waiver;
  /** Path in the file the waiver is written in. */
  path: PathSegment[];
}

/** One waiver, judged against the policy's limits, the evaluation date and the findings. */
export interface WaiverReview {
  waiver: Waiver;
  path: PathSegment[];
  pos: Position;
  /** Names the waiver in finding ids: its pattern, with `~2`, `~3` … when a pattern repeats. */
  subject: string;
  /** Days from `granted` (or from the evaluation date, without one) to `expires`. */
  termDays: number;
  /** The last day the waiver suppresses: `expires`, cut to `granted` + the policy's maximum days. */
  effectiveExpires: string;
  tooLong: boolean;
  expired: boolean;
  overRenewed: boolean;
  /** Not expired and not renewed beyond the limit: it suppresses what it matches. */
  active: boolean;
  /** Ids of the findings the pattern matches, suppressed or not. */
  matches: string[];
}
