/**
 * ADBench's LSTM objective: `layers` stacked LSTM cells with element-wise (diagonal) weights over a sequence of `c`
 * vectors of size `b`, predicting each next vector; the loss is the mean log-softmax of the prediction weighted by
 * the next element. Differentiated with respect to the main and extra parameters; the initial state is constant.
 */
import { grad, jvp } from "cotangent";

// @differentiate
export function lstmObjective(
  mainParams: Float64Array,
  extraParams: Float64Array,
  state0: Float64Array,
  sequence: Float64Array,
  layers: number,
  b: number,
  c: number,
): number {
  // The state is updated as the sequence advances; a parameter's elements cannot be written, so work on a copy.
  const state = new Float64Array(2 * layers * b);
  for (let i = 0; i < state.length; i++) state[i] = state0[i];
  const x = new Float64Array(b);
  const ypred = new Float64Array(b);
  let total = 0;
  for (let t = 0; t < c - 1; t++) {
    for (let j = 0; j < b; j++) x[j] = sequence[t * b + j] * extraParams[j];
    for (let l = 0; l < layers; l++) {
      const w = l * 8 * b;
      const h = 2 * l * b;
      const s = h + b;
      for (let j = 0; j < b; j++) {
        const forget = 1 / (1 + Math.exp(-(x[j] * mainParams[w + j] + mainParams[w + 4 * b + j])));
        const ingate = 1 / (1 + Math.exp(-(state[h + j] * mainParams[w + b + j] + mainParams[w + 5 * b + j])));
        const outgate = 1 / (1 + Math.exp(-(x[j] * mainParams[w + 2 * b + j] + mainParams[w + 6 * b + j])));
        const change = Math.tanh(state[h + j] * mainParams[w + 3 * b + j] + mainParams[w + 7 * b + j]);
        const cell = state[s + j] * forget + ingate * change;
        state[s + j] = cell;
        const hidden = outgate * Math.tanh(cell);
        state[h + j] = hidden;
        x[j] = hidden;
      }
    }
    let top = -Infinity;
    for (let j = 0; j < b; j++) {
      ypred[j] = x[j] * extraParams[b + j] + extraParams[2 * b + j];
      top = Math.max(top, ypred[j]);
    }
    let sum = 0;
    for (let j = 0; j < b; j++) sum += Math.exp(ypred[j] - top);
    const lse = top + Math.log(sum);
    for (let j = 0; j < b; j++) total += sequence[(t + 1) * b + j] * (ypred[j] - lse);
  }
  return -total / ((c - 1) * b);
}

export const lstmGrad = grad(lstmObjective, [0, 1]);
export const lstmJvp = (
  mainParams: Float64Array,
  extraParams: Float64Array,
  state0: Float64Array,
  sequence: Float64Array,
  layers: number,
  b: number,
  c: number,
  dMain: Float64Array,
  dExtra: Float64Array,
  dState0: Float64Array,
  dSequence: Float64Array,
) =>
  jvp(
    lstmObjective,
    [mainParams, extraParams, state0, sequence, layers, b, c],
    [dMain, dExtra, dState0, dSequence, 0, 0, 0],
  );
