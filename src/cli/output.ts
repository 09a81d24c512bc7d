// Where a command's document goes: a file written atomically, or standard output.
import type { Pieces } from '../report/pieces.js';
import { UsageError } from './errors.js';
import { fileErrorReason, type Io } from './io.js';

export function emit(io: Io, text: string, outputFile: string | undefined): void {
  if (outputFile === undefined || outputFile === '-') {
    io.stdout(text);
    return;
  }
  writeOutputFile(io, text, outputFile);
}

/**
 * A document made piece by piece, written as it is made: to a temporary file renamed into place
 * at the end (never half-written), or to standard output at the pace its reader takes it.
 */
export async function emitPieces(io: Io, pieces: Pieces, outputFile: string | undefined): Promise<void> {
  if (outputFile !== undefined && outputFile !== '-') {
    writeOutputFile(io, madeBy(pieces), outputFile);
    return;
  }
  try {
    await io.stdoutPieces(madeBy(pieces));
  } catch (error) {
    if (error instanceof MakingFailed) throw error.cause;
    throw new UsageError(`cannot write to standard output: ${fileErrorReason(error)}`);
  }
}

function writeOutputFile(io: Io, content: string | Pieces, outputFile: string): void {
  try {
    io.writeFileAtomic(outputFile, content);
  } catch (error) {
    if (error instanceof MakingFailed) throw error.cause;
    throw new UsageError(`cannot write ${outputFile}: ${fileErrorReason(error)}`);
  }
}

/** An error of the code making the document, not of writing it: reported as what it is. */
class MakingFailed {
  constructor(readonly cause: unknown) {}
}

function* madeBy(pieces: Pieces): Generator<string> {
  try {
    yield* pieces;
  } catch (error) {
    throw new MakingFailed(error);
  }
}
