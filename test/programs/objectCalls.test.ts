/**
 * Calls to functions that return an object or a tuple (packages/core/src/lower/objectCalls.ts), inlined where they
 * are called: destructured, held in a local and read field by field, with an array field, from a method, a local
 * arrow and another module, nested. References: the same program with the helpers written out by hand (an
 * independent route through the compiler), closed forms, central differences and the dot-product test. A helper
 * returning from several places is refused with a diagnostic.
 */
import { compile } from "../helpers/compile";
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

test("objects and tuples returned by helpers, methods and arrows: the program written out by hand, FD, dot product", () => {
  const a = Float64Array.from([0.8, -0.6, 1.3, 0.2]);
  const points = [[a, 0.7] as const, [Float64Array.from([-1.1, 0.4, 0.5]), -0.3] as const];
  const inlined = checkBothWays(source, "f", "a: Float64Array, angle: number", points);
  const written = checkBothWays(byHand, "f", "a: Float64Array, angle: number", points);
  inlined.forEach(([ga, gAngle], k) => {
    const [ha, hAngle] = written[k];
    Array.from(ga as Float64Array).forEach((g, i) =>
      expect(relativeError(g, (ha as Float64Array)[i])).toBeLessThan(1e-13),
    );
    expect(relativeError(gAngle as number, hAngle as number)).toBeLessThan(1e-13);
  });
});

test("refused: a helper returning from several places; an inlined helper reading its own module's variable", () => {
  const out = compile({
    "geometry.ts": `
export const ORIGIN = 0.5;
export function midpoint(x: number, y: number): { x: number; y: number } {
  return { x: x + ORIGIN, y };
}
`,
    "main.ts": `
import { midpoint } from "./geometry";
function clamped(x: number): [number, number] {
  if (x > 1) return [1, 0];
  return [x, 1];
}
// @differentiate
export function f(x: number, y: number): number {
  const m = midpoint(x, y);
  return m.x * m.y;
}
// @differentiate
export function g(x: number): number {
  const [v, slope] = clamped(x);
  return v * slope;
}
`,
  });
  expect(out.diagnostics).toEqual([
    expect.stringMatching(/^geometry\.ts:4:19 - error TS990058: 'midpoint' is inlined .* reads 'ORIGIN'/),
    expect.stringMatching(/^main\.ts:14:22 - error TS990063: Cannot differentiate through 'clamped'/),
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
