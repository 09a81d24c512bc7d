// A waiver written for longer than the policy allows.
import type { FindingDraft, WaiverRule } from './types.js';

export const waiverTooLong: WaiverRule = {
  id: 'waiver-too-long',
  title: 'Waiver runs longer than allowed',
  defaultSeverity: 'medium',
  docs: {
    checks:
      "Waivers whose term, from `granted` to `expires`, exceeds the policy's maximum (waivers.max_days, default 90). Such a waiver is cut, not ignored: it suppresses until `granted` + the maximum. Without `granted` the term is counted from the evaluation date.",
    why: 'A waiver that runs for a year is not an exception but a decision not to fix, taken once and never looked at again. Short terms force the owner to look at the risk again.',
    fix: "Set expires no later than granted + the policy's maximum, and renew the waiver (renewals + 1) if the risk is still accepted then.",
  },
  optionsSchema: { type: 'object', additionalProperties: false, properties: {} },
  defaultOptions: {},
  checkWaivers({ reviews, limits }) {
    const drafts: FindingDraft[] = [];
    for (const r of reviews) {
      if (!r.tooLong) continue;
      const from = r.waiver.granted === undefined ? 'from today' : `from ${r.waiver.granted}`;
      const cut = r.waiver.granted === undefined ? '' : ` It counts only until ${r.effectiveExpires}.`;
      drafts.push({
        subject: r.subject,
        message: `The waiver for ${r.waiver.finding} (owner ${r.waiver.owner}) runs ${r.termDays} days, ${from} to ${r.waiver.expires}; the policy allows ${limits.maxDays}.${cut}`,
        remediation: `Set expires no later than ${r.effectiveExpires === r.waiver.expires ? `${limits.maxDays} days after it is granted` : r.effectiveExpires}, and renew the waiver then if the risk is still accepted.`,
        path: r.path,
        pos: r.pos,
      });
    }
    return drafts;
  },
};
