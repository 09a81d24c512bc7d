// Issue #8: one named regression test per bug fixed while hardening, at the level of the function
// that had it (the suites around it prove the same through the command line).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { unescapeDoubleQuoted } from '../../src/inventory/keyIndex.js';
import { DEFAULT_LIMITS } from '../../src/inventory/limits.js';
import { resolveLimits } from '../../src/cli/limits.js';
import { parseInventory } from '../../src/inventory/load.js';
import { capProblems, formatProblem, type Problem } from '../../src/inventory/problem.js';
import { decodeInput } from '../../src/inventory/text.js';
import { nestingBeyond, parseYaml } from '../../src/inventory/yamlSource.js';
import { globMatches, globToRegExp } from '../../src/policy/waivers.js';
import { xmlEscape } from '../../src/report/mef.js';
import { mermaidText } from '../../src/report/mermaid.js';
import { jsonSafe, plain } from '../../src/report/sanitize.js';
import { xmlAttr, xmlText } from '../../src/report/xml.js';
import { runCli } from '../support/cli.js';

const problemsOf = (text: string, limits = {}) => {
  const result = parseInventory(text, 'x.yml', { limits });
  return result.ok ? [] : result.problems.map((p) => `${p.pos.line}:${p.pos.column} ${p.message}`);
};

describe('loader regressions (src/inventory)', () => {
  it('regression: a double-quoted key with a YAML-only escape (\\e, \\N, \\x1b) is located, not a crash (keyIndex used JSON.parse)', () => {
    // Was: "internal error: Bad escaped character in JSON at position 2" (found by the fuzzer).
    const text = 'version: 1\nproviders:\n  "\\e[31mred\\e[0m": { kind: cloud }\n  "\\N\\x1b\\_": { kind: cloud }\n';
    expect(problemsOf(text)).toEqual([
      expect.stringMatching(/^3:3 providers: '\u001b\[31mred\u001b\[0m' is not a valid id/),
      expect.stringMatching(/^4:3 providers: '\u0085\u001b\u00a0' is not a valid id/),
    ]);
    expect(unescapeDoubleQuoted('\\e\\a\\0\\t\\ \\/\\L\\P\\u263A\\U0001F600\\x41')).toBe('\u001b\u0007\u0000\t /\u2028\u2029\u263a\u{1f600}A');
    expect(unescapeDoubleQuoted('\\q')).toBeUndefined();
    expect(unescapeDoubleQuoted('\\x4')).toBeUndefined();
  });

  it('regression: an alias cycle (`&a [*a]`) is refused, not an endless recursion (internal error)', () => {
    expect(problemsOf('version: 1\nname: x\ndescription: &a [*a]\n')).toEqual(['3:18 an alias refers to a map or list that contains it']);
    expect(problemsOf('version: 1\nproviders: &p\n  x: *p\n')).toEqual(['3:6 an alias refers to a map or list that contains it']);
  });

  it('regression: one anchor of a big list aliased many times is refused (yaml counts aliases, not what they bring)', () => {
    const text = `version: 1\nname: x\nbig: &big [${Array(3000).fill('x').join(', ')}]\nmore: [*big, *big, *big]\n`;
    expect(problemsOf(text, { maxAliasCount: 5 })).toEqual([expect.stringMatching(/^4:8 the aliases repeat more than 5,000 values in all/)]);
    // Ordinary use of aliases still works.
    const ok = 'version: 1\nproviders:\n  p: {kind: cloud}\nidentities:\n  a: {kind: person}\naccounts:\n  x: {provider: p, admins: &t [a]}\n  y: {provider: p, admins: *t}\n';
    expect(problemsOf(ok)).toEqual([]);
  });

  it('regression: 10,000-deep block nesting is "nesting deeper than 200 levels", not "Maximum call stack size exceeded"', () => {
    const deep = [
      `version: 1\nname:\n${'- '.repeat(10_000)}x\n`,
      `version: 1\nname:\n${'? '.repeat(10_000)}x\n`,
      `version: 1\nstores:\n  s:\n    depends_on:\n    ${'- '.repeat(3000)}x\n`,
      `version: 1\nname:\n${Array.from({ length: 3000 }, (_, i) => `${' '.repeat(i + 1)}a:`).join('\n')} x\n`,
    ];
    for (const text of deep) {
      const problems = problemsOf(text);
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatch(/nesting deeper than 200 levels/);
    }
    // Real inventories are far from it; a 200-level document is still read.
    expect(problemsOf(`version: 1\nname: ${'['.repeat(199)}${']'.repeat(199)}\n`)).toEqual(['2:7 name: must be text, not a list']);
    // Five levels: the top map, a's, b's, the list, {e: f}.
    expect(nestingBeyond('a:\n  b:\n    c: [d, {e: f}]\n', 5)).toBeUndefined();
    expect(nestingBeyond('a:\n  b:\n    c: [d, {e: f}]\n', 4)).toBe(19);
    // Block scalars, quotes and comments are not nesting.
    expect(nestingBeyond(`a: |\n${Array.from({ length: 500 }, (_, i) => `  ${' '.repeat(i)}x`).join('\n')}\nb: "[[[[" # [[[[\n`, 3)).toBeUndefined();
  });

  it('regression: problems in a 50,000-entry map are located in linear time (walk searched the map per lookup; yaml checked unique keys pairwise)', () => {
    // Was 8 s for 50,000 entries (yaml's uniqueKeys) and quadratic in walk(): minutes for 200,000.
    const text = `version: 1\nproviders:\n  p:\n    kind: cloud\n${Array.from({ length: 50_000 }, (_, i) => `    k${i}: 1`).join('\n')}\n`;
    // Quadratic work would run past the test's timeout; speed itself is measured in bench/.
    const result = parseInventory(text, 'x.yml', { exact: true });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.problems).toHaveLength(101);
      expect(result.problems[0]!.pos).toEqual({ file: 'x.yml', line: 5, column: 5 });
      expect(result.problems[100]!.message).toBe('… and 49900 more problems (only the first 100 are shown; --max-problems)');
    }
  });

  it('duplicate keys are still found by the exact parser, in block and flow maps, with their key', () => {
    expect(problemsOf('version: 1\nproviders:\n  p: { kind: cloud, kind: saas }\n  q: { kind: cloud }\n  p: { kind: cloud }\n')).toEqual([
      "3:21 duplicate key 'kind': each key may appear only once in a map",
      "5:3 duplicate key 'p': each key may appear only once in a map",
    ]);
    expect(problemsOf('version: 1\n1: a\n"1": b\n')).not.toContainEqual(expect.stringMatching(/duplicate/));
  });

  it('regression: files over --max-exact-bytes are not re-read by the exact parser; problems keep their lines', () => {
    const limits = { maxExactBytes: 10 };
    expect(problemsOf('version: 1\nproviders:\n  p: { knd: cloud }\n', limits)).toEqual([
      "3:3 providers.p: unknown key 'knd' (did you mean 'kind'?)",
    ]);
    expect(problemsOf('version: 1\nname: [unclosed\nproviders: {}\n', limits)).toEqual([expect.stringMatching(/^3:1 invalid YAML: /)]);
    expect(problemsOf('version: 1\nname: &a [x]\ndescription: *a\n', limits)).toEqual([
      expect.stringMatching(/^3:1 an alias \(\*name\) repeats a map or list here; in files over 10 bytes bcaudit reads aliases of single values only/),
    ]);
    expect(problemsOf('version: 1\nname: &a x\ndescription: *a\n', limits)).toEqual([]);
  });

  it('regression: more entities than --max-entities are refused at once, without the exact parser', () => {
    const text = `version: 1\nproviders:\n${Array.from({ length: 20 }, (_, i) => `  p${i}: { kind: cloud }`).join('\n')}\nidentities:\n  i: { kind: person }\n`;
    expect(problemsOf(text, { maxEntities: 20 })).toEqual([expect.stringMatching(/^23:1 more than 20 entities \(at least 21 by the end of identities, in /)]);
    expect(problemsOf(text, { maxEntities: 21 })).toEqual([]);
  });

  it('regression: files over --max-input-bytes are refused before decoding; unusable limit values are reported', () => {
    const bytes = Buffer.from('version: 1\n'.repeat(200));
    expect(decodeInput(bytes, 'x.yml', { ...DEFAULT_LIMITS, maxFileBytes: 1000 })).toEqual({
      ok: false,
      problem: { pos: { file: 'x.yml', line: 1, column: 1 }, message: expect.stringMatching(/^the input is more than the limit of 1000 bytes \(--max-input-bytes\)/) },
    });
    expect(decodeInput(bytes, 'x.yml', DEFAULT_LIMITS).ok).toBe(true);
    expect(resolveLimits({}, { BCAUDIT_MAX_FILE_MB: '0.5', BCAUDIT_MAX_ENTITIES: '10', BCAUDIT_MAX_DEPTH: '5000' }).input).toEqual({
      ...DEFAULT_LIMITS,
      maxFileBytes: 512 * 1024,
      maxEntities: 10,
      maxDepth: 1000,
    });
    // A flag wins over its variable.
    expect(resolveLimits({ maxEntities: 7, maxRiskGroups: 9 }, { BCAUDIT_MAX_ENTITIES: '10' })).toMatchObject({ input: { maxEntities: 7 }, riskGroups: { maxTotal: 9 } });
    expect(resolveLimits({}, { BCAUDIT_MAX_BDD_NODES: '12' }).maxBddNodes).toBe(12);
    expect(resolveLimits({ maxBddNodes: 3 }, { BCAUDIT_MAX_BDD_NODES: '12' }).maxBddNodes).toBe(3);
    // A diagram holds at most 2^24 nodes (WebAssembly's memory): a larger budget is that one.
    expect(resolveLimits({ maxBddNodes: 1e12 }, {}).maxBddNodes).toBe(2 ** 24);
    expect(resolveLimits({}, { BCAUDIT_MAX_BDD_NODES: '99999999' }).maxBddNodes).toBe(2 ** 24);
    expect(() => resolveLimits({}, { BCAUDIT_MAX_ENTITIES: '1.5', BCAUDIT_MAX_DEPTH: '-1', BCAUDIT_MAX_PROBLEMS: '' })).toThrow(
      'cannot apply the limits: BCAUDIT_MAX_ENTITIES must be a whole number above 0, not "1.5" (or use --max-entities); BCAUDIT_MAX_DEPTH must be a whole number above 0, not "-1" (or use --max-nesting)',
    );
  });

  it('regression: "did you mean" is offered for the first 1,000 errors only (a million unknown keys spent most of a minute on it)', () => {
    const text = `version: 1\nproviders:\n${Array.from({ length: 1500 }, (_, i) => `  p${i}: { knd: cloud }`).join('\n')}\n  q: { ${'k'.repeat(100)}: cloud }\n`;
    const result = parseInventory(text, 'x.yml', { limits: { maxProblems: 10_000 } });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const about = (id: string) => result.problems.filter((p) => p.message.startsWith(`providers.${id}: unknown key`)).map((p) => p.message);
    expect(about('p0')).toEqual(["providers.p0: unknown key 'knd' (did you mean 'kind'?)"]);
    expect(about('p1499')).toEqual(["providers.p1499: unknown key 'knd'; expected one of: kind, description, likelihood"]);
    expect(about('q')[0]).toMatch(/; expected one of: kind, description, likelihood$/);
  });

  it('regression: problem lines escape line breaks, escapes and bidi controls in keys and file names (one line each)', () => {
    const p: Problem = { pos: { file: 'evil\n\u001b[31m.yml', line: 2, column: 1 }, message: "unknown key 'x\nother.yml:1:1: fine\u202e\r'" };
    expect(formatProblem(p)).toBe("evil\\n\\u001B[31m.yml:2:1: unknown key 'x\\nother.yml:1:1: fine\\u202E\\r'");
    expect(formatProblem({ pos: p.pos, message: 'x'.repeat(5000) })).toMatch(/x… \(3000 more characters\)$/);
    expect(capProblems([p, p, p], 2)).toEqual([p, p, { pos: p.pos, message: '… and 1 more problem (only the first 2 are shown; --max-problems)' }]);
  });

  it('regression: the exact parser maps a stack overflow to the nesting message', () => {
    // With the pre-scan off (a huge limit), the parser itself overflows: the message stays clear.
    const result = parseYaml(`name:\n${'- '.repeat(20_000)}x\n`, 'x.yml', { maxDepth: 1_000_000 });
    expect(result.ok).toBe(false);
    if (!result.ok) for (const problem of result.problems) expect(problem.message).toMatch(/nesting (deeper than 1000000 levels|too deep to read)/);
  });
});

describe('waiver regressions (src/policy/waivers.ts)', () => {
  it('regression: a waiver glob like *a*a*a…b matches in linear time (the regular expression backtracked for hours)', () => {
    const glob = `single-point-of-failure/${'*a'.repeat(30)}b`;
    const id = `single-point-of-failure/${'a'.repeat(200)}`;
    expect(globMatches(glob, id)).toBe(false);
    expect(globMatches(glob, `${id}b`)).toBe(true);
  }, 10_000);

  it('globMatches agrees with the regular expression on ordinary globs', () => {
    const alphabet = fc.constantFrom('a', 'b', '/', '-', '.', ':', '*', '?', '日', '😀');
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 8 }), fc.array(alphabet.filter((c) => c !== '*' && c !== '?'), { maxLength: 10 }), (g, s) => {
        const glob = g.join('');
        const id = s.join('');
        expect(globMatches(glob, id)).toBe(globToRegExp(glob).test(id));
      }),
      { seed: 8, numRuns: 2000 },
    );
  });

  it('regression: a hostile waiver glob in an inventory does not hang check', async () => {
    const text = `version: 1\nproviders:\n  p: { kind: cloud }\nidentities:\n  i: { kind: person }\naccounts:\n  a: { provider: p, admins: [i] }\nstores:\n  ${'a'.repeat(60)}: { kind: database, account: a, criticality: critical }\nwaivers:\n  - finding: "single-point-of-failure/${'*a'.repeat(25)}b"\n    owner: x\n    reason: y\n    expires: 2026-12-31\n`;
    const result = await runCli(['check', 'x.yml', '--now', '2026-11-22'], { files: { 'x.yml': text } });
    expect(result.code).toBe(1);
  }, 30_000);
});

describe('output regressions (src/report)', () => {
  it('regression: plain() replaces bidirectional controls (Trojan Source) as well as C0/C1 controls', () => {
    expect(plain('a\u202eb\u2066c\u200fd\u061ce\u001bf\u009bg\nh')).toBe('a\ufffdb\ufffdc\ufffdd\ufffde\ufffdf\ufffdg h');
    // Mermaid still writes them as entity codes.
    expect(mermaidText('\u202e')).toBe('#8238;');
  });

  it('regression: XML text and attributes (JUnit, MEF) carry CR, C1, separators and bidi controls as character references', () => {
    expect(xmlText('a\rb\u009bc\u2028d\u202ee')).toBe('a&#xD;b&#x9B;c&#x2028;d&#x202E;e');
    expect(xmlAttr('a\rb')).toBe('a&#xD;b');
    expect(xmlEscape('a\rb\u009bc\u2066d')).toBe('a&#xD;b&#x9B;c&#x2066;d');
  });

  it('jsonSafe escapes what JSON.stringify leaves raw, losslessly', () => {
    const value = { s: 'a\u009bb\u2028c\u202ed\u007f' };
    const safe = jsonSafe(JSON.stringify(value));
    expect(safe).toBe('{"s":"a\\u009bb\\u2028c\\u202ed\\u007f"}');
    expect(JSON.parse(safe)).toEqual(value);
  });
});
