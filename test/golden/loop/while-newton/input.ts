import { grad, jvp } from "cotangent";

/** Square root by Newton's method: the trip count depends on the data. */
// @differentiate
export function f(a: number): number {
  let x = a;
  let steps = 0;
  while (Math.abs(x * x - a) > 1e-12 * a && steps < 100) {
    x = 0.5 * (x + a / x);
    steps++;
  }
  return x;
}

export const point = [2.5];
export const gradient = grad(f, [0]);
export const tangent = (p: [number], t: [number]) => jvp(f, p, t);
