import { grad, jvp } from "cotangent";

/** x^n by repeated squaring, recursively. */
// @differentiate
export function f(x: number, n: number): number {
  if (n === 0) return 1;
  const half = f(x, Math.floor(n / 2));
  return n % 2 === 0 ? half * half : half * half * x;
}

export const point = [1.1, 7];
export const gradient = grad(f, [0, 1]);
export const tangent = (p: [number, number], t: [number, number]) => jvp(f, p, t);
