/**
 * `node out/check.js`: builds every problem at its tiny size and checks that all columns compute the same
 * gradient (harness/check.ts). Prints one JSON document on stdout; the jest test in test/ asserts on it. Nothing is
 * timed.
 */
import { checkInstance, type InstanceCheck } from "./harness/check";
import { loadPeers } from "./peers/load";
import { PROBLEMS } from "./suite";

async function main(): Promise<void> {
  const peers = await loadPeers();
  const results: InstanceCheck[] = [];
  for (const problem of PROBLEMS) results.push(await checkInstance(await problem.setup(problem.tinySize, peers)));
  process.stdout.write(JSON.stringify({ peerErrors: peers.errors, results }, null, 2) + "\n");
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
