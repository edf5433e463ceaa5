/**
 * Arrays in differentiated functions (issue 4, first part): parameters of type number[], readonly number[],
 * Float64Array and Float32Array, element reads with computed indices, .length, local zero-filled arrays written
 * element by element, for...of, and captured data arrays. Each program is checked by finite differences and the
 * dot-product test (jvp against vjp), and against a hand-derived gradient where one is short to write.
 */
import { compile } from "../helpers/compile";
import { relativeError } from "../helpers/check";
import { checkBothWays, checkShaped } from "../helpers/shaped";
import { ROSENBROCK } from "../helpers/sources";

function rosenbrockGradient(x: Float64Array): number[] {
  const g = new Array<number>(x.length).fill(0);
  for (let i = 0; i < x.length - 1; i++) {
    const a = x[i + 1] - x[i] * x[i];
    g[i] += -400 * a * x[i] - 2 * (1 - x[i]);
    g[i + 1] += 200 * a;
  }
  return g;
}

test("extended Rosenbrock over a Float64Array: gradient matches the hand-written one", () => {
  const points = [new Float64Array([0.5, -0.3, 1.2, 0.8]), Float64Array.from({ length: 20 }, (_, i) => Math.cos(i))];
  const gradients = checkShaped(
    ROSENBROCK,
    "rosenbrock",
    "x: Float64Array",
    points.map((p) => [p]),
  );
  gradients.forEach(([g], k) => {
    const expected = rosenbrockGradient(points[k]);
    expect(g).toBeInstanceOf(Float64Array);
    Array.from(g as Float64Array).forEach((gi, i) => expect(relativeError(gi, expected[i])).toBeLessThan(1e-12));
  });
});

test("number[] with a scalar weight: a local zero-filled array written by index, then read with for...of", () => {
  const source = `
// @differentiate
export function energy(v: number[], w: number): number {
  const t = new Array<number>(v.length).fill(0);
  for (let i = 0; i < v.length; i++) t[i] = v[i] * w;
  let s = 0;
  for (const e of t) s += e * e;
  return s;
}`;
  const [[gv, gw]] = checkShaped(source, "energy", "v: number[], w: number", [[[1, 2, 3], 0.5]]);
  // energy = w² Σ v², so ∂/∂v = 2 w² v and ∂/∂w = 2 w Σ v².
  expect(gv).toEqual([0.5, 1, 1.5]);
  expect(gw).toBe(14);
});

test("readonly number[] parameter, data-dependent indices and an element accumulated with +=", () => {
  const source = `
// @differentiate
export function histogramLoss(x: readonly number[], centers: readonly number[]): number {
  const acc = new Float64Array(centers.length);
  for (let i = 0; i < x.length; i++) {
    let best = 0;
    for (let k = 1; k < centers.length; k++) {
      if (Math.abs(x[i] - centers[k]) < Math.abs(x[i] - centers[best])) best = k;
    }
    const d = x[i] - centers[best];
    acc[best] += d * d;
  }
  let s = 0;
  for (let k = 0; k < acc.length; k++) s += Math.sqrt(acc[k] + 1);
  return s;
}`;
  checkShaped(source, "histogramLoss", "x: readonly number[], centers: readonly number[]", [
    [
      [0.1, 0.9, 2.2, 1.4, -0.5],
      [0, 1, 2],
    ],
  ]);
});

test("Float32Array parameter: gradient is a Float32Array matching the hand formula", () => {
  const source = `
// @differentiate
export function weighted(x: Float32Array, s: number): number {
  let total = 0;
  for (let i = 0; i < x.length; i++) total += Math.sin(x[i]) * s;
  return total;
}`;
  const x = new Float32Array([0.25, 0.5, 1]);
  // The adjoint is a Float32Array like x, so it holds float32 sums: the modes agree to float32 precision, and finite
  // differences of float32 data are quantized to its grid. The hand formula below is the precise reference.
  const [[gx, gs]] = checkShaped(source, "weighted", "x: Float32Array, s: number", [[x, 2]], {
    dotTolerance: 1e-6,
    fdTolerance: 1e-2,
  });
  expect(gx).toBeInstanceOf(Float32Array);
  Array.from(gx as Float32Array).forEach((g, i) =>
    expect(relativeError(g, Math.fround(Math.cos(x[i]) * 2))).toBeLessThan(1e-6),
  );
  expect(relativeError(gs as number, Math.sin(x[0]) + Math.sin(x[1]) + Math.sin(x[2]))).toBeLessThan(1e-12);
});

test("an inline arrow capturing data arrays: least squares over a data set, gradient in the weights", () => {
  const out = compile({
    "main.ts": `
import { grad } from "cotangent";
const X = [1, 2, 3, 4];
const Y = [2.1, 3.9, 6.2, 7.8];
export const loss = (w: number, b: number) => {
  let s = 0;
  for (let i = 0; i < X.length; i++) {
    const r = w * X[i] + b - Y[i];
    s += r * r;
  }
  return s;
};
export const dloss = grad((w: number, b: number) => {
  let s = 0;
  for (let i = 0; i < X.length; i++) {
    const r = w * X[i] + b - Y[i];
    s += r * r;
  }
  return s;
}, [0, 1]);
`,
  });
  expect(out.diagnostics).toEqual([]);
  const m = out.load("main.ts");
  const X = [1, 2, 3, 4];
  const Y = [2.1, 3.9, 6.2, 7.8];
  const [w, b] = [1.5, 0.2];
  const r = X.map((x, i) => w * x + b - Y[i]);
  const [gw, gb] = m.dloss(w, b);
  expect(
    relativeError(
      gw,
      r.reduce((s, ri, i) => s + 2 * ri * X[i], 0),
    ),
  ).toBeLessThan(1e-12);
  expect(
    relativeError(
      gb,
      r.reduce((s, ri) => s + 2 * ri, 0),
    ),
  ).toBeLessThan(1e-12);
});

test("unsupported array code gets a diagnostic naming the construct, never a wrong derivative", () => {
  const out = compile({
    "main.ts": `
import { grad } from "cotangent";
// @differentiate
export function writesField(p: { w: number }): number { p.w = 1; return p.w; }
// @differentiate
export function picks(x: number[][], z: number[][], c: boolean): number { const y = c ? x : z; y[0][0] = 1; return x[0][0]; }
// @differentiate
export function sorts(x: number[]): number { return x.splice(1, 2)[0]; }
// @differentiate
export function rows(m: number[][]): number { let s = 0; for (const [a, ...b] of m) s += a * b[0]; return s; }
// @differentiate
export function resizes(x: number): number { const y: number[] = [x]; y.length = 0; return x; }
`,
  });
  const codes = out.diagnostics.map((d) => d.replace(/ - error TS(\d+).*/, " $1"));
  expect(codes).toEqual([
    "main.ts:4:57 990022",
    "main.ts:6:85 990075",
    "main.ts:8:53 990021",
    "main.ts:10:63 990021",
    "main.ts:12:71 990021",
  ]);
  // The array operation is named as written: the splice, the loop destructuring a matrix's rows, the resize.
  expect(out.diagnostics[2]).toContain("'x.splice(1, 2)[0]' is not supported on arrays yet");
  expect(out.diagnostics[3]).toContain("'for (const [a, ...b] of m)' is not supported on arrays yet");
  expect(out.diagnostics[4]).toContain("'y.length = 0' is not supported on arrays yet");
});

test("an array alias shares its adjoint: 'const y = x' then reads through both names", () => {
  const source = `
// @differentiate
export function aliasSum(x: Float64Array): number {
  const y = x;
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i] * y[i];
  return s;
}`;
  const x = new Float64Array([0.5, -1, 2]);
  const [[g]] = checkShaped(source, "aliasSum", "x: Float64Array", [[x]]);
  expect(Array.from(g as Float64Array)).toEqual(Array.from(x, (v) => 2 * v));
});

test("a value overwritten in place that the adjoint still needs is recorded, not read after it was clobbered", () => {
  const source = `
// @differentiate
export function squareInPlace(x: Float64Array, times: number): number {
  const a = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) a[i] = x[i];
  for (let t = 0; t < times; t++) {
    for (let i = 0; i < a.length; i++) a[i] = a[i] * a[i] + 0.1 * Math.sin(a[i]);
  }
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i];
  return s;
}`;
  checkShaped(source, "squareInPlace", "x: Float64Array, times: number", [[new Float64Array([0.9, -0.7, 1.1]), 3]], {
    fixed: [1],
  });
});

test("number[][] parameters (matrices): gradient shaped number[][], read by m[i][j], rows' lengths by m[i].length", () => {
  const out = compile({
    "main.ts": `
import { grad, jvp } from "cotangent";
// @differentiate
export function quad(A: number[][], x: number[]): number {
  let s = 0;
  for (let i = 0; i < A.length; i++) {
    let row = 0;
    for (let j = 0; j < A[i].length; j++) row += A[i][j] * x[j];
    s += row * row;
  }
  return s;
}
export const dq = grad(quad, [0, 1]);
export const tq = (A: number[][], x: number[], dA: number[][], dx: number[]) => jvp(quad, [A, x], [dA, dx]);
`,
  });
  expect(out.diagnostics).toEqual([]);
  const m = out.load("main.ts");
  const A = [
    [1, 2],
    [3, 4],
    [0.5, -1],
  ];
  const x = [0.3, -0.7];
  const [dA, dx] = m.dq(A, x);
  // s = |A x|², so ∂s/∂A = 2 (A x) xᵀ and ∂s/∂x = 2 Aᵀ (A x).
  const ax = A.map((r) => r[0] * x[0] + r[1] * x[1]);
  A.forEach((r, i) => r.forEach((_, j) => expect(relativeError(dA[i][j], 2 * ax[i] * x[j])).toBeLessThan(1e-12)));
  [0, 1].forEach((j) =>
    expect(
      relativeError(
        dx[j],
        A.reduce((s, r, i) => s + 2 * ax[i] * r[j], 0),
      ),
    ).toBeLessThan(1e-12),
  );
  const tA = [
    [1, 0],
    [0, 1],
    [1, 1],
  ];
  const tx = [1, 2];
  const [, t] = m.tq(A, x, tA, tx);
  const back = (dA as number[][]).flat().reduce((s, g, k) => s + g * tA.flat()[k], 0) + dx[0] * tx[0] + dx[1] * tx[1];
  expect(relativeError(t, back)).toBeLessThan(1e-12);
});

test("'[]' then push: the tangent and adjoint arrays grow with the array", () => {
  const source = `
// @differentiate
export function keepPositive(x: Float64Array, w: number): number {
  const kept: number[] = [];
  for (let i = 0; i < x.length; i++) if (x[i] > 0) kept.push(x[i] * w);
  let s = 0;
  for (const v of kept) s += v * v;
  return s;
}`;
  const x = new Float64Array([0.5, -1, 2]);
  const w = 1.5;
  const [[gx, gw]] = checkShaped(source, "keepPositive", "x: Float64Array, w: number", [[x, w]]);
  // s = w² Σ_{x_i > 0} x_i²
  expect(Array.from(gx as Float64Array)).toEqual([2 * 0.5 * w * w, 0, 2 * 2 * w * w]);
  expect(relativeError(gw as number, 2 * w * (0.25 + 4))).toBeLessThan(1e-12);
});

test("'[]' then stores by index, at and past the end: the adjoint array grows with the array", () => {
  // Built the way JavaScript builds arrays ('ys[i] = v' on an empty array), in a loop ('grid' anew per row), with a
  // gap ('ys[3]' after one element), and through a differentiated caller (split sweeps).
  const source = `
// @differentiate
export function filled(x: Float64Array, w: number): number {
  const ys: number[] = [];
  for (let i = 0; i < x.length; i++) ys[i] = x[i] * x[i] * w;
  let s = 0;
  for (let i = 0; i < ys.length; i++) s += Math.sin(ys[i]);
  for (let r = 0; r < 2; r++) {
    const grid: number[] = [w];
    for (let k = 1; k <= x.length; k++) grid[k] = grid[k - 1] * x[k - 1] + r;
    s += grid[grid.length - 1];
  }
  const gap: number[] = [x[0]];
  gap[3] = x[1] * 2;
  return s + gap[0] * gap[3] + gap.length;
}`;
  const x = new Float64Array([0.5, -0.3, 0.8, 0.2]);
  const w = 1.3;
  const [[gx, gw]] = checkBothWays(source, "filled", "x: Float64Array, w: number", [[x, w]]);
  // s = Σ sin(w x_i²) + Σ_r grid_r[n] + 2 x0 x1 + 4, grid_r[k] = grid_r[k - 1] x_(k-1) + r from grid_r[0] = w.
  const grid = (r: number, xs: readonly number[], weight: number) => xs.reduce((g, xk) => g * xk + r, weight);
  const f = (xs: number[], weight: number) =>
    xs.reduce((acc, xi) => acc + Math.sin(weight * xi * xi), 0) +
    grid(0, xs, weight) +
    grid(1, xs, weight) +
    2 * xs[0] * xs[1] +
    4;
  const h = 1e-6;
  Array.from(x).forEach((_, i) => {
    const step = (d: number) => Array.from(x, (v, k) => (k === i ? v + d : v));
    const expected = (f(step(h), w) - f(step(-h), w)) / (2 * h);
    expect(Math.abs((gx as Float64Array)[i] - expected)).toBeLessThan(1e-7);
  });
  expect(Math.abs((gw as number) - (f(Array.from(x), w + h) - f(Array.from(x), w - h)) / (2 * h))).toBeLessThan(1e-7);
  // The Hessian's diagonal of Σ sin(w x_i²) alone: 2w cos(w x²) − 4w² x² sin(w x²).
  const squares = `
// @differentiate
export function squares(x: Float64Array): number {
  const ys: number[] = [];
  for (let i = 0; i < x.length; i++) ys[i] = 1.3 * x[i] * x[i];
  let s = 0;
  for (let i = 0; i < ys.length; i++) s += Math.sin(ys[i]);
  return s;
}
import { hessian } from "cotangent";
export const hess = hessian(squares);`;
  const hess = compile({ "main.ts": squares }).load("main.ts").hess(x) as number[][];
  hess.forEach((row, i) =>
    row.forEach((value, j) => {
      const xi = x[i];
      const diagonal = 2 * w * Math.cos(w * xi * xi) - 4 * w * w * xi * xi * Math.sin(w * xi * xi);
      expect(Math.abs(value - (i === j ? diagonal : 0))).toBeLessThan(1e-12);
    }),
  );
});

test("a callee writing into a number[] argument: the adjoint it grows is its caller's", () => {
  const source = `
function scale(y: number[], k: number): void {
  for (let i = 0; i < y.length; i++) y[i] *= k;
}
// @differentiate
export function scaled(x: number[], k: number): number {
  const z = x.slice();
  scale(z, k);
  return z[1] * z[1] + z[0];
}`;
  const x = [0.5, -1.5, 2];
  const [[gx, gk]] = checkBothWays(source, "scaled", "x: number[], k: number", [[x, 1.7]]);
  // f = k²·x1² + k·x0
  [1.7, 2 * 1.7 * 1.7 * -1.5, 0].forEach((g, i) => expect(relativeError((gx as number[])[i], g)).toBeLessThan(1e-15));
  expect(relativeError(gk as number, 2 * 1.7 * 2.25 + 0.5)).toBeLessThan(1e-15);
});

test("'++' and '--' on elements: the old value (postfix) or the new one (prefix), the element updated", () => {
  const source = `
// @differentiate
export function counted(x: Float64Array): number {
  const y = new Float64Array(3);
  const z: number[] = [x[0], x[1]];
  for (let i = 0; i < 3; i++) y[i] = x[i] * x[i];
  let s = y[0]++ * x[1];
  s += --y[2] * x[0];
  z[1]++;
  ++z[0];
  y[1]--;
  return s + y[0] * y[1] * y[2] + z[0] * z[1];
}`;
  const x = Float64Array.from([0.6, -1.3, 0.9]);
  const [[g]] = checkBothWays(source, "counted", "x: Float64Array", [[x]]);
  // s = x0²·x1 + (x2² − 1)·x0, then (x0² + 1)(x1² − 1)(x2² − 1) + (x0 + 1)(x1 + 1).
  const [a, b, c] = x;
  const expected = [
    2 * a * b + (c * c - 1) + 2 * a * (b * b - 1) * (c * c - 1) + (b + 1),
    a * a + 2 * b * (a * a + 1) * (c * c - 1) + (a + 1),
    2 * c * a + 2 * c * (a * a + 1) * (b * b - 1),
  ];
  expected.forEach((e, i) => expect(relativeError((g as Float64Array)[i], e)).toBeLessThan(1e-14));
});

test("callbacks taking the array itself, the parameter after the index ('(v, i, arr) => …')", () => {
  const source = `
// @differentiate
export function neighbours(x: Float64Array): number {
  const next = x.map((v, i, arr) => v * arr[(i + 1) % arr.length]);
  const total = next.reduce((acc, v, i, all) => acc + v * all[0] + i, 0);
  let s = 0;
  x.forEach((v, i, arr) => {
    s += v * arr.length;
  });
  const big = x.filter((v, i, arr) => v > arr[0]);
  const any = x.some((v, i, arr) => v > arr[arr.length - 1]);
  return total + s + big.length * (any ? 2 : 1);
}`;
  const x = Float64Array.from([0.7, -0.4, 1.2, 0.3]);
  const [[g]] = checkBothWays(source, "neighbours", "x: Float64Array", [[x]]);
  // next_i = x_i·x_(i+1 mod n); total = next_0·Σ next + 6; s = n·Σ x (the filter and some are constants here).
  const n = x.length;
  const next = Array.from(x, (v, i) => v * x[(i + 1) % n]);
  const sum = next.reduce((a, b) => a + b, 0);
  const expected = Array.from(x, (_, j) => {
    const dNext = (i: number) => (i === j ? x[(i + 1) % n] : 0) + ((i + 1) % n === j ? x[i] : 0);
    const dSum = next.reduce((acc, _v, i) => acc + dNext(i), 0);
    return dNext(0) * sum + next[0] * dSum + n;
  });
  expected.forEach((e, j) => expect(relativeError((g as Float64Array)[j], e)).toBeLessThan(1e-13));
});

test("filter selects the values that feed the rest of the computation", () => {
  const source = `
// @differentiate
export function largeSquares(x: number[], threshold: number): number {
  const large = x.filter((v) => v * v > threshold);
  return large.reduce((s, v) => s + Math.exp(v), 0);
}`;
  const x = [0.5, -1.5, 2, 0.1];
  const [[gx]] = checkShaped(source, "largeSquares", "x: number[], threshold: number", [[x, 1]], { fixed: [1] });
  expect(gx).toEqual(x.map((v) => (v * v > 1 ? Math.exp(v) : 0)));
});

test("callees taking arrays: tangents passed in, adjoints accumulated into the caller's arrays (same array twice too)", () => {
  const source = `
function dot(a: Float64Array, b: Float64Array, offset: number, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += a[i] * b[offset + i];
  return s;
}

function norm2(a: Float64Array): number {
  return dot(a, a, 0, a.length);
}

/** Ridge-regularized least squares over rows of X (row-major, d columns). */
// @differentiate
export function ridge(w: Float64Array, X: Float64Array, y: Float64Array, lambda: number): number {
  const d = w.length;
  let loss = 0;
  for (let r = 0; r < y.length; r++) {
    const e = dot(w, X, r * d, d) - y[r];
    loss += e * e;
  }
  return loss + lambda * norm2(w);
}`;
  const w = new Float64Array([0.5, -0.25, 1]);
  const X = new Float64Array([1, 2, 3, 0.5, -1, 2, 1, 1, 1, -2, 0, 0.5]);
  const y = new Float64Array([1, 0, 2, -1]);
  const [[gw]] = checkShaped(source, "ridge", "w: Float64Array, X: Float64Array, y: Float64Array, lambda: number", [
    [w, X, y, 0.3],
  ]);
  // ∂/∂w = 2 Xᵀ(Xw − y) + 2 λ w
  const expected = Array.from(w, (wj, j) => {
    let s = 2 * 0.3 * wj;
    for (let r = 0; r < 4; r++) {
      const e = w[0] * X[3 * r] + w[1] * X[3 * r + 1] + w[2] * X[3 * r + 2] - y[r];
      s += 2 * e * X[3 * r + j];
    }
    return s;
  });
  Array.from(gw as Float64Array).forEach((g, j) => expect(relativeError(g, expected[j])).toBeLessThan(1e-12));
});

test("callees that create arrays, called from a differentiated caller (split sweeps allocate their own adjoints)", () => {
  const source = `
function smooth(a: Float64Array, width: number): number {
  const t = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) t[i] = a[i] * a[i];
  const kept: number[] = [];
  for (let i = 0; i < t.length; i++) if (t[i] > width) kept.push(Math.sqrt(t[i]) * a[i]);
  let s = 0;
  for (const v of kept) s += v * v;
  return s + t[0] * t[t.length - 1];
}
// @differentiate
export function twice(a: Float64Array, width: number): number {
  return smooth(a, width) * Math.exp(-smooth(a, 2 * width));
}`;
  const a = new Float64Array([0.9, -1.4, 0.3, 2.1, -0.7]);
  checkShaped(source, "twice", "a: Float64Array, width: number", [[a, 0.4]], { fixed: [1] });
});

test("arrays whose size changes between loop iterations, and arrays grown by push inside loops", () => {
  const source = `
// @differentiate
export function triangle(x: Float64Array): number {
  let s = 0;
  for (let i = 1; i <= x.length; i++) {
    const prefix = new Float64Array(i);
    for (let k = 0; k < i; k++) prefix[k] = Math.sin(x[k]) * (k + 1);
    const picked: number[] = [];
    for (let k = 0; k < i; k++) if (prefix[k] > 0) picked.push(prefix[k] * x[i - 1]);
    const tail = picked.slice(1);
    for (let k = 0; k < tail.length; k++) s += tail[k] * tail[k];
    s += prefix[i - 1];
  }
  return s;
}`;
  const x = new Float64Array([0.9, -0.4, 1.3, 2.2, 0.5]);
  checkShaped(source, "triangle", "x: Float64Array", [[x]]);
  checkShaped(
    source.replace("// @differentiate", "") +
      `
// @differentiate
export function viaCaller(x: Float64Array): number { return triangle(x) * triangle(x); }`,
    "viaCaller",
    "x: Float64Array",
    [[x]],
  );
});

test("arrays created inside a loop with a fixed size: a fresh array per iteration, adjoint cleared per iteration", () => {
  const source = `
// @differentiate
export function hiddenLayer(w: Float64Array, x: Float64Array, hidden: number, inputs: number): number {
  let total = 0;
  for (let s = 0; s < x.length / inputs; s++) {
    const h = new Float64Array(hidden);
    for (let j = 0; j < hidden; j++) {
      for (let i = 0; i < inputs; i++) h[j] += w[j * inputs + i] * x[s * inputs + i];
    }
    const squashed = [Math.tanh(h[0]), h[1] * h[1]];
    for (let j = 0; j < hidden; j++) total += Math.sin(h[j]) * squashed[j % 2];
  }
  return total;
}`;
  const w = Float64Array.from({ length: 6 }, (_, k) => Math.cos(k + 1) * 0.7);
  const x = Float64Array.from({ length: 8 }, (_, k) => Math.sin(k * 1.3));
  checkShaped(
    source,
    "hiddenLayer",
    "w: Float64Array, x: Float64Array, hidden: number, inputs: number",
    [[w, x, 3, 2]],
    {
      fixed: [2, 3],
    },
  );
});

test("an array created in a loop with the size of a parameter compiles; jacfwd of a matrix parameter is refused", () => {
  const out = compile({
    "main.ts": `
import { grad, jacfwd } from "cotangent";
// @differentiate
export function scaled(x: Float64Array): number {
  let s = 0;
  for (let k = 0; k < 3; k++) {
    const t = new Float64Array(x.length);
    for (let i = 0; i < x.length; i++) t[i] = x[i] * k;
    s += t[1] * t[1];
  }
  return s;
}
// @differentiate
export function mat(A: number[][]): number { return A[0][0] * A[1][1]; }
export const ds = grad(scaled);
export const j = jacfwd(mat);
`,
  });
  expect(out.diagnostics.map((d) => d.replace(/ - error TS(\d+).*/, " $1"))).toEqual(["main.ts:16:25 990008"]);
});

test("for...of over what is not an array of numbers names the loop as written (TS990021), or the records that hold matrices outside a parameter (TS990114); a tuple's length is known", () => {
  const out = compile({
    "main.ts": `
// @differentiate
export function entries(x: number, o: { a: number; b: number }): number { let s = x; for (const [k, v] of Object.entries(o)) s += v; return s; }
// @differentiate
export function layers(x: number, net: { layers: { W: number[][] }[] }): number {
  let s = x;
  for (const layer of net.layers) s += layer.W.length * x;
  return s;
}
`,
  });
  expect(out.diagnostics).toEqual([
    expect.stringMatching(
      /^main\.ts:3:\d+ - error TS990021: 'for \(const \[k, v\] of Object\.entries\(o\)\)' is not supported/,
    ),
    expect.stringMatching(/^main\.ts:7:23 - error TS990114: 'net\.layers' is an array of matrices or of records/),
  ]);
  const alone = compile({
    "main.ts": `
import { grad } from "cotangent";
// @differentiate
export function tupleLength(p: [number, number, number]): number { return p.length * p[0]; }
export const g = grad(tupleLength);
`,
  });
  expect(alone.diagnostics).toEqual([]);
  expect(alone.load("main.ts").g([2, 5, 7])).toEqual([3, 0, 0]);
});

test("arrays created and filled at once with any value: 'new Array<number>(n).fill(1)', 'new Float64Array(n).fill(x)'", () => {
  const source = `
function total(a: readonly number[]): number {
  let s = 0;
  for (const v of a) s += v;
  return s;
}
// @differentiate
export function f(x: Float64Array): number {
  const ones = new Array<number>(x.length).fill(1);
  const level = new Float64Array(3).fill(x[0] * x[1]);
  const zeros = new Array<number>(2).fill(0);
  let s = total(new Array<number>(2).fill(x[2]));
  for (let i = 0; i < x.length; i++) s += ones[i] * x[i] * x[i] + level[i % 3] + zeros[i % 2];
  return s;
}`;
  const x = new Float64Array([0.5, -1.2, 0.8]);
  const [[g]] = checkShaped(source, "f", "x: Float64Array", [[x]]);
  // f = 2·x2 + Σ x_i² + 3·x0·x1
  const expected = [2 * 0.5 + 3 * -1.2, 2 * -1.2 + 3 * 0.5, 2 + 2 * 0.8];
  Array.from(g as Float64Array).forEach((v, i) => expect(relativeError(v, expected[i])).toBeLessThan(1e-14));
});

test("'x.slice().fill(v)': a new array as long as x (a vector, a typed array, a matrix's row), declared or assigned", () => {
  const source = `
import { grad } from "cotangent";
// @differentiate
export function f(x: number[], W: number[][], t: Float64Array): number {
  const z = x.slice().fill(0);
  let half: number[];
  half = x.slice().fill(0.5);
  for (let i = 0; i < x.length; i++) z[i] = x[i] * x[i] + half[i];
  let s = 0;
  for (let i = 0; i < z.length; i++) s += z[i] * x[i];
  const twos = W[1].slice().fill(2);
  for (let j = 0; j < twos.length; j++) s += twos[j] * W[1][j];
  const threes = t.slice().fill(3);
  for (let j = 0; j < threes.length; j++) s += threes[j] * t[j] * x[0];
  const m = W.map((row) => row.slice().fill(0));
  m[0][0] = x[1];
  return s + m[0][0] * x[0] + m[1][1];
}
export const g = grad(f, [0, 1, 2]);
`;
  const out = compile({ "main.ts": source });
  expect(out.diagnostics).toEqual([]);
  const m = out.load("main.ts");
  const x = [0.7, -1.3, 0.4];
  const W = [
    [1.5, -0.5],
    [0.25, 2],
  ];
  const t = Float64Array.from([0.5, -0.75]);
  // f = Σ (x_i² + 0.5)·x_i + 2·Σ W[1][j] + 3·x0·Σ t_j + x1·x0.
  expect(
    relativeError(m.f(x, W, t), x.reduce((s, v) => s + (v * v + 0.5) * v, 0) + 4.5 + 3 * 0.7 * -0.25 - 1.3 * 0.7),
  ).toBeLessThan(1e-15);
  const [gx, gW, gt] = m.g(x, W, t) as [number[], number[][], Float64Array];
  const expected = x.map((v) => 3 * v * v + 0.5);
  expected[0] += 3 * (t[0] + t[1]) + x[1];
  expected[1] += x[0];
  gx.forEach((v, i) => expect(relativeError(v, expected[i])).toBeLessThan(1e-14));
  expect(gW).toEqual([
    [0, 0],
    [2, 2],
  ]);
  expect(gt).toBeInstanceOf(Float64Array);
  Array.from(gt).forEach((v) => expect(relativeError(v, 3 * x[0])).toBeLessThan(1e-15));
});

test("'Array.from({ length: n }, (_, i) => …)' and 'Float64Array.from(a, cb)': new arrays from a callback", () => {
  const source = `
// @differentiate
export function f(x: Float64Array): number {
  const powers = Array.from({ length: 3 }, (_, i) => Math.pow(x[0], i + 1));
  const scaled = Float64Array.from(x, (v, i) => v * (i + 1));
  const squares = Array.from(x, (v) => v * v);
  let s = 0;
  for (let i = 0; i < x.length; i++) s += powers[i] + scaled[i] * squares[i];
  return s;
}`;
  const x = new Float64Array([0.5, -1.2, 0.8]);
  const [[g]] = checkShaped(source, "f", "x: Float64Array", [[x]]);
  // f = x0 + x0² + x0³ + Σ (i + 1)·x_i³
  const expected = [1 + 2 * 0.5 + 3 * 0.25 + 3 * 0.25, 2 * 3 * 1.44, 3 * 3 * 0.64];
  Array.from(g as Float64Array).forEach((v, i) => expect(relativeError(v, expected[i])).toBeLessThan(1e-14));
});

test("'fill(v, start, end)' and 'slice(start, end)' take positions as JavaScript does: negative, fractional, NaN", () => {
  const source = `
import { valueAndGrad } from "cotangent";
// @differentiate
export function f(x: number[], c: number, start: number, end: number): number {
  const y = x.slice();
  y.fill(c * c, start, end);
  const z = x.slice(start, end);
  let s = 0;
  for (let i = 0; i < y.length; i++) s += (i + 1) * y[i] * x[i];
  for (const v of z) s += v * v * v;
  return s;
}
export const vg = valueAndGrad(f, [0, 1]);
`;
  const out = compile({ "main.ts": source });
  expect(out.diagnostics).toEqual([]);
  const m = out.load("main.ts");
  const x = [0.5, -1.5, 2, 0.25, 1.25];
  const c = 0.75;
  for (const [start, end] of [
    [1, 3],
    [-3, -1],
    [1.7, 4.9],
    [NaN, 2],
    [-10, 10],
    [3, 1],
    [-2.5, Infinity],
  ]) {
    const [value, [gx, gc]] = m.vg(x, c, start, end);
    expect(value).toBe(m.f(x, c, start, end));
    // s = Σ (i+1)·y_i·x_i + Σ z³: filled positions give (i+1)·c²·x_i, the others (i+1)·x_i²; z is x's slice. Which
    // positions fill and slice cover, JavaScript says.
    const filled = new Array<boolean>(x.length).fill(false).fill(true, start, end);
    const sliced = new Set(Array.from(x.keys()).slice(start, end));
    const expectedX = x.map(
      (xi, i) => (filled[i] ? (i + 1) * c * c : 2 * (i + 1) * xi) + (sliced.has(i) ? 3 * xi * xi : 0),
    );
    const expectedC = x.reduce((s, xi, i) => s + (filled[i] ? (i + 1) * 2 * c * xi : 0), 0);
    gx.forEach((g: number, i: number) => expect(relativeError(g, expectedX[i])).toBeLessThan(1e-14));
    expect(relativeError(gc, expectedC)).toBeLessThan(1e-14);
  }
});

test("a module constant 'as const' (a readonly tuple of numbers) reads as a constant array: by index, for...of, length", () => {
  const source = `
const WEIGHTS = [0.2, 0.3, 0.5] as const;
// @differentiate
export function f(x: number[]): number {
  let s = 0;
  for (let i = 0; i < WEIGHTS.length; i++) s += WEIGHTS[i] * x[i] * x[i];
  for (const w of WEIGHTS) s += w * x[0];
  return s + WEIGHTS.reduce((a, b) => a + b, 0);
}`;
  const [[g]] = checkShaped(source, "f", "x: number[]", [[[1, 2, 3]]]);
  // s = Σ wᵢxᵢ² + x₀ Σ w + Σ w: ∂/∂xᵢ = 2wᵢxᵢ, plus Σ w = 1 for x₀.
  expect(g).toEqual([2 * 0.2 * 1 + 1, 2 * 0.3 * 2, 2 * 0.5 * 3]);
});

test("callbacks that return before their end: a three-way comparator, a clamp in map, a predicate, a return inside a loop", () => {
  const source = `
// @differentiate
export function threeWay(x: number[]): number {
  const s = x.slice().sort((a, b) => {
    if (a < b) return -1;
    if (a > b) return 1;
    return 0;
  });
  return s[0] * 3 + s[1];
}
// @differentiate
export function clamped(x: number[]): number {
  const y = x.map((v) => {
    if (v < 0) return 0;
    return v * v;
  });
  const any = y.some((v) => {
    if (v > 0.8) return true;
    return false;
  });
  return y.reduce((a, b) => a + b, 0) * (any ? 2 : 1);
}
// @differentiate
export function firstAbove(x: number[]): number {
  const y = x.map((v) => {
    for (let k = 1; k < 4; k++) {
      if (v * k > 1) return v * k;
    }
    return -v;
  });
  return y[0] + y[1] + y[2];
}`;
  const x = [0.45, -0.2, 0.9];
  const [[g3]] = checkShaped(source, "threeWay", "x: number[]", [[x]]);
  // Ascending: s = [x1, x0, x2].
  expect(g3).toEqual([1, 3, 0]);
  const [[gClamped]] = checkShaped(source, "clamped", "x: number[]", [[x]]);
  // y = [x0², 0, x2²] and 0.81 > 0.8 doubles the sum.
  expect(gClamped).toEqual([2 * 2 * 0.45, 0, 2 * 2 * 0.9]);
  const [[gAbove]] = checkShaped(source, "firstAbove", "x: number[]", [[x]]);
  // 0.45·3 > 1, −0.2 never (so −v), 0.9·2 > 1.
  expect(gAbove).toEqual([3, -1, 2]);
});

test("'Array(n).fill(0).map((_, i) => …)': an array TypeScript types any[], filled with numbers, reads as a number[]", () => {
  const source = `
// @differentiate
export function f(x: number[]): number {
  const y = Array(x.length).fill(0).map((_, i) => x[i] * i);
  return y[1] + y[2] * y[2];
}`;
  const [[g]] = checkShaped(source, "f", "x: number[]", [[[0.5, -0.2, 0.9]]]);
  // y = [0, x1, 2·x2]: ∂/∂x1 = 1, ∂/∂x2 = 8·x2.
  expect(g).toEqual([0, 1, 8 * 0.9]);
});

test("a callback of forEach that returns early with a bare 'return'", () => {
  const source = `
// @differentiate
export function f(x: number[], c: number): number {
  let s = 0;
  x.forEach((v) => {
    if (v < 0) return;
    s += v * c;
  });
  return s;
}`;
  const [[gx, gc]] = checkShaped(source, "f", "x: number[], c: number", [[[0.5, 2, -1.5], 0.7]]);
  expect(gx).toEqual([0.7, 0.7, 0]);
  expect(gc).toBe(2.5);
});

test("a push's and an array literal's values are read left to right: one read before a later one assigns it", () => {
  const m = compile({
    "main.ts": `import { valueAndGrad } from "cotangent";
// @differentiate
export function f(a: number[]): number {
  let t = a[0];
  const b: number[] = [];
  b.push(t, (t = t * a[1]));
  const c = [t, (t = t * a[2])];
  return b[0] * 3 + b[1] + c[0] * 5 + c[1] * 7;
}
export const vg = valueAndGrad(f);
`,
  });
  expect(m.diagnostics).toEqual([]);
  const { vg } = m.load("main.ts");
  const [x, y, z] = [0.7, 1.3, -0.4];
  // b = [x, xy], c = [xy, xyz].
  const [value, [gx, gy, gz]] = vg([x, y, z]);
  expect(value).toBeCloseTo(3 * x + x * y + 5 * x * y + 7 * x * y * z, 14);
  expect(gx).toBeCloseTo(3 + y + 5 * y + 7 * y * z, 14);
  expect(gy).toBeCloseTo(x + 5 * x + 7 * x * z, 14);
  expect(gz).toBeCloseTo(7 * x * y, 14);
});

test("'b[k] += …' writes the element k named before its right side changed k", () => {
  const m = compile({
    "main.ts": `import { valueAndGrad } from "cotangent";
// @differentiate
export function f(a: number[]): number {
  const b = [a[0], a[1], a[2]];
  let k = 0;
  b[k] += (k = 2) * a[3];
  b[k] *= (k = 1) + a[4];
  return b[0] * 10 + b[1] * 100 + b[2];
}
export const vg = valueAndGrad(f);
`,
  });
  expect(m.diagnostics).toEqual([]);
  const { f, vg } = m.load("main.ts");
  const a = [0.7, 1.3, -0.4, 2.1, 0.9];
  // b[0] = a0 + 2·a3, b[2] = a2·(1 + a4).
  const [value, gradient] = vg(a);
  expect(f(a)).toBeCloseTo(10 * (a[0] + 2 * a[3]) + 100 * a[1] + a[2] * (1 + a[4]), 14);
  expect(value).toBeCloseTo(f(a), 14);
  [10, 100, 1 + a[4], 20, a[2]].forEach((g, k) => expect(gradient[k]).toBeCloseTo(g, 14));
});

test("'m[k][j] = …' on a matrix the function builds writes the row k named before its right side changed k", () => {
  const m = compile({
    "main.ts": `import { valueAndGrad } from "cotangent";
// @differentiate
export function f(a: number[]): number {
  const m = [
    [a[0], a[1]],
    [a[2], a[3]],
  ];
  let k = 0;
  m[k][0] = (k = 1) * a[4];
  m[k][1] += (k = 0) + a[4] * a[0];
  return m[0][0] * 10 + m[0][1] * 100 + m[1][0] + m[1][1] * 1000;
}
export const vg = valueAndGrad(f);
`,
  });
  expect(m.diagnostics).toEqual([]);
  const { f, vg } = m.load("main.ts");
  const a = [0.7, 1.3, -0.4, 2.1, 0.9];
  // m[0][0] = a4 (k = 1 after), m[1][1] = a3 + a4·a0: f = 10·a4 + 100·a1 + a2 + 1000·(a3 + a4·a0).
  const [value, gradient] = vg(a);
  expect(f(a)).toBeCloseTo(10 * a[4] + 100 * a[1] + a[2] + 1000 * (a[3] + a[4] * a[0]), 12);
  expect(value).toBeCloseTo(f(a), 14);
  [1000 * a[4], 100, 1, 1000, 10 + 1000 * a[0]].forEach((g, k) => expect(gradient[k]).toBeCloseTo(g, 12));
});
