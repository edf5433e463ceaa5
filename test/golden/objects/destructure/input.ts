import { grad, jvp } from "cotangent";

export interface Layer {
  w: Float64Array;
  b: number;
}

/** A destructured parameter, a tuple pattern and a recurrence written as a destructuring assignment. */
// @differentiate
export function f({ w, b }: Layer, [x, y]: [number, number]): number {
  let [u, v] = [x, y];
  for (let i = 0; i < w.length; i++) [u, v] = [v, w[i] * u + b * v];
  return u * v;
}

export const point = [{ w: new Float64Array([0.4, -0.6, 0.3]), b: 0.8 }, [1.5, 0.25]];
export const gradient = grad(f, [0, 1]);
export const tangent = (p: [Layer, [number, number]], t: [Layer, [number, number]]) => jvp(f, p, t);
