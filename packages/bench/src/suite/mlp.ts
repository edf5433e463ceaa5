/** MLP training-step gradient at two layer sizes: Cotangent, hand-written, tfjs and jax-js columns. */
import { mlpGrad, mlpGradHand, mlpGradInto, mlpJvp, mlpLoss, type Mlp } from "../problems/mlp";
import type { Column, Instance, MissingColumn, Problem } from "../harness/problem";
import { concat, rng, uniform } from "../harness/random";
import type { Peers } from "../peers/load";
import { notImplemented } from "../peers/missing";
import { tfjsColumns } from "../peers/tfjs";

const CLASSES = 10;

function parse(size: string): { inputs: number; hidden: number; batch: number } {
  const match = /^in=(\d+) hidden=(\d+) batch=(\d+)$/.exec(size);
  if (!match) throw new Error(`MLP size must read "in=… hidden=… batch=…": ${size}`);
  return { inputs: Number(match[1]), hidden: Number(match[2]), batch: Number(match[3]) };
}

const flat = (p: Mlp) => concat([p.w1, p.b1, p.w2, p.b2]);

export const mlpProblem: Problem = {
  name: "mlp",
  description: `tanh MLP with ${CLASSES} classes, mean softmax cross-entropy over a batch; gradient in the parameter object {w1, b1, w2, b2}`,
  sizes: ["in=64 hidden=128 batch=128", "in=256 hidden=256 batch=256"],
  tinySize: "in=4 hidden=5 batch=3",
  async setup(size: string, peers: Peers): Promise<Instance> {
    const { inputs, hidden, batch } = parse(size);
    const random = rng(3);
    const p: Mlp = {
      w1: uniform(random, hidden * inputs, -1 / Math.sqrt(inputs), 1 / Math.sqrt(inputs)),
      b1: uniform(random, hidden, -0.1, 0.1),
      w2: uniform(random, CLASSES * hidden, -1 / Math.sqrt(hidden), 1 / Math.sqrt(hidden)),
      b2: uniform(random, CLASSES, -0.1, 0.1),
    };
    const dp: Mlp = {
      w1: uniform(random, p.w1.length, -1, 1),
      b1: uniform(random, p.b1.length, -1, 1),
      w2: uniform(random, p.w2.length, -1, 1),
      b2: uniform(random, p.b2.length, -1, 1),
    };
    const x = uniform(random, batch * inputs, -1, 1);
    const labels = Float64Array.from({ length: batch }, () => Math.floor(random() * CLASSES));
    const objective = () => mlpLoss(p, x, labels, inputs, hidden);
    const reverse = () => mlpGrad(p, x, labels, inputs, hidden);
    // The into column's gradient buffers, allocated once here, outside the timed calls.
    const out: Mlp = { w1: p.w1.slice(), b1: p.b1.slice(), w2: p.w2.slice(), b2: p.b2.slice() };
    const into = () => mlpGradInto(p, x, labels, inputs, hidden, out);
    const hand = () => mlpGradHand(p, x, labels, inputs, hidden);
    // The data's zero tangents, which jvp takes like JAX's, are allocated once, as a caller would.
    const [dX, dLabels] = [new Float64Array(x.length), new Float64Array(labels.length)];
    const forward = () => mlpJvp(p, x, labels, inputs, hidden, dp, dX, dLabels);
    const columns: Column[] = [
      { id: "primal", precision: "float64", run: objective, result: () => ({ value: objective() }) },
      {
        id: "forward",
        precision: "float64",
        run: forward,
        result: () => {
          const [value, directional] = forward();
          return { value, directional };
        },
      },
      { id: "reverse", precision: "float64", run: reverse, result: () => ({ gradient: flat(reverse()) }) },
      { id: "into", precision: "float64", run: into, result: () => ({ value: into(), gradient: flat(out) }) },
      { id: "hand", precision: "float64", run: hand, result: () => ({ gradient: flat(hand()) }) },
    ];
    const missing: MissingColumn[] = [];
    // One-hot labels as a constant matrix: the idiomatic cross-entropy in tensor libraries.
    const onehot = new Float64Array(batch * CLASSES);
    labels.forEach((c, s) => (onehot[s * CLASSES + c] = 1));

    const tf = await tfjsColumns(peers, (tf) => {
      const xt = tf.tensor2d(Float32Array.from(x), [batch, inputs]);
      const yt = tf.tensor2d(Float32Array.from(onehot), [batch, CLASSES]);
      // Parameters stored as the math reads them (w1: hidden × inputs, row-major), hence the transposed products.
      const w1 = tf.tensor2d(Float32Array.from(p.w1), [hidden, inputs]);
      const b1 = tf.tensor1d(Float32Array.from(p.b1));
      const w2 = tf.tensor2d(Float32Array.from(p.w2), [CLASSES, hidden]);
      const b2 = tf.tensor1d(Float32Array.from(p.b2));
      const loss = (...ps: InstanceType<typeof tf.Tensor>[]) => {
        const [a1, c1, a2, c2] = ps;
        const h = tf.tanh(tf.matMul(xt, a1, false, true).add(c1));
        const z = tf.matMul(h, a2, false, true).add(c2);
        return tf.logSumExp(z, 1).sum().sub(z.mul(yt).sum()).div(batch);
      };
      const g = tf.grads(loss);
      return { gradient: () => g([w1, b1, w2, b2]), dispose: () => tf.dispose([xt, yt, w1, b1, w2, b2]) };
    });
    columns.push(...tf.columns);
    missing.push(...tf.missing);

    const jax = peers.jax;
    if (jax) {
      const np = jax.numpy;
      const f64 = { dtype: np.float64 };
      const xj = np.array(x, f64).reshape([batch, inputs]);
      const yj = np.array(onehot, f64).reshape([batch, CLASSES]);
      const params = {
        w1: np.array(p.w1, f64).reshape([hidden, inputs]),
        b1: np.array(p.b1, f64),
        w2: np.array(p.w2, f64).reshape([CLASSES, hidden]),
        b2: np.array(p.b2, f64),
      };
      type Params = typeof params;
      // Every argument is consumed once (jax-js reference counting): `.ref` where a value is used again.
      const loss = (q: Params, xs: typeof xj, ys: typeof yj) => {
        const h = np.tanh(np.matmul(xs, q.w1.transpose()).add(q.b1));
        const z = np.matmul(h, q.w2.transpose()).add(q.b2);
        const lse = jax.nn.logsumexp(z.ref, 1).sum();
        return lse.sub(z.mul(ys).sum()).div(batch);
      };
      const g = jax.jit(jax.grad(loss));
      const run = () => {
        const r = g(
          { w1: params.w1.ref, b1: params.b1.ref, w2: params.w2.ref, b2: params.b2.ref },
          xj.ref,
          yj.ref,
        ) as Params;
        return [r.w1.dataSync(), r.b1.dataSync(), r.w2.dataSync(), r.b2.dataSync()] as Float64Array[];
      };
      // float64 arrays, yet the gradient agrees with the others only to about 5e-8 (relative): checked with the
      // float32 tolerance.
      columns.push({
        id: "jax-js",
        precision: "float32",
        run,
        result: () => ({ gradient: concat(run()) }),
        note: "jit(grad), float64 arrays; agrees to ~5e-8 relative",
      });
    } else missing.push({ id: "jax-js", reason: peers.errors["jax-js"] ?? "not loaded" });
    missing.push(...notImplemented(peers, ["rose", "adnn"]));

    return {
      problem: "mlp",
      label: size,
      size: p.w1.length + p.b1.length + p.w2.length + p.b2.length,
      inputs: [p.w1, p.b1, p.w2, p.b2],
      direction: [dp.w1, dp.b1, dp.w2, dp.b2],
      objective,
      columns,
      missing,
    };
  },
};
