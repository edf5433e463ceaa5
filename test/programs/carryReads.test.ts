/**
 * Stencil reads handed on between iterations (packages/core/src/optimize/carryReads.ts): a loop counting up that
 * reads x[i + 1] and then, one iteration later, x[i] loads the element once. Checked against derivatives written by
 * hand, finite differences and the dot-product test, at sizes where the loop runs zero, one and many times, and with
 * near misses that must keep their loads.
 */
import { compile, printTransformed } from "../helpers/compile";
import { checkBothWays } from "../helpers/shaped";
import { expectClose } from "../helpers/check";

const source = `
// @differentiate
export function laplacian(x: Float64Array, w: Float64Array): number {
  let s = 0;
  for (let i = 1; i < x.length - 1; i++) {
    const a = x[i - 1] - 2 * x[i] + x[i + 1];
    s += w[i] * a * a;
  }
  return s;
}`;

/** ∂/∂x of Σᵢ wᵢ·(xᵢ₋₁ − 2xᵢ + xᵢ₊₁)², and the directional derivative along v, by hand. */
function laplacianByHand(x: Float64Array, w: Float64Array, v: Float64Array): { gradient: number[]; tangent: number } {
  const gradient = new Array<number>(x.length).fill(0);
  let tangent = 0;
  for (let i = 1; i < x.length - 1; i++) {
    const a = x[i - 1] - 2 * x[i] + x[i + 1];
    const da = v[i - 1] - 2 * v[i] + v[i + 1];
    gradient[i - 1] += 2 * w[i] * a;
    gradient[i] -= 4 * w[i] * a;
    gradient[i + 1] += 2 * w[i] * a;
    tangent += 2 * w[i] * a * da;
  }
  return { gradient, tangent };
}

function generated(name: string): string {
  const text = printTransformed({
    "main.ts": `${source}\nimport { grad, jvp } from "cotangent";
export const g = grad(${name});
export const t = (x: Float64Array, w: Float64Array, v: Float64Array) => jvp(${name}, [x, w], [v, new Float64Array(w.length)]);`,
  }).text["main.ts"];
  return text;
}

test("a three-point stencil loads each element of x once, in the gradient and in the tangent", () => {
  const text = generated("laplacian");
  const withoutComments = (body: string) =>
    body
      .split("\n")
      .filter((line) => !line.trim().startsWith("//"))
      .join("\n");
  const grad = withoutComments(text.split("function laplacian_grad")[1].split("\n}\n")[0]);
  const jvp = withoutComments(text.split("function laplacian_jvp")[1].split("\n}\n")[0]);
  for (const body of [grad, jvp]) {
    // x[i - 1] takes x[i]'s value, and x[i] takes x[i + 1]'s: two carried locals, set before the loop under its test.
    expect(body).toMatch(/if \(i < x_length_minus_1\) \{\n\s*\w+_carried = x\[i - 1\];\n/);
    expect(body).toMatch(/\n\s*x_i_carried = x\[i\];\n/);
    expect(body.match(/= x\[/g)).toHaveLength(3);
  }
  expect(jvp.match(/= x_dot\[/g)).toHaveLength(3);
  // In the tangent, i - 1 served only the carried reads; the gradient still adds into x_bar[i_minus_1].
  expect(jvp).not.toMatch(/\bi_minus_1 =/);
  expect(grad).toMatch(/x_bar\[i_minus_1\] \+= /);

  const out = compile({
    "main.ts": `${source}\nimport { grad, jvp } from "cotangent";
export const g = grad(laplacian);
export const t = (x: Float64Array, w: Float64Array, v: Float64Array) => jvp(laplacian, [x, w], [v, new Float64Array(w.length)]);`,
  });
  expect(out.diagnostics).toEqual([]);
  const m = out.load("main.ts");
  for (const n of [0, 1, 2, 3, 4, 17]) {
    const x = Float64Array.from({ length: n }, (_, k) => Math.cos(1.3 * k) * 1.1);
    const w = Float64Array.from({ length: n }, (_, k) => 0.5 + 0.1 * k);
    const v = Float64Array.from({ length: n }, (_, k) => Math.sin(0.7 * k + 0.2));
    const expected = laplacianByHand(x, w, v);
    const gradient = m.g(x, w) as Float64Array;
    expect(gradient).toHaveLength(n);
    gradient.forEach((g, k) => expectClose(g, expected.gradient[k], 1e-13, `x_bar[${k}] at n = ${n}`));
    const [, tangent] = m.t(x, w, v) as [number, number];
    expectClose(tangent, expected.tangent, 1e-13, `tangent at n = ${n}`);
  }
  checkBothWays(source, "laplacian", "x: Float64Array, w: Float64Array", [
    [Float64Array.from([0.3, -1.2, 0.8, 1.5, -0.4, 0.9]), Float64Array.from([1, 2, 0.5, 0.25, 3, 1])],
  ]);
});

test("near misses keep their loads: the array written in the loop, a step of two, a read under a branch", () => {
  const misses = `
// @differentiate
export function smoothed(x: number[]): number {
  const y = x.slice();
  let s = 0;
  for (let i = 0; i < y.length - 1; i++) {
    y[i + 1] = 0.5 * (y[i] + y[i + 1]);
    s += y[i] * y[i + 1];
  }
  return s;
}
// @differentiate
export function strided(x: Float64Array): number {
  let s = 0;
  for (let i = 0; i < x.length - 1; i += 2) s += x[i + 1] * Math.sin(x[i]);
  return s;
}
// @differentiate
export function branchy(x: Float64Array): number {
  let s = 0;
  for (let i = 0; i < x.length - 1; i++) {
    const b = x[i + 1];
    if (b > 0) s += b * x[i];
  }
  return s;
}`;
  const text = printTransformed({
    "main.ts": `${misses}\nimport { grad } from "cotangent";
export const g1 = grad(smoothed);
export const g2 = grad(strided);
export const g3 = grad(branchy);`,
  }).text["main.ts"];
  expect(text).not.toMatch(/_carried/);
  const x = [0.3, -1.2, 0.8, 1.5, -0.4, 0.9, 0.05];
  checkBothWays(misses, "smoothed", "x: number[]", [[x]]);
  checkBothWays(misses, "strided", "x: Float64Array", [[Float64Array.from(x)]]);
  checkBothWays(misses, "branchy", "x: Float64Array", [[Float64Array.from(x)]]);
});
