import { grad, jvp } from "cotangent";

/** One tanh layer: the helper is inlined with W naming one matrix of the caller's array of matrices. */
function dense(W: number[][], h: number[]): number[] {
  const out: number[] = [];
  for (const row of W) {
    let s = 0;
    for (let j = 0; j < row.length; j++) s += row[j] * h[j];
    out.push(Math.tanh(s));
  }
  return out;
}

/**
 * A network of any depth, its weights layer by layer in a number[][][]: the generated functions take every matrix's
 * rows one after another and where each matrix's rows start, and grad gives the gradient back shaped as Ws.
 */
// @differentiate
export function f(Ws: number[][][], x: number[]): number {
  let h = x;
  for (const W of Ws) h = dense(W, h);
  let s = 0;
  for (const v of h) s += v;
  return s;
}

export const point = [
  [
    [
      [0.5, -0.3],
      [0.2, 0.8],
      [-0.6, 0.1],
    ],
    [[0.4, -0.7, 0.9]],
  ],
  [0.3, -1.2],
];
export const gradient = grad(f, [0, 1]);
export const tangent = (p: [number[][][], number[]], t: [number[][][], number[]]) => jvp(f, p, t);
