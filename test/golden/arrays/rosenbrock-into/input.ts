import { grad, gradInto, jvp } from "cotangent";

/** Rosenbrock's gradient written into the caller's Float64Array: same loop as f_vjp, no allocation. */
// @differentiate
export function f(x: Float64Array): number {
  let s = 0;
  for (let i = 0; i < x.length - 1; i++) {
    const a = x[i + 1] - x[i] * x[i];
    const b = 1 - x[i];
    s += 100 * a * a + b * b;
  }
  return s;
}

export const point = [new Float64Array([0.5, -0.3, 1.2])];
export const gradient = grad(f, [0]);
export const gradientInto = gradInto(f, [0]);
export const tangent = (p: [Float64Array], t: [Float64Array]) => jvp(f, p, t);
