import { grad, jvp } from "cotangent";
import * as __ct from "cotangent/runtime";
// @differentiate
export function f(x: number, y: number): number {
    return x * x * y + 3 * x - y / x;
}
/** Gradient (reverse mode) of 'f' with respect to 'x', 'y': returns [x_bar, y_bar], the adjoints for the seed 1. */
function f_grad(x: number, y: number): [number, number] {
    let x_times_x = 0, y_over_x = 0, x_times_x_bar = 0, x_bar = 0, result_1_bar = 0, y_bar = 0, _3_times_x_bar = 0, result_2_bar = 0, result_bar = 0, minus_y_over_x_bar = 0;
    // adjoint of input.ts:5  return x * x * y + 3 * x - y / x;
    result_bar = 1;
    // input.ts:5  return x * x * y + 3 * x - y / x;
    x_times_x = x * x;
    y_over_x = y / x;
    // adjoint of input.ts:5  return x * x * y + 3 * x - y / x;
    result_2_bar = result_bar;
    minus_y_over_x_bar = result_bar;
    y_bar = -(minus_y_over_x_bar / x);
    x_bar = y_over_x / x * minus_y_over_x_bar;
    result_1_bar = result_2_bar;
    _3_times_x_bar = result_2_bar;
    x_bar += 3 * _3_times_x_bar;
    x_times_x_bar = y * result_1_bar;
    y_bar += x_times_x * result_1_bar;
    x_bar += 2 * x * x_times_x_bar;
    return [x_bar, y_bar];
}
/** Tangent (forward mode) of 'f' with respect to 'x', 'y': returns [result, result_dot]. */
function f_jvp(x: number, y: number, x_dot: number, y_dot: number): [number, number] {
    let result = 0, x_times_x = 0, result_1 = 0, _3_times_x = 0, result_2 = 0, y_over_x = 0, x_times_x_dot = 0, result_1_dot = 0, _3_times_x_dot = 0, result_2_dot = 0, y_over_x_dot = 0, result_dot = 0;
    // input.ts:5  return x * x * y + 3 * x - y / x;
    x_times_x = x * x;
    x_times_x_dot = 2 * x * x_dot;
    result_1 = x_times_x * y;
    result_1_dot = y * x_times_x_dot + x_times_x * y_dot;
    _3_times_x = 3 * x;
    _3_times_x_dot = 3 * x_dot;
    result_2 = result_1 + _3_times_x;
    result_2_dot = result_1_dot + _3_times_x_dot;
    y_over_x = y / x;
    y_over_x_dot = y_dot / x - y_over_x / x * x_dot;
    result = result_2 - y_over_x;
    result_dot = result_2_dot - y_over_x_dot;
    return [result, result_dot];
}
export const point = [1.3, -0.7];
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
