/**
 * The part of Rose's API (`import("rose")`) the benchmark uses, typed loosely: Rose's own declarations type values
 * by their Rose type (`Vec(n, Real)` elements indexed by an index type), which TypeScript cannot follow through a
 * size known only at run time. A `RoseValue` is a symbolic value inside `fn`, or a plain number or index.
 */
export type RoseValue = number | { readonly [index: number]: RoseValue } | symbol;
type Op = (x: RoseValue, y: RoseValue) => RoseValue;

export interface RoseType {
  readonly __roseType: true;
}

/** A Rose function after `compile`: plain JavaScript values in and out. */
export type RoseCompiled = (...args: unknown[]) => unknown;

export interface Rose {
  Real: RoseType;
  Vec(n: number, element: RoseType): RoseType;
  fn(params: RoseType[], result: RoseType, body: (...args: RoseValue[]) => RoseValue): RoseValue;
  compile(f: RoseValue): Promise<RoseCompiled>;
  vjp(f: RoseValue): (x: RoseValue) => { ret: RoseValue; grad(seed: RoseValue): RoseValue };
  add: Op;
  sub: Op;
  mul: Op;
  div: Op;
  sum(n: number, body: (i: RoseValue) => RoseValue): RoseValue;
  vec(n: number, element: RoseType, body: (i: RoseValue) => RoseValue): RoseValue;
  select(cond: RoseValue, type: RoseType, then: RoseValue, otherwise: RoseValue): RoseValue;
  ieq(n: number, i: RoseValue, j: RoseValue): RoseValue;
  iadd(n: number, i: RoseValue, j: RoseValue): RoseValue;
  opaque(
    params: RoseType[],
    result: RoseType,
    f: (...xs: number[]) => number,
  ): RoseValue & {
    jvp?: RoseValue;
  };
}

/** `v[i]` inside a Rose `fn`: element `i` (an index value) of the symbolic vector `v`. */
export function at(v: RoseValue, i: RoseValue): RoseValue {
  return (v as unknown as Record<PropertyKey, RoseValue>)[i as PropertyKey];
}
