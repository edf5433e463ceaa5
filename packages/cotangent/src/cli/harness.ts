/**
 * The numbers behind `cotangent check`: at one point, every partial derivative of a marked function by forward
 * mode (`f_jvp`, one sweep per input element), by reverse mode (`f_vjp`, one sweep per output element) and by
 * central finite differences of the primal. The generated functions take flattened parameters (`layer.w` →
 * `layer_w`); the core's parameter shapes say where each one sits in the user's arguments.
 */
import type { ParamShape, ResultRecord, StandaloneFunction, VarType } from "@cotangent/core";
import { fieldOf, matrixRows, numberColumn, recordNumbers, rowStarts, type Layout } from "@cotangent/runtime";

type Fn = (...args: unknown[]) => unknown;

/** One partial derivative ∂ output / ∂ input at one point. */
export interface Partial {
  /** The input element, as the user would write it: `x`, `layer.w[2]`, `m[1][0]`. */
  readonly input: string;
  /** The output element: `""` for a number result, `[i]` for an array's element. */
  readonly output: string;
  readonly forward?: number;
  readonly reverse?: number;
  readonly finiteDifference: number;
}

/** A flattened parameter of the generated functions, and where its value comes from in the user's arguments. */
interface Leaf {
  readonly param: number;
  /** The value the generated functions take, read from the arguments `root`. */
  readonly read: (root: unknown) => unknown;
  /** Adds `h` to element `e` of the parameter in `root` (a deep copy of the arguments). */
  readonly add: (root: unknown, e: Element, h: number) => void;
  /** An element's label as the user writes it: 'x[2]', 'm[1][0]', 'Ws[1][0][2]', 'layers[1].gain'. */
  readonly name: (root: unknown, row?: number, index?: number) => string;
}

const get = (root: unknown, path: readonly (string | number)[]): unknown =>
  path.reduce<unknown>((v, key) => (v as Record<string | number, unknown>)[key], root);

const indexed = (label: string) => (_root: unknown, row?: number, index?: number) =>
  `${label}${row === undefined ? "" : `[${row}]`}${index === undefined ? "" : `[${index}]`}`;

function leavesOfSources(fn: StandaloneFunction): Leaf[] {
  const out: Leaf[] = [];
  // An array of matrices whose rows one parameter takes (the same row objects) and whose row starts another does.
  // `element(m, i, j)` labels element j of row i of matrix m ('Ws[1][0][2]', 'layers[1].W[0][2]').
  type Label = (matrix: number, row: number, index?: number) => string;
  const stack = (shape: { rows: number; starts: number }, element: Label, matrices: (root: unknown) => unknown) => {
    const rows = (root: unknown) => matrixRows(matrices(root) as number[][][]);
    const name = (root: unknown, row = 0, index?: number) => {
      const starts = rowStarts(matrices(root) as number[][][]);
      let matrix = 0;
      while (starts[matrix + 1] <= row) matrix++;
      return element(matrix, row - starts[matrix], index);
    };
    const add = (root: unknown, e: Element, h: number) => {
      rows(root)[e.row as number][e.index as number] += h;
    };
    out.push({ param: shape.rows, read: rows, add, name });
    out.push({ param: shape.starts, read: (root) => rowStarts(matrices(root) as number[][][]), add, name });
  };
  const walk = (shape: ParamShape, path: (string | number)[], label: string): void => {
    const at = (root: unknown) => get(root, path);
    if (shape.kind === "leaf") {
      out.push({
        param: shape.param,
        read: at,
        add: (root, e, h) => addAt(root, path, e, h),
        name: indexed(label),
      });
    } else if (shape.kind === "stack")
      stack(shape, (m, i, j) => `${label}[${m}][${i}]${j === undefined ? "" : `[${j}]`}`, at);
    else if (shape.kind === "records") {
      // Records that hold matrices: a column per field.
      for (const f of shape.fields) {
        const records = (root: unknown) => at(root) as Record<string, unknown>[];
        const column = (root: unknown) => fieldOf(records(root), f.key);
        if (f.shape.kind === "stack")
          stack(f.shape, (m, i, j) => `${label}[${m}].${f.key}[${i}]${j === undefined ? "" : `[${j}]`}`, column);
        else if (f.shape.kind !== "leaf") continue;
        else if (f.numbers) {
          out.push({
            param: f.shape.param,
            read: (root) => numberColumn(records(root), f.key),
            add: (root, e, h) => {
              const record = records(root)[e.index as number];
              record[f.key] = (record[f.key] as number) + h;
            },
            name: (_root, _row, index) => `${label}[${index}].${f.key}`,
          });
        } else {
          out.push({
            param: f.shape.param,
            read: column,
            add: (root, e, h) => {
              (column(root) as number[][])[e.row as number][e.index as number] += h;
            },
            name: (_root, row, index) => `${label}[${row}].${f.key}[${index}]`,
          });
        }
      }
    } else
      for (const f of shape.fields)
        walk(f.shape, [...path, f.key], shape.tuple ? `${label}[${f.key}]` : `${label}.${f.key}`);
  };
  fn.sources.forEach((s, k) => walk(s.shape, [k], s.name));
  return out.sort((a, b) => a.param - b.param);
}

/** Adds `h` to element `e` of the value at `path` of `root`: a number, an array's element or a matrix's. */
function addAt(root: unknown, path: readonly (string | number)[], e: Element, h: number): void {
  const parent = get(root, path.slice(0, -1)) as Record<string | number, unknown>;
  const key = path[path.length - 1];
  if (e.type === "number") parent[key] = (parent[key] as number) + h;
  else if (e.type === "number[][]") (parent[key] as number[][])[e.row as number][e.index as number] += h;
  else (parent[key] as number[])[e.index as number] += h;
}

/** One element of a differentiable parameter: a number, an array element, or a matrix element. */
interface Element {
  readonly leaf: Leaf;
  readonly type: VarType;
  readonly index?: number;
  readonly row?: number;
  readonly label: string;
}

function elementsOf(fn: StandaloneFunction, args: readonly unknown[]): Element[] {
  return leavesOfSources(fn)
    .filter((leaf) => fn.active.includes(leaf.param))
    .flatMap((leaf): Element[] => {
      const type = fn.params[leaf.param].type;
      const value = leaf.read(args);
      if (type === "number") return [{ leaf, type, label: leaf.name(args) }];
      if (type === "number[][]") {
        return (value as number[][]).flatMap((r, row) =>
          r.map((_, index) => ({ leaf, type, row, index, label: leaf.name(args, row, index) })),
        );
      }
      return Array.from({ length: (value as ArrayLike<number>).length }, (_, index) => ({
        leaf,
        type,
        index,
        label: leaf.name(args, undefined, index),
      }));
    });
}

/** A zero value shaped like `value` (a tangent or cotangent), with `one` set to 1 when given. */
function zerosLike(type: VarType, value: unknown, one?: { index?: number; row?: number }): unknown {
  if (type === "number") return one ? 1 : 0;
  if (type === "number[][]") {
    return (value as number[][]).map((r, row) => r.map((_, i) => (one && one.row === row && one.index === i ? 1 : 0)));
  }
  const length = (value as ArrayLike<number>).length;
  const out: number[] | Float64Array | Float32Array =
    type === "Float64Array"
      ? new Float64Array(length)
      : type === "Float32Array"
        ? new Float32Array(length)
        : new Array<number>(length).fill(0);
  if (one?.index !== undefined) out[one.index] = 1;
  return out;
}

function readElement(type: VarType, value: unknown, e: Element): number {
  if (type === "number") return value as number;
  if (type === "number[][]") return (value as number[][])[e.row as number][e.index as number];
  return (value as ArrayLike<number>)[e.index as number];
}

/** Adds `h` to one element of a deep copy of the arguments. */
function perturbed(args: readonly unknown[], e: Element, h: number): unknown[] {
  const copy = deepCopy(args) as unknown[];
  e.leaf.add(copy, e, h);
  return copy;
}

/**
 * A deep copy of sample arguments that keeps each object's class: a model object's methods must still be there when
 * the primal calls them (structuredClone makes plain objects).
 */
function deepCopy<T>(value: T): T {
  if (ArrayBuffer.isView(value)) return (value as unknown as Float64Array).slice() as unknown as T;
  if (Array.isArray(value)) return value.map(deepCopy) as unknown as T;
  if (typeof value !== "object" || value === null) return value;
  const copy = Object.create(Object.getPrototypeOf(value)) as Record<string, unknown>;
  for (const [key, field] of Object.entries(value)) copy[key] = deepCopy(field);
  return copy as T;
}

/**
 * A result's numbers as the generated functions hold them, with their labels ('', '[2]', '.mean', '.range[1]',
 * '.w[3]'): an object's in its record's order, where the lengths of its arrays have none (they are no outputs).
 */
function outputsOf(fn: StandaloneFunction, value: unknown): { values: number[]; labels: (string | undefined)[] } {
  if (typeof value === "number") return { values: [value], labels: [""] };
  if (!fn.resultRecord) {
    const values = Array.from(value as ArrayLike<number>);
    return { values, labels: values.map((_, r) => `[${r}]`) };
  }
  const values = recordNumbers(value, layoutOf(fn.resultRecord), "the result");
  const labels: (string | undefined)[] = [];
  const arrays: { at: number; label: string }[] = [];
  const walk = (record: ResultRecord, path: string): void => {
    for (const { key, value: leaf } of record.fields) {
      const label = record.tuple ? `${path}[${key}]` : `${path}.${key}`;
      if (!("at" in leaf)) walk(leaf, label);
      else if (leaf.array) arrays.push({ at: leaf.at, label });
      else labels[leaf.at] = label;
    }
  };
  walk(fn.resultRecord, "");
  let next = labels.length + arrays.length;
  for (const { at, label } of arrays.sort((a, b) => a.at - b.at)) {
    for (let k = 0; k < values[at]; k++) labels[next++] = `${label}[${k}]`;
  }
  return { values, labels };
}

/** The runtime's layout of a record result: each number's position, "kind@position" for an array's length. */
function layoutOf(record: ResultRecord): Layout {
  const entries = record.fields.map(({ key, value }) => {
    const layout: Layout = !("at" in value) ? layoutOf(value) : value.array ? `${value.array}@${value.at}` : value.at;
    return [key, layout] as const;
  });
  return record.tuple ? entries.map(([, layout]) => layout) : Object.fromEntries(entries);
}

/** Every partial derivative of `fn` at `args`, by each generated mode and by central differences. */
export function partials(
  fn: StandaloneFunction,
  exports: { primal: Fn; jvp?: Fn; vjp?: Fn },
  args: readonly unknown[],
): Partial[] {
  const flat = leavesOfSources(fn).map((leaf) => leaf.read(args));
  const value = exports.primal(...deepCopy(args));
  const { values: outputs, labels } = outputsOf(fn, value);
  const elements = elementsOf(fn, args);

  const forward = exports.jvp
    ? elements.map((e) => {
        const tangents = fn.active.map((p) =>
          zerosLike(fn.params[p].type, flat[p], p === e.leaf.param ? e : undefined),
        );
        const [, tangent] = exports.jvp?.(...flat, ...tangents) as [unknown, unknown];
        return typeof tangent === "number" ? [tangent] : Array.from(tangent as ArrayLike<number>);
      })
    : undefined;
  const reverse = exports.vjp
    ? outputs.map((_, r) => {
        const seed = fn.resultType === "number" ? 1 : zerosLike(fn.resultType, outputs, { index: r });
        const adjoints = (exports.vjp?.(...flat, seed) as unknown[]).slice(1);
        return elements.map((e) => readElement(e.type, adjoints[fn.active.indexOf(e.leaf.param)], e));
      })
    : undefined;

  return elements.flatMap((e, i) => {
    const x = readElement(e.type, e.leaf.read(args), e);
    // Step near the cube root of machine epsilon, relative to |x|: balances truncation and rounding error.
    const h = 6e-6 * Math.max(1, Math.abs(x));
    const near = (step: number) => nearby(() => outputsOf(fn, exports.primal(...perturbed(args, e, step))).values);
    const up = near(h);
    const down = near(-h);
    return outputs.flatMap((_, r) => {
      const output = labels[r];
      if (output === undefined) return [];
      return [
        {
          input: e.label,
          output,
          forward: forward?.[i][r],
          reverse: reverse?.[r][i],
          finiteDifference: up && down ? centralDifference(down[r], outputs[r], up[r], h) : NaN,
        },
      ];
    });
  });
}

/** One second partial derivative ∂²f / ∂row ∂column at one point. */
export interface SecondPartial {
  readonly row: string;
  readonly column: string;
  /** Entry (row, column) of the Hessian from `f_hvp` along the column's unit direction. */
  readonly hvp: number;
  /** The same entry from `f_hvp` along the row's direction: the Hessian is symmetric. */
  readonly transposed: number;
  /** Central differences of the reverse-mode gradient's row entry along the column. */
  readonly finiteDifference: number;
}

/**
 * Every second partial derivative of a number-valued `fn` at `args`: the Hessian column by column from `f_hvp`
 * (one product per input element), against central differences of the gradient from `f_vjp`.
 */
export function secondPartials(
  fn: StandaloneFunction,
  exports: { vjp: Fn; hvp: Fn },
  args: readonly unknown[],
): SecondPartial[] {
  const leaves = leavesOfSources(fn);
  const flat = leaves.map((leaf) => leaf.read(args));
  const elements = elementsOf(fn, args);
  const read = (adjoints: readonly unknown[], e: Element) =>
    readElement(e.type, adjoints[fn.active.indexOf(e.leaf.param)], e);
  // f_hvp returns H·v for each differentiated parameter, one value unwrapped.
  const columns = elements.map((e) => {
    const directions = fn.active.map((p) => zerosLike(fn.params[p].type, flat[p], p === e.leaf.param ? e : undefined));
    const product = exports.hvp(...deepCopy(flat), ...directions);
    return fn.active.length === 1 ? [product] : (product as unknown[]);
  });
  const gradientAt = (at: readonly unknown[]) =>
    (exports.vjp(...leaves.map((leaf) => leaf.read(at)), 1) as unknown[]).slice(1);
  const gradient = gradientAt(args);
  return elements.flatMap((column, j) => {
    const x = readElement(column.type, column.leaf.read(args), column);
    const h = 6e-6 * Math.max(1, Math.abs(x));
    const up = nearby(() => gradientAt(perturbed(args, column, h)));
    const down = nearby(() => gradientAt(perturbed(args, column, -h)));
    return elements.map((row, i) => ({
      row: row.label,
      column: column.label,
      hvp: read(columns[j], row),
      transposed: read(columns[i], column),
      finiteDifference: up && down ? centralDifference(read(down, row), read(gradient, row), read(up, row), h) : NaN,
    }));
  });
}

/**
 * What `run` gives at a point near the sample, or undefined where it throws there: an index or a size moved off its
 * integer ('xs[n]' at n = 1.000006 is undefined), where there is no derivative to compare with (shown 'not compared').
 */
function nearby<T>(run: () => T): T | undefined {
  try {
    return run();
  } catch {
    return undefined;
  }
}

/**
 * (f(x + h) − f(x − h)) / 2h, or NaN where the one-sided differences disagree: the function jumps or has a kink
 * between x − h and x + h (a loop count 'steps' perturbed by h runs one more pass), so it has no derivative there to
 * compare with. Smooth functions' one-sided differences differ by about h·f'', far below the bound.
 */
function centralDifference(down: number, at: number, up: number, h: number): number {
  const right = (up - at) / h;
  const left = (at - down) / h;
  if (Math.abs(right - left) > 1e-2 * Math.max(1, Math.abs(right), Math.abs(left))) return NaN;
  return (up - down) / (2 * h);
}

/** |a − b| / max(1, |b|): relative for large values, absolute near zero, where differences are all noise. */
export function scaledError(a: number, b: number): number {
  if (Number.isNaN(a) && Number.isNaN(b)) return 0;
  return Math.abs(a - b) / Math.max(1, Math.abs(b));
}

/** Points for a function whose parameters are all numbers: a fixed-seed LCG, uniform in [0.5, 1.5]. */
export function generatedSamples(fn: StandaloneFunction, count: number): unknown[][] | undefined {
  const allNumbers = fn.sources.every((s) => s.shape.kind === "leaf" && fn.params[s.shape.param].type === "number");
  if (!allNumbers) return undefined;
  let state = 2024;
  const next = () => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state / 2 ** 32;
  };
  // Positive and away from 0: log, sqrt and 1/x are defined there, and abs, max, floor are not at a kink.
  return Array.from({ length: count }, () => fn.sources.map(() => 0.5 + next()));
}
