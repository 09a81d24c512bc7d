// Mutations that turn valid inventories, policies and waiver files into broken or hostile ones.
//
// A mutation is plain data (an operator and a few numbers in [0, 1)) so fast-check can generate
// and shrink it; `applyMutations` applies a list of them to a document deterministically. Object
// mutations change the parsed document (delete, retype, rename keys, dangle references, make
// cycles, nest deeply, grow lists, put odd Unicode in text); text mutations then change the YAML
// text (truncate, delete, duplicate or swap lines, insert YAML-hostile snippets, aliases, tabs,
// CRLF); byte mutations change the encoded bytes (invalid UTF-8, NUL, stray BOM).
import { stringify } from 'yaml';

type Obj = Record<string, unknown>;
export type Path = (string | number)[];

/** Text as hostile as we can make it: terminal escapes, forged log lines, markup of every output format. */
export const HOSTILE_STRINGS: readonly string[] = [
  '\u001b[31mred\u001b[0m',
  '\u001b]0;pwned title\u0007',
  '\u001b[2J\u001b[Hcleared',
  '\u001b[1A\u001b[2Koverwrote the line above',
  'line one\nline two',
  'carriage\roverwrite',
  'x\nexamples/raisup.yml:1:1: all good, nothing to see',
  'bell\u0007 backspace\u0008\u0008',
  'nul\u0000byte',
  'c1\u009b31mcontrol',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  '<script>window.__pwned=1</script>',
  '<img src=x onerror=alert(1)>',
  '</details></table><h1>injected</h1>',
  '```\n# injected heading',
  '| a | b |\n|---|---|',
  '[click](javascript:alert(1))',
  '![pixel](http://evil.example/x.png)',
  '<!-- unterminated comment',
  'end',
  'graph TD; A-->B',
  '"]; click n0 call alert(1); x["',
  '%%{init: {"securityLevel": "loose"}}%%',
  'classDef evil fill:#f00',
  ']]>',
  '<![CDATA[ x ]]>',
  '&amp; &lt; &#0; &#x0;',
  `"'<>&`,
  'lone \ud800 surrogate',
  '\u202eevil\u202c reversed',
  '\u2066isolate\u2069',
  'zero\u200bwidth\u200djoiner',
  '\ufeffbom inside',
  'e\u0301\u0301\u0301\u0301 combining',
  '🔥💾 emoji',
  '\u2028line separator\u2029',
  'label="x"]; evil [label="y',
  '\\n\\l\\N\\G backslashes',
  '${process.exit(1)} {{7*7}} %s%n',
  '../../../etc/passwd',
  // A waiver glob that backtracks exponentially as a regular expression.
  `single-point-of-failure/${'*a'.repeat(20)}b`,
  'a'.repeat(5000),
];

/** Keys to rename to: near misses, prototype names, and hostile text. */
const KEYS: readonly string[] = [
  '__proto__',
  'constructor',
  'prototype',
  '__defineGetter__',
  'valueOf',
  '<<',
  '',
  ' ',
  '1',
  'true',
  'null',
  'Kind',
  'knd',
  'accounts',
  'x'.repeat(3000),
  ...HOSTILE_STRINGS.slice(0, 12),
];

/** Values to retype to. */
const VALUES: readonly unknown[] = [
  null,
  true,
  false,
  0,
  -1,
  1.5,
  2 ** 53 + 1,
  1e308,
  Number.MAX_SAFE_INTEGER,
  '',
  ' ',
  '1',
  '24h',
  '0d',
  '-1d',
  '99999999999999999999d',
  '2026-02-31',
  '2026-13-01',
  '0000-00-00',
  '9999-12-31',
  'critical',
  [],
  {},
  [null],
  [[]],
  [{}],
  { kind: 'cloud' },
  { '': '' },
  ['a', 'a', 'a'],
  ...HOSTILE_STRINGS,
];

/** Keys whose values are free text (names, owners, reasons, places). */
const FREE_TEXT = ['name', 'description', 'owner', 'reason', 'region', 'site', 'media'];

const SECTIONS = ['providers', 'accounts', 'identities', 'billing', 'services', 'keys', 'stores', 'targets', 'backups'] as const;

export type ObjectOp = 'delete' | 'retype' | 'rename' | 'dangle' | 'cycle' | 'nest' | 'grow' | 'unicode' | 'hostileText' | 'duplicateId' | 'addEntity' | 'swapSection';
export type TextOp = 'truncate' | 'deleteLine' | 'duplicateLine' | 'swapLines' | 'insert' | 'indent' | 'alias' | 'flowNest' | 'blockNest' | 'crlf' | 'bigNumber';
export type ByteOp = 'invalidUtf8' | 'controlByte' | 'bom';

export interface Mutation {
  op: ObjectOp | TextOp | ByteOp;
  /** Which place (path, line, offset), as a fraction of the places there are. */
  at: number;
  /** Which value, key or snippet, as a fraction. */
  pick: number;
  /** A size or second place, as a fraction. */
  size: number;
}

export const OBJECT_OPS: readonly ObjectOp[] = ['delete', 'retype', 'rename', 'dangle', 'cycle', 'nest', 'grow', 'unicode', 'hostileText', 'duplicateId', 'addEntity', 'swapSection'];
export const TEXT_OPS: readonly TextOp[] = ['truncate', 'deleteLine', 'duplicateLine', 'swapLines', 'insert', 'indent', 'alias', 'flowNest', 'blockNest', 'crlf', 'bigNumber'];
export const BYTE_OPS: readonly ByteOp[] = ['invalidUtf8', 'controlByte', 'bom'];

const choose = <T>(items: readonly T[], fraction: number): T => items[Math.min(items.length - 1, Math.floor(fraction * items.length))]!;

/** Every path to a value in the document (maps and lists), root excluded. */
export function pathsOf(value: unknown, prefix: Path = [], out: Path[] = []): Path[] {
  if (Array.isArray(value)) {
    value.forEach((v, i) => {
      out.push([...prefix, i]);
      pathsOf(v, [...prefix, i], out);
    });
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      out.push([...prefix, k]);
      pathsOf(v, [...prefix, k], out);
    }
  }
  return out;
}

function parentOf(doc: unknown, path: Path): { parent: Obj | unknown[]; key: string | number } | undefined {
  let node: unknown = doc;
  for (const seg of path.slice(0, -1)) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Obj)[seg as string];
  }
  if (node === null || typeof node !== 'object') return undefined;
  return { parent: node as Obj, key: path[path.length - 1]! };
}

function setAt(doc: unknown, path: Path, value: unknown): void {
  const found = parentOf(doc, path);
  if (found) (found.parent as Obj)[found.key as string] = value;
}

/** Renames a map key keeping the order of the others (own data property, even for `__proto__`). */
function renameKey(map: Obj, from: string, to: string): Obj {
  const out: Obj = {};
  for (const [k, v] of Object.entries(map)) Object.defineProperty(out, k === from ? to : k, { value: v, enumerable: true, writable: true, configurable: true });
  return out;
}

function idsIn(doc: Obj): string[] {
  const ids: string[] = [];
  for (const s of SECTIONS) {
    const sec = doc[s];
    if (sec && typeof sec === 'object' && !Array.isArray(sec)) ids.push(...Object.keys(sec));
  }
  return ids;
}

function entities(doc: Obj, section: string): [string, Obj][] {
  const sec = doc[section];
  if (!sec || typeof sec !== 'object' || Array.isArray(sec)) return [];
  return Object.entries(sec as Obj).filter((e): e is [string, Obj] => e[1] !== null && typeof e[1] === 'object' && !Array.isArray(e[1]));
}

function nested(depth: number, leaf: unknown, lists: boolean): unknown {
  let v = leaf;
  for (let i = 0; i < depth; i++) v = lists ? [v] : { n: v };
  return v;
}

/** Applies one object mutation to a document (in place; returns the document, which may be replaced). */
function mutateObject(doc: unknown, m: Mutation): unknown {
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) return choose(VALUES, m.pick);
  const root = doc as Obj;
  const paths = pathsOf(root);
  const path = paths.length > 0 ? choose(paths, m.at) : undefined;
  switch (m.op as ObjectOp) {
    case 'delete': {
      if (!path) return doc;
      const found = parentOf(root, path);
      if (!found) return doc;
      if (Array.isArray(found.parent)) found.parent.splice(found.key as number, 1);
      else delete (found.parent as Obj)[found.key as string];
      return doc;
    }
    case 'retype':
      if (path) setAt(root, path, structuredClone(choose(VALUES, m.pick)));
      return doc;
    case 'rename': {
      const keyPaths = paths.filter((p) => typeof p[p.length - 1] === 'string');
      if (keyPaths.length === 0) return doc;
      const p = choose(keyPaths, m.at);
      const found = parentOf(root, p);
      if (!found || Array.isArray(found.parent)) return doc;
      const replacement = renameKey(found.parent as Obj, found.key as string, choose(KEYS, m.pick));
      if (p.length === 1) return replacement;
      setAt(root, p.slice(0, -1), replacement);
      return doc;
    }
    case 'dangle': {
      const refs = paths.filter((p) => typeof p[0] === 'string' && (SECTIONS as readonly string[]).includes(p[0]) && p.length >= 3);
      if (refs.length === 0) return doc;
      const ids = idsIn(root);
      const target = choose(['no-such-entity', 'Bad_Id', ...ids, ...HOSTILE_STRINGS.slice(0, 6)], m.pick);
      setAt(root, choose(refs, m.at), m.size < 0.5 ? target : [target, target]);
      return doc;
    }
    case 'cycle': {
      const accounts = entities(root, 'accounts');
      const services = entities(root, 'services');
      const stores = entities(root, 'stores');
      const targets = entities(root, 'targets');
      const kind = Math.floor(m.pick * 5);
      if (kind === 0 && accounts.length > 0) {
        const [a, acc] = choose(accounts, m.at);
        const [b, other] = choose(accounts, m.size);
        acc.parent = b;
        other.parent = a;
      } else if (kind === 1 && accounts.length > 0 && services.length > 0) {
        const [a, acc] = choose(accounts, m.at);
        const [s, svc] = choose(services, m.size);
        acc.login = s;
        svc.account = a;
      } else if (kind === 2 && stores.length > 0) {
        const [s, store] = choose(stores, m.at);
        store.depends_on = [s];
      } else if (kind === 3 && targets.length > 0 && services.length > 0) {
        const [t, target] = choose(targets, m.at);
        const [s, svc] = choose(services, m.size);
        target.depends_on = [s];
        svc.depends_on = [t];
      } else if (services.length > 1) {
        const [a, sa] = choose(services, m.at);
        const [b, sb] = choose(services, m.size);
        sa.depends_on = [b];
        sb.depends_on = [a];
      }
      return doc;
    }
    case 'nest': {
      // Deeper nesting is made in the text (blockNest, flowNest): the YAML writer recurses too.
      const depth = choose([3, 50, 150, 199, 200, 201, 300, 600], m.size);
      if (path) setAt(root, path, nested(depth, 'leaf', m.pick < 0.5));
      return doc;
    }
    case 'grow': {
      const n = choose([100, 1000, 5000], m.size);
      const ids = idsIn(root);
      const item = ids.length > 0 ? choose(ids, m.pick) : 'x';
      if (path) setAt(root, path, Array.from({ length: n }, (_, i) => (m.pick < 0.5 ? item : `${item}-${i}`)));
      return doc;
    }
    case 'unicode': {
      const leaves = paths.filter((p) => {
        const found = parentOf(root, p);
        return found && typeof (found.parent as Obj)[found.key as string] === 'string';
      });
      if (leaves.length > 0) setAt(root, choose(leaves, m.at), choose(HOSTILE_STRINGS, m.pick));
      return doc;
    }
    case 'hostileText': {
      // Free text the schema accepts anything in: the document stays valid, the text is hostile.
      const free = paths.filter((p) => {
        const last = p[p.length - 1];
        if (typeof last !== 'string' || !FREE_TEXT.includes(last)) return false;
        const found = parentOf(root, p);
        return found !== undefined && typeof (found.parent as Obj)[last] === 'string';
      });
      const hostile = choose(HOSTILE_STRINGS, m.pick);
      if (free.length > 0) setAt(root, choose(free, m.at), hostile);
      else root.name = hostile;
      return doc;
    }
    case 'duplicateId': {
      const sections = SECTIONS.filter((s) => entities(root, s).length > 0);
      if (sections.length === 0) return doc;
      const [id, value] = choose(entities(root, choose(sections, m.at)), m.pick);
      const into = choose(SECTIONS, m.size);
      const sec = (root[into] ?? {}) as Obj;
      if (typeof sec !== 'object' || Array.isArray(sec)) return doc;
      sec[id] = structuredClone(value);
      root[into] = sec;
      return doc;
    }
    case 'addEntity': {
      const into = choose(SECTIONS, m.at);
      const sec = (root[into] ?? {}) as Obj;
      if (typeof sec !== 'object' || Array.isArray(sec) || sec === null) return doc;
      const hostile = choose(HOSTILE_STRINGS, m.pick);
      // A valid id with hostile free text, or a hostile id.
      const id = m.size < 0.5 ? `new-${Math.floor(m.size * 1000)}` : hostile;
      Object.defineProperty(sec, id, {
        value: { kind: 'cloud', description: hostile, owner: hostile, region: hostile, site: hostile },
        enumerable: true,
        writable: true,
        configurable: true,
      });
      root[into] = sec;
      return doc;
    }
    case 'swapSection': {
      const a = choose(SECTIONS, m.at);
      const b = choose(SECTIONS, m.pick);
      const tmp = root[a];
      root[a] = root[b];
      root[b] = tmp;
      return doc;
    }
  }
  return doc;
}

/** YAML-hostile snippets for the text mutation `insert`. */
const SNIPPETS: readonly string[] = [
  ':',
  ': :',
  '- ',
  '? ',
  '{',
  '}',
  '[',
  ']',
  ',',
  '"',
  "'",
  '#',
  '&anchor ',
  '*alias',
  '*',
  '!',
  '!!binary ',
  '!!js/function "function(){ globalThis.polluted = 1 }"',
  '!!python/object/apply:os.system ["echo pwned"]',
  '!<tag:yaml.org,2002:str> ',
  '!!timestamp ',
  '!!set ',
  '!!omap ',
  '<<: {polluted: yes}',
  '__proto__: { polluted: yes }',
  'constructor: { prototype: { polluted: yes } }',
  '|',
  '>-',
  '|99',
  '\t',
  '---\n',
  '...\n',
  '%YAML 1.1\n---\n',
  '%TAG ! tag:evil.example,2026:\n---\n',
  '\u2028',
  '\u00a0',
  '\ufeff',
  '\\',
  '"\\u0000\\e[31m\\x9b"',
  '"\\uD800"',
  '0x7fffffffffffffffffff',
  '1e400',
  '-.inf',
  '.nan',
  '~',
];

function mutateText(text: string, m: Mutation): string {
  const lines = text.split('\n');
  const line = Math.min(lines.length - 1, Math.floor(m.at * lines.length));
  switch (m.op as TextOp) {
    case 'truncate':
      return text.slice(0, Math.floor(m.at * text.length));
    case 'deleteLine':
      lines.splice(line, 1);
      return lines.join('\n');
    case 'duplicateLine':
      lines.splice(line, 0, lines[line]!);
      return lines.join('\n');
    case 'swapLines': {
      const other = Math.min(lines.length - 1, Math.floor(m.size * lines.length));
      [lines[line], lines[other]] = [lines[other]!, lines[line]!];
      return lines.join('\n');
    }
    case 'insert': {
      const offset = Math.floor(m.at * text.length);
      return text.slice(0, offset) + choose(SNIPPETS, m.pick) + text.slice(offset);
    }
    case 'indent': {
      const delta = Math.floor(m.size * 7) - 3;
      const l = lines[line]!;
      lines[line] = delta >= 0 ? ' '.repeat(delta) + l : l.replace(new RegExp(`^ {0,${-delta}}`), '');
      return lines.join('\n');
    }
    case 'alias': {
      // Anchor a value and alias it elsewhere, or plant a small alias bomb.
      if (m.pick < 0.3) {
        const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]', ...'bcdefgh'.split('').map((c, i) => `${c}: &${c} [${Array(10).fill(`*${'abcdefgh'[i]}`).join(', ')}]`)];
        lines.splice(line, 0, ...bomb.slice(0, 2 + Math.floor(m.size * 7)));
        return lines.join('\n');
      }
      if (m.pick < 0.4) {
        // An alias inside its own anchor: a cycle.
        lines.splice(line, 0, m.size < 0.5 ? 'loop: &c [x, *c]' : 'loop: &c\n  self: *c');
        return lines.join('\n');
      }
      const withValue = lines.map((l, i) => [l, i] as const).filter(([l]) => /^\s*[\w.-]+: \S/.test(l));
      if (withValue.length < 2) return text;
      const [from, fi] = choose(withValue, m.at);
      const [to, ti] = choose(withValue, m.size);
      lines[fi] = from.replace(/: /, ': &x ');
      lines[ti] = to.replace(/: .*$/, ': *x');
      return lines.join('\n');
    }
    case 'flowNest': {
      const depth = choose([10, 199, 200, 201, 1000, 20000], m.size);
      const offset = Math.floor(m.at * text.length);
      const open = m.pick < 0.5 ? '[' : '{a: ';
      const close = m.pick < 0.5 ? ']' : '}';
      return `${text.slice(0, offset)}${open.repeat(depth)}x${close.repeat(m.pick < 0.25 ? depth : Math.floor(depth / 2))}${text.slice(offset)}`;
    }
    case 'blockNest': {
      // Block nesting the parsers would recurse into: compact sequences or ever deeper maps.
      const depth = choose([10, 199, 200, 201, 1000, 10_000], m.size);
      const nest = m.pick < 0.5 ? `${'- '.repeat(depth)}x` : Array.from({ length: Math.min(depth, 3000) }, (_, i) => `${' '.repeat(i)}k:`).join('\n') + ' x';
      lines.splice(line, 0, m.pick < 0.25 ? `name:\n${nest}` : nest);
      return lines.join('\n');
    }
    case 'crlf':
      return m.pick < 0.5 ? text.replace(/\n/g, '\r\n') : text.replace(/\n/g, m.pick < 0.75 ? '\r' : '\n\r');
    case 'bigNumber': {
      const numbers = [...text.matchAll(/\b\d+\b/g)];
      if (numbers.length === 0) return text;
      const n = choose(numbers, m.at);
      const big = choose(['9'.repeat(400), '1e309', '0x7fffffffffffffff', '-0', '0.0000000000000000000001', '1_000_000', '0o777', '+.inf'], m.pick);
      return text.slice(0, n.index) + big + text.slice(n.index! + n[0].length);
    }
  }
  return text;
}

function mutateBytes(bytes: Uint8Array, m: Mutation): Uint8Array {
  const offset = Math.floor(m.at * (bytes.length + 1));
  const insert = (extra: number[]) => new Uint8Array([...bytes.subarray(0, offset), ...extra, ...bytes.subarray(offset)]);
  switch (m.op as ByteOp) {
    case 'invalidUtf8':
      return insert(choose([[0xff], [0xc3], [0xe2, 0x82], [0xed, 0xa0, 0x80], [0xc0, 0xaf], [0xf4, 0x90, 0x80, 0x80], [0x80]], m.pick));
    case 'controlByte':
      return insert([choose([0x00, 0x07, 0x08, 0x0b, 0x0c, 0x1b, 0x7f], m.pick)]);
    case 'bom':
      return insert([0xef, 0xbb, 0xbf]);
  }
  return bytes;
}

export const isObjectOp = (op: string): op is ObjectOp => (OBJECT_OPS as readonly string[]).includes(op);
export const isTextOp = (op: string): op is TextOp => (TEXT_OPS as readonly string[]).includes(op);

/** The document as YAML, the way a person writes it (block style, no folding). */
export function toYaml(doc: unknown): string {
  return stringify(doc, { lineWidth: 0, aliasDuplicateObjects: false });
}

/**
 * Applies object mutations to a copy of `doc`, serialises it, applies text mutations, then byte
 * mutations. Returns text when no byte mutation ran (the common, in-memory case), else bytes.
 */
export function applyMutations(doc: unknown, mutations: readonly Mutation[]): { text: string; bytes?: Uint8Array } {
  let value = structuredClone(doc);
  for (const m of mutations) if (isObjectOp(m.op)) value = mutateObject(value, m);
  let text = toYaml(value);
  for (const m of mutations) if (isTextOp(m.op)) text = mutateText(text, m);
  const byteMutations = mutations.filter((m) => !isObjectOp(m.op) && !isTextOp(m.op));
  if (byteMutations.length === 0) return { text };
  let bytes: Uint8Array = Buffer.from(text, 'utf8');
  for (const m of byteMutations) bytes = mutateBytes(bytes, m);
  return { text, bytes };
}
