// The world the CLI touches, injected so tests can run `main` in-process.
import { closeSync, fsyncSync, linkSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

export interface Io {
  stdout(text: string): void;
  stderr(text: string): void;
  /** The file's bytes; decoding and its errors belong to the loaders. */
  readFile(path: string): Uint8Array;
  /** Writes via a temporary file in the same directory and a rename: never half-written. */
  writeFileAtomic(path: string, content: string): void;
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

export function writeFileAtomic(path: string, content: string): void {
  // A pipe or a device (-o /dev/stdout, /dev/null) is written to, never replaced by a file.
  if (isSpecialFile(path)) {
    writeFileSync(path, content);
    return;
  }
  viaTemporaryFile(path, content, (temp) => renameSync(temp, path));
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

function viaTemporaryFile(path: string, content: string, publish: (temp: string) => void): void {
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
  try {
    const fd = openSync(temp, 'w', 0o644);
    try {
      writeSync(fd, content);
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

export function nodeIo(): Io {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    readFile: (path) => readFileSync(path),
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
