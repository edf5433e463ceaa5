import { grad, jvp } from "cotangent";
import * as __ct from "cotangent/runtime";
/** Weighted log-sum-exp of a number[]: 'map' becomes a loop filling a local array, 'reduce' a loop summing it. */
// @differentiate
export function f(x: number[], w: number): number {
    const scaled = x.map((v) => v * w);
    return Math.log(scaled.reduce((acc, v) => acc + Math.exp(v), 0));
}
/** Gradient (reverse mode) of 'f' with respect to 'x', 'w': returns [x_bar, w_bar], the adjoints for the seed 1. */
function f_grad(x: readonly number[], w: number): [number[], number] {
    const tape = __ct.tape;
    let scaled!: number[], scaled_bar!: number[], x_bar!: number[];
    let x_length = 0, x_k = 0, x_k_value = 0, v = 0, scaled_value = 0, result_acc = 0, scaled_length = 0, scaled_k = 0, scaled_k_value = 0, acc = 0, v_1 = 0, exp_v_1 = 0, x_each_count = 0, scaled_each_count = 0, x_k_value_bar = 0, v_bar = 0, scaled_value_bar = 0, w_bar = 0, result_acc_bar = 0, scaled_k_value_bar = 0, acc_bar = 0, v_1_bar = 0, exp_v_1_bar = 0, result_bar = 0, tape_for_scaled_each = 0, tape_top = 0;
    let tape_data!: Float64Array;
    tape_top = tape.top;
    tape_data = tape.data;
    // adjoint of input.ts:7  return Math.log(scaled.reduce((acc, v) => acc + Math.exp(...
    result_bar = 1;
    x_bar = x.slice().fill(0);
    // input.ts:6  const scaled = x.map((v) => v * w);
    scaled = new Array<number>(x.length).fill(0);
    scaled_bar = new Array<number>(x.length).fill(0);
    x_length = x.length;
    x_k = 0;
    x_each_count = 0;
    while (x_k < x_length) {
        x_k_value = x[x_k];
        v = x_k_value;
        scaled_value = v * w;
        scaled[x_k] = scaled_value;
        x_k += 1;
        x_each_count += 1;
    }
    // input.ts:7  return Math.log(scaled.reduce((acc, v) => acc + Math.exp(...
    result_acc = 0;
    scaled_length = scaled.length;
    scaled_k = 0;
    scaled_each_count = 0;
    tape_for_scaled_each = scaled_length - scaled_k;
    tape_data = tape_top + tape_for_scaled_each <= tape_data.length ? tape_data : tape.reserve(tape_top, tape_for_scaled_each);
    while (scaled_k < scaled_length) {
        scaled_k_value = scaled[scaled_k];
        acc = result_acc;
        v_1 = scaled_k_value;
        tape_data[tape_top++] = exp_v_1;
        exp_v_1 = Math.exp(v_1);
        result_acc = acc + exp_v_1;
        scaled_k += 1;
        scaled_each_count += 1;
    }
    // adjoint of input.ts:7  return Math.log(scaled.reduce((acc, v) => acc + Math.exp(...
    result_acc_bar = result_bar / result_acc;
    for (let scaled_each_iter = scaled_each_count; scaled_each_iter > 0; scaled_each_iter--) {
        scaled_k -= 1;
        acc_bar = result_acc_bar;
        exp_v_1_bar = result_acc_bar;
        v_1_bar = exp_v_1 * exp_v_1_bar;
        exp_v_1 = tape_data[--tape_top];
        scaled_k_value_bar = v_1_bar;
        result_acc_bar = acc_bar;
        scaled_bar[scaled_k] += scaled_k_value_bar;
    }
    // adjoint of input.ts:6  const scaled = x.map((v) => v * w);
    for (let x_each_iter = x_each_count; x_each_iter > 0; x_each_iter--) {
        x_k -= 1;
        scaled_value_bar = scaled_bar[x_k];
        scaled_bar[x_k] = 0;
        // recompute input.ts:6  const scaled = x.map((v) => v * w);
        x_k_value = x[x_k];
        v = x_k_value;
        // adjoint of input.ts:6  const scaled = x.map((v) => v * w);
        v_bar = w * scaled_value_bar;
        w_bar += v * scaled_value_bar;
        x_k_value_bar = v_bar;
        x_bar[x_k] += x_k_value_bar;
    }
    tape.setTop(tape_top);
    return [x_bar, w_bar];
}
/** Tangent (forward mode) of 'f' with respect to 'x', 'w': returns [result, result_dot]. */
function f_jvp(x: readonly number[], w: number, x_dot: readonly number[], w_dot: number): [number, number] {
    let result = 0, x_length = 0, x_k = 0, x_k_value = 0, v = 0, scaled_value = 0, result_acc = 0, scaled_length = 0, scaled_k = 0, scaled_k_value = 0, acc = 0, v_1 = 0, exp_v_1 = 0, x_k_value_dot = 0, v_dot = 0, scaled_value_dot = 0, result_acc_dot = 0, scaled_k_value_dot = 0, acc_dot = 0, v_1_dot = 0, exp_v_1_dot = 0, result_dot = 0;
    let scaled!: number[], scaled_dot!: number[];
    __ct.sameLength(x_dot, x, "the tangent of 'x'");
    // input.ts:6  const scaled = x.map((v) => v * w);
    scaled = new Array<number>(x.length).fill(0);
    scaled_dot = new Array<number>(x.length).fill(0);
    x_length = x.length;
    x_k = 0;
    while (x_k < x_length) {
        x_k_value = x[x_k];
        x_k_value_dot = x_dot[x_k];
        v = x_k_value;
        v_dot = x_k_value_dot;
        scaled_value = v * w;
        scaled_value_dot = w * v_dot + v * w_dot;
        scaled[x_k] = scaled_value;
        scaled_dot[x_k] = scaled_value_dot;
        x_k += 1;
    }
    // input.ts:7  return Math.log(scaled.reduce((acc, v) => acc + Math.exp(...
    result_acc = 0;
    result_acc_dot = 0;
    scaled_length = scaled.length;
    scaled_k = 0;
    while (scaled_k < scaled_length) {
        scaled_k_value = scaled[scaled_k];
        scaled_k_value_dot = scaled_dot[scaled_k];
        acc = result_acc;
        acc_dot = result_acc_dot;
        v_1 = scaled_k_value;
        v_1_dot = scaled_k_value_dot;
        exp_v_1 = Math.exp(v_1);
        exp_v_1_dot = exp_v_1 * v_1_dot;
        result_acc = acc + exp_v_1;
        result_acc_dot = acc_dot + exp_v_1_dot;
        scaled_k += 1;
    }
    result = Math.log(result_acc);
    result_dot = result_acc_dot / result_acc;
    return [result, result_dot];
}
export const point = [[0.2, -1.1, 0.7], 1.3];
export const gradient = (x: number[], w: number) => {
    const r = f_grad(x, w);
    return [r[0], r[1]];
};
export const tangent = (p: [
    number[],
    number
], t: [
    number[],
    number
]) => ((primals: [number[], number], tangents: [number[], number]) => f_jvp(primals[0], primals[1], tangents[0], tangents[1]))(p, t);
