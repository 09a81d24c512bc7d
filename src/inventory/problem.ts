// A problem with the user's input, located in a file.
import type { Position } from './types.js';

export interface Problem {
  pos: Position;
  message: string;
}

/**
 * `file:line:col: message`, the form editors and CI logs link to. One line, whatever the input: a
 * key or file name with a line break, an escape sequence or a bidirectional override is shown
 * escaped (`\n`, `\u001B`), so it can neither forge another line nor colour or reorder the terminal.
 */
export function formatProblem(p: Problem): string {
  return `${escapeControls(p.pos.file)}:${p.pos.line}:${p.pos.column}: ${escapeControls(shorten(p.message))}`;
}

/** Longest message printed whole; longer ones (a megabyte-long key quoted in one) are cut. */
const MAX_MESSAGE = 2000;

function shorten(message: string): string {
  if (message.length <= MAX_MESSAGE) return message;
  return `${message.slice(0, MAX_MESSAGE)}… (${message.length - MAX_MESSAGE} more characters)`;
}

/**
 * Control characters (C0 but tab, DEL, C1), line and paragraph separators, and the invisible
 * bidirectional formatting characters, as visible escapes; everything else unchanged.
 */
export function escapeControls(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, (ch) => {
    if (ch === '\n') return '\\n';
    if (ch === '\r') return '\\r';
    return `\\u${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
  });
}

export function sortProblems(problems: Problem[]): Problem[] {
  const seen = new Set<string>();
  return [...problems]
    .sort((a, b) => a.pos.line - b.pos.line || a.pos.column - b.pos.column || (a.message < b.message ? -1 : 1))
    .filter((p) => {
      const key = `${p.pos.file}\u0000${p.pos.line}\u0000${p.pos.column}\u0000${p.message}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}

/**
 * The first `max` problems, and one more saying how many were left out (at the first one left
 * out): a file with a million broken entries gives a screenful, not a million lines.
 */
export function capProblems(problems: Problem[], max: number): Problem[] {
  if (problems.length <= max) return problems;
  const rest = problems.length - max;
  return [
    ...problems.slice(0, max),
    { pos: problems[max]!.pos, message: `… and ${rest} more problem${rest === 1 ? '' : 's'} (only the first ${max} are shown; --max-problems)` },
  ];
}

/** Thrown by loaders when input is wrong; the CLI prints the problems and exits 2. */
export class InputError extends Error {
  constructor(readonly problems: Problem[]) {
    super(problems.map(formatProblem).join('\n'));
  }
}
