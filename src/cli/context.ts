// What every command gets: the injected world, the tool's version, and where to put its exit code.
import type { Io } from './io.js';
import type { Limits } from './limits.js';

export interface CommandContext {
  io: Io;
  version: string;
  exitCode: number;
  /** From the limit flags and their environment variables, set before the command runs. */
  limits: Limits;
}

/** What reading an input file needs: the world, and how much of it to read. */
export type InputContext = Pick<CommandContext, 'io' | 'limits'>;
