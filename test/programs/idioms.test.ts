/**
 * Everyday JavaScript idioms inside differentiated functions: the comma operator (two-pointer loops), NaN and
 * finiteness tests, fields named by strings, an untyped '[]' filled by push. References: closed forms, central differences and the dot-product test.
 */
import { compile, cotangentCodes } from "../helpers/compile";
import { relativeError } from "../helpers/check";
import { checkBothWays } from "../helpers/shaped";

test("the comma operator: a two-pointer loop's update, and a value after an assignment", () => {
  const source = `
// @differentiate
export function f(x: number[]): number {
  let s = 0;
  for (let i = 0, j = x.length - 1; i < j; i++, j--) s += x[i] * x[j];
  let t = 0;
  const u = ((t = x[0] * 2), t * t);
  return s + u;
}`;
  const x = [0.7, -1.3, 0.4, 2.1];
  const [[g]] = checkBothWays(source, "f", "x: number[]", [[x]]);
  // f = x0·x3 + x1·x2 + 4·x0²
  const expected = [x[3] + 8 * x[0], x[2], x[1], x[0]];
  (g as number[]).forEach((v, i) => expect(relativeError(v, expected[i])).toBeLessThan(1e-14));
});

test("Number.isNaN, Number.isFinite, isNaN and isFinite on numbers: the same tests, no derivative of their own", () => {
  const out = compile({
    "main.ts": `
import { grad } from "cotangent";
// @differentiate
export function f(x: number[]): number {
  let s = 0;
  for (const v of x) {
    if (Number.isFinite(v) && !Number.isNaN(v)) s += v * v;
    else if (isNaN(v)) s += 100;
    else if (!isFinite(v)) s += 1000;
  }
  return s;
}
export const g = grad(f);
`,
  });
  expect(out.diagnostics).toEqual([]);
  const m = out.load("main.ts");
  const x = [0.5, NaN, Infinity, -2, -Infinity];
  expect(m.f(x)).toBe(0.25 + 100 + 1000 + 4 + 1000);
  expect(m.g(x)).toEqual([1, 0, 0, -4, 0]);
});

test("Number.isInteger and Number.isSafeInteger: JavaScript's answers on edge values, no derivative of their own", () => {
  const out = compile({
    "main.ts": `
import { valueAndGrad } from "cotangent";
// @differentiate
export function f(x: number[]): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    if (Number.isSafeInteger(v)) s += 3 * v;
    else if (Number.isInteger(v)) s += 1;
    else if (Math.abs(v) < 1e300) s += v * v * (i + 1);
  }
  return s;
}
export const vg = valueAndGrad(f);
`,
  });
  expect(out.diagnostics).toEqual([]);
  const m = out.load("main.ts");
  const x = [2, -0, 1.5, 2 ** 53, 2 ** 53 - 1, -(2 ** 53) + 1, NaN, Infinity, -Infinity, 1e-300, 4.000000000000001];
  const [value, gradient] = m.vg(x);
  expect(value).toBe(m.f(x));
  const expected = x.map((v, i) =>
    Number.isSafeInteger(v) ? 3 : Number.isInteger(v) ? 0 : Math.abs(v) < 1e300 ? 2 * v * (i + 1) : 0,
  );
  expect(gradient).toEqual(expected);
});

test("fields named by strings (p['w']) read as p.w", () => {
  const out = compile({
    "main.ts": `
import { grad } from "cotangent";
// @differentiate
export function f(p: { w: number; b: number }, x: number): number {
  return p["w"] * x + p['b'];
}
export const g = grad(f, [0, 1]);
`,
  });
  expect(out.diagnostics).toEqual([]);
  expect(out.load("main.ts").g({ w: 2, b: 3 }, 0.5)).toEqual([{ w: 0.5, b: 1 }, 2]);
});

test("Math functions destructured from Math (const { sin, cos: c } = Math), also passed to map; reads through 'as'", () => {
  const source = `
const { sin, cos: c, exp } = Math;
// @differentiate
export function f(x: readonly number[]): number {
  const ys = x.map(exp);
  return sin(x[0]) * c(x[1]) + (x as number[])[0] * 2 + (x satisfies readonly number[])[1] * ys[1];
}`;
  const x = [0.3, 0.7];
  const [[g]] = checkBothWays(source, "f", "x: number[]", [[x]]);
  // f = sin x0 cos x1 + 2 x0 + x1 e^{x1}
  const expected = [
    Math.cos(x[0]) * Math.cos(x[1]) + 2,
    -Math.sin(x[0]) * Math.sin(x[1]) + (1 + x[1]) * Math.exp(x[1]),
  ];
  (g as number[]).forEach((v, i) => expect(relativeError(v, expected[i])).toBeLessThan(1e-14));
  // Inside the function too, with a constant.
  const inside = `
// @differentiate
export function g(x: number): number {
  const { sin, PI } = Math;
  return sin(PI * x) * x;
}`;
  const [[gx]] = checkBothWays(inside, "g", "x: number", [[0.3]]);
  expect(relativeError(gx as number, Math.sin(Math.PI * 0.3) + Math.PI * 0.3 * Math.cos(Math.PI * 0.3))).toBeLessThan(
    1e-14,
  );
  // A 'let' could name another function by the time it is called: still refused.
  const refused = compile({
    "main.ts": `let { sin } = Math;
// @differentiate
export function f(x: number): number { return sin(x); }
import { grad } from "cotangent";
export const g = grad(f);`,
  });
  expect(refused.diagnostics).toEqual([expect.stringContaining("error TS990044")]);
});

test("'<number>x' assertions, 'Number(x)' of a number, and an intersection of object types as a parameter", () => {
  const out = compile({
    "main.ts": `
import { grad } from "cotangent";
type Affine = { a: number } & { b: number };
// @differentiate
export function f(p: Affine, x: number, xs: number[]): number {
  return (<number>x) * (<number[]>xs)[0] + Number(p.a * x) * <number>xs[1] + p.b * x * x;
}
export const g = grad(f, [0, 1, 2]);
`,
  });
  expect(out.diagnostics).toEqual([]);
  const m = out.load("main.ts");
  const [p, x, xs] = [{ a: 0.7, b: -1.2 }, 1.3, [0.4, 2.5]];
  expect(m.f(p, x, xs)).toBe(x * xs[0] + p.a * x * xs[1] + p.b * x * x);
  const [dp, dx, dxs] = m.g(p, x, xs) as [{ a: number; b: number }, number, number[]];
  expect(dp).toEqual({ a: x * xs[1], b: x * x });
  expect(relativeError(dx, xs[0] + p.a * xs[1] + 2 * p.b * x)).toBeLessThan(1e-15);
  expect(dxs).toEqual([x, p.a * x]);
});

test("'const traj = []' without a type, filled by push: TypeScript's evolving array, read as what it was given", () => {
  const out = compile({
    "main.ts": `
import { grad } from "cotangent";
// @differentiate
export function trajectory(x: number, y: number): number {
  const traj = [];
  let v = x;
  for (let i = 0; i < 5; i++) {
    v = v * y + 0.1 * Math.sin(v);
    traj.push(v);
  }
  return traj[4] + traj[2] * traj[1];
}
// @differentiate
export function rows(x: number, y: number): number {
  const rs = [];
  for (let i = 0; i < 3; i++) rs.push([x * i, y + i]);
  let s = 0;
  for (const r of rs) s += r[0] * r[1];
  return s;
}
// @differentiate
export function kept(x: number[]): number {
  const squares = [];
  for (const v of x) if (v > 0) squares.push(v * v);
  let s = 0;
  for (let i = 0; i < squares.length; i++) s += squares[i] * (i + 1);
  return s;
}
export const gTrajectory = grad(trajectory, [0, 1]);
export const gRows = grad(rows, [0, 1]);
export const gKept = grad(kept);
`,
  });
  expect(out.diagnostics).toEqual([]);
  const m = out.load("main.ts");
  // Σᵢ xi·(y + i) over i < 3: ∂/∂x = Σ i(y + i), ∂/∂y = Σ x·i.
  expect(m.gRows(0.5, 2)).toEqual([11, 1.5]);
  // squares of the positive elements, weighted by their position: 1·1 + 9·2.
  expect(Array.from(m.gKept([1, -2, 3]))).toEqual([2, 0, 12]);
  // trajectory by central differences.
  const h = 1e-6;
  const [gx, gy] = m.gTrajectory(0.3, 1.2);
  const fx = (m.trajectory(0.3 + h, 1.2) - m.trajectory(0.3 - h, 1.2)) / (2 * h);
  const fy = (m.trajectory(0.3, 1.2 + h) - m.trajectory(0.3, 1.2 - h)) / (2 * h);
  expect(relativeError(gx, fx)).toBeLessThan(1e-8);
  expect(relativeError(gy, fy)).toBeLessThan(1e-8);
});

test("an untyped '[]' whose reads do not agree on one type Cotangent reads is TS990122, which names the type to write", () => {
  const out = compile({
    "main.ts": `
// @differentiate
export function records(x: number, y: number): number {
  const pts = [];
  for (let i = 0; i < 3; i++) pts.push({ a: x * i, b: y + i * x });
  let s = 0;
  for (const p of pts) s += p.a * p.b;
  return s;
}
// @differentiate
export function mixed(x: number): number {
  const a = [];
  a.push(x * 2);
  const y = a[0];
  a.push("s");
  return y * x + a.length;
}
`,
  });
  const codes = cotangentCodes(out.diagnostics);
  expect(codes.filter((c) => c.endsWith("990122"))).toEqual(["4:9 990122", "12:9 990122"]);
  const [records, mixed] = out.diagnostics.filter((d) => d.includes("TS990122"));
  expect(records).toContain("Write its type where it is declared ('const pts: { a: number; b: number; }[] = []')");
  expect(mixed).toContain("its uses (read as 'number[]', given 'number', '\"s\"')");
});
