import { grad, jvp } from "cotangent";

export interface LinearModel {
  w: Float64Array;
  b: number;
  name: string;
}

/** Squared error of a linear model on one sample; the gradient in 'model' is an object { w, b } ('name' is carried). */
// @differentiate
export function f(model: LinearModel, x: Float64Array, y: number): number {
  let z = model.b;
  for (let j = 0; j < model.w.length; j++) z += model.w[j] * x[j];
  const e = z - y;
  return 0.5 * e * e;
}

export const point = [{ w: new Float64Array([0.4, -0.6]), b: 0.1, name: "ridge" }, new Float64Array([1.5, 0.25]), 0.7];
export const gradient = grad(f, [0, 1, 2]);
export const tangent = (p: [LinearModel, Float64Array, number], t: [LinearModel, Float64Array, number]) => jvp(f, p, t);
