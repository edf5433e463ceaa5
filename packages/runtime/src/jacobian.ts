/**
 * Assembling Jacobians from directional derivatives, for the `jacfwd` / `jacrev` markers. Shapes follow JAX:
 * the Jacobian of f: In → Out has shape out.shape + in.shape, so a number → number function gives a number,
 * an array → number function a gradient (number[]), and an array → array function a matrix (rows = outputs).
 * These run once per Jacobian column or row, never per elementary operation.
 */

/** A number, or a one-dimensional array of numbers. */
export type Shaped = number | ArrayLike<number>;

/**
 * A fresh value shaped like a `T`, which its receiver may write into: `number[]` for a `readonly number[]` (a
 * wrapper's parameter as the user declared it), else `T`.
 */
export type Fresh<T extends Shaped> = T extends readonly number[] ? number[] : T;

/** The i-th unit vector shaped like `like`: 1 for a number, an array of the same kind otherwise. */
export function unitLike<T extends Shaped>(like: T, i: number): Fresh<T> {
  if (typeof like === "number") return 1 as Fresh<T>;
  // A typed array gives one of its kind; an array, or any other array-like ('{ length: 2, 0: x, 1: y }'), a number[].
  const out: number[] | Float64Array = ArrayBuffer.isView(like)
    ? new (like.constructor as Float64ArrayConstructor)(like.length)
    : new Array<number>(like.length).fill(0);
  out[i] = 1;
  return out as unknown as Fresh<T>;
}

const toArray = (v: Shaped): number | number[] => (typeof v === "number" ? v : Array.from(v));

/** Forward mode, one sweep per input: `column(e_j)` is the Jacobian's column j (J·e_j). */
export function jacobianForward<T extends Shaped>(
  input: T,
  column: (tangent: Fresh<T>) => Shaped,
): number | number[] | number[][] {
  if (typeof input === "number") return toArray(column(1 as Fresh<T>));
  // No input: one sweep along the empty direction still counts the outputs, each an empty row (JAX's shape (m, 0)).
  if (input.length === 0) {
    const outputs = column(zerosLike(input));
    return typeof outputs === "number" ? [] : Array.from({ length: outputs.length }, () => []);
  }
  const columns: Shaped[] = [];
  for (let j = 0; j < input.length; j++) columns.push(column(unitLike(input, j)));
  return fromColumns(columns);
}

/**
 * Forward mode for several outputs at once, one sweep per input: `columns(e_j)` is column j of each of the `count`
 * outputs' Jacobians (a Hessian's blocks in one parameter, from one Hessian-vector product per input element).
 */
export function jacobiansForward<T extends Shaped>(
  input: T,
  count: number,
  columns: (tangent: Fresh<T>) => readonly Shaped[],
): (number | number[] | number[][])[] {
  if (typeof input === "number") return columns(1 as Fresh<T>).map(toArray);
  const swept: (readonly Shaped[])[] = [];
  for (let j = 0; j < input.length; j++) swept.push(columns(unitLike(input, j)));
  return Array.from({ length: count }, (_, k) => fromColumns(swept.map((c) => c[k])));
}

/** A Jacobian from its columns: a gradient (number[]) when each column is a number, else rows = outputs. */
function fromColumns(columns: readonly Shaped[]): number[] | number[][] {
  if (columns.length === 0 || typeof columns[0] === "number") return columns as number[];
  const outputs = (columns[0] as ArrayLike<number>).length;
  const rows: number[][] = [];
  for (let i = 0; i < outputs; i++) rows.push(columns.map((c) => (c as ArrayLike<number>)[i]));
  return rows;
}

/** Reverse mode, one sweep per output: `row(e_i)` is the Jacobian's row i (Jᵀ·e_i). */
export function jacobianReverse<T extends Shaped>(
  output: T,
  row: (cotangent: Fresh<T>) => Shaped,
): number | number[] | number[][] {
  if (typeof output === "number") return toArray(row(1 as Fresh<T>));
  const rows: (number | number[])[] = [];
  for (let i = 0; i < output.length; i++) rows.push(toArray(row(unitLike(output, i))));
  return rows as number[] | number[][];
}

/**
 * Reverse mode for several inputs at once, one sweep per output: `rows(e_i)` is row i of each of the `count` inputs'
 * Jacobians (the gradients Jᵀ·e_i in each input), so the outputs are swept once, not once per input.
 */
export function jacobiansReverse<T extends Shaped>(
  output: T,
  count: number,
  rows: (cotangent: Fresh<T>) => readonly Shaped[],
): (number | number[] | number[][])[] {
  if (typeof output === "number") return rows(1 as Fresh<T>).map(toArray);
  const jacobians: (number | number[])[][] = Array.from({ length: count }, () => []);
  for (let i = 0; i < output.length; i++) {
    rows(unitLike(output, i)).forEach((row, k) => jacobians[k].push(toArray(row)));
  }
  return jacobians as (number[] | number[][])[];
}

/** The kind of a function's result, as `jacobianReverseRows` is told it. */
export type ResultKind = "number" | "Float64Array" | "Float32Array" | "Array";

/**
 * `jacobianReverse` for a function whose result's kind and length the compiler read from its code, so the function
 * need not run once first just to show its result: `rows` unit cotangents of that kind (one `1` for a number).
 */
export function jacobianReverseRows(
  kind: ResultKind,
  rows: number,
  row: (cotangent: never) => Shaped,
): number | number[] | number[][] {
  return jacobianReverse<Shaped>(resultShape(kind, rows), row as (cotangent: Shaped) => Shaped);
}

/** `jacobiansReverse` for a function whose result's kind and length the compiler read from its code. */
export function jacobiansReverseRows(
  kind: ResultKind,
  rows: number,
  count: number,
  row: (cotangent: never) => readonly Shaped[],
): (number | number[] | number[][])[] {
  return jacobiansReverse<Shaped>(resultShape(kind, rows), count, row as (cotangent: Shaped) => readonly Shaped[]);
}

/** A zero value of the result's shape, standing in for the result: the assembly reads only its kind and length. */
function resultShape(kind: ResultKind, rows: number): Shaped {
  if (kind === "number") return 0;
  if (kind === "Array") return new Array<number>(rows).fill(0);
  return kind === "Float32Array" ? new Float32Array(rows) : new Float64Array(rows);
}

/** Zeros shaped like `like`: the tangent of an input held still while a Jacobian is taken in another. */
export function zerosLike<T extends Shaped>(like: T): Fresh<T> {
  if (typeof like === "number") return 0 as Fresh<T>;
  const zeros = Array.isArray(like)
    ? new Array<number>(like.length).fill(0)
    : new (like.constructor as Float64ArrayConstructor)(like.length);
  return zeros as unknown as Fresh<T>;
}

/**
 * `a + b`, element by element for arrays: the direction of a parameter `hvp`'s argnums name more than once, each
 * occurrence an input of its own whose products all go through that parameter.
 */
export function sumLike<T extends Shaped>(a: T, b: T): Fresh<T> {
  if (typeof a === "number") return (a + (b as number)) as Fresh<T>;
  const sum = zerosLike(a) as unknown as number[];
  const other = b as ArrayLike<number>;
  for (let i = 0; i < sum.length; i++) sum[i] = a[i] + other[i];
  return sum as unknown as Fresh<T>;
}

/**
 * A jvp tangent for a parameter of arrays or objects that the caller may give as 0 at run time (`const z = 0`, a
 * helper returning `0 | number[]`): zeros shaped like the primal then, numbers and arrays of numbers at any depth.
 */
export function tangentOrZeros<T>(tangent: T | 0, primal: T): T {
  return tangent === 0 ? (zerosShapedLike(primal) as T) : tangent;
}

function zerosShapedLike(value: unknown): unknown {
  if (typeof value === "number") return 0;
  if (Array.isArray(value) || ArrayBuffer.isView(value)) {
    const items = value as ArrayLike<unknown>;
    if (items.length > 0 && typeof items[0] !== "number") return Array.from(items, zerosShapedLike);
    return zerosLike(items as ArrayLike<number>);
  }
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(Object.entries(value).map(([key, field]) => [key, zerosShapedLike(field)]));
}
