import { grad, jvp } from "cotangent";
import * as __ct from "cotangent/runtime";
// @differentiate
export function f(x: number, y: number): number {
    let z: number;
    if (x > y) {
        z = x * y;
    }
    else if (x > 0) {
        z = Math.sin(x) + y;
    }
    else {
        z = y * y;
    }
    return z * x;
}
/** Gradient (reverse mode) of 'f' with respect to 'x', 'y': returns [x_bar, y_bar], the adjoints for the seed 1. */
function f_grad(x: number, y: number): [number, number] {
    const control = __ct.control;
    let z = 0, sin_x = 0, z_bar = 0, x_bar = 0, y_bar = 0, sin_x_bar = 0, result_bar = 0, control_top = 0;
    let cond = false, cond_1 = false;
    let control_data!: Int32Array;
    control_top = control.top;
    control_data = control.data;
    control_data = control_top + 2 <= control_data.length ? control_data : control.reserve(control_top, 2);
    // adjoint of input.ts:13  return z * x;
    result_bar = 1;
    // input.ts:6  if (x > y)
    cond = x > y;
    if (cond) {
        // input.ts:7  z = x * y;
        z = x * y;
        // input.ts:6  if (x > y)
        control_data[control_top++] = 1;
    }
    else {
        // input.ts:8  if (x > 0)
        cond_1 = x > 0;
        if (cond_1) {
            // input.ts:9  z = Math.sin(x) + y;
            sin_x = Math.sin(x);
            z = sin_x + y;
            // input.ts:8  if (x > 0)
            control_data[control_top++] = 1;
        }
        else {
            // input.ts:11  z = y * y;
            z = y * y;
            // input.ts:8  if (x > 0)
            control_data[control_top++] = 0;
        }
        // input.ts:6  if (x > y)
        control_data[control_top++] = 0;
    }
    // adjoint of input.ts:13  return z * x;
    z_bar = x * result_bar;
    x_bar = z * result_bar;
    // adjoint of input.ts:6  if (x > y)
    if (control_data[--control_top]) {
        // adjoint of input.ts:7  z = x * y;
        x_bar += y * z_bar;
        y_bar = x * z_bar;
    }
    else {
        // adjoint of input.ts:8  if (x > 0)
        if (control_data[--control_top]) {
            // adjoint of input.ts:9  z = Math.sin(x) + y;
            sin_x_bar = z_bar;
            y_bar = z_bar;
            x_bar += Math.cos(x) * sin_x_bar;
        }
        else {
            // adjoint of input.ts:11  z = y * y;
            y_bar = 2 * y * z_bar;
        }
    }
    control.setTop(control_top);
    return [x_bar, y_bar];
}
/** Tangent (forward mode) of 'f' with respect to 'x', 'y': returns [result, result_dot]. */
function f_jvp(x: number, y: number, x_dot: number, y_dot: number): [number, number] {
    let result = 0, z = 0, sin_x = 0, z_dot = 0, sin_x_dot = 0, result_dot = 0;
    let cond = false, cond_1 = false;
    // input.ts:6  if (x > y)
    cond = x > y;
    if (cond) {
        // input.ts:7  z = x * y;
        z = x * y;
        z_dot = y * x_dot + x * y_dot;
    }
    else {
        // input.ts:8  if (x > 0)
        cond_1 = x > 0;
        if (cond_1) {
            // input.ts:9  z = Math.sin(x) + y;
            sin_x = Math.sin(x);
            sin_x_dot = Math.cos(x) * x_dot;
            z = sin_x + y;
            z_dot = sin_x_dot + y_dot;
        }
        else {
            // input.ts:11  z = y * y;
            z = y * y;
            z_dot = 2 * y * y_dot;
        }
    }
    // input.ts:13  return z * x;
    result = z * x;
    result_dot = x * z_dot + z * x_dot;
    return [result, result_dot];
}
export const point = [0.5, 0.9];
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
