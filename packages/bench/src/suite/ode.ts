/**
 * RK4 integration of Lotka-Volterra: the primal integrates, `forward` is one jvp in a parameter direction, `reverse`
 * is the full 2 × 4 sensitivity by jacrev (two reverse sweeps), and adnn records the integration on its scalar tape
 * and backpropagates once per state. The checked scalar is w·y(T) for a fixed w.
 */
import { lotkaVolterra, lotkaVolterraJacobian, lotkaVolterraJvp } from "../problems/ode";
import type { Column, Instance, MissingColumn, Problem } from "../harness/problem";
import { parseCount } from "../harness/random";
import type { AdValue } from "../peers/adnn-types";
import type { Peers } from "../peers/load";
import { notImplemented } from "../peers/missing";
import { tfjsColumns } from "../peers/tfjs";

const W = [0.7, -0.3];
/** adnn takes seconds per call at 1e4 steps (its graph has a million nodes), so it runs at 1e3 steps only. */
const ADNN_MAX_STEPS = 1e3;
/** Eager tfjs takes about 20 s per call at 1e3 steps (two tf.grad over 1e5 scalar ops), so it is checked only. */
const TFJS_MAX_STEPS = 100;

export const odeProblem: Problem = {
  name: "ode",
  description:
    "Lotka-Volterra, RK4 with h = 1e-3 over the given number of steps; sensitivity of the final state to 4 parameters (jacrev: 2 reverse sweeps)",
  sizes: ["1e3", "1e4"],
  tinySize: "20",
  async setup(size: string, peers: Peers): Promise<Instance> {
    const steps = parseCount(size);
    const h = 1e-3;
    const p = new Float64Array([1.1, 0.4, 0.1, 0.4]);
    const y0 = new Float64Array([10, 5]);
    const dp = new Float64Array([0.3, -0.2, 0.5, 0.1]);
    const objective = () => {
      const y = lotkaVolterra(p, y0, steps, h);
      return W[0] * y[0] + W[1] * y[1];
    };
    const jacobian = () => lotkaVolterraJacobian(p, y0, steps, h);
    // The initial state's zero tangent, which jvp takes like JAX's, is allocated once, as a caller would.
    const dY0 = new Float64Array(y0.length);
    const forward = () => lotkaVolterraJvp(p, y0, steps, h, dp, dY0);
    /** wᵀJ from the rows of a 2 × 4 Jacobian. */
    const weighted = (rows: ArrayLike<ArrayLike<number>>) =>
      Float64Array.from(p, (_, k) => W[0] * rows[0][k] + W[1] * rows[1][k]);
    const columns: Column[] = [
      {
        id: "primal",
        precision: "float64",
        run: () => lotkaVolterra(p, y0, steps, h),
        result: () => ({ value: objective() }),
      },
      {
        id: "forward",
        precision: "float64",
        run: forward,
        result: () => {
          const [y, yDot] = forward();
          return { value: W[0] * y[0] + W[1] * y[1], directional: W[0] * yDot[0] + W[1] * yDot[1] };
        },
      },
      {
        id: "reverse",
        precision: "float64",
        run: jacobian,
        result: () => ({ gradient: weighted(jacobian()) }),
        note: "jacrev",
      },
    ];
    const missing: MissingColumn[] = [
      {
        id: "jax-js",
        reason:
          peers.errors["jax-js"] ??
          "jax-js 0.1.25 has no loop primitive (no lax.fori_loop or scan), so jit would trace every RK4 step unrolled",
      },
      ...notImplemented(peers, ["rose"]),
    ];
    if (steps <= TFJS_MAX_STEPS) {
      // Eager tfjs on scalar tensors: the RK4 loop runs in JavaScript, each arithmetic step one tfjs op.
      const tf = await tfjsColumns(peers, (tf) => {
        const pt = tf.tensor1d(Float32Array.from(p));
        type T = InstanceType<typeof tf.Tensor>;
        const final = (params: T) => {
          const [alpha, beta, delta, gamma] = tf.unstack(params);
          let a: T = tf.scalar(y0[0]);
          let b: T = tf.scalar(y0[1]);
          const fa = (x: T, y: T) => alpha.mul(x).sub(beta.mul(x).mul(y));
          const fb = (x: T, y: T) => delta.mul(x).mul(y).sub(gamma.mul(y));
          for (let n = 0; n < steps; n++) {
            const k1a = fa(a, b);
            const k1b = fb(a, b);
            const a2 = a.add(k1a.mul(0.5 * h));
            const b2 = b.add(k1b.mul(0.5 * h));
            const k2a = fa(a2, b2);
            const k2b = fb(a2, b2);
            const a3 = a.add(k2a.mul(0.5 * h));
            const b3 = b.add(k2b.mul(0.5 * h));
            const k3a = fa(a3, b3);
            const k3b = fb(a3, b3);
            const a4 = a.add(k3a.mul(h));
            const b4 = b.add(k3b.mul(h));
            const k4a = fa(a4, b4);
            const k4b = fb(a4, b4);
            a = a.add(
              k1a
                .add(k2a.mul(2))
                .add(k3a.mul(2))
                .add(k4a)
                .mul(h / 6),
            );
            b = b.add(
              k1b
                .add(k2b.mul(2))
                .add(k3b.mul(2))
                .add(k4b)
                .mul(h / 6),
            );
          }
          return [a, b];
        };
        // The 2 × 4 sensitivity, one gradient per state component, as tfjs differentiates scalar outputs.
        const rows = [tf.grad((q: T) => final(q)[0]), tf.grad((q: T) => final(q)[1])];
        return { gradient: () => rows.map((row) => row(pt)), dispose: () => pt.dispose() };
      });
      for (const column of tf.columns) {
        columns.push({
          ...column,
          result: () => {
            const rows = column.result().gradient!;
            return { gradient: weighted([rows.subarray(0, 4), rows.subarray(4, 8)]) };
          },
          note: "eager, one tf.grad per state",
        });
      }
      missing.push(...tf.missing);
    } else {
      const reason = `not run above ${TFJS_MAX_STEPS} steps: eager tfjs runs one op per scalar operation, about 20 s per call at 1e3 steps`;
      missing.push({ id: "tfjs-cpu", reason }, { id: "tfjs-wasm", reason });
    }
    const ad = peers.adnn;
    if (ad && steps <= ADNN_MAX_STEPS) {
      const S = ad.scalar;
      // One tape per state component, as adnn's backprop seeds a single output.
      const sensitivity = (component: number) => {
        const ps = Array.from(p, (v) => ad.lift(v));
        const [alpha, beta, delta, gamma] = ps;
        let a: AdValue = y0[0];
        let b: AdValue = y0[1];
        const fa = (x: AdValue, y: AdValue) => S.sub(S.mul(alpha, x), S.mul(S.mul(beta, x), y));
        const fb = (x: AdValue, y: AdValue) => S.sub(S.mul(S.mul(delta, x), y), S.mul(gamma, y));
        for (let n = 0; n < steps; n++) {
          const k1a = fa(a, b);
          const k1b = fb(a, b);
          const a2 = S.add(a, S.mul(0.5 * h, k1a));
          const b2 = S.add(b, S.mul(0.5 * h, k1b));
          const k2a = fa(a2, b2);
          const k2b = fb(a2, b2);
          const a3 = S.add(a, S.mul(0.5 * h, k2a));
          const b3 = S.add(b, S.mul(0.5 * h, k2b));
          const k3a = fa(a3, b3);
          const k3b = fb(a3, b3);
          const a4 = S.add(a, S.mul(h, k3a));
          const b4 = S.add(b, S.mul(h, k3b));
          const k4a = fa(a4, b4);
          const k4b = fb(a4, b4);
          a = S.add(a, S.mul(h / 6, S.add(S.add(k1a, S.mul(2, k2a)), S.add(S.mul(2, k3a), k4a))));
          b = S.add(b, S.mul(h / 6, S.add(S.add(k1b, S.mul(2, k2b)), S.add(S.mul(2, k3b), k4b))));
        }
        const out = component === 0 ? a : b;
        if (typeof out !== "number") out.backprop();
        return ps.map((v) => ad.derivative(v));
      };
      const run = () => [sensitivity(0), sensitivity(1)];
      columns.push({
        id: "adnn",
        precision: "float64",
        run,
        result: () => ({ gradient: weighted(run()) }),
        note: "scalar tape, one backprop per state",
      });
    } else missing.push({ id: "adnn", reason: peers.errors["adnn"] ?? `not run above ${ADNN_MAX_STEPS} steps` });
    return {
      problem: "ode",
      label: `steps=${size}`,
      size: p.length,
      inputs: [p],
      direction: [dp],
      objective,
      columns,
      missing,
    };
  },
};
