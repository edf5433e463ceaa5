/**
 * Destructuring (packages/core/src/lower/destructure.ts), in declarations and in parameters: object patterns, nested
 * patterns, renamed fields, tuple patterns over tuple fields, array patterns over typed arrays and `number[]`, and
 * a pattern over an object literal. References: the same function written with plain field reads (an independent lowering), central
 * differences over every leaf, and the dot-product test between jvp and vjp. Numbers are copied: assigning to a
 * destructured name changes neither the object nor the gradient of what reads the object.
 */
import { compile } from "../helpers/compile";
import { centralDifference, relativeError, rng } from "../helpers/check";
import { leaves, rebuild } from "../helpers/tree";
import { checkBothWays } from "../helpers/shaped";

const source = `
import { grad, jvp, vjp } from "cotangent";

export interface Layer {
  w: Float64Array;
  b: number;
  name: string;
}

export interface Net {
  layer: Layer;
  scale: number;
  pair: [number, number];
  taps: number[];
}

// @differentiate
export function destructured(net: Net, x: Float64Array): number {
  const { layer: { w, b: bias }, scale, pair: [p, q] } = net;
  const [x0, , x2] = x;
  const [t0, t1] = net.taps;
  let { offset } = { offset: bias * 2 + t0 * t1 };
  offset += p * q;
  let s = offset;
  for (let i = 0; i < w.length; i++) s += w[i] * x[i];
  return scale * Math.tanh(s) + x0 * x2;
}

// @differentiate
export function plain(net: Net, x: Float64Array): number {
  let offset = net.layer.b * 2 + net.taps[0] * net.taps[1];
  offset += net.pair[0] * net.pair[1];
  let s = offset;
  for (let i = 0; i < net.layer.w.length; i++) s += net.layer.w[i] * x[i];
  return net.scale * Math.tanh(s) + x[0] * x[2];
}

/** A destructured number is a copy: 'b += 1' leaves 'layer.b' as it was. */
// @differentiate
export function copied(layer: Layer): number {
  let { b } = layer;
  b += 1;
  b *= layer.b;
  return b + layer.b;
}

/** The same function with its parameters destructured. */
// @differentiate
export function inParameters({ layer: { w, b: bias }, scale, pair: [p, q], taps }: Net, [x0, x1, x2]: Float64Array): number {
  let offset = bias * 2 + taps[0] * taps[1];
  offset += p * q;
  let s = offset;
  s += w[0] * x0 + w[1] * x1 + w[2] * x2;
  return scale * Math.tanh(s) + x0 * x2;
}

/** Destructured parameters of one type, and a plain one of that type's name: each flattened under its own name. */
// @differentiate
export function twoLayers({ w: first }: Layer, layer: Layer, { b }: Layer): number {
  let s = b;
  for (let i = 0; i < first.length; i++) s += first[i] * layer.w[i];
  return s * s;
}

/** A tuple parameter destructured, its type anonymous. */
// @differentiate
export function polar([r, theta]: [number, number]): number {
  return r * Math.cos(theta) + r * r * Math.sin(theta);
}

/** A callee with a destructured parameter: the caller passes the object field by field. */
function affine({ w, b }: Layer, x: Float64Array): number {
  let s = b;
  for (let i = 0; i < w.length; i++) s += w[i] * x[i];
  return s;
}

// @differentiate
export function viaCallee(layer: Layer, x: Float64Array): number {
  return Math.tanh(affine(layer, x)) * layer.b;
}

/** A recurrence written with destructuring assignments (of arrays and of objects), and the same with temporaries. */
// @differentiate
export function recurrence(x: number, y: number, v: Float64Array): number {
  let [a, b] = [x, y];
  for (let i = 0; i < 6; i++) [a, b] = [b, Math.sin(a) + b * x];
  let [c, , d] = v;
  [c, d] = [d, c];
  let lo = a;
  let hi = b;
  ({ lo, hi } = { lo: hi, hi: lo * x });
  const bounds = { lo: 2 * lo, top: hi + c };
  ({ lo, top: hi } = bounds);
  return lo * hi + c * v[1] - d;
}

// @differentiate
export function recurrencePlain(x: number, y: number, v: Float64Array): number {
  let a = x;
  let b = y;
  for (let i = 0; i < 6; i++) {
    const next = Math.sin(a) + b * x;
    a = b;
    b = next;
  }
  return 2 * b * (a * x + v[2]) + v[2] * v[1] - v[0];
}

export const gDestructured = grad(destructured, [0, 1]);
export const gRecurrence = grad(recurrence, [0, 1, 2]);
export const gRecurrencePlain = grad(recurrencePlain, [0, 1, 2]);
export const tRecurrence = (x: number, y: number, v: Float64Array, tx: number, ty: number, tv: Float64Array) =>
  jvp(recurrence, [x, y, v], [tx, ty, tv]);
export const gViaCallee = grad(viaCallee, [0, 1]);
export const gInParameters = grad(inParameters, [0, 1]);
export const tInParameters = (net: Net, x: Float64Array, tNet: Net, tx: Float64Array) =>
  jvp(inParameters, [net, x], [tNet, tx]);
export const gPolar = grad(polar);
export const gTwoLayers = grad(twoLayers, [0, 1, 2]);
export const gPlain = grad(plain, [0, 1]);
export const tDestructured = (net: Net, x: Float64Array, tNet: Net, tx: Float64Array) =>
  jvp(destructured, [net, x], [tNet, tx]);
export const pDestructured = (net: Net, x: Float64Array) => vjp(destructured, net, x);
export const gCopied = grad(copied);
`;

const out = compile({ "main.ts": source });
const m = out.load("main.ts");

const net = () => ({
  layer: { w: Float64Array.from([0.3, -0.2, 0.5]), b: 0.1, name: "hidden" },
  scale: 1.5,
  pair: [0.4, -0.7] as [number, number],
  taps: [0.2, 0.9],
});
const x = () => Float64Array.from([0.5, 0.9, -0.3]);

/** A random tangent shaped like (net, x). */
function direction(seed: number): [ReturnType<typeof net>, Float64Array] {
  const random = rng(seed);
  const point: [ReturnType<typeof net>, Float64Array] = [net(), x()];
  return rebuild(
    point,
    leaves(point).map(() => random() - 0.5),
  );
}

/** ⟨u, g⟩ over the leaves of u. */
const inner = (u: unknown, g: readonly number[]) => leaves(u).reduce((sum, ui, k) => sum + ui * g[k], 0);

test("compiles without diagnostics", () => {
  expect(out.diagnostics).toEqual([]);
});

test("the gradient equals the plain version's and central differences over every leaf", () => {
  const [dNet, dx] = m.gDestructured(net(), x());
  const [pNet, px] = m.gPlain(net(), x());
  const ours = leaves([dNet, dx]);
  leaves([pNet, px]).forEach((g, k) => expect(relativeError(ours[k], g)).toBeLessThan(1e-14));
  const point = leaves([net(), x()]);
  const at = (...values: number[]) => {
    const [n, v] = rebuild([net(), x()], values);
    return m.destructured(n, v) as number;
  };
  point.forEach((_, k) => {
    const e = point.map((__, j) => (j === k ? 1 : 0));
    expect(Math.abs(ours[k] - centralDifference(at, point, e))).toBeLessThan(1e-8);
  });
});

test("destructured parameters: the same gradient, in the parameters' shapes, and the same tangent", () => {
  const [dNet, dx] = m.gInParameters(net(), x());
  const [pNet, px] = m.gPlain(net(), x());
  expect(Object.keys(dNet).sort()).toEqual(["layer", "pair", "scale", "taps"]);
  expect(dx).toBeInstanceOf(Float64Array);
  const ours = leaves([dNet, dx]);
  leaves([pNet, px]).forEach((g, k) => expect(relativeError(ours[k], g)).toBeLessThan(1e-14));
  const u = direction(5);
  const [, ju] = m.tInParameters(net(), x(), u[0], u[1]);
  expect(relativeError(ju, inner(u, ours))).toBeLessThan(1e-12);
  // r·cos θ + r²·sin θ: (cos θ + 2r·sin θ, −r·sin θ + r²·cos θ).
  const [r, theta] = [0.8, 0.3];
  const [dr, dTheta] = m.gPolar([r, theta]);
  expect(relativeError(dr, Math.cos(theta) + 2 * r * Math.sin(theta))).toBeLessThan(1e-14);
  expect(relativeError(dTheta, -r * Math.sin(theta) + r * r * Math.cos(theta))).toBeLessThan(1e-14);
});

test("destructured parameters of one type beside a plain parameter of that type's name", () => {
  const a = { w: Float64Array.from([0.5, -1]), b: 0.3, name: "a" };
  const layer = { w: Float64Array.from([2, 0.25]), b: 0.7, name: "layer" };
  const c = { w: Float64Array.from([9, 9]), b: -0.2, name: "c" };
  const [da, dLayer, dc] = m.gTwoLayers(a, layer, c);
  // (c.b + a.w·layer.w)²: 2s·layer.w, 2s·a.w, 2s, and nothing for the fields not read.
  const s = c.b + a.w[0] * layer.w[0] + a.w[1] * layer.w[1];
  expect(Array.from(da.w as Float64Array)).toEqual([2 * s * layer.w[0], 2 * s * layer.w[1]]);
  expect(Array.from(dLayer.w as Float64Array)).toEqual([2 * s * a.w[0], 2 * s * a.w[1]]);
  expect(dc.b).toBe(2 * s);
  expect([da.b, dLayer.b, ...Array.from(dc.w as Float64Array)]).toEqual([0, 0, 0, 0]);
});

test("a callee with a destructured parameter, in reverse mode through its split sweeps", () => {
  const layer = net().layer;
  const input = x();
  const [dLayer, dx] = m.gViaCallee(layer, input);
  const a = layer.b + layer.w.reduce((s: number, w: number, i: number) => s + w * input[i], 0);
  const sech2 = 1 - Math.tanh(a) ** 2;
  expect(relativeError(dLayer.b, sech2 * layer.b + Math.tanh(a))).toBeLessThan(1e-14);
  Array.from(dLayer.w as Float64Array).forEach((g, i) =>
    expect(relativeError(g, sech2 * layer.b * input[i])).toBeLessThan(1e-14),
  );
  Array.from(dx as Float64Array).forEach((g, i) =>
    expect(relativeError(g, sech2 * layer.b * layer.w[i])).toBeLessThan(1e-14),
  );
});

test("the dot-product test between jvp and vjp", () => {
  const u = direction(3);
  const [, ju] = m.tDestructured(net(), x(), u[0], u[1]);
  const [, pullback] = m.pDestructured(net(), x());
  const w = 0.7;
  expect(relativeError(ju * w, inner(u, leaves(pullback(w))))).toBeLessThan(1e-12);
});

test("destructuring assignments compute every value first: a recurrence, a swap, objects' fields", () => {
  const v = Float64Array.from([0.3, -0.6, 1.1]);
  expect(m.recurrence(0.7, 0.4, v)).toBe(m.recurrencePlain(0.7, 0.4, v));
  const ours = leaves(m.gRecurrence(0.7, 0.4, v));
  const plainGradient = leaves(m.gRecurrencePlain(0.7, 0.4, v));
  plainGradient.forEach((g, k) => expect(relativeError(ours[k], g)).toBeLessThan(1e-14));
  const point = [0.7, 0.4, ...v];
  const at = (...p: number[]) => m.recurrence(p[0], p[1], Float64Array.from(p.slice(2))) as number;
  point.forEach((_, k) => {
    const e = point.map((__, j) => (j === k ? 1 : 0));
    expect(Math.abs(ours[k] - centralDifference(at, point, e))).toBeLessThan(1e-8);
    const [, directional] = m.tRecurrence(0.7, 0.4, v, e[0], e[1], Float64Array.from(e.slice(2)));
    expect(relativeError(directional, ours[k])).toBeLessThan(1e-12);
  });
});

test("destructuring assignments into array elements: a swap and a rotation, values held before any store", () => {
  const [[g]] = checkBothWays(
    `
// @differentiate
export function shuffled(x: Float64Array): number {
  const y = x.slice();
  [y[0], y[2]] = [y[2], y[0]];
  const z: number[] = [x[0] * x[1], x[1], x[2]];
  [z[0], z[1], z[2]] = [z[1], z[2], z[0]];
  return y[0] * 3 + y[2] + z[0] * z[2] + z[1];
}`,
    "shuffled",
    "x: Float64Array",
    [[Float64Array.from([0.4, -1.1, 0.9])]],
  );
  // y = [x2, x1, x0], z = [x1, x2, x0·x1]: f = 3·x2 + x0 + x0·x1² + x2
  const [a, b] = [0.4, -1.1];
  [1 + b * b, 2 * a * b, 4].forEach((e, i) => expect(relativeError((g as Float64Array)[i], e)).toBeLessThan(1e-14));
});

test("a destructured number is a copy of the field", () => {
  const layer = net().layer;
  // (b + 1)·b + b: derivative 2b + 2.
  expect(m.copied(layer)).toBeCloseTo((0.1 + 1) * 0.1 + 0.1, 15);
  expect(layer.b).toBe(0.1);
  expect(relativeError(m.gCopied(layer).b, 2 * 0.1 + 2)).toBeLessThan(1e-14);
});

test("defaults, rest elements and computed keys: TS990057 at the element; arrays given other names: TS990075", () => {
  const rebinding =
    "would leave two names for one array (another variable, a field, a closure, or a loop or method still walking the old one), which Cotangent does not follow. Assign a new array ('y = next.slice()', 'y = y.map(f)') to a local declared as a new array ('let y = x.slice()', not 'let y = x'), outside loops over it; a 'const' declared just before in the same block and read nowhere afterwards may be assigned as it is, and local arrays may trade places ('[a, b] = [b, a]').";
  const refused = compile({
    "bad.ts": `
import { grad } from "cotangent";
// @differentiate
export function f(p: { a: number; b: number }, x: Float64Array): number {
  const { a = 1 } = p;
  const [x0, ...rest] = x;
  const { ["b"]: b } = p;
  let u = new Float64Array(2);
  let w = new Float64Array(2);
  [u, w] = [w, w];
  let c = 0;
  ({ c = 2 } = p as { a: number; b: number; c?: number });
  ({ u } = { u: w });
  return a * x0 * b + rest.length + u[0] * w[0] + c;
}
export const g = grad(f);
`,
  });
  expect(refused.diagnostics).toEqual([
    "bad.ts:5:11 - error TS990057: Cannot destructure 'a = 1' yet: default values, rest elements, computed keys and values other than objects, tuples and arrays are not supported. Read the fields one by one ('const a = o.a').",
    "bad.ts:6:14 - error TS990057: Cannot destructure '...rest' yet: default values, rest elements, computed keys and values other than objects, tuples and arrays are not supported. Read the fields one by one ('const a = o.a').",
    "bad.ts:7:11 - error TS990057: Cannot destructure '[\"b\"]: b' yet: default values, rest elements, computed keys and values other than objects, tuples and arrays are not supported. Read the fields one by one ('const a = o.a').",
    `bad.ts:10:3 - error TS990075: '[u, w] = [w, w]' ${rebinding}`,
    "bad.ts:12:6 - error TS990057: Cannot destructure 'c = 2' yet: default values, rest elements, computed keys and values other than objects, tuples and arrays are not supported. Read the fields one by one ('const a = o.a').",
    `bad.ts:13:4 - error TS990075: '{ u } = { u: w }' ${rebinding}`,
  ]);
});

test("an object's array field as a destructuring target, or given a new array, is TS990095 with the spread advice", () => {
  const out = compile({
    "main.ts": `
import { grad } from "cotangent";
function step(p: number[], v: number): [number[], number] {
  return [p.map((q) => q * v), v * 2];
}
// @differentiate
export function f(x: number[]): number {
  const s = { pos: x.slice(), t: 0 };
  const v = [1, 2];
  [s.pos, v[0]] = step(x, x[0]);
  s.pos = x.map((q) => q * 3);
  return s.pos[0] + v[0];
}
export const g = grad(f);`,
  });
  const advice =
    "error TS990095: Cannot give 's.pos' a new array: Cotangent follows the array an object's field holds from where the object is made. Write into its elements ('s.pos[i] = …'), or make a new object in a 'let' variable ('s = { ...s, pos: next }').";
  expect(out.diagnostics).toEqual([`main.ts:10:4 - ${advice}`, `main.ts:11:3 - ${advice}`]);
});
