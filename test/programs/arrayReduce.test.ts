/**
 * Reduces whose accumulator is an array (packages/core/src/lower/arrayReduce.ts), over an array, a matrix's rows and
 * backwards: each step's new array copied into the accumulator, as 'h = step(h)' in a loop. References: the same
 * functions written as loops (an independent route through the compiler), central differences and the dot-product
 * test. The forward pass over records that hold matrices is in recordColumns.test.ts.
 */
import { compile, cotangentCodes } from "../helpers/compile";
import { relativeError } from "../helpers/check";
import { checkBothWays } from "../helpers/shaped";

const reduced = `
// @differentiate
export function affine(x: number[]): number {
  const h = x.reduce((acc, v, k) => acc.map((a, j) => Math.sin(a * v) + j * k), [0.5, -0.3, 0.8]);
  return h[0] * h[1] + h[2];
}
// @differentiate
export function rows(x: number[]): number {
  const m = [x, x.map((v) => v * v), [1, 2]];
  const sums = m.reduceRight((acc, row) => acc.map((a, j) => a * 0.5 + row[j] * row[j]), [0, 0]);
  return sums[0] * sums[1];
}
`;

const looped = `
// @differentiate
export function affine(x: number[]): number {
  let h = [0.5, -0.3, 0.8];
  for (let k = 0; k < x.length; k++) {
    const v = x[k];
    h = h.map((a, j) => Math.sin(a * v) + j * k);
  }
  return h[0] * h[1] + h[2];
}
// @differentiate
export function rows(x: number[]): number {
  const m = [x, x.map((v) => v * v), [1, 2]];
  let acc = [0, 0];
  for (let r = m.length - 1; r >= 0; r--) {
    const row = m[r];
    acc = acc.map((a, j) => a * 0.5 + row[j] * row[j]);
  }
  return acc[0] * acc[1];
}
`;

test("reduces to arrays: the loops written out, central differences, the dot-product test", () => {
  const points = [[[0.3, -1.2]], [[1.5, 0.4]]] as const;
  for (const name of ["affine", "rows"]) {
    const ours = checkBothWays(reduced, name, "x: number[]", points);
    const loops = checkBothWays(looped, name, "x: number[]", points);
    ours.forEach(([g], k) =>
      Array.from(g as number[]).forEach((gi, i) =>
        expect(relativeError(gi, (loops[k][0] as number[])[i])).toBeLessThan(1e-13),
      ),
    );
  }
});

test("reduces to arrays that cannot be lowered are TS990121, with the reason", () => {
  const m = compile({
    "main.ts": `
function step(acc: number[], v: number): number[] {
  return acc.map((a) => a + v);
}
// @differentiate
export function named(x: number[]): number {
  const h = x.reduce(step, [0, 0]);
  return h[0];
}
// @differentiate
export function unnamed(x: number[]): number {
  const h = x.reduce(([a, b], v) => [a + v, b], [0, 0]);
  return h[0];
}
// JavaScript's accumulator is the initial array itself: written through it, or the result written, a copy differs.
// @differentiate
export function mutating(x: number[], y: number[]): number {
  const h = x.reduce((acc, v) => {
    acc[0] += v;
    return acc;
  }, y);
  return h[0] * y[0];
}
// @differentiate
export function aliased(x: number[], y: number[]): number {
  const h = x.reduce((acc) => acc, y);
  h[0] = 5;
  return y[0] * x[0];
}
// Where no step runs, h is m[0] itself, which the next line writes.
// @differentiate
export function row(x: number[], a: number[]): number {
  const m = [a.slice(), a.map((q) => q * 2)];
  const h = x.reduce((acc, v) => acc.map((q) => q * v), m[0]);
  m[0][0] = 7 * a[1];
  return h[0] * h[1];
}
// @differentiate
export function field(x: number[], a: number[]): number {
  const o = { v: a.slice(), w: 2 };
  const h = x.reduce((acc, q) => acc.map((t) => t * q), o.v);
  o.v[0] = 7 * a[1];
  return h[0] * h[1];
}
`,
  });
  expect(cotangentCodes(m.diagnostics)).toEqual([
    "7:13 990121",
    "12:13 990121",
    "18:13 990121",
    "26:13 990121",
    "34:13 990121",
    "41:13 990121",
  ]);
  expect(m.diagnostics[1]).toContain("its callback must name the accumulator");
  for (const written of m.diagnostics.slice(2, 4))
    expect(written).toContain("the accumulator, which JavaScript shares");
  expect(m.diagnostics[4]).toContain(
    "its initial array may be written through another name; start from a copy ('m[0].slice()')",
  );
  expect(m.diagnostics[5]).toContain("start from a copy ('o.v.slice()')");
});
