// Probabilities in words, and the assumption behind them, said every time one is shown (DESIGN §3).
import type { ProbabilityResult } from '../model/lossFigures.js';

/** An annual probability as a percentage with two significant digits: `5.2%`, `0.031%`. */
export function percent(p: number): string {
  if (p <= 0 || p >= 1) return percentBound(p);
  const pct = p * 100;
  if (pct < 0.0001) return 'under 0.0001%';
  return `${Number(pct.toPrecision(2))}%`;
}

/**
 * With three significant digits and no floor, for comparing two figures (`simulate`'s before and
 * after): `17.5%`, `0.0012%`, `1.92e-6%`.
 */
export function precisePercent(p: number): string {
  if (p <= 0 || p >= 1) return percentBound(p);
  const pct = p * 100;
  // toPrecision gives 3 significant digits; Number() drops trailing zeros and any exponent.
  const text = Number(pct.toPrecision(3)).toString();
  return /e/.test(text) ? `${pct.toExponential(2)}%` : `${text}%`;
}

const percentBound = (p: number): string => (p <= 0 ? '0%' : '100%');

/** `5.2% a year`. */
export const perYear = (p: number): string => `${percent(p)} a year`;

/** The sentence that goes with every probability: they rest on the policy's assumed likelihoods. */
export function assumptionNote(policy: string): string {
  return `Probabilities are chances of loss within a year under the likelihoods assumed by policy ${policy} (its likelihood: map, overridable per entity); they rest on those assumptions and rank risks, they do not predict.`;
}

/** How many data sets the note on unknown figures names before "and N more". */
const NAMED = 5;

/**
 * Which loss probabilities are unknown and why, as one sentence; undefined when every figure was
 * computed. An unknown figure is never estimated: it is shown as unknown (DESIGN §3).
 */
export function unavailableNote(p: ProbabilityResult | undefined): string | undefined {
  if (!p || (p.unavailable.size === 0 && p.criticalUnavailable === null)) return undefined;
  const what: string[] = [];
  const ids = [...p.unavailable.keys()];
  if (ids.length > 0) {
    const named = ids.slice(0, NAMED).join(', ');
    what.push(`for ${ids.length === 1 ? 'data set' : 'data sets'} ${named}${ids.length > NAMED ? ` and ${ids.length - NAMED} more` : ''}`);
  }
  if (p.criticalUnavailable !== null) what.push(`for losing ${p.scope === 'critical' ? 'any critical data set' : 'any data set'} (so no "fix first")`);
  const reason = p.criticalUnavailable ?? [...p.unavailable.values()][0]!;
  return `Chance of loss unknown ${what.join(', and ')}: ${reason}; a higher limit takes more time and memory. Unknown figures are shown as unknown, never estimated.`;
}
