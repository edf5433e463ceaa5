import { grad, jvp } from "cotangent";

// @differentiate
export function f(x: number, y: number): number {
  const inside = x > 0 && y > 0;
  return inside ? x * y : x > 0 || y > 0 ? x + y : -x * y;
}

export const point = [0.5, 0.9];
export const gradient = grad(f, [0, 1]);
export const tangent = (p: [number, number], t: [number, number]) => jvp(f, p, t);
