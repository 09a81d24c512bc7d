// A waiver past its expiry: the risk it covered counts again.
import { daysBetween, plural } from './facts.js';
import type { FindingDraft, WaiverRule } from './types.js';

export const waiverExpired: WaiverRule = {
  id: 'waiver-expired',
  title: 'Waiver expired',
  defaultSeverity: 'medium',
  docs: {
    checks: "Waivers whose expiry (cut to the policy's longest term) lies before the evaluation date (`--now`, default today). The findings they covered count again.",
    why: 'A risk exception is a promise to fix something by a date. When the date passes silently, the exception becomes permanent and nobody decided that: teams extended "temporary" exceptions for backups the cloud was assumed to provide until 90 days had long passed ("the cloud is not magic").',
    fix: 'Fix what the waiver covered; or, if the risk is still accepted, have its owner decide again and renew the waiver (new expires, renewals + 1) within the policy\'s limits.',
  },
  optionsSchema: { type: 'object', additionalProperties: false, properties: {} },
  defaultOptions: {},
  checkWaivers({ reviews, limits, now }) {
    const drafts: FindingDraft[] = [];
    for (const r of reviews) {
      if (!r.expired) continue;
      const written = r.waiver.expires;
      // Past its written expiry, or only past the policy's cut of a waiver written for too long.
      const when =
        daysBetween(written, now) > 0
          ? `expired on ${written}, ${plural(daysBetween(written, now), 'day')} ago`
          : `ran out on ${r.effectiveExpires}, ${limits.maxDays} days after it was granted (the policy's limit; it says expires ${written})`;
      const back = r.matches.length > 0 ? `the ${plural(r.matches.length, 'finding')} it covered count${r.matches.length === 1 ? 's' : ''} again` : 'it no longer matches any finding';
      drafts.push({
        subject: r.subject,
        message: `The waiver for ${r.waiver.finding} (owner ${r.waiver.owner}) ${when}: ${back}.`,
        remediation: r.matches.length > 0 ? `Fix ${someOf(r.matches)}; or have ${r.waiver.owner} decide again and renew the waiver within the policy's limits.` : 'Remove the waiver: what it covered is gone.',
        path: r.path,
        pos: r.pos,
      });
    }
    return drafts;
  },
};

/** The first few ids, and how many more. */
function someOf(ids: readonly string[], shown = 3): string {
  return ids.length <= shown ? ids.join(', ') : `${ids.slice(0, shown).join(', ')} and ${ids.length - shown} more`;
}
