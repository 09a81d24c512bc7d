// What every formatter of `check` results receives: the results and a few settings, nothing else.
import type { AuditResult } from '../audit.js';
import type { BaselineComparison } from '../policy/baseline.js';
import type { Finding, Severity } from '../rules/types.js';

export type FailOn = Severity | 'never';

export interface FormatContext {
  /** One result per inventory, in the order given on the command line. */
  results: readonly AuditResult[];
  failOn: FailOn;
  /** Most risk groups to list per data set; JSON lists all unless set. */
  top?: number;
  color: 0 | 1 | 2 | 3;
  policyName: string;
  /** Evaluation date, YYYY-MM-DD. */
  now: string;
  /** Working directory, to make absolute inventory paths relative in SARIF. */
  cwd?: string;
  /** The tool's version, for machine-readable outputs. */
  toolVersion: string;
  /** Set when --baseline was given: what changed since it was written. */
  baseline?: BaselineComparison;
  /** With --show-baselined: list findings the baseline holds in full, not as one line. */
  showBaselined?: boolean;
}

/** Every finding of every inventory, in order. */
export function allFindings(ctx: FormatContext): Finding[] {
  return ctx.results.flatMap((r) => r.findings);
}

export type Formatter = (ctx: FormatContext) => string;
