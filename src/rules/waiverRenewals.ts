// A waiver renewed more often than the policy allows.
import type { FindingDraft, WaiverRule } from './types.js';

export const waiverRenewals: WaiverRule = {
  id: 'waiver-renewals',
  title: 'Waiver renewed too often',
  defaultSeverity: 'medium',
  docs: {
    checks: "Waivers whose `renewals` exceed the policy's maximum (waivers.max_renewals, default 2). Such a waiver no longer suppresses anything.",
    why: 'An exception renewed again and again is a decision nobody is making: the risk has become permanent without anyone accepting it. Teams renewed exceptions for "the cloud backs it up" until the gap was a year old ("the cloud is not magic").',
    fix: 'Fix the finding, or escalate: whoever may accept the risk for good must decide, and record it in a policy (turn the rule off or change its severity for this case) rather than in an ever-renewed waiver.',
  },
  optionsSchema: { type: 'object', additionalProperties: false, properties: {} },
  defaultOptions: {},
  checkWaivers({ reviews, limits }) {
    const drafts: FindingDraft[] = [];
    for (const r of reviews) {
      if (!r.overRenewed) continue;
      drafts.push({
        subject: r.subject,
        message: `The waiver for ${r.waiver.finding} (owner ${r.waiver.owner}) has been renewed ${r.waiver.renewals} times; the policy allows ${limits.maxRenewals}. It no longer suppresses anything.`,
        remediation: `Fix what the waiver covers, or have someone who may accept the risk for good decide, instead of renewing it again.`,
        path: r.path,
        pos: r.pos,
      });
    }
    return drafts;
  },
};
