/**
 * The GMM objective written the way tensor libraries write it (as ADBench's TensorFlow and JAX versions do): the
 * lower-triangular Qₖ assembled from icf, every point against every component in one batched product, and
 * log-sum-exp over the components. Qₖ is assembled by a product with a constant 0/1 matrix that places the packed
 * [exp(diagonal), strictly-lower] entries of icf at their positions in a d × d matrix, which needs no scatter op.
 */
import type { Column, MissingColumn } from "../harness/problem";
import { concat } from "../harness/random";
import type { Peers } from "./load";
import { tfjsColumns } from "./tfjs";

export interface GmmData {
  readonly alphas: Float64Array;
  readonly means: Float64Array;
  readonly icf: Float64Array;
  readonly x: Float64Array;
  readonly d: number;
  readonly k: number;
  readonly n: number;
  readonly gamma: number;
  readonly m: number;
}

/** icfSize × d² matrix S with (packed icf row of component k) · S = row-major Qₖ. */
function placement(d: number): Float64Array {
  const icfSize = (d * (d + 1)) / 2;
  const s = new Float64Array(icfSize * d * d);
  for (let j = 0; j < d; j++) s[j * d * d + j * d + j] = 1;
  let lt = d;
  for (let col = 0; col < d; col++) {
    for (let row = col + 1; row < d; row++) s[lt++ * d * d + row * d + col] = 1;
  }
  return s;
}

export async function gmmPeerColumns(
  peers: Peers,
  g: GmmData,
): Promise<{ columns: Column[]; missing: MissingColumn[] }> {
  const { d, k, n, gamma, m } = g;
  const icfSize = (d * (d + 1)) / 2;
  const constant = -n * d * 0.5 * Math.log(2 * Math.PI);
  const s = placement(d);
  const out = await tfjsColumns(peers, (tf) => {
    const alphas = tf.tensor1d(Float32Array.from(g.alphas));
    const means = tf.tensor2d(Float32Array.from(g.means), [k, d]);
    const icf = tf.tensor2d(Float32Array.from(g.icf), [k, icfSize]);
    const x = tf.tensor3d(Float32Array.from(g.x), [1, n, d]);
    const place = tf.tensor2d(Float32Array.from(s), [icfSize, d * d]);
    type T = InstanceType<typeof tf.Tensor>;
    const objective = (a: T, mu: T, q: T) => {
      const diag = q.slice([0, 0], [k, d]);
      const lower = q.slice([0, d], [k, icfSize - d]);
      const Q = tf.matMul(tf.concat([tf.exp(diag), lower], 1), place).reshape([k, d, d]);
      const centered = x.sub(mu.reshape([k, 1, d]));
      const qx = tf.matMul(centered, Q, false, true);
      const main = a.add(diag.sum(1)).reshape([k, 1]).sub(qx.square().sum(2).mul(0.5));
      const sumLse = tf.logSumExp(main, 0).sum();
      const prior = tf
        .exp(diag.mul(2))
        .sum()
        .add(lower.square().sum())
        .mul(0.5 * gamma * gamma)
        .sub(diag.sum().mul(m));
      return sumLse.sub(tf.logSumExp(a).mul(n)).add(prior).add(constant);
    };
    const grads = tf.grads(objective);
    return {
      gradient: () => grads([alphas, means, icf]),
      dispose: () => tf.dispose([alphas, means, icf, x, place]),
    };
  });
  const jax = peers.jax;
  if (jax) {
    const np = jax.numpy;
    const f64 = { dtype: np.float64 };
    const alphas = np.array(g.alphas, f64);
    const means = np.array(g.means, f64).reshape([k, d]);
    const icf = np.array(g.icf, f64).reshape([k, icfSize]);
    const x = np.array(g.x, f64).reshape([1, n, d]);
    const place = np.array(s, f64).reshape([icfSize, d * d]);
    type A = typeof alphas;
    // Each argument is consumed exactly once (jax-js reference counting); `.ref` marks the uses before the last.
    const objective = (a: A, mu: A, q: A, xs: A, pl: A) => {
      const diag = q.ref.slice([], [0, d]);
      const lower = q.slice([], [d]);
      const Q = np.matmul(np.concatenate([np.exp(diag.ref), lower.ref], 1), pl).reshape([k, d, d]);
      const centered = xs.sub(mu.reshape([k, 1, d]));
      const qx = np.matmul(centered, Q.transpose([0, 2, 1]));
      const main = a.ref.add(diag.ref.sum(1)).reshape([k, 1]).sub(np.square(qx).sum(2).mul(0.5));
      const sumLse = jax.nn.logsumexp(main, 0).sum();
      const prior = np
        .exp(diag.ref.mul(2))
        .sum()
        .add(np.square(lower).sum())
        .mul(0.5 * gamma * gamma)
        .sub(diag.sum().mul(m));
      return sumLse.sub(jax.nn.logsumexp(a).mul(n)).add(prior).add(constant);
    };
    const grad = jax.jit(jax.grad(objective, { argnums: [0, 1, 2] }));
    const run = () => {
      const r = grad(alphas.ref, means.ref, icf.ref, x.ref, place.ref) as A[];
      return r.map((a) => a.dataSync() as Float64Array);
    };
    // float64 arrays, but jax-js's exp and log agree with Math's only to about 1e-8: checked at float32 tolerance.
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
