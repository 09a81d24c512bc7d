// Each factor's "product of the others", without division, so that factors 0 and 1 stay exact:
// the derivative of a product by each factor (products and clauses of the counter's circuit in
// clauseCount.ts; assembly/quantifier.ts's closed forms compute it the same way). Pure.

/**
 * out[i] = scale · Π_{j≠i} factors[j] for i < n (multiplied in the order (scale · prefix) · suffix);
 * returns Π factors[0..n), multiplied left to right. `out` is another array than `factors`.
 */
export function productsOfOthers(factors: Float64Array, n: number, out: Float64Array, scale = 1): number {
  let prefix = 1;
  for (let i = 0; i < n; i++) {
    out[i] = scale * prefix;
    prefix *= factors[i]!;
  }
  let suffix = 1;
  for (let i = n - 1; i >= 0; i--) {
    out[i] = out[i]! * suffix;
    suffix *= factors[i]!;
  }
  return prefix;
}
