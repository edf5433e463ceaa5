/**
 * Methods of classes (packages/core/src/lower/methods.ts), inlined where they are called with 'this' bound to the
 * object's fields: methods calling methods, returning numbers or arrays, static methods, a class from another
 * module, a subclass that overrides another method. References: the same program written with top-level functions
 * that take the object (an independent route: calls through split sweeps), central differences, forward mode and
 * the Hessian.
 */
import { compile } from "../helpers/compile";
import { centralDifference, relativeError } from "../helpers/check";
import { checkBothWays } from "../helpers/shaped";

const layer = `
export class Layer {
  w: Float64Array;
  b: number;
  label = "hidden";
  constructor(w: Float64Array, b: number) {
    this.w = w;
    this.b = b;
  }
  static squash(t: number): number {
    return t / (1 + Math.abs(t));
  }
  activate(t: number): number {
    return Math.tanh(t) + 0.1 * this.b * t;
  }
  forward(x: Float64Array): number {
    let s = this.b;
    for (let i = 0; i < x.length; i++) s += this.w[i] * x[i];
    return this.activate(s);
  }
  scaled(k: number): Float64Array {
    return this.w.map((v) => Layer.squash(v * k) + this.b);
  }
  norm(): number {
    return this.w.reduce((s, v) => s + v * v, 0);
  }
}
export class Wide extends Layer {
  norm(): number {
    return 0;
  }
}
`;

const withMethods = `
import { grad, hessian, jvp } from "cotangent";
import { Layer } from "./layer";
// @differentiate
export function loss(model: Layer, x: Float64Array): number {
  const y = model.forward(x);
  const s = model.scaled(2);
  return y * y + s[0] * s[1] + Layer.squash(x[0]);
}
export const g = grad(loss, [0, 1]);
export const h = hessian(loss, 1);
export const t = (model: Layer, x: Float64Array, dw: Float64Array, db: number, dx: Float64Array) =>
  jvp(loss, [model, x], [{ w: dw, b: db }, dx]);
`;

const topLevel = `
import { grad } from "cotangent";
import { Layer } from "./layer";
function squash(t: number): number {
  return t / (1 + Math.abs(t));
}
function activate(m: Layer, t: number): number {
  return Math.tanh(t) + 0.1 * m.b * t;
}
function forward(m: Layer, x: Float64Array): number {
  let s = m.b;
  for (let i = 0; i < x.length; i++) s += m.w[i] * x[i];
  return activate(m, s);
}
// @differentiate
export function loss(model: Layer, x: Float64Array): number {
  const y = forward(model, x);
  const s0 = squash(model.w[0] * 2) + model.b;
  const s1 = squash(model.w[1] * 2) + model.b;
  return y * y + s0 * s1 + squash(x[0]);
}
export const g = grad(loss, [0, 1]);
`;

const out = compile({ "layer.ts": layer, "methods.ts": withMethods, "topLevel.ts": topLevel });

test("methods inlined with 'this' bound to the object: the same gradients as top-level functions, and differences", () => {
  expect(out.diagnostics).toEqual([]);
  const classes = out.load("layer.ts");
  const ours = out.load("methods.ts");
  const theirs = out.load("topLevel.ts");
  const model = new classes.Layer(Float64Array.from([0.4, -0.9, 0.25]), 0.3);
  const x = Float64Array.from([1.2, 0.5, -0.7]);
  expect(relativeError(ours.loss(model, x), theirs.loss(model, x))).toBeLessThan(1e-15);
  const [gm, gx] = ours.g(model, x);
  const [rm, rx] = theirs.g(model, x);
  // The gradient of an object has its differentiable fields: not its string field, not its methods.
  expect(Object.keys(gm)).toEqual(["w", "b"]);
  Array.from(gm.w as Float64Array).forEach((v, i) => expect(relativeError(v, rm.w[i])).toBeLessThan(1e-14));
  expect(relativeError(gm.b, rm.b)).toBeLessThan(1e-14);
  Array.from(gx as Float64Array).forEach((v, i) => expect(relativeError(v, rx[i])).toBeLessThan(1e-14));
  // Central differences in every field and input, with the object rebuilt around the perturbed values.
  const leaves = [...model.w, model.b, ...x];
  const f = (...v: number[]) =>
    ours.loss(new classes.Layer(Float64Array.from(v.slice(0, 3)), v[3]), Float64Array.from(v.slice(4)));
  const gradient = [...gm.w, gm.b, ...gx];
  leaves.forEach((_, i) => {
    const unit = leaves.map((__, j) => (j === i ? 1 : 0));
    expect(Math.abs(centralDifference(f, leaves, unit) - gradient[i])).toBeLessThan(1e-7);
  });
  // Forward mode and the Hessian go through the same inlined methods.
  const [, dot] = ours.t(model, x, Float64Array.from([1, 0, 0]), 0, Float64Array.from([0, 0, 1]));
  expect(relativeError(dot, gm.w[0] + gx[2])).toBeLessThan(1e-14);
  const hessian = ours.h(model, x) as number[][];
  const column = (j: number) => {
    const unit = Float64Array.from(x, (_, i) => (i === j ? 1e-5 : 0));
    const plus = Float64Array.from(x, (v, i) => v + unit[i]);
    const minus = Float64Array.from(x, (v, i) => v - unit[i]);
    return Array.from(ours.g(model, plus)[1] as Float64Array, (v, i) => (v - ours.g(model, minus)[1][i]) / 2e-5);
  };
  [0, 1, 2].forEach((j) => column(j).forEach((v, i) => expect(Math.abs(v - hessian[i][j])).toBeLessThan(1e-6)));
});

test("a method that a subclass replaces, by a method or by a property, is refused (TS990061)", () => {
  const refused = compile({
    "shapes.ts": `
import { grad } from "cotangent";
class Shape {
  size = 1;
  area(): number {
    return this.size * this.size;
  }
  perimeter(): number {
    return 4 * this.size;
  }
}
class Circle extends Shape {
  area(): number {
    return Math.PI * this.size * this.size;
  }
}
class Odd extends Circle {
  perimeter = () => 0;
}
// @differentiate
export function f(shape: Shape, x: number): number {
  return shape.area() * x + shape.perimeter();
}
export const g = grad(f, 1);
`,
  });
  const text =
    "a class of the program overrides it, so which body runs depends on the object's class at run time. Call a top-level function that takes the object instead.";
  expect(refused.diagnostics).toEqual([
    `shapes.ts:22:10 - error TS990061: Cannot differentiate through the method 'area': ${text}`,
    `shapes.ts:22:29 - error TS990061: Cannot differentiate through the method 'perimeter': ${text}`,
  ]);
});

test("an overridden method on an object just made by 'new' runs its class's body, which is known (TS990061 otherwise)", () => {
  const source = `
import { grad } from "cotangent";
export class Shape {
  constructor(public scale: number) {}
  area(): number {
    return this.scale * this.scale;
  }
  perimeter(): number {
    return 4 * this.scale;
  }
}
export class Circle extends Shape {
  constructor(public r: number) {
    super(r);
  }
  area(): number {
    return Math.PI * this.r * this.r;
  }
}
// @differentiate
export function cost(r: number, w: number): number {
  const c: Shape = new Shape(r * w);
  return c.area() + c.perimeter() + new Shape(w).area();
}
export const g = grad(cost, [0, 1]);
`;
  const out = compile({ "main.ts": source });
  expect(out.diagnostics).toEqual([]);
  // cost = (rw)² + 4rw + w²: ∂r = 2rw² + 4w, ∂w = 2r²w + 4r + 2w.
  const [r, w] = [0.7, 1.3];
  const [gr, gw] = out.load("main.ts").g(r, w) as [number, number];
  expect(relativeError(gr, 2 * r * w * w + 4 * w)).toBeLessThan(1e-15);
  expect(relativeError(gw, 2 * r * r * w + 4 * r + 2 * w)).toBeLessThan(1e-15);
});

test("getters run their bodies with 'this' the object's fields: a getter is never taken for a stored field", () => {
  const out = compile({
    "square.ts": `
import { grad } from "cotangent";
export class Square {
  size = 1;
  w = new Float64Array(2);
  get area(): number {
    return this.size * this.size;
  }
  get weights(): Float64Array {
    return this.w;
  }
  get doubled(): Float64Array {
    return this.w.map((v) => 2 * v * this.size);
  }
}
// @differentiate
export function f(s: Square, x: number): number {
  const w = s.weights;
  w[1] = w[1] * x;
  return s.area * x + s.weights[1] + s.doubled[0];
}
export const g = grad(f, [0, 1]);
`,
  });
  expect(out.diagnostics).toEqual([]);
  const m = out.load("square.ts");
  const square = () => {
    const s = new m.Square();
    s.size = 3;
    s.w.set([0.5, -2]);
    return s;
  };
  // f = size²·x + w1·x + 2·w0·size, and w1 is scaled in place (weights is w itself).
  const [size, w0, w1, x] = [3, 0.5, -2, 2];
  const s = square();
  expect(m.f(s, x)).toBe(size * size * x + w1 * x + 2 * w0 * size);
  expect(Array.from(s.w)).toEqual([w0, w1 * x]);
  const [gs, gx] = m.g(square(), x);
  expect(Object.keys(gs)).toEqual(["size", "w"]);
  expect(gs.size).toBe(2 * size * x + 2 * w0);
  expect(Array.from(gs.w)).toEqual([2 * size, x]);
  expect(gx).toBe(size * size + w1);
});

test("objects constructed in the function: parameter properties, field initializers, the constructor's body", () => {
  const out = compile({
    "model.ts": `
export class Linear {
  scale = 2;
  label = "hidden";
  bias: number;
  constructor(
    public w: Float64Array,
    b: number,
  ) {
    if (w.length === 0) throw new RangeError("no weights");
    this.label = "output";
    this.bias = b * this.scale;
  }
  forward(x: Float64Array): number {
    let s = this.bias;
    for (let i = 0; i < x.length; i++) s += this.w[i] * x[i];
    return Math.tanh(s);
  }
}
export class Accumulator {
  parts = new Float64Array(2);
  total = 0;
  add(v: number): void {
    this.parts[0] += v;
    this.total += v;
  }
}
`,
    "main.ts": `
import { grad, jvp } from "cotangent";
import { Accumulator, Linear } from "./model";
// @differentiate
export function f(p: Float64Array, x: Float64Array): number {
  const layer = new Linear(p.slice(0, 2), p[2]);
  const acc = new Accumulator();
  acc.add(layer.forward(x));
  acc.add(p[0] * p[0]);
  return acc.total + acc.parts[0];
}
export const g = grad(f, [0, 1]);
export const t = (p: Float64Array, x: Float64Array, dp: Float64Array) => jvp(f, [p, x], [dp, new Float64Array(2)]);
`,
  });
  expect(out.diagnostics).toEqual([]);
  const m = out.load("main.ts");
  const [w0, w1, b] = [0.3, -0.5, 0.2];
  const [x0, x1] = [1.5, 0.7];
  // f = 2·(tanh(w·x + 2b) + w0²).
  const th = Math.tanh(w0 * x0 + w1 * x1 + 2 * b);
  const p = Float64Array.from([w0, w1, b]);
  const x = Float64Array.from([x0, x1]);
  expect(relativeError(m.f(p, x), 2 * (th + w0 * w0))).toBeLessThan(1e-15);
  const [gp, gx] = m.g(p, x);
  const sech2 = 1 - th * th;
  [2 * (sech2 * x0 + 2 * w0), 2 * sech2 * x1, 4 * sech2].forEach((e, i) =>
    expect(relativeError(gp[i], e)).toBeLessThan(1e-14),
  );
  [2 * sech2 * w0, 2 * sech2 * w1].forEach((e, i) => expect(relativeError(gx[i], e)).toBeLessThan(1e-14));
  const [, dot] = m.t(p, x, Float64Array.from([0, 0, 1]));
  expect(relativeError(dot, gp[2])).toBeLessThan(1e-14);
  expect(() => m.g(new Float64Array(0), x)).toThrow(new RangeError("no weights"));
});

test("array fields built by the class: 'hist: number[] = []' grown by push in a method, a literal in the constructor", () => {
  const out = compile({
    "main.ts": `
import { grad } from "cotangent";
class Tracker {
  hist: number[] = [];
  weights: number[];
  constructor(w: number) {
    this.weights = [w, 2 * w];
  }
  record(v: number): number {
    this.hist.push(v);
    return v * this.weights[1];
  }
  energy(): number {
    let s = 0;
    for (const h of this.hist) s += h * h;
    return s * this.weights[0];
  }
}
// @differentiate
export function f(x: number, w: number): number {
  const t = new Tracker(w);
  t.record(x * x);
  t.record(Math.sin(x));
  return t.record(x) + t.energy() * t.hist.length;
}
export const g = grad(f, [0, 1]);
`,
  });
  expect(out.diagnostics).toEqual([]);
  const m = out.load("main.ts");
  const [x, w] = [0.7, -1.3];
  // f = 2wx + 3w·(x⁴ + sin²x + x²)
  const energy = x ** 4 + Math.sin(x) ** 2 + x * x;
  expect(relativeError(m.f(x, w), 2 * w * x + 3 * w * energy)).toBeLessThan(1e-15);
  const [gx, gw] = m.g(x, w);
  expect(relativeError(gx, 2 * w + 3 * w * (4 * x ** 3 + 2 * Math.sin(x) * Math.cos(x) + 2 * x))).toBeLessThan(1e-14);
  expect(relativeError(gw, 2 * x + 3 * energy)).toBeLessThan(1e-14);
  expect(
    relativeError(
      gx,
      centralDifference((t) => m.f(t, w), [x], [1]),
    ),
  ).toBeLessThan(1e-8);
});

test("a constructor that constructs another object of its class is refused (TS990059), not inlined forever", () => {
  const refused = compile({
    "tree.ts": `
import { grad } from "cotangent";
class Tree {
  v = 0;
  constructor(x: number, depth: number) {
    this.v = x;
    if (depth > 0) {
      const child = new Tree(2 * x, depth - 1);
      this.v += child.v;
    }
  }
}
// @differentiate
export function f(x: number): number {
  const tree = new Tree(x, 2);
  return tree.v;
}
export const g = grad(f);
`,
  });
  expect(refused.diagnostics).toContain(
    "tree.ts:8:21 - error TS990059: 'Tree' calls itself, directly or through other functions, but it is inlined where it is called (a function returning an array, a method, a constructor), so it cannot be recursive. Write the recursion as a top-level function that returns a number, or one that writes its result into an array parameter ('function f(…, out: Float64Array): void').",
  );
  expect(refused.diagnostics.some((d) => d.includes("TS990010"))).toBe(false);
});

test("method chains on objects built in place ('p.add(q).scale(2)', 'new V2(x, y).norm'): the program over numbers", () => {
  const vectors = `
class V2 {
  constructor(public x: number, public y: number) {}
  add(o: V2): V2 { return new V2(this.x + o.x, this.y + o.y); }
  scale(k: number): V2 { return new V2(this.x * k, this.y * k); }
  dot(o: V2): number { return this.x * o.x + this.y * o.y; }
  get norm(): number { return Math.hypot(this.x, this.y); }
}
// @differentiate
export function f(x: number, y: number): number {
  const p = new V2(x, y);
  const q = p.add(p.scale(0.5)).add(new V2(y, x));
  let s = 0;
  for (let i = 0; i < 2; i++) s += q.scale(i + 1).add(p).dot(p) + new V2(x * i, y).norm;
  return s + p.scale(2).norm * q.dot(p.add(q));
}`;
  const numbers = `
// @differentiate
export function f(x: number, y: number): number {
  const qx = 1.5 * x + y;
  const qy = 1.5 * y + x;
  let s = 0;
  for (let i = 0; i < 2; i++) s += (qx * (i + 1) + x) * x + (qy * (i + 1) + y) * y + Math.hypot(x * i, y);
  return s + Math.hypot(2 * x, 2 * y) * (qx * (x + qx) + qy * (y + qy));
}`;
  const points = [[0.7, -0.4] as const, [-1.3, 0.2] as const];
  const chained = checkBothWays(vectors, "f", "x: number, y: number", points);
  const written = checkBothWays(numbers, "f", "x: number, y: number", points);
  chained.forEach((gradient, p) =>
    gradient.forEach((g, i) => expect(relativeError(g as number, written[p][i] as number)).toBeLessThan(1e-13)),
  );
});

test("classes with '#private', 'private' and readonly array fields, constructed in the function", () => {
  const out = compile({
    "main.ts": `
import { grad } from "cotangent";
class Scaler {
  #k: number;
  private bias = 0.5;
  readonly hist: number[] = [];
  constructor(k: number) {
    this.#k = k;
  }
  apply(x: number): number {
    this.hist.push(x);
    return this.#k * x + this.bias;
  }
  get k(): number {
    return this.#k;
  }
}
// @differentiate
export function f(x: number, k: number): number {
  const s = new Scaler(k);
  return s.apply(x) * s.k + s.hist.length;
}
export const g = grad(f, [0, 1]);
`,
  });
  expect(out.diagnostics).toEqual([]);
  const m = out.load("main.ts");
  const [x, k] = [0.7, 1.3];
  // f = (kx + 0.5)·k + 1
  expect(m.f(x, k)).toBeCloseTo((k * x + 0.5) * k + 1, 14);
  const [gx, gk] = m.g(x, k);
  expect(relativeError(gx, k * k)).toBeLessThan(1e-15);
  expect(relativeError(gk, 2 * k * x + 0.5)).toBeLessThan(1e-15);
});

test("a fluent method ('add(v): this', returning this) called as a statement: the program over numbers", () => {
  const fluent = `
class Acc {
  s = 0;
  add(v: number): this {
    if (v < 0) return this;
    this.s += v;
    return this;
  }
}
// @differentiate
export function f(x: number, y: number): number {
  const a = new Acc();
  a.add(x * x);
  a.add(-y);
  a.add(Math.sin(x * y));
  return a.s * y;
}`;
  const numbers = `
// @differentiate
export function f(x: number, y: number): number {
  let s = x * x;
  if (Math.sin(x * y) >= 0) s += Math.sin(x * y);
  return s * y;
}`;
  const points = [[0.7, 0.4] as const, [1.3, 2.9] as const];
  const chained = checkBothWays(fluent, "f", "x: number, y: number", points);
  const written = checkBothWays(numbers, "f", "x: number, y: number", points);
  chained.forEach((gradient, p) =>
    gradient.forEach((g, i) => expect(relativeError(g as number, written[p][i] as number)).toBeLessThan(1e-13)),
  );
});

test("a class's own methods named like array methods ('push', 'fill', 'sort', 'reverse') are the class's", () => {
  const source = `
import { grad } from "cotangent";
class Acc {
  total = 0;
  push(v: number): void { this.total += v; }
  fill(v: number): void { this.total = v; }
  sort(): number { return this.total * 2; }
  reverse(): number { return -this.total; }
}
// @differentiate
export function f(x: number): number {
  const a = new Acc();
  a.fill(x);
  a.push(x * x);
  return a.sort() + a.reverse() * x;
}
export const g = grad(f);
`;
  const out = compile({ "main.ts": source });
  expect(out.diagnostics).toEqual([]);
  const m = out.load("main.ts");
  // f = 2(x + x²) − (x + x²)·x, f' = 2 + 2x − 3x².
  for (const x of [1.5, -0.7]) {
    expect(relativeError(m.f(x), 2 * x + x * x - x ** 3)).toBeLessThan(1e-15);
    expect(relativeError(m.g(x), 2 + 2 * x - 3 * x * x)).toBeLessThan(1e-15);
  }
});
