/**
 * What helpers return and take, written as TypeScript developers write it: an array destructured from a helper's
 * result ('const [a, b] = mk(x)'), a 'readonly' tuple, a tuple literal given to a destructured tuple parameter (an RK4
 * step over a state tuple), an object literal to a destructured object parameter, a tuple returned as the marked
 * function's own result, a generic helper over 'T extends number', and a 'let' that starts as a parameter's array or a
 * matrix's row and is given new ones ('let h = x; … h = layer(h)', 'let h = xs[n]'). Checked by the dot-product test, central differences and closed
 * forms.
 */
import { compile } from "../helpers/compile";
import { centralDifference, checkDerivatives, expectClose, rng } from "../helpers/check";
import { checkShaped } from "../helpers/shaped";

test("arrays and 'readonly' tuples destructured from helpers' results, and from array expressions", () => {
  const source = `
function moments(x: number): number[] {
  return [x, x * x, x * x * x];
}
function sincos(t: number): readonly [number, number] {
  return [Math.sin(t), Math.cos(t)];
}
// @differentiate
export function f(x: number, t: number): number {
  const [m1, m2, m3] = moments(x);
  const [s, c] = sincos(t * x);
  const [lo, hi] = moments(t).slice(1);
  return m1 * s + m2 * c - m3 * lo + hi;
}`;
  const checked = checkDerivatives(source, "f", 2, [
    [0.7, 1.3],
    [-1.2, 0.4],
  ]);
  // f = x·sin(tx) + x²·cos(tx) − x³·t² + t³, so ∂f/∂t = x²·cos(tx) − x³·sin(tx) − 2x³·t + 3t².
  const [x, t] = [0.7, 1.3];
  const dt = x * x * Math.cos(t * x) - x * x * x * Math.sin(t * x) - 2 * x ** 3 * t + 3 * t * t;
  expectClose(checked[0].gradient[1], dt, 1e-14, "∂/∂t");
});

test("an RK4 step over a state tuple: tuple literals given to a helper's destructured '[x, y]' parameter", () => {
  const source = `
/** Lotka–Volterra: prey x, predators y. */
function rhs([x, y]: [number, number], a: number, b: number): [number, number] {
  return [a * x - b * x * y, b * x * y - y];
}
function step([x, y]: [number, number], h: number, a: number, b: number): [number, number] {
  const [k1x, k1y] = rhs([x, y], a, b);
  const [k2x, k2y] = rhs([x + (h / 2) * k1x, y + (h / 2) * k1y], a, b);
  const [k3x, k3y] = rhs([x + (h / 2) * k2x, y + (h / 2) * k2y], a, b);
  const [k4x, k4y] = rhs([x + h * k3x, y + h * k3y], a, b);
  return [x + (h / 6) * (k1x + 2 * k2x + 2 * k3x + k4x), y + (h / 6) * (k1y + 2 * k2y + 2 * k3y + k4y)];
}
// @differentiate
export function prey(x0: number, y0: number, a: number, b: number): number {
  let state: [number, number] = [x0, y0];
  for (let i = 0; i < 50; i++) state = step(state, 0.02, a, b);
  return state[0];
}`;
  checkDerivatives(source, "prey", 4, [
    [1.2, 0.8, 1.1, 0.4],
    [0.5, 1.5, 0.7, 0.9],
  ]);
});

test("an object literal given to a helper's destructured '{ w, b }' parameter, and a generic 'T extends number' helper", () => {
  const source = `
function affine({ w, b }: { w: number; b: number }, x: number): number {
  return w * x + b;
}
function clamp<T extends number>(v: T, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, v));
}
// @differentiate
export function f(w: number, x: number): number {
  return Math.tanh(affine({ w, b: 0.5 * w }, x)) + clamp(x * w, -1, 1) * x;
}`;
  checkDerivatives(source, "f", 2, [
    [0.3, 1.2],
    [-0.8, 0.4],
    [2.5, 1.1],
  ]);
});

test("a tuple a helper returns, returned as the marked function's own: the polar map's Jacobian in closed form", () => {
  const out = compile({
    "main.ts": `
import { jacfwd, jacrev } from "cotangent";
function polar(x: number, y: number): [number, number] {
  return [Math.hypot(x, y), Math.atan2(y, x)];
}
// @differentiate
export function f(x: number, y: number): [number, number] {
  return polar(x, y);
}
// @differentiate
export function g(x: number, y: number): [number, number] {
  const p = polar(2 * x, y);
  return p;
}
export const jf = jacfwd(f, [0, 1]);
export const jr = jacrev(g, [0, 1]);
`,
  });
  expect(out.diagnostics).toEqual([]);
  const m = out.load("main.ts");
  const [x, y] = [0.6, -1.4];
  expect(m.f(x, y)).toEqual([Math.hypot(x, y), Math.atan2(y, x)]);
  const r = Math.hypot(x, y);
  // ∂r/∂(x, y) = (x, y)/r, ∂θ/∂(x, y) = (−y, x)/r².
  const [dx, dy] = m.jf(x, y) as [number[], number[]];
  expectClose(dx[0], x / r, 1e-15, "∂r/∂x");
  expectClose(dy[0], y / r, 1e-15, "∂r/∂y");
  expectClose(dx[1], -y / (r * r), 1e-15, "∂θ/∂x");
  expectClose(dy[1], x / (r * r), 1e-15, "∂θ/∂y");
  const r2 = Math.hypot(2 * x, y);
  const [gx, gy] = m.jr(x, y) as [number[], number[]];
  expectClose(gx[0], (4 * x) / r2, 1e-15, "∂r/∂x of g");
  expectClose(gy[1], (2 * x) / (r2 * r2), 1e-15, "∂θ/∂y of g");
});

test("'let h = x' given new arrays in a loop (an MLP's forward pass): a copy that reads as x", () => {
  const source = `
const W: number[][] = [
  [0.5, -0.3, 0.8],
  [-0.6, 0.9, 0.2],
  [0.1, 0.4, -0.7],
];
// @differentiate
export function forward(x: number[], scale: number): number {
  let h = x;
  for (let layer = 0; layer < 3; layer++) {
    h = W.map((row) => Math.tanh(scale * row.reduce((s, w, j) => s + w * h[j], 0)));
  }
  return h[0] + 2 * h[1] - h[2];
}`;
  checkShaped(source, "forward", "x: number[], scale: number", [
    [[0.3, -0.8, 1.1], 0.9],
    [[1.5, 0.2, -0.4], -1.3],
  ]);
});

test("'let h = xs[n]' and 'let h = x' for a row x, given new arrays: a copy of the row, as for a parameter's array", () => {
  const layer = `
import { grad } from "cotangent";
interface Layer {
  W: number[][];
  b: number[];
}
function dense(l: Layer, h: number[]): number[] {
  const out: number[] = [];
  for (let i = 0; i < l.W.length; i++) {
    let s = l.b[i];
    for (let j = 0; j < h.length; j++) s += l.W[i][j] * h[j];
    out.push(Math.tanh(s));
  }
  return out;
}`;
  const out = compile({
    "main.ts": `${layer}
// @differentiate
export function indexed(layers: Layer[], xs: number[][], y: number[]): number {
  let s = 0;
  for (let n = 0; n < xs.length; n++) {
    let h = xs[n];
    for (const layer of layers) h = dense(layer, h);
    for (let k = 0; k < h.length; k++) s += (h[k] - y[k]) ** 2;
  }
  return s;
}
// @differentiate
export function walked(w: Float64Array, X: Float64Array[]): number {
  let s = 0;
  for (const x of X) {
    let h = x;
    h = h.map((v, j) => Math.tanh(v * w[j]));
    s += h[0] * h[1];
  }
  X.forEach((x) => {
    let h = x;
    h = h.map((v) => v * w[0]);
    s += h[1];
  });
  return s;
}
export const gIndexed = grad(indexed, [0, 1]);
export const gWalked = grad(walked, [0, 1]);
`,
  });
  expect(out.diagnostics).toEqual([]);
  const m = out.load("main.ts");
  const r = rng(7);
  const layers = [
    { W: [0, 1, 2].map(() => [r(), r()]), b: [r(), r(), r()] },
    { W: [0, 1].map(() => [r(), r(), r()]), b: [r(), r()] },
  ];
  const xs = [0, 1, 2, 3].map(() => [r(), r()]);
  const y = [r(), r()];
  const [gLayers, gXs] = m.gIndexed(layers, xs, y);
  // Central differences in one weight, one bias and one sample's element, through the plain JavaScript function.
  const along = (set: (t: number) => void, at: number) =>
    centralDifference(
      (t) => {
        set(t);
        const v = m.indexed(layers, xs, y);
        set(at);
        return v;
      },
      [at],
      [1],
    );
  expectClose(
    gLayers[0].W[2][1],
    along((t) => (layers[0].W[2][1] = t), layers[0].W[2][1]),
    1e-7,
    "∂/∂W₀[2][1]",
  );
  expectClose(
    gLayers[1].b[0],
    along((t) => (layers[1].b[0] = t), layers[1].b[0]),
    1e-7,
    "∂/∂b₁[0]",
  );
  expectClose(
    gXs[3][1],
    along((t) => (xs[3][1] = t), xs[3][1]),
    1e-7,
    "∂/∂xs[3][1]",
  );
  const w = Float64Array.from([0.4, -1.1]);
  const X = [Float64Array.from([0.3, 0.8]), Float64Array.from([-0.5, 1.2])];
  const [gw, gX] = m.gWalked(w, X);
  // s = Σₓ tanh(x₀w₀)·tanh(x₁w₁) + x₁w₀: by hand.
  const sech2 = (z: number) => 1 / Math.cosh(z) ** 2;
  const dw0 = X.reduce((a, x) => a + x[0] * sech2(x[0] * w[0]) * Math.tanh(x[1] * w[1]) + x[1], 0);
  const dw1 = X.reduce((a, x) => a + Math.tanh(x[0] * w[0]) * x[1] * sech2(x[1] * w[1]), 0);
  expectClose(gw[0], dw0, 1e-14, "∂/∂w₀");
  expectClose(gw[1], dw1, 1e-14, "∂/∂w₁");
  expectClose(gX[1][1], Math.tanh(X[1][0] * w[0]) * w[1] * sech2(X[1][1] * w[1]) + w[0], 1e-14, "∂/∂X[1][1]");
  expect(gX[0]).toBeInstanceOf(Float64Array);
});

test("'let h = m[1]' given other arrays, for a matrix the function builds, is TS990081: copy the row", () => {
  const out = compile({
    "main.ts": `
import { grad } from "cotangent";
// @differentiate
export function f(x: number[]): number {
  const m = [x, x.map((v) => 2 * v)];
  let h = m[1];
  h = h.map((v) => v * v);
  return h[0];
}
export const g = grad(f);
`,
  });
  expect(out.diagnostics).toEqual([
    expect.stringMatching(
      /^main\.ts:7:3 - error TS990081: 'm\[1\]' is a row of the matrix 'm' .*\('h' is given other arrays\)/,
    ),
  ]);
});

test("'let h = x' when something writes into either array stays TS990075: a copy would not see the write", () => {
  const out = compile({
    "main.ts": `
import { grad } from "cotangent";
// @differentiate
export function f(x: number[]): number {
  let h = x;
  h[0] = 2 * h[0];
  h = h.map((v) => v * v);
  return h[0] + x[0];
}
export const g = grad(f);
`,
  });
  expect(out.diagnostics).toEqual([expect.stringMatching(/^main\.ts:7:3 - error TS990075: 'h = h\.map/)]);
});

/** Symplectic Euler for x'' = −x, a step written as a helper that writes the body it is given. */
const stepper = `
interface Body {
  x: number;
  v: number;
}
function step(b: Body, dt: number): void {
  b.v -= b.x * dt;
  b.x += b.v * dt;
}`;

test("a helper that writes its object parameter's fields ('step(body, dt)'), inlined so that the writes reach the caller's object", () => {
  const source = `${stepper}
function kick(s: { body: Body; t: number }, dt: number): void {
  s.body.v *= 1 - dt;
  s.t++;
}
// @differentiate
export function oscillate(x0: number, v0: number): number {
  const body = { x: x0, v: v0 };
  for (let i = 0; i < 40; i++) step(body, 0.1);
  return body.x;
}
// @differentiate
export function damped(x0: number, v0: number): number {
  const state = { body: { x: x0, v: v0 }, t: 0 };
  for (let i = 0; i < 20; i++) {
    step(state.body, 0.05);
    kick(state, 0.05);
  }
  return state.body.x * state.body.v + state.t;
}`;
  const [{ gradient }] = checkDerivatives(source, "oscillate", 2, [[0.8, -0.3]]);
  checkDerivatives(source, "damped", 2, [
    [0.8, -0.3],
    [-1.2, 0.5],
  ]);
  // Symplectic Euler is linear: (x, v) ← M·(x, v) with M = [[1 − dt², dt], [−dt, 1]], so ∂x₄₀/∂(x0, v0) is M⁴⁰'s first row.
  const dt = 0.1;
  let M = [
    [1, 0],
    [0, 1],
  ];
  const step = [
    [1 - dt * dt, dt],
    [-dt, 1],
  ];
  for (let i = 0; i < 40; i++) M = step.map((row) => [0, 1].map((j) => row[0] * M[0][j] + row[1] * M[1][j]));
  expectClose(gradient[0], M[0][0], 1e-14, "∂x/∂x0");
  expectClose(gradient[1], M[0][1], 1e-14, "∂x/∂v0");
});

test("a helper passing its object on to a helper that writes it ('advance(b) { step(b, dt) }') is inlined too", () => {
  const source = `${stepper}
function advance(b: Body, n: number): void {
  for (let i = 0; i < n; i++) step(b, 0.1);
}
// @differentiate
export function oscillate(x0: number, v0: number): number {
  const body = { x: x0, v: v0 };
  advance(body, 40);
  return body.x;
}`;
  const [direct] = checkDerivatives(
    source.replace("advance(body, 40);", "for (let i = 0; i < 40; i++) step(body, 0.1);"),
    "oscillate",
    2,
    [[0.8, -0.3]],
  );
  const [advanced] = checkDerivatives(source, "oscillate", 2, [[0.8, -0.3]]);
  expect(advanced.gradient).toEqual(direct.gradient);
});
