/** Bundle adjustment on synthetic scenes (cameras looking at points in front of them): Cotangent, tfjs and jax-js columns. */
import { baGrad, baJvp, baObjective } from "../problems/ba";
import type { Instance, Problem } from "../harness/problem";
import { concat, rng, uniform } from "../harness/random";
import type { Peers } from "../peers/load";
import { baPeerColumns } from "../peers/ba";
import { notImplemented } from "../peers/missing";

/**
 * tfjs differentiates tf.gather with UnsortedSegmentSum, which the cpu backend computes with one masked sum per
 * segment (camera or point), O(points × observations): about 7 s per call at 8000 observations, so tfjs runs at the
 * smaller size only.
 */
const TFJS_MAX_OBS = 8000;

function parse(size: string): { cams: number; points: number; obs: number } {
  const match = /^cams=(\d+) points=(\d+) obs=(\d+)$/.exec(size);
  if (!match) throw new Error(`BA size must read "cams=… points=… obs=…": ${size}`);
  return { cams: Number(match[1]), points: Number(match[2]), obs: Number(match[3]) };
}

export const baProblem: Problem = {
  name: "ba",
  description:
    "ADBench bundle adjustment, gradient of the sum of squared reprojection residuals in all camera and point parameters (not the per-observation Jacobian)",
  sizes: ["cams=20 points=2000 obs=8000", "cams=50 points=10000 obs=40000"],
  tinySize: "cams=2 points=3 obs=4",
  async setup(size: string, peers: Peers): Promise<Instance> {
    const { cams: nc, points: np, obs: no } = parse(size);
    const random = rng(4);
    const cams = new Float64Array(11 * nc);
    for (let c = 0; c < nc; c++) {
      cams.set(uniform(random, 3, -0.2, 0.2), 11 * c); // small rotations
      cams.set(uniform(random, 2, -0.5, 0.5), 11 * c + 3);
      cams[11 * c + 5] = -5 - random(); // cameras behind the scene, looking along +z
      cams[11 * c + 6] = 400 + 200 * random(); // focal length
      cams.set(uniform(random, 2, -10, 10), 11 * c + 7); // principal point
      cams.set([1e-3 * random(), 1e-5 * random()], 11 * c + 9); // radial distortion
    }
    const points = new Float64Array(3 * np);
    for (let p = 0; p < np; p++) points.set([2 * random() - 1, 2 * random() - 1, 2 * random()], 3 * p);
    const camIndex = Float64Array.from({ length: no }, (_, o) => o % nc);
    const pointIndex = Float64Array.from({ length: no }, (_, o) => (o < np ? o : Math.floor(random() * np)));
    const feats = uniform(random, 2 * no, -100, 100);
    const dCams = uniform(random, cams.length, -1e-3, 1e-3);
    const dPoints = uniform(random, points.length, -1e-3, 1e-3);
    const peerColumns = await baPeerColumns(
      peers,
      { cams, points, camIndex, pointIndex, feats },
      no <= TFJS_MAX_OBS
        ? undefined
        : `not run above ${TFJS_MAX_OBS} observations: tfjs's gradient of tf.gather (UnsortedSegmentSum) costs O(points × observations)`,
    );
    const objective = () => baObjective(cams, points, camIndex, pointIndex, feats);
    const reverse = () => baGrad(cams, points, camIndex, pointIndex, feats);
    // The data's zero tangents, which jvp takes like JAX's, are allocated once, as a caller would.
    const dData = { camIndex: camIndex.map(() => 0), pointIndex: pointIndex.map(() => 0), feats: feats.map(() => 0) };
    const forward = () => baJvp(cams, points, camIndex, pointIndex, feats, dCams, dPoints, dData);
    return {
      problem: "ba",
      label: size,
      size: cams.length + points.length,
      inputs: [cams, points],
      direction: [dCams, dPoints],
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
