/**
 * Array queries with no derivative of their own (packages/core/src/lower/arraySearches.ts): indexOf, findIndex,
 * includes and at, lowered to loops whose positions the derivatives reuse. Checked against JavaScript's own methods
 * on the same inputs (through the primal), derivatives written by hand, finite differences and the dot product.
 */
import { compile } from "../helpers/compile";
import { checkBothWays } from "../helpers/shaped";
import { expectClose } from "../helpers/check";

const source = `
// @differentiate
export function picks(x: number[], w: Float64Array, t: number): number {
  const k = x.findIndex((v, i) => v > t && i > 0);
  const j = x.indexOf(x[2]);
  const none = w.indexOf(t);
  const first = k >= 0 ? x[k] * x[k] : t * t;
  const last = x.at(-1)! * (w.at(1) ?? 2) + (w.at(5) ?? t);
  const has = w.includes(NaN) || x.includes(t);
  return first + (has ? 3 * last : last) + j * x[j] + none * w[0];
}`;

/** The same function written with JavaScript's methods: the reference for values and, by hand, for derivatives. */
function reference(
  x: number[],
  w: Float64Array,
  t: number,
): { value: number; xBar: number[]; wBar: number[]; tBar: number } {
  const k = x.findIndex((v, i) => v > t && i > 0);
  const j = x.indexOf(x[2]);
  const none = w.indexOf(t);
  const has = w.includes(NaN) || x.includes(t);
  const scale = has ? 3 : 1;
  const w1 = w.length > 1 ? w[1] : 2;
  const w5 = w.length > 5 ? w[5] : t;
  const n = x.length;
  const xBar = new Array<number>(n).fill(0);
  const wBar = new Array<number>(w.length).fill(0);
  let tBar = 0;
  if (k >= 0) xBar[k] += 2 * x[k];
  else tBar += 2 * t;
  xBar[n - 1] += scale * w1;
  if (w.length > 1) wBar[1] += scale * x[n - 1];
  if (w.length > 5) wBar[5] += scale;
  else tBar += scale;
  xBar[j] += j;
  wBar[0] += none;
  const first = k >= 0 ? x[k] * x[k] : t * t;
  const last = x[n - 1] * w1 + w5;
  return { value: first + scale * last + j * x[j] + none * w[0], xBar, wBar, tBar };
}

test("indexOf, findIndex, includes and at find what JavaScript's methods find, and differentiate through it", () => {
  const out = compile({
    "main.ts": `${source}\nimport { valueAndGrad } from "cotangent";\nexport const g = valueAndGrad(picks, [0, 1, 2]);`,
  });
  expect(out.diagnostics).toEqual([]);
  const g = out.load("main.ts").g;
  const cases: [number[], number[], number][] = [
    [[0.3, -1.2, 0.8, 1.5], [0.5, 0.25, 2], 0.4],
    [[0.3, 0.8, 0.8, 1.5], [0.5, 0.25, 2, 1, 1, 7], 5],
    [[0.3, -1.2, 0.8, 1.5], [0.5, Number.NaN, 2], 1.5],
    [[2, 1, 0.8, 0.4], [0.4], 0.4],
  ];
  for (const [x, w, t] of cases) {
    const expected = reference(x, Float64Array.from(w), t);
    const [value, [xBar, wBar, tBar]] = g(x, Float64Array.from(w), t) as [number, [number[], Float64Array, number]];
    const at = `x = ${x}, w = ${w}, t = ${t}`;
    if (Number.isNaN(expected.value)) {
      expect(value).toBeNaN();
      continue;
    }
    expectClose(value, expected.value, 1e-14, `value at ${at}`);
    x.forEach((_, i) => expectClose(xBar[i], expected.xBar[i], 1e-14, `x_bar[${i}] at ${at}`));
    w.forEach((_, i) => expectClose(wBar[i], expected.wBar[i], 1e-14, `w_bar[${i}] at ${at}`));
    expectClose(tBar, expected.tBar, 1e-14, `t_bar at ${at}`);
  }
  // Finite differences only where no found position moves under a small step (x[1] === x[2] is such a tie).
  checkBothWays(source, "picks", "x: number[], w: Float64Array, t: number", [
    [[0.3, -1.2, 0.8, 1.5], Float64Array.from([0.5, 0.25, 2]), 0.4],
    [[0.3, 0.9, 0.8, 1.5], Float64Array.from([0.5, 0.25, 2, 1, 1, 7]), 5],
  ]);
});

test("a start position or a second argument is reported, not ignored", () => {
  const out = compile({
    "main.ts": `
// @differentiate
export function f(x: number[]): number { return x.indexOf(2, 1) * x[0]; }`,
  });
  expect(out.diagnostics).toEqual([
    expect.stringMatching(/^main\.ts:3:\d+ - error TS990021: 'indexOf with 2 arguments'/),
  ]);
});

test("searching a matrix's rows is reported as an array operation", () => {
  const out = compile({
    "main.ts": `
// @differentiate
export function f(m: number[][], x: number): number { return m.findIndex((row) => row[0] > 0) * x; }`,
  });
  expect(out.diagnostics).toEqual([expect.stringMatching(/^main\.ts:3:\d+ - error TS990021: 'm\.findIndex\(/)]);
});

test("lastIndexOf, findLastIndex, find and findLast find what JavaScript's methods find", () => {
  const source = `
// @differentiate
export function lasts(x: number[], t: number): number {
  const k = x.lastIndexOf(x[0]);
  const j = x.findLastIndex((v, i) => v > t && i < x.length - 1);
  const first = x.find((v) => v < t) ?? t * t;
  const last = x.findLast((v) => v > 2 * t) ?? 3 * t;
  return k * x[k] + (j >= 0 ? x[j] * t : t) + first * last;
}`;
  const reference = (x: number[], t: number): number => {
    const k = x.lastIndexOf(x[0]);
    const j = x.findLastIndex((v, i) => v > t && i < x.length - 1);
    const first = x.find((v) => v < t) ?? t * t;
    const last = x.findLast((v) => v > 2 * t) ?? 3 * t;
    return k * x[k] + (j >= 0 ? x[j] * t : t) + first * last;
  };
  const options = { lib: ["lib.es2023.d.ts"] };
  const out = compile(
    {
      "main.ts": `${source}\nimport { valueAndGrad } from "cotangent";\nexport const g = valueAndGrad(lasts, [0, 1]);`,
    },
    options,
  );
  expect(out.diagnostics).toEqual([]);
  const g = out.load("main.ts").g;
  const h = 1e-6;
  // Ties (x[0] again at the end), nothing found (t large), and found at both ends.
  const cases: [number[], number][] = [
    [[0.3, 1.2, -0.8, 0.3], 0.5],
    [[0.3, 1.2, -0.8, 0.9], 5],
    [[-0.3, 1.2, 0.8, 2.5], 0.4],
  ];
  for (const [x, t] of cases) {
    const [value, [xBar, tBar]] = g(x, t) as [number, [number[], number]];
    expectClose(value, reference(x, t), 1e-15, `value at ${x}, ${t}`);
    x.forEach((_, i) => {
      // x[0] and x[3] tie in the first case: move them together there, as the position found stays put.
      const tied = x[0] === x[x.length - 1] && (i === 0 || i === x.length - 1);
      const step = (s: number) => x.map((u, k) => (k === i || (tied && (k === 0 || k === x.length - 1)) ? u + s : u));
      const difference = (reference(step(h), t) - reference(step(-h), t)) / (2 * h);
      const along = tied ? xBar[0] + xBar[x.length - 1] : xBar[i];
      expectClose(along, difference, 1e-7, `x_bar[${i}] at ${x}, ${t}`);
    });
    expectClose(tBar, (reference(x, t + h) - reference(x, t - h)) / (2 * h), 1e-7, `t_bar at ${x}, ${t}`);
  }
});
