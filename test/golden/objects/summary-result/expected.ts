import { jacrev, jvp, vjp } from "cotangent";
import * as __ct from "cotangent/runtime";
export interface Summary {
    mean: number;
    spread: number;
    deviations: number[];
    ends: [
        number,
        number
    ];
}
/**
 * Mean, spread, deviations from the mean and end points of a sample: an object result, so jvp, vjp and jacrev give
 * and take its shape.
 */
// @differentiate
export function f(x: number[]): Summary {
    let m = 0;
    for (const v of x)
        m += v;
    m /= x.length;
    const deviations = x.map((v) => v - m);
    let q = 0;
    for (const d of deviations)
        q += d * d;
    return { mean: m, spread: Math.sqrt(q / x.length), deviations, ends: [x[0], Math.sin(x[x.length - 1])] };
}
/** Tangent (forward mode) of 'f' with respect to 'x': returns [result, result_dot]. */
function f_jvp(x: readonly number[], x_dot: readonly number[]): [number[], number[]] {
    let result!: number[], deviations!: number[], deviations_dot!: number[], result_dot!: number[];
    let m = 0, v_index = 0, v = 0, x_length = 0, m_over_x_length = 0, x_length_1 = 0, x_k = 0, x_k_value = 0, v_1 = 0, deviations_value = 0, q = 0, d_index = 0, d = 0, d_times_d = 0, result_mean = 0, result_spread = 0, x_length_2 = 0, result_spread_1 = 0, result_ends_0 = 0, result_ends_1 = 0, x_length_3 = 0, index = 0, x_index = 0, deviations_1 = 0, result_length = 0, result_offset = 0, deviations_k = 0, result_at = 0, deviations_k_value = 0, m_dot = 0, v_dot = 0, m_over_x_length_dot = 0, x_k_value_dot = 0, v_1_dot = 0, deviations_value_dot = 0, q_dot = 0, d_dot = 0, d_times_d_dot = 0, result_mean_dot = 0, result_spread_1_dot = 0, result_spread_dot = 0, result_ends_0_dot = 0, x_index_dot = 0, result_ends_1_dot = 0, deviations_k_value_dot = 0;
    __ct.sameLength(x_dot, x, "the tangent of 'x'");
    // input.ts:16  let m = 0;
    m = 0;
    m_dot = 0;
    // input.ts:17  for (const v of x) m += v;
    v_index = 0;
    while (v_index < x.length) {
        v = x[v_index];
        v_dot = x_dot[v_index];
        // input.ts:17  m += v;
        m += v;
        m_dot += v_dot;
        // input.ts:17  for (const v of x) m += v;
        v_index += 1;
    }
    // input.ts:18  m /= x.length;
    x_length = x.length;
    m_over_x_length = m / x_length;
    m_over_x_length_dot = m_dot / x_length;
    m = m_over_x_length;
    m_dot = m_over_x_length_dot;
    // input.ts:19  const deviations = x.map((v) => v - m);
    deviations = new Array<number>(x.length).fill(0);
    deviations_dot = new Array<number>(x.length).fill(0);
    x_length_1 = x.length;
    x_k = 0;
    while (x_k < x_length_1) {
        x_k_value = x[x_k];
        x_k_value_dot = x_dot[x_k];
        v_1 = x_k_value;
        v_1_dot = x_k_value_dot;
        deviations_value = v_1 - m;
        deviations_value_dot = v_1_dot - m_dot;
        deviations[x_k] = deviations_value;
        deviations_dot[x_k] = deviations_value_dot;
        x_k += 1;
    }
    // input.ts:20  let q = 0;
    q = 0;
    q_dot = 0;
    // input.ts:21  for (const d of deviations) q += d * d;
    d_index = 0;
    while (d_index < deviations.length) {
        d = deviations[d_index];
        d_dot = deviations_dot[d_index];
        // input.ts:21  q += d * d;
        d_times_d = d * d;
        d_times_d_dot = 2 * d * d_dot;
        q += d_times_d;
        q_dot += d_times_d_dot;
        // input.ts:21  for (const d of deviations) q += d * d;
        d_index += 1;
    }
    // input.ts:22  return { mean: m, spread: Math.sqrt(q / x.length), deviat...
    result_mean = m;
    result_mean_dot = m_dot;
    x_length_2 = x.length;
    result_spread_1 = q / x_length_2;
    result_spread_1_dot = q_dot / x_length_2;
    result_spread = Math.sqrt(result_spread_1);
    result_spread_dot = 0.5 / result_spread * result_spread_1_dot;
    result_ends_0 = x[0];
    result_ends_0_dot = x_dot[0];
    x_length_3 = x.length;
    index = x_length_3 - 1;
    x_index = x[index];
    x_index_dot = x_dot[index];
    result_ends_1 = Math.sin(x_index);
    result_ends_1_dot = Math.cos(x_index) * x_index_dot;
    deviations_1 = deviations.length;
    result_length = 5;
    result_length += deviations_1;
    result = new Array<number>(result_length).fill(0);
    result_dot = new Array<number>(result_length).fill(0);
    result[0] = result_mean;
    result_dot[0] = result_mean_dot;
    result[1] = result_spread;
    result_dot[1] = result_spread_dot;
    result[2] = deviations_1;
    result_dot[2] = 0;
    result[3] = result_ends_0;
    result_dot[3] = result_ends_0_dot;
    result[4] = result_ends_1;
    result_dot[4] = result_ends_1_dot;
    result_offset = 5;
    deviations_k = 0;
    while (deviations_k < deviations_1) {
        result_at = result_offset + deviations_k;
        deviations_k_value = deviations[deviations_k];
        deviations_k_value_dot = deviations_dot[deviations_k];
        result[result_at] = deviations_k_value;
        result_dot[result_at] = deviations_k_value_dot;
        deviations_k += 1;
    }
    result_offset += deviations_1;
    return [result, result_dot];
}
/** Adjoint (reverse mode) of 'f' with respect to 'x': returns [result, x_bar] for the seed result_bar. */
function f_vjp(x: readonly number[], result_bar_in: readonly number[]): [number[], number[]] {
    const tape = __ct.tape;
    let result!: number[], deviations!: number[], x_bar!: number[], deviations_bar!: number[], result_bar!: number[];
    let m = 0, v_index = 0, v = 0, x_length = 0, m_over_x_length = 0, x_length_1 = 0, x_k = 0, x_k_value = 0, v_1 = 0, deviations_value = 0, q = 0, d_index = 0, d = 0, d_times_d = 0, result_mean = 0, result_spread = 0, x_length_2 = 0, result_spread_1 = 0, result_ends_0 = 0, result_ends_1 = 0, x_length_3 = 0, index = 0, x_index = 0, deviations_1 = 0, result_length = 0, result_offset = 0, deviations_k = 0, result_at = 0, deviations_k_value = 0, loop1_count = 0, x_each_count = 0, loop1_1_count = 0, deviations_each_count = 0, m_bar = 0, v_bar = 0, m_over_x_length_bar = 0, x_k_value_bar = 0, v_1_bar = 0, deviations_value_bar = 0, q_bar = 0, d_bar = 0, d_times_d_bar = 0, result_mean_bar = 0, result_spread_1_bar = 0, result_spread_bar = 0, result_ends_0_bar = 0, x_index_bar = 0, result_ends_1_bar = 0, deviations_k_value_bar = 0, tape_top = 0;
    let tape_data!: Float64Array;
    tape_top = tape.top;
    tape_data = tape.data;
    x_bar = x.slice().fill(0);
    // input.ts:16  let m = 0;
    m = 0;
    // input.ts:17  for (const v of x) m += v;
    v_index = 0;
    loop1_count = 0;
    while (v_index < x.length) {
        v = x[v_index];
        // input.ts:17  m += v;
        m += v;
        // input.ts:17  for (const v of x) m += v;
        v_index += 1;
        loop1_count += 1;
    }
    // input.ts:18  m /= x.length;
    x_length = x.length;
    m_over_x_length = m / x_length;
    m = m_over_x_length;
    // input.ts:19  const deviations = x.map((v) => v - m);
    deviations = new Array<number>(x.length).fill(0);
    deviations_bar = new Array<number>(x.length).fill(0);
    x_length_1 = x.length;
    x_k = 0;
    x_each_count = 0;
    while (x_k < x_length_1) {
        x_k_value = x[x_k];
        v_1 = x_k_value;
        deviations_value = v_1 - m;
        deviations[x_k] = deviations_value;
        x_k += 1;
        x_each_count += 1;
    }
    // input.ts:20  let q = 0;
    q = 0;
    // input.ts:21  for (const d of deviations) q += d * d;
    d_index = 0;
    loop1_1_count = 0;
    while (d_index < deviations.length) {
        d = deviations[d_index];
        // input.ts:21  q += d * d;
        d_times_d = d * d;
        q += d_times_d;
        // input.ts:21  for (const d of deviations) q += d * d;
        d_index += 1;
        loop1_1_count += 1;
    }
    // input.ts:22  return { mean: m, spread: Math.sqrt(q / x.length), deviat...
    result_mean = m;
    x_length_2 = x.length;
    result_spread_1 = q / x_length_2;
    result_spread = Math.sqrt(result_spread_1);
    result_ends_0 = x[0];
    x_length_3 = x.length;
    index = x_length_3 - 1;
    x_index = x[index];
    result_ends_1 = Math.sin(x_index);
    deviations_1 = deviations.length;
    result_length = 5;
    result_length += deviations_1;
    result = new Array<number>(result_length).fill(0);
    result_bar = new Array<number>(result_length).fill(0);
    result[0] = result_mean;
    result[1] = result_spread;
    result[2] = deviations_1;
    result[3] = result_ends_0;
    result[4] = result_ends_1;
    result_offset = 5;
    deviations_k = 0;
    deviations_each_count = 0;
    while (deviations_k < deviations_1) {
        result_at = result_offset + deviations_k;
        deviations_k_value = deviations[deviations_k];
        result[result_at] = deviations_k_value;
        deviations_k += 1;
        deviations_each_count += 1;
    }
    tape_data = tape_top + 1 <= tape_data.length ? tape_data : tape.reserve(tape_top, 1);
    tape_data[tape_top++] = result_offset;
    result_offset += deviations_1;
    __ct.sameLength(result_bar_in, result, "the cotangent of the result");
    result_bar = result_bar_in.slice();
    // adjoint of input.ts:22  return { mean: m, spread: Math.sqrt(q / x.length), deviat...
    result_offset = tape_data[--tape_top];
    for (let deviations_each_iter = deviations_each_count; deviations_each_iter > 0; deviations_each_iter--) {
        deviations_k -= 1;
        // recompute input.ts:22  return { mean: m, spread: Math.sqrt(q / x.length), deviat...
        result_at = result_offset + deviations_k;
        // adjoint of input.ts:22  return { mean: m, spread: Math.sqrt(q / x.length), deviat...
        deviations_k_value_bar = result_bar[result_at];
        result_bar[result_at] = 0;
        deviations_bar[deviations_k] += deviations_k_value_bar;
    }
    result_ends_1_bar = result_bar[4];
    result_bar[4] = 0;
    result_ends_0_bar = result_bar[3];
    result_bar[3] = 0;
    result_bar[2] = 0;
    result_spread_bar = result_bar[1];
    result_bar[1] = 0;
    result_mean_bar = result_bar[0];
    result_bar[0] = 0;
    x_index_bar = Math.cos(x_index) * result_ends_1_bar;
    x_bar[index] += x_index_bar;
    x_bar[0] += result_ends_0_bar;
    result_spread_1_bar = 0.5 / result_spread * result_spread_bar;
    q_bar = result_spread_1_bar / x_length_2;
    m_bar = result_mean_bar;
    // adjoint of input.ts:21  for (const d of deviations) q += d * d;
    for (let loop1_1_iter = loop1_1_count; loop1_1_iter > 0; loop1_1_iter--) {
        d_index -= 1;
        // adjoint of input.ts:21  q += d * d;
        d_times_d_bar = q_bar;
        // recompute input.ts:21  for (const d of deviations) q += d * d;
        d = deviations[d_index];
        // adjoint of input.ts:21  q += d * d;
        d_bar = 2 * d * d_times_d_bar;
        // adjoint of input.ts:21  for (const d of deviations) q += d * d;
        deviations_bar[d_index] += d_bar;
    }
    // adjoint of input.ts:19  const deviations = x.map((v) => v - m);
    for (let x_each_iter = x_each_count; x_each_iter > 0; x_each_iter--) {
        x_k -= 1;
        deviations_value_bar = deviations_bar[x_k];
        deviations_bar[x_k] = 0;
        v_1_bar = deviations_value_bar;
        m_bar -= deviations_value_bar;
        x_k_value_bar = v_1_bar;
        x_bar[x_k] += x_k_value_bar;
    }
    // adjoint of input.ts:18  m /= x.length;
    m_over_x_length_bar = m_bar;
    m_bar = m_over_x_length_bar / x_length;
    // adjoint of input.ts:17  for (const v of x) m += v;
    for (let loop1_iter = loop1_count; loop1_iter > 0; loop1_iter--) {
        v_index -= 1;
        // adjoint of input.ts:17  m += v;
        v_bar = m_bar;
        // adjoint of input.ts:17  for (const v of x) m += v;
        x_bar[v_index] += v_bar;
    }
    tape.setTop(tape_top);
    return [result, x_bar];
}
export const point = [[0.5, -1.2, 2, 0.7]];
export const tangent = (p: [
    number[]
], t: [
    number[]
]) => ((primals: [number[]], tangents: [number[]]) => (([value, tangent]) => [__ct.recordOf({ mean: 0, spread: 1, deviations: "number[]@2", ends: [3, 4] }, value, value), __ct.recordOf({ mean: 0, spread: 1, deviations: "number[]@2", ends: [3, 4] }, tangent, value)])(f_jvp(primals[0], tangents[0])))(p, t);
export const pullback = (x: number[]) => ((x: number[]) => {
    const x_on_entry = x.slice();
    return (value => [value, (cotangent: {
            mean: number;
            spread: number;
            deviations: number[];
            ends: [
                number,
                number
            ];
        }) => {
            const r = f_vjp(x_on_entry, __ct.recordNumbers(cotangent, { mean: 0, spread: 1, deviations: "number[]@2", ends: [3, 4] }, "the cotangent", value));
            return [r[1]];
        }] as const)(f(x));
})(x)[1];
export const jacobian = (x: number[]) => (numbers => __ct.jacobianRecord({ mean: 0, spread: 1, deviations: "number[]@2", ends: [3, 4] }, __ct.jacobianReverse(numbers, (cotangent: number[]) => f_vjp(x, cotangent)[1]), numbers))(__ct.recordNumbers(f(x), { mean: 0, spread: 1, deviations: "number[]@2", ends: [3, 4] }, "the result")) as any;
