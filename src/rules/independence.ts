// Fewer separate failures than the policy asks for lose a data set.
import type { Criticality } from '../inventory/types.js';
import { describeGroup } from '../model/describe.js';
import type { FindingDraft, Rule } from './types.js';

export interface IndependenceOptions {
  /** Least number of separate failures it must take to lose data of each criticality. */
  minimum: Record<Criticality, number>;
}

export const independence: Rule<IndependenceOptions> = {
  id: 'independence',
  title: 'Too few separate failures lose the data set',
  defaultSeverity: 'high',
  docs: {
    checks: "The size of the data set's smallest risk group (how many separate failures it takes to lose every copy) against the policy's minimum for its criticality.",
    why: 'Two copies that share an admin, a card or a region are one failure away from each other; a data set whose every copy falls to two coincident failures (a region outage while the only other copy has a broken key) is fragile, as the CMO and Raisup incidents showed.',
    fix: 'Add a copy that shares none of the events in the smallest risk groups: another account, provider, site, key and set of admins.',
  },
  optionsSchema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      minimum: {
        type: 'object',
        description: 'Least number of separate failures it must take to lose data of each criticality.',
        additionalProperties: false,
        properties: Object.fromEntries(
          ['critical', 'high', 'medium', 'low'].map((c) => [c, { type: 'integer', minimum: 1, maximum: 6 }]),
        ),
      },
    },
  },
  defaultOptions: { minimum: { critical: 2, high: 2, medium: 2, low: 1 } },
  check({ inventory, graph, riskGroups, options, maxOrder }) {
    const drafts: FindingDraft[] = [];
    for (const store of inventory.stores.values()) {
      const result = riskGroups.get(store.id);
      const minimum = options.minimum[store.criticality];
      if (!result || result.independence === null || result.independence >= minimum) continue;
      // Groups come smallest first.
      const smallest: string[][] = [];
      for (let i = 0; i < result.count && result.sizeOf(i) === result.independence; i++) smallest.push(result.group(i));
      const example = smallest[0]!;
      const more = smallest.length > 1 ? ` (and ${smallest.length - 1} more way${smallest.length > 2 ? 's' : ''} of that size)` : '';
      const size = result.independence;
      drafts.push({
        subject: store.id,
        criticality: store.criticality,
        // Written when printed: the example's description can be long.
        message: () =>
          `${store.id} (${store.criticality}) can be lost by ${size} failure${size === 1 ? '' : 's'}; the policy asks for at least ${minimum}. For example: ${describeGroup(example, graph, inventory)}${more}.`,
        remediation: `Add a copy of ${store.id} that shares none of these failures, so that losing it takes at least ${minimum} separate failures (checked up to ${maxOrder}).`,
        path: ['stores', store.id],
        events: [...new Set(smallest.flat())].sort(),
        dataSets: [store.id],
      });
    }
    return drafts;
  },
};
