import { grad, jvp } from "cotangent";

// @differentiate
export function f(x: number): number {
  let p = 1;
  for (let k = 0; k < 50; k++) {
    p = p * x;
    if (p > 10) return p - k;
  }
  return p;
}

export const point = [1.9];
export const gradient = grad(f, [0]);
export const tangent = (p: [number], t: [number]) => jvp(f, p, t);
