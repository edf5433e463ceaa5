/**
 * Which columns are timed together, in one process. V8 compiles a typed-array element access without a check for a
 * detached buffer only as long as no ArrayBuffer in the process has ever been detached, and a WebAssembly memory
 * that grows detaches its old buffer. Once a wasm library has run, every typed-array loop in the process pays the
 * check: timed in the same process after tfjs-wasm and jax-js had run, the GMM primal, Cotangent's gradient and the
 * hand-written gradient at d = 10 all took 1.4–2× as long (packages/bench/README.md). So each library runs in a
 * process of its own, as ADBench runs each tool; the primal, Cotangent's columns and the hand-written gradient, whose
 * ratios to each other are most of the targets, share one.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
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

/** What a measurement process writes to the file it is given. */
export interface GroupResult {
  readonly rows: readonly PartialRow[];
  readonly checksum: number;
}

/**
 * Runs `script --group=i` with the caller's node flags and extra arguments, and reads back its rows. A process that
 * fails leaves its columns missing with the reason, rather than failing the whole run.
 */
export function runGroup(script: string, group: number, args: readonly string[]): GroupResult | string {
  const resultFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "cotangent-bench-")), "result.json");
  const child = spawnSync(
    process.execPath,
    [...process.execArgv, script, `--group=${group}`, `--result=${resultFile}`, ...args],
    { stdio: ["ignore", "inherit", "inherit"] },
  );
  try {
    if (child.status !== 0) return `its measurement process exited with ${child.signal ?? `code ${child.status}`}`;
    return JSON.parse(fs.readFileSync(resultFile, "utf8")) as GroupResult;
  } finally {
    fs.rmSync(path.dirname(resultFile), { recursive: true, force: true });
  }
}

/** One row per problem and size, with the columns of every process; the first group's rows give the order. */
export function mergeRows(groups: readonly (GroupResult | string)[]): Row[] {
  const [first, ...others] = groups;
  if (typeof first === "string") throw new Error(`Cotangent's columns could not be measured: ${first}`);
  return first.rows.map((row) => {
    const merged = { ...row, timings: { ...row.timings }, notes: { ...row.notes }, missing: { ...row.missing } };
    others.forEach((group, i) => {
      const same = typeof group === "string" ? undefined : group.rows.find((r) => sameInstance(r, row));
      if (same) {
        Object.assign(merged.timings, same.timings);
        Object.assign(merged.notes, same.notes);
        Object.assign(merged.missing, same.missing);
      } else {
        const reason = typeof group === "string" ? group : "its measurement process did not run this size";
        for (const id of PROCESS_GROUPS[i + 1]) merged.missing[id] = reason;
      }
    });
    if (row.tapeBytes === undefined) throw new Error(`no tape measured for ${row.problem} ${row.label}`);
    return { ...merged, tapeBytes: row.tapeBytes };
  });
}

function sameInstance(a: PartialRow, b: PartialRow): boolean {
  return a.problem === b.problem && a.label === b.label;
}
