// Probabilities for people: as percentages a year, and the policy they rest on (DESIGN §3
// "Likelihood": the figures are assumptions and every place that shows one says so).

/** An annual probability as a percentage with three significant digits: `17.5%`, `0.0012%`, `0%`. */
export function percent(p: number): string {
  if (p <= 0) return '0%';
  if (p >= 1) return '100%';
  const value = p * 100;
  // toPrecision gives 3 significant digits; Number() drops trailing zeros and any exponent.
  const text = Number(value.toPrecision(3)).toString();
  return /e/.test(text) ? `${value.toExponential(2)}%` : `${text}%`;
}

/** The sentence naming what a probability rests on. */
export function assumptionNote(policy: string): string {
  return `Annual probabilities from the likelihoods of policy ${policy}: assumptions, not measurements (docs/likelihood.md).`;
}
