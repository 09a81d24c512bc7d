// The ways to lose data the report talks about: every minimal risk group, named with exactly the
// data sets it is minimal for, ranked, and said as one sentence.
import type { AuditResult, DataSetResult } from '../../audit.js';
import type { Criticality } from '../../inventory/types.js';
import { andList, conditionWords, consequenceWords, locksOut, whyEveryCopy } from '../../model/describe.js';
import type { BasicEvent, DataSetRiskGroups, FaultGraph } from '../../model/types.js';
import { CRITICALITY_RANK, plural } from '../../rules/facts.js';
import { compareStrings } from '../compareStrings.js';

/** Scenarios listed under "top risks". */
export const TOP_RISKS = 5;

/** Which single failure to name first when several are equally bad: the ones people think of. */
const KIND_RANK: Record<BasicEvent['kind'], number> = {
  account: 0,
  provider: 1,
  billing: 2,
  'identity-compromised': 3,
  'identity-lost': 4,
  site: 5,
  region: 6,
  target: 7,
  service: 8,
  key: 9,
  store: 10,
  backup: 11,
};

/** A way to lose data: a set of events and every data set their joint failure takes. */
export interface Scenario {
  events: string[];
  /** Exactly the data sets for which `events` is a minimal risk group. */
  lost: string[];
  /** Annual probability of the group (product of its events'), with likelihoods. */
  probability?: number;
  /** The worst criticality among the data sets lost. */
  worst: Criticality;
}

/** Every scenario of the audit, ranked. */
export function scenariosOf(result: AuditResult): Scenario[] {
  const criticalityOf = new Map(result.dataSets.map((d) => [d.id, d.criticality]));
  return rankScenarios(collectScenarios(result.dataSets, result.graph.events.length), result.graph, criticalityOf);
}

/** The risks "Top risks" lists, in order: each a minimal risk group of exactly the data sets it names. */
export function topRisksOf(result: AuditResult): { events: string[]; lost: string[]; probability?: number }[] {
  return scenariosOf(result).slice(0, TOP_RISKS);
}

/**
 * Every minimal risk group of every data set, naming exactly the data sets for which it is a
 * minimal risk group: a pair that contains one data set's single point of failure is not a way to
 * lose that data set worth naming (its single failure already is), so that data set is left out.
 */
function collectScenarios(dataSets: readonly DataSetResult[], eventCount: number): Omit<Scenario, 'worst'>[] {
  const byKey = new Map<number | string, { events: string[]; lost: string[]; probability?: number }>();
  const bits = Math.max(1, Math.ceil(Math.log2(eventCount + 1)));
  for (const ds of dataSets) {
    // Read packed: ids only for a group not seen before.
    const groups = ds.packedRiskGroups;
    for (let i = 0; i < groups.count; i++) {
      const key = groupKey(groups, i, bits);
      let entry = byKey.get(key);
      if (entry === undefined) {
        entry = { events: groups.group(i), lost: [] };
        byKey.set(key, entry);
      }
      entry.lost.push(ds.id);
      const p = ds.riskGroupProbabilities?.[i];
      if (p !== undefined) entry.probability = p;
    }
  }
  return [...byKey.values()];
}

/** Group i's events as one number (its size in the low 3 bits) when they fit in 53 bits, else as text. */
function groupKey(groups: DataSetRiskGroups, i: number, bits: number): number | string {
  const from = groups.offsets[i]!;
  const to = groups.offsets[i + 1]!;
  if ((to - from) * bits + 3 > 53) return groups.events.subarray(from, to).join(',');
  const scale = 2 ** bits;
  let key = 0;
  for (let k = from; k < to; k++) key = key * scale + groups.events[k]!;
  return key * 8 + (to - from);
}

/** Criticality of what is lost, then fewest failures, then most data sets, then the kind of event. */
function rankScenarios(list: Omit<Scenario, 'worst'>[], graph: FaultGraph, criticalityOf: ReadonlyMap<string, Criticality>): Scenario[] {
  const kindRank = (id: string): number => {
    const index = graph.eventIndex.get(id);
    return index === undefined ? 99 : KIND_RANK[graph.events[index]!.kind];
  };
  const scenarios = list.map((s) => {
    const worst = s.lost.map((id) => criticalityOf.get(id)!).reduce<Criticality>((a, b) => (CRITICALITY_RANK[b] > CRITICALITY_RANK[a] ? b : a), 'low');
    return { ...s, worst };
  });
  // The last two keys computed once per scenario, not once per comparison.
  const keyed = scenarios.map((s) => ({ s, kind: Math.min(...s.events.map(kindRank)), text: s.events.join(' ') }));
  keyed.sort(
    (x, y) =>
      CRITICALITY_RANK[y.s.worst] - CRITICALITY_RANK[x.s.worst] ||
      // Most probable first when the policy sets likelihoods (DESIGN §3).
      (y.s.probability ?? 0) - (x.s.probability ?? 0) ||
      x.s.events.length - y.s.events.length ||
      y.s.lost.length - x.s.lost.length ||
      x.kind - y.kind ||
      compareStrings(x.text, y.text),
  );
  return keyed.map((k) => k.s);
}

export function eventOf(id: string, graph: FaultGraph): BasicEvent | undefined {
  const index = graph.eventIndex.get(id);
  return index === undefined ? undefined : graph.events[index];
}


function dataSetList(ids: readonly string[], criticalityOf: ReadonlyMap<string, Criticality>): string {
  const named = ids.slice(0, 5).map((id) => `${id} (${criticalityOf.get(id)!})`);
  if (ids.length > 5) named.push(plural(ids.length - 5, 'more data set'));
  return andList(named);
}

/** The scenario as one plain-text sentence, starting with "If". */
export function scenarioSentence(s: Scenario, result: AuditResult, criticalityOf: ReadonlyMap<string, Criticality>): string {
  const events = s.events.map((id) => eventOf(id, result.graph));
  const conditions = events.map((e, i) => (e ? conditionWords(e, result.inventory) : s.events[i]!));
  // Losing access (a person, a sign-in service) is not losing the data: say which it is.
  const lockout = events.find((e) => e !== undefined && locksOut(e));
  const outcome = consequenceWords(lockout, dataSetList(s.lost, criticalityOf), s.lost.length > 1);
  if (s.events.length === 1 && events[0]) {
    const noBackup = s.lost.every((id) => (result.dataSets.find((d) => d.id === id)?.copies ?? 1) === 1);
    return `If ${conditions[0]!}, ${outcome}: ${whyEveryCopy(events[0], noBackup)}.`;
  }
  return `If ${andList(conditions)} at the same time, ${outcome}: together they take every copy.`;
}

/** "accepted by OWNER until DATE" when a waiver covers every single-point finding of the scenario. */
export function acceptance(s: Scenario, result: AuditResult): string | undefined {
  if (s.events.length !== 1) return undefined;
  const ids = new Set(s.lost.map((ds) => `single-point-of-failure/${ds}/${s.events[0]!}`));
  const findings = result.findings.filter((f) => ids.has(f.id));
  if (findings.length === 0 || !findings.every((f) => f.suppression?.kind === 'waiver')) return undefined;
  const w = findings[0]!.suppression!;
  return `accepted by ${w.owner ?? 'a waiver'}${w.expires === undefined ? '' : ` until ${w.expires}`}`;
}
