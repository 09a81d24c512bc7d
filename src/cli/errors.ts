// Errors the CLI turns into exit code 2 with a message, never a stack trace.
import { formatProblem, type Problem } from '../inventory/problem.js';

/** The command line or an input file is wrong. */
export class UsageError extends Error {}

export class InputProblems extends Error {
  constructor(readonly problems: Problem[]) {
    super(problems.map(formatProblem).join('\n'));
  }
}

export const EXIT = { ok: 0, findings: 1, input: 2, live: 3 } as const;
