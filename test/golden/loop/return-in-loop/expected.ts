import { grad, jvp } from "cotangent";
import * as __ct from "cotangent/runtime";
// @differentiate
export function f(x: number): number {
    let p = 1;
    for (let k = 0; k < 50; k++) {
        p = p * x;
        if (p > 10)
            return p - k;
    }
    return p;
}
/** Gradient (reverse mode) of 'f' with respect to 'x': returns x_bar, the adjoints for the seed 1. */
function f_grad(x: number): number {
    const tape = __ct.tape;
    const control = __ct.control;
    let p = 0, k = 0, p_times_x = 0, loop1_count = 0, p_bar = 0, p_times_x_bar = 0, x_bar = 0, result_bar = 0, tape_top = 0, control_top = 0;
    let cond = false, returned = false;
    let tape_data!: Float64Array;
    let control_data!: Int32Array;
    control_top = control.top;
    control_data = control.data;
    tape_top = tape.top;
    tape_data = tape.data;
    // adjoint of input.ts:6  for (let k = 0; k < 50; k++)
    result_bar = 1;
    // input.ts:5  let p = 1;
    p = 1;
    // input.ts:6  for (let k = 0; k < 50; k++)
    k = 0;
    loop1_count = 0;
    while (!returned && k < 50) {
        control_data = control_top + 1 <= control_data.length ? control_data : control.reserve(control_top, 1);
        tape_data = tape_top + 1 <= tape_data.length ? tape_data : tape.reserve(tape_top, 1);
        // input.ts:7  p = p * x;
        p_times_x = p * x;
        tape_data[tape_top++] = p;
        p = p_times_x;
        // input.ts:8  if (p > 10) return p - k;
        cond = p > 10;
        if (cond) {
            // input.ts:8  return p - k;
            returned = true;
            // input.ts:8  if (p > 10) return p - k;
            control_data[control_top++] = 1;
        }
        else {
            control_data[control_top++] = 0;
        }
        // input.ts:6  for (let k = 0; k < 50; k++)
        if (!returned) {
            k += 1;
        }
        loop1_count += 1;
    }
    control_data = control_top + 1 <= control_data.length ? control_data : control.reserve(control_top, 1);
    if (!returned) {
        control_data[control_top++] = 1;
    }
    else {
        control_data[control_top++] = 0;
    }
    if (control_data[--control_top]) {
        // adjoint of input.ts:10  return p;
        p_bar = result_bar;
        result_bar = 0;
    }
    // adjoint of input.ts:6  for (let k = 0; k < 50; k++)
    for (let loop1_iter = loop1_count; loop1_iter > 0; loop1_iter--) {
        // adjoint of input.ts:8  if (p > 10) return p - k;
        if (control_data[--control_top]) {
            // adjoint of input.ts:8  return p - k;
            p_bar += result_bar;
            result_bar = 0;
        }
        // adjoint of input.ts:7  p = p * x;
        p_times_x_bar = p_bar;
        p = tape_data[--tape_top];
        p_bar = p_times_x_bar === 0 ? 0 : x * p_times_x_bar;
        x_bar += p_times_x_bar === 0 ? 0 : p * p_times_x_bar;
    }
    tape.setTop(tape_top);
    control.setTop(control_top);
    return x_bar;
}
/** Tangent (forward mode) of 'f' with respect to 'x': returns [result, result_dot]. */
function f_jvp(x: number, x_dot: number): [number, number] {
    let result = 0, p = 0, k = 0, p_times_x = 0, p_dot = 0, p_times_x_dot = 0, result_dot = 0;
    let cond = false, returned = false;
    // input.ts:5  let p = 1;
    p = 1;
    p_dot = 0;
    // input.ts:6  for (let k = 0; k < 50; k++)
    k = 0;
    while (!returned && k < 50) {
        // input.ts:7  p = p * x;
        p_times_x = p * x;
        p_times_x_dot = x * p_dot + p * x_dot;
        p = p_times_x;
        p_dot = p_times_x_dot;
        // input.ts:8  if (p > 10) return p - k;
        cond = p > 10;
        if (cond) {
            // input.ts:8  return p - k;
            result = p - k;
            result_dot = p_dot;
            returned = true;
        }
        // input.ts:6  for (let k = 0; k < 50; k++)
        if (!returned) {
            k += 1;
        }
    }
    if (!returned) {
        // input.ts:10  return p;
        result = p;
        result_dot = p_dot;
    }
    return [result, result_dot];
}
export const point = [1.9];
export const gradient = (x: number) => {
    const r = f_grad(x);
    return [r];
};
export const tangent = (p: [
    number
], t: [
    number
]) => ((primals: [number], tangents: [number]) => f_jvp(primals[0], tangents[0]))(p, t);
