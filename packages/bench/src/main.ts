/**
 * `npm run bench`: measures every problem at every size, prints the ratio table and writes results/latest.md,
 * latest.json and gradient-vs-primal.svg. Options: `--only=rosenbrock,gmm` runs some problems, `--budget=MS` sets
 * the time spent per column and size, over three rounds (default 1500 ms), `--out=DIR` writes the results elsewhere,
 * `--tiny` runs each problem at its tiny size only (what `npm test` runs, to check the harness end to end).
 *
 * The same script, run with `--group=I`, is the measurement process of one group of columns (harness/processes.ts).
 */
import * as fs from "fs";
import * as path from "path";
import { gradientChart } from "./harness/chart";
import { InstanceTimer, type PartialRow } from "./harness/columns";
import { describeMachine } from "./harness/machine";
import { resultChecksum } from "./harness/measure";
import {
  MeasurementProcess,
  mergeRounds,
  PROCESS_GROUPS,
  READY,
  ROUNDS,
  type RoundReply,
  type RoundRequest,
} from "./harness/processes";
import { machineLine, markdownReport, ratioTable } from "./harness/report";
import type { Row } from "./harness/targets";
import { loadPeers, PEER_COLUMNS } from "./peers/load";
import { PROBLEMS } from "./suite";

function option(name: string): string | undefined {
  const prefix = `--${name}=`;
  return process.argv.find((a) => a.startsWith(prefix))?.slice(prefix.length);
}

/** A measurement process: loads its group's libraries, then times the rounds it is sent until disconnected. */
async function serveGroup(group: number): Promise<void> {
  const ids = PROCESS_GROUPS[group];
  const peers = await loadPeers(ids.filter((id) => PEER_COLUMNS.includes(id)));
  const timer = new InstanceTimer(PROBLEMS, ids, peers);
  const send = (message: unknown) => process.send!(message);
  let queue = Promise.resolve();
  process.on("message", (request: RoundRequest) => {
    queue = queue.then(async () => {
      try {
        const row = await timer.timeRound(request.problem, request.size, request.budgetMs, request.withTape);
        send({ row, checksum: resultChecksum() } satisfies RoundReply);
      } catch (e) {
        send({ error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) } satisfies RoundReply);
      }
    });
  });
  process.on("disconnect", () => process.exit(0));
  send(READY);
}

/** A row whose every column took longer than the budget, so that measure() timed one warm call. */
const timedOnce = (row: PartialRow | string): boolean => {
  const timings = typeof row === "string" ? [] : Object.values(row.timings);
  return timings.length > 0 && timings.every((t) => t.samples === 1);
};

async function measureAll(): Promise<void> {
  const only = option("only")?.split(",");
  const budgetMs = Number(option("budget") ?? 1500);
  const tiny = process.argv.includes("--tiny");
  const outDir = option("out") ?? path.join(__dirname, "..", "results");
  const problems = PROBLEMS.filter((p) => !only || only.includes(p.name));
  const machine = describeMachine();
  const started = process.hrtime.bigint();
  const processes = await Promise.all(PROCESS_GROUPS.map((_, i) => MeasurementProcess.start(__filename, i)));
  const rows: Row[] = [];
  try {
    for (const problem of problems) {
      for (const size of tiny ? [problem.tinySize] : problem.sizes) {
        const rounds: (PartialRow | string)[][] = processes.map(() => []);
        for (let round = 0; round < ROUNDS; round++) {
          for (const [i, measurer] of processes.entries()) {
            // Columns slower than the whole budget were already timed warm once; another round would only cost time.
            if (round > 0 && timedOnce(rounds[i][0])) continue;
            const request = { problem: problem.name, size, budgetMs: budgetMs / ROUNDS, withTape: round === 0 };
            rounds[i].push(typeof measurer === "string" ? measurer : await measurer.round(request));
          }
        }
        rows.push(mergeRounds(rounds));
      }
    }
  } finally {
    processes.forEach((p) => typeof p !== "string" && p.stop());
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const checksum = processes.reduce((sum, p) => sum + (typeof p === "string" ? 0 : p.checksum), 0);
  console.log(`\n${machineLine(machine)}; ${seconds.toFixed(0)} s\n`);
  console.log(ratioTable(rows));
  console.log(`\n(checksum of all results: ${checksum.toExponential(3)})`);
  fs.mkdirSync(outDir, { recursive: true });
  const descriptions = problems.map((p) => `${p.name}: ${p.description}; sizes ${p.sizes.join(", ")}`);
  fs.writeFileSync(path.join(outDir, "latest.md"), markdownReport(rows, machine, descriptions));
  fs.writeFileSync(path.join(outDir, "latest.json"), JSON.stringify({ machine, budgetMs, rows }, null, 2) + "\n");
  fs.writeFileSync(path.join(outDir, "gradient-vs-primal.svg"), gradientChart(rows));
  console.log(`wrote ${path.relative(process.cwd(), outDir) || "."}/latest.md, latest.json, gradient-vs-primal.svg`);
}

const group = option("group");
const main = group === undefined ? measureAll : () => serveGroup(Number(group));
main().catch((e) => {
  console.error(e);
  process.exit(1);
});
