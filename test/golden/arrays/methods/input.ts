import { grad, jvp } from "cotangent";

/** Weighted log-sum-exp of a number[]: 'map' becomes a loop filling a local array, 'reduce' a loop summing it. */
// @differentiate
export function f(x: number[], w: number): number {
  const scaled = x.map((v) => v * w);
  return Math.log(scaled.reduce((acc, v) => acc + Math.exp(v), 0));
}

export const point = [[0.2, -1.1, 0.7], 1.3];
export const gradient = grad(f, [0, 1]);
export const tangent = (p: [number[], number], t: [number[], number]) => jvp(f, p, t);
