/**
 * One training step's gradient of a two-layer tanh MLP: mean softmax cross-entropy over a batch, parameters in an
 * object of row-major matrices. Cotangent returns the gradient as an object of the same shape.
 */
import { grad, gradInto, jvp } from "cotangent";

export interface Mlp {
  w1: Float64Array; // hidden × inputs
  b1: Float64Array;
  w2: Float64Array; // classes × hidden
  b2: Float64Array;
}

// @differentiate
export function mlpLoss(p: Mlp, x: Float64Array, labels: Float64Array, inputs: number, hidden: number): number {
  const classes = p.b2.length;
  const h = new Float64Array(hidden);
  const z = new Float64Array(classes);
  const n = labels.length;
  let total = 0;
  for (let s = 0; s < n; s++) {
    for (let j = 0; j < hidden; j++) {
      let a = p.b1[j];
      for (let i = 0; i < inputs; i++) a += p.w1[j * inputs + i] * x[s * inputs + i];
      h[j] = Math.tanh(a);
    }
    let top = -Infinity;
    for (let c = 0; c < classes; c++) {
      let a = p.b2[c];
      for (let j = 0; j < hidden; j++) a += p.w2[c * hidden + j] * h[j];
      z[c] = a;
      top = Math.max(top, a);
    }
    let sum = 0;
    for (let c = 0; c < classes; c++) sum += Math.exp(z[c] - top);
    total += top + Math.log(sum) - z[labels[s]];
  }
  return total / n;
}

export const mlpGrad = grad(mlpLoss);
export const mlpGradInto = gradInto(mlpLoss);
export const mlpJvp = (
  p: Mlp,
  x: Float64Array,
  labels: Float64Array,
  inputs: number,
  hidden: number,
  dp: Mlp,
  dX: Float64Array,
  dLabels: Float64Array,
) => jvp(mlpLoss, [p, x, labels, inputs, hidden], [dp, dX, dLabels, 0, 0]);

/** Hand-written backpropagation: δz = softmax(z) − onehot(label), δh = W2ᵀδz·(1 − h²), each averaged over the batch. */
export function mlpGradHand(p: Mlp, x: Float64Array, labels: Float64Array, inputs: number, hidden: number): Mlp {
  const classes = p.b2.length;
  const g: Mlp = {
    w1: new Float64Array(p.w1.length),
    b1: new Float64Array(p.b1.length),
    w2: new Float64Array(p.w2.length),
    b2: new Float64Array(p.b2.length),
  };
  const h = new Float64Array(hidden);
  const z = new Float64Array(classes);
  const dh = new Float64Array(hidden);
  const n = labels.length;
  for (let s = 0; s < n; s++) {
    for (let j = 0; j < hidden; j++) {
      let a = p.b1[j];
      for (let i = 0; i < inputs; i++) a += p.w1[j * inputs + i] * x[s * inputs + i];
      h[j] = Math.tanh(a);
    }
    let top = -Infinity;
    for (let c = 0; c < classes; c++) {
      let a = p.b2[c];
      for (let j = 0; j < hidden; j++) a += p.w2[c * hidden + j] * h[j];
      z[c] = a;
      top = Math.max(top, a);
    }
    let sum = 0;
    for (let c = 0; c < classes; c++) {
      z[c] = Math.exp(z[c] - top);
      sum += z[c];
    }
    dh.fill(0);
    for (let c = 0; c < classes; c++) {
      const dz = (z[c] / sum - (c === labels[s] ? 1 : 0)) / n;
      g.b2[c] += dz;
      for (let j = 0; j < hidden; j++) {
        g.w2[c * hidden + j] += dz * h[j];
        dh[j] += dz * p.w2[c * hidden + j];
      }
    }
    for (let j = 0; j < hidden; j++) {
      const da = dh[j] * (1 - h[j] * h[j]);
      g.b1[j] += da;
      for (let i = 0; i < inputs; i++) g.w1[j * inputs + i] += da * x[s * inputs + i];
    }
  }
  return g;
}
