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

test("an increment read straight back and reset adds as it reads, with the same bits as over number[]", () => {
  // The reverse of 'qx[j] = q[j] * c[j]' adds into c_bar[j]; the reverse of 'c[j] = x[j] - m[…]' then reads c_bar[j]
  // and resets it.
  const program = (name: string, type: string, product: string) => `
// @differentiate
export function ${name}(x: ${type}, m: ${type}, q: ${type}): number {
  const n = x.length;
  const c = new Float64Array(n);
  const qx = new Float64Array(n);
  let s = 0;
  for (let k = 0; k < 3; k++) {
    for (let j = 0; j < n; j++) {
      c[j] = x[j] - m[k * n + j];
      qx[j] = ${product};
    }
    for (let j = 0; j < n; j++) s += qx[j] * Math.sin(qx[j]);
  }
  return s;
}`;
  const folded = program("folded", "Float64Array", "q[j] * c[j]");
  checkBothWays(folded, "folded", "x: Float64Array, m: Float64Array, q: Float64Array", [
    [x6, w18, x6.map((v) => v * 0.5)],
  ]);
  const vjp = vjpOf(folded, "folded", "[0, 1, 2]");
  expect(vjp).toMatch(/ = c_bar\[j\] \+ \w+;\n\s*c_bar\[j\] = 0;/);
  expect(vjp).not.toMatch(/c_bar\[j\] \+= /);
  // Near miss: an increment of another element in between (at j + 1 modulo n, which may be j): no fold.
  const other = program("other", "Float64Array", "c[(j + 1) % n] + q[j] * c[j]");
  // With one element, the other element is the same one.
  const one = (v: number) => new Float64Array([v]);
  checkBothWays(other, "other", "x: Float64Array, m: Float64Array, q: Float64Array", [
    [x6, w18, x6],
    [one(0.4), new Float64Array([0.2, -0.3, 0.5]), one(0.9)],
  ]);
  expect(vjpOf(other, "other", "[0, 1, 2]")).toMatch(/c_bar\[j\] \+= /);
  // Bit for bit the gradient of the same program over number[] arrays.
  const plain = program("plain", "number[]", "q[j] * c[j]");
  const [a] = checkBothWays(folded, "folded", "x: Float64Array, m: Float64Array, q: Float64Array", [[x6, w18, x6]]);
  const [b] = checkBothWays(plain, "plain", "x: number[], m: number[], q: number[]", [
    [Array.from(x6), Array.from(w18), Array.from(x6)],
  ]);
  expect(a.map((g) => Array.from(g as Float64Array))).toEqual(b);
});
