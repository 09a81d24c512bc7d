// Nothing proves the backup exists: no restore test and no live check.
import type { FindingDraft, Rule } from './types.js';

export const unverifiedBackup: Rule = {
  id: 'unverified-backup',
  title: 'Nothing proves the backup exists',
  defaultSeverity: 'high',
  docs: {
    checks: 'Backups that have never been restored (no `restore.last_tested`) and whose target has no `verify` block, so neither a test nor `bcaudit verify` has ever seen the copy.',
    why: '"The cloud is not magic": teams assume the provider backs things up, and learn during the incident that the backups were never switched on, expired after a week, or sat in the account that was just lost. An assumed backup is not a backup.',
    fix: 'Restore the backup once and record restore.last_tested, and add a verify block to its target so `bcaudit verify` can check that fresh copies really arrive.',
  },
  optionsSchema: { type: 'object', additionalProperties: false, properties: {} },
  defaultOptions: {},
  check({ inventory }) {
    const drafts: FindingDraft[] = [];
    for (const b of inventory.backups.values()) {
      const target = inventory.targets.get(b.to)!;
      if (b.restore.last_tested !== undefined || target.verify !== undefined) continue;
      const store = inventory.stores.get(b.of)!;
      drafts.push({
        subject: store.id,
        detail: b.id,
        criticality: store.criticality,
        message: `Nothing shows that ${b.id} (a copy of ${store.id}, ${store.criticality}) exists: it has never been restored and target ${target.id} has no live check (verify). It is an assumption, not a backup.`,
        remediation: `Restore ${b.id} once and record restore.last_tested, and add a verify block to target ${target.id} so \`bcaudit verify\` checks that fresh copies arrive.`,
        path: ['backups', b.id],
        dataSets: [store.id],
      });
    }
    return drafts;
  },
};
