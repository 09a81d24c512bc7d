// `check --format junit`: one test suite per data set, one test case per rule, for GitLab, Jenkins and others.
import type { AuditResult } from '../audit.js';
import { failsRun } from '../policy/gate.js';
import type { Finding } from '../rules/types.js';
import type { Formatter } from './types.js';
import { element } from './xml.js';

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
  for (const f of result.findings) if (f.dataSets.length > 0) dataSetRules.add(f.rule);
  const suites: Suite[] = result.dataSets.map((ds) => ({
    name: `${prefix}${ds.id}`,
    file,
    cases: [...dataSetRules].sort().map((rule) => ({
      name: rule,
      classname: `bcaudit.${prefix}${ds.id}`,
      findings: result.findings.filter((f) => f.rule === rule && f.dataSets.includes(ds.id)),
    })),
  }));
  const general = result.findings.filter((f) => f.dataSets.length === 0);
  if (general.length > 0) {
    const rules = [...new Set(general.map((f) => f.rule))].sort();
    suites.push({
      name: `${prefix}inventory`,
      file,
      cases: rules.map((rule) => ({ name: rule, classname: `bcaudit.${prefix}inventory`, findings: general.filter((f) => f.rule === rule) })),
    });
  }
  return suites;
}

export const formatJunit: Formatter = (ctx) => {
  const several = ctx.results.length > 1;
  const suites = ctx.results.flatMap((r) => suitesOf(r, several ? `${r.inventory.file}:` : ''));

  let tests = 0;
  let failures = 0;
  let skipped = 0;
  const suiteXml = suites.map((suite) => {
    let suiteFailures = 0;
    let suiteSkipped = 0;
    const caseXml = suite.cases.map((c) => {
      const failing = c.findings.filter((f) => failsRun(f, ctx.failOn));
      const waived = c.findings.filter((f) => f.suppression);
      const other = c.findings.filter((f) => !f.suppression && !failsRun(f, ctx.failOn));
      const children: string[] = [];
      if (failing.length > 0) {
        suiteFailures++;
        const worst = failing[0]!;
        children.push(
          element(
            'failure',
            { message: failing.length === 1 ? worst.message : `${failing.length} findings: ${worst.message}`, type: worst.severity },
            { text: failing.map(describe).join('\n\n') },
            '      ',
          ),
        );
      } else if (waived.length > 0 && other.length === 0) {
        suiteSkipped++;
        children.push(element('skipped', { message: `waived: ${waived.map((f) => f.suppression!.justification).join('; ')}` }, [], '      '));
      }
      if (other.length > 0) children.push(element('system-out', {}, { text: other.map(describe).join('\n\n') }, '      '));
      const first = c.findings[0];
      return element(
        'testcase',
        { name: c.name, classname: c.classname, file: first?.pos.file ?? suite.file, line: first?.pos.line, time: 0 },
        children,
        '    ',
      );
    });
    tests += suite.cases.length;
    failures += suiteFailures;
    skipped += suiteSkipped;
    return element(
      'testsuite',
      { name: `bcaudit: ${suite.name}`, tests: suite.cases.length, failures: suiteFailures, errors: 0, skipped: suiteSkipped, time: 0 },
      caseXml,
      '  ',
    );
  });
  const name = `bcaudit ${ctx.results.map((r) => r.inventory.file).join(' ')}`;
  const root = element('testsuites', { name, tests, failures, errors: 0, skipped, time: 0 }, suiteXml);
  return `<?xml version="1.0" encoding="UTF-8"?>\n${root}\n`;
};

function describe(f: Finding): string {
  const waived = f.suppression ? ` (suppressed: ${f.suppression.justification})` : '';
  return `[${f.severity}] ${f.id}${waived}\n${f.message}\nat ${f.pos.file}:${f.pos.line}:${f.pos.column}\nfix: ${f.remediation}`;
}
