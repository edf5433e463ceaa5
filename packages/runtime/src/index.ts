/**
 * Cotangent runtime: the only module generated derivative code imports (as `__ct`).
 * It has no dependencies so that it can be bundled into any target.
 */
import { Float64Stack, Int32Stack } from "./stack";

export { Float64Stack, Int32Stack } from "./stack";

/** Primal values saved by forward sweeps for reverse sweeps (values overwritten before the reverse sweep reads them). */
export const tape = new Float64Stack();

/** Control flow recorded by forward sweeps: branch decisions (0/1) and loop trip counts. */
export const control = new Int32Stack();

/** Current tape depth in bytes, for tests and benchmarks of tape use. */
export function tapeBytes(): number {
  return tape.bytes + control.bytes;
}

/** The most tape (values and control) any reverse sweep has held since the last `resetTapePeak()`, in bytes. */
export function tapePeakBytes(): number {
  return tape.peakBytes + control.peakBytes;
}

export function resetTapePeak(): void {
  tape.peak = tape.top;
  control.peak = control.top;
}

export { jacobianForward, jacobianReverse, unitLike, type Shaped } from "./jacobian";

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
}
