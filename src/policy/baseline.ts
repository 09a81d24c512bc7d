// Baselines: record today's findings, then let only new ones count (CI gates on legacy inventories).
//
// A finding is known by its inventory file and its id (`rule/subject[/detail]`), never by its line,
// so reformatting or reordering an inventory changes nothing. The file is its location relative to
// an anchor (the git repository holding the inventory, else the baseline file's directory) with `/`
// separators, so `x.yml`, `./x.yml`, `dir/`, an absolute path, another working directory or a
// baseline written on Windows all name the same file.
import { createHash } from 'node:crypto';
import { isAbsolute, posix } from 'node:path';
import type { AuditResult } from '../audit.js';
import type { Problem } from '../inventory/problem.js';
import { positionIn } from '../inventory/text.js';
import { withSuppression } from '../rules/finding.js';
import { SEVERITIES, type Finding, type Severity } from '../rules/types.js';

export const BASELINE_VERSION = 1;

export interface BaselineEntry {
  file: string;
  id: string;
  rule: string;
  severity: Severity;
  fingerprint: string;
}

export interface BaselineComparison {
  /** The baseline file, as given. */
  file: string;
  /** Entries of the baseline that no longer occur: fixed since it was written. */
  fixed: BaselineEntry[];
  /** How many of today's findings the baseline already held. */
  unchanged: number;
  /** How many of today's findings are new. */
  added: number;
}

/** Stable across reformatting and reordering of the inventory: depends on the finding id alone. */
export function fingerprint(findingId: string): string {
  return createHash('sha256').update(findingId).digest('hex').slice(0, 32);
}

const keyOf = (file: string, id: string): string => `${file}\u0000${id}`;

/**
 * Maps an inventory path as given on the command line to its baseline location; the CLI finds the
 * anchor (see baselineLocation), so this module stays free of I/O.
 */
export type LocateInventory = (file: string) => string;

/** `root`-relative location of `absolutePath`, `/`-separated, without `./`. */
export function baselineLocation(root: string, absolutePath: string): string {
  const rel = posix.relative(toSlashes(root), toSlashes(absolutePath));
  return rel === '' ? '.' : rel;
}

const toSlashes = (path: string): string => path.replace(/\\/g, '/');

/**
 * A location as stored in a baseline, in today's form: `\` separators (written on Windows) become
 * `/`, `./` and `a/../` disappear; an absolute path (older baselines stored paths as typed) is
 * located like an inventory argument.
 */
export function storedLocation(file: string, locate: LocateInventory): string {
  const slashed = toSlashes(file);
  if (isAbsolute(slashed) || /^[A-Za-z]:\//.test(slashed)) return locate(slashed);
  return posix.normalize(slashed).replace(/^(\.\/)+/, '');
}

const compareEntries = (a: BaselineEntry, b: BaselineEntry): number =>
  a.file < b.file ? -1 : a.file > b.file ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;

/** The baseline file for these results: every finding not already waived, sorted, as JSON. */
export function writeBaseline(results: readonly AuditResult[], toolVersion: string, locate: LocateInventory): string {
  const entries: BaselineEntry[] = results.flatMap((r) =>
    r.findings
      .filter((f) => f.suppression?.kind !== 'waiver')
      .map((f) => ({ file: locate(r.inventory.file), id: f.id, rule: f.rule, severity: f.severity, fingerprint: fingerprint(f.id) })),
  );
  const unique = [...new Map(entries.map((e) => [keyOf(e.file, e.id), e])).values()].sort(compareEntries);
  return `${JSON.stringify({ version: BASELINE_VERSION, tool: { name: 'bcaudit', version: toolVersion }, findings: unique }, null, 2)}\n`;
}

export type BaselineParse = { ok: true; entries: BaselineEntry[] } | { ok: false; problems: Problem[] };

/** Reads a baseline written by `--write-baseline`; anything else is a located problem. */
export function parseBaseline(text: string, file: string): BaselineParse {
  const fail = (message: string, offset = 0): BaselineParse => ({ ok: false, problems: [{ pos: positionIn(text, offset, file), message }] });
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    const offset = Number(/position (\d+)/.exec(String(error))?.[1] ?? 0);
    return fail(`the baseline is not valid JSON: ${(error as Error).message.replace(/ in JSON at position \d+.*$/, '')}`, offset);
  }
  const doc = data as { version?: unknown; findings?: unknown };
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return fail('a baseline is a JSON object written by `bcaudit check --write-baseline`');
  if (doc.version !== BASELINE_VERSION) return fail(`unsupported baseline version ${JSON.stringify(doc.version)}: this bcaudit reads version ${BASELINE_VERSION}`);
  if (!Array.isArray(doc.findings)) return fail("the baseline has no 'findings' list");
  const entries: BaselineEntry[] = [];
  for (const [i, raw] of doc.findings.entries()) {
    const e = raw as Partial<BaselineEntry>;
    if (typeof e?.file !== 'string' || typeof e.id !== 'string' || typeof e.rule !== 'string' || !SEVERITIES.includes(e.severity as Severity)) {
      return fail(`findings[${i}] needs 'file', 'id', 'rule' and 'severity'`, Math.max(0, text.indexOf(JSON.stringify(e?.id ?? ''))));
    }
    entries.push({ file: e.file, id: e.id, rule: e.rule, severity: e.severity as Severity, fingerprint: fingerprint(e.id) });
  }
  return { ok: true, entries };
}

/** Marks findings the baseline holds as suppressed (they no longer fail the run) and lists fixed ones. */
export function applyBaseline(
  results: readonly AuditResult[],
  entries: readonly BaselineEntry[],
  baselineFile: string,
  locate: LocateInventory,
): { results: AuditResult[]; comparison: BaselineComparison } {
  const stored = entries.map((e) => ({ ...e, file: storedLocation(e.file, locate) }));
  const known = new Set(stored.map((e) => keyOf(e.file, e.id)));
  const seen = new Set<string>();
  let unchanged = 0;
  let added = 0;
  const marked = results.map((r) => ({
    ...r,
    findings: r.findings.map((f): Finding => {
      const key = keyOf(locate(r.inventory.file), f.id);
      seen.add(key);
      if (f.suppression) return f;
      if (!known.has(key)) {
        added++;
        return f;
      }
      unchanged++;
      return withSuppression(f, { kind: 'baseline', justification: `already in the baseline ${baselineFile}` });
    }),
  }));
  const fixed = stored.filter((e) => !seen.has(keyOf(e.file, e.id))).sort(compareEntries);
  return { results: marked, comparison: { file: baselineFile, fixed, unchanged, added } };
}
