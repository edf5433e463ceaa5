/** ADBench LSTM over a sequence of 20 vectors: Cotangent, tfjs and jax-js columns. */
import { lstmGrad, lstmJvp, lstmObjective } from "../problems/lstm";
import type { Instance, Problem } from "../harness/problem";
import { concat, rng, uniform } from "../harness/random";
import type { Peers } from "../peers/load";
import { lstmPeerColumns } from "../peers/lstm";
import { notImplemented } from "../peers/missing";

function parse(size: string): { layers: number; b: number; c: number } {
  const match = /^l=(\d+) b=(\d+) c=(\d+)$/.exec(size);
  if (!match) throw new Error(`LSTM size must read "l=… b=… c=…": ${size}`);
  return { layers: Number(match[1]), b: Number(match[2]), c: Number(match[3]) };
}

export const lstmProblem: Problem = {
  name: "lstm",
  description: "ADBench LSTM objective (diagonal weights), gradient in the main and extra parameters",
  sizes: ["l=2 b=14 c=20", "l=4 b=128 c=20"],
  tinySize: "l=2 b=3 c=4",
  async setup(size: string, peers: Peers): Promise<Instance> {
    const { layers, b, c } = parse(size);
    const random = rng(5);
    const main = uniform(random, 8 * layers * b, -1, 1);
    const extra = uniform(random, 3 * b, -1, 1);
    const state0 = uniform(random, 2 * layers * b, -1, 1);
    const sequence = uniform(random, c * b, 0, 1);
    const dMain = uniform(random, main.length, -1, 1);
    const dExtra = uniform(random, extra.length, -1, 1);
    const peerColumns = await lstmPeerColumns(peers, { main, extra, state0, sequence, layers, b, c });
    const objective = () => lstmObjective(main, extra, state0, sequence, layers, b, c);
    const reverse = () => lstmGrad(main, extra, state0, sequence, layers, b, c);
    // The data's zero tangents, which jvp takes like JAX's, are allocated once, as a caller would.
    const [dState0, dSequence] = [new Float64Array(state0.length), new Float64Array(sequence.length)];
    const forward = () => lstmJvp(main, extra, state0, sequence, layers, b, c, dMain, dExtra, dState0, dSequence);
    return {
      problem: "lstm",
      label: size,
      size: main.length + extra.length,
      inputs: [main, extra],
      direction: [dMain, dExtra],
      objective,
      columns: [
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
        ...peerColumns.columns,
      ],
      missing: [...peerColumns.missing, ...notImplemented(peers, ["rose", "adnn"])],
    };
  },
};
