import { grad, jvp } from "cotangent";

// @differentiate
export function f(x: number): number {
  let y = x;
  let k = 0;
  do {
    y = Math.cos(y) + x * 0.1;
    k++;
  } while (y > 0.5 && k < 6);
  return y * k;
}

export const point = [0.6];
export const gradient = grad(f, [0]);
export const tangent = (p: [number], t: [number]) => jvp(f, p, t);
