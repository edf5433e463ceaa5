/**
 * A gradient in an array of records, built from the Float64Array generated code accumulates it in: element i's
 * number field k at `i * fields.length + k`. One object per element, with the number fields at their paths, nested
 * as the element's are (`{ pos: { x, y }, w }`); an optional field (`optional[k]`) is there where the element has it.
 */
export function recordsOf(
  flat: Float64Array,
  records: ArrayLike<object>,
  fields: readonly (readonly string[])[],
  optional: readonly boolean[],
): object[] {
  const out: object[] = new Array(records.length);
  for (let i = 0; i < records.length; i++) {
    const gradient: Record<string, unknown> = {};
    fields.forEach((path, k) => {
      if (optional[k] && valueAt(records[i], path) === undefined) return;
      let holder = gradient;
      for (const key of path.slice(0, -1)) holder = (holder[key] ??= {}) as Record<string, unknown>;
      holder[path[path.length - 1]] = flat[i * fields.length + k];
    });
    out[i] = gradient;
  }
  return out;
}

function valueAt(element: object, path: readonly string[]): unknown {
  let value: unknown = element;
  for (const key of path) value = (value as Record<string, unknown> | undefined)?.[key];
  return value;
}
