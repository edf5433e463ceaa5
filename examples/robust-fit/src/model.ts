/**
 * Least trimmed squares: fit the line a + b·t to points (t, y) by the mean of the `keep` smallest squared residuals,
 * so that the largest residuals, the outliers', do not pull the line. Cotangent differentiates it through the sort:
 * the derivative of a sorted array is the permutation the sort applied, so each kept residual passes its gradient
 * back to its own point, and the trimmed ones pass none.
 */

// @differentiate
export function trimmedLoss(line: Float64Array, t: readonly number[], y: readonly number[], keep: number): number {
  let squares = t.map((ti, i) => {
    const residual = y[i] - (line[0] + line[1] * ti);
    return residual * residual;
  });
  // Smallest first: the sort reorders squares in place, and slice keeps its head.
  squares = squares.sort((p, q) => p - q).slice(0, keep);
  return squares.reduce((sum, s) => sum + s) / keep;
}

/** Ordinary least squares for comparison: the closed form, which every outlier pulls. */
export function leastSquares(t: readonly number[], y: readonly number[]): [number, number] {
  const n = t.length;
  const meanT = t.reduce((s, v) => s + v, 0) / n;
  const meanY = y.reduce((s, v) => s + v, 0) / n;
  let covariance = 0;
  let variance = 0;
  for (let i = 0; i < n; i++) {
    covariance += (t[i] - meanT) * (y[i] - meanY);
    variance += (t[i] - meanT) * (t[i] - meanT);
  }
  const slope = covariance / variance;
  return [meanY - slope * meanT, slope];
}
