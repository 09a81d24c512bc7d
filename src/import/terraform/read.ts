// Reads Terraform's JSON (`terraform show -json` of a state or a saved plan, raw terraform.tfstate
// v4; OpenTofu alike) into resource instances holding only allow-listed, non-sensitive attributes.
// Pure: the CLI reads the files.
import { configModulePath, formatAddress, formatModulePath, parseAddress, parseModulePath, referencedResource, type InstanceKey } from './address.js';
import { ALLOWED_ATTRIBUTES, isKnownType, type AttributeSpec } from './attributes.js';
import { decodeJson } from './decode.js';

export interface TfProviderConfig {
  /** `region` when the configuration gives it as a constant. */
  region?: string;
  /** `assume_role.role_arn` when the configuration gives it as a constant. */
  assumeRoleArn?: string;
}

export interface TfSource {
  file: string;
  kind: 'plan' | 'state' | 'tfstate';
  formatVersion: string;
  terraformVersion?: string;
  /** Provider configurations of a plan, by key (`aws`, `aws.backup`, `module.x:aws`). */
  providers: Readonly<Record<string, TfProviderConfig>>;
}

export interface TfResource {
  /** Full address as Terraform prints it, module path and index key included. */
  address: string;
  type: string;
  name: string;
  mode: 'managed' | 'data';
  /** '' at the root. */
  modulePath: string;
  index?: InstanceKey;
  /** Provider configuration key with alias when known: 'aws', 'aws.backup', 'module.x:aws'. */
  providerKey: string;
  /** Provider type: 'aws', 'google', 'azurerm', ... */
  provider: string;
  /** Allow-listed attributes only; sensitive ones removed. */
  values: Readonly<Record<string, unknown>>;
  /** Attribute paths ('versioning.0.enabled') whose value is unknown in a plan. */
  unknown: ReadonlySet<string>;
  /**
   * A plan's configuration references, by attribute path ('bucket', 'rule.destination.bucket'):
   * addresses of the resources referred to, in this resource's module instance, without an index
   * key unless the reference names one.
   */
  references: Readonly<Record<string, readonly string[]>>;
  file: string;
  jsonPath: string;
}

export class TerraformInputError extends Error {
  constructor(
    readonly file: string,
    readonly jsonPath: string,
    readonly reason: string,
  ) {
    super(`${file}: ${jsonPath}: ${reason}`);
  }
}

export interface TerraformReading {
  sources: TfSource[];
  resources: TfResource[];
  warnings: string[];
}

export function readTerraform(files: readonly { file: string; bytes: Uint8Array }[]): TerraformReading {
  const reading: TerraformReading = { sources: [], resources: [], warnings: [] };
  for (const { file, bytes } of files) {
    const decoded = decodeJson(bytes);
    if (!decoded.ok) throw new TerraformInputError(file, '$', decoded.message);
    readDocument(file, decoded.value, reading);
  }
  return reading;
}

/** Whether a plan leaves the value at `path` unknown: the path itself, a part of it, or something inside it. */
export function isUnknown(resource: TfResource, path: string): boolean {
  if (resource.unknown.size === 0) return false;
  for (const u of resource.unknown) {
    if (u === path || u === '*' || path.startsWith(`${u}.`) || u.startsWith(`${path}.`)) return true;
  }
  return false;
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function readDocument(file: string, top: unknown, reading: TerraformReading): void {
  if (!isObject(top)) throw new TerraformInputError(file, '$', notTerraform(top));
  const terraformVersion = typeof top.terraform_version === 'string' ? top.terraform_version : undefined;
  const version = { ...(terraformVersion === undefined ? {} : { terraformVersion }) };
  if ('format_version' in top) {
    const formatVersion = checkFormatVersion(file, top.format_version);
    const isPlan = 'planned_values' in top || 'resource_changes' in top || 'configuration' in top || 'prior_state' in top;
    const out = new ResourceCollector(file, reading);
    if (isPlan) {
      const providers = readPlan(file, top, out);
      reading.sources.push({ file, kind: 'plan', formatVersion, ...version, providers });
      warnIfAllUnknown(file, out.added, reading);
    } else {
      if (top.values !== undefined && top.values !== null && !isObject(top.values)) throw new TerraformInputError(file, '$.values', 'expected an object');
      const values = isObject(top.values) ? top.values : undefined;
      if (values && values.root_module !== undefined) readModule(values.root_module, '$.values.root_module', '', out, noConfig);
      reading.sources.push({ file, kind: 'state', formatVersion, ...version, providers: {} });
    }
    return;
  }
  if ('version' in top && ('resources' in top || 'lineage' in top || 'serial' in top)) {
    const formatVersion = checkStateVersion(file, top.version);
    const out = new ResourceCollector(file, reading);
    readRawState(top, out);
    reading.sources.push({ file, kind: 'tfstate', formatVersion, ...version, providers: {} });
    return;
  }
  throw new TerraformInputError(file, '$', notTerraform(top));
}

function notTerraform(top: unknown): string {
  const what = Array.isArray(top) ? 'a JSON list' : isObject(top) ? 'a JSON object without `format_version` or a state `version`' : `a JSON ${top === null ? 'null' : typeof top}`;
  return `not Terraform JSON: found ${what}; expected the output of \`terraform show -json\` (a state or a saved plan) or a terraform.tfstate file`;
}

function checkFormatVersion(file: string, value: unknown): string {
  if (typeof value !== 'string' || !/^\d+\.\d+/.test(value)) {
    throw new TerraformInputError(file, '$.format_version', 'format_version must be a string like "1.2"');
  }
  const major = Number(value.split('.')[0]);
  if (major >= 2) {
    throw new TerraformInputError(file, '$.format_version', `format_version "${value}" is newer than bcaudit reads (0.x and 1.x); a newer bcaudit may read it`);
  }
  return value;
}

function checkStateVersion(file: string, value: unknown): string {
  if (value === 4) return '4';
  if (typeof value === 'number' && Number.isInteger(value) && value < 4) {
    throw new TerraformInputError(file, '$.version', `state format version ${value} (Terraform 0.11 or older) is not read; upgrade the state with Terraform 0.12 or later, or use \`terraform show -json\``);
  }
  if (typeof value === 'number' && Number.isInteger(value)) {
    throw new TerraformInputError(file, '$.version', `state format version ${value} is newer than bcaudit reads (4); use \`terraform show -json\` instead`);
  }
  throw new TerraformInputError(file, '$.version', 'the state `version` must be a number (4)');
}

/** A plan whose every value bcaudit reads is unknown gives addresses and no facts: say so. */
function warnIfAllUnknown(file: string, added: readonly TfResource[], reading: TerraformReading): void {
  const known = added.filter((r) => r.mode === 'managed' && isKnownType(r.type));
  if (known.length === 0) return;
  if (known.every((r) => Object.keys(r.values).length === 0 && r.unknown.size > 0)) {
    reading.warnings.push(
      `${file}: $.resource_changes: every attribute bcaudit reads is unknown until apply (${known.length} resource${known.length === 1 ? '' : 's'}); the draft names them but cannot say how they are backed up: import the state after apply (terraform show -json)`,
    );
  }
}

interface ConfigResource {
  providerKey?: string;
  expressions?: unknown;
}

/** The configuration of a plan, by resource address without instance keys. */
interface PlanConfig {
  resource(configAddress: string): ConfigResource | undefined;
  providerKey(rawKey: string): string;
}

const noConfig: PlanConfig = { resource: () => undefined, providerKey: (k) => k };

class ResourceCollector {
  readonly added: TfResource[] = [];
  private readonly seen = new Set<string>();
  constructor(
    readonly file: string,
    private readonly reading: TerraformReading,
  ) {}

  has(address: string): boolean {
    return this.seen.has(address);
  }

  add(resource: TfResource): void {
    if (this.seen.has(resource.address)) {
      this.reading.warnings.push(`${this.file}: ${resource.jsonPath}: ${resource.address} appears twice in this file; the first is used`);
      return;
    }
    this.seen.add(resource.address);
    this.added.push(resource);
    this.reading.resources.push(resource);
  }
}

// ---- terraform show -json: state values -------------------------------------------------

function readModule(module: unknown, path: string, modulePath: string, out: ResourceCollector, config: PlanConfig, onlyData = false): void {
  if (!isObject(module)) throw new TerraformInputError(out.file, path, 'expected a module object');
  const resources = module.resources ?? [];
  if (!Array.isArray(resources)) throw new TerraformInputError(out.file, `${path}.resources`, 'expected a list of resources');
  resources.forEach((item, i) => {
    const at = `${path}.resources[${i}]`;
    if (!isObject(item)) throw new TerraformInputError(out.file, at, 'expected a resource object');
    if (item.deposed_key !== undefined) return; // a deposed object is on its way out, not a resource
    const identity = resourceIdentity(item, at, modulePath, out.file);
    if (onlyData && identity.mode !== 'data') return;
    if (out.has(identity.address)) return;
    const rawKey = typeof item.provider_name === 'string' ? item.provider_name : identity.type.split('_')[0]!;
    const own = config === noConfig ? undefined : config.resource(configAddress(identity));
    out.add(
      makeResource(identity, {
        providerKey: own?.providerKey ?? shortProviderKey(rawKey),
        values: item.values,
        sensitive: item.sensitive_values,
        unknown: undefined,
        references: referencesOf(own?.expressions, identity.modulePath),
        file: out.file,
        jsonPath: at,
      }),
    );
  });
  const children = module.child_modules ?? [];
  if (!Array.isArray(children)) throw new TerraformInputError(out.file, `${path}.child_modules`, 'expected a list of modules');
  children.forEach((child, i) => {
    const at = `${path}.child_modules[${i}]`;
    if (!isObject(child)) throw new TerraformInputError(out.file, at, 'expected a module object');
    const address = typeof child.address === 'string' ? child.address : undefined;
    if (address === undefined || parseModulePath(address) === undefined) throw new TerraformInputError(out.file, `${at}.address`, 'expected a module address like module.name');
    readModule(child, at, address, out, config, onlyData);
  });
}

/** What names a resource, before its values are read. */
type Identity = Pick<TfResource, 'address' | 'type' | 'name' | 'mode' | 'modulePath' | 'index'>;

function resourceIdentity(item: Json, at: string, modulePath: string, file: string): Identity {
  const type = item.type;
  const name = item.name;
  if (typeof type !== 'string' || typeof name !== 'string') throw new TerraformInputError(file, at, 'a resource needs a string `type` and `name`');
  const mode = item.mode === 'data' ? 'data' : 'managed';
  const index = typeof item.index === 'number' || typeof item.index === 'string' ? item.index : undefined;
  const address = typeof item.address === 'string' && item.address !== '' ? item.address : formatAddress(modulePath, mode, type, name, index);
  return { address, type, name, mode, modulePath, ...(index === undefined ? {} : { index }) };
}

function configAddress(identity: Identity): string {
  const module = configModulePath(identity.modulePath);
  const own = `${identity.mode === 'data' ? 'data.' : ''}${identity.type}.${identity.name}`;
  return module === '' ? own : `${module}.${own}`;
}

interface Payload {
  providerKey: string;
  values: unknown;
  sensitive: unknown;
  unknown: unknown;
  references: Record<string, string[]>;
  file: string;
  jsonPath: string;
}

function makeResource(identity: Identity, payload: Payload): TfResource {
  const spec = ALLOWED_ATTRIBUTES[identity.type];
  const unknown = new Set<string>();
  let values: Record<string, unknown> = {};
  if (payload.unknown === true) unknown.add('*');
  else if (spec) values = pickObject(spec, payload.values, payload.sensitive, payload.unknown, '', unknown);
  const provider = payload.providerKey.replace(/^.*:/, '').split('.')[0]!;
  return {
    ...identity,
    providerKey: payload.providerKey,
    provider,
    values,
    unknown,
    references: payload.references,
    file: payload.file,
    jsonPath: payload.jsonPath,
  };
}

/** The allow-listed part of an object; sensitive parts dropped, unknown parts recorded. */
function pickObject(spec: { readonly [key: string]: AttributeSpec }, value: unknown, sensitive: unknown, unknown: unknown, path: string, unknownOut: Set<string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const object = isObject(value) ? value : {};
  const sens = isObject(sensitive) ? sensitive : {};
  const unk = isObject(unknown) ? unknown : {};
  for (const key of Object.keys(spec)) {
    const picked = pick(spec[key]!, object[key], sens[key], unk[key], path === '' ? key : `${path}.${key}`, unknownOut);
    if (picked !== undefined) out[key] = picked;
  }
  return out;
}

function pick(spec: AttributeSpec, value: unknown, sensitive: unknown, unknown: unknown, path: string, unknownOut: Set<string>): unknown {
  if (sensitive === true) return undefined;
  if (unknown === true) {
    unknownOut.add(path);
    return undefined;
  }
  if (spec === true) {
    collectUnknown(unknown, path, unknownOut);
    return dropSensitive(value, sensitive);
  }
  if (Array.isArray(value) || Array.isArray(unknown)) {
    const items = Array.isArray(value) ? value : [];
    const length = Math.max(items.length, Array.isArray(unknown) ? unknown.length : 0);
    const out: unknown[] = [];
    for (let i = 0; i < length; i++) {
      const s = element(sensitive, i);
      const u = element(unknown, i);
      if (s === true) continue;
      if (u === true) {
        unknownOut.add(`${path}.${i}`);
        continue;
      }
      out.push(pickObject(spec, items[i], s, u, `${path}.${i}`, unknownOut));
    }
    return out;
  }
  if (isObject(value) || isObject(unknown)) return pickObject(spec, value, sensitive, unknown, path, unknownOut);
  return value === null ? null : undefined;
}

/** The i-th element of a mirror: a list, or an object keyed by index (raw state's sensitive paths). */
function element(mirror: unknown, i: number): unknown {
  if (Array.isArray(mirror)) return mirror[i];
  return isObject(mirror) ? mirror[String(i)] : undefined;
}

function collectUnknown(unknown: unknown, path: string, out: Set<string>): void {
  if (unknown === true) out.add(path);
  else if (Array.isArray(unknown)) unknown.forEach((u, i) => collectUnknown(u, `${path}.${i}`, out));
  else if (isObject(unknown)) for (const [k, u] of Object.entries(unknown)) collectUnknown(u, `${path}.${k}`, out);
}

function dropSensitive(value: unknown, sensitive: unknown): unknown {
  if (sensitive === true) return undefined;
  if (Array.isArray(value)) {
    return value.flatMap((v, i) => {
      const s = element(sensitive, i);
      return s === true ? [] : [dropSensitive(v, s)];
    });
  }
  if (isObject(value)) {
    const sens = isObject(sensitive) ? sensitive : {};
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (sens[k] === true) continue;
      out[k] = dropSensitive(v, sens[k]);
    }
    return out;
  }
  return value;
}

/** Provider key from a provider name: `registry.terraform.io/hashicorp/aws` → `aws`; 0.12's `aws.primary` kept. */
function shortProviderKey(name: string): string {
  return name.split('/').pop() ?? name;
}

// ---- terraform show -json: plan -----------------------------------------------------------

function readPlan(file: string, top: Json, out: ResourceCollector): Record<string, TfProviderConfig> {
  const { config, providers } = readConfiguration(top.configuration);
  const changes = top.resource_changes ?? [];
  if (!Array.isArray(changes)) throw new TerraformInputError(file, '$.resource_changes', 'expected a list');
  changes.forEach((item, i) => {
    const at = `$.resource_changes[${i}]`;
    if (!isObject(item)) throw new TerraformInputError(file, at, 'expected a resource change object');
    if (item.deposed !== undefined) return; // a deposed object is on its way out
    const modulePath = typeof item.module_address === 'string' ? item.module_address : moduleOf(item.address);
    const identity = resourceIdentity(item, at, modulePath, file);
    const change = item.change;
    if (!isObject(change)) throw new TerraformInputError(file, `${at}.change`, 'expected a change object');
    const actions = Array.isArray(change.actions) ? change.actions : [];
    if (actions.length === 1 && (actions[0] === 'delete' || actions[0] === 'forget')) return;
    if (!isObject(change.after) && change.after_unknown !== true) return;
    const rawKey = typeof item.provider_name === 'string' ? item.provider_name : identity.type.split('_')[0]!;
    const own = config.resource(configAddress(identity));
    out.add(
      makeResource(identity, {
        providerKey: own?.providerKey ?? shortProviderKey(rawKey),
        values: change.after,
        sensitive: change.after_sensitive,
        unknown: change.after_unknown,
        references: referencesOf(own?.expressions, modulePath),
        file,
        jsonPath: at,
      }),
    );
  });
  // Resources a plan lists only among planned values (plans without changes for them), and
  // data sources read while planning (in prior_state only).
  if (isObject(top.planned_values) && top.planned_values.root_module !== undefined) {
    readModule(top.planned_values.root_module, '$.planned_values.root_module', '', out, config);
  }
  if (isObject(top.prior_state) && isObject(top.prior_state.values) && top.prior_state.values.root_module !== undefined) {
    readModule(top.prior_state.values.root_module, '$.prior_state.values.root_module', '', out, config, true);
  }
  return providers;
}

function moduleOf(address: unknown): string {
  const parsed = typeof address === 'string' ? parseAddress(address) : undefined;
  return parsed ? formatModulePath(parsed.modules) : '';
}

function readConfiguration(configuration: unknown): { config: PlanConfig; providers: Record<string, TfProviderConfig> } {
  const providers: Record<string, TfProviderConfig> = {};
  const resources = new Map<string, { rawKey?: string; expressions?: unknown }>();
  if (!isObject(configuration)) return { config: noConfig, providers };
  const providerConfig = isObject(configuration.provider_config) ? configuration.provider_config : {};
  for (const [key, value] of Object.entries(providerConfig)) {
    if (!isObject(value)) continue;
    providers[normalizeProviderKey(key)] = providerSettings(value.expressions);
  }
  const walk = (module: unknown, prefix: string): void => {
    if (!isObject(module)) return;
    if (Array.isArray(module.resources)) {
      for (const r of module.resources) {
        if (!isObject(r) || typeof r.address !== 'string') continue;
        const address = prefix === '' ? r.address : `${prefix}.${r.address}`;
        resources.set(address, {
          ...(typeof r.provider_config_key === 'string' ? { rawKey: r.provider_config_key } : {}),
          expressions: r.expressions,
        });
      }
    }
    if (isObject(module.module_calls)) {
      for (const [name, call] of Object.entries(module.module_calls)) {
        if (isObject(call)) walk(call.module, prefix === '' ? `module.${name}` : `${prefix}.module.${name}`);
      }
    }
  };
  walk(configuration.root_module, '');
  const providerKey = (rawKey: string): string => {
    const key = normalizeProviderKey(rawKey);
    if (Object.hasOwn(providers, key)) return key;
    // Before Terraform 1.2 a module's resources name `module.x:aws` even when the module
    // inherits the root's configuration: walk up to the configuration that exists.
    const colon = key.lastIndexOf(':');
    if (colon < 0) return key;
    const local = key.slice(colon + 1);
    const steps = parseModulePath(key.slice(0, colon)) ?? [];
    for (let n = steps.length - 1; n >= 1; n--) {
      const candidate = `${steps.slice(0, n).map((s) => `module.${s.name}`).join('.')}:${local}`;
      if (Object.hasOwn(providers, candidate)) return candidate;
    }
    return local;
  };
  return {
    providers,
    config: {
      resource: (address) => {
        const found = resources.get(address);
        if (!found) return undefined;
        return { ...(found.rawKey === undefined ? {} : { providerKey: providerKey(found.rawKey) }), expressions: found.expressions };
      },
      providerKey,
    },
  };
}

/** `module.x:aws` as is; Terraform 0.12's `x:aws` (module path without `module.`) in the same form. */
function normalizeProviderKey(key: string): string {
  const colon = key.lastIndexOf(':');
  if (colon < 0) return key;
  const modulePart = key.slice(0, colon);
  if (modulePart.startsWith('module.')) return key;
  return `${modulePart
    .split('.')
    .map((m) => `module.${m}`)
    .join('.')}:${key.slice(colon + 1)}`;
}

function constantString(expression: unknown): string | undefined {
  return isObject(expression) && typeof expression.constant_value === 'string' ? expression.constant_value : undefined;
}

function providerSettings(expressions: unknown): TfProviderConfig {
  if (!isObject(expressions)) return {};
  const region = constantString(expressions.region);
  const assumeRole = Array.isArray(expressions.assume_role) ? expressions.assume_role[0] : expressions.assume_role;
  const roleArn = isObject(assumeRole) ? constantString(assumeRole.role_arn) : undefined;
  return { ...(region === undefined ? {} : { region }), ...(roleArn === undefined ? {} : { assumeRoleArn: roleArn }) };
}

const NOT_RESOURCES = new Set(['var', 'local', 'each', 'count', 'path', 'terraform', 'self']);

/** References to other resources in a configuration's expressions, by attribute path. */
function referencesOf(expressions: unknown, modulePath: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  const walk = (node: unknown, path: string): void => {
    if (Array.isArray(node)) {
      for (const item of node) walk(item, path);
      return;
    }
    if (!isObject(node)) return;
    if (Array.isArray(node.references)) {
      for (const ref of node.references) {
        if (typeof ref !== 'string') continue;
        const parsed = referencedResource(ref);
        if (!parsed || parsed.modules.length > 0 || NOT_RESOURCES.has(parsed.type)) continue;
        const address = formatAddress(modulePath, parsed.mode, parsed.type, parsed.name, parsed.key);
        const list = (out[path] ??= []);
        if (!list.includes(address)) list.push(address);
      }
      return;
    }
    for (const [key, value] of Object.entries(node)) walk(value, path === '' ? key : `${path}.${key}`);
  };
  walk(expressions, '');
  return out;
}

// ---- raw terraform.tfstate (version 4) -----------------------------------------------------

function readRawState(top: Json, out: ResourceCollector): void {
  const resources = top.resources ?? [];
  if (!Array.isArray(resources)) throw new TerraformInputError(out.file, '$.resources', 'expected a list of resources');
  resources.forEach((item, i) => {
    const at = `$.resources[${i}]`;
    if (!isObject(item)) throw new TerraformInputError(out.file, at, 'expected a resource object');
    const modulePath = typeof item.module === 'string' ? item.module : '';
    if (parseModulePath(modulePath) === undefined) throw new TerraformInputError(out.file, `${at}.module`, 'expected a module address like module.name');
    const type = item.type;
    const name = item.name;
    if (typeof type !== 'string' || typeof name !== 'string') throw new TerraformInputError(out.file, at, 'a resource needs a string `type` and `name`');
    const mode = item.mode === 'data' ? 'data' : 'managed';
    const providerKey = rawStateProviderKey(item.provider, type);
    const instances = item.instances ?? [];
    if (!Array.isArray(instances)) throw new TerraformInputError(out.file, `${at}.instances`, 'expected a list of instances');
    instances.forEach((instance, j) => {
      const iat = `${at}.instances[${j}]`;
      if (!isObject(instance)) throw new TerraformInputError(out.file, iat, 'expected an instance object');
      if (instance.deposed !== undefined) return;
      const index = typeof instance.index_key === 'number' || typeof instance.index_key === 'string' ? instance.index_key : undefined;
      const identity: Identity = { address: formatAddress(modulePath, mode, type, name, index), type, name, mode, modulePath, ...(index === undefined ? {} : { index }) };
      const sensitive = sensitiveMirror(instance.sensitive_attributes);
      out.add(
        makeResource(identity, {
          providerKey,
          values: sensitive === 'all' ? {} : instance.attributes,
          sensitive: sensitive === 'all' ? undefined : sensitive,
          unknown: undefined,
          references: {},
          file: out.file,
          jsonPath: iat,
        }),
      );
    });
  });
}

/** `provider["registry.terraform.io/hashicorp/aws"].backup` → `aws.backup`; in a module, `module.x:aws`. */
function rawStateProviderKey(provider: unknown, type: string): string {
  if (typeof provider !== 'string') return type.split('_')[0]!;
  const match = /^(?<module>(?:module\.[^[\]]*?(?:\[[^\]]*\])?\.)*)provider(?:\["(?<source>[^"]+)"\]|\.(?<legacy>[A-Za-z0-9_-]+))(?:\.(?<alias>[A-Za-z0-9_-]+))?$/.exec(provider);
  if (!match?.groups) return type.split('_')[0]!;
  const { module, source, legacy, alias } = match.groups;
  const local = (source ? source.split('/').pop()! : legacy!) + (alias ? `.${alias}` : '');
  const modulePath = (module ?? '').replace(/\.$/, '');
  return modulePath === '' ? local : `${configModulePath(modulePath)}:${local}`;
}

/**
 * `sensitive_attributes` (a list of paths of steps) as a mirror of the attributes with `true` at
 * each sensitive value; 'all' when a path has a shape this reader does not know (drop everything).
 */
function sensitiveMirror(paths: unknown): Json | 'all' | undefined {
  if (paths === undefined || paths === null) return undefined;
  if (!Array.isArray(paths)) return 'all';
  const mirror: Json = {};
  for (const path of paths) {
    const steps = Array.isArray(path) ? path : isObject(path) && Array.isArray(path.path) ? path.path : undefined;
    if (!steps || steps.length === 0) return 'all';
    let node: Json = mirror;
    for (let i = 0; i < steps.length; i++) {
      const step = steps[i];
      let key: string | undefined;
      if (isObject(step) && step.type === 'get_attr' && typeof step.value === 'string') key = step.value;
      else if (isObject(step) && step.type === 'index' && isObject(step.value)) key = String(step.value.value);
      if (key === undefined) return 'all';
      if (i === steps.length - 1) node[key] = true;
      else {
        const next = node[key];
        if (next === true) break;
        node = isObject(next) ? next : (node[key] = {}) as Json;
      }
    }
  }
  return mirror;
}
