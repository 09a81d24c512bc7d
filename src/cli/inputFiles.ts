// Reading the user's input files: bytes or strict UTF-8 text, or a located input error.
import { decodeInput } from '../inventory/text.js';
import type { InputContext } from './context.js';
import { InputProblems } from './errors.js';
import { fileErrorReason } from './io.js';

/** A file's bytes (at most one past the size limit), or an input error naming what could not be read and why. */
export function readBytes({ io, limits }: InputContext, file: string, what: string): Uint8Array {
  try {
    return io.readFile(file, limits.input.maxFileBytes);
  } catch (error) {
    throw new InputProblems([{ pos: { file, line: 1, column: 1 }, message: `cannot read the ${what}: ${fileErrorReason(error)}` }]);
  }
}

/** A file's text: valid UTF-8 without the control characters YAML forbids. */
export function readText(ctx: InputContext, file: string, what: string): string {
  const decoded = decodeInput(readBytes(ctx, file, what), file, ctx.limits.input);
  if (!decoded.ok) throw new InputProblems([decoded.problem]);
  return decoded.text;
}
