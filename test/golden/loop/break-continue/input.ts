import { grad, jvp } from "cotangent";

// @differentiate
export function f(x: number, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) {
    if (i % 2 === 1) continue;
    s = s + x / (i + 1);
    if (s > 2) break;
  }
  return s * x;
}

export const point = [1.7, 10];
export const gradient = grad(f, [0, 1]);
export const tangent = (p: [number, number], t: [number, number]) => jvp(f, p, t);
