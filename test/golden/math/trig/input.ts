import { grad, jvp } from "cotangent";

// @differentiate
export function f(x: number, y: number): number {
  const r = Math.atan2(y, x);
  return Math.sin(x) * Math.cos(y) + r * r;
}

export const point = [0.4, 1.2];
export const gradient = grad(f, [0, 1]);
export const tangent = (p: [number, number], t: [number, number]) => jvp(f, p, t);
