// A store with no backup copy at all: "the cloud is not magic".
import type { FindingDraft, Rule } from './types.js';

export const noBackup: Rule = {
  id: 'no-backup',
  title: 'No backup copy at all',
  defaultSeverity: 'high',
  docs: {
    checks: 'A data store that no backup job copies anywhere.',
    why: 'Teams assume the provider backs things up; it usually does not, or not in a way you can restore from. One deletion, one corrupted file system, one suspended account and the data is gone.',
    fix: 'Add a backup job (mode: backup) to a target in another account, ideally at another provider, and test a restore.',
  },
  optionsSchema: { type: 'object', additionalProperties: false, properties: {} },
  defaultOptions: {},
  check({ inventory }) {
    const backedUp = new Set([...inventory.backups.values()].map((b) => b.of));
    const drafts: FindingDraft[] = [];
    for (const store of inventory.stores.values()) {
      if (backedUp.has(store.id)) continue;
      drafts.push({
        subject: store.id,
        criticality: store.criticality,
        message: `${store.id} (${store.criticality}) has no backup copy: anything that takes the primary copy loses the data.`,
        remediation: `Add a backup job for ${store.id} to a target in another account, ideally at another provider, and test a restore from it.`,
        path: ['stores', store.id],
        dataSets: [store.id],
      });
    }
    return drafts;
  },
};
