/**
 * Functions made by other functions, closures over what their maker was given ('const double = scaler(2)'): the maker
 * inlined where the closure is made, the closure where it is called, each reading the variables of its own making.
 * Derivatives against derivatives derived by hand, central differences and jvp against vjp.
 */
import { compile } from "../helpers/compile";
import { centralDifference, expectClose } from "../helpers/check";

const source = `
import { grad, jvp, vjp } from "cotangent";

function scaler(k: number) {
  return (x: number) => k * x;
}

/** A maker with statements before it returns, capturing a local it computes. */
function gaussian(mu: number, sigma: number): (x: number) => number {
  const inv = 1 / (2 * sigma * sigma);
  return function (x: number) {
    return Math.exp(-(x - mu) * (x - mu) * inv);
  };
}

const adder = (a: number) => (x: number) => x + a;

function integrate(f: (t: number) => number, a: number, b: number, n: number): number {
  const h = (b - a) / n;
  let s = 0.5 * (f(a) + f(b));
  for (let i = 1; i < n; i++) s += f(a + i * h);
  return s * h;
}

/** Two closures of one maker, each with its own k; one of another maker; one given to a helper and to map. */
// @differentiate
export function f(x: number, w: number): number {
  const double = scaler(2);
  const byW = scaler(w);
  const bell = gaussian(w, 0.5);
  const shift = adder(x * w);
  const same = byW;
  return double(x) * byW(x) + bell(x) + shift(1) + integrate(bell, 0, 1, 8) + [x, w].map(same).reduce((s, v) => s + v, 0) + same(3);
}

export const g = grad(f, [0, 1]);
export const t = (x: number, w: number, u: number, v: number) => jvp(f, [x, w], [u, v]);
export const p = (x: number, w: number) => vjp(f, x, w);
`;

test("closures made by other functions: each reads its own making", () => {
  const m = compile({ "main.ts": source });
  expect(m.diagnostics).toEqual([]);
  const f = m.load("main.ts");
  const bell = (x: number, mu: number) => Math.exp(-2 * (x - mu) ** 2);
  const dbellx = (x: number, mu: number) => -4 * (x - mu) * bell(x, mu);
  const trapezoid = (fn: (t: number) => number) => {
    const h = 1 / 8;
    let s = 0.5 * (fn(0) + fn(1));
    for (let i = 1; i < 8; i++) s += fn(i * h);
    return s * h;
  };
  for (const [x, w] of [
    [0.3, 0.8],
    [-1.1, 1.7],
  ]) {
    // f = 2x·wx + bell(x; w) + (1 + xw) + ∫bell(t; w) + (wx + w²) + 3w.
    const dx = 4 * w * x + dbellx(x, w) + w + w;
    const dw = 2 * x * x - dbellx(x, w) + x + trapezoid((t) => -dbellx(t, w)) + x + 2 * w + 3;
    const [gx, gw] = f.g(x, w);
    expectClose(gx, dx, 1e-14, `d/dx at ${x}, ${w}`);
    expectClose(gw, dw, 1e-14, `d/dw at ${x}, ${w}`);
    expectClose(gw, centralDifference(f.f, [x, w], [0, 1]), 1e-8, "d/dw by differences");
    const [value, tangent] = f.t(x, w, 0.4, -0.9);
    expectClose(value, f.f(x, w), 1e-15, "jvp's value");
    const [, pullback] = f.p(x, w);
    const [bx, bw] = pullback(1.1);
    expectClose(tangent * 1.1, 0.4 * bx - 0.9 * bw, 1e-13, "<J·u, w> against <u, Jᵀ·w>");
  }
});

const nested = `
import { grad } from "cotangent";

function adder(a: number) {
  return (x: number) => x + a;
}

function scaler(k?: number) {
  return (x: number) => (k ?? 3) * x;
}

function compose(f: (t: number) => number, g: (t: number) => number) {
  return (x: number) => f(g(x));
}

/** A maker that makes a closure of another maker. */
function wrapScaled(a: number) {
  const s = scaler(a);
  return (x: number) => s(x) + 1;
}

/** A closure's maker with a running count, which each making keeps for itself. */
function counter(step: number) {
  let count = 0;
  return (x: number) => {
    count += step;
    return count * x;
  };
}

// @differentiate
export function f(x: number, w: number, y: number): number {
  const ax = adder(x);
  const ay = adder(y);
  const n = compose(ax, ay);
  const sw = scaler(w);
  const m = compose(ay, sw);
  const wx = wrapScaled(x);
  const ww = wrapScaled(w);
  const plain = scaler();
  const c1 = counter(1);
  const c2 = counter(100);
  const counted = c1(x) + c2(1) + c1(x);
  return n(1) + 10 * m(w) + wx(1) + 100 * ww(1) + plain(y) + counted;
}

export const g = grad(f, [0, 1, 2]);
`;

test("closures of closures, makers that make closures, optional parameters and state of their own", () => {
  const m = compile({ "main.ts": nested });
  expect(m.diagnostics).toEqual([]);
  const f = m.load("main.ts");
  for (const [x, w, y] of [
    [0.3, 0.8, -0.5],
    [-1.1, 1.7, 2.2],
  ]) {
    // n(1) = 1 + y + x; m(w) = w·w + y; wx(1) = x + 1; ww(1) = w + 1; plain(y) = 3y; counted = x + 100 + 2x.
    const value = 1 + y + x + 10 * (w * w + y) + x + 1 + 100 * (w + 1) + 3 * y + 3 * x + 100;
    expectClose(f.f(x, w, y), value, 1e-14, "the primal, as written");
    const [dx, dw, dy] = f.g(x, w, y);
    expectClose(dx, 1 + 1 + 3, 1e-14, `d/dx at ${x}`);
    expectClose(dw, 20 * w + 100, 1e-14, `d/dw at ${w}`);
    expectClose(dy, 1 + 10 + 3, 1e-14, `d/dy at ${y}`);
  }
});

test("closures made where they are used: called at once, given to a helper, given to map", () => {
  const m = compile({
    "main.ts": `
import { grad } from "cotangent";
function scaler(k: number) {
  return (x: number) => k * x;
}
function apply(f: (t: number) => number, v: number): number {
  return f(v) + f(2 * v);
}
// @differentiate
export function f(x: number, w: number): number {
  return scaler(w)(x) + apply(scaler(x), w) + [x, w].map(scaler(w * x)).reduce((s, v) => s + v, 0);
}
export const g = grad(f, [0, 1]);`,
  });
  expect(m.diagnostics).toEqual([]);
  const f = m.load("main.ts");
  for (const [x, w] of [
    [0.3, 0.8],
    [-1.1, 1.7],
  ]) {
    // f = wx + 3xw + wx(x + w) = 4wx + wx² + w²x.
    expectClose(f.f(x, w), 4 * w * x + w * x * x + w * w * x, 1e-14, "the primal, as written");
    const [dx, dw] = f.g(x, w);
    expectClose(dx, 4 * w + 2 * w * x + w * w, 1e-14, `d/dx at ${x}`);
    expectClose(dw, 4 * x + x * x + 2 * w * x, 1e-14, `d/dw at ${w}`);
  }
});
