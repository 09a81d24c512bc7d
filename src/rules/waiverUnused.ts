// A waiver that matches no finding.
import type { FindingDraft, WaiverRule } from './types.js';

export const waiverUnused: WaiverRule = {
  id: 'waiver-unused',
  title: 'Waiver matches nothing',
  defaultSeverity: 'info',
  docs: {
    checks: 'Waivers whose finding id or glob matches none of the findings of this run (of the rules the policy runs).',
    why: 'A waiver left behind after the risk was fixed, or with a mistyped id, silently waits to hide a future finding, or gives the false impression that a risk is being handled.',
    fix: 'Remove the waiver if the risk is fixed; otherwise correct its `finding` to the id bcaudit reports (see `bcaudit check --format json`).',
  },
  optionsSchema: { type: 'object', additionalProperties: false, properties: {} },
  defaultOptions: {},
  checkWaivers({ reviews }) {
    const drafts: FindingDraft[] = [];
    for (const r of reviews) {
      if (r.matches.length > 0) continue;
      drafts.push({
        subject: r.subject,
        message: `The waiver for ${r.waiver.finding} (owner ${r.waiver.owner}) matches no finding: the risk is gone, the rule does not run under this policy, or the id is mistyped.`,
        remediation: 'Remove the waiver, or correct its finding id to one that bcaudit reports.',
        path: r.path,
        pos: r.pos,
      });
    }
    return drafts;
  },
};
