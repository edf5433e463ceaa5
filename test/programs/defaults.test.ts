/**
 * Parameters with constant defaults (packages/core/src/lower/defaults.ts): left out in calls to top-level callees
 * of any module, to inlined local and array-returning helpers, and to the markers' results. References: the same
 * program with every argument written out (an independent route), central differences and the dot-product test,
 * and the markers called with every value.
 */
import { compile } from "../helpers/compile";
import { relativeError } from "../helpers/check";
import { compileShapedBatch, type ShapedEntry } from "../helpers/shaped";

const helpers = (defaults: boolean) => `
function huber(r: number, delta${defaults ? " = 1.0" : ": number"}): number {
  const a = Math.abs(r);
  return a <= delta ? 0.5 * r * r : delta * (a - 0.5 * delta);
}
function scale(a: Float64Array, k${defaults ? " = 2 * Math.PI" : ": number"}): Float64Array {
  return a.map((v) => v * k);
}
`;

const withDefaults = `${helpers(true)}
// @differentiate
export function loss(x: Float64Array, lambda: number): number {
  const power = (t: number, p = 3, half = false) => (half ? 0.5 : 1) * t ** p;
  let s = 0;
  for (const v of scale(x)) s += huber(v) + huber(v, 0.25) + power(v) * 1e-3;
  for (let i = 0; i < x.length; i++) s += lambda * power(x[i], 2, true);
  return s;
}
`;

const explicit = `${helpers(false)}
// @differentiate
export function loss(x: Float64Array, lambda: number): number {
  const power = (t: number, p: number, half: boolean) => (half ? 0.5 : 1) * t ** p;
  let s = 0;
  for (const v of scale(x, 2 * Math.PI)) s += huber(v, 1.0) + huber(v, 0.25) + power(v, 3, false) * 1e-3;
  for (let i = 0; i < x.length; i++) s += lambda * power(x[i], 2, true);
  return s;
}
`;

const signature = "x: Float64Array, lambda: number";
const batch = compileShapedBatch([
  { id: "defaults", source: withDefaults, name: "loss", signature },
  { id: "explicit", source: explicit, name: "loss", signature },
]);
const points = [
  [Float64Array.from([0.05, -0.1, 0.3]), 0.7],
  [Float64Array.from([0.4, 0.02, -0.25, 0.11]), 1.3],
];

test("arguments left out take their constant defaults: the program with every argument written out", () => {
  const ours = batch.get("defaults") as ShapedEntry;
  const theirs = batch.get("explicit") as ShapedEntry;
  expect(ours.diagnostics).toEqual([]);
  const mine = ours.checkBothWays(points);
  const reference = theirs.checkBothWays(points);
  mine.forEach((gradient, p) => {
    expect(ours.load().loss(...points[p])).toBe(theirs.load().loss(...points[p]));
    const [gx, gLambda] = gradient as [Float64Array, number];
    const [rx, rLambda] = reference[p] as [Float64Array, number];
    expect(Array.from(gx)).toEqual(Array.from(rx));
    expect(gLambda).toBe(rLambda);
  });
});

test("markers' results take the differentiated function's defaults; a default that is not a constant is refused", () => {
  const out = compile({
    "lib.ts": `
export const weight = (t: number, w = 2) => w * t * t;
`,
    "main.ts": `
import { grad, gradInto, hessian, hvp, jacfwd, jvp, valueAndGrad, vjp } from "cotangent";
import { weight } from "./lib";
// @differentiate
export function f(x: Float64Array, k = 0.5, mode: "sum" | "max" = "sum", squash = true): number {
  let s = 0;
  for (const v of x) s = mode === "sum" ? s + weight(v * k) : Math.max(s, weight(v * k));
  return squash ? Math.tanh(s) : s;
}
export const g = grad(f);
export const gk = grad(f, [0, 1]);
export const vg = valueAndGrad(f);
export const into = gradInto(f);
export const h = hessian(f);
export const hv = hvp(f);
export const jf = jacfwd(f);
export const pullback = (x: Float64Array) => vjp(f, x);
export const pullbackAt = (x: Float64Array, k: number) => vjp(f, x, k);
export const tangent = (x: Float64Array, u: Float64Array) => jvp(f, [x], [u]);
export const tangentK = (x: Float64Array, u: Float64Array, dk: number) => jvp(f, [x, 0.5], [u, dk]);
export const tangentOf = (primals: [Float64Array, number?], tangents: [Float64Array, number?]) => jvp(f, primals, tangents);
`,
  });
  expect(out.diagnostics).toEqual([]);
  const m = out.load("main.ts");
  const x = Float64Array.from([0.3, -0.6, 0.2]);
  // f = tanh(Σ 2(k·x)²) with k = 1/2: ∂f/∂xᵢ = (1 − f²)·4k²·xᵢ, ∂f/∂k = (1 − f²)·4k·Σxᵢ².
  const sum = 0.09 + 0.36 + 0.04;
  const value = Math.tanh(0.5 * sum);
  const gx = Array.from(x, (xi) => (1 - value * value) * xi);
  expect(relativeError(m.f(x), value)).toBeLessThan(1e-15);
  Array.from(m.g(x) as Float64Array).forEach((g, i) => expect(relativeError(g, gx[i])).toBeLessThan(1e-15));
  expect(Array.from(m.g(x))).toEqual(Array.from(m.g(x, 0.5, "sum", true)));
  const [, gk] = m.gk(x);
  expect(relativeError(gk, (1 - value * value) * 2 * sum)).toBeLessThan(1e-15);
  expect(m.vg(x)[0]).toBe(m.f(x));
  const out3 = new Float64Array(3);
  expect(m.into(x, undefined, undefined, undefined, out3)).toBe(m.f(x));
  expect(Array.from(out3)).toEqual(Array.from(m.g(x)));
  // ∂²f/∂xᵢ∂xⱼ = (1 − f²)·δᵢⱼ − 2f(1 − f²)·xᵢxⱼ (4k² = 1).
  const hessian = m.h(x) as number[][];
  expect(hessian).toEqual(m.h(x, 0.5, "sum", true));
  hessian.forEach((row, i) =>
    row.forEach((hij, j) => {
      const exact = (1 - value * value) * ((i === j ? 1 : 0) - 2 * value * x[i] * x[j]);
      expect(relativeError(hij, exact)).toBeLessThan(1e-14);
    }),
  );
  const column = m.hv(x, undefined, undefined, undefined, Float64Array.from([1, 0, 0])) as Float64Array;
  column.forEach((hi, i) => expect(relativeError(hi, hessian[i][0])).toBeLessThan(1e-15));
  expect(Array.from(m.jf(x))).toEqual(Array.from(m.g(x)));
  // vjp takes the values before the defaults at least: its pullback's cotangents cover every parameter.
  const [atX, pull] = m.pullback(x);
  expect(atX).toBe(m.f(x));
  const [cx, ck] = pull(1);
  expect(Array.from(cx)).toEqual(Array.from(m.g(x)));
  expect(ck).toBe(gk);
  expect(m.pullbackAt(x, 1)[1](1)[1]).toBe(m.gk(x, 1)[1]);
  // jvp takes them as well, in literals (its primals are the defaults, its tangents 0) and in tuples a caller built.
  const u = Float64Array.from([0.7, -0.1, 0.4]);
  const directional = gx.reduce((acc, g, i) => acc + g * u[i], 0);
  const [atU, du] = m.tangent(x, u);
  expect(atU).toBe(m.f(x));
  expect(relativeError(du, directional)).toBeLessThan(1e-15);
  expect(relativeError(m.tangentK(x, u, 2)[1], directional + 2 * gk)).toBeLessThan(1e-14);
  expect(m.tangentOf([x], [u])).toEqual([atU, du]);
  expect(relativeError(m.tangentOf([x, 0.5], [u, 2])[1], directional + 2 * gk)).toBeLessThan(1e-14);
  // Other values than the defaults reach the derivative too: no squashing, k = 1, the max of 2x².
  expect(Array.from(m.g(x, 1, "max", false))).toEqual([0, 4 * -0.6, 0]);

  const refused = compile({
    "bad.ts": `
import { grad } from "cotangent";
function twice(a: number, b = a * 2): number {
  return a + b;
}
function maybe(a: number, b?: number[]): number {
  return b === undefined ? a : a * b[0];
}
// @differentiate
export function f(x: number, y = Math.sqrt(2)): number {
  return twice(x) + maybe(x) + twice(x, 1) + y;
}
export const g = grad(f);
`,
  });
  const text =
    "is optional, uses rest syntax, or has a default value that is not a constant number, boolean or string, which Cotangent does not support yet. Declare a plain parameter, or give it a constant default ('eps = 1e-8').";
  expect(refused.diagnostics).toEqual([
    `bad.ts:10:30 - error TS990017: Parameter 'y' ${text}`,
    `bad.ts:3:27 - error TS990017: Parameter 'b' ${text}`,
    `bad.ts:6:27 - error TS990017: Parameter 'b' ${text}`,
  ]);
});
