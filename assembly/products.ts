// Each factor's "product of the others", without division, so that factors 0 and 1 stay exact: the
// derivative of a product by each factor (the counter's clauses and products, the quantifier's
// closed forms).

/**
 * out[i] = scale · Π_{j≠i} factors[j] for i < n, multiplied in the order (scale · prefix) · suffix;
 * returns Π factors[0..n), multiplied left to right. `out` is another array than `factors`.
 */
export function productsOfOthers(factors: StaticArray<f64>, n: i32, out: StaticArray<f64>, scale: f64): f64 {
  let prefix: f64 = 1;
  for (let i = 0; i < n; i++) {
    unchecked((out[i] = scale * prefix));
    prefix *= unchecked(factors[i]);
  }
  let suffix: f64 = 1;
  for (let i = n - 1; i >= 0; i--) {
    unchecked((out[i] = out[i] * suffix));
    suffix *= unchecked(factors[i]);
  }
  return prefix;
}
