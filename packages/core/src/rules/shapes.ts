/**
 * Shapes of derivative rules (JAX's `defjvp` / `deflinear` / `defjvp_zero`, by kind).
 *
 * A rule lists one *partial derivative template* per input: an executable arrow whose parameters are placeholders,
 * the primal result first, then the inputs (Tangent's "functions as templates"): `(y, a, b) => b / (a * a + b * b)`.
 * Both modes come from the same partials, so they cannot disagree: the tangent is `Σ ∂y/∂a_i · a_i_dot` and the
 * adjoint increment of input i is `∂y/∂a_i · y_bar`. A template may use its parameters, numbers and `Math.*` only.
 */

/** A partial derivative template: `(y, a, b, ...) => ∂y/∂(one input)`. */
export type PartialTemplate = (...placeholders: number[]) => number;

export interface Rule {
  /** Number of inputs, or `"variadic"` when one partial applies to each input (`Math.hypot`). */
  readonly arity: number | "variadic";
  /** `zero`: piecewise-constant, derivative 0 everywhere it exists; the result is never active. */
  readonly kind: "smooth" | "zero";
  /** One template per input (`arity` of them), or the single per-input template of a variadic rule. */
  readonly partials: readonly PartialTemplate[];
}

/** A function of one input. */
export const unary = (partial: PartialTemplate): Rule => ({ arity: 1, kind: "smooth", partials: [partial] });

/** A function of two inputs: the partial in the first, then in the second. */
export const binary = (first: PartialTemplate, second: PartialTemplate): Rule => ({
  arity: 2,
  kind: "smooth",
  partials: [first, second],
});

/** Any number of inputs, each with the same partial template `(y, a_i) => ∂y/∂a_i`. */
export const variadic = (each: PartialTemplate): Rule => ({ arity: "variadic", kind: "smooth", partials: [each] });

/** Piecewise-constant (or random): derivative zero, so nothing downstream depends on its inputs. */
export const zero = (arity: number | "variadic"): Rule => ({ arity, kind: "zero", partials: [] });
