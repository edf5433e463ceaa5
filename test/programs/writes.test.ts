/**
 * Writes into parameter arrays: the generated code makes the primal's writes too, derivatives are with respect to the
 * values the arrays held on entry, the caller's tangents and cotangents are never modified, and one array passed for
 * two parameters is refused at run time rather than differentiated wrongly.
 */
import { compile } from "../helpers/compile";
import { relativeError, rng } from "../helpers/check";

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
});

test("a callee writing into an array its differentiated caller passes: TS990022 at the write", () => {
  const out = compile({
    "main.ts": `
import { grad } from "cotangent";
function scale(a: Float64Array, k: number): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) {
    a[i] = a[i] * k;
    s += a[i];
  }
  return s;
}
// @differentiate
export function f(a: Float64Array, k: number): number { return scale(a, k) * a[0]; }
export const df = grad(f);
`,
  });
  expect(out.diagnostics.map((d) => d.replace(/ - error TS(\d+): (.*)/, " $1 $2"))).toEqual([
    "main.ts:6:5 990022 Cannot write into 'a' here: a differentiated function may write into its own array parameters, but not into an object's number fields, nor into arrays a differentiated caller passes to it. Copy the values into a local first.",
  ]);
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
  const jf = m.forward(copy(x0), copy(s0)) as number[][];
  const xr = copy(x0);
  const jr = m.reverse(xr, copy(s0)) as number[][];
  expect(xr[0]).toBe(5);
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

test("a call whose result is unused is kept: a void callee filling the caller's array gets TS990022, not a silent zero", () => {
  const out = compile({
    "main.ts": `
import { grad } from "cotangent";
function scaleInto(a: Float64Array, k: number, out: Float64Array): void {
  for (let i = 0; i < a.length; i++) out[i] = a[i] * k;
}
// @differentiate
export function f(a: Float64Array, k: number): number {
  const t = new Float64Array(a.length);
  scaleInto(a, k, t);
  let s = 0;
  for (let i = 0; i < t.length; i++) s += t[i] * t[i];
  return s;
}
export const df = grad(f, [0, 1]);
`,
  });
  expect(out.diagnostics.map((d) => d.replace(/ - error TS(\d+): .*/, " $1"))).toEqual(["main.ts:4:38 990022"]);
});
