import { grad, jvp } from "cotangent";

// @differentiate
export function f(x: number): number {
  const e = Math.exp(x);
  const r = Math.sqrt(e + 1);
  return Math.log(r) * Math.tanh(x);
}

export const point = [0.8];
export const gradient = grad(f, [0]);
export const tangent = (p: [number], t: [number]) => jvp(f, p, t);
