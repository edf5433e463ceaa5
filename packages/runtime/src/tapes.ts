/** The shared stacks generated code records on (one pair per program, re-entrant: see stack.ts). */
import { ArrayStack, Float64Stack, Int32Stack } from "./stack";

/** Primal values saved by forward sweeps for reverse sweeps (values overwritten before the reverse sweep reads them). */
export const tape = new Float64Stack();

/** Control flow recorded by forward sweeps: branch decisions (0/1) and loop trip counts. */
export const control = new Int32Stack();

/** Arrays set aside by forward sweeps when their variable was given a new one, for reverse sweeps to read again. */
export const arrays = new ArrayStack();

/** Current tape depth in bytes, for tests and benchmarks of tape use (the arrays set aside count by their elements). */
export function tapeBytes(): number {
  return tape.bytes + control.bytes + arrays.bytes;
}

/**
 * What a gradient's generated function runs when an error escapes it (a 'throw' in the primal, a callee's error): the
 * stacks go back to the depths it found on entry, for the calls after it. The forward sweep's records, and those of
 * callees it interrupted, have no reverse sweep to pop them.
 */
export function unwind(tapeTop: number, controlTop: number, arraysTop: number): void {
  tape.setTop(tapeTop);
  control.setTop(controlTop);
  arrays.setTop(arraysTop);
}
