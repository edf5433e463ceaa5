/**
 * Writes into parameter arrays: the generated code makes the primal's writes too, derivatives are with respect to the
 * values the arrays held on entry, the caller's tangents and cotangents are never modified, and one array passed for
 * two parameters is refused at run time rather than differentiated wrongly.
 */
import { compile } from "../helpers/compile";
import { relativeError, rng } from "../helpers/check";
import { checkShaped } from "../helpers/shaped";

const source = `
import { grad, jvp, vjp } from "cotangent";
// @differentiate
export function normalizeInPlace(x: Float64Array, out: Float64Array): number {
  let n = 0;
  for (let i = 0; i < x.length; i++) n += x[i] * x[i];
  n = Math.sqrt(n);
  for (let i = 0; i < x.length; i++) out[i] = x[i] / n;
  for (let i = 0; i < x.length; i++) x[i] *= out[i] + 1;
  let s = 0;
  for (let i = 0; i < x.length; i++) s += Math.sin(x[i]) * out[i];
  return s;
}
export const gradX = grad(normalizeInPlace);
export const gradBoth = grad(normalizeInPlace, [0, 1]);
export const tangent = (p: [Float64Array, Float64Array], t: [Float64Array, Float64Array]) => jvp(normalizeInPlace, p, t);
export const pullback = (x: Float64Array, out: Float64Array) => vjp(normalizeInPlace, x, out);
`;

const copy = (a: Float64Array) => new Float64Array(a);

test("a marked function writing into its array parameters: both modes agree with finite differences", () => {
  const out = compile({ "main.ts": source });
  expect(out.diagnostics).toEqual([]);
  const m = out.load("main.ts");
  const random = rng(7);
  const x0 = Float64Array.from({ length: 5 }, () => random() * 2 - 1);
  const o0 = Float64Array.from({ length: 5 }, () => random());
  const f = (x: Float64Array) => m.normalizeInPlace(copy(x), copy(o0)) as number;

  // The generated code makes the primal's writes, with the same values.
  const [xPrimal, oPrimal] = [copy(x0), copy(o0)];
  const value = m.normalizeInPlace(xPrimal, oPrimal);
  const [xGrad, oGrad] = [copy(x0), copy(o0)];
  const g = m.gradX(xGrad, oGrad) as Float64Array;
  expect(Array.from(xGrad)).toEqual(Array.from(xPrimal));
  expect(Array.from(oGrad)).toEqual(Array.from(oPrimal));

  // Gradient with respect to x's values on entry, against central differences.
  for (let j = 0; j < x0.length; j++) {
    const h = 1e-6;
    const up = copy(x0);
    const down = copy(x0);
    up[j] += h;
    down[j] -= h;
    expect(Math.abs(g[j] - (f(up) - f(down)) / (2 * h))).toBeLessThan(1e-7);
  }
  // out's values on entry are overwritten before they are read: zero gradient.
  const [, gOut] = m.gradBoth(copy(x0), copy(o0)) as [Float64Array, Float64Array];
  expect(Array.from(gOut)).toEqual([0, 0, 0, 0, 0]);

  // Dot-product test; the caller's tangent and cotangent arrays are left as they were.
  const u = Float64Array.from({ length: 5 }, () => random() * 2 - 1);
  const uOut = Float64Array.from({ length: 5 }, () => random() * 2 - 1);
  const uSaved = [copy(u), copy(uOut)];
  const [jvpValue, ju] = m.tangent([copy(x0), copy(o0)], [u, uOut]) as [number, number];
  expect(jvpValue).toBe(value);
  expect(Array.from(u)).toEqual(Array.from(uSaved[0]));
  expect(Array.from(uOut)).toEqual(Array.from(uSaved[1]));
  const w = 0.37;
  const [vjpValue, back] = m.pullback(copy(x0), copy(o0)) as [number, (w: number) => [Float64Array, Float64Array]];
  expect(vjpValue).toBe(value);
  const [bx, bo] = back(w);
  const right = bx.reduce((acc, b, k) => acc + b * u[k], 0) + bo.reduce((acc, b, k) => acc + b * uOut[k], 0);
  expect(relativeError(ju * w, right)).toBeLessThan(1e-12);
});

test("one array passed for two parameters of a function that writes into one: an error, not a wrong derivative", () => {
  const m = compile({ "main.ts": source }).load("main.ts");
  const a = new Float64Array([0.5, -0.25, 1]);
  const message = /same array was passed for two parameters/;
  expect(() => m.gradX(a, a)).toThrow(message);
  expect(() => m.tangent([a, a], [copy(a), copy(a)])).toThrow(message);
  // Two views of one buffer that share elements are one array too; views that do not meet are two.
  const buffer = new Float64Array([0.5, -0.25, 1, 2, 0.75, -1]);
  const overlapping = /two views of one buffer that share elements were passed for two parameters/;
  expect(() => m.gradX(buffer.subarray(0, 5), buffer.subarray(1, 6))).toThrow(overlapping);
  expect(() => m.gradX(buffer.subarray(0, 3), buffer.subarray(2, 5))).toThrow(overlapping);
  expect(() => m.gradX(buffer.subarray(0, 3), buffer.subarray(3, 6))).not.toThrow();
});

test("Jacobians of a vector function writing into its parameters: every sweep starts from the values on entry", () => {
  const out = compile({
    "main.ts": `
import { jacfwd, jacrev } from "cotangent";
// @differentiate
export function squash(x: Float64Array, scratch: Float64Array): Float64Array {
  const y = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) {
    scratch[i] = Math.tanh(x[i]) * x[(i + 1) % x.length];
    y[i] = scratch[i] * 2 + x[i] * scratch[0];
  }
  x[0] = 5;
  return y;
}
export const forward = jacfwd(squash);
export const reverse = jacrev(squash);
`,
  });
  expect(out.diagnostics).toEqual([]);
  const m = out.load("main.ts");
  const x0 = new Float64Array([0.4, -1.1, 0.7]);
  const s0 = new Float64Array(3);
  // Both make the function's writes on the caller's arrays, as a call of it does.
  const xf = copy(x0);
  const sf = copy(s0);
  const jf = m.forward(xf, sf) as number[][];
  const xr = copy(x0);
  const sr = copy(s0);
  const jr = m.reverse(xr, sr) as number[][];
  const xp = copy(x0);
  const sp = copy(s0);
  m.squash(xp, sp);
  expect(xp[0]).toBe(5);
  expect([xf, sf]).toEqual([xp, sp]);
  expect([xr, sr]).toEqual([xp, sp]);
  const h = 1e-6;
  for (let j = 0; j < 3; j++) {
    const up = copy(x0);
    const down = copy(x0);
    up[j] += h;
    down[j] -= h;
    const yUp = m.squash(up, copy(s0)) as Float64Array;
    const yDown = m.squash(down, copy(s0)) as Float64Array;
    for (let i = 0; i < 3; i++) {
      const fd = (yUp[i] - yDown[i]) / (2 * h);
      expect(Math.abs(jf[i][j] - fd)).toBeLessThan(1e-7);
      expect(relativeError(jr[i][j], jf[i][j])).toBeLessThan(1e-12);
    }
  }
});

test("callees writing into arrays their caller passes (output parameters, void or not): both modes agree with FD", () => {
  const source = `
/** y = A·x for a row-major A: a void helper filling its caller's array. */
function matvec(A: Float64Array, x: Float64Array, y: Float64Array): void {
  const n = x.length;
  for (let r = 0; r < y.length; r++) {
    let s = 0;
    for (let c = 0; c < n; c++) s += A[r * n + c] * x[c];
    y[r] = s;
  }
}
/** Accumulates into its output and returns a value too. */
function addSquares(x: Float64Array, acc: Float64Array): number {
  let total = 0;
  for (let i = 0; i < x.length; i++) {
    acc[i] += x[i] * x[i];
    total += acc[i];
  }
  return total;
}
// @differentiate
export function layer(A: Float64Array, x: Float64Array): number {
  const h = new Float64Array(2);
  matvec(A, x, h);
  const acc = new Float64Array(2);
  acc[0] = 1;
  addSquares(h, acc);
  const t = addSquares(h, acc);
  let s = t;
  for (let i = 0; i < acc.length; i++) s += Math.sin(acc[i]) * h[i];
  return s;
}`;
  const A = new Float64Array([0.3, -0.7, 0.5, 1.1, 0.2, -0.4]);
  const x = new Float64Array([0.9, -0.6, 0.4]);
  const [[gA]] = checkShaped(source, "layer", "A: Float64Array, x: Float64Array", [[A, x]]);
  expect(gA).toBeInstanceOf(Float64Array);
});

test("a marked function handing its own parameter array to a callee that writes into it; aliasing through the callee", () => {
  const out = compile({
    "main.ts": `
import { grad } from "cotangent";
function damp(v: Float64Array, k: number, w: Float64Array): void {
  for (let i = 0; i < v.length; i++) v[i] = v[i] * Math.exp(-k * w[i]);
}
// @differentiate
export function energy(v: Float64Array, k: number, w: Float64Array): number {
  damp(v, k, w);
  let e = 0;
  for (let i = 0; i < v.length; i++) e += v[i] * v[i];
  return e;
}
export const dEnergy = grad(energy, [0, 1]);
`,
  });
  expect(out.diagnostics).toEqual([]);
  const m = out.load("main.ts");
  const v0 = new Float64Array([0.5, -1.2, 0.8]);
  const w = new Float64Array([0.3, 0.1, 0.7]);
  const k = 0.9;
  const v = copy(v0);
  const [gv, gk] = m.dEnergy(v, k, w) as [Float64Array, number];
  // The input was damped, as by the primal.
  v.forEach((vi, i) => expect(vi).toBeCloseTo(v0[i] * Math.exp(-k * w[i]), 15));
  // e = Σ v0ᵢ² exp(−2k wᵢ): ∂e/∂v0ᵢ = 2 v0ᵢ exp(−2k wᵢ), ∂e/∂k = Σ −2 wᵢ v0ᵢ² exp(−2k wᵢ).
  v0.forEach((vi, i) => expect(relativeError(gv[i], 2 * vi * Math.exp(-2 * k * w[i]))).toBeLessThan(1e-14));
  const dk = Array.from(v0).reduce((acc, vi, i) => acc - 2 * w[i] * vi * vi * Math.exp(-2 * k * w[i]), 0);
  expect(relativeError(gk, dk)).toBeLessThan(1e-14);
  // The same array for v and w: the callee's forward sweep refuses it.
  const same = copy(v0);
  expect(() => m.dEnergy(same, k, same)).toThrow(/same array was passed for two parameters/);
});

test("writes through callees at any depth: element reads after the call see them; sweeps start from the entry values", () => {
  const out = compile({
    "main.ts": `
import { grad, jacfwd, jacrev, jvp, vjp } from "cotangent";
function scale(y: Float64Array, k: number): void {
  for (let i = 0; i < y.length; i++) y[i] *= k;
}
function double(y: Float64Array): void {
  scale(y, 2);
}
class Box {
  constructor(public v: Float64Array) {}
  double(): void {
    scale(this.v, 2);
  }
}
// @differentiate
export function readAround(x: Float64Array): number {
  const a = x[1];
  scale(x, 2);
  return a * x[1];
}
// @differentiate
export function twoDeep(x: Float64Array): number {
  const a = x[0];
  double(x);
  return a * x[0];
}
// @differentiate
export function viaField(x: Float64Array): number {
  const o = { v: x };
  const a = x[1];
  scale(o.v, 2);
  const b = new Box(x);
  b.double();
  return a * x[1];
}
// @differentiate
export function written(x: Float64Array): Float64Array {
  double(x);
  const y = new Float64Array(2);
  y[0] = x[0] * x[0];
  y[1] = x[1] * x[0];
  return y;
}
export const gRead = grad(readAround);
export const tRead = (x: Float64Array, u: Float64Array) => jvp(readAround, [x], [u]);
export const gDeep = grad(twoDeep);
export const tDeep = (x: Float64Array, u: Float64Array) => jvp(twoDeep, [x], [u]);
export const gField = grad(viaField);
export const pullDeep = (x: Float64Array) => vjp(twoDeep, x);
export const jf = jacfwd(written);
export const jr = jacrev(written);
`,
  });
  expect(out.diagnostics).toEqual([]);
  const m = out.load("main.ts");
  const x = () => Float64Array.from([0.3, -1.2, 0.7]);
  const u = Float64Array.from([0.5, 0.25, -1]);
  // readAround = 2·x1², twoDeep = 2·x0², viaField = 4·x1² (two doublings).
  expect(m.readAround(x())).toBeCloseTo(2 * 1.44, 14);
  expect(Array.from(m.gRead(x()) as Float64Array)).toEqual([0, 4 * -1.2, 0]);
  expect(m.tRead(x(), u)).toEqual([m.readAround(x()), 4 * -1.2 * 0.25]);
  expect(Array.from(m.gDeep(x()) as Float64Array)).toEqual([4 * 0.3, 0, 0]);
  expect(m.tDeep(x(), u)[1]).toBeCloseTo(4 * 0.3 * 0.5, 15);
  expect(Array.from(m.gField(x()) as Float64Array)).toEqual([0, 8 * -1.2, 0]);
  // vjp, jacfwd and jacrev differentiate at the values on entry, though the function doubles them.
  const entry = x();
  const [value, pull] = m.pullDeep(entry);
  expect(value).toBeCloseTo(2 * 0.09, 15);
  expect(Array.from(pull(1)[0] as Float64Array)).toEqual([4 * 0.3, 0, 0]);
  // written = [4·x0², 4·x0·x1]: rows [8·x0, 0, 0] and [4·x1, 4·x0, 0].
  const jacobian = [
    [8 * 0.3, 0, 0],
    [4 * -1.2, 4 * 0.3, 0],
  ];
  for (const j of [m.jf(x()), m.jr(x())] as number[][][]) {
    j.forEach((row, r) => row.forEach((v, c) => expect(v).toBeCloseTo(jacobian[r][c], 14)));
  }
});

test("void callees ending early with 'return;' (output arrays): the closed form, FD and the dot-product test", () => {
  const source = `
function clampInto(a: Float64Array, out: Float64Array, lim: number): void {
  if (lim <= 0) return;
  for (let i = 0; i < a.length; i++) out[i] = Math.min(a[i], lim);
}
function squaresUntil(a: Float64Array, out: Float64Array): void {
  for (let i = 0; i < a.length; i++) {
    if (a[i] < -1) return;
    out[i] = a[i] * a[i];
  }
}
// @differentiate
export function f(x: Float64Array): number {
  const clamped = new Float64Array(x.length);
  clampInto(x, clamped, 0.6);
  clampInto(x, clamped, -1);
  const squares = new Float64Array(x.length);
  squaresUntil(x, squares);
  return clamped[0] * clamped[1] + clamped[2] + squares[0] + squares[2];
}`;
  const x = new Float64Array([0.5, -1.2, 0.8]);
  const [[g]] = checkShaped(source, "f", "x: Float64Array", [[x]]);
  // clamped = [0.5, -1.2, 0.6]; squares stops at x[1] < -1: only x[0]².
  expect(Array.from(g as Float64Array)).toEqual([-1.2 + 2 * 0.5, 0.5, 0]);
});

test("jacfwd in two parameters, one of them written by the function: each sweep starts from zero tangents", () => {
  const out = compile({
    "main.ts": `
import { jacfwd, jacrev } from "cotangent";
// @differentiate
export function f(x: number[], acc: number[]): number[] {
  const y: number[] = [];
  for (let i = 0; i < x.length; i++) {
    acc[i] += x[i] * x[i];
    y.push(acc[i] * x[(i + 1) % x.length]);
  }
  return y;
}
export const forward = jacfwd(f, [0, 1]);
export const reverse = jacrev(f, [0, 1]);
`,
  });
  expect(out.diagnostics).toEqual([]);
  const m = out.load("main.ts");
  const [jx, jacc] = m.forward([0.5, -1.2, 0.9], [1, 2, 3]) as number[][][];
  const [rx, racc] = m.reverse([0.5, -1.2, 0.9], [1, 2, 3]) as number[][][];
  // y_i = (acc_i + x_i²)·x_{i+1}: by hand.
  expect(jx).toEqual([
    [2 * 0.5 * -1.2, 1 + 0.25, 0],
    [0, 2 * -1.2 * 0.9, 2 + 1.44],
    [3 + 0.81, 0, 2 * 0.9 * 0.5],
  ]);
  expect(jacc).toEqual([
    [-1.2, 0, 0],
    [0, 0.9, 0],
    [0, 0, 0.5],
  ]);
  jx.forEach((row, i) => row.forEach((v, j) => expect(relativeError(v, rx[i][j])).toBeLessThan(1e-14)));
  jacc.forEach((row, i) => row.forEach((v, j) => expect(relativeError(v, racc[i][j])).toBeLessThan(1e-14)));
});

test("'a.set(b, offset)' on typed arrays: b's elements stored from offset on, into a local and a parameter", () => {
  const source = `
// @differentiate
export function assemble(x: Float64Array, w: number, out: Float64Array): number {
  const buf = new Float64Array(x.length + 2);
  buf.set(x, 1);
  buf.set([w, w * w]);
  buf.set(x.slice(0, 1), x.length + 1);
  out.set(buf.slice(0, 2));
  let s = 0;
  for (let i = 0; i < buf.length; i++) s += buf[i] * buf[i] * (i + 1);
  return s + out[0] * out[1] * out[2];
}`;
  const x = new Float64Array([0.7, -1.2, 0.4]);
  checkShaped(source, "assemble", "x: Float64Array, w: number, out: Float64Array", [
    [x, 1.3, new Float64Array([0.5, 0.25, 2])],
    [new Float64Array([1.5, 0.2]), -0.6, new Float64Array([1, 1, 1])],
  ]);
  const out = compile({
    "main.ts": `${source}
import { grad } from "cotangent";
export const g = grad(assemble, [0, 1]);`,
  });
  expect(out.diagnostics).toEqual([]);
  const m = out.load("main.ts");
  // buf = [w, w², x1, x2, x0]; out = [w, w², out2]: s = Σ (i+1)·bufᵢ² + w³·out2.
  const o = new Float64Array([0.5, 0.25, 2]);
  const [w, [x0, x1, x2]] = [1.3, x];
  const expected = w * w + 2 * w ** 4 + 3 * x1 * x1 + 4 * x2 * x2 + 5 * x0 * x0 + w ** 3 * 2;
  expect(relativeError(m.assemble(x, w, o.slice()), expected)).toBeLessThan(1e-15);
  const [dx, dw] = m.g(x, w, o.slice()) as [Float64Array, number];
  expect(Array.from(dx)).toEqual([10 * x0, 6 * x1, 8 * x2]);
  expect(relativeError(dw, 2 * w + 8 * w ** 3 + 3 * w * w * 2)).toBeLessThan(1e-15);
  // Past the end, JavaScript's RangeError, from the generated code too.
  const refusal = compile({
    "main.ts": `
import { grad } from "cotangent";
// @differentiate
export function f(x: Float64Array): number {
  const buf = new Float64Array(2);
  buf.set(x, 1);
  return buf[0] + buf[1];
}
export const g = grad(f);`,
  }).load("main.ts");
  expect(() => refusal.f(new Float64Array([1, 2]))).toThrow(RangeError);
  expect(() => refusal.g(new Float64Array([1, 2]))).toThrow(RangeError);
  expect(refusal.g(new Float64Array([3]))).toEqual(new Float64Array([1]));
});
