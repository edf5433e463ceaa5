import { grad, jvp } from "cotangent";

// @differentiate
export function f(x: number, y: number): number {
  let z: number;
  if (x > y) {
    z = x * y;
  } else if (x > 0) {
    z = Math.sin(x) + y;
  } else {
    z = y * y;
  }
  return z * x;
}

export const point = [0.5, 0.9];
export const gradient = grad(f, [0, 1]);
export const tangent = (p: [number, number], t: [number, number]) => jvp(f, p, t);
