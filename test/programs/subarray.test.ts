/**
 * Views of typed arrays ('theta.subarray(0, n)'): where nothing writes the view or its array, the generated code
 * reads a copy, which holds the same numbers, and the derivatives flow back into the array's elements. Checked
 * against hand-derived gradients, finite differences and the dot-product test; views that may be written are
 * TS990088.
 */
import { compile } from "../helpers/compile";
import { expectRelative } from "../helpers/check";
import { checkShaped } from "../helpers/shaped";

test("a flat parameter vector split into views: weights and a bias, against the hand-derived gradient", () => {
  const source = `
// @differentiate
export function loss(theta: Float64Array, x: Float64Array, y: number): number {
  const n = x.length;
  const w = theta.subarray(0, n);
  const bias = theta.subarray(n, n + 1);
  let z = bias[0];
  for (let i = 0; i < w.length; i++) z += w[i] * x[i];
  const r = Math.tanh(z) - y;
  return r * r;
}`;
  const theta = new Float64Array([0.3, -0.7, 0.2, 0.1]);
  const x = new Float64Array([1.5, 0.5, -2]);
  const y = 0.25;
  const [[g]] = checkShaped(source, "loss", "theta: Float64Array, x: Float64Array, y: number", [[theta, x, y]], {
    fixed: [1, 2],
  });
  // z = w·x + b; ∂/∂w = 2r(1 − tanh²z)x, ∂/∂b = 2r(1 − tanh²z).
  let z = theta[3];
  for (let i = 0; i < 3; i++) z += theta[i] * x[i];
  const t = Math.tanh(z);
  const dz = 2 * (t - y) * (1 - t * t);
  expectRelative(g as Float64Array, [dz * x[0], dz * x[1], dz * x[2], dz], 1e-13);
});

test("a view of each row of a flat matrix in a loop, passed to a helper", () => {
  const source = `
function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}
// @differentiate
export function quad(A: Float64Array, x: Float64Array): number {
  const m = x.length;
  let s = 0;
  for (let r = 0; r * m < A.length; r++) {
    const row = A.subarray(r * m, r * m + m);
    const d = dot(row, x);
    s += d * d;
  }
  return s;
}`;
  const A = new Float64Array([1, 2, -1, 0.5, 3, -2]);
  const x = new Float64Array([0.4, -1.1, 0.7]);
  const [[gA, gx]] = checkShaped(source, "quad", "A: Float64Array, x: Float64Array", [[A, x]]);
  // s = Σ_r (A_r·x)²: ∂/∂A_rj = 2(A_r·x)x_j, ∂/∂x = Σ_r 2(A_r·x)A_r.
  const d = [0, 1].map((r) => A[3 * r] * x[0] + A[3 * r + 1] * x[1] + A[3 * r + 2] * x[2]);
  expectRelative(
    gA as Float64Array,
    [0, 1].flatMap((r) => [0, 1, 2].map((j) => 2 * d[r] * x[j])),
    1e-13,
  );
  expectRelative(
    gx as Float64Array,
    [0, 1, 2].map((j) => 2 * d[0] * A[j] + 2 * d[1] * A[3 + j]),
    1e-13,
  );
});

test("positions as JavaScript takes them (omitted, negative, past the end) and a view of a view", () => {
  const source = `
// @differentiate
export function f(x: Float64Array, k: number): number {
  const tail = x.subarray(-2);
  const middle = x.subarray(1, -1);
  const inner = middle.subarray(1, 99);
  const all = x.subarray(k);
  const pair = x.subarray(1).subarray(0, 2);
  let s = 0;
  for (let i = 0; i < pair.length; i++) s += 0.5 * pair[i];
  for (let i = 0; i < tail.length; i++) s += tail[i] * tail[i];
  for (let i = 0; i < middle.length; i++) s += (i + 1) * middle[i];
  for (let i = 0; i < inner.length; i++) s += Math.sin(inner[i]);
  return s + all.length * all[0];
}
import { valueAndGrad } from "cotangent";
export const vg = valueAndGrad(f);`;
  const x = new Float64Array([0.5, -1, 2, 0.25, 1.5]);
  checkShaped(source, "f", "x: Float64Array, k: number", [[x, -3.5]], { fixed: [1] });
  const m = compile({ "main.ts": source }).load("main.ts");
  const [value, g] = m.vg(x, -3.5);
  expect(value).toBe(m.f(x, -3.5));
  // tail = x[3..4], middle = x[1..3], inner = x[2..3], all = x[2..4] (−3.5 truncates to −3), pair = x[1..2].
  const expected = [0, 1 + 0.5, 2 + Math.cos(x[2]) + 3 + 0.5, 3 + 2 * x[3] + Math.cos(x[3]), 2 * x[4]];
  expectRelative(g as Float64Array, expected, 1e-14);
});

test("views that may be written, or of arrays that may be, are TS990088", () => {
  const refused = (body: string, extra = "") =>
    compile({
      "main.ts": `${extra}
// @differentiate
export function f(theta: Float64Array): number {
  ${body}
}
import { grad } from "cotangent";
export const g = grad(f);`,
    }).diagnostics;
  const viewError = [expect.stringMatching(/error TS990088: '\w+(\[0\])?\.subarray\(1\)' is a view sharing/)];
  expect(refused("const w = theta.subarray(1); w[0] = 2; return w[0] * theta[1];")).toEqual(viewError);
  expect(refused("const w = theta.subarray(1); theta[1] *= 3; return w[0];")).toEqual(viewError);
  expect(refused("const w = theta.subarray(1); const u = w; u.fill(0); return theta[0];")).toEqual(viewError);
  expect(
    refused("const w = theta.subarray(1); scale(w); return w[0];", "function scale(a: Float64Array) { a[0] *= 2; }"),
  ).toEqual(viewError);
  expect(
    refused("const w = DATA.subarray(1); return w[0] * theta[0];", "const DATA = new Float64Array([1, 2, 3]);"),
  ).toEqual(viewError);
  expect(refused("const m = [theta.slice(), theta.slice()]; const w = m[0].subarray(1); return w[0];")).toEqual(
    viewError,
  );
  // Read through a helper that only reads: accepted.
  expect(
    refused("const w = theta.subarray(1); return sum(w);", "function sum(a: Float64Array) { return a[0] + a[1]; }"),
  ).toHaveLength(0);
});
