/**
 * Fits a line to data with 20% gross outliers by least trimmed squares (model.ts), with the gradient from Cotangent's
 * reverse mode through a sort: `valueAndGrad(trimmedLoss)`. Ordinary least squares on the same data is printed for
 * comparison. The gradient is checked once against central finite differences.
 *
 * The output is read by test/e2e/examples.test.ts, so keep the "gradient check", "step … loss" and "fit" lines in
 * their format.
 */
import { valueAndGrad } from "cotangent";
import { leastSquares, trimmedLoss } from "./model";

const TRUE_LINE = [1.5, 2] as const;
const POINTS = 200;
const OUTLIERS = 40;
const KEEP = 140;
const STEPS = 60;
const PRINT_EVERY = 10;

/** A small deterministic generator (mulberry32), so that every run prints the same numbers. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let r = Math.imul(a ^ (a >>> 15), a | 1);
    r ^= r + Math.imul(r ^ (r >>> 7), r | 61);
    return ((r ^ (r >>> 14)) >>> 0) / 4294967296;
  };
}

// Points on the true line with small noise; the first OUTLIERS of them thrown far above it.
const random = mulberry32(2026);
const t = Array.from({ length: POINTS }, () => 4 * random() - 2);
const y = t.map(
  (ti, i) => TRUE_LINE[0] + TRUE_LINE[1] * ti + 0.1 * (random() - 0.5) + (i < OUTLIERS ? 8 + 4 * random() : 0),
);

const lossAndGrad = valueAndGrad(trimmedLoss);

/** The gradient in the line's two numbers by central differences, h = 1e-6 scaled to each. */
function centralDifferences(line: Float64Array): number[] {
  return [0, 1].map((k) => {
    const h = 1e-6 * Math.max(1, Math.abs(line[k]));
    const shifted = (delta: number) => {
      const moved = Float64Array.from(line);
      moved[k] += delta;
      return trimmedLoss(moved, t, y, KEEP);
    };
    return (shifted(h) - shifted(-h)) / (2 * h);
  });
}

// Start from ordinary least squares, which the outliers have pulled up and tilted.
const ordinary = leastSquares(t, y);
const line = Float64Array.from(ordinary);
const [, gradient] = lossAndGrad(line, t, y, KEEP);
const differences = centralDifferences(line);
const gradientError = Math.max(
  ...[0, 1].map((k) => Math.abs(gradient[k] - differences[k]) / Math.max(Math.abs(differences[k]), 1e-300)),
);
console.log(`gradient check: max relative error ${gradientError.toExponential(2)}`);

// Gradient descent with a step that halves while it does not lower the loss.
let step = 0.2;
for (let k = 0; k <= STEPS; k++) {
  const [value, g] = lossAndGrad(line, t, y, KEEP);
  if (k % PRINT_EVERY === 0) console.log(`step ${String(k).padStart(4)}  loss ${value.toExponential(6)}`);
  if (k === STEPS) break;
  for (;;) {
    const trial = Float64Array.from(line, (v, i) => v - step * g[i]);
    if (trimmedLoss(trial, t, y, KEEP) <= value || step < 1e-12) {
      line.set(trial);
      break;
    }
    step /= 2;
  }
  step *= 1.5;
}

const show = (l: ArrayLike<number>) => `intercept ${l[0].toFixed(4)}  slope ${l[1].toFixed(4)}`;
console.log(`true line:            ${show(TRUE_LINE)}`);
console.log(`least squares fit:    ${show(ordinary)}`);
console.log(`trimmed squares fit:  ${show(line)}`);
