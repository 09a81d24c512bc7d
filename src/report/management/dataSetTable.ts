// "Data sets": one row per data set — criticality, copies, failures needed to lose it, weakest
// point, RPO met, last restore test.
import type { AuditResult, DataSetResult } from '../../audit.js';
import type { Backup, Store } from '../../inventory/types.js';
import { describeEvent } from '../../model/describe.js';
import { daysBetween, plural } from '../../rules/facts.js';
import { markdownText } from '../sanitize.js';
import { eventOf, type Scenario } from './scenarios.js';

export function dataSetTable(result: AuditResult, scenarios: Scenario[], now: string): string[] {
  const inv = result.inventory;
  const rows = [
    '| Data set | Criticality | Copies | Failures needed to lose it | Weakest point | RPO met | Last restore test |',
    '|---|---|---:|---|---|---|---|',
  ];
  const smallest = smallestScenarios(result, scenarios);
  for (const ds of result.dataSets) {
    const store = inv.stores.get(ds.id)!;
    const backups = inv.backupsOf.get(ds.id) ?? [];
    const replicas = backups.filter((b) => b.mode === 'replica').length;
    const copies = replicas > 0 ? `${ds.copies} (${replicas} ${replicas === 1 ? 'is a replica' : 'are replicas'})` : String(ds.copies);
    const independence =
      ds.independence === null
        ? `more than ${result.maxOrder}`
        : ds.independence === 1
          ? '**1: a single failure**'
          : String(ds.independence);
    const cells = [
      markdownText(ds.id),
      ds.criticality,
      markdownText(copies),
      independence,
      markdownText(weakestPoint(ds, smallest.get(ds.id) ?? [], result)),
      markdownText(rpoMet(store, backups)),
      markdownText(lastRestore(backups, now)),
    ];
    rows.push(`| ${cells.join(' | ')} |`);
  }
  return rows;
}

/**
 * Per data set, the ranked scenarios of its smallest risk groups, in one pass over the scenarios
 * (a scenario's `lost` names exactly the data sets the group is a minimal risk group of). Looking
 * through every scenario for every data set took minutes at a few thousand data sets.
 */
function smallestScenarios(result: AuditResult, scenarios: readonly Scenario[]): Map<string, Scenario[]> {
  const independence = new Map(result.dataSets.map((d) => [d.id, d.independence]));
  const byDataSet = new Map<string, Scenario[]>();
  for (const s of scenarios) {
    for (const id of s.lost) {
      if (independence.get(id) !== s.events.length) continue;
      const list = byDataSet.get(id);
      if (list) list.push(s);
      else byDataSet.set(id, [s]);
    }
  }
  return byDataSet;
}

/** `mine`: the data set's smallest risk groups as scenarios, ranked. */
function weakestPoint(ds: DataSetResult, mine: readonly Scenario[], result: AuditResult): string {
  if (ds.independence === null) return `none found up to ${plural(result.maxOrder, 'failure')}`;
  const first = mine[0];
  if (!first) return '';
  const words = first.events.map((id) => {
    const e = eventOf(id, result.graph);
    return e ? describeEvent(e, result.inventory) : id;
  });
  const more = mine.length - 1;
  const what = ds.independence === 1 ? plural(more, 'more single point') : plural(more, 'more way of that size', 'more ways of that size');
  return `${words.join(' + ')}${more > 0 ? ` (and ${what})` : ''}`;
}

function rpoMet(store: Store, backups: readonly Backup[]): string {
  if (store.rpo === undefined) return 'no RPO set';
  if (backups.length === 0) return `no: no backup (RPO ${store.rpo.text})`;
  const known = backups.filter((b) => b.every !== undefined);
  const meeting = known.filter((b) => b.every!.seconds <= store.rpo!.seconds);
  const unknown = backups.length - known.length;
  if (meeting.length === backups.length) return `yes (RPO ${store.rpo.text})`;
  if (meeting.length > 0) {
    return `partly: ${meeting.length} of ${backups.length} copies run at least every ${store.rpo.text}`;
  }
  if (known.length === 0) return `unknown: no backup says how often it runs (RPO ${store.rpo.text})`;
  const fastest = known.reduce((a, b) => (b.every!.seconds < a.every!.seconds ? b : a));
  const tail = unknown > 0 ? `; ${unknown} more say${unknown === 1 ? 's' : ''} nothing` : '';
  return `no: the most frequent copy runs every ${fastest.every!.text}, RPO is ${store.rpo.text}${tail}`;
}

function lastRestore(backups: readonly Backup[], now: string): string {
  if (backups.length === 0) return 'no backup to restore';
  const dates = backups.map((b) => b.restore.last_tested).filter((d): d is string => d !== undefined);
  if (dates.length === 0) return 'never';
  const latest = dates.reduce((a, b) => (b > a ? b : a));
  const days = daysBetween(latest, now);
  const age = days < 0 ? 'in the future' : days === 0 ? 'today' : `${plural(days, 'day')} ago`;
  const untested = backups.length - dates.length;
  return `${latest} (${age})${untested > 0 ? `; ${untested} of ${backups.length} copies never tested` : ''}`;
}
