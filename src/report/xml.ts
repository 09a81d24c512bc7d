// A small XML writer: every attribute and text is escaped, and characters XML cannot carry are replaced.

/** Characters outside the XML 1.0 Char production (control characters, lone surrogates, U+FFFE/FFFF). */
// eslint-disable-next-line no-control-regex
const NOT_XML_CHAR = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * Characters XML can carry but a terminal showing the file would act on: carriage return, C1
 * controls, line/paragraph separators, bidirectional controls. Written as character references,
 * which XML readers turn back into the same characters.
 */
const TERMINAL_UNSAFE = /[\r\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

export function xmlText(text: string): string {
  return text
    .replace(NOT_XML_CHAR, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(TERMINAL_UNSAFE, (ch) => `&#x${ch.charCodeAt(0).toString(16).toUpperCase()};`);
}

export function xmlAttr(text: string): string {
  return xmlText(text).replace(/"/g, '&quot;').replace(/'/g, '&apos;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;');
}

export type XmlAttrs = Record<string, string | number | undefined>;

/** Attributes as they follow an element name: ` a="1" b="2"`, undefined ones left out. */
export function attributes(attrs: XmlAttrs): string {
  return Object.entries(attrs)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => ` ${k}="${xmlAttr(String(v))}"`)
    .join('');
}

/** An element: `children` are already-serialised XML strings, or text when `text` is given. */
export function element(name: string, attrs: XmlAttrs, children: string[] | { text: string }, indent = ''): string {
  const attrText = attributes(attrs);
  if (!Array.isArray(children)) return `${indent}<${name}${attrText}>${xmlText(children.text)}</${name}>`;
  if (children.length === 0) return `${indent}<${name}${attrText}/>`;
  return `${indent}<${name}${attrText}>\n${children.join('\n')}\n${indent}</${name}>`;
}
