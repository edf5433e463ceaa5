/**
 * New arrays joined from pieces: 'x.concat(a, b, c)' (arrays spread, numbers appended, as JavaScript does) and
 * array literals spreading array expressions ('[...x.slice(1), ...y]'). Also the split sweeps of a callee that
 * joins arrays: its reverse sweep runs in a call of its own, where the forward sweep's arrays are out of reach.
 */
import { compile } from "../helpers/compile";
import { relativeError } from "../helpers/check";
import { checkShaped } from "../helpers/shaped";

const expectNear = (actual: ArrayLike<number>, expected: readonly number[]) => {
  expect(Array.from(actual)).toHaveLength(expected.length);
  expected.forEach((e, i) => expect(relativeError(actual[i], e)).toBeLessThan(1e-12));
};

test("a callee that concatenates, called from a differentiated caller: the caller's gradient is exact", () => {
  const source = `
import { grad } from "cotangent";
// @differentiate
export function sumOfSquares(x: number[], y: number[]): number {
  const z = x.concat(y);
  let s = 0;
  for (let i = 0; i < z.length; i++) s += z[i] * z[i];
  return s;
}
// @differentiate
export function twice(x: number[], y: number[]): number {
  return 2 * sumOfSquares(x, y) + sumOfSquares(y, x);
}
export const twiceGrad = grad(twice, [0, 1]);
`;
  const out = compile({ "main.ts": source });
  expect(out.diagnostics).toEqual([]);
  const [gx, gy] = out.load("main.ts").twiceGrad([1, 2], [3, 4, 5]);
  // twice = 3 Σ (x² + y²), so the gradient is 6x and 6y: the second array's elements were lost before.
  expect(gx).toEqual([6, 12]);
  expect(gy).toEqual([18, 24, 30]);
  checkShaped(source, "twice", "x: number[], y: number[]", [
    [
      [0.5, -1.5],
      [2, 0.25, -0.75],
    ],
  ]);
});

test("concat of several arguments: arrays are spread, numbers appended, expressions built first", () => {
  const source = `
// @differentiate
export function joined(x: number[], y: number[], c: number): number {
  const z = x.concat(y, c, [c * c], x.map((v) => v * c));
  let s = 0;
  for (let i = 0; i < z.length; i++) s += (i + 1) * z[i];
  return s + z.length;
}`;
  const x = [0.5, -1];
  const y = [2];
  const c = 1.5;
  const [[gx, gy, gc]] = checkShaped(source, "joined", "x: number[], y: number[], c: number", [[x, y, c]]);
  // z = [x0, x1, y0, c, c², c·x0, c·x1], weighted 1…7.
  expectNear(gx as number[], [1 + 6 * c, 2 + 7 * c]);
  expectNear(gy as number[], [3]);
  expect(relativeError(gc as number, 4 + 5 * 2 * c + 6 * x[0] + 7 * x[1])).toBeLessThan(1e-12);
  const out = compile({ "main.ts": source });
  const z = x.concat(
    y,
    c,
    [c * c],
    x.map((v) => v * c),
  );
  expect(out.load("main.ts").joined(x, y, c)).toBe(z.reduce((s, zi, i) => s + (i + 1) * zi, 0) + z.length);
});

test("an array literal spreading array expressions, in a callee of a differentiated caller", () => {
  const source = `
// @differentiate
export function shifted(x: number[], y: number[]): number {
  const z = [...x.slice(1), ...y.map((v) => v * v), x[0]];
  let s = 0;
  for (const v of z) s += v * v;
  return s;
}
// @differentiate
export function caller(x: number[], y: number[]): number {
  return Math.sqrt(shifted(x, y));
}`;
  const x = [0.5, -1, 2];
  const y = [1.5, -0.5];
  const [[gx, gy]] = checkShaped(source, "caller", "x: number[], y: number[]", [[x, y]]);
  // shifted = Σ x² + Σ y⁴, so the caller's gradient is x / r and 2y³ / r, r its value.
  const r = Math.sqrt(x.reduce((s, v) => s + v * v, 0) + y.reduce((s, v) => s + v ** 4, 0));
  expectNear(
    gx as number[],
    x.map((v) => v / r),
  );
  expectNear(
    gy as number[],
    y.map((v) => (2 * v ** 3) / r),
  );
});
