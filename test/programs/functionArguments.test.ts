/**
 * Helpers that take a function: integrators, root finders, ODE steppers, 'sumBy(xs, f)'. The helper is inlined where
 * it is called, its parameter naming the function given (an arrow capturing the caller's variables, a local function,
 * a function of the program, the helper's own parameter passed on), so the derivative flows through both. Each program
 * is checked by jvp against vjp (the dot-product test) and central differences, and against derivatives known in
 * closed form.
 */
import { compile } from "../helpers/compile";
import { checkDerivatives, expectClose } from "../helpers/check";

const helpers = `
/** The composite trapezoid rule with n panels. */
function trapezoid(fn: (t: number) => number, a: number, b: number, n: number): number {
  const h = (b - a) / n;
  let s = 0.5 * (fn(a) + fn(b));
  for (let i = 1; i < n; i++) s += fn(a + i * h);
  return s * h;
}

/** Newton's method from x0, stopping when a step is below tol. */
function newton(fn: (x: number) => number, dfn: (x: number) => number, x0: number): number {
  let x = x0;
  for (let k = 0; k < 50; k++) {
    const step = fn(x) / dfn(x);
    x -= step;
    if (Math.abs(step) < 1e-15 * Math.abs(x)) break;
  }
  return x;
}

/** n steps of classical RK4 for y' = rhs(t, y). */
function rk4(rhs: (t: number, y: number) => number, y0: number, t1: number, n: number): number {
  const h = t1 / n;
  let y = y0;
  let t = 0;
  for (let i = 0; i < n; i++) {
    const k1 = rhs(t, y);
    const k2 = rhs(t + h / 2, y + (h / 2) * k1);
    const k3 = rhs(t + h / 2, y + (h / 2) * k2);
    const k4 = rhs(t + h, y + h * k3);
    y += (h / 6) * (k1 + 2 * k2 + 2 * k3 + k4);
    t += h;
  }
  return y;
}

/** The mean of fn over xs: the function passed on to an array method and to another helper. */
function meanOf(xs: readonly number[], fn: (v: number) => number): number {
  return xs.reduce((s, v) => s + fn(v), 0) / xs.length + 0 * twice(fn, 0);
}

function twice(fn: (v: number) => number, v: number): number {
  return fn(fn(v));
}
`;

test("an integrator given an arrow capturing k: ∫₀¹ e^(−k·t) dt by the trapezoid rule", () => {
  const source = `${helpers}
// @differentiate
export function decay(k: number): number {
  return trapezoid((t) => Math.exp(-k * t), 0, 1, 64);
}`;
  const [{ gradient }] = checkDerivatives(source, "decay", 1, [[0.8], [2.5], [-0.3]]);
  // The rule's derivative is the rule applied to ∂/∂k e^(−k·t) = −t·e^(−k·t), exactly (differentiation commutes with it).
  const k = 0.8;
  const h = 1 / 64;
  let expected = 0.5 * (0 + -1 * Math.exp(-k));
  for (let i = 1; i < 64; i++) expected += -(i * h) * Math.exp(-k * i * h);
  expectClose(gradient[0], expected * h, 1e-14, "∂/∂k");
});

test("Newton's method given two arrows: √a found as the root of x² − a, its derivative 1/(2√a)", () => {
  const source = `${helpers}
// @differentiate
export function root(a: number): number {
  return newton((x) => x * x - a, (x) => 2 * x, 1 + a);
}`;
  const checked = checkDerivatives(source, "root", 1, [[2], [9], [0.25]]);
  for (const [i, a] of [2, 9, 0.25].entries()) {
    expectClose(checked[i].value, Math.sqrt(a), 1e-15, `√${a}`);
    // Differentiating the converged iteration gives the implicit function's derivative.
    expectClose(checked[i].gradient[0], 0.5 / Math.sqrt(a), 1e-12, `∂√a/∂a at ${a}`);
  }
});

test("RK4 given a local function capturing λ and a second parameter: y' = −λ·y + c·sin(t)", () => {
  const source = `${helpers}
// @differentiate
export function solve(lambda: number, c: number, y0: number): number {
  const rhs = (t: number, y: number) => -lambda * y + c * Math.sin(t);
  return rk4(rhs, y0, 2, 40);
}`;
  const checked = checkDerivatives(source, "solve", 3, [
    [0.7, 0.3, 1.2],
    [1.5, -0.8, 0.4],
  ]);
  // With c = 0 the flow is linear in y0: ∂y(2)/∂y0 = y(2)/y0 (the RK4 amplification factor, whatever its error).
  const m = compile({ "main.ts": `${source}\nimport { grad } from "cotangent";\nexport const g = grad(solve, [2]);` });
  const loaded = m.load("main.ts");
  expectClose(loaded.g(0.7, 0, 1.2), loaded.solve(0.7, 0, 1.2) / 1.2, 1e-14, "∂y/∂y0 at c = 0");
  expect(checked).toHaveLength(2);
});

test("functions of the program given by name (a recursive one), Math's, a local helper's, a parameter passed on", () => {
  const source = `${helpers}
function cube(v: number): number {
  return v * v * v;
}
function tower(v: number): number {
  return v > 1 ? tower(v / 2) + Math.sin(v) : v * v;
}
// @differentiate
export function named(x: number, y: number): number {
  const xs = [x, y, x * y];
  const midpoint = (fn: (t: number) => number, a: number, b: number) => (b - a) * fn((a + b) / 2);
  const first = trapezoid(cube, 0, x, 8) + meanOf(xs, tower) + meanOf(xs, (v) => v * Math.exp(v));
  return first + twice(Math.tanh, y) + midpoint((t) => Math.cos(t * y), 0, x);
}`;
  checkDerivatives(source, "named", 2, [
    [1.3, 0.4],
    [3.7, -1.2],
    [0.2, 2.9],
  ]);
});

test("a helper of another module given an arrow of this one, and the second derivative through it", () => {
  const lib = `
export function trapezoid(fn: (t: number) => number, a: number, b: number, n: number): number {
  const h = (b - a) / n;
  let s = 0.5 * (fn(a) + fn(b));
  for (let i = 1; i < n; i++) s += fn(a + i * h);
  return s * h;
}`;
  const source = `
import { trapezoid } from "./lib";
import { hessian } from "cotangent";
// @differentiate
export function moment(k: number, m: number): number {
  return trapezoid((t) => Math.exp(-k * t) * t ** m, 0, 1, 32);
}
export const h = hessian(moment, [0, 1]);`;
  checkDerivatives(source, "moment", 2, [[0.5, 2]], {}, { "lib.ts": lib });
  const out = compile({ "main.ts": source, "lib.ts": lib });
  expect(out.diagnostics).toEqual([]);
  const m = out.load("main.ts");
  const H = m.h(0.5, 2) as number[][];
  // ∂²/∂k² of the rule is the rule applied to t²·e^(−k·t)·t^m, exactly.
  let expected = 0.5 * Math.exp(-0.5);
  for (let i = 1; i < 32; i++) expected += (i / 32) ** 4 * Math.exp((-0.5 * i) / 32);
  expectClose(H[0][0], expected / 32, 1e-14, "∂²/∂k²");
  expectClose(H[0][1], H[1][0], 1e-15, "symmetry");
});

test("a recursive helper given a function is TS990106, at the call", () => {
  const out = compile({
    "main.ts": `
import { grad } from "cotangent";
function adaptive(fn: (t: number) => number, a: number, b: number, depth: number): number {
  const m = (a + b) / 2;
  if (depth === 0) return ((b - a) / 6) * (fn(a) + 4 * fn(m) + fn(b));
  return adaptive(fn, a, m, depth - 1) + adaptive(fn, m, b, depth - 1);
}
// @differentiate
export function f(k: number): number {
  return adaptive((t) => Math.sin(k * t), 0, 1, 4);
}
export const g = grad(f);
`,
  });
  expect(out.diagnostics).toEqual([
    "main.ts:10:10 - error TS990106: 'adaptive' is given a function ('(t) => Math.sin(k * t)') and calls itself, directly, through other functions or inside a function it is given. A helper given a function is inlined where it is called, with its parameter naming that function, so it cannot run inside itself: write the recursion as a loop, give the inner use a helper of its own (a double integral: a second integrator), or have 'adaptive' call the function by name instead of taking it as a parameter.",
  ]);
});

test("another name for a function: 'const act = softplus', 'const t = Math.tanh', a recursive one", () => {
  const source = `
function softplus(z: number): number {
  return Math.log1p(Math.exp(z));
}
function power(v: number, n: number): number {
  return n === 0 ? 1 : v * power(v, n - 1);
}
// @differentiate
export function f(x: number, y: number): number {
  const act = softplus;
  const t = Math.tanh;
  const p = power;
  let act2 = (v: number) => act(v) * v;
  return act(x * y) * t(y) + p(x, 3) + act2(y);
}`;
  const [{ gradient }] = checkDerivatives(source, "f", 2, [
    [0.4, 1.3],
    [-1.1, 0.6],
  ]);
  // ∂/∂x = y·σ(xy)·tanh(y) + 3x² with σ the logistic function, softplus' derivative.
  const [x, y] = [0.4, 1.3];
  const sigma = 1 / (1 + Math.exp(-x * y));
  expectClose(gradient[0], y * sigma * Math.tanh(y) + 3 * x * x, 1e-14, "∂/∂x");
});

test("one helper given one of Math's functions, then others: each call calls its own", () => {
  const source = `
function apply(fn: (v: number) => number, v: number): number {
  return fn(v);
}
function both(f: (v: number) => number, g: (v: number) => number, v: number): number {
  return f(v) * g(v);
}
function sq(v: number): number {
  return v * v;
}
// @differentiate
export function f(x: number, y: number): number {
  return apply(Math.tanh, y) + apply((v) => v * y, x) + apply(sq, x) + both(Math.sin, sq, y) + both(sq, Math.cos, x);
}`;
  const [{ value, gradient }] = checkDerivatives(source, "f", 2, [
    [0.7, 0.3],
    [-1.1, 1.4],
  ]);
  const [x, y] = [0.7, 0.3];
  expectClose(value, Math.tanh(y) + x * y + x * x + Math.sin(y) * y * y + x * x * Math.cos(x), 1e-15, "value");
  const dx = y + 2 * x + 2 * x * Math.cos(x) - x * x * Math.sin(x);
  expectClose(gradient[0], dx, 1e-14, "∂/∂x");
});

test("a helper given a function used again inside that function (a double integral by one integrator) is TS990106", () => {
  const out = compile({
    "main.ts": `
import { grad } from "cotangent";
function trapezoid(fn: (t: number) => number, a: number, b: number, n: number): number {
  const h = (b - a) / n;
  let s = 0.5 * (fn(a) + fn(b));
  for (let i = 1; i < n; i++) s += fn(a + i * h);
  return s * h;
}
// @differentiate
export function f(k: number): number {
  return trapezoid((s) => trapezoid((t) => Math.exp(-k * s * t), 0, 1, 5) * s, 0, 1, 4);
}
export const g = grad(f);
`,
  });
  expect(out.diagnostics).toEqual([
    expect.stringMatching(/^main\.ts:11:27 - error TS990106: 'trapezoid' is given a function/),
  ]);
});
