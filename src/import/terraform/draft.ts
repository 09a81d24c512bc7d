// A draft inventory: entries with their fields in order, each field marked as a Terraform fact
// or a placeholder, and the comments that say where each came from and what to fill in.
import type { Section } from '../../inventory/types.js';

export interface DraftField {
  key: string;
  value: unknown;
  /** A comment after the value on its line. */
  comment?: string;
  /** Terraform cannot know it: a stand-in the user replaces (never compared by --merge). */
  placeholder?: boolean;
}

export interface DraftEntry {
  section: Section;
  id: string;
  fields: DraftField[];
  /** Comment lines above the entry: provenance, assumptions, what to fill in. */
  comment: string[];
}

/** Entries by section and id; ids are unique across sections as the inventory requires. */
export class Draft {
  private readonly entries = new Map<string, DraftEntry>();

  has(id: string): boolean {
    return this.entries.has(id);
  }

  get(id: string): DraftEntry | undefined {
    return this.entries.get(id);
  }

  /** Adds an entry, or returns the one with this id (the first definition wins). */
  ensure(section: Section, id: string, build: () => { fields: DraftField[]; comment?: string[] }): DraftEntry {
    const existing = this.entries.get(id);
    if (existing?.section === section) return existing;
    // Ids are unique across sections: an entry of another section with this id gets a suffix.
    if (existing) return this.ensure(section, `${id}.${section}`, build);
    const built = build();
    const entry: DraftEntry = { section, id, fields: built.fields, comment: built.comment ?? [] };
    this.entries.set(id, entry);
    return entry;
  }

  /** Entries of a section sorted by id: the same input gives the same document. */
  section(section: Section): DraftEntry[] {
    return [...this.entries.values()].filter((e) => e.section === section).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  count(section: Section): number {
    let n = 0;
    for (const e of this.entries.values()) if (e.section === section) n++;
    return n;
  }
}

/** A field, left out when its value is undefined. */
export function field(key: string, value: unknown, comment?: string): DraftField[] {
  if (value === undefined) return [];
  return [{ key, value, ...(comment === undefined ? {} : { comment }) }];
}

export function placeholder(key: string, value: unknown, comment: string): DraftField {
  return { key, value, comment, placeholder: true };
}

/** An inventory id from any text: lowercase, `[a-z0-9._-]`, starting with a letter or digit. */
export function toId(text: string): string {
  const id = text
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/\.{2,}/g, '.')
    .replace(/^[^a-z0-9]+/, '')
    .replace(/[-.]+$/, '');
  return (id === '' ? 'x' : id).slice(0, 180);
}
