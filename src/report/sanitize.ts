// User text (names, owners, reasons) never reaches a terminal or a document as control characters.

/**
 * Replaces C0/C1 control characters (escape sequences, carriage returns, bells), line and
 * paragraph separators and the invisible bidirectional controls (which reorder what a terminal
 * or browser shows: "Trojan Source") with a visible mark; line feeds become spaces.
 */
export function plain(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, '\uFFFD').replace(/\n/g, ' ');
}

/** `plain`, but bidirectional controls stay (Mermaid writes each as an entity code, #8238;, anyway). */
export function plainKeepingBidi(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029]/g, '\uFFFD').replace(/\n/g, ' ');
}

/**
 * JSON text safe to print: JSON.stringify leaves C1 controls (U+009B is an 8-bit CSI), line and
 * paragraph separators and bidirectional controls raw; this writes them as `\uXXXX` escapes,
 * which every JSON reader turns back into the same characters. For `JSON.stringify` output only.
 */
export function jsonSafe(json: string): string {
  return json.replace(/[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
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
