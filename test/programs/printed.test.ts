/**
 * The CLI's route: the transformer's output printed as TypeScript, which is what the `cotangent` CLI writes, must
 * type-check on its own under `strict`, compiled without the plugin. The corpus (every marker of its harness) and
 * the reverse fuzzer's random programs (with a differentiated caller, split sweeps), each in a folder of its own.
 */
import type { CompilerOptions } from "typescript";
import { batchFiles } from "../helpers/check";
import { compile, printTransformed } from "../helpers/compile";
import { shapedBatchFiles } from "../helpers/shaped";
import { generate } from "../fuzz/generate";
import { corpus } from "./corpus";

/** The type errors of `files` printed by the transformer and compiled again as plain TypeScript, by file. */
function printedErrors(files: Record<string, string>, options: CompilerOptions = {}): string[] {
  const printed = printTransformed(files, options);
  expect(printed.diagnostics).toEqual([]);
  return compile(printed.text, options, { transform: false }).diagnostics;
}

test("the corpus's printed TypeScript type-checks without the plugin", () => {
  const files = batchFiles(corpus.map((p) => ({ id: p.name, ...p })));
  expect(printedErrors(files)).toEqual([]);
});

test("the printed TypeScript of random programs and their callers type-checks without the plugin", () => {
  const programs = Array.from({ length: 40 }, (_, seed) => generate(seed)).map((p) => ({ ...p, id: p.name }));
  expect(printedErrors(shapedBatchFiles(programs))).toEqual([]);
});

const uncheckedIndexes = `
import { grad, gradInto, hessian, jacrev, jvp, vjp } from "cotangent";
// @differentiate
export function f(x: number[], m: number[][], t: Float64Array): number {
  const y = new Float64Array(x.length);
  let s = 0;
  for (let i = 0; i < x.length; i++) {
    y[i] = Math.sin(x[i]!) * (m[i % m.length]![0] ?? 1);
    y[i] = y[i]! + (t[i] ?? 0);
    s += y[i]! * y[i]!;
    s = Math.tanh(s);
  }
  for (const row of m) s += row[1]! * x[0]!;
  return s;
}
// @differentiate
export function v(x: Float64Array): Float64Array {
  const out = new Float64Array(x.length);
  for (let i = 1; i < x.length; i++) out[i] = x[i]! * x[i - 1]!;
  return out;
}
export const g = grad(f, [0, 1, 2]);
export const into = gradInto(f, 0);
export const h = hessian(f, 0);
export const jr = jacrev(v);
export const tangent = (x: number[], m: number[][], t: Float64Array, dx: number[]) =>
  jvp(f, [x, m, t], [dx, m.map((r) => r.map(() => 0)), new Float64Array(t.length)]);
export const pullback = (x: Float64Array) => vjp(v, x);
`;

test("under noUncheckedIndexedAccess, the printed element reads are asserted and type-check", () => {
  const strictest = { noUncheckedIndexedAccess: true };
  const printed = printTransformed({ "main.ts": uncheckedIndexes }, strictest).text["main.ts"];
  expect(printed).toContain("x[0]!");
  expect(printedErrors({ "main.ts": uncheckedIndexes }, strictest)).toEqual([]);
  // The same program, asserting elements or not, computes the same gradient.
  const asserted = compile({ "main.ts": printed }, strictest, { transform: false }).load("main.ts");
  const plain = compile({ "main.ts": uncheckedIndexes }).load("main.ts");
  const point = () =>
    [
      [0.3, -0.8, 1.2],
      [
        [0.5, 2],
        [-1, 0.25],
      ],
      new Float64Array([0.1, 0.2, 0.3]),
    ] as const;
  expect(asserted.g(...point())).toEqual(plain.g(...point()));
  expect(asserted.h(...point())).toEqual(plain.h(...point()));
  const x = new Float64Array([0.3, -0.8, 1.2]);
  expect(asserted.jr(x)).toEqual(plain.jr(x));
});

const declaredTypes = `
import { grad, gradInto, hessian, jacfwd, jvp, valueAndGrad, vjp } from "cotangent";
type Mode = "sum" | "max";
// @differentiate
export function f(x: readonly number[], w: readonly [number, number], mode: Mode, m: readonly (readonly number[])[]): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += mode === "sum" ? x[i] * x[i] * w[0] * m[0][i] : Math.max(x[i], w[1]);
  return s;
}
// @differentiate
export function found(x: number[]): number {
  return (x.includes(NaN) ? 2 : 1) * (x.includes(3) ? x[0] : x[1]) * x[0];
}
type Mat = ReadonlyArray<readonly number[]>;
// @differentiate
export function area(points: [number, number][], pair: [number, number], m: Mat): number {
  let s = 0;
  for (let i = 0; i < points.length; i++) {
    const [x0, y0] = points[i];
    const [x1, y1] = points[(i + 1) % points.length];
    s += x0 * y1 - x1 * y0;
  }
  return 0.5 * s * pair[0] + m[0][0] * pair[1];
}
export const areaPullback = (points: [number, number][], pair: [number, number], m: Mat) => vjp(area, points, pair, m);
export const areaTangent = (points: [number, number][], pair: [number, number], m: Mat, dm: Mat) =>
  jvp(area, [points, pair, m], [0, [0, 0], dm]);
// @differentiate
export function bisected(a: number[], q: number): number {
  return a[q & 1] * 2 + a[(q + 3) >> 1] - a[~q + 3];
}
export const gBisected = grad(bisected, 0);
export const g = grad(f, [0, 1, 3]);
export const vg = valueAndGrad(f, 0);
export const pullback = (x: readonly number[], w: readonly [number, number], mode: Mode, m: number[][]) =>
  vjp(f, x, w, mode, m);
export const tangent = (x: readonly number[], w: readonly [number, number], mode: Mode, m: number[][], dx: number[]) =>
  jvp(f, [x, w, mode, m], [dx, [0, 0], mode, m.map((r) => r.map(() => 0))]);
export const h = hessian(f, 0);
export const jf = jacfwd(f, 0);
export const into = gradInto(f, 0);
export const gFound = grad(found);
`;

test("wrappers take parameters as declared (readonly arrays, tuples, string literal unions); bitwise indices are numbers; includes(NaN) needs no 'x === NaN'", () => {
  expect(printedErrors({ "main.ts": declaredTypes })).toEqual([]);
  const out = compile({ "main.ts": declaredTypes });
  expect(out.diagnostics).toEqual([]);
  const m = out.load("main.ts");
  const x = [0.5, -1.5];
  const w: [number, number] = [2, 0.25];
  const rows = [[3, 4]];
  // ∂/∂x_i = 2·x_i·w0·m0i, ∂/∂w0 = Σ x_i²·m0i, ∂/∂m0i = x_i²·w0; the Hessian in x is diag(2·w0·m0i).
  const [gx, gw, gm] = m.g(x, w, "sum", rows);
  expect(gx).toEqual([2 * 0.5 * 2 * 3, 2 * -1.5 * 2 * 4]);
  expect(gw).toEqual([0.25 * 3 + 2.25 * 4, 0]);
  expect(gm).toEqual([[0.25 * 2, 2.25 * 2]]);
  expect(m.h(x, w, "sum", rows)).toEqual([
    [12, 0],
    [0, 16],
  ]);
  expect(m.jf(x, w, "max", rows)).toEqual([1, 0]);
  // found: x holds neither NaN nor 3, so 1·x1·x0; with NaN and 3, 2·x0·x0.
  expect(m.gFound([0.5, 2])).toEqual([2, 0.5]);
  expect(m.gFound([0.5, NaN, 3])).toEqual([2, 0, 0]);
  // Bitwise indices are numbers: a[1]·2 + a[2] − a[1] at q = 1.
  expect(m.gBisected([1, 2, 3], 1)).toEqual([0, 1, 1]);
  // The unit square's area, 1: ∂/∂pair = [1, m00], ∂/∂m00 = pair1; tangent along m00 is pair1.
  const square: [number, number][] = [
    [0, 0],
    [1, 0],
    [1, 1],
    [0, 1],
  ];
  const [value, pullback] = m.areaPullback(square, [1, 2], [[3]]);
  expect(value).toBe(1 + 6);
  const [, pairBar, mBar] = pullback(1);
  expect([pairBar, mBar]).toEqual([[1, 3], [[2]]]);
  expect(m.areaTangent(square, [1, 2], [[3]], [[1]])).toEqual([7, 2]);
});
