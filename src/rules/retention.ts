// Backups are kept for less time than the policy asks for data of this criticality.
import type { Criticality } from '../inventory/types.js';
import { durationSeconds, perCriticalityDurations } from './facts.js';
import type { FindingDraft, Rule } from './types.js';

export interface RetentionOptions {
  /** Least `keep` per criticality of the data. */
  minimum: Record<Criticality, string>;
}

export const retention: Rule<RetentionOptions> = {
  id: 'retention',
  title: 'Backups kept too briefly',
  defaultSeverity: 'medium',
  docs: {
    checks:
      "Each point-in-time backup's `keep` against the policy's minimum for its data's criticality. Replicas keep nothing (replica-is-not-backup), and a backup without `keep` is not judged.",
    why: 'Corruption, a bad deploy or ransomware is often noticed days or weeks later; by then a 7-day retention has already replaced every good copy with a bad one. Platform defaults are short, and teams assume they are enough ("the cloud is not magic").',
    fix: 'Keep versions at least as long as it may take to notice a problem (30 days is a common minimum for important data; legal retention may ask for years), or add a second backup with long retention.',
  },
  optionsSchema: {
    type: 'object',
    additionalProperties: false,
    properties: { minimum: perCriticalityDurations('Least retention (`keep`) of a backup, per criticality of the data.') },
  },
  defaultOptions: { minimum: { critical: '30d', high: '30d', medium: '14d', low: '7d' } },
  check({ inventory, options }) {
    const drafts: FindingDraft[] = [];
    for (const b of inventory.backups.values()) {
      if (b.mode !== 'backup' || b.keep === undefined) continue;
      const store = inventory.stores.get(b.of)!;
      const minimum = options.minimum[store.criticality];
      if (b.keep.seconds >= durationSeconds(minimum)) continue;
      drafts.push({
        subject: store.id,
        detail: b.id,
        criticality: store.criticality,
        message: `${b.id} keeps copies of ${store.id} (${store.criticality}) for ${b.keep.text}; the policy asks for at least ${minimum}. A problem noticed later than that has no good copy left.`,
        remediation: `Keep ${b.id}'s versions for at least ${minimum} (keep: ${minimum}), or add a second backup of ${store.id} with longer retention.`,
        path: ['backups', b.id, 'keep'],
        dataSets: [store.id],
      });
    }
    return drafts;
  },
};
