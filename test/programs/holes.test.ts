/**
 * 'new Array<number>(n)' filled by the loop right after it, the idiom TypeScript code writes for an output array:
 * read as a zero-filled array, since no element is read before it is written. Anything that could leave a hole to read
 * (a loop that may stop early, starts past 0, or writes from the array itself) stays TS990091.
 */
import { compile } from "../helpers/compile";
import { centralDifference, expectClose } from "../helpers/check";

const source = `
import { grad, jvp, vjp } from "cotangent";

/** Σ sin(x_i)·x_i², its terms written into an array first. */
// @differentiate
export function terms(x: number[]): number {
  const n = x.length;
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    out[i] = Math.sin(x[i]) * x[i] * x[i];
    if (out[i] > 10) out[i] = 10;
  }
  let s = 0;
  for (const t of out) s += t;
  return s;
}

/** The same with the array's own length as the bound, and a 'continue' after the write. */
// @differentiate
export function scaled(x: number[], k: number): number {
  const y: number[] = new Array(x.length);
  for (let i = 0; i < y.length; ++i) {
    y[i] = k * x[i];
    if (i % 2 === 1) continue;
    y[i] += 1;
  }
  return y.reduce((a, b) => a + b * b, 0);
}

export const g = grad(terms);
export const gs = grad(scaled, [0, 1]);
export const t = (x: number[], u: number[]) => jvp(terms, [x], [u]);
export const p = (x: number[]) => vjp(terms, x);
`;

test("an array of holes the next loop fills: gradients by hand, differences, jvp against vjp", () => {
  const m = compile({ "main.ts": source });
  expect(m.diagnostics).toEqual([]);
  const f = m.load("main.ts");
  const x = [0.4, -1.3, 2.2, 0.9];
  const d = (v: number) => Math.cos(v) * v * v + 2 * v * Math.sin(v);
  const grad: number[] = Array.from(f.g(x));
  x.forEach((v, i) => expectClose(grad[i], d(v), 1e-14, `d/dx${i}`));
  x.forEach((_, i) => {
    const u = x.map((_, k) => (k === i ? 1 : 0));
    expectClose(
      grad[i],
      centralDifference((...xs) => f.terms(xs), x, u),
      1e-8,
      `d/dx${i} by differences`,
    );
  });
  const u = [0.3, -0.7, 0.2, 1.1];
  const [value, tangent] = f.t(x, u);
  expectClose(value, f.terms(x), 1e-15, "jvp's value");
  const [, pullback] = f.p(x);
  const [cotangent] = pullback(0.6);
  const back: number[] = Array.from(cotangent);
  expectClose(
    tangent * 0.6,
    back.reduce((s, b, i) => s + b * u[i], 0),
    1e-13,
    "<J·u, w> against <u, Jᵀ·w>",
  );
  // scaled = Σ (k·x_i + [i even])²: d/dx_i = 2k(k·x_i + [i even]), d/dk = Σ 2x_i(k·x_i + [i even]).
  const k = 1.7;
  const [dx, dk] = f.gs(x, k);
  const y = x.map((v, i) => k * v + (i % 2 === 0 ? 1 : 0));
  x.forEach((_, i) => expectClose(dx[i], 2 * k * y[i], 1e-14, `scaled d/dx${i}`));
  expectClose(
    dk,
    x.reduce((s, v, i) => s + 2 * v * y[i], 0),
    1e-14,
    "scaled d/dk",
  );
});

test("holes a loop may leave unwritten, or read before writing, stay TS990091", () => {
  const refused = (loop: string) =>
    compile({
      "main.ts": `
// @differentiate
export function f(x: number[]): number {
  const out = new Array<number>(x.length);
  ${loop}
  return out[0];
}`,
    }).diagnostics;
  for (const loop of [
    "for (let i = 0; i < x.length; i++) { out[i] = x[i]; if (x[i] > 1) break; }",
    "for (let i = 1; i < x.length; i++) out[i] = x[i];",
    "for (let i = 0; i < x.length; i++) out[i] = (i > 0 ? out[i - 1] : 0) + x[i];",
    "for (let i = 0; i < x.length; i += 2) out[i] = x[i];",
    "for (let i = 0; i < x.length - 1; i++) out[i] = x[i];",
    "let s = 0; for (let i = 0; i < x.length; i++) out[i] = x[i];",
    "for (let i = 0; i < x.length; i++) { out[i] = x[i]; out[i] += out[x.length - 1]; }",
  ]) {
    expect(refused(loop)).toEqual([expect.stringMatching(/^main\.ts:4:15 - error TS990091: /)]);
  }
});
