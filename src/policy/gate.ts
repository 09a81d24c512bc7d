// Which findings fail the run.
import type { FailOn } from '../report/types.js';
import { SEVERITY_RANK, type Finding } from '../rules/types.js';

export function failsRun(finding: Finding, failOn: FailOn): boolean {
  if (failOn === 'never' || finding.suppression) return false;
  return SEVERITY_RANK[finding.severity] >= SEVERITY_RANK[failOn];
}

export function exitCodeFor(findings: readonly Finding[], failOn: FailOn): 0 | 1 {
  return findings.some((f) => failsRun(f, failOn)) ? 1 : 0;
}
