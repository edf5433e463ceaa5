import { grad, jvp } from "cotangent";

// @differentiate
export function f(x: number, y: number, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) {
    s += Math.sin(x * i) * y;
    if (s > 1) s = Math.log(s);
  }
  return s * s;
}

export const point = [0.3, 0.7, 5];
export const gradient = grad(f, [0, 1, 2]);
export const tangent = (p: [number, number, number], t: [number, number, number]) => jvp(f, p, t);
