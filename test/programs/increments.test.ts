/**
 * Adjoint increments into a known zero become assignments, and resets nothing reads are dropped
 * (packages/core/src/reverse/increments.ts). The programs below put adjoints where that is easy to get wrong: carried
 * from one iteration to the next, zero on one branch only, reset inside nested loops, read after a loop that may
 * not run, received from callees. Each is checked against finite differences and by the dot-product test, directly
 * (whole vjp) and through a caller (split sweeps).
 */
import { printTransformed } from "../helpers/compile";
import { checkBothWays } from "../helpers/shaped";

const x5 = new Float64Array([0.3, -1.2, 0.8, 1.5, -0.4]);

test("an adjoint carried across iterations keeps accumulating", () => {
  const source = `
export function weighted(x: Float64Array, w: number): number {
  let s = w * w;
  for (let i = 0; i < x.length; i++) s += Math.sin(w * x[i]) * x[i];
  return s * w;
}`;
  checkBothWays(source, "weighted", "x: Float64Array, w: number", [
    [x5, 0.7],
    [x5, -1.3],
  ]);
});

test("adjoints zero on one branch only, inside a loop", () => {
  const source = `
export function branchy(x: Float64Array, c: number): number {
  let s = 0;
  let t = c;
  for (let i = 0; i < x.length; i++) {
    let y = 0;
    if (x[i] > 0) y = Math.exp(x[i] * t);
    else t = t * x[i] + c;
    s += y + t * x[i];
  }
  return s + t;
}`;
  checkBothWays(source, "branchy", "x: Float64Array, c: number", [
    [x5, 0.4],
    [x5, -0.9],
  ]);
});

test("a value overwritten by itself in nested loops, and a loop that may not run", () => {
  const source = `
export function iterate(x: Float64Array, a: number): number {
  let v = a;
  for (let k = 3; k < x.length; k++) {
    for (let i = 0; i < x.length; i++) v = 0.5 * v + Math.sin(v * x[i]);
    v = v * v * 0.3;
  }
  return v + a * x[0];
}`;
  checkBothWays(source, "iterate", "x: Float64Array, a: number", [
    [x5, 0.6],
    [new Float64Array([0.2, -0.7, 1.1]), 0.6],
  ]);
});

test("adjoints returned by a callee's reverse sweep, used twice", () => {
  const source = `
function g(a: number, b: number): number {
  return a * Math.cos(b) + b;
}
export function twice(x: Float64Array, p: number): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) {
    const u = g(p, x[i]);
    s += g(u, p) * u;
  }
  return s;
}`;
  checkBothWays(source, "twice", "x: Float64Array, p: number", [[x5, 0.35]]);
});

test("the generated reverse sweep assigns first contributions and keeps no dead resets", () => {
  const source = `
// @differentiate
export function f(x: number, y: number): number {
  const a = Math.sin(x) * y;
  const b = a * a + x;
  return b * y;
}
import { valueAndGrad } from "cotangent";
export const g = valueAndGrad(f, [0, 1]);`;
  const vjp = printTransformed({ "main.ts": source })
    .text["main.ts"].split("function f_vjp")[1]
    .split("\n}\n")[0]
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "" && !line.startsWith("//"));
  const reverse = vjp.slice(vjp.findIndex((line) => line.startsWith("result =")) + 1);
  // Every adjoint but x_bar and y_bar (which receive two contributions each) is assigned once, never reset.
  expect(reverse.filter((line) => line.includes("+=") || line.includes("-="))).toEqual([
    expect.stringMatching(/^y_bar \+= /),
    expect.stringMatching(/^x_bar \+= /),
  ]);
  expect(reverse.filter((line) => / = 0;$/.test(line))).toEqual([]);
});
