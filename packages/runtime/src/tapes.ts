/** The shared stacks generated code records on (one pair per program, re-entrant: see stack.ts). */
import { Float64Stack, Int32Stack } from "./stack";

/** Primal values saved by forward sweeps for reverse sweeps (values overwritten before the reverse sweep reads them). */
export const tape = new Float64Stack();

/** Control flow recorded by forward sweeps: branch decisions (0/1) and loop trip counts. */
export const control = new Int32Stack();

/** Current tape depth in bytes, for tests and benchmarks of tape use. */
export function tapeBytes(): number {
  return tape.bytes + control.bytes;
}
