/**
 * Functions that return an object of numbers: their generated derivatives return and take the object's numbers as
 * one array. First come the number fields and the lengths of the array fields, one entry each, depth first in the
 * order of the type's fields; then the array fields' elements, one array after another. A layout says where each
 * field is: a number field's position, or "kind@position" for an array field whose length is at that position
 * ("Float64Array@2"), in an object or tuple of the result's shape.
 *
 * The wrappers build the objects from such arrays here (the value and tangent jvp gives, a Jacobian's rows), and read
 * a pullback's cotangent object into one, checking its shape on the way, as `sameLength` checks an array's.
 */

export type Layout = number | string | readonly Layout[] | { readonly [key: string]: Layout };

type Leaf = { at: number; kind?: "number[]" | "Float64Array" | "Float32Array" };

function leafOf(shape: number | string): Leaf {
  if (typeof shape === "number") return { at: shape };
  const [kind, at] = shape.split("@");
  return { at: Number(at), kind: kind as Leaf["kind"] };
}

/** Every leaf of the layout, in order of position. */
function leavesOf(layout: Layout): Leaf[] {
  const leaves: Leaf[] = [];
  const walk = (shape: Layout): void => {
    if (typeof shape === "number" || typeof shape === "string") leaves.push(leafOf(shape));
    else Object.values(shape).forEach(walk);
  };
  walk(layout);
  return leaves.sort((a, b) => a.at - b.at);
}

/** Where each array field's elements start in the flat array, by the position of its length in `lengths`. */
function arrayStarts(layout: Layout, lengths: ArrayLike<number> | undefined): Map<number, number> {
  const leaves = leavesOf(layout);
  const starts = new Map<number, number>();
  let next = leaves.length;
  for (const leaf of leaves) {
    if (!leaf.kind) continue;
    starts.set(leaf.at, next);
    next += (lengths as ArrayLike<number>)[leaf.at];
  }
  return starts;
}

/** An object of the layout's shape whose number at position `at` is `number(at)`, and array `array(at, start, end)`. */
function build(
  layout: Layout,
  lengths: ArrayLike<number> | undefined,
  number: (at: number) => unknown,
  array: (leaf: Leaf, start: number, end: number) => unknown,
): unknown {
  const starts = arrayStarts(layout, lengths);
  const walk = (shape: Layout): unknown => {
    if (typeof shape === "number" || typeof shape === "string") {
      const leaf = leafOf(shape);
      if (!leaf.kind) return number(leaf.at);
      const start = starts.get(leaf.at) as number;
      return array(leaf, start, start + (lengths as ArrayLike<number>)[leaf.at]);
    }
    if (Array.isArray(shape)) return shape.map(walk);
    const object: Record<string, unknown> = {};
    for (const [key, field] of Object.entries(shape)) object[key] = walk(field);
    return object;
  };
  return walk(layout);
}

/**
 * The object whose numbers `flat` holds (a jvp's value or tangent), its array fields of their kinds; `lengths` is the
 * value's array, whose entries give the arrays' lengths (a tangent's are 0).
 */
export function recordOf(layout: Layout, flat: ArrayLike<number>, lengths?: ArrayLike<number>): unknown {
  return build(
    layout,
    lengths,
    (at) => flat[at],
    (leaf, start, end) => {
      const elements = Array.prototype.slice.call(flat, start, end) as number[];
      return leaf.kind === "Float64Array" || leaf.kind === "Float32Array"
        ? globalThis[leaf.kind].from(elements)
        : elements;
    },
  );
}

/**
 * A Jacobian by the result's fields (JAX's output tree outside): `jacobian` has a row per number of the flat array, and
 * each field gets its rows, a number field its one row, an array field an array of rows. With `several`, `jacobian`
 * holds one such Jacobian per parameter, and each field a tuple of its rows in each.
 */
export function jacobianRecord(
  layout: Layout,
  jacobian: unknown,
  lengths?: ArrayLike<number>,
  several = false,
): unknown {
  const each = (several ? jacobian : [jacobian]) as readonly (readonly unknown[])[];
  const pick = (rows: (j: readonly unknown[]) => unknown) => (several ? each.map(rows) : rows(each[0]));
  return build(
    layout,
    lengths,
    (at) => pick((j) => j[at]),
    (_, start, end) => pick((j) => j.slice(start, end)),
  );
}

/**
 * The numbers of `value`, shaped as `layout`, as the generated functions take them. `like`, an object of the same
 * shape (the function's value), gives the lengths the arrays must have. Throws a RangeError naming the first field
 * that is not a number, an array of another length or a tuple of another length.
 */
export function recordNumbers(value: unknown, layout: Layout, what: string, like?: unknown): number[] {
  const fixed: number[] = [];
  const arrays: { at: number; elements: ArrayLike<number> }[] = [];
  const where = (path: string) => (path ? `field '${path.replace(/^\./, "")}' of ${what}` : what);
  const read = (held: unknown, model: unknown, shape: Layout, path: string): void => {
    if (typeof shape === "number" || typeof shape === "string") {
      const leaf = leafOf(shape);
      if (!leaf.kind) {
        if (typeof held !== "number") {
          throw new RangeError(
            `cotangent: ${where(path)} is ${describe(held)} where the result has a number; pass a number.`,
          );
        }
        fixed[leaf.at] = held;
        return;
      }
      const elements = isArrayLike(held) ? held : undefined;
      const expected = isArrayLike(model) ? model.length : undefined;
      if (!elements || (expected !== undefined && elements.length !== expected)) {
        const wanted = expected === undefined ? "an array" : `an array of ${expected}`;
        throw new RangeError(
          `cotangent: ${where(path)} is ${describe(held)} where the result has ${wanted}; pass one.`,
        );
      }
      for (let k = 0; k < elements.length; k++) {
        if (typeof elements[k] !== "number") {
          const got = describe(elements[k]);
          throw new RangeError(
            `cotangent: ${where(`${path}[${k}]`)} is ${got} where the result has a number; pass one.`,
          );
        }
      }
      fixed[leaf.at] = elements.length;
      arrays.push({ at: leaf.at, elements });
      return;
    }
    if (Array.isArray(shape)) {
      const length = isArrayLike(held) ? held.length : undefined;
      if (length !== shape.length) {
        const got = length === undefined ? describe(held) : `an array of ${length}`;
        throw new RangeError(
          `cotangent: ${where(path)} is ${got} where the result has a tuple of ${shape.length}; pass one of that length.`,
        );
      }
      shape.forEach((element, k) => read((held as ArrayLike<unknown>)[k], field(model, k), element, `${path}[${k}]`));
      return;
    }
    if (typeof held !== "object" || held === null) {
      throw new RangeError(`cotangent: ${where(path)} is ${describe(held)} where the result has an object; pass one.`);
    }
    for (const [key, shapeOfField] of Object.entries(shape)) {
      read((held as Record<string, unknown>)[key], field(model, key), shapeOfField, `${path}.${key}`);
    }
  };
  read(value, like, layout, "");
  const numbers = fixed.slice();
  for (const { elements } of arrays.sort((a, b) => a.at - b.at)) {
    for (let k = 0; k < elements.length; k++) numbers.push(elements[k]);
  }
  return numbers;
}

const isArrayLike = (value: unknown): value is ArrayLike<number> =>
  Array.isArray(value) || (ArrayBuffer.isView(value) && !(value instanceof DataView));

const field = (model: unknown, key: string | number): unknown =>
  typeof model === "object" && model !== null ? (model as Record<string, unknown>)[key] : undefined;

function describe(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (isArrayLike(value)) return `an array of ${value.length}`;
  return typeof value === "object" ? "an object" : `${typeof value} ${String(value)}`;
}
