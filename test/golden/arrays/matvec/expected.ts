import { grad, jvp } from "cotangent";
import * as __ct from "cotangent/runtime";
/** One tanh layer: both sweeps run four rows of the matrix-vector product side by side (unroll-and-jam). */
// @differentiate
export function f(w: Float64Array, b: Float64Array, rows: number, cols: number): number {
    const x = new Float64Array(cols);
    for (let i = 0; i < cols; i++)
        x[i] = 0.5 - 0.75 * i;
    const h = new Float64Array(b.length);
    for (let j = 0; j < rows; j++) {
        let a = b[j];
        for (let i = 0; i < cols; i++)
            a += w[j * cols + i] * x[i];
        h[j] = Math.tanh(a);
    }
    let s = 0;
    for (let j = 0; j < rows; j++)
        s += h[j] * h[j];
    return s;
}
/** Gradient (reverse mode) of 'f' with respect to 'w', 'b', 'rows', 'cols': returns [w_bar, b_bar, rows_bar, cols_bar], the adjoints for the seed 1. */
function f_grad(w: Float64Array, b: Float64Array, rows: number, cols: number): [Float64Array, Float64Array, number, number] {
    const tape = __ct.tape;
    const control = __ct.control;
    let x!: Float64Array, h!: Float64Array, h_bar!: Float64Array, b_bar!: Float64Array, w_bar!: Float64Array, tape_data!: Float64Array;
    let i = 0, c_times_i = 0, x_i = 0, b_length = 0, j = 0, a = 0, i_1 = 0, j_times_cols = 0, index = 0, w_index = 0, x_i_1 = 0, a_1 = 0, tanh_a = 0, j_1 = 0, h_j_1 = 0, exactSizes = 0, loop2_count = 0, loop2_iter = 0, loop1_1_count = 0, loop1_2_count = 0, a_bar = 0, w_index_bar = 0, a_1_bar = 0, tanh_a_bar = 0, s_bar = 0, h_j_1_bar = 0, s_1_bar = 0, result_bar = 0, j_r0 = 0, j_r1 = 0, j_r2 = 0, a_r0 = 0, a_r1 = 0, a_r2 = 0, j_times_cols_r0 = 0, j_times_cols_r1 = 0, j_times_cols_r2 = 0, index_r0 = 0, index_r1 = 0, index_r2 = 0, w_index_r0 = 0, w_index_r1 = 0, w_index_r2 = 0, a_1_r0 = 0, a_1_r1 = 0, a_1_r2 = 0, loop1_1_iter_1 = 0, j_r0_1 = 0, j_r1_1 = 0, j_r2_1 = 0, a_bar_r0 = 0, a_bar_r1 = 0, a_bar_r2 = 0, a_1_bar_r0 = 0, a_1_bar_r1 = 0, a_1_bar_r2 = 0, w_index_bar_r0 = 0, w_index_bar_r1 = 0, w_index_bar_r2 = 0, j_times_cols_r0_1 = 0, j_times_cols_r1_1 = 0, j_times_cols_r2_1 = 0, index_r0_1 = 0, index_r1_1 = 0, index_r2_1 = 0, tape_for_loop1_1 = 0, tape_top = 0, control_for_loop1_1 = 0, control_top = 0;
    let control_data!: Int32Array;
    control_top = control.top;
    control_data = control.data;
    tape_top = tape.top;
    tape_data = tape.data;
    // adjoint of input.ts:16  return s;
    result_bar = 1;
    w_bar = new Float64Array(w.length);
    b_bar = new Float64Array(b.length);
    exactSizes = __ct.exactSizes(cols, rows);
    // input.ts:6  const x = new Float64Array(cols);
    x = new Float64Array(cols);
    // input.ts:7  for (let i = 0; i < cols; i++) x[i] = 0.5 - 0.75 * i;
    i = 0;
    while (i < cols) {
        // input.ts:7  x[i] = 0.5 - 0.75 * i;
        c_times_i = 0.75 * i;
        x_i = 0.5 - c_times_i;
        x[i] = x_i;
        // input.ts:7  for (let i = 0; i < cols; i++) x[i] = 0.5 - 0.75 * i;
        i += 1;
    }
    // input.ts:8  const h = new Float64Array(b.length);
    b_length = b.length;
    h = new Float64Array(b_length);
    h_bar = new Float64Array(b_length);
    // input.ts:9  for (let j = 0; j < rows; j++)
    j = 0;
    loop1_1_count = 0;
    if (exactSizes) {
        while (j + 3 < rows) {
            j_r0 = j;
            j_r1 = j + 1;
            j_r2 = j + 2;
            j += 3;
            // input.ts:10  let a = b[j];
            a_r0 = b[j_r0];
            // input.ts:11  for (let i = 0; i < cols; i++) a += w[j * cols + i] * x[i];
            i_1 = 0;
            loop2_count = 0;
            // input.ts:10  let a = b[j];
            a_r1 = b[j_r1];
            a_r2 = b[j_r2];
            a = b[j];
            // input.ts:11  for (let i = 0; i < cols; i++) a += w[j * cols + i] * x[i];
            while (i_1 < cols) {
                // input.ts:11  a += w[j * cols + i] * x[i];
                j_times_cols_r0 = j_r0 * cols;
                j_times_cols_r1 = j_r1 * cols;
                j_times_cols_r2 = j_r2 * cols;
                j_times_cols = j * cols;
                index_r0 = j_times_cols_r0 + i_1;
                index_r1 = j_times_cols_r1 + i_1;
                index_r2 = j_times_cols_r2 + i_1;
                index = j_times_cols + i_1;
                w_index_r0 = w[index_r0];
                w_index_r1 = w[index_r1];
                w_index_r2 = w[index_r2];
                w_index = w[index];
                x_i_1 = x[i_1];
                a_1_r0 = w_index_r0 * x_i_1;
                a_1_r1 = w_index_r1 * x_i_1;
                a_1_r2 = w_index_r2 * x_i_1;
                a_1 = w_index * x_i_1;
                a_r0 += a_1_r0;
                a_r1 += a_1_r1;
                a_r2 += a_1_r2;
                a += a_1;
                // input.ts:11  for (let i = 0; i < cols; i++) a += w[j * cols + i] * x[i];
                i_1 += 1;
                loop2_count += 1;
            }
            tape_data = tape_top + 4 <= tape_data.length ? tape_data : tape.reserve(tape_top, 4);
            // input.ts:12  h[j] = Math.tanh(a);
            tape_data[tape_top++] = tanh_a;
            tanh_a = Math.tanh(a_r0);
            h[j_r0] = tanh_a;
            // input.ts:9  for (let j = 0; j < rows; j++)
            loop1_1_count += 1;
            // input.ts:12  h[j] = Math.tanh(a);
            tape_data[tape_top++] = tanh_a;
            tanh_a = Math.tanh(a_r1);
            h[j_r1] = tanh_a;
            // input.ts:9  for (let j = 0; j < rows; j++)
            loop1_1_count += 1;
            // input.ts:12  h[j] = Math.tanh(a);
            tape_data[tape_top++] = tanh_a;
            tanh_a = Math.tanh(a_r2);
            h[j_r2] = tanh_a;
            // input.ts:9  for (let j = 0; j < rows; j++)
            loop1_1_count += 1;
            // input.ts:12  h[j] = Math.tanh(a);
            tape_data[tape_top++] = tanh_a;
            tanh_a = Math.tanh(a);
            h[j] = tanh_a;
            // input.ts:9  for (let j = 0; j < rows; j++)
            loop1_1_count += 1;
            j += 1;
        }
    }
    tape_for_loop1_1 = rows - j + 1;
    tape_data = tape_top + tape_for_loop1_1 <= tape_data.length ? tape_data : tape.reserve(tape_top, tape_for_loop1_1);
    control_for_loop1_1 = rows - j + 1;
    control_data = control_top + control_for_loop1_1 <= control_data.length ? control_data : control.reserve(control_top, control_for_loop1_1);
    while (j < rows) {
        // input.ts:10  let a = b[j];
        a = b[j];
        // input.ts:11  for (let i = 0; i < cols; i++) a += w[j * cols + i] * x[i];
        i_1 = 0;
        loop2_count = 0;
        while (i_1 < cols) {
            // input.ts:11  a += w[j * cols + i] * x[i];
            j_times_cols = j * cols;
            index = j_times_cols + i_1;
            w_index = w[index];
            x_i_1 = x[i_1];
            a_1 = w_index * x_i_1;
            a += a_1;
            // input.ts:11  for (let i = 0; i < cols; i++) a += w[j * cols + i] * x[i];
            i_1 += 1;
            loop2_count += 1;
        }
        if (!exactSizes) {
            control_data[control_top++] = loop2_count;
        }
        // input.ts:12  h[j] = Math.tanh(a);
        tape_data[tape_top++] = tanh_a;
        tanh_a = Math.tanh(a);
        h[j] = tanh_a;
        // input.ts:9  for (let j = 0; j < rows; j++)
        j += 1;
        loop1_1_count += 1;
    }
    // input.ts:15  for (let j = 0; j < rows; j++) s += h[j] * h[j];
    j_1 = 0;
    loop1_2_count = 0;
    while (j_1 < rows) {
        // input.ts:15  s += h[j] * h[j];
        h_j_1 = h[j_1];
        // input.ts:15  for (let j = 0; j < rows; j++) s += h[j] * h[j];
        j_1 += 1;
        loop1_2_count += 1;
    }
    // adjoint of input.ts:16  return s;
    s_bar = result_bar;
    // adjoint of input.ts:15  for (let j = 0; j < rows; j++) s += h[j] * h[j];
    for (let loop1_2_iter = loop1_2_count; loop1_2_iter > 0; loop1_2_iter--) {
        j_1 -= 1;
        // adjoint of input.ts:15  s += h[j] * h[j];
        s_1_bar = s_bar;
        // recompute input.ts:15  s += h[j] * h[j];
        h_j_1 = h[j_1];
        // adjoint of input.ts:15  s += h[j] * h[j];
        h_j_1_bar = 2 * h_j_1 * s_1_bar;
        h_bar[j_1] += h_j_1_bar;
    }
    loop1_1_iter_1 = loop1_1_count;
    // adjoint of input.ts:9  for (let j = 0; j < rows; j++)
    if (exactSizes) {
        while (loop1_1_iter_1 >= 4) {
            j_r0_1 = j - 1;
            j_r1_1 = j - 2;
            j_r2_1 = j - 3;
            j -= 4;
            // adjoint of input.ts:12  h[j] = Math.tanh(a);
            tanh_a_bar = h_bar[j_r0_1];
            h_bar[j_r0_1] = 0;
            a_bar_r0 = (1 - tanh_a * tanh_a) * tanh_a_bar;
            tanh_a = tape_data[--tape_top];
            // adjoint of input.ts:11  for (let i = 0; i < cols; i++) a += w[j * cols + i] * x[i];
            loop2_iter = Math.max(0, cols);
            i_1 = loop2_iter;
            // adjoint of input.ts:12  h[j] = Math.tanh(a);
            tanh_a_bar = h_bar[j_r1_1];
            h_bar[j_r1_1] = 0;
            a_bar_r1 = (1 - tanh_a * tanh_a) * tanh_a_bar;
            tanh_a = tape_data[--tape_top];
            tanh_a_bar = h_bar[j_r2_1];
            h_bar[j_r2_1] = 0;
            a_bar_r2 = (1 - tanh_a * tanh_a) * tanh_a_bar;
            tanh_a = tape_data[--tape_top];
            tanh_a_bar = h_bar[j];
            h_bar[j] = 0;
            a_bar = (1 - tanh_a * tanh_a) * tanh_a_bar;
            tanh_a = tape_data[--tape_top];
            // adjoint of input.ts:11  for (let i = 0; i < cols; i++) a += w[j * cols + i] * x[i];
            for (; loop2_iter > 0; loop2_iter--) {
                i_1 -= 1;
                // adjoint of input.ts:11  a += w[j * cols + i] * x[i];
                a_1_bar_r0 = a_bar_r0;
                a_1_bar_r1 = a_bar_r1;
                a_1_bar_r2 = a_bar_r2;
                a_1_bar = a_bar;
                // recompute input.ts:11  a += w[j * cols + i] * x[i];
                x_i_1 = x[i_1];
                // adjoint of input.ts:11  a += w[j * cols + i] * x[i];
                w_index_bar_r0 = x_i_1 * a_1_bar_r0;
                w_index_bar_r1 = x_i_1 * a_1_bar_r1;
                w_index_bar_r2 = x_i_1 * a_1_bar_r2;
                w_index_bar = x_i_1 * a_1_bar;
                // recompute input.ts:11  a += w[j * cols + i] * x[i];
                j_times_cols_r0_1 = j_r0_1 * cols;
                j_times_cols_r1_1 = j_r1_1 * cols;
                j_times_cols_r2_1 = j_r2_1 * cols;
                j_times_cols = j * cols;
                index_r0_1 = j_times_cols_r0_1 + i_1;
                index_r1_1 = j_times_cols_r1_1 + i_1;
                index_r2_1 = j_times_cols_r2_1 + i_1;
                index = j_times_cols + i_1;
                // adjoint of input.ts:11  a += w[j * cols + i] * x[i];
                w_bar[index_r0_1] += w_index_bar_r0;
                w_bar[index_r1_1] += w_index_bar_r1;
                w_bar[index_r2_1] += w_index_bar_r2;
                w_bar[index] += w_index_bar;
            }
            // adjoint of input.ts:10  let a = b[j];
            b_bar[j_r0_1] += a_bar_r0;
            b_bar[j_r1_1] += a_bar_r1;
            b_bar[j_r2_1] += a_bar_r2;
            b_bar[j] += a_bar;
            loop1_1_iter_1 -= 4;
        }
    }
    for (; loop1_1_iter_1 > 0; loop1_1_iter_1--) {
        j -= 1;
        // adjoint of input.ts:12  h[j] = Math.tanh(a);
        tanh_a_bar = h_bar[j];
        h_bar[j] = 0;
        a_bar = (1 - tanh_a * tanh_a) * tanh_a_bar;
        tanh_a = tape_data[--tape_top];
        // adjoint of input.ts:11  for (let i = 0; i < cols; i++) a += w[j * cols + i] * x[i];
        loop2_iter = exactSizes ? Math.max(0, cols) : control_data[--control_top];
        i_1 = loop2_iter;
        for (; loop2_iter > 0; loop2_iter--) {
            i_1 -= 1;
            // adjoint of input.ts:11  a += w[j * cols + i] * x[i];
            a_1_bar = a_bar;
            // recompute input.ts:11  a += w[j * cols + i] * x[i];
            x_i_1 = x[i_1];
            // adjoint of input.ts:11  a += w[j * cols + i] * x[i];
            w_index_bar = x_i_1 * a_1_bar;
            // recompute input.ts:11  a += w[j * cols + i] * x[i];
            j_times_cols = j * cols;
            index = j_times_cols + i_1;
            // adjoint of input.ts:11  a += w[j * cols + i] * x[i];
            w_bar[index] += w_index_bar;
        }
        // adjoint of input.ts:10  let a = b[j];
        b_bar[j] += a_bar;
    }
    tape.setTop(tape_top);
    control.setTop(control_top);
    return [w_bar, b_bar, 0, 0];
}
/** Tangent (forward mode) of 'f' with respect to 'w', 'b', 'rows', 'cols': returns [result, result_dot]. */
function f_jvp(w: Float64Array, b: Float64Array, rows: number, cols: number, w_dot: Float64Array, b_dot: Float64Array, rows_dot: number, cols_dot: number): [number, number] {
    let result = 0, i = 0, c_times_i = 0, x_i = 0, b_length = 0, j = 0, a = 0, i_1 = 0, j_times_cols = 0, index = 0, w_index = 0, x_i_1 = 0, a_1 = 0, tanh_a = 0, s = 0, j_1 = 0, h_j_1 = 0, s_1 = 0, a_dot = 0, w_index_dot = 0, a_1_dot = 0, tanh_a_dot = 0, s_dot = 0, h_j_1_dot = 0, s_1_dot = 0, result_dot = 0, j_r0 = 0, j_r1 = 0, j_r2 = 0, a_r0 = 0, a_r1 = 0, a_r2 = 0, a_dot_r0 = 0, a_dot_r1 = 0, a_dot_r2 = 0, j_times_cols_r0 = 0, j_times_cols_r1 = 0, j_times_cols_r2 = 0, index_r0 = 0, index_r1 = 0, index_r2 = 0, w_index_r0 = 0, w_index_r1 = 0, w_index_r2 = 0, w_index_dot_r0 = 0, w_index_dot_r1 = 0, w_index_dot_r2 = 0, a_1_r0 = 0, a_1_r1 = 0, a_1_r2 = 0, a_1_dot_r0 = 0, a_1_dot_r1 = 0, a_1_dot_r2 = 0;
    let x!: Float64Array, h!: Float64Array, h_dot!: Float64Array;
    __ct.sameLength(w_dot, w, "the tangent of 'w'");
    __ct.sameLength(b_dot, b, "the tangent of 'b'");
    // input.ts:6  const x = new Float64Array(cols);
    x = new Float64Array(cols);
    // input.ts:7  for (let i = 0; i < cols; i++) x[i] = 0.5 - 0.75 * i;
    i = 0;
    while (i < cols) {
        // input.ts:7  x[i] = 0.5 - 0.75 * i;
        c_times_i = 0.75 * i;
        x_i = 0.5 - c_times_i;
        x[i] = x_i;
        // input.ts:7  for (let i = 0; i < cols; i++) x[i] = 0.5 - 0.75 * i;
        i += 1;
    }
    // input.ts:8  const h = new Float64Array(b.length);
    b_length = b.length;
    h = new Float64Array(b_length);
    h_dot = new Float64Array(b_length);
    // input.ts:9  for (let j = 0; j < rows; j++)
    j = 0;
    while (j + 3 < rows) {
        j_r0 = j;
        j_r1 = j + 1;
        j_r2 = j + 2;
        j += 3;
        // input.ts:10  let a = b[j];
        a_r0 = b[j_r0];
        a_dot_r0 = b_dot[j_r0];
        // input.ts:11  for (let i = 0; i < cols; i++) a += w[j * cols + i] * x[i];
        i_1 = 0;
        // input.ts:10  let a = b[j];
        a_r1 = b[j_r1];
        a_dot_r1 = b_dot[j_r1];
        a_r2 = b[j_r2];
        a_dot_r2 = b_dot[j_r2];
        a = b[j];
        a_dot = b_dot[j];
        // input.ts:11  for (let i = 0; i < cols; i++) a += w[j * cols + i] * x[i];
        while (i_1 < cols) {
            // input.ts:11  a += w[j * cols + i] * x[i];
            j_times_cols_r0 = j_r0 * cols;
            j_times_cols_r1 = j_r1 * cols;
            j_times_cols_r2 = j_r2 * cols;
            j_times_cols = j * cols;
            index_r0 = j_times_cols_r0 + i_1;
            index_r1 = j_times_cols_r1 + i_1;
            index_r2 = j_times_cols_r2 + i_1;
            index = j_times_cols + i_1;
            w_index_r0 = w[index_r0];
            w_index_r1 = w[index_r1];
            w_index_r2 = w[index_r2];
            w_index = w[index];
            w_index_dot_r0 = w_dot[index_r0];
            w_index_dot_r1 = w_dot[index_r1];
            w_index_dot_r2 = w_dot[index_r2];
            w_index_dot = w_dot[index];
            x_i_1 = x[i_1];
            a_1_r0 = w_index_r0 * x_i_1;
            a_1_r1 = w_index_r1 * x_i_1;
            a_1_r2 = w_index_r2 * x_i_1;
            a_1 = w_index * x_i_1;
            a_1_dot_r0 = x_i_1 * w_index_dot_r0;
            a_1_dot_r1 = x_i_1 * w_index_dot_r1;
            a_1_dot_r2 = x_i_1 * w_index_dot_r2;
            a_1_dot = x_i_1 * w_index_dot;
            a_r0 += a_1_r0;
            a_r1 += a_1_r1;
            a_r2 += a_1_r2;
            a += a_1;
            a_dot_r0 += a_1_dot_r0;
            a_dot_r1 += a_1_dot_r1;
            a_dot_r2 += a_1_dot_r2;
            a_dot += a_1_dot;
            // input.ts:11  for (let i = 0; i < cols; i++) a += w[j * cols + i] * x[i];
            i_1 += 1;
        }
        // input.ts:12  h[j] = Math.tanh(a);
        tanh_a = Math.tanh(a_r0);
        tanh_a_dot = (1 - tanh_a * tanh_a) * a_dot_r0;
        h[j_r0] = tanh_a;
        h_dot[j_r0] = tanh_a_dot;
        tanh_a = Math.tanh(a_r1);
        tanh_a_dot = (1 - tanh_a * tanh_a) * a_dot_r1;
        h[j_r1] = tanh_a;
        h_dot[j_r1] = tanh_a_dot;
        tanh_a = Math.tanh(a_r2);
        tanh_a_dot = (1 - tanh_a * tanh_a) * a_dot_r2;
        h[j_r2] = tanh_a;
        h_dot[j_r2] = tanh_a_dot;
        tanh_a = Math.tanh(a);
        tanh_a_dot = (1 - tanh_a * tanh_a) * a_dot;
        h[j] = tanh_a;
        h_dot[j] = tanh_a_dot;
        // input.ts:9  for (let j = 0; j < rows; j++)
        j += 1;
    }
    while (j < rows) {
        // input.ts:10  let a = b[j];
        a = b[j];
        a_dot = b_dot[j];
        // input.ts:11  for (let i = 0; i < cols; i++) a += w[j * cols + i] * x[i];
        i_1 = 0;
        while (i_1 < cols) {
            // input.ts:11  a += w[j * cols + i] * x[i];
            j_times_cols = j * cols;
            index = j_times_cols + i_1;
            w_index = w[index];
            w_index_dot = w_dot[index];
            x_i_1 = x[i_1];
            a_1 = w_index * x_i_1;
            a_1_dot = x_i_1 * w_index_dot;
            a += a_1;
            a_dot += a_1_dot;
            // input.ts:11  for (let i = 0; i < cols; i++) a += w[j * cols + i] * x[i];
            i_1 += 1;
        }
        // input.ts:12  h[j] = Math.tanh(a);
        tanh_a = Math.tanh(a);
        tanh_a_dot = (1 - tanh_a * tanh_a) * a_dot;
        h[j] = tanh_a;
        h_dot[j] = tanh_a_dot;
        // input.ts:9  for (let j = 0; j < rows; j++)
        j += 1;
    }
    // input.ts:14  let s = 0;
    s = 0;
    s_dot = 0;
    // input.ts:15  for (let j = 0; j < rows; j++) s += h[j] * h[j];
    j_1 = 0;
    while (j_1 < rows) {
        // input.ts:15  s += h[j] * h[j];
        h_j_1 = h[j_1];
        h_j_1_dot = h_dot[j_1];
        s_1 = h_j_1 * h_j_1;
        s_1_dot = 2 * h_j_1 * h_j_1_dot;
        s += s_1;
        s_dot += s_1_dot;
        // input.ts:15  for (let j = 0; j < rows; j++) s += h[j] * h[j];
        j_1 += 1;
    }
    // input.ts:16  return s;
    result = s;
    result_dot = s_dot;
    return [result, result_dot];
}
export const point = [
    Float64Array.from({ length: 18 }, (_, k) => Math.sin(k) * 0.7),
    new Float64Array([0.1, -0.2, 0.3, 0.4, -0.5, 0.6]),
    6,
    3,
];
export const gradient = (w: Float64Array, b: Float64Array, rows: number, cols: number) => {
    const r = f_grad(w, b, rows, cols);
    return [r[0], r[1], r[2], r[3]];
};
export const tangent = (p: [
    Float64Array,
    Float64Array,
    number,
    number
], t: [
    Float64Array,
    Float64Array,
    number,
    number
]) => ((primals: [Float64Array, Float64Array, number, number], tangents: [Float64Array, Float64Array, number, number]) => f_jvp(primals[0], primals[1], primals[2], primals[3], tangents[0], tangents[1], tangents[2], tangents[3]))(p, t);
