import { grad, hessian, jvp } from "cotangent";

/** Extended Rosenbrock: its Hessian is tridiagonal. */
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

export const point = [Float64Array.from([0.5, -0.2, 0.9, 1.3])];
export const tangent = (p: [Float64Array], t: [Float64Array]) => jvp(f, p, t);
export const gradient = grad(f, [0]);
export const hessianOf = hessian(f);
