/**
 * Functions that return an object of numbers: their generated derivatives take the object's numbers as one array.
 * A vjp's pullback reads the caller's cotangent object into that array here, checking its shape on the way, as
 * `sameLength` checks an array's: a missing field would be read as undefined (NaN), and a longer tuple's tail ignored.
 */

/** Where each of a result's numbers goes: its position in the array, in an object or tuple of the result's shape. */
export type Layout = number | readonly Layout[] | { readonly [key: string]: Layout };

/**
 * The numbers of `value`, shaped as `layout`, at the positions it gives. Throws a RangeError naming the first field
 * that is not a number, or a tuple of another length.
 */
export function recordNumbers(value: unknown, layout: Layout, what: string): number[] {
  const numbers: number[] = [];
  const where = (path: string) => (path ? `field '${path.replace(/^\./, "")}' of ${what}` : what);
  const read = (held: unknown, shape: Layout, path: string): void => {
    if (typeof shape === "number") {
      if (typeof held !== "number") {
        throw new RangeError(
          `cotangent: ${where(path)} is ${describe(held)} where the result has a number; pass a number.`,
        );
      }
      numbers[shape] = held;
      return;
    }
    if (Array.isArray(shape)) {
      const length = Array.isArray(held) ? held.length : undefined;
      if (length !== shape.length) {
        const got = length === undefined ? describe(held) : `an array of ${length}`;
        throw new RangeError(
          `cotangent: ${where(path)} is ${got} where the result has a tuple of ${shape.length}; pass one of that length.`,
        );
      }
      shape.forEach((element, k) => read((held as unknown[])[k], element, `${path}[${k}]`));
      return;
    }
    if (typeof held !== "object" || held === null) {
      throw new RangeError(`cotangent: ${where(path)} is ${describe(held)} where the result has an object; pass one.`);
    }
    for (const [key, field] of Object.entries(shape))
      read((held as Record<string, unknown>)[key], field, `${path}.${key}`);
  };
  read(value, layout, "");
  return numbers;
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (Array.isArray(value)) return `an array of ${value.length}`;
  return typeof value === "object" ? "an object" : `${typeof value} ${String(value)}`;
}
