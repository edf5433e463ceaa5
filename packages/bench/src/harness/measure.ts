/**
 * Wall-clock timing of one column: warm-up until V8 has optimized the code and per-call times have settled, then
 * repeated samples of a batch of calls, each timed with `process.hrtime.bigint()`. Every result is folded into a
 * checksum that the caller prints, so no call can be removed as dead code.
 */

export interface Timing {
  /** Median time of one call, in milliseconds. */
  readonly median: number;
  readonly min: number;
  readonly max: number;
  /** First and third quartiles of the per-call samples. */
  readonly q1: number;
  readonly q3: number;
  /** Number of samples and calls per sample. */
  readonly samples: number;
  readonly batch: number;
}

export interface MeasureOptions {
  /** Time to spend on one column, warm-up included, in milliseconds (a slow call may overrun it once). */
  readonly budgetMs: number;
  /** A sample lasts at least this long, so that timer resolution and call overhead do not dominate. */
  readonly minSampleMs: number;
  readonly maxSamples: number;
}

let checksum = 0;

/** Folds a result into the checksum: a number, the first element of an array, or of its first element. */
function consume(result: unknown): void {
  let r = result;
  for (let depth = 0; depth < 3 && typeof r === "object" && r !== null; depth++) {
    if (ArrayBuffer.isView(r)) r = (r as Float64Array)[0];
    else if (Array.isArray(r)) r = r[0];
    else r = Object.values(r)[0];
  }
  if (typeof r === "number" && Number.isFinite(r)) checksum += r * 1e-12;
  else checksum += 1;
}

/** The value that depends on every timed call; printed at the end of a run. */
export function resultChecksum(): number {
  return checksum;
}

function elapsedMs(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e6;
}

function quantile(sorted: readonly number[], q: number): number {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

const gc = (globalThis as { gc?: () => void }).gc;

/**
 * Times `run`. Warm-up runs for about a third of the budget, and stops early once the last five calls are within
 * 10% of each other's median; the remaining budget is split into samples of `batch` calls.
 */
export function measure(run: () => unknown, options: MeasureOptions): Timing {
  gc?.();
  const begin = process.hrtime.bigint();
  let start = process.hrtime.bigint();
  consume(run());
  const cold = elapsedMs(start);
  // One call longer than the whole budget: time one more, warm, call and report it alone (marked as one sample)
  // rather than stall the run. The first call pays one-time costs (jit compilation, tape growth) that it must not.
  if (cold > options.budgetMs) {
    start = process.hrtime.bigint();
    consume(run());
    const warm = elapsedMs(start);
    return { median: warm, min: warm, max: warm, q1: warm, q3: warm, samples: 1, batch: 1 };
  }
  const recent: number[] = [cold];
  while (elapsedMs(begin) < options.budgetMs / 3) {
    start = process.hrtime.bigint();
    consume(run());
    recent.push(elapsedMs(start));
    if (recent.length > 5) recent.shift();
    if (recent.length === 5 && elapsedMs(begin) > options.budgetMs / 10) {
      const sorted = [...recent].sort((a, b) => a - b);
      const mid = sorted[2];
      if (sorted[4] - sorted[0] <= 0.1 * mid) break;
    }
  }
  const perCall = Math.min(...recent);
  const batch = Math.max(1, Math.ceil(options.minSampleMs / Math.max(perCall, 1e-6)));
  const remaining = Math.max(0, options.budgetMs - elapsedMs(begin));
  const samples = Math.max(3, Math.min(options.maxSamples, Math.floor(remaining / (batch * perCall))));
  const times: number[] = [];
  for (let s = 0; s < samples; s++) {
    // Garbage of earlier samples (and of other columns) is collected outside the timed region: a gradient returns a
    // fresh array, and whether its backing store comes from freed memory or from fresh pages (which fault, slowly on
    // this VM) would otherwise depend on when V8 last collected, not on the code being measured.
    gc?.();
    start = process.hrtime.bigint();
    for (let b = 0; b < batch; b++) consume(run());
    times.push(elapsedMs(start) / batch);
  }
  times.sort((a, b) => a - b);
  return {
    median: quantile(times, 0.5),
    min: times[0],
    max: times[times.length - 1],
    q1: quantile(times, 0.25),
    q3: quantile(times, 0.75),
    samples,
    batch,
  };
}
