/**
 * Options objects a call may leave out: 'opts?: Opts' and 'opts: Opts = {}' (with '{ l2 = 0.01 }' defaults in the
 * pattern), read with 'opts?.l2 ?? 0', for a marked function's own parameter, a helper's, an inlined arrow's and a
 * method's. Gradients against gradients derived by hand, central differences of the primal, and jvp against vjp.
 */
import { compile } from "../helpers/compile";
import { centralDifference, expectClose, rng } from "../helpers/check";

const source = `
import { grad, valueAndGrad, jvp, vjp } from "cotangent";
export interface Fit { scale?: number; shift?: number }
export interface Reg { l2?: number; power?: number }

/** A quadratic whose coefficients an options object may give. */
// @differentiate
export function quad(x: number, opts?: Fit): number {
  const s = opts?.scale ?? 2;
  return s * x * x + (opts?.shift ?? 0);
}

/** Least squares with a ridge term, its weights defaulted in the parameter's pattern. */
// @differentiate
export function ridge(w: number[], t: number[], { l2 = 0.01, power = 2 }: Reg = {}): number {
  let loss = 0;
  for (let i = 0; i < w.length; i++) loss += (w[i] - t[i]) ** 2 + l2 * Math.abs(w[i]) ** power;
  return loss;
}

function scaled(x: number, opts: Fit = {}): number {
  return (opts.scale ?? 3) * Math.sin(x) + (opts.shift ?? 0);
}

/** A helper given its options every way a call can: left out, undefined, empty, a literal, the caller's own. */
// @differentiate
export function caller(x: number, opts?: Fit): number {
  return scaled(x) + scaled(x, undefined) + scaled(x, {}) + scaled(x, { scale: x }) + x * scaled(x, opts);
}

class Spring {
  k = 2;
  energy(d: number, { scale = 0.5 }: Fit = {}): number {
    return scale * this.k * d * d;
  }
}

/** An inlined arrow and a method with options, and an optional number put in one. */
// @differentiate
export function inlined(x: number, k?: number): number {
  const h = (v: number, o?: Fit) => (o?.scale ?? 2) * v * v;
  const spring = new Spring();
  return h(x) + h(x, { scale: x }) + h(x, { scale: k }) + spring.energy(x) + spring.energy(x, { scale: 3 });
}

export const gQuad = grad(quad);
export const gQuadAll = grad(quad, [0, 1]);
export const tQuad = (x: number, o: Fit, u: number, du: Fit) => jvp(quad, [x, o], [u, du]);
export const pQuad = (x: number, o: Fit) => vjp(quad, x, o);
export const pQuadBare = (x: number) => vjp(quad, x);
export const gRidge = valueAndGrad(ridge);
export const gRidgeAll = grad(ridge, [0, 2]);
export const gCaller = grad(caller);
export const gInlined = grad(inlined);
`;

const m = compile({ "main.ts": source });

test("options objects compile without diagnostics", () => {
  expect(m.diagnostics).toEqual([]);
});

test("a marked function's optional options object: left out, given, and differentiated in its fields", () => {
  const f = m.load("main.ts");
  for (const x of [-1.3, 0.4, 2]) {
    // quad = s·x² + shift, with s = 2 and shift = 0 where left out.
    expectClose(f.gQuad(x), 4 * x, 1e-15, `d/dx at ${x}, left out`);
    expectClose(f.gQuad(x, {}), 4 * x, 1e-15, `d/dx at ${x}, empty`);
    expectClose(f.gQuad(x, { scale: 5 }), 10 * x, 1e-15, `d/dx at ${x}, scale 5`);
    const [dx, dopts] = f.gQuadAll(x, { scale: 5, shift: 1 });
    expectClose(dx, 10 * x, 1e-15, "d/dx");
    expectClose(dopts.scale, x * x, 1e-15, "d/dscale");
    expectClose(dopts.shift, 1, 1e-15, "d/dshift");
    // A field left out has derivative 0, as a left-out number parameter does.
    const [, bare] = f.gQuadAll(x);
    expect(bare).toEqual({ scale: 0, shift: 0 });
    const primal = (xv: number, s: number, sh: number) => f.quad(xv, { scale: s, shift: sh });
    expectClose(dopts.scale, centralDifference(primal, [x, 5, 1], [0, 1, 0]), 1e-8, "d/dscale by differences");
  }
});

test("jvp against vjp (the dot-product test) and the pullback of a call that leaves the options out", () => {
  const f = m.load("main.ts");
  const random = rng(7);
  for (let trial = 0; trial < 5; trial++) {
    const x = 4 * random() - 2;
    const o = { scale: 1 + random(), shift: random() };
    const du = { scale: random() - 0.5, shift: random() - 0.5 };
    const u = random() - 0.5;
    const w = random() - 0.5;
    const [value, tangent] = f.tQuad(x, o, u, du);
    expectClose(value, f.quad(x, o), 1e-15, "jvp's value");
    const [pulledValue, pullback] = f.pQuad(x, o);
    expectClose(pulledValue, f.quad(x, o), 1e-15, "vjp's value");
    const [dx, dopts] = pullback(w);
    const forward = tangent * w;
    const reverse = u * dx + du.scale * dopts.scale + du.shift * dopts.shift;
    expectClose(forward, reverse, 1e-13, "<J·u, w> against <u, Jᵀ·w>");
  }
  const [value, pullback] = f.pQuadBare(1.5);
  expect(value).toBe(4.5);
  expect(pullback(2)).toEqual([12, { scale: 0, shift: 0 }]);
});

test("defaults in a destructured options pattern, left out and given", () => {
  const f = m.load("main.ts");
  const w = [0.5, -1.25, 2];
  const t = [1, 0.5, -0.75];
  // d/dw_i [(w_i − t_i)² + l2·|w_i|^p] = 2(w_i − t_i) + l2·p·|w_i|^(p−1)·sign(w_i).
  const hand = (l2: number, p: number) =>
    w.map((wi, i) => 2 * (wi - t[i]) + l2 * p * Math.abs(wi) ** (p - 1) * Math.sign(wi));
  const [value, dw] = f.gRidge(w, t);
  expectClose(value, f.ridge(w, t), 1e-15, "value");
  hand(0.01, 2).forEach((g, i) => expectClose(dw[i], g, 1e-14, `d/dw${i}, defaults`));
  const dw3 = f.gRidge(w, t, { l2: 0.5, power: 3 })[1];
  hand(0.5, 3).forEach((g, i) => expectClose(dw3[i], g, 1e-14, `d/dw${i}, l2 0.5, power 3`));
  const [dwl, dreg] = f.gRidgeAll(w, t, { l2: 0.5 });
  hand(0.5, 2).forEach((g, i) => expectClose(dwl[i], g, 1e-14, `d/dw${i}, l2 0.5`));
  // d/dl2 = Σ|w_i|²; power was left out: 0.
  expectClose(
    dreg.l2,
    w.reduce((s, wi) => s + wi * wi, 0),
    1e-14,
    "d/dl2",
  );
  expect(dreg.power).toBe(0);
  const primal = (l2: number) => f.ridge(w, t, { l2 });
  expectClose(dreg.l2, centralDifference(primal, [0.5], [1]), 1e-8, "d/dl2 by differences");
});

test("a helper's options, an inlined arrow's and a method's, every way a call gives them", () => {
  const f = m.load("main.ts");
  for (const x of [-0.7, 0.3, 1.9]) {
    // caller = 3 sin x · 3 + x sin x + 3 + … : scaled(x) thrice with scale 3, once with scale x, once with opts.
    const s = Math.sin(x);
    const c = Math.cos(x);
    expectClose(f.gCaller(x), 9 * c + (s + x * c) + (3 * s + 3 * x * c), 1e-14, `caller, opts left out, ${x}`);
    const o = { scale: 1.5, shift: 0.25 };
    const withOpts = 9 * c + (s + x * c) + (1.5 * s + 0.25) + x * 1.5 * c;
    expectClose(f.gCaller(x, o), withOpts, 1e-14, `caller, opts given, ${x}`);
    const fd = centralDifference((xv) => f.caller(xv, o), [x], [1]);
    expectClose(f.gCaller(x, o), fd, 1e-8, "caller by differences");
    // inlined = 2x² + x³ + (k ?? 2)x² + 0.5·2x² + 3·2x².
    const k = 4;
    expectClose(f.gInlined(x), 4 * x + 3 * x * x + 4 * x + 2 * x + 12 * x, 1e-14, `inlined, k left out, ${x}`);
    expectClose(f.gInlined(x, k), 4 * x + 3 * x * x + 2 * k * x + 2 * x + 12 * x, 1e-14, `inlined, k given, ${x}`);
    expectClose(
      f.gInlined(x, k),
      centralDifference((xv) => f.inlined(xv, k), [x], [1]),
      1e-8,
      "by differences",
    );
  }
});

test("a test of the options object itself is TS990108; options with fields other than numbers stay TS990017", () => {
  const refused = compile({
    "main.ts": `
export interface Fit { scale: number }
// @differentiate
export function f(x: number, opts?: Fit): number {
  return (opts ? opts.scale : 1) * x;
}
export interface Weights { w?: number[] }
// @differentiate
export function g(x: number, opts?: Weights): number {
  return x;
}`,
  });
  expect(refused.diagnostics).toEqual([
    "main.ts:5:11 - error TS990108: 'opts' is an options object a call may leave out, and Cotangent reads its fields, not the object: a test of it ('opts ? … : …', 'opts !== undefined') or the object as a value cannot tell a left-out object from an empty one. Read its fields ('opts?.scale ?? 1', '{ scale = 1 } = {}').",
    expect.stringMatching(/^main\.ts:9:30 - error TS990017: Parameter 'opts' is optional/),
  ]);
});

const passedOn = `
import { grad, hessian } from "cotangent";
export interface O { a?: number; b?: number }

function leaf(x: number, opts?: O): number {
  return (opts?.a ?? 1) * x * x + (opts?.b ?? 0) * x;
}

/** Recursive: its split reverse sweep restores what it passes on, undefined included (the tape holds doubles). */
function rec(x: number, n: number, o?: O, k?: number): number {
  return n === 0 ? leaf(x, o) * (k ?? 1) : x * rec(x, n - 1, o, k);
}

// @differentiate
export function recursive(x: number, opts?: O): number {
  return rec(x, 2, opts);
}

// @differentiate
export function recursiveK(x: number, k?: number): number {
  return rec(x, 2, undefined, k);
}

/** Spread: opts's fields where it has them, the literal's before it elsewhere. */
// @differentiate
export function spread(x: number, opts?: O): number {
  const o = { a: 3, ...opts };
  return (o.a ?? 1) * x + leaf(x, { b: 2, ...opts });
}

/** Objects with optional fields given to a function of the program every way a caller writes them. */
// @differentiate
export function given(x: number, opts: O | undefined, k?: number): number {
  const cfg: O = {};
  return (
    leaf(x, { a: k }) + leaf(x, { b: opts?.b }) + leaf(x, { a: undefined, b: x }) + leaf(x, { a: 2 } as O) + leaf(x, cfg)
  );
}

export const gRecursive = grad(recursive, [0, 1]);
export const hRecursive = hessian(recursive);
export const gRecursiveK = grad(recursiveK);
export const gSpread = grad(spread);
export const gGiven = grad(given);
`;

test("options and optional numbers passed on through a recursive helper, spread, and given to a helper as literals", () => {
  const m2 = compile({ "main.ts": passedOn });
  expect(m2.diagnostics).toEqual([]);
  const f = m2.load("main.ts");
  for (const x of [0.7, -1.2]) {
    // recursive = x² · leaf(x) = a·x⁴ + b·x³.
    const [dx, dopts] = f.gRecursive(x);
    expectClose(dx, 4 * x ** 3, 1e-14, `recursive, left out, ${x}`);
    expect(dopts).toEqual({ a: 0, b: 0 });
    const [dx2, dopts2] = f.gRecursive(x, { a: 2, b: 3 });
    expectClose(dx2, 8 * x ** 3 + 9 * x * x, 1e-14, `recursive, given, ${x}`);
    expectClose(dopts2.a, x ** 4, 1e-14, "d/da");
    expectClose(dopts2.b, x ** 3, 1e-14, "d/db");
    expectClose(f.hRecursive(x), 12 * x * x, 1e-14, `recursive's second derivative, ${x}`);
    expectClose(f.gRecursiveK(x), 4 * x ** 3, 1e-14, `optional number, left out, ${x}`);
    expectClose(f.gRecursiveK(x, 5), 20 * x ** 3, 1e-14, `optional number, given, ${x}`);
    // spread = (opts.a ?? 3)·x + (opts.a ?? 1)·x² + (opts.b ?? 2)·x.
    expectClose(f.gSpread(x), 3 + 2 * x + 2, 1e-14, `spread, left out, ${x}`);
    expectClose(f.gSpread(x, { a: 5 }), 5 + 10 * x + 2, 1e-14, `spread, a given, ${x}`);
    expectClose(f.gSpread(x, { b: -1 }), 3 + 2 * x - 1, 1e-14, `spread, b given, ${x}`);
    const o = { a: 0.5, b: 4 };
    expectClose(
      f.gSpread(x, o),
      centralDifference((xv) => f.spread(xv, o), [x], [1]),
      1e-8,
      "spread by differences",
    );
    // given = (k ?? 1)x² + (x² + (opts.b ?? 0)x) + (x² + x²) + 2x² + x².
    const dGiven = (k: number | undefined, b: number | undefined) =>
      2 * (k ?? 1) * x + (2 * x + (b ?? 0)) + 4 * x + 4 * x + 2 * x;
    expectClose(f.gGiven(x, undefined), dGiven(undefined, undefined), 1e-14, `given, all left out, ${x}`);
    expectClose(f.gGiven(x, { b: 3 }, 2), dGiven(2, 3), 1e-14, `given, all given, ${x}`);
    const fd = centralDifference((xv) => f.given(xv, { b: 3 }, 2), [x], [1]);
    expectClose(f.gGiven(x, { b: 3 }, 2), fd, 1e-8, "given by differences");
  }
});
