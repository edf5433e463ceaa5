/**
 * Gradients called inside differentiated functions (`grad(f)(x)` in the body), differentiated by both modes of the
 * caller: a scalar case with its closed form, a meta-learning loss (a gradient step inside the loss, as MAML takes
 * it), and a leapfrog simulation whose forces are the gradient of a potential, in a loop over an overwritten state.
 * References: closed forms, central differences of the caller, and the dot-product test between the caller's jvp
 * and its gradient.
 */
import { tape } from "cotangent/runtime";
import { centralDifference, relativeError, rng } from "../helpers/check";
import { compile } from "../helpers/compile";

const source = `
import { grad, jvp, hessian } from "cotangent";
import { potential } from "./physics";

// @differentiate
export function f(x: number): number {
  return Math.sin(x) * x * x;
}
// (f')², whose derivative is 2·f'·f''.
// @differentiate
export function slopeSquared(x: number): number {
  const d = grad(f)(x);
  return d * d;
}
export const slopeSquaredGrad = grad(slopeSquared);
export const slopeSquaredJvp = (x: number) => jvp(slopeSquared, [x], [1]);

// A linear model's squared error on a task, and the loss after one gradient step on it (MAML's inner step).
// @differentiate
export function taskLoss(w: number[], xs: number[], ys: number[]): number {
  let s = 0;
  for (let i = 0; i < ys.length; i++) {
    const z = w[0] * xs[i] + w[1] + w[2] * Math.tanh(xs[i]);
    s += (z - ys[i]) * (z - ys[i]);
  }
  return s / ys.length;
}
// @differentiate
export function metaLoss(w: number[], rate: number, xs: number[], ys: number[], xv: number[], yv: number[]): number {
  const g = grad(taskLoss)(w, xs, ys);
  const adapted = w.map((wi, i) => wi - rate * g[i]);
  return taskLoss(adapted, xv, yv);
}
export const metaGrad = grad(metaLoss, [0, 1]);
export const metaJvp = (w: number[], rate: number, xs: number[], ys: number[], xv: number[], yv: number[], u: number[], r: number) =>
  jvp(metaLoss, [w, rate, xs, ys, xv, yv], [u, r, zeros(xs), zeros(ys), zeros(xv), zeros(yv)]);
const zeros = (a: number[]) => a.map(() => 0);

// Leapfrog steps: the force is minus the potential's gradient at the current positions, which the steps overwrite.
const dPotential = grad(potential);
// @differentiate
export function simulate(q0: Float64Array, p0: Float64Array, k: number, steps: number): number {
  const q = q0.slice();
  const p = p0.slice();
  const h = 0.05;
  for (let s = 0; s < steps; s++) {
    const force = dPotential(q, k);
    for (let i = 0; i < q.length; i++) p[i] -= 0.5 * h * force[i];
    for (let i = 0; i < q.length; i++) q[i] += h * p[i];
    const after = grad(potential)(q, k);
    for (let i = 0; i < q.length; i++) p[i] -= 0.5 * h * after[i];
  }
  let e = 0;
  for (let i = 0; i < q.length; i++) e += q[i] * q[i] + 0.1 * p[i];
  return e;
}
export const simulateGrad = grad(simulate, [0, 1, 2]);
export const simulateJvp = (q0: Float64Array, p0: Float64Array, k: number, u: Float64Array, v: Float64Array, c: number) =>
  jvp(simulate, [q0, p0, k, 12], [u, v, c, 0]);
`;

const physics = `
// A chain of anharmonic springs.
// @differentiate
export function potential(q: Float64Array, k: number): number {
  let u = 0;
  for (let i = 0; i < q.length; i++) {
    const d = i + 1 < q.length ? q[i + 1] - q[i] : q[i];
    u += 0.5 * k * d * d + 0.25 * d * d * d * d;
  }
  return u;
}
`;

const m = (() => {
  const out = compile({ "main.ts": source, "physics.ts": physics });
  if (out.diagnostics.length > 0) throw new Error(out.diagnostics.join("\n"));
  return out.load("main.ts");
})();

const close = (a: number, b: number, tol: number) => expect(relativeError(a, b)).toBeLessThanOrEqual(tol);
const dot = (a: ArrayLike<number>, b: ArrayLike<number>) => Array.from(a).reduce((s, v, i) => s + v * b[i], 0);

test("the derivative of f'² is 2·f'·f'' in both modes", () => {
  for (const x of [0.7, -1.3, 2.5]) {
    const d1 = Math.sin(x) * 2 * x + Math.cos(x) * x * x;
    const d2 = 2 * Math.sin(x) + 4 * x * Math.cos(x) - x * x * Math.sin(x);
    close(m.slopeSquaredGrad(x), 2 * d1 * d2, 1e-14);
    const [value, tangent] = m.slopeSquaredJvp(x);
    close(value, d1 * d1, 1e-15);
    close(tangent, 2 * d1 * d2, 1e-14);
  }
});

describe("a meta-learning loss: one gradient step inside the loss", () => {
  const random = rng(5);
  const data = (n: number) => Array.from({ length: n }, () => 2 * random() - 1);
  const [xs, xv] = [data(8), data(6)];
  const ys = xs.map((x) => 0.7 * x - 0.2 + 0.3 * Math.tanh(x));
  const yv = xv.map((x) => 0.6 * x - 0.1 + 0.4 * Math.tanh(x));
  const w = [0.1, -0.3, 0.5];
  const rate = 0.3;
  test("the gradient in the weights and the step size matches central differences", () => {
    const [gw, grate] = m.metaGrad(w, rate, xs, ys, xv, yv);
    const loss = (...p: number[]) => m.metaLoss(p.slice(0, 3), p[3], xs, ys, xv, yv);
    const point = [...w, rate];
    for (let j = 0; j < 4; j++) {
      const unit = point.map((_, i) => (i === j ? 1 : 0));
      const fd = centralDifference(loss, point, unit);
      expect(Math.abs((j < 3 ? gw[j] : grate) - fd)).toBeLessThan(1e-8 * Math.max(1, Math.abs(fd)));
    }
  });
  test("forward and reverse agree: <J·u, 1> = <u, ∇>", () => {
    const [gw, grate] = m.metaGrad(w, rate, xs, ys, xv, yv);
    for (let trial = 0; trial < 4; trial++) {
      const u = data(3);
      const r = 2 * random() - 1;
      const [value, tangent] = m.metaJvp(w, rate, xs, ys, xv, yv, u, r);
      close(value, m.metaLoss(w, rate, xs, ys, xv, yv), 1e-15);
      close(tangent, dot(u, gw) + r * grate, 1e-12);
    }
  });
});

describe("leapfrog steps driven by the gradient of a potential", () => {
  const random = rng(9);
  const vector = (n: number) => Float64Array.from({ length: n }, () => 2 * random() - 1);
  const q0 = vector(5);
  const p0 = vector(5);
  const k = 1.3;
  test("the gradient in the initial state and the spring constant matches central differences", () => {
    const [gq, gp, gk] = m.simulateGrad(q0, p0, k, 12);
    expect(gq).toBeInstanceOf(Float64Array);
    const run = (...x: number[]) =>
      m.simulate(Float64Array.from(x.slice(0, 5)), Float64Array.from(x.slice(5, 10)), x[10], 12);
    const point = [...q0, ...p0, k];
    const all = [...gq, ...gp, gk];
    for (let j = 0; j < point.length; j++) {
      const fd = centralDifference(
        run,
        point,
        point.map((_, i) => (i === j ? 1 : 0)),
      );
      expect(Math.abs(all[j] - fd)).toBeLessThan(1e-7 * Math.max(1, Math.abs(fd)));
    }
  });
  test("forward and reverse agree to rounding (dot-product test)", () => {
    const [gq, gp, gk] = m.simulateGrad(q0, p0, k, 12);
    for (let trial = 0; trial < 4; trial++) {
      const [u, v, c] = [vector(5), vector(5), 2 * random() - 1];
      const [value, tangent] = m.simulateJvp(q0, p0, k, u, v, c);
      close(value, m.simulate(q0, p0, k, 12), 1e-15);
      close(tangent, dot(u, gq) + dot(v, gp) + c * gk, 1e-12);
    }
  });
  test("the caller's arrays are left as they were", () => {
    const [qc, pc] = [q0.slice(), p0.slice()];
    m.simulateGrad(q0, p0, k, 12);
    expect(q0).toEqual(qc);
    expect(p0).toEqual(pc);
  });
});

describe("found by probing", () => {
  const programs = compile({
    "main.ts": `import { grad, jvp, valueAndGrad } from "cotangent";
// @differentiate
export function cube(k: number): number { return k * k * k; }
// @differentiate
export function q(x: number[]): number { return x[0] * x[0] * x[1]; }
// @differentiate
export function sumCubes(x: number[], k: number): number { let s = 0; for (const v of x) s += k * k * v * v * v; return s; }
// A gradient after the function's loop (loop fusion runs the statements after it in reverse first).
// @differentiate
export function afterLoop(x: number[], k: number): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i] * k;
  return s + grad(cube)(k);
}
// Two gradients of one function, one in a loop and one after it, each with its own arguments on the tape.
// @differentiate
export function twoCalls(x: number[], k: number): number {
  let s = 0;
  const g = grad(sumCubes)(x, k);
  for (let i = 0; i < x.length; i++) s += g[i];
  return s + grad(sumCubes, 1)(x, 2 * k);
}
// The gradient array grown after the call.
// @differentiate
export function grown(x: number[]): number {
  const g = grad(q)(x);
  g.push(x[0]);
  return g[0] * g[2];
}
// valueAndGrad, its value and gradient named.
// @differentiate
export function both(x: number[], k: number): number {
  const [value, g] = valueAndGrad(sumCubes)(x, k);
  const [v2, gk] = valueAndGrad(sumCubes, 1)(x, k);
  return value * g[0] + v2 * gk;
}
// Named by a local const, with 'as' and '!'.
// @differentiate
export function named(x: number[]): number {
  const dq = grad(q);
  const a = dq(x) as number[];
  const b: number[] = grad(q)(x)!;
  return a[0] * b[1];
}
export const dAfterLoop = grad(afterLoop, [0, 1]);
export const dTwoCalls = grad(twoCalls, 1);
export const dGrown = grad(grown);
export const dNamed = grad(named);
export const dBoth = grad(both, [0, 1]);
export const tBoth = (x: number[], k: number, u: number[], w: number) => jvp(both, [x, k], [u, w]);
`,
  });
  const p = () => {
    expect(programs.diagnostics).toEqual([]);
    return programs.load("main.ts");
  };
  test("a gradient after the function's loop", () => {
    const [gx, gk] = p().dAfterLoop([0.5, -1.5], 1.3);
    expect(gx).toEqual([1.3, 1.3]);
    close(gk, 0.5 - 1.5 + 6 * 1.3, 1e-15);
    expect(tape.top).toBe(0);
  });
  test("two gradients of one function, with different arguments", () => {
    const [x, k] = [[0.5, -1.5], 1.3];
    // Σ 3k²x² + ∂/∂k' (k'²·Σx³) at k' = 2k, that is 3k²·Σx² + 4k·Σx³: its derivative in k is 6k·Σx² + 4·Σx³.
    const s2 = x.reduce((a, v) => a + v * v, 0);
    const s3 = x.reduce((a, v) => a + v * v * v, 0);
    close(p().dTwoCalls(x, k), 6 * k * s2 + 4 * s3, 1e-14);
    expect(tape.top).toBe(0);
  });
  test("a gradient array grown by push", () => {
    // g = [2·x0·x1, x0²] then x0: g0·g2 = 2·x0²·x1, whose gradient is [4·x0·x1, 2·x0²].
    const [x0, x1] = [0.5, 0.7];
    const g = p().dGrown([x0, x1]);
    close(g[0], 4 * x0 * x1, 1e-15);
    close(g[1], 2 * x0 * x0, 1e-15);
  });
  test("valueAndGrad called inside, its value and gradient named", () => {
    const [x, k] = [[0.5, -1.5], 1.3];
    const run = (...a: number[]) => p().both(a.slice(0, 2), a[2]);
    const at = [...x, k];
    const [gx, gk] = p().dBoth(x, k);
    const all = [...gx, gk];
    for (let j = 0; j < at.length; j++) {
      const fd = centralDifference(
        run,
        at,
        at.map((_, i) => (i === j ? 1 : 0)),
      );
      expect(relativeError(all[j], fd)).toBeLessThan(1e-7);
    }
    const [u, w] = [[0.3, -0.8], 0.6];
    const [value, tangent] = p().tBoth(x, k, u, w);
    close(value, p().both(x, k), 1e-15);
    close(tangent, u[0] * gx[0] + u[1] * gx[1] + w * gk, 1e-12);
    expect(tape.top).toBe(0);
  });
  test("a gradient named by a local const, read through 'as' and '!'", () => {
    // a0·b1 = 2·x0·x1·x0² = 2·x0³·x1.
    const [x0, x1] = [0.5, 0.7];
    const g = p().dNamed([x0, x1]);
    close(g[0], 6 * x0 * x0 * x1, 1e-15);
    close(g[1], 2 * x0 * x0 * x0, 1e-15);
  });
});

describe("refused", () => {
  const base = `import { grad, hessian, valueAndGrad, jacfwd, jvp } from "cotangent";
// @differentiate
export function f(x: number): number { return x * x * x; }
// @differentiate
export function g(x: number, mode: string): number { return mode === "a" ? x * x : x; }
// @differentiate
export function w(x: number[], out: number[]): number { out[0] = x[0] * x[1]; return out[0] * x[0]; }
`;
  test.each([
    ["export const d = grad((x: number) => valueAndGrad(f)(x)[0]);", "TS990085", "name its value and gradient"],
    ["export const d = grad((x: number) => hessian(f)(x));", "TS990085", "'hessian' is not differentiated there"],
    ["export const d = grad((x: number) => grad(grad(f))(x));", "TS990085", "third derivatives"],
    ["export const d = grad((x: number) => grad(g)(x, 'a'));", "TS990085", "takes 'mode', which is not a number"],
    ["export const d = grad((x: number[]) => grad(w)(x, [0, 0])[0]);", "TS990056", "writes into its parameter 'out'"],
    [
      "// @differentiate\nexport function k(x: number): number { return grad(f)(x) * x; }\nexport const h = hessian(k);",
      "TS990086",
      "it calls the gradient 'grad(f)', so that would take third derivatives",
    ],
    [
      "// @differentiate\nexport function k(x: number): number { return grad(f)(x) * x; }\nexport const h = jacfwd(grad(k));",
      "TS990086",
      "third derivatives",
    ],
    [
      "export const d = grad((x: number) => grad((t: number) => t ** 3)(x));",
      "TS990085",
      "not declared at the top level",
    ],
    ["export const d = grad((x: number) => jvp(f, [x], [1])[1]);", "TS990085", "'jvp' gives a tuple there"],
    [
      "export const d = grad((x: number) => { let df = grad(f); return df(x); });",
      "TS990085",
      "'grad' gives a function",
    ],
    [
      "// @differentiate\nexport function k(x: number): number { return grad(f)(x) * x; }\nexport const d = grad((x: number) => grad(k)(x));",
      "TS990086",
      "third derivatives",
    ],
  ])("%s is %s", (line, code, says) => {
    const out = compile({ "main.ts": base + line });
    const found = out.diagnostics.find((d) => d.includes(`error ${code}:`));
    expect(found).toBeDefined();
    expect(found).toContain(says);
    // Refused cleanly: no internal error beside the diagnostic.
    expect(out.diagnostics.join("\n")).not.toContain("TS990010");
  });
});
