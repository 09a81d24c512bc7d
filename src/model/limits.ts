// Defaults of the model's budgets, apart from the code they bound: the CLI reads them at start-up
// for its flags, and must not load the decision-diagram code to do so.

/** Default budget of BDD nodes of one decision diagram (the CLI's --max-bdd-nodes). */
export const DEFAULT_MAX_BDD_NODES = 300_000;
