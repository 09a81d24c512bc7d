// The status page or customer communication fails together with production.
import type { Criticality, ServiceKind } from '../inventory/types.js';
import { anyOneOf, describeEventId, named } from '../model/describe.js';
import { criticalitiesOption, listWords, mostCritical } from './facts.js';
import { singlesOfEntity } from './singleFailures.js';
import type { FindingDraft, Rule } from './types.js';

export interface CommsSharedFateOptions {
  /** Service kinds that tell customers what is going on. */
  kinds: ServiceKind[];
  criticalities: Criticality[];
}

export const commsSharedFate: Rule<CommsSharedFateOptions> = {
  id: 'comms-shared-fate',
  title: 'Customer communication fails with production',
  defaultSeverity: 'medium',
  docs: {
    checks:
      'Services of kind status-page or communication that share a single failure with the primary copy of a data set of the listed criticalities: the same account, provider, billing, login or dependency, computed on the fault graph.',
    why: "When production is down, customers need to hear from you; a status page in the production account, on the production provider, behind the same login, goes dark exactly then. A website builder's customers were told little during a day-long outage (Jimdo); DDoS attacks on a hoster took its own status page and mail down with it.",
    fix: 'Run the status page and customer communication on a different provider and account, with its own billing and login (a hosted status page service), and make sure the people who post there can log in when production\'s SSO is down.',
  },
  optionsSchema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      kinds: {
        type: 'array',
        description: 'Service kinds that carry communication with customers.',
        items: { enum: ['identity-provider', 'monitoring', 'dns', 'status-page', 'communication', 'vendor'] },
        uniqueItems: true,
      },
      criticalities: criticalitiesOption('Primary copies of data of these criticalities count.'),
    },
  },
  defaultOptions: { kinds: ['status-page', 'communication'], criticalities: ['critical', 'high'] },
  check({ inventory, graph, options }) {
    const drafts: FindingDraft[] = [];
    // Which stores (of the criticalities that count) each single failure takes down, by their place
    // in the inventory: looked up per event, so large inventories cost the number of events, not
    // services × stores.
    const storeIds = [...inventory.stores.keys()];
    const criticalityAt = storeIds.map((id) => inventory.stores.get(id)!.criticality);
    const storesDownBy = new Map<string, number[]>();
    storeIds.forEach((id, index) => {
      if (!options.criticalities.includes(criticalityAt[index]!)) return;
      for (const e of singlesOfEntity(graph, id)) {
        const list = storesDownBy.get(e);
        if (list) list.push(index);
        else storesDownBy.set(e, [index]);
      }
    });
    // The last service that hit each store: a store is counted once per service without a set.
    const hitBy = new Int32Array(storeIds.length).fill(-1);
    // Services in one account or at one provider take down the same data sets: their findings share
    // one list (at 100k entities, 356 lists for 1,582 services instead of 4.3 million mentions).
    const lists = new Map<number, { places: Int32Array; ids: string[] }[]>();
    const listOf = (places: Int32Array): string[] => {
      let hash = places.length;
      for (const place of places) hash = (Math.imul(hash, 31) + place) | 0;
      const bucket = lists.get(hash) ?? [];
      const known = bucket.find((list) => list.places.length === places.length && list.places.every((place, i) => place === places[i]));
      if (known) return known.ids;
      const ids = Array.from(places, (index) => storeIds[index]!);
      bucket.push({ places, ids });
      lists.set(hash, bucket);
      return ids;
    };
    let serviceNumber = 0;
    for (const service of inventory.services.values()) {
      if (!options.kinds.includes(service.kind)) continue;
      const events = new Set<string>();
      const hit: number[] = [];
      const n = serviceNumber++;
      for (const e of singlesOfEntity(graph, service.id)) {
        const stores = storesDownBy.get(e);
        if (!stores) continue;
        events.add(e);
        for (const index of stores) {
          if (hitBy[index] === n) continue;
          hitBy[index] = n;
          hit.push(index);
        }
      }
      if (hit.length === 0) continue;
      // In inventory order; a numeric sort of places (at 100k entities, millions of them in all).
      const places = Int32Array.from(hit).sort();
      const affected = listOf(places);
      const sortedEvents = [...events].sort();
      drafts.push({
        subject: service.id,
        criticality: mostCritical(Array.from(places, (index) => criticalityAt[index]!)),
        // Written when printed: they name every data set affected, thousands in a large inventory.
        message: () =>
          `${named(service.kind.replace('-', ' '), service.id)} goes down together with the primary copy of ${listWords(affected)} when ${anyOneOf(sortedEvents.map((e) => describeEventId(e, graph, inventory)))}: customers hear nothing exactly when it matters.`,
        remediation: () =>
          `Move ${service.id} to another provider and account, with its own billing and login, so that nothing that takes down ${listWords(affected)} can take it down too.`,
        path: ['services', service.id],
        events: sortedEvents,
        dataSets: affected,
      });
    }
    return drafts;
  },
};
