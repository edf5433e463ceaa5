/**
 * `hvp` and `hessian` (reverse over forward) on whole programs: loops, branches, arrays overwritten in place, max
 * chains, number and array parameters, inline arrows. References: Hessians derived by hand (exact to rounding),
 * central differences of the reverse-mode gradient, and the symmetry uᵀ(H·v) = vᵀ(H·u).
 */
import { peakTapeBytes } from "cotangent/runtime";
import { expectClose, relativeError, rng } from "../helpers/check";
import { compile } from "../helpers/compile";

const source = `
import { grad, hessian, hvp } from "cotangent";

// @differentiate
export function rosenbrock(x: Float64Array): number {
  let s = 0;
  for (let i = 0; i < x.length - 1; i++) {
    const a = x[i + 1] - x[i] * x[i];
    const b = 1 - x[i];
    s += 100 * a * a + b * b;
  }
  return s;
}
export const rosenbrockHessian = hessian(rosenbrock);
export const rosenbrockHvp = hvp(rosenbrock);

// The first issue's example: a trip count, a branch on an active value, an overwritten accumulator.
// @differentiate
export function loop(x: number, y: number, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) {
    s += Math.sin(x * i) * y;
    if (s > 1) s = Math.log(s);
  }
  return s * s;
}
export const loopHessianX = hessian(loop);
export const loopHvpY = hvp(loop, 1);
export const loopGrad = grad(loop, [0, 1]);

// A state overwritten in place step after step: the reverse sweep of the tangent needs its tape.
// @differentiate
export function recurrence(w: Float64Array, u0: number, steps: number): number {
  const u = new Float64Array(w.length);
  u.fill(u0);
  for (let k = 0; k < steps; k++) {
    for (let i = 0; i < w.length; i++) u[i] = Math.tanh(w[i] * u[i] + 0.1 * i);
  }
  let s = 0;
  for (let i = 0; i < u.length; i++) s += u[i] * u[i] * w[i];
  return s;
}
export const recurrenceHessian = hessian(recurrence);
export const recurrenceHvp = hvp(recurrence);
export const recurrenceGrad = grad(recurrence);

// log-sum-exp with its max shift: derivative rules with branches (Math.max) differentiated twice.
// @differentiate
export function logSumExp(z: number[]): number {
  let top = z[0];
  for (let i = 1; i < z.length; i++) top = Math.max(top, z[i]);
  let sum = 0;
  for (let i = 0; i < z.length; i++) sum += Math.exp(z[i] - top);
  return top + Math.log(sum);
}
export const logSumExpHessian = hessian(logSumExp);
export const logSumExpHvp = hvp(logSumExp);

// More constructs, each with its Hessian known in closed form.
// @differentiate
export function quartics(x: number[]): number {
  const ys: number[] = [];
  for (let i = 0; i < x.length; i++) ys.push(x[i] * x[i]);
  let s = 0;
  for (const y of ys) s += y * y;
  return s;
}
export const quarticsHessian = hessian(quartics);

// @differentiate
export function norm(x: number[], m: number[][]): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) for (let j = 0; j < x.length; j++) s += x[i] * m[i][j] * x[j];
  return Math.sqrt(s);
}
export const normHessian = hessian(norm);

// @differentiate
export function flagged(x: number, neg: boolean): number {
  return neg ? -x * x * x : Math.abs(x) ** 2.5;
}
export const flaggedHessian = hessian(flagged);

// @differentiate
export function fields(x: number, p: { a: number; b: number }): number {
  return p.a * x * x + p.b * Math.exp(x);
}
export const fieldsHessian = hessian(fields);

// @differentiate
export function mapped(x: number[]): number {
  const y = x.map((v) => v * v);
  return y.reduce((s, v) => s + Math.sin(v), 0);
}
export const mappedHessian = hessian(mapped);

// @differentiate
export function chain(x: number[]): number {
  return Math.min(x[0] * x[1], Math.max(x[1], x[2] * x[2]), Math.hypot(x[0], x[2]));
}
export const chainHessian = hessian(chain);

// A loop left by break on a data-dependent test.
// @differentiate
export function fixedPoint(x: number): number {
  let r = x;
  let k = 0;
  while (true) {
    r = Math.cos(r) * x;
    k++;
    if (k > 5 || r > 10) break;
  }
  return r * r;
}
export const fixedPointHessian = hessian(fixedPoint);
export const fixedPointGrad = grad(fixedPoint);

// A local array filled through a callee and never read back: its allocation stays (the stores need it).
function wave(t: number): number {
  return Math.sin(t) * t;
}
// @differentiate
export function unusedBuffer(x: Float64Array): number {
  const buffer = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) buffer[i] = wave(x[i]);
  return x[0] * x[0] * x[1];
}
export const unusedBufferHessian = hessian(unusedBuffer);

// An inline arrow capturing a constant of the module.
const weights = [2, -1, 0.5];
export const cubicHessian = hessian((x: number[]) => {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += weights[i] * x[i] * x[i] * x[i];
  return s;
});
`;

let m: Record<string, any>;
beforeAll(() => {
  const compiled = compile({ "second.ts": source });
  expect(compiled.diagnostics).toEqual([]);
  m = compiled.load("second.ts");
});

/** Central differences of `gradient` along `u`: ≈ H·u. */
function gradientDifference(gradient: (x: number[]) => ArrayLike<number>, x: readonly number[], u: readonly number[]) {
  const h = 1e-5;
  const plus = gradient(x.map((xi, k) => xi + h * u[k]));
  const minus = gradient(x.map((xi, k) => xi - h * u[k]));
  return Array.from({ length: x.length }, (_, k) => (plus[k] - minus[k]) / (2 * h));
}

const dot = (a: ArrayLike<number>, b: ArrayLike<number>) => Array.from(a).reduce((s, ai, k) => s + ai * b[k], 0);

test("Rosenbrock: the Hessian derived by hand, exactly; the product needs no tape", () => {
  const x = [0.5, -0.2, 0.9, 1.3, -0.7, 0.1];
  const n = x.length;
  const expected = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n - 1; i++) {
    expected[i][i] += 1200 * x[i] * x[i] - 400 * x[i + 1] + 2;
    expected[i][i + 1] -= 400 * x[i];
    expected[i + 1][i] -= 400 * x[i];
    expected[i + 1][i + 1] += 200;
  }
  const hessian = m.rosenbrockHessian(Float64Array.from(x)) as number[][];
  hessian.forEach((row, i) => row.forEach((h, j) => expectClose(h, expected[i][j], 1e-13, `H[${i}][${j}]`)));
  const v = Float64Array.from([0.3, -1.2, 0.8, 0.1, 0.5, -0.4]);
  const product = m.rosenbrockHvp(Float64Array.from(x), v) as Float64Array;
  expect(product).toBeInstanceOf(Float64Array);
  product.forEach((p, i) => expectClose(p, dot(expected[i], v), 1e-13, `(H·v)[${i}]`));
  // Reverse over forward keeps the gradient's shape: one fused pass over the data, nothing recorded.
  expect(peakTapeBytes(() => m.rosenbrockHvp(Float64Array.from(x), v))).toBe(0);
});

test("a loop with a branch: number parameters, one at a time", () => {
  const points = [
    [0.3, 0.7, 5],
    [1.1, 0.4, 8],
    [-0.6, 2.5, 3],
  ];
  for (const [x, y, n] of points) {
    const dxx = m.loopHessianX(x, y, n) as number;
    expect(typeof dxx).toBe("number");
    const gradient = (p: number[]) => m.loopGrad(p[0], p[1], n) as number[];
    const [reference] = gradientDifference(gradient, [x, y], [1, 0]);
    expectClose(dxx, reference, 1e-6, `∂²/∂x² at ${x}, ${y}, ${n}`);
    const dyy = m.loopHvpY(x, y, n, 1) as number;
    expectClose(dyy, gradientDifference(gradient, [x, y], [0, 1])[1], 1e-6, `∂²/∂y² at ${x}, ${y}, ${n}`);
  }
});

test("a state overwritten in place: Hessian against central differences, symmetric, products symmetric", () => {
  const random = rng(5);
  const w = Array.from({ length: 5 }, () => random() * 2 - 1);
  const hessian = m.recurrenceHessian(Float64Array.from(w), 0.3, 6) as number[][];
  const gradient = (p: number[]) => m.recurrenceGrad(Float64Array.from(p), 0.3, 6) as Float64Array;
  for (let j = 0; j < w.length; j++) {
    const column = gradientDifference(
      gradient,
      w,
      w.map((_, k) => (k === j ? 1 : 0)),
    );
    column.forEach((c, i) => expectClose(hessian[i][j], c, 1e-6, `H[${i}][${j}]`));
    for (let i = 0; i < j; i++) expectClose(hessian[i][j], hessian[j][i], 1e-12, `symmetry ${i}, ${j}`);
  }
  const u = Float64Array.from(w, () => random() * 2 - 1);
  const v = Float64Array.from(w, () => random() * 2 - 1);
  const hu = m.recurrenceHvp(Float64Array.from(w), 0.3, 6, u) as Float64Array;
  const hv = m.recurrenceHvp(Float64Array.from(w), 0.3, 6, v) as Float64Array;
  expect(relativeError(dot(u, hv), dot(v, hu))).toBeLessThan(1e-12);
});

test("log-sum-exp: the softmax's Jacobian diag(p) − p·pᵀ, through Math.max", () => {
  const z = [0.4, -1.3, 2.2, 0.9];
  const exps = z.map(Math.exp);
  const total = exps.reduce((s, e) => s + e, 0);
  const p = exps.map((e) => e / total);
  const hessian = m.logSumExpHessian(z) as number[][];
  hessian.forEach((row, i) =>
    row.forEach((h, j) => expectClose(h, (i === j ? p[i] : 0) - p[i] * p[j], 1e-13, `H[${i}][${j}]`)),
  );
  const v = [1, -2, 0.5, 0.25];
  const product = m.logSumExpHvp(z, v) as number[];
  expect(Array.isArray(product)).toBe(true);
  product.forEach((x, i) => expectClose(x, dot(hessian[i], v), 1e-13, `(H·v)[${i}]`));
});

test("an inline arrow capturing module data", () => {
  const x = [0.5, -1.5, 2];
  const hessian = m.cubicHessian(x) as number[][];
  const weights = [2, -1, 0.5];
  hessian.forEach((row, i) => row.forEach((h, j) => expect(h).toBe(i === j ? 6 * weights[i] * x[i] : 0)));
});

test("number[] built by push, read-only matrices, flags, object fields, map/reduce, min/max chains, break", () => {
  const x = [0.5, -1, 2];
  const diagonal = (values: number[]) => values.map((d, i) => values.map((_, j) => (i === j ? d : 0)));
  const close = (actual: number[][], expected: number[][], what: string) =>
    actual.forEach((row, i) => row.forEach((h, j) => expectClose(h, expected[i][j], 1e-13, `${what} H[${i}][${j}]`)));
  close(m.quarticsHessian(x), diagonal(x.map((xi) => 12 * xi * xi)), "Σ x⁴");
  const mat = [
    [2, 0.1, 0],
    [0.1, 3, 0.2],
    [0, 0.2, 1],
  ];
  const mx = mat.map((row) => dot(row, x));
  const f = Math.sqrt(dot(x, mx));
  close(
    m.normHessian(x, mat),
    mat.map((row, i) => row.map((mij, j) => mij / f - (mx[i] * mx[j]) / f ** 3)),
    "√(xᵀMx)",
  );
  expectClose(m.flaggedHessian(0.7, false), 3.75 * Math.sqrt(0.7), 1e-13, "|x|^2.5");
  expectClose(m.flaggedHessian(0.7, true), -6 * 0.7, 1e-13, "−x³");
  expectClose(m.fieldsHessian(0.3, { a: 2, b: 0.5 }), 4 + 0.5 * Math.exp(0.3), 1e-13, "a·x² + b·eˣ");
  close(
    m.unusedBufferHessian(Float64Array.from([0.5, 2])),
    [
      [4, 1],
      [1, 0],
    ],
    "x0²·x1 beside an unread buffer",
  );
  close(
    m.mappedHessian(x),
    diagonal(x.map((xi) => 2 * Math.cos(xi * xi) - 4 * xi * xi * Math.sin(xi * xi))),
    "Σ sin(x²)",
  );
  // At (0.5, 1.2, 0.9) the minimum is x0·x1.
  close(
    m.chainHessian([0.5, 1.2, 0.9]),
    [
      [0, 1, 0],
      [1, 0, 0],
      [0, 0, 0],
    ],
    "min(x0·x1, …)",
  );
  for (const at of [0.4, 1.3]) {
    const [reference] = gradientDifference((p) => [m.fixedPointGrad(p[0]) as number], [at], [1]);
    expectClose(m.fixedPointHessian(at), reference, 1e-6, `fixed point at ${at}`);
  }
});

describe("through calls: a callee in another file with a branch, recursion, an array argument, nested calls", () => {
  let c: Record<string, any>;
  beforeAll(() => {
    const compiled = compile({
      "lib.ts": [
        "// Not annotated: differentiated twice where a marked function calls it.",
        "export function softplus(x: number): number {",
        "  if (x > 0) return x + Math.log1p(Math.exp(-x));",
        "  return Math.log1p(Math.exp(x));",
        "}",
        "export function weighted(a: number, w: Float64Array, i: number): number {",
        "  return a * w[i] * w[i];",
        "}",
        "",
      ].join("\n"),
      "main.ts": [
        'import { grad, hessian, hvp } from "cotangent";',
        'import { softplus, weighted } from "./lib";',
        "function square(t: number): number {",
        "  return t * t;",
        "}",
        "function power(n: number, x: number): number {",
        "  return n <= 1 ? x : x * power(n - 1, x);",
        "}",
        "function smooth(t: number): number {",
        "  return square(softplus(t));",
        "}",
        "// @differentiate",
        "export function f(x: Float64Array): number {",
        "  let s = 0;",
        "  for (let i = 0; i < x.length; i++) {",
        "    s += softplus(x[i] * x[(i + 1) % x.length]) + square(Math.sin(x[i])) + weighted(x[0], x, i);",
        "    s += power(3, x[i]) + smooth(x[i] - 0.5);",
        "  }",
        "  return s;",
        "}",
        "export const fHessian = hessian(f);",
        "export const fHvp = hvp(f);",
        "export const fGrad = grad(f);",
        "",
      ].join("\n"),
    });
    expect(compiled.diagnostics).toEqual([]);
    c = compiled.load("main.ts");
  });

  test("Hessian against central differences of the gradient, symmetric; hvp against H·v", () => {
    for (const x of [
      [0.3, -0.8, 1.1],
      [-1.2, 0.4, 0.9, -0.3],
    ]) {
      const hessian = c.fHessian(Float64Array.from(x)) as number[][];
      const gradient = (p: number[]) => c.fGrad(Float64Array.from(p)) as Float64Array;
      for (let j = 0; j < x.length; j++) {
        const column = gradientDifference(
          gradient,
          x,
          x.map((_, k) => (k === j ? 1 : 0)),
        );
        column.forEach((h, i) => expectClose(hessian[i][j], h, 1e-6, `H[${i}][${j}] at ${x}`));
        for (let i = 0; i < j; i++) expectClose(hessian[i][j], hessian[j][i], 1e-12, `symmetry ${i}, ${j}`);
      }
      const v = x.map((_, k) => 0.5 - k * 0.3);
      const product = c.fHvp(Float64Array.from(x), Float64Array.from(v)) as Float64Array;
      product.forEach((p, i) => expectClose(p, dot(hessian[i], v), 1e-12, `(H·v)[${i}] at ${x}`));
    }
  });
});

describe("what second derivatives refuse, with a diagnostic", () => {
  const diagnosticsOf = (body: string) =>
    compile({ "main.ts": `import { hessian, hvp } from "cotangent";\n${body}` }).diagnostics;

  test("a callee that writes into its parameters (TS990055)", () => {
    const diagnostics = diagnosticsOf(
      [
        "function scaleInto(out: Float64Array, t: number): void {",
        "  out[0] = t * t;",
        "}",
        "// @differentiate",
        "export function f(x: number): number {",
        "  const buffer = new Float64Array(1);",
        "  scaleInto(buffer, Math.sin(x));",
        "  return buffer[0] * x;",
        "}",
        "export const h = hessian(f);",
      ].join("\n"),
    );
    expect(diagnostics).toEqual([
      "main.ts:11:26 - error TS990055: 'hessian' cannot yet differentiate 'f' twice through 'scaleInto', which " +
        "writes into its parameters. Have 'scaleInto' return its result instead of writing it into an array argument.",
    ]);
  });

  test("an object parameter, and argnums that is not a literal", () => {
    const objects = diagnosticsOf(
      [
        "// @differentiate",
        "export function f(p: { a: number; b: number }): number {",
        "  return p.a * p.b;",
        "}",
        "export const h = hvp(f);",
      ].join("\n"),
    );
    expect(objects).toHaveLength(1);
    expect(objects[0]).toMatch(/^main\.ts:6:\d+ - error TS9900\d\d: /);
    const argnums = diagnosticsOf(
      [
        "// @differentiate",
        "export function f(x: number): number {",
        "  return x * x;",
        "}",
        "const k = 0;",
        "export const h = hessian(f, k);",
      ].join("\n"),
    );
    expect(argnums).toHaveLength(1);
    expect(argnums[0]).toMatch(/^main\.ts:7:29 - error TS990\d\d\d: /);
  });
});

test("several parameters: hessian's nested blocks and hvp's tuple of products, in any argnums order", () => {
  const out = compile({
    "main.ts": `
import { grad, hessian, hvp } from "cotangent";
// @differentiate
export function f(x: Float64Array, w: number, b: Float64Array): number {
  let s = w * w * x[0] * b[1];
  for (let i = 0; i < x.length; i++) s += b[i] * Math.sin(w * x[i]);
  return s;
}
export const g = grad(f, [0, 1, 2]);
export const h = hessian(f, [0, 1, 2]);
export const hReordered = hessian(f, [1, 0]);
export const hOne = hessian(f, [2]);
export const products = hvp(f, [0, 1]);
export const productsReordered = hvp(f, [2, 0]);
export const productsRepeated = hvp(f, [0, 1, 0]);
`,
  });
  expect(out.diagnostics).toEqual([]);
  const m = out.load("main.ts");
  const x = Float64Array.from([0.4, -0.9, 1.3]);
  const w = 0.7;
  const b = Float64Array.from([1.1, -0.5, 0.8]);
  const args = [x, w, b] as const;
  const flat = (v: unknown): number[] => (typeof v === "number" ? [v] : Array.from(v as ArrayLike<number>));
  // Reference: central differences of the reverse-mode gradient, one input element at a time.
  const lengths = [3, 1, 3];
  const perturbed = (p: number, e: number, d: number): [Float64Array, number, Float64Array] => {
    const [xs, ws, bs] = [x.slice(), w, b.slice()];
    if (p === 0) xs[e] += d;
    if (p === 1) return [xs, ws + d, bs];
    if (p === 2) bs[e] += d;
    return [xs, ws, bs];
  };
  const step = 1e-5;
  const column = (p: number, e: number): number[][] => {
    const plus = (m.g(...perturbed(p, e, step)) as unknown[]).map(flat);
    const minus = (m.g(...perturbed(p, e, -step)) as unknown[]).map(flat);
    return plus.map((gp, i) => gp.map((v, k) => (v - minus[i][k]) / (2 * step)));
  };
  const blocks = m.h(...args) as unknown[][];
  expect(blocks).toHaveLength(3);
  for (let i = 0; i < 3; i++) {
    for (let j = 0; j < 3; j++) {
      // Block [i][j] has shape pᵢ.shape + pⱼ.shape: entry [r][c] is ∂²f/∂pᵢ[r]∂pⱼ[c].
      const block = blocks[i][j];
      const entry = (r: number, c: number): number => {
        if (lengths[i] === 1 && lengths[j] === 1) return block as number;
        if (lengths[i] === 1) return (block as number[])[c];
        if (lengths[j] === 1) return (block as number[])[r];
        return (block as number[][])[r][c];
      };
      for (let c = 0; c < lengths[j]; c++) {
        const reference = column(j, c)[i];
        reference.forEach((v, r) => expect(Math.abs(entry(r, c) - v)).toBeLessThan(1e-7 * Math.max(1, Math.abs(v))));
      }
    }
  }
  // Closed forms: ∂²f/∂w² = 2·x0·b1 − Σ bᵢxᵢ² sin(w xᵢ); ∂²f/∂x0∂b1 = w².
  const fww = 2 * x[0] * b[1] - Array.from(x).reduce((acc, xi, i) => acc + b[i] * xi * xi * Math.sin(w * xi), 0);
  expect(relativeError(blocks[1][1] as number, fww)).toBeLessThan(1e-14);
  expect(relativeError((blocks[0][2] as number[][])[0][1], w * w)).toBeLessThan(1e-14);
  // Other orders give the same blocks, reordered; one parameter in an array is a 1 × 1 nesting.
  expect(m.hReordered(...args)).toEqual([
    [blocks[1][1], blocks[1][0]],
    [blocks[0][1], blocks[0][0]],
  ]);
  expect(m.hOne(...args)).toEqual([[blocks[2][2]]]);
  // hvp: the products Σⱼ Hᵢⱼ·vⱼ in the named parameters (directions of the others zero).
  const vx = Float64Array.from([0.3, 0.2, -0.6]);
  const vw = -1.4;
  const vb = Float64Array.from([0.5, -0.7, 0.9]);
  const times = (block: unknown, v: number | Float64Array, rows: number): number[] =>
    Array.from({ length: rows }, (_, r) =>
      flat(v).reduce((acc, vc, c) => {
        const value =
          typeof block === "number"
            ? block
            : Array.isArray((block as unknown[])[0])
              ? (block as number[][])[r][c]
              : rows === 1
                ? (block as number[])[c]
                : (block as number[])[r];
        return acc + value * vc;
      }, 0),
    );
  const [px, pw] = m.products(...args, [vx, vw]) as [Float64Array, number];
  const expectedX = times(blocks[0][0], vx, 3).map((v, r) => v + times(blocks[0][1], vw, 3)[r]);
  flat(px).forEach((v, r) => expect(relativeError(v, expectedX[r])).toBeLessThan(1e-13));
  expect(relativeError(pw, times(blocks[1][0], vx, 1)[0] + (blocks[1][1] as number) * vw)).toBeLessThan(1e-13);
  const [qb, qx] = m.productsReordered(...args, [vb, vx]) as [Float64Array, Float64Array];
  const expectedB = times(blocks[2][2], vb, 3).map((v, r) => v + times(blocks[2][0], vx, 3)[r]);
  flat(qb).forEach((v, r) => expect(Math.abs(v - expectedB[r])).toBeLessThan(1e-13));
  const expectedQx = times(blocks[0][2], vb, 3).map((v, r) => v + times(blocks[0][0], vx, 3)[r]);
  flat(qx).forEach((v, r) => expect(relativeError(v, expectedQx[r])).toBeLessThan(1e-13));
  // A parameter named twice is two inputs: each product sums the blocks along both of its directions.
  const vx2 = Float64Array.from([-0.2, 1.1, 0.4]);
  const [rx, rw, rx2] = m.productsRepeated(...args, [vx, vw, vx2]) as [Float64Array, number, Float64Array];
  const bothX = vx.map((v, k) => v + vx2[k]);
  const expectedRx = times(blocks[0][0], bothX, 3).map((v, r) => v + times(blocks[0][1], vw, 3)[r]);
  flat(rx).forEach((v, r) => expect(relativeError(v, expectedRx[r])).toBeLessThan(1e-13));
  expect(flat(rx2)).toEqual(flat(rx));
  expect(relativeError(rw, times(blocks[1][0], bothX, 1)[0] + (blocks[1][1] as number) * vw)).toBeLessThan(1e-13);
});
