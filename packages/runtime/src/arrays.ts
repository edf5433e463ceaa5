/**
 * Element-wise helpers for the derivatives of a gradient called inside differentiated code (`grad(U)(q)` in a
 * function that is itself differentiated): its tangent is copied into the caller's tangent array, and its pullback
 * added into the caller's adjoint arrays. Once per call of the gradient, never per elementary operation.
 */

/** `target[i] = source[i]` for every element of `target`. */
export function copyInto(target: number[] | Float64Array | Float32Array, source: ArrayLike<number>): void {
  for (let i = 0; i < target.length; i++) target[i] = source[i];
}

/** `target[i] += source[i]` for every element of `target`. */
export function addInto(target: number[] | Float64Array | Float32Array, source: ArrayLike<number>): void {
  for (let i = 0; i < target.length; i++) target[i] += source[i];
}

/** The values of an adjoint array, which is then zero: the adjoint of an array a call overwrote whole. */
export function takeAdjoint<T extends number[] | Float64Array | Float32Array>(adjoint: T): T {
  const taken = adjoint.slice() as T;
  adjoint.fill(0);
  return taken;
}
