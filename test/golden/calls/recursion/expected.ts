import { grad, jvp } from "cotangent";
import * as __ct from "cotangent/runtime";
/** x^n by repeated squaring, recursively. */
// @differentiate
export function f(x: number, n: number): number {
    if (n === 0)
        return 1;
    const half = f(x, Math.floor(n / 2));
    return n % 2 === 0 ? half * half : half * half * x;
}
/** Gradient (reverse mode) of 'f' with respect to 'x', 'n': returns [x_bar, n_bar], the adjoints for the seed 1. */
function f_grad(x: number, n: number): [number, number] {
    const control = __ct.control;
    let cond = false, cond_1 = false;
    let n_over_2 = 0, floor_n_over_2 = 0, half = 0, n_mod_2 = 0, half_times_half = 0, f_x_bar = 0, half_bar = 0, x_bar = 0, result_choice_bar = 0, half_times_half_bar = 0, result_bar = 0, control_top = 0;
    let control_data!: Int32Array;
    // An error escaping the sweeps leaves the runtime's stacks at these depths, for the calls after it.
    const tape_entry = __ct.tape.top, control_entry = __ct.control.top, arrays_entry = __ct.arrays.top;
    try {
        control_top = control.top;
        control_data = control.data;
        // adjoint of input.ts:6  if (n === 0) return 1;
        result_bar = 1;
        // input.ts:6  if (n === 0) return 1;
        cond = n === 0;
        if (cond) {
            control_data = control_top + 1 <= control_data.length ? control_data : control.reserve(control_top, 1);
            control_data[control_top++] = 1;
        }
        else {
            // input.ts:7  const half = f(x, Math.floor(n / 2));
            n_over_2 = n / 2;
            floor_n_over_2 = Math.floor(n_over_2);
            control.setTop(control_top);
            half = f_vjp_x_fwd(x, floor_n_over_2);
            control_top = control.top;
            control_data = control.data;
            control_data = control_top + 2 <= control_data.length ? control_data : control.reserve(control_top, 2);
            // input.ts:8  return n % 2 === 0 ? half * half : half * half * x;
            n_mod_2 = n % 2;
            cond_1 = n_mod_2 === 0;
            if (cond_1) {
                control_data[control_top++] = 1;
            }
            else {
                half_times_half = half * half;
                control_data[control_top++] = 0;
            }
            // input.ts:6  if (n === 0) return 1;
            control_data[control_top++] = 0;
        }
        // adjoint of input.ts:6  if (n === 0) return 1;
        if (!control_data[--control_top]) {
            // adjoint of input.ts:8  return n % 2 === 0 ? half * half : half * half * x;
            result_choice_bar = result_bar;
            if (control_data[--control_top]) {
                half_bar = 2 * half * result_choice_bar;
            }
            else {
                half_times_half_bar = x * result_choice_bar;
                x_bar = half_times_half * result_choice_bar;
                half_bar = 2 * half * half_times_half_bar;
            }
            control.setTop(control_top);
            // adjoint of input.ts:7  const half = f(x, Math.floor(n / 2));
            [f_x_bar] = f_vjp_x_bwd(half_bar);
            control_top = control.top;
            control_data = control.data;
            x_bar += f_x_bar;
        }
        control.setTop(control_top);
        return [x_bar, 0];
    }
    catch (error) {
        __ct.unwind(tape_entry, control_entry, arrays_entry);
        throw error;
    }
}
/** Tangent (forward mode) of 'f' with respect to 'x', 'n': returns [result, result_dot]. */
function f_jvp(x: number, n: number, x_dot: number, n_dot: number): [number, number] {
    let result = 0, n_over_2 = 0, floor_n_over_2 = 0, half = 0, n_mod_2 = 0, result_choice = 0, half_times_half = 0, result_dot = 0, half_dot = 0, result_choice_dot = 0, half_times_half_dot = 0;
    let cond = false, cond_1 = false;
    // input.ts:6  if (n === 0) return 1;
    cond = n === 0;
    if (cond) {
        // input.ts:6  return 1;
        result = 1;
        result_dot = 0;
    }
    else {
        // input.ts:7  const half = f(x, Math.floor(n / 2));
        n_over_2 = n / 2;
        floor_n_over_2 = Math.floor(n_over_2);
        [half, half_dot] = f_jvp_x(x, floor_n_over_2, x_dot);
        // input.ts:8  return n % 2 === 0 ? half * half : half * half * x;
        n_mod_2 = n % 2;
        cond_1 = n_mod_2 === 0;
        if (cond_1) {
            result_choice = half * half;
            result_choice_dot = 2 * half * half_dot;
        }
        else {
            half_times_half = half * half;
            half_times_half_dot = 2 * half * half_dot;
            result_choice = half_times_half * x;
            result_choice_dot = x * half_times_half_dot + half_times_half * x_dot;
        }
        result = result_choice;
        result_dot = result_choice_dot;
    }
    return [result, result_dot];
}
/** Forward sweep of 'f' for a differentiated caller: computes result and records what f_vjp_x_bwd needs. */
function f_vjp_x_fwd(x: number, n: number): number {
    const tape = __ct.tape;
    const control = __ct.control;
    let result = 0, n_over_2 = 0, floor_n_over_2 = 0, half = 0, n_mod_2 = 0, result_choice = 0, half_times_half = 0, tape_top = 0, control_top = 0;
    let cond = false, cond_1 = false;
    let tape_data!: Float64Array;
    let control_data!: Int32Array;
    control_top = control.top;
    control_data = control.data;
    tape_top = tape.top;
    tape_data = tape.data;
    // input.ts:6  if (n === 0) return 1;
    cond = n === 0;
    if (cond) {
        control_data = control_top + 1 <= control_data.length ? control_data : control.reserve(control_top, 1);
        // input.ts:6  return 1;
        result = 1;
        // input.ts:6  if (n === 0) return 1;
        control_data[control_top++] = 1;
    }
    else {
        // input.ts:7  const half = f(x, Math.floor(n / 2));
        n_over_2 = n / 2;
        floor_n_over_2 = Math.floor(n_over_2);
        tape.setTop(tape_top);
        control.setTop(control_top);
        half = f_vjp_x_fwd(x, floor_n_over_2);
        control_top = control.top;
        control_data = control.data;
        control_data = control_top + 2 <= control_data.length ? control_data : control.reserve(control_top, 2);
        tape_top = tape.top;
        tape_data = tape.data;
        // input.ts:8  return n % 2 === 0 ? half * half : half * half * x;
        n_mod_2 = n % 2;
        cond_1 = n_mod_2 === 0;
        if (cond_1) {
            result_choice = half * half;
            control_data[control_top++] = 1;
        }
        else {
            half_times_half = half * half;
            result_choice = half_times_half * x;
            control_data[control_top++] = 0;
        }
        result = result_choice;
        // input.ts:6  if (n === 0) return 1;
        control_data[control_top++] = 0;
    }
    tape_data = tape_top + 3 <= tape_data.length ? tape_data : tape.reserve(tape_top, 3);
    tape_data[tape_top++] = half;
    tape_data[tape_top++] = half_times_half;
    tape_data[tape_top++] = x;
    tape.setTop(tape_top);
    control.setTop(control_top);
    return result;
}
/** Reverse sweep of 'f' after f_vjp_x_fwd: returns the adjoints of 'x'. */
function f_vjp_x_bwd(result_bar: number): [number] {
    const tape = __ct.tape;
    const control = __ct.control;
    let half = 0, half_times_half = 0, f_x_bar = 0, half_bar = 0, x_bar = 0, result_choice_bar = 0, half_times_half_bar = 0, x = 0, tape_top = 0, control_top = 0;
    let tape_data!: Float64Array;
    let control_data!: Int32Array;
    control_top = control.top;
    control_data = control.data;
    tape_top = tape.top;
    tape_data = tape.data;
    x = tape_data[--tape_top];
    half_times_half = tape_data[--tape_top];
    half = tape_data[--tape_top];
    // adjoint of input.ts:6  if (n === 0) return 1;
    if (!control_data[--control_top]) {
        // adjoint of input.ts:8  return n % 2 === 0 ? half * half : half * half * x;
        result_choice_bar = result_bar;
        if (control_data[--control_top]) {
            half_bar = 2 * half * result_choice_bar;
        }
        else {
            half_times_half_bar = x * result_choice_bar;
            x_bar = half_times_half * result_choice_bar;
            half_bar = 2 * half * half_times_half_bar;
        }
        tape.setTop(tape_top);
        control.setTop(control_top);
        // adjoint of input.ts:7  const half = f(x, Math.floor(n / 2));
        [f_x_bar] = f_vjp_x_bwd(half_bar);
        control_top = control.top;
        control_data = control.data;
        tape_top = tape.top;
        tape_data = tape.data;
        x_bar += f_x_bar;
    }
    tape.setTop(tape_top);
    control.setTop(control_top);
    return [x_bar];
}
/** Tangent (forward mode) of 'f' with respect to 'x': returns [result, result_dot]. */
function f_jvp_x(x: number, n: number, x_dot: number): [number, number] {
    let result = 0, n_over_2 = 0, floor_n_over_2 = 0, half = 0, n_mod_2 = 0, result_choice = 0, half_times_half = 0, result_dot = 0, half_dot = 0, result_choice_dot = 0, half_times_half_dot = 0;
    let cond = false, cond_1 = false;
    // input.ts:6  if (n === 0) return 1;
    cond = n === 0;
    if (cond) {
        // input.ts:6  return 1;
        result = 1;
        result_dot = 0;
    }
    else {
        // input.ts:7  const half = f(x, Math.floor(n / 2));
        n_over_2 = n / 2;
        floor_n_over_2 = Math.floor(n_over_2);
        [half, half_dot] = f_jvp_x(x, floor_n_over_2, x_dot);
        // input.ts:8  return n % 2 === 0 ? half * half : half * half * x;
        n_mod_2 = n % 2;
        cond_1 = n_mod_2 === 0;
        if (cond_1) {
            result_choice = half * half;
            result_choice_dot = 2 * half * half_dot;
        }
        else {
            half_times_half = half * half;
            half_times_half_dot = 2 * half * half_dot;
            result_choice = half_times_half * x;
            result_choice_dot = x * half_times_half_dot + half_times_half * x_dot;
        }
        result = result_choice;
        result_dot = result_choice_dot;
    }
    return [result, result_dot];
}
export const point = [1.1, 7];
export const gradient = (x: number, n: number) => {
    const r = f_grad(x, n);
    return [r[0], r[1]];
};
export const tangent = (p: [
    number,
    number
], t: [
    number,
    number
]) => ((primals: [number, number], tangents: [number, number]) => f_jvp(primals[0], primals[1], tangents[0], tangents[1]))(p, t);
