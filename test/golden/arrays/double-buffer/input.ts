import { grad, jvp } from "cotangent";

/**
 * Explicit heat steps over two buffers that trade places each step, as time-stepping code writes it: the generated
 * code permutes the names, and their adjoints with them, and the reverse sweep permutes them back.
 */
// @differentiate
export function f(u0: Float64Array, alpha: number): number {
  const n = u0.length;
  let cur = Float64Array.from(u0);
  let next = new Float64Array(n);
  for (let step = 0; step < 3; step++) {
    for (let i = 1; i < n - 1; i++) next[i] = cur[i] + alpha * (cur[i - 1] - 2 * cur[i] + cur[i + 1]);
    next[0] = cur[0];
    next[n - 1] = cur[n - 1];
    [cur, next] = [next, cur];
  }
  let e = 0;
  for (let i = 0; i < n; i++) e += cur[i] * cur[i];
  return e;
}

export const point = [new Float64Array([0.5, 1.2, -0.3, 0.8]), 0.2];
export const gradient = grad(f, [0, 1]);
export const tangent = (p: [Float64Array, number], t: [Float64Array, number]) => jvp(f, p, t);
