/**
 * What a benchmark problem provides: an instance at one size, with its inputs and one column per way of computing
 * the same derivative (the primal, Cotangent's forward and reverse modes, a hand-written gradient, peer libraries).
 * The timing loop (measure.ts) and the correctness check (check.ts) both read this shape, so the code that is timed
 * is exactly the code whose gradient is checked.
 */

/** Column identifiers, in the order the tables print them. */
export const COLUMN_IDS = [
  "primal",
  "forward",
  "reverse",
  "into",
  "hand",
  "tfjs-cpu",
  "tfjs-wasm",
  "jax-js",
  "rose",
  "adnn",
] as const;
export type ColumnId = (typeof COLUMN_IDS)[number];

/** What a column computed, flattened in the order of `Instance.inputs`, for the correctness check. */
export interface ColumnResult {
  /** The objective's value, where the column computes it. */
  readonly value?: number;
  /** The gradient of the objective with respect to every differentiated input, concatenated. */
  readonly gradient?: Float64Array;
  /** The directional derivative along `Instance.direction` (forward mode). */
  readonly directional?: number;
}

export interface Column {
  readonly id: ColumnId;
  /** One timed call. Its result is consumed by the harness so that the work cannot be optimized away. */
  run(): unknown;
  /** Runs once more and converts the result to flat Float64Arrays (not timed). */
  result(): ColumnResult;
  /** Arithmetic of the column: peers in float32 are checked with a looser tolerance. */
  readonly precision: "float64" | "float32";
  /**
   * Prepares the column before it is timed or checked (not timed): tfjs selects its backend here and creates its
   * tensors on it, since the backend is global to the library.
   */
  activate?(): Promise<void>;
  /** How the column computes its result, when that needs saying in the report (e.g. "jacrev, 2 sweeps"). */
  readonly note?: string;
}

/** A column that could not be built or run, kept in the report with the reason instead of a number. */
export interface MissingColumn {
  readonly id: ColumnId;
  readonly reason: string;
}

export interface Instance {
  readonly problem: string;
  /** Size label for tables, e.g. "n=1e5" or "d=10 K=25 n=1000". */
  readonly label: string;
  /** Number of differentiated inputs: the x axis of the chart. */
  readonly size: number;
  /** Differentiated inputs, in gradient order. Finite differences perturb them in place. */
  readonly inputs: readonly Float64Array[];
  /** Direction of the forward column's jvp, shaped like `inputs`. */
  readonly direction: readonly Float64Array[];
  /** The scalar objective at the current inputs, used by finite differences. */
  objective(): number;
  readonly columns: readonly Column[];
  readonly missing: readonly MissingColumn[];
}

/** A problem at the sizes the benchmark runs and at the tiny size `npm test` checks. */
export interface Problem {
  readonly name: string;
  /** One line for the report: what is differentiated and how. */
  readonly description: string;
  readonly sizes: readonly string[];
  readonly tinySize: string;
  /** Builds an instance; `peers` says which peer libraries could be loaded. */
  setup(size: string, peers: import("../peers/load").Peers): Promise<Instance>;
}
