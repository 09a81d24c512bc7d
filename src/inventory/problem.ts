// A problem with the user's input, located in a file.
import type { Position } from './types.js';

export interface Problem {
  pos: Position;
  message: string;
}

/** `file:line:col: message`, the form editors and CI logs link to. */
export function formatProblem(p: Problem): string {
  return `${p.pos.file}:${p.pos.line}:${p.pos.column}: ${p.message}`;
}

export function sortProblems(problems: Problem[]): Problem[] {
  const seen = new Set<string>();
  return [...problems]
    .sort((a, b) => a.pos.line - b.pos.line || a.pos.column - b.pos.column || (a.message < b.message ? -1 : 1))
    .filter((p) => {
      const key = formatProblem(p);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}

/** Thrown by loaders when input is wrong; the CLI prints the problems and exits 2. */
export class InputError extends Error {
  constructor(readonly problems: Problem[]) {
    super(problems.map(formatProblem).join('\n'));
  }
}
