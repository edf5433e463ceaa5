import { grad, jvp } from "cotangent";
import * as __ct from "cotangent/runtime";
// @differentiate
export function f(x: number, y: number): number {
    const r = Math.atan2(y, x);
    return Math.sin(x) * Math.cos(y) + r * r;
}
/** Gradient (reverse mode) of 'f' with respect to 'x', 'y': returns [x_bar, y_bar], the adjoints for the seed 1. */
function f_grad(x: number, y: number): [number, number] {
    let r = 0, sin_x = 0, cos_y = 0, r_bar = 0, y_bar = 0, x_bar = 0, sin_x_bar = 0, cos_y_bar = 0, result_1_bar = 0, r_times_r_bar = 0, result_bar = 0;
    // adjoint of input.ts:6  return Math.sin(x) * Math.cos(y) + r * r;
    result_bar = 1;
    // input.ts:5  const r = Math.atan2(y, x);
    r = Math.atan2(y, x);
    // input.ts:6  return Math.sin(x) * Math.cos(y) + r * r;
    sin_x = Math.sin(x);
    cos_y = Math.cos(y);
    // adjoint of input.ts:6  return Math.sin(x) * Math.cos(y) + r * r;
    result_1_bar = result_bar;
    r_times_r_bar = result_bar;
    r_bar = 2 * r * r_times_r_bar;
    sin_x_bar = cos_y * result_1_bar;
    cos_y_bar = sin_x * result_1_bar;
    y_bar = -(Math.sin(y) * cos_y_bar);
    x_bar = Math.cos(x) * sin_x_bar;
    // adjoint of input.ts:5  const r = Math.atan2(y, x);
    y_bar += x / (y * y + x * x) * r_bar;
    x_bar -= y / (y * y + x * x) * r_bar;
    return [x_bar, y_bar];
}
/** Tangent (forward mode) of 'f' with respect to 'x', 'y': returns [result, result_dot]. */
function f_jvp(x: number, y: number, x_dot: number, y_dot: number): [number, number] {
    let result = 0, r = 0, sin_x = 0, cos_y = 0, result_1 = 0, r_times_r = 0, r_dot = 0, sin_x_dot = 0, result_1_dot = 0, r_times_r_dot = 0, result_dot = 0, minus_cos_y_dot = 0;
    // input.ts:5  const r = Math.atan2(y, x);
    r = Math.atan2(y, x);
    r_dot = x / (y * y + x * x) * y_dot - y / (y * y + x * x) * x_dot;
    // input.ts:6  return Math.sin(x) * Math.cos(y) + r * r;
    sin_x = Math.sin(x);
    sin_x_dot = Math.cos(x) * x_dot;
    cos_y = Math.cos(y);
    minus_cos_y_dot = Math.sin(y) * y_dot;
    result_1 = sin_x * cos_y;
    result_1_dot = cos_y * sin_x_dot - sin_x * minus_cos_y_dot;
    r_times_r = r * r;
    r_times_r_dot = 2 * r * r_dot;
    result = result_1 + r_times_r;
    result_dot = result_1_dot + r_times_r_dot;
    return [result, result_dot];
}
export const point = [0.4, 1.2];
export const gradient = (x: number, y: number) => {
    const r = f_grad(x, y);
    return [r[0], r[1]];
};
export const tangent = (p: [
    number,
    number
], t: [
    number,
    number
]) => ((primals: [number, number], tangents: [number, number]) => f_jvp(primals[0], primals[1], tangents[0], tangents[1]))(p, t);
