// A policy selects and configures built-in rules; it never runs code.
import type { Criticality } from '../inventory/types.js';
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

export interface Policy {
  name: string;
  rules: Map<string, RulePolicy>;
  waivers: WaiverPolicy;
}

/** Findings about data take their severity from its criticality unless the policy says otherwise. */
export const SEVERITY_BY_CRITICALITY: Record<Criticality, Severity> = {
  critical: 'critical',
  high: 'high',
  medium: 'medium',
  low: 'low',
};
