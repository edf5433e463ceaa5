/**
 * Loop fusion (reverse/fuse.ts) runs the reverse of the statements after the loop before the loop, and the reverse
 * of those before it after it: it must leave out a function whose tail calls another function (its split sweeps
 * would pop what they push before pushing it), stores an element it saves or grows an adjoint array for, or
 * allocates an array, and one whose statements before the loop have adjoints that read what the loop assigns (its
 * counter). References: closed forms, central differences, and the tape left empty.
 */
import { tape } from "cotangent/runtime";
import { centralDifference, relativeError } from "../helpers/check";
import { compile } from "../helpers/compile";

const m = (() => {
  const out = compile({
    "main.ts": `import { grad } from "cotangent";
// A callee whose reverse sweep needs its tape: a data-dependent loop.
// @differentiate
export function h(k: number, x: number[]): number {
  let t = k;
  let n = 0;
  while (t < 10 && n < x.length) {
    t = t * t + Math.sin(t * x[n]);
    n++;
  }
  return t;
}
// A loop, then a call used linearly in the result.
// @differentiate
export function F(x: number[], k: number): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i] * k;
  return s + h(2 * k, x);
}
export const dF = grad(F, [0, 1]);
`,
  });
  if (out.diagnostics.length > 0) throw new Error(out.diagnostics.join("\n"));
  return out.load("main.ts");
})();

test("a call after the function's loop is differentiated in order", () => {
  const x = [0.5, -1.5, 0.25];
  const k = 1.3;
  const [gx, gk] = m.dF(x, k);
  expect(tape.top).toBe(0);
  const at = [...x, k];
  const run = (...p: number[]) => m.F(p.slice(0, 3), p[3]);
  const all = [...gx, gk];
  for (let j = 0; j < at.length; j++) {
    const fd = centralDifference(
      run,
      at,
      at.map((_, i) => (i === j ? 1 : 0)),
    );
    expect(relativeError(all[j], fd)).toBeLessThan(1e-6);
  }
});

test("statements around the loop whose reverse needs what it changes, or what their forward makes", () => {
  const out = compile({
    "main.ts": `import { grad, valueAndGrad } from "cotangent";
// The counter, read by the adjoint of a statement before the loop.
// @differentiate
export function counter(x: number[]): number { let i = 1; let t = x[i] * x[i]; for (; i < x.length; i++) { t += x[i]; } return t; }
// A store after the loop that saves the element it overwrites.
// @differentiate
export function saved(x: number[], s: number): number {
  const y = new Float64Array(2);
  y[0] = x[0];
  let t = 0;
  for (let i = 0; i < 1; i++) t += y[i] * y[i] * s;
  y[0] = t;
  return y[0];
}
// A store past the end of a new array after the loop.
// @differentiate
export function grown(x: number[]): number { const y: number[] = []; let t = 0; for (let i = 0; i < x.length; i++) t += x[i] * x[i]; y[0] = t; return y[0]; }
// An array allocated after the loop.
// @differentiate
export function allocated(x: number[]): number { let t = 0; for (let i = 0; i < x.length; i++) t += x[i] * x[i]; const z = [t, t]; return z[0]; }
export const dCounter = grad(counter);
export const vgSaved = valueAndGrad(saved, [0, 1]);
export const dGrown = grad(grown);
export const dAllocated = grad(allocated);
`,
  });
  expect(out.diagnostics).toEqual([]);
  const p = out.load("main.ts");
  const x = [0.3, -0.7, 1.1, 0.45, -0.2];
  // x1² + x1 + x2 + x3 + x4.
  expect(p.dCounter(x)).toEqual([0, 2 * -0.7 + 1, 1, 1, 1]);
  const [value, [gx, gs]] = p.vgSaved([0.3], 0.7);
  expect(relativeError(value, 0.3 * 0.3 * 0.7)).toBeLessThan(1e-15);
  expect(relativeError(gx[0], 2 * 0.3 * 0.7)).toBeLessThan(1e-15);
  expect(relativeError(gs, 0.3 * 0.3)).toBeLessThan(1e-15);
  expect(p.dGrown([0.3, -0.7])).toEqual([0.6, -1.4]);
  expect(p.dAllocated([0.3, -0.7])).toEqual([0.6, -1.4]);
  expect(tape.top).toBe(0);
});

test("a fused loop's test calls a helper taking an object or an array of matrices as the forward sweep does", () => {
  const out = compile({
    "main.ts": `import { grad } from "cotangent";
function size(p: { a: number[]; b: number[] }): number { return p.a.length + p.b.length; }
function depth(Ms: number[][][]): number { return Ms.length; }
// @differentiate
export function f(p: { a: number[]; b: number[] }, x: number[]): number {
  let s = 0;
  for (let l = 0; l < size(p); l++) s += x[0] * l;
  return s;
}
// @differentiate
export function g(Ws: number[][][], x: number[]): number {
  let s = 0;
  let l = 0;
  while (l < depth(Ws)) {
    s += x[0] * Ws[l][0][0];
    l++;
  }
  return s;
}
export const df = grad(f, [1]);
export const dg = grad(g, [0, 1]);
`,
  });
  expect(out.diagnostics).toEqual([]);
  const { df, dg } = out.load("main.ts");
  // Σ l for l < 5 = 10.
  expect(df({ a: [1, 2], b: [3, 4, 5] }, [2])[0][0]).toBe(10);
  const Ws = [[[1, 2]], [[3]], [[4], [5]]];
  const [gWs, gx] = dg(Ws, [2]);
  expect(gx).toEqual([1 + 3 + 4]);
  expect(gWs).toEqual([[[2, 0]], [[2]], [[2], [0]]]);
});
