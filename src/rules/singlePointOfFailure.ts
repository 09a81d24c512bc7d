// One basic event loses the data set: the Raisup failure.
import type { Inventory, Store } from '../inventory/types.js';
import { backupCopiesWords, describeEvent, locksOut } from '../model/describe.js';
import { singlePointCount } from '../model/riskGroups.js';
import type { BasicEvent } from '../model/types.js';
import { remedyFor } from './remedies.js';
import { entityPathOfEvent } from './paths.js';
import type { FindingDraft, Rule } from './types.js';

export const singlePointOfFailure: Rule = {
  id: 'single-point-of-failure',
  title: 'A single failure loses the data set',
  defaultSeverity: 'critical',
  docs: {
    checks: 'Every basic event (account, provider, billing method, region, site, identity, key, service, system) whose failure alone loses the primary copy and every backup copy of a data set.',
    why: 'Backups that share a fate with production are not backups: a startup on DigitalOcean lost production and backups at once when its one account was suspended (Raisup); a hoster restored mail from a backup on the same storage platform, two weeks old.',
    fix: 'Keep at least one copy that the event cannot reach: another account with its own billing and admins, another provider, region or site, an immutable target, a key escrowed elsewhere.',
  },
  optionsSchema: { type: 'object', additionalProperties: false, properties: {} },
  defaultOptions: {},
  check({ inventory, graph, riskGroups }) {
    const drafts: FindingDraft[] = [];
    // What every finding of one event says alike, made once (findings' arrays are only read): at
    // 100k entities there are some 70,000 of these findings and far fewer events.
    const byEvent = new Map<BasicEvent, { events: string[]; remediation: () => string }>();
    for (const store of inventory.stores.values()) {
      const groups = riskGroups.get(store.id);
      const backups = inventory.backupsOf.get(store.id)?.length ?? 0;
      const dataSets = [store.id];
      for (let i = 0, n = singlePointCount(groups); i < n; i++) {
        const event = graph.events[groups!.events[groups!.offsets[i]!]!]!;
        let shared = byEvent.get(event);
        if (!shared) byEvent.set(event, (shared = { events: [event.id], remediation: () => remedyFor(event, inventory) }));
        drafts.push({
          subject: store.id,
          detail: event.id,
          criticality: store.criticality,
          // Written when printed: long (the event's description names what it takes down) and many.
          message: () => sentence(store, event, backups, inventory),
          remediation: shared.remediation,
          path: entityPathOfEvent(event, inventory, store.id),
          events: shared.events,
          dataSets,
        });
      }
    }
    return drafts;
  },
};

function sentence(store: Store, event: BasicEvent, backups: number, inventory: Inventory): string {
  const copies =
    backups === 0 ? 'it has no backup copy' : `the primary and ${backupCopiesWords(backups)}${backups === 1 ? ' both' : ''} depend on it`;
  // Losing access is not losing the data: say which it is (a person, a sign-in service).
  const outcome = locksOut(event)
    ? `one failure locks you out of ${store.id} (${store.criticality}), and it is lost if the lockout outlasts the provider's retention`
    : `${store.id} (${store.criticality}) is lost by one failure`;
  return `${outcome[0]!.toUpperCase()}${outcome.slice(1)}: ${describeEvent(event, inventory)} — ${copies}.`;
}
