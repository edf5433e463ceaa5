import { grad, gradInto, jvp } from "cotangent";
import * as __ct from "cotangent/runtime";
/** Rosenbrock's gradient written into the caller's Float64Array: same loop as f_vjp, no allocation. */
// @differentiate
export function f(x: Float64Array): number {
    let s = 0;
    for (let i = 0; i < x.length - 1; i++) {
        const a = x[i + 1] - x[i] * x[i];
        const b = 1 - x[i];
        s += 100 * a * a + b * b;
    }
    return s;
}
/** Gradient (reverse mode) of 'f' with respect to 'x': returns x_bar, the adjoints for the seed 1. */
function f_grad(x: Float64Array): Float64Array {
    let i = 0, x_length = 0, x_length_minus_1 = 0, i_plus_1 = 0, x_i_plus_1 = 0, x_i = 0, x_i_times_x_i = 0, a = 0, b = 0, x_i_plus_1_bar = 0, a_bar = 0, b_bar = 0, s_1_bar = 0, b_times_b_bar = 0, s_2_bar = 0, s_bar = 0, result_bar = 0, x_bar_carry = 0, x_i_carried = 0, minus_x_i_bar = 0, minus_x_i_times_x_i_bar = 0;
    let x_bar!: Float64Array;
    // adjoint of input.ts:6  let s = 0;
    result_bar = 1;
    x_bar = new Float64Array(x.length);
    // input.ts:7  for (let i = 0; i < x.length - 1; i++)
    i = 0;
    x_length = x.length;
    x_length_minus_1 = x_length - 1;
    // adjoint of input.ts:12  return s;
    s_bar = result_bar;
    // input.ts:7  for (let i = 0; i < x.length - 1; i++)
    x_bar_carry = 0;
    if (i < x_length_minus_1) {
        // input.ts:8  const a = x[i + 1] - x[i] * x[i];
        x_i_carried = x[i];
    }
    while (i < x_length_minus_1) {
        // input.ts:8  const a = x[i + 1] - x[i] * x[i];
        i_plus_1 = i + 1;
        x_i_plus_1 = x[i_plus_1];
        x_i = x_i_carried;
        x_i_times_x_i = x_i * x_i;
        a = x_i_plus_1 - x_i_times_x_i;
        // input.ts:9  const b = 1 - x[i];
        b = 1 - x_i;
        // adjoint of input.ts:10  s += 100 * a * a + b * b;
        s_2_bar = s_bar;
        s_1_bar = s_2_bar;
        b_times_b_bar = s_2_bar;
        b_bar = 2 * b * b_times_b_bar;
        a_bar = 200 * a * s_1_bar;
        // adjoint of input.ts:9  const b = 1 - x[i];
        minus_x_i_bar = b_bar;
        // adjoint of input.ts:8  const a = x[i + 1] - x[i] * x[i];
        x_i_plus_1_bar = a_bar;
        minus_x_i_times_x_i_bar = a_bar;
        minus_x_i_bar += 2 * x_i * minus_x_i_times_x_i_bar;
        x_bar[i] = x_bar_carry - minus_x_i_bar;
        x_bar_carry = x_i_plus_1_bar;
        // input.ts:8  const a = x[i + 1] - x[i] * x[i];
        x_i_carried = x_i_plus_1;
        // input.ts:7  for (let i = 0; i < x.length - 1; i++)
        i += 1;
    }
    // adjoint of input.ts:8  const a = x[i + 1] - x[i] * x[i];
    x_bar[i] = x_bar_carry;
    return x_bar;
}
/** Adjoint (reverse mode) of 'f' with respect to 'x': returns result for the seed result_bar, and overwrites x_bar with the adjoints. */
function f_vjp_into(x: Float64Array, x_bar: Float64Array, result_bar: number): number {
    let result = 0, s = 0, i = 0, x_length = 0, x_length_minus_1 = 0, i_plus_1 = 0, x_i_plus_1 = 0, x_i = 0, x_i_times_x_i = 0, a = 0, b = 0, _100_times_a = 0, s_1 = 0, b_times_b = 0, s_2 = 0, x_i_plus_1_bar = 0, a_bar = 0, b_bar = 0, s_1_bar = 0, b_times_b_bar = 0, s_2_bar = 0, s_bar = 0, x_bar_carry = 0, x_i_carried = 0, minus_x_i_bar = 0, minus_x_i_times_x_i_bar = 0;
    // input.ts:6  let s = 0;
    s = 0;
    // input.ts:7  for (let i = 0; i < x.length - 1; i++)
    i = 0;
    x_length = x.length;
    x_length_minus_1 = x_length - 1;
    // adjoint of input.ts:12  return s;
    s_bar = result_bar;
    // input.ts:7  for (let i = 0; i < x.length - 1; i++)
    x_bar_carry = 0;
    if (i < x_length_minus_1) {
        // input.ts:8  const a = x[i + 1] - x[i] * x[i];
        x_i_carried = x[i];
    }
    while (i < x_length_minus_1) {
        // input.ts:8  const a = x[i + 1] - x[i] * x[i];
        i_plus_1 = i + 1;
        x_i_plus_1 = x[i_plus_1];
        x_i = x_i_carried;
        x_i_times_x_i = x_i * x_i;
        a = x_i_plus_1 - x_i_times_x_i;
        // input.ts:9  const b = 1 - x[i];
        b = 1 - x_i;
        // input.ts:10  s += 100 * a * a + b * b;
        _100_times_a = 100 * a;
        s_1 = _100_times_a * a;
        b_times_b = b * b;
        s_2 = s_1 + b_times_b;
        s += s_2;
        // adjoint of input.ts:10  s += 100 * a * a + b * b;
        s_2_bar = s_bar;
        s_1_bar = s_2_bar;
        b_times_b_bar = s_2_bar;
        b_bar = 2 * b * b_times_b_bar;
        a_bar = 200 * a * s_1_bar;
        // adjoint of input.ts:9  const b = 1 - x[i];
        minus_x_i_bar = b_bar;
        // adjoint of input.ts:8  const a = x[i + 1] - x[i] * x[i];
        x_i_plus_1_bar = a_bar;
        minus_x_i_times_x_i_bar = a_bar;
        minus_x_i_bar += 2 * x_i * minus_x_i_times_x_i_bar;
        x_bar[i] = x_bar_carry - minus_x_i_bar;
        x_bar_carry = x_i_plus_1_bar;
        // input.ts:8  const a = x[i + 1] - x[i] * x[i];
        x_i_carried = x_i_plus_1;
        // input.ts:7  for (let i = 0; i < x.length - 1; i++)
        i += 1;
    }
    // adjoint of input.ts:8  const a = x[i + 1] - x[i] * x[i];
    x_bar[i] = x_bar_carry;
    // input.ts:12  return s;
    result = s;
    return result;
}
/** Tangent (forward mode) of 'f' with respect to 'x': returns [result, result_dot]. */
function f_jvp(x: Float64Array, x_dot: Float64Array): [number, number] {
    let result = 0, s = 0, i = 0, x_length = 0, x_length_minus_1 = 0, i_plus_1 = 0, x_i_plus_1 = 0, x_i = 0, x_i_times_x_i = 0, a = 0, b = 0, _100_times_a = 0, s_1 = 0, b_times_b = 0, s_2 = 0, s_dot = 0, x_i_plus_1_dot = 0, x_i_dot = 0, x_i_times_x_i_dot = 0, a_dot = 0, s_1_dot = 0, s_2_dot = 0, result_dot = 0, x_i_carried = 0, x_i_dot_carried = 0, minus_b_dot = 0, minus_b_times_b_dot = 0;
    __ct.sameLength(x_dot, x, "the tangent of 'x'");
    // input.ts:6  let s = 0;
    s = 0;
    s_dot = 0;
    // input.ts:7  for (let i = 0; i < x.length - 1; i++)
    i = 0;
    x_length = x.length;
    x_length_minus_1 = x_length - 1;
    if (i < x_length_minus_1) {
        // input.ts:8  const a = x[i + 1] - x[i] * x[i];
        x_i_carried = x[i];
        x_i_dot_carried = x_dot[i];
    }
    while (i < x_length_minus_1) {
        // input.ts:8  const a = x[i + 1] - x[i] * x[i];
        i_plus_1 = i + 1;
        x_i_plus_1 = x[i_plus_1];
        x_i_plus_1_dot = x_dot[i_plus_1];
        x_i = x_i_carried;
        x_i_dot = x_i_dot_carried;
        x_i_times_x_i = x_i * x_i;
        x_i_times_x_i_dot = 2 * x_i * x_i_dot;
        a = x_i_plus_1 - x_i_times_x_i;
        a_dot = x_i_plus_1_dot - x_i_times_x_i_dot;
        // input.ts:9  const b = 1 - x[i];
        b = 1 - x_i;
        minus_b_dot = x_i_dot;
        // input.ts:10  s += 100 * a * a + b * b;
        _100_times_a = 100 * a;
        s_1 = _100_times_a * a;
        s_1_dot = 200 * a * a_dot;
        b_times_b = b * b;
        minus_b_times_b_dot = 2 * b * minus_b_dot;
        s_2 = s_1 + b_times_b;
        s_2_dot = s_1_dot - minus_b_times_b_dot;
        s += s_2;
        s_dot += s_2_dot;
        // input.ts:8  const a = x[i + 1] - x[i] * x[i];
        x_i_carried = x_i_plus_1;
        x_i_dot_carried = x_i_plus_1_dot;
        // input.ts:7  for (let i = 0; i < x.length - 1; i++)
        i += 1;
    }
    // input.ts:12  return s;
    result = s;
    result_dot = s_dot;
    return [result, result_dot];
}
export const point = [new Float64Array([0.5, -0.3, 1.2])];
export const gradient = (x: Float64Array) => {
    const r = f_grad(x);
    return [r];
};
export const gradientInto = (x: Float64Array, out: [Float64Array]) => {
    __ct.checkOutputs([out[0]], [x], ["x"]);
    return f_vjp_into(x, out[0], 1);
};
export const tangent = (p: [
    Float64Array
], t: [
    Float64Array
]) => ((primals: [Float64Array], tangents: [Float64Array]) => f_jvp(primals[0], tangents[0]))(p, t);
