// No copy that survives a failure of the primary can be restored within the store's RTO.
//
// "The failure" is each single basic event that alone takes the primary copy down; the rule judges
// the worst of them (the one after which the fastest surviving copy is slowest). Until events
// carry probabilities this stands in for "the most likely single failure": the worst case over
// single failures is never more optimistic. A failure that takes every copy is not judged here
// (the data is gone: single-point-of-failure's finding).
import type { Backup, Inventory, Store } from '../inventory/types.js';
import type { FaultGraph } from '../model/types.js';
import { listWords } from './facts.js';
import { gateSingles } from './singleFailures.js';
import type { FindingDraft, Rule } from './types.js';

/** After one failure of the primary: the copies that survive and the fastest known restore among them. */
interface Outcome {
  event: string;
  survivors: Backup[];
  /** The survivor with the shortest stated `restore.takes`; undefined when no survivor states one. */
  fastest?: Backup;
}

/** Single failures that take the primary copy but leave some copy, each with what survives it. */
function outcomesAfterPrimaryFailures(graph: FaultGraph, inventory: Inventory, store: Store): Outcome[] {
  const dataSet = graph.dataSets.find((d) => d.id === store.id);
  if (dataSet === undefined) return [];
  const copies = dataSet.copies.map((c) => ({ backup: inventory.backups.get(c.backup)!, singles: gateSingles(graph, c.gate) }));
  const outcomes: Outcome[] = [];
  for (const event of [...gateSingles(graph, dataSet.primary)].sort()) {
    const survivors = copies.filter((c) => !c.singles.has(event)).map((c) => c.backup);
    if (survivors.length === 0) continue;
    const timed = survivors.filter((b) => b.restore.takes !== undefined);
    const fastest = timed.reduce<Backup | undefined>((best, b) => (best === undefined || b.restore.takes!.seconds < best.restore.takes!.seconds ? b : best), undefined);
    outcomes.push({ event, survivors, ...(fastest ? { fastest } : {}) });
  }
  return outcomes;
}

/** Seconds until the data is back after this outcome; Infinity when no surviving copy states it. */
const restoreSeconds = (o: Outcome): number => o.fastest?.restore.takes!.seconds ?? Infinity;

export const rto: Rule = {
  id: 'rto',
  title: 'No copy can be restored within the RTO',
  defaultSeverity: 'high',
  docs: {
    checks:
      "For each store with an `rto`: every single failure that takes the primary copy down, and the backup copies that survive it (by the fault graph). When, after the worst such failure, no surviving copy states a `restore.takes` within the RTO, the data cannot be back in time. (Until failures carry probabilities, the worst single failure stands in for the most likely one.) Also each backup whose restore needs a vendor (a service of kind vendor in `restore.requires`) but states no `restore.takes`, whatever the store's RTO.",
    why: 'A copy that exists is not a restore that finishes in time. A SaaS vendor deleted hundreds of customer sites by mistake and took up to two weeks to restore them from its own backups (Atlassian, 2022); a hoster restored two weeks old mail days after its platform failed (CMO). Restores that depend on a vendor run on the vendor\'s schedule.',
    fix: 'Time a full restore from each copy and write it down (restore.takes). Where the surviving copies are too slow, add a copy that restores faster (a standby replica, snapshots in another account), or agree a longer RTO with the data\'s owner. For a restore that needs a vendor, get the vendor\'s restore time in writing or keep a copy you can restore yourself.',
  },
  optionsSchema: { type: 'object', additionalProperties: false, properties: {} },
  defaultOptions: {},
  check({ inventory, graph }) {
    const drafts: FindingDraft[] = [];
    for (const store of inventory.stores.values()) {
      const backups = inventory.backupsOf.get(store.id) ?? [];
      if (store.rto !== undefined && backups.length > 0) {
        const draft = rtoBreach(graph, inventory, store, backups);
        if (draft) drafts.push(draft);
      }
      for (const b of backups) {
        if (b.restore.takes !== undefined) continue;
        const vendors = b.restore.requires.filter((dep) => inventory.services.get(dep)?.kind === 'vendor');
        if (vendors.length === 0) continue;
        drafts.push({
          subject: store.id,
          detail: b.id,
          criticality: store.criticality,
          message:
            `Restoring ${store.id} (${store.criticality}) from ${b.id} needs vendor ${listWords(vendors)}, and nothing says how long that restore takes: ` +
            `it runs on the vendor's schedule, which can be weeks.`,
          remediation: `Ask ${listWords(vendors)} for their restore time (in the contract), time a restore from ${b.id}, and record it as restore.takes; or keep a copy of ${store.id} you can restore without the vendor.`,
          path: ['backups', b.id, 'restore', 'requires', b.restore.requires.indexOf(vendors[0]!)],
          events: vendors.map((v) => `service:${v}`),
          dataSets: [store.id],
        });
      }
    }
    return drafts;
  },
};

function rtoBreach(graph: FaultGraph, inventory: Inventory, store: Store, backups: readonly Backup[]): FindingDraft | undefined {
  const limit = store.rto!;
  const base = { subject: store.id, criticality: store.criticality, path: ['stores', store.id, 'rto'], dataSets: [store.id] };
  if (backups.every((b) => b.restore.takes === undefined)) {
    return {
      ...base,
      message: `${store.id} (${store.criticality}) has rto ${limit.text} but none of its backups says how long a restore takes (restore.takes), so nothing shows it can be back in time.`,
      remediation: `Time a full restore from each backup of ${store.id} and record it as restore.takes.`,
    };
  }
  const outcomes = outcomesAfterPrimaryFailures(graph, inventory, store);
  // The worst failure: the slowest fastest restore; on a tie, the first event id.
  const worst = outcomes.reduce<Outcome | undefined>((w, o) => (w === undefined || restoreSeconds(o) > restoreSeconds(w) ? o : w), undefined);
  if (worst === undefined || restoreSeconds(worst) <= limit.seconds) return undefined;
  const survivors = listWords(worst.survivors.map((b) => b.id));
  const consequence =
    worst.fastest === undefined
      ? `only ${survivors} survive${worst.survivors.length === 1 ? 's' : ''}, and no restore time is stated for ${worst.survivors.length === 1 ? 'it' : 'them'}`
      : `the fastest copy left is ${worst.fastest.id}, whose restore takes ${worst.fastest.restore.takes!.text}`;
  const verdict = worst.fastest === undefined ? 'nothing shows the data can be back' : 'the data cannot be back';
  return {
    ...base,
    message: `${store.id} (${store.criticality}) has rto ${limit.text}, but after ${worst.event} takes the primary copy, ${consequence}: ${verdict} within ${limit.text}.`,
    remediation: `Add a copy of ${store.id} that survives ${worst.event} and restores within ${limit.text} (and record its restore.takes), or agree a longer RTO with the data's owner.`,
    events: [worst.event],
  };
}
