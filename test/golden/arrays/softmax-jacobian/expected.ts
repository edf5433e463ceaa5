import { jacfwd, jvp, vjp } from "cotangent";
import * as __ct from "cotangent/runtime";
/** Softmax of a Float64Array, shifted by its maximum so that 'exp' never overflows. */
// @differentiate
export function f(x: Float64Array): Float64Array {
    let m = x[0];
    for (let i = 1; i < x.length; i++)
        m = Math.max(m, x[i]);
    const e = new Float64Array(x.length);
    let s = 0;
    for (let i = 0; i < x.length; i++) {
        e[i] = Math.exp(x[i] - m);
        s += e[i];
    }
    const out = new Float64Array(x.length);
    for (let i = 0; i < x.length; i++)
        out[i] = e[i] / s;
    return out;
}
/** Tangent (forward mode) of 'f' with respect to 'x': returns [result, result_dot]. */
function f_jvp(x: Float64Array, x_dot: Float64Array): [Float64Array, Float64Array] {
    let result!: Float64Array, e!: Float64Array, out!: Float64Array, e_dot!: Float64Array, out_dot!: Float64Array, result_dot!: Float64Array;
    let m = 0, i = 0, x_length = 0, x_i = 0, max_m_x_i = 0, x_length_1 = 0, s = 0, i_1 = 0, x_length_2 = 0, x_i_1 = 0, x_i_1_minus_m = 0, e_i = 0, e_i_1 = 0, x_length_3 = 0, i_2 = 0, x_length_4 = 0, e_i_2 = 0, e_i_2_over_s = 0, out_k = 0, out_k_value = 0, m_dot = 0, x_i_dot = 0, max_m_x_i_dot = 0, s_dot = 0, x_i_1_dot = 0, x_i_1_minus_m_dot = 0, e_i_dot = 0, e_i_1_dot = 0, e_i_2_dot = 0, e_i_2_over_s_dot = 0, out_k_value_dot = 0;
    __ct.sameLength(x_dot, x, "the tangent of 'x'");
    // input.ts:6  let m = x[0];
    m = x[0];
    m_dot = x_dot[0];
    // input.ts:7  for (let i = 1; i < x.length; i++) m = Math.max(m, x[i]);
    i = 1;
    x_length = x.length;
    while (i < x_length) {
        // input.ts:7  m = Math.max(m, x[i]);
        x_i = x[i];
        x_i_dot = x_dot[i];
        max_m_x_i = Math.max(m, x_i);
        max_m_x_i_dot = (m > x_i ? 1 : m === x_i ? 0.5 : 0) * m_dot + (x_i > m ? 1 : m === x_i ? 0.5 : 0) * x_i_dot;
        m = max_m_x_i;
        m_dot = max_m_x_i_dot;
        // input.ts:7  for (let i = 1; i < x.length; i++) m = Math.max(m, x[i]);
        i += 1;
    }
    // input.ts:8  const e = new Float64Array(x.length);
    x_length_1 = x.length;
    e = new Float64Array(x_length_1);
    e_dot = new Float64Array(x_length_1);
    // input.ts:9  let s = 0;
    s = 0;
    s_dot = 0;
    // input.ts:10  for (let i = 0; i < x.length; i++)
    i_1 = 0;
    x_length_2 = x.length;
    while (i_1 < x_length_2) {
        // input.ts:11  e[i] = Math.exp(x[i] - m);
        x_i_1 = x[i_1];
        x_i_1_dot = x_dot[i_1];
        x_i_1_minus_m = x_i_1 - m;
        x_i_1_minus_m_dot = x_i_1_dot - m_dot;
        e_i = Math.exp(x_i_1_minus_m);
        e_i_dot = e_i * x_i_1_minus_m_dot;
        e[i_1] = e_i;
        e_dot[i_1] = e_i_dot;
        // input.ts:12  s += e[i];
        e_i_1 = e[i_1];
        e_i_1_dot = e_dot[i_1];
        s += e_i_1;
        s_dot += e_i_1_dot;
        // input.ts:10  for (let i = 0; i < x.length; i++)
        i_1 += 1;
    }
    // input.ts:14  const out = new Float64Array(x.length);
    x_length_3 = x.length;
    out = new Float64Array(x_length_3);
    out_dot = new Float64Array(x_length_3);
    // input.ts:15  for (let i = 0; i < x.length; i++) out[i] = e[i] / s;
    i_2 = 0;
    x_length_4 = x.length;
    while (i_2 < x_length_4) {
        // input.ts:15  out[i] = e[i] / s;
        e_i_2 = e[i_2];
        e_i_2_dot = e_dot[i_2];
        e_i_2_over_s = e_i_2 / s;
        e_i_2_over_s_dot = e_i_2_dot / s - e_i_2_over_s / s * s_dot;
        out[i_2] = e_i_2_over_s;
        out_dot[i_2] = e_i_2_over_s_dot;
        // input.ts:15  for (let i = 0; i < x.length; i++) out[i] = e[i] / s;
        i_2 += 1;
    }
    // input.ts:16  return out;
    result = new Float64Array(out.length);
    result_dot = new Float64Array(out.length);
    out_k = 0;
    while (out_k < out.length) {
        out_k_value = out[out_k];
        out_k_value_dot = out_dot[out_k];
        result[out_k] = out_k_value;
        result_dot[out_k] = out_k_value_dot;
        out_k += 1;
    }
    return [result, result_dot];
}
/** Adjoint (reverse mode) of 'f' with respect to 'x': returns [result, x_bar] for the seed result_bar. */
function f_vjp(x: Float64Array, result_bar_in: Float64Array): [Float64Array, Float64Array] {
    const tape = __ct.tape;
    let result!: Float64Array, e!: Float64Array, out!: Float64Array, x_bar!: Float64Array, e_bar!: Float64Array, out_bar!: Float64Array, result_bar!: Float64Array, tape_data!: Float64Array;
    let m = 0, i = 0, x_length = 0, x_i = 0, max_m_x_i = 0, x_length_1 = 0, s = 0, i_1 = 0, x_length_2 = 0, x_i_1 = 0, x_i_1_minus_m = 0, e_i = 0, e_i_1 = 0, x_length_3 = 0, i_2 = 0, x_length_4 = 0, e_i_2 = 0, e_i_2_over_s = 0, out_k = 0, out_k_value = 0, loop1_count = 0, loop1_1_count = 0, loop1_2_count = 0, out_each_count = 0, m_bar = 0, x_i_bar = 0, max_m_x_i_bar = 0, s_bar = 0, x_i_1_bar = 0, x_i_1_minus_m_bar = 0, e_i_bar = 0, e_i_1_bar = 0, e_i_2_bar = 0, e_i_2_over_s_bar = 0, out_k_value_bar = 0, tape_for_loop1 = 0, tape_for_loop1_1 = 0, tape_for_loop1_2 = 0, tape_top = 0;
    tape_top = tape.top;
    tape_data = tape.data;
    x_bar = new Float64Array(x.length);
    // input.ts:6  let m = x[0];
    m = x[0];
    // input.ts:7  for (let i = 1; i < x.length; i++) m = Math.max(m, x[i]);
    i = 1;
    x_length = x.length;
    loop1_count = 0;
    tape_for_loop1 = x_length - i;
    tape_data = tape_top + tape_for_loop1 <= tape_data.length ? tape_data : tape.reserve(tape_top, tape_for_loop1);
    while (i < x_length) {
        // input.ts:7  m = Math.max(m, x[i]);
        x_i = x[i];
        max_m_x_i = Math.max(m, x_i);
        tape_data[tape_top++] = m;
        m = max_m_x_i;
        // input.ts:7  for (let i = 1; i < x.length; i++) m = Math.max(m, x[i]);
        i += 1;
        loop1_count += 1;
    }
    // input.ts:8  const e = new Float64Array(x.length);
    x_length_1 = x.length;
    e = new Float64Array(x_length_1);
    e_bar = new Float64Array(x_length_1);
    // input.ts:9  let s = 0;
    s = 0;
    // input.ts:10  for (let i = 0; i < x.length; i++)
    i_1 = 0;
    x_length_2 = x.length;
    loop1_1_count = 0;
    tape_for_loop1_1 = x_length_2 - i_1;
    tape_data = tape_top + tape_for_loop1_1 <= tape_data.length ? tape_data : tape.reserve(tape_top, tape_for_loop1_1);
    while (i_1 < x_length_2) {
        // input.ts:11  e[i] = Math.exp(x[i] - m);
        x_i_1 = x[i_1];
        x_i_1_minus_m = x_i_1 - m;
        tape_data[tape_top++] = e_i;
        e_i = Math.exp(x_i_1_minus_m);
        e[i_1] = e_i;
        // input.ts:12  s += e[i];
        e_i_1 = e[i_1];
        s += e_i_1;
        // input.ts:10  for (let i = 0; i < x.length; i++)
        i_1 += 1;
        loop1_1_count += 1;
    }
    // input.ts:14  const out = new Float64Array(x.length);
    x_length_3 = x.length;
    out = new Float64Array(x_length_3);
    out_bar = new Float64Array(x_length_3);
    // input.ts:15  for (let i = 0; i < x.length; i++) out[i] = e[i] / s;
    i_2 = 0;
    x_length_4 = x.length;
    loop1_2_count = 0;
    tape_for_loop1_2 = x_length_4 - i_2;
    tape_data = tape_top + tape_for_loop1_2 <= tape_data.length ? tape_data : tape.reserve(tape_top, tape_for_loop1_2);
    while (i_2 < x_length_4) {
        // input.ts:15  out[i] = e[i] / s;
        tape_data[tape_top++] = e_i_2;
        e_i_2 = e[i_2];
        e_i_2_over_s = e_i_2 / s;
        out[i_2] = e_i_2_over_s;
        // input.ts:15  for (let i = 0; i < x.length; i++) out[i] = e[i] / s;
        i_2 += 1;
        loop1_2_count += 1;
    }
    // input.ts:16  return out;
    result = new Float64Array(out.length);
    result_bar = new Float64Array(out.length);
    out_k = 0;
    out_each_count = 0;
    while (out_k < out.length) {
        out_k_value = out[out_k];
        result[out_k] = out_k_value;
        out_k += 1;
        out_each_count += 1;
    }
    __ct.sameLength(result_bar_in, result, "the cotangent of the result");
    result_bar = result_bar_in.slice();
    // adjoint of input.ts:16  return out;
    for (let out_each_iter = out_each_count; out_each_iter > 0; out_each_iter--) {
        out_k -= 1;
        out_k_value_bar = result_bar[out_k];
        result_bar[out_k] = 0;
        out_bar[out_k] += out_k_value_bar;
    }
    // adjoint of input.ts:15  for (let i = 0; i < x.length; i++) out[i] = e[i] / s;
    for (let loop1_2_iter = loop1_2_count; loop1_2_iter > 0; loop1_2_iter--) {
        i_2 -= 1;
        // recompute input.ts:15  out[i] = e[i] / s;
        e_i_2_over_s = e_i_2 / s;
        // adjoint of input.ts:15  out[i] = e[i] / s;
        e_i_2_over_s_bar = out_bar[i_2];
        out_bar[i_2] = 0;
        e_i_2_bar = e_i_2_over_s_bar / s;
        s_bar -= e_i_2_over_s / s * e_i_2_over_s_bar;
        e_bar[i_2] += e_i_2_bar;
        e_i_2 = tape_data[--tape_top];
    }
    // adjoint of input.ts:10  for (let i = 0; i < x.length; i++)
    for (let loop1_1_iter = loop1_1_count; loop1_1_iter > 0; loop1_1_iter--) {
        i_1 -= 1;
        // adjoint of input.ts:12  s += e[i];
        e_i_1_bar = s_bar;
        // adjoint of input.ts:11  e[i] = Math.exp(x[i] - m);
        e_i_bar = e_bar[i_1] + e_i_1_bar;
        e_bar[i_1] = 0;
        x_i_1_minus_m_bar = e_i * e_i_bar;
        e_i = tape_data[--tape_top];
        x_i_1_bar = x_i_1_minus_m_bar;
        m_bar -= x_i_1_minus_m_bar;
        x_bar[i_1] += x_i_1_bar;
    }
    // adjoint of input.ts:7  for (let i = 1; i < x.length; i++) m = Math.max(m, x[i]);
    for (let loop1_iter = loop1_count; loop1_iter > 0; loop1_iter--) {
        i -= 1;
        // adjoint of input.ts:7  m = Math.max(m, x[i]);
        max_m_x_i_bar = m_bar;
        m = tape_data[--tape_top];
        // recompute input.ts:7  m = Math.max(m, x[i]);
        x_i = x[i];
        // adjoint of input.ts:7  m = Math.max(m, x[i]);
        m_bar = (m > x_i ? 1 : m === x_i ? 0.5 : 0) * max_m_x_i_bar;
        x_i_bar = (x_i > m ? 1 : m === x_i ? 0.5 : 0) * max_m_x_i_bar;
        x_bar[i] += x_i_bar;
    }
    // adjoint of input.ts:6  let m = x[0];
    x_bar[0] += m_bar;
    tape.setTop(tape_top);
    return [result, x_bar];
}
export const point = [new Float64Array([0.1, 0.5, -0.2])];
export const jacobian = (x: Float64Array) => __ct.jacobianForward(x, (tangent: Float64Array) => f_jvp(x, tangent)[1]) as any;
export const tangent = (p: [
    Float64Array
], t: [
    Float64Array
]) => ((primals: [Float64Array], tangents: [Float64Array]) => f_jvp(primals[0], tangents[0]))(p, t);
export const pullback = (x: Float64Array) => ((x: Float64Array) => {
    const x_on_entry = x.slice();
    return [f(x), (cotangent: Float64Array) => {
            const r = f_vjp(x_on_entry, cotangent);
            return [r[1]];
        }] as const;
})(x)[1];
