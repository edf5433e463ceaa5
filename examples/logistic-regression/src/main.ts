/**
 * Fits a logistic regression by gradient descent, with the gradient from Cotangent's reverse mode:
 * `valueAndGrad(loss, [0, 1])` returns the loss and its gradient in w (a Float64Array, the shape of w) and b.
 *
 * Before training, the gradient is checked once against central finite differences and against the formula written
 * out by hand. The output is read by test/e2e/examples.test.ts, so keep the "gradient check" and "step … loss" lines
 * in their format.
 */
import { valueAndGrad } from "cotangent";
import { twoBlobs, mulberry32, gaussian } from "./data";
import { loss, correct } from "./model";

const STEPS = 200;
const PRINT_EVERY = 20;
const LEARNING_RATE = 0.5;

const { X, y, n, d } = twoBlobs(200, 2024);
const lossAndGrad = valueAndGrad(loss, [0, 1]);

// Start from small random weights rather than zero, so that no partial of the gradient check is exactly zero.
const random = mulberry32(7);
const w = Float64Array.from({ length: d }, () => 0.1 * gaussian(random));
let b = 0.1 * gaussian(random);

/** |a − b| / max(|a|, |b|): 0 when both are equal, including both zero. */
const relativeError = (a: number, b: number): number =>
  a === b ? 0 : Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b));

/** Largest relative error between two gradients, partial by partial. */
const maxRelativeError = (a: readonly number[], b: readonly number[]): number =>
  Math.max(...a.map((ak, k) => relativeError(ak, b[k])));

/** The gradient written out by hand, for comparison: ∂L/∂w = mean((σ(z) − y)·x) and ∂L/∂b = mean(σ(z) − y). */
function handGradient(w: Float64Array, b: number): number[] {
  const partials = new Array<number>(d + 1).fill(0);
  for (let i = 0; i < n; i++) {
    let z = b;
    for (let j = 0; j < d; j++) z += w[j] * X[i * d + j];
    const residual = 1 / (1 + Math.exp(-z)) - y[i];
    for (let j = 0; j < d; j++) partials[j] += (residual * X[i * d + j]) / n;
    partials[d] += residual / n;
  }
  return partials;
}

/**
 * The gradient in (w, b) by central differences, (L(θ + h·eₖ) − L(θ − h·eₖ)) / 2h, with h scaled to |θₖ|. The error
 * is O(h²) from truncation plus O(ε/h) from rounding; h = 1e-5, near ε^(1/3), balances the two at about 1e-10.
 */
function centralDifferences(w: Float64Array, b: number): number[] {
  const partials: number[] = [];
  for (let k = 0; k <= d; k++) {
    const theta = k < d ? w[k] : b;
    const h = 1e-5 * Math.max(1, Math.abs(theta));
    const at = (value: number): number => {
      const shifted = Float64Array.from(w);
      if (k < d) shifted[k] = value;
      return loss(shifted, k < d ? b : value, X, y, n, d);
    };
    partials.push((at(theta + h) - at(theta - h)) / (2 * h));
  }
  return partials;
}

let checkFailed = false;
{
  const [, [gw, gb]] = lossAndGrad(w, b, X, y, n, d);
  const reverse = [...gw, gb];
  const fd = centralDifferences(w, b);
  const hand = handGradient(w, b);
  const show = (g: readonly number[]) => `[${g.map((v) => v.toFixed(10)).join(", ")}]`;
  console.log(`data: ${n} points in ${d}-D from two Gaussian blobs (seed 2024)`);
  console.log("gradient (dL/dw1, dL/dw2, dL/db) at the starting point:");
  console.log(`  reverse mode (Cotangent)  ${show(reverse)}`);
  console.log(`  central differences       ${show(fd)}`);
  console.log(`  hand-derived formula      ${show(hand)}`);
  const vsFd = maxRelativeError(reverse, fd);
  const vsHand = maxRelativeError(reverse, hand);
  console.log(`gradient check: max relative error ${vsFd.toExponential(2)}`);
  console.log(`reverse mode vs formula: max relative error ${vsHand.toExponential(2)}`);
  console.log("");
  // Reverse mode is exact up to rounding; central differences are good to about 1e-9 here.
  checkFailed = !(vsFd < 1e-6 && vsHand < 1e-12);
}

console.log(`gradient descent, learning rate ${LEARNING_RATE}, ${STEPS} steps`);
for (let step = 0; step <= STEPS; step++) {
  const [value, [gw, gb]] = lossAndGrad(w, b, X, y, n, d);
  if (step % PRINT_EVERY === 0) console.log(`step ${String(step).padStart(3)}  loss ${value.toFixed(8)}`);
  if (step === STEPS) break;
  for (let j = 0; j < d; j++) w[j] -= LEARNING_RATE * gw[j];
  b -= LEARNING_RATE * gb;
}

const right = correct(w, b, X, y, n, d);
console.log("");
console.log(`model: w = [${Array.from(w, (v) => v.toFixed(4)).join(", ")}], b = ${b.toFixed(4)}`);
console.log(`accuracy: ${((100 * right) / n).toFixed(1)}% (${right} of ${n} points)`);

if (checkFailed) {
  console.error("logistic-regression: the gradient disagrees with central differences or the formula");
  process.exitCode = 1;
}
