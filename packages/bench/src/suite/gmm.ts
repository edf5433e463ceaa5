/** ADBench GMM at a few (d, K) with n = 1000 points: Cotangent, hand-written, tfjs and jax-js columns. */
import { gmmGrad, gmmGradHand, gmmGradInto, gmmJvp, gmmObjective } from "../problems/gmm";
import type { Column, Instance, MissingColumn, Problem } from "../harness/problem";
import { concat, rng, uniform } from "../harness/random";
import type { Peers } from "../peers/load";
import { gmmPeerColumns } from "../peers/gmm";
import { notImplemented } from "../peers/missing";

const GAMMA = 1;
const WISHART_M = 0;

function parse(size: string): { d: number; k: number; n: number } {
  const match = /^d=(\d+) K=(\d+) n=(\d+)$/.exec(size);
  if (!match) throw new Error(`GMM size must read "d=… K=… n=…": ${size}`);
  return { d: Number(match[1]), k: Number(match[2]), n: Number(match[3]) };
}

export const gmmProblem: Problem = {
  name: "gmm",
  description:
    "ADBench GMM objective (Wishart prior γ = 1, m = 0); gradient in alphas, means and icf, data points constant",
  sizes: ["d=2 K=5 n=1000", "d=10 K=25 n=1000", "d=20 K=50 n=1000"],
  tinySize: "d=3 K=4 n=6",
  async setup(size: string, peers: Peers): Promise<Instance> {
    const { d, k, n } = parse(size);
    const random = rng(2);
    const icfSize = (d * (d + 1)) / 2;
    const alphas = uniform(random, k, -1, 1);
    const means = uniform(random, k * d, -1, 1);
    const icf = uniform(random, k * icfSize, -0.5, 0.5);
    const x = uniform(random, n * d, -1, 1);
    const dirs = [uniform(random, k, -1, 1), uniform(random, k * d, -1, 1), uniform(random, k * icfSize, -1, 1)];
    const objective = () => gmmObjective(alphas, means, icf, x, d, k, n, GAMMA, WISHART_M);
    const reverse = () => gmmGrad(alphas, means, icf, x, d, k, n, GAMMA, WISHART_M);
    // The into column's gradient buffers, allocated once here, outside the timed calls.
    const out: [Float64Array, Float64Array, Float64Array] = [alphas.slice(), means.slice(), icf.slice()];
    const into = () => gmmGradInto(alphas, means, icf, x, d, k, n, GAMMA, WISHART_M, out);
    const hand = () => gmmGradHand(alphas, means, icf, x, d, k, n, GAMMA, WISHART_M);
    // The data's zero tangent, which jvp takes like JAX's, is allocated once, as a caller would.
    const dX = new Float64Array(x.length);
    const forward = () => gmmJvp(alphas, means, icf, x, d, k, n, GAMMA, WISHART_M, dirs[0], dirs[1], dirs[2], dX);
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
      { id: "reverse", precision: "float64", run: reverse, result: () => ({ gradient: concat(reverse()) }) },
      { id: "into", precision: "float64", run: into, result: () => ({ value: into(), gradient: concat(out) }) },
      { id: "hand", precision: "float64", run: hand, result: () => ({ gradient: concat(hand()) }) },
    ];
    const peerColumns = await gmmPeerColumns(peers, { alphas, means, icf, x, d, k, n, gamma: GAMMA, m: WISHART_M });
    columns.push(...peerColumns.columns);
    const missing: MissingColumn[] = [...peerColumns.missing, ...notImplemented(peers, ["rose", "adnn"])];
    return {
      problem: "gmm",
      label: size,
      size: alphas.length + means.length + icf.length,
      inputs: [alphas, means, icf],
      direction: dirs,
      objective,
      columns,
      missing,
    };
  },
};
