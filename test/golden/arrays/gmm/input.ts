import { grad, jvp } from "cotangent";

const D = 2;
const K = 3;

/** ADBench's GMM objective (d = 2, K = 3): negative log-likelihood under a mixture with a Wishart prior. */
// @differentiate
export function f(alphas: Float64Array, means: Float64Array, icf: Float64Array, x: Float64Array): number {
  const icfSize = (D * (D + 1)) / 2;
  const n = x.length / D;
  const mainTerm = new Float64Array(K);
  const centered = new Float64Array(D);
  const qx = new Float64Array(D);
  let sumLse = 0;
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < K; c++) {
      let sumQ = 0;
      for (let j = 0; j < D; j++) {
        sumQ += icf[c * icfSize + j];
        centered[j] = x[i * D + j] - means[c * D + j];
        qx[j] = Math.exp(icf[c * icfSize + j]) * centered[j];
      }
      qx[1] += icf[c * icfSize + D] * centered[0];
      let sq = 0;
      for (let j = 0; j < D; j++) sq += qx[j] * qx[j];
      mainTerm[c] = alphas[c] + sumQ - 0.5 * sq;
    }
    let top = mainTerm[0];
    for (let c = 1; c < K; c++) top = Math.max(top, mainTerm[c]);
    let sum = 0;
    for (let c = 0; c < K; c++) sum += Math.exp(mainTerm[c] - top);
    sumLse += top + Math.log(sum);
  }
  let alphaSum = 0;
  for (let c = 0; c < K; c++) alphaSum += Math.exp(alphas[c]);
  let prior = 0;
  for (let q = 0; q < icf.length; q++) prior += 0.5 * icf[q] * icf[q];
  return sumLse - n * Math.log(alphaSum) + prior;
}

export const point = [
  new Float64Array([0.2, -0.4, 0.1]),
  new Float64Array([0.5, -0.3, 1.1, 0.4, -0.8, 0.9]),
  new Float64Array([0.1, -0.2, 0.3, 0.05, 0.15, -0.25, 0.2, 0.1, -0.1]),
  new Float64Array([0.3, 0.7, -1.2, 0.4, 0.9, -0.5, 1.5, 1.1]),
];
export const gradient = grad(f, [0, 1, 2, 3]);
export const tangent = (
  p: [Float64Array, Float64Array, Float64Array, Float64Array],
  t: [Float64Array, Float64Array, Float64Array, Float64Array],
) => jvp(f, p, t);
