import { grad, jvp } from "cotangent";

/** A chain of springs' potential energy. */
// @differentiate
export function potential(q: number[], k: number): number {
  let u = 0;
  for (let i = 0; i + 1 < q.length; i++) {
    const d = q[i + 1] - q[i];
    u += 0.5 * k * d * d + 0.25 * d * d * d * d;
  }
  return u;
}

/** The squared norm of the forces: a gradient called inside the differentiated function. */
// @differentiate
export function f(q: number[], k: number): number {
  const force = grad(potential)(q, k);
  let s = 0;
  for (let i = 0; i < q.length; i++) s += force[i] * force[i];
  return s;
}

export const point = [[0.3, -0.2, 0.5, 0.1], 1.5];
export const tangent = (p: [number[], number], t: [number[], number]) => jvp(f, p, t);
export const gradient = grad(f, [0, 1]);
