/**
 * Jacobians in several parameters at once (`jacfwd(f, [0, 1])`, `jacrev(f, [2, 0])`): a tuple of Jacobians in the
 * order of `argnums`, JAX's shapes each. References: the one-parameter Jacobians (independent wrappers: one jvp or
 * vjp request per parameter) and closed forms; the runtime's own test counts jacrev's sweeps (once per output).
 */
import { compile } from "../helpers/compile";
import { relativeError } from "../helpers/check";

const source = `
import { jacfwd, jacrev } from "cotangent";
import { tapeBytes } from "cotangent/runtime";
// @differentiate
export function field(x: Float64Array, k: number, w: number[]): Float64Array {
  const out = new Float64Array(3);
  out[0] = x[0] * k + w[1];
  out[1] = Math.sin(x[1]) * w[0] * k;
  out[2] = x[0] * x[1] * w[2] - k * k;
  return out;
}
// @differentiate
export function energy(x: Float64Array, k: number): number {
  return x[0] * x[1] * k * k + Math.exp(x[0]);
}
// @differentiate
export function accumulate(acc: Float64Array, k: number): number {
  // Writes into its parameter: every sweep starts from the values acc held on entry.
  for (let i = 0; i < acc.length; i++) acc[i] = acc[i] * k + 1;
  return acc[0] * acc[1];
}
export const fieldForward = jacfwd(field, [0, 1, 2]);
export const fieldReverse = jacrev(field, [0, 1, 2]);
export const fieldForwardOne = [jacfwd(field, 0), jacfwd(field, 1), jacfwd(field, 2)];
export const fieldReverseOne = [jacrev(field, 0), jacrev(field, 1), jacrev(field, 2)];
export const energyForward = jacfwd(energy, [0, 1]);
export const energyReverse = jacrev(energy, [1, 0]);
export const accumulateForward = jacfwd(accumulate, [0, 1]);
export const accumulateReverse = jacrev(accumulate, [0, 1]);
export const accumulateForwardOne = jacfwd(accumulate, 0);
export const accumulateReverseOne = jacrev(accumulate, 0);
export const depth = () => tapeBytes();
`;

const out = compile({ "main.ts": source });

test("a tuple of Jacobians, each equal to the one-parameter Jacobian and to the closed form", () => {
  expect(out.diagnostics).toEqual([]);
  const m = out.load("main.ts");
  const [x0, x1] = [0.3, -0.7];
  const x = Float64Array.from([x0, x1]);
  const k = 2;
  const w = [1.5, 4, -0.5];
  const exactX = [
    [k, 0],
    [0, Math.cos(x1) * w[0] * k],
    [x1 * w[2], x0 * w[2]],
  ];
  const exactK = [x0, Math.sin(x1) * w[0], -2 * k];
  const exactW = [
    [0, 1, 0],
    [Math.sin(x1) * k, 0, 0],
    [0, 0, x0 * x1],
  ];
  for (const [jacobians, one] of [
    [m.fieldForward(x, k, w), m.fieldForwardOne],
    [m.fieldReverse(x, k, w), m.fieldReverseOne],
  ]) {
    const [jx, jk, jw] = jacobians as [number[][], number[], number[][]];
    // The same numbers (a zero's sign may differ: other parameters' zero tangents enter the products).
    [jx, jk, jw].forEach((jacobian, p) => expect(JSON.stringify(jacobian)).toBe(JSON.stringify(one[p](x, k, w))));
    jx.forEach((row, i) => row.forEach((v, j) => expect(relativeError(v, exactX[i][j])).toBeLessThan(1e-15)));
    jk.forEach((v, i) => expect(relativeError(v, exactK[i])).toBeLessThan(1e-15));
    jw.forEach((row, i) => row.forEach((v, j) => expect(relativeError(v, exactW[i][j])).toBeLessThan(1e-15)));
  }
  // A number result: the gradient in each parameter, in the order argnums names them.
  const gx = [x1 * k * k + Math.exp(x0), x0 * k * k];
  const gk = 2 * x0 * x1 * k;
  const [fx, fk] = m.energyForward(x, k);
  const [rk, rx] = m.energyReverse(x, k);
  [fx, rx].forEach((g: number[]) => g.forEach((v, i) => expect(relativeError(v, gx[i])).toBeLessThan(1e-15)));
  [fk, rk].forEach((v: number) => expect(relativeError(v, gk)).toBeLessThan(1e-15));
  expect(m.depth()).toBe(0);
});

test("a function writing into a parameter: each sweep starts from its values on entry, as with one parameter", () => {
  const m = out.load("main.ts");
  const k = 3;
  const pairs = [
    [m.accumulateForward, m.accumulateForwardOne],
    [m.accumulateReverse, m.accumulateReverseOne],
  ];
  for (const [jacobians, one] of pairs) {
    const acc = Float64Array.from([0.5, -2]);
    // f = (a0·k + 1)(a1·k + 1): ∂f/∂a = [k(a1·k + 1), k(a0·k + 1)], ∂f/∂k = a0(a1·k + 1) + a1(a0·k + 1).
    const [ga, gk] = jacobians(acc, k) as [number[], number];
    const [u, v] = [0.5 * k + 1, -2 * k + 1];
    expect(ga).toEqual([k * v, k * u]);
    expect(gk).toBe(0.5 * v + -2 * u);
    // The caller's array ends as the one-parameter Jacobian leaves it (jacrev runs f once; jacfwd only copies).
    const alone = Float64Array.from([0.5, -2]);
    expect(one(alone, k)).toEqual(ga);
    expect(Array.from(acc)).toEqual(Array.from(alone));
  }
});
