// A Terraform resource that holds data, or copies of it, and that no inventory entry stands for:
// invisible to every other rule (DESIGN §8).
import { ENTITY_NOUN } from '../inventory/types.js';
import { listWords } from './facts.js';
import { coverageOfHoldings, type Entry, type NameMatch, type TerraformHoldingFact } from './terraformCoverage.js';
import type { FindingDraft, Rule } from './types.js';

export const unlistedResource: Rule = {
  id: 'unlisted-resource',
  title: 'Terraform resource with data that the inventory does not list',
  defaultSeverity: 'high',
  docs: {
    checks:
      'With `check --terraform`: every resource in the Terraform files that holds data (S3 and GCS buckets, RDS, Cloud SQL and DigitalOcean databases, DynamoDB tables, EFS, Azure storage accounts, servers with provider backups) or backup copies (AWS Backup and Recovery Services vaults, replication destinations) must be claimed by a store or target, through `terraform: <address>` (an address without an instance key claims every instance) or, for an entry that names no address, through its id or verify.s3.bucket equal to the resource\'s bucket name, identifier or ARN when that match is one to one (reported as an info note). An entry stands for one resource: an address that several files (workspaces) hold needs as many entries claiming it. With several inventories, what any of them claims is covered; the rest is reported against the first.',
    why: 'A hand-kept inventory drifts: the database added last month is in no store, so no rule asks where its copies live, and the first anyone hears of it is the day it is lost.',
    fix: 'Add a store (or target) with `terraform: <address>` for the resource (`bcaudit import terraform FILE --merge inventory.yml` drafts it), or waive `unlisted-resource/<address>` (globs allowed, e.g. `unlisted-resource/module.scratch.*`) when it holds nothing worth keeping.',
  },
  optionsSchema: { type: 'object', additionalProperties: false, properties: {} },
  defaultOptions: {},
  check({ inventory, terraform }) {
    if (!terraform) return [];
    const { facts } = terraform;
    const coverage = coverageOfHoldings([inventory, ...terraform.others], facts);
    const drafts: FindingDraft[] = [];

    // One finding per address: the same address in several files (workspaces) is claimed, or not, as one.
    const byAddress = new Map<string, TerraformHoldingFact[]>();
    for (const h of facts.holdings) {
      const list = byAddress.get(h.address);
      if (list) list.push(h);
      else byAddress.set(h.address, [h]);
    }
    for (const [address, holdings] of byAddress) {
      if (coverage.byAddress.has(address)) continue;
      const first = holdings[0]!;
      const where = whereIn(holdings);
      const named = coverage.byName.get(address);
      if (named) {
        if (named.entry.inventory !== inventory) continue;
        const noun = ENTITY_NOUN[named.entry.section];
        drafts.push({
          subject: address,
          note: true,
          message: `${entryName(named.entry)} stands for Terraform resource ${address} (${where}) only through the name '${named.name}' they share.`,
          remediation: `Write \`terraform: ${address}\` on ${noun} '${named.entry.id}', so the link survives a rename of either.`,
          path: [named.entry.section, named.entry.id],
          dataSets: named.entry.section === 'stores' ? [named.entry.id] : [],
        });
        continue;
      }
      if (!terraform.reportsUnlisted) continue;
      const section = first.role === 'store' ? 'stores' : 'targets';
      const what = first.role === 'store' ? 'holds data' : 'holds backup copies';
      const ambiguous = coverage.ambiguous.get(address);
      const short = coverage.shortfall.get(address);
      const nobody = `no ${first.role} in the inventory stands for it: no rule sees ${first.role === 'store' ? 'where its copies live' : 'what it holds'}`;
      drafts.push({
        subject: address,
        message: short
          ? `Terraform resource ${address} ${what} in each of ${listWords(short.files)}, but only ${listWords(short.claimants.map(entryName))} ${short.claimants.length === 1 ? 'stands' : 'stand'} for it: an entry stands for one of them, so ${short.files.length - short.claimants.length} ${short.files.length - short.claimants.length === 1 ? 'is' : 'are'} unlisted and no rule sees ${first.role === 'store' ? 'where its copies live' : 'what it holds'}.`
          : `Terraform resource ${address} (${where}) ${what}, but ${nobody}.${ambiguous ? ambiguity(ambiguous) : ''}`,
        remediation: short
          ? `Add a ${first.role} with \`terraform: ${address}\` for each of the ${short.files.length} files it is in (\`bcaudit import terraform ${short.files.join(' ')} --merge ${inventory.file}\` drafts them), or waive unlisted-resource/${address} with the reason the others hold nothing worth keeping.`
          : `Add a ${first.role} with \`terraform: ${address}\` (\`bcaudit import terraform ${first.file} --merge ${inventory.file}\` drafts it), or waive unlisted-resource/${address} with the reason it holds nothing worth keeping.`,
        path: [section],
      });
    }
    return drafts;
  },
};

/** `plan.json at $.planned_values…`, or the files when the address is in several. */
function whereIn(holdings: readonly TerraformHoldingFact[]): string {
  const files = [...new Set(holdings.map((h) => h.file))];
  return files.length === 1 ? `${files[0]} at ${holdings[0]!.jsonPath}` : `in ${listWords(files)}`;
}

function entryName(e: Entry): string {
  return `${ENTITY_NOUN[e.section]} '${e.id}'`;
}

function ambiguity(matches: readonly NameMatch[]): string {
  const entries = matches.map((m) => `${entryName(m.entry)} (by '${m.name}')`);
  return matches.length === 1
    ? ` Its name matches ${entries[0]}, but that entry's names match other resources too, so it is claimed by neither.`
    : ` Its names match ${listWords(entries)}: which one stands for it is ambiguous, so none does.`;
}
