// "Accepted risks (waivers)": every waiver with its status, and the findings accepted by waivers
// or a baseline.
import type { AuditResult } from '../../audit.js';
import type { WaiverReview } from '../../policy/types.js';
import { daysBetween, plural } from '../../rules/facts.js';
import type { Finding } from '../../rules/types.js';
import { compareStrings } from '../compareStrings.js';
import { markdownCode, markdownText } from '../sanitize.js';

export function waiverSection(result: AuditResult, now: string): string[] {
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
