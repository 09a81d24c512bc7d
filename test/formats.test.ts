// SARIF validates against the official 2.1.0 schema; JUnit and Markdown survive hostile text.
import { readFileSync } from 'node:fs';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { audit, type AuditResult } from '../src/audit.js';
import { parseInventory } from '../src/inventory/load.js';
import { defaultPolicy } from '../src/policy/builtin.js';
import { CHECK_FORMATS, type CheckFormat } from '../src/report/index.js';
import { fingerprint } from '../src/policy/baseline.js';
import type { FormatContext } from '../src/report/types.js';
import { sarifValidator } from './support/sarif.js';

const EXAMPLES = ['raisup', 'cmo-hosting', 'jimdo-vendor', 'self-hosted', 'assumed-backup', 'resilient'];

function auditFile(file: string, text = readFileSync(file, 'utf8')): AuditResult {
  const loaded = parseInventory(text, file);
  if (!loaded.ok) throw new Error(loaded.problems.map((p) => p.message).join('\n'));
  return audit(loaded.inventory, { maxOrder: 3, policy: defaultPolicy(), now: '2026-11-24' });
}

function render(format: CheckFormat, result: AuditResult, extra: Partial<FormatContext> = {}): string {
  return CHECK_FORMATS[format]({ results: [result], failOn: 'high', color: 0, policyName: 'baseline', now: '2026-11-24', toolVersion: '0.0.0-test', ...extra });
}

/** An inventory whose free text is as hostile as we can make it. */
const HOSTILE = `version: 1
name: "evil ]]> <script>alert(1)</script> & \\"quotes\\" 'apos' \\u001b[31mred\\u0007 \\u0000 | pipes | *bold* [link](http://x)"
providers:
  p: { kind: cloud, description: "<b>&amp;</b> ]]>" }
accounts:
  a:
    provider: p
    admins: [constructor]
identities:
  constructor: { kind: person }
stores:
  db:
    kind: database
    account: a
    criticality: critical
    owner: "\\u001b]0;title\\u0007 <img src=x onerror=alert(1)> \`code\` ]]>"
`;

describe('sarif', () => {
  const validate = sarifValidator();

  it.each(EXAMPLES)('%s validates against SARIF 2.1.0', (name) => {
    const log = JSON.parse(render('sarif', auditFile(`examples/${name}.yml`)));
    const ok = validate(log);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it('locates every result at the finding line and column of the inventory', () => {
    const result = auditFile('examples/raisup.yml');
    const log = JSON.parse(render('sarif', result));
    const results = log.runs[0].results as { locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number } } }[]; ruleIndex: number; ruleId: string }[];
    expect(results).toHaveLength(result.findings.length);
    results.forEach((r, i) => {
      const f = result.findings[i]!;
      expect(r.locations[0]!.physicalLocation.artifactLocation.uri).toBe('examples/raisup.yml');
      expect(r.locations[0]!.physicalLocation.region).toEqual({ startLine: f.pos.line, startColumn: f.pos.column });
      expect(log.runs[0].tool.driver.rules[r.ruleIndex].id).toBe(r.ruleId);
    });
  });

  it('fingerprints survive reformatting and reordering of the inventory', () => {
    const text = readFileSync('examples/raisup.yml', 'utf8');
    const reformatted = `# a new comment\n\n${text.replace(/\n/g, '\n\n')}`;
    const a = JSON.parse(render('sarif', auditFile('examples/raisup.yml', text))).runs[0].results;
    const b = JSON.parse(render('sarif', auditFile('examples/raisup.yml', reformatted))).runs[0].results;
    const prints = (rs: { partialFingerprints: Record<string, string> }[]) => rs.map((r) => Object.values(r.partialFingerprints)[0]).sort();
    expect(prints(b)).toEqual(prints(a));
    expect(a[0].locations[0].physicalLocation.region.startLine).not.toBe(b[0].locations[0].physicalLocation.region.startLine);
    expect(fingerprint('x')).toBe(fingerprint('x'));
    expect(fingerprint('x')).not.toBe(fingerprint('y'));
  });
});

describe('junit', () => {
  const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' });

  it.each(EXAMPLES)('%s is well-formed XML with one suite per data set', (name) => {
    const result = auditFile(`examples/${name}.yml`);
    const xml = render('junit', result);
    expect(XMLValidator.validate(xml)).toBe(true);
    const doc = parser.parse(xml);
    const suites = [doc.testsuites.testsuite].flat();
    expect(suites.map((s: { name: string }) => s.name)).toEqual(
      expect.arrayContaining(result.dataSets.map((d) => `bcaudit: ${d.id}`)),
    );
    const failing = result.findings.filter((f) => ['critical', 'high'].includes(f.severity)).length;
    expect(Number(doc.testsuites.failures) > 0).toBe(failing > 0);
  });

  it('escapes hostile names and messages, and the text round-trips through a real parser', () => {
    const result = auditFile('hostile.yml', HOSTILE);
    result.findings.push({
      ...result.findings[0]!,
      id: 'x/"]]><&\'',
      message: 'a ]]> b <c> & "d" \'e\' \u0000\u001b[0m\u0007 f\ud800',
      remediation: '</failure></testcase><evil/>',
    });
    const xml = render('junit', result);
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(xml).not.toContain('<evil/>');
    expect(xml).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/);
    const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', processEntities: true, htmlEntities: false }).parse(xml);
    const cases = [doc.testsuites.testsuite].flat().flatMap((s: { testcase: unknown }) => [s.testcase].flat()) as { failure?: { message: string; '#text': string } }[];
    const texts = cases.map((c) => c.failure?.['#text'] ?? '').join('\n');
    expect(texts).toContain('</failure></testcase><evil/>');
    expect(texts).toContain('a ]]> b <c> & "d"');
  });
});

describe('markdown', () => {
  it('injects no HTML, links or table breaks from inventory text', () => {
    const result = auditFile('hostile.yml', HOSTILE);
    result.findings.push({ ...result.findings[0]!, message: '<script>x</script> | [a](http://evil) `tick` \n# heading' });
    const md = render('markdown', result);
    expect(md).not.toContain('<script>');
    expect(md).not.toMatch(/(?<!\\)\](?=\(http:\/\/evil)/);
    expect(md).not.toMatch(/\u001b/);
    const tableRows = md.split('\n').filter((l) => l.startsWith('| 🟥'));
    for (const row of tableRows) expect(row.split(/(?<!\\)\|/).length).toBe(6);
  });
});

describe('every format', () => {
  it.each(Object.keys(CHECK_FORMATS) as CheckFormat[])('%s is deterministic and free of control characters', (format) => {
    const a = render(format, auditFile('examples/raisup.yml'));
    const b = render(format, auditFile('examples/raisup.yml'));
    expect(a).toBe(b);
    const hostile = render(format, auditFile('hostile.yml', HOSTILE));
    expect(hostile).not.toMatch(/\u001b|\u0007|\u0000/);
  });
});
