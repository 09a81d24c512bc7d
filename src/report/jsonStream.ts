// JSON documents written in pieces: the same bytes as `jsonSafe(JSON.stringify(value, null, 2))`,
// without ever holding the whole text (a 100k-entity check is a 300 MB document).
import { jsonSafe } from './sanitize.js';

/**
 * An array whose elements are made only when they are written: a batch at a time is built,
 * serialised and dropped. `JSON.stringify` sees the built array (toJSON), so both paths give the same text.
 */
export class LazyJsonArray<T> {
  constructor(
    readonly items: readonly T[],
    readonly element: (item: T) => unknown,
  ) {}

  toJSON(): unknown[] {
    return this.items.map(this.element);
  }
}

/**
 * A value that writes its own text (large data kept packed, such as risk groups): `pieces(indent)`
 * must give exactly what jsonPieces gives for the value `toJSON()` stands for, at that indent.
 */
export abstract class JsonWriter {
  abstract pieces(indent: string): Iterable<string>;
  abstract toJSON(): unknown;
}

/**
 * A long array written by a template per element, as JSON.stringify(…, null, 2) lays it out: one
 * element per line at `indent` + 2, `perPiece` elements to a piece.
 */
export abstract class JsonArrayWriter extends JsonWriter {
  protected abstract readonly length: number;
  protected abstract readonly perPiece: number;
  /** Called before the elements are written at `elementIndent`: to make what they share. */
  protected begin(_elementIndent: string): void {}
  /**
   * Pushes `separator` (empty for the first element; a comma, a newline and the indent for the
   * others), then the text of element k (its first line not indented), onto `parts`.
   */
  protected abstract element(k: number, parts: string[], separator: string): void;

  *pieces(indent: string): Generator<string> {
    const n = this.length;
    if (n === 0) {
      yield '[]';
      return;
    }
    const elementIndent = `${indent}  `;
    this.begin(elementIndent);
    const between = `,\n${elementIndent}`;
    const parts: string[] = [`[\n${elementIndent}`];
    this.element(0, parts, '');
    for (let k = 1; k < n; k++) {
      if (k % this.perPiece === 0) {
        yield parts.join('');
        parts.length = 0;
      }
      this.element(k, parts, between);
    }
    parts.push(`\n${indent}]`);
    yield parts.join('');
  }
}

/** A number as JSON.stringify writes it: a finite one as String does (-0 as 0), anything else as null. */
export function jsonNumber(x: number): string {
  return Number.isFinite(x) ? String(x) : 'null';
}

/**
 * Elements serialised by one JSON.stringify call: as many as made about PIECE_CHARS the time
 * before (one to start with), at most MAX_BATCH: few calls, pieces of tens of kilobytes. Findings
 * at 100k entities are kilobytes each: 256 of them made strings of ~1 MB, which V8 keeps in its
 * large object space until a full collection, and the garbage of the output doubled peak memory.
 */
const PIECE_CHARS = 64 * 1024;
const MAX_BATCH = 256;
/** Arrays up to this length are small enough to write in one piece (unless something in them is large). */
const SMALL_ARRAY = 64;

/**
 * The pieces of `jsonSafe(JSON.stringify(value, null, 2))`, in order; their concatenation is that
 * text exactly. Values are plain data (objects, arrays, strings, numbers, booleans, null),
 * LazyJsonArray and JsonWriter; undefined members are left out, as JSON.stringify does.
 */
export function* jsonPieces(value: unknown): Generator<string> {
  yield* piecesOf(value, '');
}

function* piecesOf(value: unknown, indent: string): Generator<string> {
  if (value instanceof LazyJsonArray) yield* arrayPieces(value.items, value.element, indent);
  else if (value instanceof JsonWriter) yield* value.pieces(indent);
  else if (!isLarge(value)) yield whole(value, indent);
  else if (Array.isArray(value)) yield* arrayPieces(value, undefined, indent);
  else yield* objectPieces(value as Record<string, unknown>, indent);
}

function* objectPieces(value: Record<string, unknown>, indent: string): Generator<string> {
  const inner = `${indent}  `;
  let first = true;
  for (const key of Object.keys(value)) {
    const member = value[key];
    if (member === undefined || typeof member === 'function' || typeof member === 'symbol') continue;
    yield `${first ? '{\n' : ',\n'}${inner}${jsonSafe(JSON.stringify(key))}: `;
    first = false;
    yield* piecesOf(member, inner);
  }
  yield first ? '{}' : `\n${indent}}`;
}

function* arrayPieces<T>(items: readonly T[], element: ((item: T) => unknown) | undefined, indent: string): Generator<string> {
  if (items.length === 0) {
    yield '[]';
    return;
  }
  const inner = `${indent}  `;
  yield '[\n';
  for (let start = 0, size = 1; start < items.length; ) {
    const slice = items.slice(start, start + size);
    const batch: unknown[] = element ? slice.map(element) : slice;
    if (start > 0) yield ',\n';
    start += slice.length;
    // Runs of small elements go out in one piece; a large one is written piece by piece.
    let run = 0;
    let chars = 0;
    for (let k = 0; k < batch.length; k++) {
      if (!isLarge(batch[k])) continue;
      if (k > run) {
        const text = elements(batch.slice(run, k), indent);
        chars += text.length;
        yield `${text},\n`;
      }
      yield inner;
      yield* piecesOf(batch[k], inner);
      if (k < batch.length - 1) yield ',\n';
      run = k + 1;
    }
    if (run < batch.length) {
      const text = elements(run === 0 ? batch : batch.slice(run), indent);
      chars += text.length;
      yield text;
    }
    size = Math.max(1, Math.min(MAX_BATCH, Math.floor((size * PIECE_CHARS) / Math.max(chars, 1))));
  }
  yield `\n${indent}]`;
}

/** Array elements as they appear inside an array at `indent`: each on its own lines, comma-separated. */
function elements(values: unknown[], indent: string): string {
  // "[\n  a,\n  b\n]" without its brackets is the elements indented for the top level.
  const text = jsonSafe(JSON.stringify(values, null, 2)).slice(2, -2);
  return indent === '' ? text : `${indent}${text.replaceAll('\n', `\n${indent}`)}`;
}

/** One value in one piece, indented as it would be at this place in the document. */
function whole(value: unknown, indent: string): string {
  // JSON.stringify gives undefined only for what a member or element never is here (see callers).
  const text = jsonSafe(JSON.stringify(value, null, 2) ?? 'null');
  return indent === '' || !text.includes('\n') ? text : text.replaceAll('\n', `\n${indent}`);
}

/** Whether a value is worth writing in pieces: a lazy array, a long array, or something holding one. */
function isLarge(value: unknown): boolean {
  if (value instanceof LazyJsonArray || value instanceof JsonWriter) return true;
  if (value === null || typeof value !== 'object' || typeof (value as { toJSON?: unknown }).toJSON === 'function') return false;
  if (Array.isArray(value)) {
    if (value.length > SMALL_ARRAY) return true;
    for (const item of value) if (isLarge(item)) return true;
    return false;
  }
  for (const key in value) if (Object.prototype.hasOwnProperty.call(value, key) && isLarge((value as Record<string, unknown>)[key])) return true;
  return false;
}
