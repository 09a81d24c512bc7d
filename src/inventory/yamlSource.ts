// Parses YAML keeping positions, so every later problem or finding can point at its line.
import jsyaml from 'js-yaml';
import { createRequire } from 'node:module';
import type { CST, Document, Node, YAMLError } from 'yaml';
import { indexKeys, type KeyIndex } from './keyIndex.js';
import { DEFAULT_LIMITS, formatBytes, type InputLimits } from './limits.js';
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

/** Limits the YAML reader applies (alias expansions, nesting); unset ones are the defaults. */
export type YamlLimits = Partial<InputLimits>;

export const DEFAULT_YAML_LIMITS: YamlLimits = DEFAULT_LIMITS;

/** The limits in effect: those given, the defaults for the rest. */
export function effectiveLimits(limits: YamlLimits | undefined): InputLimits {
  return { ...DEFAULT_LIMITS, ...limits };
}

export type ParseResult = { ok: true; source: YamlSource } | { ok: false; problems: Problem[] };

/**
 * The `yaml` package builds a full Document with every node's position: exact, and needed only
 * for problems and for files the fast path cannot take, so it is loaded on first use (it is the
 * largest part of start-up otherwise).
 */
let yamlModule: typeof import('yaml') | undefined;
const yaml = (): typeof import('yaml') => (yamlModule ??= createRequire(import.meta.url)('yaml') as typeof import('yaml'));

/** The fast path when it applies, otherwise (or when `exact`) the exact one; only the fast one for large files. */
export function parseYamlSource(text: string, file: string, options: { exact?: boolean; limits?: YamlLimits } = {}): ParseResult {
  if (!exactAffordable(text, options.limits)) return parseYamlLarge(text, file, effectiveLimits(options.limits));
  const fast = options.exact ? undefined : parseYamlFast(text, file, options.limits);
  return fast ? { ok: true, source: fast } : parseYaml(text, file, options.limits);
}

/**
 * Whether the exact parser may read this text: it costs ~1.6 s and ~110 MB per MiB, so a 30 MiB
 * file with one typo would take a minute and gigabytes to locate it to the column.
 */
export function exactAffordable(text: string, limits?: YamlLimits): boolean {
  return text.length <= effectiveLimits(limits).maxExactBytes;
}

/**
 * A file too large for the exact parser: js-yaml alone, problems located by the line scanner
 * (js-yaml's own position for syntax errors). js-yaml resolves an alias to the very object of its
 * anchor, so aliases to maps or lists (shared objects: the way to "billion laughs", and to cycles)
 * are refused here; aliases to single values are copies and harmless.
 */
function parseYamlLarge(text: string, file: string, limits: InputLimits): ParseResult {
  const fail = (pos: Position, message: string): ParseResult => ({ ok: false, problems: [{ pos, message }] });
  const deep = nestingBeyond(text, limits.maxDepth);
  if (deep !== undefined) return fail(positionIn(text, deep, file), tooDeep(limits.maxDepth));
  let data: unknown;
  try {
    data = jsyaml.load(text, { schema: jsyaml.CORE_SCHEMA, filename: file });
  } catch (error) {
    if (error instanceof jsyaml.YAMLException && error.mark) {
      return fail({ file, line: error.mark.line + 1, column: error.mark.column + 1 }, `invalid YAML: ${error.reason}`);
    }
    const message = isStackOverflow(error) ? tooDeep(limits.maxDepth) : `cannot read the YAML: ${error instanceof Error ? error.message : String(error)}`;
    return fail({ file, line: 1, column: 1 }, message);
  }
  const locate = lineScanLocator(text, file, () => undefined);
  const shape = treeShape(data, limits.maxDepth);
  if (shape?.problem === 'shared') {
    return fail(
      locate(shape.path),
      `an alias (*name) repeats a map or list here; in files over ${formatBytes(limits.maxExactBytes)} bcaudit reads aliases of single values only (--max-exact-bytes)`,
    );
  }
  if (shape?.problem === 'deep') return fail(locate(shape.path), tooDeep(limits.maxDepth));
  return { ok: true, source: { file, data: withoutPrototypes(data), locate, locateKey: locate } };
}

/**
 * Walks parsed data once, iteratively: the path of the first object reached a second time (an
 * alias, or a cycle) or nested deeper than `limit`, or undefined when it is a plain tree.
 */
function treeShape(data: unknown, limit: number): { problem: 'shared' | 'deep'; path: PathSegment[] } | undefined {
  const seen = new Set<object>();
  let found: { problem: 'shared' | 'deep'; path: PathSegment[] } | undefined;
  walkObjects(data, (frame) => {
    if (seen.has(frame.value)) found = { problem: 'shared', path: framePath(frame) };
    else if (frame.depth >= limit) found = { problem: 'deep', path: framePath(frame) };
    seen.add(frame.value);
    return found === undefined;
  });
  return found;
}

/** A map or list met while walking data, with how it was reached. */
interface Frame {
  value: object;
  depth: number;
  key: PathSegment;
  parent: Frame | undefined;
}

function framePath(frame: Frame): PathSegment[] {
  const path: PathSegment[] = [];
  for (let f: Frame | undefined = frame; f?.parent; f = f.parent) path.push(f.key);
  return path.reverse();
}

/**
 * Calls `visit` on every map and list in `data`, depth first, without recursion (10,000 levels
 * must not overflow the stack) and without a frame per scalar (a list of millions of scalars
 * must not cost a frame each). Stops when `visit` returns false.
 */
function walkObjects(data: unknown, visit: (frame: Frame) => boolean): void {
  if (data === null || typeof data !== 'object') return;
  const stack: Frame[] = [{ value: data, depth: 0, key: '', parent: undefined }];
  while (stack.length > 0) {
    const frame = stack.pop()!;
    if (!visit(frame)) return;
    const { value } = frame;
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) {
        const v: unknown = value[i];
        if (v !== null && typeof v === 'object') stack.push({ value: v, depth: frame.depth + 1, key: i, parent: frame });
      }
    } else {
      // Pushed in reverse, so that maps and lists are visited in the order of the document.
      const entries = Object.entries(value);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [k, v] = entries[i]!;
        if (v !== null && typeof v === 'object') stack.push({ value: v, depth: frame.depth + 1, key: k, parent: frame });
      }
    }
  }
}

/**
 * Positions from the line scanner (keyIndex), built on first use; from then on the locator holds
 * only the index, not the text (an inventory's locations are kept as long as its findings may be
 * located). Should the scanner fail on some layout, `fallback` is asked (the exact parser, when
 * affordable), else the file's first line.
 */
function lineScanLocator(text: string, file: string, fallback: () => YamlSource | undefined): (path: readonly PathSegment[]) => Position {
  let pending: { text: string; fallback: () => YamlSource | undefined } | undefined = { text, fallback };
  let positions: KeyIndex | undefined;
  let exact: YamlSource | undefined;
  return (path) => {
    if (pending) {
      try {
        positions = indexKeys(pending.text);
      } catch {
        exact = pending.fallback();
      }
      pending = undefined;
    }
    if (positions) return { file, ...positions.lookup(path) };
    return exact ? exact.locateKey(path) : { file, line: 1, column: 1 };
  };
}

const tooDeep = (limit: number) => `nesting deeper than ${limit} levels; an inventory needs a handful (--max-depth)`;

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
    // Duplicate keys are found below: yaml's own check compares each key with every earlier one,
    // quadratic in a map's size (a 50,000-entry map took 8 s, a 200,000-entry one minutes).
    doc = parseDocument(text, { lineCounter, uniqueKeys: false, prettyErrors: false, strict: true, logLevel: 'error' });
  } catch (error) {
    const reason = isStackOverflow(error) ? `nesting too deep to read` : error instanceof Error ? error.message : String(error);
    return { ok: false, problems: [{ pos: { file, line: 1, column: 1 }, message: `cannot read the YAML: ${reason}` }] };
  }
  const at = (offset: number): Position => {
    const { line, col } = lineCounter.linePos(Math.max(0, Math.min(offset, text.length)));
    return { file, line, column: col };
  };
  const firstError = doc.errors[0];
  if (firstError) {
    // Only the first: the parser recovers from a syntax error by guessing, and what it reports
    // after it (one tab gave a dozen problems) follows from the guess, not from the text.
    if (isStackOverflow(firstError.message)) return { ok: false, problems: [{ pos: at(firstError.pos[0]), message: tooDeep(maxDepth) }] };
    const { offset, message } = syntaxError(doc.errors, text, at);
    return { ok: false, problems: [{ pos: at(offset), message }] };
  }
  const duplicates = duplicateKeys(doc);
  if (duplicates.length > 0) {
    return {
      ok: false,
      problems: duplicates.map((d) => ({ pos: at(d.offset), message: `duplicate key '${d.key.slice(0, 80)}': each key may appear only once in a map` })),
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
            message: `too many alias expansions (more than ${maxAliasCount}): the aliases multiply into a huge document ("billion laughs"; --max-aliases)`,
          },
        ],
      };
    }
    return { ok: false, problems: [{ pos: at(0), message: `cannot read the YAML: ${message}` }] };
  }
  const pairs = new WeakMap<object, Map<string, Pair>>();
  const find = (path: readonly PathSegment[]) => walk(doc, path, pairs);
  // `yaml` limits how many aliases are expanded, not how much each brings: one alias of a list of
  // a million items, repeated 999 times, is a billion items once copied and checked.
  const alias = MAY_HAVE_ALIAS.exec(text);
  const aliasAt = positionIn(text, alias ? alias.index + alias[0].indexOf('*') : 0, file);
  const growth = aliasGrowth(data, ALIAS_NODES_PER_EXPANSION * maxAliasCount);
  if (growth === 'cycle') return { ok: false, problems: [{ pos: aliasAt, message: 'an alias refers to a map or list that contains it' }] };
  if (growth === 'too-much') {
    return {
      ok: false,
      problems: [
        {
          pos: aliasAt,
          message: `the aliases repeat more than ${(ALIAS_NODES_PER_EXPANSION * maxAliasCount).toLocaleString('en-US')} values in all: they multiply into a huge document ("billion laughs"; --max-aliases)`,
        },
      ],
    };
  }
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

/**
 * Keys that repeat an earlier key of the same map (scalar keys, compared by value as yaml does),
 * with one set per map: linear in the document. Iterative, like every walk over parsed input.
 */
function duplicateKeys(doc: Document): { offset: number; key: string }[] {
  const { isMap, isPair, isScalar, isSeq } = yaml();
  const found: { offset: number; key: string }[] = [];
  const stack: unknown[] = [doc.contents];
  while (stack.length > 0) {
    const node = stack.pop();
    if (isMap(node)) {
      const seen = new Set<unknown>();
      for (const item of node.items) {
        if (!isPair(item)) continue;
        const key = item.key;
        if (isScalar(key)) {
          if (seen.has(key.value)) found.push({ offset: key.range?.[0] ?? 0, key: String(key.value) });
          else seen.add(key.value);
        }
        stack.push(item.key, item.value);
      }
    } else if (isSeq(node)) {
      for (const item of node.items) stack.push(item);
    }
  }
  return found;
}

/**
 * Where and what a YAML syntax error is, said where the user made it: `yaml` notices an unclosed
 * quote or bracket where the file ends or the indentation drops, and a line indented too deep as a
 * key on the line above; both are moved to the text that caused them.
 */
function syntaxError(errors: readonly YAMLError[], text: string, at: (offset: number) => Position): { offset: number; message: string } {
  const error = errors[0]!;
  const offset = error.pos[0];
  // A tab in the indentation of the line where parsing failed: yaml names it only in some layouts
  // (in a list item it reports the key after the tab as unexpected), but it is always the mistake.
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const indentation = /^[ \t]*/.exec(text.slice(lineStart, lineStart + 1000))![0];
  if (error.code !== 'TAB_AS_INDENT' && indentation.includes('\t') && lineStart + indentation.length < text.length) {
    return { offset: lineStart + indentation.indexOf('\t'), message: 'invalid YAML: Tabs are not allowed as indentation' };
  }
  const unclosedQuote = error.code === 'MISSING_CHAR' && /closing .?quote/.test(error.message);
  const unclosedFlow = /must (be sufficiently indented and )?end with a [\]}]/.test(error.message);
  if (unclosedQuote || unclosedFlow) {
    const open = unclosedOpening(text, offset, unclosedQuote ? 'quote' : 'flow');
    if (open !== undefined) {
      const { line } = at(offset);
      const until = offset >= text.length ? 'the end of the file' : `line ${line}`;
      return {
        offset: open.offset,
        message: `invalid YAML: this ${open.opener} is never closed (no closing ${open.closer} before ${until})`,
      };
    }
  }
  const multiLineKey = errors.some((e) => e.code === 'MULTILINE_IMPLICIT_KEY' && e.pos[0] === offset);
  if (error.code === 'BLOCK_AS_IMPLICIT_KEY' && /compact mappings/.test(error.message) && multiLineKey) {
    // `kind: cloud` followed by a line indented deeper: the deeper line continues the value
    // `cloud`, which thereby becomes a key; the mistake is the indentation of that line.
    const lineEnd = text.indexOf('\n', offset);
    const next = lineEnd === -1 ? -1 : text.slice(lineEnd + 1).search(/[^ \t\r\n]/);
    if (next !== -1) {
      const { line } = at(offset);
      return {
        offset: lineEnd + 1 + next,
        message: `invalid YAML: bad indentation: this line is indented deeper than the entry on line ${line} above it, so it cannot start a key of its own`,
      };
    }
  }
  if (error.code === 'BAD_INDENT' && /same column/.test(error.message)) {
    // Reported at the start of the line; the key that is out of line is where the eye should go.
    const key = text.slice(offset).search(/[^ ]/);
    return { offset: key === -1 ? offset : offset + key, message: yamlMessage(error.code, error.message, '') };
  }
  const message = yamlMessage(error.code, error.message, text.slice(offset, offset + 100));
  if (error.code === 'MULTILINE_IMPLICIT_KEY') return { offset, message: `${message} (is a \`:\` missing after the key here?)` };
  return { offset, message };
}

/**
 * The quote, or flow `[` / `{`, that is still open at `offset`: the innermost one opened before it,
 * from `yaml`'s concrete syntax tree (which keeps the tokens as written, closed or not).
 */
function unclosedOpening(text: string, offset: number, kind: 'quote' | 'flow'): { offset: number; opener: string; closer: string } | undefined {
  const { CST, Parser } = yaml();
  let found: { offset: number; opener: string; closer: string } | undefined;
  const consider = (token: CST.Token | undefined): void => {
    if (!token || token.offset > offset || (found && token.offset < found.offset)) return;
    if (kind === 'quote' && (token.type === 'double-quoted-scalar' || token.type === 'single-quoted-scalar')) {
      const quote = token.source[0]!;
      if (!closesQuote(token.source, quote)) found = { offset: token.offset, opener: `${quote}…${quote} quote`, closer: quote };
    } else if (kind === 'flow' && token.type === 'flow-collection') {
      const closer = token.start.source === '[' ? ']' : '}';
      if (!token.end.some((t) => t.source === closer)) found = { offset: token.offset, opener: token.start.source, closer };
    }
  };
  for (const token of new Parser().parse(text)) {
    if (token.type !== 'document') continue;
    CST.visit(token, (item) => {
      consider(item.key ?? undefined);
      consider(item.value);
    });
  }
  return found;
}

/** Whether a quoted scalar's source ends with its closing quote (`''` and `\"` inside do not close it). */
function closesQuote(source: string, quote: string): boolean {
  if (source.length < 2 || !source.endsWith(quote)) return false;
  if (quote === "'") return /^'(?:[^']|'')*'$/s.test(source);
  return /^"(?:[^"\\]|\\.)*"$/s.test(source);
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
  // Should the line scanner not understand some layout, the exact parser locates instead.
  const locate = lineScanLocator(text, file, () => {
    const exact = parseYaml(text, file, limits);
    return exact.ok ? exact.source : undefined;
  });
  return { file, data: withoutPrototypes(data), locate, locateKey: locate };
}

/** How many values aliases may add to a document, per alias expansion allowed (--max-aliases). */
const ALIAS_NODES_PER_EXPANSION = 1000;

/**
 * How much aliases grow the data: `yaml` turns each alias into a reference to its anchor's value,
 * so the data is a graph; its size as a tree (what copying and checking it costs) is measured with
 * one visit per distinct map or list. 'too-much' when the tree has more than `budget` values beyond
 * the distinct ones, 'cycle' when a map or list contains itself, 'ok' otherwise.
 */
function aliasGrowth(data: unknown, budget: number): 'ok' | 'too-much' | 'cycle' {
  if (data === null || typeof data !== 'object') return 'ok';
  /** Values in each map or list as a tree (itself and everything below it). */
  const size = new Map<object, number>();
  const open = new Set<object>();
  const children = (value: object): unknown[] => (Array.isArray(value) ? value : Object.values(value));
  const stack: { value: object; expanded: boolean }[] = [{ value: data, expanded: false }];
  let distinct = 0;
  while (stack.length > 0) {
    const frame = stack.pop()!;
    if (!frame.expanded) {
      if (size.has(frame.value)) continue;
      if (open.has(frame.value)) return 'cycle';
      open.add(frame.value);
      stack.push({ value: frame.value, expanded: true });
      for (const child of children(frame.value)) {
        if (child === null || typeof child !== 'object') continue;
        if (open.has(child)) return 'cycle';
        if (!size.has(child)) stack.push({ value: child, expanded: false });
      }
      continue;
    }
    let total = 1;
    let own = 1;
    for (const child of children(frame.value)) {
      if (child !== null && typeof child === 'object') total += size.get(child) ?? 0;
      else {
        total++;
        own++;
      }
    }
    distinct += own;
    open.delete(frame.value);
    size.set(frame.value, total);
    if (total - distinct > budget) return 'too-much';
  }
  return 'ok';
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

/** Path to the first map or list nested deeper than `limit` in parsed data (iteratively), or undefined. */
export function pathBeyondDepth(data: unknown, limit: number): PathSegment[] | undefined {
  let found: PathSegment[] | undefined;
  walkObjects(data, (frame) => {
    if (frame.depth >= limit) found = framePath(frame);
    return found === undefined;
  });
  return found;
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
