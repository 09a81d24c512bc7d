// A document as a sequence of text pieces, written as it is made (see cli/output.ts).
export type Pieces = Iterable<string>;

/** The whole text of a document given in pieces, for callers that want one string. */
export function joinPieces(pieces: Pieces): string {
  const all: string[] = [];
  for (const piece of pieces) all.push(piece);
  return all.join('');
}
