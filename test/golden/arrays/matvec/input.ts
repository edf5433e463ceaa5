import { grad, jvp } from "cotangent";

/** One tanh layer: both sweeps run four rows of the matrix-vector product side by side (unroll-and-jam). */
// @differentiate
export function f(w: Float64Array, b: Float64Array, rows: number, cols: number): number {
  const x = new Float64Array(cols);
  for (let i = 0; i < cols; i++) x[i] = 0.5 - 0.75 * i;
  const h = new Float64Array(b.length);
  for (let j = 0; j < rows; j++) {
    let a = b[j];
    for (let i = 0; i < cols; i++) a += w[j * cols + i] * x[i];
    h[j] = Math.tanh(a);
  }
  let s = 0;
  for (let j = 0; j < rows; j++) s += h[j] * h[j];
  return s;
}

export const point = [
  Float64Array.from({ length: 18 }, (_, k) => Math.sin(k) * 0.7),
  new Float64Array([0.1, -0.2, 0.3, 0.4, -0.5, 0.6]),
  6,
  3,
];
export const gradient = grad(f, [0, 1, 2, 3]);
export const tangent = (
  p: [Float64Array, Float64Array, number, number],
  t: [Float64Array, Float64Array, number, number],
) => jvp(f, p, t);
