/**
 * L2-regularized logistic regression with a bias, as one differentiable function of the weights. The data (`X`
 * row-major, labels `y` in {0, 1}) are parameters that are not differentiated.
 */

/**
 * Mean cross-entropy of sigmoid(w₀ + w₁x₁ + … ) against the labels, plus λ/2·‖w‖². Written with the stable form
 * log(1 + eᶻ) − y·z, so large |z| neither overflows nor loses the small term.
 */
// @differentiate
export function loss(w: Float64Array, X: Float64Array, y: Float64Array, n: number, lambda: number): number {
  const d = w.length - 1;
  let total = 0;
  for (let i = 0; i < n; i++) {
    let z = w[0];
    for (let j = 0; j < d; j++) z += w[j + 1] * X[i * d + j];
    const softplus = z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
    total += softplus - y[i] * z;
  }
  let norm = 0;
  for (let j = 0; j < w.length; j++) norm += w[j] * w[j];
  return total / n + 0.5 * lambda * norm;
}
