/**
 * Calls to functions that return an object or a tuple (packages/core/src/lower/objectCalls.ts), inlined where they
 * are called: destructured, held in a local and read field by field, with an array field, from a method, a local
 * arrow and another module, nested. References: the same program with the helpers written out by hand (an
 * independent route through the compiler), closed forms, central differences and the dot-product test. A helper
 * returning from several places fills one result at each 'return'; one whose result holds arrays is refused.
 */
import { compile, cotangentCodes } from "../helpers/compile";
import { relativeError } from "../helpers/check";
import { checkBothWays } from "../helpers/shaped";

const helpers = `
function polar(x: number, y: number): [number, number] {
  return [Math.hypot(x, y), Math.atan2(y, x)];
}
function stats(a: Float64Array): { mean: number; variance: number; centered: Float64Array } {
  let m = 0;
  for (const t of a) m += t;
  m /= a.length;
  const centered = a.map((t) => t - m);
  let v = 0;
  for (const c of centered) v += c * c;
  return { mean: m, variance: v / a.length, centered };
}
class Rotation {
  constructor(public angle: number) {}
  apply(x: number, y: number): [number, number] {
    const c = Math.cos(this.angle);
    const s = Math.sin(this.angle);
    return [c * x - s * y, s * x + c * y];
  }
}
`;

const source = `${helpers}
// @differentiate
export function f(a: Float64Array, angle: number): number {
  const [r, t] = polar(a[0], a[1]);
  const p = polar(a[1], a[2]);
  const s = stats(a);
  const { mean, variance } = stats(a);
  const rotation = new Rotation(angle);
  const turned = rotation.apply(r, t);
  const scaled = ((k: number) => ({ lo: k * mean, hi: { v: k * variance } }))(2);
  return r * Math.sin(t) + p[0] * p[1] + s.centered[0] * s.mean + variance + turned[0] * turned[1] + scaled.hi.v - scaled.lo;
}`;

const byHand = `
// @differentiate
export function f(a: Float64Array, angle: number): number {
  const r = Math.hypot(a[0], a[1]);
  const t = Math.atan2(a[1], a[0]);
  const p0 = Math.hypot(a[1], a[2]);
  const p1 = Math.atan2(a[2], a[1]);
  let m = 0;
  for (let i = 0; i < a.length; i++) m += a[i];
  m /= a.length;
  let v = 0;
  for (let i = 0; i < a.length; i++) v += (a[i] - m) * (a[i] - m);
  v /= a.length;
  const c = Math.cos(angle);
  const s = Math.sin(angle);
  const u0 = c * r - s * t;
  const u1 = s * r + c * t;
  return r * Math.sin(t) + p0 * p1 + (a[0] - m) * m + v + u0 * u1 + 2 * v - 2 * m;
}`;

/** Gradients in (a: Float64Array, a number) of two programs, point by point, to 1e-13. */
function expectSameGradients(inlined: readonly unknown[][], written: readonly unknown[][]): void {
  inlined.forEach(([ga, gn], k) => {
    const [ha, hn] = written[k];
    Array.from(ga as Float64Array).forEach((g, i) =>
      expect(relativeError(g, (ha as Float64Array)[i])).toBeLessThan(1e-13),
    );
    expect(relativeError(gn as number, hn as number)).toBeLessThan(1e-13);
  });
}

test("objects and tuples returned by helpers, methods and arrows: the program written out by hand, FD, dot product", () => {
  const a = Float64Array.from([0.8, -0.6, 1.3, 0.2]);
  const points = [[a, 0.7] as const, [Float64Array.from([-1.1, 0.4, 0.5]), -0.3] as const];
  const inlined = checkBothWays(source, "f", "a: Float64Array, angle: number", points);
  const written = checkBothWays(byHand, "f", "a: Float64Array, angle: number", points);
  expectSameGradients(inlined, written);
});

test("refused: an inlined helper reading its own module's variable", () => {
  const out = compile({
    "geometry.ts": `
export const ORIGIN = 0.5;
export function midpoint(x: number, y: number): { x: number; y: number } {
  return { x: x + ORIGIN, y };
}
`,
    "main.ts": `
import { midpoint } from "./geometry";
// @differentiate
export function f(x: number, y: number): number {
  const m = midpoint(x, y);
  return m.x * m.y;
}
`,
  });
  expect(out.diagnostics).toEqual([
    expect.stringMatching(/^geometry\.ts:4:19 - error TS990058: 'midpoint' is inlined .* reads 'ORIGIN'/),
  ]);
});

test("a helper of another module: its gradient", () => {
  const out = compile({
    "geometry.ts": `
export function midpoint(x: number, y: number): { x: number; y: number } {
  return { x: x / 2, y: y / 2 };
}
`,
    "main.ts": `
import { grad } from "cotangent";
import { midpoint } from "./geometry";
// @differentiate
export function f(x: number, y: number): number {
  const m = midpoint(x, y);
  const { x: mx } = midpoint(y, x);
  return m.x * m.y + mx;
}
export const gf = grad(f, [0, 1]);
`,
  });
  expect(out.diagnostics).toEqual([]);
  // f = xy/4 + y/2
  expect(out.load("main.ts").gf(0.6, -1.4)).toEqual([-1.4 / 4, 0.6 / 4 + 0.5]);
});

test("shorthand properties read the variable, not a name: a helper's local renamed where it is inlined", () => {
  // The caller has an 'm' too, so the inlined helper's 'm' is renamed; '{ m, s }' must read the helper's.
  const [[g]] = checkBothWays(
    `
function stats(x: number): { m: number; s: number } {
  const m = x * x;
  const s = 3 * x;
  return { m, s };
}
// @differentiate
export function f(x: number): number {
  const m = 100 * x;
  const o = { m, k: 2 };
  const r = stats(x);
  return r.m + r.s + m + o.m * o.k;
}`,
    "f",
    "x: number",
    [[0.7]],
  );
  // f = x² + 3x + 100x + 200x
  expect(g).toBeCloseTo(2 * 0.7 + 303, 13);
});

test("fields read straight off a call ('polar(x, y)[0]', 'stats(a).mean', 'fit(a).coef[k]'), in a loop: by hand, FD", () => {
  const calls = `
function polar(x: number, y: number): [number, number] {
  return [Math.hypot(x, y), Math.atan2(y, x)];
}
function fit(a: number[]): { mean: number; coef: number[]; inner: { ratio: number } } {
  const coef = a.map((t) => t * t);
  return { mean: (a[0] + a[1]) / 2, coef, inner: { ratio: a[0] / a[1] } };
}
// @differentiate
export function f(x: number, y: number): number {
  let t = 0;
  for (let i = 0; i < 3; i++) t += polar(x + i, y)[1] * fit([x, y]).coef[i % 2] + fit([y, x]).inner.ratio;
  return polar(x, y)[0] * fit([x, y]).mean + fit([x, y]).coef.length * t;
}`;
  const byHandCalls = `
// @differentiate
export function f(x: number, y: number): number {
  let t = 0;
  for (let i = 0; i < 3; i++) t += Math.atan2(y, x + i) * (i % 2 === 0 ? x * x : y * y) + y / x;
  return Math.hypot(x, y) * ((x + y) / 2) + 2 * t;
}`;
  const points = [[0.7, 1.3] as const, [-0.4, 0.9] as const];
  const inlined = checkBothWays(calls, "f", "x: number, y: number", points);
  const written = checkBothWays(byHandCalls, "f", "x: number, y: number", points);
  inlined.forEach((gradient, k) =>
    gradient.forEach((g, i) => expect(relativeError(g as number, written[k][i] as number)).toBeLessThan(1e-13)),
  );
});

test("refused with the code as written: a computed index into a tuple returned by a call", () => {
  const out = compile({
    "main.ts": `
function polar(x: number, y: number): [number, number] {
  return [Math.hypot(x, y), Math.atan2(y, x)];
}
// @differentiate
export function f(x: number, k: number): number {
  return polar(x, 1)[k];
}
`,
  });
  expect(out.diagnostics).toEqual([
    expect.stringMatching(/^main\.ts:7:10 - error TS990021: 'polar\(x, 1\)\[k\]' is not supported on arrays yet/),
  ]);
});

test("a call given an object whose result nothing differentiates calls a forward sweep that takes the object's fields", () => {
  // The primal 'peek(l, c)' takes the object; generated code holds its fields one by one ('peek_vjp_none_fwd(a, c)').
  const out = compile({
    "main.ts": `
import { jvp, valueAndGrad } from "cotangent";
interface L { w: number[] }
function peek(l: L, c: number): number { return l.w[1] * c; }
// @differentiate
export function f(a: number[], w: number[]): number {
  const l: L = { w: a };
  peek(l, w[0]);
  const u = peek(l, 2);
  return w[1] * w[1] + u;
}
export const g = valueAndGrad(f, [0, 1]);
export const t = (a: number[], w: number[], da: number[], dw: number[]) => jvp(f, [a, w], [da, dw]);
`,
  });
  expect(out.diagnostics).toEqual([]);
  const m = out.load("main.ts");
  // f = w₁² + 2·a₁.
  expect(m.g([1, 2], [3, 4])).toEqual([
    20,
    [
      [0, 2],
      [0, 8],
    ],
  ]);
  expect(m.t([1, 2], [3, 4], [0.5, 0.25], [1, 0.5])).toEqual([20, 2 * 0.25 + 8 * 0.5]);
});

test("a new object as an argument ('apply({ w: x, b }, v)', 'apply(layer(w), v)', 'new Layer(…)'): its fields passed", () => {
  const source = `
interface Layer {
  w: number[];
  b: number;
}
class Affine {
  constructor(
    public w: number[],
    public b: number,
  ) {}
}
function apply(l: Layer, x: number[]): number {
  let s = l.b;
  for (let i = 0; i < x.length; i++) s += l.w[i] * x[i];
  return s * s;
}
function layer(w: number[]): Layer {
  return { w: w.map((t) => 2 * t), b: w[0] };
}
// @differentiate
export function f(x: number[], w: number[]): number {
  return apply({ w: x, b: w[1] }, w) + apply(layer(w), x) + apply(new Affine(w, 0.5), x);
}`;
  const x = [0.3, -0.8];
  const w = [1.1, 0.4];
  const [[gx, gw]] = checkBothWays(source, "f", "x: number[], w: number[]", [[x, w]]);
  // s1 = w1 + x·w, s2 = w0 + 2w·x, s3 = 0.5 + w·x; f = s1² + s2² + s3².
  const d = x[0] * w[0] + x[1] * w[1];
  const [s1, s2, s3] = [w[1] + d, w[0] + 2 * d, 0.5 + d];
  const expectedX = [0, 1].map((i) => 2 * s1 * w[i] + 4 * s2 * w[i] + 2 * s3 * w[i]);
  const expectedW = [0, 1].map(
    (i) => 2 * s1 * (x[i] + (i === 1 ? 1 : 0)) + 2 * s2 * (2 * x[i] + (i === 0 ? 1 : 0)) + 2 * s3 * x[i],
  );
  (gx as number[]).forEach((g, i) => expect(relativeError(g, expectedX[i])).toBeLessThan(1e-14));
  (gw as number[]).forEach((g, i) => expect(relativeError(g, expectedW[i])).toBeLessThan(1e-14));
});

test("helpers returning an object or a tuple from several places: each 'return' fills the one result", () => {
  const several = `
class V {
  constructor(
    public x: number,
    public y: number,
  ) {}
}
function reflected(x: number): V {
  if (x > 0) return new V(x, 2 * x);
  return new V(-x, x);
}
function polar(x: number, y: number): [number, number] {
  const r = Math.hypot(x, y);
  if (r === 0) return [0, 0];
  return [r, Math.atan2(y, x)];
}
function range(a: Float64Array): { lo: number; hi: number; inner: { mid: number } } {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of a) {
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  if (hi - lo < 1e-12) return { lo, hi: lo, inner: { mid: lo } };
  for (const v of a) if (v > 100) return { lo: 0, hi: v, inner: { mid: v / 2 } };
  return { lo, hi, inner: { mid: (lo + hi) / 2 } };
}
// @differentiate
export function f(a: Float64Array, x: number): number {
  const w = reflected(x);
  const [r, t] = polar(a[0], x);
  const s = range(a);
  return w.x * w.y + r * Math.sin(t) + polar(x, a[1])[1] + s.lo * s.hi + s.inner.mid ** 2;
}
`;
  // The same helpers with one 'return' each, their branches written as choices.
  const single = several
    .replace(
      "if (x > 0) return new V(x, 2 * x);\n  return new V(-x, x);",
      "const pos = x > 0;\n  return new V(pos ? x : -x, pos ? 2 * x : x);",
    )
    .replace(
      "if (r === 0) return [0, 0];\n  return [r, Math.atan2(y, x)];",
      "const t = r === 0 ? 0 : Math.atan2(y, x);\n  return [r, t];",
    )
    .replace(
      `  if (hi - lo < 1e-12) return { lo, hi: lo, inner: { mid: lo } };
  for (const v of a) if (v > 100) return { lo: 0, hi: v, inner: { mid: v / 2 } };
  return { lo, hi, inner: { mid: (lo + hi) / 2 } };`,
      `  let big = -1;
  for (const v of a) if (v > 100 && big < 0) big = v;
  const flat = hi - lo < 1e-12;
  const l = flat ? lo : big >= 0 ? 0 : lo;
  const h = flat ? lo : big >= 0 ? big : hi;
  const mid = flat ? lo : big >= 0 ? big / 2 : (lo + hi) / 2;
  return { lo: l, hi: h, inner: { mid } };`,
    );
  expect(single).not.toContain("return new V(-x");
  expect(single).toContain("big / 2");
  const points = [
    [Float64Array.from([0.5, 2, -1]), 1.5],
    [Float64Array.from([0.5, 200, -1]), -0.7],
    [Float64Array.from([-0.3, 0.8, 0.1]), 0.4],
  ] as const;
  const inlined = checkBothWays(several, "f", "a: Float64Array, x: number", points);
  const written = checkBothWays(single, "f", "a: Float64Array, x: number", points);
  expectSameGradients(inlined, written);
  // By hand at the first point, where only range reads a₂ = −1, its lo (hi = 2, mid = 0.5): ∂/∂a₂ = hi + mid = 2.5.
  expect(relativeError((inlined[0][0] as Float64Array)[2], 2.5)).toBeLessThan(1e-12);
});

test("a helper returning from several places an object that holds arrays is refused (TS990063)", () => {
  const out = compile({
    "main.ts": `
function split(x: number): [number[], number] {
  if (x > 1) return [[1], 0];
  return [[x], 1];
}
// @differentiate
export function g(x: number): number {
  const [v, slope] = split(x);
  return v[0] * slope;
}
`,
  });
  expect(out.diagnostics).toEqual([
    expect.stringMatching(/^main\.ts:8:22 - error TS990063: Cannot differentiate through 'split'/),
  ]);
});

test("a several-return helper's result is the caller's own: its fields written, its locals returned after writes", () => {
  const source = `
interface P {
  a: number;
  b: number;
}
function pick(x: number, y: number): P {
  if (x > 0) return { a: x, b: y };
  return { a: y, b: x };
}
function keep(p: P, t: number): P {
  if (t > 0) return { ...p };
  return { a: p.b * t, b: p.a };
}
function built(x: number, y: number): P {
  const o = { a: x, b: y };
  if (x > y) return o;
  o.a = x * y;
  o.b = o.a + y;
  return o;
}
// @differentiate
export function f(x: number, y: number): number {
  const o = pick(x, y);
  o.a = o.a * o.a;
  const p = { a: x, b: y };
  const q = keep(p, x);
  q.a = q.a * 3;
  const r = built(x, y);
  return o.a * o.b + p.a * 10 + q.a * q.b + p.b + r.a * r.b;
}`;
  const f = (x: number, y: number) => {
    const o = x > 0 ? { a: x * x, b: y } : { a: y * y, b: x };
    const q = x > 0 ? { a: 3 * x, b: y } : { a: 3 * y * x, b: x };
    const r = x > y ? { a: x, b: y } : { a: x * y, b: x * y + y };
    return o.a * o.b + x * 10 + q.a * q.b + y + r.a * r.b;
  };
  const points = [
    [0.5, 1.3],
    [-0.5, 1.3],
    [1.7, 0.4],
  ];
  const gradients = checkBothWays(source, "f", "x: number, y: number", points);
  gradients.forEach(([gx, gy], k) => {
    const [x, y] = points[k];
    const h = 1e-6;
    expect(relativeError(gx as number, (f(x + h, y) - f(x - h, y)) / (2 * h))).toBeLessThan(1e-8);
    expect(relativeError(gy as number, (f(x, y + h) - f(x, y - h)) / (2 * h))).toBeLessThan(1e-8);
  });
});

test("a several-return helper returning an object a caller's name holds, whose fields are written, stays TS990066", () => {
  const out = compile({
    "main.ts": `
interface P {
  a: number;
  b: number;
}
function same(p: P, t: number): P {
  if (t > 0) return p;
  return { a: t, b: t };
}
// @differentiate
export function f(x: number, y: number): number {
  const p = { a: x, b: y };
  const q = same(p, x);
  p.a = 2;
  return q.a * q.b;
}
`,
  });
  expect(cotangentCodes(out.diagnostics)).toEqual(["7:21 990066"]);
});
