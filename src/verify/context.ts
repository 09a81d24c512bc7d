// What a probe gets from the runner: its stop signal, the environment, and the bounds.
import type { ProbeProblem, ProbeStatus } from './observations.js';
import type { Redactor, StopContext } from './reasons.js';

export interface ProbeContext extends StopContext {
  /** Aborted when the probe's --timeout or the run's --deadline passes; see stoppedBy(). */
  signal: AbortSignal;
  env: Readonly<Record<string, string | undefined>>;
  /** Reads a local file (identity file, known_hosts) as UTF-8. */
  readFile(path: string): string;
  redactor: Redactor;
  maxEntries: number;
  maxDepth: number;
  now(): Date;
}

/** A call the endpoint does not offer is not a failure: the claim it would check is unverifiable there. */
export function statusOf(problems: readonly ProbeProblem[], observedSomething: boolean): ProbeStatus {
  if (problems.every((p) => p.kind === 'unsupported')) return 'complete';
  return observedSomething ? 'partial' : 'failed';
}
