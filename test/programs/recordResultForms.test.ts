/**
 * The ways a function builds an object result with arrays in it (lower/resultRecords.ts): an empty array literal, an
 * asserted one, a module's constant, a choice between two objects; and the checks a pullback's cotangent gets.
 * Against values and derivatives by hand.
 */
import { compile } from "../helpers/compile";

const plain = (v: unknown) =>
  JSON.parse(JSON.stringify(v, (_k, x) => (ArrayBuffer.isView(x) ? Array.from(x as Float64Array) : x)));

test("an empty array literal in the returned object ('{ e: [] }'), as a local would hold it", () => {
  const m = compile({
    "main.ts": `
import { jvp, vjp, jacrev } from "cotangent";
// @differentiate
export function f(x: number[], s: number): { e: number[]; t: number; n: { w: number[] } } {
  return { e: [], t: s * x[0], n: { w: [] } };
}
export const T = (x: number[], s: number) => jvp(f, [x, s], [[1, 0], 1]);
export const P = (x: number[], s: number) => vjp(f, x, s);
export const J = jacrev(f);
`,
  });
  expect(m.diagnostics).toEqual([]);
  const f = m.load("main.ts");
  expect(plain(f.T([2, 3], 0.5))).toEqual([
    { e: [], t: 1, n: { w: [] } },
    { e: [], t: 2.5, n: { w: [] } },
  ]);
  const [, pull] = f.P([2, 3], 0.5);
  expect(pull({ e: [], t: 1, n: { w: [] } })).toEqual([[0.5, 0], 2]);
  expect(f.J([2, 3], 0.5)).toEqual({ e: [], t: [0.5, 0], n: { w: [] } });
});

test("an array literal with a type assertion in a field ('[s] as number[]')", () => {
  const m = compile({
    "main.ts": `
import { jvp } from "cotangent";
// @differentiate
export function f(x: number[], s: number) { return { y: [s * x[0]] as number[], e: [] as number[] }; }
export const T = (x: number[], s: number) => jvp(f, [x, s], [[1, 0], 0]);
`,
  });
  expect(m.diagnostics).toEqual([]);
  expect(m.load("main.ts").T([2, 3], 0.5)).toEqual([
    { y: [1], e: [] },
    { y: [0.5], e: [] },
  ]);
});

test("a module's constant array as a field: a constant, its tangent zeros, as it is as a whole result", () => {
  const m = compile({
    "main.ts": `
import { jvp, vjp } from "cotangent";
const W = [1, 2, 3];
// @differentiate
export function whole(x: number[], s: number): number[] { return W; }
// @differentiate
export function f(x: number[], s: number) { return { t: s * W[1], w: W }; }
export const TW = (x: number[], s: number) => jvp(whole, [x, s], [[1], 1]);
export const T = (x: number[], s: number) => jvp(f, [x, s], [[1], 1]);
export const P = (x: number[], s: number) => vjp(f, x, s);
`,
  });
  expect(m.diagnostics).toEqual([]);
  const f = m.load("main.ts");
  expect(f.T([5], 0.5)).toEqual([
    { t: 1, w: [1, 2, 3] },
    { t: 2, w: [0, 0, 0] },
  ]);
  const [, pull] = f.P([5], 0.5);
  expect(pull({ t: 1, w: [1, 1, 1] })).toEqual([[0], 2]);
});

test("a choice between two objects with array fields: the branch taken, each filling the result", () => {
  const m = compile({
    "main.ts": `
import { jvp, vjp } from "cotangent";
// @differentiate
export function f(x: number[], s: number) {
  return s > 0 ? { t: s, y: x.map((v) => v * s) } : { t: 2 * s, y: [s] };
}
// @differentiate
export function g(x: number[], s: number) {
  const a = { y: [s, s * x[0]] };
  const b = { y: [x[1] * s] };
  return s > 0 ? a : b;
}
export const T = (x: number[], s: number) => jvp(f, [x, s], [[0, 0], 1]);
export const PG = (x: number[], s: number) => vjp(g, x, s);
`,
  });
  expect(m.diagnostics).toEqual([]);
  const mod = m.load("main.ts");
  expect(mod.T([2, 3], 0.5)).toEqual([
    { t: 0.5, y: [1, 1.5] },
    { t: 1, y: [2, 3] },
  ]);
  expect(mod.T([2, 3], -0.5)).toEqual([
    { t: -1, y: [-0.5] },
    { t: 2, y: [1] },
  ]);
  const [value, pull] = mod.PG([2, 3], -0.5);
  expect(value).toEqual({ y: [-1.5] });
  expect(pull({ y: [1] })).toEqual([[0, -0.5], 3]);
});

test("a tuple field's cotangent may be a Float64Array, as a tuple result's may", () => {
  const m = compile({
    "main.ts": `
import { vjp } from "cotangent";
// @differentiate
export function f(x: Float64Array, s: number): { ends: [number, number]; y: number[] } {
  return { ends: [s * x[0], s], y: [s] };
}
// @differentiate
export function g(x: Float64Array, s: number): [number, number] { return [s * x[0], s]; }
export const P = (x: Float64Array, s: number) => vjp(f, x, s);
export const PG = (x: Float64Array, s: number) => vjp(g, x, s);
`,
  });
  expect(m.diagnostics).toEqual([]);
  const mod = m.load("main.ts");
  const x = new Float64Array([1, 2]);
  const [, pg] = mod.PG(x, 3);
  expect(plain(pg(new Float64Array([1, 1])))).toEqual([[3, 0], 2]);
  const [, pull] = mod.P(x, 3);
  expect(plain(pull({ ends: new Float64Array([1, 1]), y: [1] }))).toEqual([[3, 0], 3]);
});

test("a cotangent array's element that is not a number is a RangeError, as a number field's is", () => {
  const m = compile({
    "main.ts": `
import { vjp } from "cotangent";
// @differentiate
export function f(x: Float64Array, s: number) { return { t: s * s, y: x.map((v) => v * s) }; }
export const P = (x: Float64Array, s: number) => vjp(f, x, s);
`,
  });
  expect(m.diagnostics).toEqual([]);
  const [, pull] = m.load("main.ts").P(new Float64Array([1, 2, 3]), 2);
  expect(() => pull({ t: undefined, y: [1, 1, 1] })).toThrow(RangeError);
  expect(() => pull({ t: 1, y: [undefined, 1, 1] })).toThrow(RangeError);
  expect(() => pull({ t: 1, y: new Array(3) })).toThrow(RangeError);
  expect(() => pull({ t: 1, y: ["1", 1, 1] })).toThrow(RangeError);
});
