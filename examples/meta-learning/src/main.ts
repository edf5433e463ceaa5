/**
 * MAML on sinusoids y = a·sin(x + φ), each task a new amplitude and phase, seen through 5 training points. The
 * meta-gradient of the loss after one adaptation step is checked against central differences, then meta-training
 * learns initial weights and a step size from which one step fits a new task far better than fitting from zero does.
 */
import { adaptedLoss, metaGradient, taskLoss } from "./model";

let state = 2024;
const uniform = () => {
  state = (Math.imul(state, 1103515245) + 12345) >>> 0;
  return state / 4294967296;
};

interface Task {
  xs: Float64Array;
  ys: Float64Array;
  xv: Float64Array;
  yv: Float64Array;
}

function task(): Task {
  const amplitude = 0.5 + 1.5 * uniform();
  const phase = Math.PI * uniform();
  const points = (n: number) => Float64Array.from({ length: n }, () => -3 + 6 * uniform());
  const [xs, xv] = [points(5), points(20)];
  const f = (x: number) => amplitude * Math.sin(x + phase);
  return { xs, ys: xs.map(f), xv, yv: xv.map(f) };
}

const loss = (w: Float64Array, rate: number, t: Task) => adaptedLoss(w, rate, t.xs, t.ys, t.xv, t.yv);

// The meta-gradient against central differences, at a random point.
{
  const t = task();
  const w = Float64Array.from({ length: 5 }, () => uniform() - 0.5);
  const rate = 0.1;
  const [gw, grate] = metaGradient(w, rate, t.xs, t.ys, t.xv, t.yv);
  const h = 1e-6;
  let worst = 0;
  for (let j = 0; j <= w.length; j++) {
    const plus = Float64Array.from(w);
    const minus = Float64Array.from(w);
    let fd: number;
    if (j < w.length) {
      plus[j] += h;
      minus[j] -= h;
      fd = (loss(plus, rate, t) - loss(minus, rate, t)) / (2 * h);
    } else fd = (loss(w, rate + h, t) - loss(w, rate - h, t)) / (2 * h);
    const exact = j < w.length ? gw[j] : grate;
    worst = Math.max(worst, Math.abs(exact - fd) / Math.max(1, Math.abs(fd)));
  }
  console.log(`meta-gradient check: max relative error ${worst.toExponential(2)}`);
}

// Meta-training: a batch of tasks per step, their meta-gradients averaged.
const w = new Float64Array(5);
let rate = 0.05;
const testTasks = Array.from({ length: 50 }, task);
const meanLoss = (weights: Float64Array, stepSize: number) =>
  testTasks.reduce((s, t) => s + loss(weights, stepSize, t), 0) / testTasks.length;
console.log(`before meta-training: loss after one step ${meanLoss(w, rate).toFixed(4)}`);
const metaRate = 0.02;
for (let step = 1; step <= 600; step++) {
  const gw = new Float64Array(5);
  let grate = 0;
  const batch = 10;
  for (let b = 0; b < batch; b++) {
    const t = task();
    const [g, r] = metaGradient(w, rate, t.xs, t.ys, t.xv, t.yv);
    for (let i = 0; i < 5; i++) gw[i] += g[i] / batch;
    grate += r / batch;
  }
  for (let i = 0; i < 5; i++) w[i] -= metaRate * gw[i];
  rate -= metaRate * grate;
  if (step % 150 === 0)
    console.log(`step ${String(step).padStart(3)}  loss after one step ${meanLoss(w, rate).toFixed(4)}`);
}
const fromZero = testTasks.reduce((s, t) => s + taskLoss(new Float64Array(5), t.xv, t.yv), 0) / testTasks.length;
const unadapted = testTasks.reduce((s, t) => s + taskLoss(w, t.xv, t.yv), 0) / testTasks.length;
console.log(`learned step size ${rate.toFixed(4)}`);
console.log(
  `on 50 new tasks: zero weights ${fromZero.toFixed(4)}, meta-learned weights before the step ${unadapted.toFixed(4)}, after one step ${meanLoss(w, rate).toFixed(4)}`,
);
