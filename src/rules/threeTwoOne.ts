// 3-2-1: three copies, on two media, one off-site.
import { DEFAULT_MEDIA } from '../inventory/resolve.js';
import { MEDIA } from '../inventory/types.js';
import { copyShortfalls, countCopies, type CopyMinimums } from './copyCount.js';
import { listWords } from './facts.js';
import type { FindingDraft, Rule } from './types.js';

/** Which media each target kind defaults to, in words: `object-storage → object, …`. */
const DEFAULT_MEDIA_TEXT = Object.entries(DEFAULT_MEDIA)
  .map(([kind, media]) => `${kind} → ${media}`)
  .join(', ');

export const COPY_MINIMUM_SCHEMA = {
  copies: { type: 'integer', minimum: 1, maximum: 10, description: 'Least number of copies, the primary included.' },
  media: { type: 'integer', minimum: 1, maximum: 5, description: 'Least number of different media among the backup copies (target `media`).' },
  offsite: { type: 'integer', minimum: 0, maximum: 5, description: 'Least number of backup copies that share neither site, region nor provider with the primary.' },
};

export const threeTwoOne: Rule<CopyMinimums> = {
  id: '3-2-1',
  title: 'Fewer than 3 copies, on 2 media, 1 off-site',
  defaultSeverity: 'medium',
  docs: {
    checks:
      `The classic backup rule for each data set: at least 3 copies (the primary and every backup, replicas included), on at least 2 different media among the backup copies, and at least 1 copy off-site: at another provider and another site than the primary. Media are each target's \`media\`, one of ${MEDIA.join(', ')}; by default from its kind (${DEFAULT_MEDIA_TEXT}).`,
    why: 'Copies on the same platform, medium or site fail together: a hoster kept its backups on the storage cluster that held the data, and one corruption took both (CMO); an "off-site" copy in another region of the same account vanished with the account (Raisup).',
    fix: 'Add copies until there are three; put one on another medium (tape, disk, object storage); keep one at another provider and site, in an account of its own.',
  },
  optionsSchema: { type: 'object', additionalProperties: false, properties: COPY_MINIMUM_SCHEMA },
  defaultOptions: { copies: 3, media: 2, offsite: 1 },
  check({ inventory, options }) {
    const drafts: FindingDraft[] = [];
    const byStore = inventory.backupsOf;
    for (const store of inventory.stores.values()) {
      const count = countCopies(inventory, store, byStore.get(store.id) ?? []);
      const { missing, fixes } = copyShortfalls(count, options);
      if (missing.length === 0) continue;
      drafts.push({
        subject: store.id,
        criticality: store.criticality,
        message: `${store.id} (${store.criticality}) falls short of 3-2-1: ${listWords(missing)}.`,
        remediation: `For ${store.id}: ${listWords(fixes)}.`,
        path: ['stores', store.id],
        dataSets: [store.id],
      });
    }
    return drafts;
  },
};
