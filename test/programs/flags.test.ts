/**
 * Arrays of flags (`mask: boolean[]`): data that steers control flow and carries no derivative, as a parameter, a
 * module constant, an object's field, a helper's argument (inlined or recursive), and a local array the function
 * fills and rewrites. Gradients against derivatives derived by hand, forward against reverse mode (the dot-product
 * test) and central differences.
 */
import { compile } from "../helpers/compile";
import { centralDifference, expectRelative, relativeError } from "../helpers/check";

const source = `
import { grad, gradInto, hessian, jvp, valueAndGrad, vjp } from "cotangent";

const EVERY_OTHER = [true, false, true];
const ENDS = [true, false, true] as const;

function sumWhere(x: Float64Array, mask: readonly boolean[]): number {
  let s = 0;
  for (const [i, keep] of mask.entries()) if (keep) s += x[i] * x[i];
  return s;
}

function sinesWhere(x: Float64Array, mask: boolean[], k: number): number {
  if (k < 0) return 0;
  return (mask[k] ? Math.sin(x[k]) : 0) + sinesWhere(x, mask, k - 1);
}

/**
 * Σ over kept i of wᵢxᵢ + wᵢ² + sin wᵢ, plus 3·(w₀ + w₂) and w₀³ + w₂³ from a module's flags (one 'as const'),
 * doubled when mask[0] && !mask[1].
 */
// @differentiate
export function masked(w: Float64Array, x: Float64Array, mask: boolean[]): number {
  let s = 0;
  let k = 0;
  for (const keep of mask) {
    if (keep) s += w[k] * x[k];
    k++;
  }
  s += sumWhere(w, mask) + sinesWhere(w, mask, mask.length - 1);
  for (let i = 0; i < EVERY_OTHER.length; i++) if (EVERY_OTHER[i]) s += 3 * w[i];
  for (let i = 0; i < ENDS.length; i++) if (ENDS[i]) s += w[i] * w[i] * w[i];
  const first = mask[0];
  if (first && !mask[1]) s *= 2;
  return s;
}

/** Flags the function computes, rewritten each pass, while x is rewritten where they are set. */
// @differentiate
export function passes(x: Float64Array): number {
  const n = x.length;
  const keep = new Array<boolean>(n).fill(false);
  let s = 0;
  for (let it = 1; it <= 3; it++) {
    for (let i = 0; i < n; i++) keep[i] = x[i] * it > 1;
    for (let i = 0; i < n; i++) if (keep[i]) s += x[i] * x[i] * it;
    for (let i = 0; i < n; i++) x[i] = keep[i] ? Math.sin(x[i]) + 1 : x[i] * 1.5;
  }
  return s;
}

export interface Weighted {
  mask: boolean[];
  scale: number;
}

// @differentiate
export function weighted(x: Float64Array, cfg: Weighted): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) if (cfg.mask[i]) s += cfg.scale * x[i] * x[i];
  return s;
}

export const g = grad(masked, [0, 1]);
export const vg = valueAndGrad(masked);
export const into = gradInto(masked);
export const t = (w: Float64Array, x: Float64Array, mask: boolean[], dw: Float64Array, dx: Float64Array) =>
  jvp(masked, [w, x, mask], [dw, dx, 0]);
export const pb = (w: Float64Array, x: Float64Array, mask: boolean[]) => vjp(masked, w, x, mask);
export const gPasses = grad(passes);
export const gWeighted = grad(weighted, [0, 1]);
export const hWeighted = hessian(weighted);
`;

const compiled = () => {
  const out = compile({ "main.ts": source });
  expect(out.diagnostics).toEqual([]);
  return out.load("main.ts");
};

const w = Float64Array.from([1, 2, 3]);
const x = Float64Array.from([0.5, -1, 2]);

/** ∂masked/∂w and ∂masked/∂x, by hand. */
function maskedGradient(mask: boolean[]): [number[], number[]] {
  const factor = mask[0] && !mask[1] ? 2 : 1;
  const dw = [0, 1, 2].map(
    (i) => factor * ((mask[i] ? x[i] + 2 * w[i] + Math.cos(w[i]) : 0) + (i !== 1 ? 3 + 3 * w[i] * w[i] : 0)),
  );
  const dx = [0, 1, 2].map((i) => factor * (mask[i] ? w[i] : 0));
  return [dw, dx];
}

test("flags as a parameter, a helper's argument, a recursive helper's and a module's: grad, valueAndGrad and gradInto by hand", () => {
  const m = compiled();
  for (const mask of [
    [true, false, true],
    [false, true, true],
    [true, true, false],
  ]) {
    const [dw, dx] = maskedGradient(mask);
    const [gw, gx] = m.g(w, x, mask) as [Float64Array, Float64Array];
    expectRelative(gw, dw);
    expectRelative(gx, dx);
    const [value, gradient] = m.vg(w, x, mask) as [number, Float64Array];
    expect(value).toBe(m.masked(w, x, mask));
    expectRelative(gradient, dw);
    const out = new Float64Array(3);
    expect(m.into(w, x, mask, out)).toBe(value);
    expectRelative(out, dw);
  }
});

test("flags hold still in jvp and get no cotangent from vjp; the dot-product test between them", () => {
  const m = compiled();
  const mask = [true, false, true];
  const dw = Float64Array.from([0.3, -0.7, 0.2]);
  const dx = Float64Array.from([-0.4, 0.9, 0.6]);
  const [value, directional] = m.t(w, x, mask, dw, dx) as [number, number];
  expect(value).toBe(m.masked(w, x, mask));
  const [primal, pullback] = m.pb(w, x, mask) as [number, (c: number) => [Float64Array, Float64Array, 0]];
  expect(primal).toBe(value);
  const [bw, bx, bMask] = pullback(1.5);
  expect(bMask).toBe(0);
  const reverse = [0, 1, 2].reduce((sum, i) => sum + dw[i] * bw[i] + dx[i] * bx[i], 0);
  expect(relativeError(1.5 * directional, reverse)).toBeLessThan(1e-13);
  // The mask's own entries are not read as numbers: only w and x move.
  const f = (...v: number[]) => m.masked(Float64Array.from(v.slice(0, 3)), Float64Array.from(v.slice(3)), mask);
  const fd = centralDifference(f, [...w, ...x], [...dw, ...dx]);
  expect(relativeError(directional, fd)).toBeLessThan(1e-7);
});

test("a local array of flags rewritten each pass while x is rewritten: grad against central differences", () => {
  const m = compiled();
  const x0 = [0.3, 0.8, 1.2, -0.5, 0.45];
  const gradient = m.gPasses(Float64Array.from(x0)) as Float64Array;
  const f = (...v: number[]) => m.passes(Float64Array.from(v));
  x0.forEach((_, k) => {
    const unit = x0.map((_, j) => (j === k ? 1 : 0));
    const fd = centralDifference(f, x0, unit);
    expect(Math.abs(gradient[k] - fd)).toBeLessThan(1e-6 * Math.max(1, Math.abs(fd)));
  });
  // x0[3] < 0 never sets its flag: it is scaled by 1.5 each pass and never summed.
  expect(gradient[3]).toBe(0);
});

test("an object's flags field is left out of its gradient; the Hessian in x", () => {
  const m = compiled();
  const cfg = { mask: [true, false, true], scale: 2 };
  const [gx, gCfg] = m.gWeighted(x, cfg) as [Float64Array, { scale: number }];
  expectRelative(gx, [2 * 2 * x[0], 0, 2 * 2 * x[2]]);
  expect(gCfg).toEqual({ scale: x[0] ** 2 + x[2] ** 2 });
  expect(m.hWeighted(x, cfg)).toEqual([
    [4, 0, 0],
    [0, 0, 0],
    [0, 0, 4],
  ]);
});

test("compound assignments to a flag, and arrays of arrays of flags, are refused with a diagnostic", () => {
  const out = compile({
    "main.ts": `
// @differentiate
export function f(x: Float64Array, rows: boolean[][]): number {
  const keep = new Array<boolean>(x.length).fill(false);
  keep[0] ||= x[0] > 0;
  return rows[0][0] && keep[0] ? x[0] : 0;
}
`,
  });
  const reported = out.diagnostics.join("\n");
  expect(reported).toMatch(/main\.ts:3:36 - error TS990004: 'rows' has type 'boolean\[\]\[\]'/);
  expect(reported).toMatch(/main\.ts:5:3 - error TS990100: 'keep\[0\] \|\|= x\[0\] > 0' assigns an array's element/);
  expect(out.diagnostics).toHaveLength(2);
});
