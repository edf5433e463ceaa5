/**
 * Cotangent runtime: the only module generated derivative code imports (as `__ct`).
 * It has no dependencies so that it can be bundled into any target.
 */
export { ArrayStack, Float64Stack, Int32Stack } from "./stack";
export { arrays, control, tape, tapeBytes, unwind } from "./tapes";
export { peakTapeBytes } from "./peak";

export { exactSizes } from "./sizes";
export { checkOutputs } from "./outputs";
export { raise } from "./raise";
export { addInto, copyInto, takeAdjoint } from "./arrays";
export { recordsOf } from "./records";
export { jacobianRecord, recordNumbers, recordOf, type Layout } from "./resultRecords";
export { groupRows, matrixRows, rowStarts } from "./matrixLists";
export { fieldOf, numberColumn, recordsOfColumns } from "./columns";
export { draws, type Draws } from "./draws";

export {
  jacobianForward,
  jacobiansForward,
  jacobianReverse,
  jacobianReverseRows,
  jacobiansReverse,
  jacobiansReverseRows,
  sumLike,
  tangentOrZeros,
  unitLike,
  zerosLike,
  type ResultKind,
  type Shaped,
} from "./jacobian";

/**
 * A tangent or cotangent array must have its primal's length: past its end it would be read as undefined (NaN), and
 * a longer one's tail would be ignored. Generated code checks each on entry, as JAX checks shapes.
 */
export function sameLength(direction: ArrayLike<unknown>, primal: ArrayLike<unknown>, what: string): void {
  if (direction.length !== primal.length) {
    throw new RangeError(
      `cotangent: ${what} has ${direction.length} elements where its primal has ${primal.length}; pass one of the primal's length.`,
    );
  }
  // A matrix's tangent: each row as long as the primal's (a vector's elements are numbers: one test).
  if (primal.length === 0 || typeof primal[0] !== "object") return;
  for (let i = 0; i < primal.length; i++) {
    const row = (direction[i] as ArrayLike<unknown> | undefined)?.length;
    const expected = (primal[i] as ArrayLike<unknown>).length;
    if (row !== expected) {
      throw new RangeError(
        `cotangent: row ${i} of ${what} has ${row} elements where the primal's has ${expected}; pass rows of the primal's lengths.`,
      );
    }
  }
}

/**
 * Generated code for a function that writes into an array parameter calls this for each pair of array parameters:
 * one array under two names would need one adjoint for both, so it stops instead of returning a wrong derivative.
 */
export function distinctArrays(a: unknown, b: unknown): void {
  if (a === b) {
    throw new Error(
      "cotangent: the same array was passed for two parameters of a function that writes into one of them; pass a copy.",
    );
  }
  // Two views of one buffer ('d' and 'd.subarray(1)') share the elements where their ranges meet.
  if (ArrayBuffer.isView(a) && ArrayBuffer.isView(b) && a.buffer === b.buffer) {
    const overlap =
      a.byteOffset < b.byteOffset + b.byteLength && b.byteOffset < a.byteOffset + a.byteLength && a.byteLength > 0;
    if (overlap && b.byteLength > 0) {
      throw new Error(
        "cotangent: two views of one buffer that share elements were passed for two parameters of a function that writes into one of them; pass a copy.",
      );
    }
  }
}

/** JAX's stop_gradient: the value itself; the compiler's rule for it has derivative 0 (core rules/internal.ts). */
export function stopGradient(value: number): number {
  return value;
}
