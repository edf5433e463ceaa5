/**
 * Sorting and reversing. Sorting: 'x.slice().sort(cmp)', '[...x].sort(cmp)', 'x.toSorted(cmp)', 'y.sort(cmp)' in place (a local or a
 * parameter), 'const s = y.sort(cmp)', and typed arrays' numeric default order. The derivative of a sort is the
 * permutation it applies, so each test checks the gradient against the one read off JavaScript's own sort of the same
 * values, plus finite differences and the dot-product test, and values against JavaScript's bit for bit. Reversing:
 * 'y.reverse()' in place, '[...x].reverse()', 'x.toReversed()', 'const r = y.reverse()', the same way.
 */
import { compile } from "../helpers/compile";
import { relativeError } from "../helpers/check";
import { checkShaped } from "../helpers/shaped";

const ES2023 = { lib: ["lib.es2023.d.ts"] };

/** The position in `x` of each element of `x` sorted by JavaScript with `compare` (ties: first come, first placed). */
function permutation(x: readonly number[], compare: (a: number, b: number) => number): number[] {
  return x
    .map((v, i) => ({ v, i }))
    .sort((p, q) => compare(p.v, q.v))
    .map((p) => p.i);
}

test("a weighted sum of the sorted values: the gradient is the weights sent back through JavaScript's permutation", () => {
  const source = `
// @differentiate
export function ordered(x: number[]): number {
  const s = x.slice().sort((a, b) => a - b);
  let t = 0;
  for (let i = 0; i < s.length; i++) t += (i + 1) * s[i] * s[i];
  return t;
}`;
  const random = (n: number, seed: number) => Array.from({ length: n }, (_, i) => Math.sin(seed * 7.1 + i * 3.7) * 2);
  // Lengths around the merge passes' powers of two.
  const points = [1, 2, 3, 7, 8, 9, 33].map((n, k) => random(n, k + 1));
  const gradients = checkShaped(
    source,
    "ordered",
    "x: number[]",
    points.map((p) => [p]),
  );
  const expected = (x: number[]) => {
    const g = new Array<number>(x.length).fill(0);
    permutation(x, (a, b) => a - b).forEach((from, i) => (g[from] += 2 * (i + 1) * x[from]));
    return g;
  };
  points.forEach((x, k) =>
    (gradients[k][0] as number[]).forEach((g, i) => expect(relativeError(g, expected(x)[i])).toBeLessThan(1e-12)),
  );
  // Repeated values, where the function has a kink: a stable sort keeps their order, so the one-sided derivative
  // taken is the one JavaScript's permutation gives.
  const ties = [0.5, -1, 0.5, 2, -1, 0.5];
  const tiesGradient = compile({
    "main.ts": source + '\nimport { grad } from "cotangent";\nexport const g = grad(ordered);',
  })
    .load("main.ts")
    .g(ties);
  expect(tiesGradient).toEqual(expected(ties));
  const x = random(50, 9);
  const s = x.slice().sort((a, b) => a - b);
  const value = s.reduce((t, v, i) => t + (i + 1) * v * v, 0);
  expect(compile({ "main.ts": source }).load("main.ts").ordered(x)).toBe(value);
});

test("comparators of other kinds: descending, by magnitude, and toSorted, which leaves its receiver alone", () => {
  const descending = `
// @differentiate
export function topTwo(x: number[]): number {
  const s = [...x].sort((a, b) => b - a);
  return s[0] + 0.5 * s[1];
}`;
  const source = `${descending}
// @differentiate
export function smallestMagnitude(x: number[], w: number): number {
  const s = x.toSorted((a, b) => Math.abs(a) - Math.abs(b));
  return w * s[0] + s[s.length - 1] * x[0];
}`;
  const x = [0.5, -2.5, 1.25, 3, -0.25];
  const out = compile({ "main.ts": source }, ES2023);
  expect(out.diagnostics).toEqual([]);
  const m = out.load("main.ts");
  expect(m.topTwo(x)).toBe(3 + 0.5 * 1.25);
  expect(m.smallestMagnitude(x, 2)).toBe(2 * -0.25 + 3 * 0.5);
  const [[gTop]] = checkShaped(descending, "topTwo", "x: number[]", [[x]]);
  expect(gTop).toEqual([0, 0, 0.5, 1, 0]);
  const harness = `
import { grad } from "cotangent";
export const g = grad(smallestMagnitude, [0, 1]);`;
  const [gx, gw] = compile({ "main.ts": source + harness }, ES2023)
    .load("main.ts")
    .g(x, 2);
  // s[0] = x[4] (|−0.25|), s[last] = x[3] (3), times x[0].
  expect(gx).toEqual([3, 0, 0, 0.5, 2]);
  expect(gw).toBe(-0.25);
});

test("sorting in place: a local, a parameter (the caller's array is sorted too), and 'const s = y.sort(cmp)'", () => {
  const source = `
import { grad } from "cotangent";
// @differentiate
export function local(x: number[]): number {
  const y = x.map((v) => v * v);
  y.sort((a, b) => a - b);
  return y[0] + 2 * y[1] + 3 * y[2];
}
// @differentiate
export function parameter(x: number[]): number {
  x.sort((a, b) => a - b);
  return x[0] * 2 + x[1];
}
// @differentiate
export function named(x: number[]): number {
  const y = x.slice();
  const s = y.sort((a, b) => b - a);
  return s[0] * y[1];
}
export const localGrad = grad(local);
export const parameterGrad = grad(parameter);
export const namedGrad = grad(named);
`;
  const out = compile({ "main.ts": source });
  expect(out.diagnostics).toEqual([]);
  const m = out.load("main.ts");
  // y = [0.25, 0.04, 0.81] sorted: [0.04 (x1), 0.25 (x0), 0.81 (x2)].
  const [g0, g1, g2] = m.localGrad([0.5, -0.2, 0.9]);
  expect([g0, g1, g2].map((g: number, i: number) => relativeError(g, [2 * 2 * 0.5, 2 * -0.2, 3 * 2 * 0.9][i]))).toEqual(
    [0, 0, 0],
  );
  const x = [0.5, -0.2, 0.9];
  // The generated code makes the primal's writes: x is sorted, and the gradient is with respect to its entry values.
  expect(m.parameterGrad(x)).toEqual([1, 2, 0]);
  expect(x).toEqual([-0.2, 0.5, 0.9]);
  // s and y are one array, sorted descending: s[0]·y[1] = 0.9 · 0.5.
  expect(m.named([0.5, -0.2, 0.9])).toBe(0.9 * 0.5);
  expect(m.namedGrad([0.5, -0.2, 0.9])).toEqual([0.9, 0, 0.5]);
  checkShaped(source, "local", "x: number[]", [[[0.5, -0.2, 0.9, 1.5]]]);
});

test("a typed array's default order is numeric, NaN last and -0 before +0, as JavaScript's", () => {
  const source = `
import { valueAndGrad } from "cotangent";
// @differentiate
export function spread(x: Float64Array): number {
  const s = Float64Array.from(x).sort();
  return s[s.length - 1] - s[0] + 0.25 * s[1];
}
// @differentiate
export function sorted(x: Float64Array): Float64Array {
  return x.slice().sort();
}
export const spreadWithGradient = valueAndGrad(spread);
`;
  const out = compile({ "main.ts": source });
  expect(out.diagnostics).toEqual([]);
  const m = out.load("main.ts");
  const x = new Float64Array([0.5, -2, 10, 9, 1]);
  const [value, gradient] = m.spreadWithGradient(x);
  expect(value).toBe(10 - -2 + 0.25 * 0.5);
  expect(Array.from(gradient)).toEqual([0.25, -1, 1, 0, 0]);
  const tricky = new Float64Array([0, NaN, -0, 3, -Infinity, 0, -0, NaN, 2]);
  const ours = m.sorted(tricky);
  const theirs = tricky.slice().sort();
  expect(Array.from(ours).map((v) => (Object.is(v, -0) ? "-0" : v))).toEqual(
    Array.from(theirs).map((v) => (Object.is(v, -0) ? "-0" : v)),
  );
  checkShaped(source, "spread", "x: Float64Array", [[x]]);
});

test("a number[] sorted without a comparator is TS990076, since JavaScript compares the numbers as text", () => {
  const out = compile({
    "main.ts": `
// @differentiate
export function f(x: number[]): number { const s = x.slice().sort(); return s[0]; }
`,
  });
  expect(out.diagnostics).toEqual([
    expect.stringMatching(
      /^main\.ts:3:52 - error TS990076: 'x\.slice\(\)\.sort\(\)' would compare the numbers as text/,
    ),
  ]);
});

test("reversing: in place, a copy, toReversed and 'const r = y.reverse()', against the reversed weights", () => {
  const source = `
import { grad } from "cotangent";
// @differentiate
export function horner(c: number[], t: number): number {
  const high = [...c].reverse();
  let p = 0;
  for (const ck of high) p = p * t + ck;
  return p;
}
// @differentiate
export function weighted(x: Float64Array): number {
  const y = x.map((v) => v * v);
  y.reverse();
  const r = y.reverse();
  r.reverse();
  let s = 0;
  for (let i = 0; i < y.length; i++) s += (i + 1) * y[i];
  return s;
}
// @differentiate
export function parameter(x: number[]): number {
  x.reverse();
  return x[0] - 2 * x[x.length - 1];
}
export const weightedGrad = grad(weighted);
export const parameterGrad = grad(parameter);
`;
  const c = [0.5, -1, 2, 0.25];
  const t = 1.3;
  const [[gc, gt]] = checkShaped(source, "horner", "c: number[], t: number", [[c, t]]);
  // p(t) = Σ cₖ tᵏ evaluated from the highest coefficient: ∂p/∂cₖ = tᵏ, ∂p/∂t = Σ k cₖ tᵏ⁻¹.
  (gc as number[]).forEach((g, k) => expect(relativeError(g, t ** k)).toBeLessThan(1e-12));
  expect(
    relativeError(
      gt as number,
      c.reduce((s, ck, k) => s + k * ck * t ** (k - 1), 0),
    ),
  ).toBeLessThan(1e-12);
  const m = compile({ "main.ts": source }).load("main.ts");
  // Three reversals leave y reversed once: s = Σ (i + 1) x[n-1-i]², so ∂/∂x[j] = 2 (n - j) x[j].
  const x = new Float64Array([0.5, -1.5, 2, 0.25]);
  expect(Array.from(m.weightedGrad(x))).toEqual(Array.from(x, (v, j) => 2 * (x.length - j) * v));
  expect(m.weighted(x)).toBe(
    Array.from(x, (v) => v * v)
      .reverse()
      .reduce((s, v, i) => s + (i + 1) * v, 0),
  );
  checkShaped(source, "weighted", "x: Float64Array", [[x]]);
  const p = [0.5, -1, 2];
  expect(m.parameterGrad(p)).toEqual([-2, 0, 1]);
  expect(p).toEqual([2, -1, 0.5]);
  const copied = compile(
    {
      "main.ts": `
import { grad } from "cotangent";
// @differentiate
export function lastFirst(x: number[]): number {
  const r = x.toReversed();
  return r[0] * 3 + r[1] * x[0];
}
export const g = grad(lastFirst);
`,
    },
    ES2023,
  );
  expect(copied.diagnostics).toEqual([]);
  // r = [x2, x1, x0]: 3·x2 + x1·x0, and x itself is left alone.
  const q = [0.5, -1, 2];
  expect(copied.load("main.ts").g(q)).toEqual([-1, 0.5, 3]);
  expect(q).toEqual([0.5, -1, 2]);
});

test("in-place reorderings chain ('y.reverse().sort(cmp)'); a parameter's matrix's row is refused with TS990093", () => {
  const out = compile({
    "main.ts": `
import { grad } from "cotangent";
// @differentiate
export function chained(x: number[]): number {
  const y = x.slice();
  y.reverse().sort((a, b) => b - a).reverse();
  return y[0] * 3 + y[1];
}
export const g = grad(chained);
`,
  });
  expect(out.diagnostics).toEqual([]);
  // Ascending at the end: y = [x1, x0, x2] for x = [0.5, -0.2, 0.9].
  expect(out.load("main.ts").g([0.5, -0.2, 0.9])).toEqual([1, 3, 0]);
  const refused = compile({
    "main.ts": `
// @differentiate
export function f(m: number[][]): number { m[0].sort((a, b) => a - b); return m[0][0]; }
`,
  });
  expect(refused.diagnostics).toEqual([
    expect.stringMatching(
      /^main\.ts:3:44 - error TS990093: Cannot write into 'm\[0\]': a differentiated function writes/,
    ),
  ]);
});
