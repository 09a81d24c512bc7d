// Parses YAML keeping positions, so every later problem or finding can point at its line.
import jsyaml from 'js-yaml';
import { createRequire } from 'node:module';
import type { Document, Node } from 'yaml';
import { indexKeys, lookupKey, type KeyPosition } from './keyIndex.js';
import { positionIn } from './text.js';
import type { Problem } from './problem.js';
import type { Position } from './types.js';

export type PathSegment = string | number;

export interface YamlSource {
  file: string;
  /** The document as plain data (maps become objects with a null prototype). */
  data: unknown;
  /** Position of the value at a path, falling back to the nearest ancestor that exists. */
  locate(path: readonly PathSegment[]): Position;
  /** Position of the key of a map entry at a path (the value's position for list items). */
  locateKey(path: readonly PathSegment[]): Position;
}

export interface YamlLimits {
  /** How many times aliases may be expanded in total (guards against "billion laughs"). */
  maxAliasCount: number;
}

export const DEFAULT_YAML_LIMITS: YamlLimits = { maxAliasCount: 1000 };

export type ParseResult = { ok: true; source: YamlSource } | { ok: false; problems: Problem[] };

/**
 * The `yaml` package builds a full Document with every node's position: exact, and needed only
 * for problems and for files the fast path cannot take, so it is loaded on first use (it is the
 * largest part of start-up otherwise).
 */
let yamlModule: typeof import('yaml') | undefined;
const yaml = (): typeof import('yaml') => (yamlModule ??= createRequire(import.meta.url)('yaml') as typeof import('yaml'));

/** The fast path when it applies, otherwise (or when `exact`) the exact one. */
export function parseYamlSource(text: string, file: string, options: { exact?: boolean; limits?: YamlLimits } = {}): ParseResult {
  const fast = options.exact ? undefined : parseYamlFast(text, file);
  return fast ? { ok: true, source: fast } : parseYaml(text, file, options.limits);
}

export function parseYaml(text: string, file: string, limits: YamlLimits = DEFAULT_YAML_LIMITS): ParseResult {
  const { LineCounter, parseDocument } = yaml();
  const lineCounter = new LineCounter();
  const depth = flowNestingBeyond(text, MAX_FLOW_DEPTH);
  if (depth !== undefined) {
    return { ok: false, problems: [{ pos: positionIn(text, depth, file), message: `nesting deeper than ${MAX_FLOW_DEPTH} levels; an inventory needs a handful` }] };
  }
  let doc: Document;
  try {
    doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false, strict: true, logLevel: 'error' });
  } catch (error) {
    const reason = error instanceof RangeError ? `nesting too deep to read` : error instanceof Error ? error.message : String(error);
    return { ok: false, problems: [{ pos: { file, line: 1, column: 1 }, message: `cannot read the YAML: ${reason}` }] };
  }
  const at = (offset: number): Position => {
    const { line, col } = lineCounter.linePos(Math.max(0, Math.min(offset, text.length)));
    return { file, line, column: col };
  };
  if (doc.errors.length > 0) {
    return {
      ok: false,
      problems: doc.errors.map((e) => ({ pos: at(e.pos[0]), message: yamlMessage(e.code, e.message, text.slice(e.pos[0], e.pos[0] + 100)) })),
    };
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: limits.maxAliasCount, mapAsMap: false });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (/alias/i.test(message)) {
      const alias = MAY_HAVE_ALIAS.exec(text);
      return {
        ok: false,
        problems: [
          {
            pos: positionIn(text, alias ? alias.index + alias[0].indexOf('*') : 0, file),
            message: `too many alias expansions (more than ${limits.maxAliasCount}): the aliases multiply into a huge document ("billion laughs")`,
          },
        ],
      };
    }
    return { ok: false, problems: [{ pos: at(0), message: `cannot read the YAML: ${message}` }] };
  }
  const find = (path: readonly PathSegment[]) => walk(doc, path);
  return {
    ok: true,
    source: {
      file,
      data: withoutPrototypes(data),
      locate: (path) => at(find(path).value?.range?.[0] ?? find(path).fallback),
      locateKey: (path) => {
        const found = find(path);
        return at(found.key?.range?.[0] ?? found.value?.range?.[0] ?? found.fallback);
      },
    },
  };
}

/** yaml's messages carry a code snippet of their own; keep the first line, which says what is wrong. */
function yamlMessage(code: string, message: string, excerpt: string): string {
  const first = message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
  if (code === 'MULTIPLE_DOCS') return 'the file holds more than one YAML document (a second `---`); an inventory is one document';
  if (code === 'DUPLICATE_KEY') {
    const key = /^["']?([^"':\n]{1,80})/.exec(excerpt)?.[1]?.trim();
    return `duplicate key${key ? ` '${key}'` : ''}: each key may appear only once in a map`;
  }
  return `invalid YAML: ${first}`;
}

/** An alias (`*name`) anywhere outside a quoted scalar, conservatively: any `*` starting a token. */
const MAY_HAVE_ALIAS = /(?:^|[\s,[{])\*[^\s,\]}]/;

/**
 * The fast path for documents that are valid YAML without aliases: js-yaml builds the data an
 * order of magnitude faster than a `yaml` Document, and positions come from a line scan done only
 * when first asked for. Returns undefined when the exact path must decide (parse errors, aliases).
 * Callers re-run `parseYaml` for any problem, so every reported error has `yaml`'s exact position.
 */
export function parseYamlFast(text: string, file: string): YamlSource | undefined {
  if (MAY_HAVE_ALIAS.test(text)) return undefined;
  let data: unknown;
  try {
    data = jsyaml.load(text, { schema: jsyaml.CORE_SCHEMA, filename: file });
  } catch {
    return undefined;
  }
  let positions: Map<string, KeyPosition> | undefined;
  const locate = (path: readonly PathSegment[]): Position => {
    positions ??= indexKeys(text);
    return { file, ...lookupKey(positions, path) };
  };
  return { file, data: withoutPrototypes(data), locate, locateKey: locate };
}

/** Flow collections nested deeper than this are refused before parsing (parsers recurse). */
const MAX_FLOW_DEPTH = 200;

/** Offset of the first flow bracket nested deeper than `limit`, ignoring quoted text and comments. */
function flowNestingBeyond(text: string, limit: number): number | undefined {
  let depth = 0;
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quote) {
      if (ch === '\\' && quote === '"') i++;
      else if (ch === quote || ch === '\n') quote = undefined;
    } else if (ch === '#' && (i === 0 || /\s/.test(text[i - 1]!))) {
      const end = text.indexOf('\n', i);
      if (end === -1) break;
      i = end;
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '[' || ch === '{') {
      if (++depth > limit) return i;
    } else if ((ch === ']' || ch === '}') && depth > 0) depth--;
  }
  return undefined;
}

interface Found {
  key?: Node;
  value?: Node;
  /** Offset of the deepest node reached, when the path does not exist to the end. */
  fallback: number;
}

function walk(doc: Document, path: readonly PathSegment[]): Found {
  const { isAlias, isMap, isPair, isSeq } = yaml();
  let node: unknown = doc.contents;
  let key: Node | undefined;
  let fallback = 0;
  for (const segment of path) {
    if (isAlias(node)) node = node.resolve(doc);
    const range = (node as Node | null)?.range;
    if (range) fallback = range[0];
    key = undefined;
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && keyText(p.key) === String(segment));
      if (!pair) return { fallback };
      key = pair.key as Node;
      node = pair.value;
      if (node === null && key?.range) fallback = key.range[0];
    } else if (isSeq(node) && typeof segment === 'number') {
      node = node.items[segment];
      if (node === undefined) return { fallback };
    } else {
      return { fallback };
    }
  }
  if (isAlias(node)) node = node.resolve(doc);
  return { key, value: (node as Node | null) ?? undefined, fallback };
}

function keyText(key: unknown): string | undefined {
  if (yaml().isScalar(key)) return String(key.value);
  return undefined;
}

/** Plain data with null-prototype objects, so keys like `__proto__` or `constructor` are only data. */
function withoutPrototypes(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutPrototypes);
  if (value !== null && typeof value === 'object') {
    const out = Object.create(null) as Record<string, unknown>;
    for (const [k, v] of Object.entries(value)) out[k] = withoutPrototypes(v);
    return out;
  }
  return value;
}
