import { grad, jvp } from "cotangent";

function softmax(z: Float64Array): Float64Array {
  let top = -Infinity;
  for (const v of z) top = Math.max(top, v);
  const e = z.map((v) => Math.exp(v - top));
  const total = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / total);
}

// @differentiate
export function f(x: Float64Array, y: Float64Array): number {
  const p = softmax(x);
  let loss = 0;
  for (let i = 0; i < p.length; i++) loss -= y[i] * Math.log(p[i]);
  return loss;
}

export const point = [Float64Array.from([0.4, -1.2, 0.9]), Float64Array.from([0.2, 0.5, 0.3])];
export const gradient = grad(f, [0, 1]);
export const tangent = (p: [Float64Array, Float64Array], t: [Float64Array, Float64Array]) => jvp(f, p, t);
