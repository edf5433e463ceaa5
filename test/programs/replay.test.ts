/**
 * Calls the reverse sweep replays (packages/core/src/reverse/replay.ts): the caller's forward sweep runs the callee
 * recording nothing, and its reverse sweep calls the callee's adjoint with the arguments. Which calls are replayed
 * (numbers, arrays unchanged once read; no writes, random numbers or recursion in the callee), and their gradients
 * against central differences and the dot-product test, and against the same program compiled with `replay: false`,
 * whose calls all run their callees' split sweeps (an independent route through the generator).
 */
import { compile } from "../helpers/compile";
import { relativeError } from "../helpers/check";
import { checkBothWays } from "../helpers/shaped";

const helpers = `
import { grad } from "cotangent";
function lj(r: number): number {
  const s = 1 / r;
  const s6 = s * s * s * s * s * s;
  return 4 * (s6 * s6 - s6);
}
function dot(a: Float64Array, b: Float64Array, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += a[i] * b[i];
  return s;
}
function softplus(z: number, scale: number): number {
  return Math.log1p(Math.exp(z * scale)) / scale;
}
function twice(z: number, w: Float64Array): number {
  return softplus(z, 2) * dot(w, w, w.length) + lj(1 + z * z);
}
type Pair = { a: number; b: number };
function poly(p: Pair, x: number, n: number): number {
  let s = 0;
  let t = 1;
  for (let k = 0; k < n; k++) {
    s += t * p.a;
    t = t * x + p.b;
  }
  return s;
}
function fill(out: Float64Array, x: Float64Array): void {
  for (let i = 0; i < x.length; i++) out[i] = Math.sin(x[i]);
}
function noisy(z: number): number {
  return z * (1 + 0 * Math.random());
}
function fall(z: number, n: number): number {
  return n <= 0 ? z : fall(Math.sin(z), n - 1);
}
`;

const programs = `${helpers}
// @differentiate
export function energy(x: Float64Array): number {
  let e = 0;
  for (let i = 0; i < x.length; i++) e += lj(1 + x[i] * x[i]);
  return e;
}
// @differentiate
export function rows(x: Float64Array, w: Float64Array, m: number): number {
  const n = w.length;
  const h = new Float64Array(n);
  for (let j = 0; j < n; j++) h[j] = Math.tanh(w[j] * x[j]);
  let total = 0;
  for (let r = 0; r < m; r++) {
    const v = dot(x, h, n) + dot(w, x, n) * r - 0.3 * dot(x, x, n);
    total += v * v + softplus(v, 0.5 + r);
  }
  return total;
}
// @differentiate
export function carried(x: Float64Array, p: Pair): number {
  let t = x[0];
  let y = 0;
  for (let i = 1; i < x.length; i++) {
    y += softplus(t, 1.5) * twice(x[i], x) + poly(p, t, 3);
    t = t * 0.5 + Math.cos(x[i]);
  }
  return y;
}
// @differentiate
export function unreplayed(x: Float64Array): number {
  const out = new Float64Array(x.length);
  fill(out, x);
  let s = 0;
  for (let i = 0; i < x.length; i++) s += noisy(out[i]) * fall(x[i], 3);
  return s;
}
export const gradients = {
  energy: grad(energy),
  rows: grad(rows, [0, 1]),
  carried: grad(carried, [0, 1]),
  unreplayed: grad(unreplayed),
};
`;

const x4 = Float64Array.from([0.6, -0.3, 0.8, 0.2]);
const w4 = Float64Array.from([0.5, 1.2, -0.7, 0.9]);

describe("replayed calls", () => {
  const replayed = compile({ "main.ts": programs });
  const split = compile({ "main.ts": programs }, {}, { plugin: { replay: false } });

  test("helpers of numbers and of unchanged arrays are replayed; writes, random numbers and recursion are not", () => {
    expect(replayed.diagnostics).toEqual([]);
    const js = replayed.js["main.ts"];
    for (const helper of ["lj", "dot", "softplus", "twice", "poly"])
      expect(js).toMatch(new RegExp(`function ${helper}_adjoint\\w*\\(`));
    // Their forward sweeps record nothing for the caller.
    expect(js).not.toMatch(/function (lj|dot|softplus|twice|poly)_vjp\w*_bwd\(/);
    // fill writes its first argument, noisy draws a random number, fall calls itself: split sweeps.
    for (const splitSweep of ["fill_vjp_fwd", "noisy_vjp_fwd", "fall_vjp_z_fwd"])
      expect(js).toMatch(new RegExp(`function ${splitSweep}\\(`));
    expect(js).not.toMatch(/function (fill|noisy|fall)_adjoint/);
    // The option turns replay off everywhere.
    expect(split.diagnostics).toEqual([]);
    expect(split.js["main.ts"]).not.toMatch(/_adjoint\w*\(/);
  });

  test("the gradients equal those of the split sweeps", () => {
    const a = replayed.load("main.ts");
    const b = split.load("main.ts");
    const p = { a: 0.7, b: -0.4 };
    const cases: [string, unknown[]][] = [
      ["energy", [x4]],
      ["rows", [x4, w4, 3]],
      ["carried", [x4, p]],
      ["unreplayed", [x4]],
    ];
    for (const [name, args] of cases) {
      const viaReplay = a.gradients[name](...args) as unknown;
      const viaSplit = b.gradients[name](...args) as unknown;
      const flat = (v: unknown): number[] =>
        (Array.isArray(v) ? v : [v]).flatMap((e: unknown) =>
          typeof e === "number"
            ? [e]
            : e instanceof Float64Array
              ? Array.from(e)
              : Object.values(e as Record<string, number>),
        );
      const [r, s] = [flat(viaReplay), flat(viaSplit)];
      expect(r.length).toBe(s.length);
      r.forEach((value, k) => expect(relativeError(value, s[k])).toBeLessThan(1e-13));
    }
  });
});

test("central differences and the dot-product test, directly and through a caller", () => {
  checkBothWays(programs, "energy", "x: Float64Array", [[x4]]);
  checkBothWays(programs, "rows", "x: Float64Array, w: Float64Array, m: number", [[x4, w4, 3]], { fixed: [2] });
});

test("a replayed callee whose result's adjoint stays an untouched zero contributes zero, not NaN", () => {
  const source = `
import { grad } from "cotangent";
function root(t: number): number {
  return Math.sqrt(t);
}
// @differentiate
export function gated(x: number): number {
  const r = root(x);
  if (x > 0) return r;
  return 0;
}
export const gatedGrad = grad(gated);`;
  const out = compile({ "main.ts": source });
  expect(out.diagnostics).toEqual([]);
  expect(out.js["main.ts"]).toMatch(/root_adjoint\(/);
  const m = out.load("main.ts");
  // At 0, the branch that reads r is not taken: d/dx = 0, though the root's partial there is infinite.
  expect(m.gatedGrad(0)).toBe(0);
  expect(relativeError(m.gatedGrad(4), 0.25)).toBeLessThan(1e-15);
});

test("a replayed callee that reads an array is not called with an untouched zero seed: no ∞·0 in the array's adjoint", () => {
  const source = `
import { grad } from "cotangent";
function rootTimesFirst(a: Float64Array, i: number): number {
  return Math.sqrt(a[i]) * a[0];
}
// @differentiate
export function gatedSum(x: Float64Array): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) {
    const r = rootTimesFirst(x, i);
    if (x[i] > 0) s += r;
  }
  return s;
}
export const gatedSumGrad = grad(gatedSum);`;
  const out = compile({ "main.ts": source });
  expect(out.diagnostics).toEqual([]);
  expect(out.js["main.ts"]).toMatch(/if \(r_bar !== 0\) {[^}]*rootTimesFirst_adjoint_a\(x, i, r_bar, x_bar\);/);
  const x = Float64Array.from([0.25, 0, 0.5, 0, 0.3]);
  // s = x0·(√x0 + √x2 + √x4): ∂/∂x0 = 1.5·√x0 + √x2 + √x4, ∂/∂x2 = x0 / (2√x2), ∂/∂x4 = x0 / (2√x4), 0 at the zeros.
  const expected = [
    1.5 * 0.5 + Math.sqrt(0.5) + Math.sqrt(0.3),
    0,
    0.25 / (2 * Math.sqrt(0.5)),
    0,
    0.25 / (2 * Math.sqrt(0.3)),
  ];
  const g = out.load("main.ts").gatedSumGrad(x) as Float64Array;
  expected.forEach((e, k) => expect(e === 0 ? g[k] : relativeError(g[k], e)).toBeLessThan(1e-14));
});
