/**
 * `gradInto(f, argnums)(...args, out)`: the gradient written into the caller's arrays. Each shape of `out` (a
 * Float64Array, a number[], an object of arrays, a tuple of arrays) is checked against central finite differences
 * and bit for bit against `grad`, into arrays that held garbage, twice into the same arrays; then the run-time
 * checks of `out` (lengths, shared memory) and the diagnostic for a number parameter.
 */
import { compile, printTransformed } from "../helpers/compile";
import { centralDifference, relativeError } from "../helpers/check";
import { leaves, rebuild } from "../helpers/tree";
import { ROSENBROCK } from "../helpers/sources";

const source = `
import { grad, gradInto } from "cotangent";
${ROSENBROCK}

// @differentiate
export function softplusSum(x: number[], scale: number): number {
  let s = 0;
  for (const xi of x) s += Math.log(1 + Math.exp(scale * xi));
  return s;
}

export interface Layer {
  w: Float64Array;
  b: Float64Array;
  name: string;
}

// @differentiate
export function layerLoss(layer: Layer, x: Float64Array, target: Float64Array): number {
  let s = 0;
  for (let i = 0; i < layer.b.length; i++) {
    let z = layer.b[i];
    for (let j = 0; j < x.length; j++) z += layer.w[i * x.length + j] * x[j];
    const e = Math.tanh(z) - target[i];
    s += e * e;
  }
  return s;
}

/** x[i] * w[j] summed against a: the inner loop's adjoint of x[i] is promoted to a local in the generated code. */
// @differentiate
export function bilinear(a: Float64Array, x: Float64Array, w: Float64Array): number {
  const n = x.length;
  let s = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) s += a[i * n + j] * Math.sin(x[i]) * w[j];
  }
  return s;
}

/** Not marked: its split sweeps accumulate into the caller's adjoint arrays, here gradInto's outputs. */
export function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

// @differentiate
export function logisticLoss(w: Float64Array, x: Float64Array, y: number): number {
  const z = dot(w, x);
  return Math.log(1 + Math.exp(-y * z)) + 0.5 * dot(w, w);
}

export const rosenbrockGrad = grad(rosenbrock);
export const rosenbrockInto = gradInto(rosenbrock);
export const softplusGrad = grad(softplusSum);
export const softplusInto = gradInto(softplusSum, 0);
export const layerGrad = grad(layerLoss);
export const layerInto = gradInto(layerLoss);
export const bilinearGrad = grad(bilinear, [1, 2]);
export const bilinearInto = gradInto(bilinear, [1, 2]);
export const logisticGrad = grad(logisticLoss, [0, 1]);
export const logisticInto = gradInto(logisticLoss, [0, 1]);
export const inlineInto = gradInto((x: Float64Array) => x[0] * Math.exp(x[1]));
`;

const m = compile({ "main.ts": source });
const mod = (): Record<string, any> => {
  expect(m.diagnostics).toEqual([]);
  return m.load("main.ts");
};

/** The bit patterns of numbers: tells -0 from 0, where toEqual would not. */
const bitsOf = (values: readonly number[]): bigint[] =>
  Array.from(new BigUint64Array(Float64Array.from(values).buffer));

interface Case {
  readonly name: string;
  readonly args: unknown[];
  /** Leaves of `args` that are differentiated, in the order of the gradient's leaves. */
  readonly wrt: (args: unknown[]) => unknown;
  readonly grad: string;
  readonly into: string;
  readonly primal: string;
}

const n = 1000;
const x1000 = Float64Array.from({ length: n }, (_, i) => Math.cos(i * 0.37) * 1.3);
const x8 = Float64Array.from({ length: 8 }, (_, i) => Math.sin(i * 0.9));
const cases: Case[] = [
  {
    name: "a Float64Array (Rosenbrock, n = 1000)",
    args: [x1000],
    wrt: (a) => a[0],
    grad: "rosenbrockGrad",
    into: "rosenbrockInto",
    primal: "rosenbrock",
  },
  {
    name: "a number[] next to a number",
    args: [[0.4, -1.1, 2.3, 0.05], 1.7],
    wrt: (a) => a[0],
    grad: "softplusGrad",
    into: "softplusInto",
    primal: "softplusSum",
  },
  {
    name: "an object of two Float64Arrays (its string field left out)",
    args: [
      { w: new Float64Array([0.5, -0.25, 0.1, 0.8, 0.3, -0.6]), b: new Float64Array([0.1, -0.2]), name: "dense" },
      new Float64Array([1, 2, -1]),
      new Float64Array([0.5, -0.5]),
    ],
    wrt: (a) => {
      const layer = a[0] as { w: Float64Array; b: Float64Array };
      return { w: layer.w, b: layer.b };
    },
    grad: "layerGrad",
    into: "layerInto",
    primal: "layerLoss",
  },
  {
    name: "argnums [1, 2]: a tuple of two Float64Arrays, the inner adjoint promoted",
    args: [Float64Array.from({ length: 64 }, (_, k) => Math.cos(k * 1.3)), x8, x8.map((v) => v * 0.5 - 0.2)],
    wrt: (a) => [a[1], a[2]],
    grad: "bilinearGrad",
    into: "bilinearInto",
    primal: "bilinear",
  },
  {
    name: "argnums [0, 1] of a function whose callee's reverse sweep adds into the outputs",
    args: [new Float64Array([0.3, -0.7, 1.1]), new Float64Array([1.5, 0.2, -0.4]), -1],
    wrt: (a) => [a[0], a[1]],
    grad: "logisticGrad",
    into: "logisticInto",
    primal: "logisticLoss",
  },
];

describe.each(cases.map((c) => [c.name, c] as const))("gradInto of %s", (_name, c) => {
  test("returns f's value, overwrites garbage with grad's bits, and gives the same bits a second time", () => {
    const m = mod();
    const fresh = m[c.grad](...c.args);
    const size = leaves(fresh).length;
    const out = rebuild(
      fresh,
      Array.from({ length: size }, (_, i) => [NaN, -0, 1e300, -7][i % 4]),
    );
    expect(m[c.into](...c.args, out)).toBe(m[c.primal](...c.args));
    expect(bitsOf(leaves(out))).toEqual(bitsOf(leaves(fresh)));
    // The same arrays, now holding the gradient: overwritten, not added to.
    const arrays = leaves([out]);
    expect(m[c.into](...c.args, out)).toBe(m[c.primal](...c.args));
    expect(bitsOf(leaves(out))).toEqual(bitsOf(arrays));
  });

  test("matches central finite differences", () => {
    const m = mod();
    const fresh = m[c.grad](...c.args);
    const out = rebuild(
      fresh,
      leaves(fresh).map(() => NaN),
    );
    m[c.into](...c.args, out);
    const g = leaves(out);
    // The differentiated leaves, perturbed in place one at a time (arrays) through a copy of the arguments.
    const x = leaves(c.wrt(c.args));
    const f = (...v: number[]) => {
      const args = rebuild(c.args, leaves(c.args));
      const target = c.wrt(args);
      const perturbed = rebuild(target, v);
      writeLeaves(target, leaves(perturbed));
      return m[c.primal](...args) as number;
    };
    const checked = x.length > 50 ? [0, 1, 2, 499, 998, 999] : x.map((_, i) => i);
    for (const i of checked) {
      const fd = centralDifference(
        f,
        x,
        x.map((_, j) => (j === i ? 1 : 0)),
      );
      expect(relativeError(fd, g[i]) < 1e-6 || Math.abs(fd - g[i]) < 1e-8).toBe(true);
    }
  });
});

/** Writes `values` into the arrays of `tree` (rebuild makes copies; the arguments must change in place). */
function writeLeaves(tree: unknown, values: readonly number[]): void {
  let next = 0;
  const walk = (node: unknown): void => {
    if (ArrayBuffer.isView(node) || Array.isArray(node)) {
      const a = node as number[];
      if (a.length > 0 && typeof a[0] !== "number") return a.forEach(walk);
      for (let i = 0; i < a.length; i++) a[i] = values[next++];
    } else if (typeof node === "object" && node !== null) Object.values(node).forEach(walk);
  };
  walk(tree);
}

describe("the run-time check of out", () => {
  test("an array of the wrong length", () => {
    expect(() => mod().rosenbrockInto(x8, new Float64Array(7))).toThrow(
      "the output array for the gradient of 'x' has length 7, but 'x' has length 8; pass an array of length 8.",
    );
    const layer = { w: new Float64Array(6), b: new Float64Array(2), name: "dense" };
    expect(() =>
      mod().layerInto(layer, new Float64Array(3), new Float64Array(2), {
        w: new Float64Array(6),
        b: new Float64Array(3),
      }),
    ).toThrow("the output array for the gradient of 'layer.b' has length 3, but 'layer.b' has length 2");
  });

  test("a missing output", () => {
    expect(() => mod().softplusInto([1, 2], 1)).toThrow(
      "cotangent: gradInto needs an array for the gradient of 'x'; it received undefined.",
    );
  });

  test("an output that is an argument, a view of one, or another output", () => {
    const m = mod();
    const x = new Float64Array(x8);
    expect(() => m.rosenbrockInto(x, x)).toThrow(
      "the output array for the gradient of 'x' shares memory with argument 'x'; pass a separate array.",
    );
    // The argument unchanged: the check runs before anything is written.
    expect(Array.from(x)).toEqual(Array.from(x8));
    const buffer = new Float64Array(20);
    const a = new Float64Array(buffer.buffer, 0, 8);
    const out = new Float64Array(buffer.buffer, 7 * 8, 8); // overlaps a's last element
    expect(() => m.rosenbrockInto(a, out)).toThrow("shares memory with argument 'x'");
    expect(() => m.rosenbrockInto(a, new Float64Array(buffer.buffer, 8 * 8, 8))).not.toThrow();
    const a64 = Float64Array.from({ length: 64 }, (_, k) => k / 64);
    const w = x8.map((v) => v + 1);
    expect(() => m.bilinearInto(a64, x8, w, [new Float64Array(8), a64.subarray(8, 16)])).toThrow(
      "the output array for the gradient of 'w' shares memory with argument 'a'",
    );
    const shared = new Float64Array(8);
    expect(() => m.bilinearInto(a64, x8, w, [shared, shared])).toThrow(
      "the output arrays for the gradients of 'x' and 'w' share memory; pass separate arrays.",
    );
    const layer = { w: new Float64Array(6), b: new Float64Array(2), name: "dense" };
    const target = new Float64Array(2);
    expect(() => m.layerInto(layer, new Float64Array(3), target, { w: new Float64Array(6), b: target })).toThrow(
      "the output array for the gradient of 'layer.b' shares memory with argument 'target'",
    );
    const xs = [1, 2, 3];
    expect(() => m.softplusInto(xs, 1, xs)).toThrow("shares memory with argument 'x'");
  });
});

test("gradInto of an inline arrow, whose into-function is emitted in place", () => {
  const out = new Float64Array([9, 9]);
  expect(mod().inlineInto(new Float64Array([2, 0.5]), out)).toBe(2 * Math.exp(0.5));
  expect(Array.from(out)).toEqual([Math.exp(0.5), 2 * Math.exp(0.5)]);
});

describe("the generated code", () => {
  const text = printTransformed({ "main.ts": source }).text["main.ts"];

  test("an into-function is emitted only for the markers that ask for one, and fills the caller's arrays", () => {
    expect(text).toContain(
      "function rosenbrock_vjp_into(x: Float64Array, x_bar: Float64Array, result_bar: number): number {",
    );
    expect(text).toContain(
      "function softplusSum_vjp_into_x(x: readonly number[], scale: number, x_bar: number[], result_bar: number): number {",
    );
    expect(text).toContain(
      "function layerLoss_vjp_into_layer_w_layer_b(layer_w: Float64Array, layer_b: Float64Array, x: Float64Array, target: Float64Array, layer_w_bar: Float64Array, layer_b_bar: Float64Array, result_bar: number): number {",
    );
    const into = text.split("function bilinear_vjp_into_x_w(")[1].split("\n}\n")[0];
    expect(into).toContain("x_bar.fill(0);");
    expect(into).toContain("w_bar.fill(0);");
    expect(into).not.toContain("new Float64Array");
    // The caller's arrays are checked not to alias anything, so the inner loop's increment of x_bar[i] is promoted.
    expect(into).toMatch(/\w+_acc(_\d+)? = x_bar\[i\];/);
    // grad's own function is still emitted for grad; the vjp, which only valueAndGrad and vjp call, is not.
    expect(text.match(/function bilinear_grad_x_w\(/g)).toHaveLength(1);
    expect(text).not.toContain("function bilinear_vjp_x_w(");
  });
});

test("gradInto of a function that returns an array is TS990009, as grad", () => {
  const out = compile({
    "vector.ts": `import { gradInto } from "cotangent";
// @differentiate
export function f(x: Float64Array): Float64Array { return x; }
export const g = gradInto(f);
`,
  });
  expect(out.diagnostics.filter((d) => d.includes("TS9900"))).toEqual([
    "vector.ts:4:27 - error TS990009: 'f' returns 'Float64Array<ArrayBufferLike>', but 'gradInto' needs a function that returns a 'number'.",
  ]);
});

test("gradInto of a number parameter, or of an object with a number field, is TS990053 at the argnums", () => {
  const out = compile({
    "scalar.ts": `import { gradInto } from "cotangent";
// @differentiate
export function f(x: number, w: Float64Array, p: { c: number; v: Float64Array }): number {
  return x * w[0] + p.c * p.v[0];
}
export const a = gradInto(f);
export const b = gradInto(f, [1, 2]);
`,
  });
  expect(out.diagnostics).toEqual([
    "scalar.ts:6:27 - error TS990053: 'gradInto' writes gradients into arrays the caller passes, but the gradient of 'x' (a 'number') is not a one-dimensional array. Use 'valueAndGrad' for it, or pass the value in a 'Float64Array'.",
    "scalar.ts:7:34 - error TS990053: 'gradInto' writes gradients into arrays the caller passes, but the gradient of 'p.c' (a 'number') is not a one-dimensional array. Use 'valueAndGrad' for it, or pass the value in a 'Float64Array'.",
  ]);
});
