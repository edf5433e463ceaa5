import { grad, jvp } from "cotangent";
import * as __ct from "cotangent/runtime";
/** Square root by Newton's method: the trip count depends on the data. */
// @differentiate
export function f(a: number): number {
    let x = a;
    let steps = 0;
    while (Math.abs(x * x - a) > 1e-12 * a && steps < 100) {
        x = 0.5 * (x + a / x);
        steps++;
    }
    return x;
}
/** Gradient (reverse mode) of 'f' with respect to 'a': returns a_bar, the adjoints for the seed 1. */
function f_grad(a: number): number {
    const tape = __ct.tape;
    let x = 0, steps = 0, x_times_x = 0, cond = 0, abs_cond = 0, c_times_a = 0, a_over_x = 0, x_plus_a_over_x = 0, loop1_count = 0, x_bar = 0, a_bar = 0, a_over_x_bar = 0, x_plus_a_over_x_bar = 0, result_bar = 0, tape_top = 0;
    let cond_1 = false;
    let tape_data!: Float64Array;
    tape_top = tape.top;
    tape_data = tape.data;
    // adjoint of input.ts:12  return x;
    result_bar = 1;
    // input.ts:6  let x = a;
    x = a;
    // input.ts:7  let steps = 0;
    steps = 0;
    // input.ts:8  while (Math.abs(x * x - a) > 1e-12 * a && steps < 100)
    loop1_count = 0;
    for (;;) {
        x_times_x = x * x;
        cond = x_times_x - a;
        abs_cond = Math.abs(cond);
        c_times_a = 1e-12 * a;
        cond_1 = abs_cond > c_times_a;
        if (!(cond_1 && steps < 100))
            break;
        tape_data = tape_top + 1 <= tape_data.length ? tape_data : tape.reserve(tape_top, 1);
        // input.ts:9  x = 0.5 * (x + a / x);
        a_over_x = a / x;
        x_plus_a_over_x = x + a_over_x;
        tape_data[tape_top++] = x;
        x = 0.5 * x_plus_a_over_x;
        // input.ts:10  steps++;
        steps += 1;
        // input.ts:8  while (Math.abs(x * x - a) > 1e-12 * a && steps < 100)
        loop1_count += 1;
    }
    // adjoint of input.ts:12  return x;
    x_bar = result_bar;
    // adjoint of input.ts:8  while (Math.abs(x * x - a) > 1e-12 * a && steps < 100)
    for (let loop1_iter = loop1_count; loop1_iter > 0; loop1_iter--) {
        // adjoint of input.ts:9  x = 0.5 * (x + a / x);
        x_plus_a_over_x_bar = 0.5 * x_bar;
        x = tape_data[--tape_top];
        // recompute input.ts:9  x = 0.5 * (x + a / x);
        a_over_x = a / x;
        // adjoint of input.ts:9  x = 0.5 * (x + a / x);
        x_bar = x_plus_a_over_x_bar;
        a_over_x_bar = x_plus_a_over_x_bar;
        a_bar += a_over_x_bar / x;
        x_bar -= a_over_x / x * a_over_x_bar;
    }
    // adjoint of input.ts:6  let x = a;
    a_bar += x_bar;
    tape.setTop(tape_top);
    return a_bar;
}
/** Tangent (forward mode) of 'f' with respect to 'a': returns [result, result_dot]. */
function f_jvp(a: number, a_dot: number): [number, number] {
    let result = 0, x = 0, steps = 0, x_times_x = 0, cond = 0, abs_cond = 0, c_times_a = 0, a_over_x = 0, x_plus_a_over_x = 0, x_dot = 0, a_over_x_dot = 0, x_plus_a_over_x_dot = 0, result_dot = 0;
    let cond_1 = false;
    // input.ts:6  let x = a;
    x = a;
    x_dot = a_dot;
    // input.ts:7  let steps = 0;
    steps = 0;
    // input.ts:8  while (Math.abs(x * x - a) > 1e-12 * a && steps < 100)
    for (;;) {
        x_times_x = x * x;
        cond = x_times_x - a;
        abs_cond = Math.abs(cond);
        c_times_a = 1e-12 * a;
        cond_1 = abs_cond > c_times_a;
        if (!(cond_1 && steps < 100))
            break;
        // input.ts:9  x = 0.5 * (x + a / x);
        a_over_x = a / x;
        a_over_x_dot = a_dot / x - a_over_x / x * x_dot;
        x_plus_a_over_x = x + a_over_x;
        x_plus_a_over_x_dot = x_dot + a_over_x_dot;
        x = 0.5 * x_plus_a_over_x;
        x_dot = 0.5 * x_plus_a_over_x_dot;
        // input.ts:10  steps++;
        steps += 1;
    }
    // input.ts:12  return x;
    result = x;
    result_dot = x_dot;
    return [result, result_dot];
}
export const point = [2.5];
export const gradient = (a: number) => {
    const r = f_grad(a);
    return [r];
};
export const tangent = (p: [
    number
], t: [
    number
]) => ((primals: [number], tangents: [number]) => f_jvp(primals[0], tangents[0]))(p, t);
