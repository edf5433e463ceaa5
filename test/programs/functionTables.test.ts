/**
 * Tables of functions in a constant object literal ('const act = { relu, tanh: Math.tanh, softplus: (x) => … }'),
 * called through a field ('act.tanh(x)', 'act["relu"](x)') or given to a helper ('apply(act.softplus, y)'):
 * derivatives against derivatives derived by hand, central differences and jvp against vjp.
 */
import { compile } from "../helpers/compile";
import { centralDifference, expectClose } from "../helpers/check";

const source = `
import { grad, jvp, vjp } from "cotangent";

function relu(x: number): number {
  return x > 0 ? x : 0.01 * x;
}

const softplus = (x: number) => Math.log1p(Math.exp(x));

/** Activations by name, each written one way: a function of the program, Math's, an arrow, a const arrow. */
export const act = {
  relu,
  tanh: Math.tanh,
  swish: (x: number) => x / (1 + Math.exp(-x)),
  softplus,
};

function apply(f: (v: number) => number, v: number, w: number): number {
  return f(w * v) + v;
}

/** A two-unit layer through the table, called and passed on. */
// @differentiate
export function layer(x: number, w: number): number {
  const h = act.tanh(w * x) + act["relu"](x - w) + act.swish(x * x);
  return h * act.softplus(w) + apply(act.swish, x, w) + apply(act.relu, w, x);
}

export const g = grad(layer, [0, 1]);
export const t = (x: number, w: number, u: number, v: number) => jvp(layer, [x, w], [u, v]);
export const p = (x: number, w: number) => vjp(layer, x, w);
`;

const swish = (x: number) => x / (1 + Math.exp(-x));
const dswish = (x: number) => {
  const s = 1 / (1 + Math.exp(-x));
  return s + x * s * (1 - s);
};
const drelu = (x: number) => (x > 0 ? 1 : 0.01);
const softplus = (x: number) => Math.log1p(Math.exp(x));
const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

test("calls through a table of functions: gradients by hand, differences, jvp against vjp", () => {
  const m = compile({ "main.ts": source });
  expect(m.diagnostics).toEqual([]);
  const f = m.load("main.ts");
  for (const [x, w] of [
    [0.3, 0.7],
    [-0.8, 1.1],
    [1.4, -0.5],
  ]) {
    const h = Math.tanh(w * x) + (x - w > 0 ? x - w : 0.01 * (x - w)) + swish(x * x);
    const dhx = (1 - Math.tanh(w * x) ** 2) * w + drelu(x - w) + dswish(x * x) * 2 * x;
    const dhw = (1 - Math.tanh(w * x) ** 2) * x - drelu(x - w);
    // apply(swish, x, w) = swish(w·x) + x; apply(relu, w, x) = relu(x·w) + w.
    const dx = dhx * softplus(w) + dswish(w * x) * w + 1 + drelu(x * w) * w;
    const dw = dhw * softplus(w) + h * sigmoid(w) + dswish(w * x) * x + drelu(x * w) * x + 1;
    const [gx, gw] = f.g(x, w);
    expectClose(gx, dx, 1e-14, `d/dx at ${x}, ${w}`);
    expectClose(gw, dw, 1e-14, `d/dw at ${x}, ${w}`);
    expectClose(gx, centralDifference(f.layer, [x, w], [1, 0]), 1e-8, "d/dx by differences");
    const [value, tangent] = f.t(x, w, 0.6, -0.3);
    expectClose(value, f.layer(x, w), 1e-15, "jvp's value");
    const [, pullback] = f.p(x, w);
    const [bx, bw] = pullback(1.7);
    expectClose(tangent * 1.7, 0.6 * bx - 0.3 * bw, 1e-13, "<J·u, w> against <u, Jᵀ·w>");
  }
});

test("a table the program may change is not called as the function the literal gives (TS990044)", () => {
  for (const change of [
    "act.f = (x: number) => 3 * x;",
    "(act as any).f = (x: number) => 3 * x;",
    "[act.f] = [(x: number) => 3 * x];",
    "({ g: act.f } = { g: (x: number) => 3 * x });",
    "Object.assign(act, { f: (x: number) => 3 * x });",
    "const list = [act]; list[0].f = (x: number) => 3 * x;",
  ]) {
    const m = compile({
      "main.ts": `
export const act = { f: (x: number) => x * x };
export function swap() { ${change} }
// @differentiate
export function g(x: number): number {
  return act.f(x);
}`,
    });
    expect(m.diagnostics).toEqual([
      expect.stringMatching(/^main\.ts:6:16 - error TS990044: 'x' is passed to 'act\.f'/),
    ]);
  }
  // A method that writes the table through 'this', and Math.random held in one (drawn from the function the table
  // got, which a derivative's replayed draws cannot reach).
  const refused = compile({
    "main.ts": `
export const act = { f: (x: number) => x * x, swap() { this.f = (x: number) => 3 * x; } };
const rnd = { draw: Math.random };
// @differentiate
export function g(x: number): number {
  return act.f(x) + x * rnd.draw();
}`,
  });
  expect(refused.diagnostics).toEqual([
    expect.stringMatching(/^main\.ts:6:16 - error TS990044: 'x' is passed to 'act\.f'/),
    expect.stringMatching(/^main\.ts:6:25 - error TS990003: Cannot differentiate through 'rnd\.draw'/),
  ]);
});

test("a table's function given to an array method, and a table imported from another module", () => {
  const m = compile({
    "lib.ts": `export const ops = { cube: (v: number) => v * v * v, half: (v: number) => v / 2 };`,
    "main.ts": `
import { grad } from "cotangent";
import { ops } from "./lib";
// @differentiate
export function f(x: number[]): number {
  return x.map(ops.cube).reduce((s, v) => s + ops.half(v), 0);
}
export const g = grad(f);`,
  });
  expect(m.diagnostics).toEqual([]);
  // f = Σ x³/2: d/dx = 1.5x².
  expect(Array.from(m.load("main.ts").g([1, -2, 0.5]))).toEqual([1.5, 6, 0.375]);
});
