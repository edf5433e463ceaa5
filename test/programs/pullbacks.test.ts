/**
 * A pullback is taken at the point `vjp` was called, as JAX's is: arrays the caller changes afterwards do not move
 * it, for a first-order vjp and for the vjp of a gradient. And the printed TypeScript of a function that writes into
 * a parameter it is not differentiated in declares that parameter writable. References: closed forms.
 */
import { compile, printTransformed } from "../helpers/compile";

const source = `import { grad, vjp } from "cotangent";
// @differentiate
export function f(x: number[], p: number): number { let s = 0; for (const v of x) s += p * v * v; return s; }
// @differentiate
export function g(x: number[], w: number[]): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) {
    w[i] = x[i] * 2;
    s += w[i] * x[i];
  }
  return s;
}
export const pullF = (x: number[], p: number) => vjp(f, x, p);
export const pullGradF = (x: number[], p: number) => vjp(grad(f), x, p);
export const dg = grad(g, 0);
`;

test("a pullback keeps the point it was made at", () => {
  const m = compile({ "main.ts": source }).load("main.ts");
  const x = [1, 2, 3];
  const [value, pullback] = m.pullF(x, 2);
  x[0] = 100;
  expect(value).toBe(28);
  // ∇ₓ = 2p·x, ∂/∂p = Σx², at x = [1, 2, 3].
  expect(pullback(1)).toEqual([[4, 8, 12], 14]);
  const y = [1, 2, 3];
  const [gradient, pullGrad] = m.pullGradF(y, 2);
  y[1] = -50;
  expect(gradient).toEqual([4, 8, 12]);
  // The gradient 2p·x pulls w back to 2p·w in x and 2·<x, w> in p.
  expect(pullGrad([1, 0, 1])).toEqual([[4, 0, 4], 8]);
});

test("a parameter the function writes is writable in the printed TypeScript", () => {
  const text = printTransformed({ "main.ts": source }).text["main.ts"];
  expect(compile({ "main.ts": text }).diagnostics).toEqual([]);
  const m = compile({ "main.ts": source }).load("main.ts");
  const w = [0, 0];
  expect(m.dg([1, 2], w)).toEqual([4, 8]);
  expect(w).toEqual([2, 4]);
});

test("a pullback keeps objects' numbers, tuples and matrices' rows as they were", () => {
  const m = compile({
    "main.ts": `import { vjp } from "cotangent";
interface P { w: number[]; b: number }
// @differentiate
export function f(p: P): number { let s = p.b; for (const v of p.w) s += v * v * p.b; return s; }
// @differentiate
export function g(p: [number, number], w: number[]): number { return p[0] * p[1] * w[0]; }
// @differentiate
export function h(a: number[][]): number { let s = 0; for (const row of a) for (const v of row) s += v * v * v; return s; }
export const pullF = (p: P) => vjp(f, p);
export const pullG = (p: [number, number], w: number[]) => vjp(g, p, w);
export const pullH = (a: number[][]) => vjp(h, a);
`,
  }).load("main.ts");
  const p = { w: [1, 2], b: 0.5 };
  const [, pf] = m.pullF(p);
  p.b = 7;
  p.w[0] = 9;
  // ∂/∂w = 2·b·w, ∂/∂b = 1 + Σw², at w = [1, 2], b = 0.5.
  expect(pf(1)).toEqual([{ w: [1, 2], b: 6 }]);
  const t: [number, number] = [1, 2];
  const [, pg] = m.pullG(t, [3]);
  t[0] = 10;
  expect(pg(1)).toEqual([[6, 3], [2]]);
  const a = [
    [1, 2],
    [3, 4],
  ];
  const [, ph] = m.pullH(a);
  a[0][0] = 10;
  expect(ph(1)).toEqual([
    [
      [3, 12],
      [27, 48],
    ],
  ]);
});
