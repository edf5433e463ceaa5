/**
 * Arrays of records that hold matrices ('layers: { W: number[][]; b: number[]; gain: number }[]'): a network's layers,
 * each its own weights, differentiated in every field. Read by index ('layers[l].W[i][j]'), through names
 * ('const layer = layers[l]', 'for (const { W, b } of layers)'), and by helpers given one layer or all of them; the
 * gradient is one object per layer with every field's gradient. Checked against backpropagation by hand, central
 * differences and jvp against vjp (the dot-product test).
 */
import { compile } from "../helpers/compile";
import { expectClose, rng } from "../helpers/check";

const source = `
import { grad, jvp, vjp } from "cotangent";

export interface Layer { W: number[][]; b: number[]; gain: number }

/** One layer: gain · tanh(W·h + b). */
function dense(layer: Layer, h: number[]): number[] {
  const out: number[] = [];
  for (let i = 0; i < layer.W.length; i++) {
    let s = layer.b[i];
    for (let j = 0; j < h.length; j++) s += layer.W[i][j] * h[j];
    out.push(layer.gain * Math.tanh(s));
  }
  return out;
}

function forward(layers: Layer[], x: number[]): number[] {
  let h = x.slice();
  for (const layer of layers) h = dense(layer, h);
  return h;
}

/** Squared distance of the network's output to y. */
// @differentiate
export function loss(layers: Layer[], x: number[], y: number[]): number {
  const h = forward(layers, x);
  let s = 0;
  for (let k = 0; k < h.length; k++) s += (h[k] - y[k]) ** 2;
  return s;
}

/** The same network with the layers destructured and indexed in place. */
// @differentiate
export function unpacked(layers: Layer[], x: number[], y: number[]): number {
  let h = x;
  for (const { W, b, gain } of layers) {
    const out = new Array<number>(W.length).fill(0);
    for (let i = 0; i < W.length; i++) {
      const row = W[i];
      let s = b[i];
      for (let j = 0; j < row.length; j++) s += row[j] * h[j];
      out[i] = gain * Math.tanh(s);
    }
    h = out;
  }
  let s = 0;
  for (let l = 0; l < layers.length; l++) s += 0 * layers[l].W[0][0];
  for (let k = 0; k < h.length; k++) s += (h[k] - y[k]) ** 2;
  return s;
}

export const g = grad(loss, [0, 1]);
export const gu = grad(unpacked, [0, 1]);
export const t = (layers: Layer[], x: number[], y: number[], dLayers: Layer[], dx: number[]) =>
  jvp(loss, [layers, x, y], [dLayers, dx, y.map(() => 0)]);
export const p = (layers: Layer[], x: number[], y: number[]) => vjp(loss, layers, x, y);
`;

interface Layer {
  W: number[][];
  b: number[];
  gain: number;
}

/** Backpropagation written out by hand: the reference gradient. */
function backprop(layers: Layer[], x: number[], y: number[]) {
  const hs = [x];
  const ts: number[][] = [];
  for (const { W, b, gain } of layers) {
    const h = hs[hs.length - 1];
    const t = W.map((row, i) => Math.tanh(row.reduce((s, w, j) => s + w * h[j], b[i])));
    ts.push(t);
    hs.push(t.map((v) => gain * v));
  }
  let delta = hs[layers.length].map((v, k) => 2 * (v - y[k]));
  const grads: Layer[] = layers.map(({ W, b }) => ({ W: W.map((r) => r.map(() => 0)), b: b.map(() => 0), gain: 0 }));
  for (let l = layers.length - 1; l >= 0; l--) {
    const { W, gain } = layers[l];
    const t = ts[l];
    grads[l].gain = delta.reduce((s, d, i) => s + d * t[i], 0);
    const dz = delta.map((d, i) => d * gain * (1 - t[i] * t[i]));
    dz.forEach((d, i) => {
      grads[l].b[i] = d;
      hs[l].forEach((v, j) => (grads[l].W[i][j] = d * v));
    });
    delta = hs[l].map((_, j) => dz.reduce((s, d, i) => s + d * W[i][j], 0));
  }
  return { layers: grads, x: delta };
}

const random = rng(5);
const matrix = (rows: number, columns: number) =>
  Array.from({ length: rows }, () => Array.from({ length: columns }, () => random() - 0.5));
const layer = (outputs: number, inputs: number): Layer => ({
  W: matrix(outputs, inputs),
  b: matrix(1, outputs)[0],
  gain: 0.5 + random(),
});
// 3 → 4 → 2 → 3, each layer its own shape.
const layers = [layer(4, 3), layer(2, 4), layer(3, 2)];
const x = [0.4, -0.7, 0.9];
const y = [0.1, -0.2, 0.3];

function expectLayersClose(actual: Layer[], expected: Layer[], what: string) {
  expect(actual.length).toBe(expected.length);
  actual.forEach((l, k) => {
    expect(Object.keys(l).sort()).toEqual(["W", "b", "gain"]);
    expectClose(l.gain, expected[k].gain, 1e-14, `${what}[${k}].gain`);
    l.b.forEach((v, i) => expectClose(v, expected[k].b[i], 1e-14, `${what}[${k}].b[${i}]`));
    l.W.forEach((row, i) =>
      row.forEach((v, j) => expectClose(v, expected[k].W[i][j], 1e-14, `${what}[${k}].W[${i}][${j}]`)),
    );
  });
}

test("layers of records holding matrices: gradient in every field against backpropagation by hand, jvp against vjp", () => {
  const m = compile({ "main.ts": source });
  expect(m.diagnostics).toEqual([]);
  const f = m.load("main.ts");
  const reference = backprop(layers, x, y);
  for (const gradient of [f.g, f.gu]) {
    const [gLayers, gx] = gradient(layers, x, y);
    expectLayersClose(gLayers, reference.layers, "layers");
    gx.forEach((v: number, j: number) => expectClose(v, reference.x[j], 1e-14, `x[${j}]`));
  }
  expectClose(f.unpacked(layers, x, y), f.loss(layers, x, y), 1e-15, "the two forms' values");
  // Central differences in one gain and one weight.
  const h = 1e-6;
  const shifted = (change: (ls: Layer[]) => void) => {
    const copy = layers.map((l) => ({ W: l.W.map((r) => r.slice()), b: l.b.slice(), gain: l.gain }));
    change(copy);
    return f.loss(copy, x, y);
  };
  const byDifferences = (change: (ls: Layer[], d: number) => void) =>
    (shifted((ls) => change(ls, h)) - shifted((ls) => change(ls, -h))) / (2 * h);
  const [gLayers] = f.g(layers, x, y);
  expectClose(
    gLayers[1].gain,
    byDifferences((ls, d) => (ls[1].gain += d)),
    1e-8,
    "d/d layers[1].gain by differences",
  );
  expectClose(
    gLayers[0].W[2][1],
    byDifferences((ls, d) => (ls[0].W[2][1] += d)),
    1e-8,
    "d/d W[2][1] by differences",
  );
  // The dot-product test.
  const dLayers = layers.map((l) => ({
    W: l.W.map((r) => r.map(() => random() - 0.5)),
    b: l.b.map(() => random() - 0.5),
    gain: random() - 0.5,
  }));
  const dx = x.map(() => random() - 0.5);
  const [value, tangent] = f.t(layers, x, y, dLayers, dx);
  expectClose(value, f.loss(layers, x, y), 1e-15, "jvp's value");
  const [, pullback] = f.p(layers, x, y);
  const [bLayers, bx] = pullback(0.7);
  const reverse =
    dLayers.reduce(
      (s, d, l) =>
        s +
        d.gain * bLayers[l].gain +
        d.b.reduce((t, v, i) => t + v * bLayers[l].b[i], 0) +
        d.W.reduce((t, r, i) => t + r.reduce((u, v, j) => u + v * bLayers[l].W[i][j], 0), 0),
      0,
    ) + dx.reduce((s, v, j) => s + v * bx[j], 0);
  expectClose(tangent * 0.7, reverse, 1e-13, "<J·u, w> against <u, Jᵀ·w>");
});

test("'for (const [l, layer] of layers.entries())' reads each layer in place, with its index", () => {
  const m = compile({
    "main.ts": source.replace(
      "export const g = grad(loss, [0, 1]);",
      `// The loss with the output of layer l scaled by 1 / (l + 1), and the index alone ('[l]').
// @differentiate
export function indexed(layers: Layer[], x: number[], y: number[]): number {
  let h = x.slice();
  for (const [l, layer] of layers.entries()) h = dense(layer, h).map((v) => v / (l + 1));
  let count = 0;
  for (const [l] of layers.entries()) count += l;
  let s = 0;
  for (let k = 0; k < h.length; k++) s += (h[k] - y[k]) ** 2;
  return s + count;
}
export const gi = grad(indexed, [0, 1]);
export const g = grad(loss, [0, 1]);`,
    ),
  });
  expect(m.diagnostics).toEqual([]);
  const f = m.load("main.ts");
  // Scaling layer l's output by 1 / (l + 1) is scaling its gain: the same network with gains divided.
  const scaled = layers.map((l, k) => ({ ...l, gain: l.gain / (k + 1) }));
  const reference = backprop(scaled, x, y);
  const [gLayers, gx] = f.gi(layers, x, y);
  expect(f.indexed(layers, x, y)).toBeCloseTo(f.loss(scaled, x, y) + 3, 14);
  gLayers.forEach((l: Layer, k: number) => {
    expectClose(l.gain, reference.layers[k].gain / (k + 1), 1e-14, `gain ${k}`);
    l.W.forEach((row, i) => row.forEach((v, j) => expectClose(v, reference.layers[k].W[i][j], 1e-14, `W ${k}`)));
  });
  gx.forEach((v: number, j: number) => expectClose(v, reference.x[j], 1e-14, `x[${j}]`));
});

test("records holding matrices in an object's field are TS990114, where they are", () => {
  const m = compile({
    "main.ts": source.replace(
      "export const g = grad(loss, [0, 1]);",
      `export interface Params { layers: Layer[]; Ws: number[][][] }
// @differentiate
export function fielded(params: Params, x: number[]): number {
  let h = x;
  for (const l of params.layers) h = dense(l, h);
  let s = h[0];
  for (const W of params.Ws) s += W[0][0] * x[0];
  return s;
}
export const g = grad(loss, [0, 1]);`,
    ),
  });
  const ours = m.diagnostics.map((d) => /^main\.ts:(\d+:\d+) - error TS(\d+): '([^']*)'/.exec(d)?.slice(1).join(" "));
  expect(ours).toEqual(["56:19 990114 params.layers", "58:19 990114 params.Ws"]);
});

test("'layers.reduce((h, layer) => dense(layer, h), x)': the forward pass written functionally, against backpropagation", () => {
  const m = compile({
    "main.ts": source.replace(
      "export const g = grad(loss, [0, 1]);",
      `// @differentiate
export function reduced(layers: Layer[], x: number[], y: number[]): number {
  const h = layers.reduce((acc, layer) => dense(layer, acc), x);
  let s = 0;
  for (let k = 0; k < h.length; k++) s += (h[k] - y[k]) ** 2;
  return s;
}
// The same, each step a block with the layer's index, and the layers destructured.
// @differentiate
export function stepped(layers: Layer[], x: number[], y: number[]): number {
  const h = layers.reduce(
    (acc, { W, b, gain }, l) => {
      const z = W.map((row, i) => row.reduce((s, w, j) => s + w * acc[j], b[i]));
      return z.map((t) => gain * Math.tanh(t) + 0 * l);
    },
    x.slice(),
  );
  let s = 0;
  for (let k = 0; k < h.length; k++) s += (h[k] - y[k]) ** 2;
  return s;
}
export const gr = grad(reduced, [0, 1]);
export const gs = grad(stepped, [0, 1]);
export const g = grad(loss, [0, 1]);`,
    ),
  });
  expect(m.diagnostics).toEqual([]);
  const f = m.load("main.ts");
  const reference = backprop(layers, x, y);
  for (const gradient of [f.gr, f.gs]) {
    const [gLayers, gx] = gradient(layers, x, y);
    expectLayersClose(gLayers, reference.layers, "layers");
    gx.forEach((v: number, j: number) => expectClose(v, reference.x[j], 1e-14, `x[${j}]`));
  }
  expect(f.reduced(layers, x, y)).toBe(f.loss(layers, x, y));
});

test("'layers.forEach((layer, l) => …)' and 'Ws.forEach((W) => …)' walk in place, a 'return' ending the step", () => {
  const m = compile({
    "main.ts": source.replace(
      "export const g = grad(loss, [0, 1]);",
      `// The network of 'indexed' above written with forEach: layer l's output scaled by 1 / (l + 1).
// @differentiate
export function walked(layers: Layer[], x: number[], y: number[]): number {
  let h = x.slice();
  layers.forEach((layer, l) => {
    h = dense(layer, h).map((v) => v / (l + 1));
  });
  let s = 0;
  for (let k = 0; k < h.length; k++) s += (h[k] - y[k]) ** 2;
  return s;
}
// Destructured, skipping layers of fewer than 3 rows.
// @differentiate
export function skipping(layers: Layer[], x: number[]): number {
  let s = 0;
  layers.forEach(({ W, b }) => {
    if (W.length < 3) return;
    s += W[2][0] * b[1] * x[0];
  });
  return s;
}
// @differentiate
export function corners(Ws: number[][][], x: number[]): number {
  let s = 0;
  Ws.forEach((W) => (s += W[0][0] * x[0]));
  return s;
}
export const gw = grad(walked, [0, 1]);
export const gs = grad(skipping);
export const gc = grad(corners, [0, 1]);
export const g = grad(loss, [0, 1]);`,
    ),
  });
  expect(m.diagnostics).toEqual([]);
  const f = m.load("main.ts");
  const scaled = layers.map((l, k) => ({ ...l, gain: l.gain / (k + 1) }));
  const reference = backprop(scaled, x, y);
  const [gLayers, gx] = f.gw(layers, x, y);
  gLayers.forEach((l: Layer, k: number) => {
    expectClose(l.gain, reference.layers[k].gain / (k + 1), 1e-14, `gain ${k}`);
    l.b.forEach((v, i) => expectClose(v, reference.layers[k].b[i], 1e-14, `b ${k}`));
  });
  gx.forEach((v: number, j: number) => expectClose(v, reference.x[j], 1e-14, `x[${j}]`));
  // Only layers 0 (4 rows) and 2 (3 rows) count: ∂/∂W[2][0] = b[1]·x₀, ∂/∂b[1] = W[2][0]·x₀.
  const gs = f.gs(layers, x);
  for (const k of [0, 2]) {
    expectClose(gs[k].W[2][0], layers[k].b[1] * x[0], 1e-15, `W[2][0] of layer ${k}`);
    expectClose(gs[k].b[1], layers[k].W[2][0] * x[0], 1e-15, `b[1] of layer ${k}`);
  }
  expect(gs[1].W.flat().every((v: number) => v === 0)).toBe(true);
  const [gWs, gx0] = f.gc([[[1, 2]], [[3]]], [0.5]);
  expect(gWs).toEqual([[[0.5, 0]], [[0.5]]]);
  expect(gx0).toEqual([4]);
});
