// A `terraform:` address that the Terraform files no longer contain: the entry describes
// something removed or renamed (DESIGN §8).
import { ENTITY_NOUN } from '../inventory/types.js';
import { parseTerraformAddress } from '../inventory/terraformAddress.js';
import { closest } from '../util/suggest.js';
import { listWords } from './facts.js';
import { claimsOf, coverageOfHoldings, providerOfType, ResourceIndex } from './terraformCoverage.js';
import type { FindingDraft, Rule } from './types.js';

export const staleResource: Rule = {
  id: 'stale-resource',
  title: 'Terraform address that is gone',
  defaultSeverity: 'medium',
  docs: {
    checks:
      "With `check --terraform`: every `terraform:` address of a store or target must name a resource instance in at least one of the files given (an address without an instance key: at least one instance). Addresses of a provider none of the files has any resource of (a google_* address when only AWS plans are given) are not judged: those files cannot tell.",
    why: 'An entry whose resource was removed or renamed makes the inventory claim copies and protections that no longer exist, and leaves the renamed resource unlisted.',
    fix: 'Write the new address when the resource was renamed or moved (a `moved` block names it); remove the entry, or its address, when the resource was removed on purpose.',
  },
  optionsSchema: { type: 'object', additionalProperties: false, properties: {} },
  defaultOptions: {},
  check({ inventory, terraform }) {
    if (!terraform) return [];
    const { facts } = terraform;
    const index = new ResourceIndex(facts.resources);
    const providers = new Set(facts.resources.map((r) => providerOfType(r.type)));
    const claimed = coverageOfHoldings([inventory, ...terraform.others], facts);
    const files = [...new Set(facts.files)];
    const absent = files.length === 1 ? `which ${files[0]} does not contain` : `which none of ${listWords(files)} contains`;
    const drafts: FindingDraft[] = [];
    for (const claim of claimsOf(inventory)) {
      const parsed = parseTerraformAddress(claim.address)!;
      if (!providers.has(providerOfType(parsed.type)) || index.covered(claim.address).length > 0) continue;
      // A resource of the same type that nobody claims is the likely new name.
      const unclaimed = facts.holdings.filter((h) => h.type === parsed.type && !claimed.byAddress.has(h.address) && !claimed.shortfall.has(h.address) && !claimed.byName.has(h.address)).map((h) => h.address);
      const candidates = [...new Set(unclaimed)];
      const suggestion = closest(claim.address, candidates) ?? (candidates.length === 1 ? candidates[0] : undefined);
      const noun = ENTITY_NOUN[claim.section];
      drafts.push({
        subject: claim.id,
        detail: claim.address,
        message: `${noun} '${claim.id}' stands for Terraform resource ${claim.address}, ${absent}: it was removed or renamed, and the inventory describes what is no longer there.${suggestion === undefined ? '' : ` Did you mean ${suggestion}, which no entry claims?`}`,
        remediation: `If the resource was renamed or moved, write its new address in terraform: of ${noun} '${claim.id}'; if it was removed, remove that address, or the ${noun} and the backups that use it.`,
        path: [claim.section, claim.id, 'terraform', claim.index],
        dataSets: claim.section === 'stores' ? [claim.id] : [],
      });
    }
    return drafts;
  },
};
