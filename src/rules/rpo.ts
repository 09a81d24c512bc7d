// A backup runs less often than the data's recovery point objective allows.
import { formatSeconds } from '../inventory/duration.js';
import type { FindingDraft, Rule } from './types.js';

export const rpo: Rule = {
  id: 'rpo',
  title: 'Backups run less often than the RPO',
  defaultSeverity: 'high',
  docs: {
    checks:
      "Each backup's interval (`every`) against its store's `rpo`: a backup that runs less often loses more than the RPO promises. Also a store with an `rpo` whose backups have no interval at all. (A store without any backup is no-backup's finding.)",
    why: 'A hoster promised daily backups, ran them every 14 days, and restored two weeks old mail after its storage failed (CMO). The RPO is a promise to customers; a schedule that cannot keep it is found out only during the incident.',
    fix: 'Run the backup at least as often as the RPO (every: 24h for rpo: 24h), or, if the RPO is wrong, agree a new one with the data\'s owner and write it down.',
  },
  optionsSchema: { type: 'object', additionalProperties: false, properties: {} },
  defaultOptions: {},
  check({ inventory }) {
    const drafts: FindingDraft[] = [];
    const byStore = inventory.backupsOf;
    for (const store of inventory.stores.values()) {
      const target = store.rpo;
      const backups = byStore.get(store.id) ?? [];
      if (target === undefined || backups.length === 0) continue;
      const scheduled = backups.filter((b) => b.every !== undefined);
      if (scheduled.length === 0) {
        drafts.push({
          subject: store.id,
          criticality: store.criticality,
          message: `${store.id} (${store.criticality}) has rpo ${target.text} but none of its backups has a schedule (every), so nothing shows the RPO is kept.`,
          remediation: `Write down how often each backup of ${store.id} runs (every:), at least every ${target.text}.`,
          path: ['stores', store.id, 'rpo'],
          dataSets: [store.id],
        });
        continue;
      }
      for (const b of scheduled) {
        if (b.every!.seconds <= target.seconds) continue;
        drafts.push({
          subject: store.id,
          detail: b.id,
          criticality: store.criticality,
          message: `${b.id} runs every ${b.every!.text}, but ${store.id} (${store.criticality}) has rpo ${target.text}: restoring from it can lose up to ${formatSeconds(b.every!.seconds)} of data.`,
          remediation: `Run ${b.id} at least every ${target.text}, or agree a longer RPO for ${store.id} with its owner.`,
          path: ['backups', b.id, 'every'],
          dataSets: [store.id],
        });
      }
    }
    return drafts;
  },
};
