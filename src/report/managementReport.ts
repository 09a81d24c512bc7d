// `bcaudit report`: the management report (DESIGN §5) — Markdown that GitHub, GitLab and a
// browser render: a verdict in plain words, a table of data sets, the top risks as scenarios,
// a Mermaid diagram of where the copies live, what to fix first, waivers, live checks.
//
// Pure: the same audit result, date and settings give the same bytes. Every piece of text that
// comes from the inventory goes through markdownText or markdownCode (or Mermaid's escaping).
import type { AuditResult, DataSetResult } from '../audit.js';
import type { Backup, Criticality, Store } from '../inventory/types.js';
import { andList, conditionWords, consequenceWords, describeEvent, locksOut, whyEveryCopy } from '../model/describe.js';
import type { BasicEvent, FaultGraph } from '../model/types.js';
import type { WaiverReview } from '../policy/types.js';
import type { Finding } from '../rules/types.js';
import type { Observation, ObservationsFile } from '../verify/observations.js';
import { SEVERITIES, SEVERITY_RANK } from '../rules/types.js';
import { copiesDiagram } from './mermaid.js';
import { assumptionNote, percent, perYear } from './likelihoodWords.js';
import { fixFirstChanges, scopeWords } from './rootCauses.js';
import { markdownCode, markdownText } from './sanitize.js';

export interface ManagementReportContext {
  result: AuditResult;
  /** The date the report is made, YYYY-MM-DD: the one line of the report that changes by itself. */
  now: string;
  policyName: string;
  toolVersion: string;
  /** What `bcaudit verify` observed (its --observations-out file), when given. */
  observations?: ObservationsFile;
}

const CRITICALITIES: readonly Criticality[] = ['critical', 'high', 'medium', 'low'];
const CRITICALITY_RANK: Record<Criticality, number> = { critical: 3, high: 2, medium: 1, low: 0 };

/** Scenarios listed under "top risks"; fixes listed under "what to fix first". */
const TOP_RISKS = 5;
const TOP_FIXES = 8;
/** Finding ids named per fix before "and N more". */
const IDS_PER_FIX = 8;

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

const compareStrings = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

/** Days from `from` to `to` (both YYYY-MM-DD); negative when `to` is earlier. */
function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** A way to lose data: a set of events and every data set their joint failure takes. */
interface Scenario {
  events: string[];
  /** Exactly the data sets for which `events` is a minimal risk group. */
  lost: string[];
  /** Annual probability of the group (product of its events'), with likelihoods. */
  probability?: number;
  /** The worst criticality among the data sets lost. */
  worst: Criticality;
}

export function formatManagementReport(ctx: ManagementReportContext): string {
  const { result } = ctx;
  const inv = result.inventory;
  const graph = result.graph;
  const criticalityOf = new Map(result.dataSets.map((d) => [d.id, d.criticality]));
  const scenarios = rankScenarios(collectScenarios(result.dataSets), graph, criticalityOf);
  const open = result.findings.filter((f) => !f.suppression);

  const lines: string[] = [];
  const title = inv.name === undefined ? 'Backup independence report' : `Backup independence report: ${markdownText(inv.name)}`;
  lines.push(`# ${title}`, '');
  lines.push(
    `_Made on ${ctx.now} from ${markdownCode(inv.file)} by bcaudit ${markdownText(ctx.toolVersion)} · ` +
      `policy ${markdownCode(ctx.policyName)} · combinations of up to ${plural(result.maxOrder, 'failure')} checked._`,
    '',
  );
  lines.push('## Verdict', '', verdict(result, scenarios, open, criticalityOf), '');

  lines.push('## Data sets', '', ...dataSetTable(result, scenarios, ctx.now), '');

  lines.push('## Top risks', '', ...topRisks(result, scenarios), '');

  lines.push('## Where the copies live', '', ...diagramSection(result, scenarios), '');

  lines.push('## What to fix first', '', ...fixes(result, open), '');

  lines.push('## Accepted risks (waivers)', '', ...waiverSection(result, ctx.now), '');

  lines.push('## Live checks', '', ...liveChecks(ctx.observations), '');

  return `${lines.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd()}\n`;
}

// ---------------------------------------------------------------------------------------------
// Scenarios.

/** The risks "Top risks" lists, in order: each a minimal risk group of exactly the data sets it names. */
export function topRisksOf(result: AuditResult): { events: string[]; lost: string[]; probability?: number }[] {
  const criticalityOf = new Map(result.dataSets.map((d) => [d.id, d.criticality]));
  return rankScenarios(collectScenarios(result.dataSets), result.graph, criticalityOf).slice(0, TOP_RISKS);
}

/**
 * Every minimal risk group of every data set, naming exactly the data sets for which it is a
 * minimal risk group: a pair that contains one data set's single point of failure is not a way to
 * lose that data set worth naming (its single failure already is), so that data set is left out.
 */
function collectScenarios(dataSets: readonly DataSetResult[]): Omit<Scenario, 'worst'>[] {
  const byKey = new Map<string, { events: string[]; lost: string[]; probability?: number }>();
  for (const ds of dataSets) {
    ds.riskGroups.forEach((group, i) => {
      const key = JSON.stringify(group);
      const entry = byKey.get(key) ?? { events: group, lost: [] };
      entry.lost.push(ds.id);
      const p = ds.riskGroupProbabilities?.[i];
      if (p !== undefined) entry.probability = p;
      byKey.set(key, entry);
    });
  }
  return [...byKey.values()];
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
  return scenarios.sort(
    (a, b) =>
      CRITICALITY_RANK[b.worst] - CRITICALITY_RANK[a.worst] ||
      // Most probable first when the policy sets likelihoods (DESIGN §3).
      (b.probability ?? 0) - (a.probability ?? 0) ||
      a.events.length - b.events.length ||
      b.lost.length - a.lost.length ||
      Math.min(...a.events.map(kindRank)) - Math.min(...b.events.map(kindRank)) ||
      compareStrings(a.events.join(' '), b.events.join(' ')),
  );
}

function eventOf(id: string, graph: FaultGraph): BasicEvent | undefined {
  const index = graph.eventIndex.get(id);
  return index === undefined ? undefined : graph.events[index];
}

function dataSetList(ids: readonly string[], criticalityOf: ReadonlyMap<string, Criticality>): string {
  const named = ids.slice(0, 5).map((id) => `${id} (${criticalityOf.get(id)!})`);
  if (ids.length > 5) named.push(plural(ids.length - 5, 'more data set'));
  return andList(named);
}

/** The scenario as one plain-text sentence, starting with "If". */
function scenarioSentence(s: Scenario, result: AuditResult, criticalityOf: ReadonlyMap<string, Criticality>): string {
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
function acceptance(s: Scenario, result: AuditResult): string | undefined {
  if (s.events.length !== 1) return undefined;
  const ids = new Set(s.lost.map((ds) => `single-point-of-failure/${ds}/${s.events[0]!}`));
  const findings = result.findings.filter((f) => ids.has(f.id));
  if (findings.length === 0 || !findings.every((f) => f.suppression?.kind === 'waiver')) return undefined;
  const w = findings[0]!.suppression!;
  return `accepted by ${w.owner ?? 'a waiver'}${w.expires === undefined ? '' : ` until ${w.expires}`}`;
}

// ---------------------------------------------------------------------------------------------
// Sections.

function verdict(result: AuditResult, scenarios: Scenario[], open: Finding[], criticalityOf: ReadonlyMap<string, Criticality>): string {
  const sentences: string[] = [];
  const count = (c: Criticality, single: boolean) => result.dataSets.filter((d) => d.criticality === c && (!single || d.independence === 1)).length;
  const phrase = (c: Criticality) => {
    const total = count(c, false);
    return `${count(c, true)} of ${total} ${c === 'critical' ? 'critical' : `${c}-criticality`} data ${total === 1 ? 'set' : 'sets'}`;
  };
  const others = CRITICALITIES.filter((c) => c !== 'critical' && count(c, true) > 0).map(phrase);
  const criticalTotal = count('critical', false);
  const criticalSingle = count('critical', true);
  const singleTotal = result.dataSets.filter((d) => d.independence === 1).length;

  if (result.dataSets.length === 0) return 'The inventory lists no data sets, so there is nothing to judge.';
  if (singleTotal > 0) {
    let first: string;
    if (criticalSingle > 0) {
      first = `${phrase('critical')} can be lost by a single failure${others.length > 0 ? `, and so can ${andList(others)}` : ''}`;
    } else if (criticalTotal > 0) {
      const none = criticalTotal === 1 ? 'The critical data set cannot' : `None of the ${criticalTotal} critical data sets can`;
      first = `${none} be lost by a single failure, but ${andList(others)} can`;
    } else {
      first = `${andList(others)} can be lost by a single failure`;
    }
    const worst = scenarios.find((s) => s.events.length === 1);
    sentences.push(worst ? `${first}; the worst: ${lowerFirst(scenarioSentence(worst, result, criticalityOf))}` : `${first}.`);
  } else {
    // The fewest failures that lose anything; among those, the worst by the usual ranking.
    const fewest = Math.min(...scenarios.map((s) => s.events.length));
    const weakest = scenarios.find((s) => s.events.length === fewest);
    if (weakest === undefined) {
      sentences.push(
        `No data set can be lost by a single failure: every one survives any combination of up to ${plural(result.maxOrder, 'failure')} that bcaudit checked.`,
      );
    } else {
      sentences.push(
        `No data set can be lost by a single failure; the weakest spot takes ${weakest.events.length} failures together: ` +
          lowerFirst(scenarioSentence(weakest, result, criticalityOf)),
      );
    }
  }
  if (open.length === 0) {
    sentences.push('bcaudit found nothing to fix.');
  } else {
    const bySeverity = SEVERITIES.map((s) => [s, open.filter((f) => f.severity === s).length] as const)
      .filter(([, n]) => n > 0)
      .map(([s, n]) => `${n} ${s}`);
    sentences.push(`bcaudit found ${plural(open.length, 'problem')} to fix (${bySeverity.join(', ')}).`);
  }
  const waived = result.findings.length - open.length;
  if (waived > 0) {
    sentences.push(
      `${plural(waived, 'more finding is', 'more findings are')} accepted by waivers or a baseline: not counted among the problems to fix, ` +
        'while the data sets they concern still count above as what a single failure can lose.',
    );
  }
  return markdownText(sentences.join(' '));
}

const lowerFirst = (s: string): string => (s.startsWith('If ') ? `if ${s.slice(3)}` : s);

function dataSetTable(result: AuditResult, scenarios: Scenario[], now: string): string[] {
  const inv = result.inventory;
  const rows = [
    '| Data set | Criticality | Copies | Failures needed to lose it | Weakest point | RPO met | Last restore test |',
    '|---|---|---:|---|---|---|---|',
  ];
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
      markdownText(weakestPoint(ds, scenarios, result)),
      markdownText(rpoMet(store, backups)),
      markdownText(lastRestore(backups, now)),
    ];
    rows.push(`| ${cells.join(' | ')} |`);
  }
  return rows;
}

function weakestPoint(ds: DataSetResult, scenarios: Scenario[], result: AuditResult): string {
  if (ds.independence === null) return `none found up to ${plural(result.maxOrder, 'failure')}`;
  const own = new Set(ds.riskGroups.filter((g) => g.length === ds.independence).map((g) => JSON.stringify(g)));
  const mine = scenarios.filter((s) => s.events.length === ds.independence && own.has(JSON.stringify(s.events)));
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

function topRisks(result: AuditResult, scenarios: Scenario[]): string[] {
  if (scenarios.length === 0) {
    return [
      markdownText(
        `No combination of up to ${plural(result.maxOrder, 'failure')} loses any data set. Independence beyond that is not checked (raise --max-order to look further).`,
      ),
    ];
  }
  const criticalityOf = new Map(result.dataSets.map((d) => [d.id, d.criticality]));
  const probable = result.probability !== undefined;
  const lines = [
    probable
      ? 'Ranked by how critical the data is, then by how likely the failures are (most probable first), then by how few failures it takes.'
      : 'Ranked by how critical the data is, then by how few failures it takes, then by how much one event takes down.',
    '',
  ];
  scenarios.slice(0, TOP_RISKS).forEach((s, i) => {
    const likely = s.probability === undefined ? '' : ` (about ${perYear(s.probability)})`;
    const accepted = acceptance(s, result);
    lines.push(`${i + 1}. ${markdownText(scenarioSentence(s, result, criticalityOf))}${likely}${accepted === undefined ? '' : ` _${markdownText(accepted)}_`}`);
  });
  if (result.probability) lines.push('', `_${markdownText(assumptionNote(result.probability.policy))}_`);
  const more = scenarios.length - TOP_RISKS;
  if (more > 0) {
    lines.push(
      '',
      markdownText(`… and ${plural(more, 'more way')} to lose data with up to ${plural(result.maxOrder, 'failure')}; `) +
        `${markdownCode('bcaudit check --format json')} lists them all.`,
    );
  }
  return lines;
}

function diagramSection(result: AuditResult, scenarios: Scenario[]): string[] {
  if (result.dataSets.length === 0) return ['No data sets.'];
  const singlePoints = new Set(scenarios.filter((s) => s.events.length === 1).map((s) => s.events[0]!));
  // Most important data sets first, so those are the ones drawn when the diagram must be cut.
  const order = [...result.dataSets]
    .sort(
      (a, b) =>
        CRITICALITY_RANK[b.criticality] - CRITICALITY_RANK[a.criticality] ||
        (a.independence ?? Infinity) - (b.independence ?? Infinity) ||
        compareStrings(a.id, b.id),
    )
    .map((d) => d.id);
  const diagram = copiesDiagram(result.graph, result.inventory, { dataSets: order, singlePoints });
  const lines = [
    'Each data set, its copies, the targets they are on, the accounts those sit in and the providers behind them. ' +
      (singlePoints.size > 0
        ? 'Red boxes are single points of failure: one of them failing loses every copy of a data set. Dotted arrows show what else they take down.'
        : 'No single point of failure: no one box takes every copy of a data set with it.'),
    '',
    '```mermaid',
    diagram.source.trimEnd(),
    '```',
  ];
  if (diagram.omitted.length > 0) {
    lines.push(
      '',
      markdownText(
        `The diagram shows the ${plural(diagram.drawn.length, 'most important data set')}; ${plural(diagram.omitted.length, 'more is', 'more are')} left out so it stays readable: ${andList(diagram.omitted.slice(0, 10))}${diagram.omitted.length > 10 ? ', …' : ''}.`,
      ),
    );
  }
  return lines;
}

/** A fix and the open findings it removes. */
interface Fix {
  title: string;
  detail?: string;
  removes: Finding[];
  worst: number;
}

function fixes(result: AuditResult, open: Finding[]): string[] {
  if (open.length === 0) return ['Nothing to fix.'];
  const inv = result.inventory;
  const list: Fix[] = [];
  const covered = new Set<string>();

  // One copy that shares nothing with the others removes every single point of failure of a data
  // set at once (and a missing backup): any event it does not share leaves that copy standing.
  const singleSets = [...result.dataSets]
    .filter((d) => d.independence === 1)
    .sort((a, b) => CRITICALITY_RANK[b.criticality] - CRITICALITY_RANK[a.criticality] || compareStrings(a.id, b.id));
  for (const ds of singleSets) {
    const removes = open.filter(
      (f) => (f.rule === 'single-point-of-failure' || f.rule === 'no-backup') && f.dataSets.length === 1 && f.dataSets[0] === ds.id,
    );
    if (removes.length === 0) continue;
    for (const f of removes) covered.add(f.id);
    const store = inv.stores.get(ds.id)!;
    const provider = inv.accounts.get(store.account)?.provider;
    list.push({
      title: `Give ${ds.id} (${ds.criticality}) one copy that shares nothing with the others.`,
      detail:
        `Keep it at another provider${provider === undefined ? '' : ` than ${provider}`}, in a separate account with its own billing and admins, ` +
        `on an immutable or offline target, encrypted with a key kept elsewhere. Then losing ${ds.id} takes at least 2 separate failures instead of 1.`,
      removes,
      worst: Math.max(...removes.map((f) => SEVERITY_RANK[f.severity])),
    });
  }

  // Every other finding, grouped by the fix its rule proposes.
  const byRemedy = new Map<string, Finding[]>();
  for (const f of open) {
    if (covered.has(f.id)) continue;
    const group = byRemedy.get(f.remediation) ?? [];
    group.push(f);
    byRemedy.set(f.remediation, group);
  }
  const rest: Fix[] = [...byRemedy.entries()].map(([remediation, removes]) => ({
    title: remediation,
    ...(removes.length === 1 ? { detail: `Why: ${removes[0]!.message}` } : {}),
    removes,
    worst: Math.max(...removes.map((f) => SEVERITY_RANK[f.severity])),
  }));
  list.push(...rest);
  // The most critical data protected first, then the most risk removed (a fix that takes away
  // seven high findings before one that takes away a single critical one), then the order of the findings.
  const order = new Map(open.map((f, i) => [f.id, i]));
  const criticalityOf = new Map(result.dataSets.map((d) => [d.id, d.criticality]));
  const protects = (fix: Fix) => Math.max(-1, ...fix.removes.flatMap((f) => f.dataSets.map((d) => CRITICALITY_RANK[criticalityOf.get(d) ?? 'low'])));
  const weight = (fix: Fix) => fix.removes.reduce((n, f) => n + 2 ** SEVERITY_RANK[f.severity], 0);
  list.sort(
    (a, b) => protects(b) - protects(a) || weight(b) - weight(a) || b.worst - a.worst || order.get(a.removes[0]!.id)! - order.get(b.removes[0]!.id)!,
  );

  const lines: string[] = [];
  const changes = fixFirstChanges(result, 3);
  if (changes.length > 0 && result.probability) {
    lines.push(`The changes that cut the chance to lose ${scopeWords(result)} within a year the most:`, '');
    for (const c of changes) lines.push(`- **${markdownText(c.change)}**: ${percent(c.before)} → ${percent(c.after)}`);
    lines.push('', `_${markdownText(assumptionNote(result.probability.policy))}_`, '', 'Everything to fix, the most critical data first:', '');
  }
  // Single points of failure per data set, open ones only, to say which data sets a fix clears.
  const spofOf = new Map<string, Set<string>>();
  for (const f of open) {
    if (f.rule !== 'single-point-of-failure' && f.rule !== 'no-backup') continue;
    for (const d of f.dataSets) spofOf.set(d, new Set([...(spofOf.get(d) ?? []), f.id]));
  }
  const shown = list.slice(0, TOP_FIXES);
  shown.forEach((fix, i) => {
    lines.push(`${i + 1}. **${markdownText(fix.title)}**${fix.detail === undefined ? '' : ` ${markdownText(fix.detail)}`}`);
    const removed = new Set(fix.removes.map((f) => f.id));
    const cleared = [...spofOf].filter(([, ids]) => [...ids].every((id) => removed.has(id))).map(([d]) => d);
    const data = [...new Set(fix.removes.flatMap((f) => f.dataSets))];
    const facts = [`takes away ${plural(fix.removes.length, 'problem')}${data.length > 0 ? ` about ${andList(data.slice(0, 6))}${data.length > 6 ? ' and more' : ''}` : ''}`];
    if (cleared.length > 0) facts.push(`afterwards ${andList(cleared)} ${cleared.length === 1 ? 'has' : 'have'} no single point of failure left`);
    lines.push(`   - ${markdownText(facts.join('; '))} (see A${i + 1} in the appendix).`);
  });
  const remaining = list.slice(TOP_FIXES).reduce((n, f) => n + f.removes.length, 0);
  if (remaining > 0) {
    lines.push('', `${plural(remaining, 'more finding has', 'more findings have')} fixes of their own; ${markdownCode('bcaudit check')} lists them.`);
  }
  // The finding ids each change stands for, for whoever tracks them (waivers, tickets).
  lines.push('', '<details><summary>Appendix: the findings behind each change</summary>', '');
  shown.forEach((fix, i) => {
    const ids = fix.removes.slice(0, IDS_PER_FIX).map((f) => markdownCode(f.id));
    const more = fix.removes.length - IDS_PER_FIX;
    lines.push(`- A${i + 1}: ${ids.join(', ')}${more > 0 ? ` and ${more} more` : ''}`);
  });
  lines.push('', '</details>');
  return lines;
}

function waiverSection(result: AuditResult, now: string): string[] {
  const suppressed = result.findings.filter((f) => f.suppression);
  const reviews = [...result.waivers].sort(
    (a, b) => compareStrings(a.effectiveExpires, b.effectiveExpires) || compareStrings(a.subject, b.subject),
  );
  if (reviews.length === 0 && suppressed.length === 0) return ['None: every finding in this report counts.'];
  const lines: string[] = [];
  if (reviews.length > 0) {
    lines.push(
      '| Waiver for | Owner | Reason | Granted | Expires | Status | Renewals | Findings it covers |',
      '|---|---|---|---|---|---|---:|---:|',
    );
    for (const r of reviews) {
      const w = r.waiver;
      const covers = suppressed.filter((f) => f.suppression!.kind === 'waiver' && r.matches.includes(f.id)).length;
      lines.push(
        `| ${markdownCode(w.finding)} | ${markdownText(w.owner)} | ${markdownText(w.reason)} | ${w.granted ?? '—'} | ${r.effectiveExpires} | ` +
          `${markdownText(waiverStatus(r, now))} | ${w.renewals} | ${covers} of ${r.matches.length} |`,
      );
    }
  }
  if (suppressed.length > 0) {
    if (lines.length > 0) lines.push('');
    lines.push(`${plural(suppressed.length, 'finding is', 'findings are')} accepted and left out of the verdict:`, '');
    // One item per acceptance (same kind, owner, expiry and reason), naming every finding it covers.
    const groups = new Map<string, Finding[]>();
    for (const f of suppressed) {
      const s = f.suppression!;
      const key = JSON.stringify([s.kind, s.owner ?? null, s.expires ?? null, s.justification]);
      groups.set(key, [...(groups.get(key) ?? []), f]);
    }
    for (const findings of groups.values()) {
      const s = findings[0]!.suppression!;
      const by = s.kind === 'baseline' ? 'the baseline' : `a waiver${s.owner === undefined ? '' : ` of ${s.owner}`}`;
      const until = s.expires === undefined ? '' : ` until ${s.expires}`;
      const ids = findings.map((f) => `${markdownCode(f.id)} (${f.severity})`).join(', ');
      lines.push(`- ${markdownText(`Accepted by ${by}${until}: ${s.justification}`)}. Covers ${ids}.`);
    }
  }
  return lines;
}

function waiverStatus(r: WaiverReview, now: string): string {
  const notes: string[] = [];
  if (r.expired) notes.push(`expired ${plural(daysBetween(r.effectiveExpires, now), 'day')} ago: its findings count again`);
  else if (r.overRenewed) notes.push('renewed more often than the policy allows: its findings count again');
  else {
    const days = daysBetween(now, r.effectiveExpires);
    notes.push(days === 0 ? 'in force, expires today' : `in force, ${plural(days, 'day')} left`);
  }
  if (r.expired && r.overRenewed) notes.push('also renewed more often than the policy allows');
  if (r.tooLong) notes.push(`written for ${r.termDays} days, longer than the policy allows, so cut to ${r.effectiveExpires}`);
  return notes.join('; ');
}

function liveChecks(file: ObservationsFile | undefined): string[] {
  if (file === undefined) {
    return [
      `None for this report: everything above is what the inventory claims. ${markdownCode('bcaudit verify')} checks the claims against the live systems.`,
    ];
  }
  const list = [...file.observations].sort(
    (a, b) => compareStrings(a.section, b.section) || compareStrings(a.subject, b.subject) || compareStrings(a.probe, b.probe),
  );
  const lines = [
    markdownText(
      `bcaudit verify ${file.tool.version} checked ${plural(list.length, 'thing')} in the live systems from ${file.startedAt} to ${file.finishedAt}, ` +
        `against the inventory ${file.inventory.file}.`,
    ),
  ];
  if (list.length === 0) return lines;
  lines.push('', '| What | How | Result | What was seen | When |', '|---|---|---|---|---|');
  for (const o of list) {
    const cells = [`${o.section.replace(/s$/, '')} ${o.subject}`, probeName(o), STATUS_WORD[o.status], seen(o), o.finishedAt];
    lines.push(`| ${cells.map(markdownText).join(' | ')} |`);
  }
  return lines;
}

const STATUS_WORD: Record<Observation['status'], string> = {
  complete: 'checked',
  partial: 'partly checked',
  failed: 'could not be checked',
  skipped: 'skipped',
};

function probeName(o: Observation): string {
  switch (o.probe) {
    case 'aws-account':
      return 'AWS sign-in (STS)';
    case 's3-account':
      return `S3 sign-in at ${o.endpoint}`;
    case 's3-bucket':
      return `S3 bucket ${o.bucket}${o.prefix === '' ? '' : `/${o.prefix}`}`;
    case 'ssh-host':
      return `SSH ${o.user}@${o.host}:${o.port} ${o.path}`;
  }
}

/** The facts a probe saw, in a few words, then why anything could not be seen. */
function seen(o: Observation): string {
  const facts: string[] = [];
  switch (o.probe) {
    case 'aws-account':
      if (o.caller) facts.push(`reached account ${o.caller.account}`);
      break;
    case 's3-account':
      if (o.caller) facts.push(`reached owner ${o.caller.ownerId}`);
      break;
    case 's3-bucket':
      if (o.owner) facts.push(o.owner.result === 'match' ? `owned by ${o.owner.expected}` : `owner ${o.owner.result}${o.owner.actual ? ` (${o.owner.actual})` : ''}`);
      if (o.region !== null) facts.push(`region ${o.region}`);
      if (o.versioning !== null) facts.push(`versioning ${o.versioning}`);
      if (o.objectLock !== null) facts.push(o.objectLock.enabled ? `object lock ${o.objectLock.mode ?? 'without default retention'}` : 'no object lock');
      if (o.objects !== null) facts.push(o.objects.newest === null ? 'no objects' : `newest object ${o.objects.newest}`);
      break;
    case 'ssh-host':
      if (o.hostKey) facts.push(`host key ${o.hostKey.result}`);
      if (o.files !== null) facts.push(o.files.missing ? 'path missing' : o.files.newest === null ? 'no files' : `newest file ${o.files.newest}`);
      if (o.space !== null && o.space.totalBytes > 0) facts.push(`${Math.round((100 * o.space.availableBytes) / o.space.totalBytes)}% free`);
      break;
  }
  if (o.skippedBecause !== undefined) facts.push(`skipped because ${o.skippedBecause} failed`);
  for (const p of o.problems) facts.push(`${p.operation}: ${p.kind} (${p.reason})`);
  return facts.join('; ') || '—';
}
