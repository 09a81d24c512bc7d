// Documents written as they are made (src/report/jsonStream.ts, src/cli/io.ts): the pieces are the
// exact bytes of the one-string serialisation, a slow reader holds the writer back instead of
// letting the document pile up in memory, and a reader that goes away ends the run quietly.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encoded, StreamSink, writeFileAtomic } from '../src/cli/io.js';
import { PackedRiskGroups } from '../src/model/riskGroups.js';
import { ImportanceJson } from '../src/report/importanceJson.js';
import { jsonPieces, LazyJsonArray } from '../src/report/jsonStream.js';
import { NumbersJson, NumberTexts, QuotedEvents, RiskGroupsJson } from '../src/report/riskGroupsJson.js';
import { joinPieces } from '../src/report/pieces.js';
import { jsonSafe } from '../src/report/sanitize.js';
import { assertBuilt, BIN, REPO_ROOT, STACK_LINE } from './support/cli.js';
import { scaled } from './support/scale.js';

const oneString = (value: unknown): string => jsonSafe(JSON.stringify(value, null, 2));

/** Any text, including controls, separators, bidi marks and lone surrogates. */
const text = fc.string({ unit: 'binary' });
const leaf = fc.oneof(text, fc.double(), fc.integer(), fc.boolean(), fc.constant(null), fc.constant(undefined));
/** Plain data as formatters build it: nested objects and arrays, some long (written in batches), some members undefined. */
const { value } = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.array(tie('value'), { maxLength: 8 }),
    fc.array(fc.oneof(leaf, fc.array(text, { maxLength: 3 })), { minLength: 60, maxLength: 600 }),
    fc.dictionary(text, tie('value'), { maxKeys: 6 }),
  ),
}));

describe('jsonPieces', () => {
  it('gives exactly jsonSafe(JSON.stringify(value, null, 2)) for any plain data', () => {
    fc.assert(
      fc.property(value.filter((v) => v !== undefined), (v) => {
        expect(joinPieces(jsonPieces(v))).toBe(oneString(v));
      }),
      { numRuns: scaled(300, 3000) },
    );
  });

  it('writes a LazyJsonArray as JSON.stringify writes the array it stands for, building elements as it goes', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(text, fc.integer()), { maxLength: 700 }), (items) => {
        const element = ([name, n]: [string, number]) => ({ name, n, nested: [n, { name }], skipped: undefined });
        const lazy = new LazyJsonArray(items, element);
        const document = { before: 1, lazy, inner: { lazy }, after: [lazy] };
        expect(joinPieces(jsonPieces(document))).toBe(oneString(document));
        expect(JSON.stringify(document)).toBe(JSON.stringify({ ...document, lazy: items.map(element), inner: { lazy: items.map(element) }, after: [items.map(element)] }));
      }),
      { numRuns: scaled(100, 1000) },
    );
  });

  it('never builds more than one batch of a lazy array ahead of what has been written', () => {
    let built = 0;
    const lazy = new LazyJsonArray(
      Array.from({ length: 10_000 }, (_, i) => i),
      (i) => {
        built++;
        return { i };
      },
    );
    let consumed = 0;
    for (const piece of jsonPieces({ lazy })) {
      consumed += piece.length;
      expect(built).toBeLessThanOrEqual(256 + Math.ceil(consumed / 10));
    }
    expect(built).toBe(10_000);
  });

  it('cuts a lazy array into pieces of tens of kilobytes, whatever the size of its elements', () => {
    // Findings at 100k entities are kilobytes each: 256 to a piece made megabyte strings, which V8
    // keeps until a full collection (peak memory of the whole run doubled).
    for (const size of [10, 300, 5_000, 40_000, 200_000]) {
      const items = Array.from({ length: 600 }, (_, i) => ({ i, text: 'x'.repeat(size + (i % 7)) }));
      const lazy = new LazyJsonArray(items, (item) => item);
      const pieces = [...jsonPieces({ lazy })];
      expect(pieces.join('')).toBe(oneString({ lazy: items }));
      const longest = Math.max(...pieces.map((p) => p.length));
      expect(longest, `elements of ${size} characters`).toBeLessThanOrEqual(Math.max(2 * 64 * 1024, 2 * (size + 40)));
      // Small elements still go many to a piece: few JSON.stringify calls.
      if (size === 10) expect(pieces.length).toBeLessThan(20);
    }
  });
});

describe('risk groups written from the packed form (src/report/riskGroupsJson.ts)', () => {
  /** Groups as sorted event numbers below 8, up to a few thousand (more than one piece). */
  const groups = fc.array(fc.uniqueArray(fc.nat(7), { minLength: 1, maxLength: 4 }).map((g) => g.sort((a, b) => a - b)), { maxLength: 2500 });
  const ids = fc.array(text, { minLength: 8, maxLength: 8 });

  it('gives the bytes of the array of id arrays, whole or cut at --top, at any depth', () => {
    fc.assert(
      fc.property(groups, ids, fc.option(fc.nat(3000), { nil: undefined }), (sets, names, top) => {
        const offsets = Int32Array.from([0, ...sets.map((_, i) => sets.slice(0, i + 1).reduce((n, g) => n + g.length, 0))]);
        const packed = new PackedRiskGroups('d', Int32Array.from(sets.flat()), offsets, names);
        const count = top === undefined ? sets.length : Math.min(top, sets.length);
        const writer = new RiskGroupsJson(packed, count, new QuotedEvents(names));
        const plain = sets.slice(0, count).map((g) => g.map((e) => names[e]!));
        const document = { groups: writer, inner: { deeper: [writer] }, after: 1 };
        expect(joinPieces(jsonPieces(document))).toBe(oneString({ groups: plain, inner: { deeper: [plain] }, after: 1 }));
        expect(JSON.stringify(writer)).toBe(JSON.stringify(plain));
      }),
      { numRuns: scaled(60, 600) },
    );
  });

  it('writes numbers as JSON.stringify does (-0, NaN and infinities too)', () => {
    fc.assert(
      fc.property(fc.array(fc.double(), { maxLength: 2500 }), (numbers) => {
        // Two writers sharing the remembered texts, as the data sets of one document do.
        const texts = new NumberTexts();
        const document = { p: new NumbersJson(numbers, texts), nested: [{ p: new NumbersJson(numbers, texts) }] };
        expect(joinPieces(jsonPieces(document))).toBe(oneString({ p: numbers, nested: [{ p: numbers }] }));
      }),
      { numRuns: scaled(60, 600) },
    );
  });
});

describe('importance lists written by their template (src/report/importanceJson.ts)', () => {
  const entry = fc.record({
    event: text,
    probability: fc.double(),
    fussellVesely: fc.double(),
    riskReductionWorth: fc.oneof(fc.double(), fc.constant(Infinity)),
    lossWithout: fc.double(),
  });

  it('gives the bytes of the array of importance objects at any depth (an infinite RRW as null)', () => {
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 400 }), (list) => {
        const texts = new NumberTexts();
        const quote = (id: string) => jsonSafe(JSON.stringify(id));
        const writer = new ImportanceJson(list, quote, texts);
        const plain = list.map((i) => ({ ...i, riskReductionWorth: Number.isFinite(i.riskReductionWorth) ? i.riskReductionWorth : null }));
        const document = { importance: writer, nested: [{ importance: new ImportanceJson(list, quote, texts) }] };
        expect(joinPieces(jsonPieces(document))).toBe(oneString({ importance: plain, nested: [{ importance: plain }] }));
        expect(JSON.stringify(writer)).toBe(JSON.stringify(plain));
      }),
      { numRuns: scaled(60, 600) },
    );
  });
});

describe('writeFileAtomic with pieces', () => {
  it('writes the UTF-8 bytes of the pieces joined, whatever their sizes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bcaudit-pieces-'));
    try {
      const big = 'é'.repeat(700_000);
      const piece = fc.oneof(text, fc.constant(big), fc.constant('x'.repeat(400_000)), fc.constant('😀'.repeat(200_000)));
      fc.assert(
        fc.property(fc.array(piece, { maxLength: 12 }), (pieces) => {
          const file = join(dir, 'out.txt');
          writeFileAtomic(file, pieces);
          expect(readFileSync(file).equals(Buffer.from(pieces.join(''), 'utf8'))).toBe(true);
        }),
        { numRuns: scaled(40, 200) },
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('encoded', () => {
  it('gives the UTF-8 bytes of the pieces joined, in non-empty batches of at most the batch size (but a longer piece), reused or not', () => {
    fc.assert(
      fc.property(fc.array(text, { maxLength: 200 }), fc.integer({ min: 1, max: 100 }), fc.boolean(), (pieces, size, reuse) => {
        // A reused buffer is overwritten by the next batch: copy each as it comes.
        const out: Buffer[] = [];
        for (const batch of encoded(pieces, size, reuse)) out.push(Buffer.from(batch));
        expect(Buffer.concat(out).equals(Buffer.from(pieces.join(''), 'utf8'))).toBe(true);
        expect(out.every((batch) => batch.length > 0)).toBe(true);
        const longest = Math.max(size, ...pieces.map((p) => Buffer.byteLength(p, 'utf8')));
        expect(out.every((batch) => batch.length <= longest)).toBe(true);
      }),
    );
  });
});

describe('StreamSink', () => {
  /** A reader that takes one write at a time, each a turn of the event loop later. */
  function slowReader(received: string[]): Writable {
    return new Writable({
      highWaterMark: 1024,
      write(chunk: Buffer, _encoding, callback) {
        received.push(chunk.toString('utf8'));
        setImmediate(callback);
      },
    });
  }

  it('makes the next piece only when a slow reader has taken the previous write', async () => {
    const received: string[] = [];
    let made = 0;
    const piece = 'x'.repeat(1 << 20);
    function* pieces() {
      for (let i = 0; i < 20; i++) {
        made++;
        // Every write waits for the reader: at most the one being written is ahead of it.
        expect(made - received.length).toBeLessThanOrEqual(2);
        yield piece;
      }
    }
    await new StreamSink(slowReader(received), () => undefined).writePieces(pieces());
    expect(received.join('')).toBe(piece.repeat(20));
  });

  it('stops quietly when the reader has gone (EPIPE) and makes no more pieces', async () => {
    const stream = new Writable({
      write(_chunk, _encoding, callback) {
        callback(Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
      },
    });
    let made = 0;
    function* pieces() {
      for (let i = 0; i < 100; i++) {
        made++;
        yield 'y'.repeat(1 << 20);
      }
    }
    await new StreamSink(stream, () => undefined).writePieces(pieces());
    expect(made).toBeLessThan(100);
  });

  it('fails the document on any other write error', async () => {
    const stream = new Writable({
      write(_chunk, _encoding, callback) {
        callback(Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' }));
      },
    });
    const stray: Error[] = [];
    await expect(new StreamSink(stream, (e) => stray.push(e)).writePieces(['a'.repeat(1 << 21), 'b'.repeat(1 << 21)])).rejects.toThrow(/ENOSPC/);
    expect(stray).toEqual([]);
  });
});

describe('the built CLI and its standard output', () => {
  const MODEL = 'test/fixtures/golden/bench-isolated-300.yml';

  it.each(['json', 'sarif', 'junit', 'text'])('a reader that stops after the first bytes (| head): no error, no stack trace (%s)', async (format) => {
    assertBuilt();
    const child = spawn(process.execPath, [BIN, 'check', MODEL, '--format', format, '--fail-on', 'never'], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString('utf8')));
    // Read the first chunk, then close the pipe as `head -c` does.
    child.stdout.once('data', () => child.stdout.destroy());
    const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) => child.on('close', (c, s) => resolve([c, s])));
    expect(stderr).not.toMatch(STACK_LINE);
    expect(stderr).toBe('');
    expect(signal).toBeNull();
    expect(code).toBe(0);
  });

  it('a standard output that cannot be written (/dev/full): exit 2 with the reason', async () => {
    assertBuilt();
    const { openSync, closeSync } = await import('node:fs');
    const full = openSync('/dev/full', 'w');
    try {
      const child = spawn(process.execPath, [BIN, 'check', MODEL, '--format', 'json', '--fail-on', 'never'], { cwd: REPO_ROOT, stdio: ['ignore', full, 'pipe'] });
      let stderr = '';
      child.stderr!.on('data', (b: Buffer) => (stderr += b.toString('utf8')));
      const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
      expect(stderr).toBe('bcaudit: cannot write to standard output: no space left on device\n');
      expect(code).toBe(2);
    } finally {
      closeSync(full);
    }
  });
});
