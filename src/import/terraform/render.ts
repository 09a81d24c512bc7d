// A draft inventory as YAML text: the schema header, provenance, entries in a fixed order, and the
// comments that mark placeholders. Built with the `yaml` Document API so --merge can move the
// same nodes into a user's file.
import { isMap, isScalar, isSeq, Pair, Scalar, YAMLMap, type Document, type Node } from 'yaml';
import { escapeControls } from '../../inventory/problem.js';
import type { Section } from '../../inventory/types.js';
import type { Draft, DraftEntry } from './draft.js';
import type { TfSource } from './read.js';

/** Sections in the order an inventory lists them. */
export const DRAFT_SECTIONS: readonly Section[] = ['providers', 'accounts', 'identities', 'billing', 'keys', 'stores', 'targets', 'backups'];

export const YAML_OPTIONS = { lineWidth: 0, indent: 2 } as const;

/** One comment line: no line breaks or control characters from file names can escape it. */
export function commentText(text: string): string {
  return ` ${escapeControls(text)}`;
}

function describeSource(s: TfSource): string {
  const kind = s.kind === 'plan' ? 'saved plan' : s.kind === 'state' ? 'state' : 'terraform.tfstate';
  const format = s.kind === 'tfstate' ? `state format ${s.formatVersion}` : `JSON format ${s.formatVersion}`;
  return `${s.file} (${kind}${s.terraformVersion ? `, Terraform ${s.terraformVersion}` : ''}, ${format})`;
}

export function headerComment(sources: readonly TfSource[]): string[] {
  return [
    'DRAFT written by `bcaudit import terraform` from:',
    ...sources.map((s) => `  ${describeSource(s)}`),
    'Facts come from the files; every TODO marks a placeholder only a person can fill in (admins,',
    'billing, criticality, owner, rpo, restore tests). Until then bcaudit judges them pessimistically:',
    'one unknown admin per account, one payment method for every account of a provider, every store',
    'critical, no restore ever tested. `bcaudit check` on this file says what to fill in.',
  ];
}

/** The node of one entry: its fields in order, placeholders marked, the comment above its key. */
export function entryPair(doc: Document, entry: DraftEntry): Pair<Scalar, YAMLMap> {
  const map = new YAMLMap();
  for (const f of entry.fields) {
    const value = doc.createNode(f.value) as Node;
    if (isSeq(value)) value.flow = true;
    if (isMap(value)) value.flow = true;
    if (f.comment !== undefined) value.comment = commentText(f.comment);
    map.items.push(new Pair(new Scalar(f.key), value));
  }
  const key = new Scalar(entry.id);
  if (entry.comment.length > 0) key.commentBefore = entry.comment.map(commentText).join('\n');
  return new Pair(key, map);
}

export function sectionPair(doc: Document, section: Section, entries: readonly DraftEntry[]): Pair<Scalar, YAMLMap> {
  const map = new YAMLMap();
  for (const entry of entries) map.items.push(entryPair(doc, entry));
  const key = new Scalar(section);
  key.spaceBefore = true;
  return new Pair(key, map);
}

/**
 * The draft as YAML text, written directly: a draft holds only ids, strings, numbers, booleans,
 * lists of them and small maps, and a large state gives tens of thousands of entries, which the
 * Document API builds several times slower. --merge builds the same entries as nodes (entryPair).
 */
export function renderDraft(draft: Draft, sources: readonly TfSource[], schema: string): string {
  const out: string[] = [`#${commentText(`yaml-language-server: $schema=${schema}`)}`, ''];
  for (const line of headerComment(sources)) out.push(`#${commentText(line)}`);
  out.push('', 'version: 1', 'name: Imported from Terraform');
  for (const section of DRAFT_SECTIONS) {
    const entries = draft.section(section);
    if (entries.length === 0) continue;
    out.push('', `${section}:`);
    for (const entry of entries) {
      for (const line of entry.comment) out.push(`  #${commentText(line)}`);
      out.push(`  ${scalar(entry.id)}:`);
      for (const f of entry.fields) out.push(`    ${scalar(f.key)}: ${flow(f.value)}${f.comment === undefined ? '' : ` #${commentText(f.comment)}`}`);
    }
  }
  return `${out.join('\n')}\n`;
}

/** Words YAML reads as something other than a string, and text that is a number. */
const NOT_PLAIN = /^(?:true|false|null|~|[-+]?(?:\d[\d_]*(?:\.\d*)?|\.\d+)(?:e[-+]?\d+)?|0x[0-9a-f]+|0o[0-7]+|[-+]?\.inf|\.nan)$/i;

function scalar(value: unknown): string {
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
  const text = String(value);
  return /^[A-Za-z0-9][A-Za-z0-9._/-]*$/.test(text) && !NOT_PLAIN.test(text) ? text : JSON.stringify(text);
}

/** A value on one line: a scalar, `[ a, b ]` or `{ k: v }`. */
function flow(value: unknown): string {
  if (Array.isArray(value)) return value.length === 0 ? '[]' : `[ ${value.map(flow).join(', ')} ]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value);
    return entries.length === 0 ? '{}' : `{ ${entries.map(([k, v]) => `${scalar(k)}: ${flow(v)}`).join(', ')} }`;
  }
  return scalar(value);
}

/** A field's value as plain data, for comparing Terraform facts with a user's file. */
export function plain(node: unknown): unknown {
  if (isScalar(node)) return node.value;
  if (isSeq(node)) return node.items.map(plain);
  if (isMap(node)) {
    const out: Record<string, unknown> = {};
    for (const item of node.items) out[String(isScalar(item.key) ? item.key.value : item.key)] = plain(item.value);
    return out;
  }
  return node;
}
