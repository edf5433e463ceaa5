/**
 * Negations folded into the additions that use them (packages/core/src/simplify/negations.ts): a local that only
 * holds `-u` on its way into a sum is kept as `minus_…` and subtracted instead. Checked against derivatives written
 * by hand, finite differences and the dot-product test, on programs dense in subtractions and negations, including
 * locals that live across iterations or branches (which keep their sign).
 */
import { compile, vjpOf } from "../helpers/compile";
import { checkBothWays } from "../helpers/shaped";
import { expectClose } from "../helpers/check";
import { ROSENBROCK as rosenbrock } from "../helpers/sources";

test("Rosenbrock's reverse loop negates nothing, and its gradient is the one written by hand", () => {
  const loop = vjpOf(rosenbrock, "rosenbrock").split("while")[1];
  // Before: 'x_i_bar = -b_bar; x_i_times_x_i_bar = -a_bar; x_i_bar += 2 * x_i * x_i_times_x_i_bar'.
  expect(loop).not.toMatch(/= -|-\(/);
  expect(loop).toMatch(/minus_x_i_bar = b_bar;/);
  expect(loop).toMatch(/x_bar\[i\] = x_bar_carry - minus_x_i_bar;/);

  const out = compile({
    "main.ts": `${rosenbrock}\nimport { grad } from "cotangent";\nexport const g = grad(rosenbrock);`,
  });
  expect(out.diagnostics).toEqual([]);
  const m = out.load("main.ts");
  for (const n of [0, 1, 2, 9]) {
    const x = Float64Array.from({ length: n }, (_, k) => Math.cos(1.3 * k) * 1.1);
    const expected = new Array<number>(n).fill(0);
    for (let i = 0; i < n - 1; i++) {
      const a = x[i + 1] - x[i] * x[i];
      expected[i] += -400 * a * x[i] - 2 * (1 - x[i]);
      expected[i + 1] += 200 * a;
    }
    const gradient = m.g(x) as Float64Array;
    expect(gradient).toHaveLength(n);
    gradient.forEach((g, k) => expectClose(g, expected[k], 1e-14, `x_bar[${k}] at n = ${n}`));
  }
});

test("subtractions, negations and quotients everywhere, with adjoints that live across a loop and a branch", () => {
  const source = `
// @differentiate
export function signs(x: number, y: number, z: number[]): number {
  const a = 1 - x;
  const b = y - x * a;
  const c = -b * Math.sin(a);
  let s = -(c / (2 - y));
  for (let i = 0; i < z.length; i++) {
    const d = z[i] - a;
    s -= d * d - c / (3 + y * y);
    if (d > 0) s = -s + (x - d);
    else s -= -(y - z[i]) * d;
  }
  return s * (x - y) - -a;
}`;
  const z = [0.4, -0.7, 1.3, 0.2];
  checkBothWays(source, "signs", "x: number, y: number, z: number[]", [
    [0.3, 0.8, z],
    [-1.1, 0.25, z.map((v) => -v)],
    [0.9, -0.6, []],
  ]);
  expect(vjpOf(source, "signs", "[0, 1, 2]")).toMatch(/minus_/);
});

test("primal values keep their sign of zero: only derivatives are negated", () => {
  // b is +0 at (0.5, 0.5), and atan2(+0, -1) is π while atan2(-0, -1) is -π: b must not become a negated local.
  const source = `
// @differentiate
export function f(x: number, y: number): number {
  let b = -x;
  b += y;
  const e = -b * y;
  return Math.atan2(b, -1) + e;
}`;
  const out = compile({
    "main.ts": `${source}\nimport { jvp, valueAndGrad } from "cotangent";
export const t = (dx: number, dy: number) => jvp(f, [0.5, 0.5], [dx, dy]);
export const g = valueAndGrad(f, [0, 1]);`,
  });
  expect(out.diagnostics).toEqual([]);
  const m = out.load("main.ts");
  const [value, tangent] = m.t(1, 0) as [number, number];
  expect(value).toBe(Math.PI);
  // ∂f/∂x = -(atan2's ∂/∂b = -1 / (b² + 1) at b = 0) + y = 1 + 0.5.
  expectClose(tangent, 1.5, 1e-15, "tangent along x");
  const [gValue, [xBar, yBar]] = m.g(0.5, 0.5) as [number, [number, number]];
  expect(gValue).toBe(Math.PI);
  expectClose(xBar, 1.5, 1e-15, "x_bar");
  // ∂f/∂y = atan2's ∂/∂b · 1 + ∂e/∂y = -1 + (-(b) - y) = -1 - 0.5.
  expectClose(yBar, -1.5, 1e-15, "y_bar");
});
