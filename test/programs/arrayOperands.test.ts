/**
 * Array expressions where an array operand is expected, each built into a fresh local array as a `const` naming it
 * would (`arrayOperand`, packages/core/src/lower/arrayMethods.ts): an argument (`norm(x.map(f))`), the receiver of a
 * chain (`x.map(f).filter(p).reduce(g, 0)`), the array of a `for … of`, and `.length` of a filtered array; and a
 * typed array's `filter`, built as a `number[]` and copied. References: the gradient derived by hand, central
 * differences and the dot-product test (directly and through a caller's split sweeps).
 */
import { compile } from "../helpers/compile";
import { relativeError } from "../helpers/check";
import { checkBothWays } from "../helpers/shaped";

const source = `
import { grad } from "cotangent";

function norm(v: Float64Array): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i] * v[i];
  return Math.sqrt(s);
}

// @differentiate
export function f(x: Float64Array): number {
  const sq = (t: number) => t * t;
  let s = norm(x.map((t) => 2 * t)) + x.map(sq).filter((t) => t > 0.2).reduce((a, t) => a + t, 0);
  for (const v of x.slice(1)) s += Math.sin(v);
  const positive: Float64Array = x.filter((t) => t > 0);
  return s * positive.length + norm(x.filter((t) => t < 0));
}

export const g = grad(f);
`;

const x = Float64Array.from([0.5, -0.3, 0.8, -0.6]);

test("the gradient derived by hand", () => {
  const out = compile({ "main.ts": source });
  expect(out.diagnostics).toEqual([]);
  const gradient = out.load("main.ts").g(x) as Float64Array;
  const length = Math.hypot(...x);
  const negatives = Math.hypot(...x.filter((t) => t < 0));
  const count = x.filter((t) => t > 0).length;
  const expected = Array.from(x, (t, i) => {
    const inner = (4 * t) / (2 * length) + (t * t > 0.2 ? 2 * t : 0) + (i >= 1 ? Math.cos(t) : 0);
    return count * inner + (t < 0 ? t / negatives : 0);
  });
  expected.forEach((e, i) => expect(relativeError(gradient[i], e)).toBeLessThan(1e-14));
});

test("central differences and the dot-product test, directly and through a caller", () => {
  checkBothWays(source, "f", "x: Float64Array", [[x], [Float64Array.from([0.9, 0.1, -0.2, 0.7, -1.1])]]);
});
