import { grad, jvp } from "cotangent";
import * as __ct from "cotangent/runtime";
class Affine {
    constructor(public w: Float64Array, public b: number) { }
    apply(x: Float64Array): number {
        let s = this.b;
        for (let i = 0; i < x.length; i++)
            s += this.w[i] * x[i];
        return s;
    }
    get norm(): number {
        let s = 0;
        for (const v of this.w)
            s += v * v;
        return Math.sqrt(s);
    }
}
/** An object built, then used through a method and a getter, inside the differentiated function. */
// @differentiate
export function f(w: Float64Array, b: number, x: Float64Array): number {
    const layer = new Affine(w, b);
    return Math.tanh(layer.apply(x)) + 0.1 * layer.norm;
}
/** Gradient (reverse mode) of 'f' with respect to 'w', 'b', 'x': returns [w_bar, b_bar, x_bar], the adjoints for the seed 1. */
function f_grad(w: Float64Array, b: number, x: Float64Array): [Float64Array, number, Float64Array] {
    let layer_b = 0, b_1 = 0, apply_result = 0, s = 0, i = 0, x_length = 0, w_i = 0, x_i = 0, w_i_times_x_i = 0, result_1 = 0, norm_result = 0, s_1 = 0, v_index = 0, v = 0, v_times_v = 0, loop1_count = 0, loop1_1_count = 0, b_1_bar = 0, b_bar = 0, layer_b_bar = 0, s_bar = 0, w_i_bar = 0, x_i_bar = 0, w_i_times_x_i_bar = 0, apply_result_bar = 0, result_1_bar = 0, s_1_bar = 0, v_bar = 0, v_times_v_bar = 0, norm_result_bar = 0, result_2_bar = 0, result_bar = 0;
    let w_bar!: Float64Array, x_bar!: Float64Array;
    // adjoint of input.ts:26  return Math.tanh(layer.apply(x)) + 0.1 * layer.norm;
    result_bar = 1;
    w_bar = new Float64Array(w.length);
    x_bar = new Float64Array(x.length);
    // input.ts:25  const layer = new Affine(w, b);
    b_1 = b;
    // input.ts:6  public b: number
    layer_b = b_1;
    // input.ts:10  let s = this.b;
    s = layer_b;
    // input.ts:11  for (let i = 0; i < x.length; i++) s += this.w[i] * x[i];
    i = 0;
    x_length = x.length;
    loop1_count = 0;
    while (i < x_length) {
        // input.ts:11  s += this.w[i] * x[i];
        w_i = w[i];
        x_i = x[i];
        w_i_times_x_i = w_i * x_i;
        s += w_i_times_x_i;
        // input.ts:11  for (let i = 0; i < x.length; i++) s += this.w[i] * x[i];
        i += 1;
        loop1_count += 1;
    }
    // input.ts:12  return s;
    apply_result = s;
    // input.ts:26  return Math.tanh(layer.apply(x)) + 0.1 * layer.norm;
    result_1 = Math.tanh(apply_result);
    // input.ts:16  let s = 0;
    s_1 = 0;
    // input.ts:17  for (const v of this.w) s += v * v;
    v_index = 0;
    loop1_1_count = 0;
    while (v_index < w.length) {
        v = w[v_index];
        // input.ts:17  s += v * v;
        v_times_v = v * v;
        s_1 += v_times_v;
        // input.ts:17  for (const v of this.w) s += v * v;
        v_index += 1;
        loop1_1_count += 1;
    }
    // input.ts:18  return Math.sqrt(s);
    norm_result = Math.sqrt(s_1);
    // adjoint of input.ts:26  return Math.tanh(layer.apply(x)) + 0.1 * layer.norm;
    result_1_bar = result_bar;
    result_2_bar = result_bar;
    norm_result_bar = 0.1 * result_2_bar;
    // adjoint of input.ts:18  return Math.sqrt(s);
    s_1_bar = 0.5 / norm_result * norm_result_bar;
    // adjoint of input.ts:17  for (const v of this.w) s += v * v;
    for (let loop1_1_iter = loop1_1_count; loop1_1_iter > 0; loop1_1_iter--) {
        v_index -= 1;
        // adjoint of input.ts:17  s += v * v;
        v_times_v_bar = s_1_bar;
        // recompute input.ts:17  for (const v of this.w) s += v * v;
        v = w[v_index];
        // adjoint of input.ts:17  s += v * v;
        v_bar = 2 * v * v_times_v_bar;
        // adjoint of input.ts:17  for (const v of this.w) s += v * v;
        w_bar[v_index] += v_bar;
    }
    // adjoint of input.ts:26  return Math.tanh(layer.apply(x)) + 0.1 * layer.norm;
    apply_result_bar = (1 - result_1 * result_1) * result_1_bar;
    // adjoint of input.ts:12  return s;
    s_bar = apply_result_bar;
    // adjoint of input.ts:11  for (let i = 0; i < x.length; i++) s += this.w[i] * x[i];
    for (let loop1_iter = loop1_count; loop1_iter > 0; loop1_iter--) {
        i -= 1;
        // adjoint of input.ts:11  s += this.w[i] * x[i];
        w_i_times_x_i_bar = s_bar;
        // recompute input.ts:11  s += this.w[i] * x[i];
        w_i = w[i];
        x_i = x[i];
        // adjoint of input.ts:11  s += this.w[i] * x[i];
        w_i_bar = x_i * w_i_times_x_i_bar;
        x_i_bar = w_i * w_i_times_x_i_bar;
        x_bar[i] += x_i_bar;
        w_bar[i] += w_i_bar;
    }
    // adjoint of input.ts:10  let s = this.b;
    layer_b_bar = s_bar;
    // adjoint of input.ts:6  public b: number
    b_1_bar = layer_b_bar;
    // adjoint of input.ts:25  const layer = new Affine(w, b);
    b_bar = b_1_bar;
    return [w_bar, b_bar, x_bar];
}
/** Tangent (forward mode) of 'f' with respect to 'w', 'b', 'x': returns [result, result_dot]. */
function f_jvp(w: Float64Array, b: number, x: Float64Array, w_dot: Float64Array, b_dot: number, x_dot: Float64Array): [number, number] {
    let result = 0, layer_b = 0, b_1 = 0, apply_result = 0, s = 0, i = 0, x_length = 0, w_i = 0, x_i = 0, w_i_times_x_i = 0, result_1 = 0, norm_result = 0, s_1 = 0, v_index = 0, v = 0, v_times_v = 0, result_2 = 0, b_1_dot = 0, layer_b_dot = 0, s_dot = 0, w_i_dot = 0, x_i_dot = 0, w_i_times_x_i_dot = 0, apply_result_dot = 0, result_1_dot = 0, s_1_dot = 0, v_dot = 0, v_times_v_dot = 0, norm_result_dot = 0, result_2_dot = 0, result_dot = 0;
    __ct.sameLength(w_dot, w, "the tangent of 'w'");
    __ct.sameLength(x_dot, x, "the tangent of 'x'");
    // input.ts:25  const layer = new Affine(w, b);
    b_1 = b;
    b_1_dot = b_dot;
    // input.ts:6  public b: number
    layer_b = b_1;
    layer_b_dot = b_1_dot;
    // input.ts:10  let s = this.b;
    s = layer_b;
    s_dot = layer_b_dot;
    // input.ts:11  for (let i = 0; i < x.length; i++) s += this.w[i] * x[i];
    i = 0;
    x_length = x.length;
    while (i < x_length) {
        // input.ts:11  s += this.w[i] * x[i];
        w_i = w[i];
        w_i_dot = w_dot[i];
        x_i = x[i];
        x_i_dot = x_dot[i];
        w_i_times_x_i = w_i * x_i;
        w_i_times_x_i_dot = x_i * w_i_dot + w_i * x_i_dot;
        s += w_i_times_x_i;
        s_dot += w_i_times_x_i_dot;
        // input.ts:11  for (let i = 0; i < x.length; i++) s += this.w[i] * x[i];
        i += 1;
    }
    // input.ts:12  return s;
    apply_result = s;
    apply_result_dot = s_dot;
    // input.ts:26  return Math.tanh(layer.apply(x)) + 0.1 * layer.norm;
    result_1 = Math.tanh(apply_result);
    result_1_dot = (1 - result_1 * result_1) * apply_result_dot;
    // input.ts:16  let s = 0;
    s_1 = 0;
    s_1_dot = 0;
    // input.ts:17  for (const v of this.w) s += v * v;
    v_index = 0;
    while (v_index < w.length) {
        v = w[v_index];
        v_dot = w_dot[v_index];
        // input.ts:17  s += v * v;
        v_times_v = v * v;
        v_times_v_dot = 2 * v * v_dot;
        s_1 += v_times_v;
        s_1_dot += v_times_v_dot;
        // input.ts:17  for (const v of this.w) s += v * v;
        v_index += 1;
    }
    // input.ts:18  return Math.sqrt(s);
    norm_result = Math.sqrt(s_1);
    norm_result_dot = 0.5 / norm_result * s_1_dot;
    // input.ts:26  return Math.tanh(layer.apply(x)) + 0.1 * layer.norm;
    result_2 = 0.1 * norm_result;
    result_2_dot = 0.1 * norm_result_dot;
    result = result_1 + result_2;
    result_dot = result_1_dot + result_2_dot;
    return [result, result_dot];
}
export const point = [new Float64Array([0.4, -0.6, 0.3]), 0.2, new Float64Array([1, 0.5, -2])];
export const gradient = (w: Float64Array, b: number, x: Float64Array) => {
    const r = f_grad(w, b, x);
    return [r[0], r[1], r[2]];
};
export const tangent = (p: [
    Float64Array,
    number,
    Float64Array
], t: [
    Float64Array,
    number,
    Float64Array
]) => ((primals: [Float64Array, number, Float64Array], tangents: [Float64Array, number, Float64Array]) => f_jvp(primals[0], primals[1], primals[2], tangents[0], tangents[1], tangents[2]))(p, t);
