import { grad, jvp } from "cotangent";
import * as __ct from "cotangent/runtime";
function sq(t: number): number {
    return t * t;
}
/** 'sq' as a differentiated caller runs it, with nothing to differentiate: computes result and records nothing. */
function sq_vjp_none_fwd(t: number): number {
    let result = 0;
    // input.ts:4  return t * t;
    result = t * t;
    return result;
}
/** Adjoint (reverse mode) of 'sq' with respect to 't', which a differentiated caller re-runs from its arguments: returns [t_bar] for the seed result_bar. */
function sq_adjoint(t: number, result_bar: number): [number] {
    let t_bar = 0;
    // adjoint of input.ts:4  return t * t;
    t_bar = 2 * t * result_bar;
    return [t_bar];
}
/** Tangent (forward mode) of 'sq' with respect to 't': returns [result, result_dot]. */
function sq_jvp(t: number, t_dot: number): [number, number] {
    let result = 0, result_dot = 0;
    // input.ts:4  return t * t;
    result = t * t;
    result_dot = 2 * t * t_dot;
    return [result, result_dot];
}
// @differentiate
export function f(x: number, y: number): number {
    return sq(x) + sq(x * y) * 0.5;
}
/** Gradient (reverse mode) of 'f' with respect to 'x', 'y': returns [x_bar, y_bar], the adjoints for the seed 1. */
function f_grad(x: number, y: number): [number, number] {
    let x_times_y = 0, sq_t_bar = 0, sq_t_bar_1 = 0, sq_x_bar = 0, x_bar = 0, x_times_y_bar = 0, y_bar = 0, sq_x_times_y_bar = 0, result_1_bar = 0, result_bar = 0;
    // An error escaping the sweeps leaves the runtime's stacks at these depths, for the calls after it.
    const tape_entry = __ct.tape.top, control_entry = __ct.control.top, arrays_entry = __ct.arrays.top;
    try {
        // adjoint of input.ts:9  return sq(x) + sq(x * y) * 0.5;
        result_bar = 1;
        // input.ts:9  return sq(x) + sq(x * y) * 0.5;
        x_times_y = x * y;
        // adjoint of input.ts:9  return sq(x) + sq(x * y) * 0.5;
        sq_x_bar = result_bar;
        result_1_bar = result_bar;
        sq_x_times_y_bar = 0.5 * result_1_bar;
        [sq_t_bar_1] = sq_adjoint(x_times_y, sq_x_times_y_bar);
        x_times_y_bar = sq_t_bar_1;
        x_bar = y * x_times_y_bar;
        y_bar = x * x_times_y_bar;
        [sq_t_bar] = sq_adjoint(x, sq_x_bar);
        x_bar += sq_t_bar;
        return [x_bar, y_bar];
    }
    catch (error) {
        __ct.unwind(tape_entry, control_entry, arrays_entry);
        throw error;
    }
}
/** Tangent (forward mode) of 'f' with respect to 'x', 'y': returns [result, result_dot]. */
function f_jvp(x: number, y: number, x_dot: number, y_dot: number): [number, number] {
    let result = 0, sq_x = 0, x_times_y = 0, sq_x_times_y = 0, result_1 = 0, sq_x_dot = 0, x_times_y_dot = 0, sq_x_times_y_dot = 0, result_1_dot = 0, result_dot = 0;
    // input.ts:9  return sq(x) + sq(x * y) * 0.5;
    [sq_x, sq_x_dot] = sq_jvp(x, x_dot);
    x_times_y = x * y;
    x_times_y_dot = y * x_dot + x * y_dot;
    [sq_x_times_y, sq_x_times_y_dot] = sq_jvp(x_times_y, x_times_y_dot);
    result_1 = sq_x_times_y * 0.5;
    result_1_dot = 0.5 * sq_x_times_y_dot;
    result = sq_x + result_1;
    result_dot = sq_x_dot + result_1_dot;
    return [result, result_dot];
}
export const point = [0.9, -1.4];
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
