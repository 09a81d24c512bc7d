// Findings as a person acts on them (issue 15): findings that share one cause — the same basic
// event behind single points of failure, the same lone admin, the same service a restore needs —
// become one item with the data sets it affects and the single fix; items are ranked by
// severity, then by loss probability (when the policy sets likelihoods), then by the criticality of
// the data, never by position in the file. Machine formats keep one finding per (data set, event).
import type { AuditResult, DataSetResult } from '../audit.js';
import type { Criticality, Inventory } from '../inventory/types.js';
import { andList, conditionWords, consequenceWords, whyEveryCopy } from '../model/describe.js';
import { fixFirst } from '../model/lossFigures.js';
import type { BasicEvent, FaultGraph } from '../model/types.js';
import { CRITICALITY_RANK } from '../rules/facts.js';
import { changeFor, remedyFor } from '../rules/remedies.js';
import { SEVERITY_RANK, type Finding, type Severity } from '../rules/types.js';
import { largest } from '../util/order.js';

/** Rules whose findings about one event are one cause, whichever data set they name. */
const CAUSE_RULES = new Set(['single-point-of-failure', 'bus-factor', 'restore-dependency']);

/** Data sets named in a headline before "and N more". */
const NAMED_DATA_SETS = 6;

export type FindingState = 'open' | 'waived' | 'baselined';

export interface CauseGroup {
  /** The shared event id, or the finding id for a finding that stands alone. */
  key: string;
  /** The shared basic event, when the group has one. */
  event?: BasicEvent;
  state: FindingState;
  findings: Finding[];
  /** Every data set the findings concern, most critical first. */
  dataSets: string[];
  severity: Severity;
  /**
   * With likelihoods: for a shared event, its annual probability (the chance this cause alone takes
   * the data); for any other finding, the highest loss probability among its data sets.
   */
  lossProbability?: number;
  /** The most critical data concerned, when any. */
  criticality?: Criticality;
}

export const stateOf = (f: Finding): FindingState =>
  f.suppression === undefined ? 'open' : f.suppression.kind === 'waiver' ? 'waived' : 'baselined';

const compareStrings = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function eventOf(id: string, graph: FaultGraph): BasicEvent | undefined {
  const index = graph.eventIndex.get(id);
  return index === undefined ? undefined : graph.events[index];
}

/** The event a finding shares with others of its cause, or none. */
function causeEvent(f: Finding): string | undefined {
  return CAUSE_RULES.has(f.rule) && f.events.length === 1 ? f.events[0] : undefined;
}

/** Findings of one audit grouped by root cause and ranked (see the file comment). */
export function groupByRootCause(result: AuditResult, findings: readonly Finding[] = result.findings): CauseGroup[] {
  const dataSetOf = new Map(result.dataSets.map((d) => [d.id, d]));
  const byKey = new Map<string, { key: string; state: FindingState; findings: Finding[] }>();
  for (const f of findings) {
    const state = stateOf(f);
    const key = causeEvent(f) ?? f.id;
    const slot = `${state}\u0000${key}`;
    const group = byKey.get(slot) ?? { key, state, findings: [] };
    group.findings.push(f);
    byKey.set(slot, group);
  }
  const groups = [...byKey.values()].map((g): CauseGroup => {
    const named = [...new Set(g.findings.flatMap((f) => f.dataSets))].filter((id) => dataSetOf.has(id));
    const dataSets = named.sort((a, b) => compareDataSets(dataSetOf.get(a)!, dataSetOf.get(b)!));
    const event = eventOf(g.key, result.graph);
    const eventProbability = event && result.probability?.eventProbability.get(event.id);
    const probabilities =
      eventProbability !== undefined ? [eventProbability] : dataSets.map((id) => dataSetOf.get(id)!.lossProbability).filter((p): p is number => p !== undefined);
    const criticality = dataSets[0] === undefined ? undefined : dataSetOf.get(dataSets[0])!.criticality;
    return {
      key: g.key,
      ...(event && g.findings.every((f) => causeEvent(f) === g.key) ? { event } : {}),
      state: g.state,
      findings: g.findings,
      dataSets,
      severity: g.findings.reduce<Severity>((a, f) => (SEVERITY_RANK[f.severity] > SEVERITY_RANK[a] ? f.severity : a), 'info'),
      ...(probabilities.length > 0 ? { lossProbability: largest(probabilities) } : {}),
      ...(criticality ? { criticality } : {}),
    };
  });
  return groups.sort(compareGroups);
}

/** Most critical first, then most likely lost, then least independent, then by id. */
export function compareDataSets(a: DataSetResult, b: DataSetResult): number {
  return (
    CRITICALITY_RANK[b.criticality] - CRITICALITY_RANK[a.criticality] ||
    (b.lossProbability ?? 0) - (a.lossProbability ?? 0) ||
    (a.independence ?? Infinity) - (b.independence ?? Infinity) ||
    compareStrings(a.id, b.id)
  );
}

function compareGroups(a: CauseGroup, b: CauseGroup): number {
  const crit = (g: CauseGroup) => (g.criticality === undefined ? -1 : CRITICALITY_RANK[g.criticality]);
  return (
    SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] ||
    // A shared cause (one event) before a finding about one copy or one setting.
    Number(b.event !== undefined) - Number(a.event !== undefined) ||
    (b.lossProbability ?? 0) - (a.lossProbability ?? 0) ||
    crit(b) - crit(a) ||
    b.findings.length - a.findings.length ||
    compareStrings(a.key, b.key)
  );
}

/** `prod-db (critical), uploads (high) and 3 more data sets`. */
export function dataSetWords(ids: readonly string[], result: AuditResult, limit = NAMED_DATA_SETS): string {
  const criticalityOf = new Map(result.dataSets.map((d) => [d.id, d.criticality]));
  const named = ids.slice(0, limit).map((id) => `${id} (${criticalityOf.get(id) ?? 'unknown'})`);
  if (ids.length > limit) named.push(`${ids.length - limit} more data ${ids.length - limit === 1 ? 'set' : 'sets'}`);
  return andList(named);
}

/** One sentence for the whole group; a finding that stands alone keeps its own message. */
export function groupHeadline(g: CauseGroup, result: AuditResult): string {
  const first = g.findings[0]!;
  if (g.event === undefined || g.findings.length === 1 && first.rule !== 'single-point-of-failure') return first.message;
  const inv = result.inventory;
  const event = g.event;
  const spof = g.findings.filter((f) => f.rule === 'single-point-of-failure');
  if (spof.length > 0) {
    const lost = [...new Set(spof.flatMap((f) => f.dataSets))];
    const ordered = g.dataSets.filter((id) => lost.includes(id));
    const data = dataSetWords(ordered, result);
    const many = ordered.length > 1;
    if (event.kind === 'identity-compromised') {
      return `${event.subject}'s credentials can delete every copy of ${data}: one stolen password or key loses ${many ? 'them' : 'it'}.`;
    }
    const noBackup = ordered.every((id) => (inv.backupsOf.get(id)?.length ?? 0) === 0);
    return `If ${conditionWords(event, inv)}, ${consequenceWords(event, data, many)}: ${whyEveryCopy(event, noBackup)}.`;
  }
  if (first.rule === 'bus-factor') {
    const holders = andList(g.findings.map((f) => f.path.length > 1 ? `${f.path[0] === 'targets' ? 'target' : 'account'} ${String(f.path[1])}` : f.id));
    return `${event.subject} is the only person who can act on ${holders} (holding ${dataSetWords(g.dataSets, result)}): if ${event.subject} is away or leaves, nobody can.`;
  }
  const everyRestore = g.dataSets.every((id) => inv.backupsOf.get(id)?.every((b) => b.restore.requires.includes(event.subject)) ?? false);
  if (everyRestore) {
    return `Every restore of ${dataSetWords(g.dataSets, result)} needs service ${event.subject}: while it is down, no copy can be restored.`;
  }
  return `Restoring ${dataSetWords(g.dataSets, result)} needs service ${event.subject}: while it is down, those copies cannot be restored.`;
}

/** The single fix of the group. */
export function groupFix(g: CauseGroup, inv: Inventory): string {
  const first = g.findings[0]!;
  if (g.event === undefined || g.findings.length === 1) return first.remediation;
  if (g.findings.some((f) => f.rule === 'single-point-of-failure') || g.event.kind === 'identity-lost') return remedyFor(g.event, inv);
  return `Make restores work without service ${g.event.subject} (a tested fallback), then remove it from restore.requires.`;
}

/** `3 findings: 2 single-point-of-failure, 1 bus-factor`. */
export function groupCount(g: CauseGroup): string {
  const rules = new Map<string, number>();
  for (const f of g.findings) rules.set(f.rule, (rules.get(f.rule) ?? 0) + 1);
  const parts = [...rules].map(([rule, n]) => `${n} ${rule}`);
  return `${g.findings.length} ${g.findings.length === 1 ? 'finding' : 'findings'}${rules.size > 1 ? ` (${parts.join(', ')})` : ` (${[...rules.keys()][0]!})`}`;
}

export interface FixFirstChange {
  event: string;
  /** The entity and what to do, in a manager's words. */
  change: string;
  before: number;
  after: number;
}

/** The few changes that cut the critical data's loss probability most (DESIGN §3, issue 14). */
export function fixFirstChanges(result: AuditResult, n: number): FixFirstChange[] {
  if (!result.probability) return [];
  return fixFirst(result.probability, n).flatMap((f) => {
    const event = eventOf(f.event, result.graph);
    return event ? [{ event: f.event, change: changeFor(event, result.inventory), before: f.before, after: f.after }] : [];
  });
}

/** Which data `fixFirst` measures: the critical data sets, or all of them when none is critical. */
export function scopeWords(result: AuditResult): string {
  return result.probability?.scope === 'all' ? 'any data set' : 'critical data';
}
