// 3-2-1-1-0: 3-2-1, plus one immutable or offline copy and no untested restores.
import { copyShortfalls, countCopies, type CopyMinimums } from './copyCount.js';
import { daysBetween, DURATION_SCHEMA, durationDays, listWords } from './facts.js';
import { COPY_MINIMUM_SCHEMA } from './threeTwoOne.js';
import type { FindingDraft, Rule } from './types.js';

export interface ThreeTwoOneOneZeroOptions extends CopyMinimums {
  immutable: number;
  restore_max_age: string;
}

export const threeTwoOneOneZero: Rule<ThreeTwoOneOneZeroOptions> = {
  id: '3-2-1-1-0',
  title: 'Not 3-2-1 plus 1 immutable copy and 0 untested restores',
  defaultSeverity: 'medium',
  docs: {
    checks:
      'Everything 3-2-1 checks, plus at least 1 copy on a target that nobody can delete from (immutable: compliance or offline), and 0 backups whose restore has not been tested within `restore_max_age`.',
    why: "Ransomware and stolen admin credentials delete backups first; only a compliance-locked or offline copy survives them. And a backup nobody has restored is a hope, not a copy: a hoster found out during its outage that its backups could not bring the data back (CMO), a team learned that the platform's automatic backups were not what they assumed (\"the cloud is not magic\").",
    fix: 'Keep one copy under Object Lock in compliance mode or offline (tape in a vault), and restore every backup on a schedule; record the date in `restore.last_tested`.',
  },
  optionsSchema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      ...COPY_MINIMUM_SCHEMA,
      immutable: { type: 'integer', minimum: 0, maximum: 5, description: 'Least number of copies on compliance-locked or offline targets.' },
      restore_max_age: { ...DURATION_SCHEMA, description: 'Longest time since the last restore test of every backup.' },
    },
  },
  defaultOptions: { copies: 3, media: 2, offsite: 1, immutable: 1, restore_max_age: '180d' },
  check({ inventory, options, now }) {
    const drafts: FindingDraft[] = [];
    const byStore = inventory.backupsOf;
    const maxAge = durationDays(options.restore_max_age);
    for (const store of inventory.stores.values()) {
      const backups = byStore.get(store.id) ?? [];
      const count = countCopies(inventory, store, backups);
      const { missing, fixes } = copyShortfalls(count, options);
      if (count.immutable.length < options.immutable) {
        missing.push(`${count.immutable.length} immutable or offline (needs ${options.immutable})`);
        fixes.push('keep a copy on a compliance-locked or offline target');
      }
      const untested = backups.filter(
        (b) => b.restore.last_tested === undefined || daysBetween(b.restore.last_tested, now) > maxAge,
      );
      if (untested.length > 0) {
        missing.push(`${untested.length} untested restore${untested.length === 1 ? '' : 's'} (${untested.map((b) => b.id).join(', ')}; needs 0 within ${options.restore_max_age})`);
        fixes.push(`test a restore from ${listWords(untested.map((b) => b.id))}`);
      }
      if (missing.length === 0) continue;
      drafts.push({
        subject: store.id,
        criticality: store.criticality,
        message: `${store.id} (${store.criticality}) falls short of 3-2-1-1-0: ${listWords(missing)}.`,
        remediation: `For ${store.id}: ${listWords(fixes)}.`,
        path: ['stores', store.id],
        dataSets: [store.id],
      });
    }
    return drafts;
  },
};
