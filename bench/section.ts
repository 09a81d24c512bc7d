// Replaces one "## Heading" section of a Markdown file (up to the next "## ") with new text, or
// appends it; written to a temporary file and renamed, so the file is never half-written.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';

export function replaceSection(file: string, heading: string, section: string): void {
  const text = readFileSync(file, 'utf8');
  const start = text.indexOf(`\n${heading}\n`);
  let updated: string;
  if (start < 0) updated = `${text.trimEnd()}\n\n${section}`;
  else {
    const next = text.indexOf('\n## ', start + heading.length + 1);
    updated = `${text.slice(0, start + 1)}${section}${next < 0 ? '' : `\n${text.slice(next + 1)}`}`;
  }
  writeFileSync(`${file}.tmp`, updated);
  renameSync(`${file}.tmp`, file);
}
