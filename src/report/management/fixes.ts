// "What to fix first": changes in plain words, the most critical data first, each saying which
// data sets stop having a single point of failure; an appendix maps them to finding ids.
import type { AuditResult } from '../../audit.js';
import { andList } from '../../model/describe.js';
import { CRITICALITY_RANK, plural } from '../../rules/facts.js';
import type { Finding } from '../../rules/types.js';
import { SEVERITY_RANK } from '../../rules/types.js';
import { largest } from '../../util/order.js';
import { compareStrings } from '../compareStrings.js';
import { assumptionNote, percent, unavailableNote } from '../likelihoodWords.js';
import { fixFirstChanges, scopeWords } from '../rootCauses.js';
import { markdownCode, markdownText } from '../sanitize.js';

/** Fixes listed under "what to fix first". */
const TOP_FIXES = 8;
/** Finding ids named per fix before "and N more". */
const IDS_PER_FIX = 8;

/** A fix and the open findings it removes. */
interface Fix {
  title: string;
  detail?: string;
  removes: Finding[];
  worst: number;
}

export function fixes(result: AuditResult, open: Finding[]): string[] {
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
      worst: largest(removes.map((f) => SEVERITY_RANK[f.severity])),
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
    worst: largest(removes.map((f) => SEVERITY_RANK[f.severity])),
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
  const unknown = unavailableNote(result.probability);
  if (unknown) lines.push(`_${markdownText(unknown)}_`, '');
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
