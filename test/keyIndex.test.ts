// The line-scanning key index must agree with the `yaml` AST on every block key and list item.
import { readdirSync, readFileSync } from 'node:fs';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import { describe, expect, it } from 'vitest';
import { indexKeys, lookupKey } from '../src/inventory/keyIndex.js';
import { generateInventory, inventoryToYaml } from './support/generate.js';

type Seg = string | number;

/** Every block key and block list item with its 1-based position, from the real YAML AST. */
function astPositions(text: string): Map<string, { line: number; column: number }> {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  const out = new Map<string, { line: number; column: number }>();
  const at = (offset: number) => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  const walk = (node: unknown, path: Seg[]) => {
    if (isMap(node)) {
      for (const pair of node.items) {
        const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
        if (key === undefined) continue;
        const childPath = [...path, key];
        if (!node.flow) out.set(childPath.join('\u0000'), at((pair.key as Node).range![0]));
        if (!node.flow) walk(pair.value, childPath);
      }
    } else if (isSeq(node) && !node.flow) {
      node.items.forEach((item, i) => {
        const childPath = [...path, i];
        const range = (item as Node).range;
        if (range) out.set(childPath.join('\u0000'), at(range[0]));
        walk(item, childPath);
      });
    }
  };
  walk(doc.contents, []);
  return out;
}

const files = [
  ...readdirSync('examples').filter((f) => f.endsWith('.yml')).map((f) => `examples/${f}`),
  'test/fixtures/design-example.yml',
];

describe('key index', () => {
  it.each(files)('agrees with the YAML AST on %s', (file) => {
    const text = readFileSync(file, 'utf8');
    const expected = astPositions(text);
    const actual = indexKeys(text);
    for (const [path, pos] of expected) expect({ path, ...actual.get(path) }).toEqual({ path, ...pos });
  });

  it('agrees on 200 generated inventories', () => {
    for (let seed = 1; seed <= 200; seed++) {
      const text = inventoryToYaml(generateInventory(seed));
      const expected = astPositions(text);
      const actual = indexKeys(text);
      for (const [path, pos] of expected) expect({ seed, path, ...actual.get(path) }).toEqual({ seed, path, ...pos });
    }
  });

  it('handles quoted keys, comments, block scalars, multi-line flow and compact sequences', () => {
    const text = [
      'version: 1 # trailing',
      '"quoted key": x',
      "'it''s': y",
      'stores:',
      '  # a comment: with colon',
      '  db:',
      '    description: |',
      '      not: a key',
      '      - not an item',
      '    depends_on: [a,',
      '      b: c, d]',
      '    owner: team',
      'waivers:',
      '- finding: x',
      '  owner: o',
      '- finding: y',
      'url: http://example.org/a:b',
    ].join('\n');
    const expected = astPositions(text);
    const actual = indexKeys(text);
    for (const [path, pos] of expected) expect({ path, ...actual.get(path) }).toEqual({ path, ...pos });
    expect(actual.has(['stores', 'db', 'description', 'not'].join('\u0000'))).toBe(false);
    expect(lookupKey(actual, ['stores', 'db', 'depends_on', 1])).toEqual({ line: 10, column: 5 });
    expect(lookupKey(actual, ['nothing', 'here'])).toEqual({ line: 1, column: 1 });
  });
});

describe('fast and exact loading', () => {
  it.each(files)('locate every entity of %s at the same place', async (file) => {
    const { parseInventory } = await import('../src/inventory/load.js');
    const text = readFileSync(file, 'utf8');
    const fast = parseInventory(text, file);
    const exact = parseInventory(text, file, { exact: true });
    if (!fast.ok || !exact.ok) throw new Error(`${file} does not load`);
    for (const section of ['providers', 'accounts', 'identities', 'billing', 'services', 'keys', 'stores', 'targets', 'backups'] as const) {
      for (const id of fast.inventory[section].keys()) {
        expect(fast.inventory.locate([section, id])).toEqual(exact.inventory.locate([section, id]));
      }
      expect([...fast.inventory[section].values()]).toEqual([...exact.inventory[section].values()]);
    }
    fast.inventory.waivers.forEach((w, i) => expect(w).toEqual(exact.inventory.waivers[i]));
  });
});
