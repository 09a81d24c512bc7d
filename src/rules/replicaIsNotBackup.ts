// Every extra copy is a replica: deletes and corruption reach them all.
import { listWords } from './facts.js';
import type { FindingDraft, Rule } from './types.js';

export const replicaIsNotBackup: Rule = {
  id: 'replica-is-not-backup',
  title: 'Only replicas, no point-in-time backup',
  defaultSeverity: 'high',
  docs: {
    checks: 'A data set whose every extra copy has `mode: replica`: nothing keeps an earlier state of the data.',
    why: 'A replica (sync, mirror, RAID, `rclone sync`) copies deletions, corruption and ransomware encryption within minutes. A startup\'s "off-site" copy of its uploads was an hourly sync that would have deleted every file the moment the original was deleted (Raisup).',
    fix: 'Add a point-in-time backup (mode: backup) with versions kept for the retention the data needs, ideally on a target the primary\'s admins cannot delete from.',
  },
  optionsSchema: { type: 'object', additionalProperties: false, properties: {} },
  defaultOptions: {},
  check({ inventory }) {
    const drafts: FindingDraft[] = [];
    for (const [storeId, backups] of inventory.backupsOf) {
      if (!backups.every((b) => b.mode === 'replica')) continue;
      const store = inventory.stores.get(storeId)!;
      const names = backups.map((b) => b.id);
      drafts.push({
        subject: store.id,
        criticality: store.criticality,
        message: `${store.id} (${store.criticality}) has no point-in-time backup: ${listWords(names)} ${names.length === 1 ? 'is a replica' : 'are replicas'}, so a deletion, corruption or encryption of the data is copied there too.`,
        remediation: `Add a backup of ${store.id} with mode: backup that keeps earlier versions (keep: 30d or more), on a target the primary's admins cannot delete from.`,
        path: ['backups', names[0]!, 'mode'],
        dataSets: [store.id],
      });
    }
    return drafts;
  },
};
