/**
 * Loop tests computed once before the loop (packages/core/src/optimize/invariantTests.ts): `i < x.length - 1` reads
 * the length and subtracts once, in the gradient, the vjp and the jvp, and a loop whose bound is computed that way
 * reserves its tape once. Checked against finite differences and by the dot-product test (directly and through a
 * caller), and with near misses whose test must run again at every iteration: a bound the loop changes, a `number[]`
 * the loop grows by a push or by a store one past its end, an array a callee in the loop could resize.
 */
import { compile, printTransformed, vjpOf } from "../helpers/compile";
import { checkBothWays, compileShapedBatch } from "../helpers/shaped";
import { ROSENBROCK as rosenbrock } from "../helpers/sources";

const points = (sizes: readonly number[]) =>
  sizes.map((n) => [Float64Array.from({ length: n }, (_, k) => Math.cos(1.7 * k) * 0.9)] as const);

test("x.length - 1 is computed once, before the loop, in the gradient, the vjp and the jvp", () => {
  checkBothWays(rosenbrock, "rosenbrock", "x: Float64Array", points([0, 1, 2, 7]));
  const once =
    /x_length = x\.length;\n\s*x_length_minus_1 = x_length - 1;\n(\s*\S.*\n)*?\s*while \(i < x_length_minus_1\) \{/;
  const out = printTransformed({
    "main.ts": `${rosenbrock}\nimport { grad, jvp } from "cotangent";\nexport const g = grad(rosenbrock);\nexport const t = (x: Float64Array, u: Float64Array) => jvp(rosenbrock, [x], [u]);`,
  }).text["main.ts"];
  for (const derivative of ["rosenbrock_grad", "rosenbrock_jvp"]) {
    const text = out.split(`function ${derivative}(`)[1].split("\nfunction ")[0];
    expect(text).toMatch(once);
    expect(text).not.toMatch(/for \(;;\)/);
  }
  expect(vjpOf(rosenbrock, "rosenbrock")).toMatch(once);
});

test("a loop whose bound is computed before it reserves its tape once, for all its iterations", () => {
  const source = `
// @differentiate
export function chain(x: Float64Array, c: number): number {
  let h = 0.5;
  for (let t = 0; t < c - 1; t++) h = Math.sin(h * x[t] + 1);
  return h;
}`;
  checkBothWays(source, "chain", "x: Float64Array, c: number", [[Float64Array.from([0.3, -1.1, 0.7, 2]), 4]], {
    fixed: [1],
  });
  const vjp = vjpOf(source, "chain");
  expect(vjp).toMatch(
    /c_minus_1 = c - 1;\n(\s*\S.*\n)*?\s*tape_for_loop\w* = [^;]*c_minus_1 - t[^;]*;\n[^\n]*reserve[^\n]*\n\s*while \(t < c_minus_1\)/,
  );
  expect(vjp.split(/while \(t < c_minus_1\)/)[1].split("result = h;")[0]).not.toMatch(/reserve/);
});

/** Programs whose loop test must be computed again at every iteration: the value, and so the derivative, would change. */
const nearMisses = [
  {
    id: "bound",
    name: "shrinking",
    signature: "x: Float64Array, n: number",
    source: `
// @differentiate
export function shrinking(x: Float64Array, n: number): number {
  let s = 0;
  let m = n;
  for (let i = 0; i < m - 1; i++) {
    s += x[i] * x[i + 1];
    if (x[i] > 0) m -= 1;
  }
  return s;
}`,
    point: [Float64Array.from([0.5, -0.3, 0.8, 0.2, -0.6, 0.9]), 6],
  },
  {
    id: "push",
    name: "growing",
    signature: "x: Float64Array",
    source: `
// @differentiate
export function growing(x: Float64Array): number {
  const ys: number[] = [x[0], x[1]];
  let s = 0;
  for (let i = 0; i < ys.length - 1; i++) {
    if (ys.length < x.length) ys.push(ys[i] * 0.5 + x[ys.length]);
    s += ys[i] * ys[i + 1];
  }
  return s;
}`,
    point: [Float64Array.from([0.5, -0.3, 0.8, 0.2, -0.6])],
  },
] as const;

test("a bound the loop changes and an array the loop grows keep the test in the loop, and their derivatives", () => {
  const batch = compileShapedBatch(nearMisses);
  for (const program of nearMisses) {
    const entry = batch.get(program.id);
    expect(entry?.diagnostics).toEqual([]);
    entry?.checkBothWays([program.point], { fixed: program.id === "bound" ? [1] : [] });
    expect(vjpOf(program.source, program.name)).toMatch(/for \(;;\) \{\n[^]*?if \(!\(i < \w+\)\)\n\s*break;/);
  }
  // Bounds computed once would give 1 product while growing (4 here) and 5 while shrinking (3 here).
  const m = compile({ "main.ts": nearMisses.map((p) => p.source).join("\n") }).load("main.ts");
  const x = Float64Array.from([0.5, -0.3, 0.8, 0.2, -0.6]);
  const ys = [0.5, -0.3, 0.5 * 0.5 + 0.8, -0.3 * 0.5 + 0.2];
  ys.push(ys[2] * 0.5 - 0.6);
  expect(m.growing(x)).toBeCloseTo(
    ys.slice(1).reduce((s, y, k) => s + ys[k] * y, 0),
    14,
  );
  expect(m.shrinking(Float64Array.from([0.5, -0.3, 0.8, 0.2, -0.6, 0.9]), 6)).toBeCloseTo(
    0.5 * -0.3 + -0.3 * 0.8 + 0.8 * 0.2,
    14,
  );
});
