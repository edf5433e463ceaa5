/**
 * Module-level names in generated code, compiled to CommonJS (as jest, ts-node and `"module": "commonjs"` builds
 * compile): reads of exported and imported constants, calls of exported arrows, a helper's split sweeps reading its
 * own module's constant, and names the generated code declares itself that shadow a module's. Also locals named like
 * the generated code's own names ('__ct'). References: closed forms.
 */
import { compile } from "../helpers/compile";
import { checkBothWays } from "../helpers/shaped";

const lib = `
export const SCALE = 3;
export const W = Float64Array.from([1, 2]);
export function cube(a: number): number {
  return a * a * a * SCALE;
}
export default 0.25;
`;

const main = `
import { grad, jacrev, jvp, vjp } from "cotangent";
import { SCALE, W, cube } from "./lib";
import { SCALE as S } from "./lib";
import Q from "./lib";
export const K = 1.5;
export let L = 2;
export const x = 100;
export const twice = (t: number): number => 2 * t;
// @differentiate
export function f(x: number): number {
  return K * x * x + L * x + SCALE * W[1] * W.length * x + cube(x) + Q * x + S * twice(x);
}
// @differentiate
export const pair = (t: number): number[] => [K * t, twice(t)];
export const g = grad(f);
export const t = (at: number) => jvp(f, [at], [1]);
export const pullback = (at: number) => vjp(f, at);
export const jr = jacrev(pair);
`;

test("exported and imported constants, exported arrows and a helper's own constant, in a CommonJS emit", () => {
  const out = compile({ "lib.ts": lib, "main.ts": main });
  expect(out.diagnostics).toEqual([]);
  expect(out.js["main.ts"]).toContain("exports.K");
  const m = out.load("main.ts");
  const at = 0.7;
  // f = 1.5x² + 2x + 12x + 3x³ + 0.25x + 6x; f' = 3x + 20.25 + 9x² (the module's x = 100 is not the parameter).
  const value = 1.5 * at * at + 2 * at + 12 * at + 3 * at ** 3 + 0.25 * at + 6 * at;
  const slope = 3 * at + 20.25 + 9 * at * at;
  expect(m.f(at)).toBeCloseTo(value, 14);
  expect(m.g(at)).toBeCloseTo(slope, 13);
  expect(m.t(at)[1]).toBeCloseTo(slope, 13);
  expect(m.pullback(at)[1](1)[0]).toBeCloseTo(slope, 13);
  expect(m.jr(at)).toEqual([1.5, 2]);
});

test("locals and parameters named like the generated code's own names ('__ct', '__ct_lib')", () => {
  const source = `
// @differentiate
export function f(x: number, __ct_lib: number): number {
  const __ct = __ct_lib * 2;
  const ct = x;
  return x * __ct + ct * ct;
}`;
  const [[gx, gy]] = checkBothWays(source, "f", "x: number, __ct_lib: number", [[0.3, 1.2]]);
  // f = 2xy + x²
  expect(gx).toBeCloseTo(2 * 1.2 + 0.6, 15);
  expect(gy).toBeCloseTo(0.6, 15);
});

test("fields of module-level objects and namespace imports are read as constants ('config.rate', 'lib.SCALE')", () => {
  const out = compile({
    "lib.ts": `export const SCALE = 3;\nexport const opts = { inner: { tol: 0.5 }, on: true };`,
    "main.ts": `
import { grad, jvp } from "cotangent";
import * as lib from "./lib";
import { opts } from "./lib";
export const config = { rate: 1.5, mode: "sum" as "sum" | "max" };
const local = { k: 2 };
// @differentiate
export function f(x: number): number {
  const y = config.mode === "sum" ? config.rate * x * x : x;
  return y + lib.SCALE * x + local.k * x + (opts.on ? opts.inner.tol * x : 0);
}
export const g = grad(f);
export const t = (at: number) => jvp(f, [at], [1]);
`,
  });
  expect(out.diagnostics).toEqual([]);
  const m = out.load("main.ts");
  // f = 1.5x² + 3x + 2x + 0.5x; the fields are read when the derivative runs, as the primal reads them.
  expect(m.f(0.7)).toBeCloseTo(1.5 * 0.49 + 5.5 * 0.7, 14);
  expect(m.g(0.7)).toBeCloseTo(3 * 0.7 + 5.5, 14);
  m.config.rate = 2;
  expect(m.g(0.7)).toBeCloseTo(4 * 0.7 + 5.5, 14);
  m.config.mode = "max";
  expect(m.t(0.7)).toEqual([m.f(0.7), 1 + 5.5]);
});
