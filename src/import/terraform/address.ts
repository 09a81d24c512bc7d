// Terraform resource addresses as Terraform prints them. Instance keys may hold dots and
// brackets (`module.db["eu.1"].aws_db_instance.main`), so an address is tokenised, never split on '.'.

export type InstanceKey = string | number;

export interface AddressStep {
  name: string;
  key?: InstanceKey;
}

export interface ParsedAddress {
  /** Module calls from the root, each with its instance key when it has one. */
  modules: AddressStep[];
  mode: 'managed' | 'data';
  type: string;
  name: string;
  key?: InstanceKey;
  /** What follows the resource (an attribute of a reference), unparsed. */
  rest: string;
}

/** `[0]` or `["eu.1"]`, as Terraform prints an instance key. */
export function formatKey(key: InstanceKey | undefined): string {
  if (key === undefined) return '';
  return typeof key === 'number' ? `[${key}]` : `[${JSON.stringify(key)}]`;
}

export function formatModulePath(modules: readonly AddressStep[]): string {
  return modules.map((m) => `module.${m.name}${formatKey(m.key)}`).join('.');
}

/** The address of a resource instance: module path, `data.` for data sources, type, name, key. */
export function formatAddress(modulePath: string, mode: 'managed' | 'data', type: string, name: string, key?: InstanceKey): string {
  const own = `${mode === 'data' ? 'data.' : ''}${type}.${name}${formatKey(key)}`;
  return modulePath === '' ? own : `${modulePath}.${own}`;
}

/** Reads `name`, `[key]` pairs; undefined when the text is not an address. */
class Tokens {
  pos = 0;
  constructor(readonly text: string) {}

  done(): boolean {
    return this.pos >= this.text.length;
  }

  identifier(): string | undefined {
    const match = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(this.text.slice(this.pos));
    if (!match) return undefined;
    this.pos += match[0].length;
    return match[0];
  }

  dot(): boolean {
    if (this.text[this.pos] !== '.') return false;
    this.pos += 1;
    return true;
  }

  /** `[0]`, `["a.b[c]"]`; undefined when there is no key here; null when one is malformed. */
  key(): InstanceKey | undefined | null {
    if (this.text[this.pos] !== '[') return undefined;
    const rest = this.text.slice(this.pos + 1);
    const number = /^(\d+)\]/.exec(rest);
    if (number) {
      this.pos += 1 + number[0].length;
      return Number(number[1]);
    }
    if (rest[0] !== '"') return null;
    let i = 1;
    while (i < rest.length && rest[i] !== '"') i += rest[i] === '\\' ? 2 : 1;
    if (rest[i + 1] !== ']') return null;
    try {
      const value = JSON.parse(rest.slice(0, i + 1)) as string;
      this.pos += 1 + i + 2;
      return value;
    } catch {
      return null;
    }
  }
}

/** A resource address or a reference to one (`aws_s3_bucket.b.id`); undefined when it is neither. */
export function parseAddress(text: string): ParsedAddress | undefined {
  const t = new Tokens(text);
  const modules: AddressStep[] = [];
  for (;;) {
    const start = t.pos;
    const word = t.identifier();
    if (word === undefined) return undefined;
    if (word !== 'module') {
      t.pos = start;
      break;
    }
    if (!t.dot()) return undefined;
    const name = t.identifier();
    if (name === undefined) return undefined;
    const key = t.key();
    if (key === null) return undefined;
    modules.push(key === undefined ? { name } : { name, key });
    if (!t.dot()) return undefined;
  }
  let mode: 'managed' | 'data' = 'managed';
  let type = t.identifier();
  if (type === 'data') {
    if (!t.dot()) return undefined;
    mode = 'data';
    type = t.identifier();
  }
  if (type === undefined || !t.dot()) return undefined;
  const name = t.identifier();
  if (name === undefined) return undefined;
  const key = t.key();
  if (key === null) return undefined;
  const rest = t.text.slice(t.pos);
  return { modules, mode, type, name, ...(key === undefined ? {} : { key }), rest };
}

/** A module address (`module.a["x"].module.b`) as steps; undefined when malformed. Empty text is the root. */
export function parseModulePath(text: string): AddressStep[] | undefined {
  if (text === '') return [];
  const parsed = parseAddress(`${text}.x.y`);
  return parsed && parsed.rest === '' && parsed.mode === 'managed' && parsed.type === 'x' ? parsed.modules : undefined;
}

/** The module path with instance keys removed: how the configuration names it (`module.a.module.b`). */
export function configModulePath(modulePath: string): string {
  const steps = parseModulePath(modulePath);
  return steps === undefined ? modulePath : steps.map((m) => `module.${m.name}`).join('.');
}
