/**
 * Differential fuzzer of unroll-and-jam (reverse/jam.ts) and exactSizes unswitching (reverse/exact.ts): random
 * matrix-vector loop nests (nests.ts), some whose rows may run side by side and some whose may not. Each program is
 * compiled twice, as is and with `unroll: 1`, and checked
 * - bit for bit: `grad` and `gradInto` (into arrays that held garbage) of the program and of a differentiated caller
 *   (split sweeps) against the plain compile's `grad`, at sizes that leave remainders (rows 0, 1, 5, 7, …) and at
 *   non-integer sizes where the program allows them (the loops that do not assume `exactSizes`);
 * - by the dot-product test between jvp and vjp and against central finite differences, directly and through the
 *   caller;
 * and the fuzzer counts the programs whose vjp was jammed (`j + 3 < rows` forward, `count >= 4` reverse), so that it
 * keeps exercising the pass. `npm test` runs the first JAM_SEEDS (default 40) seeds; run more locally with e.g.
 * `JAM_SEEDS=2000 npx jest test/fuzz/jam` (JAM_FROM sets the first seed, JAM_FACTOR the rows run at once, and
 * JAM_REPORT=1 prints the counts).
 */
import { rng, withoutGlobalLeaks } from "../helpers/check";
import { compileShapedBatch, type ShapedEntry, type Value } from "../helpers/shaped";
import { bitsOf } from "./generate";
import { argumentsOf, generateNest, SIZES, type Nest } from "./nests";

const count = Number(process.env.JAM_SEEDS ?? 40);
const from = Number(process.env.JAM_FROM ?? 0);
const seeds = Array.from({ length: count }, (_, k) => from + k);
/** Rows run side by side: the plugin's default (4) unless JAM_FACTOR sets another (2, 3 and 8 leave other remainders). */
const factor = process.env.JAM_FACTOR === undefined ? undefined : Number(process.env.JAM_FACTOR);
const rowsAtOnce = factor ?? 4;
/** Programs per TypeScript compile (two compiles per batch: as is and with `unroll: 1`). */
const BATCH = 40;

/** `grad` and `gradInto` of the program and of `viaCaller` (which checkBothWays's harness adds). */
function withMarkers(nest: Nest): string {
  return `${nest.source}
import { grad as __grad, gradInto as __gradInto } from "cotangent";
export const __gradDirect = __grad(${nest.name}, ${nest.argnums});
export const __intoDirect = __gradInto(${nest.name}, ${nest.argnums});
export const __gradCaller = __grad(viaCaller, ${nest.argnums});
export const __intoCaller = __gradInto(viaCaller, ${nest.argnums});
`;
}

interface Compiled {
  readonly jammed: ShapedEntry;
  readonly plain: ShapedEntry;
}

/** Compiles the batch that holds `seed` both ways, once; a batch whose compile throws leaves each program alone. */
const batches = new Map<number, Map<string, Compiled> | undefined>();
function compiledOf(seed: number, nest: Nest): Compiled {
  const both = (nests: readonly Nest[]) => {
    const programs = nests.map((n) => ({ ...n, id: n.name, source: withMarkers(n) }));
    const jammed = compileShapedBatch(programs, factor === undefined ? {} : { plugin: { unroll: factor } });
    const plain = compileShapedBatch(programs, { plugin: { unroll: 1 } });
    return new Map(nests.map((n) => [n.name, { jammed: jammed.get(n.name)!, plain: plain.get(n.name)! }]));
  };
  const first = seeds[0] + Math.floor((seed - seeds[0]) / BATCH) * BATCH;
  if (!batches.has(first)) {
    try {
      batches.set(first, both(seeds.filter((s) => s >= first && s < first + BATCH).map(generateNest)));
    } catch {
      batches.set(first, undefined);
    }
  }
  return batches.get(first)?.get(nest.name) ?? both([nest]).get(nest.name)!;
}

/** The generated functions of a module's JavaScript, by name. */
function functionsOf(js: string): Map<string, string> {
  return new Map(
    js
      .split(/\nfunction /)
      .slice(1)
      .map((text) => [text.slice(0, text.indexOf("(")), text]),
  );
}

/** Programs checked, and those whose vjp ran rows side by side (forward sweep, reverse sweep, split sweeps). */
const jams = { programs: 0, forward: 0, reverse: 0, either: 0, split: 0, unswitched: 0 };
/** Programs built only of jammable variations whose forward sweep was not jammed. */
const missed: Nest[] = [];
/** Jammed counts per generator variation, printed with JAM_REPORT=1. */
const byFeature = new Map<string, { programs: number; jammed: number }>();

/** The jammed forward loop tests `j + 3 < rows`, the reverse one `count >= 4` (for four rows at once). */
const forwardJam = new RegExp(`\\+ ${rowsAtOnce - 1} <`);
const reverseJam = new RegExp(`>= ${rowsAtOnce}\\)`);

function countJams(nest: Nest, js: string) {
  let forward = false;
  let reverse = false;
  let split = false;
  let unswitched = false;
  for (const [fn, text] of functionsOf(js)) {
    if (!fn.startsWith(`${nest.name}_vjp`)) continue;
    const jammed = forwardJam.test(text) || reverseJam.test(text);
    if (/_(fwd|bwd)$/.test(fn)) {
      split ||= jammed;
      continue;
    }
    forward ||= forwardJam.test(text);
    reverse ||= reverseJam.test(text);
    unswitched ||= /if \(exactSizes\) \{/.test(text);
  }
  if (nest.jammable && !forward) missed.push(nest);
  jams.programs++;
  jams.forward += Number(forward);
  jams.reverse += Number(reverse);
  jams.either += Number(forward || reverse);
  jams.split += Number(split);
  jams.unswitched += Number(unswitched);
  for (const feature of nest.features) {
    const counts = byFeature.get(feature) ?? { programs: 0, jammed: 0 };
    byFeature.set(feature, { programs: counts.programs + 1, jammed: counts.jammed + Number(forward || reverse) });
  }
}

/** (rows, cols): remainders of 1, 2 and 3 rows, no rows, one row, empty rows, negative sizes, and non-integers where
 * allowed. */
function sizesOf(nest: Nest): [number, number][] {
  const sizes: [number, number][] = [
    [0, 3],
    [1, 4],
    [2, 2],
    [4, 3],
    [5, 1],
    [6, 0],
    [7, 4],
    [9, 2],
    [11, 3],
    [-2, 3],
    [3, -1],
  ];
  if (nest.fractional.rows) sizes.push([6.5, 3]);
  if (nest.fractional.cols) sizes.push([5, 2.5]);
  if (nest.fractional.rows && nest.fractional.cols) sizes.push([9.25, 1.75]);
  return sizes;
}

/** grad's result as a list of arrays (one array when argnums lists one parameter). */
const arraysOf = (g: Float64Array | Float64Array[]): Float64Array[] => (Array.isArray(g) ? g : [g]);
const bitsOfAll = (arrays: Float64Array[]) => arrays.map(bitsOf);

/** The jammed `grad` and `gradInto` give the plain `grad`'s bits, directly and through the caller. */
function checkBitwise(nest: Nest, jammed: Record<string, any>, plain: Record<string, any>, seed: number) {
  const random = rng(seed * 31 + 5);
  for (const [rows, cols] of sizesOf(nest)) {
    const args = argumentsOf(nest, rows, cols, random);
    for (const [fn, g, into] of [
      [nest.name, "__gradDirect", "__intoDirect"],
      ["viaCaller", "__gradCaller", "__intoCaller"],
    ]) {
      const where = `${g} at rows = ${rows}, cols = ${cols}`;
      const expected = plain[g](...args) as Float64Array | Float64Array[];
      const got = jammed[g](...args) as Float64Array | Float64Array[];
      expect({ where, bits: bitsOfAll(arraysOf(got)) }).toEqual({ where, bits: bitsOfAll(arraysOf(expected)) });
      const out = arraysOf(expected).map((a) => Float64Array.from(a, (_, i) => [NaN, -0, 1e300, -7][i % 4]));
      const value = jammed[into](...args, Array.isArray(expected) ? out : out[0]);
      expect({ where, value }).toEqual({ where, value: plain[fn](...args) });
      expect({ where, into: bitsOfAll(out) }).toEqual({ where, into: bitsOfAll(arraysOf(expected)) });
    }
  }
}

/** Finite-difference comparisons made, and those skipped because the differences changed with the step. */
const differences = { made: 0, unstable: 0 };

function checkDerivatives(nest: Nest, entry: ShapedEntry, seed: number) {
  const random = rng(seed + 7);
  const sizes: [number, number][] = [
    [5, 3],
    [4, 4],
  ];
  if (nest.fractional.rows) sizes.push([6.5, 2]);
  const points: Value[][] = sizes.map(([rows, cols]) => argumentsOf(nest, rows, cols, random));
  entry.checkBothWays(points, {
    fixed: SIZES,
    fdTolerance: 1e-5,
    onUnstableDifference: () => differences.unstable++,
  });
  differences.made += 2 * points.length;
}

test.each(seeds)("random loop nest %i: jammed gradients are the plain ones bit for bit, and correct", (seed) => {
  const nest = generateNest(seed);
  try {
    const { jammed, plain } = compiledOf(seed, nest);
    expect(jammed.diagnostics).toEqual([]);
    expect(plain.diagnostics).toEqual([]);
    countJams(nest, jammed.js ?? "");
    withoutGlobalLeaks(() => {
      checkBitwise(nest, jammed.load(), plain.load(), seed);
      checkDerivatives(nest, jammed, seed);
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(`${message}\n\nprogram of seed ${seed} (argnums ${nest.argnums}):\n${nest.source}`);
  }
});

test("the generated nests keep exercising unroll-and-jam, and finite differences stay comparable", () => {
  if (process.env.JAM_REPORT) {
    const features = [...byFeature].sort(([a], [b]) => a.localeCompare(b));
    const lines = features.map(([feature, c]) => `${feature}: ${c.jammed}/${c.programs} jammed`);
    const sources = missed.slice(0, 20).map((nest) => `${nest.features.join(", ")}\n${nest.source}`);
    const summary = JSON.stringify({ jams, differences, missed: missed.length });
    console.log(`${summary}\n${lines.join("\n")}\n\nfirst jammable programs not jammed:\n${sources.join("\n")}`);
  }
  // Over seeds 0-5999, 47% of the programs jam and 16% in the reverse sweep (40 seeds: 42% and 15%); a generator or a
  // pass drifting away from that shows here.
  expect(jams.programs).toBeGreaterThan(0);
  expect(jams.either).toBeGreaterThanOrEqual(0.3 * jams.programs);
  expect(jams.reverse).toBeGreaterThanOrEqual(0.08 * jams.programs);
  expect(differences.unstable).toBeLessThanOrEqual(0.02 * differences.made);
});
