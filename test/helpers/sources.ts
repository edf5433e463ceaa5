/** Programs several test files differentiate, written once. */

/** Extended Rosenbrock over a Float64Array, marked: the reference program of the tests and the benchmark. */
export const ROSENBROCK = `
// @differentiate
export function rosenbrock(x: Float64Array): number {
  let s = 0;
  for (let i = 0; i < x.length - 1; i++) {
    const a = x[i + 1] - x[i] * x[i];
    const b = 1 - x[i];
    s += 100 * a * a + b * b;
  }
  return s;
}`;
