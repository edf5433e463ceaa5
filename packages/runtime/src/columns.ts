/**
 * Arrays of records whose fields hold matrices ('layers: { W: number[][]; b: number[]; gain: number }[]'), as
 * generated code takes them: one value per field for all the elements (a column), and a gradient put back together
 * element by element.
 */

/** Each element's value of field `key`, in order: the same objects for array fields. */
export function fieldOf<R, K extends keyof R>(records: ArrayLike<R>, key: K): R[K][] {
  const values: R[K][] = new Array(records.length);
  for (let i = 0; i < records.length; i++) values[i] = records[i][key];
  return values;
}

/** Each element's number field `key`, in order, in a Float64Array. */
export function numberColumn<R>(records: ArrayLike<R>, key: keyof R): Float64Array {
  const values = new Float64Array(records.length);
  for (let i = 0; i < records.length; i++) values[i] = records[i][key] as number;
  return values;
}

/** One object per element, each field's value at the element's position: `{ W: columns.W[i], … }`. */
export function recordsOfColumns<C extends Record<string, ArrayLike<unknown>>>(count: number, columns: C): Row<C>[] {
  const keys = Object.keys(columns);
  const records: Row<C>[] = new Array(count);
  for (let i = 0; i < count; i++) {
    const record: Record<string, unknown> = {};
    for (const key of keys) record[key] = columns[key][i];
    records[i] = record as Row<C>;
  }
  return records;
}

/** One element's fields: an element of each column. */
type Row<C> = { [K in keyof C]: C[K] extends ArrayLike<infer E> ? E : never };
