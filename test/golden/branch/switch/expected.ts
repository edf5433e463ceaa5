import { grad, jvp } from "cotangent";
import * as __ct from "cotangent/runtime";
/** A smooth activation chosen by a mode: cases sharing a body, a break and a default case. */
// @differentiate
export function f(x: number, mode: number): number {
    let y = x;
    switch (mode) {
        case 0:
            y = Math.tanh(x);
            break;
        case 1:
        case 2:
            y = x / (1 + Math.exp(-x));
            break;
        default:
            return Math.log1p(Math.exp(x));
    }
    return y * mode;
}
/** Gradient (reverse mode) of 'f' with respect to 'x', 'mode': returns [x_bar, mode_bar], the adjoints for the seed 1. */
function f_grad(x: number, mode: number): [number, number] {
    const control = __ct.control;
    let y = 0, neg_x = 0, exp_neg_x = 0, _1_plus_exp_neg_x = 0, exp_x = 0, y_bar = 0, x_bar = 0, neg_x_bar = 0, exp_neg_x_bar = 0, _1_plus_exp_neg_x_bar = 0, exp_x_bar = 0, mode_bar = 0, result_bar = 0, control_top = 0;
    let returned = false;
    let control_data!: Int32Array;
    control_top = control.top;
    control_data = control.data;
    control_data = control_top + 3 <= control_data.length ? control_data : control.reserve(control_top, 3);
    // adjoint of input.ts:7  switch (mode)
    result_bar = 1;
    // input.ts:6  let y = x;
    y = x;
    // input.ts:7  switch (mode)
    if (mode === 0) {
        // input.ts:9  y = Math.tanh(x);
        y = Math.tanh(x);
        // input.ts:7  switch (mode)
        control_data[control_top++] = 1;
    }
    else {
        if (mode === 1 || mode === 2) {
            // input.ts:13  y = x / (1 + Math.exp(-x));
            neg_x = -x;
            exp_neg_x = Math.exp(neg_x);
            _1_plus_exp_neg_x = 1 + exp_neg_x;
            y = x / _1_plus_exp_neg_x;
            // input.ts:7  switch (mode)
            control_data[control_top++] = 1;
        }
        else {
            // input.ts:16  return Math.log1p(Math.exp(x));
            exp_x = Math.exp(x);
            returned = true;
            // input.ts:7  switch (mode)
            control_data[control_top++] = 0;
        }
        control_data[control_top++] = 0;
    }
    if (!returned) {
        control_data[control_top++] = 1;
    }
    else {
        control_data[control_top++] = 0;
    }
    if (control_data[--control_top]) {
        // adjoint of input.ts:18  return y * mode;
        y_bar = mode * result_bar;
        mode_bar = y * result_bar;
        result_bar = 0;
    }
    // adjoint of input.ts:7  switch (mode)
    if (control_data[--control_top]) {
        // adjoint of input.ts:9  y = Math.tanh(x);
        x_bar = y_bar === 0 ? 0 : (1 - y * y) * y_bar;
        y_bar = 0;
    }
    else if (control_data[--control_top]) {
        // adjoint of input.ts:13  y = x / (1 + Math.exp(-x));
        x_bar = y_bar === 0 ? 0 : y_bar / _1_plus_exp_neg_x;
        _1_plus_exp_neg_x_bar = -(y_bar === 0 ? 0 : y / _1_plus_exp_neg_x * y_bar);
        y_bar = 0;
        exp_neg_x_bar = _1_plus_exp_neg_x_bar;
        neg_x_bar = exp_neg_x_bar === 0 ? 0 : exp_neg_x * exp_neg_x_bar;
        x_bar -= neg_x_bar;
    }
    else {
        // adjoint of input.ts:16  return Math.log1p(Math.exp(x));
        exp_x_bar = result_bar === 0 ? 0 : result_bar / (1 + exp_x);
        x_bar = exp_x_bar === 0 ? 0 : exp_x * exp_x_bar;
    }
    // adjoint of input.ts:6  let y = x;
    x_bar += y_bar;
    control.setTop(control_top);
    return [x_bar, mode_bar];
}
/** Tangent (forward mode) of 'f' with respect to 'x', 'mode': returns [result, result_dot]. */
function f_jvp(x: number, mode: number, x_dot: number, mode_dot: number): [number, number] {
    let result = 0, y = 0, neg_x = 0, exp_neg_x = 0, _1_plus_exp_neg_x = 0, exp_x = 0, y_dot = 0, exp_x_dot = 0, result_dot = 0, minus_neg_x_dot = 0, minus_exp_neg_x_dot = 0, minus__1_plus_exp_neg_x_dot = 0;
    let returned = false;
    // input.ts:6  let y = x;
    y = x;
    y_dot = x_dot;
    // input.ts:7  switch (mode)
    if (mode === 0) {
        // input.ts:9  y = Math.tanh(x);
        y = Math.tanh(x);
        y_dot = (1 - y * y) * x_dot;
    }
    else if (mode === 1 || mode === 2) {
        // input.ts:13  y = x / (1 + Math.exp(-x));
        neg_x = -x;
        minus_neg_x_dot = x_dot;
        exp_neg_x = Math.exp(neg_x);
        minus_exp_neg_x_dot = exp_neg_x * minus_neg_x_dot;
        _1_plus_exp_neg_x = 1 + exp_neg_x;
        minus__1_plus_exp_neg_x_dot = minus_exp_neg_x_dot;
        y = x / _1_plus_exp_neg_x;
        y_dot = x_dot / _1_plus_exp_neg_x + y / _1_plus_exp_neg_x * minus__1_plus_exp_neg_x_dot;
    }
    else {
        // input.ts:16  return Math.log1p(Math.exp(x));
        exp_x = Math.exp(x);
        exp_x_dot = exp_x * x_dot;
        result = Math.log1p(exp_x);
        result_dot = exp_x_dot / (1 + exp_x);
        returned = true;
    }
    if (!returned) {
        // input.ts:18  return y * mode;
        result = y * mode;
        result_dot = mode * y_dot + y * mode_dot;
    }
    return [result, result_dot];
}
export const point = [0.7, 2];
export const gradient = (x: number, mode: number) => {
    const r = f_grad(x, mode);
    return [r[0], r[1]];
};
export const tangent = (p: [
    number,
    number
], t: [
    number,
    number
]) => ((primals: [number, number], tangents: [number, number]) => f_jvp(primals[0], primals[1], tangents[0], tangents[1]))(p, t);
