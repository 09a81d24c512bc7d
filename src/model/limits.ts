// Defaults of the model's budgets, apart from the code they bound: the CLI reads them at start-up
// for its flags, and must not load the decision-diagram code to do so.

/** Default budget of BDD nodes of one decision diagram (the CLI's --max-bdd-nodes). */
export const DEFAULT_MAX_BDD_NODES = 300_000;

/**
 * Most nodes a decision diagram holds whatever its budget (MOST_NODES of
 * assembly/decisionDiagram.ts: its tables stay within WebAssembly's 4 GB of memory).
 */
export const MOST_BDD_NODES = 2 ** 24;

/** `300,000`: a budget as messages write it (what toLocaleString('en') gives, without loading ICU's number formats on first use). */
export function groupDigits(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** Thrown when a BDD grows past its budget: the exact probability would take too long or too much memory. */
export class BddLimitError extends Error {
  constructor(readonly limit: number) {
    super(`the exact computation needs a decision diagram of more than ${groupDigits(limit)} nodes (--max-bdd-nodes)`);
  }
}
