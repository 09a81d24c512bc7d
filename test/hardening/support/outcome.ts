// What every run of bcaudit must look like, whatever its input: one of the exit codes of
// DESIGN §5, no stack trace, no "internal error", nothing that drives a terminal, and — when the
// input is refused — one located `file:line:col: message` line per problem.
import { XMLValidator } from 'fast-xml-parser';
import { STACK_LINE } from '../../support/cli.js';

export interface Outcome {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Characters that must never reach a terminal raw: C0 controls but tab and line feed (escape
 * sequences start with ESC; CR overwrites a line), DEL, C1 controls (U+009B is an 8-bit CSI),
 * line/paragraph separators and the invisible bidirectional controls ("Trojan Source").
 */
export const TERMINAL_UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

/** `file:line:col: message` of a refused input, or the closing summary line. */
const PROBLEM_LINE = /^(.*?):(\d+):(\d+): (\S.*)$/;
const LINE_COLUMN = /^(\d+):(\d+): (\S.*)$/;
const SUMMARY_LINE = /^bcaudit: \d+ problems? in the input; nothing was analysed$/;
const LIMIT_LINE = /^bcaudit: too many risk groups to enumerate exactly above order \d+: /;

export interface Expectation {
  /** The file the problems must point into (as given on the command line). */
  file: string;
  /** Its text, to check that every line number exists in it; undefined when it is not text. */
  text?: string;
  /** Extra stderr lines allowed on exit 2 (e.g. simulate's "not a failure" usage message). */
  allowedUsage?: RegExp;
  /** What stdout must parse as on exit 0/1. */
  format?: 'json' | 'xml' | 'text';
}

export type Classification = 'analysed' | 'refused' | 'limit' | 'usage';

/** The ways an outcome breaks the contract (empty when it holds), and how the run ended. */
export function judge(outcome: Outcome, expect: Expectation): { violations: string[]; kind: Classification } {
  const violations: string[] = [];
  const { code, stdout, stderr } = outcome;
  let kind: Classification = 'analysed';
  if (code !== 0 && code !== 1 && code !== 2) violations.push(`exit code ${code}`);
  for (const [name, text] of [
    ['stdout', stdout],
    ['stderr', stderr],
  ] as const) {
    if (STACK_LINE.test(text)) violations.push(`${name} has a stack trace line: ${JSON.stringify(text.match(/^.*\n?.*\s+at\s.*$/m)?.[0]?.slice(0, 200))}`);
    if (/internal error/i.test(text)) violations.push(`${name} says internal error: ${JSON.stringify(text.slice(0, 300))}`);
    const unsafe = TERMINAL_UNSAFE.exec(text);
    if (unsafe) {
      const at = unsafe.index;
      violations.push(`${name} has raw U+${unsafe[0].charCodeAt(0).toString(16).padStart(4, '0')} near ${JSON.stringify(text.slice(Math.max(0, at - 60), at + 20))}`);
    }
  }
  if (code === 2) {
    const lines = stderr.split('\n').filter((l) => l !== '');
    if (lines.length === 0) violations.push('exit 2 with nothing on stderr');
    const lineCount = expect.text === undefined ? Infinity : expect.text.split(/\r\n|\r|\n/).length + 1;
    let problems = 0;
    for (const line of lines) {
      if (SUMMARY_LINE.test(line)) continue;
      if (LIMIT_LINE.test(line)) {
        kind = 'limit';
        continue;
      }
      if (expect.allowedUsage?.test(line)) {
        kind = 'usage';
        continue;
      }
      // The file as given, then line and column: messages may themselves contain `x:1:1: `.
      const m = line.startsWith(`${expect.file}:`) ? LINE_COLUMN.exec(line.slice(expect.file.length + 1)) : null;
      if (!m) {
        violations.push(
          PROBLEM_LINE.test(line) ? `problem not in ${expect.file}: ${line.slice(0, 200)}` : `stderr line is not file:line:col: ${JSON.stringify(line.slice(0, 200))}`,
        );
        continue;
      }
      problems++;
      const ln = Number(m[1]);
      if (ln < 1 || ln > lineCount) violations.push(`line ${ln} is outside the file (${lineCount - 1} lines): ${line.slice(0, 200)}`);
      if (Number(m[2]) < 1) violations.push(`column ${m[2]}: ${line.slice(0, 200)}`);
    }
    if (problems > 0) {
      kind = 'refused';
      if (!lines.some((l) => SUMMARY_LINE.test(l))) violations.push('problems without the closing summary line');
    }
  } else if (code === 0 || code === 1) {
    if (stdout === '') violations.push(`exit ${code} with nothing on stdout`);
    if (stderr !== '') violations.push(`exit ${code} with stderr: ${JSON.stringify(stderr.slice(0, 300))}`);
    if (expect.format === 'json') {
      try {
        JSON.parse(stdout);
      } catch (error) {
        violations.push(`stdout is not JSON: ${String(error).slice(0, 200)}`);
      }
    } else if (expect.format === 'xml') {
      const valid = XMLValidator.validate(stdout);
      if (valid !== true) violations.push(`stdout is not well-formed XML: ${JSON.stringify(valid.err).slice(0, 200)}`);
    }
  }
  return { violations, kind };
}
