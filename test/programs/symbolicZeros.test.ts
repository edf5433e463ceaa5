/**
 * Symbolic zeros (reverse/symbolicZeros.ts): a value computed before a branch, or before a loop that may not run,
 * and read only where it does, gets no adjoint; its contributions are 0 even where its partial derivative is
 * infinite or NaN. Before the pass, reverse mode gave NaN at those points while forward mode (and JAX) gave the
 * right value. Each program is checked at its singular points against its derivative derived by hand and against
 * forward mode, and away from them against central differences.
 */
import { compile } from "../helpers/compile";
import { centralDifference, relativeError } from "../helpers/check";

interface Case {
  readonly name: string;
  readonly source: string;
  /** Points, with the gradient there derived by hand. */
  readonly singular: readonly (readonly [readonly number[], readonly number[]])[];
  /** Points away from the singularities, for central differences. */
  readonly regular: readonly (readonly number[])[];
  /** Parameters that are counts: no central difference in them. */
  readonly counts?: readonly number[];
}

const cases: readonly Case[] = [
  {
    name: "a square root taken before the test that guards its use",
    source: `export function f(x: number): number {
  const r = Math.sqrt(x);
  if (x > 0) return r;
  return 0;
}`,
    singular: [
      [[-1], [0]],
      [[0], [0]],
    ],
    regular: [[4], [0.3]],
  },
  {
    name: "sinc with its quotient computed first",
    source: `export function f(x: number): number {
  const s = Math.sin(x) / x;
  return x === 0 ? 1 : s;
}`,
    singular: [[[0], [0]]],
    regular: [[0.7], [-2]],
  },
  {
    name: "a logarithm chosen only where its argument is positive",
    source: `export function f(x: number): number {
  const l = Math.log(x);
  return x > 0 ? l * 2 : x;
}`,
    singular: [
      [[0], [1]],
      [[-3], [1]],
    ],
    regular: [[2], [0.5]],
  },
  {
    name: "a vector normalized unless it is zero",
    source: `export function f(x: number, y: number): number {
  const n = Math.hypot(x, y);
  const inv = 1 / n;
  return n > 0 ? x * inv : 0;
}`,
    singular: [
      [
        [0, 0],
        [0, 0],
      ],
    ],
    regular: [
      [0.6, -0.8],
      [2, 1],
    ],
  },
  {
    name: "a logarithm in a loop, added only where its argument is positive",
    source: `export function f(x: number): number {
  let s = 0;
  for (let i = 0; i < 3; i++) {
    const l = Math.log(x - i);
    if (x - i > 0) s += l;
  }
  return s;
}`,
    singular: [
      [[0], [0]],
      [[1], [1]],
    ],
    regular: [[1.5], [2.5]],
  },
  {
    name: "a product with an infinite factor, read only in the other branch",
    source: `export function f(x: number, y: number): number {
  const l = Math.log(x);
  const m = l * y;
  return x > 0 ? m : y;
}`,
    singular: [
      [
        [0, 2],
        [0, 1],
      ],
    ],
    regular: [
      [1.5, 2],
      [0.5, -1],
    ],
  },
  {
    name: "a square root read only in a loop that runs no times",
    source: `export function f(x: number, n: number): number {
  const r = Math.sqrt(x);
  let t = 0;
  for (let i = 0; i < n; i++) t += r;
  return t + x;
}`,
    singular: [
      [
        [0, 0],
        [1, 0],
      ],
    ],
    regular: [
      [2, 3],
      [0.5, 1],
    ],
    counts: [1],
  },
  {
    name: "a helper's square root, read only where its argument is positive",
    source: `function root(t: number): number {
  return Math.sqrt(t);
}
export function f(x: number): number {
  const r = root(x);
  return x > 0 ? r : x;
}`,
    singular: [
      [[0], [1]],
      [[-1], [1]],
    ],
    regular: [[4], [0.3]],
  },
  {
    name: "a helper of two arguments whose logarithm is read in one branch only",
    source: `function weighted(a: number, b: number): number {
  return Math.log(a) * b;
}
export function f(x: number, y: number): number {
  const r = weighted(x, y);
  return x > 0 ? r : x * y;
}`,
    singular: [
      [
        [0, 2],
        [2, 0],
      ],
      [
        [-1, 2],
        [2, -1],
      ],
    ],
    regular: [
      [2, 3],
      [-0.5, 1.5],
    ],
  },
];

const files: Record<string, string> = {};
cases.forEach((c, k) => {
  const arity = c.singular[0][0].length;
  const argnums = Array.from({ length: arity }, (_, i) => i).join(", ");
  const params = Array.from({ length: arity }, (_, i) => `a${i}: number`).join(", ");
  const args = Array.from({ length: arity }, (_, i) => `a${i}`).join(", ");
  const directions = Array.from({ length: arity }, (_, i) => `d${i}: number`).join(", ");
  const tangents = Array.from({ length: arity }, (_, i) => `d${i}`).join(", ");
  files[`case${k}/main.ts`] = `import { grad, jvp } from "cotangent";
// @differentiate
${c.source}
export const g = grad(f, [${argnums}]);
export const t = (${params}, ${directions}) => jvp(f, [${args}], [${tangents}])[1];
`;
});
const out = compile(files);

describe("reverse mode gives no NaN where a value's use was skipped", () => {
  cases.forEach((c, k) => {
    test(c.name, () => {
      expect(out.diagnostics.filter((d) => d.startsWith(`case${k}/`))).toEqual([]);
      const m = out.load(`case${k}/main.ts`);
      const unit = (i: number, n: number) => Array.from({ length: n }, (_, j) => (j === i ? 1 : 0));
      for (const [point, expected] of c.singular) {
        expect(m.g(...point)).toEqual(expected);
        // Forward mode, one direction per input, agrees.
        const forward = point.map((_, i) => m.t(...point, ...unit(i, point.length)));
        expect(forward).toEqual(expected);
      }
      for (const point of c.regular) {
        const gradient = m.g(...point) as number[];
        gradient.forEach((g, i) => {
          if (c.counts?.includes(i)) return;
          const fd = centralDifference(m.f, point, unit(i, point.length));
          expect(relativeError(g, fd)).toBeLessThan(1e-7);
        });
      }
    });
  });
});
