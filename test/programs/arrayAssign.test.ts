/**
 * A local array variable given another array ('y = y.map(f)', 'const next = …; y = next', 'y = [...y, v]'), as
 * explicit Euler steps and fixed-point iterations write it. The generated code copies the new array into the local's
 * own; checked against hand-derived gradients, JavaScript's values, finite differences and the dot-product test, also
 * as a callee of a differentiated caller (split sweeps). Two such locals may trade places (double buffers): the
 * generated code permutes the names, and their adjoints' (checked against the same step written in place). Assignments
 * that would leave two names for one array are TS990075.
 */
import { compile } from "../helpers/compile";
import { expectRelative, relativeError } from "../helpers/check";
import { checkBothWays, checkShaped } from "../helpers/shaped";

test("'y = y.map(f)' in a loop: three affine steps, against the closed form", () => {
  const source = `
// @differentiate
export function steps(x: number[], a: number): number {
  let y = x.slice();
  for (let k = 0; k < 3; k++) {
    y = y.map((v) => a * v + 1);
  }
  let s = 0;
  for (const v of y) s += v;
  return s;
}`;
  const x = [0.5, -1.5, 2];
  const a = 0.8;
  const [[gx, ga]] = checkShaped(source, "steps", "x: number[], a: number", [[x, a]]);
  // y₃ = a³x + a² + a + 1 elementwise, so ∂/∂xᵢ = a³ and ∂/∂a = 3a²Σx + n(2a + 1).
  expectRelative(gx as number[], [a ** 3, a ** 3, a ** 3], 1e-12);
  expect(relativeError(ga as number, 3 * a * a * (0.5 - 1.5 + 2) + 3 * (2 * a + 1))).toBeLessThan(1e-12);
});

test("a double buffer 'const next = …; y = next' over a Float64Array, in a callee of a differentiated caller", () => {
  const source = `
// @differentiate
export function relax(x: Float64Array, w: number): number {
  let y = Float64Array.from(x);
  for (let k = 0; k < 4; k++) {
    const next = new Float64Array(y.length);
    for (let i = 0; i < y.length; i++) next[i] = Math.sin(y[i]) + w * y[(i + 1) % y.length];
    y = next;
  }
  return y[0] + 2 * y[y.length - 1];
}
// @differentiate
export function caller(x: Float64Array, w: number): number {
  const r = relax(x, w);
  return r * r + relax(x, 2 * w);
}`;
  const points = [[new Float64Array([0.5, -0.3, 0.9]), 0.4]];
  checkShaped(source, "relax", "x: Float64Array, w: number", points);
  checkShaped(source, "caller", "x: Float64Array, w: number", points);
  // The value the derivative code computes is the primal's, bit for bit.
  const out = compile({
    "main.ts": `${source}\nimport { valueAndGrad } from "cotangent";\nexport const relaxWithGradient = valueAndGrad(relax);`,
  });
  const m = out.load("main.ts");
  const [x, w] = points[0] as [Float64Array, number];
  expect(m.relaxWithGradient(x, w)[0]).toBe(m.relax(x, w));
});

test("a local function or a callee given the array: 'step()' reassigning it, 'y = id(y)', a loop over a copy", () => {
  const source = `
// @differentiate
export function id(z: number[]): number[] {
  return z;
}
// @differentiate
export function stepped(x: number[], c: number): number {
  let y = x.slice();
  const step = () => {
    y = y.map((v) => v * c);
  };
  step();
  step();
  y = id(y);
  let t = 0;
  for (const v of y.slice()) {
    y = y.map((u) => u + v);
    t += y[0];
  }
  return t * c;
}`;
  const [[gx, gc]] = checkShaped(source, "stepped", "x: number[], c: number", [[[0.5, -1.5], 0.7]]);
  // y = c²x; then y0 grows by each element of the copy: t = (c²x0 + c²x0) + (2c²x0 + c²x1) = c²(4x0 + x1).
  const [x0, x1, c] = [0.5, -1.5, 0.7];
  expectRelative(gx as number[], [4 * c ** 3, c ** 3], 1e-12);
  expect(relativeError(gc as number, 3 * c * c * (4 * x0 + x1))).toBeLessThan(1e-12);
});

test("a conditional choosing between new arrays, and '[]' filled again by push", () => {
  const source = `
// @differentiate
export function chosen(x: number[]): number {
  let y = x.slice();
  for (let k = 0; k < 3; k++) y = y[0] > 0.3 ? y.map((v) => v * v) : y.slice(1).concat([y[0] + 1]);
  return y[0] + 2 * y[1];
}
// @differentiate
export function refilled(x: number[]): number {
  let y = x.slice();
  let s = 0;
  for (let k = 0; k < 2; k++) {
    s += y[0] * y[y.length - 1];
    y = [];
    for (const v of x) y.push(v * (k + 2));
  }
  return s + y[1];
}`;
  // chosen: square, shift (0.25 ≤ 0.3), square: y = [x1⁴, x2⁴, (x0² + 1)²], so the result's gradient is 4x1³, 8x2³.
  const [[gChosen]] = checkShaped(source, "chosen", "x: number[]", [[[0.5, 0.7, 1.1]]]);
  expectRelative(gChosen as number[], [0, 4 * 0.7 ** 3, 8 * 1.1 ** 3], 1e-12);
  // refilled: s = x0·x2 + (2x0)(2x2), then y[1] = 3x1.
  const [[gRefilled]] = checkShaped(source, "refilled", "x: number[]", [[[0.5, 0.7, 1.1]]]);
  expectRelative(gRefilled as number[], [5 * 1.1, 3, 5 * 0.5], 1e-12);
});

test("reassignments that change the length: an array that grows each step, one that loses its head", () => {
  const source = `
// @differentiate
export function powers(x: number, r: number): number {
  let y: number[] = [x];
  for (let k = 0; k < 3; k++) y = [...y, y[y.length - 1] * r];
  let s = 0;
  for (const v of y) s += v * v;
  return s;
}
// @differentiate
export function tail(x: number[]): number {
  let y = x.map((v) => v * v);
  const head = y[0];
  y = y.slice(1);
  return head * y[0] + y.length;
}`;
  const [[gx, gr]] = checkShaped(source, "powers", "x: number, r: number", [[0.5, 0.7]]);
  // s = x² Σₖ r²ᵏ (k = 0…3): ∂/∂x = 2x Σ r²ᵏ, ∂/∂r = x² Σ 2k r²ᵏ⁻¹.
  const [x, r] = [0.5, 0.7];
  expect(relativeError(gx as number, 2 * x * [0, 1, 2, 3].reduce((s, k) => s + r ** (2 * k), 0))).toBeLessThan(1e-12);
  expect(relativeError(gr as number, x * x * [1, 2, 3].reduce((s, k) => s + 2 * k * r ** (2 * k - 1), 0))).toBeLessThan(
    1e-12,
  );
  const [[gTail]] = checkShaped(source, "tail", "x: number[]", [[[0.5, 0.7, 0.9]]]);
  // head·y[0] = x₀²x₁²: the third element only sets the length.
  expectRelative(gTail as number[], [2 * 0.5 * 0.49, 2 * 0.7 * 0.25, 0], 1e-12);
});

test("assignments that would leave two names for one array are TS990075; 'y = y' changes nothing", () => {
  const out = compile({
    "main.ts": `
// @differentiate
export function alias(x: number[]): number { let y = x; y = y.map((v) => v * v); x[0] = 1; return y[0]; }
// @differentiate
export function outer(x: number[]): number {
  let y = x.slice();
  const next = [0, 0];
  for (let k = 0; k < 2; k++) { next[0] = y[1]; next[1] = y[0] * y[1]; y = next; }
  return y[0];
}
// @differentiate
export function readAfter(x: number[]): number { let y = x.slice(); const z = x.map((v) => 2 * v); y = z; z[0] = 5; return y[0]; }
// @differentiate
export function param(x: number[]): number { x[0] = 1; x = x.map((v) => v * v); return x[0]; }
// @differentiate
export function same(x: number[]): number { let y = x.slice(); y = y; return y[0] * y[1]; }
// @differentiate
export function walked(x: number[], c: number): number {
  let y = x.slice();
  let t = 0;
  for (const v of y) { y = y.map((u) => u * c); t += v; }
  y.forEach((v) => { y = y.map((u) => u * c); t += v; });
  return t;
}
// @differentiate
export function walkedByCaller(x: number[], c: number): number {
  let y = x.slice();
  const step = () => {
    y = y.map((u) => u * c);
  };
  let t = 0;
  for (const v of y) {
    step();
    t += v;
  }
  return t;
}
// @differentiate
export function captured(x: number[], c: number): number {
  let y = x.slice();
  const next = x.map((v) => v * c);
  const g = () => next[0];
  y = next;
  y[0] = 9 * y[0];
  return y[0] + g();
}
`,
  });
  const codes = out.diagnostics.map((d) => d.replace(/ - error TS(\d+).*/, " $1"));
  // JavaScript's loop and forEach go on over the old array, and the closure reads the array y now names too. A
  // parameter written through before it is rebound ('param') would show the write to the caller.
  expect(codes).toEqual([
    "main.ts:3:57 990075",
    "main.ts:8:72 990075",
    "main.ts:12:100 990075",
    "main.ts:14:56 990075",
    "main.ts:21:24 990075",
    "main.ts:22:22 990075",
    "main.ts:29:5 990075",
    "main.ts:43:3 990075",
  ]);
  expect(out.diagnostics[0]).toContain("'y = y.map((v) => v * v)' would leave two names for one array");
});

test("a parameter given another array ('x = x.map(f)', 'x = x.slice(1)') works on its own copy; the caller's is left alone", () => {
  const source = `
// @differentiate
export function iterate(x: Float64Array): number {
  for (let k = 0; k < 3; k++) x = x.map((v) => 1.1 * Math.sin(v));
  return x.reduce((s, v) => s + v * v, 0);
}
// @differentiate
export function pairs(x: number[]): number {
  let s = 0;
  while (x.length > 1) {
    s += x[0] * x[1];
    x = x.slice(1);
  }
  return s;
}
function tripled(a: Float64Array): number {
  a = a.map((v) => 3 * v);
  return a[0] * a[1];
}
// @differentiate
export function twice(x: Float64Array): number {
  return tripled(x) + tripled(x) * x[0];
}`;
  checkShaped(source, "iterate", "x: Float64Array", [[Float64Array.from([0.3, -1.2, 0.8])]]);
  checkShaped(source, "pairs", "x: number[]", [[[0.3, -1.2, 0.8, 0.5]]]);
  const out = compile({
    "main.ts": `${source}\nimport { grad } from "cotangent";
export const gIterate = grad(iterate);
export const gPairs = grad(pairs);
export const gTwice = grad(twice);`,
  });
  expect(out.diagnostics).toEqual([]);
  const m = out.load("main.ts");
  // iterate: y = g∘g∘g(x), g(v) = 1.1 sin v, so ∂/∂xᵢ Σ y² = 2 yᵢ Π 1.1 cos(vₖ) along xᵢ's own chain.
  const x = Float64Array.from([0.3, -1.2, 0.8]);
  const expected = Array.from(x, (v) => {
    let slope = 1;
    for (let k = 0; k < 3; k++) {
      slope *= 1.1 * Math.cos(v);
      v = 1.1 * Math.sin(v);
    }
    return 2 * v * slope;
  });
  expectRelative(m.gIterate(x), expected, 1e-12);
  expect(Array.from(x)).toEqual([0.3, -1.2, 0.8]);
  // pairs: Σ xₖ xₖ₊₁, so ∂/∂xᵢ = xᵢ₋₁ + xᵢ₊₁.
  const p = [0.3, -1.2, 0.8, 0.5];
  expectRelative(m.gPairs(p), [-1.2, 0.3 + 0.8, -1.2 + 0.5, 0.8], 1e-12);
  expect(p).toEqual([0.3, -1.2, 0.8, 0.5]);
  // twice = 9 x₀x₁ (1 + x₀).
  const [x0, x1] = [0.3, -1.2];
  expectRelative(m.gTwice(Float64Array.from([x0, x1])), [9 * x1 * (1 + 2 * x0), 9 * x0 * (1 + x0)], 1e-12);
  // Written through before it is rebound, the caller's array would see the write: still refused.
  const written = compile({
    "main.ts": `import { grad } from "cotangent";
// @differentiate
export function f(x: Float64Array): number {
  x[0] = 2;
  x = x.map((v) => v * v);
  return x[0] + x[1];
}
export const g = grad(f);`,
  });
  expect(written.diagnostics.join("\n")).toMatch(/TS990075: 'x = x\.map/);
});

const doubleBuffered = `
// @differentiate
export function heat(u0: Float64Array, alpha: number): number {
  const n = u0.length;
  let cur = Float64Array.from(u0);
  let next = new Float64Array(n);
  for (let s = 0; s < 5; s++) {
    for (let i = 1; i < n - 1; i++) next[i] = cur[i] + alpha * (cur[i - 1] - 2 * cur[i] + cur[i + 1]) * cur[i];
    next[0] = cur[0];
    next[n - 1] = cur[n - 1];
    const tmp = cur;
    cur = next;
    next = tmp;
  }
  let e = 0;
  for (let i = 0; i < n; i++) e += cur[i] * cur[i] + 0.1 * next[i];
  return e;
}
// @differentiate
export function rotate(u0: number[], alpha: number): number {
  let cur = u0.slice();
  let next = u0.map(() => 0);
  for (let s = 0; s < 4; s++) {
    for (let i = 0; i < cur.length; i++) next[i] = Math.sin(cur[i]) * alpha + cur[(i + 1) % cur.length];
    [cur, next] = [next, cur];
  }
  return cur.reduce((a, b) => a + b * b, 0) + next[0];
}
// @differentiate
export function rotate3(u0: Float64Array, alpha: number): number {
  let p = Float64Array.from(u0);
  let q = p.map((v) => v * alpha);
  let r = q.map((v) => Math.cos(v));
  for (let s = 0; s < 3; s++) {
    for (let i = 0; i < p.length; i++) r[i] = p[i] * q[i] + alpha * r[i];
    [p, q, r] = [q, r, p];
  }
  return p[0] + 2 * q[1] + 3 * r[2];
}
// @differentiate
export function rotate3Temp(u0: Float64Array, alpha: number): number {
  let p = Float64Array.from(u0);
  let q = p.map((v) => v * alpha);
  let r = q.map((v) => Math.cos(v));
  for (let s = 0; s < 3; s++) {
    for (let i = 0; i < p.length; i++) r[i] = p[i] * q[i] + alpha * r[i];
    const t = p;
    p = q;
    q = r;
    r = t;
  }
  return p[0] + 2 * q[1] + 3 * r[2];
}`;

test("local arrays trading places each step ('const t = cur; cur = next; next = t', '[cur, next] = [next, cur]', three)", () => {
  const u = new Float64Array([0.5, 1.2, -0.3, 0.8, 0.1]);
  checkShaped(doubleBuffered, "heat", "u0: Float64Array, alpha: number", [[u, 0.2]]);
  checkShaped(doubleBuffered, "rotate", "u0: number[], alpha: number", [[[0.5, 1.2, -0.3, 0.8], 0.7]]);
  checkShaped(doubleBuffered, "rotate3", "u0: Float64Array, alpha: number", [
    [new Float64Array([0.4, -0.9, 1.1]), 0.6],
  ]);
  checkShaped(doubleBuffered, "rotate3Temp", "u0: Float64Array, alpha: number", [
    [new Float64Array([0.4, -0.9, 1.1]), 0.6],
  ]);
  // rotate's first step by hand: the swap leaves next holding the old cur, read by the result.
  const m = compile({
    "main.ts": `${doubleBuffered}\nimport { valueAndGrad } from "cotangent";\nexport const vg = valueAndGrad(rotate, [0, 1]);`,
  }).load("main.ts");
  const [value] = m.vg([0.5, 1.2, -0.3, 0.8], 0.7);
  expect(value).toBe(m.rotate([0.5, 1.2, -0.3, 0.8], 0.7));
  // The rotation through a temporary is the destructuring one, to the last bit.
  const both = compile({
    "main.ts": `${doubleBuffered}\nimport { grad } from "cotangent";\nexport const g = grad(rotate3, [0, 1]);\nexport const gt = grad(rotate3Temp, [0, 1]);`,
  });
  expect(both.diagnostics).toEqual([]);
  const mb = both.load("main.ts");
  const u3 = new Float64Array([0.4, -0.9, 1.1]);
  expect(mb.rotate3Temp(u3, 0.6)).toBe(mb.rotate3(u3, 0.6));
  expect(mb.gt(u3, 0.6)).toEqual(mb.g(u3, 0.6));
  expect(both.js["main.ts"]).toMatch(/\[p, q, r\] = \[q, r, p\];[^]*\[p, q, r\] = \[q, r, p\];/);
});

test("a swap permutes the names and their adjoints, forward and back; gradient, jvp and Hessian as in place", () => {
  const inPlace = `
// @differentiate
export function heatInPlace(u0: Float64Array, alpha: number): number {
  const n = u0.length;
  const cur = Float64Array.from(u0);
  const next = new Float64Array(n);
  for (let s = 0; s < 5; s++) {
    for (let i = 1; i < n - 1; i++) next[i] = cur[i] + alpha * (cur[i - 1] - 2 * cur[i] + cur[i + 1]) * cur[i];
    next[0] = cur[0];
    next[n - 1] = cur[n - 1];
    for (let i = 0; i < n; i++) {
      const t = cur[i];
      cur[i] = next[i];
      next[i] = t;
    }
  }
  let e = 0;
  for (let i = 0; i < n; i++) e += cur[i] * cur[i] + 0.1 * next[i];
  return e;
}`;
  const out = compile({
    "main.ts": `${doubleBuffered}\n${inPlace}
import { grad, jvp, hessian } from "cotangent";
import { tapeBytes } from "cotangent/runtime";
export { tapeBytes };
export const g = grad(heat, [0, 1]);
export const gi = grad(heatInPlace, [0, 1]);
export const t = (u: Float64Array, a: number, du: Float64Array, da: number) => jvp(heat, [u, a], [du, da]);
export const ti = (u: Float64Array, a: number, du: Float64Array, da: number) => jvp(heatInPlace, [u, a], [du, da]);
export const h = hessian(heat);
export const hi = hessian(heatInPlace);`,
  });
  expect(out.diagnostics).toEqual([]);
  const js = out.js["main.ts"];
  expect(js).toMatch(/\[cur, next\] = \[next, cur\];\n\s*\[cur_bar, next_bar\] = \[next_bar, cur_bar\];/);
  expect(js).toMatch(/\[next_bar, cur_bar\] = \[cur_bar, next_bar\];/);
  expect(js).toMatch(/\[cur_dot, next_dot\] = \[next_dot, cur_dot\];/);
  expect(js).not.toMatch(/_swapped/);
  const m = out.load("main.ts");
  const u = new Float64Array([0.5, 1.2, -0.3, 0.8, 0.1, 0.65]);
  const [gu, ga] = m.g(u, 0.2) as [Float64Array, number];
  const [iu, ia] = m.gi(u, 0.2) as [Float64Array, number];
  expect(m.tapeBytes()).toBe(0);
  expectRelative([...gu, ga], [...iu, ia], 1e-13);
  const du = u.map((v, k) => Math.cos(k) * 0.3);
  const [value, tangent] = m.t(u, 0.2, du, 0.4) as [number, number];
  expect(value).toBe(m.heat(u, 0.2));
  const [, inPlaceTangent] = m.ti(u, 0.2, du, 0.4) as [number, number];
  expectRelative([tangent], [inPlaceTangent], 1e-13);
  const hess = m.h(u, 0.2) as Float64Array[];
  const hessInPlace = m.hi(u, 0.2) as Float64Array[];
  hess.forEach((row, r) => expectRelative(row, Array.from(hessInPlace[r]), 1e-12));
  // Through a caller: the split sweeps permute the adjoints the same way.
  checkBothWays(doubleBuffered, "rotate3", "u0: Float64Array, alpha: number", [
    [new Float64Array([0.4, -0.9, 1.1]), 0.6],
  ]);
});

test("arrays of different lengths trade places: the lengths go with the arrays", () => {
  const source = `
// @differentiate
export function uneven(x: number[], w: number): number {
  let a = x.slice();
  let b = x.slice(1).map((v) => v * w);
  let s = 0;
  for (let step = 0; step < 3; step++) {
    for (let i = 0; i < a.length; i++) s += Math.sin(a[i]) * (i + 1) + b[i % b.length] * a[i];
    [a, b] = [b, a];
    b[0] = b[0] * w;
  }
  return s + a.length * a[0] + b.length * b[b.length - 1];
}`;
  checkBothWays(source, "uneven", "x: number[], w: number", [[[0.3, -0.7, 1.2, 0.4], 0.8]]);
  // A caller running uneven's split sweeps (replay: false), whose reverse sweep permutes adjoints of its own.
  const caller = `${source}
// @differentiate
export function twice(x: number[], w: number): number {
  const y = uneven(x, w);
  return y * uneven(x, 0.5 * w);
}
import { grad } from "cotangent";
export const g = grad(twice, [0, 1]);`;
  const replayed = compile({ "main.ts": caller }).load("main.ts");
  const split = compile({ "main.ts": caller }, {}, { plugin: { replay: false } });
  expect(split.diagnostics).toEqual([]);
  expect(split.js["main.ts"]).toMatch(/function uneven_vjp_bwd[^]*\[\w+_bar, \w+_bar\] = \[\w+_bar, \w+_bar\];/);
  const x = [0.3, -0.7, 1.2, 0.4];
  const [gx, gw] = split.load("main.ts").g(x, 0.8) as [number[], number];
  const [rx, rw] = replayed.g(x, 0.8) as [number[], number];
  expectRelative([...gx, gw], [...rx, rw], 1e-13);
});

test("an element read before a swap is read again after it; a swap as a braceless body", () => {
  const source = `
// @differentiate
export function reread(x: number[]): number {
  let a = x.slice();
  let b = x.map((v) => v * 2);
  let s = b[0] * 3;
  [a, b] = [b, a];
  s += b[0];
  return s;
}
// @differentiate
export function steps(x: number[], n: number): number {
  let cur = x.slice();
  let nxt = x.map(() => 0);
  let e = 0;
  for (let k = 0; k < n; k++) {
    for (let i = 0; i < cur.length; i++) nxt[i] = Math.sin(cur[i]) + 0.5 * cur[(i + 1) % cur.length];
    e += cur[0] * cur[0];
    if (k % 2 === 0) [cur, nxt] = [nxt, cur];
    else for (let r = 0; r < 1; r++) [cur, nxt] = [nxt, cur];
    e += cur[0];
  }
  return e;
}
import { valueAndGrad } from "cotangent";
export const vg = valueAndGrad(reread);
`;
  const x = [0.3, -0.7, 0.9, 0.4];
  const m = compile({ "main.ts": source }).load("main.ts");
  // reread(x) = 3·2x0 + x0 = 7·x0.
  const [value, gradient] = m.vg(x) as [number, number[]];
  expect(value).toBe(m.reread(x));
  expectRelative(gradient, [7, 0, 0, 0], 1e-15);
  checkBothWays(source, "steps", "x: number[], n: number", [[x, 3]], { fixed: [1] });
});

test("a swap whose temporary is read again, of a parameter or a walked array, a chain that is no rotation or a destructuring that is no permutation, is TS990075", () => {
  const out = compile({
    "main.ts": `
// @differentiate
export function readAgain(x: number[]): number {
  let a = x.slice();
  let b = x.map((v) => v * v);
  const t = a;
  a = b;
  b = t;
  return a[0] + t[1];
}
// @differentiate
export function parameter(x: number[]): number {
  let b = x.map((v) => v * v);
  [x, b] = [b, x];
  return x[0] + b[1];
}
// @differentiate
export function walked(x: number[]): number {
  let a = x.slice();
  let b = x.map((v) => v * v);
  let s = 0;
  for (const v of a) {
    s += v;
    [a, b] = [b, a];
  }
  return s + a[0];
}
// @differentiate
export function notRotated(x: number[]): number {
  let p = x.slice();
  let q = x.map((v) => v * v);
  let r = x.map((v) => v + 1);
  const t = p;
  p = q;
  r = t;
  return p[0] + q[1] + r[2];
}
// @differentiate
export function notPermuted(x: number[]): number {
  let a = x.slice();
  let b = x.map((v) => v * v);
  let s = 0;
  [a, b] = [b, b];
  [a, s] = [b, 1];
  return a[0] + b[1] + s;
}
import { grad } from "cotangent";
export const g1 = grad(readAgain);
export const g2 = grad(parameter);
export const g3 = grad(walked);
export const g4 = grad(notRotated);
export const g5 = grad(notPermuted);`,
  });
  const codes = out.diagnostics.map((d) => /^main\.ts:(\d+):\d+ - error (TS\d+)/.exec(d)?.slice(1).join(" "));
  expect(codes).toEqual([
    ...["7 TS990075", "8 TS990075", "14 TS990075", "24 TS990075", "34 TS990075", "35 TS990075"],
    ...["43 TS990075", "44 TS990075"],
  ]);
  // Not a permutation: said as one array given two names, with the swap that would do.
  expect(out.diagnostics[6]).toContain("'[a, b] = [b, b]' would leave two names for one array");
  expect(out.diagnostics[7]).toContain("local arrays may trade places ('[a, b] = [b, a]')");
});

test("a 'const' destructured from a helper's tuple of new arrays ('const [p, v] = step(pos, vel, k); pos = p;')", () => {
  const stepped = (name: string, body: string) => `
// @differentiate
export function ${name}(x0: number[], k: number): number {
  let pos = x0.slice();
  let vel = x0.map(() => 0);
  for (let n = 0; n < 3; n++) {
    ${body}
    pos = p;
    vel = v;
  }
  return pos.reduce((a, b) => a + b * b, 0) + vel[0];
}`;
  const source = `
import { grad } from "cotangent";
function step(pos: number[], vel: number[], k: number): [number[], number[]] {
  const p = pos.map((x, i) => x + 0.1 * vel[i]);
  const v = vel.map((u, i) => u - 0.1 * k * pos[i]);
  return [p, v];
}
${stepped("destructured", "const [p, v] = step(pos, vel, k);")}
${stepped("inline", "const p = pos.map((x, i) => x + 0.1 * vel[i]);\n    const v = vel.map((u, i) => u - 0.1 * k * pos[i]);")}
export const g = grad(destructured, [0, 1]);
export const gi = grad(inline, [0, 1]);
`;
  const out = compile({ "main.ts": source });
  expect(out.diagnostics).toEqual([]);
  const m = out.load("main.ts");
  // The same leapfrog-like steps written inline: the same values, and gradients to the last bits.
  expect(m.destructured([0.3, -0.5], 2)).toBe(m.inline([0.3, -0.5], 2));
  const [gx, gk] = m.g([0.3, -0.5], 2) as [number[], number];
  const [ix, ik] = m.gi([0.3, -0.5], 2) as [number[], number];
  expectRelative(gx, ix, 1e-15);
  expect(relativeError(gk, ik)).toBeLessThan(1e-14);
  checkBothWays(source, "destructured", "x0: number[], k: number", [[[0.3, -0.5], 2]]);
});

test("local arrays assigned a helper's tuple of new arrays ('[pos, vel] = step(pos, vel, k)'), numbers among them", () => {
  const source = `
import { grad } from "cotangent";
function step(pos: number[], vel: number[], k: number, t: number): [number[], number[], number] {
  const v = vel.map((u, i) => u - 0.1 * k * Math.sin(pos[i]));
  const p = pos.map((x, i) => x + 0.1 * v[i]);
  return [p, v, t + 0.1 * p[0]];
}
// @differentiate
export function assigned(x0: number[], k: number): number {
  let pos = x0.slice();
  let vel = x0.map(() => 0);
  let t = 0;
  for (let n = 0; n < 4; n++) {
    [pos, vel, t] = step(pos, vel, k, t);
  }
  return pos.reduce((a, b) => a + b * b, 0) + vel[0] * t;
}
// @differentiate
export function inline(x0: number[], k: number): number {
  let pos = x0.slice();
  let vel = x0.map(() => 0);
  let t = 0;
  for (let n = 0; n < 4; n++) {
    const v = vel.map((u, i) => u - 0.1 * k * Math.sin(pos[i]));
    const p = pos.map((x, i) => x + 0.1 * v[i]);
    t = t + 0.1 * p[0];
    pos = p;
    vel = v;
  }
  return pos.reduce((a, b) => a + b * b, 0) + vel[0] * t;
}
export const g = grad(assigned, [0, 1]);
export const gi = grad(inline, [0, 1]);
`;
  const out = compile({ "main.ts": source });
  expect(out.diagnostics).toEqual([]);
  const m = out.load("main.ts");
  // The same semi-implicit Euler steps written inline: the same values, and the same gradients to the last bits.
  expect(m.assigned([0.3, -0.5, 1.2], 2)).toBe(m.inline([0.3, -0.5, 1.2], 2));
  const [gx, gk] = m.g([0.3, -0.5, 1.2], 2) as [number[], number];
  const [ix, ik] = m.gi([0.3, -0.5, 1.2], 2) as [number[], number];
  expectRelative(gx, ix, 1e-15);
  expect(relativeError(gk, ik)).toBeLessThan(1e-14);
  checkBothWays(source, "assigned", "x0: number[], k: number", [[[0.3, -0.5, 1.2], 2]]);
});

test("a helper's tuple assigned to a local array and to numbers held in an element and a field ('[pos, vel[1], s.t] = …')", () => {
  const source = `
import { grad } from "cotangent";
function step(pos: number[], vel: number[], t: number): [number[], number, number] {
  const p = pos.map((x, i) => x + 0.5 * vel[i] * x);
  return [p, vel[1] - 0.25 * p[0] * p[1], t + p[1]];
}
// @differentiate
export function assigned(x: number[]): number {
  let pos = x.slice();
  const vel = [x[1], x[0] * x[0]];
  const s = { t: 0 };
  for (let n = 0; n < 3; n++) {
    [pos, vel[1], s.t] = step(pos, vel, s.t);
  }
  return pos[0] * vel[1] + pos[1] * s.t;
}
// @differentiate
export function inline(x: number[]): number {
  let pos = x.slice();
  const vel = [x[1], x[0] * x[0]];
  let t = 0;
  for (let n = 0; n < 3; n++) {
    const p = pos.map((u, i) => u + 0.5 * vel[i] * u);
    vel[1] = vel[1] - 0.25 * p[0] * p[1];
    t = t + p[1];
    pos = p;
  }
  return pos[0] * vel[1] + pos[1] * t;
}
function numberFirst(pos: number[], vel: number[], t: number): [number, number[]] {
  const [p, , u] = step(pos, vel, t);
  return [u * p[0], p];
}
// @differentiate
export function inOrder(x: number[]): number {
  let pos = x.slice();
  const vel = [x[1], x[0]];
  [pos, pos[0]] = step(pos, vel, x[0]);
  const before = pos[0] * pos[1];
  [pos[1], pos] = numberFirst(pos, vel, x[1]);
  return before + pos[0] * pos[1];
}
export const g = grad(assigned);
export const gi = grad(inline);
`;
  const out = compile({ "main.ts": source });
  expect(out.diagnostics).toEqual([]);
  const m = out.load("main.ts");
  // The same steps written inline: the same value, and the same gradient to the last bits.
  expect(m.assigned([0.3, -0.5])).toBe(m.inline([0.3, -0.5]));
  expectRelative(m.g([0.3, -0.5]) as number[], m.gi([0.3, -0.5]) as number[], 1e-15);
  checkBothWays(source, "assigned", "x: number[]", [[[0.3, -0.5]], [[-0.7, 0.2]]]);
  // '[pos, pos[0]] = …' writes into the new array, '[pos[1], pos] = …' into the old one, which is then let go.
  checkBothWays(source, "inOrder", "x: number[]", [[[0.3, -0.5]], [[-0.7, 0.2]]]);
});

test("a tuple from a helper that cannot be inlined gets the helper's own reason alone (TS990063, no TS990075)", () => {
  const out = compile({
    "main.ts": `
function step(p: number[], k: number): [number[], number] {
  if (k === 0) return [p.map((v) => v * 2), 1];
  return [p.slice(), k];
}
// @differentiate
export function f(x: number[]): number {
  let pos = x.slice();
  let t = 0;
  for (let n = 0; n < 2; n++) [pos, t] = step(pos, n);
  return pos[0] * t;
}`,
  });
  const codes = out.diagnostics.map((d) => /^main\.ts:(\d+):\d+ - error (TS\d+)/.exec(d)?.slice(1).join(" "));
  expect(codes).toEqual(["10 TS990063"]);
});

test("a tuple assignment that would give one array two names is TS990075", () => {
  const out = compile({
    "main.ts": `import { grad } from "cotangent";
function swap(p: number[], v: number[]): [number[], number[]] { return [v, p]; }
function twice(p: number[]): [number[], number[]] { const q = p.map((t) => 2 * t); return [q, q]; }
export const C = [1, 2];
function constant(p: number[]): [number[], number[]] { return [p.map((t) => 2 * t), C]; }
// @differentiate
export function f(x: number[]): number {
  let pos = x.slice();
  let vel = x.map((t) => t * t);
  [pos, vel] = swap(pos, vel);
  [pos, vel] = twice(pos);
  for (const t of pos) [pos, vel] = twice(vel);
  [pos, vel] = constant(pos);
  return pos[0] * vel[1];
}
export const g = grad(f);`,
  });
  // The caller's own arrays handed back, one new array under two names, 'pos' walked by 'for … of', and a module's
  // constant, which JavaScript's 'vel' would then name (a write to vel would change it).
  const codes = out.diagnostics.map((d) => /^main\.ts:(\d+):\d+ - error (TS\d+)/.exec(d)?.slice(1).join(" "));
  expect(codes).toEqual(["10 TS990075", "11 TS990075", "12 TS990075", "13 TS990075"]);
});
