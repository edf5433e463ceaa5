/**
 * Peak tape use of one reverse-mode call, for tests and benchmarks. `tapeBytes()` reports the current depth, which
 * is back to zero when a gradient returns, so the peak is read from the stacks' backing arrays instead: they are
 * filled with a sentinel before the call, and afterwards the highest element that no longer holds the sentinel is
 * the deepest the call pushed. Nothing is added to `push` or `pop`, which stay as cheap as they can be. If a stack
 * grew during the call, its new backing array is filled too and the call is repeated.
 */
import { arrays, control, tape, tapeBytes } from "./tapes";

const F64_SENTINEL = -1.25e-300;
const I32_SENTINEL = -2147480000;

function highWater(data: Float64Array | Int32Array, sentinel: number): number {
  for (let i = data.length - 1; i >= 0; i--) if (data[i] !== sentinel) return i + 1;
  return 0;
}

/** Bytes of the deepest tape (values, control stack, arrays set aside) that one call of `run` reached. */
export function peakTapeBytes(run: () => unknown): number {
  if (tapeBytes() !== 0) throw new Error("the tape is not empty before a measurement");
  for (;;) {
    const values = tape.data;
    const decisions = control.data;
    values.fill(F64_SENTINEL);
    decisions.fill(I32_SENTINEL);
    arrays.resetPeak();
    run();
    if (tapeBytes() !== 0) throw new Error(`a reverse call left ${tapeBytes()} bytes on the tape`);
    if (tape.data !== values || control.data !== decisions) continue;
    return (
      highWater(values, F64_SENTINEL) * Float64Array.BYTES_PER_ELEMENT +
      highWater(decisions, I32_SENTINEL) * Int32Array.BYTES_PER_ELEMENT +
      arrays.peakBytes
    );
  }
}
