/**
 * Optional number parameters (`k?: number`): read through `k ?? c`, `k === undefined`, `k != null` and narrowed
 * reads, left out by the markers' callers and by calls in differentiated code, whose derivative in k is 0 when it is
 * left out. References: closed forms, central differences, the dot-product test, and the printed TypeScript checked
 * without the plugin.
 */
import { centralDifference, relativeError } from "../helpers/check";
import { compile, printTransformed } from "../helpers/compile";

const source = `import { grad, gradInto, hessian, jvp, valueAndGrad, vjp } from "cotangent";

// @differentiate
export function scaled(x: number[], k?: number): number {
  const c = k ?? 2;
  let s = 0;
  for (const v of x) s += c * v * v;
  return s;
}
// @differentiate
export function branch(x: number, k?: number): number {
  if (k === undefined) return x * x;
  return k != null ? k * x * x * x : 0;
}
// @differentiate
export function loop(x: number, k?: number): number {
  let s = x;
  while (s < 5) s = s * (k !== undefined ? k : 1.5) + 0.1;
  return s * x;
}
// Calls that leave the parameter out, or pass it: split sweeps of the callees.
// @differentiate
export function caller(x: number): number {
  return branch(x) + branch(x, 3) + scaled([x, 2 * x]) + scaled([x], x) + loop(x) * loop(x, 1.7);
}
export const dScaled = grad(scaled, [0, 1]);
export const vgBranch = valueAndGrad(branch, [0, 1]);
export const dCaller = grad(caller);
export const tCaller = (x: number) => jvp(caller, [x], [1]);
export const hCaller = hessian(caller);
export const tScaled = (x: number[], u: number[]) => jvp(scaled, [x], [u]);
export const tScaledK = (x: number[], k: number, u: number[], w: number) => jvp(scaled, [x, k], [u, w]);
export const pScaled = (x: number[]) => vjp(scaled, x)[1](1);
export const intoScaled = gradInto(scaled);
`;

const m = (() => {
  const out = compile({ "main.ts": source });
  if (out.diagnostics.length > 0) throw new Error(out.diagnostics.join("\n"));
  return out.load("main.ts");
})();
const close = (a: number, b: number, tol: number) => expect(relativeError(a, b)).toBeLessThanOrEqual(tol);

test("left out, the parameter takes the function's fallback, and its derivative is 0", () => {
  expect(m.dScaled([1, 2])).toEqual([[4, 8], 0]);
  expect(m.dScaled([1, 2], 3)).toEqual([[6, 12], 5]);
  expect(m.vgBranch(1.5)).toEqual([2.25, [3, 0]]);
  const [value, [dx, dk]] = m.vgBranch(1.5, 2);
  close(value, 6.75, 1e-15);
  close(dx, 13.5, 1e-15);
  close(dk, 3.375, 1e-15);
  const [v, t] = m.tScaled([1, 2], [1, 0]);
  expect([v, t]).toEqual([10, 4]);
  const [v2, t2] = m.tScaledK([1, 2], 3, [1, 0], 1);
  expect([v2, t2]).toEqual([15, 6 + 5]);
  expect(m.pScaled([1, 2])).toEqual([[4, 8], 0]);
  const out = [NaN, NaN];
  expect(m.intoScaled([1, 2], undefined, out)).toBe(10);
  expect(out).toEqual([4, 8]);
});

test("calls that leave it out or pass it, through both modes and the Hessian", () => {
  for (const x of [0.9, 1.3]) {
    const fd = centralDifference((t: number) => m.caller(t), [x], [1]);
    close(m.dCaller(x), fd, 1e-7);
    const [value, tangent] = m.tCaller(x);
    close(value, m.caller(x), 1e-15);
    close(tangent, m.dCaller(x), 1e-12);
    const fd2 = centralDifference((t: number) => m.dCaller(t), [x], [1]);
    close(m.hCaller(x), fd2, 1e-6);
  }
});

test("inlined functions with optional parameters: local arrows, helpers returning arrays, methods", () => {
  const files = {
    "main.ts": `import { grad } from "cotangent";
function scale(t: number[], p?: number): number[] { return t.map((v) => v * (p ?? 3)); }
class A {
  constructor(public w: number) {}
  s(t: number, p?: number): number { return this.w * t * (p ?? 1); }
}
// @differentiate
export function local(x: number): number { const sq = (t: number, p?: number) => t * (p ?? 2); return sq(x) + sq(x, x); }
// @differentiate
export function helper(x: number[]): number { return scale(x)[0] + scale(x, 2)[1]; }
// @differentiate
export function method(x: number, k?: number): number { const a = new A(x); return a.s(x) + a.s(x, 2) + a.s(x, k); }
// @differentiate
export function truthy(x: number, k?: number): number { return k ? x * k : x; }
// @differentiate
export function reassigned(x: number, k?: number): number { k = k ?? 2; return x * k; }
export const dLocal = grad(local);
export const dHelper = grad(helper);
export const dMethod = grad(method, [0, 1]);
export const dTruthy = grad(truthy, [0, 1]);
export const dReassigned = grad(reassigned, [0, 1]);
`,
  };
  const out = compile(files);
  expect(out.diagnostics).toEqual([]);
  expect(compile({ "main.ts": printTransformed(files).text["main.ts"] }).diagnostics).toEqual([]);
  const p = out.load("main.ts");
  // local = 2x + x²; helper = 3·x0 + 2·x1; method = x² + 2x² + x²·(k ?? 1).
  expect(p.dLocal(1.5)).toEqual(2 + 2 * 1.5);
  expect(p.dHelper([1.5, 2])).toEqual([3, 2]);
  expect(p.dMethod(1.5)).toEqual([2 * 1.5 * 4, 0]);
  expect(p.dMethod(1.5, 3)).toEqual([2 * 1.5 * 6, 1.5 * 1.5]);
  // 0 is falsy: 'k ? x * k : x' takes x.
  expect([p.dTruthy(2), p.dTruthy(2, 3), p.dTruthy(2, 0)]).toEqual([
    [1, 0],
    [3, 2],
    [1, 0],
  ]);
  expect([p.dReassigned(2), p.dReassigned(2, 3)]).toEqual([
    [2, 0],
    [3, 2],
  ]);
});

test("the printed TypeScript type-checks without the plugin", () => {
  const text = printTransformed({ "main.ts": source }).text["main.ts"];
  const out = compile({ "main.ts": text });
  expect(out.diagnostics).toEqual([]);
});

test("found by probing: assignments, defaults given an optional parameter, 'undefined' passed, Jacobians in it", () => {
  const src = `import { grad, hessian, jacfwd, jacrev, valueAndGrad } from "cotangent";
function q(t: number, a: number = 3): number { return t * a; }
function hk(t: number, k?: number): number { return k === undefined ? t : t * k; }
// The flag follows assignments.
// @differentiate
export function assigned(x: number, k?: number): number { k = x; return k ?? 1; }
// @differentiate
export function defaulted(x: number, k?: number): number { k = k ?? 2; return k === undefined ? 100 : x * k; }
// @differentiate
export function branch(x: number, k?: number): number { if (k === undefined) k = 2; return x * (k ?? 9); }
// @differentiate
export function looped(x: number, k?: number): number {
  let s = 0;
  for (let i = 0; i < 3; i++) {
    s += x * (k ?? 1);
    k = (k ?? 1) * x;
  }
  return s;
}
// @differentiate
export function incremented(x: number, k?: number): number { if (k !== undefined) { k += x; return k * x; } return x; }
// A default takes over where the optional parameter passed to it is undefined.
// @differentiate
export function passed(x: number, k?: number): number {
  const local = (t: number, a = 3) => t * a;
  return q(x, k) + local(x, k);
}
// 'undefined' leaves a parameter out.
// @differentiate
export function explicit(x: number): number { return hk(x, undefined) + q(x, undefined) + hk(x, 2); }
// @differentiate
export function cubic(x: number, k?: number): number { return x * x * (k ?? 3); }
export const vgAssigned = valueAndGrad(assigned);
export const vgDefaulted = valueAndGrad(defaulted);
export const vgBranch = valueAndGrad(branch);
export const vgLooped = valueAndGrad(looped, [0, 1]);
export const vgIncremented = valueAndGrad(incremented, [0, 1]);
export const vgPassed = valueAndGrad(passed, [0, 1]);
export const vgExplicit = valueAndGrad(explicit);
export const jf = jacfwd(cubic, [0, 1]);
export const jr = jacrev(cubic, 1);
export const h = hessian(cubic, [0, 1]);
`;
  const out = compile({ "main.ts": src });
  expect(out.diagnostics).toEqual([]);
  const p = out.load("main.ts");
  expect(p.vgAssigned(1.5)).toEqual([1.5, 1]);
  expect(p.vgDefaulted(1.5)).toEqual([3, 2]);
  expect(p.vgBranch(1.5)).toEqual([3, 2]);
  // k left out: s = x + x² + x³.
  const [value, [dx, dk]] = p.vgLooped(1.3);
  close(value, 1.3 + 1.3 ** 2 + 1.3 ** 3, 1e-15);
  close(dx, 1 + 2 * 1.3 + 3 * 1.3 ** 2, 1e-15);
  expect(dk).toBe(0);
  expect(p.vgIncremented(2, 3)).toEqual([10, [2 * 2 + 3, 2]]);
  expect(p.vgIncremented(2)).toEqual([2, [1, 0]]);
  expect(p.vgPassed(2)).toEqual([12, [6, 0]]);
  expect(p.vgPassed(2, 4)).toEqual([16, [8, 4]]);
  expect(p.vgExplicit(2)).toEqual([2 + 6 + 4, 1 + 3 + 2]);
  // cubic = x²·(k ?? 3): left out, the derivatives in k are 0.
  expect(p.jf(2)).toEqual([12, 0]);
  expect(p.jf(2, 1)).toEqual([4, 4]);
  expect(p.jr(2)).toBe(0);
  expect(p.h(2)).toEqual([
    [6, 0],
    [0, 0],
  ]);
  expect(p.h(2, 1)).toEqual([
    [2, 4],
    [4, 0],
  ]);
  // The printed TypeScript type-checks too.
  const printed = printTransformed({ "main.ts": src }).text["main.ts"];
  expect(compile({ "main.ts": printed }).diagnostics).toEqual([]);
});

test("an inlined function's optional parameter passed on, and a default that reads something", () => {
  const out = compile({
    "main.ts": `import { valueAndGrad } from "cotangent";
function g(x: number, k?: number): number { return x * x * (k ?? 4); }
// @differentiate
export function f(x: number, k?: number): number {
  const w = (t: number, p?: number) => g(t, p);
  return w(x) + w(x, 2) + (k ?? 0);
}
export const vg = valueAndGrad(f, [0, 1]);
`,
  });
  expect(out.diagnostics).toEqual([]);
  // 4x² + 2x² + k.
  const [value, [dx, dk]] = out.load("main.ts").vg(0.7);
  close(value, 6 * 0.49, 1e-15);
  close(dx, 12 * 0.7, 1e-15);
  expect(dk).toBe(0);
  const refused = compile({
    "main.ts": `// @differentiate
export function f(x: number, k?: number): number { const g = (t: number, p = x) => t * p; return g(x, k); }`,
  });
  expect(refused.diagnostics.join("\n")).toContain("TS990017: Parameter 'p'");
});

const options = `import { grad, jvp, vjp } from "cotangent";
export interface Options { l2?: number; scale?: number; inner: { shift?: number } }
function penalty(w: Float64Array, o: { l2?: number; scale?: number }): number {
  return (o.l2 ?? 0) * w[0] * w[0];
}
// @differentiate
export function loss(w: Float64Array, opts: Options): number {
  let s = 0;
  for (let i = 0; i < w.length; i++) s += w[i] * w[i] * (opts.scale ?? 1);
  if (opts.inner.shift !== undefined) s += opts.inner.shift * w[1];
  if (opts.scale !== undefined) s += opts.scale;
  const partial = { scale: 2 };
  return s + penalty(w, opts) + penalty(w, partial) * partial.scale;
}
export const g = grad(loss, [0, 1]);
export const tangent = (w: Float64Array, o: Options, dw: Float64Array, dopts: Options) => jvp(loss, [w, o], [dw, dopts]);
export const pullback = (w: Float64Array, o: Options) => vjp(loss, w, o);
`;

test("optional number fields of an object parameter (opts.l2 ?? 0, opts.scale !== undefined), given or left out", () => {
  const out = compile({ "main.ts": options });
  expect(out.diagnostics).toEqual([]);
  expect(compile({ "main.ts": printTransformed({ "main.ts": options }).text["main.ts"] }).diagnostics).toEqual([]);
  const m = out.load("main.ts");
  const w = new Float64Array([0.5, -1.5]);
  const sq = w[0] * w[0] + w[1] * w[1];
  // Hand-derived: s = Σw²·(scale ?? 1) + [shift·w₁] + [scale] + (l2 ?? 0)·w₀² (partial has no l2: 0).
  const cases = [
    { inner: {} },
    { l2: 0.25, inner: {} },
    { scale: 2, inner: {} },
    { l2: 0.5, scale: 3, inner: { shift: -2 } },
  ] as const;
  for (const o of cases) {
    const scale = "scale" in o ? o.scale : 1;
    const l2 = "l2" in o ? o.l2 : 0;
    const shift = "shift" in o.inner ? o.inner.shift : 0;
    const [gw, gopts] = m.g(w, o);
    const expectedW = [2 * w[0] * scale + 2 * l2 * w[0], 2 * w[1] * scale + shift];
    Array.from(gw as Float64Array).forEach((v, i) => expect(relativeError(v, expectedW[i])).toBeLessThan(1e-14));
    // A field left out has the derivative 0, as an optional parameter left out does.
    expect(relativeError(gopts.l2, "l2" in o ? w[0] * w[0] : 0)).toBeLessThan(1e-14);
    expect(relativeError(gopts.scale, "scale" in o ? sq + 1 : 0)).toBeLessThan(1e-14);
    expect(relativeError(gopts.inner.shift, "shift" in o.inner ? w[1] : 0)).toBeLessThan(1e-14);
    // Forward against reverse (a tangent object may leave optional fields out too), and the value.
    const dw = new Float64Array([0.3, -0.7]);
    const [value, dot] = m.tangent(w, o, dw, { l2: 0.2, inner: {} });
    const [pulledValue, back] = m.pullback(w, o);
    expect(value).toBe(m.loss(w, o));
    expect(pulledValue).toBe(value);
    const [bw, bopts] = back(1);
    const reverse = dw[0] * bw[0] + dw[1] * bw[1] + 0.2 * bopts.l2;
    expect(relativeError(dot, reverse)).toBeLessThan(1e-13);
    // Central differences in w.
    const fd = centralDifference((a: number, b: number) => m.loss(new Float64Array([a, b]), o), Array.from(w), [1, 0]);
    expect(relativeError(gw[0], fd)).toBeLessThan(1e-7);
  }
});

test("a local object of a type with optional fields, passed where they are read: the fields it has, the others left out", () => {
  const penalty = `
function penalty(w: Float64Array, o: { l2?: number }): number {
  return (o.l2 ?? 0) * w[0];
}
import { grad } from "cotangent";`;
  const given = compile({
    "main.ts": `${penalty}
// @differentiate
export function loss(w: Float64Array): number {
  const fixed: { l2?: number } = { l2: 3 };
  return penalty(w, fixed) * w[1];
}
export const g = grad(loss);`,
  });
  expect(given.diagnostics).toEqual([]);
  // loss = 3·w₀·w₁.
  expect(Array.from(given.load("main.ts").g(new Float64Array([0.5, -2])))).toEqual([-6, 1.5]);
  // A literal without the field: the field is left out where it is passed (nothing can give it one: a write into a
  // field a local object lacks is refused, TS990047).
  const left = compile({
    "main.ts": `${penalty}
// @differentiate
export function loss(w: Float64Array): number {
  const none: { l2?: number } = {};
  return penalty(w, none);
}
export const g = grad(loss);`,
  });
  expect(left.diagnostics).toEqual([]);
  // loss = (undefined ?? 0)·w₀ = 0.
  expect(Array.from(left.load("main.ts").g(new Float64Array([0.5, -2])))).toEqual([0, 0]);
});
