import { grad, jvp } from "cotangent";

// @differentiate
export function f(x: number, y: number): number {
  return x * x * y + 3 * x - y / x;
}

export const point = [1.3, -0.7];
export const gradient = grad(f, [0, 1]);
export const tangent = (p: [number, number], t: [number, number]) => jvp(f, p, t);
