/**
 * `npm run bench`: measures every problem at every size, prints the ratio table and writes results/latest.md,
 * latest.json and gradient-vs-primal.svg. Options: `--only=rosenbrock,gmm` runs some problems, `--budget=MS` sets
 * the time spent per column and size, over two rounds (default 1500 ms), `--out=DIR` writes the results elsewhere.
 */
import * as fs from "fs";
import * as path from "path";
import { gradientChart } from "./harness/chart";
import { describeMachine } from "./harness/machine";
import { measure, resultChecksum, type Timing } from "./harness/measure";
import type { ColumnId } from "./harness/problem";
import { machineLine, markdownReport, ratioTable } from "./harness/report";
import { peakTapeBytes } from "cotangent/runtime";
import type { Row } from "./harness/targets";
import { loadPeers } from "./peers/load";
import { PROBLEMS } from "./suite";

function option(name: string): string | undefined {
  const prefix = `--${name}=`;
  return process.argv.find((a) => a.startsWith(prefix))?.slice(prefix.length);
}

const ROUNDS = 2;

async function main(): Promise<void> {
  const only = option("only")?.split(",");
  const budgetMs = Number(option("budget") ?? 1500);
  const outDir = option("out") ?? path.join(__dirname, "..", "results");
  const machine = describeMachine();
  const peers = await loadPeers();
  const rows: Row[] = [];
  const problems = PROBLEMS.filter((p) => !only || only.includes(p.name));
  const started = process.hrtime.bigint();
  for (const problem of problems) {
    for (const size of problem.sizes) {
      const instance = await problem.setup(size, peers);
      const timings: Partial<Record<ColumnId, Timing>> = {};
      const notes: Partial<Record<ColumnId, string>> = {};
      // Two rounds over the columns, keeping each column's round with the lower median: the machine is shared, and
      // a burst of other work during one column's measurement would otherwise skew its ratios.
      for (let round = 0; round < ROUNDS; round++) {
        for (const column of instance.columns) {
          // A column slower than the whole budget was already timed warm once; a second round would only cost time.
          if (timings[column.id]?.samples === 1) continue;
          await column.activate?.();
          const options = { budgetMs: budgetMs / ROUNDS, minSampleMs: 5, maxSamples: 25 };
          const t = measure(() => column.run(), options);
          const previous = timings[column.id];
          if (!previous || t.median < previous.median) timings[column.id] = t;
          if (column.note) notes[column.id] = column.note;
          process.stderr.write(
            `${problem.name} ${instance.label} ${column.id}: ${t.median.toPrecision(3)} ms (${t.samples}×${t.batch})\n`,
          );
        }
      }
      const reverse = instance.columns.find((c) => c.id === "reverse")!;
      const tapeBytes = peakTapeBytes(() => reverse.run());
      const missing = Object.fromEntries(instance.missing.map((m) => [m.id, m.reason]));
      rows.push({
        problem: problem.name,
        label: instance.label,
        size: instance.size,
        timings,
        notes,
        missing,
        tapeBytes,
      });
    }
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  console.log(`\n${machineLine(machine)}; ${seconds.toFixed(0)} s\n`);
  console.log(ratioTable(rows));
  console.log(`\n(checksum of all results: ${resultChecksum().toExponential(3)})`);
  fs.mkdirSync(outDir, { recursive: true });
  const descriptions = problems.map((p) => `${p.name}: ${p.description}; sizes ${p.sizes.join(", ")}`);
  fs.writeFileSync(path.join(outDir, "latest.md"), markdownReport(rows, machine, descriptions));
  fs.writeFileSync(path.join(outDir, "latest.json"), JSON.stringify({ machine, budgetMs, rows }, null, 2) + "\n");
  fs.writeFileSync(path.join(outDir, "gradient-vs-primal.svg"), gradientChart(rows));
  console.log(`wrote ${path.relative(process.cwd(), outDir) || "."}/latest.md, latest.json, gradient-vs-primal.svg`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
