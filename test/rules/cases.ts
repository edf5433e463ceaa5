/**
 * One row per primitive of the rule table (JAX's `lax_autodiff_test.py`): the expression, a domain sampler, special
 * points, tolerances and, where it is short, the gradient derived by hand as an independent reference.
 *
 * A rule may have several rows (`Math.hypot` with 1 to 4 inputs, an operand used twice); `rules.test.ts` fails for
 * any key of `ruleTable` without a row, so a new rule comes with its row here.
 *
 * Expressions are source text over the parameters `a, b, c, d` (in that order, `arity` of them); the test wraps each
 * one as `export function f(a: number, …) { return <expr>; }`.
 */

/** A point chosen on purpose: zeros, ties, branch points, the origin. */
export interface SpecialPoint {
  readonly at: readonly number[];
  /**
   * Given only where the function has no derivative (a kink, a tie, a jump, a pole): the value the rule documents
   * for that point, compared exactly (−0 equals 0, NaN equals NaN). Finite differences do not apply there.
   * Without it the point is smooth and goes through the same checks as the sampled points.
   */
  readonly gradient?: readonly number[];
}

export interface RuleCase {
  /** The `ruleTable` key this row exercises (`"*"`, `"neg"`, `"Math.atan2"`), or a `Math` constant (`"Math.PI"`). */
  readonly name: string;
  /** Tells apart several rows of one rule. */
  readonly variant?: string;
  readonly arity: number;
  /** Source text over `a, b, c, d`. */
  readonly expr: string;
  /** A point of the domain where the function is smooth (away from poles, kinks and jumps). */
  readonly sample: (random: () => number) => number[];
  readonly special?: readonly SpecialPoint[];
  /** Loosened tolerances of `checkDerivatives` (finite differences; dot-product test). */
  readonly tolerance?: { readonly fd?: number; readonly dot?: number };
  /** The gradient derived by hand, compared with reverse mode to 1e-12 relative at every smooth point. */
  readonly expected?: (x: readonly number[]) => number[];
  /** Piecewise constant: the gradient is exactly 0 at every point, and the tangent too. */
  readonly zero?: true;
  /** Calls `Math.random()`: two evaluations differ, so the row is checked through `valueAndGrad` alone. */
  readonly random?: true;
}

// ---- samplers ---------------------------------------------------------------------------------------------------

type Sampler = (random: () => number) => number;

const uniform =
  (lo: number, hi: number): Sampler =>
  (random) =>
    lo + (hi - lo) * random();
/** ±[lo, hi): away from 0. */
const awayFromZero =
  (lo: number, hi: number): Sampler =>
  (random) =>
    (random() < 0.5 ? -1 : 1) * uniform(lo, hi)(random);
/** A number in [lo, hi) with fractional part in (0.1, 0.4) ∪ (0.6, 0.9): off the jumps of floor, ceil, trunc, round. */
const offGrid =
  (lo: number, hi: number): Sampler =>
  (random) =>
    Math.floor(uniform(lo, hi)(random)) + uniform(0.1, 0.4)(random) + (random() < 0.5 ? 0 : 0.5);
/** One sampler per input. */
const each =
  (...samplers: Sampler[]) =>
  (random: () => number): number[] =>
    samplers.map((s) => s(random));
/** `n` numbers in [lo, hi) at least 0.1 apart: no ties for max and min. */
const distinct =
  (n: number, lo: number, hi: number) =>
  (random: () => number): number[] => {
    for (;;) {
      const xs = Array.from({ length: n }, () => uniform(lo, hi)(random));
      if (xs.every((x, i) => xs.every((y, j) => i === j || Math.abs(x - y) >= 0.1))) return xs;
    }
  };

const norm = (xs: readonly number[]): number => Math.sqrt(xs.reduce((s, x) => s + x * x, 0));
const smooth = (...points: number[][]): SpecialPoint[] => points.map((at) => ({ at }));

// ---- arithmetic operators (rules/arith.ts) ----------------------------------------------------------------------

const arithmetic: RuleCase[] = [
  { name: "+", arity: 2, expr: "a + b", sample: each(uniform(-5, 5), uniform(-5, 5)), expected: () => [1, 1] },
  { name: "-", arity: 2, expr: "a - b", sample: each(uniform(-5, 5), uniform(-5, 5)), expected: () => [1, -1] },
  { name: "neg", arity: 1, expr: "-a", sample: each(uniform(-5, 5)), special: smooth([0]), expected: () => [-1] },
  {
    name: "*",
    arity: 2,
    expr: "a * b",
    sample: each(uniform(-5, 5), uniform(-5, 5)),
    special: smooth([0, 3], [0, 0]),
    expected: ([a, b]) => [b, a],
  },
  {
    name: "/",
    arity: 2,
    expr: "a / b",
    sample: each(uniform(-5, 5), awayFromZero(0.5, 3)),
    special: smooth([0, 2]),
    expected: ([a, b]) => [1 / b, -a / (b * b)],
  },
  {
    // a % b = a − trunc(a/b)·b jumps where a/b is an integer, so samples keep a/b off the integers.
    name: "%",
    arity: 2,
    expr: "a % b",
    sample: (random) => {
      const b = awayFromZero(0.5, 3)(random);
      return [offGrid(-4, 4)(random) * b, b];
    },
    special: smooth([7.5, 2], [-7.5, 2], [7.5, -2], [-7.5, -2], [1, 3]),
    expected: ([a, b]) => [1, -Math.trunc(a / b)],
  },
  {
    name: "**",
    arity: 2,
    expr: "a ** b",
    sample: each(uniform(0.2, 3), uniform(-2.5, 2.5)),
    special: [
      ...smooth([2, 0], [0.5, 1]),
      // documented choices: d/db is 0 at a = 0 (not 0·(−∞)); d/da is 0 when b = 0 (a^0 is constant).
      { at: [0, 2], gradient: [0, 0] },
      { at: [0, 1], gradient: [1, 0] },
      { at: [0, 0], gradient: [0, 0] },
    ],
    expected: ([a, b]) => [b * a ** (b - 1), a ** b * Math.log(a)],
  },
  {
    // A constant exponent contributes no term, so a negative base (where log(a) is NaN) keeps a finite derivative.
    name: "**",
    variant: "constant integer exponent, negative base",
    arity: 1,
    expr: "a ** 3",
    sample: each(uniform(-3, 3)),
    special: smooth([0], [-2]),
    expected: ([a]) => [3 * a * a],
  },
  {
    name: "**",
    variant: "constant base",
    arity: 1,
    expr: "2 ** a",
    sample: each(uniform(-3, 3)),
    expected: ([a]) => [Math.LN2 * 2 ** a],
  },
];

// ---- Math functions (rules/math.ts) -----------------------------------------------------------------------------

const unaryMath = (
  name: string,
  sample: Sampler,
  expected: (a: number) => number,
  special: readonly SpecialPoint[] = [],
): RuleCase => ({
  name: `Math.${name}`,
  arity: 1,
  expr: `Math.${name}(a)`,
  sample: each(sample),
  special,
  expected: ([a]) => [expected(a)],
});

const smoothMath: RuleCase[] = [
  unaryMath("sin", uniform(-4, 4), Math.cos, smooth([0], [Math.PI / 2])),
  unaryMath("cos", uniform(-4, 4), (a) => -Math.sin(a), smooth([0], [Math.PI])),
  unaryMath("tan", uniform(-1.3, 1.3), (a) => 1 / Math.cos(a) ** 2, smooth([0])),
  unaryMath("asin", uniform(-0.9, 0.9), (a) => 1 / Math.sqrt(1 - a * a), smooth([0])),
  unaryMath("acos", uniform(-0.9, 0.9), (a) => -1 / Math.sqrt(1 - a * a), smooth([0])),
  unaryMath("atan", uniform(-5, 5), (a) => 1 / (1 + a * a), smooth([0], [1e8])),
  {
    // Samples on an annulus, away from the origin and from the jump of atan2 across the negative b axis.
    name: "Math.atan2",
    arity: 2,
    expr: "Math.atan2(a, b)",
    sample: (random) => {
      const radius = uniform(0.5, 3)(random);
      const angle = uniform(-Math.PI + 0.3, Math.PI - 0.3)(random);
      return [radius * Math.sin(angle), radius * Math.cos(angle)];
    },
    special: [
      ...smooth([0, 1], [1, 0], [-1, 0]),
      // on the jump (a = 0, b < 0) the formula still holds on each side; at the origin NaN (documented).
      { at: [0, -1], gradient: [-1, 0] },
      { at: [0, 0], gradient: [NaN, NaN] },
    ],
    expected: ([a, b]) => [b / (a * a + b * b), -a / (a * a + b * b)],
  },
  unaryMath("sinh", uniform(-3, 3), Math.cosh, smooth([0])),
  unaryMath("cosh", uniform(-3, 3), Math.sinh, smooth([0])),
  unaryMath("tanh", uniform(-3, 3), (a) => 1 / Math.cosh(a) ** 2, smooth([0])),
  unaryMath("asinh", uniform(-5, 5), (a) => 1 / Math.sqrt(a * a + 1), smooth([0])),
  // 1.01 is near the pole at 1 (any closer and the finite differences themselves lose their accuracy)
  unaryMath("acosh", uniform(1.1, 5), (a) => 1 / Math.sqrt(a * a - 1), smooth([1.01])),
  unaryMath("atanh", uniform(-0.9, 0.9), (a) => 1 / (1 - a * a), smooth([0])),
  unaryMath("exp", uniform(-3, 3), Math.exp, smooth([0])),
  unaryMath("expm1", uniform(-3, 3), Math.exp, smooth([0], [1e-10])),
  // log, sqrt and cbrt: Infinity at 0 (documented)
  unaryMath("log", uniform(0.1, 5), (a) => 1 / a, [...smooth([1]), { at: [0], gradient: [Infinity] }]),
  unaryMath("log1p", uniform(-0.9, 5), (a) => 1 / (1 + a), smooth([0])),
  unaryMath("log2", uniform(0.1, 5), (a) => Math.LOG2E / a, smooth([1])),
  unaryMath("log10", uniform(0.1, 5), (a) => Math.LOG10E / a, smooth([1])),
  unaryMath("sqrt", uniform(0.1, 5), (a) => 1 / (2 * Math.sqrt(a)), [
    ...smooth([4]),
    { at: [0], gradient: [Infinity] },
  ]),
  unaryMath("cbrt", awayFromZero(0.1, 5), (a) => 1 / (3 * Math.cbrt(a) ** 2), [
    ...smooth([-8]),
    { at: [0], gradient: [Infinity] },
  ]),
  {
    name: "Math.pow",
    arity: 2,
    expr: "Math.pow(a, b)",
    sample: each(uniform(0.2, 3), uniform(-2.5, 2.5)),
    special: [
      ...smooth([2, 0], [0.5, 1]),
      { at: [0, 2], gradient: [0, 0] },
      { at: [0, 1], gradient: [1, 0] },
      { at: [0, 0], gradient: [0, 0] },
    ],
    expected: ([a, b]) => [b * Math.pow(a, b - 1), Math.pow(a, b) * Math.log(a)],
  },
  {
    name: "Math.pow",
    variant: "constant exponent, negative base",
    arity: 1,
    expr: "Math.pow(a, 2)",
    sample: each(uniform(-3, 3)),
    special: smooth([0]),
    expected: ([a]) => [2 * a],
  },
  // abs'(0) = 0 (documented)
  unaryMath("abs", awayFromZero(0.1, 5), Math.sign, [{ at: [0], gradient: [0] }]),
];

const hypotCase = (arity: number): RuleCase => {
  const params = ["a", "b", "c", "d"].slice(0, arity);
  const origin = params.map(() => 0);
  return {
    name: "Math.hypot",
    variant: `${arity} input${arity === 1 ? "" : "s"}`,
    arity,
    expr: `Math.hypot(${params.join(", ")})`,
    sample: each(...params.map(() => awayFromZero(0.1, 4))),
    special: [
      { at: origin.map((_, i) => (i === 0 ? 3 : i === 1 ? 4 : 0)) },
      { at: origin.map((_, i) => (i === arity - 1 ? -2 : 0)) },
      // at the origin hypot has no derivative; the rule takes 0 (documented).
      { at: origin, gradient: origin },
    ],
    expected: (x) => x.map((xi) => xi / norm(x)),
  };
};

const maxMinCase = (fn: "max" | "min", arity: number): RuleCase => {
  const params = ["a", "b", "c", "d"].slice(0, arity);
  const pick = fn === "max" ? Math.max : Math.min;
  // A tie of two inputs splits 0.5 / 0.5; more inputs are a left fold of two-input calls, so a three-way tie gives
  // 0.25 to each of the first two and 0.5 to the third (documented in rules/math.ts).
  const [tie, other] = fn === "max" ? [2, -1] : [-2, 1];
  const rest = (from: number, value: number) => params.slice(from).map(() => value);
  const special: SpecialPoint[] =
    arity === 2
      ? [
          { at: [1, 1], gradient: [0.5, 0.5] },
          { at: [0, 0], gradient: [0.5, 0.5] },
        ]
      : [
          { at: [tie, tie, ...rest(2, other)], gradient: [0.5, 0.5, ...rest(2, 0)] },
          { at: [other, tie, tie, ...rest(3, other)], gradient: [0, 0.5, 0.5, ...rest(3, 0)] },
          { at: [tie, tie, tie, ...rest(3, other)], gradient: [0.25, 0.25, 0.5, ...rest(3, 0)] },
        ];
  return {
    name: `Math.${fn}`,
    variant: `${arity} inputs`,
    arity,
    expr: `Math.${fn}(${params.join(", ")})`,
    sample: distinct(arity, -3, 3),
    special,
    expected: (x) => x.map((xi) => (xi === pick(...x) ? 1 : 0)),
  };
};

// ---- piecewise-constant and random (zero rules) -----------------------------------------------------------------

/** Jumps and other points without a derivative, where the gradient is still exactly 0. */
const flat = (...points: number[][]): SpecialPoint[] => points.map((at) => ({ at, gradient: at.map(() => 0) }));

const zeroCase = (name: string, sample: Sampler, special: SpecialPoint[], extra: Partial<RuleCase> = {}): RuleCase => ({
  name: `Math.${name}`,
  arity: 1,
  expr: `Math.${name}(a)`,
  sample: each(sample),
  special,
  expected: () => [0],
  zero: true,
  ...extra,
});

const zeroMath: RuleCase[] = [
  zeroCase("floor", offGrid(-5, 5), flat([2], [-0.5])),
  zeroCase("ceil", offGrid(-5, 5), flat([2], [-0.5])),
  zeroCase("round", offGrid(-5, 5), flat([2.5], [-2.5])),
  zeroCase("trunc", offGrid(-5, 5), flat([0], [-3])),
  zeroCase("sign", awayFromZero(0.1, 5), flat([0])),
  // fround is a cast to float32 with derivative 1; its staircase (steps of ~5e-7 near 5) blurs finite differences.
  { ...unaryMath("fround", uniform(-5, 5), () => 1, smooth([0], [1])), tolerance: { fd: 0.5 } },
  zeroCase("clz32", uniform(1, 1e9), flat([0], [1])),
  {
    name: "Math.imul",
    arity: 2,
    expr: "Math.imul(a, b)",
    sample: each(offGrid(-1000, 1000), offGrid(-1000, 1000)),
    special: flat([3, 7]),
    expected: () => [0, 0],
    zero: true,
  },
  {
    // Math.random() is a constant of the computation: d(a·r)/da = r, so gradient · a reproduces the value.
    name: "Math.random",
    arity: 1,
    expr: "a * Math.random()",
    sample: each(awayFromZero(0.5, 5)),
    random: true,
  },
];

// ---- Math constants (inactive numbers) --------------------------------------------------------------------------

const constants: RuleCase[] = [
  {
    name: "Math.PI",
    arity: 1,
    expr: "Math.sin(Math.PI * a)",
    sample: each(uniform(-2, 2)),
    expected: ([a]) => [Math.PI * Math.cos(Math.PI * a)],
  },
  {
    name: "Math.E",
    arity: 1,
    expr: "a ** Math.E",
    sample: each(uniform(0.2, 3)),
    expected: ([a]) => [Math.E * a ** (Math.E - 1)],
  },
  {
    name: "Math.LN2",
    arity: 2,
    expr: "Math.LN2 * a - b",
    sample: each(uniform(-5, 5), uniform(-5, 5)),
    expected: () => [Math.LN2, -1],
  },
  { name: "Math.LN10", arity: 1, expr: "a / Math.LN10", sample: each(uniform(-5, 5)), expected: () => [1 / Math.LN10] },
  {
    name: "Math.LOG2E",
    arity: 1,
    expr: "Math.LOG2E ** a",
    sample: each(uniform(-3, 3)),
    expected: ([a]) => [Math.LOG2E ** a * Math.log(Math.LOG2E)],
  },
  {
    name: "Math.LOG10E",
    arity: 1,
    expr: "Math.pow(a, Math.LOG10E)",
    sample: each(uniform(0.2, 3)),
    expected: ([a]) => [Math.LOG10E * Math.pow(a, Math.LOG10E - 1)],
  },
  {
    name: "Math.SQRT2",
    arity: 1,
    expr: "Math.hypot(a, Math.SQRT2)",
    sample: each(uniform(-3, 3)),
    special: smooth([0]),
    expected: ([a]) => [a / Math.sqrt(a * a + 2)],
  },
  {
    name: "Math.SQRT1_2",
    arity: 1,
    expr: "Math.atan2(Math.SQRT1_2, a)",
    sample: each(uniform(-3, 3)),
    expected: ([a]) => [-Math.SQRT1_2 / (0.5 + a * a)],
  },
];

// ---- one variable as several operands: the partials of each occurrence add up -----------------------------------

const sameOperand = (name: string, expr: string, sample: Sampler, expected: (a: number) => number): RuleCase => ({
  name,
  variant: "same operand repeated",
  arity: 1,
  expr,
  sample: each(sample),
  expected: ([a]) => [expected(a)],
});

const repeated: RuleCase[] = [
  sameOperand("+", "a + a", uniform(-5, 5), () => 2),
  sameOperand("-", "a - a", uniform(-5, 5), () => 0),
  sameOperand("*", "a * a", uniform(-5, 5), (a) => 2 * a),
  sameOperand("/", "a / a", awayFromZero(0.5, 5), () => 0),
  sameOperand("**", "a ** a", uniform(0.2, 3), (a) => a ** a * (1 + Math.log(a))),
  sameOperand("Math.atan2", "Math.atan2(a, a)", uniform(0.5, 3), () => 0),
  sameOperand("Math.hypot", "Math.hypot(a, a)", awayFromZero(0.1, 4), (a) => Math.SQRT2 * Math.sign(a)),
  // ties by construction: 0.5 + 0.5, and for three 0.5·(0.5 + 0.5) + 0.5
  sameOperand("Math.max", "Math.max(a, a)", uniform(-3, 3), () => 1),
  sameOperand("Math.min", "Math.min(a, a, a)", uniform(-3, 3), () => 1),
];

export const cases: readonly RuleCase[] = [
  ...arithmetic,
  ...smoothMath,
  ...[1, 2, 3, 4].map(hypotCase),
  ...[2, 3, 4].flatMap((n) => [maxMinCase("max", n), maxMinCase("min", n)]),
  ...zeroMath,
  ...constants,
  ...repeated,
];

/** The name a test reports for a row. */
export const caseTitle = (c: RuleCase): string => `${c.name}${c.variant ? ` (${c.variant})` : ""}: ${c.expr}`;
