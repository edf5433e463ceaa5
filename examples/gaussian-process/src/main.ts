/**
 * Fits a Gaussian process's three hyperparameters to noisy samples of a smooth function by gradient descent on the
 * negative log marginal likelihood (model.ts), with the gradient from Cotangent's reverse mode through the kernel
 * matrix, its Cholesky factor and a triangular solve: `valueAndGrad(negativeLogLikelihood)`. The gradient is checked
 * once against central finite differences and against the closed form of Rasmussen & Williams (eq. 5.9),
 * ∂NLML/∂θⱼ = ½ tr((K⁻¹ − ααᵀ) ∂K/∂θⱼ) with α = K⁻¹y, computed here without AD.
 *
 * The output is read by test/e2e/examples.test.ts, so keep the "check", "step … loss" and "noise" lines in their
 * format.
 */
import { valueAndGrad } from "cotangent";
import { cholesky, kernelMatrix, negativeLogLikelihood } from "./model";

const POINTS = 40;
const TRUE_NOISE = 0.1;
const STEPS = 60;
const PRINT_EVERY = 10;

/** A uniform number in [0, 1) from an integer, by the classic sine hash: the same data on every run. */
const uniform = (k: number) => {
  const v = Math.sin(12.9898 * k + 78.233) * 43758.5453;
  return v - Math.floor(v);
};

/** A roughly standard normal number: a sum of 12 uniforms less 6 (Irwin–Hall). */
const normal = (k: number) => Array.from({ length: 12 }, (_, m) => uniform(12 * k + m)).reduce((s, u) => s + u) - 6;

// Inputs spread over [-3, 3], outputs a smooth trend plus noise of standard deviation TRUE_NOISE.
const t = Array.from({ length: POINTS }, (_, i) => -3 + (6 * (i + uniform(1000 + i))) / POINTS);
const y = t.map((ti, i) => Math.sin(2 * ti) + 0.5 * ti + TRUE_NOISE * normal(i));

const lossAndGrad = valueAndGrad(negativeLogLikelihood);

/** The gradient by central differences, h = 1e-6. */
function centralDifferences(theta: Float64Array): number[] {
  return [0, 1, 2].map((k) => {
    const shifted = (delta: number) => {
      const moved = Float64Array.from(theta);
      moved[k] += delta;
      return negativeLogLikelihood(moved, t, y);
    };
    return (shifted(1e-6) - shifted(-1e-6)) / 2e-6;
  });
}

/** K⁻¹ from K's Cholesky factor: column by column, forward then back substitution. */
function inverse(k: number[][]): number[][] {
  const L = cholesky(k);
  const n = k.length;
  const columns = Array.from({ length: n }, (_, c) => {
    const z = new Array<number>(n).fill(0);
    for (let i = 0; i < n; i++) {
      let s = i === c ? 1 : 0;
      for (let j = 0; j < i; j++) s -= L[i][j] * z[j];
      z[i] = s / L[i][i];
    }
    for (let i = n - 1; i >= 0; i--) {
      let s = z[i];
      for (let j = i + 1; j < n; j++) s -= L[j][i] * z[j];
      z[i] = s / L[i][i];
    }
    return z;
  });
  return columns; // symmetric: its columns are its rows
}

/** Rasmussen & Williams eq. 5.9: ½ tr((K⁻¹ − ααᵀ) ∂K/∂θⱼ), with the three kernel derivatives written out. */
function closedFormGradient(theta: Float64Array): number[] {
  const n = t.length;
  const kInverse = inverse(kernelMatrix(t, theta));
  const alpha = kInverse.map((row) => row.reduce((s, v, j) => s + v * y[j], 0));
  const lengthscale = Math.exp(theta[0]);
  const signal = Math.exp(2 * theta[1]);
  const noise = Math.exp(2 * theta[2]);
  const gradient = [0, 0, 0];
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const r = (t[i] - t[j]) / lengthscale;
      const shape = signal * Math.exp(-0.5 * r * r);
      const weight = 0.5 * (kInverse[i][j] - alpha[i] * alpha[j]);
      gradient[0] += weight * shape * r * r;
      gradient[1] += weight * 2 * shape;
      if (i === j) gradient[2] += weight * 2 * noise;
    }
  }
  return gradient;
}

const theta = Float64Array.from([0, 0, Math.log(0.5)]);
const [, gradient] = lossAndGrad(theta, t, y);
const relativeError = (reference: number[]) =>
  Math.max(...reference.map((r, k) => Math.abs(gradient[k] - r) / Math.max(Math.abs(r), 1e-300)));
console.log(`gradient check: max relative error ${relativeError(centralDifferences(theta)).toExponential(2)}`);
console.log(`closed form check: max relative error ${relativeError(closedFormGradient(theta)).toExponential(2)}`);

// Gradient descent with a step that halves while it does not lower the loss.
let step = 0.05;
for (let k = 0; k <= STEPS; k++) {
  const [value, g] = lossAndGrad(theta, t, y);
  if (k % PRINT_EVERY === 0) console.log(`step ${String(k).padStart(4)}  loss ${value.toFixed(6)}`);
  if (k === STEPS) break;
  for (;;) {
    const trial = Float64Array.from(theta, (v, i) => v - step * g[i]);
    if (negativeLogLikelihood(trial, t, y) <= value || step < 1e-12) {
      theta.set(trial);
      break;
    }
    step /= 2;
  }
  step *= 1.5;
}

console.log(`length scale ${Math.exp(theta[0]).toFixed(4)}  signal ${Math.exp(theta[1]).toFixed(4)}`);
console.log(`noise ${Math.exp(theta[2]).toFixed(4)} (true ${TRUE_NOISE})`);
