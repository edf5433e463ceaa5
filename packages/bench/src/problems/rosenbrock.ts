/**
 * Extended Rosenbrock function over a Float64Array, f(x) = Σᵢ 100·(xᵢ₊₁ − xᵢ²)² + (1 − xᵢ)², written as a user
 * writes it; Cotangent derives the gradient (reverse) and a jvp (forward) at build time.
 */
import { grad, gradInto, jvp } from "cotangent";

// @differentiate
export function rosenbrock(x: Float64Array): number {
  let s = 0;
  for (let i = 0; i < x.length - 1; i++) {
    const a = x[i + 1] - x[i] * x[i];
    const b = 1 - x[i];
    s += 100 * a * a + b * b;
  }
  return s;
}

export const rosenbrockGrad = grad(rosenbrock);
/** The same gradient written into a Float64Array the caller allocated once: `rosenbrockGradInto(x, g)`. */
export const rosenbrockGradInto = gradInto(rosenbrock);
export const rosenbrockJvp = (x: Float64Array, v: Float64Array) => jvp(rosenbrock, [x], [v]);

/** Hand-written gradient, with the same contract as `grad`: a fresh Float64Array per call. */
export function rosenbrockGradHand(x: Float64Array): Float64Array {
  const g = new Float64Array(x.length);
  for (let i = 0; i < x.length - 1; i++) {
    const xi = x[i];
    const a = x[i + 1] - xi * xi;
    g[i] += -400 * a * xi - 2 * (1 - xi);
    g[i + 1] += 200 * a;
  }
  return g;
}
