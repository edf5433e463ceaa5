import { grad, jvp } from "cotangent";
import * as __ct from "cotangent/runtime";
// @differentiate
export function f(x: number, y: number): number {
    return Math.pow(x, 3) + x ** y + Math.hypot(x, y, 2) * Math.max(x, y, 0.5);
}
/** Gradient (reverse mode) of 'f' with respect to 'x', 'y': returns [x_bar, y_bar], the adjoints for the seed 1. */
function f_grad(x: number, y: number): [number, number] {
    let x_pow_y = 0, hypot_x_y_2 = 0, max_x_y = 0, max_max_x_y_c = 0, pow_x_3_bar = 0, x_bar = 0, x_pow_y_bar = 0, y_bar = 0, result_1_bar = 0, hypot_x_y_2_bar = 0, max_x_y_bar = 0, max_max_x_y_c_bar = 0, result_2_bar = 0, result_bar = 0;
    // adjoint of input.ts:5  return Math.pow(x, 3) + x ** y + Math.hypot(x, y, 2) * Ma...
    result_bar = 1;
    // input.ts:5  return Math.pow(x, 3) + x ** y + Math.hypot(x, y, 2) * Ma...
    x_pow_y = x ** y;
    hypot_x_y_2 = Math.hypot(x, y, 2);
    max_x_y = Math.max(x, y);
    max_max_x_y_c = Math.max(max_x_y, 0.5);
    // adjoint of input.ts:5  return Math.pow(x, 3) + x ** y + Math.hypot(x, y, 2) * Ma...
    result_1_bar = result_bar;
    result_2_bar = result_bar;
    hypot_x_y_2_bar = max_max_x_y_c * result_2_bar;
    max_max_x_y_c_bar = hypot_x_y_2 * result_2_bar;
    max_x_y_bar = (max_x_y > 0.5 ? 1 : max_x_y === 0.5 ? 0.5 : 0) * max_max_x_y_c_bar;
    x_bar = (x > y ? 1 : x === y ? 0.5 : 0) * max_x_y_bar;
    y_bar = (y > x ? 1 : x === y ? 0.5 : 0) * max_x_y_bar;
    x_bar += (hypot_x_y_2 === 0 ? 0 : x / hypot_x_y_2) * hypot_x_y_2_bar;
    y_bar += (hypot_x_y_2 === 0 ? 0 : y / hypot_x_y_2) * hypot_x_y_2_bar;
    pow_x_3_bar = result_1_bar;
    x_pow_y_bar = result_1_bar;
    x_bar += (y === 0 && x === 0 ? 0 : y * Math.pow(x, y - 1)) * x_pow_y_bar;
    y_bar += (x === 0 ? 0 : Math.log(x) * x_pow_y) * x_pow_y_bar;
    x_bar += 3 * Math.pow(x, 2) * pow_x_3_bar;
    return [x_bar, y_bar];
}
/** Tangent (forward mode) of 'f' with respect to 'x', 'y': returns [result, result_dot]. */
function f_jvp(x: number, y: number, x_dot: number, y_dot: number): [number, number] {
    let result = 0, pow_x_3 = 0, x_pow_y = 0, result_1 = 0, hypot_x_y_2 = 0, max_x_y = 0, max_max_x_y_c = 0, result_2 = 0, pow_x_3_dot = 0, x_pow_y_dot = 0, result_1_dot = 0, hypot_x_y_2_dot = 0, max_x_y_dot = 0, max_max_x_y_c_dot = 0, result_2_dot = 0, result_dot = 0;
    // input.ts:5  return Math.pow(x, 3) + x ** y + Math.hypot(x, y, 2) * Ma...
    pow_x_3 = Math.pow(x, 3);
    pow_x_3_dot = 3 * Math.pow(x, 2) * x_dot;
    x_pow_y = x ** y;
    x_pow_y_dot = (y === 0 && x === 0 ? 0 : y * Math.pow(x, y - 1)) * x_dot + (x === 0 ? 0 : Math.log(x) * x_pow_y) * y_dot;
    result_1 = pow_x_3 + x_pow_y;
    result_1_dot = pow_x_3_dot + x_pow_y_dot;
    hypot_x_y_2 = Math.hypot(x, y, 2);
    hypot_x_y_2_dot = (hypot_x_y_2 === 0 ? 0 : x / hypot_x_y_2) * x_dot + (hypot_x_y_2 === 0 ? 0 : y / hypot_x_y_2) * y_dot;
    max_x_y = Math.max(x, y);
    max_x_y_dot = (x > y ? 1 : x === y ? 0.5 : 0) * x_dot + (y > x ? 1 : x === y ? 0.5 : 0) * y_dot;
    max_max_x_y_c = Math.max(max_x_y, 0.5);
    max_max_x_y_c_dot = (max_x_y > 0.5 ? 1 : max_x_y === 0.5 ? 0.5 : 0) * max_x_y_dot;
    result_2 = hypot_x_y_2 * max_max_x_y_c;
    result_2_dot = max_max_x_y_c * hypot_x_y_2_dot + hypot_x_y_2 * max_max_x_y_c_dot;
    result = result_1 + result_2;
    result_dot = result_1_dot + result_2_dot;
    return [result, result_dot];
}
export const point = [1.5, 0.6];
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
