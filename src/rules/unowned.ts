// Important data, or a self-managed machine, that nobody answers for.
import type { Criticality } from '../inventory/types.js';
import { criticalitiesOption, listWords, mostCritical, providerOfTarget, storesHeld } from './facts.js';
import type { FindingDraft, Rule } from './types.js';

export interface UnownedOptions {
  criticalities: Criticality[];
}

export const unowned: Rule<UnownedOptions> = {
  id: 'unowned',
  title: 'Nobody answers for it',
  defaultSeverity: 'medium',
  docs: {
    checks:
      'Stores of the listed criticalities without an `owner`, and self-managed targets (provider of kind self, through their account or their own `provider`) without an `owner`, whatever they hold; a target\'s finding takes the criticality of the most critical data it holds (low when it holds none).',
    why: 'What nobody owns, nobody patches, tests or notices failing. A small hoster\'s backup box ran an unpatched Debian, open to the internet and hit by scanners thousands of times a minute, because it was nobody\'s job; its database had no owner either.',
    fix: 'Name an owner (a person or team) for every important data set and every self-managed machine, and make patching, monitoring and restore tests part of that job.',
  },
  optionsSchema: {
    type: 'object',
    additionalProperties: false,
    properties: { criticalities: criticalitiesOption('Stores of these criticalities need an owner.') },
  },
  defaultOptions: { criticalities: ['critical', 'high'] },
  check({ inventory, options }) {
    const drafts: FindingDraft[] = [];
    for (const store of inventory.stores.values()) {
      if (store.owner !== undefined || !options.criticalities.includes(store.criticality)) continue;
      drafts.push({
        subject: store.id,
        criticality: store.criticality,
        message: `${store.id} (${store.criticality}) has no owner: nobody answers for its backups, restore tests and recovery.`,
        remediation: `Name the person or team who answers for ${store.id} (owner:), and make its backups and restore tests part of their job.`,
        path: ['stores', store.id],
        dataSets: [store.id],
      });
    }
    const held = storesHeld(inventory);
    for (const target of inventory.targets.values()) {
      if (target.owner !== undefined || providerOfTarget(inventory, target.id)?.kind !== 'self') continue;
      const holds = held.get(target.id) ?? [];
      const criticality = holds.length > 0 ? mostCritical(holds.map((s) => inventory.stores.get(s)!.criticality)) : undefined;
      drafts.push({
        subject: target.id,
        ...(criticality === undefined ? { severity: 'low' as const } : { criticality }),
        message: `Self-managed target ${target.id} has no owner${holds.length > 0 ? ` although it holds copies of ${listWords(holds)}` : ''}: nobody is named to patch it, watch it and answer for it.`,
        remediation: `Name the person or team who patches, monitors and answers for ${target.id} (owner:), or move the copies to a managed service.`,
        path: ['targets', target.id],
        dataSets: holds,
      });
    }
    return drafts;
  },
};
