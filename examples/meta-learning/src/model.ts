/**
 * Meta-learning as MAML does it (Finn, Abbeel & Levine, 2017): weights from which one gradient step on a task's few
 * training points already fits that task. The objective takes the gradient step inside itself, so its gradient
 * differentiates through a gradient: Cotangent follows `grad(taskLoss)` called in `adaptedLoss` with the Hessian
 * products of `taskLoss`.
 */
import { grad } from "cotangent";

/** A model with five features of x (1, u, u², sin x, cos x, with u = x / 3): its mean squared error on a task's points. */
// @differentiate
export function taskLoss(w: Float64Array, xs: Float64Array, ys: Float64Array): number {
  let s = 0;
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i];
    const u = x / 3;
    const z = w[0] + w[1] * u + w[2] * u * u + w[3] * Math.sin(x) + w[4] * Math.cos(x);
    const e = z - ys[i];
    s += e * e;
  }
  return s / xs.length;
}

/** The loss on a task's held-out points after one gradient step of size `rate` on its training points. */
// @differentiate
export function adaptedLoss(
  w: Float64Array,
  rate: number,
  xs: Float64Array,
  ys: Float64Array,
  xv: Float64Array,
  yv: Float64Array,
): number {
  const g = grad(taskLoss)(w, xs, ys);
  const adapted = new Float64Array(w.length);
  for (let i = 0; i < w.length; i++) adapted[i] = w[i] - rate * g[i];
  return taskLoss(adapted, xv, yv);
}

/** The meta-gradient: in the initial weights and in the step size, both learned. */
export const metaGradient = grad(adaptedLoss, [0, 1]);
