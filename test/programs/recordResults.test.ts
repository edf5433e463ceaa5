/**
 * Functions that return an object of numbers (JAX's pytree outputs): jvp gives the value and the tangent as objects,
 * vjp's pullback takes the cotangent as one, and jacfwd / jacrev give one Jacobian per field. Checked against
 * derivatives by hand, central differences, and forward against reverse (the dot-product test).
 */
import { compile, cotangentCodes } from "../helpers/compile";
import { centralDifference, expectClose, rng } from "../helpers/check";

const source = `
import { jacfwd, jacrev, jvp, vjp } from "cotangent";

export interface Summary { readonly mean: number; spread: number; ends: [number, number] }

/** Mean, spread and end points of s·x, with a different formula past a threshold (a branch of early returns). */
// @differentiate
export function summary(x: number[], s: number): Summary {
  let m = 0;
  for (const v of x) m += s * v;
  m /= x.length;
  let q = 0;
  for (const v of x) q += (s * v - m) * (s * v - m);
  if (q > 1e6) return { mean: m, spread: 0, ends: [0, 0] };
  return { mean: m, spread: Math.sqrt(q / x.length), ends: [s * x[0], Math.sin(s * x[x.length - 1])] };
}

export const tangent = (x: number[], s: number, dx: number[], ds: number): [Summary, Summary] =>
  jvp(summary, [x, s], [dx, ds]);
export const pullback = (x: number[], s: number) => vjp(summary, x, s);
export const jacobianRev = jacrev(summary);
export const jacobianFwd = jacfwd(summary);
export const jacobiansRev = jacrev(summary, [0, 1]);
export const jacobiansFwd = jacfwd(summary, [0, 1]);
`;

const summaryByHand = (x: number[], s: number) => {
  const n = x.length;
  const m = x.reduce((a, v) => a + s * v, 0) / n;
  const q = x.reduce((a, v) => a + (s * v - m) * (s * v - m), 0);
  return { mean: m, spread: Math.sqrt(q / n), ends: [s * x[0], Math.sin(s * x[n - 1])] };
};
const numbersOf = (r: { mean: number; spread: number; ends: number[] }) => [r.mean, r.spread, ...r.ends];

test("an object result: jvp, vjp, jacfwd and jacrev by field, against derivatives by hand and differences", () => {
  const m = compile({ "main.ts": source });
  expect(m.diagnostics).toEqual([]);
  const f = m.load("main.ts");
  const x = [0.5, -1.2, 2, 0.7];
  const s = 1.3;
  const n = x.length;
  const mean = (s * x.reduce((a, b) => a + b, 0)) / n;
  const spread = summaryByHand(x, s).spread;
  // By hand: ∂mean/∂x_i = s/n; ∂spread/∂x_i = s·(s·x_i − mean)/(n·spread); ∂ends[1]/∂x_last = s·cos(s·x_last).
  const dMean = x.map(() => s / n);
  const dSpread = x.map((v) => (s * (s * v - mean)) / (n * spread));
  const dEnd1 = x.map((v, i) => (i === n - 1 ? s * Math.cos(s * v) : 0));

  const [value, tangentOut] = f.tangent(x, s, [0, 1, 0, 0], 0);
  expect(value).toEqual(summaryByHand(x, s));
  expect(Object.keys(tangentOut)).toEqual(["mean", "spread", "ends"]);
  expectClose(tangentOut.mean, dMean[1], 1e-14, "jvp mean");
  expectClose(tangentOut.spread, dSpread[1], 1e-14, "jvp spread");
  expect(tangentOut.ends).toEqual([0, 0]);

  const [primal, pull] = f.pullback(x, s);
  expect(primal).toEqual(summaryByHand(x, s));
  const [xBar, sBar] = pull({ mean: 0, spread: 1, ends: [0, 2] });
  x.forEach((_, i) => expectClose(xBar[i], dSpread[i] + 2 * dEnd1[i], 1e-14, `vjp x[${i}]`));
  // ∂spread/∂s = spread/s (spread is linear in s); ∂ends[1]/∂s = x_last·cos(s·x_last).
  expectClose(sBar, spread / s + 2 * x[n - 1] * Math.cos(s * x[n - 1]), 1e-14, "vjp s");

  const rev = f.jacobianRev(x, s);
  expect(Object.keys(rev)).toEqual(["mean", "spread", "ends"]);
  rev.mean.forEach((d: number, i: number) => expectClose(d, dMean[i], 1e-14, `jacrev mean ${i}`));
  rev.spread.forEach((d: number, i: number) => expectClose(d, dSpread[i], 1e-14, `jacrev spread ${i}`));
  expect(rev.ends[0]).toEqual([s, 0, 0, 0]);
  rev.ends[1].forEach((d: number, i: number) => expectClose(d, dEnd1[i], 1e-14, `jacrev ends[1] ${i}`));
  // Forward and reverse Jacobians agree entry by entry; with two parameters, each field holds one per parameter.
  const fwd = f.jacobianFwd(x, s);
  for (const key of ["mean", "spread"] as const) {
    fwd[key].forEach((d: number, i: number) => expectClose(d, rev[key][i], 1e-14, `jacfwd ${key} ${i}`));
  }
  const both = f.jacobiansRev(x, s);
  const bothFwd = f.jacobiansFwd(x, s);
  expect(both.ends[1][0]).toEqual(rev.ends[1]);
  expectClose(both.spread[1], spread / s, 1e-14, "jacrev spread in s");
  expectClose(bothFwd.spread[1], spread / s, 1e-14, "jacfwd spread in s");
  expectClose(bothFwd.ends[1][1], x[n - 1] * Math.cos(s * x[n - 1]), 1e-14, "jacfwd ends[1] in s");

  // Central differences of every output along random directions, and the dot-product test.
  const random = rng(7);
  for (let trial = 0; trial < 4; trial++) {
    const u = [...x.map(() => random() - 0.5), random() - 0.5];
    const w = [random() - 0.5, random() - 0.5, random() - 0.5, random() - 0.5];
    const [, t] = f.tangent(x, s, u.slice(0, n), u[n]);
    const jU = numbersOf(t);
    const [gx, gs] = pull({ mean: w[0], spread: w[1], ends: [w[2], w[3]] });
    const forward = jU.reduce((a, v, k) => a + v * w[k], 0);
    const reverse = [...gx, gs].reduce((a: number, v: number, k: number) => a + v * u[k], 0);
    expectClose(forward, reverse, 1e-13, "dot-product test");
    jU.forEach((d, k) => {
      const fd = centralDifference((...p) => numbersOf(summaryByHand(p.slice(0, n), p[n]))[k], [...x, s], u);
      expectClose(d, fd, 1e-7, `central difference of output ${k}`);
    });
  }
});

test("the ways of returning an object: a literal, a named object written field by field, a helper's, a choice", () => {
  const m = compile({
    "main.ts": `
import { jacrev, jvp, vjp } from "cotangent";
interface Polar { r: number; "theta-rad": number }
function polar(x: number, y: number): Polar {
  return { r: Math.hypot(x, y), "theta-rad": Math.atan2(y, x) };
}
// @differentiate
export function named(p: { x: number; y: number }, k: number) {
  const out = { r: 0, "theta-rad": 0 };
  out.r = k * Math.hypot(p.x, p.y);
  out["theta-rad"] = Math.atan2(p.y, p.x);
  return out;
}
// @differentiate
export const viaHelper = (x: number, y: number): Polar => polar(x * x, y);
// @differentiate
export function chosen(x: number, y: number): Polar {
  const a = polar(x, y);
  const b = polar(y, x);
  return x > y ? a : b;
}
export const jNamed = jacrev(named, 1);
export const tNamed = (x: number, y: number, k: number) => jvp(named, [{ x, y }, k], [{ x: 1, y: 0 }, 0]);
export const pHelper = (x: number, y: number) => vjp(viaHelper, x, y);
export const jChosen = jacrev(chosen, [0, 1]);
`,
  });
  expect(m.diagnostics).toEqual([]);
  const f = m.load("main.ts");
  const [x, y, k] = [0.6, 0.8, 2];
  // d r / d k = hypot(x, y) = 1; d theta / d k = 0.
  expect(f.jNamed({ x, y }, k)).toEqual({ r: 1, "theta-rad": 0 });
  // d r/dx = k·x/r, d theta/dx = −y/r² at r = 1.
  const [value, t] = f.tNamed(x, y, k);
  expectClose(value.r, 2, 1e-15, "named r");
  expectClose(t.r, k * x, 1e-15, "named dr/dx");
  expectClose(t["theta-rad"], -y, 1e-15, "named dtheta/dx");
  // viaHelper(x, y) = polar(x², y): d r/dx = 2x·x²/r, r = hypot(x², y).
  const [pv, pull] = f.pHelper(x, y);
  const r = Math.hypot(x * x, y);
  expect(pv).toEqual({ r, "theta-rad": Math.atan2(y, x * x) });
  const [dx, dy] = pull({ r: 1, "theta-rad": 0 });
  expectClose(dx, (2 * x * x * x) / r, 1e-15, "helper dr/dx");
  expectClose(dy, y / r, 1e-15, "helper dr/dy");
  // chosen at x < y takes polar(y, x): d theta/dx = d atan2(x, y)/dx = y/(x² + y²).
  const j = f.jChosen(x, y);
  expectClose(j["theta-rad"][0], y / (x * x + y * y), 1e-15, "chosen dtheta/dx");
  expectClose(j.r[1], y / Math.hypot(x, y), 1e-15, "chosen dr/dy");
});

test("objects that cannot be results: a field of another kind (TS990116), a class instance (TS990025)", () => {
  const m = compile({
    "main.ts": `
import { jvp, vjp } from "cotangent";
class Pt { constructor(public x: number, public y: number) {} norm() { return Math.hypot(this.x, this.y); } }
export function labeled(x: number) { return { v: x * x, label: "square" }; }
export function withMatrix(x: number) { return { v: x, w: [[x, 2 * x]] }; }
export function optional(x: number): { v: number; w?: number } { return { v: x }; }
export function point(x: number): Pt { return new Pt(x, x); }
export function proto(x: number): { "__proto__": number; v: number } { return JSON.parse(String(x)); }
export const a = (x: number) => jvp(labeled, [x], [1]);
export const b = (x: number) => vjp(withMatrix, x);
export const c = (x: number) => vjp(optional, x);
export const d = (x: number) => vjp(point, x);
export const e = (x: number) => vjp(proto, x);
`,
  });
  const codes = cotangentCodes(m.diagnostics);
  expect(codes).toEqual(["9:37 990116", "10:37 990116", "11:37 990116", "12:37 990025", "13:37 990116"]);
  expect(m.diagnostics[0]).toContain("whose field 'label' is none of a number");
  expect(m.diagnostics[1]).toContain("whose field 'w' is none of a number");
  expect(m.diagnostics[2]).toContain("whose field 'w' is none of a number");
  expect(m.diagnostics[4]).toContain("whose field '__proto__' is none of a number");
  // Marked, the function itself is told, once, at its result type (was TS990021 at the 'new').
  const marked = compile({
    "main.ts": `
class Pt { constructor(public x: number, public y: number) {} }
// @differentiate
export function point(x: number): Pt { return new Pt(x, 2 * x); }
`,
  });
  expect(marked.diagnostics).toEqual([
    "main.ts:4:35 - error TS990025: 'point' returns 'Pt', but '@differentiate' needs a function that returns a 'number', a number array, a tuple of numbers or an object of numbers ('{ mean: number; spread: number }', not a class's instance).",
  ]);
});

test("a fixed-length type: rest tuples are refused; Record<K, number> and mapped types are records", () => {
  const rest = compile({
    "main.ts": `
import { jvp } from "cotangent";
// @differentiate
export function f(x: number, y: number): { a: number; t: [number, ...number[]] } {
  return { a: x * y, t: [x, y, x * y] };
}
export const T = (x: number, y: number) => jvp(f, [x, y], [1, 0]);
`,
  });
  expect(rest.diagnostics.map((d) => d.match(/error (TS\d+)/)?.[1])).toEqual(["TS990116", "TS990116"]);
  expect(rest.diagnostics[0]).toContain("whose field 't' is none of");
  for (const type of [`Record<"a" | "b", number>`, `{ [K in "a" | "b"]: number }`]) {
    const m = compile({
      "main.ts": `
import { jvp, jacrev } from "cotangent";
// @differentiate
export function f(x: number, y: number): ${type} { return { a: x * y, b: x / y }; }
export const T = (x: number, y: number) => jvp(f, [x, y], [1, 0]);
export const J = jacrev(f, [0, 1]);
`,
    });
    expect(m.diagnostics).toEqual([]);
    const f = m.load("main.ts");
    const [x, y] = [0.4, 0.9];
    expect(f.T(x, y)[1]).toEqual({ a: y, b: 1 / y });
    expectClose(f.J(x, y).b[1], -x / (y * y), 1e-15, "d b / d y");
  }
});

test("a tuple field written 'as const', and an object's fields nested five deep", () => {
  const m = compile({
    "main.ts": `
import { jvp } from "cotangent";
// @differentiate
export function f(x: number) { return { a: x, b: [x, x * x] as const }; }
// @differentiate
export function deep(x: number) { return { a: { b: { c: { d: { e: x * x } } } } }; }
export const t = (x: number) => jvp(f, [x], [1]);
export const d = (x: number) => jvp(deep, [x], [1]);
`,
  });
  expect(m.diagnostics).toEqual([]);
  const f = m.load("main.ts");
  expect(f.t(3)).toEqual([
    { a: 3, b: [3, 9] },
    { a: 1, b: [1, 6] },
  ]);
  expect(f.d(3)[1]).toEqual({ a: { b: { c: { d: { e: 6 } } } } });
});

test("jacfwd in an empty array: one empty row per output, as jacrev gives", () => {
  const m = compile({
    "main.ts": `
import { jacfwd, jacrev } from "cotangent";
// @differentiate
export function g(x: number[], y: number) {
  let s = y;
  for (const v of x) s += v;
  return { a: s, b: { c: y * y } };
}
export const K0 = jacfwd(g);
export const K = jacfwd(g, [0, 1]);
export const J0 = jacrev(g);
`,
  });
  expect(m.diagnostics).toEqual([]);
  const f = m.load("main.ts");
  expect(f.J0([], 0.7)).toEqual({ a: [], b: { c: [] } });
  expect(f.K0([], 0.7)).toEqual({ a: [], b: { c: [] } });
  expect(f.K([], 0.7)).toEqual({ a: [[], 1], b: { c: [[], 1.4] } });
});

test("a pullback's cotangent of another shape is a RangeError naming the field, as an array's of another length", () => {
  const m = compile({
    "main.ts": `
import { vjp } from "cotangent";
// @differentiate
export function g(x: number, s: number) { return { a: x * s, b: { c: x + s }, t: [x, s] as [number, number] }; }
export const p = (x: number, s: number) => vjp(g, x, s);
`,
  });
  expect(m.diagnostics).toEqual([]);
  const [, pull] = m.load("main.ts").p(0.5, 2);
  // d/dx (a + c + t0 + t1) = s + 1 + 1, d/ds = x + 1 + 1.
  expect(pull({ a: 1, b: { c: 1 }, t: [1, 1] })).toEqual([4, 2.5]);
  // A tuple's cotangent may be any array of its length, as a tuple result's may.
  expect(pull({ a: 1, b: { c: 1 }, t: new Float64Array([1, 1]) })).toEqual([4, 2.5]);
  expect(() => pull({ a: 1, b: { c: 1 }, t: [1] })).toThrow(
    new RangeError(
      "cotangent: field 't' of the cotangent is an array of 1 where the result has a tuple of 2; pass one of that length.",
    ),
  );
  expect(() => pull({ a: 1, b: {}, t: [1, 1] })).toThrow(/field 'b.c' of the cotangent is undefined where the result/);
  expect(() => pull({ a: 1, t: [1, 1] })).toThrow(/field 'b' of the cotangent is undefined where the result has an/);
});

test("a marked function returning an object with a field of another kind: TS990116 at its return type, only", () => {
  const m = compile({
    "main.ts": `
import { jvp } from "cotangent";
// @differentiate
export function f(x: number): { v: number; ok: boolean } { return { v: x * x, ok: x > 0 }; }
// @differentiate
export function g(x: number) { return { v: x * x, when: new Date(0) }; }
`,
  });
  expect(
    m.diagnostics.map((d) =>
      d
        .match(/(\d+:\d+) - error (TS\d+)/)
        ?.slice(1)
        .join(" "),
    ),
  ).toEqual(["4:31 TS990116", "6:17 TS990116"]);
  expect(m.diagnostics[0]).toContain("whose field 'ok' is none of");
  expect(m.diagnostics[1]).toContain("whose field 'when' is none of");
});

test("array fields: an Euler step's { t, y } and a layer's { w, b }, in every marker, against derivatives by hand", () => {
  const m = compile({
    "main.ts": `
import { jacfwd, jacrev, jvp, vjp } from "cotangent";
export interface State { t: number; y: Float64Array }
/** One explicit Euler step of y' = −k·y² from (t, y). */
// @differentiate
export function step(y: Float64Array, k: number, h: number): State {
  const next = new Float64Array(y.length);
  for (let i = 0; i < y.length; i++) next[i] = y[i] - h * k * y[i] * y[i];
  return { t: h, y: next };
}
// @differentiate
export function layer(x: number[], s: number): { w: number[]; b: number; scaled: { v: number[] } } {
  return { w: x.map((v) => Math.tanh(s * v)), b: s * s, scaled: { v: [s * x[0]] } };
}
export const tStep = (y: Float64Array, k: number, h: number, dy: Float64Array, dk: number) =>
  jvp(step, [y, k, h], [dy, dk, 0]);
export const pStep = (y: Float64Array, k: number, h: number) => vjp(step, y, k, h);
export const jStep = jacrev(step, [0, 1]);
export const fStep = jacfwd(step, [0, 1]);
export const jLayer = jacrev(layer);
export const fLayer = jacfwd(layer, 1);
export const pLayer = (x: number[], s: number) => vjp(layer, x, s);
const typed: (y: Float64Array, k: number, h: number) => { t: [number[], number]; y: [number[][], number[]] } = jStep;
export const typedOk = typed !== undefined;
`,
  });
  expect(m.diagnostics).toEqual([]);
  const f = m.load("main.ts");
  const y = new Float64Array([0.5, -1.5, 2]);
  const [k, h] = [0.8, 0.1];
  // y_i' = y_i − h·k·y_i²: ∂/∂y_i = 1 − 2·h·k·y_i, ∂/∂k = −h·y_i².
  const dy = Array.from(y, (v) => 1 - 2 * h * k * v);
  const dk = Array.from(y, (v) => -h * v * v);
  const [value, tangent] = f.tStep(y, k, h, new Float64Array([1, 1, 1]), 2);
  expect(value.t).toBe(h);
  expect(value.y).toBeInstanceOf(Float64Array);
  expect(Array.from(value.y)).toEqual(Array.from(y, (v) => v - h * k * v * v));
  expect(tangent.y).toBeInstanceOf(Float64Array);
  expect(tangent.t).toBe(0);
  tangent.y.forEach((d: number, i: number) => expectClose(d, dy[i] + 2 * dk[i], 1e-15, `jvp y[${i}]`));
  const [primal, pull] = f.pStep(y, k, h);
  expect(Array.from(primal.y)).toEqual(Array.from(value.y));
  const w = new Float64Array([0.3, -2, 1.1]);
  const [yBar, kBar, hBar] = pull({ t: 0.5, y: w });
  yBar.forEach((g: number, i: number) => expectClose(g, w[i] * dy[i], 1e-15, `vjp y[${i}]`));
  expectClose(
    kBar,
    w.reduce((a, wi, i) => a + wi * dk[i], 0),
    1e-15,
    "vjp k",
  );
  // ∂y_i/∂h = −k·y_i², and ∂t/∂h = 1.
  expectClose(hBar, 0.5 + w.reduce((a, wi, i) => a - wi * k * y[i] * y[i], 0), 1e-15, "vjp h");
  expect(() => pull({ t: 0, y: new Float64Array(2) })).toThrow(
    new RangeError(
      "cotangent: field 'y' of the cotangent is an array of 2 where the result has an array of 3; pass one.",
    ),
  );
  // Jacobians by field, each holding one per parameter: ∂t/∂y = 0, ∂y/∂y diagonal, ∂y/∂k a column.
  for (const J of [f.jStep(y, k, h), f.fStep(y, k, h)]) {
    expect(J.t).toEqual([[0, 0, 0], 0]);
    expect(J.y[0].length).toBe(3);
    J.y[0].forEach((row: number[], i: number) =>
      row.forEach((d, j) => expectClose(d, i === j ? dy[i] : 0, 1e-15, `∂y${i}/∂y${j}`)),
    );
    J.y[1].forEach((d: number, i: number) => expectClose(d, dk[i], 1e-15, `∂y${i}/∂k`));
  }

  const x = [0.4, -0.7];
  const s = 1.5;
  const sech2 = (u: number) => 1 / Math.cosh(u) ** 2;
  // w_i = tanh(s·x_i): ∂w_i/∂x_j = δij·s·sech²(s·x_i), ∂w_i/∂s = x_i·sech²(s·x_i); b = s²; v = [s·x_0].
  const J = f.jLayer(x, s);
  expect(Object.keys(J)).toEqual(["w", "b", "scaled"]);
  J.w.forEach((row: number[], i: number) =>
    row.forEach((d, j) => expectClose(d, i === j ? s * sech2(s * x[i]) : 0, 1e-15, `∂w${i}/∂x${j}`)),
  );
  expect(J.b).toEqual([0, 0]);
  expect(J.scaled.v).toEqual([[s, 0]]);
  const F = f.fLayer(x, s);
  F.w.forEach((d: number, i: number) => expectClose(d, x[i] * sech2(s * x[i]), 1e-15, `∂w${i}/∂s`));
  expectClose(F.b, 2 * s, 1e-15, "∂b/∂s");
  expect(F.scaled.v).toEqual([x[0]]);
  const [, pullLayer] = f.pLayer(x, s);
  const [xBar, sBar] = pullLayer({ w: [1, 0], b: 1, scaled: { v: [2] } });
  expectClose(xBar[0], s * sech2(s * x[0]) + 2 * s, 1e-15, "vjp x0");
  expect(xBar[1]).toBe(0);
  expectClose(sBar, x[0] * sech2(s * x[0]) + 2 * s + 2 * x[0], 1e-15, "vjp s");
});
