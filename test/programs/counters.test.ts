/**
 * Counters the reverse sweep restores without the tape: a nested loop's counter is set to its exit value, init ±
 * step·count, instead of popping the value its init overwrote, and its trip count from its bound when it has one; a
 * counter started from a size parameter (an allocation's length or a loop's bound), or bounded by one, is inverted
 * (counted) when the sizes turn out to be integers at run time, and recorded otherwise. Each program is checked
 * against an independent reference, finite differences and the dot-product test, directly (whole vjp) and through a
 * caller (split sweeps); the tape tests pin what is recorded.
 */
import { compile } from "../helpers/compile";
import { relativeError } from "../helpers/check";
import { checkBothWays } from "../helpers/shaped";

/** Loads `source` with the runtime's peak-tape reader exported next to it. */
function load(source: string) {
  const out = compile({
    "main.ts": `import { peakTapeBytes } from "cotangent/runtime";\n${source}\nexport { peakTapeBytes };`,
  });
  expect(out.diagnostics).toEqual([]);
  return out.load("main.ts");
}

// GMM's shape: a lower-triangular factor stored after d diagonal entries, walked by 'lt', which starts at the size d.
const triangle = `
// @differentiate
export function triangle(L: Float64Array, x: Float64Array, d: number, rows: number): number {
  const q = new Float64Array(d);
  let s = 0;
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < d; j++) q[j] = Math.exp(x[r * d + j]);
    let lt = d;
    for (let col = 0; col < d; col++) {
      for (let row = col + 1; row < d; row++) {
        q[row] += L[lt] * x[r * d + col];
        lt++;
      }
    }
    for (let j = 0; j < d; j++) s += q[j] * (j + 1);
  }
  return s;
}`;

test("tape: a triangular loop walking a factor from a size parameter records no counter and no trip count", () => {
  const m = load(`import { grad } from "cotangent";\n${triangle}\nexport const g = grad(triangle, [0, 1]);`);
  const rows = 3;
  for (const d of [4, 12]) {
    const L = Float64Array.from({ length: (d * (d + 1)) / 2 }, (_, k) => Math.sin(k + 1));
    const x = Float64Array.from({ length: rows * d }, (_, k) => 0.3 * Math.cos(k));
    let [gL, gx] = [new Float64Array(0), new Float64Array(0)];
    // Per row, lt's previous exit value, which 'lt = d' overwrites, and the d values of exp (recorded, not evaluated
    // again). The counters are not recorded, nor the trip counts of the inner loops: d, d, d - col - 1 and d.
    expect(m.peakTapeBytes(() => ([gL, gx] = m.g(L, x, d, rows)))).toBe(rows * (1 + d) * 8);
    // Hand-written gradient: s = Σ_r Σ_row (row + 1)·(exp(x[r,row]) + Σ_{col<row} L[lt(col,row)]·x[r,col]).
    const eL = new Float64Array(L.length);
    const ex = new Float64Array(x.length);
    for (let r = 0; r < rows; r++) {
      for (let j = 0; j < d; j++) ex[r * d + j] += (j + 1) * Math.exp(x[r * d + j]);
      let lt = d;
      for (let col = 0; col < d; col++) {
        for (let row = col + 1; row < d; row++) {
          eL[lt] += (row + 1) * x[r * d + col];
          ex[r * d + col] += (row + 1) * L[lt];
          lt++;
        }
      }
    }
    gL.forEach((g, k) => expect(relativeError(g, eL[k])).toBeLessThan(1e-13));
    gx.forEach((g, k) => expect(relativeError(g, ex[k])).toBeLessThan(1e-13));
  }
  const d = 5;
  const L = Float64Array.from({ length: 15 }, (_, k) => 0.5 * Math.sin(k + 2));
  const x = Float64Array.from({ length: 2 * d }, (_, k) => 0.4 * Math.cos(3 * k));
  checkBothWays(triangle, "triangle", "L: Float64Array, x: Float64Array, d: number, rows: number", [[L, x, d, 2]], {
    fixed: [2, 3],
  });
});

// 'a' starts at a parameter that sizes nothing, 'b' at one that sizes an array. 1e9·a turns an error of one ulp in
// a restored value into a gradient error of about 1e-7, so only exactly restored values pass.
const phases = `
// @differentiate
export function phases(x: Float64Array, t: number, n: number): number {
  const pad = new Float64Array(n);
  let a = t;
  let b = n;
  let s = 0;
  for (let j = 0; j < x.length; j++) {
    s += x[j] * Math.sin(1e9 * a) + x[j] * x[j] * Math.sin(1e9 * b);
    a += 1;
    b += 1;
  }
  return s + pad.length;
}`;

test("a counter started from a non-integer is recorded, also from a size parameter that holds one", () => {
  // (0.1 + 1) - 1 is 0.10000000000000009: undoing 'a += 1' by 'a -= 1' would be off by an ulp.
  expect(0.1 + 1 - 1).not.toBe(0.1);
  const m = load(`import { grad } from "cotangent";\n${phases}\nexport const g = grad(phases, [0]);`);
  const x = Float64Array.from({ length: 7 }, (_, k) => Math.cos(k + 0.5));
  // 'new Float64Array(0.1)' is a legal empty array, so n = 0.1 reaches the loop.
  for (const [t, n, bytesPerStep] of [
    [0.1, 3, 8],
    [0.1, 0.1, 16],
    [0.7, 2.3, 16],
  ]) {
    let g = new Float64Array(0);
    // Per iteration: a's old value always; b's only when n is not an integer.
    expect(m.peakTapeBytes(() => ([g] = m.g(x, t, n)))).toBe(bytesPerStep * x.length);
    let [a, b] = [t, n];
    for (let j = 0; j < x.length; j++) {
      expect(relativeError(g[j], Math.sin(1e9 * a) + 2 * x[j] * Math.sin(1e9 * b))).toBeLessThan(1e-13);
      a += 1;
      b += 1;
    }
  }
  checkBothWays(phases, "phases", "x: Float64Array, t: number, n: number", [[x, 0.1, 0.1]], { fixed: [1, 2] });
  checkBothWays(phases, "phases", "x: Float64Array, t: number, n: number", [[x, 0.1, 4]], { fixed: [1, 2] });
});

test("a size parameter allocated only inside an if does not make its counter invertible", () => {
  const source = `
import { grad } from "cotangent";
// @differentiate
export function maybe(x: Float64Array, n: number): number {
  let s = 0;
  if (x.length > 100) {
    const pad = new Float64Array(n);
    s = pad.length;
  }
  let b = n;
  for (let j = 0; j < x.length; j++) {
    s += x[j] * Math.sin(1e9 * b);
    b += 1;
  }
  return s;
}
export const g = grad(maybe, [0]);`;
  const m = load(source);
  const x = Float64Array.from({ length: 5 }, (_, k) => k - 1.5);
  let g = new Float64Array(0);
  // b's old value per iteration, even for an integer n, and the branch decision (4 bytes).
  expect(m.peakTapeBytes(() => m.g(x, 3))).toBe(8 * x.length + 4);
  expect(m.peakTapeBytes(() => ([g] = m.g(x, 0.1)))).toBe(8 * x.length + 4);
  let b = 0.1;
  for (let j = 0; j < x.length; j++) {
    expect(relativeError(g[j], Math.sin(1e9 * b))).toBeLessThan(1e-13);
    b += 1;
  }
});

test("a trip count bounded by a size parameter is saved when the size is not an integer", () => {
  // A size parameter: the length of an allocation, or only the bound a loop counts to.
  const ramp = (name: string, allocates: boolean) => `
// @differentiate
export function ${name}(x: Float64Array, n: number): number {
  ${allocates ? "const pad = new Float64Array(n);" : "const pad = new Float64Array(0);"}
  let s = 0;
  for (let r = 0; r < x.length; r++) {
    for (let j = 0; j < n; j++) s += Math.sin(x[r] * j);
  }
  return s + pad.length;
}`;
  for (const [name, allocates] of [
    ["ramp", true],
    ["bounded", false],
  ] as const) {
    const source = ramp(name, allocates);
    const m = load(`import { grad } from "cotangent";\n${source}\nexport const g = grad(${name}, [0]);`);
    const x = Float64Array.from({ length: 4 }, (_, k) => 0.3 * k - 0.4);
    // n = 2.5 runs j = 0, 1, 2 like n = 3, but max(0, n - 0) would say 2.5: each inner trip count is saved (4 bytes).
    for (const [n, bytes] of [
      [3, 0],
      [2.5, 4 * x.length],
    ]) {
      let g = new Float64Array(0);
      expect(m.peakTapeBytes(() => ([g] = m.g(x, n)))).toBe(bytes);
      g.forEach((gr, r) => expect(relativeError(gr, Math.cos(x[r]) + 2 * Math.cos(2 * x[r]))).toBeLessThan(1e-14));
    }
    checkBothWays(source, name, "x: Float64Array, n: number", [[x, 2.5]], { fixed: [1] });
  }
});

// Inner counters started from outer ones ('k = i + 2', 'j = i'), one counting down by two.
const bands = `
// @differentiate
export function bands(x: Float64Array): number {
  const n = x.length;
  let s = 0;
  for (let i = 0; i < n; i++) {
    for (let k = i + 2; k >= 0; k -= 2) {
      if (k < x.length) s += Math.sin(x[k] * x[i]);
    }
    for (let j = i; j < n; j++) s += x[j] * x[j] * x[i];
  }
  return s;
}`;

test("nested loops whose counters start from outer counters record nothing but trip counts and branches", () => {
  const m = load(`import { grad } from "cotangent";\n${bands}\nexport const g = grad(bands);`);
  const n = 6;
  const x = Float64Array.from({ length: n }, (_, k) => 0.5 * Math.sin(k + 1));
  let g = new Float64Array(0);
  // Per i: the k loop's trip count (steps of two: saved) and one branch decision per iteration (k = i+2, i, …, ≥ 0).
  // The j loop's trip count, n - i, is not saved.
  let expected = 0;
  for (let i = 0; i < n; i++) expected += 4 * (1 + Math.floor((i + 2) / 2) + 1);
  expect(m.peakTapeBytes(() => (g = m.g(x)))).toBe(expected);
  const e = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    for (let k = i + 2; k >= 0; k -= 2) {
      if (k >= n) continue;
      const c = Math.cos(x[k] * x[i]);
      e[k] += c * x[i];
      e[i] += c * x[k];
    }
    for (let j = i; j < n; j++) {
      e[j] += 2 * x[j] * x[i];
      e[i] += x[j] * x[j];
    }
  }
  g.forEach((gk, k) => expect(relativeError(gk, e[k])).toBeLessThan(1e-13));
  checkBothWays(bands, "bands", "x: Float64Array", [[x], [Float64Array.from({ length: 3 }, (_, k) => k - 0.7)]]);
});

test("counting down to a bound that changes after the loop, inside a branch, with inclusive bounds", () => {
  // k's trip count is k's init minus lo plus one; lo is overwritten after the loop, so the reverse sweep gets it back
  // before it counts k down.
  const source = `
// @differentiate
export function windows(x: Float64Array): number {
  const n = x.length;
  let s = 0;
  let lo = 0;
  for (let i = 0; i < n; i++) {
    lo = i - 2;
    if (x[i] > -0.5) {
      for (let k = i; k >= lo; k--) if (k >= 0) s += Math.sin(x[k] * x[i] + k);
    }
    lo = i + 100;
    for (let j = i + 1; j <= n - 1; j++) s += x[j] * Math.cos(x[i] * j);
  }
  return s + lo;
}`;
  const x = Float64Array.from({ length: 6 }, (_, k) => Math.sin(2 * k + 1));
  expect([...x].some((v) => v <= -0.5)).toBe(true);
  checkBothWays(source, "windows", "x: Float64Array", [
    [x],
    [Float64Array.from({ length: 4 }, (_, k) => 0.4 * k - 0.3)],
  ]);
});
