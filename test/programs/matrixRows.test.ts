/**
 * Rows of a number[][] named in the function: 'for (const row of X)', 'const r = X[i]', 'for (const v of X[i])', and
 * a row passed to a function ('dot(row, w)', which is then inlined with its parameter naming the row). Rows are read
 * element by element in place (no copies), so their adjoints go straight into the matrix's. References: the same
 * program over explicit indices (an independent route through the compiler), central differences, and forward
 * against reverse (the dot-product test).
 */
import { compile } from "../helpers/compile";
import { centralDifference, relativeError, rng } from "../helpers/check";

const named = `
import { grad, jvp } from "cotangent";
function dot(a: number[], b: number[]): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}
function sumSquares(a: readonly number[]): number {
  let s = 0;
  for (const v of a) s += v * v;
  return s;
}
// @differentiate
export function f(X: number[][], w: number[]): number {
  let loss = 0;
  for (const row of X) {
    const z = dot(row, w);
    loss += Math.log(1 + Math.exp(-z)) + 0.1 * sumSquares(row) * row[0] / row.length;
  }
  let i = 0;
  while (i < X.length) {
    const r = X[i];
    i++;
    // r stays the row it was given: i has moved on.
    loss += r[1] * dot(X[0], r);
  }
  for (const v of X[1]) loss += Math.sin(v * w[2]);
  return loss;
}
export const g = grad(f, [0, 1]);
export const t = (X: number[][], w: number[], dX: number[][], dw: number[]) => jvp(f, [X, w], [dX, dw]);
`;

const indexed = `
import { grad } from "cotangent";
// @differentiate
export function f(X: number[][], w: number[]): number {
  let loss = 0;
  for (let k = 0; k < X.length; k++) {
    let z = 0;
    for (let j = 0; j < X[k].length; j++) z += X[k][j] * w[j];
    let n = 0;
    for (let j = 0; j < X[k].length; j++) n += X[k][j] * X[k][j];
    loss += Math.log(1 + Math.exp(-z)) + 0.1 * n * X[k][0] / X[k].length;
  }
  for (let k = 0; k < X.length; k++) {
    let d = 0;
    for (let j = 0; j < X[0].length; j++) d += X[0][j] * X[k][j];
    loss += X[k][1] * d;
  }
  for (let j = 0; j < X[1].length; j++) loss += Math.sin(X[1][j] * w[2]);
  return loss;
}
export const g = grad(f, [0, 1]);
`;

/**
 * Checks `m` (exporting f, its gradient g in (X, w) and its jvp t) at (X, w) against `reference`, the same function
 * written another way: values, gradients, central differences in every entry of X, and the dot-product test.
 */
function checkAgainst(m: any, reference: any, X: number[][], w: number[], direction: [number[][], number[]]): void {
  expect(relativeError(m.f(X, w), reference.f(X, w))).toBeLessThan(1e-14);
  const [gX, gw] = m.g(X, w);
  const [rX, rw] = reference.g(X, w);
  gX.forEach((row: number[], k: number) =>
    row.forEach((v, j) => expect(relativeError(v, rX[k][j])).toBeLessThan(1e-13)),
  );
  gw.forEach((v: number, j: number) => expect(relativeError(v, rw[j])).toBeLessThan(1e-13));
  const flat = X.flat();
  const unflat = (p: number[]) => [p.slice(0, 3), p.slice(3, 6), p.slice(6, 9)];
  flat.forEach((_, k) => {
    const unit = flat.map((__, j) => (j === k ? 1 : 0));
    const fd = centralDifference((...p: number[]) => m.f(unflat(p), w), flat, unit);
    expect(Math.abs(gX[Math.floor(k / 3)][k % 3] - fd)).toBeLessThan(1e-7 * Math.max(1, Math.abs(fd)));
  });
  // <J·(dX, dw), 1> = <(dX, dw), ∇f>.
  const [dX, dw] = direction;
  const [value, directional] = m.t(X, w, dX, dw);
  expect(value).toBe(m.f(X, w));
  const adjoint =
    dX.flat().reduce((s, d, k) => s + d * gX[Math.floor(k / 3)][k % 3], 0) + dw.reduce((s, d, j) => s + d * gw[j], 0);
  expect(relativeError(directional, adjoint)).toBeLessThan(1e-12);
}

test("rows named by for...of, a const and a parameter: the indexed program, FD and the dot-product test", () => {
  const rows = compile({ "main.ts": named });
  const byIndex = compile({ "main.ts": indexed });
  expect(rows.diagnostics).toEqual([]);
  expect(byIndex.diagnostics).toEqual([]);
  const m = rows.load("main.ts");
  const reference = byIndex.load("main.ts");
  const random = rng(7);
  const matrix = () => [0, 1, 2].map(() => [0, 1, 2].map(() => random() * 2 - 1));
  const X = matrix();
  const w = [0, 1, 2].map(() => random() * 2 - 1);
  checkAgainst(m, reference, X, w, [matrix(), [0, 1, 2].map(() => random() * 2 - 1)]);
});

const methods = `
import { grad, jvp } from "cotangent";
// @differentiate
export function f(X: number[][], w: number[]): number {
  const z = X.map((row) => Math.tanh(row.reduce((s, v, j) => s + v * w[j], 0)));
  let loss = z.reduce((s, v) => s + v * v, 0);
  X.forEach((row, i) => {
    row.forEach((v, j) => {
      loss += 0.1 * v * v * (i + j + 1);
    });
    const scaled = row.map((v, j) => v * w[j]);
    loss += scaled[1] * 0.5;
    if (row.some((v) => v > 0.5)) loss += row[0] * w[1];
    if (row.every((v, j) => v < w[j] + 2)) loss += X[i][2] * 0.25;
  });
  // A reduce without an initial value, and one that takes the array, walk a copy of the row.
  loss += X[0].reduce((a, b) => a * 0.5 + b) + X[1].reduce((s, v, j, arr) => s + v * arr[(j + 1) % arr.length], 0);
  return loss;
}
export const g = grad(f, [0, 1]);
export const t = (X: number[][], w: number[], dX: number[][], dw: number[]) => jvp(f, [X, w], [dX, dw]);
`;

const methodsByIndex = `
import { grad } from "cotangent";
// @differentiate
export function f(X: number[][], w: number[]): number {
  let loss = 0;
  for (let i = 0; i < X.length; i++) {
    let s = 0;
    for (let j = 0; j < X[i].length; j++) s = s + X[i][j] * w[j];
    const z = Math.tanh(s);
    loss = loss + z * z;
  }
  for (let i = 0; i < X.length; i++) {
    for (let j = 0; j < X[i].length; j++) loss += 0.1 * X[i][j] * X[i][j] * (i + j + 1);
    loss += X[i][1] * w[1] * 0.5;
    let some = false;
    for (let j = 0; j < X[i].length && !some; j++) some = X[i][j] > 0.5;
    if (some) loss += X[i][0] * w[1];
    let every = true;
    for (let j = 0; j < X[i].length && every; j++) every = X[i][j] < w[j] + 2;
    if (every) loss += X[i][2] * 0.25;
  }
  let a = X[0][0];
  for (let j = 1; j < X[0].length; j++) a = a * 0.5 + X[0][j];
  let b = 0;
  for (let j = 0; j < X[1].length; j++) b = b + X[1][j] * X[1][(j + 1) % X[1].length];
  return loss + (a + b);
}
export const g = grad(f, [0, 1]);
`;

test("reduce, some, every, forEach and map on a row read it in place: no copy per row, the loop program's derivatives", () => {
  const out = compile({ "main.ts": methods });
  expect(out.diagnostics).toEqual([]);
  const js = out.js["main.ts"];
  // Only the two walks that need one copy a row (X[0], X[1]): none per row of a loop.
  const copied = [...js.matchAll(/X_row\w* = new Array\((\w+)\[(\w+)\]\.length\)/g)].map((c) => c[2]);
  expect(copied.length).toBeGreaterThan(0);
  expect(copied.every((row) => row === "0" || row === "1")).toBe(true);
  expect(js).toMatch(/X_at_X_k\w* = X\[X_k\w*\];/);
  const m = out.load("main.ts");
  const reference = compile({ "main.ts": methodsByIndex }).load("main.ts");
  const random = rng(11);
  const matrix = () => [0, 1, 2].map(() => [0, 1, 2].map(() => random() * 2 - 1));
  for (let trial = 0; trial < 3; trial++) {
    const X = matrix();
    const w = [0, 1, 2].map(() => random() * 2 - 1);
    checkAgainst(m, reference, X, w, [matrix(), [0, 1, 2].map(() => random() * 2 - 1)]);
  }
});

test("a row written is refused with the code as written; a row as a whole value or passed to a recursive function is a copy", () => {
  const out = compile({
    "main.ts": `
function total(a: number[], k: number): number {
  return k === 0 ? a[0] : a[k] + total(a, k - 1);
}
// @differentiate
export function f(X: number[][]): number {
  let s = 0;
  for (const row of X) {
    row[0] = 1;
    s += row.map((v) => v * v).length;
  }
  return s + total(X[0], 2);
}
`,
  });
  expect(out.diagnostics).toEqual([
    expect.stringMatching(
      /^main\.ts:9:5 - error TS990093: Cannot write into 'row\[0\]': a differentiated function writes/,
    ),
  ]);
  // Without the write: 'row.map(…)' and 'total(X[0], 2)' read copies of the rows (lower/arrayMethods.ts, copyOfRow).
  const copies = compile({
    "main.ts": `
import { grad } from "cotangent";
function total(a: number[], k: number): number {
  return k === 0 ? a[0] : a[k] * a[k] + total(a, k - 1);
}
// @differentiate
export function f(X: number[][]): number {
  let s = 0;
  for (const row of X) s += row.map((v) => v * v)[1];
  return s + total(X[1], 2);
}
export const g = grad(f);
`,
  });
  expect(copies.diagnostics).toEqual([]);
  const X = [
    [0.5, -1.5, 2],
    [0.25, 3, -0.75],
  ];
  // f = Σᵢ Xᵢ₁² + X₁₂² + X₁₁² + X₁₀.
  expect(copies.load("main.ts").g(X)).toEqual([
    [0, 2 * X[0][1], 0],
    [1, 4 * X[1][1], 2 * X[1][2]],
  ]);
});

test("rows of a module-level data matrix, a constant: the gradient in the weights against the closed form", () => {
  const out = compile({
    "main.ts": `
import { grad } from "cotangent";
const DATA: number[][] = [[1, 2], [3, -4], [0.5, 0.25]];
function dot(a: readonly number[], b: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}
// @differentiate
export function f(w: number[]): number {
  let s = 0;
  for (const row of DATA) s += Math.tanh(dot(row, w));
  const r = DATA[1];
  return s + r[0] * w[1];
}
export const g = grad(f);
`,
  });
  expect(out.diagnostics).toEqual([]);
  const data = [
    [1, 2],
    [3, -4],
    [0.5, 0.25],
  ];
  const w = [0.3, -0.2];
  // ∂f/∂w_j = Σ_rows (1 − tanh²(row·w))·row_j, plus DATA[1][0] in w_1.
  const expected = [0, 1].map(
    (j) =>
      data.reduce((s, row) => s + (1 - Math.tanh(row[0] * w[0] + row[1] * w[1]) ** 2) * row[j], 0) + (j === 1 ? 3 : 0),
  );
  const [g0, g1] = out.load("main.ts").g(w);
  expect(relativeError(g0, expected[0])).toBeLessThan(1e-14);
  expect(relativeError(g1, expected[1])).toBeLessThan(1e-14);
});

test("a row passed to a function inlined in a loop's update or test (it has a loop of its own) is refused: TS990072", () => {
  const out = compile({
    "main.ts": `
function dot(a: number[], b: number[]): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}
// @differentiate
export function f(X: number[][], w: number[]): number {
  let s = 0;
  for (let t = 0; t < 3; t += dot(X[0], w)) s += t * w[0];
  while (dot(X[1], w) > s) s += 0.1;
  return s;
}
`,
  });
  expect(out.diagnostics).toEqual([
    expect.stringMatching(
      /^main\.ts:10:26 - error TS990072: 't \+= dot\(X\[0\], w\)' becomes a loop of its own .* loop's update/,
    ),
    expect.stringMatching(
      /^main\.ts:11:10 - error TS990072: 'dot\(X\[1\], w\) > s' becomes a loop of its own .* loop's test/,
    ),
  ]);
});

test("array methods over a matrix's rows (map, reduce, forEach, some, every, flat): the indexed program, FD, dot product", () => {
  const methods = `
import { grad, jvp } from "cotangent";
function dot(a: readonly number[], b: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}
// @differentiate
export function f(W: number[][], x: number[]): number {
  const y = W.map((row, i) => Math.tanh(dot(row, x)) + 0.1 * i);
  const corners = W.reduce((s, row) => s + row[0] * row[row.length - 1], 0);
  let weighted = 0;
  W.forEach((row, i) => {
    weighted += row[1] * x[i];
  });
  const flat = W.flat();
  let squares = 0;
  for (let k = 0; k < flat.length; k++) squares += (k + 1) * flat[k] * flat[k];
  const anyLarge = W.some((row) => row[0] > 0.9);
  const allSmall = W.every((row) => row.every((v) => Math.abs(v) < 0.95));
  return y.reduce((a, b) => a + b * b) + corners * weighted + 0.01 * squares + (anyLarge ? 1 : 0) + (allSmall ? x[0] : 0);
}
export const g = grad(f, [0, 1]);
export const t = (W: number[][], x: number[], dW: number[][], dx: number[]) => jvp(f, [W, x], [dW, dx]);
`;
  const loops = `
import { grad } from "cotangent";
// @differentiate
export function f(W: number[][], x: number[]): number {
  let ySum = 0;
  for (let i = 0; i < W.length; i++) {
    let z = 0;
    for (let j = 0; j < W[i].length; j++) z += W[i][j] * x[j];
    const y = Math.tanh(z) + 0.1 * i;
    ySum += i === 0 ? y : y * y;
  }
  let corners = 0;
  for (let i = 0; i < W.length; i++) corners += W[i][0] * W[i][W[i].length - 1];
  let weighted = 0;
  for (let i = 0; i < W.length; i++) weighted += W[i][1] * x[i];
  let squares = 0;
  let k = 0;
  for (let i = 0; i < W.length; i++) {
    for (let j = 0; j < W[i].length; j++) {
      squares += (k + 1) * W[i][j] * W[i][j];
      k++;
    }
  }
  let anyLarge = false;
  let allSmall = true;
  for (let i = 0; i < W.length; i++) {
    if (W[i][0] > 0.9) anyLarge = true;
    for (let j = 0; j < W[i].length; j++) if (!(Math.abs(W[i][j]) < 0.95)) allSmall = false;
  }
  return ySum + corners * weighted + 0.01 * squares + (anyLarge ? 1 : 0) + (allSmall ? x[0] : 0);
}
export const g = grad(f, [0, 1]);
`;
  const rows = compile({ "main.ts": methods });
  const byIndex = compile({ "main.ts": loops });
  expect(rows.diagnostics).toEqual([]);
  expect(byIndex.diagnostics).toEqual([]);
  const m = rows.load("main.ts");
  const reference = byIndex.load("main.ts");
  const random = rng(11);
  const matrix = () => [0, 1, 2].map(() => [0, 1, 2].map(() => random() * 1.8 - 0.9));
  for (const W of [
    matrix(),
    [
      [0.97, 0.2, -0.3],
      [0.1, -0.5, 0.4],
      [-0.2, 0.3, 0.6],
    ],
  ]) {
    const x = [0, 1, 2].map(() => random() * 2 - 1);
    checkAgainst(m, reference, W, x, [matrix(), [0, 1, 2].map(() => random() * 2 - 1)]);
  }
});

test("a matrix's rows reduced without an initial value would start from a row: TS990121", () => {
  const out = compile({
    "main.ts": `
// @differentiate
export function f(W: number[][]): number { return W.reduce((a, b) => a)[0]; }
`,
  });
  expect(out.diagnostics).toEqual([
    expect.stringMatching(/^main\.ts:3:51 - error TS990121: .*'W\.reduce\(\(a, b\) => a\)'.* an initial array/),
  ]);
});

test("a callback's third parameter over a module constant names the constant: 'CW.reduce((s, row, i, m) => …)'", () => {
  const out = compile({
    "main.ts": `
import { valueAndGrad } from "cotangent";
const CW = [[1, 2], [3, 4, 5]];
const A = [1, 2, 3];
// @differentiate
export function f(x: number[]): number {
  const rows = CW.reduce((s, row, i, m) => s + m.length * x[0] + m[i].length * row[0] * x[1], 0);
  return rows + A.reduce((s, v, i, a) => s + a[(i + 1) % a.length] * v * x[0], 0);
}
export const vg = valueAndGrad(f);
`,
  });
  expect(out.diagnostics).toEqual([]);
  const m = out.load("main.ts");
  // rows = 2x0 + 2·1·x1 + 2x0 + 3·3·x1; the vector's sum is (2·1 + 3·2 + 1·3)·x0.
  const [value, gradient] = m.vg([0.5, -0.2]);
  expect(value).toBe(m.f([0.5, -0.2]));
  expect(gradient).toEqual([4 + 11, 11]);
});

test("arrays of number tuples ('[number, number][]') read as a matrix's rows, and '[x, y]' names a row's elements", () => {
  const out = compile({
    "main.ts": `
import { grad } from "cotangent";
type Point = [number, number];
// @differentiate
export function spread(points: Point[], w: number): number {
  let s = 0;
  for (const [x, y] of points) s += x * y * w;
  const lengths = points.map(([x, y]) => Math.hypot(x, y));
  for (let i = 0; i < points.length; i++) s += points[i][0] * lengths[i];
  return s + points.reduce((t, [, y]) => t + y * y, 0);
}
export const g = grad(spread, [0, 1]);
`,
  });
  expect(out.diagnostics).toEqual([]);
  const m = out.load("main.ts");
  const points = [
    [0.5, 1],
    [2, -1],
    [1.5, 0.25],
  ];
  const w = 0.7;
  const [gPoints, gw] = m.g(points, w);
  // s = Σ (w·x·y + x·r + y²), r = hypot(x, y): ∂/∂x = w·y + r + x²/r, ∂/∂y = w·x + x·y/r + 2y, ∂/∂w = Σ x·y.
  const expected = points.map(([x, y]) => {
    const r = Math.hypot(x, y);
    return [w * y + r + (x * x) / r, w * x + (x * y) / r + 2 * y];
  });
  gPoints.forEach((row: number[], i: number) =>
    row.forEach((v, j) => expect(relativeError(v, expected[i][j])).toBeLessThan(1e-14)),
  );
  expect(
    relativeError(
      gw,
      points.reduce((t, [x, y]) => t + x * y, 0),
    ),
  ).toBeLessThan(1e-15);
});

test("a row named as a tuple ('const r: Point = points[i]') or destructured ('const [a, , c] = m[i]')", () => {
  const out = compile({
    "main.ts": `
import { grad } from "cotangent";
type Point = [number, number];
// @differentiate
export function f(points: Point[], m: number[][], w: number): number {
  const r = points[1];
  const [a, b] = points[2];
  let s = r[0] * r[1] * w + a * b;
  for (let i = 0; i < m.length; i++) {
    const [first, , third] = m[i];
    s += first * third;
  }
  for (const row of points) {
    const [x, y] = row;
    s += x - y;
  }
  return s;
}
export const g = grad(f, [0, 1, 2]);
`,
  });
  expect(out.diagnostics).toEqual([]);
  const points = [
    [0.5, 1],
    [2, -1],
    [1.5, 0.25],
  ];
  const m = [
    [1, 2, 3],
    [4, 5, 6],
  ];
  const [gPoints, gm, gw] = out.load("main.ts").g(points, m, 0.7);
  expect(gPoints).toEqual([
    [1, -1],
    [-0.7 + 1, 1.4 - 1],
    [0.25 + 1, 1.5 - 1],
  ]);
  expect(gm).toEqual([
    [3, 0, 1],
    [6, 0, 4],
  ]);
  expect(gw).toBe(-2);
});
