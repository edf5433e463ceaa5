/**
 * Logistic regression: p(y = 1 | x) = σ(w·x + b). The loss is the mean binary cross-entropy, written on the logit z
 * so that it never takes the logarithm of a rounded-off probability:
 *
 *   −y·log σ(z) − (1 − y)·log(1 − σ(z)) = log(1 + eᶻ) − y·z = max(z, 0) + log1p(e^−|z|) − y·z
 *
 * The last form never overflows (e^−|z| ≤ 1) and is exact for large |z|, as in TensorFlow's
 * `sigmoid_cross_entropy_with_logits`. Its gradient is (σ(z) − y)·x, and Cotangent derives it from this source.
 */

/**
 * Mean binary cross-entropy of the model (w, b) on `n` rows of `d` features, `X` row-major and `y` in {0, 1}.
 * Only `w` and `b` are differentiated (`valueAndGrad(loss, [0, 1])`); the data are constants.
 */
// @differentiate
export function loss(w: Float64Array, b: number, X: Float64Array, y: Float64Array, n: number, d: number): number {
  let total = 0;
  for (let i = 0; i < n; i++) {
    let z = b;
    for (let j = 0; j < d; j++) z += w[j] * X[i * d + j];
    total += Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z))) - y[i] * z;
  }
  return total / n;
}

/** How many of the `n` rows the model classifies correctly, predicting class 1 where w·x + b > 0. */
export function correct(w: Float64Array, b: number, X: Float64Array, y: Float64Array, n: number, d: number): number {
  let count = 0;
  for (let i = 0; i < n; i++) {
    let z = b;
    for (let j = 0; j < d; j++) z += w[j] * X[i * d + j];
    if ((z > 0 ? 1 : 0) === y[i]) count++;
  }
  return count;
}
