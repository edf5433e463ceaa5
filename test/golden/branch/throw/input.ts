import { grad, jvp } from "cotangent";

// @differentiate
export function f(x: Float64Array, rate: number): number {
  if (x.length === 0) throw new RangeError("x is empty");
  let log = 0;
  for (let i = 0; i < x.length; i++) {
    if (!(x[i] > 0)) throw new RangeError(`x[${i}] = ${x[i]} is not positive`);
    log += Math.log(x[i]);
  }
  return rate * log;
}

export const point = [Float64Array.from([0.5, 2, 1.5]), 0.7];
export const gradient = grad(f, [0, 1]);
export const tangent = (p: [Float64Array, number], t: [Float64Array, number]) => jvp(f, p, t);
