// Formatters of `check` results, by name. The CLI's --format choices come from these keys.
import { formatJson, jsonDocumentPieces } from './json.js';
import { formatJunit, junitDocumentPieces } from './junit.js';
import { formatMarkdown } from './markdown.js';
import type { Pieces } from './pieces.js';
import { formatSarif, sarifDocumentPieces } from './sarif.js';
import { formatText } from './text.js';
import type { FormatContext, Formatter } from './types.js';

export const CHECK_FORMATS = {
  text: formatText,
  json: formatJson,
  sarif: formatSarif,
  junit: formatJunit,
  markdown: formatMarkdown,
} satisfies Record<string, Formatter>;

export type CheckFormat = keyof typeof CHECK_FORMATS;

/** The formats whose documents grow with the inventory (risk groups, findings): written as they are made. */
const STREAMED_FORMATS: Partial<Record<CheckFormat, (ctx: FormatContext) => Pieces>> = {
  json: jsonDocumentPieces,
  sarif: sarifDocumentPieces,
  junit: junitDocumentPieces,
};

/** A check report in pieces; the same text as CHECK_FORMATS[format]. */
export function checkReportPieces(format: CheckFormat, ctx: FormatContext): Pieces {
  const streamed = STREAMED_FORMATS[format];
  return streamed ? streamed(ctx) : [CHECK_FORMATS[format](ctx)];
}
