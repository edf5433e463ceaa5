import { grad, jvp } from "cotangent";
import * as __ct from "cotangent/runtime";
// @differentiate
export function f(x: Float64Array, rate: number): number {
    if (x.length === 0)
        throw new RangeError("x is empty");
    let log = 0;
    for (let i = 0; i < x.length; i++) {
        if (!(x[i] > 0))
            throw new RangeError(`x[${i}] = ${x[i]} is not positive`);
        log += Math.log(x[i]);
    }
    return rate * log;
}
/** Gradient (reverse mode) of 'f' with respect to 'x', 'rate': returns [x_bar, rate_bar], the adjoints for the seed 1. */
function f_grad(x: Float64Array, rate: number): [Float64Array, number] {
    let x_length = 0, log = 0, i = 0, x_length_1 = 0, x_i = 0, x_i_1 = 0, log_x_i = 0, loop1_count = 0, log_bar = 0, x_i_bar = 0, log_x_i_bar = 0, rate_bar = 0, result_bar = 0;
    let cond = false, cond_1 = false, cond_2 = false;
    let x_bar!: Float64Array;
    // adjoint of input.ts:11  return rate * log;
    result_bar = 1;
    x_bar = new Float64Array(x.length);
    // input.ts:5  if (x.length === 0) throw new RangeError("x is empty");
    x_length = x.length;
    cond = x_length === 0;
    if (cond) {
        // input.ts:5  throw new RangeError("x is empty");
        __ct.raise("RangeError", "x is empty");
    }
    // input.ts:6  let log = 0;
    log = 0;
    // input.ts:7  for (let i = 0; i < x.length; i++)
    i = 0;
    loop1_count = 0;
    for (;;) {
        x_length_1 = x.length;
        if (!(i < x_length_1))
            break;
        // input.ts:8  if (!(x[i] > 0)) throw new RangeError(`x[${i}] = ${x[i]} ...
        x_i = x[i];
        cond_1 = x_i > 0;
        cond_2 = !cond_1;
        if (cond_2) {
            // input.ts:8  throw new RangeError(`x[${i}] = ${x[i]} is not positive`);
            x_i_1 = x[i];
            __ct.raise("RangeError", "x[", i, "] = ", x_i_1, " is not positive");
        }
        // input.ts:9  log += Math.log(x[i]);
        log_x_i = Math.log(x_i);
        log += log_x_i;
        // input.ts:7  for (let i = 0; i < x.length; i++)
        i += 1;
        loop1_count += 1;
    }
    // adjoint of input.ts:11  return rate * log;
    rate_bar = log * result_bar;
    log_bar = rate * result_bar;
    // adjoint of input.ts:7  for (let i = 0; i < x.length; i++)
    for (let loop1_iter = loop1_count; loop1_iter > 0; loop1_iter--) {
        i -= 1;
        // adjoint of input.ts:9  log += Math.log(x[i]);
        log_x_i_bar = log_bar;
        // recompute input.ts:8  if (!(x[i] > 0)) throw new RangeError(`x[${i}] = ${x[i]} ...
        x_i = x[i];
        // adjoint of input.ts:9  log += Math.log(x[i]);
        x_i_bar = log_x_i_bar / x_i;
        // adjoint of input.ts:8  if (!(x[i] > 0)) throw new RangeError(`x[${i}] = ${x[i]} ...
        x_bar[i] += x_i_bar;
    }
    return [x_bar, rate_bar];
}
/** Tangent (forward mode) of 'f' with respect to 'x', 'rate': returns [result, result_dot]. */
function f_jvp(x: Float64Array, rate: number, x_dot: Float64Array, rate_dot: number): [number, number] {
    let result = 0, x_length = 0, log = 0, i = 0, x_length_1 = 0, x_i = 0, x_i_1 = 0, log_x_i = 0, log_dot = 0, x_i_dot = 0, log_x_i_dot = 0, result_dot = 0;
    let cond = false, cond_1 = false, cond_2 = false;
    __ct.sameLength(x_dot, x, "the tangent of 'x'");
    // input.ts:5  if (x.length === 0) throw new RangeError("x is empty");
    x_length = x.length;
    cond = x_length === 0;
    if (cond) {
        // input.ts:5  throw new RangeError("x is empty");
        __ct.raise("RangeError", "x is empty");
    }
    // input.ts:6  let log = 0;
    log = 0;
    log_dot = 0;
    // input.ts:7  for (let i = 0; i < x.length; i++)
    i = 0;
    for (;;) {
        x_length_1 = x.length;
        if (!(i < x_length_1))
            break;
        // input.ts:8  if (!(x[i] > 0)) throw new RangeError(`x[${i}] = ${x[i]} ...
        x_i = x[i];
        x_i_dot = x_dot[i];
        cond_1 = x_i > 0;
        cond_2 = !cond_1;
        if (cond_2) {
            // input.ts:8  throw new RangeError(`x[${i}] = ${x[i]} is not positive`);
            x_i_1 = x[i];
            __ct.raise("RangeError", "x[", i, "] = ", x_i_1, " is not positive");
        }
        // input.ts:9  log += Math.log(x[i]);
        log_x_i = Math.log(x_i);
        log_x_i_dot = x_i_dot / x_i;
        log += log_x_i;
        log_dot += log_x_i_dot;
        // input.ts:7  for (let i = 0; i < x.length; i++)
        i += 1;
    }
    // input.ts:11  return rate * log;
    result = rate * log;
    result_dot = log * rate_dot + rate * log_dot;
    return [result, result_dot];
}
export const point = [Float64Array.from([0.5, 2, 1.5]), 0.7];
export const gradient = (x: Float64Array, rate: number) => {
    const r = f_grad(x, rate);
    return [r[0], r[1]];
};
export const tangent = (p: [
    Float64Array,
    number
], t: [
    Float64Array,
    number
]) => ((primals: [Float64Array, number], tangents: [Float64Array, number]) => f_jvp(primals[0], primals[1], tangents[0], tangents[1]))(p, t);
