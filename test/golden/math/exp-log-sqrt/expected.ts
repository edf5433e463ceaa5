import { grad, jvp } from "cotangent";
import * as __ct from "cotangent/runtime";
// @differentiate
export function f(x: number): number {
    const e = Math.exp(x);
    const r = Math.sqrt(e + 1);
    return Math.log(r) * Math.tanh(x);
}
/** Gradient (reverse mode) of 'f' with respect to 'x': returns x_bar, the adjoints for the seed 1. */
function f_grad(x: number): number {
    let e = 0, e_plus_1 = 0, r = 0, log_r = 0, tanh_x = 0, e_bar = 0, x_bar = 0, e_plus_1_bar = 0, r_bar = 0, log_r_bar = 0, tanh_x_bar = 0, result_bar = 0;
    // adjoint of input.ts:7  return Math.log(r) * Math.tanh(x);
    result_bar = 1;
    // input.ts:5  const e = Math.exp(x);
    e = Math.exp(x);
    // input.ts:6  const r = Math.sqrt(e + 1);
    e_plus_1 = e + 1;
    r = Math.sqrt(e_plus_1);
    // input.ts:7  return Math.log(r) * Math.tanh(x);
    log_r = Math.log(r);
    tanh_x = Math.tanh(x);
    // adjoint of input.ts:7  return Math.log(r) * Math.tanh(x);
    log_r_bar = tanh_x * result_bar;
    tanh_x_bar = log_r * result_bar;
    x_bar = (1 - tanh_x * tanh_x) * tanh_x_bar;
    r_bar = log_r_bar / r;
    // adjoint of input.ts:6  const r = Math.sqrt(e + 1);
    e_plus_1_bar = 0.5 / r * r_bar;
    e_bar = e_plus_1_bar;
    // adjoint of input.ts:5  const e = Math.exp(x);
    x_bar += e * e_bar;
    return x_bar;
}
/** Tangent (forward mode) of 'f' with respect to 'x': returns [result, result_dot]. */
function f_jvp(x: number, x_dot: number): [number, number] {
    let result = 0, e = 0, e_plus_1 = 0, r = 0, log_r = 0, tanh_x = 0, e_dot = 0, e_plus_1_dot = 0, r_dot = 0, log_r_dot = 0, tanh_x_dot = 0, result_dot = 0;
    // input.ts:5  const e = Math.exp(x);
    e = Math.exp(x);
    e_dot = e * x_dot;
    // input.ts:6  const r = Math.sqrt(e + 1);
    e_plus_1 = e + 1;
    e_plus_1_dot = e_dot;
    r = Math.sqrt(e_plus_1);
    r_dot = 0.5 / r * e_plus_1_dot;
    // input.ts:7  return Math.log(r) * Math.tanh(x);
    log_r = Math.log(r);
    log_r_dot = r_dot / r;
    tanh_x = Math.tanh(x);
    tanh_x_dot = (1 - tanh_x * tanh_x) * x_dot;
    result = log_r * tanh_x;
    result_dot = tanh_x * log_r_dot + log_r * tanh_x_dot;
    return [result, result_dot];
}
export const point = [0.8];
export const gradient = (x: number) => {
    const r = f_grad(x);
    return [r];
};
export const tangent = (p: [
    number
], t: [
    number
]) => ((primals: [number], tangents: [number]) => f_jvp(primals[0], tangents[0]))(p, t);
