/**
 * 'throw' in differentiated code (packages/core/src/lower/throw.ts): every generated derivative throws what the
 * primal throws, where the primal throws it (same class, same message), and computes the primal's derivatives when
 * nothing is thrown. References: closed forms, the primal's own errors, and later calls that must not see the
 * interrupted one.
 */
import { compile } from "../helpers/compile";
import { relativeError } from "../helpers/check";

const source = `
import { grad, gradInto, hessian, jvp, vjp } from "cotangent";
import { tapeBytes } from "cotangent/runtime";
export { tapeBytes };
function sameLength(a: Float64Array, b: Float64Array): void {
  if (a.length !== b.length) throw new RangeError(\`lengths differ: \${a.length} vs \${b.length}\`);
}
function scaled(v: number, k: number): number {
  if (k === 0) throw new TypeError("scale " + k + " is not allowed");
  return v * k;
}
// @differentiate
export function f(x: Float64Array, w: Float64Array, mode: "sum" | "max"): number {
  sameLength(x, w);
  const clip = (t: number) => {
    if (t > 100) throw new Error(\`\${t} is over the limit (\${mode})\`);
    return t;
  };
  let s = 0;
  for (let i = 0; i < x.length; i++) {
    if (!(x[i] > -10)) throw new Error("x[" + i + "] = " + x[i] + " is out of range, mode " + mode);
    s += clip(w[i] * x[i] * x[i]);
  }
  if (s === 0) throw new Error();
  return scaled(s, x.length - 1);
}
export const g = grad(f, [0, 1]);
export const into = gradInto(f, [0, 1]);
export const t = (x: Float64Array, w: Float64Array, dx: Float64Array, dw: Float64Array) =>
  jvp(f, [x, w, "sum"], [dx, dw, "sum"]);
export const pullback = (x: Float64Array, w: Float64Array) => vjp(f, x, w, "max")[1](1);
export const h = hessian(f, 0);
`;

const out = compile({ "main.ts": source });

test("no error: derivatives of the primal; errors: the primal's class and message from every derivative", () => {
  expect(out.diagnostics).toEqual([]);
  const m = out.load("main.ts");
  const x = Float64Array.from([1.5, -2, 0.5]);
  const w = Float64Array.from([3, 4, -1]);
  // f = (n − 1) · Σ wᵢxᵢ² with n = 3.
  const value = 2 * (3 * 2.25 + 4 * 4 - 0.25);
  const gx = [2 * 2 * 3 * 1.5, 2 * 2 * 4 * -2, 2 * 2 * -1 * 0.5];
  const gw = [2 * 2.25, 2 * 4, 2 * 0.25];
  const check = () => {
    expect(m.f(x, w, "sum")).toBe(value);
    const [rx, rw] = m.g(x, w, "sum");
    gx.forEach((gi, i) => expect(relativeError(rx[i], gi)).toBeLessThan(1e-15));
    gw.forEach((gi, i) => expect(relativeError(rw[i], gi)).toBeLessThan(1e-15));
    const [vx] = m.pullback(x, w);
    gx.forEach((gi, i) => expect(relativeError(vx[i], gi)).toBeLessThan(1e-15));
    const [, dot] = m.t(x, w, Float64Array.from([1, 0, 0]), Float64Array.from([0, 0, 1]));
    expect(relativeError(dot, gx[0] + gw[2])).toBeLessThan(1e-15);
    const hessian = m.h(x, w, "sum");
    expect(relativeError(hessian[1][1], 2 * 2 * 4)).toBeLessThan(1e-15);
    expect(hessian[0][1]).toBe(0);
  };
  check();

  const cases: [Float64Array, Float64Array, RegExp][] = [
    [x, Float64Array.from([1, 2]), /^RangeError: lengths differ: 3 vs 2$/],
    [Float64Array.from([1, -20, 1]), w, /^Error: x\[1\] = -20 is out of range, mode (sum|max)$/],
    [Float64Array.from([1, 10, 1]), w, /^Error: 400 is over the limit \((sum|max)\)$/],
    [Float64Array.from([0, 0, 0]), w, /^Error$/],
    [Float64Array.from([2]), Float64Array.from([1]), /^TypeError: scale 0 is not allowed$/],
  ];
  for (const [xs, ws, expected] of cases) {
    const dx = new Float64Array(xs.length);
    const calls: [string, () => unknown][] = [
      ["f", () => m.f(xs, ws, "sum")],
      ["grad", () => m.g(xs, ws, "sum")],
      ["gradInto", () => m.into(xs, ws, "sum", [new Float64Array(xs.length), new Float64Array(ws.length)])],
      ["jvp", () => m.t(xs, ws, dx, new Float64Array(ws.length))],
      ["vjp", () => m.pullback(xs, ws)],
      ["hessian", () => m.h(xs, ws, "sum")],
    ];
    for (const [name, run] of calls) {
      let thrown: unknown;
      try {
        run();
      } catch (error) {
        thrown = error;
      }
      expect([name, `${thrown}`]).toEqual([name, expect.stringMatching(expected)]);
      expect([name, m.tapeBytes()]).toEqual([name, 0]);
    }
    // The interrupted calls leave nothing behind that a later call would read.
    check();
  }
});

// Errors thrown after values were recorded: in a callee whose sweeps the caller runs (split, and re-run from its
// arguments), after an array was set aside ('h = next'), inside a recursion, and from a gradient a user function
// takes inside differentiated code.
const interrupted = `
import { grad, gradInto, vjp } from "cotangent";
import { tapeBytes } from "cotangent/runtime";
export { tapeBytes };
// @differentiate
function damped(x: Float64Array, k: number): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) {
    const u = Math.sin(s + x[i]);
    s = s * u + x[i];
    if (s > k) throw new RangeError("over " + k);
  }
  return s;
}
// @differentiate
function twice(x: Float64Array, k: number): number {
  x[0] = x[0] * 1;
  return damped(x, k) * damped(x, k + 1);
}
// @differentiate
export function calls(x: Float64Array, k: number): number {
  let s = 1;
  for (let i = 0; i < x.length; i++) s = Math.sin(s * x[i]);
  return s + damped(x, k) + twice(x.slice(), k);
}
// @differentiate
export function rebinds(x: Float64Array, k: number): number {
  let h = x.slice();
  for (let t = 0; t < 3; t++) {
    const next = new Float64Array(h.length);
    for (let i = 0; i < h.length; i++) next[i] = Math.tanh(h[i] * 2 + t);
    h = next;
    if (h[0] > k) throw new Error("h[0] = " + h[0]);
  }
  let s = 0;
  for (let i = 0; i < h.length; i++) s += h[i] * h[i];
  return s;
}
// @differentiate
export function recurse(x: number, n: number, k: number): number {
  if (n === 0) {
    if (x > k) throw new Error("x = " + x);
    return x;
  }
  const y = Math.sin(x) + x;
  return recurse(y * y, n - 1, k) * y;
}
function slope(x: Float64Array, k: number): number {
  return grad(damped, 0)(x, k)[0];
}
// @differentiate
export function nested(x: Float64Array, k: number): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s = Math.cos(s + x[i]);
  return s * slope(x, k);
}
// @differentiate
export function deep(x: number, n: number): number {
  if (n === 0) return x;
  const y = deep(x, n - 1);
  return Math.sin(y) + 0.5 * y;
}
export const gDeep = grad(deep, 0);
export const gCalls = grad(calls, 0);
export const gRebinds = grad(rebinds, 0);
export const gRecurse = grad(recurse, 0);
export const gNested = grad(nested, 0);
export const intoCalls = gradInto(calls, 0);
export const pullRebinds = (x: Float64Array, k: number) => vjp(rebinds, x, k)[1](1);
`;

test("an error thrown midway through a gradient leaves nothing on the stacks, and later calls are exact", () => {
  const out = compile({ "main.ts": interrupted });
  expect(out.diagnostics).toEqual([]);
  const m = out.load("main.ts");
  const x = Float64Array.from([0.3, 0.5, 0.2]);
  const runs: [string, (k: number) => unknown][] = [
    ["calls", (k) => m.gCalls(x, k)],
    ["rebinds", (k) => m.gRebinds(x, k)],
    ["recurse", (k) => m.gRecurse(0.4, 4, k)],
    ["nested", (k) => m.gNested(x, k)],
    ["gradInto", (k) => m.intoCalls(x, k, new Float64Array(3))],
    ["vjp", (k) => m.pullRebinds(x, k)],
  ];
  for (const [name, run] of runs) {
    const reference = JSON.stringify(run(1e9));
    expect([name, m.tapeBytes()]).toEqual([name, 0]);
    // The same call, interrupted at different points, over and over: nothing accumulates.
    let thrown = 0;
    for (const k of [0.1, 0.6, 0.75, 0.98, -1, 0.1]) {
      try {
        run(k);
      } catch (error) {
        expect(`${error}`).toMatch(/^(RangeError: over|Error: h\[0\] = |Error: x = )/);
        thrown++;
      }
      expect([name, k, m.tapeBytes()]).toEqual([name, k, 0]);
    }
    expect(thrown).toBeGreaterThanOrEqual(4);
    expect([name, JSON.stringify(run(1e9))]).toEqual([name, reference]);
    expect([name, m.tapeBytes()]).toEqual([name, 0]);
  }
  // A recursion deeper than the engine's stack: its RangeError, and the tapes as they were.
  const shallow = m.gDeep(0.3, 50);
  expect(() => m.gDeep(0.3, 1e6)).toThrow(RangeError);
  expect(m.tapeBytes()).toBe(0);
  expect(m.gDeep(0.3, 50)).toBe(shallow);
});

test("a throw of anything but a standard error with a message of strings and numbers is refused (TS990028)", () => {
  const refused = compile({
    "bad.ts": `
import { grad } from "cotangent";
class DomainError extends Error {}
// @differentiate
export function f(x: number, v: Float64Array): number {
  if (x > 1) throw new DomainError("x");
  if (x > 2) throw "x";
  if (x > 3) throw new Error(\`\${v}\`);
  return x;
}
export const g = grad(f, 0);
`,
  });
  const text =
    "a differentiated function can throw 'new Error(message)', 'new RangeError(message)' or 'new TypeError(message)', with a message made of strings, numbers and booleans. Throw one of these, or check the inputs in the caller.";
  expect(refused.diagnostics).toEqual([
    `bad.ts:6:14 - error TS990028: Cannot differentiate 'throw new DomainError("x")': ${text}`,
    `bad.ts:7:14 - error TS990028: Cannot differentiate 'throw "x"': ${text}`,
    `bad.ts:8:14 - error TS990028: Cannot differentiate 'throw new Error(\`\${v}\`)': ${text}`,
  ]);
});
