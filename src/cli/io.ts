// The world the CLI touches, injected so tests can run `main` in-process.
import { closeSync, fstatSync, fsyncSync, linkSync, openSync, readdirSync, readSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Pieces } from '../report/pieces.js';

export interface Io {
  stdout(text: string): void;
  /**
   * Writes a document made piece by piece to standard output, waiting while a slow reader catches up
   * (so memory stays flat); stops quietly once the reader has gone (`| head`).
   */
  stdoutPieces(pieces: Pieces): Promise<void>;
  stderr(text: string): void;
  /**
   * The file's bytes; decoding and its errors belong to the loaders. With `maxBytes`, reading stops
   * one byte past it (a file, device or pipe of any size), so the caller can tell it is too large.
   */
  readFile(path: string, maxBytes?: number): Uint8Array;
  /** Writes via a temporary file in the same directory and a rename: never half-written. */
  writeFileAtomic(path: string, content: string | Pieces): void;
  /** Like writeFileAtomic, but fails with EEXIST instead of replacing a file that exists. */
  createFileAtomic(path: string, content: string): void;
  /** What a path is; 'missing' when it does not exist or cannot be looked at. */
  kindOf(path: string): 'file' | 'directory' | 'missing';
  /** Names in a directory. */
  readDir(path: string): string[];
  cwd(): string;
  env: Readonly<Record<string, string | undefined>>;
  stdoutIsTTY: boolean;
  /** Whether standard error is a terminal (progress lines go there). */
  stderrIsTTY: boolean;
  /** Today, YYYY-MM-DD. */
  today(): string;
}

export function writeFileAtomic(path: string, content: string | Pieces): void {
  // A pipe or a device (-o /dev/stdout, /dev/null) is written to, never replaced by a file.
  if (isSpecialFile(path)) {
    const fd = openSync(path, 'w');
    try {
      writeAll(fd, content);
    } finally {
      closeSync(fd);
    }
    return;
  }
  viaTemporaryFile(path, content, (temp) => renameSync(temp, path));
}

/** About a megabyte per write: few system calls, and never the whole document in memory. */
const WRITE_BATCH = 1 << 20;

/**
 * The pieces as UTF-8, in buffers of at most `size` bytes (a longer piece is a buffer of its own),
 * each piece encoded straight into the buffer: joining pieces into a large string first cost as
 * much as making them (the string is flattened, then copied into a new buffer every time). With
 * `reuse`, every batch is the same memory, for a caller done with one before it asks for the next.
 * Pieces are whole JSON or XML fragments, never half a surrogate pair.
 */
export function* encoded(content: string | Pieces, size = WRITE_BATCH, reuse = false): Generator<Uint8Array> {
  let buffer = Buffer.allocUnsafe(size);
  let used = 0;
  for (const piece of typeof content === 'string' ? [content] : content) {
    // A UTF-16 code unit is at most 3 bytes of UTF-8.
    if (used + piece.length * 3 > size) {
      if (used > 0) {
        yield buffer.subarray(0, used);
        if (!reuse) buffer = Buffer.allocUnsafe(size);
        used = 0;
      }
      if (piece.length * 3 > size) {
        if (piece !== '') yield Buffer.from(piece, 'utf8');
        continue;
      }
    }
    used += buffer.write(piece, used);
  }
  if (used > 0) yield buffer.subarray(0, used);
}

function writeAll(fd: number, content: string | Pieces): void {
  for (const bytes of encoded(content, WRITE_BATCH, true)) {
    for (let offset = 0; offset < bytes.length; ) offset += writeSync(fd, bytes, offset, bytes.length - offset);
  }
}

function isSpecialFile(path: string): boolean {
  try {
    const stats = statSync(path);
    return !stats.isFile() && !stats.isDirectory();
  } catch {
    return false;
  }
}

export function createFileAtomic(path: string, content: string): void {
  // link() never replaces an existing file: checking and creating are one step.
  viaTemporaryFile(path, content, (temp) => {
    linkSync(temp, path);
    rmSync(temp, { force: true });
  });
}

/**
 * Removes `.NAME.<pid>.<time>.tmp` files of the same target left by writers that were killed (their
 * process no longer exists). A live writer's file is never touched; a reused pid only means a
 * leftover stays until a later run.
 */
function sweepStaleTemporaries(path: string): void {
  const dir = dirname(path);
  const name = basename(path).replace(/[.*+?^$()|[\]{}\\]/g, '\\$&');
  const pattern = new RegExp(`^\\.${name}\\.(\\d+)\\.\\d+\\.tmp$`);
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const entry of names) {
    const pid = Number(pattern.exec(entry)?.[1]);
    if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid || processExists(pid)) continue;
    rmSync(join(dir, entry), { force: true });
  }
}

function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function viaTemporaryFile(path: string, content: string | Pieces, publish: (temp: string) => void): void {
  sweepStaleTemporaries(path);
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
  try {
    const fd = openSync(temp, 'w', 0o644);
    try {
      writeAll(fd, content);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    publish(temp);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}

const CHUNK = 64 * 1024;

/**
 * Reads a file, device or pipe up to `maxBytes + 1` bytes: /dev/zero, a FIFO or a 10 GB file costs
 * no more than the limit. A regular file's size is known up front, so it is read in one piece.
 */
export function readFileBounded(path: string, maxBytes = Number.MAX_SAFE_INTEGER): Uint8Array {
  const fd = openSync(path, 'r');
  try {
    const stats = fstatSync(fd);
    if (stats.isDirectory()) throw Object.assign(new Error(`EISDIR: illegal operation on a directory, read '${path}'`), { code: 'EISDIR' });
    const cap = Math.min(maxBytes + 1, Number.MAX_SAFE_INTEGER);
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const want = Math.min(cap - total, stats.isFile() && stats.size > 0 ? Math.max(stats.size - total + 1, 1) : CHUNK);
      if (want <= 0) break;
      const buffer = Buffer.allocUnsafe(Math.min(want, 16 * 1024 * 1024));
      let n: number;
      try {
        n = readSync(fd, buffer, 0, buffer.length, null);
      } catch (error) {
        // A non-blocking pipe with nothing in it yet: wait a moment and read again.
        if ((error as NodeJS.ErrnoException).code === 'EAGAIN') {
          Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
          continue;
        }
        throw error;
      }
      if (n === 0) break;
      chunks.push(n === buffer.length ? buffer : buffer.subarray(0, n));
      total += n;
    }
    return Buffer.concat(chunks, total);
  } finally {
    closeSync(fd);
  }
}

/**
 * Standard output as a sink that a reader may close early: EPIPE (`bcaudit check … | head`) stops
 * the writing quietly instead of ending in an unhandled 'error' event. Any other write error fails
 * the document being written (writePieces throws it); one that arrives outside such a write (a
 * short text written with `write`) goes to `onStrayError`.
 */
export class StreamSink {
  private closed = false;
  private writing = false;
  private failure: Error | undefined;

  constructor(
    private readonly stream: NodeJS.WritableStream & { destroyed?: boolean },
    onStrayError: (error: Error) => void,
  ) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') this.closed = true;
      else if (this.writing) this.failure ??= error;
      else onStrayError(error);
    });
  }

  write(text: string): void {
    if (!this.closed) this.stream.write(text);
  }

  async writePieces(pieces: Pieces): Promise<void> {
    this.writing = true;
    try {
      for (const bytes of encoded(pieces)) {
        this.check();
        if (this.closed) return;
        if (!this.stream.write(bytes) && !this.stream.destroyed) await this.drained();
      }
      // An error of the last write may arrive after this returns: it is then a stray one.
      this.check();
    } finally {
      this.writing = false;
    }
  }

  private check(): void {
    if (this.failure) throw this.failure;
  }

  /** Resolves when the stream can take more, or has failed or closed (the next check tells which). */
  private drained(): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        this.stream.off('drain', done);
        this.stream.off('error', done);
        this.stream.off('close', done);
        resolve();
      };
      this.stream.on('drain', done);
      this.stream.on('error', done);
      this.stream.on('close', done);
    });
  }
}

let stdoutSink: StreamSink | undefined;

export function nodeIo(): Io {
  // One sink (one error listener) for the process, however many Io objects are made.
  const out = (stdoutSink ??= new StreamSink(process.stdout, (error) => {
    process.stderr.write(`bcaudit: cannot write to standard output: ${fileErrorReason(error)}\n`);
    process.exitCode = 2;
  }));
  return {
    stdout: (text) => out.write(text),
    stdoutPieces: (pieces) => out.writePieces(pieces),
    stderr: (text) => process.stderr.write(text),
    readFile: readFileBounded,
    kindOf: (path) => {
      try {
        return statSync(path).isDirectory() ? 'directory' : 'file';
      } catch {
        return 'missing';
      }
    },
    readDir: (path) => readdirSync(path),
    cwd: () => process.cwd(),
    writeFileAtomic,
    createFileAtomic,
    env: process.env,
    stdoutIsTTY: process.stdout.isTTY === true,
    stderrIsTTY: process.stderr.isTTY === true,
    today: () => new Date().toISOString().slice(0, 10),
  };
}

/** A short reason for a failed file operation, without a stack. */
export function fileErrorReason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException)?.code;
  switch (code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'is a directory';
    case 'ENOTDIR':
      return 'a part of the path is not a directory';
    case 'EROFS':
      return 'read-only file system';
    case 'ENOSPC':
      return 'no space left on device';
    default:
      return error instanceof Error ? error.message : String(error);
  }
}
