/**
 * Scaled squares (packages/core/src/analysis/squares.ts): 't = c * a; y = t * a' is differentiated as c·a², whose
 * partial in `a` is 2·t, in both modes, with no derivative for `t`. Checked against derivatives derived by hand, by
 * the dot-product test and central differences (directly and through a caller), and to second order.
 */
import { compile, vjpOf } from "../helpers/compile";
import { checkBothWays } from "../helpers/shaped";
import { expectRelative, relativeError } from "../helpers/check";

const x5 = [0.3, -1.2, 0.8, 1.5, -0.4];

test("a constant times a square: one product per partial, no adjoint or tangent for the temporary", () => {
  const source = `
// @differentiate
export function energy(x: Float64Array): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += 100 * x[i] * x[i];
  return s;
}`;
  const [[g]] = checkBothWays(source, "energy", "x: Float64Array", [[Float64Array.from(x5)]]);
  expectRelative(
    g as Float64Array,
    x5.map((x) => 200 * x),
  );
  const vjp = vjpOf(source, "energy");
  // A literal scale is doubled at compile time: (2c)·a rounds as 2·fl(c·a) and does not wait for c·a.
  expect(vjp).toMatch(/x_i_bar = 200 \* x_i \* \w+;/);
  expect(vjp).not.toMatch(/_100_times_x_i_bar/);
});

test("the scaled operand on either side, and an inactive scale: 0.5 * k * r * r and r * (3 * r)", () => {
  const source = `
// @differentiate
export function spring(r: number, k: number): number {
  return 0.5 * k * r * r + r * (3 * r);
}`;
  // Both parameters differentiated: k's scale is active, so 0.5 * k * r * r keeps the product rule.
  const [[dr, dk]] = checkBothWays(source, "spring", "r: number, k: number", [[1.7, 2.5]]);
  expect(relativeError(dr as number, 2.5 * 1.7 + 6 * 1.7)).toBeLessThan(1e-15);
  expect(relativeError(dk as number, 0.5 * 1.7 * 1.7)).toBeLessThan(1e-15);
  // In r alone, 0.5 * k is a constant: both terms are scaled squares, one by a variable, one by a literal.
  const vjp = vjpOf(source, "spring", "[0]");
  expect(vjp).toMatch(/r_bar \+?= 2 \* result_1 \* \w+;/);
  expect(vjp).toMatch(/r_bar \+?= 6 \* r \* \w+;/);
  expect(vjp).not.toMatch(/result_1_bar|_3_times_r_bar/);
  const out = compile({
    "main.ts": `${source}\nimport { grad, jvp } from "cotangent";
export const g = grad(spring, 0);
export const t = (r: number, k: number, dr: number) => jvp(spring, [r, k], [dr, 0]);`,
  });
  expect(out.diagnostics).toEqual([]);
  const m = out.load("main.ts");
  for (const [r, k] of [
    [1.7, 2.5],
    [-0.3, 4],
    [0, 1],
  ]) {
    const expected = k * r + 6 * r;
    expect(Math.abs(m.g(r, k) - expected)).toBeLessThanOrEqual(1e-15 * Math.max(1, Math.abs(expected)));
    const [value, dot] = m.t(r, k, 0.25);
    expect(value).toBe(0.5 * k * r * r + r * (3 * r));
    expect(Math.abs(dot - 0.25 * expected)).toBeLessThanOrEqual(1e-15 * Math.max(1, Math.abs(expected)));
  }
});

test("a square that updates its own operand in a loop: a = 0.5 * a * a", () => {
  const source = `
// @differentiate
export function iterate(x: number, n: number): number {
  let a = x;
  for (let i = 0; i < n; i++) a = 0.5 * a * a;
  return a;
}`;
  const [[dx]] = checkBothWays(source, "iterate", "x: number, n: number", [[1.3, 3]], { fixed: [1] });
  // a_{k+1} = a_k² / 2, so da_{k+1}/da_k = a_k.
  let a = 1.3;
  let derivative = 1;
  for (let i = 0; i < 3; i++) {
    derivative *= a;
    a = 0.5 * a * a;
  }
  expect(relativeError(dx as number, derivative)).toBeLessThan(1e-14);
});

test("a temporary read again elsewhere keeps the product rule", () => {
  const source = `
// @differentiate
export function reused(x: number): number {
  const t = 3 * x;
  return t * x + Math.sin(t);
}`;
  const [[dx]] = checkBothWays(source, "reused", "x: number", [[0.7], [-2]]);
  expect(relativeError(dx as number, 6 * 0.7 + 3 * Math.cos(2.1))).toBeLessThan(1e-14);
  expect(vjpOf(source, "reused")).toMatch(/t_bar/);
});

test("second derivatives through a scaled square: the Hessian of Σ 3·xᵢ³ is diag(18·xᵢ)", () => {
  const source = `
// @differentiate
export function cubes(x: Float64Array): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += 3 * x[i] * x[i] * x[i];
  return s;
}`;
  const out = compile({
    "main.ts": `${source}\nimport { grad, hessian } from "cotangent";
export const g = grad(cubes);
export const h = hessian(cubes);`,
  });
  expect(out.diagnostics).toEqual([]);
  const m = out.load("main.ts");
  const x = Float64Array.from(x5);
  expectRelative(
    m.g(x) as Float64Array,
    x5.map((xi) => 9 * xi * xi),
  );
  const h = m.h(x) as number[][];
  h.forEach((row, i) =>
    expectRelative(
      row,
      x5.map((xi, j) => (i === j ? 18 * xi : 0)),
    ),
  );
});

test("a scale whose double overflows keeps 2·t: 1e308 * a * a at a = 0.5 has the derivative 1e308", () => {
  const source = `
// @differentiate
export function huge(a: number): number {
  return 1e308 * a * a;
}`;
  const out = compile({
    "main.ts": `${source}\nimport { grad, jvp } from "cotangent";
export const g = grad(huge);
export const t = (a: number) => jvp(huge, [a], [1]);`,
  });
  expect(out.diagnostics).toEqual([]);
  const m = out.load("main.ts");
  expect(m.g(0.5)).toBe(1e308);
  expect(m.t(0.25)[1]).toBe(5e307);
});
