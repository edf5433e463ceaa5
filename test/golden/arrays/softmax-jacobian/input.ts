import { jacfwd, jvp, vjp } from "cotangent";

/** Softmax of a Float64Array, shifted by its maximum so that 'exp' never overflows. */
// @differentiate
export function f(x: Float64Array): Float64Array {
  let m = x[0];
  for (let i = 1; i < x.length; i++) m = Math.max(m, x[i]);
  const e = new Float64Array(x.length);
  let s = 0;
  for (let i = 0; i < x.length; i++) {
    e[i] = Math.exp(x[i] - m);
    s += e[i];
  }
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = e[i] / s;
  return out;
}

export const point = [new Float64Array([0.1, 0.5, -0.2])];
export const jacobian = jacfwd(f);
export const tangent = (p: [Float64Array], t: [Float64Array]) => jvp(f, p, t);
export const pullback = (x: Float64Array) => vjp(f, x)[1];
