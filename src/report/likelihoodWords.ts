// Probabilities in words, and the assumption behind them, said every time one is shown (DESIGN §3).

/** An annual probability as a percentage with two significant digits: `5.2%`, `0.031%`. */
export function percent(p: number): string {
  if (p <= 0) return '0%';
  if (p >= 1) return '100%';
  const pct = p * 100;
  if (pct < 0.0001) return 'under 0.0001%';
  return `${Number(pct.toPrecision(2))}%`;
}

/** `5.2% a year`. */
export const perYear = (p: number): string => `${percent(p)} a year`;

/** The sentence that goes with every probability: they rest on the policy's assumed likelihoods. */
export function assumptionNote(policy: string): string {
  return `Probabilities are chances of loss within a year under the likelihoods assumed by policy ${policy} (its likelihood: map, overridable per entity); they rest on those assumptions and rank risks, they do not predict.`;
}
