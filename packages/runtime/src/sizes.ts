/**
 * Generated reverse sweeps undo `i += 1` by `i -= 1` for counters started from a size parameter (a number the
 * function uses as an array length) only when this returns 1: every size is a safe integer other than -0, so the
 * counters hold integers and the inverse is exact. Otherwise (`new Float64Array(2.5)` is legal) they are popped.
 */
export function exactSizes(...sizes: number[]): number {
  return sizes.every((n) => Number.isSafeInteger(n) && !Object.is(n, -0)) ? 1 : 0;
}
