import { grad, jvp } from "cotangent";
import * as __ct from "cotangent/runtime";
export interface Layer {
    readonly W: readonly (readonly number[])[];
    readonly b: readonly number[];
    readonly gain: number;
}
/** One layer, its fields destructured: the helper is inlined, each name a column of the caller's records. */
function dense({ W, b, gain }: Layer, h: number[]): number[] {
    const out: number[] = [];
    for (let i = 0; i < W.length; i++) {
        let s = b[i];
        for (let j = 0; j < h.length; j++)
            s += W[i][j] * h[j];
        out.push(gain * Math.tanh(s));
    }
    return out;
}
/**
 * A network of any depth whose layers are records that hold matrices: the generated functions take one column per
 * field (the matrices' rows and where each matrix starts, the arrays as a matrix, the gains in a Float64Array), and
 * grad gives one object per layer with every field's gradient.
 */
// @differentiate
export function f(layers: readonly Layer[], x: number[]): number {
    let h = x;
    for (const layer of layers)
        h = dense(layer, h);
    let s = 0;
    for (const v of h)
        s += v * v;
    return s;
}
/** Gradient (reverse mode) of 'f' with respect to 'layers_W_rows', 'layers_b', 'layers_gain', 'x': returns [layers_W_rows_bar, layers_b_bar, layers_gain_bar, x_bar], the adjoints for the seed 1. */
function f_grad(layers_W_rows: readonly (readonly number[])[], layers_W_starts: Int32Array, layers_b: readonly (readonly number[])[], layers_gain: Float64Array, x: readonly number[]): [number[][], number[][], Float64Array, number[]] {
    const tape = __ct.tape;
    const control = __ct.control;
    let h!: number[], out!: number[], h_bar!: number[], x_bar!: number[], out_bar!: number[];
    let x_k = 0, x_k_value = 0, layer_index = 0, layers_W_first = 0, gain = 0, i = 0, layers_W_after = 0, layers_W_end = 0, cond = 0, s = 0, j = 0, h_length = 0, layers_W_row = 0, layers_W_rows_j = 0, h_j = 0, s_1 = 0, tanh_s = 0, t = 0, out_end = 0, out_k = 0, out_k_value = 0, v_index = 0, v = 0, x_each_count = 0, loop3_count = 0, loop2_count = 0, out_each_count = 0, out_each_iter = 0, loop1_count = 0, loop1_1_count = 0, x_k_value_bar = 0, gain_bar = 0, s_bar = 0, layers_W_rows_j_bar = 0, h_j_bar = 0, s_1_bar = 0, tanh_s_bar = 0, t_bar = 0, out_k_value_bar = 0, s_2_bar = 0, v_bar = 0, v_times_v_bar = 0, result_bar = 0, tape_top = 0, control_top = 0;
    let layers_gain_bar!: Float64Array, tape_data!: Float64Array;
    let layers_b_bar!: number[][], layers_W_rows_bar!: number[][];
    let control_data!: Int32Array;
    // An error escaping the sweeps leaves the runtime's stacks at these depths, for the calls after it.
    const tape_entry = __ct.tape.top, control_entry = __ct.control.top, arrays_entry = __ct.arrays.top;
    try {
        control_top = control.top;
        control_data = control.data;
        control_data = control_top + 1 <= control_data.length ? control_data : control.reserve(control_top, 1);
        tape_top = tape.top;
        tape_data = tape.data;
        // adjoint of input.ts:31  return s;
        result_bar = 1;
        layers_W_rows_bar = layers_W_rows.map(row => row.slice().fill(0));
        layers_b_bar = layers_b.map(row => row.slice().fill(0));
        layers_gain_bar = new Float64Array(layers_gain.length);
        x_bar = x.slice().fill(0);
        h_bar = new Array<number>(0).fill(0);
        out_bar = new Array<number>(0).fill(0);
        // input.ts:27  let h = x;
        h = new Array<number>(x.length).fill(0);
        control_data[control_top++] = h_bar.length;
        h_bar = new Array<number>(x.length).fill(0);
        x_k = 0;
        x_each_count = 0;
        while (x_k < x.length) {
            x_k_value = x[x_k];
            h[x_k] = x_k_value;
            x_k += 1;
            x_each_count += 1;
        }
        // input.ts:28  for (const layer of layers) h = dense(layer, h);
        layer_index = 0;
        loop1_count = 0;
        while (layer_index < layers_W_starts.length - 1) {
            control_data = control_top + 1 <= control_data.length ? control_data : control.reserve(control_top, 1);
            tape_data = tape_top + 1 <= tape_data.length ? tape_data : tape.reserve(tape_top, 1);
            // input.ts:28  h = dense(layer, h);
            layers_W_first = layers_W_starts[layer_index];
            gain = layers_gain[layer_index];
            // input.ts:11  const out: number[] = [];
            out = new Array<number>(0).fill(0);
            control_data[control_top++] = out_bar.length;
            out_bar = new Array<number>(0).fill(0);
            // input.ts:12  for (let i = 0; i < W.length; i++)
            tape_data[tape_top++] = i;
            i = 0;
            layers_W_after = layer_index + 1;
            loop2_count = 0;
            for (;;) {
                layers_W_end = layers_W_starts[layers_W_after];
                cond = layers_W_end - layers_W_first;
                if (!(i < cond))
                    break;
                tape_data = tape_top + 1 <= tape_data.length ? tape_data : tape.reserve(tape_top, 1);
                // input.ts:13  let s = b[i];
                s = layers_b[layer_index][i];
                // input.ts:14  for (let j = 0; j < h.length; j++) s += W[i][j] * h[j];
                tape_data[tape_top++] = j;
                j = 0;
                h_length = h.length;
                loop3_count = 0;
                while (j < h_length) {
                    // input.ts:14  s += W[i][j] * h[j];
                    layers_W_row = layers_W_first + i;
                    layers_W_rows_j = layers_W_rows[layers_W_row][j];
                    h_j = h[j];
                    s_1 = layers_W_rows_j * h_j;
                    s += s_1;
                    // input.ts:14  for (let j = 0; j < h.length; j++) s += W[i][j] * h[j];
                    j += 1;
                    loop3_count += 1;
                }
                control_data = control_top + 1 <= control_data.length ? control_data : control.reserve(control_top, 1);
                tape_data = tape_top + 2 <= tape_data.length ? tape_data : tape.reserve(tape_top, 2);
                control_data[control_top++] = loop3_count;
                // input.ts:15  out.push(gain * Math.tanh(s));
                tape_data[tape_top++] = tanh_s;
                tanh_s = Math.tanh(s);
                t = gain * tanh_s;
                tape_data[tape_top++] = out_end;
                out_end = out.length;
                out[out_end] = t;
                out_bar[out_end] = 0;
                // input.ts:12  for (let i = 0; i < W.length; i++)
                i += 1;
                loop2_count += 1;
            }
            control_data = control_top + 2 <= control_data.length ? control_data : control.reserve(control_top, 2);
            control_data[control_top++] = loop2_count;
            // input.ts:28  h = dense(layer, h);
            __ct.arrays.push(h);
            h = new Array<number>(out.length).fill(0);
            control_data[control_top++] = h_bar.length;
            h_bar = new Array<number>(out.length).fill(0);
            out_k = 0;
            out_each_count = 0;
            while (out_k < out.length) {
                out_k_value = out[out_k];
                h[out_k] = out_k_value;
                out_k += 1;
                out_each_count += 1;
            }
            control_data = control_top + 1 <= control_data.length ? control_data : control.reserve(control_top, 1);
            control_data[control_top++] = out_each_count;
            // input.ts:28  for (const layer of layers) h = dense(layer, h);
            layer_index += 1;
            loop1_count += 1;
        }
        // input.ts:30  for (const v of h) s += v * v;
        v_index = 0;
        loop1_1_count = 0;
        while (v_index < h.length) {
            v = h[v_index];
            v_index += 1;
            loop1_1_count += 1;
        }
        // adjoint of input.ts:31  return s;
        s_2_bar = result_bar;
        // adjoint of input.ts:30  for (const v of h) s += v * v;
        for (let loop1_1_iter = loop1_1_count; loop1_1_iter > 0; loop1_1_iter--) {
            v_index -= 1;
            // adjoint of input.ts:30  s += v * v;
            v_times_v_bar = s_2_bar;
            // recompute input.ts:30  for (const v of h) s += v * v;
            v = h[v_index];
            // adjoint of input.ts:30  s += v * v;
            v_bar = 2 * v * v_times_v_bar;
            // adjoint of input.ts:30  for (const v of h) s += v * v;
            h_bar[v_index] += v_bar;
        }
        // adjoint of input.ts:28  for (const layer of layers) h = dense(layer, h);
        for (let loop1_iter = loop1_count; loop1_iter > 0; loop1_iter--) {
            layer_index -= 1;
            // adjoint of input.ts:28  h = dense(layer, h);
            out_each_iter = control_data[--control_top];
            out_k = out_each_iter;
            for (; out_each_iter > 0; out_each_iter--) {
                out_k -= 1;
                out_k_value_bar = h_bar[out_k];
                h_bar[out_k] = 0;
                out_bar[out_k] += out_k_value_bar;
            }
            h_bar = new Array<number>(control_data[--control_top]).fill(0);
            h = __ct.arrays.pop();
            // recompute input.ts:28  h = dense(layer, h);
            layers_W_first = layers_W_starts[layer_index];
            gain = layers_gain[layer_index];
            // adjoint of input.ts:12  for (let i = 0; i < W.length; i++)
            for (let loop2_iter = control_data[--control_top]; loop2_iter > 0; loop2_iter--) {
                i -= 1;
                // adjoint of input.ts:15  out.push(gain * Math.tanh(s));
                t_bar = out_bar[out_end];
                out_bar[out_end] = 0;
                out_end = tape_data[--tape_top];
                gain_bar += tanh_s * t_bar;
                tanh_s_bar = gain * t_bar;
                s_bar = (1 - tanh_s * tanh_s) * tanh_s_bar;
                tanh_s = tape_data[--tape_top];
                // adjoint of input.ts:14  for (let j = 0; j < h.length; j++) s += W[i][j] * h[j];
                for (let loop3_iter = control_data[--control_top]; loop3_iter > 0; loop3_iter--) {
                    j -= 1;
                    // adjoint of input.ts:14  s += W[i][j] * h[j];
                    s_1_bar = s_bar;
                    // recompute input.ts:14  s += W[i][j] * h[j];
                    layers_W_row = layers_W_first + i;
                    layers_W_rows_j = layers_W_rows[layers_W_row][j];
                    h_j = h[j];
                    // adjoint of input.ts:14  s += W[i][j] * h[j];
                    layers_W_rows_j_bar = h_j * s_1_bar;
                    h_j_bar = layers_W_rows_j * s_1_bar;
                    h_bar[j] += h_j_bar;
                    layers_W_rows_bar[layers_W_row][j] += layers_W_rows_j_bar;
                }
                j = tape_data[--tape_top];
                // adjoint of input.ts:13  let s = b[i];
                layers_b_bar[layer_index][i] += s_bar;
            }
            i = tape_data[--tape_top];
            // adjoint of input.ts:11  const out: number[] = [];
            out_bar = new Array<number>(control_data[--control_top]).fill(0);
            // adjoint of input.ts:28  h = dense(layer, h);
            layers_gain_bar[layer_index] += gain_bar;
            gain_bar = 0;
        }
        // adjoint of input.ts:27  let h = x;
        for (let x_each_iter = x_each_count; x_each_iter > 0; x_each_iter--) {
            x_k -= 1;
            x_k_value_bar = h_bar[x_k];
            h_bar[x_k] = 0;
            x_bar[x_k] += x_k_value_bar;
        }
        h_bar = new Array<number>(control_data[--control_top]).fill(0);
        tape.setTop(tape_top);
        control.setTop(control_top);
        return [layers_W_rows_bar, layers_b_bar, layers_gain_bar, x_bar];
    }
    catch (error) {
        __ct.unwind(tape_entry, control_entry, arrays_entry);
        throw error;
    }
}
/** Tangent (forward mode) of 'f' with respect to 'layers_W_rows', 'layers_b', 'layers_gain', 'x': returns [result, result_dot]. */
function f_jvp(layers_W_rows: readonly (readonly number[])[], layers_W_starts: Int32Array, layers_b: readonly (readonly number[])[], layers_gain: Float64Array, x: readonly number[], layers_W_rows_dot: readonly (readonly number[])[], layers_b_dot: readonly (readonly number[])[], layers_gain_dot: Float64Array, x_dot: readonly number[]): [number, number] {
    let result = 0, x_k = 0, x_k_value = 0, layer_index = 0, layers_W_first = 0, gain = 0, i = 0, layers_W_after = 0, layers_W_end = 0, cond = 0, s = 0, j = 0, h_length = 0, layers_W_row = 0, layers_W_rows_j = 0, h_j = 0, s_1 = 0, tanh_s = 0, t = 0, out_end = 0, out_k = 0, out_k_value = 0, s_2 = 0, v_index = 0, v = 0, v_times_v = 0, x_k_value_dot = 0, gain_dot = 0, s_dot = 0, layers_W_rows_j_dot = 0, h_j_dot = 0, s_1_dot = 0, tanh_s_dot = 0, t_dot = 0, out_k_value_dot = 0, s_2_dot = 0, v_dot = 0, v_times_v_dot = 0, result_dot = 0;
    let h!: number[], out!: number[], h_dot!: number[], out_dot!: number[];
    __ct.sameLength(layers_W_rows_dot, layers_W_rows, "the tangent of 'layers[i].W'");
    __ct.sameLength(layers_b_dot, layers_b, "the tangent of 'layers[i].b'");
    __ct.sameLength(layers_gain_dot, layers_gain, "the tangent of 'layers[i].gain'");
    __ct.sameLength(x_dot, x, "the tangent of 'x'");
    // input.ts:27  let h = x;
    h = new Array<number>(x.length).fill(0);
    h_dot = new Array<number>(x.length).fill(0);
    x_k = 0;
    while (x_k < x.length) {
        x_k_value = x[x_k];
        x_k_value_dot = x_dot[x_k];
        h[x_k] = x_k_value;
        h_dot[x_k] = x_k_value_dot;
        x_k += 1;
    }
    // input.ts:28  for (const layer of layers) h = dense(layer, h);
    layer_index = 0;
    while (layer_index < layers_W_starts.length - 1) {
        // input.ts:28  h = dense(layer, h);
        layers_W_first = layers_W_starts[layer_index];
        gain = layers_gain[layer_index];
        gain_dot = layers_gain_dot[layer_index];
        // input.ts:11  const out: number[] = [];
        out = new Array<number>(0).fill(0);
        out_dot = new Array<number>(0).fill(0);
        // input.ts:12  for (let i = 0; i < W.length; i++)
        i = 0;
        layers_W_after = layer_index + 1;
        for (;;) {
            layers_W_end = layers_W_starts[layers_W_after];
            cond = layers_W_end - layers_W_first;
            if (!(i < cond))
                break;
            // input.ts:13  let s = b[i];
            s = layers_b[layer_index][i];
            s_dot = layers_b_dot[layer_index][i];
            // input.ts:14  for (let j = 0; j < h.length; j++) s += W[i][j] * h[j];
            j = 0;
            h_length = h.length;
            while (j < h_length) {
                // input.ts:14  s += W[i][j] * h[j];
                layers_W_row = layers_W_first + i;
                layers_W_rows_j = layers_W_rows[layers_W_row][j];
                layers_W_rows_j_dot = layers_W_rows_dot[layers_W_row][j];
                h_j = h[j];
                h_j_dot = h_dot[j];
                s_1 = layers_W_rows_j * h_j;
                s_1_dot = h_j * layers_W_rows_j_dot + layers_W_rows_j * h_j_dot;
                s += s_1;
                s_dot += s_1_dot;
                // input.ts:14  for (let j = 0; j < h.length; j++) s += W[i][j] * h[j];
                j += 1;
            }
            // input.ts:15  out.push(gain * Math.tanh(s));
            tanh_s = Math.tanh(s);
            tanh_s_dot = (1 - tanh_s * tanh_s) * s_dot;
            t = gain * tanh_s;
            t_dot = tanh_s * gain_dot + gain * tanh_s_dot;
            out_end = out.length;
            out[out_end] = t;
            out_dot[out_end] = t_dot;
            // input.ts:12  for (let i = 0; i < W.length; i++)
            i += 1;
        }
        // input.ts:28  h = dense(layer, h);
        h = new Array<number>(out.length).fill(0);
        h_dot = new Array<number>(out.length).fill(0);
        out_k = 0;
        while (out_k < out.length) {
            out_k_value = out[out_k];
            out_k_value_dot = out_dot[out_k];
            h[out_k] = out_k_value;
            h_dot[out_k] = out_k_value_dot;
            out_k += 1;
        }
        // input.ts:28  for (const layer of layers) h = dense(layer, h);
        layer_index += 1;
    }
    // input.ts:29  let s = 0;
    s_2 = 0;
    s_2_dot = 0;
    // input.ts:30  for (const v of h) s += v * v;
    v_index = 0;
    while (v_index < h.length) {
        v = h[v_index];
        v_dot = h_dot[v_index];
        // input.ts:30  s += v * v;
        v_times_v = v * v;
        v_times_v_dot = 2 * v * v_dot;
        s_2 += v_times_v;
        s_2_dot += v_times_v_dot;
        // input.ts:30  for (const v of h) s += v * v;
        v_index += 1;
    }
    // input.ts:31  return s;
    result = s_2;
    result_dot = s_2_dot;
    return [result, result_dot];
}
export const point = [
    [
        {
            W: [
                [0.5, -0.3],
                [0.2, 0.8],
            ],
            b: [0.1, -0.2],
            gain: 1.5,
        },
        { W: [[0.4, -0.7]], b: [0.3], gain: 0.8 },
    ],
    [0.3, -1.2],
];
export const gradient = (layers: readonly Layer[], x: number[]) => {
    const r = f_grad(__ct.matrixRows(__ct.fieldOf(layers, "W")), __ct.rowStarts(__ct.fieldOf(layers, "W")), __ct.fieldOf(layers, "b"), __ct.numberColumn(layers, "gain"), x);
    return [__ct.recordsOfColumns(layers.length, { W: __ct.groupRows(r[0], __ct.fieldOf(layers, "W")), b: r[1], gain: r[2] }), r[3]];
};
export const tangent = (p: [
    Layer[],
    number[]
], t: [
    Layer[],
    number[]
]) => ((primals: [readonly Layer[], number[]], tangents: [readonly Layer[], number[]]) => f_jvp(__ct.matrixRows(__ct.fieldOf(primals[0], "W")), __ct.rowStarts(__ct.fieldOf(primals[0], "W")), __ct.fieldOf(primals[0], "b"), __ct.numberColumn(primals[0], "gain"), primals[1], __ct.matrixRows(__ct.fieldOf(tangents[0], "W"), __ct.fieldOf(primals[0], "W"), "the tangent of 'layers[i].W'"), __ct.fieldOf(tangents[0], "b"), __ct.numberColumn(tangents[0], "gain"), tangents[1]))(p, t);
