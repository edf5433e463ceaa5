/**
 * Matrices a differentiated function builds itself ('const c: number[][] = []' filled by 'push', 'Array.from',
 * nested 'map', matrix literals, a helper returning 'number[][]' such as a product, a transpose or a Cholesky factor),
 * then reads and writes element by element, walks row by row, and passes to inlined helpers. Each program is checked
 * against JavaScript's own value, central differences and the dot-product test, directly and as the callee of a
 * differentiated caller (split sweeps); several also against hand-derived gradients.
 */
import { compile } from "../helpers/compile";
import { relativeError } from "../helpers/check";
import { checkBothWays, compileShapedBatch, type ShapedEntry, type ShapedProgram, type Value } from "../helpers/shaped";

/** Gaussian elimination with partial pivoting, the pivot's rows swapped by `swap`, as LU codes write it. */
const elimination = (name: string, swap: string) => `
// @differentiate
export function ${name}(x: number[], rhs: number[]): number {
  const n = rhs.length;
  const a = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => x[(i * n + j) % x.length] + (i === j ? 0.1 : 0)));
  const b = rhs.slice();
  for (let k = 0; k < n; k++) {
    let p = k;
    for (let i = k + 1; i < n; i++) if (Math.abs(a[i][k]) > Math.abs(a[p][k])) p = i;
    ${swap}
    [b[k], b[p]] = [b[p], b[k]];
    for (let i = k + 1; i < n; i++) {
      const factor = a[i][k] / a[k][k];
      for (let j = k; j < n; j++) a[i][j] -= factor * a[k][j];
      b[i] -= factor * b[k];
    }
  }
  const y = new Array<number>(n).fill(0);
  for (let i = n - 1; i >= 0; i--) {
    let s = b[i];
    for (let j = i + 1; j < n; j++) s -= a[i][j] * y[j];
    y[i] = s / a[i][i];
  }
  return y.reduce((s, v, i) => s + v * (i + 1), 0);
}`;

/**
 * Compiles `source`, which exports f and 'withGradient = valueAndGrad(f)', without diagnostics, and evaluates the
 * gradient at x: the module, the point, f's value and its gradient.
 */
function gradientAt(source: string, x: number[], options: Record<string, unknown> = {}) {
  const out = compile({ "main.ts": source }, options);
  expect(out.diagnostics).toEqual([]);
  const m = out.load("main.ts");
  const [value, gradient] = m.withGradient(x) as [number, number[]];
  return { m, x, value, gradient };
}

const helpers = `
function matmul(a: number[][], b: number[][]): number[][] {
  const c: number[][] = [];
  for (let i = 0; i < a.length; i++) {
    c.push(new Array<number>(b[0].length).fill(0));
    for (let j = 0; j < b[0].length; j++) {
      for (let k = 0; k < b.length; k++) c[i][j] += a[i][k] * b[k][j];
    }
  }
  return c;
}
function transpose(a: number[][]): number[][] {
  return a[0].map((_, j) => a.map((row) => row[j]));
}
function cholesky(a: number[][]): number[][] {
  const n = a.length;
  const L: number[][] = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = 0;
      for (let k = 0; k < j; k++) s += L[i][k] * L[j][k];
      L[i][j] = i === j ? Math.sqrt(a[i][i] - s) : (a[i][j] - s) / L[j][j];
    }
  }
  return L;
}
function frobenius(m: number[][]): number {
  let s = 0;
  for (const row of m) for (const v of row) s += v * v;
  return s;
}
`;

const programs: readonly ShapedProgram[] = [
  {
    id: "pushRows",
    name: "f",
    signature: "x: number[]",
    source: `
// @differentiate
export function f(x: number[]): number {
  const m: number[][] = [];
  for (let i = 0; i < x.length; i++) {
    const row: number[] = [];
    for (let j = 0; j < x.length; j++) row.push(x[i] * x[j] + (i === j ? 1 : 0));
    m.push(row);
  }
  let s = 0;
  for (let i = 0; i < m.length; i++) s += m[i][i] * m[i][(i + 1) % m.length];
  return s;
}`,
  },
  {
    id: "products",
    name: "f",
    signature: "x: number[]",
    source: `${helpers}
// @differentiate
export function f(x: number[]): number {
  const a = Array.from({ length: 2 }, (_, i) => Array.from({ length: 3 }, (_, j) => x[3 * i + j]));
  const gram = matmul(a, transpose(a));
  return frobenius(gram) + gram[0][1] * Math.sin(gram[1][1]);
}`,
  },
  {
    id: "cholesky",
    name: "logDet",
    signature: "x: number[]",
    source: `${helpers}
// @differentiate
export function logDet(x: number[]): number {
  const n = 3;
  const b = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => x[i * n + j]));
  const spd = b.map((bi, i) => b.map((bj, j) => bi.reduce((s, v, k) => s + v * bj[k], 0) + (i === j ? 1 : 0)));
  const L = cholesky(spd);
  let sum = 0;
  for (let i = 0; i < n; i++) sum += 2 * Math.log(L[i][i]);
  return sum;
}`,
  },
  {
    id: "elimination",
    name: "solveSum",
    signature: "x: number[], rhs: number[]",
    source: `
// Solves (D + x xᵀ) y = rhs by Gaussian elimination on a copy, row operations in place; returns Σ y.
// @differentiate
export function solveSum(x: number[], rhs: number[]): number {
  const n = x.length;
  const m = x.map((a, i) => x.map((b, j) => a * b + (i === j ? 2 + i : 0)));
  const y = rhs.slice();
  for (let k = 0; k < n; k++) {
    for (let i = k + 1; i < n; i++) {
      const factor = m[i][k] / m[k][k];
      for (let j = k; j < n; j++) m[i][j] -= factor * m[k][j];
      y[i] -= factor * y[k];
    }
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = y[i];
    for (let j = i + 1; j < n; j++) s -= m[i][j] * y[j];
    y[i] = s / m[i][i];
  }
  return y.reduce((s, v) => s + v, 0);
}`,
  },
  {
    id: "rowWalks",
    name: "f",
    signature: "x: Float64Array",
    source: `
// @differentiate
export function f(x: Float64Array): number {
  const pts: number[][] = [[x[0], x[1]], [x[2], x[3]], [x[1] * x[2], 1]];
  let s = 0;
  for (const [a, b] of pts) s += a * b;
  pts.forEach((p, i) => (s += Math.exp(p[0] - p[1]) * (i + 1)));
  const norms = pts.map((p) => Math.hypot(p[0], p[1]));
  const flat = pts.flat();
  const total = pts.reduce((acc, p) => acc + p[0] * p[p.length - 1], 0);
  for (const row of pts) for (const v of row) s += Math.cos(v);
  return s + norms[2] * flat[3] + total + (pts.some((p) => p[0] > 10) ? 1 : 0);
}`,
  },
  {
    id: "rowNames",
    name: "f",
    signature: "x: number[]",
    source: `
// @differentiate
export function f(x: number[]): number {
  const m = Array(3).fill(0).map(() => new Array<number>(2).fill(0));
  for (let i = 0; i < m.length; i++) {
    const row = m[i];
    row[0] = x[i];
    row[1] = x[i] * x[(i + 1) % 3];
    row[1] *= row[0];
    row[0]++;
  }
  const first = m[0];
  let s = first[0] * first[1];
  for (let i = 0; i < m.length; i++) s += m[i][0] * m[i][1] + m[i].length;
  return s;
}`,
  },
  {
    id: "inLoops",
    name: "f",
    signature: "x: number[], w: number",
    source: `
// A kernel matrix rebuilt each step, grown row by row while its own length is read.
// @differentiate
export function f(x: number[], w: number): number {
  let s = 0;
  for (let step = 0; step < 3; step++) {
    const k: number[][] = [];
    while (k.length < x.length) {
      const i = k.length;
      k.push(x.map((b) => Math.exp(-w * (x[i] - b) ** 2) * (step + 1)));
    }
    for (let i = 0; i < k.length; i++) {
      for (let j = 0; j < k[i].length; j++) s += k[i][j] * x[j] * x[i];
    }
  }
  return s;
}`,
  },
  {
    id: "callbackRows",
    name: "f",
    signature: "x: number[]",
    source: `
// @differentiate
export function f(x: number[]): number {
  const tri = x.map((a, i) => {
    const row: number[] = [];
    for (let j = 0; j <= i; j++) row.push(a * x[j]);
    return row;
  });
  const spread = [...Array(2)].map((_, i) => [x[i], -x[i]]);
  let s = spread[1][1] * spread[0][0];
  for (let i = 0; i < tri.length; i++) s += tri[i][i] * tri[i].length + tri[i][0];
  return s;
}`,
  },
  {
    id: "reassigned",
    name: "f",
    signature: "x: number[]",
    source: `${helpers}
// A covariance propagated as a Kalman filter's prediction step does: 'P = F P Fᵀ + Q', a new matrix each time.
// @differentiate
export function f(x: number[]): number {
  const F = [
    [1, x[0]],
    [0, 1],
  ];
  let P = [
    [x[1], 0.1],
    [0.1, x[2]],
  ];
  for (let k = 0; k < 3; k++) {
    P = matmul(matmul(F, P), transpose(F));
    P = P.map((row, i) => row.map((v, j) => v + (i === j ? 0.5 : 0)));
    const scaled = P.map((row) => row.map((v) => v * x[0]));
    P = scaled;
  }
  return P[0][0] + P[1][1] * P[0][1];
}`,
  },
  {
    id: "softDtw",
    name: "f",
    signature: "a: number[], b: number[]",
    source: `
// Soft dynamic time warping: a table filled row by row ('r[i] = …' at the end), each cell a soft minimum of three.
function softMin(p: number, q: number, s: number, gamma: number): number {
  const m = Math.min(p, q, s);
  return m - gamma * Math.log(Math.exp((m - p) / gamma) + Math.exp((m - q) / gamma) + Math.exp((m - s) / gamma));
}
// @differentiate
export function f(a: number[], b: number[]): number {
  const r: number[][] = [];
  r[0] = new Array<number>(b.length + 1).fill(1e10);
  r[0][0] = 0;
  for (let i = 1; i <= a.length; i++) {
    r[i] = new Array<number>(b.length + 1).fill(1e10);
    for (let j = 1; j <= b.length; j++) {
      const cost = (a[i - 1] - b[j - 1]) ** 2;
      r[i][j] = cost + softMin(r[i - 1][j - 1], r[i - 1][j], r[i][j - 1], 0.5);
    }
  }
  r[0] = r[a.length].map((v) => 2 * v);
  return r[0][b.length];
}`,
  },
  {
    id: "edges",
    name: "f",
    signature: "x: number[]",
    source: `
// Reads past a row's edge: '??' falls back there, as a stencil over a table does; a walk whose callback pushes rows
// stops where the matrix ended when it began, as JavaScript's does.
// @differentiate
export function f(x: number[]): number {
  const m = [
    [x[0], x[1], x[2]],
    [x[1] * x[2], x[0]],
  ];
  let s = 0;
  for (let i = 0; i < m.length; i++) {
    for (let j = 0; j < 3; j++) s += (m[i][j - 1] ?? 0.5) * (m[i][j] ?? 2) * (j + 1);
  }
  const last = m[1][2];
  const first = m[0][0];
  s += (last ?? first) * x[2] + (m[5]?.[0] ?? 1);
  m.forEach((row) => {
    if (m.length < 5) m.push([row[0] * x[1] + 1]);
  });
  return s + m.length * m[m.length - 1][0];
}`,
  },
  {
    id: "expressions",
    name: "f",
    signature: "x: number[]",
    source: `${helpers}
function trace(a: number[][]): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i][i];
  return s;
}
function eye(n: number): number[][] {
  return Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
}
// Matrix expressions where a matrix is read: given to a helper, indexed, walked, measured, mapped.
// @differentiate
export function f(x: number[]): number {
  const a = [
    [x[0], x[1]],
    [x[2], x[0] * x[1]],
  ];
  let s = trace(matmul(a, a)) + matmul(a, a)[1][0] * matmul(eye(2), a).length;
  for (const row of matmul(a, transpose(a))) s += row[0] * row[1];
  const products = [
    [x[0], 1],
    [2, x[1]],
  ].map((r) => r[0] * r[1]);
  return s + products[0] * products[1] + matmul(a, a).reduce((acc, r) => acc + r[1], 0) + eye(3)[1][1];
}`,
  },
  {
    id: "sharedUnwritten",
    name: "f",
    signature: "x: number[]",
    source: `
// Rows JavaScript shares with other names, which nothing writes: copies read the same. A trajectory of states, each
// a new array; rows of it kept by a filter; a parameter and a row of another matrix as rows of a literal.
// @differentiate
export function f(x: number[]): number {
  let state = x.slice();
  const trajectory: number[][] = [];
  for (let t = 0; t < 3; t++) {
    state = state.map((v, i) => v + 0.1 * Math.sin(x[(i + 1) % x.length] * v));
    trajectory.push(state);
  }
  const kept: number[][] = [];
  for (const row of trajectory) if (row[0] > -10) kept.push(row);
  const pair = [x, trajectory[0]];
  let s = 0;
  for (const row of kept) s += row[0] * row[1];
  return s + pair[0][1] * pair[1][0] + trajectory.length * state[2];
}`,
  },
  {
    id: "pivoting",
    name: "f",
    signature: "x: number[], rhs: number[]",
    source: elimination("f", "[a[k], a[p]] = [a[p], a[k]];"),
  },
  {
    id: "rowMethods",
    name: "f",
    signature: "x: number[]",
    source: `
const POINTS = [
  [1.5, -0.5],
  [0.25, 2],
  [-1, 0.75],
];
// A row filled ('m[i].fill(v)', a range of one by a name), rows named by destructuring, and the last row by 'at(-1)',
// of a matrix the function builds and of a module's.
// @differentiate
export function f(x: number[]): number {
  const m = x.map((a) => [a, a * a, 1]);
  m[0].fill(x[1]);
  const second = m[1];
  second.fill(2 * x[2], 1, -1);
  const [first, , third] = m;
  const [p0, p1] = POINTS;
  const last = m.at(-1)!;
  return first[0] * third[1] + second[1] * second[2] + last[0] * POINTS.at(-1)![1] + p0[0] * p1[1] * x[3];
}`,
  },
  {
    id: "sharedCopies",
    name: "f",
    signature: "x: number[]",
    source: `
// New matrices of another's rows, which JavaScript shares and nothing writes: a filter, a spread, slices, Array.from.
// @differentiate
export function f(x: number[]): number {
  const m = [
    [x[0], x[1]],
    [x[2], x[0] * x[1]],
    [1, x[2]],
  ];
  const kept = m.filter((r) => r[0] > 0.6);
  const all = [...m, [x[1], 2]];
  const middle = m.slice(1, -1);
  const lastTwo = m.slice(-2);
  const copy = Array.from(m);
  return (
    kept.length * kept[0][1] +
    all[3][0] * all[0][0] +
    middle[0][1] * lastTwo[1][1] +
    copy[2][1] * copy[1][0] +
    all.length
  );
}`,
  },
  {
    id: "sortedRows",
    name: "f",
    signature: "x: number[]",
    source: `
// Rows sorted by a key and reversed, in place and on a copy: points ordered as a sweep over them would order them.
// @differentiate
export function f(x: number[]): number {
  const points = [
    [x[0], x[1]],
    [x[2], x[0] * x[1]],
    [1, x[2], 5],
    [x[1], 7],
  ];
  const byY = points.slice(1).sort((a, b) => a[1] - b[1]);
  points.sort((a, b) => a[0] - b[0]);
  let s = 0;
  for (let i = 1; i < points.length; i++) s += (points[i][0] - points[i - 1][0]) * points[i][1];
  points.reverse();
  return s + points[0][1] * byY[0][0] + byY[2].length * points[3][0];
}`,
  },
];

const batch = compileShapedBatch(programs);
/** One point per program: its arguments. */
const points: Record<string, Value[]> = {
  pushRows: [[0.5, -0.3, 0.9]],
  products: [[0.3, -0.5, 0.8, 1.1, 0.2, -0.7]],
  cholesky: [[0.3, -0.5, 0.8, 1.1, 0.2, -0.7, 0.4, 0.6, -0.9]],
  elimination: [
    [0.4, -0.6, 0.9],
    [1, 2, -0.5],
  ],
  rowWalks: [new Float64Array([0.4, -0.8, 1.2, 0.3])],
  rowNames: [[0.7, -0.4, 1.3]],
  inLoops: [[0.3, -0.5, 0.8], 0.7],
  callbackRows: [[0.7, -0.4, 1.3, 0.2]],
  reassigned: [[0.6, 1.2, 0.8]],
  edges: [[0.6, -1.2, 0.8]],
  expressions: [[0.5, -0.2, 0.9]],
  sharedUnwritten: [[0.5, -0.2, 0.9]],
  rowMethods: [[0.7, -0.4, 1.3, 0.2]],
  sharedCopies: [[0.5, -0.2, 0.9]],
  sortedRows: [[0.5, -0.2, 0.9]],
  pivoting: [
    [0.3, -1.2, 0.8, 2.1, -0.4, 0.9, 1.5, -0.7, 0.2, 0.6, -1.1],
    [1, -2, 0.5],
  ],
  softDtw: [
    [0.2, 0.9, -0.4, 0.5],
    [0.1, 0.7, -0.6],
  ],
};

describe.each(programs.map((p) => p.id))("a local matrix: %s", (id) => {
  test("compiles without diagnostics, and its derivatives agree with differences and with each other", () => {
    const entry = batch.get(id) as ShapedEntry;
    expect(entry.diagnostics).toEqual([]);
    entry.checkBothWays([points[id]]);
  });
});

test("the outer-product matrix's gradient matches its closed form", () => {
  const x = points.pushRows[0] as number[];
  const [[g]] = (batch.get("pushRows") as ShapedEntry).checkBothWays([[x]]);
  // s = Σᵢ (xᵢ² + 1)·xᵢ·x₍ᵢ₊₁₎: ∂s/∂xₖ from the two terms where k appears.
  const n = x.length;
  const expected = x.map((_, k) => {
    const prev = (k + n - 1) % n;
    const next = (k + 1) % n;
    return (3 * x[k] ** 2 + 1) * x[next] + (x[prev] ** 2 + 1) * x[prev];
  });
  (g as number[]).forEach((v, k) => expect(relativeError(v, expected[k])).toBeLessThan(1e-13));
});

test("log det through a Cholesky factor: the gradient of log det(BBᵀ + I) is 2(BBᵀ + I)⁻¹B", () => {
  const x = points.cholesky[0] as number[];
  const [[g]] = (batch.get("cholesky") as ShapedEntry).checkBothWays([[x]]);
  const b = [x.slice(0, 3), x.slice(3, 6), x.slice(6, 9)];
  const a = b.map((bi, i) => b.map((bj, j) => bi.reduce((s, v, k) => s + v * bj[k], 0) + (i === j ? 1 : 0)));
  const inverse = invert3(a);
  const expected = b.flatMap((_, i) =>
    b[0].map((_, j) => 2 * [0, 1, 2].reduce((s, k) => s + inverse[i][k] * b[k][j], 0)),
  );
  (g as number[]).forEach((v, k) => expect(relativeError(v, expected[k])).toBeLessThan(1e-12));
});

test("the elimination's gradient in the right-hand side is the column sums of the inverse", () => {
  const [x, rhs] = points.elimination as number[][];
  const [[, gRhs]] = (batch.get("elimination") as ShapedEntry).checkBothWays([[x, rhs]]);
  const a = x.map((p, i) => x.map((q, j) => p * q + (i === j ? 2 + i : 0)));
  const inverse = invert3(a);
  // Σ y = 1ᵀ A⁻¹ rhs: its gradient in rhs is A⁻ᵀ 1, the column sums of A⁻¹.
  const expected = [0, 1, 2].map((j) => inverse[0][j] + inverse[1][j] + inverse[2][j]);
  (gRhs as number[]).forEach((v, k) => expect(relativeError(v, expected[k])).toBeLessThan(1e-12));
});

test("the generated code stores a local matrix flat, with its row starts", () => {
  const js = (batch.get("pushRows") as ShapedEntry).js as string;
  // The tangent function without its comments, which quote the primal's lines.
  const tangent = js.slice(js.indexOf("function f_jvp")).replace(/\/\/.*$/gm, "");
  expect(tangent).toMatch(/m_rowStarts = new Array\(1\)\.fill\(0\);/);
  expect(tangent).toMatch(/m_start = m_rowStarts\[i_1\];/);
  expect(tangent).not.toMatch(/m\[\w+\]\[/);
});

function invert3(a: number[][]): number[][] {
  const [[p, q, r], [s, t, u], [v, w, z]] = a;
  const det = p * (t * z - u * w) - q * (s * z - u * v) + r * (s * w - t * v);
  const cofactors = [
    [t * z - u * w, -(q * z - r * w), q * u - r * t],
    [-(s * z - u * v), p * z - r * v, -(p * u - r * s)],
    [s * w - t * v, -(p * w - q * v), p * t - q * s],
  ];
  return cofactors.map((row) => row.map((c) => c / det));
}

describe("rows JavaScript would share are refused (TS990078, TS990094), as are built matrices given to recursive calls (TS990079)", () => {
  const refused = (body: string, extra = "") =>
    compile({ "main.ts": `${extra}\n// @differentiate\nexport function f(x: number[]): number {\n${body}\n}` })
      .diagnostics;
  test.each([
    [
      "the same row twice, then written",
      "  const m: number[][] = [];\n  const r = [x[0], x[1]];\n  m.push(r);\n  m.push(r);\n  m[0][0] = 5;\n  return m[1][0];",
    ],
    [
      "a row declared outside the loop, then written",
      "  const m: number[][] = [];\n  const r = [x[0]];\n  for (let i = 0; i < 2; i++) m.push(r);\n  m[0][0] = 2;\n  return m[1][0];",
    ],
    [
      "a row written after",
      "  const m: number[][] = [];\n  const r = [x[0]];\n  m.push(r);\n  r[0] = 2;\n  return m[0][0];",
    ],
    [
      "another matrix's row, then written",
      "  const a = [[x[0]], [x[1]]];\n  const m = [a[0], a[1]];\n  m[1][0] = 3;\n  return a[1][0];",
    ],
    ["a parameter, then written", "  const m = [x, x];\n  m[0][0] = 2;\n  return m[1][0];"],
    [
      "the same row from a callback",
      "  const r = [x[0]];\n  const m = x.map(() => r);\n  m[0][0] = 2;\n  return m[1][0];",
    ],
    [
      "a state a helper writes in place, pushed each step",
      "  const state = x.slice();\n  const m: number[][] = [];\n  for (let t = 0; t < 2; t++) {\n    bump(state);\n    m.push(state);\n  }\n  return m[0][0];",
    ],
    [
      "rows written by a callback",
      "  const r = [x[0]];\n  const m: number[][] = [];\n  m.push(r);\n  m.push(r);\n  m.forEach((row) => (row[0] += 1));\n  return m[0][0];",
    ],
    [
      "rows written by a helper given the matrix",
      "  const r = [x[0]];\n  const m = [r, r];\n  zeroFirst(m);\n  return m[1][0];",
    ],
  ])("%s", (_, body) => {
    const helpers = `function bump(s: number[]): void {\n  s[0] += 1;\n}\nfunction zeroFirst(m: number[][]): void {\n  m[0][0] = 0;\n}`;
    const diagnostics = refused(body, helpers);
    expect(diagnostics.join("\n")).toMatch(/TS990078: .* cannot become a row of '(m|all|some)'/);
  });
  // A whole matrix's rows copied as they are: the advice is to copy each row.
  test.each([
    [
      "rows of a spread copy, written",
      "  const m = [[x[0]], [x[1]]];\n  const all = [...m];\n  all[0][0] = 5;\n  return m[0][0];",
    ],
    [
      "rows of a filtered copy, written",
      "  const m = [[x[0]], [x[1]]];\n  const some = m.filter((r) => r[0] > 0);\n  some[0][0] = 5;\n  return m[0][0];",
    ],
    [
      "rows of a slice, written through the original",
      "  const m = [[x[0]], [x[1]]];\n  const some = m.slice(1);\n  m[1][0] = 5;\n  return some[0][0];",
    ],
  ])("%s: TS990094", (_, body) => {
    const diagnostics = refused(body).join("\n");
    expect(diagnostics).toMatch(/TS990094: The rows of '(m|m\.slice\(1\))' cannot become the rows of '(all|some)'/);
    expect(diagnostics).toMatch(/Copy the rows \('m(\.slice\(1\))?\.map\(\(row\) => row\.slice\(\)\)'\)/);
  });
  test("a recursive callee given a built matrix", () => {
    const extra = `function depth(m: number[][], k: number): number {\n  return k <= 0 ? m[0][0] : depth(m, k - 1);\n}`;
    const diagnostics = refused("  const m = [[x[0], 1]];\n  return depth(m, 2);", extra);
    expect(diagnostics.join("\n")).toMatch(/TS990079: 'm' is a matrix 'f' builds.*'depth' calls itself/);
  });
  test("a parameter's matrix given to a built one", () => {
    const diagnostics = compile({
      "main.ts":
        "// @differentiate\nexport function f(a: number[][]): number {\n  let m = [[1]];\n  m = a;\n  return m[0][0];\n}",
    }).diagnostics;
    expect(diagnostics.join("\n")).toMatch(/TS990075/);
  });
  test("a row replaced while a name for one of the rows is in scope (TS990080)", () => {
    const diagnostics = refused("  const m = [[x[0], 1]];\n  const r = m[0];\n  m[0] = [x[1], 2];\n  return r[0];");
    expect(diagnostics.join("\n")).toMatch(/TS990080: 'm\[0\] = \[x\[1\], 2\]' replaces rows of 'm' where 'r' names/);
  });
  test("a row added by a compound assignment", () => {
    const diagnostics = refused("  const m = [[x[0], 1]];\n  m[0] += 1;\n  return m[0][0];");
    expect(diagnostics.join("\n")).toMatch(/TS990021/);
  });
});

test("second order: the Hessian of a function building a Gram matrix matches differences of its gradient", () => {
  const source = `
import { grad, hessian } from "cotangent";
// @differentiate
export function f(x: number[]): number {
  const rows = [x.slice(0, 2), [x[2], x[0] * x[1]]];
  const gram = rows.map((a) => rows.map((b) => a[0] * b[0] + a[1] * b[1]));
  let s = 0;
  for (const row of gram) for (const v of row) s += Math.sin(v);
  return s;
}
export const g = grad(f);
export const h = hessian(f);`;
  const out = compile({ "main.ts": source });
  expect(out.diagnostics).toEqual([]);
  const m = out.load("main.ts");
  const x = [0.4, -0.7, 0.9];
  const hessian = m.h(x) as number[][];
  const step = 1e-5;
  x.forEach((_, j) => {
    const plus = m.g(x.map((v, k) => (k === j ? v + step : v))) as number[];
    const minus = m.g(x.map((v, k) => (k === j ? v - step : v))) as number[];
    plus.forEach((p, i) => expect(Math.abs(hessian[i][j] - (p - minus[i]) / (2 * step))).toBeLessThan(1e-7));
  });
  // A Hessian is symmetric.
  hessian.forEach((row, i) => row.forEach((v, j) => expect(relativeError(v, hessian[j][i])).toBeLessThan(1e-12)));
});

test("tape: reading a built matrix records nothing per element (its rows and row starts are only pushed to)", () => {
  const source = `
import { grad } from "cotangent";
import { peakTapeBytes } from "cotangent/runtime";
// @differentiate
export function f(x: number[], reps: number): number {
  const m = x.map((a) => x.map((b) => Math.cos(a - b)));
  let s = 0;
  for (let r = 0; r < reps; r++) {
    for (let i = 0; i < m.length; i++) {
      for (let j = 0; j < m[i].length; j++) s += m[i][j] * x[j] * x[i];
    }
  }
  return s;
}
export const g = grad(f);
export { peakTapeBytes };`;
  const out = compile({ "main.ts": source });
  expect(out.diagnostics).toEqual([]);
  const m = out.load("main.ts");
  const n = 20;
  const x = Array.from({ length: n }, (_, i) => Math.cos(i));
  const peak = (reps: number) => m.peakTapeBytes(() => m.g(x, reps)) as number;
  // Each pass over the n × n matrix adds at most a few values per row (loop counters), none per element.
  expect(peak(2) - peak(1)).toBeLessThanOrEqual(8 * 4 * (n + 2));
  // s = reps · Σᵢⱼ cos(xᵢ − xⱼ)·xᵢ·xⱼ, symmetric in i and j: ∂s/∂xₖ = 2·reps·Σⱼ (cos(xₖ − xⱼ) − xₖ·sin(xₖ − xⱼ))·xⱼ.
  const expected = x.map((xk) => x.reduce((acc, xj) => acc + 2 * (Math.cos(xk - xj) - xk * Math.sin(xk - xj)) * xj, 0));
  (m.g(x, 3) as number[]).forEach((v, k) => expect(relativeError(v, 3 * expected[k])).toBeLessThan(1e-12));
});

test("a row of another length, or past the end, throws a RangeError where JavaScript would move the rows", () => {
  const source = `
import { grad } from "cotangent";
// @differentiate
export function f(x: number[], at: number): number {
  const m = [
    [1, 2],
    [3, 4],
  ];
  m[at] = x.slice(1);
  return m[at][0] * x[0];
}
export const g = grad(f);`;
  const out = compile({ "main.ts": source });
  expect(out.diagnostics).toEqual([]);
  const m = out.load("main.ts");
  // Same length, or added at the end: as JavaScript.
  expect(m.g([2, 3, 5], 1)).toEqual([3, 2, 0]);
  expect(m.g([2, 3, 5], 2)).toEqual([3, 2, 0]);
  expect(() => m.g([2, 3], 0)).toThrow(/RangeError|one as long/);
  expect(() => m.g([2, 3, 5], 3)).toThrow(
    new RangeError(
      "Cotangent stores the rows of 'm' one after another: a row can be replaced by one as long, or added at the end",
    ),
  );
});

test("a read past the end of a row is undefined (NaN in arithmetic), not the next row's element; a write there throws", () => {
  const source = `
import { valueAndGrad } from "cotangent";
// @differentiate
export function read(x: number[]): number {
  const m = [[x[0], x[1]], [x[2]]];
  return m[0][2] + m[1][0];
}
// @differentiate
export function write(x: number[]): number {
  const m = [[x[0]], [x[1]]];
  m[0][1] = x[2];
  return m[0][1] * 3 + m[1][0];
}
export const readWithGradient = valueAndGrad(read);
export const writeWithGradient = valueAndGrad(write);`;
  const out = compile({ "main.ts": source });
  expect(out.diagnostics).toEqual([]);
  const m = out.load("main.ts");
  expect(m.read([1, 2, 3])).toBeNaN();
  expect(m.readWithGradient([1, 2, 3])[0]).toBeNaN();
  expect(() => m.writeWithGradient([1, 2, 3])).toThrow(
    new RangeError(
      "'m[0][1] = x[2]' writes outside its row of 'm': Cotangent stores the rows one after another, each keeping the length it was made with",
    ),
  );
});

describe("names JavaScript would share between a matrix and another array are refused, never copied", () => {
  const diagnosticsOf = (source: string) => compile({ "main.ts": source }).diagnostics.join("\n");
  const marked = (body: string, extra = "") =>
    `${extra}\n// @differentiate\nexport function f(x: number[]): number {\n${body}\n}`;
  test.each([
    [
      "a row name across 'P = …'",
      marked(
        "  let P = [[x[0], x[1]], [x[2], 1]];\n  const r0 = P[0];\n  P = P.map((r) => r.map((v) => v * 2));\n  return r0[0] + P[0][0];",
      ),
      /TS990080: 'P = P\.map\(.*' replaces rows of 'P' where 'r0' names/,
    ],
    [
      "a row of the new matrix named before 'P = next'",
      marked(
        "  let P = [[x[0]]];\n  const next = [[x[1]]];\n  const r = next[0];\n  P = next;\n  P[0][0] = 3;\n  return r[0];",
      ),
      /TS990075/,
    ],
    [
      "a row returned by a helper",
      marked(
        "  const M = [[x[0], x[1]], [x[2], 1]];\n  const r = lastRow(M);\n  r[0] = 5;\n  return M[1][0];",
        "function lastRow(m: number[][]): number[] {\n  return m[m.length - 1];\n}",
      ),
      /TS990081: 'm\[m\.length - 1\]' is a row of the matrix 'M' where an array of its own is needed \(the result of 'lastRow'\)/,
    ],
    [
      "a row given to a recursive function that writes it",
      marked(
        "  const m = [[x[0], x[1]]];\n  scale(m[0], 0, x[2]);\n  return m[0][0];",
        "function scale(v: number[], i: number, k: number): void {\n  if (i < v.length) {\n    v[i] *= k;\n    scale(v, i + 1, k);\n  }\n}",
      ),
      /TS990081: 'm\[0\]' .* \(an argument of 'scale', which may write it\)/,
    ],
    [
      "a row in an object's field, given to a recursive function that writes through the field",
      "interface Q {\n  w: number[];\n  b: number;\n}\nfunction rec(q: Q, n: number): number {\n  if (n === 0) return q.b;\n  q.w[0] = q.w[0] * 2;\n  return q.w[0] + rec(q, n - 1);\n}\n// @differentiate\nexport function f(A: number[][], x: number): number {\n  return rec({ w: A[1], b: x }, 2) * x + A[1][0];\n}",
      /TS990081: 'A\[1\]' .* \(a field of an argument of 'rec', which may write it\)/,
    ],
    [
      "a row kept in an object's field",
      marked("  const m = [[x[0], x[1]]];\n  const o = { r: m[0] };\n  m[0][0] = 5;\n  return o.r[0];"),
      /TS990081: 'm\[0\]' is a row of the matrix 'm' where an array of its own is needed \(a field of an object\)/,
    ],
    [
      "a row of a parameter's matrix given to an array variable",
      "// @differentiate\nexport function f(A: number[][]): number {\n  let last = A[1].slice();\n  last = A[0];\n  last[0] = 7;\n  return A[0][0] + last[1];\n}",
      /TS990081: 'A\[0\]' is a row of the matrix 'A'/,
    ],
    [
      "a pushed row an object still holds",
      marked(
        "  const m: number[][] = [];\n  const r = [x[0]];\n  const o = { r };\n  m.push(r);\n  m[0][0] = 5;\n  return o.r[0];",
      ),
      /TS990078: 'r' cannot become a row of 'm'/,
    ],
    [
      "a pushed row a closure reads",
      marked(
        "  const m: number[][] = [];\n  const r = [x[0]];\n  const g = () => r[0];\n  m.push(r);\n  m[0][0] = 5;\n  return g();",
      ),
      /TS990078: 'r' cannot become a row of 'm'/,
    ],
  ])("%s", (_, source, expected) => {
    expect(diagnosticsOf(source)).toMatch(expected);
  });
});

test("swapping rows of different lengths throws a RangeError; a row named across the swap is TS990080", () => {
  const source = `
import { grad } from "cotangent";
// @differentiate
export function f(x: number[]): number {
  const m = [[x[0], x[1]], [x[2]]];
  [m[0], m[1]] = [m[1], m[0]];
  return m[0][0];
}
export const g = grad(f);`;
  const out = compile({ "main.ts": source });
  expect(out.diagnostics).toEqual([]);
  expect(() => out.load("main.ts").g([1, 2, 3])).toThrow(/swaps rows of 'm' of different lengths/);
  const named = compile({
    "main.ts": `// @differentiate\nexport function f(x: number[]): number {\n  const m = [[x[0]], [x[1]]];\n  const r = m[0];\n  [m[0], m[1]] = [m[1], m[0]];\n  return r[0];\n}`,
  });
  expect(named.diagnostics.join("\n")).toMatch(/TS990080: .* replaces rows of 'm' where 'r' names/);
});

describe("writes the sharing analysis follows, and swaps inside helpers while a row is named (a probe's repros)", () => {
  const marked = (body: string, signature = "x: number[]", extra = "") =>
    `${extra}\n// @differentiate\nexport function f(${signature}): number {\n${body}\n}`;
  const swap = "function sw(a: number[][]): void {\n  [a[0], a[1]] = [a[1], a[0]];\n}";
  const pushed = "  const traj: number[][] = [];\n  const state = [x[0], x[1]];\n  traj.push(state);\n";
  test.each([
    ["a callback's array parameter", `${pushed}  state.forEach((v, i, a) => (a[i] = 7 * v));\n  return traj[0][0];`],
    [
      "a matrix callback's array parameter",
      `${pushed}  traj.forEach((_r, i, self) => (self[i][0] *= 7));\n  return state[0];`,
    ],
    ["rows walked by 'values()'", `${pushed}  for (const r of traj.values()) r[0] *= 7;\n  return state[0];`],
    ["a destructuring assignment", `${pushed}  [state[0], state[1]] = [state[1], state[0]];\n  return traj[0][0];`],
  ])("%s: TS990078", (_, body) => {
    expect(compile({ "main.ts": marked(body) }).diagnostics.join("\n")).toMatch(/TS990078/);
  });
  test.each([
    ["a helper that swaps", "  const r = m[0];\n  sw(m);\n  return r[0];", swap],
    [
      "a helper that replaces a row",
      "  const r = m[0];\n  put(m);\n  return r[0];",
      "function put(a: number[][]): void {\n  a[0] = [7, 8];\n}",
    ],
    [
      "a closure that swaps",
      "  const sw = () => {\n    [m[0], m[1]] = [m[1], m[0]];\n  };\n  const r = m[0];\n  sw();\n  return r[0];",
      "",
    ],
    [
      "a helper that swaps, in a loop over the rows",
      "  let s = 0;\n  for (const r of m) {\n    sw(m);\n    s += r[0];\n  }\n  return s;",
      swap,
    ],
  ])("%s while a row is named: TS990080", (_, body, extra) => {
    const source = marked(
      `  const m: number[][] = [\n    [x[0], x[1]],\n    [x[2], x[3]],\n  ];\n${body}`,
      "x: number[]",
      extra,
    );
    expect(compile({ "main.ts": source }).diagnostics.join("\n")).toMatch(/TS990080/);
  });
});

test("a third probe's repros: a shorthand property holding a pushed row; 'at(NaN)'; what 'push' returns; fractional lengths", () => {
  const shorthand = compile({
    "main.ts": `// @differentiate\nexport function f(x: number[]): number {\n  const r = [x[0], x[1]];\n  const m: number[][] = [];\n  m.push(r);\n  const o = { r };\n  o.r[0] = 9;\n  return m[0][0];\n}`,
  });
  expect(shorthand.diagnostics.join("\n")).toMatch(/TS990078: 'r' cannot become a row of 'm'/);
  const source = `
import { valueAndGrad } from "cotangent";
// @differentiate
export function f(x: number[]): number {
  const m = [
    [x[0], x[1]],
    [x[2], x[3]],
  ];
  const a: number[] = [];
  const pushed = a.push(x[0], x[1]) * x[2] + m.push([x[3], 1]) * x[1];
  const rows = Array.from({ length: x.length / 3 }, (_, i) => [x[i], 2 * x[i]]);
  const values = Array.from({ length: 1.5 }, (_, i) => x[i] * x[3]);
  return m.at(NaN)![1] * x[2] + pushed + rows.length * rows[0][1] + values.length * values[0];
}
export const withGradient = valueAndGrad(f);`;
  const out = compile({ "main.ts": source });
  expect(out.diagnostics).toEqual([]);
  const m = out.load("main.ts");
  const x = [0.3, -0.5, 0.8, 1.1];
  const [value, gradient] = m.withGradient(x) as [number, number[]];
  // m.at(NaN) is row 0; push returns 2 then 3; 4 / 3 truncates to one row, 1.5 to one element.
  const expected = -0.5 * 0.8 + (2 * 0.8 + 3 * -0.5) + 1 * 2 * 0.3 + 1 * 0.3 * 1.1;
  expect(value).toBe(m.f(x));
  expect(relativeError(value, expected)).toBeLessThan(1e-15);
  const byHand = [2 + 1.1, 0.8 + 3, -0.5 + 2, 0.3];
  gradient.forEach((g, k) => expect(relativeError(g, byHand[k])).toBeLessThan(1e-14));
});

test("'toSorted' and 'toReversed' give new matrices; a sort with no comparator, which compares strings, is refused", () => {
  const source = `
import { valueAndGrad } from "cotangent";
// @differentiate
export function f(x: number[]): number {
  const m = [
    [x[0], x[1]],
    [x[2], x[0] * x[1]],
    [1, x[2]],
  ];
  const byFirst = m.toSorted((a, b) => b[0] - a[0]);
  const back = m.toReversed();
  return byFirst[0][1] * back[0][0] + m[0][0];
}
export const withGradient = valueAndGrad(f);`;
  const out = compile({ "main.ts": source }, { lib: ["lib.es2023.d.ts"] });
  expect(out.diagnostics).toEqual([]);
  const m = out.load("main.ts");
  const x = [0.5, -0.2, 0.9];
  const [value, gradient] = m.withGradient(x) as [number, number[]];
  expect(value).toBe(m.f(x));
  // Sorted by the first column, descending: [1, x2] first; reversed: [1, x2] first too. f = x2 · 1 + x0.
  expect(gradient).toEqual([1, 0, 1]);
  const unordered = compile({
    "main.ts":
      "// @differentiate\nexport function f(x: number[]): number {\n  const m = [[x[0]], [x[1]]];\n  m.sort();\n  return m[0][0];\n}",
  });
  expect(unordered.diagnostics.join("\n")).toMatch(/TS990021: 'm\.sort\(\)'/);
});

test("values pushed onto the last row grow it (ragged rows built in place); onto another row, a RangeError", () => {
  const source = `
import { valueAndGrad } from "cotangent";
// @differentiate
export function f(x: number[]): number {
  const tri: number[][] = [];
  for (let i = 0; i < x.length; i++) {
    tri.push([]);
    for (let j = 0; j <= i; j++) tri[tri.length - 1].push(x[i] * x[j]);
  }
  let s = 0;
  for (const row of tri) s += row[row.length - 1] * row.length;
  return s + tri[2][0];
}
// @differentiate
export function g(x: number[]): number {
  const m = [[x[0]], [x[1]]];
  m[0].push(x[2]);
  return m[0][1];
}
export const withGradient = valueAndGrad(f);
export const gWithGradient = valueAndGrad(g);`;
  const { m, x, value, gradient } = gradientAt(source, [0.5, -0.2, 0.9]);
  expect(value).toBe(m.f(x));
  // s = Σᵢ (i + 1)·xᵢ² + x₂x₀.
  const expected = [2 * x[0] + x[2], 4 * x[1], 6 * x[2] + x[0]];
  gradient.forEach((g, k) => expect(relativeError(g, expected[k])).toBeLessThan(1e-14));
  expect(() => m.gWithGradient(x)).toThrow(/pushes onto a row of 'm' other than the last/);
});

test("a comparator that writes what outlives one comparison is TS990082 (the merge sort compares in another order)", () => {
  const diagnostics = compile({
    "main.ts": `// @differentiate\nexport function f(x: number[]): number {\n  const m = [[x[0], 1], [x[1], 2], [x[2], 3]];\n  m.sort((a, b) => {\n    a[1] += 1;\n    return a[0] - b[0];\n  });\n  return m[0][1];\n}`,
  }).diagnostics.join("\n");
  expect(diagnostics).toMatch(/TS990082: The comparator of 'm\.sort\(.*' changes 'a\[1\]'/);
});

test("a function of the module passed by name to a walk over rows ('m.filter(keep)', 'm.sort(byFirst)') is inlined", () => {
  const helpers = `
function keep(row: number[]): boolean {
  return row[0] > 0.6;
}
function byFirst(a: number[], b: number[]): number {
  return a[0] - b[0];
}
function bump(a: number[], b: number[]): number {
  a[1] += 1;
  return a[0] - b[0];
}`;
  const source = `${helpers}
import { valueAndGrad } from "cotangent";
// @differentiate
export function f(x: number[]): number {
  const m = [
    [x[0], x[1]],
    [x[2], x[0] * x[1]],
    [1, x[2]],
  ];
  const kept = m.filter(keep);
  m.sort(byFirst);
  return kept[0][1] * m[0][1] + kept.length;
}
export const withGradient = valueAndGrad(f);`;
  const { m, x, value, gradient } = gradientAt(source, [0.5, -0.2, 0.9]);
  expect(value).toBe(m.f(x));
  // kept = rows 1 and 2 ([x2, x0x1], [1, x2]); sorted by the first column, row 0 is [x0, x1]: f = x0x1·x1 + 2.
  const expected = [x[1] * x[1], 2 * x[0] * x[1], 0];
  gradient.forEach((g, k) =>
    expect(relativeError(g, expected[k]) < 1e-14 || Math.abs(g - expected[k]) < 1e-15).toBe(true),
  );
  const writing = compile({
    "main.ts": `${helpers}\n// @differentiate\nexport function g(x: number[]): number {\n  const m = [[x[0], 1], [x[1], 2]];\n  m.sort(bump);\n  return m[0][1];\n}`,
  });
  expect(writing.diagnostics.join("\n")).toMatch(/TS990082: The comparator of 'm\.sort\(bump\)' changes 'a\[1\]'/);
});

test("a matrix chosen by a test as an argument and an operand: 'total(c ? A : P)', 'for (const r of c ? P : Q)'", () => {
  const source = `
function total(A: number[][]): number {
  let s = 0;
  for (const r of A) for (const v of r) s += v * v * r[0];
  return s;
}
// @differentiate
export function f(A: number[][], x: number[], c: number): number {
  const P = [[x[0], x[1]]];
  const Q = [[x[1], 2 * x[0]], [x[0], 3]];
  let s = 0;
  for (const r of c > 0 ? P : Q) s += r[0] * r[1];
  return s + total(c > 1 ? A : P) * (c > 0 ? Q : A)[0][1] + (c > 0 ? P : Q).length;
}`;
  const points: [number[][], number[], number][] = [-1, 0.5, 2].map((c) => [
    [
      [0.5, -1.5],
      [2, 0.25],
    ],
    [1.2, -0.7],
    c,
  ]);
  const out = compile({
    "main.ts": `import { grad } from "cotangent";${source}
export const g = grad(f, [0, 1]);`,
  });
  expect(out.diagnostics).toEqual([]);
  const m = out.load("main.ts");
  // c = 0.5: s = x0·x1, total(P) = x0²·x0 + x1²·x0, times Q₀₁ = 2x0, plus 1 row.
  const [x0, x1] = [1.2, -0.7];
  expect(m.f(points[1][0], points[1][1], 0.5)).toBeCloseTo(x0 * x1 + (x0 ** 3 + x1 * x1 * x0) * 2 * x0 + 1, 14);
  const [gA, gx] = m.g(...points[1]) as [number[][], number[]];
  expect(gA).toEqual([
    [0, 0],
    [0, 0],
  ]);
  expect(relativeError(gx[0], x1 + (3 * x0 * x0 + x1 * x1) * 2 * x0 + (x0 ** 3 + x1 * x1 * x0) * 2)).toBeLessThan(
    1e-14,
  );
  expect(relativeError(gx[1], x0 + 2 * x1 * x0 * 2 * x0)).toBeLessThan(1e-14);
  // Finite differences and the dot-product test, with A a matrix the function builds.
  const local = source.replace(
    "A: number[][], x: number[], c: number): number {",
    "x: number[], c: number): number {\n  const A = [[x[1], 1], [x[0] * x[1], 2]];",
  );
  checkBothWays(
    local,
    "f",
    "x: number[], c: number",
    points.map(([, x, c]) => [x, c]),
    { fixed: [1] },
  );
});

test("a matrix chosen by a test ('const M = c > 0 ? A : B.map(…)'): the chosen rows, copied in the branch taken", () => {
  const source = `
import { grad, jvp } from "cotangent";
// @differentiate
export function chosen(A: number[][], B: number[][], c: number): number {
  const M = c > 0 ? A : B.map((row) => row.map((v) => 2 * v));
  let s = 0;
  for (const row of M) for (const v of row) s += v * v;
  return s + M[0][1] * A[1][0];
}
export const g = grad(chosen, [0, 1]);
export const t = (A: number[][], B: number[][], c: number, dA: number[][], dB: number[][]) =>
  jvp(chosen, [A, B, c], [dA, dB, 0]);
`;
  const out = compile({ "main.ts": source });
  expect(out.diagnostics).toEqual([]);
  const m = out.load("main.ts");
  const A = [
    [1, 2],
    [3, 4],
  ];
  const B = [
    [0.5, -1],
    [2, 0.25],
  ];
  // c > 0: f = ΣA² + A₀₁A₁₀. Otherwise f = 4ΣB² + 2B₀₁A₁₀.
  expect(m.chosen(A, B, 1)).toBe(36);
  expect(m.g(A, B, 1)).toEqual([
    [
      [2, 7],
      [8, 8],
    ],
    [
      [0, 0],
      [0, 0],
    ],
  ]);
  expect(m.chosen(A, B, -1)).toBe(15.25);
  expect(m.g(A, B, -1)).toEqual([
    [
      [0, 0],
      [-2, 0],
    ],
    [
      [4, -2],
      [16, 2],
    ],
  ]);
  const dA = [
    [0.3, -0.2],
    [0.7, 1.1],
  ];
  const dB = [
    [-0.4, 0.9],
    [0.1, 0.6],
  ];
  for (const c of [1, -1]) {
    const [gA, gB] = m.g(A, B, c) as number[][][];
    const [, dot] = m.t(A, B, c, dA, dB);
    const reverse = [0, 1].reduce(
      (s, i) => s + [0, 1].reduce((u, j) => u + gA[i][j] * dA[i][j] + gB[i][j] * dB[i][j], 0),
      0,
    );
    expect(Math.abs(dot - reverse)).toBeLessThan(1e-13 * Math.abs(reverse));
  }
});

test("rows swapped through a temporary ('const t = a[k]; a[k] = a[p]; a[p] = t;'), as LU codes write it", () => {
  const temporary = elimination("temporary", "const row = a[k];\n    a[k] = a[p];\n    a[p] = row;");
  const source = `import { grad } from "cotangent";
${temporary}
${elimination("destructured", "[a[k], a[p]] = [a[p], a[k]];")}
export const gt = grad(temporary, [0, 1]);
export const gd = grad(destructured, [0, 1]);`;
  const out = compile({ "main.ts": source });
  expect(out.diagnostics).toEqual([]);
  const m = out.load("main.ts");
  const x = [0.3, -1.2, 0.8, 2.1, -0.4, 0.9, 1.5, -0.7, 0.2, 0.6, -1.1];
  const rhs = [1, -2, 0.5];
  // The same elimination with the swap destructured: the same value and gradients, to the last bit.
  expect(m.temporary(x, rhs)).toBe(m.destructured(x, rhs));
  expect(m.gt(x, rhs)).toEqual(m.gd(x, rhs));
  checkBothWays(temporary, "temporary", "x: number[], rhs: number[]", [[x, rhs]]);
});

test("a temporary row read after the swap is TS990080, which points to the swap that works", () => {
  const out = compile({
    "main.ts": `
import { grad } from "cotangent";
// @differentiate
export function f(A: number[][]): number {
  const M = A.map((row) => row.slice());
  const tmp = M[0];
  M[0] = M[1];
  M[1] = tmp;
  return M[0][0] * M[1][1] + tmp[0];
}
export const g = grad(f);`,
  });
  expect(out.diagnostics.length).toBeGreaterThan(0);
  expect(out.diagnostics.every((d) => d.includes("TS990080"))).toBe(true);
  expect(out.diagnostics[0]).toContain("to swap two rows, write '[M[i], M[j]] = [M[j], M[i]]'");
});

test("writes into the rows of a parameter's or a module's matrix are TS990093, which says to copy the matrix first", () => {
  const out = compile({
    "main.ts": `
import { grad } from "cotangent";
const C = [[1, 2], [3, 4]];
// @differentiate
export function f(A: number[][], x: number): number {
  A[0][1] = x;
  const tmp = A[0];
  A[0] = A[1];
  A[1] = tmp;
  const r = A[1];
  r[0] = 2 * x;
  for (const row of A) row[1] += x;
  C[1][0] = x;
  A[1].fill(x);
  return A[0][0] * A[1][1] * C[1][0];
}
export const g = grad(f, [1]);`,
  });
  const found = out.diagnostics.map((d) => /^main\.ts:(\d+):(\d+) - error TS(\d+)/.exec(d)?.slice(1).join(" "));
  expect(found).toEqual([
    "6 3 990093",
    "8 3 990093",
    "9 3 990093",
    "11 3 990093",
    "12 24 990093",
    "13 3 990093",
    "14 3 990093",
  ]);
  expect(out.diagnostics[6]).toContain("Cannot write into 'A[1]'");
  expect(out.diagnostics[0]).toContain("Cannot write into 'A[0][1]'");
  expect(out.diagnostics[0]).toContain("('const M = A.map((row) => row.slice())')");
});

test("a built matrix in a field of an object given to a helper ('g({ W: M, b })', 'g(p)' for 'const p = { W: M }')", () => {
  const source = `
interface P {
  W: number[][];
  b: number;
}
function g(p: P): number {
  let s = p.b;
  for (const r of p.W) s += r[0] * r[1];
  return s;
}
function g3(p: P, c: number): number {
  let s = p.b * c;
  for (let i = 0; i < p.W.length; i++) s += p.W[i][0] * p.W[i][1];
  return s;
}
// @differentiate
export function f(x: number, y: number): number {
  const M = [[x, y], [y * x, 2]];
  return g({ W: M, b: y });
}
// @differentiate
export function f3(x: number, y: number): number {
  const A = [[x, y], [y, 2]];
  const M = A.map((r) => r.map((v) => v * y));
  const p = { W: M, b: 1 };
  return g3(p, x) + g({ W: M, b: x }) + g({ W: [[x, x]], b: 0 });
}
`;
  const out = compile({
    "main.ts": `import { grad, jvp } from "cotangent";${source}
export const gf = grad(f, [0, 1]);
export const gf3 = grad(f3, [0, 1]);
export const tf = (x: number, y: number) => jvp(f, [x, y], [1, 0]);`,
  });
  expect(out.diagnostics).toEqual([]);
  const m = out.load("main.ts");
  const [x, y] = [0.3, 0.8];
  // f = y + xy + 2xy: ∂x = 3y, ∂y = 1 + 3x.
  const [fx, fy] = m.gf(x, y) as number[];
  expect(relativeError(fx, 3 * y)).toBeLessThan(1e-15);
  expect(relativeError(fy, 1 + 3 * x)).toBeLessThan(1e-15);
  const [value, tangent] = m.tf(x, y) as number[];
  expect(value).toBe(m.f(x, y));
  expect(relativeError(tangent, fx)).toBeLessThan(1e-15);
  // f3 = 2x + 2xy³ + 4y³ + x²: ∂x = 2 + 2y³ + 2x, ∂y = 6xy² + 12y².
  const [gx, gy] = m.gf3(x, y) as number[];
  expect(relativeError(gx, 2 + 2 * y ** 3 + 2 * x)).toBeLessThan(1e-14);
  expect(relativeError(gy, 6 * x * y * y + 12 * y * y)).toBeLessThan(1e-14);
  checkBothWays(source, "f3", "x: number, y: number", [
    [x, y],
    [-1.1, 0.4],
  ]);
});

test("a built matrix in an object's field given to a recursive helper is TS990079, naming the field", () => {
  const out = compile({
    "main.ts": `
import { grad } from "cotangent";
interface P { W: number[][]; b: number }
function rec(p: P, n: number): number { return n === 0 ? p.b : p.W[n - 1][0] * p.W[n - 1][1] + rec(p, n - 1); }
// @differentiate
export function f(x: number, y: number): number {
  const m = { W: [[x, y], [y * x, 2]], b: y };
  return rec(m, 2) + rec({ W: m.W.map((r) => r.slice()), b: x }, 1);
}
export const g = grad(f, [0, 1]);`,
  });
  const found = out.diagnostics.map((d) =>
    /^main\.ts:(\d+):(\d+) - error TS(\d+): '([^']*)'/.exec(d)?.slice(1).join(" "),
  );
  expect(found).toEqual(["8 14 990079 m.W", "8 26 990079 m.W.map((r) => r.slice())"]);
});

test("rows rotated through a temporary ('const t = m[0]; m[0] = m[1]; m[1] = m[2]; m[2] = t;'), also at aliased indices", () => {
  const source = `
// @differentiate
export function rotated(x: number[], i: number, j: number): number {
  const m = [[x[0], x[1]], [x[2], 2 * x[0]], [x[1] * x[2], 1], [x[0] - x[2], x[1]]];
  const t = m[i];
  m[i] = m[j];
  m[j] = m[3];
  m[3] = t;
  m[0][1] *= x[2];
  return m[0][0] * m[1][1] + 3 * m[2][0] * m[3][1] + m[3][0] * m[1][0];
}
`;
  const out = compile({ "main.ts": `import { grad } from "cotangent";${source}\nexport const g = grad(rotated);` });
  expect(out.diagnostics).toEqual([]);
  const m = out.load("main.ts");
  const x = [0.4, -1.3, 0.9];
  // JavaScript's own rows moved by reference, differentiated by hand through the moved rows.
  const reference = (i: number, j: number): [number, number[]] => {
    const rows: [number, number[]][][] = [
      [
        [x[0], [1, 0, 0]],
        [x[1], [0, 1, 0]],
      ],
      [
        [x[2], [0, 0, 1]],
        [2 * x[0], [2, 0, 0]],
      ],
      [
        [x[1] * x[2], [0, x[2], x[1]]],
        [1, [0, 0, 0]],
      ],
      [
        [x[0] - x[2], [1, 0, -1]],
        [x[1], [0, 1, 0]],
      ],
    ];
    const t = rows[i];
    rows[i] = rows[j];
    rows[j] = rows[3];
    rows[3] = t;
    const [a, da] = rows[0][1];
    rows[0][1] = [a * x[2], da.map((d, k) => d * x[2] + (k === 2 ? a : 0))];
    const product = ([u, du]: [number, number[]], [w, dw]: [number, number[]]): [number, number[]] => [
      u * w,
      du.map((d, k) => d * w + u * dw[k]),
    ];
    const terms = [product(rows[0][0], rows[1][1]), product(rows[2][0], rows[3][1]), product(rows[3][0], rows[1][0])];
    return [
      terms[0][0] + 3 * terms[1][0] + terms[2][0],
      [0, 1, 2].map((k) => terms[0][1][k] + 3 * terms[1][1][k] + terms[2][1][k]),
    ];
  };
  for (const [i, j] of [
    [0, 1],
    [2, 0],
    [1, 1],
    [3, 1],
    [0, 3],
  ]) {
    const [value, gradient] = reference(i, j);
    expect(relativeError(m.rotated(x, i, j), value)).toBeLessThan(1e-15);
    const g = m.g(x, i, j) as number[];
    g.forEach((gk, k) => expect(Math.abs(gk - gradient[k])).toBeLessThan(1e-14 * (1 + Math.abs(gradient[k]))));
  }
  checkBothWays(
    source,
    "rotated",
    "x: number[], i: number, j: number",
    [
      [x, 0, 2],
      [x, 1, 1],
    ],
    { fixed: [1, 2] },
  );
});

/** A recursive helper reading an array field of its object parameter: q.b plus the squares of q.w's first n elements. */
const squaresOfField = `
interface Q {
  w: number[];
  b: number;
}
function rec(q: Q, n: number): number {
  return n === 0 ? q.b : q.w[n - 1] * q.w[n - 1] + rec(q, n - 1);
}
`;

test("a row of a parameter's matrix in an object's field, given to a recursive helper, is read as a copy", () => {
  const source = `
${squaresOfField}
// @differentiate
export function f(A: number[][], x: number): number {
  return rec({ w: A[1], b: x }, 2) * x;
}
`;
  const out = compile({ "main.ts": `import { grad } from "cotangent";${source}\nexport const g = grad(f, [0, 1]);` });
  expect(out.diagnostics).toEqual([]);
  const [A, x] = [
    [
      [0.5, 0.1],
      [0.7, -1.3],
    ],
    0.9,
  ];
  // f = x·(A10² + A11² + x): ∂A1j = 2x·A1j, ∂x = A10² + A11² + 2x.
  const [gA, gx] = out.load("main.ts").g(A, x) as [number[][], number];
  expect(gA[0]).toEqual([0, 0]);
  gA[1].forEach((g, j) => expect(relativeError(g, 2 * x * A[1][j])).toBeLessThan(1e-15));
  expect(relativeError(gx, 0.49 + 1.69 + 2 * x)).toBeLessThan(1e-15);
});

test("a row of a matrix the function builds, in an object's field given to a recursive helper that reads it", () => {
  const source = `
import { grad } from "cotangent";
${squaresOfField}
// @differentiate
export function f(x: number): number {
  const M = [[2 * x, x], [x, 1]];
  const value = rec({ w: M[0], b: x }, 2);
  M[0][0] = 7;
  return value + M[0][0] * x;
}
export const g = grad(f);
`;
  const out = compile({ "main.ts": source });
  expect(out.diagnostics).toEqual([]);
  const m = out.load("main.ts");
  // f = (2x)² + x² + x + 7x = 5x² + 8x; f' = 10x + 8.
  for (const x of [0.3, -1.7]) {
    expect(relativeError(m.f(x), 5 * x * x + 8 * x)).toBeLessThan(1e-15);
    expect(relativeError(m.g(x), 10 * x + 8)).toBeLessThan(1e-15);
  }
});

test("a parameter's matrix copied row by reference and only read, or its rows only reordered, is accepted", () => {
  const source = `
import { grad } from "cotangent";
// @differentiate
export function readInPlace(A: number[][], x: number): number {
  return A.slice()[1][0] * x;
}
// @differentiate
export function walkSlice(A: number[][], x: number): number {
  let s = 0;
  for (const r of A.slice(1)) s += r[0] * x;
  return s;
}
// @differentiate
export function copyThenWrite(A: number[][], x: number): number {
  const M = A.slice().map((r) => r.slice());
  M[0][0] = x * x;
  return M[0][0] + M[1][1] * x;
}
// @differentiate
export function swapInCopy(A: number[][], x: number): number {
  const M = A.slice();
  [M[0], M[1]] = [M[1], M[0]];
  return M[0][0] * x + M[1][1] * M[0][1];
}
export const gRead = grad(readInPlace, [0, 1]);
export const gWalk = grad(walkSlice, [0, 1]);
export const gCopy = grad(copyThenWrite, [0, 1]);
export const gSwap = grad(swapInCopy, [0, 1]);
`;
  const out = compile({ "main.ts": source });
  expect(out.diagnostics).toEqual([]);
  const m = out.load("main.ts");
  const A = [
    [0.5, 0.1],
    [0.7, -1.3],
  ];
  const x = 0.9;
  const [a00, a01, a10, a11] = [A[0][0], A[0][1], A[1][0], A[1][1]];
  const expectGradient = (got: [number[][], number], want: [number[][], number]) => {
    got[0].forEach((row, i) => row.forEach((g, j) => expect(g).toBeCloseTo(want[0][i][j], 14)));
    expect(got[1]).toBeCloseTo(want[1], 14);
  };
  // readInPlace = walkSlice = a10·x.
  expectGradient(m.gRead(A, x), [
    [
      [0, 0],
      [x, 0],
    ],
    a10,
  ]);
  expectGradient(m.gWalk(A, x), [
    [
      [0, 0],
      [x, 0],
    ],
    a10,
  ]);
  // copyThenWrite = x² + a11·x.
  expectGradient(m.gCopy(A, x), [
    [
      [0, 0],
      [0, x],
    ],
    2 * x + a11,
  ]);
  // swapInCopy = a10·x + a01·a11.
  expect(m.swapInCopy(A, x)).toBeCloseTo(a10 * x + a01 * a11, 15);
  expectGradient(m.gSwap(A, x), [
    [
      [0, a11],
      [x, a01],
    ],
    a10,
  ]);
  expect(A).toEqual([
    [a00, a01],
    [a10, a11],
  ]);
});

test("rows a by-reference copy shares, written through either, are TS990094 naming the copy as written", () => {
  const diagnosticsOf = (body: string) =>
    compile({
      "main.ts": `// @differentiate\nexport function f(A: number[][], x: number): number {\n${body}\n}`,
    }).diagnostics.join("\n");
  expect(diagnosticsOf("  const M = A.slice();\n  M[0][0] = x;\n  return M[0][0] * x;")).toMatch(
    /TS990094: The rows of 'A' cannot become the rows of 'M'/,
  );
  expect(
    diagnosticsOf("  let s = 0;\n  for (const r of A.slice(1)) {\n    r[0] = x;\n    s += r[0];\n  }\n  return s;"),
  ).toMatch(/TS990094: The rows of 'A' cannot become the rows of 'A\.slice\(1\)'/);
});

test("a parameter's row in a matrix literal is read as a copy while nothing writes either; written, it is TS990078", () => {
  const program = (body: string) => `import { grad } from "cotangent";
// @differentiate
export function f(A: number[][], x: number): number {
  const M = [A[0], [x, 2]];
${body}
}
export const g = grad(f, [0, 1]);`;
  const written = compile({ "main.ts": program("  M[0][0] = x;\n  return M[0][0] * M[1][0];") }).diagnostics;
  expect(written).toEqual([
    expect.stringMatching(/^main\.ts:4:\d+ - error TS990078: 'A\[0\]' cannot become a row of 'M'/),
  ]);
  const out = compile({ "main.ts": program("  return M[0][1] * M[1][0] + M[1][1] * M[0][0];") });
  expect(out.diagnostics).toEqual([]);
  const A = [
    [0.5, 0.1],
    [0.7, -1.3],
  ];
  const x = 0.9;
  // f = a01·x + 2·a00.
  const [gA, gx] = out.load("main.ts").g(A, x) as [number[][], number];
  expect(gA).toEqual([
    [2, x],
    [0, 0],
  ]);
  expect(gx).toBeCloseTo(A[0][1], 15);
});
