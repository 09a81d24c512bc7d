// Text inside Mermaid diagrams (report/diagram/ draws them). Node ids are generated (`n0`, `n1`,
// …), never taken from the inventory, so no id can collide with a Mermaid keyword (`end`, `graph`,
// `style`…) or an edge marker. Every label is quoted and every character but letters, digits,
// spaces and `.,:/_-()'` is written as a Mermaid entity code (`#34;`), so no text can close the
// quotes, start markup or HTML, or end the fenced code block.
import { plainKeepingBidi } from './sanitize.js';

const SAFE = /^[\p{L}\p{N} .,:/_()'-]$/u;

/** Text for inside a quoted Mermaid label: only letters, digits and harmless punctuation stay literal. */
export function mermaidText(text: string): string {
  let out = '';
  for (const ch of plainKeepingBidi(text)) out += SAFE.test(ch) ? ch : `#${ch.codePointAt(0)!};`;
  return out;
}

/** Longest line of a label, in characters before escaping; longer free text is cut with `…`. */
const MAX_LABEL_LINE = 200;

/** A quoted label; `lines` are joined with Mermaid line breaks. */
export function mermaidLabel(...lines: string[]): string {
  const cut = (line: string) => {
    const chars = Array.from(line);
    return chars.length > MAX_LABEL_LINE ? `${chars.slice(0, MAX_LABEL_LINE - 1).join('')}…` : line;
  };
  return `"${lines.map((line) => mermaidText(cut(line))).join('<br/>')}"`;
}
