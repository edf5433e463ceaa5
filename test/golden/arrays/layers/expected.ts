import { grad, jvp } from "cotangent";
import * as __ct from "cotangent/runtime";
/** One tanh layer: the helper is inlined with W naming one matrix of the caller's array of matrices. */
function dense(W: number[][], h: number[]): number[] {
    const out: number[] = [];
    for (const row of W) {
        let s = 0;
        for (let j = 0; j < row.length; j++)
            s += row[j] * h[j];
        out.push(Math.tanh(s));
    }
    return out;
}
/**
 * A network of any depth, its weights layer by layer in a number[][][]: the generated functions take every matrix's
 * rows one after another and where each matrix's rows start, and grad gives the gradient back shaped as Ws.
 */
// @differentiate
export function f(Ws: number[][][], x: number[]): number {
    let h = x;
    for (const W of Ws)
        h = dense(W, h);
    let s = 0;
    for (const v of h)
        s += v;
    return s;
}
/** Gradient (reverse mode) of 'f' with respect to 'Ws_rows', 'x': returns [Ws_rows_bar, x_bar], the adjoints for the seed 1. */
function f_grad(Ws_rows: readonly (readonly number[])[], Ws_starts: Int32Array, x: readonly number[]): [number[][], number[]] {
    const tape = __ct.tape;
    const control = __ct.control;
    let h!: number[], out!: number[], h_bar!: number[], x_bar!: number[], out_bar!: number[], Ws_rows_at_Ws_row!: readonly number[], Ws_rows_bar_at_Ws_row!: number[];
    let x_k = 0, x_k_value = 0, W_index = 0, Ws_first = 0, row_index = 0, Ws_after = 0, Ws_end = 0, Ws_row = 0, s = 0, j = 0, Ws_rows_length = 0, Ws_rows_j = 0, h_j = 0, s_1 = 0, tanh_s = 0, out_end = 0, out_k = 0, out_k_value = 0, v_index = 0, x_each_count = 0, loop3_count = 0, loop2_count = 0, out_each_count = 0, out_each_iter = 0, loop1_count = 0, loop1_1_count = 0, x_k_value_bar = 0, s_bar = 0, Ws_rows_j_bar = 0, h_j_bar = 0, s_1_bar = 0, tanh_s_bar = 0, out_k_value_bar = 0, s_2_bar = 0, v_bar = 0, result_bar = 0, tape_for_loop2 = 0, tape_top = 0, control_for_loop2 = 0, control_top = 0;
    let Ws_rows_bar!: number[][];
    let tape_data!: Float64Array;
    let control_data!: Int32Array;
    // An error escaping the sweeps leaves the runtime's stacks at these depths, for the calls after it.
    const tape_entry = __ct.tape.top, control_entry = __ct.control.top, arrays_entry = __ct.arrays.top;
    try {
        control_top = control.top;
        control_data = control.data;
        control_data = control_top + 1 <= control_data.length ? control_data : control.reserve(control_top, 1);
        tape_top = tape.top;
        tape_data = tape.data;
        // adjoint of input.ts:24  return s;
        result_bar = 1;
        Ws_rows_bar = Ws_rows.map(row => row.slice().fill(0));
        x_bar = x.slice().fill(0);
        h_bar = new Array<number>(0).fill(0);
        out_bar = new Array<number>(0).fill(0);
        // input.ts:20  let h = x;
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
        // input.ts:21  for (const W of Ws) h = dense(W, h);
        W_index = 0;
        loop1_count = 0;
        while (W_index < Ws_starts.length - 1) {
            control_data = control_top + 1 <= control_data.length ? control_data : control.reserve(control_top, 1);
            tape_data = tape_top + 1 <= tape_data.length ? tape_data : tape.reserve(tape_top, 1);
            Ws_first = Ws_starts[W_index];
            // input.ts:5  const out: number[] = [];
            out = new Array<number>(0).fill(0);
            control_data[control_top++] = out_bar.length;
            out_bar = new Array<number>(0).fill(0);
            // input.ts:6  for (const row of W)
            tape_data[tape_top++] = row_index;
            row_index = 0;
            Ws_after = W_index + 1;
            Ws_end = Ws_starts[Ws_after];
            loop2_count = 0;
            tape_for_loop2 = 3 * (Ws_end - Ws_first - row_index);
            tape_data = tape_top + tape_for_loop2 <= tape_data.length ? tape_data : tape.reserve(tape_top, tape_for_loop2);
            control_for_loop2 = Ws_end - Ws_first - row_index;
            control_data = control_top + control_for_loop2 <= control_data.length ? control_data : control.reserve(control_top, control_for_loop2);
            while (row_index < Ws_end - Ws_first) {
                Ws_row = Ws_first + row_index;
                // input.ts:7  let s = 0;
                s = 0;
                // input.ts:8  for (let j = 0; j < row.length; j++) s += row[j] * h[j];
                tape_data[tape_top++] = j;
                j = 0;
                Ws_rows_length = Ws_rows[Ws_row].length;
                loop3_count = 0;
                Ws_rows_at_Ws_row = Ws_rows[Ws_row];
                while (j < Ws_rows_length) {
                    // input.ts:8  s += row[j] * h[j];
                    Ws_rows_j = Ws_rows_at_Ws_row[j];
                    h_j = h[j];
                    s_1 = Ws_rows_j * h_j;
                    s += s_1;
                    // input.ts:8  for (let j = 0; j < row.length; j++) s += row[j] * h[j];
                    j += 1;
                    loop3_count += 1;
                }
                control_data[control_top++] = loop3_count;
                // input.ts:9  out.push(Math.tanh(s));
                tape_data[tape_top++] = tanh_s;
                tanh_s = Math.tanh(s);
                tape_data[tape_top++] = out_end;
                out_end = out.length;
                out[out_end] = tanh_s;
                out_bar[out_end] = 0;
                // input.ts:6  for (const row of W)
                row_index += 1;
                loop2_count += 1;
            }
            control_data = control_top + 2 <= control_data.length ? control_data : control.reserve(control_top, 2);
            control_data[control_top++] = loop2_count;
            // input.ts:21  h = dense(W, h);
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
            // input.ts:21  for (const W of Ws) h = dense(W, h);
            W_index += 1;
            loop1_count += 1;
        }
        // input.ts:23  for (const v of h) s += v;
        v_index = 0;
        loop1_1_count = 0;
        while (v_index < h.length) {
            v_index += 1;
            loop1_1_count += 1;
        }
        // adjoint of input.ts:24  return s;
        s_2_bar = result_bar;
        // adjoint of input.ts:23  for (const v of h) s += v;
        for (let loop1_1_iter = loop1_1_count; loop1_1_iter > 0; loop1_1_iter--) {
            v_index -= 1;
            // adjoint of input.ts:23  s += v;
            v_bar = s_2_bar;
            // adjoint of input.ts:23  for (const v of h) s += v;
            h_bar[v_index] += v_bar;
        }
        // adjoint of input.ts:21  for (const W of Ws) h = dense(W, h);
        for (let loop1_iter = loop1_count; loop1_iter > 0; loop1_iter--) {
            W_index -= 1;
            // adjoint of input.ts:21  h = dense(W, h);
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
            // recompute input.ts:21  for (const W of Ws) h = dense(W, h);
            Ws_first = Ws_starts[W_index];
            // adjoint of input.ts:6  for (const row of W)
            for (let loop2_iter = control_data[--control_top]; loop2_iter > 0; loop2_iter--) {
                row_index -= 1;
                // adjoint of input.ts:9  out.push(Math.tanh(s));
                tanh_s_bar = out_bar[out_end];
                out_bar[out_end] = 0;
                out_end = tape_data[--tape_top];
                s_bar = (1 - tanh_s * tanh_s) * tanh_s_bar;
                tanh_s = tape_data[--tape_top];
                // recompute input.ts:6  for (const row of W)
                Ws_row = Ws_first + row_index;
                // adjoint of input.ts:8  for (let j = 0; j < row.length; j++) s += row[j] * h[j];
                Ws_rows_at_Ws_row = Ws_rows[Ws_row];
                Ws_rows_bar_at_Ws_row = Ws_rows_bar[Ws_row];
                for (let loop3_iter = control_data[--control_top]; loop3_iter > 0; loop3_iter--) {
                    j -= 1;
                    // adjoint of input.ts:8  s += row[j] * h[j];
                    s_1_bar = s_bar;
                    // recompute input.ts:8  s += row[j] * h[j];
                    Ws_rows_j = Ws_rows_at_Ws_row[j];
                    h_j = h[j];
                    // adjoint of input.ts:8  s += row[j] * h[j];
                    Ws_rows_j_bar = h_j * s_1_bar;
                    h_j_bar = Ws_rows_j * s_1_bar;
                    h_bar[j] += h_j_bar;
                    Ws_rows_bar_at_Ws_row[j] += Ws_rows_j_bar;
                }
                j = tape_data[--tape_top];
            }
            row_index = tape_data[--tape_top];
            // adjoint of input.ts:5  const out: number[] = [];
            out_bar = new Array<number>(control_data[--control_top]).fill(0);
        }
        // adjoint of input.ts:20  let h = x;
        for (let x_each_iter = x_each_count; x_each_iter > 0; x_each_iter--) {
            x_k -= 1;
            x_k_value_bar = h_bar[x_k];
            h_bar[x_k] = 0;
            x_bar[x_k] += x_k_value_bar;
        }
        h_bar = new Array<number>(control_data[--control_top]).fill(0);
        tape.setTop(tape_top);
        control.setTop(control_top);
        return [Ws_rows_bar, x_bar];
    }
    catch (error) {
        __ct.unwind(tape_entry, control_entry, arrays_entry);
        throw error;
    }
}
/** Tangent (forward mode) of 'f' with respect to 'Ws_rows', 'x': returns [result, result_dot]. */
function f_jvp(Ws_rows: readonly (readonly number[])[], Ws_starts: Int32Array, x: readonly number[], Ws_rows_dot: readonly (readonly number[])[], x_dot: readonly number[]): [number, number] {
    let result = 0, x_k = 0, x_k_value = 0, W_index = 0, Ws_first = 0, row_index = 0, Ws_after = 0, Ws_end = 0, Ws_row = 0, s = 0, j = 0, Ws_rows_length = 0, Ws_rows_j = 0, h_j = 0, s_1 = 0, tanh_s = 0, out_end = 0, out_k = 0, out_k_value = 0, s_2 = 0, v_index = 0, v = 0, x_k_value_dot = 0, s_dot = 0, Ws_rows_j_dot = 0, h_j_dot = 0, s_1_dot = 0, tanh_s_dot = 0, out_k_value_dot = 0, s_2_dot = 0, v_dot = 0, result_dot = 0;
    let h!: number[], out!: number[], h_dot!: number[], out_dot!: number[], Ws_rows_at_Ws_row!: readonly number[], Ws_rows_dot_at_Ws_row!: readonly number[];
    __ct.sameLength(Ws_rows_dot, Ws_rows, "the tangent of 'Ws'");
    __ct.sameLength(x_dot, x, "the tangent of 'x'");
    // input.ts:20  let h = x;
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
    // input.ts:21  for (const W of Ws) h = dense(W, h);
    W_index = 0;
    while (W_index < Ws_starts.length - 1) {
        Ws_first = Ws_starts[W_index];
        // input.ts:5  const out: number[] = [];
        out = new Array<number>(0).fill(0);
        out_dot = new Array<number>(0).fill(0);
        // input.ts:6  for (const row of W)
        row_index = 0;
        Ws_after = W_index + 1;
        Ws_end = Ws_starts[Ws_after];
        while (row_index < Ws_end - Ws_first) {
            Ws_row = Ws_first + row_index;
            // input.ts:7  let s = 0;
            s = 0;
            s_dot = 0;
            // input.ts:8  for (let j = 0; j < row.length; j++) s += row[j] * h[j];
            j = 0;
            Ws_rows_length = Ws_rows[Ws_row].length;
            Ws_rows_at_Ws_row = Ws_rows[Ws_row];
            Ws_rows_dot_at_Ws_row = Ws_rows_dot[Ws_row];
            while (j < Ws_rows_length) {
                // input.ts:8  s += row[j] * h[j];
                Ws_rows_j = Ws_rows_at_Ws_row[j];
                Ws_rows_j_dot = Ws_rows_dot_at_Ws_row[j];
                h_j = h[j];
                h_j_dot = h_dot[j];
                s_1 = Ws_rows_j * h_j;
                s_1_dot = h_j * Ws_rows_j_dot + Ws_rows_j * h_j_dot;
                s += s_1;
                s_dot += s_1_dot;
                // input.ts:8  for (let j = 0; j < row.length; j++) s += row[j] * h[j];
                j += 1;
            }
            // input.ts:9  out.push(Math.tanh(s));
            tanh_s = Math.tanh(s);
            tanh_s_dot = (1 - tanh_s * tanh_s) * s_dot;
            out_end = out.length;
            out[out_end] = tanh_s;
            out_dot[out_end] = tanh_s_dot;
            // input.ts:6  for (const row of W)
            row_index += 1;
        }
        // input.ts:21  h = dense(W, h);
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
        // input.ts:21  for (const W of Ws) h = dense(W, h);
        W_index += 1;
    }
    // input.ts:22  let s = 0;
    s_2 = 0;
    s_2_dot = 0;
    // input.ts:23  for (const v of h) s += v;
    v_index = 0;
    while (v_index < h.length) {
        v = h[v_index];
        v_dot = h_dot[v_index];
        // input.ts:23  s += v;
        s_2 += v;
        s_2_dot += v_dot;
        // input.ts:23  for (const v of h) s += v;
        v_index += 1;
    }
    // input.ts:24  return s;
    result = s_2;
    result_dot = s_2_dot;
    return [result, result_dot];
}
export const point = [
    [
        [
            [0.5, -0.3],
            [0.2, 0.8],
            [-0.6, 0.1],
        ],
        [[0.4, -0.7, 0.9]],
    ],
    [0.3, -1.2],
];
export const gradient = (Ws: number[][][], x: number[]) => {
    const r = f_grad(__ct.matrixRows(Ws), __ct.rowStarts(Ws), x);
    return [__ct.groupRows(r[0], Ws), r[1]];
};
export const tangent = (p: [
    number[][][],
    number[]
], t: [
    number[][][],
    number[]
]) => ((primals: [number[][][], number[]], tangents: [number[][][], number[]]) => f_jvp(__ct.matrixRows(primals[0]), __ct.rowStarts(primals[0]), primals[1], __ct.matrixRows(tangents[0], primals[0], "the tangent of 'Ws'"), tangents[1]))(p, t);
