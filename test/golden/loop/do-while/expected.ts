import { grad, jvp } from "cotangent";
import * as __ct from "cotangent/runtime";
// @differentiate
export function f(x: number): number {
    let y = x;
    let k = 0;
    do {
        y = Math.cos(y) + x * 0.1;
        k++;
    } while (y > 0.5 && k < 6);
    return y * k;
}
/** Gradient (reverse mode) of 'f' with respect to 'x': returns x_bar, the adjoints for the seed 1. */
function f_grad(x: number): number {
    const tape = __ct.tape;
    let y = 0, k = 0, cos_y = 0, x_times_c = 0, loop1_count = 0, loop1_iter = 0, y_bar = 0, x_bar = 0, cos_y_bar = 0, x_times_c_bar = 0, result_bar = 0, tape_top = 0;
    let cond = false;
    let tape_data!: Float64Array;
    tape_top = tape.top;
    tape_data = tape.data;
    // adjoint of input.ts:11  return y * k;
    result_bar = 1;
    // input.ts:5  let y = x;
    y = x;
    // input.ts:6  let k = 0;
    k = 0;
    // input.ts:7  do
    loop1_count = 0;
    for (;;) {
        tape_data = tape_top + 1 <= tape_data.length ? tape_data : tape.reserve(tape_top, 1);
        // input.ts:8  y = Math.cos(y) + x * 0.1;
        cos_y = Math.cos(y);
        x_times_c = x * 0.1;
        tape_data[tape_top++] = y;
        y = cos_y + x_times_c;
        // input.ts:9  k++;
        k += 1;
        // input.ts:7  do
        cond = y > 0.5;
        if (!(cond && k < 6))
            break;
        loop1_count += 1;
    }
    // adjoint of input.ts:11  return y * k;
    y_bar = k * result_bar;
    // adjoint of input.ts:7  do
    loop1_iter = loop1_count;
    // adjoint of input.ts:8  y = Math.cos(y) + x * 0.1;
    cos_y_bar = y_bar;
    x_times_c_bar = y_bar;
    y = tape_data[--tape_top];
    x_bar = 0.1 * x_times_c_bar;
    y_bar = -(Math.sin(y) * cos_y_bar);
    // adjoint of input.ts:7  do
    for (; loop1_iter > 0; loop1_iter--) {
        // adjoint of input.ts:8  y = Math.cos(y) + x * 0.1;
        cos_y_bar = y_bar;
        x_times_c_bar = y_bar;
        y = tape_data[--tape_top];
        x_bar += 0.1 * x_times_c_bar;
        y_bar = -(Math.sin(y) * cos_y_bar);
    }
    // adjoint of input.ts:5  let y = x;
    x_bar += y_bar;
    tape.setTop(tape_top);
    return x_bar;
}
/** Tangent (forward mode) of 'f' with respect to 'x': returns [result, result_dot]. */
function f_jvp(x: number, x_dot: number): [number, number] {
    let result = 0, y = 0, k = 0, cos_y = 0, x_times_c = 0, y_dot = 0, x_times_c_dot = 0, result_dot = 0, minus_cos_y_dot = 0;
    let cond = false;
    // input.ts:5  let y = x;
    y = x;
    y_dot = x_dot;
    // input.ts:6  let k = 0;
    k = 0;
    // input.ts:7  do
    for (;;) {
        // input.ts:8  y = Math.cos(y) + x * 0.1;
        cos_y = Math.cos(y);
        minus_cos_y_dot = Math.sin(y) * y_dot;
        x_times_c = x * 0.1;
        x_times_c_dot = 0.1 * x_dot;
        y = cos_y + x_times_c;
        y_dot = x_times_c_dot - minus_cos_y_dot;
        // input.ts:9  k++;
        k += 1;
        // input.ts:7  do
        cond = y > 0.5;
        if (!(cond && k < 6))
            break;
    }
    // input.ts:11  return y * k;
    result = y * k;
    result_dot = k * y_dot;
    return [result, result_dot];
}
export const point = [0.6];
export const gradient = (x: number) => {
    const r = f_grad(x);
    return [r];
};
export const tangent = (p: [
    number
], t: [
    number
]) => ((primals: [number], tangents: [number]) => f_jvp(primals[0], tangents[0]))(p, t);
