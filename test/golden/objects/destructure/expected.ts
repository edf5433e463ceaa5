import { grad, jvp } from "cotangent";
import * as __ct from "cotangent/runtime";
export interface Layer {
    w: Float64Array;
    b: number;
}
/** A destructured parameter, a tuple pattern and a recurrence written as a destructuring assignment. */
// @differentiate
export function f({ w, b }: Layer, [x, y]: [
    number,
    number
]): number {
    let [u, v] = [x, y];
    for (let i = 0; i < w.length; i++)
        [u, v] = [v, w[i] * u + b * v];
    return u * v;
}
/** Gradient (reverse mode) of 'f' with respect to 'layer_w', 'layer_b', 'x_y_0', 'x_y_1': returns [layer_w_bar, layer_b_bar, x_y_0_bar, x_y_1_bar], the adjoints for the seed 1. */
function f_grad(layer_w: Float64Array, layer_b: number, x_y_0: number, x_y_1: number): [Float64Array, number, number, number] {
    const tape = __ct.tape;
    let b = 0, x = 0, y = 0, u_v_0 = 0, u_v_1 = 0, u = 0, v = 0, i = 0, layer_w_length = 0, u_new = 0, layer_w_i = 0, v_1 = 0, b_times_v = 0, v_new = 0, loop1_count = 0, b_bar = 0, layer_b_bar = 0, x_bar = 0, x_y_0_bar = 0, y_bar = 0, x_y_1_bar = 0, u_v_0_bar = 0, u_v_1_bar = 0, u_bar = 0, v_bar = 0, u_new_bar = 0, layer_w_i_bar = 0, v_1_bar = 0, b_times_v_bar = 0, v_new_bar = 0, result_bar = 0, tape_for_loop1 = 0, tape_top = 0;
    let layer_w_bar!: Float64Array, tape_data!: Float64Array;
    tape_top = tape.top;
    tape_data = tape.data;
    // adjoint of input.ts:13  return u * v;
    result_bar = 1;
    layer_w_bar = new Float64Array(layer_w.length);
    // input.ts:10  { w, b }: Layer
    b = layer_b;
    // input.ts:10  [x, y]: [number, number]
    x = x_y_0;
    y = x_y_1;
    // input.ts:11  let [u, v] = [x, y];
    u_v_0 = x;
    u_v_1 = y;
    u = u_v_0;
    v = u_v_1;
    // input.ts:12  for (let i = 0; i < w.length; i++) [u, v] = [v, w[i] * u ...
    i = 0;
    layer_w_length = layer_w.length;
    loop1_count = 0;
    tape_for_loop1 = 2 * (layer_w_length - i);
    tape_data = tape_top + tape_for_loop1 <= tape_data.length ? tape_data : tape.reserve(tape_top, tape_for_loop1);
    while (i < layer_w_length) {
        // input.ts:12  [u, v] = [v, w[i] * u + b * v];
        u_new = v;
        layer_w_i = layer_w[i];
        v_1 = layer_w_i * u;
        b_times_v = b * v;
        v_new = v_1 + b_times_v;
        tape_data[tape_top++] = u;
        u = u_new;
        tape_data[tape_top++] = v;
        v = v_new;
        // input.ts:12  for (let i = 0; i < w.length; i++) [u, v] = [v, w[i] * u ...
        i += 1;
        loop1_count += 1;
    }
    // adjoint of input.ts:13  return u * v;
    u_bar = v * result_bar;
    v_bar = u * result_bar;
    // adjoint of input.ts:12  for (let i = 0; i < w.length; i++) [u, v] = [v, w[i] * u ...
    for (let loop1_iter = loop1_count; loop1_iter > 0; loop1_iter--) {
        i -= 1;
        // adjoint of input.ts:12  [u, v] = [v, w[i] * u + b * v];
        v_new_bar = v_bar;
        v = tape_data[--tape_top];
        u_new_bar = u_bar;
        u = tape_data[--tape_top];
        v_1_bar = v_new_bar;
        b_times_v_bar = v_new_bar;
        b_bar += v * b_times_v_bar;
        v_bar = b * b_times_v_bar;
        // recompute input.ts:12  [u, v] = [v, w[i] * u + b * v];
        layer_w_i = layer_w[i];
        // adjoint of input.ts:12  [u, v] = [v, w[i] * u + b * v];
        layer_w_i_bar = u * v_1_bar;
        u_bar = layer_w_i * v_1_bar;
        layer_w_bar[i] += layer_w_i_bar;
        v_bar += u_new_bar;
    }
    // adjoint of input.ts:11  let [u, v] = [x, y];
    u_v_1_bar = v_bar;
    u_v_0_bar = u_bar;
    y_bar = u_v_1_bar;
    x_bar = u_v_0_bar;
    // adjoint of input.ts:10  [x, y]: [number, number]
    x_y_1_bar = y_bar;
    x_y_0_bar = x_bar;
    // adjoint of input.ts:10  { w, b }: Layer
    layer_b_bar = b_bar;
    tape.setTop(tape_top);
    return [layer_w_bar, layer_b_bar, x_y_0_bar, x_y_1_bar];
}
/** Tangent (forward mode) of 'f' with respect to 'layer_w', 'layer_b', 'x_y_0', 'x_y_1': returns [result, result_dot]. */
function f_jvp(layer_w: Float64Array, layer_b: number, x_y_0: number, x_y_1: number, layer_w_dot: Float64Array, layer_b_dot: number, x_y_0_dot: number, x_y_1_dot: number): [number, number] {
    let b = 0, x = 0, y = 0, result = 0, u_v_0 = 0, u_v_1 = 0, u = 0, v = 0, i = 0, layer_w_length = 0, u_new = 0, layer_w_i = 0, v_1 = 0, b_times_v = 0, v_new = 0, b_dot = 0, x_dot = 0, y_dot = 0, u_v_0_dot = 0, u_v_1_dot = 0, u_dot = 0, v_dot = 0, u_new_dot = 0, layer_w_i_dot = 0, v_1_dot = 0, b_times_v_dot = 0, v_new_dot = 0, result_dot = 0;
    __ct.sameLength(layer_w_dot, layer_w, "the tangent of 'layer.w'");
    // input.ts:10  { w, b }: Layer
    b = layer_b;
    b_dot = layer_b_dot;
    // input.ts:10  [x, y]: [number, number]
    x = x_y_0;
    x_dot = x_y_0_dot;
    y = x_y_1;
    y_dot = x_y_1_dot;
    // input.ts:11  let [u, v] = [x, y];
    u_v_0 = x;
    u_v_0_dot = x_dot;
    u_v_1 = y;
    u_v_1_dot = y_dot;
    u = u_v_0;
    u_dot = u_v_0_dot;
    v = u_v_1;
    v_dot = u_v_1_dot;
    // input.ts:12  for (let i = 0; i < w.length; i++) [u, v] = [v, w[i] * u ...
    i = 0;
    layer_w_length = layer_w.length;
    while (i < layer_w_length) {
        // input.ts:12  [u, v] = [v, w[i] * u + b * v];
        u_new = v;
        u_new_dot = v_dot;
        layer_w_i = layer_w[i];
        layer_w_i_dot = layer_w_dot[i];
        v_1 = layer_w_i * u;
        v_1_dot = u * layer_w_i_dot + layer_w_i * u_dot;
        b_times_v = b * v;
        b_times_v_dot = v * b_dot + b * v_dot;
        v_new = v_1 + b_times_v;
        v_new_dot = v_1_dot + b_times_v_dot;
        u = u_new;
        u_dot = u_new_dot;
        v = v_new;
        v_dot = v_new_dot;
        // input.ts:12  for (let i = 0; i < w.length; i++) [u, v] = [v, w[i] * u ...
        i += 1;
    }
    // input.ts:13  return u * v;
    result = u * v;
    result_dot = v * u_dot + u * v_dot;
    return [result, result_dot];
}
export const point = [{ w: new Float64Array([0.4, -0.6, 0.3]), b: 0.8 }, [1.5, 0.25]];
export const gradient = (layer: Layer, x_y: [number, number]) => {
    const r = f_grad(layer.w, layer.b, x_y[0], x_y[1]);
    return [{ w: r[0], b: r[1] }, [r[2], r[3]]];
};
export const tangent = (p: [
    Layer,
    [
        number,
        number
    ]
], t: [
    Layer,
    [
        number,
        number
    ]
]) => ((primals: [Layer, [number, number]], tangents: [Layer, [number, number]]) => f_jvp(primals[0].w, primals[0].b, primals[1][0], primals[1][1], tangents[0].w, tangents[0].b, tangents[1][0], tangents[1][1]))(p, t);
