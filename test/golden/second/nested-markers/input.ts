import { grad, jacfwd, jacrev, jvp, vjp } from "cotangent";

/** Second derivatives as JAX composes them: markers of a gradient, each a Hessian product of f. */
// @differentiate
export function f(x: number[], y: number): number {
  return x[0] * x[1] * y * y + Math.sin(y) * x[0];
}

export const point = [[0.7, 0.3], 0.5];
export const tangent = (p: [number[], number], t: [number[], number]) => jvp(f, p, t);
export const gradient = grad(f, [0, 1]);
export const hessianInX = jacfwd(grad(f));
export const mixedRows = jacrev(grad(f), 1);
export const secondInY = grad(grad(f, 1), [0, 1]);
export const gradientJvp = (x: number[], y: number, u: number[], v: number) => jvp(grad(f), [x, y], [u, v]);
export const gradientVjp = (x: number[], y: number) => vjp(grad(f), x, y);
