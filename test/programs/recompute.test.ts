/**
 * Recompute instead of record: loop-local values are recomputed by the reverse sweep, counters are restored by
 * inverting their updates, outermost trip counts stay in locals. Each program is checked against finite differences
 * and by the dot-product test, both as a marked function (whole vjp) and through a caller (split sweeps); the tape
 * tests pin what is recorded.
 */
import { compile, printTransformed } from "../helpers/compile";
import { relativeError } from "../helpers/check";
import { checkBothWays, checkShaped } from "../helpers/shaped";
import { ROSENBROCK } from "../helpers/sources";

const x6 = new Float64Array([0.3, -1.2, 0.8, 1.5, -0.4, 0.9]);

test("a loop-local value whose operand is overwritten later in the same iteration is recorded, not recomputed", () => {
  const source = `
export function scaled(x: Float64Array, w: number): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) {
    const a = x[i] * w;
    w = w * 1.1 + a;
    s += Math.sin(a) * w;
  }
  return s;
}`;
  checkBothWays(source, "scaled", "x: Float64Array, w: number", [[x6, 0.7]]);
});

test("counters with other steps, counting down, and updated inside the body", () => {
  const source = `
export function strided(x: Float64Array): number {
  let s = 0;
  for (let i = x.length - 1; i >= 0; i -= 2) {
    const a = x[i] * x[i];
    s += Math.exp(-a);
  }
  let j = 0;
  while (j < x.length) {
    const b = Math.cos(x[j]);
    j += 1;
    if (b > 0.5) j += 1;
    s += b * b;
  }
  return s;
}`;
  checkBothWays(source, "strided", "x: Float64Array", [[x6]]);
});

test("nested loops: an outer iteration's value used by the inner loop, the inner counter reset per iteration", () => {
  const source = `
export function pairs(x: Float64Array, y: Float64Array): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) {
    const xi = x[i];
    const scale = Math.exp(-xi * xi);
    for (let j = 0; j < y.length; j++) {
      const d = xi - y[j];
      s += scale * Math.log(1 + d * d);
    }
    s += Math.sin(scale);
  }
  return s;
}`;
  checkBothWays(source, "pairs", "x: Float64Array, y: Float64Array", [[x6, new Float64Array([0.2, -0.7, 1.1])]]);
});

test("a local array written after the loop that read it is not treated as unchanged", () => {
  const source = `
export function staged(x: Float64Array): number {
  const t = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) t[i] = x[i] * x[i];
  let s = 0;
  for (let i = 0; i < x.length; i++) {
    const v = t[i];
    s += Math.sin(v) * v;
  }
  for (let i = 0; i < x.length; i++) t[i] = 0;
  return s + t[0];
}`;
  checkShaped(source, "staged", "x: Float64Array", [[x6]]);
});

test("a local array filled before anything reads it: the reads are recomputed, nothing goes on the tape", () => {
  const source = `
// @differentiate
export function filled(x: Float64Array, k: number): number {
  const t = x.slice(1);
  const u = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) u[i] = x[i] * x[i] + 1;
  let s = 0;
  for (let i = 0; i < t.length; i++) s += t[i] * t[i] * u[i] + k * u[i + 1];
  return s;
}
// Near miss: a running sum reads the array it fills, and its last loop reads it before writing it again.
// @differentiate
export function prefix(x: Float64Array): number {
  const c = new Float64Array(x.length);
  c[0] = x[0];
  for (let i = 1; i < x.length; i++) c[i] = c[i - 1] * Math.cos(x[i]) + x[i];
  let s = 0;
  for (let i = 0; i < c.length; i++) {
    s += c[i] * c[i];
    c[i] = s;
  }
  return s + c[0];
}`;
  checkShaped(source, "filled", "x: Float64Array, k: number", [[x6, 0.3]]);
  checkShaped(source, "prefix", "x: Float64Array", [[x6]]);
  const m = compile({
    "main.ts": `${source}
import { grad } from "cotangent";
import { peakTapeBytes } from "cotangent/runtime";
export const g = grad(filled);
export { peakTapeBytes };`,
  }).load("main.ts");
  let g = new Float64Array(0);
  expect(m.peakTapeBytes(() => (g = m.g(x6, 0.3)))).toBe(0);
  // s = Σᵢ x[i+1]² (x[i]² + 1) + k (x[i+1]² + 1) over i < n − 1.
  const n = x6.length;
  const expected = x6.map((xj, j) => {
    let d = 0;
    if (j >= 1) d += 2 * xj * (x6[j - 1] ** 2 + 1) + 0.3 * 2 * xj;
    if (j < n - 1) d += x6[j + 1] ** 2 * 2 * xj;
    return d;
  });
  g.forEach((gj, j) => expect(relativeError(gj, expected[j])).toBeLessThan(1e-13));
});

test("a stencil updated in place: one value recorded per element written, not one per element read", () => {
  const source = `
// @differentiate
export function relax(u0: Float64Array, a: number): number {
  const u = Float64Array.from(u0);
  for (let s = 0; s < 10; s++) {
    for (let i = 1; i < u.length - 1; i++) u[i] = u[i] + a * u[i] * (u[i - 1] - 2 * u[i] + u[i + 1]);
  }
  let e = 0;
  for (let i = 0; i < u.length; i++) e += u[i] * u[i];
  return e;
}`;
  const small = Float64Array.from({ length: 7 }, (_, i) => Math.sin(i) * 0.3);
  checkShaped(source, "relax", "u0: Float64Array, a: number", [[small, 0.1]]);
  const m = compile({
    "main.ts": `${source}
import { grad } from "cotangent";
import { peakTapeBytes } from "cotangent/runtime";
export const g = grad(relax, [0, 1]);
export { peakTapeBytes };`,
  }).load("main.ts");
  const u = Float64Array.from({ length: 100 }, (_, i) => Math.sin(i) * 0.3);
  // 10 sweeps of 98 elements: 980 overwritten values and a few counters (three reads each recorded: 2940 values); the
  // first copy into u saves nothing.
  const bytes = m.peakTapeBytes(() => m.g(u, 0.1)) as number;
  expect(bytes).toBeGreaterThanOrEqual(8 * 980);
  expect(bytes).toBeLessThan(8 * 1000);
});

test("a while loop with a data-dependent trip count", () => {
  const source = `
export function series(x: Float64Array, tol: number): number {
  let s = 0;
  let k = 0;
  while (k < x.length && Math.abs(x[k]) > tol) {
    const t = Math.tanh(x[k]);
    s += t * t * (k + 1);
    k++;
  }
  return s;
}`;
  checkBothWays(source, "series", "x: Float64Array, tol: number", [[x6, 0.35]]);
});

const rosenbrock = `
import { grad, valueAndGrad } from "cotangent";
import { peakTapeBytes } from "cotangent/runtime";
${ROSENBROCK}
// @differentiate
export function iterated(x: Float64Array, r: number): number {
  let s = r;
  for (let i = 0; i < x.length; i++) s = Math.sin(s) * x[i];
  return s;
}
export const gradRosenbrock = grad(rosenbrock);
export const gradIterated = grad(iterated, [0, 1]);
export { peakTapeBytes };
export const withValue = valueAndGrad(rosenbrock);
`;

test("tape: Rosenbrock over a read-only array records nothing; a loop overwriting one value records one per iteration", () => {
  const out = compile({ "main.ts": rosenbrock });
  expect(out.diagnostics).toEqual([]);
  const m = out.load("main.ts");
  for (const n of [10, 1000]) {
    const x = Float64Array.from({ length: n }, (_, i) => Math.cos(i));
    let g = new Float64Array(0);
    expect(m.peakTapeBytes(() => (g = m.gradRosenbrock(x)))).toBe(0);
    // Hand-written gradient.
    const expected = new Float64Array(n);
    for (let i = 0; i < n - 1; i++) {
      const a = x[i + 1] - x[i] * x[i];
      expected[i] += -400 * a * x[i] - 2 * (1 - x[i]);
      expected[i + 1] += 200 * a;
    }
    g.forEach((gi, i) => expect(relativeError(gi, expected[i])).toBeLessThan(1e-13));

    let [gx, gr] = [new Float64Array(0), 0];
    // Two values per iteration, nothing else: the old s (for sin's derivative) and sin(s), which the adjoint of the
    // product needs before the old s is back.
    expect(m.peakTapeBytes(() => ([gx, gr] = m.gradIterated(x, 0.4)))).toBe(16 * n);
    let s = 0.4;
    let ds = 1;
    const sAt: number[] = [];
    for (let i = 0; i < n; i++) {
      sAt.push(s);
      ds *= Math.cos(s) * x[i];
      s = Math.sin(s) * x[i];
    }
    expect(relativeError(gr, ds)).toBeLessThan(1e-12);
    // ∂s_n/∂x_k = sin(s_k) · Π_{i>k} cos(s_i) x_i
    let tail = 1;
    for (let k = n - 1; k >= Math.max(0, n - 5); k--) {
      expect(relativeError(gx[k], Math.sin(sAt[k]) * tail)).toBeLessThan(1e-12);
      tail *= Math.cos(sAt[k]) * x[k];
    }
  }
});

test("random numbers drawn in a loop are recorded, never drawn again by the reverse sweep", () => {
  const out = compile({
    "main.ts": `
import { grad } from "cotangent";
// @differentiate
export function noisy(x: Float64Array): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) {
    const r = Math.random();
    s += x[i] * x[i] * r;
  }
  return s;
}
export const g = grad(noisy);
`,
  });
  const m = out.load("main.ts");
  const draws = [0.25, 0.5, 0.125, 0.75];
  const original = Math.random;
  let k = 0;
  Math.random = () => draws[k++ % draws.length];
  try {
    const x = new Float64Array([1, 2, 3, 4]);
    const g = m.g(x) as Float64Array;
    expect(k).toBe(4);
    expect(Array.from(g)).toEqual(Array.from(x, (xi, i) => 2 * xi * draws[i]));
  } finally {
    Math.random = original;
  }
});

test("tape: the partial sums of an accumulator are not recorded, only the value a later adjoint reads", () => {
  const out = compile({
    "main.ts": `
import { grad } from "cotangent";
import { peakTapeBytes } from "cotangent/runtime";
// @differentiate
export function layerMax(w: Float64Array, h: Float64Array, rows: number): number {
  const d = h.length;
  let top = -Infinity;
  let total = 0;
  for (let c = 0; c < rows; c++) {
    let a = 0;
    for (let j = 0; j < d; j++) a += w[c * d + j] * Math.sqrt(h[j] * h[j] + 1);
    top = Math.max(top, a);
    total += a * a;
  }
  return top + total;
}
export const g = grad(layerMax, [0, 1]);
export { peakTapeBytes };
`,
  });
  expect(out.diagnostics).toEqual([]);
  const m = out.load("main.ts");
  const peakFor = (d: number) => {
    const w = Float64Array.from({ length: 4 * d }, (_, k) => Math.sin(k + 1));
    const h = Float64Array.from({ length: d }, (_, k) => Math.cos(k));
    return m.peakTapeBytes(() => m.g(w, h, 4)) as number;
  };
  // Four rows: the tape holds a few values per row, however long the inner sum.
  expect(peakFor(50)).toBe(peakFor(5));
  expect(peakFor(5)).toBeLessThan(4 * 8 * 8);
  checkShaped(
    `// @differentiate
export function layerMax(w: Float64Array, h: Float64Array, rows: number): number {
  const d = h.length;
  let top = -Infinity;
  let total = 0;
  for (let c = 0; c < rows; c++) {
    let a = 0;
    for (let j = 0; j < d; j++) a += w[c * d + j] * Math.sqrt(h[j] * h[j] + 1);
    top = Math.max(top, a);
    total += a * a;
  }
  return top + total;
}`,
    "layerMax",
    "w: Float64Array, h: Float64Array, rows: number",
    [[Float64Array.from({ length: 12 }, (_, k) => Math.sin(k + 1)), new Float64Array([0.3, -0.8, 1.2]), 4]],
    { fixed: [2] },
  );
});

test("library calls in a two-sweep loop are recorded once per call, never evaluated again; a fused loop recomputes", () => {
  const out = compile({
    "main.ts": `
import { grad } from "cotangent";
import { peakTapeBytes } from "cotangent/runtime";
// @differentiate
export function layerTanh(w: Float64Array, h: Float64Array, rows: number): number {
  const d = h.length;
  let top = -Infinity;
  for (let c = 0; c < rows; c++) {
    let a = 0;
    for (let j = 0; j < d; j++) a += w[c * d + j] * Math.tanh(h[j]);
    top = Math.max(top, a);
  }
  return top;
}
// @differentiate
export function bumps(x: Float64Array): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += Math.exp(-x[i] * x[i]);
  return s;
}
export const g = grad(layerTanh, [0, 1]);
export const gb = grad(bumps);
export { peakTapeBytes };
`,
  });
  expect(out.diagnostics).toEqual([]);
  const m = out.load("main.ts");
  const original = { tanh: Math.tanh, exp: Math.exp };
  const calls = { tanh: 0, exp: 0 };
  Math.tanh = (a: number) => (calls.tanh++, original.tanh(a));
  Math.exp = (a: number) => (calls.exp++, original.exp(a));
  try {
    const rows = 4;
    const peakFor = (d: number) => {
      const w = Float64Array.from({ length: rows * d }, (_, k) => Math.sin(k + 1));
      const h = Float64Array.from({ length: d }, (_, k) => Math.cos(k));
      calls.tanh = 0;
      let gw = new Float64Array(0);
      const bytes = m.peakTapeBytes(() => ([gw] = m.g(w, h, rows))) as number;
      // One tanh per element, all in the forward sweep.
      expect(calls.tanh).toBe(rows * d);
      // Hand-written: the gradient in w of the winning row is tanh(h), zero elsewhere.
      const sums = Array.from({ length: rows }, (_, c) =>
        Array.from(h, (hj, j) => w[c * d + j] * original.tanh(hj)).reduce((a, b) => a + b, 0),
      );
      const best = sums.indexOf(Math.max(...sums));
      gw.forEach((v, k) => expect(v).toBe(Math.floor(k / d) === best ? original.tanh(h[k % d]) : 0));
      return bytes;
    };
    // One 8-byte value per tanh (its result, which the adjoint reads), on top of a few per row.
    expect(peakFor(50) - peakFor(5)).toBe(rows * 45 * 8);

    const x = Float64Array.from({ length: 100 }, (_, i) => Math.cos(i));
    calls.exp = 0;
    let g = new Float64Array(0);
    expect(m.peakTapeBytes(() => (g = m.gb(x)))).toBe(0);
    expect(calls.exp).toBe(x.length);
    g.forEach((v, i) => expect(relativeError(v, -2 * x[i] * original.exp(-x[i] * x[i]))).toBeLessThan(1e-14));
  } finally {
    Math.tanh = original.tanh;
    Math.exp = original.exp;
  }
});

const triangular = `
// @differentiate
export function pairs2(x: Float64Array, w: Float64Array, d: number): number {
  const v = new Float64Array(d);
  let s = 0;
  for (let i = 0; i < x.length / d; i++) {
    for (let j = 0; j < d; j++) v[j] = Math.sin(x[i * d + j]) * w[j];
    for (let a = 0; a < d; a++) {
      for (let b = a; b < d; b++) s += v[a] * v[b] * w[b];
    }
  }
  return s;
}`;

test("a local array written in a loop and read in a deeper one: its overwritten elements are put back, reads recomputed", () => {
  const x = Float64Array.from({ length: 12 }, (_, k) => Math.cos(k * 0.7));
  const w = Float64Array.from({ length: 4 }, (_, k) => 0.5 + k * 0.3);
  checkShaped(triangular, "pairs2", "x: Float64Array, w: Float64Array, d: number", [[x, w, 4]], { fixed: [2] });
  const out = compile({
    "main.ts": `${triangular}
import { grad } from "cotangent";
import { peakTapeBytes } from "cotangent/runtime";
export const g = grad(pairs2, [0, 1]);
export { peakTapeBytes };`,
  });
  const m = out.load("main.ts");
  const floatsFor = (d: number) => {
    const xs = Float64Array.from({ length: 10 * d }, (_, k) => Math.sin(k));
    const ws = Float64Array.from({ length: d }, (_, k) => k + 1);
    return m.peakTapeBytes(() => m.g(xs, ws, d)) as number;
  };
  // The d² reads of each row cost nothing on the tape; the d writes and a few counters do: doubling d about
  // doubles the tape instead of quadrupling it.
  const [small, large] = [floatsFor(8), floatsFor(16)];
  expect(large / small).toBeLessThan(2.5);
});

test("loop fusion: one pass where the loop's adjoints are known up front; near misses keep two sweeps and stay right", () => {
  const x = new Float64Array([0.4, -0.9, 1.3, 0.2, -0.5]);
  // Fused: the result is the accumulator itself, scaled by a value known before the loop.
  const fusedSource = `
// @differentiate
export function meanSquare(x: Float64Array, c: number): number {
  const n = x.length;
  let s = 0;
  for (let i = 0; i < n; i++) {
    const d = x[i] - c;
    s += d * d * Math.exp(-c * x[i]);
  }
  return s / n;
}`;
  checkBothWays(fusedSource, "meanSquare", "x: Float64Array, c: number", [[x, 0.3]]);
  const vjpText = printTransformed({
    "main.ts": `${fusedSource}\nimport { valueAndGrad } from "cotangent";\nexport const g = valueAndGrad(meanSquare);`,
  })
    .text["main.ts"].split("function meanSquare_vjp")[1]
    .split("\n}\n")[0]
    .split("\n")
    .filter((line) => !line.trim().startsWith("//"))
    .join("\n");
  expect(vjpText.match(/for \(|while \(/g)).toHaveLength(1);
  expect(vjpText).not.toMatch(/tape|control/);
  // Near misses: the result needs the loop's final value; a carried value that is not an accumulator; an
  // accumulator that the loop itself reads.
  const nearMisses = `
// @differentiate
export function squaredSum(x: Float64Array): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += Math.sin(x[i]);
  return s * s;
}
// @differentiate
export function chained(x: Float64Array): number {
  let prev = 1;
  let s = 0;
  for (let i = 0; i < x.length; i++) {
    s += x[i] * prev;
    prev = x[i];
  }
  return s;
}
// @differentiate
export function feedback(x: Float64Array): number {
  let s = 0.5;
  for (let i = 0; i < x.length; i++) {
    const t = s * x[i];
    s += Math.tanh(t);
  }
  return s;
}`;
  checkBothWays(nearMisses, "squaredSum", "x: Float64Array", [[x]]);
  checkBothWays(nearMisses, "chained", "x: Float64Array", [[x]]);
  checkBothWays(nearMisses, "feedback", "x: Float64Array", [[x]]);
});
