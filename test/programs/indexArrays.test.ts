/**
 * Integer typed arrays as index data (`Int32Array`, `Uint8Array`, …): a sparse matrix's column indices, an
 * observation's camera, a mask. Read by differentiated code, passed to helpers, allocated and filled locally; never
 * differentiated (what they hold is truncated). Gradients are checked against dense references derived by hand,
 * forward mode against reverse mode (the dot-product test), and central differences.
 */
import { compile, printTransformed } from "../helpers/compile";
import { expectRelative, relativeError, rng } from "../helpers/check";

const source = `
import { grad, gradInto, jvp, vjp, hessian } from "cotangent";

const EDGES = Int32Array.from([0, 1, 1, 2, 2, 0]);

/** Σ_r (A x)_r² for A in CSR form: values, column indices and row starts. */
// @differentiate
export function csr(vals: Float64Array, colIdx: Int32Array, rowPtr: Int32Array, x: Float64Array): number {
  let s = 0;
  for (let r = 0; r + 1 < rowPtr.length; r++) {
    let acc = 0;
    for (let k = rowPtr[r]; k < rowPtr[r + 1]; k++) acc += vals[k] * x[colIdx[k]];
    s += acc * acc;
  }
  return s;
}

/** A gather through a helper, with the indices iterated by for-of. */
function pick(x: Float64Array, at: Uint16Array): number {
  let s = 0;
  for (const j of at) s += Math.sin(x[j]);
  return s;
}

/** Masked sum of squares, plus a gather, with a permutation built in a local Int32Array. */
// @differentiate
export function masked(x: Float64Array, mask: Uint8Array, at: Uint16Array): number {
  const n = x.length;
  const perm = new Int32Array(n);
  for (let i = 0; i < n; i++) perm[i] = (i * 3) % n;
  let s = 0;
  for (let i = 0; i < n; i++) {
    if (mask[i] !== 0) s += x[i] * x[perm[i]];
  }
  return s + pick(x, at) * pick(x, at);
}

/** Values stored into index data are truncated: piecewise constant, derivative 0. */
// @differentiate
export function truncated(x: Float64Array): number {
  const q = new Int32Array(x.length);
  let s = 0;
  for (let i = 0; i < x.length; i++) {
    q[i] = x[i] * 10;
    s += q[i] * x[i];
  }
  return s;
}

/** A module constant's edges, and array methods over index data (map keeps the Int32Array, so it truncates too). */
// @differentiate
export function edges(x: Float64Array, idx: Int32Array): number {
  let s = 0;
  for (let e = 0; e < EDGES.length; e += 2) {
    const d = x[EDGES[e]] - x[EDGES[e + 1]];
    s += d * d;
  }
  const scaled = idx.map((j) => x[j] * 10);
  for (let k = 0; k < scaled.length; k++) s += scaled[k] * x[k];
  return s + idx.reduce((a, j) => a + x[j] * x[j], 0) + idx.indexOf(1) * x[1];
}

/** Index data a helper builds and returns. */
function reversedOrder(n: number): Int32Array {
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = n - 1 - i;
  return order;
}

// @differentiate
export function lastTwo(x: Float64Array): number {
  const order = reversedOrder(x.length);
  return x[order[0]] * x[order[1]];
}

export const gCsr = grad(csr, [0, 3]);
export const gCsrInto = gradInto(csr, [0, 3]);
export const tCsr = (vals: Float64Array, colIdx: Int32Array, rowPtr: Int32Array, x: Float64Array, dv: Float64Array, dx: Float64Array) =>
  jvp(csr, [vals, colIdx, rowPtr, x], [dv, 0, 0, dx]);
export const hCsr = hessian(csr, 3);
export const gMasked = grad(masked);
export const pMasked = (x: Float64Array, mask: Uint8Array, at: Uint16Array) => vjp(masked, x, mask, at);
export const gTruncated = grad(truncated);
export const gEdges = grad(edges);
export const gLastTwo = grad(lastTwo);
`;

// A 4×3 sparse matrix with an empty row and a repeated column.
const vals = Float64Array.from([1.5, -2, 0.5, 3, -1, 2.5]);
const colIdx = Int32Array.from([0, 2, 1, 1, 0, 2]);
const rowPtr = Int32Array.from([0, 2, 2, 4, 6]);
const x = Float64Array.from([0.7, -1.3, 2.1]);

/** A as a dense matrix, read off the CSR arrays. */
const dense = (): number[][] => {
  const a = [0, 1, 2, 3].map(() => [0, 0, 0]);
  for (let r = 0; r < 4; r++) for (let k = rowPtr[r]; k < rowPtr[r + 1]; k++) a[r][colIdx[k]] += vals[k];
  return a;
};

const compiled = () => {
  const out = compile({ "main.ts": source });
  expect(out.diagnostics).toEqual([]);
  return out.load("main.ts");
};

test("a CSR matrix: gradients in its values and in x, against the dense matrix", () => {
  const m = compiled();
  const a = dense();
  const ax = a.map((row) => row.reduce((s, v, j) => s + v * x[j], 0));
  // ∂/∂x Σ (Ax)_r² = 2 Aᵀ(Ax); ∂/∂vals[k] = 2 (Ax)_r x[colIdx[k]] for k in row r.
  const gx = [0, 1, 2].map((j) => ax.reduce((s, axr, r) => s + 2 * a[r][j] * axr, 0));
  const gv = Array.from(vals, (_, k) => {
    const r = [0, 1, 2, 3].find((q) => k >= rowPtr[q] && k < rowPtr[q + 1]) as number;
    return 2 * ax[r] * x[colIdx[k]];
  });
  const [dVals, dX] = m.gCsr(vals, colIdx, rowPtr, x) as [Float64Array, Float64Array];
  expect(dVals).toBeInstanceOf(Float64Array);
  expectRelative(dVals, gv);
  expectRelative(dX, gx);
  const into = [new Float64Array(6), new Float64Array(3)];
  const value = m.gCsrInto(vals, colIdx, rowPtr, x, into);
  expect(value).toBeCloseTo(
    ax.reduce((s, v) => s + v * v, 0),
    12,
  );
  expect(Array.from(into[0])).toEqual(Array.from(dVals));
  expect(Array.from(into[1])).toEqual(Array.from(dX));
  // The Hessian in x is 2 AᵀA.
  const h = m.hCsr(vals, colIdx, rowPtr, x) as number[][];
  h.forEach((row, i) =>
    expectRelative(
      row,
      [0, 1, 2].map((j) => a.reduce((s, ar) => s + 2 * ar[i] * ar[j], 0)),
    ),
  );
});

test("jvp against the gradient (the dot-product test) and central differences", () => {
  const m = compiled();
  const random = rng(7);
  const dv = Float64Array.from(vals, () => random() * 2 - 1);
  const dx = Float64Array.from(x, () => random() * 2 - 1);
  const [value, directional] = m.tCsr(vals, colIdx, rowPtr, x, dv, dx) as [number, number];
  const [gv, gx] = m.gCsr(vals, colIdx, rowPtr, x) as [Float64Array, Float64Array];
  const dot = gv.reduce((s, g, k) => s + g * dv[k], 0) + gx.reduce((s, g, k) => s + g * dx[k], 0);
  expect(relativeError(directional, dot)).toBeLessThan(1e-12);
  const f = (t: number) =>
    m.csr(
      vals.map((v, k) => v + t * dv[k]),
      colIdx,
      rowPtr,
      x.map((v, k) => v + t * dx[k]),
    ) as number;
  expect(value).toBe(f(0));
  const h = 1e-6;
  expect(relativeError((f(h) - f(-h)) / (2 * h), directional)).toBeLessThan(1e-7);
});

test("a mask, a local permutation and a helper reading Uint16Array indices with for-of", () => {
  const m = compiled();
  const xs = Float64Array.from([0.3, -1.2, 0.8, 1.5, -0.4]);
  const mask = Uint8Array.from([1, 0, 1, 1, 0]);
  const at = Uint16Array.from([4, 0, 4]);
  const n = xs.length;
  const perm = Array.from({ length: n }, (_, i) => (i * 3) % n);
  // Σ_{mask} x_i x_perm(i) + p², p = Σ_j sin(x_at(j)).
  const expected = new Array<number>(n).fill(0);
  for (let i = 0; i < n; i++) {
    if (mask[i] === 0) continue;
    expected[i] += xs[perm[i]];
    expected[perm[i]] += xs[i];
  }
  const p = Array.from(at).reduce((s, j) => s + Math.sin(xs[j]), 0);
  for (const j of at) expected[j] += 2 * p * Math.cos(xs[j]);
  const g = m.gMasked(xs, mask, at) as Float64Array;
  expectRelative(g, expected);
  const [value, pullback] = m.pMasked(xs, mask, at) as [number, (w: number) => [Float64Array, 0, 0]];
  expect(value).toBe(m.masked(xs, mask, at));
  const [dx, dMask, dAt] = pullback(-2);
  expectRelative(
    dx,
    expected.map((e) => -2 * e),
  );
  // Index data has the cotangent 0, as a flag has.
  expect([dMask, dAt]).toEqual([0, 0]);
});

test("truncating stores, a module constant, a helper returning index data and array methods over it", () => {
  const m = compiled();
  const xs = Float64Array.from([0.37, -1.26, 0.81]);
  const idx = Int32Array.from([2, 0, 1]);
  // s = Σ trunc(10 x_i) x_i: away from the jumps, ∂s/∂x_i = trunc(10 x_i).
  expectRelative(m.gTruncated(xs) as Float64Array, [3, -12, 8]);
  expect(Array.from(m.gLastTwo(xs) as Float64Array)).toEqual([0, xs[2], xs[1]]);
  const g = m.gEdges(xs, idx) as Float64Array;
  xs.forEach((_, i) => {
    const h = 1e-6;
    const at = (t: number) =>
      m.edges(
        xs.map((v, k) => (k === i ? v + t : v)),
        idx,
      ) as number;
    expect(relativeError((at(h) - at(-h)) / (2 * h), g[i])).toBeLessThan(1e-7);
  });
});

test("the printed TypeScript (the CLI's route) type-checks without the plugin", () => {
  const printed = printTransformed({ "main.ts": source });
  expect(printed.diagnostics).toEqual([]);
  expect(compile(printed.text, {}, { transform: false }).diagnostics).toEqual([]);
});

test("differentiating index data is refused, naming the parameter", () => {
  const out = compile({
    "main.ts": `${source}\nexport const wrong = grad(csr, [1]);`,
  });
  expect(out.diagnostics.join("\n")).toMatch(/TS990\d+.*colIdx/);
});

test("a loop counter started at an Int32Array element is restored by subtraction, not recorded per nonzero", () => {
  const out = compile({
    "main.ts": `
import { grad } from "cotangent";
import { peakTapeBytes } from "cotangent/runtime";
// @differentiate
export function rowSums(v: Float64Array, start: Int32Array): number {
  let s = 0;
  for (let r = 0; r + 1 < start.length; r++) {
    let z = 0;
    for (let k = start[r]; k < start[r + 1]; k++) z += v[k] * v[k];
    s += z * z;
  }
  return s;
}
export const g = grad(rowSums);
export { peakTapeBytes };`,
  });
  expect(out.diagnostics).toEqual([]);
  const m = out.load("main.ts");
  const rows = 50;
  const start = Int32Array.from({ length: rows + 1 }, (_, r) => 8 * r);
  const v = Float64Array.from({ length: 8 * rows }, (_, k) => Math.sin(k));
  let g = new Float64Array(0);
  const bytes = m.peakTapeBytes(() => (g = m.g(v, start))) as number;
  // Per row its z and k before the row (8 bytes each) and its trip count (4), nothing per nonzero (8 per row).
  expect(bytes).toBe(20 * rows);
  // s = Σ_r z_r², z_r = Σ_{k in r} v_k²: ∂s/∂v_k = 4 z_r v_k.
  for (let r = 0; r < rows; r++) {
    let z = 0;
    for (let k = start[r]; k < start[r + 1]; k++) z += v[k] * v[k];
    for (let k = start[r]; k < start[r + 1]; k++) expect(relativeError(g[k], 4 * z * v[k])).toBeLessThan(1e-13);
  }
});

test("a value stored into an integer array has no derivative, also where its own adjoint would be 0·∞", () => {
  const out = compile({
    "main.ts": `
import { grad, jvp } from "cotangent";
// @differentiate
export function f(x: Float64Array): number {
  const q = new Int32Array(2);
  q[0] = x[0] / 0;
  q[1] = Math.log(x[1] - x[1]);
  return q[0] + q[1] * x[1] + x[1];
}
export const g = grad(f);
export const tangent = (x: Float64Array, u: Float64Array) => jvp(f, [x], [u]);`,
  });
  expect(out.diagnostics).toEqual([]);
  const m = out.load("main.ts");
  // q = [0, 0] (Infinity and -Infinity truncate to 0): f = x₁, whose gradient is [0, 1] in both modes.
  const x = new Float64Array([0.5, 2]);
  expect(Array.from(m.g(x))).toEqual([0, 1]);
  expect(m.tangent(x, new Float64Array([0.3, -0.7]))).toEqual([2, -0.7]);
});
