import { grad, jvp } from "cotangent";

export interface Layer {
  readonly W: readonly (readonly number[])[];
  readonly b: readonly number[];
  readonly gain: number;
}

/** One layer, its fields destructured: the helper is inlined, each name a column of the caller's records. */
function dense({ W, b, gain }: Layer, h: number[]): number[] {
  const out: number[] = [];
  for (let i = 0; i < W.length; i++) {
    let s = b[i];
    for (let j = 0; j < h.length; j++) s += W[i][j] * h[j];
    out.push(gain * Math.tanh(s));
  }
  return out;
}

/**
 * A network of any depth whose layers are records that hold matrices: the generated functions take one column per
 * field (the matrices' rows and where each matrix starts, the arrays as a matrix, the gains in a Float64Array), and
 * grad gives one object per layer with every field's gradient.
 */
// @differentiate
export function f(layers: readonly Layer[], x: number[]): number {
  let h = x;
  for (const layer of layers) h = dense(layer, h);
  let s = 0;
  for (const v of h) s += v * v;
  return s;
}

export const point = [
  [
    {
      W: [
        [0.5, -0.3],
        [0.2, 0.8],
      ],
      b: [0.1, -0.2],
      gain: 1.5,
    },
    { W: [[0.4, -0.7]], b: [0.3], gain: 0.8 },
  ],
  [0.3, -1.2],
];
export const gradient = grad(f, [0, 1]);
export const tangent = (p: [Layer[], number[]], t: [Layer[], number[]]) => jvp(f, p, t);
