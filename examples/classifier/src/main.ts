/**
 * Trains the classifier of model.ts on three Gaussian blobs by gradient descent, with the gradient in the model
 * object from Cotangent's reverse mode: `valueAndGrad(loss)` returns the loss and `{ w1, b1, w2, b2 }`.
 *
 * Before training, the gradient is checked once against central finite differences. The output is read by
 * test/e2e/examples.test.ts, so keep the "gradient check", "step … loss" and "accuracy" lines in their format.
 */
import { valueAndGrad } from "cotangent";
import { Classifier, correct, loss } from "./model";

/** mulberry32 (Tommy Ettinger): a seeded uniform generator in [0, 1), so that every run sees the same data. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const random = mulberry32(11);
const gaussian = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());

// Three blobs in the plane, 60 points each.
const d = 2;
const classes = 3;
const n = 180;
const centers = [
  [-1.5, 0],
  [1.5, 0.5],
  [0, 1.8],
];
const X = new Float64Array(n * d);
const labels = new Float64Array(n);
for (let i = 0; i < n; i++) {
  labels[i] = i % classes;
  for (let j = 0; j < d; j++) X[i * d + j] = centers[i % classes][j] + 0.6 * gaussian();
}

const hiddenUnits = 8;
const weights = (length: number, scale: number) => Float64Array.from({ length }, () => scale * gaussian());
const model = new Classifier(
  weights(hiddenUnits * d, 0.5),
  weights(hiddenUnits, 0.1),
  weights(classes * hiddenUnits, 0.5),
  weights(classes, 0.1),
);
const lossAndGrad = valueAndGrad(loss);

// The gradient in every weight against central differences of the loss, at the starting point.
{
  const [, gradient] = lossAndGrad(model, X, labels, n, d);
  let worst = 0;
  for (const field of ["w1", "b1", "w2", "b2"] as const) {
    const values = model[field];
    for (let k = 0; k < values.length; k++) {
      const saved = values[k];
      const h = 1e-5 * Math.max(1, Math.abs(saved));
      values[k] = saved + h;
      const up = loss(model, X, labels, n, d);
      values[k] = saved - h;
      const down = loss(model, X, labels, n, d);
      values[k] = saved;
      const difference = (up - down) / (2 * h);
      const exact = gradient[field][k];
      worst = Math.max(worst, Math.abs(exact - difference) / Math.max(1e-8, Math.abs(exact), Math.abs(difference)));
    }
  }
  console.log(`data: ${n} points in ${d}-D from ${classes} Gaussian blobs; ${hiddenUnits} hidden units`);
  console.log(`gradient check: max relative error ${worst.toExponential(2)}`);
}

const STEPS = 300;
const LEARNING_RATE = 0.5;
for (let step = 0; step <= STEPS; step++) {
  const [value, gradient] = lossAndGrad(model, X, labels, n, d);
  if (step % 50 === 0) console.log(`step ${String(step).padStart(3)} loss ${value.toFixed(6)}`);
  for (const field of ["w1", "b1", "w2", "b2"] as const) {
    const values = model[field];
    for (let k = 0; k < values.length; k++) values[k] -= LEARNING_RATE * gradient[field][k];
  }
}

const right = correct(model, X, labels, n, d);
console.log(`accuracy: ${((100 * right) / n).toFixed(1)}% (${right} of ${n} points)`);

// Bad input gets the primal's error from the gradient too.
try {
  lossAndGrad(model, X.subarray(0, 10), labels, n, d);
} catch (error) {
  console.log(`bad input: ${(error as Error).name}: ${(error as Error).message}`);
}
