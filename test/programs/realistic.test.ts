/**
 * Realistic programs from the AD benchmarks (ADBench's GMM objective and bundle-adjustment reprojection error),
 * written as users write them: typed arrays, nested loops, in-place element updates, log-sum-exp, branches.
 */
import { compile } from "../helpers/compile";
import { relativeError, rng } from "../helpers/check";
import { checkShaped } from "../helpers/shaped";

const gmm = `
/** ADBench's GMM objective: log-likelihood of n points under K Gaussians with a Wishart prior. */
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
  const mainTerm = new Float64Array(k);
  const centered = new Float64Array(d);
  const qx = new Float64Array(d);
  let sumLse = 0;
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < k; c++) {
      let sumQ = 0;
      for (let j = 0; j < d; j++) {
        sumQ += icf[c * icfSize + j];
        centered[j] = x[i * d + j] - means[c * d + j];
      }
      // Q·(x − μ), with Q lower triangular: exp(icf) on the diagonal, the rest of icf below it.
      for (let j = 0; j < d; j++) qx[j] = Math.exp(icf[c * icfSize + j]) * centered[j];
      let lt = d;
      for (let col = 0; col < d; col++) {
        for (let row = col + 1; row < d; row++) {
          qx[row] += icf[c * icfSize + lt] * centered[col];
          lt++;
        }
      }
      let sq = 0;
      for (let j = 0; j < d; j++) sq += qx[j] * qx[j];
      mainTerm[c] = alphas[c] + sumQ - 0.5 * sq;
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
}`;

test("ADBench GMM objective (d = 3, K = 4, n = 12): finite differences and the dot-product test", () => {
  const random = rng(11);
  const [d, k, n] = [3, 4, 12];
  const fill = (size: number, scale = 1) => Float64Array.from({ length: size }, () => (random() - 0.5) * scale);
  const point = [fill(k), fill(k * d, 2), fill((k * d * (d + 1)) / 2, 0.5), fill(n * d, 2), d, k, n, 1.2, 2];
  const signature =
    "alphas: Float64Array, means: Float64Array, icf: Float64Array, x: Float64Array, d: number, k: number, n: number, gamma: number, m: number";
  const [[dAlphas]] = checkShaped(gmm, "gmmObjective", signature, [point], { fixed: [4, 5, 6], fdTolerance: 1e-5 });
  // Independent check on alphas: the objective depends on them through Σᵢ lse(mainTermᵢ) − n·lse(α), so the
  // gradient components sum to 0 (shifting every α by the same constant changes nothing).
  const total = Array.from(dAlphas as Float64Array).reduce((s, g) => s + g, 0);
  expect(Math.abs(total)).toBeLessThan(1e-9);
});

const ba = `
import { jacfwd, jacrev } from "cotangent";

/**
 * ADBench's bundle-adjustment reprojection error of one observation. cam: Rodrigues rotation (3), center (3),
 * focal length, principal point (2), radial distortion (2). Returns the weighted 2-D residual.
 */
// @differentiate
export function reprojection(cam: Float64Array, X: Float64Array, w: number, fx: number, fy: number): Float64Array {
  const d0 = X[0] - cam[3];
  const d1 = X[1] - cam[4];
  const d2 = X[2] - cam[5];
  const r0 = cam[0];
  const r1 = cam[1];
  const r2 = cam[2];
  const theta = Math.sqrt(r0 * r0 + r1 * r1 + r2 * r2);
  let p0: number;
  let p1: number;
  let p2: number;
  if (theta !== 0) {
    const k0 = r0 / theta;
    const k1 = r1 / theta;
    const k2 = r2 / theta;
    const c = Math.cos(theta);
    const s = Math.sin(theta);
    const dot = k0 * d0 + k1 * d1 + k2 * d2;
    p0 = d0 * c + (k1 * d2 - k2 * d1) * s + k0 * dot * (1 - c);
    p1 = d1 * c + (k2 * d0 - k0 * d2) * s + k1 * dot * (1 - c);
    p2 = d2 * c + (k0 * d1 - k1 * d0) * s + k2 * dot * (1 - c);
  } else {
    p0 = d0 + r1 * d2 - r2 * d1;
    p1 = d1 + r2 * d0 - r0 * d2;
    p2 = d2 + r0 * d1 - r1 * d0;
  }
  const u0 = -p0 / p2;
  const u1 = -p1 / p2;
  const rsq = u0 * u0 + u1 * u1;
  const l = 1 + cam[9] * rsq + cam[10] * rsq * rsq;
  const out = new Float64Array(2);
  out[0] = w * (u0 * l * cam[6] + cam[7] - fx);
  out[1] = w * (u1 * l * cam[6] + cam[8] - fy);
  return out;
}

export const camForward = jacfwd(reprojection, 0);
export const camReverse = jacrev(reprojection, 0);
export const pointForward = jacfwd(reprojection, 1);
export const pointReverse = jacrev(reprojection, 1);
`;

test("bundle-adjustment reprojection (Rodrigues rotation, radial distortion): jacfwd = jacrev = finite differences", () => {
  const out = compile({ "main.ts": ba });
  expect(out.diagnostics).toEqual([]);
  const m = out.load("main.ts");
  const cam = new Float64Array([0.1, -0.2, 0.3, 0.5, -0.4, -5, 500, 320, 240, 1e-3, 1e-6]);
  const X = new Float64Array([0.3, 0.7, 2.5]);
  const args = [cam, X, 0.8, 300, 200];
  for (const [forward, reverse, k] of [
    [m.camForward, m.camReverse, 0],
    [m.pointForward, m.pointReverse, 1],
  ] as const) {
    const jf: number[][] = forward(...args);
    const jr: number[][] = reverse(...args);
    expect(jf.length).toBe(2);
    jf.flat().forEach((v, i) =>
      expect(relativeError(v, jr.flat()[i]) <= 1e-12 || Math.abs(v - jr.flat()[i]) < 1e-12).toBe(true),
    );
    const x = args[k] as Float64Array;
    for (let j = 0; j < x.length; j++) {
      const h = 1e-6 * Math.max(1, Math.abs(x[j]));
      const shifted = (delta: number) => {
        const copy = args.slice();
        const moved = x.slice();
        moved[j] += delta;
        copy[k] = moved;
        return m.reprojection(...copy) as Float64Array;
      };
      const plus = shifted(h);
      const minus = shifted(-h);
      for (let i = 0; i < 2; i++) {
        const fd = (plus[i] - minus[i]) / (2 * h);
        expect(Math.abs(fd - jf[i][j])).toBeLessThan(1e-5 * Math.max(1, Math.abs(fd)));
      }
    }
  }
  // The branch at θ = 0 (no rotation) is differentiated too.
  const still = new Float64Array(cam);
  still.fill(0, 0, 3);
  const j0: number[][] = m.camForward(still, X, 0.8, 300, 200);
  expect(j0.flat().every(Number.isFinite)).toBe(true);
});

test("array methods: map, slice, concat, literals, reduce, forEach, some, every", () => {
  const source = `
// @differentiate
export function methods(x: number[], w: number): number {
  const y = x.map((v) => v * w);
  const z = y.slice(1);
  const both = y.concat(z);
  const lit = [w, w * 2, 3];
  let s = both.reduce((acc, v, i) => acc + v * v * (i + 1), 0);
  x.forEach((v) => {
    s += Math.sin(v);
  });
  if (y.some((v) => v > 10)) s *= 2;
  if (lit.every((v) => v > 0)) s += lit[1];
  return s;
}`;
  checkShaped(source, "methods", "x: number[], w: number", [
    [[0.5, 1.5, -2], 1.3],
    [[3, 4, 5], 1.1],
  ]);
});
