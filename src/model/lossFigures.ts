// The figures of the loss-probability analysis (DESIGN §3 "Likelihood") and what is read from
// them, apart from the decision diagrams that compute them (probability.ts): reports import this
// module, and only commands that compute probabilities load the diagram code. Pure.

export interface EventImportance {
  event: string;
  /** The event's annual probability. */
  probability: number;
  /** P(event | loss): share of the loss probability in scenarios where the event occurs. */
  fussellVesely: number;
  /** P(loss) / P(loss | event impossible); Infinity when the loss needs the event. */
  riskReductionWorth: number;
  /** P(loss | event impossible). */
  lossWithout: number;
}

export interface LossAnalysis {
  lossProbability: number;
  /** Every event the loss depends on, by lossWithout ascending (biggest cut first), then id. */
  importance: EventImportance[];
}

export interface ProbabilityResult {
  /** Name of the policy the likelihoods come from. */
  policy: string;
  /** Annual probability of every basic event of the graph, by event id. */
  eventProbability: ReadonlyMap<string, number>;
  /** Every data set whose figures were computed. */
  dataSets: ReadonlyMap<string, LossAnalysis>;
  /** The data sets whose figures are unavailable, with the reason (the exact computation is over its budget). */
  unavailable: ReadonlyMap<string, string>;
  /** Probability that any data set of `scope` is lost, with importance; null without data sets, or when unavailable. */
  critical: LossAnalysis | null;
  /** Why `critical` is null although the scope has data sets; null otherwise. */
  criticalUnavailable: string | null;
  /** `critical`: over the critical data sets; `all`: over all data sets, when none is critical. */
  scope: 'critical' | 'all';
  /** How the figures were computed (for benchmarks and tests). */
  work: Work;
}

export interface Work {
  /** Trees computed on their own: data sets, their modules, the OR over the critical scope. */
  trees: number;
  /** Of those, the ones that needed a decision diagram (the rest were closed forms over modules). */
  diagrams: number;
  /** Of those, the ones computed from their clauses instead (their diagram grew large). */
  fromClauses: number;
  /** Nodes of the largest diagram (or clause circuit) built within the budget. */
  largestDiagram: number;
}

/** Loss probabilities of every data set and of the critical scope under one probability assignment; null where unavailable. */
export interface LossProbabilities {
  dataSets: Map<string, number | null>;
  critical: number | null;
  scope: 'critical' | 'all';
  /** Why some figure is null although the scope has data sets: its exact computation is over the node budget. */
  unavailable: string | null;
}

/** Probability of a risk group: its events are independent, so the product of theirs. */
export function groupProbability(group: readonly string[], eventProbability: ReadonlyMap<string, number>): number {
  let p = 1;
  for (const id of group) p *= eventProbability.get(id) ?? 0;
  return p;
}

/**
 * The `n` events whose removal (made impossible) cuts the loss probability of the critical scope
 * most, with the probability before and after; only events that cut it at all.
 */
export function fixFirst(result: ProbabilityResult, n: number): { event: string; before: number; after: number }[] {
  const critical = result.critical;
  if (critical === null) return [];
  return critical.importance
    .filter((i) => i.lossWithout < critical.lossProbability)
    .slice(0, Math.max(0, n))
    .map((i) => ({ event: i.event, before: critical.lossProbability, after: i.lossWithout }));
}
