// `check --format junit`: one test suite per data set, one test case per rule, for GitLab, Jenkins and others.
import type { AuditResult } from '../audit.js';
import { failsRun } from '../policy/gate.js';
import type { Finding } from '../rules/types.js';
import type { FailOn, FormatContext, Formatter } from './types.js';
import { joinPieces } from './pieces.js';
import { attributes, element } from './xml.js';

/** Rules every data set is checked against, shown as passing test cases when they find nothing. */
const DATA_SET_RULES = ['single-point-of-failure', 'independence', 'no-backup'];

interface Suite {
  name: string;
  file: string;
  cases: { name: string; classname: string; findings: Finding[] }[];
}

/** One suite per data set, and one for findings about the inventory as a whole. */
function suitesOf(result: AuditResult, prefix: string): Suite[] {
  const file = result.inventory.file;
  const dataSetRules = new Set(DATA_SET_RULES);
  // Each data set's findings in report order, found once instead of scanning all findings per data set.
  const byDataSet = new Map<string, Finding[]>();
  const general: Finding[] = [];
  for (const f of result.findings) {
    if (f.dataSets.length === 0) general.push(f);
    else dataSetRules.add(f.rule);
    for (const id of new Set(f.dataSets)) {
      const list = byDataSet.get(id);
      if (list) list.push(f);
      else byDataSet.set(id, [f]);
    }
  }
  const rules = [...dataSetRules].sort();
  const suites: Suite[] = result.dataSets.map((ds) => {
    const own = byDataSet.get(ds.id) ?? [];
    return {
      name: `${prefix}${ds.id}`,
      file,
      cases: rules.map((rule) => ({ name: rule, classname: `bcaudit.${prefix}${ds.id}`, findings: own.filter((f) => f.rule === rule) })),
    };
  });
  if (general.length > 0) {
    const generalRules = [...new Set(general.map((f) => f.rule))].sort();
    suites.push({
      name: `${prefix}inventory`,
      file,
      cases: generalRules.map((rule) => ({ name: rule, classname: `bcaudit.${prefix}inventory`, findings: general.filter((f) => f.rule === rule) })),
    });
  }
  return suites;
}

/** What a test case reports: findings that fail the run, waived ones, and the rest. */
function outcomeOf(c: Suite['cases'][number], failOn: FailOn) {
  const failing = c.findings.filter((f) => failsRun(f, failOn));
  const waived = c.findings.filter((f) => f.suppression);
  const other = c.findings.filter((f) => !f.suppression && !failsRun(f, failOn));
  return { failing, waived, other, failed: failing.length > 0, skipped: failing.length === 0 && waived.length > 0 && other.length === 0 };
}

function suiteCounts(suite: Suite, failOn: FailOn): { failures: number; skipped: number } {
  let failures = 0;
  let skipped = 0;
  for (const c of suite.cases) {
    const outcome = outcomeOf(c, failOn);
    if (outcome.failed) failures++;
    else if (outcome.skipped) skipped++;
  }
  return { failures, skipped };
}

function suiteXml(suite: Suite, failOn: FailOn): string {
  const { failures, skipped } = suiteCounts(suite, failOn);
  const caseXml = suite.cases.map((c) => {
    const { failing, waived, other, skipped: caseSkipped } = outcomeOf(c, failOn);
    const children: string[] = [];
    if (failing.length > 0) {
      const worst = failing[0]!;
      children.push(
        element(
          'failure',
          { message: failing.length === 1 ? worst.message : `${failing.length} findings: ${worst.message}`, type: worst.severity },
          { text: failing.map(describe).join('\n\n') },
          '      ',
        ),
      );
    } else if (caseSkipped) {
      children.push(element('skipped', { message: `waived: ${waived.map((f) => f.suppression!.justification).join('; ')}` }, [], '      '));
    }
    if (other.length > 0) children.push(element('system-out', {}, { text: other.map(describe).join('\n\n') }, '      '));
    const first = c.findings[0];
    return element('testcase', { name: c.name, classname: c.classname, file: first?.pos.file ?? suite.file, line: first?.pos.line, time: 0 }, children, '    ');
  });
  return element('testsuite', { name: `bcaudit: ${suite.name}`, tests: suite.cases.length, failures, errors: 0, skipped, time: 0 }, caseXml, '  ');
}

/** The `check --format junit` report in pieces: the totals first (the root element carries them), then one suite at a time. */
export function* junitDocumentPieces(ctx: FormatContext): Generator<string> {
  const several = ctx.results.length > 1;
  const suites = ctx.results.flatMap((r) => suitesOf(r, several ? `${r.inventory.file}:` : ''));
  let tests = 0;
  let failures = 0;
  let skipped = 0;
  for (const suite of suites) {
    const counts = suiteCounts(suite, ctx.failOn);
    tests += suite.cases.length;
    failures += counts.failures;
    skipped += counts.skipped;
  }
  const name = `bcaudit ${ctx.results.map((r) => r.inventory.file).join(' ')}`;
  const rootAttrs = attributes({ name, tests, failures, errors: 0, skipped, time: 0 });
  yield '<?xml version="1.0" encoding="UTF-8"?>\n';
  if (suites.length === 0) {
    yield `<testsuites${rootAttrs}/>\n`;
    return;
  }
  yield `<testsuites${rootAttrs}>`;
  for (const suite of suites) yield `\n${suiteXml(suite, ctx.failOn)}`;
  yield '\n</testsuites>\n';
}

export const formatJunit: Formatter = (ctx) => joinPieces(junitDocumentPieces(ctx));

function describe(f: Finding): string {
  const waived = f.suppression ? ` (suppressed: ${f.suppression.justification})` : '';
  return `[${f.severity}] ${f.id}${waived}\n${f.message}\nat ${f.pos.file}:${f.pos.line}:${f.pos.column}\nfix: ${f.remediation}`;
}
