/**
 * Parameters typed to admit several kinds of arrays: 'ArrayLike<number>', unions such as 'number[] | Float64Array',
 * and type parameters constrained to them ('T extends number[] | Float32Array'). A helper taking one serves callers
 * passing number[], Float64Array, Float32Array, matrix rows, views and local arrays alike; a marked function taking
 * one returns its gradient as a Float64Array. Checked against hand-derived gradients (an independent reference), finite
 * differences and the dot-product test, directly and through a caller.
 */
import { compile } from "../helpers/compile";
import { expectRelative } from "../helpers/check";
import { checkBothWays } from "../helpers/shaped";

const HELPERS = `
function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}
function norm(a: ArrayLike<number>): number {
  return Math.sqrt(dot(a, a));
}
function sumSin<T extends number[] | Float32Array | Float64Array>(a: T): number {
  let s = 0;
  for (const v of a) s += Math.sin(v);
  return s;
}
function scaleBy(a: number[] | Float64Array, k: number): void {
  for (let i = 0; i < a.length; i++) a[i] = a[i] * k + a[0];
}
function tail(a: ArrayLike<number>, i: number): number {
  return i >= a.length ? 0 : Math.sin(a[i]) + a[i] * tail(a, i + 1);
}`;

const sum = (xs: ArrayLike<number>) => Array.from(xs).reduce((s, t) => s + t, 0);

test("one helper over ArrayLike<number> serves a Float64Array, a number[], a view and a literal array", () => {
  const source = `${HELPERS}
// @differentiate
export function mixed(x: Float64Array, y: number[]): number {
  return dot(x, y) * norm(x) + dot(x.subarray(1), y.slice(0, 2)) + dot([x[0], y[2]], y) + norm(y);
}`;
  const x = new Float64Array([0.3, -1.2, 0.8]);
  const y = [1.1, 0.4, -0.6];
  const [[gx, gy]] = checkBothWays(source, "mixed", "x: Float64Array, y: number[]", [[x, y]]);
  const d = x[0] * y[0] + x[1] * y[1] + x[2] * y[2];
  const nx = Math.hypot(...x);
  const ny = Math.hypot(...y);
  // d·|x| + x[1:]·y[:2] + (x0, y2)·y + |y|, d = x·y: ∂/∂x = y|x| + d·x/|x| + (y0, y0, y1);
  // ∂/∂y = x|x| + (x1, x2, 0) + (x0, y2, y1) + y/|y|.
  const expectedX = [0, 1, 2].map((i) => y[i] * nx + (d * x[i]) / nx + (i > 0 ? y[i - 1] : 0) + (i === 0 ? y[0] : 0));
  const literal = [x[0], y[2]];
  const expectedY = [0, 1, 2].map(
    (i) => x[i] * nx + (i < 2 ? x[i + 1] : 0) + (i < 2 ? literal[i] : 0) + (i === 2 ? y[1] : 0) + y[i] / ny,
  );
  expectRelative(gx as Float64Array, expectedX, 1e-13);
  expectRelative(gy as number[], expectedY, 1e-13);
});

test("a generic helper and a union helper that writes its argument, over local arrays of each kind", () => {
  const source = `${HELPERS}
// @differentiate
export function locals(x: Float64Array, y: number[]): number {
  const u = x.slice();
  const v = y.slice();
  scaleBy(u, y[0]);
  scaleBy(v, x[1]);
  return u[0] * u[1] + v[0] * v[1] + sumSin(u) + sumSin(v) + tail(x, 0) * tail(y, 1);
}`;
  const x = new Float64Array([0.7, -0.4]);
  const y = [1.3, 0.2];
  const [[gx, gy]] = checkBothWays(source, "locals", "x: Float64Array, y: number[]", [[x, y]]);
  // scaleBy writes a[0] first, so a[1] adds the new a[0]: u = (x0(y0 + 1), x1·y0 + x0(y0 + 1)), likewise v from y and
  // x1; tail(x, 0) = sin x0 + x0·sin x1, tail(y, 1) = sin y1.
  const u = [x[0] * (y[0] + 1), x[1] * y[0] + x[0] * (y[0] + 1)];
  const v = [y[0] * (x[1] + 1), y[1] * x[1] + y[0] * (x[1] + 1)];
  const tx = Math.sin(x[0]) + x[0] * Math.sin(x[1]);
  const ty = Math.sin(y[1]);
  // Adjoints of u and v from u0·u1 + v0·v1 + Σ sin.
  const ub = [u[1] + Math.cos(u[0]), u[0] + Math.cos(u[1])];
  const vb = [v[1] + Math.cos(v[0]), v[0] + Math.cos(v[1])];
  const expectedX = [
    (ub[0] + ub[1]) * (y[0] + 1) + (Math.cos(x[0]) + Math.sin(x[1])) * ty,
    ub[1] * y[0] + vb[0] * y[0] + vb[1] * (y[1] + y[0]) + x[0] * Math.cos(x[1]) * ty,
  ];
  const expectedY = [
    ub[0] * x[0] + ub[1] * (x[1] + x[0]) + (vb[0] + vb[1]) * (x[1] + 1),
    vb[1] * x[1] + tx * Math.cos(y[1]),
  ];
  expectRelative(gx as Float64Array, expectedX, 1e-13);
  expectRelative(gy as number[], expectedY, 1e-13);
});

test("rows of number[][] and Float64Array[] matrices passed to ArrayLike helpers", () => {
  const source = `${HELPERS}
// @differentiate
export function rows(A: number[][], w: Float64Array[]): number {
  let s = 0;
  for (let i = 0; i < A.length; i++) s += dot(A[i], w[i]) * sumSin(A[i]);
  return s;
}
export const g = grad(rows, [0, 1]);`;
  const out = compile({ "main.ts": `import { grad } from "cotangent";\n${source}` });
  expect(out.diagnostics).toEqual([]);
  const A = [
    [0.5, -0.3],
    [1.2, 0.8],
  ];
  const w = [new Float64Array([0.9, 0.1]), new Float64Array([-0.4, 0.6])];
  const [gA, gw] = out.load("main.ts").g(A, w);
  A.forEach((row, i) => {
    const d = row[0] * w[i][0] + row[1] * w[i][1];
    const s = Math.sin(row[0]) + Math.sin(row[1]);
    expectRelative(
      gA[i],
      [0, 1].map((j) => w[i][j] * s + d * Math.cos(row[j])),
      1e-14,
    );
    expectRelative(
      gw[i],
      [0, 1].map((j) => row[j] * s),
      1e-14,
    );
  });
});

test("Float32Array arguments: the helper reads them as they are, and adds into their Float32Array adjoints", () => {
  const source = `${HELPERS}
// @differentiate
export function single(z: Float32Array, y: number[]): number {
  return dot(z, y) + sumSin(z) * norm(z);
}
export const g = grad(single, [0, 1]);`;
  const out = compile({ "main.ts": `import { grad } from "cotangent";\n${source}` });
  expect(out.diagnostics).toEqual([]);
  const z = new Float32Array([0.25, -1.5, 2]);
  const y = [0.5, 0.75, -1];
  const [gz, gy] = out.load("main.ts").g(z, y);
  expect(gz).toBeInstanceOf(Float32Array);
  const n = Math.hypot(...z);
  const s = sum(Array.from(z, Math.sin));
  // Float32Array adjoints hold float32 sums: agreement to float32 precision.
  expectRelative(
    gz,
    [0, 1, 2].map((i) => y[i] + Math.cos(z[i]) * n + (s * z[i]) / n),
    1e-6,
  );
  expect(gy).toEqual(Array.from(z));
});

const ENTRY = `
// @differentiate
export function cubic(x: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i] * x[i] * x[0];
  return s;
}`;

test("a marked function over ArrayLike<number>: gradient, Jacobian-vector product and Hessian, any kind of argument", () => {
  checkBothWays(ENTRY, "cubic", "x: ArrayLike<number>", [[new Float64Array([0.6, -1.1, 0.4])]]);
  const out = compile({
    "main.ts": `import { grad, jvp, vjp, hessian, hvp, jacfwd } from "cotangent";${ENTRY}
export const g = grad(cubic);
export const t = (x: ArrayLike<number>, u: ArrayLike<number>) => jvp(cubic, [x], [u]);
export const p = (x: ArrayLike<number>) => vjp(cubic, x);
export const h = hessian(cubic);
export const hv = hvp(cubic);
export const jf = jacfwd(cubic);`,
  });
  expect(out.diagnostics).toEqual([]);
  const m = out.load("main.ts");
  // s = x0³ + x0·Σ_{i>0} xi²: ∂0 = 3x0² + Σ_{i>0} xi², ∂i = 2·x0·xi.
  const x = [1, 2, 3];
  const expected = [3 + 4 + 9, 4, 6];
  for (const arg of [x, new Float64Array(x), new Float32Array(x), { length: 3, 0: 1, 1: 2, 2: 3 }]) {
    const gradient = m.g(arg);
    expect(gradient).toEqual(new Float64Array(expected));
  }
  expect(m.t(x, [1, 0, 1])).toEqual([14, 16 + 6]);
  // A plain array-like object: copied for the pullback, and unit tangents made as number[]s.
  const like = { length: 3, 0: 1, 1: 2, 2: 3 };
  const [value, pullback] = m.p(like);
  expect(value).toBe(14);
  expect(pullback(2)).toEqual([new Float64Array(expected.map((e) => 2 * e))]);
  expect(m.jf(like)).toEqual(expected);
  expect(m.h(like)).toEqual(m.h(x));
  expect(m.h(x)).toEqual([
    [6, 4, 6],
    [4, 2, 0],
    [6, 0, 2],
  ]);
  expect(m.hv(x, [0, 1, 0])).toEqual(new Float64Array([4, 2, 0]));
});

test("generic helpers: 'a: T' with 'T extends number[]' reads as a number[]; 'T extends ArrayLike<number>' returned as it is", () => {
  const source = `
function id<T extends ArrayLike<number>>(a: T): T {
  return a;
}
function scale<T extends number[]>(a: T, s: number): number[] {
  return a.map((v) => v * s);
}
function first<T extends Float64Array>(a: T): number {
  return a[0];
}
// @differentiate
export function f(x: Float64Array, c: number): number {
  const y = id(x);
  const z = id([x[1], c * x[0]]);
  const w = scale([y[0], z[1]], c);
  return y[0] * z[0] * z[1] + w[1] * first(x);
}
// @differentiate
export function marked<T extends number[]>(x: T): number {
  return x[0] * x[0] * x[1];
}
`;
  const out = compile({
    "main.ts": `import { grad } from "cotangent";${source}
export const g = grad(f, [0, 1]);
export const gm = grad(marked);`,
  });
  expect(out.diagnostics).toEqual([]);
  const m = out.load("main.ts");
  // f = c·x0²·x1 + c²·x0²: ∂x0 = 2c·x0·x1 + 2c²·x0, ∂x1 = c·x0², ∂c = x0²·x1 + 2c·x0².
  const [x0, x1, c] = [0.7, -1.3, 1.9];
  const [gx, gc] = m.g(new Float64Array([x0, x1]), c) as [Float64Array, number];
  expectRelative(gx, [2 * c * x0 * x1 + 2 * c * c * x0, c * x0 * x0], 1e-14);
  expectRelative([gc], [x0 * x0 * x1 + 2 * c * x0 * x0], 1e-14);
  expectRelative(m.gm([x0, x1]) as number[], [2 * x0 * x1, x0 * x0], 1e-15);
  checkBothWays(source, "f", "x: Float64Array, c: number", [[new Float64Array([x0, x1]), c]]);
  checkBothWays(source, "marked", "x: number[]", [[[x0, x1]]]);
});

test("a local of a union type is refused with advice (TS990092), not read as one kind", () => {
  const out = compile({
    "main.ts": `import { grad } from "cotangent";
function helper(a: number[] | Float32Array): number {
  const c = a.slice();
  return c[0] * c[1];
}
// @differentiate
export function f(x: number[]): number { return helper(x); }
export const g = grad(f);`,
  });
  expect(out.diagnostics[0]).toMatch(/^main\.ts:3:9 - error TS990092: 'c' has type 'number\[\] \| Float32Array/);
  expect(out.diagnostics[0]).toContain("Copy the parameter into one first ('Array.from(a)', 'new Float64Array(a)')");
});

test("a value made from such a parameter and used in place is TS990092 too, at the value, once", () => {
  const uses = [
    "return a.map((t) => t * t)[1];",
    "return first(a.slice(1));",
    "return a.filter((t) => t > 0).length * a[0];",
    "return Array.from(a.map((t) => t * 2))[0];",
    "let r = 0;\n  for (const v of a.map((t) => t * 2)) r += v;\n  return r;",
    "return Math.max(...a.map((t) => t * 2));",
  ];
  const files = Object.fromEntries(
    uses.map((body, k) => [
      `use${k}/main.ts`,
      `import { grad } from "cotangent";
function first(b: ArrayLike<number>): number {
  return b[0];
}
function helper(a: number[] | Float64Array): number {
  ${body}
}
// @differentiate
export function f(x: Float64Array): number {
  return helper(x);
}
export const g = grad(f);`,
    ]),
  );
  const out = compile(files);
  uses.forEach((_, k) => {
    const mine = out.diagnostics.filter((d) => d.startsWith(`use${k}/`));
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatch(/ - error TS990092: 'a\.(map|slice|filter)\(.*' has type 'number\[\] \| Float64Array/);
  });
});

test("object fields typed 'ArrayLike<number>': flattened as such a parameter is, in a helper and a marked function", () => {
  const source = `
interface Layer {
  w: ArrayLike<number>;
  b: number;
}
function apply(l: Layer, x: ArrayLike<number>): number {
  let s = l.b;
  for (let i = 0; i < x.length; i++) s += l.w[i] * x[i];
  return s * s;
}
// @differentiate
export function f(x: number[], w: Float64Array): number {
  const l = { w, b: 0.1 };
  return apply(l, x) + apply({ w: x, b: w[0] }, w);
}
// @differentiate
export function scaled(l: Layer, x: number[]): number {
  let s = l.b;
  for (let i = 0; i < x.length; i++) s += l.w[i] * x[i] * l.w[0];
  return s;
}`;
  const x = [0.3, -0.8];
  const w = new Float64Array([1.1, 0.4]);
  const [[gx, gw]] = checkBothWays(source, "f", "x: number[], w: Float64Array", [[x, w]]);
  // s1 = 0.1 + w·x, s2 = w0 + x·w; f = s1² + s2².
  const d = x[0] * w[0] + x[1] * w[1];
  const [s1, s2] = [0.1 + d, w[0] + d];
  expectRelative(
    gx as number[],
    [0, 1].map((i) => 2 * (s1 + s2) * w[i]),
    1e-14,
  );
  expectRelative(
    gw as Float64Array,
    [0, 1].map((i) => 2 * (s1 + s2) * x[i] + (i === 0 ? 2 * s2 : 0)),
    1e-14,
  );
  const out = compile({
    "main.ts": `import { grad } from "cotangent";${source}\nexport const gs = grad(scaled, [0, 1]);`,
  });
  expect(out.diagnostics).toEqual([]);
  // scaled = b + w0·(w·x): ∂w0 = w·x + w0·x0, ∂w1 = w0·x1, ∂b = 1, ∂x = w0·w; the array field's gradient a Float64Array.
  const [gl, gxs] = out.load("main.ts").gs({ w: [1, 2], b: 0.5 }, [3, 4]);
  expect(gl).toEqual({ w: new Float64Array([11 + 3, 4]), b: 1 });
  expect(gxs).toEqual([1, 2]);
});

test("an object built for a call around an array of several kinds ('rec({ w: x, b: k }, 2)', '{ w: l.w }')", () => {
  const source = `
interface Layer {
  w: ArrayLike<number>;
  b: number;
}
function rec(l: Layer, n: number): number {
  if (n === 0) return l.b;
  return l.w[n - 1] * l.w[n - 1] * l.b + rec(l, n - 1);
}
function apply(l: Layer, v: ArrayLike<number>): number {
  let s = l.b;
  for (let i = 0; i < v.length; i++) s += l.w[i] * v[i];
  return s;
}
// @differentiate
export function f(x: ArrayLike<number>, k: number): number {
  return rec({ w: x, b: k }, 2);
}
// @differentiate
export function fl(l: Layer, k: number): number {
  return rec({ w: l.w, b: k }, 2) + apply({ w: l.w, b: l.b }, l.w);
}
`;
  const out = compile({
    "main.ts": `import { grad } from "cotangent";${source}
export const g = grad(f, [0, 1]);
export const gl = grad(fl, [0, 1]);`,
  });
  expect(out.diagnostics).toEqual([]);
  const m = out.load("main.ts");
  const [x0, x1, k, b] = [0.7, -1.2, 1.6, 0.3];
  // f = k·(x0² + x1²) + k: ∂x = 2k·x, ∂k = x0² + x1² + 1.
  for (const x of [[x0, x1], new Float64Array([x0, x1])]) {
    const [gx, gk] = m.g(x, k) as [Float64Array, number];
    expectRelative(gx, [2 * k * x0, 2 * k * x1], 1e-15);
    expectRelative([gk], [x0 * x0 + x1 * x1 + 1], 1e-15);
  }
  // fl = k·(w0² + w1²) + k + b + w0² + w1²: ∂w = 2(k + 1)·w, ∂b = 1, ∂k = w0² + w1² + 1.
  const [gLayer, gk] = m.gl({ w: [x0, x1], b }, k) as [{ w: ArrayLike<number>; b: number }, number];
  expectRelative(gLayer.w, [2 * (k + 1) * x0, 2 * (k + 1) * x1], 1e-15);
  expectRelative([gLayer.b, gk], [1, x0 * x0 + x1 * x1 + 1], 1e-15);
  checkBothWays(source, "f", "x: ArrayLike<number>, k: number", [[new Float64Array([x0, x1]), k]]);
});
