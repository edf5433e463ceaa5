import { grad, jvp } from "cotangent";
import * as __ct from "cotangent/runtime";
/** A chain of springs' potential energy. */
// @differentiate
export function potential(q: number[], k: number): number {
    let u = 0;
    for (let i = 0; i + 1 < q.length; i++) {
        const d = q[i + 1] - q[i];
        u += 0.5 * k * d * d + 0.25 * d * d * d * d;
    }
    return u;
}
/** Gradient (reverse mode) of 'potential' with respect to 'q': returns q_bar, the adjoints for the seed 1. */
function potential_grad_q(q: readonly number[], k: number): number[] {
    let i = 0, i_plus_1 = 0, q_length = 0, i_plus_1_1 = 0, q_i_plus_1_1 = 0, q_i = 0, d = 0, c_times_k = 0, u_1 = 0, c_times_d = 0, u_2 = 0, u_2_times_d = 0, q_i_plus_1_1_bar = 0, d_bar = 0, u_1_times_d_bar = 0, u_2_bar = 0, u_2_times_d_bar = 0, u_3_bar = 0, u_4_bar = 0, u_bar = 0, result_bar = 0, minus_q_i_bar = 0;
    let q_bar!: number[];
    // adjoint of input.ts:6  let u = 0;
    result_bar = 1;
    q_bar = q.slice().fill(0);
    // input.ts:7  for (let i = 0; i + 1 < q.length; i++)
    i = 0;
    // adjoint of input.ts:11  return u;
    u_bar = result_bar;
    // input.ts:7  for (let i = 0; i + 1 < q.length; i++)
    for (;;) {
        i_plus_1 = i + 1;
        q_length = q.length;
        if (!(i_plus_1 < q_length))
            break;
        // input.ts:8  const d = q[i + 1] - q[i];
        i_plus_1_1 = i + 1;
        q_i_plus_1_1 = q[i_plus_1_1];
        q_i = q[i];
        d = q_i_plus_1_1 - q_i;
        // input.ts:9  u += 0.5 * k * d * d + 0.25 * d * d * d * d;
        c_times_k = 0.5 * k;
        u_1 = c_times_k * d;
        c_times_d = 0.25 * d;
        u_2 = c_times_d * d;
        u_2_times_d = u_2 * d;
        // adjoint of input.ts:9  u += 0.5 * k * d * d + 0.25 * d * d * d * d;
        u_4_bar = u_bar;
        u_1_times_d_bar = u_4_bar;
        u_3_bar = u_4_bar;
        u_2_times_d_bar = d * u_3_bar;
        d_bar = u_2_times_d * u_3_bar;
        u_2_bar = d * u_2_times_d_bar;
        d_bar += u_2 * u_2_times_d_bar;
        d_bar += 0.5 * d * u_2_bar;
        d_bar += 2 * u_1 * u_1_times_d_bar;
        // adjoint of input.ts:8  const d = q[i + 1] - q[i];
        q_i_plus_1_1_bar = d_bar;
        minus_q_i_bar = d_bar;
        q_bar[i] -= minus_q_i_bar;
        q_bar[i_plus_1_1] += q_i_plus_1_1_bar;
        // input.ts:7  for (let i = 0; i + 1 < q.length; i++)
        i += 1;
    }
    return q_bar;
}
/** Adjoint (reverse mode) of 'potential' with respect to 'q': returns result for the seed result_bar, and overwrites q_bar with the adjoints. */
function potential_vjp_into_q(q: readonly number[], k: number, q_bar: number[], result_bar: number): number {
    let result = 0, u = 0, i = 0, i_plus_1 = 0, q_length = 0, i_plus_1_1 = 0, q_i_plus_1_1 = 0, q_i = 0, d = 0, c_times_k = 0, u_1 = 0, u_1_times_d = 0, c_times_d = 0, u_2 = 0, u_2_times_d = 0, u_3 = 0, u_4 = 0, q_i_plus_1_1_bar = 0, d_bar = 0, u_1_times_d_bar = 0, u_2_bar = 0, u_2_times_d_bar = 0, u_3_bar = 0, u_4_bar = 0, u_bar = 0, minus_q_i_bar = 0;
    q_bar.fill(0);
    // input.ts:6  let u = 0;
    u = 0;
    // input.ts:7  for (let i = 0; i + 1 < q.length; i++)
    i = 0;
    // adjoint of input.ts:11  return u;
    u_bar = result_bar;
    // input.ts:7  for (let i = 0; i + 1 < q.length; i++)
    for (;;) {
        i_plus_1 = i + 1;
        q_length = q.length;
        if (!(i_plus_1 < q_length))
            break;
        // input.ts:8  const d = q[i + 1] - q[i];
        i_plus_1_1 = i + 1;
        q_i_plus_1_1 = q[i_plus_1_1];
        q_i = q[i];
        d = q_i_plus_1_1 - q_i;
        // input.ts:9  u += 0.5 * k * d * d + 0.25 * d * d * d * d;
        c_times_k = 0.5 * k;
        u_1 = c_times_k * d;
        u_1_times_d = u_1 * d;
        c_times_d = 0.25 * d;
        u_2 = c_times_d * d;
        u_2_times_d = u_2 * d;
        u_3 = u_2_times_d * d;
        u_4 = u_1_times_d + u_3;
        u += u_4;
        // adjoint of input.ts:9  u += 0.5 * k * d * d + 0.25 * d * d * d * d;
        u_4_bar = u_bar;
        u_1_times_d_bar = u_4_bar;
        u_3_bar = u_4_bar;
        u_2_times_d_bar = d * u_3_bar;
        d_bar = u_2_times_d * u_3_bar;
        u_2_bar = d * u_2_times_d_bar;
        d_bar += u_2 * u_2_times_d_bar;
        d_bar += 0.5 * d * u_2_bar;
        d_bar += 2 * u_1 * u_1_times_d_bar;
        // adjoint of input.ts:8  const d = q[i + 1] - q[i];
        q_i_plus_1_1_bar = d_bar;
        minus_q_i_bar = d_bar;
        q_bar[i] -= minus_q_i_bar;
        q_bar[i_plus_1_1] += q_i_plus_1_1_bar;
        // input.ts:7  for (let i = 0; i + 1 < q.length; i++)
        i += 1;
    }
    // input.ts:11  return u;
    result = u;
    return result;
}
/** Tangent of the gradient of 'potential' in 'q', written into 'out': fills out_dot with the Hessian's product (the returned value's tangent is not computed: the caller does not read it). */
function potential_grad_q_jvp(q: readonly number[], k: number, out: number[], seed: number, q_dot: readonly number[], k_dot: number, out_dot: number[]): [number, number] {
    let result = 0, result_dot = 0;
    let q_product!: number[];
    result = potential_vjp_into_q(q, k, out, seed);
    [q_product] = potential_hvp(q, k, q_dot, k_dot);
    __ct.copyInto(out_dot, q_product);
    return [result, result_dot];
}
/** Forward sweep of the gradient of 'potential' in 'q' for a caller's reverse sweep: saves its arguments, returns the value of 'potential' and fills 'out' with the gradient. */
function potential_grad_q_vjp_fwd(q: readonly number[], k: number, out: number[], seed: number): number {
    __ct.tape.pushArray(q);
    __ct.tape.push(k);
    return potential_vjp_into_q(q, k, out, seed);
}
/** Reverse sweep of the gradient of 'potential' in 'q' after potential_grad_q_vjp_fwd: the Hessian's product with its cotangent, added into the array adjoints, the number parameters' returned. */
function potential_grad_q_vjp_bwd(result_bar: number, q_bar: number[], out_bar: number[]): [number] {
    let q!: number[], q_gradient_bar!: number[], q_product!: number[];
    let k = 0, k_product = 0;
    k = __ct.tape.pop();
    q = __ct.tape.popArray("Array");
    q_gradient_bar = __ct.takeAdjoint(out_bar, q.length);
    [q_product, k_product] = potential_hvp(q, k, q_gradient_bar, 0);
    __ct.addInto(q_bar, q_product);
    return [k_product];
}
/** Hessian-vector product of 'potential' in 'q', 'k': the gradient of its tangent in the direction (q_dot, k_dot). */
function potential_hvp(q: readonly number[], k: number, q_dot: readonly number[], k_dot: number): [number[], number] {
    let i = 0, i_plus_1 = 0, q_length = 0, i_plus_1_1 = 0, q_i_plus_1_1 = 0, q_i = 0, d = 0, c_times_k = 0, c_times_d = 0, u_2 = 0, q_i_plus_1_1_dot = 0, q_i_dot = 0, d_dot = 0, c_times_k_dot = 0, u_1_dot = 0, u_2_dot = 0, u_2_times_d_dot = 0, d_times_c_times_k_dot = 0, c_times_k_times_d_dot = 0, c_times_d_1 = 0, d_times_u_2_dot = 0, u_2_times_d_dot_1 = 0, q_i_plus_1_1_bar = 0, d_bar = 0, c_times_k_bar = 0, k_bar = 0, u_1_bar = 0, d_times_c_times_k_dot_bar = 0, c_times_k_times_d_dot_bar = 0, u_1_dot_bar = 0, d_times_u_1_dot_bar = 0, u_1_times_d_dot_1_bar = 0, u_1_times_d_dot_bar = 0, u_2_bar = 0, c_times_d_1_bar = 0, u_2_dot_bar = 0, u_2_times_d_bar = 0, d_times_u_2_dot_bar = 0, u_2_times_d_dot_1_bar = 0, u_2_times_d_dot_bar = 0, d_times_u_2_times_d_dot_bar = 0, u_2_times_d_times_d_dot_bar = 0, u_3_dot_bar = 0, u_4_dot_bar = 0, u_dot_bar = 0, result_dot_bar = 0, minus_q_i_bar = 0;
    let cond = false;
    let q_bar!: number[];
    // adjoint of input.ts:6  let u = 0;
    result_dot_bar = 1;
    q_bar = q.slice().fill(0);
    __ct.sameLength(q_dot, q, "the tangent of 'q'");
    // input.ts:7  for (let i = 0; i + 1 < q.length; i++)
    i = 0;
    // adjoint of input.ts:11  return u;
    u_dot_bar = result_dot_bar;
    // input.ts:7  for (let i = 0; i + 1 < q.length; i++)
    for (;;) {
        i_plus_1 = i + 1;
        q_length = q.length;
        cond = i_plus_1 < q_length;
        if (!cond)
            break;
        // input.ts:8  const d = q[i + 1] - q[i];
        i_plus_1_1 = i + 1;
        q_i_plus_1_1 = q[i_plus_1_1];
        q_i_plus_1_1_dot = q_dot[i_plus_1_1];
        q_i = q[i];
        q_i_dot = q_dot[i];
        d = q_i_plus_1_1 - q_i;
        d_dot = q_i_plus_1_1_dot - q_i_dot;
        // input.ts:9  u += 0.5 * k * d * d + 0.25 * d * d * d * d;
        c_times_k = 0.5 * k;
        c_times_k_dot = 0.5 * k_dot;
        d_times_c_times_k_dot = d * c_times_k_dot;
        c_times_k_times_d_dot = c_times_k * d_dot;
        u_1_dot = d_times_c_times_k_dot + c_times_k_times_d_dot;
        c_times_d = 0.25 * d;
        u_2 = c_times_d * d;
        c_times_d_1 = 0.5 * d;
        u_2_dot = c_times_d_1 * d_dot;
        d_times_u_2_dot = d * u_2_dot;
        u_2_times_d_dot_1 = u_2 * d_dot;
        u_2_times_d_dot = d_times_u_2_dot + u_2_times_d_dot_1;
        // adjoint of input.ts:9  u += 0.5 * k * d * d + 0.25 * d * d * d * d;
        u_4_dot_bar = u_dot_bar;
        u_1_times_d_dot_bar = u_4_dot_bar;
        u_3_dot_bar = u_4_dot_bar;
        d_times_u_2_times_d_dot_bar = u_3_dot_bar;
        u_2_times_d_times_d_dot_bar = u_3_dot_bar;
        u_2_times_d_bar = d_dot * u_2_times_d_times_d_dot_bar;
        d_bar = u_2_times_d_dot * d_times_u_2_times_d_dot_bar;
        u_2_times_d_dot_bar = d * d_times_u_2_times_d_dot_bar;
        d_times_u_2_dot_bar = u_2_times_d_dot_bar;
        u_2_times_d_dot_1_bar = u_2_times_d_dot_bar;
        u_2_bar = d_dot * u_2_times_d_dot_1_bar;
        d_bar += u_2_dot * d_times_u_2_dot_bar;
        u_2_dot_bar = d * d_times_u_2_dot_bar;
        u_2_bar += d * u_2_times_d_bar;
        d_bar += u_2 * u_2_times_d_bar;
        c_times_d_1_bar = d_dot * u_2_dot_bar;
        d_bar += 0.5 * c_times_d_1_bar;
        d_bar += 0.5 * d * u_2_bar;
        d_times_u_1_dot_bar = u_1_times_d_dot_bar;
        u_1_times_d_dot_1_bar = u_1_times_d_dot_bar;
        u_1_bar = d_dot * u_1_times_d_dot_1_bar;
        d_bar += u_1_dot * d_times_u_1_dot_bar;
        u_1_dot_bar = d * d_times_u_1_dot_bar;
        d_times_c_times_k_dot_bar = u_1_dot_bar;
        c_times_k_times_d_dot_bar = u_1_dot_bar;
        c_times_k_bar = d_dot * c_times_k_times_d_dot_bar;
        d_bar += c_times_k_dot * d_times_c_times_k_dot_bar;
        c_times_k_bar += d * u_1_bar;
        d_bar += c_times_k * u_1_bar;
        k_bar += 0.5 * c_times_k_bar;
        // adjoint of input.ts:8  const d = q[i + 1] - q[i];
        q_i_plus_1_1_bar = d_bar;
        minus_q_i_bar = d_bar;
        q_bar[i] -= minus_q_i_bar;
        q_bar[i_plus_1_1] += q_i_plus_1_1_bar;
        // input.ts:7  for (let i = 0; i + 1 < q.length; i++)
        i += 1;
    }
    return [q_bar, k_bar];
}
/** The squared norm of the forces: a gradient called inside the differentiated function. */
// @differentiate
export function f(q: number[], k: number): number {
    const force = ((q: number[], k: number) => potential_grad_q(q, k))(q, k);
    let s = 0;
    for (let i = 0; i < q.length; i++)
        s += force[i] * force[i];
    return s;
}
/** Tangent (forward mode) of 'f' with respect to 'q', 'k': returns [result, result_dot]. */
function f_jvp(q: readonly number[], k: number, q_dot: readonly number[], k_dot: number): [number, number] {
    let result = 0, s = 0, i = 0, q_length = 0, force_i = 0, s_1 = 0, s_dot = 0, force_i_dot = 0, s_1_dot = 0, result_dot = 0;
    let force!: number[], force_dot!: number[];
    __ct.sameLength(q_dot, q, "the tangent of 'q'");
    // input.ts:17  const force = grad(potential)(q, k);
    force = new Array<number>(q.length).fill(0);
    force_dot = new Array<number>(q.length).fill(0);
    potential_grad_q_jvp(q, k, force, 1, q_dot, k_dot, force_dot);
    // input.ts:18  let s = 0;
    s = 0;
    s_dot = 0;
    // input.ts:19  for (let i = 0; i < q.length; i++) s += force[i] * force[i];
    i = 0;
    q_length = q.length;
    while (i < q_length) {
        // input.ts:19  s += force[i] * force[i];
        force_i = force[i];
        force_i_dot = force_dot[i];
        s_1 = force_i * force_i;
        s_1_dot = 2 * force_i * force_i_dot;
        s += s_1;
        s_dot += s_1_dot;
        // input.ts:19  for (let i = 0; i < q.length; i++) s += force[i] * force[i];
        i += 1;
    }
    // input.ts:20  return s;
    result = s;
    result_dot = s_dot;
    return [result, result_dot];
}
/** Gradient (reverse mode) of 'f' with respect to 'q', 'k': returns [q_bar, k_bar], the adjoints for the seed 1. */
function f_grad(q: readonly number[], k: number): [number[], number] {
    const tape = __ct.tape;
    let force!: number[], force_bar!: number[], q_bar!: number[];
    let i = 0, q_length = 0, force_i = 0, potential_grad_q_k_bar = 0, loop1_count = 0, k_bar = 0, s_bar = 0, force_i_bar = 0, s_1_bar = 0, result_bar = 0, tape_for_loop1 = 0, tape_top = 0;
    let tape_data!: Float64Array;
    // An error escaping the sweeps leaves the runtime's stacks at these depths, for the calls after it.
    const tape_entry = __ct.tape.top, control_entry = __ct.control.top, arrays_entry = __ct.arrays.top;
    try {
        tape_top = tape.top;
        tape_data = tape.data;
        // adjoint of input.ts:20  return s;
        result_bar = 1;
        q_bar = q.slice().fill(0);
        // input.ts:17  const force = grad(potential)(q, k);
        force = new Array<number>(q.length).fill(0);
        force_bar = new Array<number>(q.length).fill(0);
        tape.setTop(tape_top);
        potential_grad_q_vjp_fwd(q, k, force, 1);
        tape_top = tape.top;
        tape_data = tape.data;
        // input.ts:19  for (let i = 0; i < q.length; i++) s += force[i] * force[i];
        i = 0;
        q_length = q.length;
        loop1_count = 0;
        tape_for_loop1 = q_length - i;
        tape_data = tape_top + tape_for_loop1 <= tape_data.length ? tape_data : tape.reserve(tape_top, tape_for_loop1);
        while (i < q_length) {
            // input.ts:19  s += force[i] * force[i];
            tape_data[tape_top++] = force_i;
            force_i = force[i];
            // input.ts:19  for (let i = 0; i < q.length; i++) s += force[i] * force[i];
            i += 1;
            loop1_count += 1;
        }
        // adjoint of input.ts:20  return s;
        s_bar = result_bar;
        // adjoint of input.ts:19  for (let i = 0; i < q.length; i++) s += force[i] * force[i];
        for (let loop1_iter = loop1_count; loop1_iter > 0; loop1_iter--) {
            i -= 1;
            // adjoint of input.ts:19  s += force[i] * force[i];
            s_1_bar = s_bar;
            force_i_bar = 2 * force_i * s_1_bar;
            force_bar[i] += force_i_bar;
            force_i = tape_data[--tape_top];
        }
        tape.setTop(tape_top);
        // adjoint of input.ts:17  const force = grad(potential)(q, k);
        [potential_grad_q_k_bar] = potential_grad_q_vjp_bwd(0, q_bar, force_bar);
        tape_top = tape.top;
        tape_data = tape.data;
        k_bar = potential_grad_q_k_bar;
        tape.setTop(tape_top);
        return [q_bar, k_bar];
    }
    catch (error) {
        __ct.unwind(tape_entry, control_entry, arrays_entry);
        throw error;
    }
}
export const point = [[0.3, -0.2, 0.5, 0.1], 1.5];
export const tangent = (p: [
    number[],
    number
], t: [
    number[],
    number
]) => ((primals: [number[], number], tangents: [number[], number]) => f_jvp(primals[0], primals[1], tangents[0], tangents[1]))(p, t);
export const gradient = (q: number[], k: number) => {
    const r = f_grad(q, k);
    return [r[0], r[1]];
};
