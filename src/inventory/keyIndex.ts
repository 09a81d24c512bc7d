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
  path: PathSegment[];
  nextIndex: number;
  /** Path of the last key or item seen in this container: the parent of a deeper container. */
  last?: PathSegment[];
}

const pathKey = (path: readonly PathSegment[]): string => path.join('\u0000');

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

/** Positions (1-based) of every block key and list item, by path. */
export function indexKeys(text: string): Map<string, KeyPosition> {
  const positions = new Map<string, KeyPosition>();
  const stack: Container[] = [{ indent: -1, kind: 'map', path: [], nextIndex: 0 }];
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
    const container: Container = { indent: column, kind, path: top.last ?? top.path, nextIndex: 0 };
    stack.push(container);
    return container;
  };

  /** Reads the node that starts at `column` of a line; returns after recording its key or item. */
  const readNode = (content: string, column: number, line: number): void => {
    if (content.startsWith('- ') || content === '-') {
      const seq = containerFor(column, 'seq');
      const path = [...seq.path, seq.nextIndex++];
      seq.last = path;
      const rest = content.slice(1);
      const itemColumn = column + 1 + (rest.length - rest.trimStart().length);
      // Like the `yaml` AST, an item is where its content starts (its dash when that is on a later line).
      const inline = rest.trim() !== '' && !rest.trim().startsWith('#');
      positions.set(pathKey(path), { line, column: (inline ? itemColumn : column) + 1 });
      if (inline) readNode(rest.trimStart(), itemColumn, line);
      return;
    }
    const found = readKey(content);
    if (!found) {
      openFlow = flowDepth(content, 0);
      return;
    }
    const map = containerFor(column, 'map');
    const path = [...map.path, found.key];
    map.last = path;
    positions.set(pathKey(path), { line, column: column + 1 });
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
  return positions;
}

/** The position of a path's key, or of its nearest ancestor that has one. */
export function lookupKey(positions: ReadonlyMap<string, KeyPosition>, path: readonly PathSegment[]): KeyPosition {
  for (let n = path.length; n > 0; n--) {
    const found = positions.get(pathKey(path.slice(0, n)));
    if (found) return found;
  }
  return { line: 1, column: 1 };
}
