/**
 * Markers: typed placeholders that the Cotangent compiler replaces with generated derivative code (JAX
 * conventions). Called without the transform, each throws an Error that says how to enable it.
 */

/** A function `grad` can differentiate: numbers and arrays of numbers in, a number out. */
export type Differentiable = (...args: any[]) => number;

/**
 * A function `jvp`, `vjp`, `jacfwd` and `jacrev` can differentiate: a number, an array of numbers or an object of
 * numbers out (objects, tuples and arrays of numbers may nest: `{ mean: number; range: [number, number]; w: number[] }`).
 * The compiler reports other objects' fields (TS990116).
 */
export type VectorFunction = (...args: any[]) => number | readonly number[] | Float64Array | Float32Array | object;

/**
 * The Jacobian's shape is out.shape + in.shape (JAX): rows are outputs, columns inputs. For an object result, one
 * Jacobian per field, in an object of the result's shape.
 */
export type Jacobian<Out, In> = Out extends number
  ? In extends number
    ? number
    : number[]
  : Out extends readonly number[] | Float64Array | Float32Array
    ? In extends number
      ? number[]
      : number[][]
    : RecordJacobian<Out, In>;

/**
 * The Jacobian of an object result: an object of its shape holding each number's Jacobian. Objects and tuples inside
 * it are nodes of the shape, as in JAX's pytrees: a tuple field holds one Jacobian per element.
 */
type RecordJacobian<Out, In> = Out extends number
  ? Jacobian<number, In>
  : ArrayField<Out> extends true
    ? Jacobian<Out, In>
    : { -readonly [K in keyof Out]: RecordJacobian<Out[K], In> };

/** An array field of an object result (not a tuple, whose elements are nodes): a leaf of its Jacobian, as in JAX. */
type ArrayField<T> = T extends Float64Array | Float32Array
  ? true
  : T extends readonly number[]
    ? number[] extends T
      ? true
      : false
    : false;

/** Index data: integer typed arrays, read by differentiated code, never differentiated (what they hold is truncated). */
type IntegerArray = Int32Array | Uint32Array | Int16Array | Uint16Array | Int8Array | Uint8Array;

/** Values that carry no derivative: object fields of these types are left out of gradients. */
type NonDifferentiable =
  | string
  | boolean
  | bigint
  | symbol
  | undefined
  | null
  | IntegerArray
  | readonly boolean[]
  | ((...args: never[]) => unknown);

type Matrix = readonly (readonly number[])[] | readonly Float64Array[];

/**
 * Records whose fields are all numbers, arrays of numbers or matrices, one at least a matrix (a network's layers):
 * differentiated in every field, by columns.
 */
type HoldsMatrices<E> = {
  [K in keyof E]-?: E[K] extends number | readonly number[] | Float64Array | Matrix ? never : K;
}[keyof E] extends never
  ? true extends { [K in keyof E]-?: E[K] extends Matrix ? true : never }[keyof E]
    ? true
    : false
  : false;

/** An array (not a tuple) of plain objects: records, data that is never differentiated (unless they hold matrices). */
type IsRecords<T extends readonly unknown[], E> = number extends T["length"]
  ? [E] extends [ArrayLike<unknown>]
    ? false
    : [E] extends [object]
      ? HoldsMatrices<E> extends true
        ? false
        : true
      : false
  : false;

/**
 * The derivative of a value has the value's shape (JAX's pytrees): a number for a number, an array of the same
 * kind for an array, a tuple for a tuple, and an object of the differentiable fields for an object. A parameter left
 * out (`y?: number`, `y = 1`) has its type's derivative: `undefined` is no value to differentiate. Data (an integer
 * typed array, an array of flags, an array of records) has the derivative 0: vjp's pullback returns 0 for it, and jvp takes 0 as its
 * tangent.
 */
export type Tangent<T> = T extends undefined
  ? never
  : T extends number
    ? number
    : T extends IntegerArray | readonly boolean[]
      ? 0
      : T extends Float64Array
        ? Float64Array
        : T extends Float32Array
          ? Float32Array
          : T extends readonly (readonly number[])[]
            ? T extends readonly number[]
              ? number[]
              : number[][]
            : T extends number[]
              ? number[] extends T
                ? number[]
                : { -readonly [K in keyof T]: number }
              : T extends readonly number[]
                ? readonly number[]
                : T extends readonly (infer E)[]
                  ? IsRecords<T, E> extends true
                    ? 0
                    : { -readonly [K in keyof T]: Tangent<T[K]> }
                  : T extends object
                    ? { [K in keyof T as T[K] extends NonDifferentiable ? never : K]: Tangent<T[K]> }
                    : T;

/**
 * One derivative per parameter, as a tuple. `P` must be a type parameter for the mapped type to map a tuple to a
 * tuple: written inline over `Parameters<F>`, it maps every array member and shows as an object with `length`,
 * `push`, `map`, … in declaration files and the editor.
 */
type TangentsOf<P extends readonly unknown[]> = { -readonly [K in keyof P]: Tangent<P[K]> };

/** A tangent jvp only reads, so a readonly array of its shape will do (a `ReadonlyArray<readonly number[]>`). */
type ReadOnly<T> = T extends number[][]
  ? readonly (readonly number[])[]
  : T extends number[]
    ? number[] extends T
      ? readonly number[]
      : T
    : T;

/**
 * A tangent jvp takes: the derivative's shape, where an object may also carry the primal's other fields (strings,
 * flags), which jvp ignores, so that a value of the primal's own type or a literal written like one will do.
 */
type TangentIn<T> = T extends readonly (infer E)[]
  ? HoldsMatrices<E> extends true
    ? readonly TangentIn<E>[]
    : ReadOnly<Tangent<T>>
  : T extends number | ArrayLike<unknown>
    ? ReadOnly<Tangent<T>>
    : T extends object
      ? { [K in keyof T as T[K] extends NonDifferentiable ? never : K]: TangentIn<T[K]> } & {
          [K in keyof T as T[K] extends NonDifferentiable ? K : never]?: T[K];
        }
      : ReadOnly<Tangent<T>>;

/** jvp's tangents: each shaped like its primal, or the literal 0, which holds the parameter still. */
type JvpTangents<P extends readonly unknown[]> = { -readonly [K in keyof P]: TangentIn<P[K]> | 0 };

/**
 * The gradient in a parameter: its tangent's shape, except for an array of records (data to jvp and vjp), which
 * `grad` and `valueAndGrad` differentiate when `argnums` names it: an array of objects of the elements' number fields.
 */
export type Gradient<T> = T extends readonly (infer E)[]
  ? IsRecords<T, E> extends true
    ? Tangent<E>[]
    : Tangent<T>
  : Tangent<T>;

type GradsOf<P extends readonly unknown[], A extends readonly number[]> = {
  -readonly [K in keyof A]: Gradient<P[A[K]]>;
};

/**
 * One Jacobian per parameter in `argnums`, as a tuple (JAX's `jacfwd(f, argnums=(0, 1))`); for an object result, such
 * a tuple per field, in an object of the result's shape (JAX's output pytree outside, the parameters' tuple inside).
 */
type JacobiansOf<Out, P extends readonly unknown[], A extends readonly number[]> = Out extends
  number | readonly number[] | Float64Array | Float32Array
  ? { -readonly [K in keyof A]: Jacobian<Out, P[A[K]]> }
  : RecordJacobians<Out, P, A>;

/** An object result's Jacobians: for each of its numbers, one Jacobian per parameter in `argnums`. */
type RecordJacobians<Out, P extends readonly unknown[], A extends readonly number[]> = Out extends number
  ? { -readonly [K in keyof A]: Jacobian<number, P[A[K]]> }
  : ArrayField<Out> extends true
    ? { -readonly [K in keyof A]: Jacobian<Out, P[A[K]]> }
    : { -readonly [K in keyof Out]: RecordJacobians<Out[K], P, A> };

/** The Hessian in several parameters as JAX nests it: block [i][j] is ∂²f/∂pᵢ∂pⱼ, of shape pᵢ.shape + pⱼ.shape. */
type HessianBlocks<P extends readonly unknown[], A extends readonly number[]> = {
  -readonly [K in keyof A]: { -readonly [L in keyof A]: Jacobian<P[A[K]], P[A[L]]> };
};

function notCompiled(name: string): never {
  throw new Error(
    `cotangent: '${name}' was called at run time, so the Cotangent transform did not compile this file. ` +
      `Add { "transform": "cotangent/transform" } to "plugins" in tsconfig.json and build with tspc (ts-patch).`,
  );
}

/** A function `grad` and `valueAndGrad` with `{ hasAux: true }` take: `[loss, aux]` out (JAX's `has_aux`). */
export type WithAux = (...args: any[]) => readonly [number, unknown];

/** The options of `grad` and `valueAndGrad`: `{ hasAux: true }` for an f that returns `[loss, aux]`. */
export interface AuxOptions {
  readonly hasAux: true;
}

/** `{ hasAux: false }`: the same as no options. */
export interface NoAuxOptions {
  readonly hasAux: false;
}

/**
 * `grad(f, argnums = 0)`: a function of the same parameters returning d f / d(parameter argnums), or an array of
 * gradients when `argnums` is an array. With `{ hasAux: true }`, f returns `[loss, aux]` (aux: numbers to carry
 * along, such as metrics) and the function returns `[gradient of the loss, aux]`, from one reverse sweep.
 */
export function grad<F extends WithAux>(
  f: F,
  argnums: undefined,
  options: AuxOptions,
): (...args: Parameters<F>) => [Gradient<Parameters<F>[0]>, ReturnType<F>[1]];
export function grad<F extends WithAux, const I extends number>(
  f: F,
  argnums: I,
  options: AuxOptions,
): (...args: Parameters<F>) => [Gradient<Parameters<F>[I]>, ReturnType<F>[1]];
export function grad<F extends WithAux, const A extends readonly number[]>(
  f: F,
  argnums: A,
  options: AuxOptions,
): (...args: Parameters<F>) => [GradsOf<Parameters<F>, A>, ReturnType<F>[1]];
export function grad<F extends Differentiable, const I extends number = 0>(
  f: F,
  argnums?: I,
  options?: NoAuxOptions,
): (...args: Parameters<F>) => Gradient<Parameters<F>[I]>;
export function grad<F extends Differentiable, const A extends readonly number[]>(
  f: F,
  argnums: A,
  options?: NoAuxOptions,
): (...args: Parameters<F>) => GradsOf<Parameters<F>, A>;
export function grad(
  _f: Differentiable | WithAux,
  _argnums?: number | readonly number[],
  _options?: AuxOptions | NoAuxOptions,
): never {
  return notCompiled("grad");
}

/**
 * `valueAndGrad(f, argnums = 0)(...args)` → `[f(...args), gradient(s)]`. With `{ hasAux: true }`, f returns
 * `[loss, aux]` and the function returns `[[loss, aux], gradient(s) of the loss]`, as JAX's `has_aux`.
 */
export function valueAndGrad<F extends WithAux>(
  f: F,
  argnums: undefined,
  options: AuxOptions,
): (...args: Parameters<F>) => [[number, ReturnType<F>[1]], Gradient<Parameters<F>[0]>];
export function valueAndGrad<F extends WithAux, const I extends number>(
  f: F,
  argnums: I,
  options: AuxOptions,
): (...args: Parameters<F>) => [[number, ReturnType<F>[1]], Gradient<Parameters<F>[I]>];
export function valueAndGrad<F extends WithAux, const A extends readonly number[]>(
  f: F,
  argnums: A,
  options: AuxOptions,
): (...args: Parameters<F>) => [[number, ReturnType<F>[1]], GradsOf<Parameters<F>, A>];
export function valueAndGrad<F extends Differentiable, const I extends number = 0>(
  f: F,
  argnums?: I,
  options?: NoAuxOptions,
): (...args: Parameters<F>) => [number, Gradient<Parameters<F>[I]>];
export function valueAndGrad<F extends Differentiable, const A extends readonly number[]>(
  f: F,
  argnums: A,
  options?: NoAuxOptions,
): (...args: Parameters<F>) => [number, GradsOf<Parameters<F>, A>];
export function valueAndGrad(
  _f: Differentiable | WithAux,
  _argnums?: number | readonly number[],
  _options?: AuxOptions | NoAuxOptions,
): never {
  return notCompiled("valueAndGrad");
}

/**
 * `gradInto(f, argnums = 0)(...args, out)` → `f(...args)`, writing the gradient into `out` instead of allocating it:
 * `out` has the shape `grad(f, argnums)` returns, and its arrays are overwritten. Every differentiated parameter must
 * be an array or an object of arrays; `out`'s arrays must have the parameters' lengths and share no memory with each
 * other or with the arguments.
 */
export function gradInto<F extends Differentiable, const I extends number = 0>(
  f: F,
  argnums?: I,
): (...args: [...Parameters<F>, out: Tangent<Parameters<F>[I]>]) => number;
export function gradInto<F extends Differentiable, const A extends readonly number[]>(
  f: F,
  argnums: A,
): (...args: [...Parameters<F>, out: GradsOf<Parameters<F>, A>]) => number;
export function gradInto(_f: Differentiable, _argnums?: number | readonly number[]): never {
  return notCompiled("gradInto");
}

/** `jvp(f, primals, tangents)` → `[f(...primals), J·tangents]` (forward mode). */
export function jvp<F extends VectorFunction>(
  f: F,
  primals: Parameters<F>,
  tangents: JvpTangents<Parameters<F>>,
): [ReturnType<F>, Tangent<ReturnType<F>>];
export function jvp(_f: Differentiable, _primals: unknown, _tangents: unknown): never {
  return notCompiled("jvp");
}

/**
 * `vjp(f, ...primals)` → `[f(...primals), pullback]` where `pullback(cotangent)` returns the cotangent of every
 * parameter (reverse mode). The pullback reruns the forward sweep, so it may be called any number of times.
 */
export function vjp<F extends VectorFunction>(
  f: F,
  ...primals: Parameters<F>
): [ReturnType<F>, (cotangent: Tangent<ReturnType<F>>) => TangentsOf<Parameters<F>>];
export function vjp(_f: Differentiable, ..._primals: unknown[]): never {
  return notCompiled("vjp");
}

/**
 * `jacfwd(f, argnums = 0)`: a function of the same parameters returning the Jacobian of f with respect to parameter
 * `argnums` (rows = outputs, columns = inputs), by forward mode: one sweep per input. With an array of parameter
 * indices (`[0, 1]`), a tuple of Jacobians, one per parameter.
 */
export function jacfwd<F extends VectorFunction, const I extends number = 0>(
  f: F,
  argnums?: I,
): (...args: Parameters<F>) => Jacobian<ReturnType<F>, Parameters<F>[I]>;
export function jacfwd<F extends VectorFunction, const A extends readonly number[]>(
  f: F,
  argnums: A,
): (...args: Parameters<F>) => JacobiansOf<ReturnType<F>, Parameters<F>, A>;
export function jacfwd(_f: VectorFunction, _argnums?: number | readonly number[]): never {
  return notCompiled("jacfwd");
}

/** `jacrev(f, argnums = 0)`: as `jacfwd`, by reverse mode: one sweep per output, for all the parameters at once. */
export function jacrev<F extends VectorFunction, const I extends number = 0>(
  f: F,
  argnums?: I,
): (...args: Parameters<F>) => Jacobian<ReturnType<F>, Parameters<F>[I]>;
export function jacrev<F extends VectorFunction, const A extends readonly number[]>(
  f: F,
  argnums: A,
): (...args: Parameters<F>) => JacobiansOf<ReturnType<F>, Parameters<F>, A>;
export function jacrev(_f: VectorFunction, _argnums?: number | readonly number[]): never {
  return notCompiled("jacrev");
}

/**
 * `hvp(f, argnums = 0)`: a function of f's parameters and one more, a direction `v` shaped like parameter `argnums`,
 * returning the Hessian-vector product ∇²f·v in that parameter (reverse over forward mode: a few times the cost of
 * f, whatever the number of inputs). With an array `argnums`, `v` is a tuple of directions and the result a tuple.
 */
export function hvp<F extends Differentiable, const I extends number = 0>(
  f: F,
  argnums?: I,
): (...args: [...Parameters<F>, Tangent<Parameters<F>[I]>]) => Tangent<Parameters<F>[I]>;
export function hvp<F extends Differentiable, const A extends readonly number[]>(
  f: F,
  argnums: A,
): (...args: [...Parameters<F>, v: GradsOf<Parameters<F>, A>]) => GradsOf<Parameters<F>, A>;
export function hvp(_f: Differentiable, _argnums?: number | readonly number[]): never {
  return notCompiled("hvp");
}

/**
 * `hessian(f, argnums = 0)`: a function of the same parameters returning the Hessian of f in parameter `argnums`: a
 * number for a number parameter, a `number[][]` for an array (one Hessian-vector product per input). With an array
 * `argnums`, the nested blocks `[[H00, H01], [H10, H11]]` (JAX).
 */
export function hessian<F extends Differentiable, const I extends number = 0>(
  f: F,
  argnums?: I,
): (...args: Parameters<F>) => Parameters<F>[I] extends number ? number : number[][];
export function hessian<F extends Differentiable, const A extends readonly number[]>(
  f: F,
  argnums: A,
): (...args: Parameters<F>) => HessianBlocks<Parameters<F>, A>;
export function hessian(_f: Differentiable, _argnums?: number | readonly number[]): never {
  return notCompiled("hessian");
}
