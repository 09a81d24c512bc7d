// Positions of block-style keys and list items, found by scanning lines instead of building a YAML AST.
//
// On large inventories a full `yaml` Document costs 15-20x the parse itself (BENCHMARKS.md), and
// findings only need the line of a key. This scanner understands block mappings, block sequences
// (also compact `- key: value`), comments, quoted keys, block scalars and flow collections spanning
// lines; anything inside a flow collection is located at the key that holds it. It runs only on
// documents that js-yaml has already accepted, and only when a position is first asked for.
import type { PathSegment } from './yamlSource.js';

export interface KeyPosition {
  line: number;
  column: number;
}

interface Container {
  indent: number;
  kind: 'map' | 'seq';
  place: Place;
  nextIndex: number;
  /** The last key or item seen in this container: the parent of a deeper container. */
  last?: Place;
}

/**
 * Where a key or item is, as the index files it: a path of one segment on its own; a longer one
 * as its entity (the first two segments, `[section, id]`) and the rest, joined.
 */
interface Place {
  depth: number;
  /** The first segment. */
  head: string;
  /** The entity's number (depth 2 and more), else -1. */
  entity: number;
  /** The segments after the first two, joined by NUL ('' at depth 2 and less). */
  rest: string;
}

const ROOT: Place = { depth: 0, head: '', entity: -1, rest: '' };

/** A key at the start of `text`: quoted or plain, followed by `:` and a space or the end of the line. */
const PLAIN_KEY = /^([^\s#'"{}[\],&*!|>%@`?:-]|[?:-](?=[^\s]))(?:[^:#]|:(?=[^\s])|(?<=[^\s])#)*?\s*:(?=\s|$)/;

function readKey(text: string): { key: string; rest: string } | undefined {
  const first = text[0];
  if (first === '"' || first === "'") {
    let i = 1;
    while (i < text.length) {
      if (first === "'" && text[i] === "'" && text[i + 1] === "'") i += 2;
      else if (first === '"' && text[i] === '\\') i += 2;
      else if (text[i] === first) break;
      else i++;
    }
    if (i >= text.length) return undefined;
    const after = text.slice(i + 1).match(/^\s*:(?=\s|$)/);
    if (!after) return undefined;
    const raw = text.slice(0, i + 1);
    const key = first === "'" ? raw.slice(1, -1).replace(/''/g, "'") : unescapeDoubleQuoted(raw.slice(1, -1));
    // An escape YAML does not know: js-yaml would have refused the file, so this is not reached.
    if (key === undefined) return undefined;
    return { key, rest: text.slice(i + 1 + after[0].length) };
  }
  const match = PLAIN_KEY.exec(text);
  if (!match) return undefined;
  return { key: match[0].slice(0, -1).trimEnd(), rest: text.slice(match[0].length) };
}

/** YAML's single-character escapes in double-quoted scalars (YAML 1.2 §5.7), beyond JSON's. */
const YAML_ESCAPES: Record<string, string> = {
  '0': '\0',
  a: '\x07',
  b: '\b',
  t: '\t',
  '\t': '\t',
  n: '\n',
  v: '\v',
  f: '\f',
  r: '\r',
  e: '\x1b',
  ' ': ' ',
  '"': '"',
  '/': '/',
  '\\': '\\',
  N: '\x85',
  _: '\xa0',
  L: '\u2028',
  P: '\u2029',
};

/**
 * The text of a one-line double-quoted YAML scalar (without its quotes), or undefined for an
 * escape YAML does not define. YAML escapes are not JSON's: `"\e[31m"` is valid YAML and
 * JSON.parse would throw on it.
 */
export function unescapeDoubleQuoted(body: string): string | undefined {
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    if (ch !== '\\') {
      out += ch;
      continue;
    }
    const code = body[++i];
    if (code === undefined) return undefined;
    const simple = YAML_ESCAPES[code];
    if (simple !== undefined) {
      out += simple;
      continue;
    }
    const digits = code === 'x' ? 2 : code === 'u' ? 4 : code === 'U' ? 8 : 0;
    const hex = body.slice(i + 1, i + 1 + digits);
    if (digits === 0 || !/^[0-9a-fA-F]+$/.test(hex) || hex.length !== digits) return undefined;
    const point = parseInt(hex, 16);
    if (point > 0x10ffff) return undefined;
    out += String.fromCodePoint(point);
    i += digits;
  }
  return out;
}

/** Net depth of flow brackets opened in a value, ignoring quoted text and comments. */
function flowDepth(value: string, depth: number): number {
  let quote: string | undefined;
  for (let i = 0; i < value.length; i++) {
    const ch = value[i]!;
    if (quote) {
      if (quote === '"' && ch === '\\') i++;
      else if (ch === quote) quote = undefined;
    } else if (ch === '"' || ch === "'") {
      if (depth > 0 || i === 0 || /\s/.test(value[i - 1]!)) quote = ch;
    } else if (ch === '#' && (i === 0 || /\s/.test(value[i - 1]!))) {
      break;
    } else if (ch === '[' || ch === '{') {
      if (depth > 0 || value.slice(0, i).trim() === '' || /[\s]$/.test(value.slice(0, i))) depth++;
    } else if ((ch === ']' || ch === '}') && depth > 0) {
      depth--;
    }
  }
  return depth;
}

/**
 * Positions (1-based) of every block key and list item, by path, kept compactly: a 100k-entity
 * inventory has about half a million keys, and the positions stay for as long as findings may be
 * located (a map of joined paths to position objects took 50 MB there; these tables take a
 * fraction of it). Paths are `[section, id, ...rest]`: one map entry per entity, and for each key
 * below it three numbers (which rest of the path, line, column) in typed arrays.
 */
export class KeyIndex {
  /** Paths of one segment. */
  private readonly top = new Map<string, KeyPosition>();
  /** Entity numbers by first segment, then second. */
  private readonly entities = new Map<string, Map<string, number>>();
  /** Ids of the rests of paths below an entity ('' for the entity itself). */
  private readonly rests = new Map<string, number>([['', 0]]);
  private entityCount = 0;
  /** While scanning: entity, rest, line, column of every key below the first level, four numbers each. */
  private scanned: Int32Array | undefined = new Int32Array(4 * 1024);
  private scannedCount = 0;
  /** After scanning: each entity's records, sorted by rest (entity e has records first[e] to first[e+1]). */
  private first = new Int32Array(1);
  private rest = new Int32Array(0);
  private line = new Int32Array(0);
  private column = new Int32Array(0);

  /** How many paths have a position. */
  get size(): number {
    return this.top.size + this.rest.length;
  }

  /** The position of exactly this path, if it has one. */
  get(path: readonly PathSegment[]): KeyPosition | undefined {
    if (path.length === 0) return undefined;
    if (path.length === 1) return this.top.get(String(path[0]));
    const entity = this.entities.get(String(path[0]))?.get(String(path[1]));
    if (entity === undefined) return undefined;
    const rest = this.rests.get(path.length === 2 ? '' : path.slice(2).join('\u0000'));
    return rest === undefined ? undefined : this.find(entity, rest);
  }

  has(path: readonly PathSegment[]): boolean {
    return this.get(path) !== undefined;
  }

  /** The position of a path's key, or of its nearest ancestor that has one (the file's start when none has). */
  lookup(path: readonly PathSegment[]): KeyPosition {
    const entity = path.length >= 2 ? this.entities.get(String(path[0]))?.get(String(path[1])) : undefined;
    if (entity !== undefined) {
      for (let n = path.length; n >= 2; n--) {
        const rest = this.rests.get(n === 2 ? '' : path.slice(2, n).join('\u0000'));
        const found = rest === undefined ? undefined : this.find(entity, rest);
        if (found) return found;
      }
    }
    return (path.length > 0 ? this.top.get(String(path[0])) : undefined) ?? { line: 1, column: 1 };
  }

  /** The place of a key or item `segment` inside `parent`. */
  place(parent: Place, segment: PathSegment): Place {
    const text = String(segment);
    if (parent.depth === 0) return { depth: 1, head: text, entity: -1, rest: '' };
    if (parent.depth === 1) {
      let byId = this.entities.get(parent.head);
      if (!byId) this.entities.set(parent.head, (byId = new Map()));
      let entity = byId.get(text);
      if (entity === undefined) byId.set(text, (entity = this.entityCount++));
      return { depth: 2, head: parent.head, entity, rest: '' };
    }
    return { depth: parent.depth + 1, head: parent.head, entity: parent.entity, rest: parent.depth === 2 ? text : `${parent.rest}\u0000${text}` };
  }

  /** Records a position; a path recorded again takes the later one. */
  record(place: Place, line: number, column: number): void {
    if (place.depth === 1) {
      this.top.set(place.head, { line, column });
      return;
    }
    let rest = this.rests.get(place.rest);
    if (rest === undefined) this.rests.set(place.rest, (rest = this.rests.size));
    let scanned = this.scanned!;
    const at = 4 * this.scannedCount++;
    if (at + 4 > scanned.length) {
      const grown = new Int32Array(scanned.length * 2);
      grown.set(scanned);
      this.scanned = scanned = grown;
    }
    scanned[at] = place.entity;
    scanned[at + 1] = rest;
    scanned[at + 2] = line;
    scanned[at + 3] = column;
  }

  /** Ends the scan: records sorted by entity and rest, the last of a repeated path kept. */
  seal(): this {
    const scanned = this.scanned!;
    const count = this.scannedCount;
    const entities = this.entityCount;
    // Counting sort by entity, in the order recorded; then each entity's records by rest.
    const first = new Int32Array(entities + 1);
    for (let i = 0; i < count; i++) first[scanned[4 * i]! + 1]!++;
    for (let e = 0; e < entities; e++) first[e + 1]! += first[e]!;
    const next = first.slice(0, entities);
    const order = new Int32Array(count);
    for (let i = 0; i < count; i++) order[next[scanned[4 * i]!]!++] = i;
    for (let e = 0; e < entities; e++) sortByRest(order, first[e]!, first[e + 1]!, scanned);
    // Keep the last of equal paths (a stable sort leaves the latest last among equals).
    const rest = new Int32Array(count);
    const line = new Int32Array(count);
    const column = new Int32Array(count);
    const kept = new Int32Array(entities + 1);
    let n = 0;
    for (let e = 0; e < entities; e++) {
      kept[e] = n;
      for (let k = first[e]!; k < first[e + 1]!; k++) {
        const i = order[k]!;
        if (k + 1 < first[e + 1]! && scanned[4 * order[k + 1]! + 1] === scanned[4 * i + 1]) continue;
        rest[n] = scanned[4 * i + 1]!;
        line[n] = scanned[4 * i + 2]!;
        column[n] = scanned[4 * i + 3]!;
        n++;
      }
    }
    kept[entities] = n;
    this.first = kept;
    this.rest = rest.slice(0, n);
    this.line = line.slice(0, n);
    this.column = column.slice(0, n);
    this.scanned = undefined;
    return this;
  }

  private find(entity: number, rest: number): KeyPosition | undefined {
    let lo = this.first[entity]!;
    let hi = this.first[entity + 1]! - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const r = this.rest[mid]!;
      if (r === rest) return { line: this.line[mid]!, column: this.column[mid]! };
      if (r < rest) lo = mid + 1;
      else hi = mid - 1;
    }
    return undefined;
  }
}

/** Stable insertion sort of order[from..to) by each record's rest: an entity has a handful of keys. */
function sortByRest(order: Int32Array, from: number, to: number, scanned: Int32Array): void {
  for (let k = from + 1; k < to; k++) {
    const i = order[k]!;
    const key = scanned[4 * i + 1]!;
    let j = k - 1;
    while (j >= from && scanned[4 * order[j]! + 1]! > key) {
      order[j + 1] = order[j]!;
      j--;
    }
    order[j + 1] = i;
  }
}

/** Positions (1-based) of every block key and list item, by path. */
export function indexKeys(text: string): KeyIndex {
  const index = new KeyIndex();
  const stack: Container[] = [{ indent: -1, kind: 'map', place: ROOT, nextIndex: 0 }];
  const lines = text.split(/\r?\n/);
  let blockScalarIndent: number | undefined;
  let openFlow = 0;

  const containerFor = (column: number, kind: Container['kind']): Container => {
    // A sequence may sit at its key's indent (`key:` then `- item`); a key at that indent ends it.
    const ended = (c: Container) => c.indent > column || (c.indent === column && c.kind === 'seq' && kind === 'map');
    while (stack.length > 1 && ended(stack[stack.length - 1]!)) stack.pop();
    const top = stack[stack.length - 1]!;
    if (top.indent === column && top.kind === kind) return top;
    // A new container holds the value of the last key or item above it.
    const container: Container = { indent: column, kind, place: top.last ?? top.place, nextIndex: 0 };
    stack.push(container);
    return container;
  };

  /** Reads the node that starts at `column` of a line; returns after recording its key or item. */
  const readNode = (content: string, column: number, line: number): void => {
    if (content.startsWith('- ') || content === '-') {
      const seq = containerFor(column, 'seq');
      const place = index.place(seq.place, seq.nextIndex++);
      seq.last = place;
      const rest = content.slice(1);
      const itemColumn = column + 1 + (rest.length - rest.trimStart().length);
      // Like the `yaml` AST, an item is where its content starts (its dash when that is on a later line).
      const inline = rest.trim() !== '' && !rest.trim().startsWith('#');
      index.record(place, line, (inline ? itemColumn : column) + 1);
      if (inline) readNode(rest.trimStart(), itemColumn, line);
      return;
    }
    const found = readKey(content);
    if (!found) {
      openFlow = flowDepth(content, 0);
      return;
    }
    const map = containerFor(column, 'map');
    const place = index.place(map.place, found.key);
    map.last = place;
    index.record(place, line, column + 1);
    const value = found.rest.trim();
    if (/^(?:[&!][^\s]*\s+)*[|>][0-9+-]*\s*(#.*)?$/.test(value)) blockScalarIndent = column;
    else openFlow = flowDepth(value, 0);
  };

  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!;
    const content = raw.trimStart();
    const indent = raw.length - content.length;
    if (blockScalarIndent !== undefined) {
      if (content === '' || indent > blockScalarIndent) continue;
      blockScalarIndent = undefined;
    }
    if (openFlow > 0) {
      openFlow = flowDepth(raw, openFlow);
      continue;
    }
    if (content === '' || content.startsWith('#') || /^(---|\.\.\.)(\s|$)/.test(raw) || raw.startsWith('%')) continue;
    readNode(content, indent, i + 1);
  }
  return index.seal();
}
