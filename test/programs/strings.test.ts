/**
 * String values that steer control flow (`reduction: "mean" | "sum"`, module constants, locals, a callee's
 * parameter, `switch` over a string, `?:` choosing a string): compared and passed on, never differentiated, and never
 * recorded (branch decisions go to the control stack). References: closed forms, forward mode, second order, and
 * central differences through a loop whose string state changes with the data.
 */
import { compile } from "../helpers/compile";
import { centralDifference, relativeError } from "../helpers/check";

const source = `
import { grad, hessian, jvp } from "cotangent";

export type Reduction = "mean" | "sum";
const DEFAULT_PENALTY = "l2";

function penalty(w: number, kind: string): number {
  return kind === "l1" ? Math.abs(w) : w * w;
}

// @differentiate
export function loss(x: Float64Array, reduction: Reduction, kind: "l1" | "l2"): number {
  let s = 0;
  const chosen = kind;
  for (let i = 0; i < x.length; i++) s += penalty(x[i], chosen);
  switch (reduction) {
    case "mean":
      return s / x.length;
    default:
      return kind === DEFAULT_PENALTY ? s : 2 * s;
  }
}

/** A direction that flips with the data: the string is state overwritten in the loop. */
// @differentiate
export function walk(x: Float64Array, start: "up" | "down"): number {
  let direction: string = start;
  let s = x[0];
  for (let i = 0; i < 7; i++) {
    s = direction === "up" ? s * x[1] + Math.sin(s) : s - x[1] * s * s;
    direction = s > 0.5 ? "down" : direction === "up" ? "down" : "up";
  }
  return s;
}

export const gLoss = grad(loss);
export const tLoss = (x: Float64Array, dx: Float64Array, r: Reduction, k: "l1" | "l2") => jvp(loss, [x, r, k], [dx, r, k]);
export const hLoss = hessian(loss);
export const gWalk = grad(walk);
`;

const out = compile({ "main.ts": source });
const m = out.load("main.ts");
const x = Float64Array.from([0.5, -1.5, 0.25]);

test("compiles without diagnostics", () => {
  expect(out.diagnostics).toEqual([]);
});

test("each mode's gradient, tangent and Hessian against closed forms", () => {
  const sign = Array.from(x, Math.sign);
  const expected: Record<string, number[]> = {
    "mean l1": sign.map((s) => s / 3),
    "mean l2": Array.from(x, (v) => (2 * v) / 3),
    "sum l1": sign.map((s) => 2 * s),
    "sum l2": Array.from(x, (v) => 2 * v),
  };
  for (const [modes, gradient] of Object.entries(expected)) {
    const [reduction, kind] = modes.split(" ");
    const ours = m.gLoss(x, reduction, kind) as Float64Array;
    gradient.forEach((g, i) => expect(relativeError(ours[i], g)).toBeLessThan(1e-15));
    const [, directional] = m.tLoss(x, Float64Array.from([1, -2, 0.5]), reduction, kind);
    expect(relativeError(directional, ours[0] - 2 * ours[1] + 0.5 * ours[2])).toBeLessThan(1e-15);
  }
  expect(m.hLoss(x, "mean", "l2")).toEqual([
    [2 / 3, 0, 0],
    [0, 2 / 3, 0],
    [0, 0, 2 / 3],
  ]);
});

test("string state changed in a loop: the gradient against central differences", () => {
  const point = [0.6, 0.8];
  for (const start of ["up", "down"]) {
    const gradient = m.gWalk(Float64Array.from(point), start) as Float64Array;
    const f = (a: number, b: number) => m.walk(Float64Array.from([a, b]), start) as number;
    point.forEach((_, k) => {
      const e = point.map((__, j) => (j === k ? 1 : 0));
      expect(Math.abs(gradient[k] - centralDifference(f, point, e))).toBeLessThan(1e-8);
    });
  }
});

test("strings are never differentiated: concatenation is refused", () => {
  const refused = compile({
    "bad.ts": `
import { grad } from "cotangent";
// @differentiate
export function f(x: number, mode: string): number {
  const tagged = mode + "!";
  return tagged === "a!" ? x : 2 * x;
}
export const g = grad(f);
`,
  });
  expect(refused.diagnostics).toEqual([
    "bad.ts:5:18 - error TS990046: 'mode + \"!\"' has type 'string': '+' on a string concatenates text and has no derivative. Strings can choose branches ('mode === \"l1\"'); build text in the caller, or convert it to numbers there and pass the numbers in.",
  ]);
});

test("string fields of objects steer branches, in the marked function and in a helper given a new object", () => {
  const out = compile({
    "main.ts": `
import { grad } from "cotangent";
interface Opts {
  mode: "a" | "b";
  k: number;
}
interface Net {
  scale: number;
  name: string;
  w: number[];
  opts: Opts;
}
function g(x: number, o: Opts): number {
  return o.mode === "a" ? x * o.k : x * x;
}
// @differentiate
export function f(x: number, n: Net): number {
  const head = n.name === "double" ? 2 * x * n.scale * n.w[0] : x * n.w[1];
  return head + g(x, { mode: "a", k: 3 }) + g(x, n.opts);
}
export const gf = grad(f, [0, 1]);
`,
  });
  expect(out.diagnostics).toEqual([]);
  const m = out.load("main.ts");
  const x = 0.7;
  for (const [name, mode] of [
    ["double", "a"],
    ["single", "b"],
  ]) {
    const net = { scale: 3, name, w: [2, 5], opts: { mode, k: 4 } };
    // f = (double ? 2·x·scale·w0 : x·w1) + 3x + (a ? k·x : x²).
    const double = name === "double";
    const [gx, gNet] = m.gf(x, net) as [number, { scale: number; w: number[]; opts: { k: number } }];
    const expectedX = (double ? 2 * 3 * 2 : 5) + 3 + (mode === "a" ? 4 : 2 * x);
    expect(relativeError(gx, expectedX)).toBeLessThan(1e-15);
    expect(gNet.scale).toBeCloseTo(double ? 2 * x * 2 : 0, 15);
    expect(gNet.w[0]).toBeCloseTo(double ? 2 * x * 3 : 0, 15);
    expect(gNet.w[1]).toBeCloseTo(double ? 0 : x, 15);
    expect(gNet.opts.k).toBeCloseTo(mode === "a" ? x : 0, 15);
    expect(Object.keys(gNet).sort()).toEqual(["opts", "scale", "w"]);
  }
});
