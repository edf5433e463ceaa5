/**
 * The performance targets of issue 6, each evaluated on one measured row. A target that does not apply to a row
 * (no hand-written column, a peer that was not run) is left out rather than counted as met.
 */
import type { ColumnId } from "./problem";
import type { Timing } from "./measure";

export interface Row {
  readonly problem: string;
  readonly label: string;
  readonly size: number;
  readonly timings: Partial<Record<ColumnId, Timing>>;
  readonly notes: Partial<Record<ColumnId, string>>;
  readonly missing: Partial<Record<ColumnId, string>>;
  /** Peak tape of one reverse call, in bytes. */
  readonly tapeBytes: number;
}

export interface TargetResult {
  readonly target: string;
  readonly value: number;
  readonly met: boolean;
}

/** Median time of column `a` divided by that of column `b`, when both were measured. */
export function ratio(row: Row, a: ColumnId, b: ColumnId): number | undefined {
  const ta = row.timings[a];
  const tb = row.timings[b];
  return ta && tb ? ta.median / tb.median : undefined;
}

const PEERS: readonly ColumnId[] = ["tfjs-cpu", "tfjs-wasm", "jax-js", "rose", "adnn"];

/** reverse / primal limit by problem (issue 6). */
const GRADIENT_OVER_PRIMAL: Readonly<Record<string, number>> = { rosenbrock: 3, gmm: 4, ba: 4, mlp: 4 };

export function evaluateTargets(row: Row): TargetResult[] {
  const out: TargetResult[] = [];
  const add = (target: string, value: number | undefined, met: (v: number) => boolean) => {
    if (value !== undefined) out.push({ target, value, met: met(value) });
  };
  const limit = GRADIENT_OVER_PRIMAL[row.problem];
  if (limit !== undefined) add(`reverse/primal ≤ ${limit}`, ratio(row, "reverse", "primal"), (v) => v <= limit);
  add("reverse/hand ≤ 1.3", ratio(row, "reverse", "hand"), (v) => v <= 1.3);
  // The peer comparisons twice: against `grad` (a fresh result per call, as the peers return one) and against
  // `gradInto` (the caller's buffers, as an optimizer loop calls it). Both are reported, neither replaces the other.
  for (const ours of ["reverse", "into"] as const) {
    for (const peer of PEERS) add(`${peer}/${ours} > 1`, ratio(row, peer, ours), (v) => v > 1);
    if (row.problem === "rosenbrock" && row.size === 1e5) {
      add(`jax-js/${ours} ≥ 3 at n=1e5`, ratio(row, "jax-js", ours), (v) => v >= 3);
    }
    if (row.problem === "rosenbrock" && row.size === 1e3) {
      add(`rose/${ours} ≥ 10 at n=1e3`, ratio(row, "rose", ours), (v) => v >= 10);
    }
  }
  if (row.problem === "rosenbrock") add("tape bytes = 0", row.tapeBytes, (v) => v === 0);
  return out;
}
