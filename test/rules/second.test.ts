/**
 * Second derivatives of every rule (`hessian` and `hvp`, reverse over forward): each row of `cases.ts` becomes
 * `f(p) = <expr>` over `a = p[0], b = p[1], …`, and at its sampled and smooth special points
 * - the Hessian is symmetric (to rounding: its two triangles come from different sweeps),
 * - each Hessian column matches central differences of the reverse-mode gradient,
 * - `hvp` along a random direction matches central differences of the gradient along it.
 * Piecewise-constant rows (second derivative 0) and `Math.random` are checked for an exactly zero Hessian instead.
 */
import { expectClose, rng } from "../helpers/check";
import { compile } from "../helpers/compile";
import { cases, caseTitle, type RuleCase } from "./cases";

const PARAMS = ["a", "b", "c", "d"];
const SAMPLES = 4;

const rows = cases.map((c, i) => ({ c, i })).filter(({ c }) => c.arity > 0);

function moduleSource(): string {
  const parts = [`import { grad, hessian, hvp } from "cotangent";\n`];
  for (const { c, i } of rows) {
    const reads = PARAMS.slice(0, c.arity).map((p, k) => `  const ${p} = p[${k}];\n`);
    parts.push(
      `// ${caseTitle(c)}\n// @differentiate\nexport function f${i}(p: Float64Array): number {\n${reads.join("")}  return ${c.expr};\n}\n`,
      `export const hessian${i} = hessian(f${i});\nexport const hvp${i} = hvp(f${i});\nexport const grad${i} = grad(f${i});\n`,
    );
  }
  return parts.join("");
}

let m: Record<string, any>;
beforeAll(() => {
  const compiled = compile({ "rules.ts": moduleSource() });
  expect(compiled.diagnostics).toEqual([]);
  m = compiled.load("rules.ts");
});

/** Central differences of the gradient along `u`: ≈ H·u. */
function gradientDifference(gradient: (p: Float64Array) => Float64Array, p: readonly number[], u: readonly number[]) {
  const scale = Math.max(1, ...p.map(Math.abs));
  const h = 1e-5 * scale;
  const plus = gradient(Float64Array.from(p, (x, k) => x + h * u[k]));
  const minus = gradient(Float64Array.from(p, (x, k) => x - h * u[k]));
  return Array.from(plus, (g, k) => (g - minus[k]) / (2 * h));
}

const pointsOf = (c: RuleCase): number[][] => {
  let h = 0x9e3779b9;
  for (const ch of caseTitle(c)) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193);
  const random = rng(h >>> 0);
  const specials = (c.special ?? []).filter((s) => !s.gradient).map((s) => [...s.at]);
  return [...Array.from({ length: SAMPLES }, () => c.sample(random)), ...specials];
};

describe.each(rows.map(({ c, i }) => [caseTitle(c), c, i] as const))("%s", (_title, c, i) => {
  if (c.zero || c.random) {
    test("its Hessian is exactly zero", () => {
      const random = rng(7);
      const p = Float64Array.from(c.sample(random));
      const hessian = m[`hessian${i}`](p) as number[][];
      expect(hessian.flat().every((x) => x === 0)).toBe(true);
    });
    return;
  }

  test("Hessian symmetric and equal to central differences of the gradient; hvp likewise", () => {
    const fd = Math.max(1e-5, c.tolerance?.fd ?? 0);
    const random = rng(11 + i);
    for (const p of pointsOf(c)) {
      const hessian = m[`hessian${i}`](Float64Array.from(p)) as number[][];
      const where = `${caseTitle(c)} at [${p.join(", ")}]`;
      for (let r = 0; r < c.arity; r++) {
        for (let s = 0; s < r; s++) expectClose(hessian[r][s], hessian[s][r], 1e-12, `H symmetric ${where}`);
      }
      for (let j = 0; j < c.arity; j++) {
        const unit = p.map((_, k) => (k === j ? 1 : 0));
        const column = gradientDifference(m[`grad${i}`], p, unit);
        column.forEach((x, r) => expectClose(hessian[r][j], x, fd, `H[${r}][${j}] ${where}`));
      }
      const v = p.map(() => random() * 2 - 1);
      const product = Array.from(m[`hvp${i}`](Float64Array.from(p), Float64Array.from(v)) as Float64Array);
      const reference = gradientDifference(m[`grad${i}`], p, v);
      product.forEach((x, r) => expectClose(x, reference[r], fd, `hvp[${r}] ${where}`));
      // The same second derivatives reached two ways: ⟨H·v, e_r⟩ from hvp and H[r]·v from the Hessian's rows.
      product.forEach((x, r) =>
        expectClose(
          x,
          hessian[r].reduce((sum, h, k) => sum + h * v[k], 0),
          1e-12,
          `hvp[${r}] and H·v ${where}`,
        ),
      );
    }
  });
});
