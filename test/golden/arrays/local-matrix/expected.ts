import { grad, jvp } from "cotangent";
import * as __ct from "cotangent/runtime";
/** A product of two matrices the function builds, then its trace: local matrices stored flat with their row starts. */
function matmul(a: number[][], b: number[][]): number[][] {
    const c = Array.from({ length: a.length }, () => new Array<number>(b[0].length).fill(0));
    for (let i = 0; i < a.length; i++) {
        for (let k = 0; k < b.length; k++) {
            const aik = a[i][k];
            for (let j = 0; j < b[0].length; j++)
                c[i][j] += aik * b[k][j];
        }
    }
    return c;
}
// @differentiate
export function f(x: number[]): number {
    const a = [
        [x[0], x[1]],
        [x[2], 1],
    ];
    const c = matmul(a, a);
    return c[0][0] + Math.sin(c[1][1]);
}
/** Gradient (reverse mode) of 'f' with respect to 'x': returns x_bar, the adjoints for the seed 1. */
function f_grad(x: readonly number[]): number[] {
    const tape = __ct.tape;
    const control = __ct.control;
    let a!: number[], a_rowStarts!: number[], c!: number[], c_rowStarts!: number[], a_bar!: number[], x_bar!: number[], c_bar!: number[];
    let x_0 = 0, x_1 = 0, a_end = 0, a_end_1 = 0, a_end_2 = 0, a_rowStarts_end = 0, x_2 = 0, a_end_3 = 0, a_end_4 = 0, a_end_5 = 0, a_rowStarts_end_1 = 0, c_rows_whole = 0, t_minus_1 = 0, c_rows_length = 0, c_k = 0, a_next = 0, a_rowEnd = 0, a_start = 0, a_rowLength = 0, c_column_k = 0, c_end = 0, c_end_1 = 0, c_rowStarts_end = 0, i = 0, t_minus_1_1 = 0, k = 0, t_minus_1_2 = 0, a_start_1 = 0, a_at = 0, a_inRow = 0, a_next_1 = 0, a_rowEnd_1 = 0, aik = 0, j = 0, a_next_2 = 0, a_rowEnd_2 = 0, a_start_2 = 0, a_rowLength_1 = 0, c_start = 0, c_at = 0, c_next = 0, c_rowEnd = 0, c_i = 0, a_start_3 = 0, a_at_1 = 0, a_inRow_1 = 0, a_next_3 = 0, a_rowEnd_3 = 0, a_a_inRow_1 = 0, c_i_1 = 0, c_i_new = 0, c_start_1 = 0, c_inRow = 0, c_next_1 = 0, c_rowEnd_1 = 0, c_start_2 = 0, c_at_1 = 0, c_inRow_1 = 0, c_next_2 = 0, c_rowEnd_2 = 0, c_c_inRow_1 = 0, c_column_each_count = 0, c_each_count = 0, loop3_count = 0, loop2_count = 0, loop2_iter = 0, loop1_count = 0, x_0_bar = 0, x_1_bar = 0, x_2_bar = 0, aik_bar = 0, c_i_bar = 0, a_a_inRow_1_bar = 0, c_i_1_bar = 0, c_i_new_bar = 0, c_c_inRow_bar = 0, c_c_inRow_1_bar = 0, sin_c_c_inRow_1_bar = 0, result_bar = 0, tape_for_c_column_each = 0, tape_top = 0, control_for_c_each = 0, control_top = 0;
    let tape_data!: Float64Array;
    let control_data!: Int32Array;
    control_top = control.top;
    control_data = control.data;
    tape_top = tape.top;
    tape_data = tape.data;
    // adjoint of input.ts:22  return c[0][0] + Math.sin(c[1][1]);
    result_bar = 1;
    x_bar = x.slice().fill(0);
    // input.ts:17  const a = [ [x[0], x[1]], [x[2], 1], ];
    a = new Array<number>(0).fill(0);
    a_bar = new Array<number>(0).fill(0);
    a_rowStarts = new Array<number>(1).fill(0);
    x_0 = x[0];
    x_1 = x[1];
    a_end = a.length;
    a[a_end] = x_0;
    a_bar[a_end] = 0;
    a_end_1 = a.length;
    a[a_end_1] = x_1;
    a_bar[a_end_1] = 0;
    a_end_2 = a.length;
    a_rowStarts_end = a_rowStarts.length;
    a_rowStarts[a_rowStarts_end] = a_end_2;
    x_2 = x[2];
    a_end_3 = a.length;
    a[a_end_3] = x_2;
    a_bar[a_end_3] = 0;
    a_end_4 = a.length;
    a[a_end_4] = 1;
    a_bar[a_end_4] = 0;
    a_end_5 = a.length;
    a_rowStarts_end_1 = a_rowStarts.length;
    a_rowStarts[a_rowStarts_end_1] = a_end_5;
    // input.ts:5  const c = Array.from({ length: a.length }, () => new Arra...
    c = new Array<number>(0).fill(0);
    c_bar = new Array<number>(0).fill(0);
    c_rowStarts = new Array<number>(1).fill(0);
    t_minus_1 = a_rowStarts.length - 1;
    c_rows_whole = Math.trunc(t_minus_1);
    c_rows_length = c_rows_whole > 0 ? c_rows_whole : 0;
    c_k = 0;
    c_each_count = 0;
    control_for_c_each = c_rows_length - c_k + 1;
    control_data = control_top + control_for_c_each <= control_data.length ? control_data : control.reserve(control_top, control_for_c_each);
    while (c_k < c_rows_length) {
        a_next = 0 + 1;
        a_rowEnd = a_rowStarts[a_next];
        a_start = a_rowStarts[0];
        a_rowLength = a_rowEnd - a_start;
        if (!(a_rowLength >= 0 && Math.floor(a_rowLength) === a_rowLength)) {
            __ct.raise("RangeError", "Invalid array length");
        }
        c_column_k = 0;
        c_column_each_count = 0;
        tape_for_c_column_each = a_rowLength - c_column_k + 1;
        tape_data = tape_top + tape_for_c_column_each <= tape_data.length ? tape_data : tape.reserve(tape_top, tape_for_c_column_each);
        while (c_column_k < a_rowLength) {
            tape_data[tape_top++] = c_end;
            c_end = c.length;
            c[c_end] = 0;
            c_bar[c_end] = 0;
            c_column_k += 1;
            c_column_each_count += 1;
        }
        control_data[control_top++] = c_column_each_count;
        c_end_1 = c.length;
        c_rowStarts_end = c_rowStarts.length;
        c_rowStarts[c_rowStarts_end] = c_end_1;
        c_k += 1;
        c_each_count += 1;
    }
    // input.ts:6  for (let i = 0; i < a.length; i++)
    i = 0;
    loop1_count = 0;
    for (;;) {
        t_minus_1_1 = a_rowStarts.length - 1;
        if (!(i < t_minus_1_1))
            break;
        // input.ts:7  for (let k = 0; k < b.length; k++)
        k = 0;
        loop2_count = 0;
        for (;;) {
            t_minus_1_2 = a_rowStarts.length - 1;
            if (!(k < t_minus_1_2))
                break;
            tape_data = tape_top + 1 <= tape_data.length ? tape_data : tape.reserve(tape_top, 1);
            // input.ts:8  const aik = a[i][k];
            a_start_1 = a_rowStarts[i];
            a_at = a_start_1 + k;
            a_next_1 = i + 1;
            a_rowEnd_1 = a_rowStarts[a_next_1];
            a_inRow = k >= 0 && a_at < a_rowEnd_1 ? a_at : -1;
            aik = a[a_inRow];
            // input.ts:9  for (let j = 0; j < b[0].length; j++) c[i][j] += aik * b[...
            tape_data[tape_top++] = j;
            j = 0;
            a_next_2 = 0 + 1;
            loop3_count = 0;
            for (;;) {
                a_rowEnd_2 = a_rowStarts[a_next_2];
                a_start_2 = a_rowStarts[0];
                a_rowLength_1 = a_rowEnd_2 - a_start_2;
                if (!(j < a_rowLength_1))
                    break;
                // input.ts:9  c[i][j] += aik * b[k][j];
                c_start = c_rowStarts[i];
                c_at = c_start + j;
                c_next = i + 1;
                c_rowEnd = c_rowStarts[c_next];
                if (!(j >= 0 && c_at < c_rowEnd)) {
                    __ct.raise("RangeError", "'c[i][j] += aik * b[k][j]' writes outside its row of 'c': Cotangent stores the rows one after another, each keeping the length it was made with");
                }
                c_i = c[c_at];
                a_start_3 = a_rowStarts[k];
                a_at_1 = a_start_3 + j;
                a_next_3 = k + 1;
                a_rowEnd_3 = a_rowStarts[a_next_3];
                a_inRow_1 = j >= 0 && a_at_1 < a_rowEnd_3 ? a_at_1 : -1;
                a_a_inRow_1 = a[a_inRow_1];
                c_i_1 = aik * a_a_inRow_1;
                c_i_new = c_i + c_i_1;
                c[c_at] = c_i_new;
                // input.ts:9  for (let j = 0; j < b[0].length; j++) c[i][j] += aik * b[...
                j += 1;
                loop3_count += 1;
            }
            control_data = control_top + 1 <= control_data.length ? control_data : control.reserve(control_top, 1);
            control_data[control_top++] = loop3_count;
            // input.ts:7  for (let k = 0; k < b.length; k++)
            k += 1;
            loop2_count += 1;
        }
        control_data = control_top + 1 <= control_data.length ? control_data : control.reserve(control_top, 1);
        control_data[control_top++] = loop2_count;
        // input.ts:6  for (let i = 0; i < a.length; i++)
        i += 1;
        loop1_count += 1;
    }
    // input.ts:22  return c[0][0] + Math.sin(c[1][1]);
    c_start_1 = c_rowStarts[0];
    c_next_1 = 0 + 1;
    c_rowEnd_1 = c_rowStarts[c_next_1];
    c_inRow = 0 >= 0 && c_start_1 < c_rowEnd_1 ? c_start_1 : -1;
    c_start_2 = c_rowStarts[1];
    c_at_1 = c_start_2 + 1;
    c_next_2 = 1 + 1;
    c_rowEnd_2 = c_rowStarts[c_next_2];
    c_inRow_1 = 1 >= 0 && c_at_1 < c_rowEnd_2 ? c_at_1 : -1;
    c_c_inRow_1 = c[c_inRow_1];
    // adjoint of input.ts:22  return c[0][0] + Math.sin(c[1][1]);
    c_c_inRow_bar = result_bar;
    sin_c_c_inRow_1_bar = result_bar;
    c_c_inRow_1_bar = Math.cos(c_c_inRow_1) * sin_c_c_inRow_1_bar;
    c_bar[c_inRow_1] += c_c_inRow_1_bar;
    c_bar[c_inRow] += c_c_inRow_bar;
    // adjoint of input.ts:6  for (let i = 0; i < a.length; i++)
    for (let loop1_iter = loop1_count; loop1_iter > 0; loop1_iter--) {
        i -= 1;
        // adjoint of input.ts:7  for (let k = 0; k < b.length; k++)
        loop2_iter = control_data[--control_top];
        k = loop2_iter;
        for (; loop2_iter > 0; loop2_iter--) {
            k -= 1;
            // recompute input.ts:8  const aik = a[i][k];
            a_start_1 = a_rowStarts[i];
            a_at = a_start_1 + k;
            a_next_1 = i + 1;
            a_rowEnd_1 = a_rowStarts[a_next_1];
            a_inRow = k >= 0 && a_at < a_rowEnd_1 ? a_at : -1;
            aik = a[a_inRow];
            // adjoint of input.ts:9  for (let j = 0; j < b[0].length; j++) c[i][j] += aik * b[...
            for (let loop3_iter = control_data[--control_top]; loop3_iter > 0; loop3_iter--) {
                j -= 1;
                // recompute input.ts:9  c[i][j] += aik * b[k][j];
                c_start = c_rowStarts[i];
                c_at = c_start + j;
                // adjoint of input.ts:9  c[i][j] += aik * b[k][j];
                c_i_new_bar = c_bar[c_at];
                c_bar[c_at] = 0;
                c_i_bar = c_i_new_bar;
                c_i_1_bar = c_i_new_bar;
                // recompute input.ts:9  c[i][j] += aik * b[k][j];
                a_start_3 = a_rowStarts[k];
                a_at_1 = a_start_3 + j;
                a_next_3 = k + 1;
                a_rowEnd_3 = a_rowStarts[a_next_3];
                a_inRow_1 = j >= 0 && a_at_1 < a_rowEnd_3 ? a_at_1 : -1;
                a_a_inRow_1 = a[a_inRow_1];
                // adjoint of input.ts:9  c[i][j] += aik * b[k][j];
                aik_bar += a_a_inRow_1 * c_i_1_bar;
                a_a_inRow_1_bar = aik * c_i_1_bar;
                a_bar[a_inRow_1] += a_a_inRow_1_bar;
                c_bar[c_at] += c_i_bar;
            }
            j = tape_data[--tape_top];
            // adjoint of input.ts:8  const aik = a[i][k];
            a_bar[a_inRow] += aik_bar;
            aik_bar = 0;
        }
    }
    // adjoint of input.ts:5  const c = Array.from({ length: a.length }, () => new Arra...
    for (let c_each_iter = c_each_count; c_each_iter > 0; c_each_iter--) {
        for (let c_column_each_iter = control_data[--control_top]; c_column_each_iter > 0; c_column_each_iter--) {
            c_bar[c_end] = 0;
            c_end = tape_data[--tape_top];
        }
    }
    // adjoint of input.ts:17  const a = [ [x[0], x[1]], [x[2], 1], ];
    a_bar[a_end_4] = 0;
    x_2_bar = a_bar[a_end_3];
    a_bar[a_end_3] = 0;
    x_bar[2] += x_2_bar;
    x_1_bar = a_bar[a_end_1];
    a_bar[a_end_1] = 0;
    x_0_bar = a_bar[a_end];
    a_bar[a_end] = 0;
    x_bar[1] += x_1_bar;
    x_bar[0] += x_0_bar;
    tape.setTop(tape_top);
    control.setTop(control_top);
    return x_bar;
}
/** Tangent (forward mode) of 'f' with respect to 'x': returns [result, result_dot]. */
function f_jvp(x: readonly number[], x_dot: readonly number[]): [number, number] {
    let result = 0, x_0 = 0, x_1 = 0, a_end = 0, a_end_1 = 0, a_end_2 = 0, a_rowStarts_end = 0, x_2 = 0, a_end_3 = 0, a_end_4 = 0, a_end_5 = 0, a_rowStarts_end_1 = 0, c_rows_whole = 0, t_minus_1 = 0, c_rows_length = 0, c_k = 0, a_next = 0, a_rowEnd = 0, a_start = 0, a_rowLength = 0, c_column_k = 0, c_end = 0, c_end_1 = 0, c_rowStarts_end = 0, i = 0, t_minus_1_1 = 0, k = 0, t_minus_1_2 = 0, a_start_1 = 0, a_at = 0, a_inRow = 0, a_next_1 = 0, a_rowEnd_1 = 0, aik = 0, j = 0, a_next_2 = 0, a_rowEnd_2 = 0, a_start_2 = 0, a_rowLength_1 = 0, c_start = 0, c_at = 0, c_next = 0, c_rowEnd = 0, c_i = 0, a_start_3 = 0, a_at_1 = 0, a_inRow_1 = 0, a_next_3 = 0, a_rowEnd_3 = 0, a_a_inRow_1 = 0, c_i_1 = 0, c_i_new = 0, c_start_1 = 0, c_inRow = 0, c_next_1 = 0, c_rowEnd_1 = 0, c_c_inRow = 0, c_start_2 = 0, c_at_1 = 0, c_inRow_1 = 0, c_next_2 = 0, c_rowEnd_2 = 0, c_c_inRow_1 = 0, sin_c_c_inRow_1 = 0, x_0_dot = 0, x_1_dot = 0, x_2_dot = 0, aik_dot = 0, c_i_dot = 0, a_a_inRow_1_dot = 0, c_i_1_dot = 0, c_i_new_dot = 0, c_c_inRow_dot = 0, c_c_inRow_1_dot = 0, sin_c_c_inRow_1_dot = 0, result_dot = 0;
    let a!: number[], a_rowStarts!: number[], c!: number[], c_rowStarts!: number[], a_dot!: number[], c_dot!: number[];
    __ct.sameLength(x_dot, x, "the tangent of 'x'");
    // input.ts:17  const a = [ [x[0], x[1]], [x[2], 1], ];
    a = new Array<number>(0).fill(0);
    a_dot = new Array<number>(0).fill(0);
    a_rowStarts = new Array<number>(1).fill(0);
    x_0 = x[0];
    x_0_dot = x_dot[0];
    x_1 = x[1];
    x_1_dot = x_dot[1];
    a_end = a.length;
    a[a_end] = x_0;
    a_dot[a_end] = x_0_dot;
    a_end_1 = a.length;
    a[a_end_1] = x_1;
    a_dot[a_end_1] = x_1_dot;
    a_end_2 = a.length;
    a_rowStarts_end = a_rowStarts.length;
    a_rowStarts[a_rowStarts_end] = a_end_2;
    x_2 = x[2];
    x_2_dot = x_dot[2];
    a_end_3 = a.length;
    a[a_end_3] = x_2;
    a_dot[a_end_3] = x_2_dot;
    a_end_4 = a.length;
    a[a_end_4] = 1;
    a_dot[a_end_4] = 0;
    a_end_5 = a.length;
    a_rowStarts_end_1 = a_rowStarts.length;
    a_rowStarts[a_rowStarts_end_1] = a_end_5;
    // input.ts:5  const c = Array.from({ length: a.length }, () => new Arra...
    c = new Array<number>(0).fill(0);
    c_dot = new Array<number>(0).fill(0);
    c_rowStarts = new Array<number>(1).fill(0);
    t_minus_1 = a_rowStarts.length - 1;
    c_rows_whole = Math.trunc(t_minus_1);
    c_rows_length = c_rows_whole > 0 ? c_rows_whole : 0;
    c_k = 0;
    while (c_k < c_rows_length) {
        a_next = 0 + 1;
        a_rowEnd = a_rowStarts[a_next];
        a_start = a_rowStarts[0];
        a_rowLength = a_rowEnd - a_start;
        if (!(a_rowLength >= 0 && Math.floor(a_rowLength) === a_rowLength)) {
            __ct.raise("RangeError", "Invalid array length");
        }
        c_column_k = 0;
        while (c_column_k < a_rowLength) {
            c_end = c.length;
            c[c_end] = 0;
            c_dot[c_end] = 0;
            c_column_k += 1;
        }
        c_end_1 = c.length;
        c_rowStarts_end = c_rowStarts.length;
        c_rowStarts[c_rowStarts_end] = c_end_1;
        c_k += 1;
    }
    // input.ts:6  for (let i = 0; i < a.length; i++)
    i = 0;
    for (;;) {
        t_minus_1_1 = a_rowStarts.length - 1;
        if (!(i < t_minus_1_1))
            break;
        // input.ts:7  for (let k = 0; k < b.length; k++)
        k = 0;
        for (;;) {
            t_minus_1_2 = a_rowStarts.length - 1;
            if (!(k < t_minus_1_2))
                break;
            // input.ts:8  const aik = a[i][k];
            a_start_1 = a_rowStarts[i];
            a_at = a_start_1 + k;
            a_next_1 = i + 1;
            a_rowEnd_1 = a_rowStarts[a_next_1];
            a_inRow = k >= 0 && a_at < a_rowEnd_1 ? a_at : -1;
            aik = a[a_inRow];
            aik_dot = a_dot[a_inRow];
            // input.ts:9  for (let j = 0; j < b[0].length; j++) c[i][j] += aik * b[...
            j = 0;
            a_next_2 = 0 + 1;
            for (;;) {
                a_rowEnd_2 = a_rowStarts[a_next_2];
                a_start_2 = a_rowStarts[0];
                a_rowLength_1 = a_rowEnd_2 - a_start_2;
                if (!(j < a_rowLength_1))
                    break;
                // input.ts:9  c[i][j] += aik * b[k][j];
                c_start = c_rowStarts[i];
                c_at = c_start + j;
                c_next = i + 1;
                c_rowEnd = c_rowStarts[c_next];
                if (!(j >= 0 && c_at < c_rowEnd)) {
                    __ct.raise("RangeError", "'c[i][j] += aik * b[k][j]' writes outside its row of 'c': Cotangent stores the rows one after another, each keeping the length it was made with");
                }
                c_i = c[c_at];
                c_i_dot = c_dot[c_at];
                a_start_3 = a_rowStarts[k];
                a_at_1 = a_start_3 + j;
                a_next_3 = k + 1;
                a_rowEnd_3 = a_rowStarts[a_next_3];
                a_inRow_1 = j >= 0 && a_at_1 < a_rowEnd_3 ? a_at_1 : -1;
                a_a_inRow_1 = a[a_inRow_1];
                a_a_inRow_1_dot = a_dot[a_inRow_1];
                c_i_1 = aik * a_a_inRow_1;
                c_i_1_dot = a_a_inRow_1 * aik_dot + aik * a_a_inRow_1_dot;
                c_i_new = c_i + c_i_1;
                c_i_new_dot = c_i_dot + c_i_1_dot;
                c[c_at] = c_i_new;
                c_dot[c_at] = c_i_new_dot;
                // input.ts:9  for (let j = 0; j < b[0].length; j++) c[i][j] += aik * b[...
                j += 1;
            }
            // input.ts:7  for (let k = 0; k < b.length; k++)
            k += 1;
        }
        // input.ts:6  for (let i = 0; i < a.length; i++)
        i += 1;
    }
    // input.ts:22  return c[0][0] + Math.sin(c[1][1]);
    c_start_1 = c_rowStarts[0];
    c_next_1 = 0 + 1;
    c_rowEnd_1 = c_rowStarts[c_next_1];
    c_inRow = 0 >= 0 && c_start_1 < c_rowEnd_1 ? c_start_1 : -1;
    c_c_inRow = c[c_inRow];
    c_c_inRow_dot = c_dot[c_inRow];
    c_start_2 = c_rowStarts[1];
    c_at_1 = c_start_2 + 1;
    c_next_2 = 1 + 1;
    c_rowEnd_2 = c_rowStarts[c_next_2];
    c_inRow_1 = 1 >= 0 && c_at_1 < c_rowEnd_2 ? c_at_1 : -1;
    c_c_inRow_1 = c[c_inRow_1];
    c_c_inRow_1_dot = c_dot[c_inRow_1];
    sin_c_c_inRow_1 = Math.sin(c_c_inRow_1);
    sin_c_c_inRow_1_dot = Math.cos(c_c_inRow_1) * c_c_inRow_1_dot;
    result = c_c_inRow + sin_c_c_inRow_1;
    result_dot = c_c_inRow_dot + sin_c_c_inRow_1_dot;
    return [result, result_dot];
}
export const point = [[0.4, -0.7, 1.2]];
export const gradient = (x: number[]) => {
    const r = f_grad(x);
    return [r];
};
export const tangent = (p: [
    number[]
], t: [
    number[]
]) => ((primals: [number[]], tangents: [number[]]) => f_jvp(primals[0], tangents[0]))(p, t);
