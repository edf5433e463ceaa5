import { grad, jvp } from "cotangent";
import * as __ct from "cotangent/runtime";
// @differentiate
export function f(x: number, n: number): number {
    let s = 0;
    for (let i = 0; i < n; i++) {
        if (i % 2 === 1)
            continue;
        s = s + x / (i + 1);
        if (s > 2)
            break;
    }
    return s * x;
}
/** Gradient (reverse mode) of 'f' with respect to 'x', 'n': returns [x_bar, n_bar], the adjoints for the seed 1. */
function f_grad(x: number, n: number): [number, number] {
    const control = __ct.control;
    let s = 0, i = 0, i_mod_2 = 0, i_plus_1 = 0, x_over_i_plus_1 = 0, loop1_count = 0, s_bar = 0, x_over_i_plus_1_bar = 0, x_bar = 0, result_bar = 0, control_top = 0;
    let cond = false, cond_1 = false, loop1_broken = false;
    let control_data!: Int32Array;
    control_top = control.top;
    control_data = control.data;
    // adjoint of input.ts:11  return s * x;
    result_bar = 1;
    // input.ts:5  let s = 0;
    s = 0;
    // input.ts:6  for (let i = 0; i < n; i++)
    i = 0;
    loop1_broken = false;
    loop1_count = 0;
    while (!loop1_broken && i < n) {
        control_data = control_top + 2 <= control_data.length ? control_data : control.reserve(control_top, 2);
        // input.ts:7  if (i % 2 === 1) continue;
        i_mod_2 = i % 2;
        cond = i_mod_2 === 1;
        if (cond) {
            control_data[control_top++] = 1;
        }
        else {
            // input.ts:8  s = s + x / (i + 1);
            i_plus_1 = i + 1;
            x_over_i_plus_1 = x / i_plus_1;
            s += x_over_i_plus_1;
            // input.ts:9  if (s > 2) break;
            cond_1 = s > 2;
            if (cond_1) {
                // input.ts:9  break;
                loop1_broken = true;
            }
            // input.ts:7  if (i % 2 === 1) continue;
            control_data[control_top++] = 0;
        }
        // input.ts:6  for (let i = 0; i < n; i++)
        if (!loop1_broken) {
            i += 1;
            control_data[control_top++] = 1;
        }
        else {
            control_data[control_top++] = 0;
        }
        loop1_count += 1;
    }
    // adjoint of input.ts:11  return s * x;
    s_bar = x * result_bar;
    x_bar = s * result_bar;
    // adjoint of input.ts:6  for (let i = 0; i < n; i++)
    for (let loop1_iter = loop1_count; loop1_iter > 0; loop1_iter--) {
        if (control_data[--control_top]) {
            i -= 1;
        }
        // adjoint of input.ts:7  if (i % 2 === 1) continue;
        if (!control_data[--control_top]) {
            // adjoint of input.ts:8  s = s + x / (i + 1);
            x_over_i_plus_1_bar = s_bar;
            // recompute input.ts:8  s = s + x / (i + 1);
            i_plus_1 = i + 1;
            // adjoint of input.ts:8  s = s + x / (i + 1);
            x_bar += x_over_i_plus_1_bar / i_plus_1;
        }
    }
    control.setTop(control_top);
    return [x_bar, 0];
}
/** Tangent (forward mode) of 'f' with respect to 'x', 'n': returns [result, result_dot]. */
function f_jvp(x: number, n: number, x_dot: number, n_dot: number): [number, number] {
    let result = 0, s = 0, i = 0, i_mod_2 = 0, i_plus_1 = 0, x_over_i_plus_1 = 0, s_dot = 0, x_over_i_plus_1_dot = 0, result_dot = 0;
    let cond = false, cond_1 = false, loop1_broken = false;
    // input.ts:5  let s = 0;
    s = 0;
    s_dot = 0;
    // input.ts:6  for (let i = 0; i < n; i++)
    i = 0;
    loop1_broken = false;
    while (!loop1_broken && i < n) {
        // input.ts:7  if (i % 2 === 1) continue;
        i_mod_2 = i % 2;
        cond = i_mod_2 === 1;
        if (!cond) {
            // input.ts:8  s = s + x / (i + 1);
            i_plus_1 = i + 1;
            x_over_i_plus_1 = x / i_plus_1;
            x_over_i_plus_1_dot = x_dot / i_plus_1;
            s += x_over_i_plus_1;
            s_dot += x_over_i_plus_1_dot;
            // input.ts:9  if (s > 2) break;
            cond_1 = s > 2;
            if (cond_1) {
                // input.ts:9  break;
                loop1_broken = true;
            }
        }
        // input.ts:6  for (let i = 0; i < n; i++)
        if (!loop1_broken) {
            i += 1;
        }
    }
    // input.ts:11  return s * x;
    result = s * x;
    result_dot = x * s_dot + s * x_dot;
    return [result, result_dot];
}
export const point = [1.7, 10];
export const gradient = (x: number, n: number) => {
    const r = f_grad(x, n);
    return [r[0], r[1]];
};
export const tangent = (p: [
    number,
    number
], t: [
    number,
    number
]) => ((primals: [number, number], tangents: [number, number]) => f_jvp(primals[0], primals[1], tangents[0], tangents[1]))(p, t);
