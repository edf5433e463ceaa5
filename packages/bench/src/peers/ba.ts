/**
 * The bundle-adjustment objective in tfjs and jax-js, batched over observations: each observation's camera and point
 * are gathered by index, the Rodrigues rotation, projection and radial distortion are element-wise on columns, and
 * the squared residuals are summed. Every camera in the data has a non-zero rotation, so the batched code uses the
 * θ ≠ 0 formula only (the Cotangent version keeps the branch).
 */
import type { Column, MissingColumn } from "../harness/problem";
import { concat } from "../harness/random";
import type { Peers } from "./load";
import { tfjsColumns } from "./tfjs";

export interface BaData {
  readonly cams: Float64Array;
  readonly points: Float64Array;
  readonly camIndex: Float64Array;
  readonly pointIndex: Float64Array;
  readonly feats: Float64Array;
}

/** `skipTfjs`, when given, is why tfjs does not run at this size (reported instead of its columns). */
export async function baPeerColumns(
  peers: Peers,
  g: BaData,
  skipTfjs?: string,
): Promise<{ columns: Column[]; missing: MissingColumn[] }> {
  const nc = g.cams.length / 11;
  const np_ = g.points.length / 3;
  const no = g.camIndex.length;
  const out = skipTfjs
    ? { columns: [] as Column[], missing: (["tfjs-cpu", "tfjs-wasm"] as const).map((id) => ({ id, reason: skipTfjs })) }
    : await tfjsColumns(peers, (tf) => {
        const cams = tf.tensor2d(Float32Array.from(g.cams), [nc, 11]);
        const points = tf.tensor2d(Float32Array.from(g.points), [np_, 3]);
        const camIndex = tf.tensor1d(Int32Array.from(g.camIndex), "int32");
        const pointIndex = tf.tensor1d(Int32Array.from(g.pointIndex), "int32");
        const feats = tf.tensor2d(Float32Array.from(g.feats), [no, 2]);
        type T = InstanceType<typeof tf.Tensor>;
        const objective = (camsT: T, pointsT: T) => {
          const C = tf.gather(camsT, camIndex);
          const col = (t: T, j: number, width = 1) => t.slice([0, j], [no, width]);
          const d = tf.gather(pointsT, pointIndex).sub(col(C, 3, 3));
          const r = col(C, 0, 3);
          const theta = r.square().sum(1, true).sqrt();
          const k = r.div(theta);
          const cs = tf.cos(theta);
          const dot = k.mul(d).sum(1, true);
          const [k0, k1, k2] = [col(k, 0), col(k, 1), col(k, 2)];
          const [d0, d1, d2] = [col(d, 0), col(d, 1), col(d, 2)];
          const cross = tf.concat(
            [k1.mul(d2).sub(k2.mul(d1)), k2.mul(d0).sub(k0.mul(d2)), k0.mul(d1).sub(k1.mul(d0))],
            1,
          );
          const p = d
            .mul(cs)
            .add(cross.mul(tf.sin(theta)))
            .add(k.mul(dot.mul(tf.scalar(1).sub(cs))));
          const u = col(p, 0, 2).div(col(p, 2));
          const rsq = u.square().sum(1, true);
          const l = col(C, 9).mul(rsq).add(col(C, 10).mul(rsq.square())).add(1);
          const e = u
            .mul(l)
            .mul(col(C, 6))
            .add(col(C, 7, 2))
            .sub(feats);
          return e.square().sum();
        };
        const grads = tf.grads(objective);
        return {
          gradient: () => grads([cams, points]),
          dispose: () => tf.dispose([cams, points, camIndex, pointIndex, feats]),
        };
      });
  const jax = peers.jax;
  if (jax) {
    const np = jax.numpy;
    const f64 = { dtype: np.float64 };
    const cams = np.array(g.cams, f64).reshape([nc, 11]);
    const points = np.array(g.points, f64).reshape([np_, 3]);
    const camIndex = np.array(Int32Array.from(g.camIndex), { dtype: np.int32 });
    const pointIndex = np.array(Int32Array.from(g.pointIndex), { dtype: np.int32 });
    const feats = np.array(g.feats, f64).reshape([no, 2]);
    type A = typeof cams;
    // jax-js consumes every argument it is passed: `.ref` on each use but the last (see its README).
    const objective = (camsA: A, pointsA: A, ci: A, pi: A, fs: A) => {
      const C = camsA.slice(ci);
      const col = (t: A, j: number, width = 1) => t.ref.slice([], [j, j + width]);
      const d = pointsA.slice(pi).sub(col(C, 3, 3));
      const r = col(C, 0, 3);
      const theta = np.sqrt(np.square(r.ref).sum(1, { keepdims: true }));
      const k = r.div(theta.ref);
      const cs = np.cos(theta.ref);
      const dot = k.ref.mul(d.ref).sum(1, { keepdims: true });
      const [k0, k1, k2] = [col(k, 0), col(k, 1), col(k, 2)];
      const [d0, d1, d2] = [col(d, 0), col(d, 1), col(d, 2)];
      const cross = np.concatenate(
        [k1.ref.mul(d2.ref).sub(k2.ref.mul(d1.ref)), k2.mul(d0.ref).sub(k0.ref.mul(d2)), k0.mul(d1).sub(k1.mul(d0))],
        1,
      );
      const p = d
        .mul(cs.ref)
        .add(cross.mul(np.sin(theta)))
        .add(k.mul(dot.mul(np.subtract(1, cs))));
      const u = col(p, 0, 2).div(col(p, 2));
      p.dispose();
      const rsq = np.square(u.ref).sum(1, { keepdims: true });
      const l = col(C, 9)
        .mul(rsq.ref)
        .add(col(C, 10).mul(np.square(rsq)))
        .add(1);
      const e = u
        .mul(l)
        .mul(col(C, 6))
        .add(col(C, 7, 2))
        .sub(fs);
      C.dispose();
      return np.square(e).sum();
    };
    const grad = jax.jit(jax.grad(objective, { argnums: [0, 1] }));
    const run = () => {
      const r = grad(cams.ref, points.ref, camIndex.ref, pointIndex.ref, feats.ref) as A[];
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
