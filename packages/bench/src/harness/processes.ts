/**
 * Which columns are timed together, in one process, and how the processes take turns. V8 compiles a typed-array
 * element access without a check for a detached buffer only as long as no ArrayBuffer in the process has ever been
 * detached, and a WebAssembly memory that grows detaches its old buffer. Once a wasm library has run, every
 * typed-array loop in the process pays the check: timed in the same process after tfjs-wasm and jax-js had run, the
 * GMM primal, Cotangent's gradient and the hand-written gradient at d = 10 all took 1.4–2× as long
 * (packages/bench/README.md). So each library runs in a process of its own, as ADBench runs each tool; the primal,
 * Cotangent's columns and the hand-written gradient, whose ratios to each other are most of the targets, share one.
 *
 * The processes stay up for the whole run and measure in turns: each instance is timed by every process, one after
 * the other, in three rounds, and each column keeps its round with the lower median. The machine is shared, and a
 * burst of other work then skews a column and its peers alike rather than one of them.
 */
import { fork, type ChildProcess } from "child_process";
import type { PartialRow } from "./columns";
import type { ColumnId } from "./problem";
import type { Row } from "./targets";

export const PROCESS_GROUPS: readonly (readonly ColumnId[])[] = [
  ["primal", "forward", "reverse", "into", "hand"],
  ["tfjs-cpu"],
  ["tfjs-wasm"],
  ["jax-js"],
  ["rose"],
  ["adnn"],
];

export const ROUNDS = 3;

/** A request to a measurement process: one round of its columns of one instance. */
export interface RoundRequest {
  readonly problem: string;
  readonly size: string;
  readonly budgetMs: number;
  readonly withTape: boolean;
}

/** A measurement process's answer: its row and the checksum of its results so far, or why it could not measure. */
export type RoundReply = { readonly row: PartialRow; readonly checksum: number } | { readonly error: string };

/** What a measurement process sends once its libraries are loaded. */
export const READY = "ready";

/** One measurement process, started with `script --group=I`, asked for rounds over IPC. */
export class MeasurementProcess {
  /** Checksum of every result the process computed (measure.ts), from its last reply. */
  checksum = 0;

  private constructor(private readonly child: ChildProcess) {}

  /** Starts the process and waits until its libraries are loaded; a process that fails to start says why. */
  static async start(script: string, group: number): Promise<MeasurementProcess | string> {
    const child = fork(script, [`--group=${group}`], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
    const started = new MeasurementProcess(child);
    const first = await started.next();
    if ("exit" in first) return first.exit;
    return first.message === READY ? started : `its measurement process said ${JSON.stringify(first.message)}`;
  }

  /** This process's row for one round of `request`, or the reason it has none. */
  async round(request: RoundRequest): Promise<PartialRow | string> {
    if (!this.child.connected) return "its measurement process had exited";
    this.child.send(request);
    const next = await this.next();
    if ("exit" in next) return next.exit;
    const reply = next.message as RoundReply;
    if ("error" in reply) return reply.error;
    this.checksum = reply.checksum;
    return reply.row;
  }

  stop(): void {
    if (this.child.connected) this.child.disconnect();
  }

  private next(): Promise<{ message: unknown } | { exit: string }> {
    return new Promise((resolve) => {
      const onMessage = (message: unknown) => {
        this.child.off("exit", onExit);
        resolve({ message });
      };
      const onExit = (code: number | null, signal: string | null) => {
        this.child.off("message", onMessage);
        resolve({ exit: `its measurement process exited with ${signal ?? `code ${code}`}` });
      };
      this.child.once("message", onMessage);
      this.child.once("exit", onExit);
    });
  }
}

/**
 * The row of one instance from every process's rounds: each column keeps its round with the lower median, the tape
 * comes from the first group's reverse column, and a process that could not measure leaves its columns missing with
 * the reason.
 */
export function mergeRounds(rounds: readonly (readonly (PartialRow | string)[])[]): Row {
  const ours = rounds[0]?.find((r): r is PartialRow => typeof r !== "string");
  if (!ours) throw new Error(`Cotangent's columns could not be measured: ${String(rounds[0][0])}`);
  if (ours.tapeBytes === undefined) throw new Error(`no tape measured for ${ours.problem} ${ours.label}`);
  const merged: Row = { ...ours, timings: {}, notes: {}, missing: {}, tapeBytes: ours.tapeBytes };
  rounds.forEach((group, i) => {
    const rows = group.filter((r): r is PartialRow => typeof r !== "string");
    if (rows.length === 0) {
      const reason = group.find((r): r is string => typeof r === "string") ?? "not measured";
      for (const id of PROCESS_GROUPS[i]) merged.missing[id] = reason;
    }
    for (const row of rows) {
      Object.assign(merged.notes, row.notes);
      Object.assign(merged.missing, row.missing);
      for (const [id, timing] of Object.entries(row.timings) as [ColumnId, NonNullable<Row["timings"][ColumnId]>][]) {
        const previous = merged.timings[id];
        if (!previous || timing.median < previous.median) merged.timings[id] = timing;
      }
    }
  });
  return merged;
}
