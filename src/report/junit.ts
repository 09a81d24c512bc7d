// `check --format junit`: one test suite per data set, one test case per rule, for GitLab, Jenkins and others.
import { failsRun } from '../policy/gate.js';
import type { Finding } from '../rules/types.js';
import type { Formatter } from './types.js';
import { element } from './xml.js';

/** Rules every data set is checked against, shown as passing test cases when they find nothing. */
const DATA_SET_RULES = ['single-point-of-failure', 'independence', 'no-backup'];

export const formatJunit: Formatter = (ctx) => {
  const { result } = ctx;
  const dataSetRules = new Set(DATA_SET_RULES);
  for (const f of result.findings) if (f.dataSets.length > 0) dataSetRules.add(f.rule);

  const suites: { name: string; cases: { name: string; classname: string; findings: Finding[] }[] }[] = [];
  for (const ds of result.dataSets) {
    const cases = [...dataSetRules].sort().map((rule) => ({
      name: rule,
      classname: `bcaudit.${ds.id}`,
      findings: result.findings.filter((f) => f.rule === rule && f.dataSets.includes(ds.id)),
    }));
    suites.push({ name: ds.id, cases });
  }
  const general = result.findings.filter((f) => f.dataSets.length === 0);
  if (general.length > 0) {
    const rules = [...new Set(general.map((f) => f.rule))].sort();
    suites.push({
      name: 'inventory',
      cases: rules.map((rule) => ({ name: rule, classname: 'bcaudit.inventory', findings: general.filter((f) => f.rule === rule) })),
    });
  }

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
        { name: c.name, classname: c.classname, file: first?.pos.file ?? result.inventory.file, line: first?.pos.line, time: 0 },
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
  const root = element('testsuites', { name: `bcaudit ${result.inventory.file}`, tests, failures, errors: 0, skipped, time: 0 }, suiteXml);
  return `<?xml version="1.0" encoding="UTF-8"?>\n${root}\n`;
};

function describe(f: Finding): string {
  const waived = f.suppression ? ` (suppressed: ${f.suppression.justification})` : '';
  return `[${f.severity}] ${f.id}${waived}\n${f.message}\nat ${f.pos.file}:${f.pos.line}:${f.pos.column}\nfix: ${f.remediation}`;
}
