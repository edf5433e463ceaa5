import { grad, jvp } from "cotangent";

/** A smooth activation chosen by a mode: cases sharing a body, a break and a default case. */
// @differentiate
export function f(x: number, mode: number): number {
  let y = x;
  switch (mode) {
    case 0:
      y = Math.tanh(x);
      break;
    case 1:
    case 2:
      y = x / (1 + Math.exp(-x));
      break;
    default:
      return Math.log1p(Math.exp(x));
  }
  return y * mode;
}

export const point = [0.7, 2];
export const gradient = grad(f, [0, 1]);
export const tangent = (p: [number, number], t: [number, number]) => jvp(f, p, t);
