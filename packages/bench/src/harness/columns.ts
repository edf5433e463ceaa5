/**
 * What one measurement process does (processes.ts): builds an instance of a problem at one size, and times its own
 * columns of it, one round at a time.
 */
import { peakTapeBytes } from "cotangent/runtime";
import { measure, type Timing } from "./measure";
import type { ColumnId, Instance, Problem } from "./problem";
import type { Row } from "./targets";
import type { Peers } from "../peers/load";

/** A row as one process measures it: only its own columns, and the tape only where it ran the reverse column. */
export type PartialRow = Omit<Row, "tapeBytes"> & { readonly tapeBytes?: number };

/** The instance of the problem and size last asked for, kept for the rounds that follow. */
export class InstanceTimer {
  private current?: { key: string; instance: Instance };

  constructor(
    private readonly problems: readonly Problem[],
    private readonly ids: readonly ColumnId[],
    private readonly peers: Peers,
  ) {}

  /** One round of this process's columns of `problem` at `size`, each given `budgetMs`; the tape on request. */
  async timeRound(problem: string, size: string, budgetMs: number, withTape: boolean): Promise<PartialRow> {
    const instance = await this.instance(problem, size);
    const columns = instance.columns.filter((c) => this.ids.includes(c.id));
    const timings: Partial<Record<ColumnId, Timing>> = {};
    const notes: Partial<Record<ColumnId, string>> = {};
    for (const column of columns) {
      await column.activate?.();
      const t = measure(() => column.run(), { budgetMs, minSampleMs: 5, maxSamples: 25 });
      timings[column.id] = t;
      if (column.note) notes[column.id] = column.note;
      process.stderr.write(
        `${problem} ${instance.label} ${column.id}: ${t.median.toPrecision(3)} ms (${t.samples}×${t.batch})\n`,
      );
    }
    const reverse = columns.find((c) => c.id === "reverse");
    const missing = instance.missing.filter((m) => this.ids.includes(m.id)).map((m) => [m.id, m.reason]);
    return {
      problem,
      label: instance.label,
      size: instance.size,
      timings,
      notes,
      missing: Object.fromEntries(missing),
      ...(reverse && withTape ? { tapeBytes: peakTapeBytes(() => reverse.run()) } : {}),
    };
  }

  private async instance(problem: string, size: string): Promise<Instance> {
    const key = `${problem} ${size}`;
    if (this.current?.key !== key) {
      this.current = undefined; // the previous instance's arrays and tensors can go before the next is built
      const found = this.problems.find((p) => p.name === problem);
      if (!found) throw new Error(`no problem named ${problem}`);
      this.current = { key, instance: await found.setup(size, this.peers) };
    }
    return this.current.instance;
  }
}
