// Where a command's document goes: a file written atomically, or standard output.
import { UsageError } from './errors.js';
import { fileErrorReason, type Io } from './io.js';

export function emit(io: Io, text: string, outputFile: string | undefined): void {
  if (outputFile === undefined || outputFile === '-') {
    io.stdout(text);
    return;
  }
  try {
    io.writeFileAtomic(outputFile, text);
  } catch (error) {
    throw new UsageError(`cannot write ${outputFile}: ${fileErrorReason(error)}`);
  }
}
