import { jacrev, jvp, vjp } from "cotangent";

export interface Summary {
  mean: number;
  spread: number;
  deviations: number[];
  ends: [number, number];
}

/**
 * Mean, spread, deviations from the mean and end points of a sample: an object result, so jvp, vjp and jacrev give
 * and take its shape.
 */
// @differentiate
export function f(x: number[]): Summary {
  let m = 0;
  for (const v of x) m += v;
  m /= x.length;
  const deviations = x.map((v) => v - m);
  let q = 0;
  for (const d of deviations) q += d * d;
  return { mean: m, spread: Math.sqrt(q / x.length), deviations, ends: [x[0], Math.sin(x[x.length - 1])] };
}

export const point = [[0.5, -1.2, 2, 0.7]];
export const tangent = (p: [number[]], t: [number[]]) => jvp(f, p, t);
export const pullback = (x: number[]) => vjp(f, x)[1];
export const jacobian = jacrev(f);
