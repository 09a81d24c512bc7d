// Terraform resource addresses (`module.net["eu.west"].aws_s3_bucket.logs[0]`), parsed by their
// grammar: a for_each key may hold dots and brackets, so an address is never split on `.`.

/** One `[key]` of a counted (number) or for_each (string) instance. */
export type InstanceKey = number | string;

/** A `module.NAME[key]` step; `key` absent when the call has neither count nor for_each (or a claim names every instance). */
export interface ModuleStep {
  name: string;
  key?: InstanceKey;
}

export interface TerraformAddress {
  modules: ModuleStep[];
  mode: 'managed' | 'data';
  type: string;
  name: string;
  key?: InstanceKey;
}

const NAME = /^[A-Za-z_][A-Za-z0-9_-]*/;

/** The address, or undefined when the text is not a resource address. */
export function parseTerraformAddress(text: string): TerraformAddress | undefined {
  let rest = text;
  const word = (): string | undefined => {
    const m = NAME.exec(rest);
    if (!m) return undefined;
    rest = rest.slice(m[0].length);
    return m[0];
  };
  const dot = (): boolean => {
    if (!rest.startsWith('.')) return false;
    rest = rest.slice(1);
    return true;
  };
  const key = (): InstanceKey | undefined | null => {
    if (!rest.startsWith('[')) return undefined;
    const parsed = parseKey(rest);
    if (!parsed) return null;
    rest = rest.slice(parsed.length);
    return parsed.key;
  };

  const modules: ModuleStep[] = [];
  let mode: TerraformAddress['mode'] = 'managed';
  for (;;) {
    const first = word();
    if (first === undefined || !dot()) return undefined;
    if (first === 'module') {
      const name = word();
      const k = key();
      if (name === undefined || k === null || !dot()) return undefined;
      modules.push(k === undefined ? { name } : { name, key: k });
      continue;
    }
    let type = first;
    if (first === 'data') {
      mode = 'data';
      const t = word();
      if (t === undefined || !dot()) return undefined;
      type = t;
    }
    const name = word();
    const k = key();
    if (name === undefined || k === null || rest !== '') return undefined;
    return { modules, mode, type, name, ...(k === undefined ? {} : { key: k }) };
  }
}

/** `[0]` or `["a.b[c]"]` at the start of `text`, with its length in characters. */
function parseKey(text: string): { key: InstanceKey; length: number } | undefined {
  const number = /^\[(0|[1-9][0-9]{0,15})\]/.exec(text);
  if (number) return { key: Number(number[1]), length: number[0].length };
  if (text[1] !== '"') return undefined;
  // A quoted key ends at the first `"` not escaped by a backslash.
  let i = 2;
  while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
  if (text[i + 1] !== ']') return undefined;
  try {
    const key = JSON.parse(text.slice(1, i + 1)) as string;
    return { key, length: i + 2 };
  } catch {
    return undefined;
  }
}

function formatKey(key: InstanceKey | undefined): string {
  if (key === undefined) return '';
  return typeof key === 'number' ? `[${key}]` : `[${JSON.stringify(key)}]`;
}

/** The address as Terraform prints it. */
export function formatTerraformAddress(a: TerraformAddress): string {
  const modules = a.modules.map((m) => `module.${m.name}${formatKey(m.key)}.`).join('');
  return `${modules}${a.mode === 'data' ? 'data.' : ''}${a.type}.${a.name}${formatKey(a.key)}`;
}

/** The address written the one way Terraform writes it, or undefined when it is not one. */
export function canonicalTerraformAddress(text: string): string | undefined {
  const parsed = parseTerraformAddress(text);
  return parsed === undefined ? undefined : formatTerraformAddress(parsed);
}

/**
 * Whether a claimed address stands for a resource instance. As in `terraform plan -target`, a
 * step written without a key stands for every instance of it (`aws_s3_bucket.logs` claims
 * `aws_s3_bucket.logs[0]` and `aws_s3_bucket.logs[1]`); a key, once written, must be equal.
 */
export function claimCovers(claim: TerraformAddress, instance: TerraformAddress): boolean {
  if (claim.mode !== instance.mode || claim.type !== instance.type || claim.name !== instance.name) return false;
  if (claim.modules.length !== instance.modules.length) return false;
  if (!keyCovers(claim.key, instance.key)) return false;
  return claim.modules.every((m, i) => m.name === instance.modules[i]!.name && keyCovers(m.key, instance.modules[i]!.key));
}

function keyCovers(claimed: InstanceKey | undefined, actual: InstanceKey | undefined): boolean {
  return claimed === undefined || claimed === actual;
}
