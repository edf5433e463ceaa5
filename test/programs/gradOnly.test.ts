/**
 * grad's own function (`f_grad`): the vjp's body for the seed 1, without what only computed the value it does not
 * return. Every corpus and shaped check compares its gradient with the vjp's bit for bit (helpers/check.ts,
 * helpers/shaped.ts); these tests pin what it leaves out, and what it must keep.
 */
import { compile, printTransformed } from "../helpers/compile";
import { ROSENBROCK as rosenbrock } from "../helpers/sources";

/** The body of `name`'s generated grad function, without comment lines. */
function gradFunction(source: string, name: string): string {
  const text = printTransformed({
    "main.ts": `${source}\nimport { grad } from "cotangent";\nexport const g = grad(${name});`,
  }).text["main.ts"];
  return text
    .split(`function ${name}_grad(`)[1]
    .split("\n}\n")[0]
    .split("\n")
    .filter((line) => !line.trim().startsWith("//"))
    .join("\n");
}

test("Rosenbrock's gradient computes no sum: its loop only propagates adjoints", () => {
  const body = gradFunction(rosenbrock, "rosenbrock");
  expect(body).not.toMatch(/\bs \+= /);
  expect(body).not.toMatch(/\bresult\b/);
  expect(body).toMatch(/return x_bar;$/);
  const m = compile({
    "main.ts": `${rosenbrock}\nimport { grad, valueAndGrad } from "cotangent";
export const g = grad(rosenbrock);
export const vg = valueAndGrad(rosenbrock);`,
  }).load("main.ts");
  const x = Float64Array.from({ length: 9 }, (_, k) => Math.cos(k) * 1.1);
  // Hand-derived: ∂/∂xᵢ = −400·xᵢ·(xᵢ₊₁ − xᵢ²) − 2·(1 − xᵢ) + 200·(xᵢ − xᵢ₋₁²).
  const expected = Array.from(x, (xi, i) => {
    let g = 0;
    if (i + 1 < x.length) g += -400 * xi * (x[i + 1] - xi * xi) - 2 * (1 - xi);
    if (i > 0) g += 200 * (xi - x[i - 1] * x[i - 1]);
    return g;
  });
  const got: Float64Array = m.g(x);
  expected.forEach((e, i) => expect(Math.abs(got[i] - e)).toBeLessThan(1e-12 * Math.max(1, Math.abs(e))));
  expect(got).toEqual(m.vg(x)[1]);
});

test("a Math.random() call whose value is unused stays: the next draw depends on it", () => {
  const source = `
// @differentiate
export function noisy(x: number): number {
  const skipped = Math.random();
  const r = Math.random();
  return x * x * r;
}`;
  expect(gradFunction(source, "noisy").match(/Math\.random\(\)/g)).toHaveLength(2);
  const m = compile({
    "main.ts": `${source}\nimport { grad } from "cotangent";\nexport const g = grad(noisy);`,
  }).load("main.ts");
  const random = Math.random;
  const draws = [0.25, 0.75];
  Math.random = () => draws.shift() as number;
  try {
    // d/dx x²·r = 2·x·r with r the second draw.
    expect(m.g(1.5)).toBe(2 * 1.5 * 0.75);
  } finally {
    Math.random = random;
  }
});
