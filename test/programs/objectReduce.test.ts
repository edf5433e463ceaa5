/**
 * Reduces to an object of numbers (packages/core/src/lower/objectReduce.ts): statistics gathered in one pass
 * (sums, Welford's running mean and variance, a range), over an array, a matrix's rows and backwards, with the
 * accumulator named, destructured or nested. References: closed forms, the same functions written as loops (an
 * independent route through the compiler), central differences and the dot-product test.
 */
import { compile, cotangentCodes } from "../helpers/compile";
import { relativeError } from "../helpers/check";
import { checkBothWays } from "../helpers/shaped";

const reduced = `
// @differentiate
export function variance(x: number[]): number {
  const s = x.reduce((acc, v) => ({ sum: acc.sum + v, sq: acc.sq + v * v }), { sum: 0, sq: 0 });
  return s.sq / x.length - (s.sum / x.length) ** 2;
}
// Welford's algorithm, its step written as a block.
// @differentiate
export function welford(x: number[]): number {
  const w = x.reduce(
    (acc, v) => {
      const n = acc.n + 1;
      const d = v - acc.mean;
      const mean = acc.mean + d / n;
      return { n, mean, m2: acc.m2 + d * (v - mean) };
    },
    { n: 0, mean: 0, m2: 0 },
  );
  return w.m2 / w.n + w.mean;
}
// The fields trade places each step: each new field is computed before any is stored.
// @differentiate
export function traded(x: number[]): number {
  const r = x.reduceRight((acc, v) => ({ a: acc.b + v, b: acc.a * v }), { a: 1, b: 0.5 });
  return r.a * r.b;
}
// The accumulator destructured, nested, over a matrix's rows.
// @differentiate
export function centroid(pts: number[][], w: number[]): number {
  const c = pts.reduce(
    ({ at, total }, p, i) => ({ at: { x: at.x + w[i] * p[0], y: at.y + w[i] * p[1] }, total: total + w[i] }),
    { at: { x: 0, y: 0 }, total: 0 },
  );
  return Math.hypot(c.at.x / c.total, c.at.y / c.total);
}
// @differentiate
export function range(x: number[]): number {
  const { lo, hi } = x.reduce(({ lo, hi }, v) => ({ lo: Math.min(lo, v), hi: Math.max(hi, v) }), {
    lo: Infinity,
    hi: -Infinity,
  });
  return hi - lo;
}
`;

const looped = `
// @differentiate
export function variance(x: number[]): number {
  let sum = 0;
  let sq = 0;
  for (const v of x) {
    sum += v;
    sq += v * v;
  }
  return sq / x.length - (sum / x.length) ** 2;
}
// @differentiate
export function welford(x: number[]): number {
  let n = 0;
  let mean = 0;
  let m2 = 0;
  for (const v of x) {
    n++;
    const d = v - mean;
    mean += d / n;
    m2 += d * (v - mean);
  }
  return m2 / n + mean;
}
// @differentiate
export function traded(x: number[]): number {
  let a = 1;
  let b = 0.5;
  for (let i = x.length - 1; i >= 0; i--) {
    const nextA = b + x[i];
    b = a * x[i];
    a = nextA;
  }
  return a * b;
}
`;

const points = [[[0.3, -1.2, 0.8, 2.1]], [[1.5, 0.4, -0.7]]] as const;

test("reduces to objects of numbers: the loops written out, central differences, the dot-product test", () => {
  for (const name of ["variance", "welford", "traded"]) {
    const ours = checkBothWays(reduced, name, "x: number[]", points);
    const loops = checkBothWays(looped, name, "x: number[]", points);
    ours.forEach(([g], k) =>
      Array.from(g as number[]).forEach((gi, i) =>
        expect(relativeError(gi, (loops[k][0] as number[])[i])).toBeLessThan(1e-13),
      ),
    );
  }
  const [[gVariance]] = checkBothWays(reduced, "variance", "x: number[]", [[[0.3, -1.2, 0.8, 2.1]]]);
  // ∂var/∂xᵢ = 2(xᵢ − mean)/n.
  const x = [0.3, -1.2, 0.8, 2.1];
  const mean = x.reduce((a, b) => a + b) / x.length;
  x.forEach((xi, i) =>
    expect(relativeError((gVariance as number[])[i], (2 * (xi - mean)) / x.length)).toBeLessThan(1e-13),
  );
});

test("a nested, destructured accumulator over a matrix's rows, a range by min and max, a field read off a reduce", () => {
  const m = compile({
    "main.ts": `import { grad } from "cotangent";
${reduced}
// A field read straight off the reduce.
// @differentiate
export function meanSquare(x: number[]): number {
  return x.reduce((acc, v) => ({ n: acc.n + 1, sq: acc.sq + v * v }), { n: 0, sq: 0 }).sq / x.length;
}
export const gMeanSquare = grad(meanSquare);
export const gCentroid = grad(centroid, [0, 1]);
export const gRange = grad(range);
`,
  });
  expect(m.diagnostics).toEqual([]);
  const f = m.load("main.ts");
  const pts = [
    [0.5, 1.5],
    [-0.3, 0.8],
    [1.2, -0.4],
  ];
  const w = [0.2, 0.5, 0.3];
  const [gPts, gw] = f.gCentroid(pts, w);
  const h = 1e-6;
  const along = (set: (t: number) => void, at: number) => {
    set(at + h);
    const up = f.centroid(pts, w);
    set(at - h);
    const down = f.centroid(pts, w);
    set(at);
    return (up - down) / (2 * h);
  };
  expect(
    relativeError(
      gPts[1][0],
      along((t) => (pts[1][0] = t), pts[1][0]),
    ),
  ).toBeLessThan(1e-8);
  expect(
    relativeError(
      gPts[2][1],
      along((t) => (pts[2][1] = t), pts[2][1]),
    ),
  ).toBeLessThan(1e-8);
  expect(
    relativeError(
      gw[0],
      along((t) => (w[0] = t), w[0]),
    ),
  ).toBeLessThan(1e-8);
  expect(f.gMeanSquare([0.5, -2, 1])).toEqual([1 / 3, -4 / 3, 2 / 3]);
  // hi − lo: +1 at the largest element, −1 at the smallest.
  expect(Array.from(f.gRange([0.3, -1.2, 0.8, 2.1]))).toEqual([0, -1, 0, 1]);
});

test("reduces to objects that cannot be differentiated are TS990121, with the reason", () => {
  const m = compile({
    "main.ts": `
function step(acc: { a: number }, v: number): { a: number } {
  return { a: acc.a + v };
}
// @differentiate
export function named(x: number[]): number {
  const s = x.reduce(step, { a: 0 });
  return s.a;
}
// @differentiate
export function early(x: number[]): number {
  const s = x.reduce(
    (acc, v) => {
      if (v < 0) return acc;
      return { a: acc.a + v };
    },
    { a: 0 },
  );
  return s.a;
}
`,
  });
  const ours = m.diagnostics.filter((d) => / TS99\d+:/.test(d));
  expect(cotangentCodes(ours)).toEqual(["7:13 990121", "12:13 990121"]);
  expect(ours[1]).toContain("its callback must end with its only 'return'");
});
