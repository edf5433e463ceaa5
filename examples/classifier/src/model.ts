/**
 * A small neural classifier written the way TypeScript code is usually written: a class with methods, helpers that
 * return arrays, a parameter with a default, and a `throw` for bad input. Cotangent differentiates all of it: the
 * methods and the array-returning helpers are inlined where they are called, and the gradient in the model is a
 * plain object with the model's array fields.
 *
 *   hidden = tanh(W1·x + b1),  logits = W2·hidden + b2,  loss = mean cross-entropy + l2/2·(|W1|² + |W2|²)
 */

/** y = A·x + b for a row-major `rows × x.length` matrix A: a new array. */
export function affine(a: Float64Array, x: Float64Array, b: Float64Array): Float64Array {
  const n = x.length;
  const y = new Float64Array(b.length);
  for (let i = 0; i < b.length; i++) {
    let s = b[i];
    for (let j = 0; j < n; j++) s += a[i * n + j] * x[j];
    y[i] = s;
  }
  return y;
}

/** log Σ exp(z), shifted by max(z) so that no exponential overflows. */
export function logSumExp(z: Float64Array): number {
  let top = -Infinity;
  for (const v of z) top = Math.max(top, v);
  let sum = 0;
  for (const v of z) sum += Math.exp(v - top);
  return top + Math.log(sum);
}

export class Classifier {
  constructor(
    public w1: Float64Array,
    public b1: Float64Array,
    public w2: Float64Array,
    public b2: Float64Array,
    public readonly name = "mlp",
  ) {}

  hidden(x: Float64Array): Float64Array {
    return affine(this.w1, x, this.b1).map(Math.tanh);
  }

  logits(x: Float64Array): Float64Array {
    return affine(this.w2, this.hidden(x), this.b2);
  }

  squaredWeights(): number {
    let s = 0;
    for (const v of this.w1) s += v * v;
    for (const v of this.w2) s += v * v;
    return s;
  }
}

/** Mean cross-entropy of `model` on `n` rows of `X` (row-major, `d` features) with class labels, plus L2 decay. */
// @differentiate
export function loss(
  model: Classifier,
  X: Float64Array,
  labels: Float64Array,
  n: number,
  d: number,
  l2 = 1e-3,
): number {
  if (X.length !== n * d) throw new RangeError(`X holds ${X.length} values, not ${n} rows of ${d}`);
  let total = 0;
  for (let i = 0; i < n; i++) {
    const z = model.logits(X.slice(i * d, i * d + d));
    total += logSumExp(z) - z[labels[i]];
  }
  return total / n + 0.5 * l2 * model.squaredWeights();
}

/** How many rows the model labels correctly (the class with the largest logit). */
export function correct(model: Classifier, X: Float64Array, labels: Float64Array, n: number, d: number): number {
  let count = 0;
  for (let i = 0; i < n; i++) {
    const z = model.logits(X.slice(i * d, i * d + d));
    let best = 0;
    for (let k = 1; k < z.length; k++) if (z[k] > z[best]) best = k;
    if (best === labels[i]) count++;
  }
  return count;
}
