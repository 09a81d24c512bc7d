// Addresses as the reader meets them: module paths, resource instances, and references in a
// plan's configuration. The grammar itself lives with the inventory's `terraform:` field.
import { formatTerraformAddress, parseTerraformAddress, type InstanceKey, type ModuleStep, type TerraformAddress } from '../../inventory/terraformAddress.js';

export type { InstanceKey };

/** The address of a resource instance in a module instance ('' at the root). */
export function formatAddress(modulePath: string, mode: 'managed' | 'data', type: string, name: string, key?: InstanceKey): string {
  const modules = parseModulePath(modulePath) ?? [];
  return formatTerraformAddress({ modules, mode, type, name, ...(key === undefined ? {} : { key }) });
}

/** Module paths repeat for every resource of a module instance: each is parsed once. */
const modulePaths = new Map<string, ModuleStep[] | undefined>();

/** A module address (`module.a["x"].module.b`) as steps; undefined when malformed. Empty text is the root. */
export function parseModulePath(text: string): ModuleStep[] | undefined {
  if (text === '') return [];
  if (modulePaths.has(text)) return modulePaths.get(text);
  const parsed = parseTerraformAddress(`${text}.x.y`);
  const steps = parsed && parsed.mode === 'managed' && parsed.type === 'x' && parsed.name === 'y' && parsed.key === undefined ? parsed.modules : undefined;
  if (modulePaths.size > 10_000) modulePaths.clear();
  modulePaths.set(text, steps);
  return steps;
}

export function formatModulePath(modules: readonly ModuleStep[]): string {
  if (modules.length === 0) return '';
  return formatTerraformAddress({ modules: [...modules], mode: 'managed', type: 'x', name: 'y' }).slice(0, -'.x.y'.length);
}

/** The module path with instance keys removed: how the configuration names it (`module.a.module.b`). */
export function configModulePath(modulePath: string): string {
  const steps = parseModulePath(modulePath);
  return steps === undefined ? modulePath : steps.map((m) => `module.${m.name}`).join('.');
}

/** The resource a configuration reference names (`aws_s3_bucket.b.id` → aws_s3_bucket.b); undefined for anything else. */
export function referencedResource(reference: string): TerraformAddress | undefined {
  // Attributes follow the resource: try the longest prefix that is an address. Keys may hold dots.
  for (let end = reference.length; end > 0; end = reference.lastIndexOf('.', end - 1)) {
    const parsed = parseTerraformAddress(reference.slice(0, end));
    if (parsed) return parsed;
  }
  return undefined;
}

export function parseAddress(text: string): TerraformAddress | undefined {
  return parseTerraformAddress(text);
}
