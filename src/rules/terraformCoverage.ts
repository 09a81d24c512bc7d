// Which inventory entries stand for which Terraform resources (DESIGN §8). The CLI reads the
// Terraform files; the core gets the facts as plain data, so rules never import the reader.
import { claimCovers, parseTerraformAddress, type TerraformAddress } from '../inventory/terraformAddress.js';
import type { Inventory } from '../inventory/types.js';

/** One resource instance in the Terraform files given. */
export interface TerraformResourceFact {
  /** As Terraform prints it. */
  address: string;
  type: string;
  file: string;
  /** Where in the file, e.g. `$.planned_values.root_module.resources[3]`. */
  jsonPath: string;
}

/** A resource that holds data (a store) or copies of it (a target). */
export interface TerraformHoldingFact extends TerraformResourceFact {
  role: 'store' | 'target';
  /** Its own bucket names, ARNs and identifiers, for matching entries that name no address. */
  names: readonly string[];
}

export interface TerraformFacts {
  files: readonly string[];
  /** Every resource instance, managed and data, data-holding or not. */
  resources: readonly TerraformResourceFact[];
  holdings: readonly TerraformHoldingFact[];
}

/** What `check --terraform` gives the rules of one inventory. */
export interface TerraformCoverage {
  facts: TerraformFacts;
  /** The other inventories of the same run: what they claim is covered too. */
  others: readonly Inventory[];
  /** Whether this inventory's result reports resources nobody claims (the first inventory's does). */
  reportsUnlisted: boolean;
}

export type EntrySection = 'stores' | 'targets';

export interface Entry {
  inventory: Inventory;
  section: EntrySection;
  id: string;
}

/** A `terraform:` address of an entry, with its place in the entry's list. */
export interface Claim extends Entry {
  address: string;
  index: number;
}

interface IndexedResource {
  parsed: TerraformAddress;
  fact: TerraformResourceFact;
}

/** Resource instances by what a claim must equal (mode, type, name, module names); keys are compared per instance. */
export class ResourceIndex {
  private readonly byShape = new Map<string, IndexedResource[]>();

  constructor(resources: readonly TerraformResourceFact[]) {
    for (const fact of resources) {
      const parsed = parseTerraformAddress(fact.address);
      if (parsed === undefined) continue;
      const shape = shapeOf(parsed);
      const list = this.byShape.get(shape);
      if (list) list.push({ parsed, fact });
      else this.byShape.set(shape, [{ parsed, fact }]);
    }
  }

  /** The instances a claimed address stands for. */
  covered(address: string): TerraformResourceFact[] {
    const claim = parseTerraformAddress(address);
    if (claim === undefined) return [];
    return (this.byShape.get(shapeOf(claim)) ?? []).filter((r) => claimCovers(claim, r.parsed)).map((r) => r.fact);
  }
}

function shapeOf(a: TerraformAddress): string {
  return JSON.stringify([a.mode, a.type, a.name, a.modules.map((m) => m.name)]);
}

/** Every `terraform:` address of the inventory's stores and targets, in inventory order. */
export function claimsOf(inventory: Inventory): Claim[] {
  const claims: Claim[] = [];
  for (const [section, entries] of [['stores', inventory.stores], ['targets', inventory.targets]] as const) {
    for (const entry of entries.values()) {
      entry.terraform.forEach((address, index) => claims.push({ inventory, section, id: entry.id, address, index }));
    }
  }
  return claims;
}

/** A resource claimed through a name an entry shares with it, not through an address. */
export interface NameMatch {
  entry: Entry;
  /** The name both carry (bucket name, identifier or ARN). */
  name: string;
}

/** An address in several files (workspaces) that fewer entries claim than there are files. */
export interface Shortfall {
  claimants: readonly Entry[];
  files: readonly string[];
}

export interface CoverageOfHoldings {
  /** Holdings (by address) claimed by address: by as many entries as files hold the address. */
  byAddress: ReadonlySet<string>;
  /** Holdings claimed by address in fewer entries than files hold them: each entry stands for one of them. */
  shortfall: ReadonlyMap<string, Shortfall>;
  /** Holdings claimed by exactly one entry through a name they share, and sharing it with no other holding. */
  byName: ReadonlyMap<string, NameMatch>;
  /** Holdings whose names match several entries, or an entry that matches several holdings: claimed by neither. */
  ambiguous: ReadonlyMap<string, readonly NameMatch[]>;
}

/**
 * How the holdings are claimed by the inventories' entries: by address, else by a name (the
 * entry's id or its verify.s3.bucket equal to a bucket name, identifier or ARN of the resource)
 * when the match is one to one. Only entries that name no address take part in name matching.
 * An entry stands for one thing: an address that several files (workspaces) hold needs as many
 * entries claiming it as there are files.
 */
export function coverageOfHoldings(inventories: readonly Inventory[], facts: TerraformFacts): CoverageOfHoldings {
  const index = new ResourceIndex(facts.holdings);
  const filesOf = new Map<string, Set<string>>();
  for (const h of facts.holdings) {
    const files = filesOf.get(h.address) ?? new Set<string>();
    files.add(h.file);
    filesOf.set(h.address, files);
  }
  const claimants = new Map<string, Entry[]>();
  for (const inventory of inventories) {
    for (const claim of claimsOf(inventory)) {
      for (const r of index.covered(claim.address)) {
        const list = claimants.get(r.address) ?? [];
        if (!list.some((e) => sameEntry(e, claim))) list.push({ inventory: claim.inventory, section: claim.section, id: claim.id });
        claimants.set(r.address, list);
      }
    }
  }
  const byAddress = new Set<string>();
  const shortfall = new Map<string, Shortfall>();
  for (const [address, entries] of claimants) {
    const files = [...filesOf.get(address)!];
    if (entries.length >= files.length) byAddress.add(address);
    else shortfall.set(address, { claimants: entries, files });
  }

  // Names of entries without addresses: each name → the entries that carry it.
  const entriesByName = new Map<string, Entry[]>();
  const addName = (name: string | undefined, entry: Entry) => {
    if (name === undefined || name === '') return;
    const list = entriesByName.get(name) ?? [];
    if (!list.some((e) => e.inventory === entry.inventory && e.section === entry.section && e.id === entry.id)) list.push(entry);
    entriesByName.set(name, list);
  };
  for (const inventory of inventories) {
    for (const [section, entries] of [['stores', inventory.stores], ['targets', inventory.targets]] as const) {
      for (const e of entries.values()) {
        if (e.terraform.length > 0) continue;
        const entry = { inventory, section, id: e.id };
        addName(e.id, entry);
        addName(e.verify?.s3?.bucket, entry);
      }
    }
  }

  // Holding address → its matches; an entry may match several holdings (then none is claimed).
  const matches = new Map<string, NameMatch[]>();
  const holdingsOfEntry = new Map<string, Set<string>>();
  for (const h of facts.holdings) {
    if (byAddress.has(h.address) || shortfall.has(h.address)) continue;
    for (const name of h.names) {
      for (const entry of entriesByName.get(name) ?? []) {
        const list = matches.get(h.address) ?? [];
        if (!list.some((m) => sameEntry(m.entry, entry))) list.push({ entry, name });
        matches.set(h.address, list);
        const key = entryKey(entry);
        const held = holdingsOfEntry.get(key) ?? new Set<string>();
        held.add(h.address);
        holdingsOfEntry.set(key, held);
      }
    }
  }
  const byName = new Map<string, NameMatch>();
  const ambiguous = new Map<string, NameMatch[]>();
  for (const [address, list] of matches) {
    if (list.length === 1 && holdingsOfEntry.get(entryKey(list[0]!.entry))!.size === 1) byName.set(address, list[0]!);
    else ambiguous.set(address, list);
  }
  return { byAddress, shortfall, byName, ambiguous };
}

function entryKey(e: Entry): string {
  return JSON.stringify([e.inventory.file, e.section, e.id]);
}

function sameEntry(a: Entry, b: Entry): boolean {
  return a.inventory === b.inventory && a.section === b.section && a.id === b.id;
}

/** The provider a resource type belongs to, as Terraform derives it: the type's first word (`aws` of `aws_s3_bucket`). */
export function providerOfType(type: string): string {
  const cut = type.indexOf('_');
  return cut === -1 ? type : type.slice(0, cut);
}
