import { grad, jvp } from "cotangent";
import * as __ct from "cotangent/runtime";
function softmax(z: Float64Array): Float64Array {
    let top = -Infinity;
    for (const v of z)
        top = Math.max(top, v);
    const e = z.map((v) => Math.exp(v - top));
    const total = e.reduce((a, b) => a + b, 0);
    return e.map((v) => v / total);
}
// @differentiate
export function f(x: Float64Array, y: Float64Array): number {
    const p = softmax(x);
    let loss = 0;
    for (let i = 0; i < p.length; i++)
        loss -= y[i] * Math.log(p[i]);
    return loss;
}
/** Gradient (reverse mode) of 'f' with respect to 'x', 'y': returns [x_bar, y_bar], the adjoints for the seed 1. */
function f_grad(x: Float64Array, y: Float64Array): [Float64Array, Float64Array] {
    const tape = __ct.tape;
    let top = 0, v_index = 0, v = 0, max_top_v = 0, x_length = 0, x_k = 0, x_k_value = 0, v_1 = 0, v_1_minus_top = 0, e_value = 0, total_acc = 0, e_length = 0, e_k = 0, e_k_value = 0, a = 0, b = 0, total = 0, e_length_1 = 0, e_k_1 = 0, e_k_value_1 = 0, v_2 = 0, e_map_value = 0, i = 0, e_map_length = 0, y_i = 0, e_map_i = 0, log_e_map_i = 0, loop1_count = 0, x_each_count = 0, e_each_count = 0, e_each_1_count = 0, loop1_1_count = 0, top_bar = 0, v_bar = 0, max_top_v_bar = 0, x_k_value_bar = 0, v_1_bar = 0, v_1_minus_top_bar = 0, e_value_bar = 0, total_acc_bar = 0, e_k_value_bar = 0, a_bar = 0, b_bar = 0, total_bar = 0, e_k_value_1_bar = 0, v_2_bar = 0, e_map_value_bar = 0, loss_bar = 0, y_i_bar = 0, e_map_i_bar = 0, log_e_map_i_bar = 0, loss_1_bar = 0, result_bar = 0, tape_for_loop1 = 0, tape_for_x_each = 0, tape_for_loop1_1 = 0, tape_top = 0;
    let e!: Float64Array, e_map!: Float64Array, x_bar!: Float64Array, e_bar!: Float64Array, e_map_bar!: Float64Array, y_bar!: Float64Array, tape_data!: Float64Array;
    tape_top = tape.top;
    tape_data = tape.data;
    // adjoint of input.ts:16  return loss;
    result_bar = 1;
    x_bar = new Float64Array(x.length);
    y_bar = new Float64Array(y.length);
    // input.ts:4  let top = -Infinity;
    top = -Infinity;
    // input.ts:5  for (const v of z) top = Math.max(top, v);
    v_index = 0;
    loop1_count = 0;
    tape_for_loop1 = x.length - v_index;
    tape_data = tape_top + tape_for_loop1 <= tape_data.length ? tape_data : tape.reserve(tape_top, tape_for_loop1);
    while (v_index < x.length) {
        v = x[v_index];
        // input.ts:5  top = Math.max(top, v);
        max_top_v = Math.max(top, v);
        tape_data[tape_top++] = top;
        top = max_top_v;
        // input.ts:5  for (const v of z) top = Math.max(top, v);
        v_index += 1;
        loop1_count += 1;
    }
    // input.ts:6  const e = z.map((v) => Math.exp(v - top));
    e = new Float64Array(x.length);
    e_bar = new Float64Array(x.length);
    x_length = x.length;
    x_k = 0;
    x_each_count = 0;
    tape_for_x_each = x_length - x_k;
    tape_data = tape_top + tape_for_x_each <= tape_data.length ? tape_data : tape.reserve(tape_top, tape_for_x_each);
    while (x_k < x_length) {
        x_k_value = x[x_k];
        v_1 = x_k_value;
        v_1_minus_top = v_1 - top;
        tape_data[tape_top++] = e_value;
        e_value = Math.exp(v_1_minus_top);
        e[x_k] = e_value;
        x_k += 1;
        x_each_count += 1;
    }
    // input.ts:7  const total = e.reduce((a, b) => a + b, 0);
    total_acc = 0;
    e_length = e.length;
    e_k = 0;
    e_each_count = 0;
    while (e_k < e_length) {
        e_k_value = e[e_k];
        a = total_acc;
        b = e_k_value;
        total_acc = a + b;
        e_k += 1;
        e_each_count += 1;
    }
    total = total_acc;
    // input.ts:8  return e.map((v) => v / total);
    e_map = new Float64Array(e.length);
    e_map_bar = new Float64Array(e.length);
    e_length_1 = e.length;
    e_k_1 = 0;
    e_each_1_count = 0;
    while (e_k_1 < e_length_1) {
        e_k_value_1 = e[e_k_1];
        v_2 = e_k_value_1;
        e_map_value = v_2 / total;
        e_map[e_k_1] = e_map_value;
        e_k_1 += 1;
        e_each_1_count += 1;
    }
    // input.ts:15  for (let i = 0; i < p.length; i++) loss -= y[i] * Math.lo...
    i = 0;
    e_map_length = e_map.length;
    loop1_1_count = 0;
    tape_for_loop1_1 = e_map_length - i;
    tape_data = tape_top + tape_for_loop1_1 <= tape_data.length ? tape_data : tape.reserve(tape_top, tape_for_loop1_1);
    while (i < e_map_length) {
        // input.ts:15  loss -= y[i] * Math.log(p[i]);
        y_i = y[i];
        e_map_i = e_map[i];
        tape_data[tape_top++] = log_e_map_i;
        log_e_map_i = Math.log(e_map_i);
        // input.ts:15  for (let i = 0; i < p.length; i++) loss -= y[i] * Math.lo...
        i += 1;
        loop1_1_count += 1;
    }
    // adjoint of input.ts:16  return loss;
    loss_bar = result_bar;
    // adjoint of input.ts:15  for (let i = 0; i < p.length; i++) loss -= y[i] * Math.lo...
    for (let loop1_1_iter = loop1_1_count; loop1_1_iter > 0; loop1_1_iter--) {
        i -= 1;
        // adjoint of input.ts:15  loss -= y[i] * Math.log(p[i]);
        loss_1_bar = -loss_bar;
        // recompute input.ts:15  loss -= y[i] * Math.log(p[i]);
        y_i = y[i];
        // adjoint of input.ts:15  loss -= y[i] * Math.log(p[i]);
        y_i_bar = log_e_map_i * loss_1_bar;
        log_e_map_i_bar = y_i * loss_1_bar;
        // recompute input.ts:15  loss -= y[i] * Math.log(p[i]);
        e_map_i = e_map[i];
        // adjoint of input.ts:15  loss -= y[i] * Math.log(p[i]);
        e_map_i_bar = log_e_map_i_bar / e_map_i;
        log_e_map_i = tape_data[--tape_top];
        e_map_bar[i] += e_map_i_bar;
        y_bar[i] += y_i_bar;
    }
    // adjoint of input.ts:8  return e.map((v) => v / total);
    for (let e_each_1_iter = e_each_1_count; e_each_1_iter > 0; e_each_1_iter--) {
        e_k_1 -= 1;
        // recompute input.ts:8  return e.map((v) => v / total);
        e_k_value_1 = e[e_k_1];
        v_2 = e_k_value_1;
        e_map_value = v_2 / total;
        // adjoint of input.ts:8  return e.map((v) => v / total);
        e_map_value_bar = e_map_bar[e_k_1];
        e_map_bar[e_k_1] = 0;
        v_2_bar = e_map_value_bar / total;
        total_bar -= e_map_value / total * e_map_value_bar;
        e_k_value_1_bar = v_2_bar;
        e_bar[e_k_1] += e_k_value_1_bar;
    }
    // adjoint of input.ts:7  const total = e.reduce((a, b) => a + b, 0);
    total_acc_bar = total_bar;
    for (let e_each_iter = e_each_count; e_each_iter > 0; e_each_iter--) {
        e_k -= 1;
        a_bar = total_acc_bar;
        b_bar = total_acc_bar;
        e_k_value_bar = b_bar;
        total_acc_bar = a_bar;
        e_bar[e_k] += e_k_value_bar;
    }
    // adjoint of input.ts:6  const e = z.map((v) => Math.exp(v - top));
    for (let x_each_iter = x_each_count; x_each_iter > 0; x_each_iter--) {
        x_k -= 1;
        e_value_bar = e_bar[x_k];
        e_bar[x_k] = 0;
        v_1_minus_top_bar = e_value * e_value_bar;
        e_value = tape_data[--tape_top];
        v_1_bar = v_1_minus_top_bar;
        top_bar -= v_1_minus_top_bar;
        x_k_value_bar = v_1_bar;
        x_bar[x_k] += x_k_value_bar;
    }
    // adjoint of input.ts:5  for (const v of z) top = Math.max(top, v);
    for (let loop1_iter = loop1_count; loop1_iter > 0; loop1_iter--) {
        v_index -= 1;
        // adjoint of input.ts:5  top = Math.max(top, v);
        max_top_v_bar = top_bar;
        top = tape_data[--tape_top];
        // recompute input.ts:5  for (const v of z) top = Math.max(top, v);
        v = x[v_index];
        // adjoint of input.ts:5  top = Math.max(top, v);
        top_bar = (top > v ? 1 : top === v ? 0.5 : 0) * max_top_v_bar;
        v_bar = (v > top ? 1 : top === v ? 0.5 : 0) * max_top_v_bar;
        // adjoint of input.ts:5  for (const v of z) top = Math.max(top, v);
        x_bar[v_index] += v_bar;
    }
    tape.setTop(tape_top);
    return [x_bar, y_bar];
}
/** Tangent (forward mode) of 'f' with respect to 'x', 'y': returns [result, result_dot]. */
function f_jvp(x: Float64Array, y: Float64Array, x_dot: Float64Array, y_dot: Float64Array): [number, number] {
    let result = 0, top = 0, v_index = 0, v = 0, max_top_v = 0, x_length = 0, x_k = 0, x_k_value = 0, v_1 = 0, v_1_minus_top = 0, e_value = 0, total_acc = 0, e_length = 0, e_k = 0, e_k_value = 0, a = 0, b = 0, total = 0, e_length_1 = 0, e_k_1 = 0, e_k_value_1 = 0, v_2 = 0, e_map_value = 0, loss = 0, i = 0, e_map_length = 0, y_i = 0, e_map_i = 0, log_e_map_i = 0, loss_1 = 0, top_dot = 0, v_dot = 0, max_top_v_dot = 0, x_k_value_dot = 0, v_1_dot = 0, v_1_minus_top_dot = 0, e_value_dot = 0, total_acc_dot = 0, e_k_value_dot = 0, a_dot = 0, b_dot = 0, total_dot = 0, e_k_value_1_dot = 0, v_2_dot = 0, e_map_value_dot = 0, loss_dot = 0, y_i_dot = 0, e_map_i_dot = 0, log_e_map_i_dot = 0, loss_1_dot = 0, result_dot = 0;
    let e!: Float64Array, e_map!: Float64Array, e_dot!: Float64Array, e_map_dot!: Float64Array;
    __ct.sameLength(x_dot, x, "the tangent of 'x'");
    __ct.sameLength(y_dot, y, "the tangent of 'y'");
    // input.ts:4  let top = -Infinity;
    top = -Infinity;
    top_dot = 0;
    // input.ts:5  for (const v of z) top = Math.max(top, v);
    v_index = 0;
    while (v_index < x.length) {
        v = x[v_index];
        v_dot = x_dot[v_index];
        // input.ts:5  top = Math.max(top, v);
        max_top_v = Math.max(top, v);
        max_top_v_dot = (top > v ? 1 : top === v ? 0.5 : 0) * top_dot + (v > top ? 1 : top === v ? 0.5 : 0) * v_dot;
        top = max_top_v;
        top_dot = max_top_v_dot;
        // input.ts:5  for (const v of z) top = Math.max(top, v);
        v_index += 1;
    }
    // input.ts:6  const e = z.map((v) => Math.exp(v - top));
    e = new Float64Array(x.length);
    e_dot = new Float64Array(x.length);
    x_length = x.length;
    x_k = 0;
    while (x_k < x_length) {
        x_k_value = x[x_k];
        x_k_value_dot = x_dot[x_k];
        v_1 = x_k_value;
        v_1_dot = x_k_value_dot;
        v_1_minus_top = v_1 - top;
        v_1_minus_top_dot = v_1_dot - top_dot;
        e_value = Math.exp(v_1_minus_top);
        e_value_dot = e_value * v_1_minus_top_dot;
        e[x_k] = e_value;
        e_dot[x_k] = e_value_dot;
        x_k += 1;
    }
    // input.ts:7  const total = e.reduce((a, b) => a + b, 0);
    total_acc = 0;
    total_acc_dot = 0;
    e_length = e.length;
    e_k = 0;
    while (e_k < e_length) {
        e_k_value = e[e_k];
        e_k_value_dot = e_dot[e_k];
        a = total_acc;
        a_dot = total_acc_dot;
        b = e_k_value;
        b_dot = e_k_value_dot;
        total_acc = a + b;
        total_acc_dot = a_dot + b_dot;
        e_k += 1;
    }
    total = total_acc;
    total_dot = total_acc_dot;
    // input.ts:8  return e.map((v) => v / total);
    e_map = new Float64Array(e.length);
    e_map_dot = new Float64Array(e.length);
    e_length_1 = e.length;
    e_k_1 = 0;
    while (e_k_1 < e_length_1) {
        e_k_value_1 = e[e_k_1];
        e_k_value_1_dot = e_dot[e_k_1];
        v_2 = e_k_value_1;
        v_2_dot = e_k_value_1_dot;
        e_map_value = v_2 / total;
        e_map_value_dot = v_2_dot / total - e_map_value / total * total_dot;
        e_map[e_k_1] = e_map_value;
        e_map_dot[e_k_1] = e_map_value_dot;
        e_k_1 += 1;
    }
    // input.ts:14  let loss = 0;
    loss = 0;
    loss_dot = 0;
    // input.ts:15  for (let i = 0; i < p.length; i++) loss -= y[i] * Math.lo...
    i = 0;
    e_map_length = e_map.length;
    while (i < e_map_length) {
        // input.ts:15  loss -= y[i] * Math.log(p[i]);
        y_i = y[i];
        y_i_dot = y_dot[i];
        e_map_i = e_map[i];
        e_map_i_dot = e_map_dot[i];
        log_e_map_i = Math.log(e_map_i);
        log_e_map_i_dot = e_map_i_dot / e_map_i;
        loss_1 = y_i * log_e_map_i;
        loss_1_dot = log_e_map_i * y_i_dot + y_i * log_e_map_i_dot;
        loss -= loss_1;
        loss_dot -= loss_1_dot;
        // input.ts:15  for (let i = 0; i < p.length; i++) loss -= y[i] * Math.lo...
        i += 1;
    }
    // input.ts:16  return loss;
    result = loss;
    result_dot = loss_dot;
    return [result, result_dot];
}
export const point = [Float64Array.from([0.4, -1.2, 0.9]), Float64Array.from([0.2, 0.5, 0.3])];
export const gradient = (x: Float64Array, y: Float64Array) => {
    const r = f_grad(x, y);
    return [r[0], r[1]];
};
export const tangent = (p: [
    Float64Array,
    Float64Array
], t: [
    Float64Array,
    Float64Array
]) => ((primals: [Float64Array, Float64Array], tangents: [Float64Array, Float64Array]) => f_jvp(primals[0], primals[1], tangents[0], tangents[1]))(p, t);
