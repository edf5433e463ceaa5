import { grad, jvp } from "cotangent";
import * as __ct from "cotangent/runtime";
const D = 2;
const K = 3;
/** ADBench's GMM objective (d = 2, K = 3): negative log-likelihood under a mixture with a Wishart prior. */
// @differentiate
export function f(alphas: Float64Array, means: Float64Array, icf: Float64Array, x: Float64Array): number {
    const icfSize = (D * (D + 1)) / 2;
    const n = x.length / D;
    const mainTerm = new Float64Array(K);
    const centered = new Float64Array(D);
    const qx = new Float64Array(D);
    let sumLse = 0;
    for (let i = 0; i < n; i++) {
        for (let c = 0; c < K; c++) {
            let sumQ = 0;
            for (let j = 0; j < D; j++) {
                sumQ += icf[c * icfSize + j];
                centered[j] = x[i * D + j] - means[c * D + j];
                qx[j] = Math.exp(icf[c * icfSize + j]) * centered[j];
            }
            qx[1] += icf[c * icfSize + D] * centered[0];
            let sq = 0;
            for (let j = 0; j < D; j++)
                sq += qx[j] * qx[j];
            mainTerm[c] = alphas[c] + sumQ - 0.5 * sq;
        }
        let top = mainTerm[0];
        for (let c = 1; c < K; c++)
            top = Math.max(top, mainTerm[c]);
        let sum = 0;
        for (let c = 0; c < K; c++)
            sum += Math.exp(mainTerm[c] - top);
        sumLse += top + Math.log(sum);
    }
    let alphaSum = 0;
    for (let c = 0; c < K; c++)
        alphaSum += Math.exp(alphas[c]);
    let prior = 0;
    for (let q = 0; q < icf.length; q++)
        prior += 0.5 * icf[q] * icf[q];
    return sumLse - n * Math.log(alphaSum) + prior;
}
/** Gradient (reverse mode) of 'f' with respect to 'alphas', 'means', 'icf', 'x': returns [alphas_bar, means_bar, icf_bar, x_bar], the adjoints for the seed 1. */
function f_grad(alphas: Float64Array, means: Float64Array, icf: Float64Array, x: Float64Array): [Float64Array, Float64Array, Float64Array, Float64Array] {
    const tape = __ct.tape;
    const control = __ct.control;
    let D_plus_1 = 0, D_times_D_plus_1 = 0, icfSize = 0, x_length = 0, n = 0, i = 0, c = 0, sumQ = 0, j = 0, c_times_icfSize = 0, index = 0, icf_index = 0, i_times_D = 0, i_times_D_plus_j = 0, centered_i = 0, c_times_D = 0, c_times_D_plus_j = 0, centered_i_1 = 0, centered_i_2 = 0, c_times_icfSize_1 = 0, index_1 = 0, icf_index_1 = 0, exp_icf_index_1 = 0, centered_j = 0, qx_i = 0, qx_i_1 = 0, c_times_icfSize_2 = 0, index_2 = 0, icf_index_2 = 0, centered_0 = 0, qx_i_2 = 0, qx_i_new = 0, sq = 0, j_1 = 0, qx_j_1 = 0, sq_1 = 0, alphas_c = 0, mainTerm_i = 0, c_times_sq = 0, mainTerm_i_1 = 0, top = 0, c_1 = 0, mainTerm_c_1 = 0, top_1 = 0, sum = 0, c_2 = 0, mainTerm_c_2 = 0, sum_1 = 0, exp_sum_1 = 0, alphaSum = 0, c_3 = 0, alphas_c_3 = 0, exp_alphas_c_3 = 0, q = 0, icf_length = 0, icf_q = 0, loop3_count = 0, loop3_iter = 0, loop3_1_count = 0, loop3_1_iter = 0, loop2_count = 0, loop2_iter = 0, loop2_1_count = 0, loop2_1_iter = 0, loop2_2_count = 0, loop2_2_iter = 0, loop1_count = 0, loop1_1_count = 0, loop1_2_count = 0, sumLse_bar = 0, sumQ_bar = 0, icf_index_bar = 0, centered_i_bar = 0, centered_i_2_bar = 0, icf_index_1_bar = 0, exp_icf_index_1_bar = 0, centered_j_bar = 0, qx_i_bar = 0, icf_index_2_bar = 0, centered_0_bar = 0, qx_i_2_bar = 0, qx_i_new_bar = 0, sq_bar = 0, qx_j_1_bar = 0, sq_1_bar = 0, alphas_c_bar = 0, mainTerm_i_bar = 0, c_times_sq_bar = 0, mainTerm_i_1_bar = 0, top_bar = 0, mainTerm_c_1_bar = 0, top_1_bar = 0, sum_bar = 0, mainTerm_c_2_bar = 0, sum_1_bar = 0, exp_sum_1_bar = 0, log_sum_bar = 0, top_plus_log_sum_bar = 0, alphaSum_bar = 0, alphas_c_3_bar = 0, exp_alphas_c_3_bar = 0, prior_bar = 0, icf_q_bar = 0, prior_1_bar = 0, log_alphaSum_bar = 0, result_1_bar = 0, result_2_bar = 0, result_bar = 0, minus_centered_i_1_bar = 0, tape_for_loop1 = 0, tape_for_loop1_1 = 0, tape_top = 0, control_for_loop1 = 0, control_top = 0;
    let mainTerm!: Float64Array, centered!: Float64Array, qx!: Float64Array, mainTerm_bar!: Float64Array, centered_bar!: Float64Array, qx_bar!: Float64Array, icf_bar!: Float64Array, x_bar!: Float64Array, means_bar!: Float64Array, alphas_bar!: Float64Array, tape_data!: Float64Array;
    let control_data!: Int32Array;
    control_top = control.top;
    control_data = control.data;
    tape_top = tape.top;
    tape_data = tape.data;
    // adjoint of input.ts:38  return sumLse - n * Math.log(alphaSum) + prior;
    result_bar = 1;
    alphas_bar = new Float64Array(alphas.length);
    means_bar = new Float64Array(means.length);
    icf_bar = new Float64Array(icf.length);
    x_bar = new Float64Array(x.length);
    // input.ts:9  const icfSize = (D * (D + 1)) / 2;
    D_plus_1 = D + 1;
    D_times_D_plus_1 = D * D_plus_1;
    icfSize = D_times_D_plus_1 / 2;
    // input.ts:10  const n = x.length / D;
    x_length = x.length;
    n = x_length / D;
    // input.ts:11  const mainTerm = new Float64Array(K);
    mainTerm = new Float64Array(K);
    mainTerm_bar = new Float64Array(K);
    // input.ts:12  const centered = new Float64Array(D);
    centered = new Float64Array(D);
    centered_bar = new Float64Array(D);
    // input.ts:13  const qx = new Float64Array(D);
    qx = new Float64Array(D);
    qx_bar = new Float64Array(D);
    // input.ts:15  for (let i = 0; i < n; i++)
    i = 0;
    loop1_count = 0;
    tape_for_loop1 = (n - i + 1) * ((K + 1 > 0 ? K + 1 : 0) * (3 * (D + 1 > 0 ? D + 1 : 0) + 1) + 2 * (K > 0 ? K : 0) + (K + 1 > 0 ? K + 1 : 0) + 1);
    tape_data = tape_top + tape_for_loop1 <= tape_data.length ? tape_data : tape.reserve(tape_top, tape_for_loop1);
    control_for_loop1 = (n - i + 1) * (2 * (K + 1 > 0 ? K + 1 : 0) + 3);
    control_data = control_top + control_for_loop1 <= control_data.length ? control_data : control.reserve(control_top, control_for_loop1);
    while (i < n) {
        // input.ts:16  for (let c = 0; c < K; c++)
        c = 0;
        loop2_count = 0;
        while (c < K) {
            // input.ts:17  let sumQ = 0;
            sumQ = 0;
            // input.ts:18  for (let j = 0; j < D; j++)
            j = 0;
            loop3_count = 0;
            while (j < D) {
                // input.ts:19  sumQ += icf[c * icfSize + j];
                c_times_icfSize = c * icfSize;
                index = c_times_icfSize + j;
                icf_index = icf[index];
                sumQ += icf_index;
                // input.ts:20  centered[j] = x[i * D + j] - means[c * D + j];
                i_times_D = i * D;
                i_times_D_plus_j = i_times_D + j;
                centered_i = x[i_times_D_plus_j];
                c_times_D = c * D;
                c_times_D_plus_j = c_times_D + j;
                centered_i_1 = means[c_times_D_plus_j];
                centered_i_2 = centered_i - centered_i_1;
                centered[j] = centered_i_2;
                // input.ts:21  qx[j] = Math.exp(icf[c * icfSize + j]) * centered[j];
                c_times_icfSize_1 = c * icfSize;
                index_1 = c_times_icfSize_1 + j;
                icf_index_1 = icf[index_1];
                tape_data[tape_top++] = exp_icf_index_1;
                exp_icf_index_1 = Math.exp(icf_index_1);
                tape_data[tape_top++] = centered_j;
                centered_j = centered[j];
                qx_i = exp_icf_index_1 * centered_j;
                qx[j] = qx_i;
                // input.ts:18  for (let j = 0; j < D; j++)
                j += 1;
                loop3_count += 1;
            }
            control_data[control_top++] = loop3_count;
            // input.ts:23  qx[1] += icf[c * icfSize + D] * centered[0];
            qx_i_1 = qx[1];
            c_times_icfSize_2 = c * icfSize;
            index_2 = c_times_icfSize_2 + D;
            icf_index_2 = icf[index_2];
            tape_data[tape_top++] = centered_0;
            centered_0 = centered[0];
            qx_i_2 = icf_index_2 * centered_0;
            qx_i_new = qx_i_1 + qx_i_2;
            qx[1] = qx_i_new;
            // input.ts:24  let sq = 0;
            sq = 0;
            // input.ts:25  for (let j = 0; j < D; j++) sq += qx[j] * qx[j];
            j_1 = 0;
            loop3_1_count = 0;
            while (j_1 < D) {
                // input.ts:25  sq += qx[j] * qx[j];
                tape_data[tape_top++] = qx_j_1;
                qx_j_1 = qx[j_1];
                sq_1 = qx_j_1 * qx_j_1;
                sq += sq_1;
                // input.ts:25  for (let j = 0; j < D; j++) sq += qx[j] * qx[j];
                j_1 += 1;
                loop3_1_count += 1;
            }
            control_data[control_top++] = loop3_1_count;
            // input.ts:26  mainTerm[c] = alphas[c] + sumQ - 0.5 * sq;
            alphas_c = alphas[c];
            mainTerm_i = alphas_c + sumQ;
            c_times_sq = 0.5 * sq;
            mainTerm_i_1 = mainTerm_i - c_times_sq;
            mainTerm[c] = mainTerm_i_1;
            // input.ts:16  for (let c = 0; c < K; c++)
            c += 1;
            loop2_count += 1;
        }
        control_data[control_top++] = loop2_count;
        // input.ts:28  let top = mainTerm[0];
        top = mainTerm[0];
        // input.ts:29  for (let c = 1; c < K; c++) top = Math.max(top, mainTerm[...
        c_1 = 1;
        loop2_1_count = 0;
        while (c_1 < K) {
            // input.ts:29  top = Math.max(top, mainTerm[c]);
            tape_data[tape_top++] = mainTerm_c_1;
            mainTerm_c_1 = mainTerm[c_1];
            top_1 = Math.max(top, mainTerm_c_1);
            tape_data[tape_top++] = top;
            top = top_1;
            // input.ts:29  for (let c = 1; c < K; c++) top = Math.max(top, mainTerm[...
            c_1 += 1;
            loop2_1_count += 1;
        }
        control_data[control_top++] = loop2_1_count;
        // input.ts:30  let sum = 0;
        tape_data[tape_top++] = sum;
        sum = 0;
        // input.ts:31  for (let c = 0; c < K; c++) sum += Math.exp(mainTerm[c] -...
        c_2 = 0;
        loop2_2_count = 0;
        while (c_2 < K) {
            // input.ts:31  sum += Math.exp(mainTerm[c] - top);
            mainTerm_c_2 = mainTerm[c_2];
            sum_1 = mainTerm_c_2 - top;
            tape_data[tape_top++] = exp_sum_1;
            exp_sum_1 = Math.exp(sum_1);
            sum += exp_sum_1;
            // input.ts:31  for (let c = 0; c < K; c++) sum += Math.exp(mainTerm[c] -...
            c_2 += 1;
            loop2_2_count += 1;
        }
        control_data[control_top++] = loop2_2_count;
        // input.ts:15  for (let i = 0; i < n; i++)
        i += 1;
        loop1_count += 1;
    }
    // input.ts:34  let alphaSum = 0;
    alphaSum = 0;
    // input.ts:35  for (let c = 0; c < K; c++) alphaSum += Math.exp(alphas[c]);
    c_3 = 0;
    loop1_1_count = 0;
    tape_for_loop1_1 = K - c_3 + 1;
    tape_data = tape_top + tape_for_loop1_1 <= tape_data.length ? tape_data : tape.reserve(tape_top, tape_for_loop1_1);
    while (c_3 < K) {
        // input.ts:35  alphaSum += Math.exp(alphas[c]);
        alphas_c_3 = alphas[c_3];
        tape_data[tape_top++] = exp_alphas_c_3;
        exp_alphas_c_3 = Math.exp(alphas_c_3);
        alphaSum += exp_alphas_c_3;
        // input.ts:35  for (let c = 0; c < K; c++) alphaSum += Math.exp(alphas[c]);
        c_3 += 1;
        loop1_1_count += 1;
    }
    // input.ts:37  for (let q = 0; q < icf.length; q++) prior += 0.5 * icf[q...
    q = 0;
    icf_length = icf.length;
    loop1_2_count = 0;
    while (q < icf_length) {
        // input.ts:37  prior += 0.5 * icf[q] * icf[q];
        icf_q = icf[q];
        // input.ts:37  for (let q = 0; q < icf.length; q++) prior += 0.5 * icf[q...
        q += 1;
        loop1_2_count += 1;
    }
    // adjoint of input.ts:38  return sumLse - n * Math.log(alphaSum) + prior;
    result_2_bar = result_bar;
    prior_bar = result_bar;
    sumLse_bar = result_2_bar;
    result_1_bar = -result_2_bar;
    log_alphaSum_bar = n * result_1_bar;
    alphaSum_bar = log_alphaSum_bar / alphaSum;
    // adjoint of input.ts:37  for (let q = 0; q < icf.length; q++) prior += 0.5 * icf[q...
    for (let loop1_2_iter = loop1_2_count; loop1_2_iter > 0; loop1_2_iter--) {
        q -= 1;
        // adjoint of input.ts:37  prior += 0.5 * icf[q] * icf[q];
        prior_1_bar = prior_bar;
        // recompute input.ts:37  prior += 0.5 * icf[q] * icf[q];
        icf_q = icf[q];
        // adjoint of input.ts:37  prior += 0.5 * icf[q] * icf[q];
        icf_q_bar = icf_q * prior_1_bar;
        icf_bar[q] += icf_q_bar;
    }
    // adjoint of input.ts:35  for (let c = 0; c < K; c++) alphaSum += Math.exp(alphas[c]);
    for (let loop1_1_iter = loop1_1_count; loop1_1_iter > 0; loop1_1_iter--) {
        c_3 -= 1;
        // adjoint of input.ts:35  alphaSum += Math.exp(alphas[c]);
        exp_alphas_c_3_bar = alphaSum_bar;
        alphas_c_3_bar = exp_alphas_c_3 * exp_alphas_c_3_bar;
        exp_alphas_c_3 = tape_data[--tape_top];
        alphas_bar[c_3] += alphas_c_3_bar;
    }
    // adjoint of input.ts:15  for (let i = 0; i < n; i++)
    for (let loop1_iter = loop1_count; loop1_iter > 0; loop1_iter--) {
        i -= 1;
        // adjoint of input.ts:32  sumLse += top + Math.log(sum);
        top_plus_log_sum_bar = sumLse_bar;
        top_bar = top_plus_log_sum_bar;
        log_sum_bar = top_plus_log_sum_bar;
        sum_bar = log_sum_bar / sum;
        // adjoint of input.ts:31  for (let c = 0; c < K; c++) sum += Math.exp(mainTerm[c] -...
        loop2_2_iter = control_data[--control_top];
        c_2 = loop2_2_iter;
        for (; loop2_2_iter > 0; loop2_2_iter--) {
            c_2 -= 1;
            // adjoint of input.ts:31  sum += Math.exp(mainTerm[c] - top);
            exp_sum_1_bar = sum_bar;
            sum_1_bar = exp_sum_1 * exp_sum_1_bar;
            exp_sum_1 = tape_data[--tape_top];
            mainTerm_c_2_bar = sum_1_bar;
            top_bar -= sum_1_bar;
            mainTerm_bar[c_2] += mainTerm_c_2_bar;
        }
        // adjoint of input.ts:30  let sum = 0;
        sum = tape_data[--tape_top];
        // adjoint of input.ts:29  for (let c = 1; c < K; c++) top = Math.max(top, mainTerm[...
        loop2_1_iter = control_data[--control_top];
        c_1 = 1 + loop2_1_iter;
        for (; loop2_1_iter > 0; loop2_1_iter--) {
            c_1 -= 1;
            // adjoint of input.ts:29  top = Math.max(top, mainTerm[c]);
            top_1_bar = top_bar;
            top = tape_data[--tape_top];
            top_bar = (top > mainTerm_c_1 ? 1 : top === mainTerm_c_1 ? 0.5 : 0) * top_1_bar;
            mainTerm_c_1_bar = (mainTerm_c_1 > top ? 1 : top === mainTerm_c_1 ? 0.5 : 0) * top_1_bar;
            mainTerm_bar[c_1] += mainTerm_c_1_bar;
            mainTerm_c_1 = tape_data[--tape_top];
        }
        // adjoint of input.ts:28  let top = mainTerm[0];
        mainTerm_bar[0] += top_bar;
        // adjoint of input.ts:16  for (let c = 0; c < K; c++)
        loop2_iter = control_data[--control_top];
        c = loop2_iter;
        for (; loop2_iter > 0; loop2_iter--) {
            c -= 1;
            // adjoint of input.ts:26  mainTerm[c] = alphas[c] + sumQ - 0.5 * sq;
            mainTerm_i_1_bar = mainTerm_bar[c];
            mainTerm_bar[c] = 0;
            mainTerm_i_bar = mainTerm_i_1_bar;
            c_times_sq_bar = -mainTerm_i_1_bar;
            sq_bar = 0.5 * c_times_sq_bar;
            alphas_c_bar = mainTerm_i_bar;
            sumQ_bar = mainTerm_i_bar;
            alphas_bar[c] += alphas_c_bar;
            // adjoint of input.ts:25  for (let j = 0; j < D; j++) sq += qx[j] * qx[j];
            loop3_1_iter = control_data[--control_top];
            j_1 = loop3_1_iter;
            for (; loop3_1_iter > 0; loop3_1_iter--) {
                j_1 -= 1;
                // adjoint of input.ts:25  sq += qx[j] * qx[j];
                sq_1_bar = sq_bar;
                qx_j_1_bar = 2 * qx_j_1 * sq_1_bar;
                qx_bar[j_1] += qx_j_1_bar;
                qx_j_1 = tape_data[--tape_top];
            }
            // adjoint of input.ts:23  qx[1] += icf[c * icfSize + D] * centered[0];
            qx_i_new_bar = qx_bar[1];
            qx_i_2_bar = qx_i_new_bar;
            // recompute input.ts:23  qx[1] += icf[c * icfSize + D] * centered[0];
            c_times_icfSize_2 = c * icfSize;
            index_2 = c_times_icfSize_2 + D;
            icf_index_2 = icf[index_2];
            // adjoint of input.ts:23  qx[1] += icf[c * icfSize + D] * centered[0];
            icf_index_2_bar = centered_0 * qx_i_2_bar;
            centered_0_bar = icf_index_2 * qx_i_2_bar;
            centered_bar[0] += centered_0_bar;
            centered_0 = tape_data[--tape_top];
            icf_bar[index_2] += icf_index_2_bar;
            // adjoint of input.ts:18  for (let j = 0; j < D; j++)
            loop3_iter = control_data[--control_top];
            j = loop3_iter;
            for (; loop3_iter > 0; loop3_iter--) {
                j -= 1;
                // adjoint of input.ts:21  qx[j] = Math.exp(icf[c * icfSize + j]) * centered[j];
                qx_i_bar = qx_bar[j];
                qx_bar[j] = 0;
                exp_icf_index_1_bar = centered_j * qx_i_bar;
                centered_j_bar = exp_icf_index_1 * qx_i_bar;
                centered_j = tape_data[--tape_top];
                icf_index_1_bar = exp_icf_index_1 * exp_icf_index_1_bar;
                exp_icf_index_1 = tape_data[--tape_top];
                // recompute input.ts:21  qx[j] = Math.exp(icf[c * icfSize + j]) * centered[j];
                c_times_icfSize_1 = c * icfSize;
                index_1 = c_times_icfSize_1 + j;
                // adjoint of input.ts:21  qx[j] = Math.exp(icf[c * icfSize + j]) * centered[j];
                icf_bar[index_1] += icf_index_1_bar;
                // adjoint of input.ts:20  centered[j] = x[i * D + j] - means[c * D + j];
                centered_i_2_bar = centered_bar[j] + centered_j_bar;
                centered_bar[j] = 0;
                centered_i_bar = centered_i_2_bar;
                minus_centered_i_1_bar = centered_i_2_bar;
                // recompute input.ts:20  centered[j] = x[i * D + j] - means[c * D + j];
                c_times_D = c * D;
                c_times_D_plus_j = c_times_D + j;
                // adjoint of input.ts:20  centered[j] = x[i * D + j] - means[c * D + j];
                means_bar[c_times_D_plus_j] -= minus_centered_i_1_bar;
                // recompute input.ts:20  centered[j] = x[i * D + j] - means[c * D + j];
                i_times_D = i * D;
                i_times_D_plus_j = i_times_D + j;
                // adjoint of input.ts:20  centered[j] = x[i * D + j] - means[c * D + j];
                x_bar[i_times_D_plus_j] += centered_i_bar;
                // adjoint of input.ts:19  sumQ += icf[c * icfSize + j];
                icf_index_bar = sumQ_bar;
                // recompute input.ts:19  sumQ += icf[c * icfSize + j];
                c_times_icfSize = c * icfSize;
                index = c_times_icfSize + j;
                // adjoint of input.ts:19  sumQ += icf[c * icfSize + j];
                icf_bar[index] += icf_index_bar;
            }
        }
    }
    tape.setTop(tape_top);
    control.setTop(control_top);
    return [alphas_bar, means_bar, icf_bar, x_bar];
}
/** Tangent (forward mode) of 'f' with respect to 'alphas', 'means', 'icf', 'x': returns [result, result_dot]. */
function f_jvp(alphas: Float64Array, means: Float64Array, icf: Float64Array, x: Float64Array, alphas_dot: Float64Array, means_dot: Float64Array, icf_dot: Float64Array, x_dot: Float64Array): [number, number] {
    let result = 0, D_plus_1 = 0, D_times_D_plus_1 = 0, icfSize = 0, x_length = 0, n = 0, sumLse = 0, i = 0, c = 0, sumQ = 0, j = 0, c_times_icfSize = 0, index = 0, icf_index = 0, i_times_D = 0, i_times_D_plus_j = 0, centered_i = 0, c_times_D = 0, c_times_D_plus_j = 0, centered_i_1 = 0, centered_i_2 = 0, c_times_icfSize_1 = 0, index_1 = 0, icf_index_1 = 0, exp_icf_index_1 = 0, centered_j = 0, qx_i = 0, qx_i_1 = 0, c_times_icfSize_2 = 0, index_2 = 0, icf_index_2 = 0, centered_0 = 0, qx_i_2 = 0, qx_i_new = 0, sq = 0, j_1 = 0, qx_j_1 = 0, sq_1 = 0, alphas_c = 0, mainTerm_i = 0, c_times_sq = 0, mainTerm_i_1 = 0, top = 0, c_1 = 0, mainTerm_c_1 = 0, top_1 = 0, sum = 0, c_2 = 0, mainTerm_c_2 = 0, sum_1 = 0, exp_sum_1 = 0, log_sum = 0, top_plus_log_sum = 0, alphaSum = 0, c_3 = 0, alphas_c_3 = 0, exp_alphas_c_3 = 0, prior = 0, q = 0, icf_length = 0, icf_q = 0, c_times_icf_q = 0, prior_1 = 0, log_alphaSum = 0, result_1 = 0, result_2 = 0, sumLse_dot = 0, sumQ_dot = 0, icf_index_dot = 0, centered_i_dot = 0, centered_i_1_dot = 0, centered_i_2_dot = 0, icf_index_1_dot = 0, exp_icf_index_1_dot = 0, centered_j_dot = 0, qx_i_dot = 0, qx_i_1_dot = 0, icf_index_2_dot = 0, centered_0_dot = 0, qx_i_2_dot = 0, qx_i_new_dot = 0, sq_dot = 0, qx_j_1_dot = 0, sq_1_dot = 0, alphas_c_dot = 0, mainTerm_i_dot = 0, c_times_sq_dot = 0, mainTerm_i_1_dot = 0, top_dot = 0, mainTerm_c_1_dot = 0, top_1_dot = 0, sum_dot = 0, mainTerm_c_2_dot = 0, sum_1_dot = 0, exp_sum_1_dot = 0, log_sum_dot = 0, top_plus_log_sum_dot = 0, alphaSum_dot = 0, alphas_c_3_dot = 0, exp_alphas_c_3_dot = 0, prior_dot = 0, icf_q_dot = 0, prior_1_dot = 0, log_alphaSum_dot = 0, result_1_dot = 0, result_2_dot = 0, result_dot = 0;
    let mainTerm!: Float64Array, centered!: Float64Array, qx!: Float64Array, mainTerm_dot!: Float64Array, centered_dot!: Float64Array, qx_dot!: Float64Array;
    __ct.sameLength(alphas_dot, alphas, "the tangent of 'alphas'");
    __ct.sameLength(means_dot, means, "the tangent of 'means'");
    __ct.sameLength(icf_dot, icf, "the tangent of 'icf'");
    __ct.sameLength(x_dot, x, "the tangent of 'x'");
    // input.ts:9  const icfSize = (D * (D + 1)) / 2;
    D_plus_1 = D + 1;
    D_times_D_plus_1 = D * D_plus_1;
    icfSize = D_times_D_plus_1 / 2;
    // input.ts:10  const n = x.length / D;
    x_length = x.length;
    n = x_length / D;
    // input.ts:11  const mainTerm = new Float64Array(K);
    mainTerm = new Float64Array(K);
    mainTerm_dot = new Float64Array(K);
    // input.ts:12  const centered = new Float64Array(D);
    centered = new Float64Array(D);
    centered_dot = new Float64Array(D);
    // input.ts:13  const qx = new Float64Array(D);
    qx = new Float64Array(D);
    qx_dot = new Float64Array(D);
    // input.ts:14  let sumLse = 0;
    sumLse = 0;
    sumLse_dot = 0;
    // input.ts:15  for (let i = 0; i < n; i++)
    i = 0;
    while (i < n) {
        // input.ts:16  for (let c = 0; c < K; c++)
        c = 0;
        while (c < K) {
            // input.ts:17  let sumQ = 0;
            sumQ = 0;
            sumQ_dot = 0;
            // input.ts:18  for (let j = 0; j < D; j++)
            j = 0;
            while (j < D) {
                // input.ts:19  sumQ += icf[c * icfSize + j];
                c_times_icfSize = c * icfSize;
                index = c_times_icfSize + j;
                icf_index = icf[index];
                icf_index_dot = icf_dot[index];
                sumQ += icf_index;
                sumQ_dot += icf_index_dot;
                // input.ts:20  centered[j] = x[i * D + j] - means[c * D + j];
                i_times_D = i * D;
                i_times_D_plus_j = i_times_D + j;
                centered_i = x[i_times_D_plus_j];
                centered_i_dot = x_dot[i_times_D_plus_j];
                c_times_D = c * D;
                c_times_D_plus_j = c_times_D + j;
                centered_i_1 = means[c_times_D_plus_j];
                centered_i_1_dot = means_dot[c_times_D_plus_j];
                centered_i_2 = centered_i - centered_i_1;
                centered_i_2_dot = centered_i_dot - centered_i_1_dot;
                centered[j] = centered_i_2;
                centered_dot[j] = centered_i_2_dot;
                // input.ts:21  qx[j] = Math.exp(icf[c * icfSize + j]) * centered[j];
                c_times_icfSize_1 = c * icfSize;
                index_1 = c_times_icfSize_1 + j;
                icf_index_1 = icf[index_1];
                icf_index_1_dot = icf_dot[index_1];
                exp_icf_index_1 = Math.exp(icf_index_1);
                exp_icf_index_1_dot = exp_icf_index_1 * icf_index_1_dot;
                centered_j = centered[j];
                centered_j_dot = centered_dot[j];
                qx_i = exp_icf_index_1 * centered_j;
                qx_i_dot = centered_j * exp_icf_index_1_dot + exp_icf_index_1 * centered_j_dot;
                qx[j] = qx_i;
                qx_dot[j] = qx_i_dot;
                // input.ts:18  for (let j = 0; j < D; j++)
                j += 1;
            }
            // input.ts:23  qx[1] += icf[c * icfSize + D] * centered[0];
            qx_i_1 = qx[1];
            qx_i_1_dot = qx_dot[1];
            c_times_icfSize_2 = c * icfSize;
            index_2 = c_times_icfSize_2 + D;
            icf_index_2 = icf[index_2];
            icf_index_2_dot = icf_dot[index_2];
            centered_0 = centered[0];
            centered_0_dot = centered_dot[0];
            qx_i_2 = icf_index_2 * centered_0;
            qx_i_2_dot = centered_0 * icf_index_2_dot + icf_index_2 * centered_0_dot;
            qx_i_new = qx_i_1 + qx_i_2;
            qx_i_new_dot = qx_i_1_dot + qx_i_2_dot;
            qx[1] = qx_i_new;
            qx_dot[1] = qx_i_new_dot;
            // input.ts:24  let sq = 0;
            sq = 0;
            sq_dot = 0;
            // input.ts:25  for (let j = 0; j < D; j++) sq += qx[j] * qx[j];
            j_1 = 0;
            while (j_1 < D) {
                // input.ts:25  sq += qx[j] * qx[j];
                qx_j_1 = qx[j_1];
                qx_j_1_dot = qx_dot[j_1];
                sq_1 = qx_j_1 * qx_j_1;
                sq_1_dot = 2 * qx_j_1 * qx_j_1_dot;
                sq += sq_1;
                sq_dot += sq_1_dot;
                // input.ts:25  for (let j = 0; j < D; j++) sq += qx[j] * qx[j];
                j_1 += 1;
            }
            // input.ts:26  mainTerm[c] = alphas[c] + sumQ - 0.5 * sq;
            alphas_c = alphas[c];
            alphas_c_dot = alphas_dot[c];
            mainTerm_i = alphas_c + sumQ;
            mainTerm_i_dot = alphas_c_dot + sumQ_dot;
            c_times_sq = 0.5 * sq;
            c_times_sq_dot = 0.5 * sq_dot;
            mainTerm_i_1 = mainTerm_i - c_times_sq;
            mainTerm_i_1_dot = mainTerm_i_dot - c_times_sq_dot;
            mainTerm[c] = mainTerm_i_1;
            mainTerm_dot[c] = mainTerm_i_1_dot;
            // input.ts:16  for (let c = 0; c < K; c++)
            c += 1;
        }
        // input.ts:28  let top = mainTerm[0];
        top = mainTerm[0];
        top_dot = mainTerm_dot[0];
        // input.ts:29  for (let c = 1; c < K; c++) top = Math.max(top, mainTerm[...
        c_1 = 1;
        while (c_1 < K) {
            // input.ts:29  top = Math.max(top, mainTerm[c]);
            mainTerm_c_1 = mainTerm[c_1];
            mainTerm_c_1_dot = mainTerm_dot[c_1];
            top_1 = Math.max(top, mainTerm_c_1);
            top_1_dot = (top > mainTerm_c_1 ? 1 : top === mainTerm_c_1 ? 0.5 : 0) * top_dot + (mainTerm_c_1 > top ? 1 : top === mainTerm_c_1 ? 0.5 : 0) * mainTerm_c_1_dot;
            top = top_1;
            top_dot = top_1_dot;
            // input.ts:29  for (let c = 1; c < K; c++) top = Math.max(top, mainTerm[...
            c_1 += 1;
        }
        // input.ts:30  let sum = 0;
        sum = 0;
        sum_dot = 0;
        // input.ts:31  for (let c = 0; c < K; c++) sum += Math.exp(mainTerm[c] -...
        c_2 = 0;
        while (c_2 < K) {
            // input.ts:31  sum += Math.exp(mainTerm[c] - top);
            mainTerm_c_2 = mainTerm[c_2];
            mainTerm_c_2_dot = mainTerm_dot[c_2];
            sum_1 = mainTerm_c_2 - top;
            sum_1_dot = mainTerm_c_2_dot - top_dot;
            exp_sum_1 = Math.exp(sum_1);
            exp_sum_1_dot = exp_sum_1 * sum_1_dot;
            sum += exp_sum_1;
            sum_dot += exp_sum_1_dot;
            // input.ts:31  for (let c = 0; c < K; c++) sum += Math.exp(mainTerm[c] -...
            c_2 += 1;
        }
        // input.ts:32  sumLse += top + Math.log(sum);
        log_sum = Math.log(sum);
        log_sum_dot = sum_dot / sum;
        top_plus_log_sum = top + log_sum;
        top_plus_log_sum_dot = top_dot + log_sum_dot;
        sumLse += top_plus_log_sum;
        sumLse_dot += top_plus_log_sum_dot;
        // input.ts:15  for (let i = 0; i < n; i++)
        i += 1;
    }
    // input.ts:34  let alphaSum = 0;
    alphaSum = 0;
    alphaSum_dot = 0;
    // input.ts:35  for (let c = 0; c < K; c++) alphaSum += Math.exp(alphas[c]);
    c_3 = 0;
    while (c_3 < K) {
        // input.ts:35  alphaSum += Math.exp(alphas[c]);
        alphas_c_3 = alphas[c_3];
        alphas_c_3_dot = alphas_dot[c_3];
        exp_alphas_c_3 = Math.exp(alphas_c_3);
        exp_alphas_c_3_dot = exp_alphas_c_3 * alphas_c_3_dot;
        alphaSum += exp_alphas_c_3;
        alphaSum_dot += exp_alphas_c_3_dot;
        // input.ts:35  for (let c = 0; c < K; c++) alphaSum += Math.exp(alphas[c]);
        c_3 += 1;
    }
    // input.ts:36  let prior = 0;
    prior = 0;
    prior_dot = 0;
    // input.ts:37  for (let q = 0; q < icf.length; q++) prior += 0.5 * icf[q...
    q = 0;
    icf_length = icf.length;
    while (q < icf_length) {
        // input.ts:37  prior += 0.5 * icf[q] * icf[q];
        icf_q = icf[q];
        icf_q_dot = icf_dot[q];
        c_times_icf_q = 0.5 * icf_q;
        prior_1 = c_times_icf_q * icf_q;
        prior_1_dot = icf_q * icf_q_dot;
        prior += prior_1;
        prior_dot += prior_1_dot;
        // input.ts:37  for (let q = 0; q < icf.length; q++) prior += 0.5 * icf[q...
        q += 1;
    }
    // input.ts:38  return sumLse - n * Math.log(alphaSum) + prior;
    log_alphaSum = Math.log(alphaSum);
    log_alphaSum_dot = alphaSum_dot / alphaSum;
    result_1 = n * log_alphaSum;
    result_1_dot = n * log_alphaSum_dot;
    result_2 = sumLse - result_1;
    result_2_dot = sumLse_dot - result_1_dot;
    result = result_2 + prior;
    result_dot = result_2_dot + prior_dot;
    return [result, result_dot];
}
export const point = [
    new Float64Array([0.2, -0.4, 0.1]),
    new Float64Array([0.5, -0.3, 1.1, 0.4, -0.8, 0.9]),
    new Float64Array([0.1, -0.2, 0.3, 0.05, 0.15, -0.25, 0.2, 0.1, -0.1]),
    new Float64Array([0.3, 0.7, -1.2, 0.4, 0.9, -0.5, 1.5, 1.1]),
];
export const gradient = (alphas: Float64Array, means: Float64Array, icf: Float64Array, x: Float64Array) => {
    const r = f_grad(alphas, means, icf, x);
    return [r[0], r[1], r[2], r[3]];
};
export const tangent = (p: [
    Float64Array,
    Float64Array,
    Float64Array,
    Float64Array
], t: [
    Float64Array,
    Float64Array,
    Float64Array,
    Float64Array
]) => ((primals: [Float64Array, Float64Array, Float64Array, Float64Array], tangents: [Float64Array, Float64Array, Float64Array, Float64Array]) => f_jvp(primals[0], primals[1], primals[2], primals[3], tangents[0], tangents[1], tangents[2], tangents[3]))(p, t);
