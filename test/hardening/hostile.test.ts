// Issue #8, hostile strings: names, owners, reasons, regions, sites and waiver globs that carry
// terminal escapes, forged log lines, bidirectional overrides, prototype names, and the markup of
// every output format. Nothing of it may drive the terminal, add a line, inject markup into the
// Markdown report, the Mermaid diagram, SARIF, JUnit, DOT or MEF, or pollute a prototype.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { Lexer, type Token, type Tokens } from 'marked';
import { afterAll, describe, expect, it } from 'vitest';
import { FIXED_TODAY, runCli, type RunResult } from '../support/cli.js';
import { requireTool, TOOLS } from '../support/tools.js';
import { hostileInventory, POLLUTING_POLICY, POLLUTING_WAIVERS, pollutingInventory, VALID_PROTO_IDS } from './support/hostile.js';
import { HOSTILE_STRINGS } from './support/mutate.js';
import { judge, TERMINAL_UNSAFE } from './support/outcome.js';

const NOW = ['--now', FIXED_TODAY];
const FILE = 'hostile.yml';

/** Every command and format that prints something derived from an inventory. */
const RUNS: { name: string; argv: (file: string) => string[]; format: 'text' | 'json' | 'xml' | 'markdown' | 'mermaid' | 'dot' }[] = [
  { name: 'check text', argv: (f) => ['check', f, ...NOW], format: 'text' },
  { name: 'check json', argv: (f) => ['check', f, '--format', 'json', ...NOW], format: 'json' },
  { name: 'check sarif', argv: (f) => ['check', f, '--format', 'sarif', ...NOW], format: 'json' },
  { name: 'check junit', argv: (f) => ['check', f, '--format', 'junit', ...NOW], format: 'xml' },
  { name: 'check markdown', argv: (f) => ['check', f, '--format', 'markdown', ...NOW], format: 'markdown' },
  { name: 'report', argv: (f) => ['report', f, ...NOW], format: 'markdown' },
  { name: 'graph mermaid', argv: (f) => ['graph', f, '--format', 'mermaid'], format: 'mermaid' },
  { name: 'graph dot', argv: (f) => ['graph', f, '--format', 'dot'], format: 'dot' },
  { name: 'graph mef', argv: (f) => ['graph', f, '--format', 'mef'], format: 'xml' },
  { name: 'graph json', argv: (f) => ['graph', f, '--format', 'json'], format: 'json' },
  { name: 'simulate text', argv: (f) => ['simulate', f, '--fail', 'main', '--fail', 'vendor'], format: 'text' },
  { name: 'simulate json', argv: (f) => ['simulate', f, '--fail', 'main', '--format', 'json'], format: 'json' },
  { name: 'simulate markdown', argv: (f) => ['simulate', f, '--fail', 'main', '--format', 'markdown'], format: 'markdown' },
];

/** One inventory per hostile string, every free-text field set to it; and one mixing them all. */
const INVENTORIES: [string, string][] = [
  ['all mixed', hostileInventory()],
  ...HOSTILE_STRINGS.map((h): [string, string] => [JSON.stringify(h.slice(0, 40)), hostileInventory([h])]),
];

const results = new Map<string, RunResult>();
async function run(label: string, text: string, argv: string[]): Promise<RunResult> {
  const key = `${label}\u0000${argv.join(' ')}`;
  let result = results.get(key);
  if (!result) {
    result = await runCli(argv, { files: { [FILE]: text } });
    results.set(key, result);
  }
  return result;
}

/** Every token of a Markdown document, depth first. */
function tokens(list: readonly Token[]): Token[] {
  return list.flatMap((t) => [t, ...tokens((t as { tokens?: Token[] }).tokens ?? []), ...('items' in t ? tokens((t as Tokens.List).items) : [])]);
}

/**
 * Mermaid that cannot be broken out of: every label is quoted and holds only letters, digits,
 * harmless punctuation, entity codes (#34;) and <br/>; every line is a statement bcaudit writes.
 */
function mermaidViolations(text: string): string[] {
  let source = text;
  const out: string[] = [];
  const STATEMENT = [
    /^flowchart (LR|RL|TB|BT|TD)$/,
    /^\s*n\d+(\(\[|\[\[|\[\(|\(\(|\{\{|\[|\(|\{|>)"L"(\]\)|\]\]|\)\]|\)\)|\}\}|\]|\)|\})(:::\w+)?$/,
    /^\s*n\d+ (-->|-\.->|==>|---)(\|"L"\|)? n\d+$/,
    /^\s*(classDef \w+ [\w:#,.-]+|class [n\d,]+ \w+|linkStyle [\d,]+ [\w:#,.-]+|style n\d+ [\w:#,.-]+)$/,
    /^\s*subgraph \w+\["L"\]$/,
    /^\s*end$/,
    /^$/,
  ];
  // The front matter bcaudit writes (its own configuration, no text from the input): exactly these lines.
  const FRONTMATTER = ['---', 'config:', '  flowchart:', '    subGraphTitleMargin:', '      top: 0', '      bottom: 24', '---'];
  if (source.startsWith('---\n')) {
    const head = source.split('\n').slice(0, FRONTMATTER.length);
    if (head.join('\n') !== FRONTMATTER.join('\n')) out.push(`front matter ${JSON.stringify(head)}`);
    source = source.split('\n').slice(FRONTMATTER.length).join('\n');
  }
  for (const line of source.split('\n')) {
    const labels = [...line.matchAll(/"([^"]*)"/g)].map((m) => m[1]!);
    for (const label of labels) {
      const rest = label.replace(/<br\/>/g, '').replace(/#\d+;/g, '');
      if (!/^[\p{L}\p{N} .,:/_()'…-]*$/u.test(rest)) out.push(`label ${JSON.stringify(label.slice(0, 120))}`);
    }
    const shape = line.replace(/"[^"]*"/g, '"L"');
    if (!STATEMENT.some((re) => re.test(shape))) out.push(`statement ${JSON.stringify(line.slice(0, 160))}`);
  }
  return out;
}

function mermaidBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/^```mermaid\n([\s\S]*?)^```$/gm)].map((m) => m[1]!);
}


describe('hostile free text in every command and format', () => {
  it.each(INVENTORIES)('%s: nothing reaches the terminal raw, every output parses as its format', async (label, text) => {
    for (const r of RUNS) {
      const result = await run(label, text, r.argv(FILE));
      const expectation = { file: FILE, text, format: r.format === 'xml' || r.format === 'json' ? r.format : ('text' as const) };
      const violations = judge(result, expectation).violations;
      expect(violations, `${r.name}`).toEqual([]);
      expect([0, 1], `${r.name}: ${result.stderr}`).toContain(result.code);
    }
  });

  it('JSON formats escape C1, bidirectional and line-separator characters as \\u escapes (regression: they were printed raw)', async () => {
    const leaks: string[] = [];
    for (const [label, text] of INVENTORIES) {
      for (const r of RUNS.filter((x) => x.format === 'json')) {
        const result = await run(label, text, r.argv(FILE));
        leaks.push(...judge(result, { file: FILE, text, format: 'json' }).violations.map((v) => `${r.name} on ${label}: ${v}`));
      }
    }
    expect(leaks).toEqual([]);
  });

  it.each(INVENTORIES)('%s: the Markdown report and check --format markdown carry no HTML, links or images from the input', async (label, text) => {
    for (const argv of [['report', FILE, ...NOW], ['check', FILE, '--format', 'markdown', ...NOW], ['simulate', FILE, '--fail', 'main', '--format', 'markdown']]) {
      const { stdout } = await run(label, text, argv);
      const all = tokens(new Lexer().lex(stdout));
      // The only HTML is bcaudit's own: a collapsible list of findings.
      const html = all.filter((t) => t.type === 'html').map((t) => t.raw.trim());
      expect(html.filter((h) => !/^(<details( open)?>(<summary>[^<>]*<\/summary>)?|<\/details>)$/.test(h)), argv[0]).toEqual([]);
      const hrefs = all.filter((t) => t.type === 'link' || t.type === 'image').map((t) => (t as Tokens.Link).href);
      expect(hrefs.filter((h) => /evil|javascript:|passwd/i.test(h)), argv[0]).toEqual([]);
      expect(all.filter((t) => t.type === 'heading' && /^#+\s*injected/.test(t.raw)), argv[0]).toEqual([]);
      // Tables keep their columns: an escaped pipe in a cell does not split it.
      for (const table of all.filter((t): t is Tokens.Table => t.type === 'table')) {
        for (const row of table.rows) expect(row.length, table.raw.slice(0, 200)).toBe(table.header.length);
      }
    }
  });

  it.each(INVENTORIES)('%s: Mermaid (graph and the report diagram) has only quoted, entity-coded labels', async (label, text) => {
    const graph = await run(label, text, ['graph', FILE, '--format', 'mermaid']);
    expect(mermaidViolations(graph.stdout)).toEqual([]);
    const report = await run(label, text, ['report', FILE, ...NOW]);
    const blocks = mermaidBlocks(report.stdout);
    expect(blocks.length).toBeGreaterThan(0);
    for (const block of blocks) expect(mermaidViolations(block)).toEqual([]);
  });

  it.each(INVENTORIES)('%s: SARIF, JUnit and MEF are well-formed and inject no element or result', async (label, text) => {
    const sarif = JSON.parse((await run(label, text, ['check', FILE, '--format', 'sarif', ...NOW])).stdout) as { runs: { results: unknown[] }[] };
    const json = JSON.parse((await run(label, text, ['check', FILE, '--format', 'json', ...NOW])).stdout) as { findings: unknown[] };
    expect(sarif.runs).toHaveLength(1);
    expect(sarif.runs[0]!.results).toHaveLength(json.findings.length);
    const parser = new XMLParser({ ignoreAttributes: false, processEntities: true });
    const junit = (await run(label, text, ['check', FILE, '--format', 'junit', ...NOW])).stdout;
    expect(XMLValidator.validate(junit)).toBe(true);
    const doc = parser.parse(junit) as { testsuites: Record<string, unknown> };
    expect(Object.keys(doc.testsuites).filter((k) => !k.startsWith('@_') && k !== 'testsuite')).toEqual([]);
    const mef = (await run(label, text, ['graph', FILE, '--format', 'mef'])).stdout;
    expect(XMLValidator.validate(mef)).toBe(true);
    for (const xml of [junit, mef]) {
      expect(xml).not.toMatch(/<(script|img|evil|h1|details)\b/i);
      expect(xml).not.toContain('<![CDATA[ x');
    }
  });

  it.each(INVENTORIES)('%s: DOT quotes every string (no attribute, edge or URL injected)', async (label, text) => {
    const dot = (await run(label, text, ['graph', FILE, '--format', 'dot'])).stdout;
    // Outside double-quoted strings only DOT syntax bcaudit writes may appear.
    const bare = dot.replace(/"(?:[^"\\]|\\.)*"/g, '"S"');
    for (const line of bare.split('\n')) {
      expect(line, line).toMatch(/^(digraph "S" \{|\}|\s+(graph|node|edge) \[.*\];|\s+"S" \[[a-z]+=("S"|[\w.#]+)(, [a-z]+=("S"|[\w.#]+))*\];|\s+"S" -> "S";|)$/);
    }
    expect(bare).not.toMatch(/\bURL=|\bhref=|\btarget=/);
  });
});

describe.skipIf(!requireTool('dot'))('hostile free text through Graphviz', () => {
  it('dot -Tsvg renders the mixed hostile graph without errors', async () => {
    const dot = (await run('all mixed', INVENTORIES[0]![1], ['graph', FILE, '--format', 'dot'])).stdout;
    const svg = execFileSync(TOOLS.dot.path, ['-Tsvg'], { input: dot, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] });
    expect(XMLValidator.validate(svg)).toBe(true);
    expect(svg).not.toMatch(/<script|<[a-z]+[^>]*\sonerror=/i);
  });
});

describe('hostile text in what bcaudit refuses: keys, ids, file names, --fail', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bcaudit-hostile-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each(HOSTILE_STRINGS.filter((h) => h.length < 200))('unknown key and invalid id %j: one escaped line per problem', async (h) => {
    const text = `version: 1\n${JSON.stringify(h)}: 1\nproviders:\n  ${JSON.stringify(h)}: { kind: cloud }\n  p:\n    kind: cloud\n    ${JSON.stringify(h)}: x\n`;
    const result = await runCli(['check', FILE], { files: { [FILE]: text } });
    expect(result.code).toBe(2);
    expect(judge(result, { file: FILE, text }).violations).toEqual([]);
    // A line break in a key cannot forge a line of its own.
    expect(result.stderr).not.toMatch(/^examples\/raisup\.yml:1:1/m);
  });

  it('a forged problem line inside a key stays inside its own (escaped) line', async () => {
    const text = 'version: 1\n"x\\nexamples/raisup.yml:1:1: all good\\u001b[2K": 1\n';
    const result = await runCli(['check', FILE], { files: { [FILE]: text } });
    expect(result.stderr.split('\n').filter((l) => l.startsWith('examples/raisup.yml'))).toEqual([]);
    expect(result.stderr).toContain('\\nexamples/raisup.yml:1:1: all good\\u001B[2K');
  });

  it('file names with line breaks, escapes and bidi overrides are shown escaped', async () => {
    const names = ['evil\nraisup.yml:1:1: all good.yml', 'esc\u001b[31m.yml', 'rlo\u202egnp.yml', 'cr\rover.yml'];
    for (const name of names) {
      const path = join(dir, name);
      writeFileSync(path, 'version: 1\nprovidrs: {}\n');
      const result = await runCli(['check', path]);
      expect(result.code).toBe(2);
      expect(result.stderr, JSON.stringify(name)).not.toMatch(TERMINAL_UNSAFE);
      expect(result.stderr.split('\n').filter((l) => l !== '')).toHaveLength(2);
      const ok = await runCli(['check', path, '--format', 'text'], { files: { [path]: 'version: 1\n' } });
      expect(ok.stdout + ok.stderr, JSON.stringify(name)).not.toMatch(TERMINAL_UNSAFE);
    }
  });

  it('usage messages never echo a file name raw (regression: escape sequences in names reached the terminal)', async () => {
    const path = join(dir, 'esc\u001b[31mred.yml');
    writeFileSync(path, 'version: 1\n');
    const simulate = await runCli(['simulate', path, '--fail', 'nothing']);
    const output = await runCli(['check', path, '-o', join(dir, 'no\u001b[2Jdir', 'x.txt')], { writeToDisk: true });
    expect(simulate.code).toBe(2);
    expect(output.code).toBe(2);
    expect(simulate.stderr + output.stderr).not.toMatch(TERMINAL_UNSAFE);
  });

  it('simulate --fail with escapes and line breaks is refused without echoing them raw', async () => {
    for (const h of HOSTILE_STRINGS.slice(0, 10)) {
      const result = await runCli(['simulate', 'examples/raisup.yml', '--fail', h]);
      expect(result.code).toBe(2);
      expect(result.stderr, JSON.stringify(h)).not.toMatch(TERMINAL_UNSAFE);
      expect(result.stderr.split('\n').filter((l) => l !== '').length, JSON.stringify(h)).toBeLessThanOrEqual(2);
    }
  });
});

describe('prototype pollution', () => {
  const snapshot = () => ({
    object: Object.getOwnPropertyNames(Object.prototype).sort(),
    array: Object.getOwnPropertyNames(Array.prototype).sort(),
    function: Object.getOwnPropertyNames(Function.prototype).sort(),
    toString: Object.prototype.toString,
  });

  it('__proto__, constructor and prototype keys at every level of inventories, policies and waivers pollute nothing', async () => {
    const before = snapshot();
    const dir = mkdtempSync(join(tmpdir(), 'bcaudit-proto-'));
    try {
      const inventory = pollutingInventory();
      const files = { 'inv.yml': inventory, 'policy.yml': POLLUTING_POLICY, 'waivers.yml': POLLUTING_WAIVERS, 'ok.yml': VALID_PROTO_IDS };
      const runs = [
        ['check', 'inv.yml'],
        ['check', 'inv.yml', '--format', 'json'],
        ['report', 'inv.yml'],
        ['graph', 'inv.yml', '--format', 'mef'],
        ['simulate', 'inv.yml', '--fail', 'p'],
        ['check', 'ok.yml', '--policy', 'policy.yml'],
        ['check', 'ok.yml', '--waivers', 'waivers.yml'],
        ['check', 'ok.yml', '--format', 'json', ...NOW],
        ['report', 'ok.yml', ...NOW],
        ['graph', 'ok.yml', '--format', 'json'],
        ['simulate', 'ok.yml', '--fail', 'constructor'],
      ];
      // Through the fast parser, the exact one, and the large-file path (everything counts as large).
      for (const exactBytes of [[], ['--max-exact-bytes', '1']]) {
        for (const argv of runs) {
          const result = await runCli([...argv, ...exactBytes], { files });
          expect(judge(result, { file: argv[argv.length - 1]!.endsWith('.yml') ? argv[argv.length - 1]! : argv[1]! }).violations.filter((v) => !v.startsWith('problem not in')), argv.join(' ')).toEqual([]);
        }
        const ok = await runCli(['check', 'ok.yml', '--format', 'json', ...NOW, ...exactBytes], { files });
        expect(ok.code, ok.stderr).toBe(1);
        expect((JSON.parse(ok.stdout) as { inventory: { counts: Record<string, number> } }).inventory.counts).toMatchObject({ providers: 1, identities: 2, accounts: 1, stores: 1 });
      }
      // The same files written to disk and read by the spawned-equivalent path (readFile from disk).
      writeFileSync(join(dir, 'inv.yml'), inventory);
      await runCli(['check', join(dir, 'inv.yml')]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(([] as unknown as Record<string, unknown>).polluted).toBeUndefined();
    expect((Object.create(null) as Record<string, unknown>).polluted).toBeUndefined();
    expect(snapshot()).toEqual(before);
    expect(readFileSync).toBeTypeOf('function');
  });
});
