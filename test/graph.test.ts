// `bcaudit graph --format dot|mermaid`: the fault graph for Graphviz, where the copies live for Mermaid. DOT output is
// rendered by Graphviz's `dot -Tsvg` (Debian's graphviz) and must show every event and gate, and
// hostile text literally.
import { execFile } from 'node:child_process';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { dotString, toDot } from '../src/report/dot.js';
import { GRAPH_FORMATS } from '../src/report/graphFormats.js';
import { copiesMermaid } from '../src/report/diagram/copiesDiagrams.js';
import { FRONTMATTER } from '../src/report/diagram/flowchart.js';
import { mermaidText } from '../src/report/mermaid.js';
import { runCli } from './support/cli.js';
import { generateInventory, inventoryToYaml } from './support/generate.js';
import { requireTool, TOOLS } from './support/tools.js';
import { EXAMPLES, HOSTILE_INVENTORY, HOSTILE_NAME, HOSTILE_REGION, auditExample, auditText, examplePath } from './report/fixtures.js';

const DOT = TOOLS.dot.path;

function renderDot(source: string): Promise<{ code: number; svg: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = execFile(DOT, ['-Tsvg'], { maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error && typeof error.code !== 'number') reject(error);
      else resolve({ code: error ? Number(error.code) : 0, svg: stdout, stderr });
    });
    child.stdin!.end(source);
  });
}

/** Node titles in Graphviz's SVG: one <g class="node"><title>id</title> per node. */
function svgNodeTitles(svg: string): string[] {
  const doc = new XMLParser({ ignoreAttributes: false, processEntities: true, htmlEntities: true }).parse(svg) as {
    svg: { g: { g: { '@_class': string; title: string }[] | { '@_class': string; title: string } } };
  };
  const groups = doc.svg.g.g;
  return (Array.isArray(groups) ? groups : [groups]).filter((g) => g['@_class'] === 'node').map((g) => String(g.title));
}

describe('dotString', () => {
  it('escapes quotes, backslashes and ampersands and drops line breaks and control characters', () => {
    expect(dotString('a"b')).toBe('"a\\"b"');
    expect(dotString('a\\nb')).toBe('"a\\\\nb"');
    expect(dotString('&lt;')).toBe('"&amp;lt;"');
    expect(dotString('x\ny\u0007')).toBe('"x y\uFFFD"');
  });
});

describe.skipIf(!requireTool('dot'))('DOT export rendered by Graphviz', () => {
  it.each(EXAMPLES)('%s renders with dot -Tsvg, one SVG node per event and gate', async (name) => {
    const result = auditExample(name);
    const rendered = await renderDot(toDot(result.graph, result.inventory));
    expect(rendered.stderr).toBe('');
    expect(rendered.code).toBe(0);
    const titles = svgNodeTitles(rendered.svg);
    const ids = [...result.graph.events.map((e) => e.id), ...result.graph.gates.map((g) => g.id)];
    expect(new Set(ids).size).toBe(ids.length);
    expect(titles.sort()).toEqual([...ids].sort());
  });

  it('shows hostile names, regions and sites literally', async () => {
    const result = auditText(HOSTILE_INVENTORY, 'hostile.yml');
    const rendered = await renderDot(toDot(result.graph, result.inventory));
    expect(rendered.code).toBe(0);
    expect(rendered.stderr).toBe('');
    const titles = svgNodeTitles(rendered.svg);
    expect(titles).toContain(`region:p/${HOSTILE_REGION}`);
    const text = new XMLParser({ processEntities: true, htmlEntities: true, ignoreAttributes: true }).parse(rendered.svg) as { svg: { g: { title: string } } };
    expect(text.svg.g.title).toBe('bcaudit');
    expect(rendered.svg).toContain(
      `bcaudit fault graph: ${HOSTILE_NAME}`.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;'),
    );
  });

  it('renders random inventories with odd ids', async () => {
    for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
      const result = auditText(inventoryToYaml(generateInventory(seed)), `gen-${seed}.yml`);
      const rendered = await renderDot(toDot(result.graph, result.inventory));
      expect(rendered.code, rendered.stderr).toBe(0);
      expect(svgNodeTitles(rendered.svg)).toHaveLength(result.graph.events.length + result.graph.gates.length);
    }
  });
});

describe('Mermaid export: where the copies live, as in the report', () => {
  it('draws every copy inside its account and provider, with an arrow from each primary to each backup', () => {
    const result = auditExample('raisup');
    const source = copiesMermaid(result.graph, result.inventory);
    const lines = source.trimEnd().split('\n').slice(FRONTMATTER.length);
    expect(lines[0]).toBe('flowchart LR');
    const copies = lines.filter((l) => /^ +n\d+\[\(?"/.test(l));
    expect(copies).toHaveLength(result.inventory.stores.size + result.inventory.backups.size);
    expect(lines.filter((l) => / n\d+ (-->|==>) n\d+$/.test(l))).toHaveLength(result.inventory.backups.size);
    expect(lines.filter((l) => /^ +subgraph /.test(l)).length).toBe(lines.filter((l) => /^ +end$/.test(l)).length);
    expect(source).toContain('subgraph n1["<br/>account do-main"]');
  });

  it('escapes label text to entity codes', () => {
    expect(mermaidText('a"b')).toBe('a#34;b');
    expect(mermaidText('<x> `y` #1; %%{')).toBe('#60;x#62; #96;y#96; #35;1#59; #37;#37;#123;');
    expect(mermaidText("ok: a/b_c-d.e, (f) 'g' äß 日本")).toBe("ok: a/b_c-d.e, (f) 'g' äß 日本");
    expect(mermaidText('\u202e\n')).toBe('#8238; ');
  });
});

describe('bcaudit graph', () => {
  it('offers mermaid and dot among its formats', async () => {
    expect(Object.keys(GRAPH_FORMATS).sort()).toEqual(['dot', 'json', 'mef', 'mermaid']);
    for (const format of ['dot', 'mermaid']) {
      const run = await runCli(['graph', examplePath('raisup'), '--format', format]);
      expect(run.code).toBe(0);
      expect(run.stderr).toBe('');
      expect(run.stdout).toMatch(format === 'dot' ? /^digraph "bcaudit" \{/ : /^---\nconfig:\n[\s\S]*?\n---\nflowchart LR\n/);
    }
  });
});
