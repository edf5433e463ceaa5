/**
 * Adjoint elements that make a round trip (packages/core/src/reverse/roundtrips.ts): the reverse of
 * `A[k] += e` no longer resets A_bar[k] and adds the same value back, and the reverse of an overwrite followed by an
 * increment of the same element assigns it. Checked against finite differences and by the dot-product test, directly
 * (whole vjp, where the rewrite applies) and through a caller (split sweeps), with near misses that must keep their
 * stores: another element of the same array written in between (it may be the same element).
 */
import { vjpOf } from "../helpers/compile";
import { checkBothWays } from "../helpers/shaped";

const x6 = new Float64Array([0.3, -1.2, 0.8, 1.5, -0.4, 0.9]);
const w18 = Float64Array.from({ length: 18 }, (_, k) => Math.cos(k * 1.3) * 0.7);

test("a layer's accumulation z[c] += w·h[j]: the adjoint of z[c] is read, never reset and added back", () => {
  const source = `
// @differentiate
export function layer(w: Float64Array, x: Float64Array): number {
  const m = 3;
  const n = x.length;
  const h = new Float64Array(n);
  for (let j = 0; j < n; j++) h[j] = Math.tanh(x[j]);
  const z = new Float64Array(m);
  for (let j = 0; j < n; j++) {
    for (let c = 0; c < m; c++) z[c] += w[j * m + c] * h[j];
  }
  let s = 0;
  for (let c = 0; c < m; c++) s += Math.sin(z[c]) * (c + 1);
  return s;
}`;
  checkBothWays(source, "layer", "w: Float64Array, x: Float64Array", [[w18, x6]]);
  const vjp = vjpOf(source, "layer", "[0, 1]");
  // The accumulation's loop counts with 'c' (the loop reading z afterwards with 'c_1').
  expect(vjp).toMatch(/ = z_bar\[c\];/);
  expect(vjp).not.toMatch(/z_bar\[c\] = 0;/);
  expect(vjp).not.toMatch(/z_bar\[c\] \+= /);
});

test("an overwrite followed by an increment of the same element: the element's adjoint is assigned once", () => {
  const source = `
// @differentiate
export function squash(x: Float64Array): number {
  const n = x.length;
  const t = new Float64Array(n);
  for (let i = 0; i < n; i++) t[i] = x[i] * x[i];
  let s = 0;
  for (let i = 0; i < n; i++) {
    t[i] = Math.sin(t[i]);
    s += t[i] * x[(i + 1) % n];
  }
  return s;
}`;
  checkBothWays(source, "squash", "x: Float64Array", [[x6]]);
  const vjp = vjpOf(source, "squash");
  // In the second loop (counter 'i_1'): read, then assigned, never reset.
  expect(vjp).not.toMatch(/t_bar\[i_1\] = 0;/);
  expect(vjp).toMatch(/t_bar\[i_1\] = t_i_1_bar;/);
});

test("constant indices: q[1] += a·b keeps q_bar[1] as it is", () => {
  const source = `
// @differentiate
export function pair(x: Float64Array): number {
  const q = new Float64Array(2);
  q[0] = Math.exp(x[0]);
  q[1] = x[1] * x[2];
  q[1] += q[0] * x[3];
  q[0] += q[1] * x[4];
  return q[0] * q[1] + Math.cos(q[1]);
}`;
  checkBothWays(source, "pair", "x: Float64Array", [[x6]]);
  const vjp = vjpOf(source, "pair");
  // One reset per element is left, from the overwrites; the increments' round trips are gone.
  const count = (pattern: RegExp) => vjp.match(pattern)?.length ?? 0;
  expect(count(/q_bar\[1\] = 0;/g)).toBe(1);
  expect(count(/q_bar\[0\] = 0;/g)).toBe(1);
  expect(vjp).toMatch(/q_i_new_bar = q_bar\[1\];/);
});

test("near misses keep their stores: another element of the same array written in between", () => {
  const shift = (name: string, offset: number) => `
// @differentiate
export function ${name}(x: Float64Array): number {
  const n = x.length;
  const t = new Float64Array(n);
  for (let i = 0; i < n; i++) t[i] = x[i];
  for (let i = 0; i < n; i++) {
    const a = t[i];
    const b = t[(i + ${offset}) % n];
    t[i] = a * b + x[i];
  }
  let s = 0;
  for (let i = 0; i < n; i++) s += t[i] * t[i];
  return s;
}`;
  // The adjoint of b adds into t_bar[(i + offset) % n] between the reset of t_bar[i] and the increment from a: the
  // same element when the offset is 0, another for 2, which the indices cannot tell apart.
  for (const [name, offset] of [
    ["same", 0],
    ["other", 2],
  ] as const) {
    const source = shift(name, offset);
    checkBothWays(source, name, "x: Float64Array", [[x6]]);
    expect(vjpOf(source, name)).toMatch(/t_bar\[i_1\] = 0;/);
  }
});
