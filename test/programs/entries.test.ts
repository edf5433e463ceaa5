/**
 * `for (const [i, v] of a.entries())` (lower/statements.ts): the loop over the array's positions, with `i` the
 * position and `v` the element, over arrays, typed arrays, a matrix's rows and one row. Checked against derivatives
 * written by hand, finite differences and the dot-product test.
 */
import { compile } from "../helpers/compile";
import { checkBothWays } from "../helpers/shaped";
import { expectClose } from "../helpers/check";

test("entries() over arrays and typed arrays gives the position and the element", () => {
  const source = `
// @differentiate
export function weighted(x: Float64Array, w: number[]): number {
  let s = 0;
  for (const [i, v] of x.entries()) s += (i + 1) * v * w[i];
  for (let [k, u] of w.entries()) {
    u *= u;
    if (k % 2 === 0) s += u;
  }
  for (const [, v] of x.entries()) s -= 0.5 * v;
  for (const [j] of w.entries()) s += j * x[j];
  return s;
}`;
  checkBothWays(source, "weighted", "x: Float64Array, w: number[]", [
    [Float64Array.from([0.3, -1.2, 0.8]), [1.5, -0.4, 0.9]],
    [new Float64Array(0), []],
  ]);
  const out = compile({
    "main.ts": `${source}\nimport { grad } from "cotangent";\nexport const g = grad(weighted, [0, 1]);`,
  });
  expect(out.diagnostics).toEqual([]);
  const x = [0.3, -1.2, 0.8];
  const w = [1.5, -0.4, 0.9];
  const [xBar, wBar] = out.load("main.ts").g(Float64Array.from(x), w) as [Float64Array, number[]];
  // ∂/∂x_i = (i + 1)·w_i − 0.5 + i; ∂/∂w_i = (i + 1)·x_i + 2·w_i at even i.
  x.forEach((_, i) => expectClose(xBar[i], (i + 1) * w[i] - 0.5 + i, 1e-15, `x_bar[${i}]`));
  w.forEach((_, i) => expectClose(wBar[i], (i + 1) * x[i] + (i % 2 === 0 ? 2 * w[i] : 0), 1e-15, `w_bar[${i}]`));
});

test("entries() over a matrix's rows and over one row", () => {
  const source = `
const m: number[][] = [
  [0.5, -0.25, 1.5],
  [2, 0.75, -1],
];
// @differentiate
export function rowsOf(x: number[]): number {
  let s = 0;
  for (const [r, row] of m.entries()) {
    for (const [c, v] of row.entries()) s += v * x[c] * (r + 1);
  }
  for (const [c, v] of m[1].entries()) s += v * x[c] * x[c];
  return s;
}`;
  checkBothWays(source, "rowsOf", "x: number[]", [[[0.3, -1.2, 0.8]]]);
  const out = compile({ "main.ts": `${source}\nimport { grad } from "cotangent";\nexport const g = grad(rowsOf);` });
  expect(out.diagnostics).toEqual([]);
  const m = [
    [0.5, -0.25, 1.5],
    [2, 0.75, -1],
  ];
  const x = [0.3, -1.2, 0.8];
  const xBar = out.load("main.ts").g(x) as number[];
  x.forEach((_, c) => expectClose(xBar[c], m[0][c] + 2 * m[1][c] + 2 * m[1][c] * x[c], 1e-15, `x_bar[${c}]`));
});

test("keys() and values(): the positions alone, the elements alone, over an array, a typed array and a matrix's row", () => {
  const source = `
// @differentiate
export function f(x: Float64Array, m: number[][]): number {
  let s = 0;
  for (const i of x.keys()) s += (i + 1) * x[i] * x[i];
  for (const v of x.values()) s += Math.sin(v);
  for (const v of m[1].values()) s += v * x[0];
  for (const j of m[0].keys()) s += j * m[0][j];
  return s;
}`;
  const out = compile({ "main.ts": `${source}\nimport { grad } from "cotangent";\nexport const g = grad(f, [0, 1]);` });
  expect(out.diagnostics).toEqual([]);
  const x = Float64Array.from([0.3, -1.2, 0.8]);
  const m = [
    [0.5, 1.5, -2],
    [0.25, -0.75],
  ];
  const [gx, gm] = out.load("main.ts").g(x, m);
  // ∂/∂xᵢ = 2(i + 1)xᵢ + cos xᵢ, plus Σ m[1] for x₀; ∂/∂m[1][j] = x₀, ∂/∂m[0][j] = j.
  const expected = Array.from(x, (v, i) => 2 * (i + 1) * v + Math.cos(v) + (i === 0 ? -0.5 : 0));
  Array.from(gx as Float64Array).forEach((g, i) => expectClose(g, expected[i], 1e-14, `x[${i}]`));
  expect(gm).toEqual([
    [0, 1, 2],
    [0.3, 0.3],
  ]);
});
