import { grad, jvp } from "cotangent";

function sq(t: number): number {
  return t * t;
}

// @differentiate
export function f(x: number, y: number): number {
  return sq(x) + sq(x * y) * 0.5;
}

export const point = [0.9, -1.4];
export const gradient = grad(f, [0, 1]);
export const tangent = (p: [number, number], t: [number, number]) => jvp(f, p, t);
