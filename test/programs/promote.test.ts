/**
 * Scalar promotion of adjoint accumulations (packages/core/src/reverse/promote.ts): an innermost loop whose only use
 * of an adjoint array is increments of one element at an index it does not change accumulates in a local instead.
 * Checked against finite differences and by the dot-product test, directly (whole vjp, where the promotion applies)
 * and through a caller (split sweeps, whose adjoint arrays come from the caller and are never promoted), with inner
 * loops that run zero times, and with near misses that must stay as they are.
 */
import { vjpOf } from "../helpers/compile";
import { checkBothWays } from "../helpers/shaped";

const x6 = new Float64Array([0.3, -1.2, 0.8, 1.5, -0.4, 0.9]);
const a36 = Float64Array.from({ length: 36 }, (_, k) => Math.sin(k * 1.7) * 0.8);

test("a triangular product: the column's adjoint accumulates in a local, inner loops that run zero times included", () => {
  const source = `
// @differentiate
export function triangular(a: Float64Array, x: Float64Array): number {
  const n = x.length;
  const y = new Float64Array(n);
  for (let col = 0; col < n; col++) {
    for (let row = col + 1; row < n; row++) y[row] += a[col * n + row] * Math.sin(x[col]);
  }
  let s = 0;
  for (let k = 0; k < n; k++) s += y[k] * y[k];
  return s;
}`;
  checkBothWays(source, "triangular", "a: Float64Array, x: Float64Array", [[a36, x6]]);
  const vjp = vjpOf(source, "triangular", "[0, 1]");
  expect(vjp).toMatch(/\w+_acc \+= /);
  expect(vjp).toMatch(/\w+_acc = \w+_bar\[col\];/);
  expect(vjp).toMatch(/\w+_bar\[col\] = \w+_acc;/);
});

test("a parameter's adjoint promoted in the whole vjp; two indices into one array are not (they may be equal)", () => {
  const source = `
// @differentiate
export function rows(a: Float64Array, x: Float64Array, w: Float64Array): number {
  const n = x.length;
  let s = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) s += a[i * n + j] * x[i] * w[j];
  }
  return s;
}
// @differentiate
export function pairs(a: Float64Array, x: Float64Array): number {
  const n = x.length;
  let s = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) s += a[i * n + j] * x[i] * x[j];
  }
  return s;
}`;
  const w6 = new Float64Array([0.7, 0.1, -0.6, 1.1, 0.4, -0.2]);
  checkBothWays(source, "rows", "a: Float64Array, x: Float64Array, w: Float64Array", [[a36, x6, w6]]);
  checkBothWays(source, "pairs", "a: Float64Array, x: Float64Array", [[a36, x6]]);
  expect(vjpOf(source, "rows", "[0, 1]")).toMatch(/x_bar\[i\] = x_bar_i_acc;/);
  // x_bar[i] and x_bar[j] are the same element when i = j: neither is promoted.
  const pairsVjp = vjpOf(source, "pairs", "[0, 1]");
  expect(pairsVjp).not.toMatch(/_acc\b/);
  expect(pairsVjp).toMatch(/x_bar\[i\] \+= /);
});

test("near misses keep their increments: the element is also read, or the array is not a Float64Array", () => {
  const source = `
// @differentiate
export function reads(x: Float64Array): number {
  const n = x.length;
  const t = new Float64Array(n);
  let s = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      t[i] += x[j] * x[i];
      s += t[i] * x[j];
    }
  }
  return s;
}
// @differentiate
export function plain(x: number[]): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) {
    for (let j = 0; j < x.length; j++) s += Math.cos(x[i] - x[j]);
  }
  return s;
}`;
  checkBothWays(source, "reads", "x: Float64Array", [[x6]]);
  checkBothWays(source, "plain", "x: number[]", [[[0.3, -1.2, 0.8, 1.5]]]);
  expect(vjpOf(source, "reads")).not.toMatch(/t_bar_i_acc/);
  expect(vjpOf(source, "plain")).not.toMatch(/_acc\b/);
});
