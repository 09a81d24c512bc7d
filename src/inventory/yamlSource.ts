// Parses YAML keeping positions, so every later problem or finding can point at its line.
import jsyaml from 'js-yaml';
import { createRequire } from 'node:module';
import type { Document, Node } from 'yaml';
import { indexKeys, lookupKey, type KeyPosition } from './keyIndex.js';
import { currentLimits, DEFAULT_LIMITS, type InputLimits } from './limits.js';
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

/** Limits the YAML reader applies (alias expansions, nesting); unset ones come from `currentLimits()`. */
export type YamlLimits = Partial<InputLimits>;

export const DEFAULT_YAML_LIMITS: YamlLimits = DEFAULT_LIMITS;

/** The limits in effect: those given, the rest from the environment's or the defaults. */
export function effectiveLimits(limits: YamlLimits | undefined): InputLimits {
  return { ...currentLimits().limits, ...limits };
}

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
  const fast = options.exact ? undefined : parseYamlFast(text, file, options.limits);
  return fast ? { ok: true, source: fast } : parseYaml(text, file, options.limits);
}

const tooDeep = (limit: number) => `nesting deeper than ${limit} levels; an inventory needs a handful (BCAUDIT_MAX_DEPTH)`;

export function parseYaml(text: string, file: string, limits?: YamlLimits): ParseResult {
  const { maxAliasCount, maxDepth } = effectiveLimits(limits);
  const { LineCounter, parseDocument } = yaml();
  const lineCounter = new LineCounter();
  // The parsers recurse once or more per level: refuse what would run them out of stack first.
  const deep = nestingBeyond(text, maxDepth);
  if (deep !== undefined) {
    return { ok: false, problems: [{ pos: positionIn(text, deep, file), message: tooDeep(maxDepth) }] };
  }
  let doc: Document;
  try {
    doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false, strict: true, logLevel: 'error' });
  } catch (error) {
    const reason = isStackOverflow(error) ? `nesting too deep to read` : error instanceof Error ? error.message : String(error);
    return { ok: false, problems: [{ pos: { file, line: 1, column: 1 }, message: `cannot read the YAML: ${reason}` }] };
  }
  const at = (offset: number): Position => {
    const { line, col } = lineCounter.linePos(Math.max(0, Math.min(offset, text.length)));
    return { file, line, column: col };
  };
  if (doc.errors.length > 0) {
    return {
      ok: false,
      problems: doc.errors.map((e) => ({
        pos: at(e.pos[0]),
        message: isStackOverflow(e.message) ? tooDeep(maxDepth) : yamlMessage(e.code, e.message, text.slice(e.pos[0], e.pos[0] + 100)),
      })),
    };
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount, mapAsMap: false });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (isStackOverflow(error)) return { ok: false, problems: [{ pos: at(0), message: tooDeep(maxDepth) }] };
    if (/alias/i.test(message)) {
      const alias = MAY_HAVE_ALIAS.exec(text);
      return {
        ok: false,
        problems: [
          {
            pos: positionIn(text, alias ? alias.index + alias[0].indexOf('*') : 0, file),
            message: `too many alias expansions (more than ${maxAliasCount}): the aliases multiply into a huge document ("billion laughs"; BCAUDIT_MAX_ALIASES)`,
          },
        ],
      };
    }
    return { ok: false, problems: [{ pos: at(0), message: `cannot read the YAML: ${message}` }] };
  }
  const pairs = new WeakMap<object, Map<string, Pair>>();
  const find = (path: readonly PathSegment[]) => walk(doc, path, pairs);
  const deepPath = pathBeyondDepth(data, maxDepth);
  if (deepPath !== undefined) {
    const found = find(deepPath);
    return { ok: false, problems: [{ pos: at(found.value?.range?.[0] ?? found.fallback), message: tooDeep(maxDepth) }] };
  }
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
export function parseYamlFast(text: string, file: string, limits?: YamlLimits): YamlSource | undefined {
  if (MAY_HAVE_ALIAS.test(text)) return undefined;
  const { maxDepth } = effectiveLimits(limits);
  if (nestingBeyond(text, maxDepth) !== undefined) return undefined;
  let data: unknown;
  try {
    data = jsyaml.load(text, { schema: jsyaml.CORE_SCHEMA, filename: file });
  } catch {
    return undefined;
  }
  if (pathBeyondDepth(data, maxDepth) !== undefined) return undefined;
  let positions: Map<string, KeyPosition> | null | undefined;
  let exact: ParseResult | undefined;
  const locate = (path: readonly PathSegment[]): Position => {
    if (positions === undefined) {
      try {
        positions = indexKeys(text);
      } catch {
        // The line scanner met something it does not understand: ask the exact parser instead.
        positions = null;
      }
    }
    if (positions === null) {
      exact ??= parseYaml(text, file, limits);
      return exact.ok ? exact.source.locateKey(path) : { file, line: 1, column: 1 };
    }
    return { file, ...lookupKey(positions, path) };
  };
  return { file, data: withoutPrototypes(data), locate, locateKey: locate };
}

/** A JavaScript stack overflow, as an error or as the message a parser kept from one. */
function isStackOverflow(error: unknown): boolean {
  const message = error instanceof Error ? error.message : String(error);
  return (error instanceof RangeError || typeof error === 'string') && /call stack/i.test(message);
}

/**
 * Offset where nesting first goes deeper than `limit`, estimated from the text before any parser
 * runs (parsers recurse per level and would run out of stack on 10,000 levels). Flow brackets are
 * counted exactly, ignoring quoted text and comments; block nesting is counted from indentation and
 * compact indicators (`- - x`, `? x`), skipping block scalars. The estimate is at most twice off in
 * either direction on odd layouts, which only matters far beyond any real inventory; the exact
 * depth is checked again on the parsed data.
 */
export function nestingBeyond(text: string, limit: number): number | undefined {
  let flow = 0;
  let quote: string | undefined;
  /** Columns of the block nodes open above the current line. */
  const indents: number[] = [];
  /** Indentation of the line that started a block scalar, while inside it. */
  let blockScalar: number | undefined;
  let lineStart = 0;
  while (lineStart <= text.length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd === -1) lineEnd = text.length;
    let i = lineStart;
    while (i < lineEnd && text[i] === ' ') i++;
    const indent = i - lineStart;
    const blank = i >= lineEnd || text[i] === '#' || text[i] === '\r';
    if (blockScalar !== undefined && (blank || indent > blockScalar)) {
      lineStart = lineEnd + 1;
      continue;
    }
    blockScalar = undefined;
    if (flow === 0 && quote === undefined && !blank) {
      while (indents.length > 0 && indents[indents.length - 1]! >= indent) indents.pop();
      // Each compact indicator opens one more level on the same line.
      for (;;) {
        indents.push(i - lineStart);
        if (indents.length > limit) return i;
        const ch = text[i];
        const next = text[i + 1];
        if ((ch === '-' || ch === '?' || ch === ':') && (next === ' ' || next === '\t' || i + 1 >= lineEnd)) {
          i++;
          while (i < lineEnd && (text[i] === ' ' || text[i] === '\t')) i++;
          if (i >= lineEnd) break;
        } else break;
      }
      if (/(^|[\s:])[|>][0-9+-]*\s*(#.*)?\r?$/.test(text.slice(i, lineEnd))) blockScalar = indent;
    }
    for (; i < lineEnd; i++) {
      const ch = text[i];
      if (quote) {
        if (ch === '\\' && quote === '"') i++;
        else if (ch === quote) quote = undefined;
      } else if (ch === '#' && (i === lineStart || /\s/.test(text[i - 1]!))) {
        break;
      } else if ((ch === '"' || ch === "'") && (i === lineStart || /[\s[{,:]/.test(text[i - 1]!))) quote = ch;
      else if (ch === '[' || ch === '{') {
        if (++flow + indents.length > limit) return i;
      } else if ((ch === ']' || ch === '}') && flow > 0) flow--;
    }
    // Quoted scalars may span lines, but a quote left open at the end of a line in block context
    // is far more often an apostrophe in plain text: end it, as the flow scanner always did.
    if (flow === 0) quote = undefined;
    lineStart = lineEnd + 1;
  }
  return undefined;
}

/** Path to the first value nested deeper than `limit` in parsed data (iteratively), or undefined. */
export function pathBeyondDepth(data: unknown, limit: number): PathSegment[] | undefined {
  const stack: { value: unknown; path: PathSegment[] }[] = [{ value: data, path: [] }];
  while (stack.length > 0) {
    const { value, path } = stack.pop()!;
    if (value === null || typeof value !== 'object') continue;
    if (path.length >= limit) return path;
    if (Array.isArray(value)) value.forEach((v, i) => stack.push({ value: v, path: [...path, i] }));
    else for (const [k, v] of Object.entries(value)) stack.push({ value: v, path: [...path, k] });
  }
  return undefined;
}

interface Found {
  key?: Node;
  value?: Node;
  /** Offset of the deepest node reached, when the path does not exist to the end. */
  fallback: number;
}

/** A map entry of the `yaml` AST. */
type Pair = { key: unknown; value: unknown };

function walk(doc: Document, path: readonly PathSegment[], index: WeakMap<object, Map<string, Pair>>): Found {
  const { isAlias, isMap, isPair, isSeq } = yaml();
  // Entries of each map by key, built on first use: a search per lookup is quadratic on a large map
  // with a problem in every entry.
  const pairsOf = (map: { items: unknown[] }): Map<string, Pair> => {
    let byKey = index.get(map);
    if (!byKey) {
      byKey = new Map();
      for (const p of map.items) {
        if (!isPair(p)) continue;
        const k = keyText(p.key);
        if (k !== undefined && !byKey.has(k)) byKey.set(k, p);
      }
      index.set(map, byKey);
    }
    return byKey;
  };
  let node: unknown = doc.contents;
  let key: Node | undefined;
  let fallback = 0;
  for (const segment of path) {
    if (isAlias(node)) node = node.resolve(doc);
    const range = (node as Node | null)?.range;
    if (range) fallback = range[0];
    key = undefined;
    if (isMap(node)) {
      const pair = pairsOf(node).get(String(segment));
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
