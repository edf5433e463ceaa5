/**
 * Array variables given a new array again and again ('h = next' in a loop, 'y = y.map(f)'): lowering makes each
 * assignment a copy into a fresh array, and the forward sweep sets the replaced array aside whole (the runtime's
 * array stack) for the reverse sweep to take back, so that the elements the reverse sweep needs are read again from
 * it instead of recorded one read at a time (packages/core/src/analysis/recompute.ts, rebound arrays). Checked
 * against the same programs written with an explicit copy into one array (bit for bit), finite differences and the
 * dot-product test (directly and through a caller), and by the tape's size: linear in the steps, not in the reads.
 */
import { compile } from "../helpers/compile";
import { checkBothWays } from "../helpers/shaped";

const recurrent = (name: string, update: string, state: string) => `
// @differentiate
export function ${name}(h0: Float64Array, W: Float64Array, steps: number): number {
  const n = h0.length;
  ${state}
  for (let t = 0; t < steps; t++) {
    const next = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let acc = 0;
      for (let j = 0; j < n; j++) acc += W[i * n + j] * h[j];
      next[i] = Math.tanh(acc + 0.1 * h[i]);
    }
    ${update}
  }
  let s = 0;
  for (let i = 0; i < n; i++) s += h[i] * (i + 1);
  return s;
}`;

const rebound = recurrent("rebound", "h = next;", "let h = h0.slice();");
const copied = recurrent("copied", "for (let i = 0; i < n; i++) h[i] = next[i];", "const h = h0.slice();");

const program = `import { peakTapeBytes, tapeBytes } from "cotangent/runtime";
import { grad } from "cotangent";
${rebound}
${copied}
export const g = grad(rebound, [0, 1]);
export const gc = grad(copied, [0, 1]);
export { peakTapeBytes, tapeBytes };`;

const state = (n: number) => Float64Array.from({ length: n }, (_, k) => 0.4 * Math.sin(1.3 * k + 0.2));
const weights = (n: number) => Float64Array.from({ length: n * n }, (_, k) => (0.5 / n) * Math.cos(0.7 * k));

test("'h = next' in a loop: the gradient is bit for bit the one of the explicit copy, and the tape is linear", () => {
  const out = compile({ "main.ts": program });
  expect(out.diagnostics).toEqual([]);
  const m = out.load("main.ts");
  expect(out.js["main.ts"]).toMatch(/__ct\.arrays\.push\(h\);/);
  expect(out.js["main.ts"]).toMatch(/h = __ct\.arrays\.pop\(\);/);
  for (const [n, steps] of [
    [1, 1],
    [3, 0],
    [5, 4],
    [12, 7],
  ]) {
    const [h0, W] = [state(n), weights(n)];
    let gradient: Float64Array[] = [];
    const bytes = m.peakTapeBytes(() => (gradient = m.g(h0, W, steps)));
    expect(m.tapeBytes()).toBe(0);
    const reference = m.gc(h0, W, steps) as Float64Array[];
    expect(gradient.map((a) => Array.from(a))).toEqual(reference.map((a) => Array.from(a)));
    // Per step: n values of tanh, the n elements of the array set aside, and a few trip counts; neither the zeros
    // the copy into the new array overwrites nor the n² elements the products read.
    expect(bytes).toBeLessThanOrEqual(steps * (2 * n * 8 + 16) + 64);
  }
});

test("rebound arrays: finite differences and the dot-product test, directly and through a caller", () => {
  checkBothWays(rebound, "rebound", "h0: Float64Array, W: Float64Array, steps: number", [[state(4), weights(4), 3]], {
    fixed: [2],
  });
  // 'y = y.map(…)' reading other elements, a conditional rebinding, and elements overwritten after being read.
  const mapped = `
// @differentiate
export function mapped(x: number[], rounds: number): number {
  let y = x.slice();
  for (let r = 0; r < rounds; r++) {
    y = y.map((v, i) => Math.sin(v) * y[(i + 1) % y.length] + 0.5 * v);
    if (r % 2 === 1) {
      const z = y.map((v) => v * v);
      y = z;
    }
    y[0] = y[0] * y[y.length - 1];
  }
  let s = 0;
  for (const v of y) s += v;
  return s;
}`;
  checkBothWays(mapped, "mapped", "x: number[], rounds: number", [[[0.3, -0.8, 1.1, 0.5], 4]], { fixed: [1] });
});

// A matrix power through a helper that builds each product row by row with pushes: each new matrix is pushed to, not
// overwritten, so its elements (and its row starts) read the same in the reverse sweep as when the products read them.
const power = (name: string, update: string) => `
function matmul(A: number[][], B: number[][]): number[][] {
  const C: number[][] = [];
  for (let i = 0; i < A.length; i++) {
    const row: number[] = [];
    for (let j = 0; j < B[0].length; j++) {
      let s = 0;
      for (let k = 0; k < B.length; k++) s += A[i][k] * B[k][j];
      row.push(s);
    }
    C.push(row);
  }
  return C;
}
// @differentiate
export function ${name}(A: number[][], p: number): number {
  let P = A.map((row) => row.slice());
  for (let t = 1; t < p; t++) ${update}
  let s = 0;
  for (const row of P) for (const v of row) s += v * v;
  return s;
}`;

test("a matrix rebuilt by pushes each step ('P = matmul(P, A)'): the products' reads are not recorded", () => {
  const rebuilt = power("rebuilt", "P = matmul(P, A);");
  const out = compile({
    "main.ts": `import { peakTapeBytes } from "cotangent/runtime";
import { grad, jvp } from "cotangent";
${rebuilt}
// @differentiate
export function caller(A: number[][], p: number): number {
  return 3 * rebuilt(A, p) + A[0][0];
}
export const g = grad(rebuilt, 0);
export const gCaller = grad(caller, 0);
export const tangent = (A: number[][], p: number, U: number[][]) => jvp(rebuilt, [A, p], [U, 0]);
export { peakTapeBytes };`,
  });
  expect(out.diagnostics).toEqual([]);
  const m = out.load("main.ts");
  expect(out.js["main.ts"]).toMatch(/__ct\.arrays\.push\(P\);/);
  for (const [n, p] of [
    [2, 3],
    [6, 5],
    [12, 5],
  ]) {
    const A = matrix(n);
    let gradient: number[][] = [];
    const bytes = m.peakTapeBytes(() => (gradient = m.g(A, p)));
    // Against the closed form: d/dA Σ (Aᵖ)ᵢⱼ² = Σₖ (Aᵏ)ᵀ · 2Aᵖ · (Aᵖ⁻¹⁻ᵏ)ᵀ.
    const expected = powerGradient(A, p);
    gradient.forEach((row, i) => row.forEach((g, j) => expect(Math.abs(g - expected[i][j])).toBeLessThan(1e-12)));
    // Through a caller (the split sweeps), and the dot-product test against forward mode.
    const viaCaller = m.gCaller(A, p) as number[][];
    viaCaller.forEach((row, i) =>
      row.forEach((g, j) => expect(Math.abs(g - (3 * expected[i][j] + (i + j === 0 ? 1 : 0)))).toBeLessThan(1e-11)),
    );
    const U = A.map((row, i) => row.map((_, j) => Math.cos(3 * i - j)));
    const [, dot] = m.tangent(A, p, U);
    const reverseDot = gradient.reduce((s, row, i) => row.reduce((t, g, j) => t + g * U[i][j], s), 0);
    expect(Math.abs(dot - reverseDot)).toBeLessThan(1e-12 * Math.abs(dot));
    // Per product and element: its position in the row and in the matrix, the element of the array set aside, and
    // the inner loop's counter and count; a few counts per row. Not the n³ elements the products read (which made
    // 26 KB at n = 6 and 187 KB at n = 12).
    expect(bytes).toBeLessThanOrEqual((p - 1) * (n * n * 40 + n * 64 + 128) + n * n * 16 + n * 32 + 256);
  }
});

function matrix(n: number): number[][] {
  return Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => Math.sin(1 + i + 2 * j) / n));
}

function product(A: number[][], B: number[][]): number[][] {
  return A.map((row) => B[0].map((_, j) => row.reduce((s, a, k) => s + a * B[k][j], 0)));
}

const transpose = (A: number[][]) => A[0].map((_, j) => A.map((row) => row[j]));

function powerGradient(A: number[][], p: number): number[][] {
  const n = A.length;
  const powers = [A.map((_, i) => A.map((__, j) => (i === j ? 1 : 0)))];
  for (let k = 1; k <= p; k++) powers.push(product(powers[k - 1], A));
  const seed = powers[p].map((row) => row.map((v) => 2 * v));
  const gradient = A.map(() => new Array<number>(n).fill(0));
  for (let k = 0; k < p; k++) {
    const term = product(product(transpose(powers[k]), seed), transpose(powers[p - 1 - k]));
    term.forEach((row, i) => row.forEach((v, j) => (gradient[i][j] += v)));
  }
  return gradient;
}
