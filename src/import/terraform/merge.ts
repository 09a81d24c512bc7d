// `--merge`: add what Terraform knows and the user's inventory does not, keep everything the user
// wrote (comments, order, their own values), and report entries whose Terraform facts now differ.
import { isMap, isScalar, parseDocument, type Document, type YAMLMap } from 'yaml';
import type { Section } from '../../inventory/types.js';
import type { Draft, DraftEntry } from './draft.js';
import { DRAFT_SECTIONS, entryPair, plain, sectionPair, YAML_OPTIONS } from './render.js';

export interface MergeResult {
  text: string;
  /** Ids added, by section. */
  added: { section: Section; id: string }[];
  /** Entries whose Terraform facts differ from the file: one sentence each. */
  differences: string[];
}

/** Fields that name other entries: renamed along when the user's file calls an entity otherwise. */
const REFERENCE_FIELDS = new Set(['provider', 'account', 'billing', 'admins', 'of', 'to', 'encryption']);

function scalarKey(node: unknown): string | undefined {
  return isScalar(node) ? String(node.value) : undefined;
}

interface Existing {
  section: Section;
  id: string;
  map: YAMLMap;
}

function existingEntries(doc: Document): Existing[] {
  const out: Existing[] = [];
  const top = doc.contents;
  if (!isMap(top)) return out;
  for (const pair of top.items) {
    const section = scalarKey(pair.key) as Section | undefined;
    if (section === undefined || !DRAFT_SECTIONS.includes(section) || !isMap(pair.value)) continue;
    for (const item of pair.value.items) {
      const id = scalarKey(item.key);
      if (id !== undefined && isMap(item.value)) out.push({ section, id, map: item.value });
    }
  }
  return out;
}

/** What identifies an entry beyond its id: the Terraform addresses it claims, an AWS account number. */
function identities(section: Section, fields: Record<string, unknown>): string[] {
  const keys: string[] = [];
  const terraform = fields.terraform;
  for (const address of typeof terraform === 'string' ? [terraform] : Array.isArray(terraform) ? terraform : []) {
    if (typeof address === 'string') keys.push(`${section}:terraform:${address}`);
  }
  const aws = fields.aws as Record<string, unknown> | undefined;
  if (section === 'accounts' && typeof aws?.account_id === 'string') keys.push(`accounts:aws:${aws.account_id}`);
  return keys;
}

function draftFields(entry: DraftEntry): Record<string, unknown> {
  return Object.fromEntries(entry.fields.map((f) => [f.key, f.value]));
}

function rename(value: unknown, renamed: ReadonlyMap<string, string>): unknown {
  if (typeof value === 'string') return renamed.get(value) ?? value;
  if (Array.isArray(value)) return value.map((v) => rename(v, renamed));
  return value;
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

export function mergeDraft(userText: string, file: string, draft: Draft): MergeResult {
  const doc: Document = parseDocument(userText);
  const existing = existingEntries(doc);
  const byId = new Map(existing.map((e) => [e.id, e]));
  const byIdentity = new Map<string, Existing>();
  for (const e of existing) for (const k of identities(e.section, plain(e.map) as Record<string, unknown>)) byIdentity.set(k, e);

  // Which draft entries the file already has (by id, or under another id by what identifies them).
  const renamed = new Map<string, string>();
  const matched = new Map<DraftEntry, Existing>();
  const entries = DRAFT_SECTIONS.flatMap((s) => draft.section(s));
  for (const entry of entries) {
    const same = byId.get(entry.id);
    const found = same?.section === entry.section ? same : identities(entry.section, draftFields(entry)).map((k) => byIdentity.get(k)).find((e) => e !== undefined);
    if (found) {
      matched.set(entry, found);
      if (found.id !== entry.id) renamed.set(entry.id, found.id);
    }
  }

  const differences: string[] = [];
  for (const [entry, found] of matched) {
    const fields = plain(found.map) as Record<string, unknown>;
    for (const f of entry.fields) {
      if (f.placeholder || f.key === 'description') continue;
      const expected = REFERENCE_FIELDS.has(f.key) ? rename(f.value, renamed) : f.value;
      if (!(f.key in fields)) {
        differences.push(`${file}: ${found.section}.${found.id}: Terraform says ${f.key}: ${JSON.stringify(expected)}; the file has no ${f.key}`);
      } else if (!same(fields[f.key], expected)) {
        differences.push(`${file}: ${found.section}.${found.id}: Terraform says ${f.key}: ${JSON.stringify(expected)}; the file says ${JSON.stringify(fields[f.key])} (kept)`);
      }
    }
  }

  // New entries; a placeholder identity or billing only when a new entry refers to it.
  const fresh = entries.filter((e) => !matched.has(e) && !byId.has(e.id));
  const referenced = new Set<string>();
  for (const e of fresh) for (const f of e.fields) if (REFERENCE_FIELDS.has(f.key)) for (const v of [rename(f.value, renamed)].flat()) if (typeof v === 'string') referenced.add(v);
  const added = fresh.filter((e) => (e.section !== 'identities' && e.section !== 'billing' && e.section !== 'providers') || referenced.has(e.id));
  if (added.length === 0) return { text: userText, added: [], differences };

  if (!isMap(doc.contents)) throw new Error(`${file} is not a map of sections`);
  const top: YAMLMap = doc.contents;
  for (const section of DRAFT_SECTIONS) {
    const newOnes = added
      .filter((e) => e.section === section)
      .map((e) => ({ ...e, fields: e.fields.map((f) => (REFERENCE_FIELDS.has(f.key) ? { ...f, value: rename(f.value, renamed) } : f)) }));
    if (newOnes.length === 0) continue;
    const pair = top.items.find((p) => scalarKey(p.key) === section);
    if (pair && isMap(pair.value)) {
      for (const e of newOnes) pair.value.items.push(entryPair(doc, e));
    } else if (pair && (pair.value === null || (isScalar(pair.value) && pair.value.value === null))) {
      pair.value = sectionPair(doc, section, newOnes).value;
    } else {
      top.items.push(sectionPair(doc, section, newOnes));
    }
  }
  return { text: doc.toString(YAML_OPTIONS), added: added.map((e) => ({ section: e.section, id: e.id })), differences };
}
