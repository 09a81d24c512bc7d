// What every command gets: the injected world, the tool's version, and where to put its exit code.
import type { Io } from './io.js';

export interface CommandContext {
  io: Io;
  version: string;
  exitCode: number;
}
