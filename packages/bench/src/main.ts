/**
 * `npm run bench`: measures every problem at every size, prints the ratio table and writes results/latest.md,
 * latest.json and gradient-vs-primal.svg. Options: `--only=rosenbrock,gmm` runs some problems, `--budget=MS` sets
 * the time spent per column and size, over two rounds (default 1500 ms), `--out=DIR` writes the results elsewhere.
 *
 * The same script is the measurement process of each group of columns (harness/processes.ts), run with
 * `--group=I --result=FILE`.
 */
import * as fs from "fs";
import * as path from "path";
import { gradientChart } from "./harness/chart";
import { timeColumns } from "./harness/columns";
import { describeMachine } from "./harness/machine";
import { resultChecksum } from "./harness/measure";
import { mergeRows, PROCESS_GROUPS, runGroup, type GroupResult } from "./harness/processes";
import { machineLine, markdownReport, ratioTable } from "./harness/report";
import { loadPeers, PEER_COLUMNS } from "./peers/load";
import { PROBLEMS } from "./suite";

function option(name: string): string | undefined {
  const prefix = `--${name}=`;
  return process.argv.find((a) => a.startsWith(prefix))?.slice(prefix.length);
}

const only = option("only")?.split(",");
const budgetMs = Number(option("budget") ?? 1500);
const problems = PROBLEMS.filter((p) => !only || only.includes(p.name));

async function measureGroup(group: number, resultFile: string): Promise<void> {
  const ids = PROCESS_GROUPS[group];
  const peers = await loadPeers(ids.filter((id) => PEER_COLUMNS.includes(id)));
  const rows = await timeColumns(problems, ids, peers, budgetMs);
  const result: GroupResult = { rows, checksum: resultChecksum() };
  fs.writeFileSync(resultFile, JSON.stringify(result));
}

function measureAll(): void {
  const outDir = option("out") ?? path.join(__dirname, "..", "results");
  const machine = describeMachine();
  const forwarded = process.argv.slice(2).filter((a) => a.startsWith("--only=") || a.startsWith("--budget="));
  const started = process.hrtime.bigint();
  const groups = PROCESS_GROUPS.map((_, i) => runGroup(__filename, i, forwarded));
  const rows = mergeRows(groups);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const checksum = groups.reduce((sum, g) => sum + (typeof g === "string" ? 0 : g.checksum), 0);
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
const main = group === undefined ? async () => measureAll() : () => measureGroup(Number(group), option("result")!);
main().catch((e) => {
  console.error(e);
  process.exit(1);
});
