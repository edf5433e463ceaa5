/**
 * Objects as parameters and locals: fields are flattened (p.w → p_w), gradients come back as objects with the
 * same differentiable fields (strings, flags and other carried fields left out), as JAX does for pytrees. Checked
 * against finite differences per field, the dot-product test between jvp and vjp, and hand-derived formulas.
 */
import { compile } from "../helpers/compile";
import { relativeError, rng } from "../helpers/check";
import { checkBothWays, checkShaped } from "../helpers/shaped";

const source = `
import { grad, jvp, valueAndGrad, vjp } from "cotangent";

export interface Particle {
  label: string;
  frozen: boolean;
  mass: number;
  position: { x: number; y: number };
  history: Float64Array;
}

/** Potential energy of a particle plus a penalty on its history; 'label' is carried along, never differentiated. */
// @differentiate
export function energy(p: Particle, g: number): number {
  let e = p.mass * g * p.position.y + 0.5 * p.position.x * p.position.x;
  for (let i = 0; i < p.history.length; i++) e += p.mass * p.history[i] * p.history[i];
  if (p.frozen) e = e * 2;
  return e;
}

export interface Mlp {
  w1: Float64Array; // hidden × inputs, row-major
  b1: Float64Array;
  w2: Float64Array; // classes × hidden
  b2: Float64Array;
  hidden: number;
}

/** Mean softmax cross-entropy of a one-hidden-layer tanh MLP over a data set (rows of x, integer labels). */
// @differentiate
export function mlpLoss(m: Mlp, x: Float64Array, labels: Float64Array, inputs: number, classes: number): number {
  const h = new Float64Array(m.hidden);
  const z = new Float64Array(classes);
  const n = labels.length;
  let total = 0;
  for (let s = 0; s < n; s++) {
    for (let j = 0; j < m.hidden; j++) {
      let a = m.b1[j];
      for (let i = 0; i < inputs; i++) a += m.w1[j * inputs + i] * x[s * inputs + i];
      h[j] = Math.tanh(a);
    }
    let top = -Infinity;
    for (let c = 0; c < classes; c++) {
      let a = m.b2[c];
      for (let j = 0; j < m.hidden; j++) a += m.w2[c * m.hidden + j] * h[j];
      z[c] = a;
      top = Math.max(top, a);
    }
    let sum = 0;
    for (let c = 0; c < classes; c++) sum += Math.exp(z[c] - top);
    total += top + Math.log(sum) - z[labels[s]];
  }
  return total / n;
}

/** A local object literal and an alias of it. */
// @differentiate
export function local(a: number, b: number): number {
  const o = { u: a * b, v: { w: a + b } };
  const q = o;
  q.u = q.u + 1;
  return o.u * o.v.w;
}

export const dEnergy = grad(energy, [0, 1]);
export const energyAndGrad = valueAndGrad(energy);
export const energyTangent = (p: Particle, g: number, tp: Particle, tg: number) => jvp(energy, [p, g], [tp, tg]);
export const energyPullback = (p: Particle, g: number) => vjp(energy, p, g);
export const dMlp = grad(mlpLoss);
export const dLocal = grad(local, [0, 1]);
`;

const out = compile({ "main.ts": source });
const m = out.load("main.ts");

const particle = () => ({
  label: "p1",
  frozen: false,
  mass: 1.5,
  position: { x: 0.3, y: 2 },
  history: new Float64Array([0.1, -0.4, 0.25]),
});

test("compiles without diagnostics", () => {
  expect(out.diagnostics).toEqual([]);
});

test("an object parameter's gradient is an object of its differentiable fields, nested objects and arrays included", () => {
  const p = particle();
  const [dp, dg] = m.dEnergy(p, 9.81);
  expect(Object.keys(dp).sort()).toEqual(["history", "mass", "position"]);
  const sumSq = p.history.reduce((s: number, h: number) => s + h * h, 0);
  expect(relativeError(dp.mass, 9.81 * p.position.y + sumSq)).toBeLessThan(1e-12);
  expect(dp.position.x).toBe(p.position.x);
  expect(relativeError(dp.position.y, p.mass * 9.81)).toBeLessThan(1e-12);
  expect(dp.history).toBeInstanceOf(Float64Array);
  Array.from(dp.history as Float64Array).forEach((h, i) =>
    expect(relativeError(h, 2 * p.mass * p.history[i])).toBeLessThan(1e-12),
  );
  expect(relativeError(dg, p.mass * p.position.y)).toBeLessThan(1e-12);
  // A boolean field still steers control flow.
  const [dpFrozen] = m.dEnergy({ ...p, frozen: true }, 9.81);
  expect(relativeError(dpFrozen.position.x, 2 * p.position.x)).toBeLessThan(1e-12);
});

test("valueAndGrad, and the dot-product test between jvp (object tangents) and vjp (object cotangents)", () => {
  const p = particle();
  const [value, dp] = m.energyAndGrad(p, 9.81);
  expect(value).toBe(m.energy(p, 9.81));
  expect(Object.keys(dp).sort()).toEqual(["history", "mass", "position"]);
  const tp = {
    label: "",
    frozen: false,
    mass: 0.7,
    position: { x: -0.2, y: 0.5 },
    history: new Float64Array([1, 2, -1]),
  };
  const [, ju] = m.energyTangent(p, 9.81, tp, 0.3);
  const [, pullback] = m.energyPullback(p, 9.81);
  const w = 0.8;
  const [cp, cg] = pullback(w);
  const right =
    cp.mass * tp.mass +
    cp.position.x * tp.position.x +
    cp.position.y * tp.position.y +
    Array.from(cp.history as Float64Array).reduce((s, c, i) => s + c * tp.history[i], 0) +
    cg * 0.3;
  expect(relativeError(ju * w, right)).toBeLessThan(1e-12);
});

test("MLP with softmax cross-entropy: the gradient object matches central differences field by field", () => {
  const random = rng(7);
  const [inputs, hidden, classes, n] = [3, 4, 3, 10];
  const fill = (k: number) => Float64Array.from({ length: k }, () => random() - 0.5);
  const model = { w1: fill(hidden * inputs), b1: fill(hidden), w2: fill(classes * hidden), b2: fill(classes), hidden };
  const x = fill(n * inputs);
  const labels = Float64Array.from({ length: n }, (_, s) => s % classes);
  const g = m.dMlp(model, x, labels, inputs, classes);
  expect(Object.keys(g).sort()).toEqual(["b1", "b2", "hidden", "w1", "w2"]);
  const h = 1e-6;
  for (const field of ["w1", "b1", "w2", "b2"] as const) {
    expect(g[field]).toBeInstanceOf(Float64Array);
    for (let i = 0; i < model[field].length; i++) {
      const plus = { ...model, [field]: model[field].slice() };
      const minus = { ...model, [field]: model[field].slice() };
      plus[field][i] += h;
      minus[field][i] -= h;
      const fd = (m.mlpLoss(plus, x, labels, inputs, classes) - m.mlpLoss(minus, x, labels, inputs, classes)) / (2 * h);
      expect(Math.abs(g[field][i] - fd)).toBeLessThan(1e-7 * Math.max(1, Math.abs(fd)));
    }
  }
  // 'hidden' is a size: it only sets trip counts, so its derivative is 0.
  expect(g.hidden).toBe(0);
});

test("a local object literal and an alias of it share their fields, as JavaScript references do", () => {
  const [a, b] = [0.7, 1.9];
  // f = (a·b + 1)(a + b)
  const [da, db] = m.dLocal(a, b);
  expect(m.local(a, b)).toBeCloseTo((a * b + 1) * (a + b), 14);
  expect(relativeError(da, b * (a + b) + (a * b + 1))).toBeLessThan(1e-12);
  expect(relativeError(db, a * (a + b) + (a * b + 1))).toBeLessThan(1e-12);
});

test("tuples: parameters, nested in objects, local tuple literals and tuple results", () => {
  const tuples = compile({
    "main.ts": `
import { grad, jacfwd, jacrev } from "cotangent";
// @differentiate
export function f(p: [number, number], s: { a: [number, Float64Array] }): number {
  const t: [number, number] = [p[0] * 2, p[1]];
  return t[0] * t[1] + s.a[0] * s.a[1][1];
}
// @differentiate
export function g(x: number, y: number): [number, number] {
  return [x * y, x + y];
}
export const df = grad(f, [0, 1]);
export const jgF = jacfwd(g, 0);
export const jgR = jacrev(g, 1);
`,
  });
  expect(tuples.diagnostics).toEqual([]);
  const t = tuples.load("main.ts");
  const [dp, ds] = t.df([1.5, 2], { a: [3, new Float64Array([1, 4])] });
  // f = 2 p0 p1 + a0 · a1[1]
  expect(dp).toEqual([4, 3]);
  expect(ds.a[0]).toBe(4);
  expect(Array.from(ds.a[1] as Float64Array)).toEqual([0, 3]);
  expect(t.jgF(2, 5)).toEqual([5, 1]);
  expect(t.jgR(2, 5)).toEqual([2, 1]);
});

test("spread of objects and arrays: '{ ...p, w }' copies numbers and shares arrays, '[...a, x, ...b]' concatenates", () => {
  const spreads = compile({
    "main.ts": `
import { grad } from "cotangent";
interface Model { w: number; b: number; v: Float64Array }
// @differentiate
export function f(p: Model, x: number[]): number {
  const q = { ...p, w: p.w * 2 };
  const all = [...x, q.w, ...x];
  let s = q.b;
  for (let i = 0; i < all.length; i++) s += all[i] * all[i] * (i + 1);
  return s + q.v[0] * q.w;
}
export const df = grad(f, [0, 1]);
`,
  });
  expect(spreads.diagnostics).toEqual([]);
  const t = spreads.load("main.ts");
  const p = { w: 0.5, b: 2, v: new Float64Array([3, 4]) };
  const x = [1, -2];
  const [dp, dx] = t.df(p, x);
  // all = [x0, x1, 2w, x0, x1] with weights 1..5; s = b + Σ k·all_k² + 2w·v0
  expect(relativeError(dp.w, 2 * 2 * (3 * 2 * p.w) + 2 * p.v[0])).toBeLessThan(1e-12);
  expect(dp.b).toBe(1);
  expect(Array.from(dp.v as Float64Array)).toEqual([2 * p.w, 0]);
  expect(dx).toEqual([2 * x[0] * (1 + 4), 2 * x[1] * (2 + 5)]);
});

test("objects passed to callees: fields flattened into the callee's parameters, adjoints flowing back per field", () => {
  const nested = compile({
    "main.ts": `
import { grad, jvp } from "cotangent";
interface Layer { w: Float64Array; b: number; scale: number }

function predict(layer: Layer, x: Float64Array, row: number, d: number): number {
  let z = layer.b;
  for (let j = 0; j < d; j++) z += layer.w[j] * x[row * d + j];
  return layer.scale * Math.tanh(z);
}

// @differentiate
export function loss(layer: Layer, x: Float64Array, y: Float64Array): number {
  const d = layer.w.length;
  let s = 0;
  for (let r = 0; r < y.length; r++) {
    const e = predict(layer, x, r, d) - y[r];
    s += e * e;
  }
  return s;
}
export const dLoss = grad(loss);
export const tLoss = (l: Layer, x: Float64Array, y: Float64Array, t: Layer) =>
  jvp(loss, [l, x, y], [t, new Float64Array(x.length), new Float64Array(y.length)]);
`,
  });
  expect(nested.diagnostics).toEqual([]);
  const t = nested.load("main.ts");
  const layer = { w: new Float64Array([0.3, -0.5]), b: 0.1, scale: 1.5 };
  const x = new Float64Array([1, 2, -1, 0.5, 0.3, 0.3]);
  const y = new Float64Array([0.2, -0.4, 0.9]);
  const g = t.dLoss(layer, x, y);
  const h = 1e-6;
  const fd = (move: (l: typeof layer, sign: number) => typeof layer) =>
    (t.loss(move(layer, 1), x, y) - t.loss(move(layer, -1), x, y)) / (2 * h);
  expect(Math.abs(g.b - fd((l, s) => ({ ...l, b: l.b + s * h })))).toBeLessThan(1e-7);
  expect(Math.abs(g.scale - fd((l, s) => ({ ...l, scale: l.scale + s * h })))).toBeLessThan(1e-7);
  for (let j = 0; j < 2; j++) {
    const moved = (l: typeof layer, s: number) => {
      const w = l.w.slice();
      w[j] += s * h;
      return { ...l, w };
    };
    expect(Math.abs(g.w[j] - fd(moved))).toBeLessThan(1e-7);
  }
  // Dot-product test between forward and reverse mode.
  const dir = { w: new Float64Array([0.7, -0.2]), b: 0.4, scale: -1.1 };
  const [, ju] = t.tLoss(layer, x, y, dir);
  const back = g.w[0] * dir.w[0] + g.w[1] * dir.w[1] + g.b * dir.b + g.scale * dir.scale;
  expect(relativeError(ju, back)).toBeLessThan(1e-12);
});

test("'p[k]' with k a union of string literals naming number fields: the field k names, for each k", () => {
  const out = compile({
    "main.ts": `
import { grad } from "cotangent";
type Axis = "x" | "y" | "z";
// @differentiate
export function along(p: { x: number; y: number; z: number }, axis: Axis, w: number): number {
  const local = { x: w, y: 2 * w, z: w * w };
  const other: Axis = axis === "z" ? "x" : "z";
  return p[axis] * local[axis] + p[other];
}
export const g = grad(along, [0, 2]);
`,
  });
  expect(out.diagnostics).toEqual([]);
  const m = out.load("main.ts");
  const p = { x: 0.5, y: -1.5, z: 2 };
  const w = 0.75;
  // along = p[axis]·local[axis] + p[other], other = "x" for "z" and "z" otherwise.
  expect(m.g(p, "x", w)).toEqual([{ x: w, y: 0, z: 1 }, p.x]);
  expect(m.g(p, "y", w)).toEqual([{ x: 0, y: 2 * w, z: 1 }, 2 * p.y]);
  expect(m.g(p, "z", w)).toEqual([{ x: 1, y: 0, z: w * w }, 2 * w * p.z]);
  expect(m.along(p, "y", w)).toBe(p.y * 2 * w + p.z);
});

test("object parameters whose field names are no identifiers ('a-b', '0') are read and written back with quotes", () => {
  const out = compile({
    "main.ts": `
import { valueAndGrad, jvp } from "cotangent";
// @differentiate
export function f(p: { "a-b": number; "0": number }, w: number): number {
  return p["a-b"] * p["0"] * w;
}
export const vg = valueAndGrad(f, [0, 1]);
export const t = (p: { "a-b": number; "0": number }, w: number, dp: { "a-b": number; "0": number }) => jvp(f, [p, w], [dp, 0]);
`,
  });
  expect(out.diagnostics).toEqual([]);
  const m = out.load("main.ts");
  const p = { "a-b": 0.5, "0": 2 };
  expect(m.vg(p, 0.7)).toEqual([0.7, [{ "a-b": 1.4, "0": 0.35 }, 1]]);
  expect(m.t(p, 0.7, { "a-b": 1, "0": 0 })).toEqual([0.7, 1.4]);
});

test("'q[k] = v' and 'q[k] += v' on a local object write the field k names; a parameter's fields stay read-only", () => {
  const out = compile({
    "main.ts": `
import { grad } from "cotangent";
type Axis = "x" | "y";
// @differentiate
export function moved(p: { x: number; y: number }, axis: Axis, w: number): number {
  const q = { x: p.x, y: p.y };
  q[axis] = q[axis] * w;
  q[axis] += p.x;
  return q.x * q.y;
}
export const g = grad(moved, [0, 2]);
`,
  });
  expect(out.diagnostics).toEqual([]);
  const m = out.load("main.ts");
  const p = { x: 0.5, y: -1.5 };
  const w = 0.75;
  // axis "x": q = (x·w + x, y), moved = (x·w + x)·y; axis "y": q = (x, y·w + x), moved = x·(y·w + x).
  expect(m.moved(p, "x", w)).toBe((p.x * w + p.x) * p.y);
  expect(m.g(p, "x", w)).toEqual([{ x: (w + 1) * p.y, y: p.x * w + p.x }, p.x * p.y]);
  expect(m.g(p, "y", w)).toEqual([{ x: p.y * w + 2 * p.x, y: p.x * w }, p.x * p.y]);
  const refused = compile({
    "main.ts": `
// @differentiate
export function f(p: { x: number; y: number }, axis: "x" | "y"): number { p[axis] = 2; return p.x; }
`,
  });
  expect(refused.diagnostics).toHaveLength(1);
});

test("object literals with quoted or numeric keys ('{ \"a-b\": …, 0: … }') hold their fields like any other", () => {
  const source = `
// @differentiate
export function f(x: number[], c: number): number {
  const o = { "a-b": x[0] * c, 0: x[1], plain: c };
  return o["a-b"] * o[0] + o.plain;
}`;
  const [[gx, gc]] = checkShaped(source, "f", "x: number[], c: number", [[[0.5, 2], 0.7]]);
  // f = x0·c·x1 + c.
  expect(gx).toEqual([0.7 * 2, 0.5 * 0.7]);
  expect(gc).toBe(0.5 * 2 + 1);
});

test("a matrix in a local object's field: built from a literal or a map, read, walked and written like a local matrix", () => {
  const source = `
import { grad } from "cotangent";
function dense(m: { W: number[][]; b: number[] }, x: number[]): number[] {
  return m.W.map((row, i) => row.reduce((s, w, j) => s + w * x[j], m.b[i]));
}
// @differentiate
export function layer(x: number[]): number {
  const m = { W: [[0.2, -0.5], [0.4, 0.3]], b: [0.1, -0.2] };
  const y = dense(m, x);
  return m.W[0][0] * x[0] + Math.tanh(y[0]) * y[1] + m.W[1].reduce((a, t) => a + t * x[1], 0);
}
// @differentiate
export function written(x: number[]): number {
  const m = { W: [[0.2, -0.5], [0.4, 0.3]] };
  m.W[0][1] = x[1] * x[0];
  const n = { W: x.map((v) => [v, 2 * v]), k: 3 };
  let s = 0;
  for (const row of n.W) s += row[0] * row[1] * n.k;
  return m.W[0][1] * m.W[1][0] + s;
}
export const gLayer = grad(layer);
export const gWritten = grad(written);
`;
  const out = compile({ "main.ts": source });
  expect(out.diagnostics).toEqual([]);
  const m = out.load("main.ts");
  const [x0, x1] = [0.3, -0.7];
  // y = W·x + b; layer = W₀₀x₀ + tanh(y₀)·y₁ + (W₁₀ + W₁₁)·x₁.
  const [y0, y1] = [0.2 * x0 - 0.5 * x1 + 0.1, 0.4 * x0 + 0.3 * x1 - 0.2];
  const t = Math.tanh(y0);
  const dt = 1 - t * t;
  const layerGradient = [0.2 + dt * 0.2 * y1 + t * 0.4, dt * -0.5 * y1 + t * 0.3 + 0.7];
  (m.gLayer([x0, x1]) as number[]).forEach((g, i) => expect(relativeError(g, layerGradient[i])).toBeLessThan(1e-14));
  // written = 0.4·x₀x₁ + 6(x₀² + x₁²).
  expect(relativeError(m.written([x0, x1]), 0.4 * x0 * x1 + 6 * (x0 * x0 + x1 * x1))).toBeLessThan(1e-15);
  const writtenGradient = [0.4 * x1 + 12 * x0, 0.4 * x0 + 12 * x1];
  (m.gWritten([x0, x1]) as number[]).forEach((g, i) =>
    expect(relativeError(g, writtenGradient[i])).toBeLessThan(1e-14),
  );
  checkBothWays(source, "layer", "x: number[]", [[[x0, x1]]]);
  checkBothWays(source, "written", "x: number[]", [[[x0, x1]]]);
});

test("an object chosen by a test ('const best = area(p) < area(q) ? p : q', 'area(c > 0 ? p : { … })')", () => {
  const source = `
import { grad, jvp } from "cotangent";
interface Pt { x: number; y: number }
function area(r: Pt): number { return r.x * r.y; }
// @differentiate
export function pick(p: Pt, q: Pt, c: number): number {
  const best = area(p) < area(q) ? p : q;
  const s = area(c > 0 ? p : { x: q.y, y: 2 * p.x });
  return best.x * best.x + s + best.y;
}
export const g = grad(pick, [0, 1]);
export const t = (p: Pt, q: Pt, c: number, dp: Pt, dq: Pt) => jvp(pick, [p, q, c], [dp, dq, 0]);
// @differentiate
export function written(p: Pt, q: Pt): number {
  const best = p.x < q.x ? p : q;
  const o = { x: best.x, y: 1 };
  o.x = 3;
  return best.x + o.x;
}
export const gw = grad(written, [0, 1]);
`;
  const out = compile({ "main.ts": source });
  // The copy would not see a write through another name: refused as 'const prev = p' is.
  expect(out.diagnostics).toEqual([
    expect.stringMatching(/^main\.ts:15:16 - error TS990066: Cannot assign 'p\.x < q\.x \? p : q' here/),
  ]);
  const m = compile({ "main.ts": source.slice(0, source.indexOf("// @differentiate\nexport function written")) }).load(
    "main.ts",
  );
  const cases: [Pt, Pt][] = [
    [
      { x: 0.5, y: 2 },
      { x: 1.5, y: -0.4 },
    ],
    [
      { x: 0.5, y: 0.2 },
      { x: 1.5, y: 0.4 },
    ],
  ];
  for (const [p, q] of cases) {
    for (const c of [1, -1]) {
      // best is the one of smaller area; s = area(p) when c > 0, else q.y · 2p.x.
      const pBest = p.x * p.y < q.x * q.y;
      const best = pBest ? p : q;
      const value = best.x * best.x + (c > 0 ? p.x * p.y : q.y * 2 * p.x) + best.y;
      expect(relativeError(m.pick(p, q, c), value)).toBeLessThan(1e-15);
      const gp = { x: (c > 0 ? p.y : 2 * q.y) + (pBest ? 2 * p.x : 0), y: (c > 0 ? p.x : 0) + (pBest ? 1 : 0) };
      const gq = { x: pBest ? 0 : 2 * q.x, y: (c > 0 ? 0 : 2 * p.x) + (pBest ? 0 : 1) };
      const [rp, rq] = m.g(p, q, c) as [Pt, Pt];
      expect(rp).toEqual(gp);
      expect(rq).toEqual(gq);
      const [dp, dq] = [
        { x: 0.3, y: -0.7 },
        { x: 1.1, y: 0.2 },
      ];
      const [, dot] = m.t(p, q, c, dp, dq);
      const reverseDot = gp.x * dp.x + gp.y * dp.y + gq.x * dq.x + gq.y * dq.y;
      expect(relativeError(dot, reverseDot)).toBeLessThan(1e-14);
    }
  }
});

interface Pt {
  x: number;
  y: number;
}
