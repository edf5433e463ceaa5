/**
 * Matrices whose rows are Float64Arrays ('Float64Array[]', a network's weights row by row), differentiated as
 * 'number[][]' is: rows read in place, named ('const w = ws[j]'), iterated ('for (const w of ws)'), passed to a
 * helper taking a Float64Array, and built locally with push. References: the same program over 'number[][]' (an
 * independent route, whose rows are other arrays), central differences, the dot-product test between jvp and vjp,
 * and closed forms; gradients come back as Float64Array rows, and the printed TypeScript type-checks.
 */
import { compile, printTransformed } from "../helpers/compile";
import { centralDifference, relativeError, rng } from "../helpers/check";

const network = (matrix: string, row: string) => `
import { grad, hessian, jvp, vjp } from "cotangent";
function dot(w: ${row}, x: ${row}): number {
  let s = 0;
  for (let i = 0; i < w.length; i++) s += w[i] * x[i];
  return s;
}
// @differentiate
export function loss(ws: ${matrix}, bias: ${row}, x: ${row}): number {
  let s = 0;
  for (let j = 0; j < ws.length; j++) {
    const w = ws[j];
    const h = Math.tanh(dot(w, x) + bias[j]);
    s += h * h;
  }
  for (const w of ws) s += 0.01 * w[0] * w[w.length - 1];
  return s + ws[ws.length - 1][0] * x[0];
}
export const g = grad(loss, [0, 1, 2]);
export const t = (ws: ${matrix}, bias: ${row}, x: ${row}, dws: ${matrix}, db: ${row}, dx: ${row}) =>
  jvp(loss, [ws, bias, x], [dws, db, dx]);
export const pullback = (ws: ${matrix}, bias: ${row}, x: ${row}) => vjp(loss, ws, bias, x);
export const hx = hessian(loss, 2);
`;

const typed = network("Float64Array[]", "Float64Array");
const plain = network("number[][]", "number[]");
const built = `
import { grad } from "cotangent";
// @differentiate
export function cubes(x: Float64Array): number {
  const rows: Float64Array[] = [];
  for (let i = 0; i < x.length; i++) {
    const r = new Float64Array(2);
    r[0] = x[i];
    r[1] = x[i] * x[i];
    rows.push(r);
  }
  let s = 0;
  for (const r of rows) s += r[0] * r[1];
  return s + rows[0][1] * rows[1][0];
}
export const g = grad(cubes);
`;
const recursive = `
import { grad } from "cotangent";
function sumSquares(w: Float64Array, i: number): number {
  return i < 0 ? 0 : w[i] * w[i] + sumSquares(w, i - 1);
}
// @differentiate
export function rows(ws: Float64Array[]): number {
  let s = 0;
  for (const w of ws) s += sumSquares(w, w.length - 1);
  return s + sumSquares(ws[0], 0);
}
export const g = grad(rows);
`;
const out = compile({
  "typed/main.ts": typed,
  "plain/main.ts": plain,
  "built/main.ts": built,
  "recursive/main.ts": recursive,
});

const random = rng(17);
const vector = (n: number) => Float64Array.from({ length: n }, () => random() * 2 - 1);
const ws = [vector(3), vector(3), vector(3), vector(3)];
const bias = vector(4);
const x = vector(3);
/** Every number of the arguments, in order, and back. */
const flat = (w: readonly ArrayLike<number>[], b: ArrayLike<number>, v: ArrayLike<number>) => [
  ...w.flatMap((r) => Array.from(r)),
  ...Array.from(b),
  ...Array.from(v),
];
const unflat = (values: readonly number[]) => [
  [0, 1, 2, 3].map((j) => Float64Array.from(values.slice(3 * j, 3 * j + 3))),
  Float64Array.from(values.slice(12, 16)),
  Float64Array.from(values.slice(16, 19)),
];

test("compiles, and the printed TypeScript type-checks without the plugin", () => {
  expect(out.diagnostics).toEqual([]);
  // A recursive helper given a row reads a copy of it, a Float64Array as the helper's parameter says.
  const printed = printTransformed({ "main.ts": typed, "built.ts": built, "recursive.ts": recursive });
  expect(printed.diagnostics).toEqual([]);
  expect(printed.text["main.ts"]).toContain("ws_bar = ws.map(row => new Float64Array(row.length))");
  expect(compile(printed.text, {}, { transform: false }).diagnostics).toEqual([]);
});

test("the gradient has Float64Array rows, equals number[][]'s, and agrees with central differences", () => {
  const m = out.load("typed/main.ts");
  const [gw, gb, gx] = m.g(ws, bias, x);
  gw.forEach((row: unknown) => expect(row).toBeInstanceOf(Float64Array));
  expect(gb).toBeInstanceOf(Float64Array);
  const reference = out.load("plain/main.ts").g(
    ws.map((r) => Array.from(r)),
    Array.from(bias),
    Array.from(x),
  );
  const got = flat(gw, gb, gx);
  const expected = flat(reference[0], reference[1], reference[2]);
  got.forEach((g, i) => expect(relativeError(g, expected[i])).toBeLessThan(1e-14));
  const point = flat(ws, bias, x);
  const f = (...values: number[]) => m.loss(...unflat(values));
  got.forEach((g, i) => {
    const e = point.map((_, j) => (j === i ? 1 : 0));
    expect(relativeError(g, centralDifference(f, point, e))).toBeLessThan(1e-7);
  });
});

test("forward mode against reverse mode: the dot-product test, and the pullback at the point", () => {
  const m = out.load("typed/main.ts");
  const dws = [vector(3), vector(3), vector(3), vector(3)];
  const db = vector(4);
  const dx = vector(3);
  const [value, tangent] = m.t(ws, bias, x, dws, db, dx);
  expect(value).toBe(m.loss(ws, bias, x));
  const [pulledValue, pullback] = m.pullback(ws, bias, x);
  expect(pulledValue).toBe(value);
  const w = 0.7;
  const cotangents = pullback(w);
  const right = flat(cotangents[0], cotangents[1], cotangents[2]).reduce((s, c, i) => s + c * flat(dws, db, dx)[i], 0);
  expect(relativeError(tangent * w, right)).toBeLessThan(1e-12);
  // A tangent row of another length is refused, not read past its end or truncated.
  const short = [vector(3), vector(2), vector(3), vector(3)];
  expect(() => m.t(ws, bias, x, short, db, dx)).toThrow(/row 1 of the tangent of 'ws' has 2 elements/);
  const plainRows = ws.map((r) => Array.from(r));
  const plainTangent = (rows: number[][]) =>
    out.load("plain/main.ts").t(plainRows, Array.from(bias), Array.from(x), rows, Array.from(db), Array.from(dx));
  expect(() => plainTangent(short.map((r) => [...Array.from(r), 0]))).toThrow(RangeError);
});

test("the Hessian in x through the rows matches number[][]'s", () => {
  const typedHessian = out.load("typed/main.ts").hx(ws, bias, x);
  const plainHessian = out.load("plain/main.ts").hx(
    ws.map((r) => Array.from(r)),
    Array.from(bias),
    Array.from(x),
  );
  typedHessian.forEach((row: number[], i: number) =>
    row.forEach((h, j) => expect(relativeError(h, plainHessian[i][j])).toBeLessThan(1e-13)),
  );
});

test("a Float64Array[] built with push: the closed form", () => {
  // Σ xᵢ³ + x₀²·x₁: ∂/∂x₀ = 3x₀² + 2x₀x₁, ∂/∂x₁ = 3x₁² + x₀², ∂/∂x₂ = 3x₂².
  const g = out.load("built/main.ts").g(new Float64Array([1.5, 2, -1]));
  expect(g).toBeInstanceOf(Float64Array);
  expect(Array.from(g)).toEqual([3 * 2.25 + 2 * 1.5 * 2, 3 * 4 + 2.25, 3]);
});

test("rows passed to a recursive helper: the closed form", () => {
  // Σ of every element squared, plus ws[0][0]²: the gradient is 2·w, doubled at ws[0][0].
  const [first, second] = out.load("recursive/main.ts").g([new Float64Array([1, 2]), new Float64Array([3])]);
  expect(first).toBeInstanceOf(Float64Array);
  expect([Array.from(first), Array.from(second)]).toEqual([[4, 4], [6]]);
});
