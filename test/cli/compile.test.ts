/**
 * What serves TypeScript 7 and bundler users: the modules `cotangent emit` writes are compiled with plain `tsc`
 * (no plugin, no transformer) and run with node. Their derivatives are checked against central finite differences
 * of the primal, and forward mode against reverse mode with the dot-product test ⟨J·u, w⟩ = ⟨u, Jᵀ·w⟩, in a
 * CommonJS project and in an ES module project (`.js` extensions in specifiers).
 */
import { spawnSync } from "child_process";
import { createRequire } from "module";
import * as path from "path";
import { centralDifference, rng } from "../helpers/check";
import { MODEL_FILES, TSCONFIG, tempProject, type TempProject } from "./project";

/** |a − b| ≤ tolerance · max(1, |b|). */
function expectClose(actual: number, expected: number, tolerance: number, what: string): void {
  const error = Math.abs(actual - expected) / Math.max(1, Math.abs(expected));
  if (!(error <= tolerance)) throw new Error(`${what}: got ${actual}, expected ${expected} (error ${error})`);
}

const dot = (a: readonly number[], b: readonly number[]) => a.reduce((s, x, i) => s + x * b[i], 0);

/** The project's tsconfig with `noUncheckedIndexedAccess`, which types element reads as possibly undefined. */
const UNCHECKED_INDEXES = {
  ...TSCONFIG,
  compilerOptions: { ...TSCONFIG.compilerOptions, noUncheckedIndexedAccess: true },
};

/** The checks, on the compiled modules' exports. */
function checkDerivatives(model: Record<string, any>, grad: Record<string, any>): void {
  const random = rng(7);
  // f(x, y): reverse gradient against finite differences, forward against reverse.
  for (let k = 0; k < 5; k++) {
    const x = [random() * 2 - 1, random() * 2 - 1];
    const [value, xBar, yBar] = grad.f_vjp(x[0], x[1], 1);
    expect(value).toBe(model.f(x[0], x[1]));
    expectClose(xBar, centralDifference(model.f, x, [1, 0]), 1e-7, "∂f/∂x");
    expectClose(yBar, centralDifference(model.f, x, [0, 1]), 1e-7, "∂f/∂y");
    const u = [random(), random()];
    const [, tangent] = grad.f_jvp(x[0], x[1], u[0], u[1]);
    expectClose(tangent, dot(u, [xBar, yBar]), 1e-12, "f: J·u against u·∇f");
  }

  // loss(layer, x, target): flattened parameters layer_w, layer_b, x, target.
  const layer = { w: new Float64Array([0.5, -0.25, 0.1]), b: 0.1, name: "unit" };
  const input = new Float64Array([1, 2, -1]);
  const flat = [...layer.w, layer.b, ...input, 0.3];
  const lossOf = (...v: number[]) =>
    model.loss({ w: new Float64Array(v.slice(0, 3)), b: v[3], name: "unit" }, new Float64Array(v.slice(4, 7)), v[7]);
  const [, wBar, bBar, inBar, targetBar] = grad.loss_vjp(layer.w, layer.b, input, 0.3, 1);
  expect(wBar).toBeInstanceOf(Float64Array);
  const gradient = [...wBar, bBar, ...inBar, targetBar];
  gradient.forEach((g, i) => {
    const e = flat.map((_, j) => (j === i ? 1 : 0));
    expectClose(g, centralDifference(lossOf, flat, e), 1e-7, `∂loss/∂leaf ${i}`);
  });
  const u = flat.map(() => random());
  const [, tangent] = grad.loss_jvp(
    layer.w,
    layer.b,
    input,
    0.3,
    new Float64Array(u.slice(0, 3)),
    u[3],
    new Float64Array(u.slice(4, 7)),
    u[7],
  );
  expectClose(tangent, dot(u, gradient), 1e-12, "loss: J·u against u·∇loss");

  // polar(r, θ) → R³: the dot-product test with a random direction and cotangent.
  const p = [0.8, 0.6];
  const v = [random(), random()];
  const w = [random(), random(), random()];
  const [, jv] = grad.polar_jvp(p[0], p[1], v[0], v[1]);
  const [, rBar, thetaBar] = grad.polar_vjp(p[0], p[1], w);
  expectClose(dot(jv, w), dot(v, [rBar, thetaBar]), 1e-12, "polar: ⟨J·v, w⟩ against ⟨v, Jᵀ·w⟩");
  for (let r = 0; r < 3; r++) {
    expectClose(
      jv[r],
      centralDifference((a, b) => model.polar(a, b)[r], p, v),
      1e-7,
      `polar J·v [${r}]`,
    );
  }
}

describe("derivative modules compiled with plain tsc", () => {
  let p: TempProject;
  afterEach(() => p.remove());

  /**
   * Emits the derivatives of `src/<name>.ts` in a project under noUncheckedIndexedAccess, then type-checks and builds
   * it: the emitted text, and the primal and derivative modules as node loads them.
   */
  const uncheckedModule = (name: string, source: string) => {
    p = tempProject({ [`src/${name}.ts`]: source }, UNCHECKED_INDEXES);
    expect(p.cotangent(["emit", `src/${name}.ts`]).status).toBe(0);
    const emitted = p.read(`src/${name}.grad.ts`);
    const tsc = p.tsc();
    expect(tsc.stdout + tsc.stderr).toBe("");
    const load = createRequire(path.join(p.dir, "out", "index.js"));
    return { emitted, primal: load(`./${name}.js`), derivatives: load(`./${name}.grad.js`) };
  };

  test("CommonJS project, with noUnusedLocals and noUnusedParameters", () => {
    const strict = {
      ...TSCONFIG,
      compilerOptions: { ...TSCONFIG.compilerOptions, noUnusedLocals: true, noUnusedParameters: true },
    };
    // A piecewise-constant callee: its tangent and its reverse sweep's seed are parameters nothing reads.
    const steps = [
      "function bucket(v: number): number {",
      "  return Math.floor(v);",
      "}",
      "// @differentiate",
      "export function staircase(x: number): number {",
      "  return bucket(x) + x * x;",
      "}",
      // A callee over a number[]: its reverse sweep adds into the caller's adjoint array, a writable parameter.
      "function sumSquares(v: number[]): number {",
      "  let s = 0;",
      "  for (let i = 0; i < v.length; i++) s += v[i] * v[i];",
      "  return s;",
      "}",
      "// @differentiate",
      "export function scaledNorm(v: number[], w: number): number {",
      "  return sumSquares(v) * w;",
      "}",
      "",
    ].join("\n");
    p = tempProject({ ...MODEL_FILES, "src/steps.ts": steps }, strict);
    expect(p.cotangent(["emit", "src/model.ts", "src/steps.ts"]).status).toBe(0);
    expect(p.read("src/steps.grad.ts")).toContain("function bucket_jvp(v: number, _v_dot: number): [number, number]");
    const tsc = p.tsc();
    expect(tsc.stdout + tsc.stderr).toBe("");
    expect(tsc.status).toBe(0);
    const load = createRequire(path.join(p.dir, "out", "index.js"));
    checkDerivatives(load("./model.js"), load("./model.grad.js"));
    // d/dx (floor(x) + x²) = 2x away from the integers.
    const stepsGrad = load("./steps.grad.js");
    expect(stepsGrad.staircase_vjp(2.5, 1)).toEqual([2 + 6.25, 5]);
    expect(stepsGrad.staircase_jvp(2.5, 1)).toEqual([2 + 6.25, 5]);
    expect(p.read("src/steps.grad.ts")).toContain(
      "function sumSquares_adjoint(v: readonly number[], result_bar: number, v_bar: number[]): []",
    );
    // ∂/∂v (w·Σv²) = 2w·v, ∂/∂w = Σv².
    expect(stepsGrad.scaledNorm_vjp([1, -2, 0.5], 3, 1)).toEqual([3 * 5.25, [6, -12, 3], 5.25]);
  });

  test("values the primal computes and never uses leave no unused locals under noUnusedLocals", () => {
    const strict = {
      ...TSCONFIG,
      compilerOptions: { ...TSCONFIG.compilerOptions, noUnusedLocals: true, noUncheckedIndexedAccess: true },
    };
    // The element 'x.map(() => 0)' reads for a callback that ignores it, and a callback's unused parameter '_', also
    // where it names the element read ('x.map((_, i) => …)', 'w.reduce((a, _v, i) => …)').
    const source = [
      "// @differentiate",
      "export function f(x: number[], n: number): number {",
      "  const v = x.map(() => 0);",
      "  const w = Array.from({ length: n }, (_, i) => x[i % x.length]! * i);",
      "  const u = x.map((_, i) => i * n);",
      "  const t = w.reduce((a, _v, i) => a + w[i]! * u[i]!, 0);",
      "  return v.length + w[1]! * x[0]! + t;",
      "}",
      "",
    ].join("\n");
    p = tempProject({ "src/unused.ts": source }, strict);
    expect(p.cotangent(["emit", "src/unused.ts"]).status).toBe(0);
    const tsc = p.tsc();
    expect(tsc.stdout + tsc.stderr).toBe("");
    const load = createRequire(path.join(p.dir, "out", "index.js"));
    // f = 2 + x1·x0 + 2·x1 at n = 2 (w = [0, x1], u = [0, 2]): ∂x = (x1, x0 + 2).
    const [value, xBar] = load("./unused.grad.js").f_vjp([0.5, -1.5], 2, 1);
    expect(value).toBe(load("./unused.js").f([0.5, -1.5], 2));
    expect(xBar).toEqual([-1.5, 2.5]);
  });

  test("--hvp: Hessian-vector products through a callee in another file, against differences of the gradient", () => {
    p = tempProject(MODEL_FILES);
    expect(p.cotangent(["emit", "--hvp", "src/model.ts"]).status).toBe(0);
    const module = p.read("src/model.grad.ts");
    expect(module.split("\n")[0]).toBe(
      "// Generated by cotangent 0.1.0 from ./model.ts (cotangent emit --mode both --hvp).",
    );
    // Only functions returning a number have a Hessian.
    expect(module).not.toContain("polar_hvp");
    const tsc = p.tsc();
    expect(tsc.stdout + tsc.stderr).toBe("");
    const load = createRequire(path.join(p.dir, "out", "index.js"));
    const grad = load("./model.grad.js");
    const h = 1e-5;
    const random = rng(11);
    // f(x, y): H·v against central differences of the reverse gradient along v, and uᵀHv = vᵀHu.
    const gradientF = (x: number, y: number) => grad.f_vjp(x, y, 1).slice(1) as number[];
    for (let k = 0; k < 4; k++) {
      const x = [random() * 2 - 1, random() * 2 - 1];
      const v = [random() - 0.5, random() - 0.5];
      const hv = grad.f_hvp(x[0], x[1], v[0], v[1]) as number[];
      const ahead = gradientF(x[0] + h * v[0], x[1] + h * v[1]);
      const behind = gradientF(x[0] - h * v[0], x[1] - h * v[1]);
      hv.forEach((value, i) => expectClose(value, (ahead[i] - behind[i]) / (2 * h), 1e-6, `f: (H·v)[${i}]`));
      const u = [random() - 0.5, random() - 0.5];
      expectClose(dot(u, hv), dot(v, grad.f_hvp(x[0], x[1], u[0], u[1])), 1e-12, "f: uᵀHv against vᵀHu");
    }
    // loss(layer, x, target) over its flattened leaves layer_w, layer_b, x, target.
    const leaves = [0.5, -0.25, 0.1, 0.1, 1, 2, -1, 0.3];
    const args = (l: readonly number[]) => [
      new Float64Array(l.slice(0, 3)),
      l[3],
      new Float64Array(l.slice(4, 7)),
      l[7],
    ];
    const flatten = (parts: unknown[]) =>
      parts.flatMap((part) => (typeof part === "number" ? [part] : [...(part as Float64Array)]));
    const gradientLoss = (l: readonly number[]) => flatten(grad.loss_vjp(...args(l), 1).slice(1));
    const v = leaves.map(() => random() - 0.5);
    const hv = flatten(grad.loss_hvp(...args(leaves), ...args(v)));
    const ahead = gradientLoss(leaves.map((x, i) => x + h * v[i]));
    const behind = gradientLoss(leaves.map((x, i) => x - h * v[i]));
    expect(hv).toHaveLength(leaves.length);
    hv.forEach((value, i) => expectClose(value, (ahead[i] - behind[i]) / (2 * h), 1e-6, `loss: (H·v)[${i}]`));
  });

  test("a marked function calling a gradient: the module holds what that call needs, and its derivatives are right", () => {
    const forces = [
      'import { grad } from "cotangent";',
      "// @differentiate",
      "export function potential(q: number[]): number {",
      "  let s = 0;",
      "  for (let i = 0; i < q.length; i++) s += Math.cos(q[i]) * q[(i + 1) % q.length];",
      "  return s;",
      "}",
      "// @differentiate",
      "export function work(q: number[]): number {",
      "  const force = grad(potential)(q);",
      "  let s = 0;",
      "  for (let i = 0; i < q.length; i++) s += force[i] * force[i] * q[i];",
      "  return s;",
      "}",
      "",
    ].join("\n");
    p = tempProject({ ...MODEL_FILES, "src/forces.ts": forces });
    expect(p.cotangent(["emit", "src/forces.ts"]).status).toBe(0);
    const tsc = p.tsc();
    expect(tsc.stdout + tsc.stderr).toBe("");
    const load = createRequire(path.join(p.dir, "out", "index.js"));
    const derivatives = load("./forces.grad.js");
    // The primal calls grad at run time, which only the transform replaces: work by hand, with
    // ∂potential/∂q_i = −sin(q_i)·q_{i+1} + cos(q_{i−1}) (indices cyclic).
    const work = (...x: number[]) => {
      const n = x.length;
      const force = x.map((xi, i) => -Math.sin(xi) * x[(i + 1) % n] + Math.cos(x[(i + n - 1) % n]));
      return force.reduce((s, f, i) => s + f * f * x[i], 0);
    };
    const q = [0.3, -1.1, 0.7];
    const [value, qBar] = derivatives.work_vjp(q, 1);
    expectClose(value, work(...q), 1e-14, "work");
    qBar.forEach((g: number, i: number) => {
      const e = q.map((_, j) => (j === i ? 1 : 0));
      expectClose(g, centralDifference(work, q, e), 1e-7, `∂work/∂q${i}`);
    });
    const u = [0.4, -0.2, 0.9];
    const [, tangent] = derivatives.work_jvp(q, u);
    expectClose(tangent, dot(u, qBar), 1e-12, "work: J·u against u·∇work");
  });

  test("under noUncheckedIndexedAccess, the module asserts its element reads and type-checks", () => {
    const source = [
      "// @differentiate",
      "export function energy(x: number[], m: number[][]): number {",
      "  let s = 0;",
      "  for (let i = 0; i < x.length; i++) {",
      "    const row = m[i % m.length]!;",
      "    s = Math.tanh(s + x[i]! * (row[0] ?? 1));",
      "  }",
      "  return s * s;",
      "}",
      "",
    ].join("\n");
    const { emitted, primal, derivatives } = uncheckedModule("energy", source);
    expect(emitted).toContain("x[i]!");
    const x = [0.3, -0.7, 1.1];
    const m = [[0.5], [2]];
    const [value, xBar] = derivatives.energy_vjp(x, m, 1);
    expect(value).toBe(primal.energy(x, m));
    xBar.forEach((g: number, i: number) => {
      const e = x.map((_, j) => (j === i ? 1 : 0));
      expectClose(
        g,
        centralDifference((...v: number[]) => primal.energy(v, m), x, e),
        1e-7,
        `∂energy/∂x${i}`,
      );
    });
  });

  test("rows of a matrix read once before their loops are declared readonly, and type-check", () => {
    const source = [
      "// @differentiate",
      "export function layer(W: number[][], x: number[]): number {",
      "  let s = 0;",
      "  for (let i = 0; i < W.length; i++) {",
      "    let acc = 0;",
      "    for (let j = 0; j < x.length; j++) acc += W[i]![j]! * x[j]!;",
      "    s += Math.tanh(acc);",
      "  }",
      "  return s;",
      "}",
      "",
    ].join("\n");
    const { emitted, primal, derivatives } = uncheckedModule("layer", source);
    expect(emitted).toMatch(/W_at_i!: readonly number\[\]/);
    expect(emitted).toMatch(/W_bar_at_i!: number\[\]/);
    expect(emitted).toContain("W_at_i = W[i]!;");
    const W = [
      [0.5, -0.3],
      [1.2, 0.4],
    ];
    const x = [0.3, -0.7];
    const [value, WBar, xBar] = derivatives.layer_vjp(W, x, 1);
    expect(value).toBe(primal.layer(W, x));
    // ∂/∂W[i][j] = (1 − tanh²(W[i]·x)) x[j], ∂/∂x[j] = Σᵢ (1 − tanh²(W[i]·x)) W[i][j].
    const slope = W.map((r) => 1 - Math.tanh(r[0] * x[0] + r[1] * x[1]) ** 2);
    WBar.forEach((r: number[], i: number) => r.forEach((g, j) => expectClose(g, slope[i] * x[j], 1e-14, `W${i}${j}`)));
    xBar.forEach((g: number, j: number) => expectClose(g, slope[0] * W[0][j] + slope[1] * W[1][j], 1e-14, `x${j}`));
  });

  test("an array given a new one in a loop is set aside and taken back, and the module type-checks", () => {
    const source = [
      "// @differentiate",
      "export function recur(h0: Float64Array, w: number, steps: number): number {",
      "  let h = h0.slice();",
      "  for (let t = 0; t < steps; t++) {",
      "    const next = new Float64Array(h.length);",
      "    for (let i = 0; i < h.length; i++) {",
      "      let acc = 0;",
      "      for (let j = 0; j < h.length; j++) acc += w * h[j]! * (i + 1);",
      "      next[i] = Math.tanh(acc);",
      "    }",
      "    h = next;",
      "  }",
      "  return h[0]!;",
      "}",
      "",
    ].join("\n");
    const { emitted, primal, derivatives } = uncheckedModule("recur", source);
    expect(emitted).toContain("__ct.arrays.push(h);");
    expect(emitted).toContain("h = __ct.arrays.pop();");
    const h0 = Float64Array.from([0.3, -0.4, 0.2]);
    const [value, h0Bar, wBar] = derivatives.recur_vjp(h0, 0.7, 3, 1);
    expect(value).toBe(primal.recur(h0, 0.7, 3));
    const at = (...v: number[]) => primal.recur(Float64Array.from(v.slice(0, 3)), v[3], 3);
    const point = [...h0, 0.7];
    [...h0Bar, wBar].forEach((g: number, k: number) => {
      const e = point.map((_, q) => (q === k ? 1 : 0));
      expectClose(g, centralDifference(at, point, e), 1e-7, `∂recur/∂p${k}`);
    });
  });

  test("arrays of records and integer index data: the module type-checks under noUncheckedIndexedAccess", () => {
    const source = [
      "export interface Obs { t: number; y: number; camera: number; name: string }",
      "// @differentiate",
      "export function fit(p: Float64Array, obs: Obs[], slot: Int32Array): number {",
      "  let s = 0;",
      "  for (const o of obs) {",
      "    const r = p[slot[o.camera]!]! * Math.exp(-o.t) - o.y;",
      "    s += r * r;",
      "  }",
      "  return s + obs[0]!.y * p[0]!;",
      "}",
      "",
    ].join("\n");
    const { primal, derivatives } = uncheckedModule("fit", source);
    const params = new Float64Array([1.5, -0.5, 0.8]);
    const obs = [
      { t: 0.2, y: 1, camera: 1, name: "a" },
      { t: 0.9, y: 0.3, camera: 0, name: "b" },
      { t: 1.4, y: -0.2, camera: 1, name: "c" },
    ];
    const slot = Int32Array.from([2, 0]);
    const [value, pBar] = derivatives.fit_vjp(params, obs, slot, 1);
    expect(value).toBe(primal.fit(params, obs, slot));
    // ∂/∂p_j = Σ over observations whose camera's slot is j of 2 r e^{-t}, plus y₀ for j = 0.
    const expected = [obs[0].y, 0, 0];
    for (const o of obs) {
      const j = slot[o.camera];
      expected[j] += 2 * (params[j] * Math.exp(-o.t) - o.y) * Math.exp(-o.t);
    }
    expected.forEach((e, j) => expectClose(pBar[j], e, 1e-14, `∂fit/∂p${j}`));
  });

  test("helpers over ArrayLike<number> and array unions: declared so any caller's arrays fit, and the module type-checks", () => {
    const source = [
      "function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {",
      "  let s = 0;",
      "  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;",
      "  return s;",
      "}",
      "function sumSin<T extends number[] | Float32Array>(a: T): number {",
      "  let s = 0;",
      "  for (const v of a) s += Math.sin(v);",
      "  return s;",
      "}",
      "// @differentiate",
      "export function mix(x: Float64Array, y: number[], z: Float32Array): number {",
      "  return dot(x, y) * sumSin(y) + dot(z, y) + sumSin(z);",
      "}",
      "// @differentiate",
      "export function cubic(x: ArrayLike<number>): number {",
      "  let s = 0;",
      "  for (let i = 0; i < x.length; i++) s += x[i]! * x[i]! * x[0]!;",
      "  return s;",
      "}",
      "",
    ].join("\n");
    const { emitted, primal, derivatives } = uncheckedModule("vec", source);
    expect(emitted).toContain("function dot_adjoint(a: ArrayLike<number>, b: ArrayLike<number>, result_bar: number, ");
    expect(emitted).toContain("a_bar: number[] | Float64Array | Float32Array");
    const x = Float64Array.from([0.5, -1.5]);
    const y = [0.25, 2];
    const z = Float32Array.from([1.5, -0.5]);
    const [value, xBar, yBar, zBar] = derivatives.mix_vjp(x, y, z, 1);
    expect(value).toBe(primal.mix(x, y, z));
    const d = x[0] * y[0] + x[1] * y[1];
    const s = Math.sin(y[0]) + Math.sin(y[1]);
    [0, 1].forEach((i) => {
      expectClose(xBar[i], y[i] * s, 1e-14, `∂mix/∂x${i}`);
      expectClose(yBar[i], x[i] * s + d * Math.cos(y[i]) + z[i], 1e-14, `∂mix/∂y${i}`);
      expectClose(zBar[i], y[i] + Math.cos(z[i]), 1e-7, `∂mix/∂z${i}`);
    });
    expect(zBar).toBeInstanceOf(Float32Array);
    // cubic = x0³ + x0·x1²: the gradient of an ArrayLike parameter is a Float64Array, whatever the caller passed.
    const [cubicValue, cubicBar] = derivatives.cubic_vjp([2, 3], 1);
    expect(cubicValue).toBe(8 + 18);
    expect(cubicBar).toEqual(Float64Array.from([12 + 9, 12]));
    expect(derivatives.cubic_jvp(Float32Array.from([2, 3]), [1, 1])).toEqual([26, 21 + 12]);
  });

  test("ES module project: specifiers get '.js', and node runs the output", () => {
    const esm: Record<string, string> = {
      "package.json": JSON.stringify({ type: "module" }),
      "src/lib.ts": MODEL_FILES["src/lib.ts"],
      "src/model.ts": MODEL_FILES["src/model.ts"].replace('from "./lib"', 'from "./lib.js"'),
    };
    p = tempProject(esm, TSCONFIG);
    expect(p.cotangent(["emit", "src/model.ts"]).status).toBe(0);
    const module = p.read("src/model.grad.ts");
    expect(module).toContain('import { SCALE } from "./model.js";');
    expect(module).toContain('import * as __ct_lib_derivatives from "./lib.grad.js";');
    const tsc = p.tsc();
    expect(tsc.stdout + tsc.stderr).toBe("");
    // Run in node as ES modules; print the numbers, check them here.
    const h = 1e-5;
    const script = `
      const m = await import("./out/model.js");
      const g = await import("./out/model.grad.js");
      const [value, xBar, yBar] = g.f_vjp(0.3, 0.7, 1);
      const [, xDot] = g.f_jvp(0.3, 0.7, 1, 0);
      const [, yDot] = g.f_jvp(0.3, 0.7, 0, 1);
      const around = [m.f(0.3 + ${h}, 0.7), m.f(0.3 - ${h}, 0.7), m.f(0.3, 0.7 + ${h}), m.f(0.3, 0.7 - ${h})];
      console.log(JSON.stringify({ value, xBar, yBar, xDot, yDot, f: m.f(0.3, 0.7), around }));`;
    const run = spawnSync(process.execPath, ["--input-type=module", "-e", script], { cwd: p.dir, encoding: "utf8" });
    expect(run.stderr).toBe("");
    const out = JSON.parse(run.stdout);
    expect(out.value).toBe(out.f);
    expectClose(out.xBar, (out.around[0] - out.around[1]) / (2 * h), 1e-7, "∂f/∂x");
    expectClose(out.yBar, (out.around[2] - out.around[3]) / (2 * h), 1e-7, "∂f/∂y");
    expectClose(out.xDot, out.xBar, 1e-12, "forward against reverse, x");
    expectClose(out.yDot, out.yBar, 1e-12, "forward against reverse, y");
  });
});
