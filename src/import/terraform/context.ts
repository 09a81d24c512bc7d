// What every resource family's mapping needs: entity ids, accounts proven by the files (or
// assumed, and said so), regions, keys, and the links between resources by value or reference.
import { configModulePath } from './address.js';
import { Draft, field, placeholder, toId, type DraftEntry } from './draft.js';
import { withoutKey } from './holdings.js';
import { isUnknown, type TerraformReading, type TfResource } from './read.js';

export interface ImportOptions {
  /** `--account KEY=ID`: a provider configuration key or an account id → the inventory's account id. */
  accounts?: Readonly<Record<string, string>>;
}

/** Inventory provider ids and names per Terraform provider type. */
const PROVIDERS: Readonly<Record<string, { id: string; name: string }>> = {
  aws: { id: 'aws', name: 'AWS' },
  google: { id: 'gcp', name: 'Google Cloud' },
  'google-beta': { id: 'gcp', name: 'Google Cloud' },
  azurerm: { id: 'azure', name: 'Azure' },
  digitalocean: { id: 'digitalocean', name: 'DigitalOcean' },
  hcloud: { id: 'hetzner', name: 'Hetzner Cloud' },
};

export type Rec = Record<string, unknown>;

export function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

export function num(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** The first element of a block list (Terraform writes nested blocks as lists). */
export function block(value: unknown): Rec | undefined {
  const first = Array.isArray(value) ? value[0] : value;
  return first !== null && typeof first === 'object' && !Array.isArray(first) ? (first as Rec) : undefined;
}

export function blocks(value: unknown): Rec[] {
  return Array.isArray(value) ? value.filter((v): v is Rec => v !== null && typeof v === 'object' && !Array.isArray(v)) : [];
}

/** Account and region inside an ARN: arn:partition:service:region:account:resource. */
export function arnParts(arn: string | undefined): { service: string; region?: string; account?: string; resource: string } | undefined {
  if (arn === undefined) return undefined;
  const m = /^arn:aws[a-z-]*:([a-z0-9-]+):([a-z0-9-]*):(\d{12})?:(.*)$/.exec(arn);
  if (!m) return undefined;
  return { service: m[1]!, ...(m[2] ? { region: m[2] } : {}), ...(m[3] ? { account: m[3] } : {}), resource: m[4]! };
}

/** Types whose own `arn` carries the account that holds them (S3 bucket ARNs carry none). */
const OWN_ARN_ATTRIBUTE: Readonly<Record<string, string>> = {
  aws_db_instance: 'arn',
  aws_rds_cluster: 'arn',
  aws_dynamodb_table: 'arn',
  aws_efs_file_system: 'arn',
  aws_kms_key: 'arn',
  aws_backup_vault: 'arn',
  aws_backup_logically_air_gapped_vault: 'arn',
  aws_backup_plan: 'arn',
  aws_db_instance_automated_backups_replication: 'id',
};

interface AccountProof {
  /** The account at the provider: an AWS account number, a GCP project, an Azure subscription. */
  number: string;
  proof: string;
}

export interface ResolvedAccount {
  id: string;
  assumed: boolean;
  /** Why this account: what proves it, or why it is assumed. */
  reason: string;
}

export class ImportContext {
  readonly draft = new Draft();
  readonly warnings: string[] = [];
  readonly resources: TfResource[];
  private readonly ids = new Map<TfResource, string>();
  private readonly configProofs = new Map<string, AccountProof>();
  private readonly assumedGroups = new Map<string, string>();
  private readonly byType = new Map<string, TfResource[]>();
  private readonly usedMappings = new Set<string>();

  constructor(
    readonly reading: TerraformReading,
    readonly options: ImportOptions,
  ) {
    this.resources = reading.resources;
    for (const r of this.resources) {
      const list = this.byType.get(r.type) ?? [];
      list.push(r);
      this.byType.set(r.type, list);
    }
    this.assignIds();
    this.collectConfigProofs();
  }

  of(type: string): readonly TfResource[] {
    return (this.byType.get(type) ?? []).filter((r) => r.mode === 'managed');
  }

  // ---- ids ----

  private assignIds(): void {
    const managed = this.resources.filter((r) => r.mode === 'managed');
    const files = new Map<string, Set<string>>();
    for (const r of managed) {
      const set = files.get(r.address) ?? new Set<string>();
      set.add(r.file);
      files.set(r.address, set);
    }
    const sorted = [...managed].sort((a, b) => compare(a.address, b.address) || compare(a.file, b.file));
    const taken = new Map<string, TfResource>();
    for (const r of sorted) {
      const base = addressId(r.address);
      const qualified = (files.get(r.address)?.size ?? 1) > 1 ? `${fileStem(r.file)}.${base}` : base;
      let id = qualified;
      for (let n = 2; taken.has(id); n++) id = `${qualified}-${n}`;
      if (id !== qualified) {
        const other = taken.get(qualified)!;
        this.warnings.push(`${r.file}: ${r.jsonPath}: address collision after id normalisation: ${other.address} and ${r.address} both become '${qualified}'; ${r.address} is written as '${id}'`);
      }
      taken.set(id, r);
      this.ids.set(r, id);
    }
  }

  idOf(r: TfResource): string {
    return this.ids.get(r) ?? addressId(r.address);
  }

  // ---- accounts ----

  private configKey(r: TfResource): string {
    return `${r.file}\u0000${r.providerKey}`;
  }

  /** What the resource's own attributes prove about the account holding it. */
  private ownProof(r: TfResource): AccountProof | undefined {
    if (r.provider === 'aws') {
      const attribute = OWN_ARN_ATTRIBUTE[r.type];
      const account = attribute ? arnParts(str(r.values[attribute]))?.account : undefined;
      return account ? { number: account, proof: `the ARN of ${r.address}` } : undefined;
    }
    if (r.provider === 'google' || r.provider === 'google-beta') {
      const project = str(r.values.project);
      return project ? { number: project, proof: `the project of ${r.address}` } : undefined;
    }
    if (r.provider === 'azurerm') {
      const subscription = /^\/subscriptions\/([0-9a-fA-F-]{36})\//.exec(str(r.values.id) ?? '')?.[1]?.toLowerCase();
      return subscription ? { number: subscription, proof: `the resource id of ${r.address}` } : undefined;
    }
    return undefined;
  }

  private collectConfigProofs(): void {
    const prove = (key: string, proof: AccountProof): void => {
      if (!this.configProofs.has(key)) this.configProofs.set(key, proof);
    };
    // Strongest first: who Terraform ran as, then the role it assumed, then what resources show.
    for (const r of this.resources) {
      if (r.mode !== 'data') continue;
      const number = r.type === 'aws_caller_identity' ? str(r.values.account_id) : r.type === 'google_client_config' ? str(r.values.project) : r.type === 'azurerm_client_config' || r.type === 'azurerm_subscription' ? str(r.values.subscription_id) : undefined;
      if (number) prove(this.configKey(r), { number, proof: `${r.address}` });
    }
    for (const source of this.reading.sources) {
      for (const [key, config] of Object.entries(source.providers)) {
        const account = arnParts(config.assumeRoleArn)?.account;
        if (account) prove(`${source.file}\u0000${key}`, { number: account, proof: `assume_role.role_arn of provider configuration ${key}` });
      }
    }
    const seen = new Map<string, AccountProof | null>();
    for (const r of this.resources) {
      if (r.mode !== 'managed') continue;
      const own = this.ownProof(r);
      if (!own) continue;
      const key = this.configKey(r);
      const before = seen.get(key);
      if (before === undefined) seen.set(key, own);
      else if (before !== null && before.number !== own.number) seen.set(key, null); // resources disagree: proves nothing for the rest
    }
    for (const [key, proof] of seen) if (proof) prove(key, proof);
  }

  private mapped(key: string): string | undefined {
    const accounts = this.options.accounts ?? {};
    if (!Object.hasOwn(accounts, key)) return undefined;
    this.usedMappings.add(key);
    return accounts[key];
  }

  /** `--account` keys that named nothing in the files. */
  unusedMappings(): string[] {
    return Object.keys(this.options.accounts ?? {}).filter((k) => !this.usedMappings.has(k)).sort();
  }

  providerOf(r: TfResource): { id: string; name: string } {
    return PROVIDERS[r.provider] ?? { id: toId(r.provider), name: r.provider };
  }

  /** The inventory account of a resource, creating the account (and its placeholders) on first use. */
  accountOf(r: TfResource): ResolvedAccount {
    const provider = this.providerOf(r);
    const own = this.ownProof(r);
    const config = this.configProofs.get(this.configKey(r));
    const proof = own ?? config;
    if (proof) {
      const id = this.mapped(proof.number) ?? (config && config.number === proof.number ? this.mapped(r.providerKey) : undefined) ?? toId(`${provider.id}-${proof.number}`);
      this.ensureAccount(id, provider, [`${provider.name} account ${proof.number}, proven by ${proof.proof}`], r.provider === 'aws' ? { number: proof.number, ...this.roleArn(r) } : undefined);
      return { id, assumed: false, reason: `${provider.name} account ${proof.number} (${proof.proof})` };
    }
    const byKey = this.mapped(r.providerKey);
    if (byKey !== undefined) {
      this.ensureAccount(byKey, provider, [`the account of provider configuration ${r.providerKey}, as --account ${r.providerKey}=${byKey} says`]);
      return { id: byKey, assumed: false, reason: `--account ${r.providerKey}=${byKey}` };
    }
    return this.assumedAccount(r, provider);
  }

  /** One account per provider configuration (per file) when nothing proves which account it reaches. */
  private assumedAccount(r: TfResource, provider: { id: string; name: string }): ResolvedAccount {
    const key = this.configKey(r);
    let id = this.assumedGroups.get(key);
    if (id === undefined) {
      const colon = r.providerKey.lastIndexOf(':');
      const modulePart = colon < 0 ? '' : configModulePath(r.providerKey.slice(0, colon)).replace(/module\./g, '');
      const alias = (colon < 0 ? r.providerKey : r.providerKey.slice(colon + 1)).split('.')[1] ?? 'default';
      const base = toId([provider.id, modulePart, alias].filter((p) => p !== '').join('-'));
      const sameKeyElsewhere = [...this.assumedGroups.entries()].some(([k]) => k.endsWith(`\u0000${r.providerKey}`));
      const filesWithKey = new Set(this.resources.filter((x) => x.providerKey === r.providerKey).map((x) => x.file));
      id = filesWithKey.size > 1 || sameKeyElsewhere ? toId(`${base}-${fileStem(r.file)}`) : base;
      this.assumedGroups.set(key, id);
      this.ensureAccount(id, provider, [
        `ASSUMED: nothing in ${r.file} proves which ${provider.name} account provider configuration ${r.providerKey} reaches;`,
        `every resource it manages is grouped here. Name it with --account ${r.providerKey}=<id> or --account <account id>=<id>.`,
      ]);
      this.warnings.push(`${r.file}: no account is proven for provider configuration ${r.providerKey}; its resources are grouped under account '${id}' (assumed): pass --account ${r.providerKey}=<inventory id>`);
    }
    return { id, assumed: true, reason: `assumed: nothing proves the account of provider configuration ${r.providerKey}` };
  }

  private roleArn(r: TfResource): { roleArn?: string } {
    const source = this.reading.sources.find((s) => s.file === r.file);
    const roleArn = source?.providers[r.providerKey]?.assumeRoleArn;
    return roleArn ? { roleArn } : {};
  }

  /** An account named by an ARN of another resource (a copy's destination): proven for that resource only. */
  accountFromNumber(provider: string, number: string, proof: string): string {
    const p = PROVIDERS[provider] ?? { id: toId(provider), name: provider };
    const id = this.mapped(number) ?? toId(`${p.id}-${number}`);
    this.ensureAccount(id, p, [`${p.name} account ${number}, named by ${proof}`], provider === 'aws' ? { number } : undefined);
    return id;
  }

  private ensureAccount(id: string, provider: { id: string; name: string }, comment: string[], aws?: { number: string; roleArn?: string }): void {
    this.draft.ensure('providers', provider.id, () => ({ fields: [{ key: 'kind', value: 'cloud' }] }));
    const billing = `${provider.id}.billing-todo`;
    const admin = `${id}.admin-todo`;
    this.draft.ensure('billing', billing, () => ({
      fields: [{ key: 'kind', value: 'card' }, { key: 'description', value: `PLACEHOLDER: how the ${provider.name} accounts imported from Terraform are paid; one method for all of them until you say otherwise` }],
      comment: ['TODO: placeholder billing. Terraform cannot know it; bcaudit assumes one payment method pays every account of this provider.'],
    }));
    this.draft.ensure('identities', admin, () => ({
      fields: [{ key: 'kind', value: 'person' }, { key: 'description', value: `PLACEHOLDER: the admins of account ${id}; replace with the real people and machine credentials` }],
      comment: [`TODO: placeholder admin of ${id}. Terraform cannot know who administers an account; bcaudit assumes one person.`],
    }));
    this.draft.ensure('accounts', id, () => ({
      fields: [
        { key: 'provider', value: provider.id },
        placeholder('billing', billing, 'TODO: placeholder'),
        placeholder('admins', [admin], 'TODO: placeholder (one unknown admin)'),
        ...(aws ? field('aws', { account_id: aws.number, ...(aws.roleArn ? { role_arn: aws.roleArn } : {}) }) : []),
      ],
      comment,
    }));
  }

  // ---- regions, keys, links ----

  regionOf(r: TfResource): string | undefined {
    const v = r.values;
    if (r.provider === 'aws') {
      const zone = str(v.availability_zone) ?? str(v.availability_zone_name);
      const arnAttribute = OWN_ARN_ATTRIBUTE[r.type];
      return str(v.region) ?? (arnAttribute ? arnParts(str(v[arnAttribute]))?.region : undefined) ?? zone?.replace(/[a-z]$/, '') ?? this.reading.sources.find((s) => s.file === r.file)?.providers[r.providerKey]?.region;
    }
    const location = str(v.region) ?? str(v.location);
    return location?.toLowerCase();
  }

  private readonly valueIndexes = new Map<string, Map<string, TfResource[]>>();
  private readonly addressIndex = new Map<string, TfResource[]>();

  /** Managed resources of a type by the value of one attribute (built once, on first use). */
  private byValue(type: string, attribute: string): Map<string, TfResource[]> {
    const key = `${type}\u0000${attribute}`;
    let index = this.valueIndexes.get(key);
    if (!index) {
      index = new Map();
      for (const r of this.of(type)) {
        const v = r.values[attribute];
        if (typeof v !== 'string') continue;
        const list = index.get(v) ?? [];
        list.push(r);
        index.set(v, list);
      }
      this.valueIndexes.set(key, index);
    }
    return index;
  }

  /** Managed resources by file and address without the final key (how a reference names them). */
  private byBaseAddress(file: string, base: string): TfResource[] {
    if (this.addressIndex.size === 0) {
      for (const r of this.resources) {
        if (r.mode !== 'managed') continue;
        for (const k of new Set([`${r.file}\u0000${r.address}`, `${r.file}\u0000${withoutKey(r.address)}`])) {
          const list = this.addressIndex.get(k) ?? [];
          list.push(r);
          this.addressIndex.set(k, list);
        }
      }
    }
    return this.addressIndex.get(`${file}\u0000${base}`) ?? [];
  }

  /**
   * The resources `r` links to through `attribute`: whose `matchOn` attributes equal its value,
   * or, when the value is not known (a plan), that its configuration refers to. The same file first.
   */
  linked(r: TfResource, attribute: string, types: readonly string[], matchOn: readonly string[], value = r.values[attribute]): TfResource[] {
    const wanted = typeof value === 'string' ? [value] : Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
    if (wanted.length > 0) {
      const matches = new Set<TfResource>();
      for (const t of types) for (const a of matchOn) for (const w of wanted) for (const c of this.byValue(t, a).get(w) ?? []) matches.add(c);
      const sameFile = [...matches].filter((c) => c.file === r.file);
      if (matches.size > 0) return sameFile.length > 0 ? sameFile : [...matches];
    }
    const found: TfResource[] = [];
    for (const ref of r.references[attribute] ?? []) {
      const instances = this.byBaseAddress(r.file, ref).filter((c) => types.includes(c.type));
      const sameKey = instances.filter((c) => c.index !== undefined && c.index === r.index);
      for (const c of instances.length === 1 ? instances : sameKey) if (!found.includes(c)) found.push(c);
    }
    return found;
  }

  unknownSays(r: TfResource, path: string): boolean {
    return isUnknown(r, path);
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** An id from an address: `module.db["eu.1"].aws_db_instance.main[0]` → `db.eu.1.aws_db_instance.main.0`. */
export function addressId(address: string): string {
  return toId(
    address
      .replace(/(^|\.)module\./g, '$1')
      .replace(/\[(\d+)\]/g, '.$1')
      .replace(/\["((?:[^"\\]|\\.)*)"\]/g, (_m, key: string) => `.${key}`),
  );
}

export function fileStem(file: string): string {
  const base = file.split(/[\\/]/).pop() ?? file;
  return toId(base.replace(/\.(json|tfstate)$/i, '').replace(/\.(tfplan|plan|state)$/i, ''));
}

export type { DraftEntry };
