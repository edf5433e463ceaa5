/**
 * Rows of matrices read once before the innermost loops that work in them (packages/core/src/optimize/rows.ts):
 * `W[i][j]` in a loop over `j` indexes a local holding `W[i]`, in the forward sweep, in the reverse sweep (whose
 * `W_bar[i][j] += …` goes through the adjoint's row the same way) and in the jvp. The same program over a flat
 * Float64Array is the independent reference, bit for bit (the same operations in the same order); central differences
 * and the dot-product test check the derivatives themselves; near misses keep indexing through the matrix.
 */
import { compile, vjpOf } from "../helpers/compile";
import { centralDifference, relativeError } from "../helpers/check";

const nested = `
// @differentiate
export function layer(W: number[][], x: number[]): number {
  let s = 0;
  for (let i = 0; i < W.length; i++) {
    const row = W[i];
    let acc = 0;
    for (let j = 0; j < row.length; j++) acc += row[j] * x[j];
    let sq = 0;
    for (let j = 0; j < x.length; j++) sq += W[i][j] * W[i][j];
    s += Math.tanh(acc) + 0.1 * sq;
  }
  return s;
}`;

const flat = `
// @differentiate
export function flat(W: Float64Array, x: number[], m: number): number {
  const n = x.length;
  let s = 0;
  for (let i = 0; i < m; i++) {
    let acc = 0;
    for (let j = 0; j < n; j++) acc += W[i * n + j] * x[j];
    let sq = 0;
    for (let j = 0; j < n; j++) sq += W[i * n + j] * W[i * n + j];
    s += Math.tanh(acc) + 0.1 * sq;
  }
  return s;
}`;

const typedRows = `
// @differentiate
export function typed(W: Float64Array[], x: Float64Array): number {
  let s = 0;
  for (let i = 0; i < W.length; i++) {
    let acc = 0;
    for (let j = 0; j < x.length; j++) acc += W[i][j] * x[j];
    s += acc * acc;
  }
  return s;
}`;

const program = `${nested}\n${flat}\n${typedRows}
import { grad, jvp } from "cotangent";
export const g = grad(layer, [0, 1]);
export const gf = grad(flat, [0, 1]);
export const gt = grad(typed, [0, 1]);
export const t = (W: number[][], x: number[], dW: number[][], dx: number[]) => jvp(layer, [W, x], [dW, dx]);
export const tf = (W: Float64Array, x: number[], m: number, dW: Float64Array, dx: number[]) => jvp(flat, [W, x, m], [dW, dx, 0]);
export const tt = (W: Float64Array[], x: Float64Array, dW: Float64Array[], dx: Float64Array) => jvp(typed, [W, x], [dW, dx]);
`;

const matrix = (m: number, n: number, phase: number) =>
  Array.from({ length: m }, (_, i) => Array.from({ length: n }, (_, j) => 0.4 * Math.sin(phase + 1.7 * i + 0.9 * j)));
const vector = (n: number, phase: number) => Array.from({ length: n }, (_, j) => 0.8 * Math.cos(phase + 1.3 * j));

test("each row is read once before its loop, in both sweeps and in the jvp", () => {
  const vjp = vjpOf(nested, "layer", "[0, 1]");
  // The user's row alias and the explicit W[i][j] both index a local; the adjoint's row is read beside it.
  expect(vjp).toMatch(/(W_at_\w+) = W\[\w+\];\n\s*while \(j < \w+\) \{[^}]*\1\[j\]/);
  expect(vjp).toMatch(/W_bar_at_\w+ = W_bar\[\w+\];/);
  expect(vjp).toMatch(/W_bar_at_\w+\[j\w*\] \+= /);
  expect(vjp).not.toMatch(/W(_bar)?\[\w+\]\[j\w*\]/);
  const out = compile({ "main.ts": program });
  expect(out.diagnostics).toEqual([]);
  expect(out.js["main.ts"]).toMatch(/W_dot_at_\w+ = W_dot\[\w+\];/);
});

test("gradients and jvps are bit for bit those of the same program over a flat Float64Array", () => {
  const m = compile({ "main.ts": program }).load("main.ts");
  for (const [rows, cols] of [
    [0, 3],
    [1, 1],
    [3, 4],
    [7, 5],
  ]) {
    const W = matrix(rows, cols, 0.2);
    const x = vector(cols, 0.5);
    const Wf = Float64Array.from(W.flat());
    const [gW, gx] = m.g(W, x) as [number[][], number[]];
    const [fW, fx] = m.gf(Wf, x, rows) as [Float64Array, number[]];
    expect(gW.flat()).toEqual(Array.from(fW));
    expect(gx).toEqual(fx);
    const dW = matrix(rows, cols, 1.1);
    const dx = vector(cols, 2.3);
    expect(m.t(W, x, dW, dx)).toEqual(m.tf(Wf, x, rows, Float64Array.from(dW.flat()), dx));
  }
});

test("the derivatives agree with central differences and pass the dot-product test, number[][] and Float64Array[]", () => {
  const m = compile({ "main.ts": program }).load("main.ts");
  const W = matrix(4, 3, 0.7);
  const x = vector(3, -0.4);
  const [gW, gx] = m.g(W, x) as [number[][], number[]];
  const leaves = [...W.flat(), ...x];
  const f = (...v: number[]) =>
    m.layer(
      matrix(4, 3, 0).map((r, i) => r.map((_, j) => v[i * 3 + j])),
      v.slice(12),
    );
  const gradient = [...gW.flat(), ...gx];
  leaves.forEach((_, k) => {
    const e = leaves.map((_, q) => (q === k ? 1 : 0));
    expect(Math.abs(gradient[k] - centralDifference(f, leaves, e))).toBeLessThan(1e-7);
  });
  const dW = matrix(4, 3, 2.1);
  const dx = vector(3, 0.9);
  const [, tangent] = m.t(W, x, dW, dx) as [number, number];
  const back = gW.flat().reduce((s, g, k) => s + g * dW.flat()[k], 0) + gx.reduce((s, g, j) => s + g * dx[j], 0);
  expect(relativeError(tangent, back)).toBeLessThan(1e-12);

  const Wt = matrix(3, 5, 0.3).map((r) => Float64Array.from(r));
  const xt = Float64Array.from(vector(5, 1.2));
  const [tW, tx] = m.gt(Wt, xt) as [Float64Array[], Float64Array];
  // s = |W x|²: ∂s/∂W = 2 (W x) xᵀ, ∂s/∂x = 2 Wᵀ (W x).
  const wx = Wt.map((r) => r.reduce((s, w, j) => s + w * xt[j], 0));
  tW.forEach((r, i) => r.forEach((g, j) => expect(relativeError(g, 2 * wx[i] * xt[j])).toBeLessThan(1e-13)));
  tx.forEach((g, j) => expect(relativeError(g, 2 * wx.reduce((s, v, i) => s + v * Wt[i][j], 0))).toBeLessThan(1e-13));
  const uW = Wt.map((r) => r.map((w) => 0.5 - w));
  const ux = xt.map((v) => v * 0.7 + 0.1);
  const [, tt] = m.tt(Wt, xt, uW, ux) as [number, number];
  const tback =
    tW.reduce((s, r, i) => s + r.reduce((a, g, j) => a + g * uW[i][j], 0), 0) +
    tx.reduce((s, g, j) => s + g * ux[j], 0);
  expect(relativeError(tt, tback)).toBeLessThan(1e-12);
});

test("near misses index through the matrix: two rows of it in one loop, a row index the loop changes", () => {
  const source = `
// @differentiate
export function miss(W: number[][], x: number[]): number {
  let s = 0;
  for (let i = 0; i < W.length; i++) {
    const k = (i + 1) % W.length;
    for (let j = 0; j < x.length; j++) s += W[i][j] * W[k][j] * x[j];
    let r = 0;
    for (let j = 0; j < x.length; j++) {
      r = j % W.length;
      s += W[r][0] * x[j];
    }
  }
  return s;
}
import { grad } from "cotangent";
export const g = grad(miss, [0, 1]);`;
  const vjp = vjpOf(source, "miss", "[0, 1]");
  expect(vjp).not.toMatch(/_at_/);
  const m = compile({ "main.ts": source }).load("main.ts");
  const W = matrix(3, 2, 0.1);
  const x = vector(2, 0.6);
  const [gW, gx] = m.g(W, x) as [number[][], number[]];
  const leaves = [...W.flat(), ...x];
  const f = (...v: number[]) => m.miss([v.slice(0, 2), v.slice(2, 4), v.slice(4, 6)], v.slice(6));
  const gradient = [...gW.flat(), ...gx];
  leaves.forEach((_, k) => {
    const e = leaves.map((_, q) => (q === k ? 1 : 0));
    expect(Math.abs(gradient[k] - centralDifference(f, leaves, e))).toBeLessThan(1e-7);
  });
});
