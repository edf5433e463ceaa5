/**
 * Differential fuzzer of the reverse-mode generator: random small programs (generate.ts) whose loops and array
 * updates have the shapes the reverse sweep's passes rewrite (increments, round trips, promotion, carries, fusion,
 * recompute vs record, inverted counters and size parameters). Each program is checked
 * - by the dot-product test <J·u, w> = <u, Jᵀ·w> between jvp and vjp, and against central finite differences, both
 *   directly and through a differentiated caller (split sweeps);
 * - `gradInto` bit for bit against `grad` over its Float64Array parameters, into arrays that held garbage.
 * Seeds are fixed, so a failure reproduces; its message carries the program's source. `npm test` runs the first
 * FUZZ_SEEDS (default 120) seeds; run more locally with e.g. `FUZZ_SEEDS=2000 npx jest test/fuzz` (FUZZ_FROM sets the
 * first seed).
 */
import { rng, withoutGlobalLeaks } from "../helpers/check";
import { compileShapedBatch, type ShapedEntry, type Value } from "../helpers/shaped";
import { bitsOf, generate, grid, type Generated } from "./generate";

const count = Number(process.env.FUZZ_SEEDS ?? 120);
const from = Number(process.env.FUZZ_FROM ?? 0);
const seeds = Array.from({ length: count }, (_, k) => from + k);
/** Programs per TypeScript compile: one compile of many small files is much cheaper than one per program. */
const BATCH = 40;

/** Two points: L = 5 and L = 4, with n where a loop counts to it (2.5 only where n is not an allocation length). */
function pointsOf(p: Generated, seed: number): Value[][] {
  const random = rng(seed + 7);
  return [5, 4].map((L, k) => {
    const point: Value[] = [grid(random, L, 0.03)];
    if (p.hasW) point.push(grid(random, L, 0.07));
    if (p.sizeUse === "bound") point.push(k === 0 ? 2.5 : L - 1);
    if (p.sizeUse === "alloc") point.push(k === 0 ? 3 : 0);
    return point;
  });
}

/** `grad` and `gradInto` of the program and of `viaCaller`, over every Float64Array parameter. */
function withMarkers(p: Generated): string {
  const argnums = p.hasW ? "[0, 1]" : "0";
  return `${p.source}
import { grad as __grad, gradInto as __gradInto } from "cotangent";
export const __gradDirect = __grad(${p.name}, ${argnums});
export const __intoDirect = __gradInto(${p.name}, ${argnums});
export const __gradCaller = __grad(viaCaller, ${argnums});
export const __intoCaller = __gradInto(viaCaller, ${argnums});
`;
}

/** gradInto writes grad's bits over garbage and returns the function's value, for the program and its caller. */
function checkInto(m: Record<string, any>, p: Generated, points: readonly Value[][]) {
  for (const point of points) {
    for (const [fn, g, into] of [
      [p.name, "__gradDirect", "__intoDirect"],
      ["viaCaller", "__gradCaller", "__intoCaller"],
    ]) {
      const fresh = m[g](...point) as Float64Array | Float64Array[];
      const arrays = p.hasW ? (fresh as Float64Array[]) : [fresh as Float64Array];
      const out = arrays.map((a) => Float64Array.from(a, (_, i) => [NaN, -0, 1e300, -7][i % 4]));
      expect(m[into](...point, p.hasW ? out : out[0])).toBe(m[fn](...point));
      out.forEach((o, k) => expect(bitsOf(o)).toEqual(bitsOf(arrays[k])));
    }
  }
}

/** Finite-difference comparisons made, and those skipped because the differences changed with the step. */
const differences = { made: 0, unstable: 0 };

function check(entry: ShapedEntry, p: Generated, seed: number) {
  const points = pointsOf(p, seed);
  const fixed = p.sizeUse === "none" ? [] : [p.hasW ? 2 : 1];
  const onUnstableDifference = () => differences.unstable++;
  withoutGlobalLeaks(() => {
    entry.checkBothWays(points, { fixed, fdTolerance: 1e-5, onUnstableDifference });
    // Two points, each directly and through the caller.
    differences.made += 2 * points.length;
    checkInto(entry.load(), p, points);
  });
}

/** Compiles the batch that holds `seed`, once; a batch whose compile throws leaves each program to compile alone. */
const batches = new Map<number, Map<string, ShapedEntry> | undefined>();
function entryOf(seed: number, p: Generated): ShapedEntry {
  const first = seeds[0] + Math.floor((seed - seeds[0]) / BATCH) * BATCH;
  if (!batches.has(first)) {
    const members = seeds.filter((s) => s >= first && s < first + BATCH).map(generate);
    try {
      batches.set(first, compileShapedBatch(members.map((m) => ({ ...m, id: m.name, source: withMarkers(m) }))));
    } catch {
      batches.set(first, undefined);
    }
  }
  const alone = () => compileShapedBatch([{ ...p, id: p.name, source: withMarkers(p) }]).get(p.name);
  return (batches.get(first)?.get(p.name) ?? alone()) as ShapedEntry;
}

test.each(seeds)(
  "random program %i: reverse mode agrees with forward mode, finite differences and gradInto",
  (seed) => {
    const p = generate(seed);
    try {
      const entry = entryOf(seed, p);
      expect(entry.diagnostics).toEqual([]);
      check(entry, p, seed);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new Error(`${message}\n\nprogram of seed ${seed} (${p.signature}):\n${p.source}`);
    }
  },
);

test("finite differences were too ill-conditioned to compare at few points", () => {
  // The dot-product test still checked those points; this keeps the generator from drifting into chaotic programs.
  expect(differences.unstable).toBeLessThanOrEqual(0.02 * differences.made);
});
