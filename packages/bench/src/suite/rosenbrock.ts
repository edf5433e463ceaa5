/**
 * Extended Rosenbrock at n = 1e3 … 1e6: the primal, Cotangent's jvp and grad, a hand-written gradient, and each peer
 * library's idiomatic gradient of the same function.
 */
import {
  rosenbrock,
  rosenbrockGrad,
  rosenbrockGradHand,
  rosenbrockGradInto,
  rosenbrockJvp,
} from "../problems/rosenbrock";
import type { Column, Instance, MissingColumn, Problem } from "../harness/problem";
import { parseCount, rng, uniform } from "../harness/random";
import type { Peers } from "../peers/load";
import { at } from "../peers/rose-types";
import { tfjsColumns } from "../peers/tfjs";

/** Above this size a single rose or adnn call takes seconds, so those columns stop there (the report says so). */
const ROSE_MAX = 1e5;
const ADNN_MAX = 1e4;

export const rosenbrockProblem: Problem = {
  name: "rosenbrock",
  description: "extended Rosenbrock, x: Float64Array(n); gradient of the scalar objective",
  sizes: ["1e3", "1e4", "1e5", "1e6"],
  tinySize: "7",
  async setup(size: string, peers: Peers): Promise<Instance> {
    const n = parseCount(size);
    const random = rng(1);
    const x = uniform(random, n, -1.2, 1.2);
    const v = uniform(random, n, -1, 1);
    // The into column's gradient buffer, allocated once here, outside the timed calls.
    const g = new Float64Array(n);
    const columns: Column[] = [
      {
        id: "primal",
        precision: "float64",
        run: () => rosenbrock(x),
        result: () => ({ value: rosenbrock(x) }),
      },
      {
        id: "forward",
        precision: "float64",
        run: () => rosenbrockJvp(x, v),
        result: () => {
          const [value, directional] = rosenbrockJvp(x, v);
          return { value, directional };
        },
      },
      {
        id: "reverse",
        precision: "float64",
        run: () => rosenbrockGrad(x),
        result: () => ({ gradient: rosenbrockGrad(x) }),
      },
      {
        id: "into",
        precision: "float64",
        run: () => rosenbrockGradInto(x, g),
        result: () => ({ value: rosenbrockGradInto(x, g), gradient: g.slice() }),
      },
      {
        id: "hand",
        precision: "float64",
        run: () => rosenbrockGradHand(x),
        result: () => ({ gradient: rosenbrockGradHand(x) }),
      },
    ];
    const missing: MissingColumn[] = [];
    const tf = await tfjsColumns(peers, (tf) => {
      const xt = tf.tensor1d(Float32Array.from(x));
      const f = (xs: typeof xt | InstanceType<typeof tf.Tensor>) => {
        const head = xs.slice(0, n - 1);
        const a = xs.slice(1, n - 1).sub(head.square());
        const b = tf.scalar(1).sub(head);
        return a.square().mul(100).add(b.square()).sum();
      };
      const g = tf.grad(f);
      return { gradient: () => [g(xt)], dispose: () => xt.dispose() };
    });
    columns.push(...tf.columns);
    missing.push(...tf.missing);

    const jax = peers.jax;
    if (jax) {
      const np = jax.numpy;
      const xj = np.array(x, { dtype: np.float64 });
      // jax-js takes ownership of arguments: `.ref` keeps a reference for the next use (see its README).
      const f = (xs: typeof xj) => {
        const head = xs.ref.slice([0, n - 1]);
        const a = xs.slice([1]).sub(np.square(head.ref));
        const b = np.subtract(1, head);
        return np.square(a).mul(100).add(np.square(b)).sum();
      };
      const g = jax.jit(jax.grad(f));
      const run = () => g(xj.ref).dataSync() as Float64Array;
      columns.push({ id: "jax-js", precision: "float64", run, result: () => ({ gradient: run() }), note: "jit(grad)" });
    } else missing.push({ id: "jax-js", reason: peers.errors["jax-js"] ?? "not loaded" });

    const rose = peers.rose;
    if (rose && n <= ROSE_MAX) {
      const { Real, Vec, fn, compile, vjp, mul, add, sub, sum, select, ieq, iadd } = rose;
      const R = Vec(n, Real);
      // Rose indexes a Vec(n) only with indices of type n, so x[i + 1] wraps around (iadd is modulo n) and the
      // wrapped last term is masked out.
      const f = fn([R], Real, (xs) =>
        sum(n, (i) => {
          const xi = at(xs, i);
          const a = sub(at(xs, iadd(n, i, 1)), mul(xi, xi));
          const b = sub(1, xi);
          return select(ieq(n, i, n - 1), Real, 0, add(mul(100, mul(a, a)), mul(b, b)));
        }),
      );
      const g = await compile(fn([R], R, (xs) => vjp(f)(xs).grad(1)));
      // Rose's compiled functions take and return plain arrays.
      const xr = Array.from(x);
      const run = () => g(xr) as number[];
      columns.push({
        id: "rose",
        precision: "float64",
        run,
        result: () => ({ gradient: Float64Array.from(run()) }),
        note: "compiled vjp",
      });
    } else missing.push({ id: "rose", reason: peers.errors["rose"] ?? `not run above n = ${ROSE_MAX}` });

    const ad = peers.adnn;
    if (ad && n <= ADNN_MAX) {
      const S = ad.scalar;
      const run = () => {
        const xs = Array.from(x, (xi) => ad.lift(xi));
        let s: ReturnType<typeof ad.lift> | number = 0;
        for (let i = 0; i < n - 1; i++) {
          const a = S.sub(xs[i + 1], S.mul(xs[i], xs[i]));
          const b = S.sub(1, xs[i]);
          s = S.add(s, S.add(S.mul(100, S.mul(a, a)), S.mul(b, b)));
        }
        (s as ReturnType<typeof ad.lift>).backprop();
        return Float64Array.from(xs, (xi) => ad.derivative(xi));
      };
      columns.push({ id: "adnn", precision: "float64", run, result: () => ({ gradient: run() }), note: "scalar tape" });
    } else missing.push({ id: "adnn", reason: peers.errors["adnn"] ?? `not run above n = ${ADNN_MAX}` });

    return {
      problem: "rosenbrock",
      label: `n=${size}`,
      size: n,
      inputs: [x],
      direction: [v],
      objective: () => rosenbrock(x),
      columns,
      missing,
    };
  },
};
