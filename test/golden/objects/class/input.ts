import { grad, jvp } from "cotangent";

class Affine {
  constructor(
    public w: Float64Array,
    public b: number,
  ) {}

  apply(x: Float64Array): number {
    let s = this.b;
    for (let i = 0; i < x.length; i++) s += this.w[i] * x[i];
    return s;
  }

  get norm(): number {
    let s = 0;
    for (const v of this.w) s += v * v;
    return Math.sqrt(s);
  }
}

/** An object built, then used through a method and a getter, inside the differentiated function. */
// @differentiate
export function f(w: Float64Array, b: number, x: Float64Array): number {
  const layer = new Affine(w, b);
  return Math.tanh(layer.apply(x)) + 0.1 * layer.norm;
}

export const point = [new Float64Array([0.4, -0.6, 0.3]), 0.2, new Float64Array([1, 0.5, -2])];
export const gradient = grad(f, [0, 1, 2]);
export const tangent = (p: [Float64Array, number, Float64Array], t: [Float64Array, number, Float64Array]) =>
  jvp(f, p, t);
