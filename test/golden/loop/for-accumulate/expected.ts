import { grad, jvp } from "cotangent";
import * as __ct from "cotangent/runtime";
// @differentiate
export function f(x: number, y: number, n: number): number {
    let s = 0;
    for (let i = 0; i < n; i++) {
        s += Math.sin(x * i) * y;
        if (s > 1)
            s = Math.log(s);
    }
    return s * s;
}
/** Gradient (reverse mode) of 'f' with respect to 'x', 'y', 'n': returns [x_bar, y_bar, n_bar], the adjoints for the seed 1. */
function f_grad(x: number, y: number, n: number): [number, number, number] {
    const tape = __ct.tape;
    const control = __ct.control;
    let s = 0, i = 0, x_times_i = 0, sin_x_times_i = 0, s_1 = 0, log_s = 0, loop1_count = 0, s_bar = 0, x_times_i_bar = 0, x_bar = 0, sin_x_times_i_bar = 0, s_1_bar = 0, y_bar = 0, log_s_bar = 0, result_bar = 0, tape_for_loop1 = 0, tape_top = 0, control_for_loop1 = 0, control_top = 0;
    let cond = false;
    let tape_data!: Float64Array;
    let control_data!: Int32Array;
    control_top = control.top;
    control_data = control.data;
    tape_top = tape.top;
    tape_data = tape.data;
    // adjoint of input.ts:10  return s * s;
    result_bar = 1;
    // input.ts:5  let s = 0;
    s = 0;
    // input.ts:6  for (let i = 0; i < n; i++)
    i = 0;
    loop1_count = 0;
    tape_for_loop1 = 2 * (n - i + 1);
    tape_data = tape_top + tape_for_loop1 <= tape_data.length ? tape_data : tape.reserve(tape_top, tape_for_loop1);
    control_for_loop1 = n - i + 1;
    control_data = control_top + control_for_loop1 <= control_data.length ? control_data : control.reserve(control_top, control_for_loop1);
    while (i < n) {
        // input.ts:7  s += Math.sin(x * i) * y;
        x_times_i = x * i;
        tape_data[tape_top++] = sin_x_times_i;
        sin_x_times_i = Math.sin(x_times_i);
        s_1 = sin_x_times_i * y;
        s += s_1;
        // input.ts:8  if (s > 1) s = Math.log(s);
        cond = s > 1;
        if (cond) {
            // input.ts:8  s = Math.log(s);
            log_s = Math.log(s);
            tape_data[tape_top++] = s;
            s = log_s;
            // input.ts:8  if (s > 1) s = Math.log(s);
            control_data[control_top++] = 1;
        }
        else {
            control_data[control_top++] = 0;
        }
        // input.ts:6  for (let i = 0; i < n; i++)
        i += 1;
        loop1_count += 1;
    }
    // adjoint of input.ts:10  return s * s;
    s_bar = 2 * s * result_bar;
    // adjoint of input.ts:6  for (let i = 0; i < n; i++)
    for (let loop1_iter = loop1_count; loop1_iter > 0; loop1_iter--) {
        i -= 1;
        // adjoint of input.ts:8  if (s > 1) s = Math.log(s);
        if (control_data[--control_top]) {
            // adjoint of input.ts:8  s = Math.log(s);
            log_s_bar = s_bar;
            s = tape_data[--tape_top];
            s_bar = log_s_bar / s;
        }
        // adjoint of input.ts:7  s += Math.sin(x * i) * y;
        s_1_bar = s_bar;
        sin_x_times_i_bar = y * s_1_bar;
        y_bar += sin_x_times_i * s_1_bar;
        // recompute input.ts:7  s += Math.sin(x * i) * y;
        x_times_i = x * i;
        // adjoint of input.ts:7  s += Math.sin(x * i) * y;
        x_times_i_bar = Math.cos(x_times_i) * sin_x_times_i_bar;
        sin_x_times_i = tape_data[--tape_top];
        x_bar += i * x_times_i_bar;
    }
    tape.setTop(tape_top);
    control.setTop(control_top);
    return [x_bar, y_bar, 0];
}
/** Tangent (forward mode) of 'f' with respect to 'x', 'y', 'n': returns [result, result_dot]. */
function f_jvp(x: number, y: number, n: number, x_dot: number, y_dot: number, n_dot: number): [number, number] {
    let result = 0, s = 0, i = 0, x_times_i = 0, sin_x_times_i = 0, s_1 = 0, log_s = 0, s_dot = 0, x_times_i_dot = 0, sin_x_times_i_dot = 0, s_1_dot = 0, log_s_dot = 0, result_dot = 0;
    let cond = false;
    // input.ts:5  let s = 0;
    s = 0;
    s_dot = 0;
    // input.ts:6  for (let i = 0; i < n; i++)
    i = 0;
    while (i < n) {
        // input.ts:7  s += Math.sin(x * i) * y;
        x_times_i = x * i;
        x_times_i_dot = i * x_dot;
        sin_x_times_i = Math.sin(x_times_i);
        sin_x_times_i_dot = Math.cos(x_times_i) * x_times_i_dot;
        s_1 = sin_x_times_i * y;
        s_1_dot = y * sin_x_times_i_dot + sin_x_times_i * y_dot;
        s += s_1;
        s_dot += s_1_dot;
        // input.ts:8  if (s > 1) s = Math.log(s);
        cond = s > 1;
        if (cond) {
            // input.ts:8  s = Math.log(s);
            log_s = Math.log(s);
            log_s_dot = s_dot / s;
            s = log_s;
            s_dot = log_s_dot;
        }
        // input.ts:6  for (let i = 0; i < n; i++)
        i += 1;
    }
    // input.ts:10  return s * s;
    result = s * s;
    result_dot = 2 * s * s_dot;
    return [result, result_dot];
}
export const point = [0.3, 0.7, 5];
export const gradient = (x: number, y: number, n: number) => {
    const r = f_grad(x, y, n);
    return [r[0], r[1], r[2]];
};
export const tangent = (p: [
    number,
    number,
    number
], t: [
    number,
    number,
    number
]) => ((primals: [number, number, number], tangents: [number, number, number]) => f_jvp(primals[0], primals[1], primals[2], tangents[0], tangents[1], tangents[2]))(p, t);
