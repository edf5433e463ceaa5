/**
 * ADBench's GMM objective: negative log-likelihood terms of n points in d dimensions under K Gaussians, each with a
 * lower-triangular inverse Cholesky factor (log-diagonal then the strictly lower part, column by column), plus a
 * Wishart prior. Differentiated with respect to alphas, means and icf.
 */
import { grad, gradInto, jvp } from "cotangent";

// @differentiate
export function gmmObjective(
  alphas: Float64Array,
  means: Float64Array,
  icf: Float64Array,
  x: Float64Array,
  d: number,
  k: number,
  n: number,
  gamma: number,
  m: number,
): number {
  const icfSize = (d * (d + 1)) / 2;
  // Once per component, as ADBench's reference does (preprocess_qs): Q's diagonal exp(icf) and the sum of its logs.
  const qDiag = new Float64Array(k * d);
  const sumQ = new Float64Array(k);
  for (let c = 0; c < k; c++) {
    let logDet = 0;
    for (let j = 0; j < d; j++) {
      logDet += icf[c * icfSize + j];
      qDiag[c * d + j] = Math.exp(icf[c * icfSize + j]);
    }
    sumQ[c] = logDet;
  }
  const mainTerm = new Float64Array(k);
  const centered = new Float64Array(d);
  const qx = new Float64Array(d);
  let sumLse = 0;
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < k; c++) {
      for (let j = 0; j < d; j++) {
        centered[j] = x[i * d + j] - means[c * d + j];
        qx[j] = qDiag[c * d + j] * centered[j];
      }
      let lt = d;
      for (let col = 0; col < d; col++) {
        for (let row = col + 1; row < d; row++) {
          qx[row] += icf[c * icfSize + lt] * centered[col];
          lt++;
        }
      }
      let sq = 0;
      for (let j = 0; j < d; j++) sq += qx[j] * qx[j];
      mainTerm[c] = alphas[c] + sumQ[c] - 0.5 * sq;
    }
    let top = mainTerm[0];
    for (let c = 1; c < k; c++) top = Math.max(top, mainTerm[c]);
    let sum = 0;
    for (let c = 0; c < k; c++) sum += Math.exp(mainTerm[c] - top);
    sumLse += top + Math.log(sum);
  }
  let alphaTop = alphas[0];
  for (let c = 1; c < k; c++) alphaTop = Math.max(alphaTop, alphas[c]);
  let alphaSum = 0;
  for (let c = 0; c < k; c++) alphaSum += Math.exp(alphas[c] - alphaTop);
  const lseAlphas = alphaTop + Math.log(alphaSum);
  let prior = 0;
  for (let c = 0; c < k; c++) {
    let frobenius = 0;
    let sumQ = 0;
    for (let j = 0; j < d; j++) {
      const q = icf[c * icfSize + j];
      sumQ += q;
      frobenius += Math.exp(2 * q);
    }
    for (let j = d; j < icfSize; j++) frobenius += icf[c * icfSize + j] * icf[c * icfSize + j];
    prior += 0.5 * gamma * gamma * frobenius - m * sumQ;
  }
  const constant = -n * d * 0.5 * Math.log(2 * Math.PI);
  return constant + sumLse - n * lseAlphas + prior;
}

export const gmmGrad = grad(gmmObjective, [0, 1, 2]);
export const gmmGradInto = gradInto(gmmObjective, [0, 1, 2]);
export const gmmJvp = (
  alphas: Float64Array,
  means: Float64Array,
  icf: Float64Array,
  x: Float64Array,
  d: number,
  k: number,
  n: number,
  gamma: number,
  m: number,
  dAlphas: Float64Array,
  dMeans: Float64Array,
  dIcf: Float64Array,
  dX: Float64Array,
) => jvp(gmmObjective, [alphas, means, icf, x, d, k, n, gamma, m], [dAlphas, dMeans, dIcf, dX, 0, 0, 0, 0, 0]);

/**
 * Hand-written gradient in alphas, means and icf. Per point, with wₖ = softmax(mainTerm)ₖ and Q·(x − μ) = qx:
 * ∂/∂α += w, ∂/∂μ += w·Qᵀqx, ∂/∂icf(diag j) += w·(1 − qxⱼ·exp(icfⱼ)·centeredⱼ), ∂/∂L(row, col) −= w·qx_row·centered_col.
 * Then −n·lse(α) adds −n·softmax(α) to ∂/∂α, and the prior adds γ²·exp(2q) − m on the diagonal and γ²·L below it.
 */
export function gmmGradHand(
  alphas: Float64Array,
  means: Float64Array,
  icf: Float64Array,
  x: Float64Array,
  d: number,
  k: number,
  n: number,
  gamma: number,
  m: number,
): [Float64Array, Float64Array, Float64Array] {
  const icfSize = (d * (d + 1)) / 2;
  const gAlphas = new Float64Array(k);
  const gMeans = new Float64Array(k * d);
  const gIcf = new Float64Array(k * icfSize);
  const qDiag = new Float64Array(k * d);
  const sumQ = new Float64Array(k);
  for (let c = 0; c < k; c++) {
    for (let j = 0; j < d; j++) {
      sumQ[c] += icf[c * icfSize + j];
      qDiag[c * d + j] = Math.exp(icf[c * icfSize + j]);
    }
  }
  const mainTerm = new Float64Array(k);
  const centered = new Float64Array(k * d);
  const qx = new Float64Array(k * d);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < k; c++) {
      for (let j = 0; j < d; j++) {
        centered[c * d + j] = x[i * d + j] - means[c * d + j];
        qx[c * d + j] = qDiag[c * d + j] * centered[c * d + j];
      }
      let lt = c * icfSize + d;
      for (let col = 0; col < d; col++) {
        for (let row = col + 1; row < d; row++) qx[c * d + row] += icf[lt++] * centered[c * d + col];
      }
      let sq = 0;
      for (let j = 0; j < d; j++) sq += qx[c * d + j] * qx[c * d + j];
      mainTerm[c] = alphas[c] + sumQ[c] - 0.5 * sq;
    }
    let top = mainTerm[0];
    for (let c = 1; c < k; c++) top = Math.max(top, mainTerm[c]);
    let sum = 0;
    for (let c = 0; c < k; c++) {
      mainTerm[c] = Math.exp(mainTerm[c] - top);
      sum += mainTerm[c];
    }
    for (let c = 0; c < k; c++) {
      const w = mainTerm[c] / sum;
      const q0 = c * icfSize;
      gAlphas[c] += w;
      for (let j = 0; j < d; j++) {
        const e = qDiag[c * d + j];
        gIcf[q0 + j] += w * (1 - qx[c * d + j] * e * centered[c * d + j]);
        gMeans[c * d + j] += w * e * qx[c * d + j];
      }
      let lt = q0 + d;
      for (let col = 0; col < d; col++) {
        for (let row = col + 1; row < d; row++) {
          gIcf[lt] -= w * qx[c * d + row] * centered[c * d + col];
          gMeans[c * d + col] += w * icf[lt] * qx[c * d + row];
          lt++;
        }
      }
    }
  }
  let alphaTop = alphas[0];
  for (let c = 1; c < k; c++) alphaTop = Math.max(alphaTop, alphas[c]);
  let alphaSum = 0;
  for (let c = 0; c < k; c++) alphaSum += Math.exp(alphas[c] - alphaTop);
  for (let c = 0; c < k; c++) gAlphas[c] -= (n * Math.exp(alphas[c] - alphaTop)) / alphaSum;
  const g2 = gamma * gamma;
  for (let c = 0; c < k; c++) {
    const q0 = c * icfSize;
    for (let j = 0; j < d; j++) gIcf[q0 + j] += g2 * Math.exp(2 * icf[q0 + j]) - m;
    for (let j = d; j < icfSize; j++) gIcf[q0 + j] += g2 * icf[q0 + j];
  }
  return [gAlphas, gMeans, gIcf];
}
