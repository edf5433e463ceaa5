import { grad, jacfwd, jacrev, jvp, vjp } from "cotangent";
import * as __ct from "cotangent/runtime";
/** Second derivatives as JAX composes them: markers of a gradient, each a Hessian product of f. */
// @differentiate
export function f(x: number[], y: number): number {
    return x[0] * x[1] * y * y + Math.sin(y) * x[0];
}
/** Tangent (forward mode) of 'f' with respect to 'x', 'y': returns [result, result_dot]. */
function f_jvp(x: readonly number[], y: number, x_dot: readonly number[], y_dot: number): [number, number] {
    let result = 0, x_0 = 0, x_1 = 0, x_0_times_x_1 = 0, result_1 = 0, result_1_times_y = 0, sin_y = 0, sin_y_times_x_0 = 0, x_0_dot = 0, x_1_dot = 0, x_0_times_x_1_dot = 0, result_1_dot = 0, result_1_times_y_dot = 0, sin_y_dot = 0, sin_y_times_x_0_dot = 0, result_dot = 0;
    __ct.sameLength(x_dot, x, "the tangent of 'x'");
    // input.ts:6  return x[0] * x[1] * y * y + Math.sin(y) * x[0];
    x_0 = x[0];
    x_0_dot = x_dot[0];
    x_1 = x[1];
    x_1_dot = x_dot[1];
    x_0_times_x_1 = x_0 * x_1;
    x_0_times_x_1_dot = x_1 * x_0_dot + x_0 * x_1_dot;
    result_1 = x_0_times_x_1 * y;
    result_1_dot = y * x_0_times_x_1_dot + x_0_times_x_1 * y_dot;
    result_1_times_y = result_1 * y;
    result_1_times_y_dot = y * result_1_dot + result_1 * y_dot;
    sin_y = Math.sin(y);
    sin_y_dot = Math.cos(y) * y_dot;
    sin_y_times_x_0 = sin_y * x_0;
    sin_y_times_x_0_dot = x_0 * sin_y_dot + sin_y * x_0_dot;
    result = result_1_times_y + sin_y_times_x_0;
    result_dot = result_1_times_y_dot + sin_y_times_x_0_dot;
    return [result, result_dot];
}
/** Gradient (reverse mode) of 'f' with respect to 'x', 'y': returns [x_bar, y_bar], the adjoints for the seed 1. */
function f_grad(x: readonly number[], y: number): [number[], number] {
    let x_0 = 0, x_1 = 0, x_0_times_x_1 = 0, result_1 = 0, sin_y = 0, x_0_bar = 0, x_1_bar = 0, x_0_times_x_1_bar = 0, result_1_bar = 0, y_bar = 0, result_1_times_y_bar = 0, sin_y_bar = 0, sin_y_times_x_0_bar = 0, result_bar = 0;
    let x_bar!: number[];
    // adjoint of input.ts:6  return x[0] * x[1] * y * y + Math.sin(y) * x[0];
    result_bar = 1;
    x_bar = x.slice().fill(0);
    // input.ts:6  return x[0] * x[1] * y * y + Math.sin(y) * x[0];
    x_0 = x[0];
    x_1 = x[1];
    x_0_times_x_1 = x_0 * x_1;
    result_1 = x_0_times_x_1 * y;
    sin_y = Math.sin(y);
    // adjoint of input.ts:6  return x[0] * x[1] * y * y + Math.sin(y) * x[0];
    result_1_times_y_bar = result_bar;
    sin_y_times_x_0_bar = result_bar;
    sin_y_bar = x_0 * sin_y_times_x_0_bar;
    x_0_bar = sin_y * sin_y_times_x_0_bar;
    y_bar = Math.cos(y) * sin_y_bar;
    result_1_bar = y * result_1_times_y_bar;
    y_bar += result_1 * result_1_times_y_bar;
    x_0_times_x_1_bar = y * result_1_bar;
    y_bar += x_0_times_x_1 * result_1_bar;
    x_0_bar += x_1 * x_0_times_x_1_bar;
    x_1_bar = x_0 * x_0_times_x_1_bar;
    x_bar[1] += x_1_bar;
    x_bar[0] += x_0_bar;
    return [x_bar, y_bar];
}
/** Hessian-vector product of 'f' in 'x': the gradient of its tangent in the direction (x_dot). */
function f_hvp_x(x: readonly number[], y: number, x_dot: readonly number[]): number[] {
    let x_0_dot = 0, x_1_dot = 0, x_0_bar = 0, x_1_bar = 0, x_1_times_x_0_dot_bar = 0, x_0_times_x_1_dot_1_bar = 0, x_0_times_x_1_dot_bar = 0, result_1_dot_bar = 0, result_1_times_y_dot_bar = 0, result_dot_bar = 0;
    let x_bar!: number[];
    // adjoint of input.ts:6  return x[0] * x[1] * y * y + Math.sin(y) * x[0];
    result_dot_bar = 1;
    x_bar = x.slice().fill(0);
    __ct.sameLength(x_dot, x, "the tangent of 'x'");
    // input.ts:6  return x[0] * x[1] * y * y + Math.sin(y) * x[0];
    x_0_dot = x_dot[0];
    x_1_dot = x_dot[1];
    // adjoint of input.ts:6  return x[0] * x[1] * y * y + Math.sin(y) * x[0];
    result_1_times_y_dot_bar = result_dot_bar;
    result_1_dot_bar = y * result_1_times_y_dot_bar;
    x_0_times_x_1_dot_bar = y * result_1_dot_bar;
    x_1_times_x_0_dot_bar = x_0_times_x_1_dot_bar;
    x_0_times_x_1_dot_1_bar = x_0_times_x_1_dot_bar;
    x_0_bar = x_1_dot * x_0_times_x_1_dot_1_bar;
    x_1_bar = x_0_dot * x_1_times_x_0_dot_bar;
    x_bar[1] += x_1_bar;
    x_bar[0] += x_0_bar;
    return x_bar;
}
/** Hessian-vector product of 'f' in 'x', 'y': the gradient of its tangent in the direction (x_dot, y_dot). */
function f_hvp(x: readonly number[], y: number, x_dot: readonly number[], y_dot: number): [number[], number] {
    let x_0 = 0, x_1 = 0, x_0_times_x_1 = 0, x_0_dot = 0, x_1_dot = 0, x_0_times_x_1_dot = 0, result_1_dot = 0, sin_y_dot = 0, x_1_times_x_0_dot = 0, x_0_times_x_1_dot_1 = 0, y_times_x_0_times_x_1_dot = 0, x_0_times_x_1_times_y_dot = 0, cos_y = 0, x_0_bar = 0, x_1_bar = 0, x_0_times_x_1_bar = 0, x_1_times_x_0_dot_bar = 0, x_0_times_x_1_dot_1_bar = 0, x_0_times_x_1_dot_bar = 0, result_1_bar = 0, y_bar = 0, y_times_x_0_times_x_1_dot_bar = 0, x_0_times_x_1_times_y_dot_bar = 0, result_1_dot_bar = 0, y_times_result_1_dot_bar = 0, result_1_times_y_dot_1_bar = 0, result_1_times_y_dot_bar = 0, sin_y_bar = 0, cos_y_bar = 0, sin_y_dot_bar = 0, x_0_times_sin_y_dot_bar = 0, sin_y_times_x_0_dot_1_bar = 0, sin_y_times_x_0_dot_bar = 0, result_dot_bar = 0;
    let x_bar!: number[];
    // adjoint of input.ts:6  return x[0] * x[1] * y * y + Math.sin(y) * x[0];
    result_dot_bar = 1;
    x_bar = x.slice().fill(0);
    __ct.sameLength(x_dot, x, "the tangent of 'x'");
    // input.ts:6  return x[0] * x[1] * y * y + Math.sin(y) * x[0];
    x_0 = x[0];
    x_0_dot = x_dot[0];
    x_1 = x[1];
    x_1_dot = x_dot[1];
    x_0_times_x_1 = x_0 * x_1;
    x_1_times_x_0_dot = x_1 * x_0_dot;
    x_0_times_x_1_dot_1 = x_0 * x_1_dot;
    x_0_times_x_1_dot = x_1_times_x_0_dot + x_0_times_x_1_dot_1;
    y_times_x_0_times_x_1_dot = y * x_0_times_x_1_dot;
    x_0_times_x_1_times_y_dot = x_0_times_x_1 * y_dot;
    result_1_dot = y_times_x_0_times_x_1_dot + x_0_times_x_1_times_y_dot;
    cos_y = Math.cos(y);
    sin_y_dot = cos_y * y_dot;
    // adjoint of input.ts:6  return x[0] * x[1] * y * y + Math.sin(y) * x[0];
    result_1_times_y_dot_bar = result_dot_bar;
    sin_y_times_x_0_dot_bar = result_dot_bar;
    x_0_times_sin_y_dot_bar = sin_y_times_x_0_dot_bar;
    sin_y_times_x_0_dot_1_bar = sin_y_times_x_0_dot_bar;
    sin_y_bar = x_0_dot * sin_y_times_x_0_dot_1_bar;
    x_0_bar = sin_y_dot * x_0_times_sin_y_dot_bar;
    sin_y_dot_bar = x_0 * x_0_times_sin_y_dot_bar;
    cos_y_bar = y_dot * sin_y_dot_bar;
    y_bar = -(Math.sin(y) * cos_y_bar);
    y_bar += Math.cos(y) * sin_y_bar;
    y_times_result_1_dot_bar = result_1_times_y_dot_bar;
    result_1_times_y_dot_1_bar = result_1_times_y_dot_bar;
    result_1_bar = y_dot * result_1_times_y_dot_1_bar;
    y_bar += result_1_dot * y_times_result_1_dot_bar;
    result_1_dot_bar = y * y_times_result_1_dot_bar;
    y_times_x_0_times_x_1_dot_bar = result_1_dot_bar;
    x_0_times_x_1_times_y_dot_bar = result_1_dot_bar;
    x_0_times_x_1_bar = y_dot * x_0_times_x_1_times_y_dot_bar;
    y_bar += x_0_times_x_1_dot * y_times_x_0_times_x_1_dot_bar;
    x_0_times_x_1_dot_bar = y * y_times_x_0_times_x_1_dot_bar;
    x_0_times_x_1_bar += y * result_1_bar;
    y_bar += x_0_times_x_1 * result_1_bar;
    x_1_times_x_0_dot_bar = x_0_times_x_1_dot_bar;
    x_0_times_x_1_dot_1_bar = x_0_times_x_1_dot_bar;
    x_0_bar += x_1_dot * x_0_times_x_1_dot_1_bar;
    x_1_bar = x_0_dot * x_1_times_x_0_dot_bar;
    x_0_bar += x_1 * x_0_times_x_1_bar;
    x_1_bar += x_0 * x_0_times_x_1_bar;
    x_bar[1] += x_1_bar;
    x_bar[0] += x_0_bar;
    return [x_bar, y_bar];
}
/** Gradient (reverse mode) of 'f' with respect to 'x': returns x_bar, the adjoints for the seed 1. */
function f_grad_x(x: readonly number[], y: number): number[] {
    let x_0 = 0, x_1 = 0, sin_y = 0, x_0_bar = 0, x_1_bar = 0, x_0_times_x_1_bar = 0, result_1_bar = 0, result_1_times_y_bar = 0, sin_y_times_x_0_bar = 0, result_bar = 0;
    let x_bar!: number[];
    // adjoint of input.ts:6  return x[0] * x[1] * y * y + Math.sin(y) * x[0];
    result_bar = 1;
    x_bar = x.slice().fill(0);
    // input.ts:6  return x[0] * x[1] * y * y + Math.sin(y) * x[0];
    x_0 = x[0];
    x_1 = x[1];
    sin_y = Math.sin(y);
    // adjoint of input.ts:6  return x[0] * x[1] * y * y + Math.sin(y) * x[0];
    result_1_times_y_bar = result_bar;
    sin_y_times_x_0_bar = result_bar;
    x_0_bar = sin_y * sin_y_times_x_0_bar;
    result_1_bar = y * result_1_times_y_bar;
    x_0_times_x_1_bar = y * result_1_bar;
    x_0_bar += x_1 * x_0_times_x_1_bar;
    x_1_bar = x_0 * x_0_times_x_1_bar;
    x_bar[1] += x_1_bar;
    x_bar[0] += x_0_bar;
    return x_bar;
}
export const point = [[0.7, 0.3], 0.5];
export const tangent = (p: [
    number[],
    number
], t: [
    number[],
    number
]) => ((primals: [number[], number], tangents: [number[], number]) => f_jvp(primals[0], primals[1], tangents[0], tangents[1]))(p, t);
export const gradient = (x: number[], y: number) => {
    const r = f_grad(x, y);
    return [r[0], r[1]];
};
export const hessianInX = (x: number[], y: number) => __ct.jacobianForward(x, (tangent: number[]) => f_hvp_x(x, y, tangent)) as any;
export const mixedRows = (x: number[], y: number) => __ct.jacobianReverse(x, (cotangent: number[]) => f_hvp(x, y, cotangent, 0)[1]) as any;
export const secondInY = (x: number[], y: number) => {
    const x_zeros = __ct.zerosLike(x);
    const r = f_hvp(x, y, x_zeros, 1);
    return [r[0], r[1]];
};
export const gradientJvp = (x: number[], y: number, u: number[], v: number) => ((primals: [number[], number], tangents: [number[], number]) => [f_grad_x(primals[0], primals[1]), f_hvp(primals[0], primals[1], tangents[0], tangents[1])[0]])([x, y], [u, v]);
export const gradientVjp = (x: number[], y: number) => ((x: number[], y: number) => {
    const x_on_entry = x.slice();
    return [f_grad_x(x, y), (cotangent: number[]) => {
            const r = f_hvp(x_on_entry, y, cotangent, 0);
            return [r[0], r[1]];
        }] as const;
})(x, y);
