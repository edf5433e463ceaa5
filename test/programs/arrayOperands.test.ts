/**
 * Array expressions where an array operand is expected, each built into a fresh local array as a `const` naming it
 * would (`arrayOperand`, packages/core/src/lower/arrayMethods.ts): an argument (`norm(x.map(f))`), the receiver of a
 * chain (`x.map(f).filter(p).reduce(g, 0)`), the array of a `for … of`, and `.length` of a filtered array; and a
 * typed array's `filter`, built as a `number[]` and copied; top-level functions passed to array methods by name
 * (`x.map(softplus)`, `x.reduce(add, 0)`), called in the loop; `Math.max` and `Math.min` over spread arrays,
 * `Number` constants; and copies of array expressions (`Array.from(x.slice(0, 2))`). References: the gradient derived by hand, central
 * differences and the dot-product test (directly and through a caller's split sweeps).
 */
import { compile } from "../helpers/compile";
import { expectRelative, relativeError } from "../helpers/check";
import { checkBothWays } from "../helpers/shaped";

const source = `
import { grad } from "cotangent";

function norm(v: Float64Array): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i] * v[i];
  return Math.sqrt(s);
}

// @differentiate
export function f(x: Float64Array): number {
  const sq = (t: number) => t * t;
  let s = norm(x.map((t) => 2 * t)) + x.map(sq).filter((t) => t > 0.2).reduce((a, t) => a + t, 0);
  for (const v of x.slice(1)) s += Math.sin(v);
  const positive: Float64Array = x.filter((t) => t > 0);
  return s * positive.length + norm(x.filter((t) => t < 0));
}

export const g = grad(f);

function softplus(t: number): number {
  return Math.log1p(Math.exp(t));
}
function weighted(acc: number, t: number, i: number): number {
  return acc + (i + 1) * t * t;
}

// @differentiate
export function byName(x: Float64Array): number {
  const soft = x.map(softplus);
  const exps = x.map(Math.exp);
  return soft.reduce(weighted, 0) + exps[1] * x.map(Math.exp).length;
}

export const gByName = grad(byName);
`;

const x = Float64Array.from([0.5, -0.3, 0.8, -0.6]);

test("the gradient derived by hand", () => {
  const out = compile({ "main.ts": source });
  expect(out.diagnostics).toEqual([]);
  const gradient = out.load("main.ts").g(x) as Float64Array;
  const length = Math.hypot(...x);
  const negatives = Math.hypot(...x.filter((t) => t < 0));
  const count = x.filter((t) => t > 0).length;
  const expected = Array.from(x, (t, i) => {
    const inner = (4 * t) / (2 * length) + (t * t > 0.2 ? 2 * t : 0) + (i >= 1 ? Math.cos(t) : 0);
    return count * inner + (t < 0 ? t / negatives : 0);
  });
  expected.forEach((e, i) => expect(relativeError(gradient[i], e)).toBeLessThan(1e-14));
});

test("central differences and the dot-product test, directly and through a caller", () => {
  checkBothWays(source, "f", "x: Float64Array", [[x], [Float64Array.from([0.9, 0.1, -0.2, 0.7, -1.1])]]);
});

test("top-level functions passed by name: called in the loop with the arguments they declare", () => {
  const out = compile({ "main.ts": source });
  const gradient = out.load("main.ts").gByName(x) as Float64Array;
  // Σ (i + 1)·softplus(xᵢ)² + n·exp(x₁): 2(i + 1)·softplus(xᵢ)·sigmoid(xᵢ), plus n·exp(x₁) at i = 1.
  const n = x.length;
  const softGradient = (t: number, i: number) => (2 * (i + 1) * Math.log1p(Math.exp(t))) / (1 + Math.exp(-t));
  Array.from(x, (t, i) => softGradient(t, i) + (i === 1 ? n * Math.exp(t) : 0)).forEach((e, i) =>
    expect(relativeError(gradient[i], e)).toBeLessThan(1e-14),
  );
  checkBothWays(source, "byName", "x: Float64Array", [[x]]);
});

test("Math.max and Math.min over spread arrays; Number constants", () => {
  const spread = `
import { grad } from "cotangent";
// @differentiate
export function extremes(x: Float64Array, y: number): number {
  const top = Math.max(...x, y);
  const bottom = Math.min(y, ...x.map((t) => 2 * t));
  return top * bottom + Math.hypot(x[0], x[1], x[2]) + Number.EPSILON * y;
}
export const g = grad(extremes, [0, 1]);
`;
  const out = compile({ "main.ts": spread });
  expect(out.diagnostics).toEqual([]);
  const values = Float64Array.from([0.5, -0.9, 1.4]);
  const [gx, gy] = out.load("main.ts").g(values, 0.3) as [Float64Array, number];
  // top = x₂ = 1.4, bottom = 2x₁ = -1.8, hypot = |x|.
  const norm = Math.hypot(...values);
  const expected = [values[0] / norm, 2 * 1.4 + values[1] / norm, -1.8 + values[2] / norm];
  expected.forEach((e, i) => expect(relativeError(gx[i], e)).toBeLessThan(1e-15));
  expect(gy).toBe(Number.EPSILON);
  checkBothWays(spread, "extremes", "x: Float64Array, y: number", [[values, 0.3]]);
});

test("copies of array expressions: 'Array.from(x.slice(0, 2))', 'Float64Array.from(x.map(f))', 'new Float64Array(…)'", () => {
  const copies = `
import { grad } from "cotangent";
// @differentiate
export function copies(x: Float64Array): number {
  const head = Array.from(x.slice(0, 2));
  const squares = Float64Array.from(x.map((t) => t * t));
  const tail = new Float64Array(x.slice(1));
  head[0] *= 3;
  return head[0] + head[1] * squares[2] + tail.reduce((a, t) => a + Math.sin(t), 0) + x[0];
}
export const g = grad(copies);
`;
  const out = compile({ "main.ts": copies });
  expect(out.diagnostics).toEqual([]);
  const x = Float64Array.from([0.5, -0.9, 1.4]);
  const m = out.load("main.ts");
  // f = 3x₀ + x₁x₂² + sin x₁ + sin x₂ + x₀, and the copies leave x alone.
  const value = 3 * 0.5 + -0.9 * (1.4 * 1.4) + Math.sin(-0.9) + Math.sin(1.4) + 0.5;
  expect(relativeError(m.copies(x), value)).toBeLessThan(1e-15);
  const expected = [4, 1.4 * 1.4 + Math.cos(-0.9), 2 * -0.9 * 1.4 + Math.cos(1.4)];
  const gradient = m.g(x) as Float64Array;
  expected.forEach((e, i) => expect(relativeError(gradient[i], e)).toBeLessThan(1e-15));
  expect(Array.from(x)).toEqual([0.5, -0.9, 1.4]);
  checkBothWays(copies, "copies", "x: Float64Array", [[x]]);
  // Copies of views: the view is read once, where it is made, so nothing shares x's numbers afterwards.
  const views = `
// @differentiate
export function views(x: Float64Array): number {
  const tail = new Float64Array(x.subarray(1));
  const head = Float64Array.from(x.subarray(0, 2));
  tail[0] *= 3;
  return tail[0] * head[1] + head[0] + x[1];
}`;
  checkBothWays(views, "views", "x: Float64Array", [[x]]);
  const viewed = compile({ "main.ts": `import { grad } from "cotangent";\n${views}\nexport const g = grad(views);` });
  expect(viewed.diagnostics).toEqual([]);
  // f = 3x₁² + x₀ + x₁.
  expectRelative(viewed.load("main.ts").g(x), [1, 6 * -0.9 + 1, 0], 1e-15);
});

test("an array chosen by a test ('const v = flag > 0 ? x : z', 'dot(flag > 0 ? z : x.map(f), x)'), copied", () => {
  const chosen = `
import { grad } from "cotangent";
function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}
// @differentiate
export function chosen(x: Float64Array, z: Float64Array, flag: number): number {
  const v = flag > 0 ? x : z;
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i] * x[i];
  return s + dot(flag > 0 ? z : x.map((t) => t * t), x);
}
export const g = grad(chosen, [0, 1]);
`;
  const out = compile({ "main.ts": chosen });
  expect(out.diagnostics).toEqual([]);
  const m = out.load("main.ts");
  const [x, z] = [Float64Array.from([0.3, -0.5]), Float64Array.from([1.5, 0.2])];
  // flag > 0: f = x·x + z·x, so ∇x = 2x + z, ∇z = x. Otherwise f = z·x + Σ xᵢ³, so ∇x = z + 3x², ∇z = x.
  const [gx, gz] = m.g(x, z, 1) as Float64Array[];
  expectRelative(gx, [2 * 0.3 + 1.5, 2 * -0.5 + 0.2], 1e-15);
  expectRelative(gz, [0.3, -0.5], 1e-15);
  const [hx, hz] = m.g(x, z, -1) as Float64Array[];
  expectRelative(hx, [1.5 + 3 * 0.09, 0.2 + 3 * 0.25], 1e-15);
  expectRelative(hz, [0.3, -0.5], 1e-15);
  for (const flag of [1, -1])
    checkBothWays(chosen, "chosen", "x: Float64Array, z: Float64Array, flag: number", [[x, z, flag]], { fixed: [2] });
  // A matrix's row as a branch: 'sq(c ? A[0] : x)' = Σ of the chosen array's squares.
  const rows = compile({
    "main.ts": `
import { grad } from "cotangent";
function sq(a: number[]): number {
  let s = 0;
  for (const t of a) s += t * t;
  return s;
}
// @differentiate
export function f(x: number[], A: number[][], c: boolean): number {
  return sq(c ? A[1] : x) + x[0] * sq(c ? x : [A[0][0], 2]);
}
export const g = grad(f, [0, 1]);`,
  });
  expect(rows.diagnostics).toEqual([]);
  const [rx, rA] = rows.load("main.ts").g(
    [0.3, 0.7],
    [
      [1.5, 2],
      [-0.5, 3],
    ],
    true,
  ) as [number[], number[][]];
  // c: f = A₁₀² + A₁₁² + x₀(x₀² + x₁²).
  expectRelative(rx, [3 * 0.09 + 0.49, 2 * 0.3 * 0.7], 1e-15);
  expect(rA).toEqual([
    [0, 0],
    [-1, 6],
  ]);
  const [ox, oA] = rows.load("main.ts").g(
    [0.3, 0.7],
    [
      [1.5, 2],
      [-0.5, 3],
    ],
    false,
  ) as [number[], number[][]];
  // Otherwise: f = x₀² + x₁² + x₀(A₀₀² + 4).
  expectRelative(ox, [0.6 + 2.25 + 4, 1.4], 1e-15);
  expect(oA).toEqual([
    [2 * 1.5 * 0.3, 0],
    [0, 0],
  ]);
  // Written afterwards through either name, the copy would not read as the shared array: TS990075.
  const written = compile({
    "main.ts": `
import { grad } from "cotangent";
// @differentiate
export function f(x: Float64Array, z: Float64Array, flag: number): number {
  const v = flag > 0 ? x : z;
  v[0] = 2;
  return x[0] + v[1];
}
export const g = grad(f, [0, 1]);`,
  });
  expect(written.diagnostics).toEqual([
    expect.stringMatching(/^main\.ts:5:13 - error TS990075: 'flag > 0 \? x : z' would leave two names for one array/),
  ]);
});
