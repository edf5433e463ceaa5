/**
 * Functions declared inside a differentiated function (packages/core/src/lower/localFunctions.ts), inlined where
 * they are called: arrows and function expressions bound to a `const`, function declarations (called before they
 * are declared too), early returns, array and object parameters, closures that read and write the variables around
 * them, helpers calling helpers, and a helper passed to `map` by name. References: the same program with top-level
 * helpers (an independent route: calls replayed from their arguments), central differences and the dot-product test, forward
 * mode and the Hessian.
 */
import { compile } from "../helpers/compile";
import { relativeError } from "../helpers/check";
import { compileShapedBatch, type ShapedEntry } from "../helpers/shaped";

const local = `
// @differentiate
export function model(x: Float64Array, scale: number): number {
  const sq = (t: number) => t * t;
  const dot = (a: Float64Array, b: Float64Array): number => {
    let s = 0;
    for (let i = 0; i < a.length; i++) s += a[i] * b[i];
    return s;
  };
  let total = 0;
  const bump = (): void => {
    total += scale * sq(total) * 0.01;
  };
  for (let i = 0; i < x.length; i++) {
    total += sq(clip(x[i] * scale));
    bump();
  }
  const squares = x.map(sq);
  return total + dot(x, x.map(sq)) + squares.reduce((s, v) => s + v, 0);

  function clip(v: number): number {
    if (v > 1) return 1 + 0.1 * Math.tanh(v - 1);
    if (v < -1) return -1;
    return v;
  }
}
`;

const topLevel = `
function sq(t: number): number {
  return t * t;
}
function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}
function clip(v: number): number {
  if (v > 1) return 1 + 0.1 * Math.tanh(v - 1);
  if (v < -1) return -1;
  return v;
}
// @differentiate
export function model(x: Float64Array, scale: number): number {
  let total = 0;
  for (let i = 0; i < x.length; i++) {
    total += sq(clip(x[i] * scale));
    total += scale * sq(total) * 0.01;
  }
  const squares = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) squares[i] = sq(x[i]);
  let sum = 0;
  for (let i = 0; i < x.length; i++) sum += squares[i];
  return total + dot(x, squares) + sum;
}
`;

const signature = "x: Float64Array, scale: number";
const batch = compileShapedBatch([
  { id: "local", source: local, name: "model", signature },
  { id: "topLevel", source: topLevel, name: "model", signature },
]);
const points = [
  [Float64Array.from([0.5, -2, 0.3]), 1.5],
  [Float64Array.from([0.9, 0.2, -0.4, 1.1]), 1.2],
];

test("inlined helpers: the gradient of the same program with top-level helpers, central differences, dot product", () => {
  const ours = batch.get("local") as ShapedEntry;
  const theirs = batch.get("topLevel") as ShapedEntry;
  expect(ours.diagnostics).toEqual([]);
  const mine = ours.checkBothWays(points);
  const reference = theirs.checkBothWays(points);
  mine.forEach((gradient, p) => {
    expect(ours.load().model(...points[p])).toBe(theirs.load().model(...points[p]));
    const [gx, gScale] = gradient as [Float64Array, number];
    const [rx, rScale] = reference[p] as [Float64Array, number];
    gx.forEach((g, i) => expect(relativeError(g, rx[i])).toBeLessThan(1e-13));
    expect(relativeError(gScale, rScale)).toBeLessThan(1e-13);
  });
});

test("closures see the variables around them as they are when called; forward mode and the Hessian", () => {
  const out = compile({
    "main.ts": `
import { grad, hessian, jvp } from "cotangent";
// @differentiate
export function f(x: number, y: number): number {
  let a = x;
  const twiceA = () => 2 * a;
  const first = twiceA();
  a = a * y;
  let poly = (t: number) => cube(t) + t;
  function cube(t: number) {
    return t * t * t;
  }
  return first * twiceA() + poly(y);
}
export const g = grad(f, [0, 1]);
export const t = (x: number, y: number, dx: number, dy: number) => jvp(f, [x, y], [dx, dy]);
export const h = hessian(f, 0);
`,
  });
  expect(out.diagnostics).toEqual([]);
  const m = out.load("main.ts");
  // f = 2x · 2xy + y³ + y = 4x²y + y³ + y.
  const [x, y] = [0.7, -1.3];
  expect(m.f(x, y)).toBeCloseTo(4 * x * x * y + y ** 3 + y, 14);
  const [gx, gy] = m.g(x, y);
  expect(relativeError(gx, 8 * x * y)).toBeLessThan(1e-15);
  expect(relativeError(gy, 4 * x * x + 3 * y * y + 1)).toBeLessThan(1e-15);
  expect(relativeError(m.t(x, y, 0.5, 2)[1], 0.5 * gx + 2 * gy)).toBeLessThan(1e-15);
  expect(relativeError(m.h(x, y), 8 * y)).toBeLessThan(1e-15);
});

test("a helper calling itself, or bound with let and reassigned, is refused (TS990031)", () => {
  const refused = compile({
    "bad.ts": `
import { grad } from "cotangent";
// @differentiate
export function f(x: number, v: Float64Array): number {
  const fact = (n: number): number => (n <= 1 ? 1 : n * fact(n - 1));
  let twice = (t: number) => 2 * t;
  if (x > 1) twice = (t: number) => 3 * t;
  return fact(3) * x + twice(x) + v[0];
}
export const g = grad(f);
`,
  });
  expect(refused.diagnostics).toEqual([
    "bad.ts:6:7 - error TS990031: Cannot differentiate the function 'twice' declared inside a differentiated function. Move it to the top level of the module: a top-level function called from here is differentiated too.",
    "bad.ts:5:57 - error TS990031: Cannot differentiate the function 'fact' declared inside a differentiated function. Move it to the top level of the module: a top-level function called from here is differentiated too.",
    "bad.ts:8:30 - error TS990044: 'x' is passed to 'twice', a function value whose body is not known at compile time, so the derivative cannot flow through the call. Call a function declared in this program by name.",
  ]);
});
