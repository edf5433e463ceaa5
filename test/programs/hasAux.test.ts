/**
 * JAX's has_aux: grad and valueAndGrad with '{ hasAux: true }' of an f that returns '[loss, aux]' give the loss's
 * gradient with aux carried along, from one reverse sweep. Against gradients by hand and central differences.
 */
import { compile, cotangentCodes } from "../helpers/compile";
import { centralDifference, expectClose } from "../helpers/check";

const source = `
import { grad, valueAndGrad } from "cotangent";
export interface Model { w: number[]; b: number }
export interface Metrics { correct: number; residuals: number[] }

/** Squared error of a linear model, and what a training loop logs: hits within 0.5, and the residuals. */
// @differentiate
export function loss(model: Model, xs: number[], ys: number[]): [number, Metrics] {
  let total = 0;
  let correct = 0;
  const residuals: number[] = [];
  for (let i = 0; i < ys.length; i++) {
    let z = model.b;
    for (let j = 0; j < model.w.length; j++) z += model.w[j] * xs[i * model.w.length + j];
    const r = z - ys[i];
    residuals.push(r);
    if (Math.abs(r) < 0.5) correct++;
    total += r * r;
  }
  return [total / ys.length, { correct, residuals }];
}

/** A number as aux: the largest weight. */
// @differentiate
export function penalty(w: Float64Array, lambda: number): [number, number] {
  let s = 0;
  let top = -Infinity;
  for (const v of w) {
    s += v * v;
    top = Math.max(top, v);
  }
  return [lambda * s, top];
}

/** An object of numbers as aux. */
// @differentiate
export const energy = (x: number, y: number): [number, { kinetic: number; potential: number }] => {
  const kinetic = 0.5 * y * y;
  const potential = 1 - Math.cos(x);
  return [kinetic + potential, { kinetic, potential }];
};

export const lossAndGrad = valueAndGrad(loss, 0, { hasAux: true });
export const lossGrads = grad(loss, [0, 1], { hasAux: true });
export const penaltyGrad = grad(penalty, undefined, { hasAux: true });
export const penaltyBoth = valueAndGrad(penalty, [0, 1], { hasAux: true });
export const energyGrad = grad(energy, [0, 1], { hasAux: true });

// The types JAX's has_aux gives: [[loss, aux], gradient] and [gradient, aux].
const typed: (m: Model, xs: number[], ys: number[]) => [[number, Metrics], { w: number[]; b: number }] = lossAndGrad;
const typedGrad: (w: Float64Array, l: number) => [Float64Array, number] = penaltyGrad;
export const typesHold = typed !== undefined && typedGrad !== undefined;
`;

test("valueAndGrad and grad with hasAux: the loss's gradient, and aux as the function computes it", () => {
  const m = compile({ "main.ts": source });
  expect(m.diagnostics).toEqual([]);
  const f = m.load("main.ts");
  const model = { w: [0.5, -0.3], b: 0.1 };
  const xs = [1, 2, 0.5, -1, 3, 0.25];
  const ys = [0.2, 0.9, 1.4];
  const n = ys.length;
  const [[value, aux], gradient] = f.lossAndGrad(model, xs, ys);
  const [primalLoss, primalAux] = f.loss(model, xs, ys);
  expect(value).toBeCloseTo(primalLoss, 14);
  expect(aux).toEqual(primalAux);
  // By hand: ∂L/∂w_j = (2/n)·Σ r_i·x_ij, ∂L/∂b = (2/n)·Σ r_i.
  const r = primalAux.residuals as number[];
  const gw = [0, 1].map((j) => (2 / n) * r.reduce((a, ri, i) => a + ri * xs[2 * i + j], 0));
  const gb = (2 / n) * r.reduce((a, ri) => a + ri, 0);
  gradient.w.forEach((g: number, j: number) => expectClose(g, gw[j], 1e-14, `∂L/∂w${j}`));
  expectClose(gradient.b, gb, 1e-14, "∂L/∂b");
  const [[gModel, gXs], auxAgain] = f.lossGrads(model, xs, ys);
  expect(gModel).toEqual(gradient);
  expect(auxAgain).toEqual(primalAux);
  // ∂L/∂x_ij = (2/n)·r_i·w_j, checked by central differences too.
  gXs.forEach((g: number, k: number) => {
    expectClose(g, (2 / n) * r[Math.floor(k / 2)] * model.w[k % 2], 1e-14, `∂L/∂x${k}`);
    const unit = xs.map((_, i) => (i === k ? 1 : 0));
    expectClose(
      g,
      centralDifference((...v) => f.loss(model, v, ys)[0], xs, unit),
      1e-8,
      `fd ∂L/∂x${k}`,
    );
  });

  const w = new Float64Array([0.3, -1.2, 0.8]);
  const [gw2, top] = f.penaltyGrad(w, 0.5);
  expect(gw2).toBeInstanceOf(Float64Array);
  expect(Array.from(gw2)).toEqual([0.3, -1.2, 0.8].map((v) => 2 * 0.5 * v));
  expect(top).toBe(0.8);
  const [[p, topToo], [gw3, gLambda]] = f.penaltyBoth(w, 0.5);
  expect([p, topToo]).toEqual(f.penalty(w, 0.5));
  expect(gw3).toEqual(gw2);
  expectClose(gLambda, 0.09 + 1.44 + 0.64, 1e-14, "∂/∂λ");

  const [[gx, gy], parts] = f.energyGrad(0.7, -2);
  expect(parts).toEqual({ kinetic: 2, potential: 1 - Math.cos(0.7) });
  expectClose(gx, Math.sin(0.7), 1e-15, "∂E/∂x");
  expectClose(gy, -2, 1e-15, "∂E/∂y");
});

test("hasAux refuses an f that returns no '[loss, aux]' pair (TS990118) and options written otherwise (TS990117)", () => {
  const m = compile({
    "main.ts": `
import { grad, valueAndGrad } from "cotangent";
export function plain(x: number) { return x * x; }
export function labeled(x: number): [number, string] { return [x * x, "square"]; }
export function triple(x: number): [number, number, number] { return [x, x, x]; }
const options = { hasAux: true } as const;
export const a = grad(plain, 0, { hasAux: true });
export const b = valueAndGrad(labeled, 0, { hasAux: true });
export const c = grad(triple, 0, { hasAux: true });
export const d = grad(labeled, 0, options);
`,
  });
  // The markers' types refuse 'plain' and 'triple' too (TS2345); Cotangent's own diagnostics say why.
  const ours = m.diagnostics.filter((d) => / TS99\d+:/.test(d));
  const codes = cotangentCodes(ours);
  expect(codes).toEqual(["7:23 990118", "8:31 990118", "9:23 990118", "10:35 990117"]);
  expect(ours[1]).toContain("'labeled' returns '[number, string]', but 'valueAndGrad' with '{ hasAux: true }'");
});

test("aux is not differentiated: an infinite derivative of aux (a norm or an RMSE at 0, a log at 0) leaves the loss's gradient as it is", () => {
  const m = compile({
    "main.ts": `
import { grad } from "cotangent";
// @differentiate
export function norm(w: number[], xs: number[], ys: number[]): [number, { wnorm: number }] {
  let s = 0;
  let n2 = 0;
  for (let i = 0; i < xs.length; i++) {
    const r = w[0] * xs[i] - ys[i];
    s += r * r;
  }
  for (const v of w) n2 += v * v;
  return [s, { wnorm: Math.sqrt(n2) }];
}
// @differentiate
export function rmse(w: number[], xs: number[], ys: number[]): [number, { rmse: number }] {
  let s = 0;
  for (let i = 0; i < xs.length; i++) {
    const r = w[0] * xs[i] + w[1] - ys[i];
    s += r * r;
  }
  const mse = s / xs.length;
  return [mse, { rmse: Math.sqrt(mse) }];
}
// @differentiate
export function logged(x: number): [number, number] { return [x * x, Math.log(x)]; }
// @differentiate
export function roots(x: number[]): [number, number[]] {
  let s = 0;
  for (const v of x) s += v * v;
  return [s, x.map((v) => Math.sqrt(v))];
}
export const gNorm = grad(norm, 0, { hasAux: true });
export const gRmse = grad(rmse, 0, { hasAux: true });
export const gLogged = grad(logged, 0, { hasAux: true });
export const gRoots = grad(roots, 0, { hasAux: true });
`,
  });
  expect(m.diagnostics).toEqual([]);
  const f = m.load("main.ts");
  // Σ (w·x − y)² at w = 0: ∂/∂w = 2·(−1)·1 + 2·(−1)·2 = −6, while ∂‖w‖/∂w is infinite there.
  expect(f.gNorm([0], [1, 2], [1, 1])).toEqual([[-6], { wnorm: 0 }]);
  // A perfect fit: the MSE's gradient is 0, the RMSE's derivative infinite.
  expect(f.gRmse([2, 1], [1, 2, 3], [3, 5, 7])).toEqual([[0, 0], { rmse: 0 }]);
  expect(f.gLogged(0)).toEqual([0, -Infinity]);
  expect(f.gRoots([0, 1])).toEqual([
    [0, 2],
    [0, 1],
  ]);
});

test("an aux of arrays runs f once more to size the seed: refused when f writes its parameters or draws (TS990119)", () => {
  const m = compile({
    "main.ts": `
import { grad, valueAndGrad } from "cotangent";
// @differentiate
export function doubled(x: number[]): [number, number[]] {
  let s = 0;
  for (let i = 0; i < x.length; i++) {
    x[i] = x[i] * 2;
    s += x[i] * x[i];
  }
  return [s, x.slice()];
}
// @differentiate
export function noisy(x: number): [number, number[]] {
  return [x * x, [Math.random()]];
}
// @differentiate
export function r(x: number): [number, number[]] { return [x * x, [x]]; }
export const a = grad(doubled, 0, { hasAux: true });
export const b = valueAndGrad(noisy, 0, { hasAux: true });
export const c = valueAndGrad(r, 0, { hasAux: true });
export const d = grad(r, 0, { hasAux: false } as const);
export const e = grad(r, 0, { "hasAux": true });
`,
  });
  const ours = m.diagnostics.filter((d) => / TS99\d+:/.test(d));
  expect(cotangentCodes(ours)).toEqual(["18:23 990119", "19:31 990119", "21:23 990009"]);
  expect(ours[0]).toContain("'grad' with '{ hasAux: true }' runs 'doubled' once more to size its seed");
});

test("a function named as the wrapper's locals ('r', 'numbers') is called, not shadowed", () => {
  const m = compile({
    "main.ts": `
import { valueAndGrad } from "cotangent";
// @differentiate
export function r(x: number): [number, number[]] { return [x * x, [x, 2 * x]]; }
// @differentiate
export function numbers(x: number): [number, number[]] { return [3 * x, [x]]; }
export const a = valueAndGrad(r, 0, { hasAux: true });
export const b = valueAndGrad(numbers, 0, { hasAux: true });
`,
  });
  expect(m.diagnostics).toEqual([]);
  const f = m.load("main.ts");
  expect(f.a(1.5)).toEqual([[2.25, [1.5, 3]], 3]);
  expect(f.b(2)).toEqual([[6, [2]], 3]);
});

test("a pair held in a tuple works; an array copied whole into the result, whose loss cannot be told from aux, is TS990118", () => {
  const m = compile({
    "main.ts": `
import { grad } from "cotangent";
// @differentiate
export function held(x: number): [number, number] {
  const out: [number, number] = [x * x, Math.sqrt(x)];
  return out;
}
// @differentiate
export function copied(x: number[]): [number, number] {
  const out = [x[0] * x[0], Math.sqrt(x[1])];
  return out as [number, number];
}
export const g = grad(held, 0, { hasAux: true });
export const h = grad(copied, 0, { hasAux: true });
`,
  });
  const ours = m.diagnostics.filter((d) => / TS99\d+:/.test(d));
  expect(cotangentCodes(ours)).toEqual(["14:23 990118"]);
  expect(ours[0]).toContain("Return the pair as a tuple literal ('return [loss, aux]')");
  const fixed = compile({
    "main.ts": `
import { grad } from "cotangent";
// @differentiate
export function held(x: number): [number, number] {
  const out: [number, number] = [x * x, Math.sqrt(x)];
  return out;
}
export const g = grad(held, 0, { hasAux: true });
`,
  });
  expect(fixed.diagnostics).toEqual([]);
  const { g } = fixed.load("main.ts");
  expect(g(3)).toEqual([6, Math.sqrt(3)]);
  // At 0, √x has an infinite derivative; the loss's gradient is still 0.
  expect(g(0)).toEqual([0, 0]);
});

test("a hasAux gradient is not differentiated again, nor called in a differentiated function; '{ hasAux: false }' is", () => {
  const m = compile({
    "main.ts": `
import { grad, jacfwd } from "cotangent";
// @differentiate
export function fit(x: number[]): [number, number] { return [x[0] * x[1] * x[1], x[0]]; }
export const h = jacfwd(grad(fit, 0, { hasAux: true }));
// @differentiate
export function inner(x: number[]): number {
  const [g, aux] = grad(fit, 0, { hasAux: true })(x);
  return g[0] + aux;
}
// @differentiate
export function called(x: number[]): number { return grad(fit, 0, { hasAux: true })(x)[1]; }
`,
  });
  const ours = m.diagnostics.filter((d) => / TS99\d+:/.test(d));
  expect(cotangentCodes(ours)).toEqual(["8:20 990085", "12:54 990085", "5:25 990120"]);
  expect(ours[0]).toContain("with '{ hasAux: true }' it gives '[gradient, aux]', which is not differentiated there");
  // A gradient with '{ hasAux: false }' is the gradient: differentiated again, and called inside.
  const ok = compile({
    "main.ts": `
import { grad, jacfwd } from "cotangent";
// @differentiate
export function loss(x: number[]): number { return x[0] * x[1] * x[1]; }
export const hLoss = jacfwd(grad(loss, 0, { hasAux: false }));
// @differentiate
export function slope(x: number[]): number { const g = grad(loss, 0, { hasAux: false })(x); return g[0] * g[1]; }
export const gSlope = grad(slope);
`,
  });
  expect(ok.diagnostics).toEqual([]);
  const f = ok.load("main.ts");
  // x₀x₁²: Hessian [[0, 2x₁], [2x₁, 2x₀]]; g₀g₁ = x₁²·2x₀x₁ = 2x₀x₁³, gradient [2x₁³, 6x₀x₁²].
  expect(f.hLoss([1.5, 2])).toEqual([
    [0, 4],
    [4, 3],
  ]);
  expect(Array.from(f.gSlope([1.5, 2]))).toEqual([16, 36]);
});
