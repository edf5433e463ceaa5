import { grad, jvp } from "cotangent";

// @differentiate
export function f(x: number, y: number): number {
  return Math.pow(x, 3) + x ** y + Math.hypot(x, y, 2) * Math.max(x, y, 0.5);
}

export const point = [1.5, 0.6];
export const gradient = grad(f, [0, 1]);
export const tangent = (p: [number, number], t: [number, number]) => jvp(f, p, t);
