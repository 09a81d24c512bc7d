// Waivers: accepted risks with an owner, a reason, an expiry and a renewal limit (DESIGN §4).
import { inventorySchema } from '../inventory/load.js';
import { capProblems, sortProblems, type Problem } from '../inventory/problem.js';
import type { Waiver } from '../inventory/types.js';
import { validateAgainstSchema } from '../inventory/validate.js';
import { effectiveLimits, exactAffordable, parseYamlSource } from '../inventory/yamlSource.js';
import { addDays, daysBetween } from '../rules/facts.js';
import { withSuppression } from '../rules/finding.js';
import type { Finding } from '../rules/types.js';
import { renameDocument } from './problems.js';
import type { PlacedWaiver, WaiverPolicy, WaiverReview } from './types.js';

/**
 * Whether a finding id matches a waiver's glob: `*` matches any run of characters (slashes
 * included, so `restore-untested/db*` covers every backup of db), `?` one character (code point);
 * everything else stands for itself. Linear-time matching with one backtrack point (the last `*`),
 * at most glob × id steps: a regular expression would backtrack exponentially on a hostile glob
 * such as `*a*a*a*a*a*a*a*a*a*a*b` and hang the run.
 */
export function globMatches(glob: string, id: string): boolean {
  return globMatcher(glob)(id);
}

/** `globMatches` with the glob prepared once, for matching it against many ids. */
export function globMatcher(glob: string): (id: string) => boolean {
  const g = Array.from(glob);
  return (id) => matchChars(g, Array.from(id));
}

function matchChars(g: readonly string[], s: readonly string[]): boolean {
  let gi = 0;
  let si = 0;
  let star = -1;
  let starSi = 0;
  while (si < s.length) {
    if (gi < g.length && g[gi] !== '*' && (g[gi] === '?' || g[gi] === s[si])) {
      gi++;
      si++;
    } else if (gi < g.length && g[gi] === '*') {
      star = gi++;
      starSi = si;
    } else if (star >= 0) {
      gi = star + 1;
      si = ++starSi;
    } else {
      return false;
    }
  }
  while (gi < g.length && g[gi] === '*') gi++;
  return gi === g.length;
}

/**
 * The same glob as an anchored regular expression, for display and for other tools. Do not match
 * untrusted globs with it: use `globMatches`, which cannot backtrack exponentially.
 */
export function globToRegExp(glob: string): RegExp {
  const body = Array.from(glob, (ch) => {
    if (ch === '*') return '.*';
    if (ch === '?') return '.';
    return ch.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }).join('');
  return new RegExp(`^${body}$`, 'su');
}

/**
 * Judges every waiver and suppresses the findings the active ones match (the first matching waiver
 * wins). A waiver written for longer than the policy allows is cut to the allowed term, not ignored:
 * it suppresses until `granted` + max days, and waiver-too-long says so.
 */
export function applyWaivers(
  findings: readonly Finding[],
  waivers: readonly PlacedWaiver[],
  limits: WaiverPolicy,
  now: string,
): { findings: Finding[]; reviews: WaiverReview[] } {
  const seen = new Map<string, number>();
  const reviews = waivers.map(({ waiver, path }): WaiverReview & { pattern: { test(id: string): boolean } } => {
    const count = (seen.get(waiver.finding) ?? 0) + 1;
    seen.set(waiver.finding, count);
    const start = waiver.granted ?? now;
    const termDays = daysBetween(start, waiver.expires);
    const tooLong = termDays > limits.maxDays;
    const effectiveExpires = tooLong && waiver.granted !== undefined ? addDays(waiver.granted, limits.maxDays) : waiver.expires;
    const expired = daysBetween(effectiveExpires, now) > 0;
    const overRenewed = waiver.renewals > limits.maxRenewals;
    return {
      waiver,
      path,
      pos: waiver.pos,
      subject: count === 1 ? waiver.finding : `${waiver.finding}~${count}`,
      termDays,
      effectiveExpires,
      tooLong,
      expired,
      overRenewed,
      active: !expired && !overRenewed,
      matches: [],
      pattern: { test: globMatcher(waiver.finding) },
    };
  });

  const judged = findings.map((finding) => {
    let suppression: Finding['suppression'];
    for (const review of reviews) {
      if (!review.pattern.test(finding.id)) continue;
      review.matches.push(finding.id);
      if (review.active && suppression === undefined) {
        const { reason, owner } = review.waiver;
        suppression = { kind: 'waiver', justification: reason, owner, expires: review.effectiveExpires };
      }
    }
    return suppression === undefined ? finding : withSuppression(finding, suppression);
  });
  return { findings: judged, reviews: reviews.map(({ pattern: _pattern, ...review }) => review) };
}

const waiverFileSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'bcaudit waivers file',
  description: 'A list of waivers, each as in the `waivers:` section of an inventory.',
  type: ['array', 'null'],
  items: { $ref: '#/definitions/waiver' },
  definitions: inventorySchema.definitions,
};

export type WaiverFileResult = { ok: true; waivers: PlacedWaiver[] } | { ok: false; problems: Problem[] };

/** A --waivers file: a YAML list of waivers with the same fields as the inventory's. */
export function parseWaiverFile(text: string, file: string, exact = false): WaiverFileResult {
  const { maxProblems } = effectiveLimits(undefined);
  const parsed = parseYamlSource(text, file, { exact });
  if (!parsed.ok) return { ok: false, problems: capProblems(sortProblems(parsed.problems), maxProblems) };
  const { source } = parsed;
  const problems = validateAgainstSchema(waiverFileSchema, source);
  if (problems.length > 0) {
    // Problems are reported from the exact parser, so each has its exact position (when affordable).
    if (!exact && exactAffordable(text)) return parseWaiverFile(text, file, true);
    return { ok: false, problems: capProblems(sortProblems(renameDocument(problems, 'the waivers file')), maxProblems) };
  }
  const raw = (source.data ?? []) as Record<string, unknown>[];
  const waivers = raw.map((w, index): PlacedWaiver => {
    const waiver: Waiver = {
      index,
      pos: source.locate([index]),
      finding: w.finding as string,
      owner: w.owner as string,
      reason: w.reason as string,
      ...(typeof w.granted === 'string' ? { granted: w.granted } : {}),
      expires: w.expires as string,
      renewals: typeof w.renewals === 'number' ? w.renewals : 0,
    };
    return { waiver, path: [index] };
  });
  return { ok: true, waivers };
}
