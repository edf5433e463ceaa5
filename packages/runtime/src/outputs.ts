/**
 * The check `gradInto` runs once per call before its generated function overwrites the caller's arrays. The
 * generated reverse sweep keeps an adjoint element in a local across a loop (promotion): that is only right when
 * no array it reads or writes is the same memory under another name. So each output must be its own memory, not
 * a view of an argument or of another output, and must have its parameter's length.
 */

type Output = ArrayLike<number> | null | undefined;

/**
 * `outputs[k]` receives the gradient of `args[k]`; `args` goes on with the other array arguments, which the outputs
 * must not share memory with either. `names[k]` is how the wrapper's caller wrote `args[k]` (`x`, `layer.w`).
 * Throws an Error naming the output and the problem.
 */
export function checkOutputs(outputs: readonly Output[], args: readonly unknown[], names: readonly string[]): void {
  for (let k = 0; k < outputs.length; k++) {
    const out = outputs[k];
    const arg = args[k] as ArrayLike<number>;
    if (out === null || out === undefined || typeof out.length !== "number") {
      throw new Error(`cotangent: gradInto needs an array for the gradient of '${names[k]}'; it received ${out}.`);
    }
    if (out.length !== arg.length) {
      throw new Error(
        `cotangent: the output array for the gradient of '${names[k]}' has length ${out.length}, but '${names[k]}' has length ${arg.length}; pass an array of length ${arg.length}.`,
      );
    }
    for (let j = 0; j < outputs.length; j++) {
      if (j !== k && sharesMemory(out, outputs[j])) {
        const [a, b] = j < k ? [j, k] : [k, j];
        throw new Error(
          `cotangent: the output arrays for the gradients of '${names[a]}' and '${names[b]}' share memory; pass separate arrays.`,
        );
      }
    }
    for (let j = 0; j < args.length; j++) {
      const other = args[j];
      if (sharesMemory(out, other) || sharesMemoryWithRow(out, other)) {
        throw new Error(
          `cotangent: the output array for the gradient of '${names[k]}' shares memory with argument '${names[j]}'; pass a separate array.`,
        );
      }
    }
  }
}

/** Whether `out` is one of the rows of a `number[][]` argument (a loop, not `some`: this runs on every call). */
function sharesMemoryWithRow(out: unknown, other: unknown): boolean {
  if (!Array.isArray(other) || !Array.isArray(other[0])) return false;
  for (let r = 0; r < other.length; r++) if (sharesMemory(out, other[r])) return true;
  return false;
}

/** Typed arrays share memory when their byte ranges in one buffer overlap; other arrays when they are one array. */
function sharesMemory(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (!ArrayBuffer.isView(a) || !ArrayBuffer.isView(b) || a.buffer !== b.buffer) return false;
  return a.byteOffset < b.byteOffset + b.byteLength && b.byteOffset < a.byteOffset + a.byteLength;
}
