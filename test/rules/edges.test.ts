/**
 * Edge semantics of the rules, pinned to the choices documented in packages/core/src/rules/math.ts and arith.ts,
 * through the public markers (`grad`, `valueAndGrad`, `jvp`) with the values they must produce. One compilation.
 */
import { compile } from "../helpers/compile";

const source = `
import { grad, jvp, valueAndGrad } from "cotangent";

export function abs(a: number) { return Math.abs(a); }
export function max2(a: number, b: number) { return Math.max(a, b); }
export function min2(a: number, b: number) { return Math.min(a, b); }
export function relu(a: number) { return Math.max(a, 0); }
export function max3(a: number, b: number, c: number) { return Math.max(a, b, c); }
export function min3(a: number, b: number, c: number) { return Math.min(a, b, c); }
export function pow(a: number, b: number) { return Math.pow(a, b); }
export function power(a: number, b: number) { return a ** b; }
export function hypot1(a: number) { return Math.hypot(a); }
export function hypot2(a: number, b: number) { return Math.hypot(a, b); }
export function hypot3(a: number, b: number, c: number) { return Math.hypot(a, b, c); }
export function sqrt(a: number) { return Math.sqrt(a); }
export function cbrt(a: number) { return Math.cbrt(a); }
export function log(a: number) { return Math.log(a); }
export function noisy(a: number) { return a * Math.random(); }
export function mod(a: number, b: number) { return a % b; }
export function atan2(a: number, b: number) { return Math.atan2(a, b); }

export const dAbs = grad(abs);
export const jvpAbs = (a: number, t: number) => jvp(abs, [a], [t]);
export const dMax2 = grad(max2, [0, 1]);
export const dMin2 = grad(min2, [0, 1]);
export const jvpMax2 = (a: number, b: number, ta: number, tb: number) => jvp(max2, [a, b], [ta, tb]);
export const dRelu = grad(relu);
export const dMax3 = grad(max3, [0, 1, 2]);
export const dMin3 = grad(min3, [0, 1, 2]);
export const dPow = grad(pow, [0, 1]);
export const dPowExponent = grad(pow, 1);
export const jvpPow = (a: number, b: number, ta: number, tb: number) => jvp(pow, [a, b], [ta, tb]);
export const dPower = grad(power, [0, 1]);
export const dHypot1 = grad(hypot1);
export const dHypot2 = grad(hypot2, [0, 1]);
export const dHypot3 = grad(hypot3, [0, 1, 2]);
export const jvpHypot2 = (a: number, b: number, ta: number, tb: number) => jvp(hypot2, [a, b], [ta, tb]);
export const dSqrt = grad(sqrt);
export const valueAndGradSqrt = valueAndGrad(sqrt);
export const jvpSqrt = (a: number, t: number) => jvp(sqrt, [a], [t]);
export const dCbrt = grad(cbrt);
export const dLog = grad(log);
export const valueAndGradNoisy = valueAndGrad(noisy);
export const jvpNoisy = (a: number) => jvp(noisy, [a], [1]);
export const dMod = grad(mod, [0, 1]);
export const valueAndGradMod = valueAndGrad(mod, [0, 1]);
export const jvpMod = (a: number, b: number, ta: number, tb: number) => jvp(mod, [a, b], [ta, tb]);
export const dAtan2 = grad(atan2, [0, 1]);
`;

/** −0 and 0 are the same derivative (a rule may well produce −0, e.g. −trunc(1/3)). */
const plain = <T>(x: T): T => (typeof x === "number" ? (x === 0 ? 0 : x) : Array.isArray(x) ? x.map(plain) : x) as T;

let m: Record<string, any>;

beforeAll(() => {
  const out = compile({ "main.ts": source });
  expect(out.diagnostics).toEqual([]);
  m = out.load("main.ts");
});

test("abs'(0) = 0 (as JAX), ±1 elsewhere", () => {
  expect(plain(m.dAbs(0))).toBe(0);
  expect(plain(m.dAbs(-0))).toBe(0);
  expect(plain(m.jvpAbs(0, 1))).toEqual([0, 0]);
  expect(m.dAbs(2)).toBe(1);
  expect(m.dAbs(-2)).toBe(-1);
});

test("max and min at a tie split the derivative 0.5 / 0.5", () => {
  expect(m.dMax2(1, 1)).toEqual([0.5, 0.5]);
  expect(m.dMin2(1, 1)).toEqual([0.5, 0.5]);
  expect(m.dMax2(-0, 0)).toEqual([0.5, 0.5]);
  expect(m.jvpMax2(1, 1, 1, 0)).toEqual([1, 0.5]);
  expect(m.jvpMax2(1, 1, 1, 1)).toEqual([1, 1]);
  // so Math.max(a, 0) has derivative 0.5 at 0 (JAX's lax.max; jax.nn.relu instead takes 0)
  expect(m.dRelu(0)).toBe(0.5);
  expect(m.dRelu(-0)).toBe(0.5);
  // away from a tie, all to the chosen input
  expect(m.dMax2(2, 1)).toEqual([1, 0]);
  expect(m.dMin2(2, 1)).toEqual([0, 1]);
});

test("max and min of three inputs are a left fold of two-input calls", () => {
  // max(max(a, b), c): a two-way tie splits evenly; a three-way tie gives 0.5 to c and 0.25 to each of a and b
  expect(m.dMax3(2, 2, 1)).toEqual([0.5, 0.5, 0]);
  expect(m.dMax3(1, 2, 2)).toEqual([0, 0.5, 0.5]);
  expect(m.dMax3(2, 2, 2)).toEqual([0.25, 0.25, 0.5]);
  expect(m.dMin3(-2, -2, -2)).toEqual([0.25, 0.25, 0.5]);
  expect(m.dMin3(3, 1, 2)).toEqual([0, 1, 0]);
});

test("pow(0, y): the derivative in y is 0 (not 0·log 0 = NaN)", () => {
  expect(plain(m.dPow(0, 2))).toEqual([0, 0]);
  expect(plain(m.dPow(0, 3))).toEqual([0, 0]);
  expect(plain(m.dPow(0, 1))).toEqual([1, 0]);
  expect(plain(m.dPowExponent(0, 0.5))).toBe(0);
  expect(plain(m.dPowExponent(0, -1))).toBe(0);
  expect(plain(m.jvpPow(0, 2, 0, 1))).toEqual([0, 0]);
  expect(plain(m.dPower(0, 2))).toEqual([0, 0]);
  expect(plain(m.dPower(0, 1))).toEqual([1, 0]);
});

test("pow(x, 0): the derivative in x is 0 (x^0 is constant, even at x = 0)", () => {
  expect(plain(m.dPow(0, 0))).toEqual([0, 0]);
  expect(plain(m.dPow(3, 0))).toEqual([0, Math.log(3)]);
  expect(plain(m.dPow(-2, 0)[0])).toBe(0);
  expect(plain(m.jvpPow(0, 0, 1, 0))).toEqual([1, 0]);
  expect(plain(m.dPower(0, 0))).toEqual([0, 0]);
  expect(plain(m.dPower(3, 0))).toEqual([0, Math.log(3)]);
});

test("hypot at the origin has gradient 0", () => {
  expect(plain(m.dHypot1(0))).toBe(0);
  expect(plain(m.dHypot2(0, 0))).toEqual([0, 0]);
  expect(plain(m.dHypot3(0, 0, 0))).toEqual([0, 0, 0]);
  expect(plain(m.jvpHypot2(0, 0, 1, 1))).toEqual([0, 0]);
  // and a/‖x‖ elsewhere
  expect(m.dHypot2(3, 4)).toEqual([0.6, 0.8]);
  expect(m.dHypot1(-2)).toBe(-1);
});

test("sqrt'(0) = Infinity (as JAX); cbrt'(0) and log'(0) too", () => {
  expect(m.dSqrt(0)).toBe(Infinity);
  expect(m.valueAndGradSqrt(0)).toEqual([0, Infinity]);
  expect(m.jvpSqrt(0, 1)).toEqual([0, Infinity]);
  expect(m.dSqrt(4)).toBe(0.25);
  expect(m.dCbrt(0)).toBe(Infinity);
  expect(m.dLog(0)).toBe(Infinity);
});

test("at −0, sqrt' and log' are −Infinity (documented, as JAX: 0.5 / Math.sqrt(−0) and 1 / −0); cbrt' stays +Infinity", () => {
  expect(m.dCbrt(-0)).toBe(Infinity);
  expect(m.dSqrt(-0)).toBe(-Infinity);
  expect(m.jvpSqrt(-0, 1)[1]).toBe(-Infinity);
  expect(m.dLog(-0)).toBe(-Infinity);
});

test("Math.random() is a constant: d(a·r)/da is the r used for the value", () => {
  const seen = new Set<number>();
  for (const a of [0.5, -3, 7, 1e3]) {
    const [value, g] = m.valueAndGradNoisy(a);
    expect(g * a).toBe(value);
    expect(g).toBeGreaterThanOrEqual(0);
    expect(g).toBeLessThan(1);
    const [forwardValue, tangent] = m.jvpNoisy(a);
    expect(tangent * a).toBe(forwardValue);
    seen.add(g).add(tangent);
  }
  // a fresh number at each call, not one folded into the generated code
  expect(seen.size).toBe(8);
});

test("a % b has derivative (1, −trunc(a/b))", () => {
  expect(m.dMod(7.5, 2)).toEqual([1, -3]);
  expect(m.dMod(-7.5, 2)).toEqual([1, 3]);
  expect(m.dMod(7.5, -2)).toEqual([1, 3]);
  expect(m.dMod(-7.5, -2)).toEqual([1, -3]);
  expect(plain(m.dMod(1, 3))).toEqual([1, 0]);
  expect(m.valueAndGradMod(7.5, 2)).toEqual([1.5, [1, -3]]);
  expect(m.jvpMod(7.5, 2, 1, 1)).toEqual([1.5, -2]);
});

test("atan2 at the origin: NaN (no derivative, as JAX)", () => {
  expect(m.dAtan2(0, 0)).toEqual([NaN, NaN]);
  expect(plain(m.dAtan2(0, 1))).toEqual([1, 0]);
  expect(plain(m.dAtan2(1, 0))).toEqual([0, -1]);
});
