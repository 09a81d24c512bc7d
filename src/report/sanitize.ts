// User text (names, owners, reasons) never reaches a terminal or a document as control characters.

/** Replaces C0/C1 control characters (escape sequences, carriage returns, bells) with a visible mark. */
export function plain(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029]/g, '\uFFFD').replace(/\n/g, ' ');
}

/** Text safe inside a Markdown table cell or paragraph: no markup, links, HTML or line breaks survive. */
export function markdownText(text: string): string {
  return plain(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_{}[\]|~])/g, '\\$1')
    // GitHub links bare URLs and e-mail addresses; break the patterns it looks for.
    .replace(/:\/\//g, '\\://')
    .replace(/\bwww\./gi, (m) => `${m.slice(0, 3)}\\.`)
    .replace(/@/g, '\\@');
}

/** An id or event in backticks; backticks inside are replaced so the code span cannot be broken out of. */
export function markdownCode(text: string): string {
  return `\`${plain(text).replace(/`/g, "'")}\``;
}
