// The key that decrypts a backup can be lost by the same failure that loses the primary copy.
import { anyOneOf, describeEventId } from '../model/describe.js';
import { shared, singlesOfEntity } from './singleFailures.js';
import type { FindingDraft, Rule } from './types.js';

export const keyWithData: Rule = {
  id: 'key-with-data',
  title: "A backup's key fails with the data it protects",
  defaultSeverity: 'high',
  docs: {
    checks:
      "For each encrypted backup, the single failures of its key (the key itself, the account whose KMS holds it, its only holder, what it or its holders depend on) that also fail the store's primary copy, computed on the fault graph.",
    why: 'An encrypted copy is only a copy while its key exists. A key kept in the production account\'s KMS is deleted or locked out with that account: when the provider suspends the account (Raisup) or an attacker with admin rights schedules the key for deletion, the primary and the backup become unreadable together.',
    fix: 'Keep the key where the primary\'s failures cannot reach it: in the backup account or another account, or escrowed offline with two holders who are not the production admins.',
  },
  optionsSchema: { type: 'object', additionalProperties: false, properties: {} },
  defaultOptions: {},
  check({ inventory, graph }) {
    const drafts: FindingDraft[] = [];
    for (const b of inventory.backups.values()) {
      if (b.encryption === undefined) continue;
      const store = inventory.stores.get(b.of)!;
      const events = shared(singlesOfEntity(graph, b.encryption), singlesOfEntity(graph, store.id));
      if (events.length === 0) continue;
      const key = b.encryption;
      drafts.push({
        subject: store.id,
        detail: b.id,
        criticality: store.criticality,
        // Written when printed: the events' descriptions can be long.
        message: () =>
          `Key ${key}, which ${b.id} needs to be read, fails together with the primary copy of ${store.id} (${store.criticality}) when ${anyOneOf(events.map((e) => describeEventId(e, graph, inventory)))}: the data and the means to read its backup are lost at once.`,
        remediation: `Move key ${b.encryption} out of reach of ${store.id}'s failures (another account, or held offline by two people who are not its admins), or encrypt ${b.id} with a key kept elsewhere.`,
        path: ['backups', b.id, 'encryption'],
        events,
        dataSets: [store.id],
      });
    }
    return drafts;
  },
};
