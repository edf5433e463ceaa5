import { grad, jvp } from "cotangent";
import * as __ct from "cotangent/runtime";
/**
 * Explicit heat steps over two buffers that trade places each step, as time-stepping code writes it: the generated
 * code permutes the names, and their adjoints with them, and the reverse sweep permutes them back.
 */
// @differentiate
export function f(u0: Float64Array, alpha: number): number {
    const n = u0.length;
    let cur = Float64Array.from(u0);
    let next = new Float64Array(n);
    for (let step = 0; step < 3; step++) {
        for (let i = 1; i < n - 1; i++)
            next[i] = cur[i] + alpha * (cur[i - 1] - 2 * cur[i] + cur[i + 1]);
        next[0] = cur[0];
        next[n - 1] = cur[n - 1];
        [cur, next] = [next, cur];
    }
    let e = 0;
    for (let i = 0; i < n; i++)
        e += cur[i] * cur[i];
    return e;
}
/** Gradient (reverse mode) of 'f' with respect to 'u0', 'alpha': returns [u0_bar, alpha_bar], the adjoints for the seed 1. */
function f_grad(u0: Float64Array, alpha: number): [Float64Array, number] {
    const tape = __ct.tape;
    const control = __ct.control;
    let n = 0, u0_k = 0, u0_k_value = 0, step = 0, i = 0, n_minus_1 = 0, cur_i = 0, i_minus_1 = 0, cur_i_minus_1 = 0, _2_times_cur_i = 0, next_i = 0, i_plus_1 = 0, cur_i_plus_1 = 0, next_i_1 = 0, next_i_2 = 0, next_i_3 = 0, cur_0 = 0, n_minus_1_1 = 0, n_minus_1_2 = 0, cur_n_minus_1_2 = 0, i_1 = 0, cur_i_1 = 0, u0_each_count = 0, loop2_count = 0, loop1_count = 0, loop1_1_count = 0, u0_k_value_bar = 0, cur_i_bar = 0, cur_i_minus_1_bar = 0, next_i_bar = 0, cur_i_plus_1_bar = 0, next_i_1_bar = 0, next_i_2_bar = 0, alpha_bar = 0, next_i_3_bar = 0, cur_0_bar = 0, cur_n_minus_1_2_bar = 0, e_bar = 0, cur_i_1_bar = 0, e_1_bar = 0, result_bar = 0, minus__2_times_cur_i_bar = 0, tape_for_loop2 = 0, tape_for_loop1_1 = 0, tape_top = 0, control_for_loop1 = 0, control_top = 0;
    let cur!: Float64Array, next!: Float64Array, cur_bar!: Float64Array, u0_bar!: Float64Array, next_bar!: Float64Array, tape_data!: Float64Array;
    let control_data!: Int32Array;
    control_top = control.top;
    control_data = control.data;
    tape_top = tape.top;
    tape_data = tape.data;
    // adjoint of input.ts:20  return e;
    result_bar = 1;
    u0_bar = new Float64Array(u0.length);
    // input.ts:9  const n = u0.length;
    n = u0.length;
    // input.ts:10  let cur = Float64Array.from(u0);
    cur = new Float64Array(u0.length);
    cur_bar = new Float64Array(u0.length);
    u0_k = 0;
    u0_each_count = 0;
    while (u0_k < u0.length) {
        u0_k_value = u0[u0_k];
        cur[u0_k] = u0_k_value;
        u0_k += 1;
        u0_each_count += 1;
    }
    // input.ts:11  let next = new Float64Array(n);
    next = new Float64Array(n);
    next_bar = new Float64Array(n);
    // input.ts:12  for (let step = 0; step < 3; step++)
    step = 0;
    loop1_count = 0;
    control_for_loop1 = 3 - step;
    control_data = control_top + control_for_loop1 <= control_data.length ? control_data : control.reserve(control_top, control_for_loop1);
    while (step < 3) {
        tape_data = tape_top + 1 <= tape_data.length ? tape_data : tape.reserve(tape_top, 1);
        // input.ts:13  for (let i = 1; i < n - 1; i++) next[i] = cur[i] + alpha ...
        tape_data[tape_top++] = i;
        i = 1;
        n_minus_1 = n - 1;
        loop2_count = 0;
        tape_for_loop2 = 3 * (n_minus_1 - i);
        tape_data = tape_top + tape_for_loop2 <= tape_data.length ? tape_data : tape.reserve(tape_top, tape_for_loop2);
        while (i < n_minus_1) {
            // input.ts:13  next[i] = cur[i] + alpha * (cur[i - 1] - 2 * cur[i] + cur...
            tape_data[tape_top++] = cur_i;
            cur_i = cur[i];
            i_minus_1 = i - 1;
            tape_data[tape_top++] = cur_i_minus_1;
            cur_i_minus_1 = cur[i_minus_1];
            _2_times_cur_i = 2 * cur_i;
            next_i = cur_i_minus_1 - _2_times_cur_i;
            i_plus_1 = i + 1;
            tape_data[tape_top++] = cur_i_plus_1;
            cur_i_plus_1 = cur[i_plus_1];
            next_i_1 = next_i + cur_i_plus_1;
            next_i_2 = alpha * next_i_1;
            next_i_3 = cur_i + next_i_2;
            next[i] = next_i_3;
            // input.ts:13  for (let i = 1; i < n - 1; i++) next[i] = cur[i] + alpha ...
            i += 1;
            loop2_count += 1;
        }
        control_data[control_top++] = loop2_count;
        // input.ts:14  next[0] = cur[0];
        cur_0 = cur[0];
        next[0] = cur_0;
        // input.ts:15  next[n - 1] = cur[n - 1];
        n_minus_1_1 = n - 1;
        n_minus_1_2 = n - 1;
        cur_n_minus_1_2 = cur[n_minus_1_2];
        next[n_minus_1_1] = cur_n_minus_1_2;
        // input.ts:16  [cur, next] = [next, cur];
        [cur, next] = [next, cur];
        [cur_bar, next_bar] = [next_bar, cur_bar];
        // input.ts:12  for (let step = 0; step < 3; step++)
        step += 1;
        loop1_count += 1;
    }
    // input.ts:19  for (let i = 0; i < n; i++) e += cur[i] * cur[i];
    i_1 = 0;
    loop1_1_count = 0;
    tape_for_loop1_1 = n - i_1;
    tape_data = tape_top + tape_for_loop1_1 <= tape_data.length ? tape_data : tape.reserve(tape_top, tape_for_loop1_1);
    while (i_1 < n) {
        // input.ts:19  e += cur[i] * cur[i];
        tape_data[tape_top++] = cur_i_1;
        cur_i_1 = cur[i_1];
        // input.ts:19  for (let i = 0; i < n; i++) e += cur[i] * cur[i];
        i_1 += 1;
        loop1_1_count += 1;
    }
    // adjoint of input.ts:20  return e;
    e_bar = result_bar;
    // adjoint of input.ts:19  for (let i = 0; i < n; i++) e += cur[i] * cur[i];
    for (let loop1_1_iter = loop1_1_count; loop1_1_iter > 0; loop1_1_iter--) {
        i_1 -= 1;
        // adjoint of input.ts:19  e += cur[i] * cur[i];
        e_1_bar = e_bar;
        cur_i_1_bar = 2 * cur_i_1 * e_1_bar;
        cur_bar[i_1] += cur_i_1_bar;
        cur_i_1 = tape_data[--tape_top];
    }
    // adjoint of input.ts:12  for (let step = 0; step < 3; step++)
    for (let loop1_iter = loop1_count; loop1_iter > 0; loop1_iter--) {
        // adjoint of input.ts:16  [cur, next] = [next, cur];
        [next_bar, cur_bar] = [cur_bar, next_bar];
        // recompute input.ts:15  next[n - 1] = cur[n - 1];
        n_minus_1_1 = n - 1;
        // adjoint of input.ts:15  next[n - 1] = cur[n - 1];
        cur_n_minus_1_2_bar = next_bar[n_minus_1_1];
        next_bar[n_minus_1_1] = 0;
        // recompute input.ts:15  next[n - 1] = cur[n - 1];
        n_minus_1_2 = n - 1;
        // adjoint of input.ts:15  next[n - 1] = cur[n - 1];
        cur_bar[n_minus_1_2] += cur_n_minus_1_2_bar;
        // adjoint of input.ts:14  next[0] = cur[0];
        cur_0_bar = next_bar[0];
        next_bar[0] = 0;
        cur_bar[0] += cur_0_bar;
        // adjoint of input.ts:13  for (let i = 1; i < n - 1; i++) next[i] = cur[i] + alpha ...
        for (let loop2_iter = control_data[--control_top]; loop2_iter > 0; loop2_iter--) {
            i -= 1;
            // adjoint of input.ts:13  next[i] = cur[i] + alpha * (cur[i - 1] - 2 * cur[i] + cur...
            next_i_3_bar = next_bar[i];
            next_bar[i] = 0;
            cur_i_bar = next_i_3_bar;
            next_i_2_bar = next_i_3_bar;
            // recompute input.ts:13  next[i] = cur[i] + alpha * (cur[i - 1] - 2 * cur[i] + cur...
            _2_times_cur_i = 2 * cur_i;
            next_i = cur_i_minus_1 - _2_times_cur_i;
            next_i_1 = next_i + cur_i_plus_1;
            // adjoint of input.ts:13  next[i] = cur[i] + alpha * (cur[i - 1] - 2 * cur[i] + cur...
            alpha_bar += next_i_1 * next_i_2_bar;
            next_i_1_bar = alpha * next_i_2_bar;
            next_i_bar = next_i_1_bar;
            cur_i_plus_1_bar = next_i_1_bar;
            // recompute input.ts:13  next[i] = cur[i] + alpha * (cur[i - 1] - 2 * cur[i] + cur...
            i_plus_1 = i + 1;
            // adjoint of input.ts:13  next[i] = cur[i] + alpha * (cur[i - 1] - 2 * cur[i] + cur...
            cur_bar[i_plus_1] += cur_i_plus_1_bar;
            cur_i_plus_1 = tape_data[--tape_top];
            cur_i_minus_1_bar = next_i_bar;
            minus__2_times_cur_i_bar = next_i_bar;
            cur_i_bar -= 2 * minus__2_times_cur_i_bar;
            // recompute input.ts:13  next[i] = cur[i] + alpha * (cur[i - 1] - 2 * cur[i] + cur...
            i_minus_1 = i - 1;
            // adjoint of input.ts:13  next[i] = cur[i] + alpha * (cur[i - 1] - 2 * cur[i] + cur...
            cur_bar[i_minus_1] += cur_i_minus_1_bar;
            cur_i_minus_1 = tape_data[--tape_top];
            cur_bar[i] += cur_i_bar;
            cur_i = tape_data[--tape_top];
        }
        i = tape_data[--tape_top];
    }
    // adjoint of input.ts:10  let cur = Float64Array.from(u0);
    for (let u0_each_iter = u0_each_count; u0_each_iter > 0; u0_each_iter--) {
        u0_k -= 1;
        u0_k_value_bar = cur_bar[u0_k];
        cur_bar[u0_k] = 0;
        u0_bar[u0_k] += u0_k_value_bar;
    }
    tape.setTop(tape_top);
    control.setTop(control_top);
    return [u0_bar, alpha_bar];
}
/** Tangent (forward mode) of 'f' with respect to 'u0', 'alpha': returns [result, result_dot]. */
function f_jvp(u0: Float64Array, alpha: number, u0_dot: Float64Array, alpha_dot: number): [number, number] {
    let result = 0, n = 0, u0_k = 0, u0_k_value = 0, step = 0, i = 0, n_minus_1 = 0, cur_i = 0, cur_i_minus_1 = 0, _2_times_cur_i = 0, next_i = 0, i_plus_1 = 0, cur_i_plus_1 = 0, next_i_1 = 0, next_i_2 = 0, next_i_3 = 0, cur_0 = 0, n_minus_1_1 = 0, n_minus_1_2 = 0, cur_n_minus_1_2 = 0, e = 0, i_1 = 0, cur_i_1 = 0, e_1 = 0, u0_k_value_dot = 0, cur_i_dot = 0, cur_i_minus_1_dot = 0, _2_times_cur_i_dot = 0, next_i_dot = 0, cur_i_plus_1_dot = 0, next_i_1_dot = 0, next_i_2_dot = 0, next_i_3_dot = 0, cur_0_dot = 0, cur_n_minus_1_2_dot = 0, e_dot = 0, cur_i_1_dot = 0, e_1_dot = 0, result_dot = 0, cur_i_carried = 0, cur_i_dot_carried = 0, cur_i_minus_1_carried = 0, cur_i_minus_1_dot_carried = 0;
    let cur!: Float64Array, next!: Float64Array, cur_dot!: Float64Array, next_dot!: Float64Array;
    __ct.sameLength(u0_dot, u0, "the tangent of 'u0'");
    // input.ts:9  const n = u0.length;
    n = u0.length;
    // input.ts:10  let cur = Float64Array.from(u0);
    cur = new Float64Array(u0.length);
    cur_dot = new Float64Array(u0.length);
    u0_k = 0;
    while (u0_k < u0.length) {
        u0_k_value = u0[u0_k];
        u0_k_value_dot = u0_dot[u0_k];
        cur[u0_k] = u0_k_value;
        cur_dot[u0_k] = u0_k_value_dot;
        u0_k += 1;
    }
    // input.ts:11  let next = new Float64Array(n);
    next = new Float64Array(n);
    next_dot = new Float64Array(n);
    // input.ts:12  for (let step = 0; step < 3; step++)
    step = 0;
    while (step < 3) {
        // input.ts:13  for (let i = 1; i < n - 1; i++) next[i] = cur[i] + alpha ...
        i = 1;
        n_minus_1 = n - 1;
        if (i < n_minus_1) {
            // input.ts:13  next[i] = cur[i] + alpha * (cur[i - 1] - 2 * cur[i] + cur...
            cur_i_carried = cur[i];
            cur_i_dot_carried = cur_dot[i];
            cur_i_minus_1_carried = cur[i - 1];
            cur_i_minus_1_dot_carried = cur_dot[i - 1];
        }
        while (i < n_minus_1) {
            // input.ts:13  next[i] = cur[i] + alpha * (cur[i - 1] - 2 * cur[i] + cur...
            cur_i = cur_i_carried;
            cur_i_dot = cur_i_dot_carried;
            cur_i_minus_1 = cur_i_minus_1_carried;
            cur_i_minus_1_dot = cur_i_minus_1_dot_carried;
            _2_times_cur_i = 2 * cur_i;
            _2_times_cur_i_dot = 2 * cur_i_dot;
            next_i = cur_i_minus_1 - _2_times_cur_i;
            next_i_dot = cur_i_minus_1_dot - _2_times_cur_i_dot;
            i_plus_1 = i + 1;
            cur_i_plus_1 = cur[i_plus_1];
            cur_i_plus_1_dot = cur_dot[i_plus_1];
            next_i_1 = next_i + cur_i_plus_1;
            next_i_1_dot = next_i_dot + cur_i_plus_1_dot;
            next_i_2 = alpha * next_i_1;
            next_i_2_dot = next_i_1 * alpha_dot + alpha * next_i_1_dot;
            next_i_3 = cur_i + next_i_2;
            next_i_3_dot = cur_i_dot + next_i_2_dot;
            next[i] = next_i_3;
            next_dot[i] = next_i_3_dot;
            cur_i_carried = cur_i_plus_1;
            cur_i_dot_carried = cur_i_plus_1_dot;
            cur_i_minus_1_carried = cur_i;
            cur_i_minus_1_dot_carried = cur_i_dot;
            // input.ts:13  for (let i = 1; i < n - 1; i++) next[i] = cur[i] + alpha ...
            i += 1;
        }
        // input.ts:14  next[0] = cur[0];
        cur_0 = cur[0];
        cur_0_dot = cur_dot[0];
        next[0] = cur_0;
        next_dot[0] = cur_0_dot;
        // input.ts:15  next[n - 1] = cur[n - 1];
        n_minus_1_1 = n - 1;
        n_minus_1_2 = n - 1;
        cur_n_minus_1_2 = cur[n_minus_1_2];
        cur_n_minus_1_2_dot = cur_dot[n_minus_1_2];
        next[n_minus_1_1] = cur_n_minus_1_2;
        next_dot[n_minus_1_1] = cur_n_minus_1_2_dot;
        // input.ts:16  [cur, next] = [next, cur];
        [cur, next] = [next, cur];
        [cur_dot, next_dot] = [next_dot, cur_dot];
        // input.ts:12  for (let step = 0; step < 3; step++)
        step += 1;
    }
    // input.ts:18  let e = 0;
    e = 0;
    e_dot = 0;
    // input.ts:19  for (let i = 0; i < n; i++) e += cur[i] * cur[i];
    i_1 = 0;
    while (i_1 < n) {
        // input.ts:19  e += cur[i] * cur[i];
        cur_i_1 = cur[i_1];
        cur_i_1_dot = cur_dot[i_1];
        e_1 = cur_i_1 * cur_i_1;
        e_1_dot = 2 * cur_i_1 * cur_i_1_dot;
        e += e_1;
        e_dot += e_1_dot;
        // input.ts:19  for (let i = 0; i < n; i++) e += cur[i] * cur[i];
        i_1 += 1;
    }
    // input.ts:20  return e;
    result = e;
    result_dot = e_dot;
    return [result, result_dot];
}
export const point = [new Float64Array([0.5, 1.2, -0.3, 0.8]), 0.2];
export const gradient = (u0: Float64Array, alpha: number) => {
    const r = f_grad(u0, alpha);
    return [r[0], r[1]];
};
export const tangent = (p: [
    Float64Array,
    number
], t: [
    Float64Array,
    number
]) => ((primals: [Float64Array, number], tangents: [Float64Array, number]) => f_jvp(primals[0], primals[1], tangents[0], tangents[1]))(p, t);
