/**
 * Rules of the `Math` functions. Formulas above each entry; edge choices follow JAX where it has one.
 */
import { binary, unary, variadic, zero, type Rule } from "./shapes";

export const mathRules = {
  // d sin(a) = cos(a)·da
  "Math.sin": unary((y, a) => Math.cos(a)),
  // d cos(a) = −sin(a)·da
  "Math.cos": unary((y, a) => -Math.sin(a)),
  // d tan(a) = (1 + tan²(a))·da; reuses y = tan(a).
  "Math.tan": unary((y, a) => 1 + y * y),
  // d asin(a) = da / √(1 − a²)
  "Math.asin": unary((y, a) => 1 / Math.sqrt(1 - a * a)),
  // d acos(a) = −da / √(1 − a²)
  "Math.acos": unary((y, a) => -1 / Math.sqrt(1 - a * a)),
  // d atan(a) = da / (1 + a²)
  "Math.atan": unary((y, a) => 1 / (1 + a * a)),
  // d atan2(a, b) = (b·da − a·db) / (a² + b²); NaN at (0, 0), where atan2 has no derivative (as JAX).
  "Math.atan2": binary(
    (y, a, b) => b / (a * a + b * b),
    (y, a, b) => -a / (a * a + b * b),
  ),
  // d sinh(a) = cosh(a)·da
  "Math.sinh": unary((y, a) => Math.cosh(a)),
  // d cosh(a) = sinh(a)·da
  "Math.cosh": unary((y, a) => Math.sinh(a)),
  // d tanh(a) = (1 − tanh²(a))·da; reuses y.
  "Math.tanh": unary((y, a) => 1 - y * y),
  // d asinh(a) = da / √(a² + 1)
  "Math.asinh": unary((y, a) => 1 / Math.sqrt(a * a + 1)),
  // d acosh(a) = da / √(a² − 1), written as √(a−1)·√(a+1) to avoid cancellation near a = 1.
  "Math.acosh": unary((y, a) => 1 / (Math.sqrt(a - 1) * Math.sqrt(a + 1))),
  // d atanh(a) = da / (1 − a²)
  "Math.atanh": unary((y, a) => 1 / (1 - a * a)),
  // d exp(a) = exp(a)·da; reuses y.
  "Math.exp": unary((y, a) => y),
  // d expm1(a) = exp(a)·da = (y + 1)·da
  "Math.expm1": unary((y, a) => y + 1),
  // d log(a) = da / a: Infinity at 0, and −Infinity at −0 (as JAX; 1/a keeps the output readable and fast).
  "Math.log": unary((y, a) => 1 / a),
  // d log1p(a) = da / (1 + a)
  "Math.log1p": unary((y, a) => 1 / (1 + a)),
  // d log2(a) = da / (a·ln 2); ±Infinity at ±0, as log.
  "Math.log2": unary((y, a) => 1 / (a * Math.LN2)),
  // d log10(a) = da / (a·ln 10); ±Infinity at ±0, as log.
  "Math.log10": unary((y, a) => 1 / (a * Math.LN10)),
  // d √a = da / (2√a); reuses y. Infinity at 0, and −Infinity at −0 since Math.sqrt(−0) is −0 (as JAX).
  "Math.sqrt": unary((y, a) => 0.5 / y),
  // d ∛a = da / (3∛a²); reuses y; Infinity at 0.
  "Math.cbrt": unary((y, a) => 1 / (3 * y * y)),
  // d a^b = b·a^(b−1)·da + ln(a)·a^b·db. Choices: the first term is 0 at a = b = 0 (a^0 is constant even at a = 0;
  // the formula gives 0·∞ there), the second is 0 when a = 0 (instead of 0·(−∞) = NaN). The first guard tests a as
  // well as b: guarding on b alone (as JAX does) makes the first term constant in b at b = 0, so its derivative in b,
  // the mixed second derivative 1/a, came out 0 (hessian of a ** b at a = 2, b = 0 was not symmetric).
  "Math.pow": binary(
    (y, a, b) => (b === 0 && a === 0 ? 0 : b * Math.pow(a, b - 1)),
    (y, a, b) => (a === 0 ? 0 : Math.log(a) * y),
  ),
  // d hypot(a₁…aₙ) = Σ aᵢ·daᵢ / y. At the origin, where it has no derivative, we take 0 (the smallest subgradient).
  "Math.hypot": variadic((y, a) => (y === 0 ? 0 : a / y)),
  // d |a| = sign(a)·da, with 0 at a = 0 (as JAX).
  "Math.abs": unary((y, a) => Math.sign(a)),
  // max and min of two inputs; calls with more inputs are lowered to a left fold of two-input calls.
  // At a tie the derivative is split evenly between the inputs (as JAX's lax.max / lax.min).
  "Math.max": binary(
    (y, a, b) => (a > b ? 1 : a === b ? 0.5 : 0),
    (y, a, b) => (b > a ? 1 : a === b ? 0.5 : 0),
  ),
  "Math.min": binary(
    (y, a, b) => (a < b ? 1 : a === b ? 0.5 : 0),
    (y, a, b) => (b < a ? 1 : a === b ? 0.5 : 0),
  ),
  // d fround(a) = da: a cast to float32, whose tangent passes through as a Float32Array store's does (as JAX's
  // convert_element_type). As a function of the reals it is a staircase of float32 steps, whose 0 would leave
  // computations written in float32 without gradients.
  "Math.fround": unary((y, a) => 1),
  // Piecewise constant: derivative 0 wherever it exists.
  "Math.floor": zero(1),
  "Math.ceil": zero(1),
  "Math.round": zero(1),
  "Math.trunc": zero(1),
  "Math.sign": zero(1),
  "Math.clz32": zero(1),
  "Math.imul": zero(2),
  // A fresh random number is a constant of the computation.
  "Math.random": zero(0),
} as const satisfies Record<string, Rule>;

/** `Number` constants: inactive numbers. */
export const numberConstants: ReadonlySet<string> = new Set([
  "Number.EPSILON",
  "Number.MAX_VALUE",
  "Number.MIN_VALUE",
  "Number.MAX_SAFE_INTEGER",
  "Number.MIN_SAFE_INTEGER",
  "Number.POSITIVE_INFINITY",
  "Number.NEGATIVE_INFINITY",
  "Number.NaN",
]);

/** `Math` constants: inactive numbers. */
export const mathConstants: ReadonlySet<string> = new Set([
  "Math.PI",
  "Math.E",
  "Math.LN2",
  "Math.LN10",
  "Math.LOG2E",
  "Math.LOG10E",
  "Math.SQRT2",
  "Math.SQRT1_2",
]);
