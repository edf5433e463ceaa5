/**
 * `node --trace-opt --trace-deopt out/optimized.js`: runs Cotangent's forward, reverse and into columns of every problem at
 * its tiny size, 3000 calls each to warm up, prints `warm <problem>`, then 3000 calls more and `done <problem>`. V8's
 * trace lines in between tell whether the generated functions were optimized and stayed so; the jest test in test/
 * reads them. No peer library is loaded and nothing is timed.
 */
import type { Peers } from "./peers/load";
import { PROBLEMS } from "./suite";

const CALLS = 3000;

async function main(): Promise<void> {
  const noPeers: Peers = { tfBackends: [], errors: {} };
  for (const problem of PROBLEMS) {
    const instance = await problem.setup(problem.tinySize, noPeers);
    const columns = instance.columns.filter((c) => c.id === "forward" || c.id === "reverse" || c.id === "into");
    for (const column of columns) for (let k = 0; k < CALLS; k++) column.run();
    console.log(`warm ${problem.name}`);
    for (const column of columns) for (let k = 0; k < CALLS; k++) column.run();
    console.log(`done ${problem.name}`);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
