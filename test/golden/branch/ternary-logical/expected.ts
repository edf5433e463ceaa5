import { grad, jvp } from "cotangent";
import * as __ct from "cotangent/runtime";
// @differentiate
export function f(x: number, y: number): number {
    const inside = x > 0 && y > 0;
    return inside ? x * y : x > 0 || y > 0 ? x + y : -x * y;
}
/** Gradient (reverse mode) of 'f' with respect to 'x', 'y': returns [x_bar, y_bar], the adjoints for the seed 1. */
function f_grad(x: number, y: number): [number, number] {
    const control = __ct.control;
    let cond = false, inside = false, cond_1 = false, cond_2 = false;
    let neg_x = 0, result_choice_bar = 0, x_bar = 0, y_bar = 0, result_choice_1_bar = 0, neg_x_bar = 0, result_bar = 0, control_top = 0;
    let control_data!: Int32Array;
    control_top = control.top;
    control_data = control.data;
    control_data = control_top + 2 <= control_data.length ? control_data : control.reserve(control_top, 2);
    // adjoint of input.ts:6  return inside ? x * y : x > 0 || y > 0 ? x + y : -x * y;
    result_bar = 1;
    // input.ts:5  const inside = x > 0 && y > 0;
    cond = x > 0;
    inside = cond && y > 0;
    // input.ts:6  return inside ? x * y : x > 0 || y > 0 ? x + y : -x * y;
    if (inside) {
        control_data[control_top++] = 1;
    }
    else {
        cond_1 = x > 0;
        cond_2 = cond_1 || y > 0;
        if (cond_2) {
            control_data[control_top++] = 1;
        }
        else {
            neg_x = -x;
            control_data[control_top++] = 0;
        }
        control_data[control_top++] = 0;
    }
    // adjoint of input.ts:6  return inside ? x * y : x > 0 || y > 0 ? x + y : -x * y;
    result_choice_bar = result_bar;
    if (control_data[--control_top]) {
        x_bar = y * result_choice_bar;
        y_bar = x * result_choice_bar;
    }
    else {
        result_choice_1_bar = result_choice_bar;
        if (control_data[--control_top]) {
            x_bar = result_choice_1_bar;
            y_bar = result_choice_1_bar;
        }
        else {
            neg_x_bar = y * result_choice_1_bar;
            y_bar = neg_x * result_choice_1_bar;
            x_bar = -neg_x_bar;
        }
    }
    control.setTop(control_top);
    return [x_bar, y_bar];
}
/** Tangent (forward mode) of 'f' with respect to 'x', 'y': returns [result, result_dot]. */
function f_jvp(x: number, y: number, x_dot: number, y_dot: number): [number, number] {
    let result = 0, result_choice = 0, result_choice_1 = 0, neg_x = 0, result_choice_dot = 0, result_choice_1_dot = 0, result_dot = 0, minus_neg_x_dot = 0;
    let cond = false, inside = false, cond_1 = false, cond_2 = false;
    // input.ts:5  const inside = x > 0 && y > 0;
    cond = x > 0;
    inside = cond && y > 0;
    // input.ts:6  return inside ? x * y : x > 0 || y > 0 ? x + y : -x * y;
    if (inside) {
        result_choice = x * y;
        result_choice_dot = y * x_dot + x * y_dot;
    }
    else {
        cond_1 = x > 0;
        cond_2 = cond_1 || y > 0;
        if (cond_2) {
            result_choice_1 = x + y;
            result_choice_1_dot = x_dot + y_dot;
        }
        else {
            neg_x = -x;
            minus_neg_x_dot = x_dot;
            result_choice_1 = neg_x * y;
            result_choice_1_dot = neg_x * y_dot - y * minus_neg_x_dot;
        }
        result_choice = result_choice_1;
        result_choice_dot = result_choice_1_dot;
    }
    result = result_choice;
    result_dot = result_choice_dot;
    return [result, result_dot];
}
export const point = [0.5, 0.9];
export const gradient = (x: number, y: number) => {
    const r = f_grad(x, y);
    return [r[0], r[1]];
};
export const tangent = (p: [
    number,
    number
], t: [
    number,
    number
]) => ((primals: [number, number], tangents: [number, number]) => f_jvp(primals[0], primals[1], tangents[0], tangents[1]))(p, t);
