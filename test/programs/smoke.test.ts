import { compile } from "../helpers/compile";

const source = `
import { grad, jvp } from "cotangent";

// @differentiate
export function f(x: number, y: number, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) {
    s += Math.sin(x * i) * y;
    if (s > 1) s = Math.log(s);
  }
  return s * s;
}

export const df = grad(f, [0, 1]);
export const fx = (x: number, y: number, n: number) => jvp(f, [x, y, n], [1, 0, 0]);
`;

test("the issue's example: reverse, forward and finite differences agree", () => {
  const out = compile({ "main.ts": source });
  expect(out.diagnostics).toEqual([]);
  const m = out.load("main.ts");
  const [dx, dy] = m.df(0.3, 0.7, 5);
  const h = 1e-6;
  const fdx = (m.f(0.3 + h, 0.7, 5) - m.f(0.3 - h, 0.7, 5)) / (2 * h);
  const fdy = (m.f(0.3, 0.7 + h, 5) - m.f(0.3, 0.7 - h, 5)) / (2 * h);
  expect(dx).toBeCloseTo(fdx, 6);
  expect(dy).toBeCloseTo(fdy, 6);
  const [value, tangent] = m.fx(0.3, 0.7, 5);
  expect(value).toBe(m.f(0.3, 0.7, 5));
  expect(Math.abs(tangent - dx)).toBeLessThan(1e-12 * Math.abs(dx));
});

import { checkDerivatives } from "../helpers/check";

test("checkDerivatives: forward, reverse and finite differences on the issue's example", () => {
  checkDerivatives(
    source,
    "f",
    3,
    [
      [0.3, 0.7, 5],
      [1.1, -0.4, 9],
      [0.05, 2, 3],
    ],
    { fixed: [2] },
  );
});

test("a print in a method the function calls is left out with the same warning, at the method's line", () => {
  const out = compile({
    "globals.d.ts": "declare var console: { log(...data: unknown[]): void };",
    "main.ts": `
import { grad } from "cotangent";
class Scaler {
  constructor(readonly k: number) {}
  apply(v: number): number {
    console.log("scaling", v);
    return this.k * v;
  }
}
// @differentiate
export function f(x: number): number {
  const s = new Scaler(3);
  return s.apply(x) * s.apply(x * x);
}
export const g = grad(f);
`,
  });
  expect(out.diagnostics).toEqual([]);
  // One warning, though the method is inlined twice.
  expect(out.warnings).toEqual([expect.stringMatching(/^main\.ts:6:5 - warning TS990069: 'console\.log' prints when/)]);
  const log = jest.spyOn(console, "log").mockImplementation(() => undefined);
  try {
    // f = 9·x³.
    expect(out.load("main.ts").g(2)).toBe(108);
    expect(log).not.toHaveBeenCalled();
  } finally {
    log.mockRestore();
  }
});

test("prints in a differentiated function: the function prints, its derivatives leave the print out with a warning", () => {
  // The harness compiles against the ES library alone; Node's types declare 'console' as this does.
  const globals = { "globals.d.ts": "declare var console: { log(...data: unknown[]): void };" };
  const out = compile({
    ...globals,
    "main.ts": `
import { grad } from "cotangent";
// @differentiate
export function f(x: number): number {
  const y = x * x;
  console.log("y =", y.toFixed(2), Math.abs(x));
  return y * x;
}
export const g = grad(f);
`,
  });
  expect(out.diagnostics).toEqual([]);
  expect(out.warnings).toEqual([expect.stringMatching(/^main\.ts:6:3 - warning TS990069: 'console\.log' prints when/)]);
  const m = out.load("main.ts");
  const log = jest.spyOn(console, "log").mockImplementation(() => undefined);
  try {
    expect(m.g(2)).toBe(12);
    expect(log).not.toHaveBeenCalled();
    expect(m.f(2)).toBe(8);
    expect(log).toHaveBeenCalledWith("y =", "4.00", 2);
  } finally {
    log.mockRestore();
  }
  // A print that may change state (n++, Object.assign, a getter that pushes) is not left out: it stays a call
  // Cotangent cannot differentiate.
  const counting = compile({
    ...globals,
    "main.ts": `
// @differentiate
export function counts(x: number): number {
  let n = 0;
  console.log(n++);
  return x * n;
}
// @differentiate
export function assigns(x: number): number {
  const o = { a: x, b: 1 };
  console.log(Object.assign(o, { a: 5 }));
  return o.a * x;
}
class Log {
  hist: number[] = [];
  get peek(): number {
    this.hist.push(1);
    return this.hist.length;
  }
}
// @differentiate
export function peeks(x: number): number {
  const log = new Log();
  console.log(log.peek);
  return x * log.hist.length;
}
`,
  });
  expect(counting.diagnostics).toEqual([
    expect.stringMatching(/^main\.ts:5:3 - error TS990073: 'console\.log\(n\+\+\)' prints values whose computation/),
    expect.stringMatching(/^main\.ts:11:3 - error TS990073: 'console\.log\(Object\.assign/),
    expect.stringMatching(/^main\.ts:24:3 - error TS990073: 'console\.log\(log\.peek\)'/),
  ]);
});

test("a tangent or cotangent of another length than its primal is an error, as in JAX, not NaN or a cut-off", () => {
  const out = compile({
    "main.ts": `
import { jvp, vjp } from "cotangent";
// @differentiate
export function scaled(x: Float64Array, k: number): Float64Array {
  return x.map((v) => v * k);
}
export const forward = (x: Float64Array, dx: Float64Array) => jvp(scaled, [x, 2], [dx, 0]);
export const pullback = (x: Float64Array) => vjp(scaled, x, 2)[1];
`,
  });
  expect(out.diagnostics).toEqual([]);
  const m = out.load("main.ts");
  const x = Float64Array.from([1, 2, 3]);
  expect(Array.from(m.forward(x, Float64Array.from([1, 0, 0]))[1])).toEqual([2, 0, 0]);
  expect(() => m.forward(x, Float64Array.from([1, 0]))).toThrow(
    new RangeError(
      "cotangent: the tangent of 'x' has 2 elements where its primal has 3; pass one of the primal's length.",
    ),
  );
  const back = m.pullback(x);
  expect(Array.from(back(Float64Array.from([1, 1, 1]))[0])).toEqual([2, 2, 2]);
  expect(() => back(Float64Array.from([1, 1, 1, 1]))).toThrow(
    /the cotangent of the result has 4 elements where its primal has 3/,
  );
});

test("a jvp tangent of arrays or objects given as 0 at run time (a const, a helper's '0 | number[]') is zeros", () => {
  const out = compile({
    "main.ts": `
import { jvp } from "cotangent";
// @differentiate
export function sq(x: Float64Array, y: number[]): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i] * x[i] * y[i];
  return s;
}
export interface O { a: number; v: number[] }
// @differentiate
export function fo(o: O, s: number): number { return o.a * s + o.v[0] * s * s; }
const z = 0;
function directions(alongY: boolean): [Float64Array, 0 | number[]] {
  return [new Float64Array([1, 0, 0]), alongY ? [1, 1, 1] : 0];
}
export const alongX = (x: Float64Array, y: number[]) => jvp(sq, [x, y], [new Float64Array([1, 0, 0]), z]);
export const fromHelper = (x: Float64Array, y: number[], alongY: boolean) => jvp(sq, [x, y], directions(alongY));
export const literal = (x: Float64Array, y: number[]) => jvp(sq, [x, y], [new Float64Array([1, 0, 0]), 0]);
export const objectHeld = (o: O, s: number) => jvp(fo, [o, s], [z, 1]);
`,
  });
  expect(out.diagnostics).toEqual([]);
  const m = out.load("main.ts");
  const x = Float64Array.from([1, 2, 3]);
  const y = [4, 5, 6];
  // sq = Σ xᵢ² yᵢ = 78; along e₀ in x: 2 x₀ y₀ = 8; along ones in y too: + Σ xᵢ² = 22.
  expect(m.alongX(x, y)).toEqual([78, 8]);
  expect(m.literal(x, y)).toEqual([78, 8]);
  expect(m.fromHelper(x, y, false)).toEqual([78, 8]);
  expect(m.fromHelper(x, y, true)).toEqual([78, 22]);
  // fo = a s + v₀ s² = 21 at a = 1, v = [2], s = 3; along s: a + 2 v₀ s = 13.
  expect(m.objectHeld({ a: 1, v: [2] }, 3)).toEqual([21, 13]);
});

test("a jvp tangent of an object may carry the primal's other fields, as a literal or a value of its type", () => {
  const out = compile({
    "main.ts": `
import { jvp } from "cotangent";
export interface Layer { w: number[]; b: number; name: string; frozen: boolean }
// @differentiate
export function score(layer: Layer, x: number): number {
  return layer.frozen ? 0 : (layer.w[0] * x + layer.b) * x;
}
const layer: Layer = { w: [2, 3], b: 0.5, name: "first", frozen: false };
export const literal = jvp(score, [layer, 3], [{ w: [1, 0], b: 0, name: "ignored", frozen: true }, 0]);
export const typed = jvp(score, [layer, 3], [layer, 0]);
`,
  });
  expect(out.diagnostics).toEqual([]);
  const m = out.load("main.ts");
  // score = (w₀x + b)x = 19.5; along w₀: x² = 9; along (w, b) = (w, b) itself: w₀x² + bx = 19.5.
  expect(m.literal).toEqual([19.5, 9]);
  expect(m.typed).toEqual([19.5, 19.5]);
});

test("jvp as a file's only marker, of a function of an array: the file imports the runtime its length check calls", () => {
  const out = compile({
    "main.ts": `
import { jvp } from "cotangent";
// @differentiate
export function f(x: number[]): number {
  let s = 0;
  for (const v of x) s += v * v;
  return s;
}
export const t = jvp(f, [[1, 2]], [[1, 0]]);
`,
  });
  expect(out.diagnostics).toEqual([]);
  expect(out.load("main.ts").t).toEqual([5, 2]);
});
