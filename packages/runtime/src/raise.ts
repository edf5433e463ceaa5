/**
 * What a differentiated function's 'throw new RangeError(`n is ${n}`)' becomes in its generated code:
 * 'raise("RangeError", "n is ", n)' throws the same class of error with the same message, each part converted as a
 * template literal converts it.
 */
export function raise(errorClass: string, ...parts: readonly unknown[]): never {
  const message = parts.map(String).join("");
  if (errorClass === "RangeError") throw new RangeError(message);
  if (errorClass === "TypeError") throw new TypeError(message);
  throw new Error(message);
}
