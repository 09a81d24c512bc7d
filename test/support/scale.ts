// How much the heavy property, fuzz and bomb tests do. By default a quick count that keeps
// `npm test` under 3 minutes on a 2-core machine; BCAUDIT_TEST_FULL=1 runs the full counts
// (about 4 minutes more; CI can afford it). Specific variables (ORACLE_COUNT, BCAUDIT_FUZZ_RUNS, …)
// still override either.
export const FULL = process.env.BCAUDIT_TEST_FULL === '1';

/** `quick` normally, `full` with BCAUDIT_TEST_FULL=1. */
export const scaled = (quick: number, full: number): number => (FULL ? full : quick);
