/**
 * 'reduce' without an initial value and 'reduceRight', with and without one: the accumulator starts at the first
 * element visited, the loop runs from the end down for reduceRight, and an empty array throws JavaScript's own
 * TypeError. Checked by finite differences and the dot-product test, against hand-derived gradients, and against the
 * primal run as plain JavaScript.
 */
import { compile } from "../helpers/compile";
import { relativeError } from "../helpers/check";
import { checkShaped } from "../helpers/shaped";

const expectNear = (actual: ArrayLike<number>, expected: readonly number[]) => {
  expect(actual).toHaveLength(expected.length);
  expected.forEach((e, i) => expect(relativeError(actual[i], e)).toBeLessThan(1e-12));
};

test("reduce without an initial value: a product starts at the first element", () => {
  const source = `
// @differentiate
export function product(x: number[]): number {
  return x.reduce((p, v) => p * v);
}`;
  const points = [[[1.5, -2, 0.5, 3]], [[0.7]]];
  const gradients = checkShaped(source, "product", "x: number[]", points);
  // ∂/∂xᵢ Πⱼ xⱼ = Πⱼ≠ᵢ xⱼ.
  expectNear(gradients[0][0] as number[], [-3, 2.25, -9, -1.5]);
  expectNear(gradients[1][0] as number[], [1]);
});

test("reduce without an initial value over a Float64Array, with the index and a max inside the callback", () => {
  const source = `
// @differentiate
export function softPeak(x: Float64Array, w: number): number {
  return x.reduce((best, v, i) => Math.max(best, w * v + 0.1 * i));
}`;
  const x = new Float64Array([0.3, 1.2, -0.4, 0.9]);
  const [[gx, gw]] = checkShaped(source, "softPeak", "x: Float64Array, w: number", [[x, 0.8]]);
  // The accumulator starts at x[0] (no weight); the largest of x0, w·x1 + 0.1, w·x2 + 0.2, w·x3 + 0.3 is w·x1 + 0.1.
  expect(gx).toBeInstanceOf(Float64Array);
  expectNear(gx as Float64Array, [0, 0.8, 0, 0]);
  expect(relativeError(gw as number, 1.2)).toBeLessThan(1e-12);
});

test("reduceRight evaluates a polynomial by Horner's rule, from the highest coefficient down", () => {
  const source = `
// @differentiate
export function horner(c: number[], t: number): number {
  return c.reduceRight((acc, ck) => acc * t + ck, 0);
}
// @differentiate
export function hornerFromLast(c: number[], t: number): number {
  return c.reduceRight((acc, ck) => acc * t + ck);
}`;
  const c = [0.5, -1, 2, 0.25];
  const t = 1.3;
  // p(t) = Σ cₖ tᵏ, so ∂p/∂cₖ = tᵏ and ∂p/∂t = Σ k cₖ tᵏ⁻¹; the accumulator that starts at the last element agrees.
  const powers = c.map((_, k) => t ** k);
  const slope = c.reduce((s, ck, k) => s + k * ck * t ** (k - 1), 0);
  for (const name of ["horner", "hornerFromLast"]) {
    const [[gc, gt]] = checkShaped(source, name, "c: number[], t: number", [[c, t]]);
    expectNear(gc as number[], powers);
    expect(relativeError(gt as number, slope)).toBeLessThan(1e-12);
  }
});

test("reduceRight reads elements from the end: a non-commutative fold matches JavaScript's value", () => {
  const source = `
import { valueAndGrad } from "cotangent";
// @differentiate
export function alternating(x: number[]): number {
  return x.reduceRight((acc, v, i) => v - acc * (i + 1));
}
export const alternatingWithGradient = valueAndGrad(alternating);
`;
  const out = compile({ "main.ts": source });
  expect(out.diagnostics).toEqual([]);
  const m = out.load("main.ts");
  const x = [0.4, -1.1, 2.3, 0.6];
  const expected = x.reduceRight((acc, v, i) => v - acc * (i + 1));
  const [value, gradient] = m.alternatingWithGradient(x);
  expect(value).toBe(expected);
  expect(value).toBe(m.alternating(x));
  // acc₃ = x₃; acc₂ = x₂ − 3x₃; acc₁ = x₁ − 2x₂ + 6x₃; acc₀ = x₀ − x₁ + 2x₂ − 6x₃.
  expectNear(gradient, [1, -1, 2, -6]);
  checkShaped(source, "alternating", "x: number[]", [[x], [[2.5]]]);
});

test("reduce and reduceRight of an empty array without an initial value throw JavaScript's TypeError", () => {
  const source = `
import { grad, jvp } from "cotangent";
// @differentiate
export function sum(x: number[]): number {
  return x.reduce((a, b) => a + b);
}
// @differentiate
export function sumRight(x: number[]): number {
  return x.reduceRight((a, b) => a + b);
}
export const sumGrad = grad(sum);
export const sumRightGrad = grad(sumRight);
export const sumTangent = (x: number[], dx: number[]) => jvp(sum, [x], [dx]);
`;
  const out = compile({ "main.ts": source });
  expect(out.diagnostics).toEqual([]);
  const m = out.load("main.ts");
  const message = /^Reduce of empty array with no initial value$/;
  expect(() => [].reduce((a: number, b: number) => a + b)).toThrow(message);
  for (const call of [() => m.sumGrad([]), () => m.sumRightGrad([]), () => m.sumTangent([], [])]) {
    expect(call).toThrow(TypeError);
    expect(call).toThrow(message);
  }
  expect(m.sumGrad([2, 3])).toEqual([1, 1]);
  expect(m.sumRightGrad([4])).toEqual([1]);
});
