// No restore test, or one too long ago: nobody knows whether the backup restores.
import { daysBetween, DURATION_SCHEMA, durationDays } from './facts.js';
import type { FindingDraft, Rule } from './types.js';

export interface RestoreUntestedOptions {
  max_age: string;
}

export const restoreUntested: Rule<RestoreUntestedOptions> = {
  id: 'restore-untested',
  title: 'Restore never tested, or not recently',
  defaultSeverity: 'high',
  docs: {
    checks: "Each backup's `restore.last_tested`: missing, or older than `max_age` at the evaluation date (`--now`, default today).",
    why: "A backup is only as good as the last restore that worked. Hosters have discovered during an outage that their backups were incomplete, two weeks old or unreadable (CMO); teams have trusted platform backups they had never restored (\"the cloud is not magic\").",
    fix: 'Restore the backup into a scratch environment, check the data, and record the date in `restore.last_tested`; repeat on a schedule shorter than `max_age`.',
  },
  optionsSchema: {
    type: 'object',
    additionalProperties: false,
    properties: { max_age: { ...DURATION_SCHEMA, description: 'Longest time since the last successful restore test.' } },
  },
  defaultOptions: { max_age: '180d' },
  check({ inventory, options, now }) {
    const drafts: FindingDraft[] = [];
    const maxAge = durationDays(options.max_age);
    for (const b of inventory.backups.values()) {
      const store = inventory.stores.get(b.of)!;
      const tested = b.restore.last_tested;
      const age = tested === undefined ? undefined : daysBetween(tested, now);
      if (age !== undefined && age <= maxAge) continue;
      drafts.push({
        subject: store.id,
        detail: b.id,
        criticality: store.criticality,
        message:
          age === undefined
            ? `${b.id} (a copy of ${store.id}, ${store.criticality}) has never been restored: nobody knows whether it brings the data back.`
            : `${b.id} (a copy of ${store.id}, ${store.criticality}) was last restored on ${tested}, ${age} days ago; the policy asks for a test within ${options.max_age}.`,
        remediation: `Restore ${b.id} into a scratch environment, check the data, and record the date in restore.last_tested.`,
        path: tested === undefined ? ['backups', b.id] : ['backups', b.id, 'restore', 'last_tested'],
        dataSets: [store.id],
      });
    }
    return drafts;
  },
};
