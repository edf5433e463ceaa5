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

/**
 * The first `length` values of an adjoint array, which are then zero: the adjoint of the elements a call wrote (the
 * array may have grown since, by `push`).
 */
export function takeAdjoint<T extends number[] | Float64Array | Float32Array>(adjoint: T, length: number): T {
  const taken = adjoint.slice(0, length) as T;
  adjoint.fill(0, 0, length);
  return taken;
}
