// Ordering helpers for long lists of which only the first few are shown.

/**
 * The first `k` of 0..n-1 in the order `compare` gives (a total order): kept in a short sorted list
 * as they are met, so showing 5 of a data set's 400,000 groups does not sort all of them.
 */
export function firstInOrder(n: number, k: number, compare: (a: number, b: number) => number): number[] {
  if (k >= n / 8) return Array.from({ length: n }, (_, i) => i).sort(compare).slice(0, k);
  const best: number[] = [];
  for (let i = 0; i < n; i++) {
    if (best.length === k && compare(i, best[k - 1]!) >= 0) continue;
    let at = best.length === k ? k - 1 : best.length;
    while (at > 0 && compare(i, best[at - 1]!) < 0) {
      best[at] = best[at - 1]!;
      at--;
    }
    best[at] = i;
  }
  return best;
}

/** The largest of `values` (-Infinity when none): a loop, since Math.max(...values) overflows the stack past about 100,000 values. */
export function largest(values: Iterable<number>): number {
  let max = -Infinity;
  for (const v of values) if (v > max) max = v;
  return max;
}
