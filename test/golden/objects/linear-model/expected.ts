import { grad, jvp } from "cotangent";
import * as __ct from "cotangent/runtime";
export interface LinearModel {
    w: Float64Array;
    b: number;
    name: string;
}
/** Squared error of a linear model on one sample; the gradient in 'model' is an object { w, b } ('name' is carried). */
// @differentiate
export function f(model: LinearModel, x: Float64Array, y: number): number {
    let z = model.b;
    for (let j = 0; j < model.w.length; j++)
        z += model.w[j] * x[j];
    const e = z - y;
    return 0.5 * e * e;
}
/** Gradient (reverse mode) of 'f' with respect to 'model_w', 'model_b', 'x', 'y': returns [model_w_bar, model_b_bar, x_bar, y_bar], the adjoints for the seed 1. */
function f_grad(model_w: Float64Array, model_b: number, x: Float64Array, y: number): [Float64Array, number, Float64Array, number] {
    let z = 0, j = 0, model_w_length = 0, model_w_j = 0, x_j = 0, z_1 = 0, e = 0, loop1_count = 0, z_bar = 0, model_b_bar = 0, model_w_j_bar = 0, x_j_bar = 0, z_1_bar = 0, e_bar = 0, y_bar = 0, result_bar = 0;
    let model_w_bar!: Float64Array, x_bar!: Float64Array;
    // adjoint of input.ts:15  return 0.5 * e * e;
    result_bar = 1;
    model_w_bar = new Float64Array(model_w.length);
    x_bar = new Float64Array(x.length);
    // input.ts:12  let z = model.b;
    z = model_b;
    // input.ts:13  for (let j = 0; j < model.w.length; j++) z += model.w[j] ...
    j = 0;
    model_w_length = model_w.length;
    loop1_count = 0;
    while (j < model_w_length) {
        // input.ts:13  z += model.w[j] * x[j];
        model_w_j = model_w[j];
        x_j = x[j];
        z_1 = model_w_j * x_j;
        z += z_1;
        // input.ts:13  for (let j = 0; j < model.w.length; j++) z += model.w[j] ...
        j += 1;
        loop1_count += 1;
    }
    // input.ts:14  const e = z - y;
    e = z - y;
    // adjoint of input.ts:15  return 0.5 * e * e;
    e_bar = e * result_bar;
    // adjoint of input.ts:14  const e = z - y;
    z_bar = e_bar;
    y_bar = -e_bar;
    // adjoint of input.ts:13  for (let j = 0; j < model.w.length; j++) z += model.w[j] ...
    for (let loop1_iter = loop1_count; loop1_iter > 0; loop1_iter--) {
        j -= 1;
        // adjoint of input.ts:13  z += model.w[j] * x[j];
        z_1_bar = z_bar;
        // recompute input.ts:13  z += model.w[j] * x[j];
        model_w_j = model_w[j];
        x_j = x[j];
        // adjoint of input.ts:13  z += model.w[j] * x[j];
        model_w_j_bar = x_j * z_1_bar;
        x_j_bar = model_w_j * z_1_bar;
        x_bar[j] += x_j_bar;
        model_w_bar[j] += model_w_j_bar;
    }
    // adjoint of input.ts:12  let z = model.b;
    model_b_bar = z_bar;
    return [model_w_bar, model_b_bar, x_bar, y_bar];
}
/** Tangent (forward mode) of 'f' with respect to 'model_w', 'model_b', 'x', 'y': returns [result, result_dot]. */
function f_jvp(model_w: Float64Array, model_b: number, x: Float64Array, y: number, model_w_dot: Float64Array, model_b_dot: number, x_dot: Float64Array, y_dot: number): [number, number] {
    let result = 0, z = 0, j = 0, model_w_length = 0, model_w_j = 0, x_j = 0, z_1 = 0, e = 0, c_times_e = 0, z_dot = 0, model_w_j_dot = 0, x_j_dot = 0, z_1_dot = 0, e_dot = 0, result_dot = 0;
    __ct.sameLength(model_w_dot, model_w, "the tangent of 'model.w'");
    __ct.sameLength(x_dot, x, "the tangent of 'x'");
    // input.ts:12  let z = model.b;
    z = model_b;
    z_dot = model_b_dot;
    // input.ts:13  for (let j = 0; j < model.w.length; j++) z += model.w[j] ...
    j = 0;
    model_w_length = model_w.length;
    while (j < model_w_length) {
        // input.ts:13  z += model.w[j] * x[j];
        model_w_j = model_w[j];
        model_w_j_dot = model_w_dot[j];
        x_j = x[j];
        x_j_dot = x_dot[j];
        z_1 = model_w_j * x_j;
        z_1_dot = x_j * model_w_j_dot + model_w_j * x_j_dot;
        z += z_1;
        z_dot += z_1_dot;
        // input.ts:13  for (let j = 0; j < model.w.length; j++) z += model.w[j] ...
        j += 1;
    }
    // input.ts:14  const e = z - y;
    e = z - y;
    e_dot = z_dot - y_dot;
    // input.ts:15  return 0.5 * e * e;
    c_times_e = 0.5 * e;
    result = c_times_e * e;
    result_dot = e * e_dot;
    return [result, result_dot];
}
export const point = [{ w: new Float64Array([0.4, -0.6]), b: 0.1, name: "ridge" }, new Float64Array([1.5, 0.25]), 0.7];
export const gradient = (model: LinearModel, x: Float64Array, y: number) => {
    const r = f_grad(model.w, model.b, x, y);
    return [{ w: r[0], b: r[1] }, r[2], r[3]];
};
export const tangent = (p: [
    LinearModel,
    Float64Array,
    number
], t: [
    LinearModel,
    Float64Array,
    number
]) => ((primals: [LinearModel, Float64Array, number], tangents: [any, Float64Array, number]) => f_jvp(primals[0].w, primals[0].b, primals[1], primals[2], tangents[0].w, tangents[0].b, tangents[1], tangents[2]))(p, t);
