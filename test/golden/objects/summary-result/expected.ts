import { jacrev, jvp, vjp } from "cotangent";
import * as __ct from "cotangent/runtime";
export interface Summary {
    mean: number;
    spread: number;
    ends: [
        number,
        number
    ];
}
/** Mean, spread and end points of a sample: an object result, so jvp, vjp and jacrev give and take its shape. */
// @differentiate
export function f(x: number[]): Summary {
    let m = 0;
    for (const v of x)
        m += v;
    m /= x.length;
    let q = 0;
    for (const v of x)
        q += (v - m) * (v - m);
    return { mean: m, spread: Math.sqrt(q / x.length), ends: [x[0], Math.sin(x[x.length - 1])] };
}
/** Tangent (forward mode) of 'f' with respect to 'x': returns [result, result_dot]. */
function f_jvp(x: readonly number[], x_dot: readonly number[]): [number[], number[]] {
    let result!: number[], result_dot!: number[];
    let m = 0, v_index = 0, v = 0, x_length = 0, m_over_x_length = 0, q = 0, v_index_1 = 0, v_1 = 0, v_1_minus_m = 0, v_1_minus_m_1 = 0, q_1 = 0, result_mean = 0, result_spread = 0, x_length_1 = 0, result_spread_1 = 0, result_ends_0 = 0, result_ends_1 = 0, x_length_2 = 0, index = 0, x_index = 0, m_dot = 0, v_dot = 0, m_over_x_length_dot = 0, q_dot = 0, v_1_dot = 0, v_1_minus_m_dot = 0, v_1_minus_m_1_dot = 0, q_1_dot = 0, result_mean_dot = 0, result_spread_1_dot = 0, result_spread_dot = 0, result_ends_0_dot = 0, x_index_dot = 0, result_ends_1_dot = 0;
    __ct.sameLength(x_dot, x, "the tangent of 'x'");
    // input.ts:12  let m = 0;
    m = 0;
    m_dot = 0;
    // input.ts:13  for (const v of x) m += v;
    v_index = 0;
    while (v_index < x.length) {
        v = x[v_index];
        v_dot = x_dot[v_index];
        // input.ts:13  m += v;
        m += v;
        m_dot += v_dot;
        // input.ts:13  for (const v of x) m += v;
        v_index += 1;
    }
    // input.ts:14  m /= x.length;
    x_length = x.length;
    m_over_x_length = m / x_length;
    m_over_x_length_dot = m_dot / x_length;
    m = m_over_x_length;
    m_dot = m_over_x_length_dot;
    // input.ts:15  let q = 0;
    q = 0;
    q_dot = 0;
    // input.ts:16  for (const v of x) q += (v - m) * (v - m);
    v_index_1 = 0;
    while (v_index_1 < x.length) {
        v_1 = x[v_index_1];
        v_1_dot = x_dot[v_index_1];
        // input.ts:16  q += (v - m) * (v - m);
        v_1_minus_m = v_1 - m;
        v_1_minus_m_dot = v_1_dot - m_dot;
        v_1_minus_m_1 = v_1 - m;
        v_1_minus_m_1_dot = v_1_dot - m_dot;
        q_1 = v_1_minus_m * v_1_minus_m_1;
        q_1_dot = v_1_minus_m_1 * v_1_minus_m_dot + v_1_minus_m * v_1_minus_m_1_dot;
        q += q_1;
        q_dot += q_1_dot;
        // input.ts:16  for (const v of x) q += (v - m) * (v - m);
        v_index_1 += 1;
    }
    // input.ts:17  return { mean: m, spread: Math.sqrt(q / x.length), ends: ...
    result_mean = m;
    result_mean_dot = m_dot;
    x_length_1 = x.length;
    result_spread_1 = q / x_length_1;
    result_spread_1_dot = q_dot / x_length_1;
    result_spread = Math.sqrt(result_spread_1);
    result_spread_dot = 0.5 / result_spread * result_spread_1_dot;
    result_ends_0 = x[0];
    result_ends_0_dot = x_dot[0];
    x_length_2 = x.length;
    index = x_length_2 - 1;
    x_index = x[index];
    x_index_dot = x_dot[index];
    result_ends_1 = Math.sin(x_index);
    result_ends_1_dot = Math.cos(x_index) * x_index_dot;
    result = new Array<number>(4).fill(0);
    result_dot = new Array<number>(4).fill(0);
    result[0] = result_mean;
    result_dot[0] = result_mean_dot;
    result[1] = result_spread;
    result_dot[1] = result_spread_dot;
    result[2] = result_ends_0;
    result_dot[2] = result_ends_0_dot;
    result[3] = result_ends_1;
    result_dot[3] = result_ends_1_dot;
    return [result, result_dot];
}
/** Adjoint (reverse mode) of 'f' with respect to 'x': returns [result, x_bar] for the seed result_bar. */
function f_vjp(x: readonly number[], result_bar_in: readonly number[]): [number[], number[]] {
    let result!: number[], x_bar!: number[], result_bar!: number[];
    let m = 0, v_index = 0, v = 0, x_length = 0, m_over_x_length = 0, q = 0, v_index_1 = 0, v_1 = 0, v_1_minus_m = 0, v_1_minus_m_1 = 0, q_1 = 0, result_mean = 0, result_spread = 0, x_length_1 = 0, result_spread_1 = 0, result_ends_0 = 0, result_ends_1 = 0, x_length_2 = 0, index = 0, x_index = 0, loop1_count = 0, loop1_1_count = 0, m_bar = 0, v_bar = 0, m_over_x_length_bar = 0, q_bar = 0, v_1_bar = 0, v_1_minus_m_bar = 0, v_1_minus_m_1_bar = 0, q_1_bar = 0, result_mean_bar = 0, result_spread_1_bar = 0, result_spread_bar = 0, result_ends_0_bar = 0, x_index_bar = 0, result_ends_1_bar = 0;
    x_bar = x.slice().fill(0);
    // input.ts:12  let m = 0;
    m = 0;
    // input.ts:13  for (const v of x) m += v;
    v_index = 0;
    loop1_count = 0;
    while (v_index < x.length) {
        v = x[v_index];
        // input.ts:13  m += v;
        m += v;
        // input.ts:13  for (const v of x) m += v;
        v_index += 1;
        loop1_count += 1;
    }
    // input.ts:14  m /= x.length;
    x_length = x.length;
    m_over_x_length = m / x_length;
    m = m_over_x_length;
    // input.ts:15  let q = 0;
    q = 0;
    // input.ts:16  for (const v of x) q += (v - m) * (v - m);
    v_index_1 = 0;
    loop1_1_count = 0;
    while (v_index_1 < x.length) {
        v_1 = x[v_index_1];
        // input.ts:16  q += (v - m) * (v - m);
        v_1_minus_m = v_1 - m;
        v_1_minus_m_1 = v_1 - m;
        q_1 = v_1_minus_m * v_1_minus_m_1;
        q += q_1;
        // input.ts:16  for (const v of x) q += (v - m) * (v - m);
        v_index_1 += 1;
        loop1_1_count += 1;
    }
    // input.ts:17  return { mean: m, spread: Math.sqrt(q / x.length), ends: ...
    result_mean = m;
    x_length_1 = x.length;
    result_spread_1 = q / x_length_1;
    result_spread = Math.sqrt(result_spread_1);
    result_ends_0 = x[0];
    x_length_2 = x.length;
    index = x_length_2 - 1;
    x_index = x[index];
    result_ends_1 = Math.sin(x_index);
    result = new Array<number>(4).fill(0);
    result_bar = new Array<number>(4).fill(0);
    result[0] = result_mean;
    result[1] = result_spread;
    result[2] = result_ends_0;
    result[3] = result_ends_1;
    __ct.sameLength(result_bar_in, result, "the cotangent of the result");
    result_bar = result_bar_in.slice();
    // adjoint of input.ts:17  return { mean: m, spread: Math.sqrt(q / x.length), ends: ...
    result_ends_1_bar = result_bar[3];
    result_bar[3] = 0;
    result_ends_0_bar = result_bar[2];
    result_bar[2] = 0;
    result_spread_bar = result_bar[1];
    result_bar[1] = 0;
    result_mean_bar = result_bar[0];
    result_bar[0] = 0;
    x_index_bar = Math.cos(x_index) * result_ends_1_bar;
    x_bar[index] += x_index_bar;
    x_bar[0] += result_ends_0_bar;
    result_spread_1_bar = 0.5 / result_spread * result_spread_bar;
    q_bar = result_spread_1_bar / x_length_1;
    m_bar = result_mean_bar;
    // adjoint of input.ts:16  for (const v of x) q += (v - m) * (v - m);
    for (let loop1_1_iter = loop1_1_count; loop1_1_iter > 0; loop1_1_iter--) {
        v_index_1 -= 1;
        // adjoint of input.ts:16  q += (v - m) * (v - m);
        q_1_bar = q_bar;
        // recompute input.ts:16  for (const v of x) q += (v - m) * (v - m);
        v_1 = x[v_index_1];
        // recompute input.ts:16  q += (v - m) * (v - m);
        v_1_minus_m = v_1 - m;
        v_1_minus_m_1 = v_1 - m;
        // adjoint of input.ts:16  q += (v - m) * (v - m);
        v_1_minus_m_bar = v_1_minus_m_1 * q_1_bar;
        v_1_minus_m_1_bar = v_1_minus_m * q_1_bar;
        v_1_bar = v_1_minus_m_1_bar;
        m_bar -= v_1_minus_m_1_bar;
        v_1_bar += v_1_minus_m_bar;
        m_bar -= v_1_minus_m_bar;
        // adjoint of input.ts:16  for (const v of x) q += (v - m) * (v - m);
        x_bar[v_index_1] += v_1_bar;
    }
    // adjoint of input.ts:14  m /= x.length;
    m_over_x_length_bar = m_bar;
    m_bar = m_over_x_length_bar / x_length;
    // adjoint of input.ts:13  for (const v of x) m += v;
    for (let loop1_iter = loop1_count; loop1_iter > 0; loop1_iter--) {
        v_index -= 1;
        // adjoint of input.ts:13  m += v;
        v_bar = m_bar;
        // adjoint of input.ts:13  for (const v of x) m += v;
        x_bar[v_index] += v_bar;
    }
    return [result, x_bar];
}
export const point = [[0.5, -1.2, 2, 0.7]];
export const tangent = (p: [
    number[]
], t: [
    number[]
]) => ((primals: [number[]], tangents: [number[]]) => (([value, tangent]) => [{ mean: value[0], spread: value[1], ends: [value[2], value[3]] }, { mean: tangent[0], spread: tangent[1], ends: [tangent[2], tangent[3]] }])(f_jvp(primals[0], tangents[0])))(p, t);
export const pullback = (x: number[]) => ((x: number[]) => {
    const x_on_entry = x.slice();
    return [f(x), (cotangent: {
            mean: number;
            spread: number;
            ends: [
                number,
                number
            ];
        }) => {
            const r = f_vjp(x_on_entry, __ct.recordNumbers(cotangent, { mean: 0, spread: 1, ends: [2, 3] }, "the cotangent"));
            return [r[1]];
        }] as const;
})(x)[1];
export const jacobian = (x: number[]) => (jacobian => ({ mean: jacobian[0], spread: jacobian[1], ends: [jacobian[2], jacobian[3]] }))(__ct.jacobianReverseRows("Array", 4, (cotangent: number[]) => f_vjp(x, cotangent)[1]) as any) as any;
