/**
 * The ADBench LSTM objective in tfjs and jax-js: the same loops over time steps and layers, each step a handful of
 * element-wise operations on b-vectors (ADBench's own TensorFlow and JAX versions are written this way too).
 */
import type { Column, MissingColumn } from "../harness/problem";
import { concat } from "../harness/random";
import type { Peers } from "./load";
import { tfjsColumns } from "./tfjs";

export interface LstmData {
  readonly main: Float64Array;
  readonly extra: Float64Array;
  readonly state0: Float64Array;
  readonly sequence: Float64Array;
  readonly layers: number;
  readonly b: number;
  readonly c: number;
}

export async function lstmPeerColumns(
  peers: Peers,
  g: LstmData,
): Promise<{ columns: Column[]; missing: MissingColumn[] }> {
  const { layers, b, c } = g;
  const out = await tfjsColumns(peers, (tf) => {
    const main = tf.tensor1d(Float32Array.from(g.main));
    const extra = tf.tensor1d(Float32Array.from(g.extra));
    const seq = Array.from({ length: c }, (_, t) =>
      tf.tensor1d(Float32Array.from(g.sequence.subarray(t * b, (t + 1) * b))),
    );
    const state = Array.from({ length: 2 * layers }, (_, i) =>
      tf.tensor1d(Float32Array.from(g.state0.subarray(i * b, (i + 1) * b))),
    );
    type T = InstanceType<typeof tf.Tensor>;
    const objective = (w: T, e: T) => {
      const h = state.filter((_, i) => i % 2 === 0);
      const cell = state.filter((_, i) => i % 2 === 1);
      let total: T = tf.scalar(0);
      for (let t = 0; t < c - 1; t++) {
        let x = seq[t].mul(e.slice(0, b));
        for (let l = 0; l < layers; l++) {
          const gate = (k: number) => w.slice(l * 8 * b + k * b, b);
          const forget = tf.sigmoid(x.mul(gate(0)).add(gate(4)));
          const ingate = tf.sigmoid(h[l].mul(gate(1)).add(gate(5)));
          const outgate = tf.sigmoid(x.mul(gate(2)).add(gate(6)));
          const change = tf.tanh(h[l].mul(gate(3)).add(gate(7)));
          cell[l] = cell[l].mul(forget).add(ingate.mul(change));
          h[l] = outgate.mul(tf.tanh(cell[l]));
          x = h[l];
        }
        const ypred = x.mul(e.slice(b, b)).add(e.slice(2 * b, b));
        total = total.add(seq[t + 1].mul(ypred.sub(tf.logSumExp(ypred))).sum());
      }
      return total.neg().div((c - 1) * b);
    };
    const grads = tf.grads(objective);
    return { gradient: () => grads([main, extra]), dispose: () => tf.dispose([main, extra, ...seq, ...state]) };
  });
  const jax = peers.jax;
  if (jax) {
    const np = jax.numpy;
    const f64 = { dtype: np.float64 };
    const main = np.array(g.main, f64);
    const extra = np.array(g.extra, f64);
    const seq = np.array(g.sequence, f64).reshape([c, b]);
    const state0 = np.array(g.state0, f64).reshape([2 * layers, b]);
    type A = typeof main;
    // jax-js consumes every argument it is passed: `.ref` on each use but the last (see its README).
    const objective = (w: A, e: A, sq: A, s0: A) => {
      const h: A[] = [];
      const cell: A[] = [];
      for (let l = 0; l < layers; l++) {
        h.push(s0.ref.slice(2 * l));
        cell.push(s0.ref.slice(2 * l + 1));
      }
      s0.dispose();
      let total = np.zeros([], f64);
      for (let t = 0; t < c - 1; t++) {
        let x = sq.ref.slice(t).mul(e.ref.slice([0, b]));
        for (let l = 0; l < layers; l++) {
          const gate = (k: number) => w.ref.slice([l * 8 * b + k * b, l * 8 * b + (k + 1) * b]);
          const forget = jax.nn.sigmoid(x.ref.mul(gate(0)).add(gate(4)));
          const ingate = jax.nn.sigmoid(h[l].ref.mul(gate(1)).add(gate(5)));
          const outgate = jax.nn.sigmoid(x.mul(gate(2)).add(gate(6)));
          const change = np.tanh(h[l].mul(gate(3)).add(gate(7)));
          cell[l] = cell[l].mul(forget).add(ingate.mul(change));
          h[l] = outgate.mul(np.tanh(cell[l].ref));
          x = h[l].ref;
        }
        const ypred = x.mul(e.ref.slice([b, 2 * b])).add(e.ref.slice([2 * b, 3 * b]));
        const lse = jax.nn.logsumexp(ypred.ref);
        total = total.add(
          sq.ref
            .slice(t + 1)
            .mul(ypred.sub(lse))
            .sum(),
        );
      }
      for (const a of [...h, ...cell, w, e, sq]) a.dispose();
      return total.mul(-1 / ((c - 1) * b));
    };
    const grad = jax.jit(jax.grad(objective, { argnums: [0, 1] }));
    const run = () => {
      const r = grad(main.ref, extra.ref, seq.ref, state0.ref) as A[];
      return r.map((a) => a.dataSync() as Float64Array);
    };
    out.columns.push({
      id: "jax-js",
      precision: "float32",
      run,
      result: () => ({ gradient: concat(run()) }),
      note: "jit(grad), float64 arrays; transcendental kernels agree to ~5e-8 relative",
    });
  } else out.missing.push({ id: "jax-js", reason: peers.errors["jax-js"] ?? "not loaded" });
  return out;
}
