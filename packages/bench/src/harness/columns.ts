/**
 * Times some of the columns of every problem at every size, in this process: the work of one measurement process
 * (processes.ts). Each instance's columns are measured in two rounds, each column keeping its round with the lower
 * median: the machine is shared, and a burst of other work during one column's measurement would otherwise skew its
 * ratios.
 */
import { peakTapeBytes } from "cotangent/runtime";
import { measure, type Timing } from "./measure";
import type { ColumnId, Problem } from "./problem";
import type { Row } from "./targets";
import type { Peers } from "../peers/load";

const ROUNDS = 2;

/** A row as one process measures it: only its own columns, and the tape only where it ran the reverse column. */
export type PartialRow = Omit<Row, "tapeBytes"> & { readonly tapeBytes?: number };

export async function timeColumns(
  problems: readonly Problem[],
  ids: readonly ColumnId[],
  peers: Peers,
  budgetMs: number,
): Promise<PartialRow[]> {
  const rows: PartialRow[] = [];
  for (const problem of problems) {
    for (const size of problem.sizes) {
      const instance = await problem.setup(size, peers);
      const columns = instance.columns.filter((c) => ids.includes(c.id));
      const timings: Partial<Record<ColumnId, Timing>> = {};
      const notes: Partial<Record<ColumnId, string>> = {};
      for (let round = 0; round < ROUNDS; round++) {
        for (const column of columns) {
          // A column slower than the whole budget was already timed warm once; a second round would only cost time.
          if (timings[column.id]?.samples === 1) continue;
          await column.activate?.();
          const t = measure(() => column.run(), { budgetMs: budgetMs / ROUNDS, minSampleMs: 5, maxSamples: 25 });
          const previous = timings[column.id];
          if (!previous || t.median < previous.median) timings[column.id] = t;
          if (column.note) notes[column.id] = column.note;
          process.stderr.write(
            `${problem.name} ${instance.label} ${column.id}: ${t.median.toPrecision(3)} ms (${t.samples}×${t.batch})\n`,
          );
        }
      }
      const reverse = columns.find((c) => c.id === "reverse");
      const missing = instance.missing.filter((m) => ids.includes(m.id)).map((m) => [m.id, m.reason]);
      rows.push({
        problem: problem.name,
        label: instance.label,
        size: instance.size,
        timings,
        notes,
        missing: Object.fromEntries(missing),
        ...(reverse ? { tapeBytes: peakTapeBytes(() => reverse.run()) } : {}),
      });
    }
  }
  return rows;
}
