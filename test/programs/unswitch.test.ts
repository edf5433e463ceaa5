/**
 * Unswitching on exactSizes (packages/core/src/optimize/exact.ts): an innermost loop that tests the flag runs as two
 * loops, one with the flag resolved to true (counters computed, no stack calls) and the original. Checked against
 * finite differences and by the dot-product test with integer sizes (the first loop) and non-integer ones (the
 * second), directly and through a caller.
 */
import { vjpOf } from "../helpers/compile";
import { checkBothWays } from "../helpers/shaped";

const triangle = `
// @differentiate
export function triangle(L: Float64Array, v: Float64Array, d: number): number {
  const q = new Float64Array(v.length);
  for (let pass = 1; pass <= 2; pass++) {
    let lt = d; // an integer only when d is one: lt++ is undone by lt -= 1 only under exactSizes
    for (let col = 0; col < d; col++) {
      for (let row = col + 1; row < d; row++) {
        q[row] += L[lt - d] * v[col] * pass;
        lt++;
      }
    }
  }
  let s = 0;
  for (let j = 0; j < v.length; j++) s += Math.sin(q[j]) * v[j];
  return s;
}`;

/** The statements of each `if (exactSizes) { … }` branch, up to its closing brace. */
function exactBranches(code: string): string[] {
  return code
    .split("if (exactSizes) {")
    .slice(1)
    .map((rest) => {
      const indent = /\n(\s*)\}/.exec(rest.slice(rest.indexOf("\n")))?.[1] ?? "";
      return rest.split(`\n${indent.slice(4)}}`)[0];
    });
}

test("the triangle's inner loops run without stack calls when the sizes are integers", () => {
  const vjp = vjpOf(triangle, "triangle", "[0, 1]");
  const branches = exactBranches(vjp);
  // The forward loop records `lt` only for non-integer sizes; the reverse loop counts it down.
  expect(branches.length).toBeGreaterThanOrEqual(2);
  for (const branch of branches)
    expect(branch).not.toMatch(/\.pop\(\)|\.push\(|tape_top|tape_data|control_top|exactSizes \?/);
  expect(branches.some((b) => /lt -= 1;/.test(b))).toBe(true);
  expect(vjp).toMatch(/lt = exactSizes \? lt - 1 : tape_data\[--tape_top\];/);
  const values = (n: number, seed: number) => Float64Array.from({ length: n }, (_, k) => Math.cos(seed + k) * 0.9);
  checkBothWays(
    triangle,
    "triangle",
    "L: Float64Array, v: Float64Array, d: number",
    [
      [values(10, 1), values(5, 2), 5],
      [values(10, 3), values(5, 4), 4.5],
      [values(3, 5), values(3, 6), 0],
    ],
    { fixed: [2] },
  );
});
