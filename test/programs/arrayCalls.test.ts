/**
 * Calls to functions that return arrays (packages/core/src/lower/arrayCalls.ts), inlined where they are called:
 * top-level helpers of the same module and of another one, local arrows, helpers calling helpers, calls inside
 * loops, results read by index, by '.length', passed on or returned. References: the same program written with its
 * loops in place (an independent route through the compiler), central differences and the dot-product test, closed
 * forms for the aliasing cases, forward mode and the Hessian.
 */
import { compile } from "../helpers/compile";
import { relativeError } from "../helpers/check";
import { checkShaped, compileShapedBatch, type ShapedEntry } from "../helpers/shaped";

const helpers = `
function softmax(z: Float64Array): Float64Array {
  let top = -Infinity;
  for (const v of z) top = Math.max(top, v);
  const e = z.map((v) => Math.exp(v - top));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
}
function matvec(a: Float64Array, x: Float64Array): Float64Array {
  const n = x.length;
  const y = new Float64Array(a.length / n);
  for (let i = 0; i < y.length; i++) {
    let s = 0;
    for (let j = 0; j < n; j++) s += a[i * n + j] * x[j];
    y[i] = s;
  }
  return y;
}
function layer(a: Float64Array, x: Float64Array): Float64Array {
  return matvec(a, x).map(Math.tanh);
}
`;

const called = `${helpers}
// @differentiate
export function loss(w: Float64Array, x: Float64Array, label: number): number {
  const half = (v: Float64Array) => v.map((t) => 0.5 * t);
  let total = 0;
  for (let r = 1; r <= 2; r++) {
    const p = softmax(half(layer(w, x.map((t) => r * t))));
    total -= Math.log(p[label]) / p.length;
  }
  return total + softmax(x)[0];
}
`;

const inPlace = `
// @differentiate
export function loss(w: Float64Array, x: Float64Array, label: number): number {
  const n = x.length;
  const m = w.length / n;
  let total = 0;
  for (let r = 1; r <= 2; r++) {
    const h = new Float64Array(m);
    for (let i = 0; i < m; i++) {
      let s = 0;
      for (let j = 0; j < n; j++) s += w[i * n + j] * (r * x[j]);
      h[i] = 0.5 * Math.tanh(s);
    }
    let top = -Infinity;
    for (let i = 0; i < m; i++) top = Math.max(top, h[i]);
    let sum = 0;
    for (let i = 0; i < m; i++) sum += Math.exp(h[i] - top);
    total -= Math.log(Math.exp(h[label] - top) / sum) / m;
  }
  let topX = -Infinity;
  for (let j = 0; j < n; j++) topX = Math.max(topX, x[j]);
  let sumX = 0;
  for (let j = 0; j < n; j++) sumX += Math.exp(x[j] - topX);
  return total + Math.exp(x[0] - topX) / sumX;
}
`;

const signature = "w: Float64Array, x: Float64Array, label: number";
const batch = compileShapedBatch([
  { id: "called", source: called, name: "loss", signature },
  { id: "inPlace", source: inPlace, name: "loss", signature },
]);
const points = [
  [Float64Array.from([0.5, -1.2, 0.3, 0.8, 0.1, -0.4]), Float64Array.from([0.7, -0.2]), 1],
  [Float64Array.from([1.1, 0.4, -0.6, 0.2, 0.9, -1.5, 0.3, 0.05, -0.7]), Float64Array.from([0.2, 0.6, -0.9]), 2],
];

test("helpers returning arrays: the gradient of the same program written in place, differences, dot product", () => {
  const ours = batch.get("called") as ShapedEntry;
  const theirs = batch.get("inPlace") as ShapedEntry;
  expect(ours.diagnostics).toEqual([]);
  const mine = ours.checkBothWays(points, { fixed: [2] });
  const reference = theirs.checkBothWays(points, { fixed: [2] });
  mine.forEach((gradient, p) => {
    expect(relativeError(ours.load().loss(...points[p]), theirs.load().loss(...points[p]))).toBeLessThan(1e-14);
    for (const k of [0, 1]) {
      const g = gradient[k] as Float64Array;
      const r = reference[p][k] as Float64Array;
      g.forEach((value, i) => expect(relativeError(value, r[i])).toBeLessThan(1e-12));
    }
  });
});

test("the array returned is JavaScript's: the caller's own array when a parameter is returned; vjp, jvp, Hessian", () => {
  const out = compile({
    "main.ts": `
import { grad, hessian, jvp, vjp } from "cotangent";
function same(a: Float64Array): Float64Array {
  return a;
}
function ramp(out: Float64Array, k: number): Float64Array {
  for (let i = 0; i < out.length; i++) out[i] = k * i;
  return out;
}
function squares(a: Float64Array): Float64Array {
  return a.map((v) => v * v);
}
function fourth(a: Float64Array): Float64Array {
  const b = squares(a);
  return squares(b);
}
// @differentiate
export function f(x: Float64Array, k: number): number {
  const w = x.slice();
  const y = same(w);
  y[0] = k * y[1];
  ramp(new Float64Array(2), k);
  const z = ramp(new Float64Array(3), k);
  return w[0] * x[2] + fourth(x)[1] + z[2] * k;
}
// @differentiate
export function powers(x: Float64Array): Float64Array {
  return fourth(x);
}
export const g = grad(f, [0, 1]);
export const h = hessian(f, 1);
export const pullback = (x: Float64Array, w: Float64Array) => vjp(powers, x)[1](w);
export const tangent = (x: Float64Array, u: Float64Array) => jvp(powers, [x], [u]);
`,
  });
  expect(out.diagnostics).toEqual([]);
  const m = out.load("main.ts");
  const [x0, x1, x2] = [0.3, -0.7, 1.1];
  const x = Float64Array.from([x0, x1, x2]);
  const k = 2;
  // y is w itself, so w[0] becomes k·x1: f = k·x1·x2 + x1⁴ + 2k².
  expect(relativeError(m.f(x, k), k * x1 * x2 + x1 ** 4 + 2 * k * k)).toBeLessThan(1e-15);
  const [gx, gk] = m.g(x, k);
  expect(Array.from(gx)).toEqual([0, expect.closeTo(k * x2 + 4 * x1 ** 3, 14), expect.closeTo(k * x1, 14)]);
  expect(relativeError(gk, x1 * x2 + 4 * k)).toBeLessThan(1e-15);
  expect(relativeError(m.h(x, k), 4)).toBeLessThan(1e-15);
  const w = [1, 2, 3];
  const [pulled] = m.pullback(x, Float64Array.from(w));
  [x0, x1, x2].forEach((xi, i) => expect(relativeError(pulled[i], w[i] * 4 * xi ** 3)).toBeLessThan(1e-15));
  const [value, directional] = m.tangent(x, Float64Array.from(w));
  [x0, x1, x2].forEach((xi, i) => {
    expect(relativeError(value[i], xi ** 4)).toBeLessThan(1e-15);
    expect(relativeError(directional[i], w[i] * 4 * xi ** 3)).toBeLessThan(1e-15);
  });
  expect(Array.from(x)).toEqual([x0, x1, x2]);
});

test("several returns: each gives a fresh array, in every mode; the derivatives of each branch", () => {
  const out = compile({
    "main.ts": `
import { grad, hessian } from "cotangent";
function clipped(a: Float64Array, lo: number): Float64Array {
  if (lo > 10) return a.map((v) => v * 0);
  for (let i = 0; i < a.length; i++) {
    if (a[i] < lo) {
      const out = a.slice();
      for (let j = 0; j < out.length; j++) out[j] = Math.max(out[j], lo);
      return out;
    }
  }
  return a.map((v) => v * 2);
}
// @differentiate
export function f(x: Float64Array, lo: number): number {
  let s = 0;
  for (let r = 0; r < 2; r++) {
    const c = clipped(x, lo + r);
    for (const v of c) s += v * v * x[0];
  }
  return s;
}
export const g = grad(f, [0, 1]);
export const h = hessian(f, 0);
`,
  });
  expect(out.diagnostics).toEqual([]);
  const m = out.load("main.ts");
  const [x0, x1, x2] = [0.3, -0.7, 1.1];
  const x = Float64Array.from([x0, x1, x2]);
  // lo = -5: no element is clipped, c = 2x twice, f = 8·x0·Σxⱼ².
  const squares = x0 * x0 + x1 * x1 + x2 * x2;
  const [gx, gLo] = m.g(x, -5);
  expect(relativeError(m.f(x, -5), 8 * x0 * squares)).toBeLessThan(1e-15);
  [8 * (2 * x0 * x0 + squares), 16 * x0 * x1, 16 * x0 * x2].forEach((e, i) =>
    expect(relativeError(gx[i], e)).toBeLessThan(1e-15),
  );
  expect(gLo).toBe(0);
  const row = m.h(x, -5)[0] as number[];
  [48 * x0, 16 * x1, 16 * x2].forEach((e, i) => expect(relativeError(row[i], e)).toBeLessThan(1e-15));
  // lo = 0.2: x1 < lo, so both passes clip to max(xⱼ, lo + r) (no ties): f = x0·Σᵣ Σⱼ max(xⱼ, lo + r)².
  const lo = 0.2;
  const clip = (r: number) => [x0, x1, x2].map((v) => Math.max(v, lo + r));
  const value = x0 * [0, 1].reduce((t, r) => t + clip(r).reduce((u, c) => u + c * c, 0), 0);
  expect(relativeError(m.f(x, lo), value)).toBeLessThan(1e-15);
  const [cx, cLo] = m.g(x, lo);
  const clippedAt = (j: number, r: number) => [x0, x1, x2][j] < lo + r;
  const expected = [0, 1, 2].map((j) => {
    const own = [0, 1].reduce((t, r) => t + (clippedAt(j, r) ? 0 : 2 * x0 * clip(r)[j]), 0);
    return j === 0 ? own + value / x0 : own;
  });
  expected.forEach((e, i) => expect(relativeError(cx[i], e)).toBeLessThan(1e-14));
  const loTerm = [0, 1].reduce(
    (t, r) => t + [0, 1, 2].reduce((u, j) => u + (clippedAt(j, r) ? 2 * x0 * (lo + r) : 0), 0),
    0,
  );
  expect(relativeError(cLo, loTerm)).toBeLessThan(1e-14);
  // lo = 20: every element becomes 0, f = 0 and so is its gradient.
  expect(Array.from(m.g(x, 20)[0])).toEqual([0, 0, 0]);
});

test("a helper of another module is inlined into the caller's; one reading its module's variables is refused", () => {
  const out = compile({
    "lib.ts": `
export function scaled(a: Float64Array, k: number): Float64Array {
  const out = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i] * k;
  return out;
}
`,
    "main.ts": `
import { grad } from "cotangent";
import { scaled } from "./lib";
// @differentiate
export function f(x: Float64Array, k: number): number {
  let s = 0;
  for (const v of scaled(scaled(x, k), x[0])) s += v * v;
  return s;
}
export const g = grad(f, [0, 1]);
`,
  });
  expect(out.diagnostics).toEqual([]);
  const m = out.load("main.ts");
  const x = Float64Array.from([0.5, -1.5, 2]);
  const k = 1.5;
  // f = k²·x0²·Σv², so ∂f/∂x0 = k²(2x0·Σv² + x0²·2x0), ∂f/∂xi = 2k²x0²xi, ∂f/∂k = 2k·x0²·Σv².
  const sum = 0.25 + 2.25 + 4;
  const [gx, gk] = m.g(x, k);
  expect(relativeError(m.f(x, k), k * k * 0.25 * sum)).toBeLessThan(1e-15);
  expect(relativeError(gx[0], k * k * (2 * 0.5 * sum + 0.25 * 2 * 0.5))).toBeLessThan(1e-15);
  expect(relativeError(gx[1], 2 * k * k * 0.25 * -1.5)).toBeLessThan(1e-15);
  expect(relativeError(gx[2], 2 * k * k * 0.25 * 2)).toBeLessThan(1e-15);
  expect(relativeError(gk, 2 * k * 0.25 * sum)).toBeLessThan(1e-15);

  const refused = compile({
    "lib.ts": `
const BIAS = 0.5;
export function biased(a: Float64Array): Float64Array {
  return a.map((v) => v + BIAS);
}
`,
    "main.ts": `
import { grad } from "cotangent";
import { biased } from "./lib";
function halve(a: Float64Array, n: number): Float64Array {
  if (n <= 0) return a;
  return a.map((v) => v / 2);
}
function again(a: Float64Array): Float64Array {
  const b = again(a);
  return b;
}
// @differentiate
export function f(x: Float64Array): number {
  return halve(x, 2)[0] + biased(x)[0] + again(x).length;
}
export const g = grad(f);
`,
  });
  expect(refused.diagnostics).toEqual([
    "main.ts:5:22 - error TS990060: 'halve' returns 'a', an array it did not create, from one of several 'return' statements: each such 'return' gives a copy, where JavaScript gives the array itself. Return a copy ('a.slice()'), or end 'halve' with its only 'return'.",
    "lib.ts:4:27 - error TS990058: 'biased' is inlined where it is called (as a function returning an array, an object or a tuple, a method, a constructor, a closure, or a function held in a table or given to a helper is), but it reads 'BIAS' from its own module, which the caller's module cannot see. Pass 'BIAS' to 'biased' as a parameter, or declare 'biased' in the caller's module.",
    "main.ts:9:13 - error TS990059: 'again' calls itself, directly or through other functions, but it is inlined where it is called (a function returning an array, a method, a constructor), so it cannot be recursive. Write the recursion as a top-level function that returns a number, or one that writes its result into an array parameter ('function f(…, out: Float64Array): void').",
  ]);
});

test("a helper returning a new empty array early ('return new Float64Array(0)'), or its mapped argument", () => {
  const source = `
function scaledOrEmpty(a: Float64Array, k: number): Float64Array {
  if (a.length < k) return new Float64Array(0);
  return a.map((v) => v * k);
}
// @differentiate
export function f(x: Float64Array): number {
  const y = scaledOrEmpty(x, 2);
  const none = scaledOrEmpty(x, 9);
  return y[0] * y[1] + none.length;
}`;
  const x = new Float64Array([1.5, -2, 3]);
  const [[g]] = checkShaped(source, "f", "x: Float64Array", [[x]]);
  // f = 4·x0·x1
  expect(Array.from(g as Float64Array)).toEqual([4 * -2, 4 * 1.5, 0]);
});
