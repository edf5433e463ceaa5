/**
 * Gaussian-process regression: the negative log marginal likelihood of outputs y at inputs t under a squared-exponential
 * kernel, as a function of its three hyperparameters θ = [log ℓ, log σf, log σn] (length scale, signal and noise
 * standard deviations). The kernel matrix, its Cholesky factor and the triangular solve are local matrices and arrays
 * the function builds; Cotangent differentiates through all of them.
 *   NLML(θ) = ½ yᵀK⁻¹y + ½ log det K + (n/2) log 2π, with K = LLᵀ: ½ |L⁻¹y|² + Σ log Lᵢᵢ + (n/2) log 2π
 */

/** K(θ)ᵢⱼ = σf² exp(−(tᵢ − tⱼ)² / 2ℓ²) + σn² [i = j]. */
export function kernelMatrix(t: readonly number[], theta: Float64Array): number[][] {
  const lengthscale = Math.exp(theta[0]);
  const signal = Math.exp(2 * theta[1]);
  const noise = Math.exp(2 * theta[2]);
  return t.map((ti, i) =>
    t.map((tj, j) => {
      const r = (ti - tj) / lengthscale;
      return signal * Math.exp(-0.5 * r * r) + (i === j ? noise : 0);
    }),
  );
}

/** The lower-triangular L with LLᵀ = a, for a symmetric positive definite a (Cholesky–Banachiewicz). */
export function cholesky(a: number[][]): number[][] {
  const n = a.length;
  const L = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i][j];
      for (let k = 0; k < j; k++) s -= L[i][k] * L[j][k];
      L[i][j] = i === j ? Math.sqrt(s) : s / L[j][j];
    }
  }
  return L;
}

/** z with Lz = b, for a lower-triangular L. */
export function forwardSubstitute(L: number[][], b: readonly number[]): number[] {
  const z: number[] = [];
  for (let i = 0; i < L.length; i++) {
    let s = b[i];
    for (let j = 0; j < i; j++) s -= L[i][j] * z[j];
    z.push(s / L[i][i]);
  }
  return z;
}

// @differentiate
export function negativeLogLikelihood(theta: Float64Array, t: readonly number[], y: readonly number[]): number {
  const L = cholesky(kernelMatrix(t, theta));
  const whitened = forwardSubstitute(L, y);
  let fit = 0;
  for (const w of whitened) fit += w * w;
  let halfLogDet = 0;
  for (let i = 0; i < L.length; i++) halfLogDet += Math.log(L[i][i]);
  return 0.5 * fit + halfLogDet + 0.5 * t.length * Math.log(2 * Math.PI);
}
