/**
 * The benchmark harness's bookkeeping, on synthetic inputs with known answers: the target evaluation and the merging
 * of the measurement processes' rounds. (Timing
 * itself is not tested: `npm test` times nothing; the peak-tape reading is the runtime's, tested there.)
 */
import { evaluateTargets, type Row } from "../src/harness/targets";
import { finiteDifferenceGradient, relativeNormError } from "../src/harness/check";
import type { Timing } from "../src/harness/measure";
import { mergeRounds, PROCESS_GROUPS } from "../src/harness/processes";

const timing = (median: number): Timing => ({
  median,
  min: median,
  max: median,
  q1: median,
  q3: median,
  samples: 5,
  batch: 1,
});

test("targets: Rosenbrock's limits, the n = 1e5 jax-js and n = 1e3 rose factors, and the empty tape", () => {
  const row: Row = {
    problem: "rosenbrock",
    label: "n=1e5",
    size: 1e5,
    timings: { primal: timing(1), reverse: timing(2.5), hand: timing(2), "jax-js": timing(6), rose: timing(2) },
    notes: {},
    missing: {},
    tapeBytes: 0,
  };
  const byName = Object.fromEntries(evaluateTargets(row).map((t) => [t.target, t]));
  expect(byName["reverse/primal ≤ 3"]).toMatchObject({ value: 2.5, met: true });
  expect(byName["reverse/hand ≤ 1.3"]).toMatchObject({ value: 1.25, met: true });
  expect(byName["jax-js/reverse ≥ 3 at n=1e5"]).toMatchObject({ value: 2.4, met: false });
  expect(byName["rose/reverse > 1"]).toMatchObject({ value: 0.8, met: false });
  expect(byName["tape bytes = 0"]).toMatchObject({ value: 0, met: true });
  // Peers that did not run are not targets, and the n = 1e3 rose target applies at n = 1e3 only.
  expect(byName["tfjs-cpu/reverse > 1"]).toBeUndefined();
  expect(byName["rose/reverse ≥ 10 at n=1e3"]).toBeUndefined();
});

test("finite differences and the norm-wise error on a quadratic with a known gradient", () => {
  const x = new Float64Array([0.5, -2, 3]);
  const instance = {
    problem: "quadratic",
    label: "n=3",
    size: 3,
    inputs: [x],
    direction: [x],
    objective: () => x[0] * x[0] + 3 * x[1] * x[2],
    columns: [],
    missing: [],
  };
  const exact = [2 * x[0], 3 * x[2], 3 * x[1]];
  expect(relativeNormError(finiteDifferenceGradient(instance), exact)).toBeLessThan(1e-9);
  expect(relativeNormError([1, 0], [1, 0])).toBe(0);
  expect(relativeNormError([1], [1, 0])).toBe(Infinity);
});

test("rounds of the measurement processes merge: lower median per column, reasons for what did not run", () => {
  const base = { problem: "gmm", label: "d=2", size: 10, notes: {}, missing: {} };
  const ours = [
    { ...base, timings: { primal: timing(1), reverse: timing(2.5) }, tapeBytes: 64 },
    { ...base, timings: { primal: timing(1.2), reverse: timing(2) } },
  ];
  const tfjsCpu = [
    { ...base, timings: { "tfjs-cpu": timing(50) }, notes: { "tfjs-cpu": "float32" } },
    "its measurement process exited with code 1",
  ];
  const tfjsWasm = [{ ...base, timings: {}, missing: { "tfjs-wasm": "kernel not registered" } }];
  const jax = ["its measurement process exited with SIGKILL", "its measurement process had exited"];
  const row = mergeRounds([ours, tfjsCpu, tfjsWasm, jax]);
  expect(PROCESS_GROUPS[3]).toEqual(["jax-js"]);
  expect(row.timings).toEqual({ primal: timing(1), reverse: timing(2), "tfjs-cpu": timing(50) });
  expect(row.notes).toEqual({ "tfjs-cpu": "float32" });
  expect(row.missing).toEqual({
    "tfjs-wasm": "kernel not registered",
    "jax-js": "its measurement process exited with SIGKILL",
  });
  expect(row.tapeBytes).toBe(64);
  expect(() => mergeRounds([["its measurement process exited with code 1"]])).toThrow(/could not be measured/);
});
