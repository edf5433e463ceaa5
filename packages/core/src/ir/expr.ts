/**
 * Expression IR shared by every pass.
 *
 * After lowering, the operands of a differentiable operation are atoms (`num`, `var`, `global`), so each
 * elementary statement applies one operation. Templates of derivative rules and generated derivative code use the
 * same nodes with arbitrary nesting.
 */
export type Expr =
  | NumExpr
  | BoolExpr
  | StrExpr
  | VarExpr
  | GlobalExpr
  | UnaryExpr
  | BinaryExpr
  | CallExpr
  | CondExpr
  | IndexExpr
  | FieldExpr
  | LengthExpr
  | RowExpr
  | AllocExpr;

/**
 * The array types Cotangent reads: arrays of numbers, and read-only matrices, rows of numbers (`number[][]`)
 * or of Float64Arrays (`Float64Array[]`, a network's weights layer by layer); and integer typed arrays, index data
 * (a sparse matrix's column indices, an observation's camera) that carries no derivative: what is stored into one
 * is truncated, piecewise constant; and arrays of flags (`mask: boolean[]`), data that steers control flow.
 */
export type ArrayType = "number[]" | "Float64Array" | "Float32Array" | MatrixType | DataArrayType;
export type MatrixType = "number[][]" | "Float64Array[]";
export type IntegerArrayType = "Int32Array" | "Uint32Array" | "Int16Array" | "Uint16Array" | "Int8Array" | "Uint8Array";

const INTEGER_ARRAY_TYPES: ReadonlySet<string> = new Set<IntegerArrayType>([
  "Int32Array",
  "Uint32Array",
  "Int16Array",
  "Uint16Array",
  "Int8Array",
  "Uint8Array",
]);

export const isIntegerArrayType = (t: string | undefined): t is IntegerArrayType =>
  t !== undefined && INTEGER_ARRAY_TYPES.has(t);

/** Arrays that carry no derivative: index data and flags. */
export type DataArrayType = IntegerArrayType | "boolean[]";

export const isDataArrayType = (t: string | undefined): t is DataArrayType =>
  t === "boolean[]" || isIntegerArrayType(t);

export const isMatrixType = (t: string | undefined): t is MatrixType => t === "number[][]" || t === "Float64Array[]";

/** A type a matrix's rows have: what may name a row ('const w = ws[j]', a helper's parameter given one). */
export const isRowType = (t: string | undefined): t is "number[]" | "Float64Array" =>
  t === "number[]" || t === "Float64Array";

/** The type of a matrix's rows. */
export const rowTypeOf = (t: MatrixType): "number[]" | "Float64Array" =>
  t === "number[][]" ? "number[]" : "Float64Array";

/** `array[index]`, or `array[outer][index]` for a `number[][]` (indices are atoms). */
export interface IndexExpr {
  readonly kind: "index";
  readonly array: string;
  readonly index: Expr;
  readonly outer?: Expr;
}

/**
 * `array[index].path…`: a field of an element of an array of records (`obs[i].t` over `obs: { t: number }[]`, or
 * `obs[i].pos.x`, path `["pos", "x"]`), data that is never differentiated; with `at`, an element of a field holding
 * an array (`samples[i].x[j]`).
 */
export interface FieldExpr {
  readonly kind: "field";
  readonly array: string;
  readonly index: Expr;
  readonly path: readonly string[];
  readonly at?: Expr;
  /** An optional field read where a test found it present: printed with an assertion (`obs[i].note!`). */
  readonly present?: boolean;
}

/**
 * The type of an array of records, printed as generated code declares it: `readonly { readonly t: number; … }[]`
 * with the element's number, boolean and string fields, the only ones generated code reads.
 */
export type RecordsType = `readonly {${string}}[]`;

export const isRecordsType = (t: string | undefined): t is RecordsType =>
  t !== undefined && t.startsWith("readonly {") && t.endsWith("}[]");

/** `array.length`, or `array[outer].length` for a row of a `number[][]`. */
export interface LengthExpr {
  readonly kind: "length";
  readonly array: string;
  readonly outer?: Expr;
}

/**
 * `array[outer]`, a row of a matrix itself: only optimize/rows.ts makes one, to read a row once before a loop that
 * works in it. Rows are never replaced (lowering writes only elements of adjoint matrices), so the local that holds
 * one sees every write into the row.
 */
export interface RowExpr {
  readonly kind: "row";
  readonly array: string;
  readonly outer: Expr;
}

/**
 * A fresh zero-filled array: `new Float64Array(length)`, `new Array<number>(length).fill(0)`. For a matrix,
 * `length` names the matrix whose shape is copied: `m.map((row) => row.slice().fill(0))`.
 */
export interface AllocExpr {
  readonly kind: "alloc";
  readonly type: ArrayType;
  readonly length: Expr;
  /**
   * A `number[]` as long as this one, whose zeroed copy this is (`like.slice().fill(0)`): V8 gives a copy the
   * source's elements kind, doubles, where `new Array(n).fill(0)` holds small integers until the first fraction
   * stored moves every element (allocating and filling a gradient's number[] of 64 to 1000: 1.6–2× faster).
   */
  readonly like?: string;
}

export interface NumExpr {
  readonly kind: "num";
  readonly value: number;
}

export interface BoolExpr {
  readonly kind: "bool";
  readonly value: boolean;
}

/** A string literal: a value that steers control flow ('mode === "l1"'), never differentiated. */
export interface StrExpr {
  readonly kind: "str";
  readonly value: string;
}

/** A local variable or parameter of the function being generated, or a captured outer constant. */
export interface VarExpr {
  readonly kind: "var";
  readonly name: string;
}

/** A dotted path to something outside the function that is never assigned: `Math.PI`, `__ct.tape`. */
export interface GlobalExpr {
  readonly kind: "global";
  readonly path: string;
}

/** `~` and the binary bitwise operators truncate to 32-bit integers: piecewise constant, derivative 0. */
export type UnaryOp = "-" | "+" | "!" | "~";

export type ArithmeticOp = "+" | "-" | "*" | "/" | "%" | "**";
export type ComparisonOp = "<" | "<=" | ">" | ">=" | "===" | "!==" | "==" | "!=";
export type LogicalOp = "&&" | "||";
export type BitwiseOp = "&" | "|" | "^" | "<<" | ">>" | ">>>";
export type BinaryOp = ArithmeticOp | ComparisonOp | LogicalOp | BitwiseOp;

export interface UnaryExpr {
  readonly kind: "unary";
  readonly op: UnaryOp;
  readonly arg: Expr;
}

export interface BinaryExpr {
  readonly kind: "binary";
  readonly op: BinaryOp;
  readonly left: Expr;
  readonly right: Expr;
}

/** `callee` is a dotted path (`Math.sin`, `g_jvp`, `__ct_lib.g_vjp_fwd`). */
export interface CallExpr {
  readonly kind: "call";
  readonly callee: string;
  readonly args: readonly Expr[];
}

export interface CondExpr {
  readonly kind: "cond";
  readonly test: Expr;
  readonly whenTrue: Expr;
  readonly whenFalse: Expr;
}

export const num = (value: number): NumExpr => ({ kind: "num", value });
export const bool = (value: boolean): BoolExpr => ({ kind: "bool", value });
export const str = (value: string): StrExpr => ({ kind: "str", value });
export const v = (name: string): VarExpr => ({ kind: "var", name });
export const field = (array: string, index: Expr, path: readonly string[], at?: Expr): FieldExpr =>
  at ? { kind: "field", array, index, path, at } : { kind: "field", array, index, path };
export const global = (path: string): GlobalExpr => ({ kind: "global", path });
export const unary = (op: UnaryOp, arg: Expr): UnaryExpr => ({ kind: "unary", op, arg });
export const binary = (op: BinaryOp, left: Expr, right: Expr): BinaryExpr => ({ kind: "binary", op, left, right });
export const call = (callee: string, args: readonly Expr[]): CallExpr => ({ kind: "call", callee, args });

/** The compiler's stop-gradient (rules/internal.ts): the value itself, with derivative 0. */
export const STOP_GRADIENT = "__ct.stopGradient";

/** A call of a primitive with a rule ('Math.exp', the stop-gradient), not of a function of the program. */
export const isPrimitiveCall = (callee: string): boolean => callee.startsWith("Math.") || callee === STOP_GRADIENT;
export const cond = (test: Expr, whenTrue: Expr, whenFalse: Expr): CondExpr => ({
  kind: "cond",
  test,
  whenTrue,
  whenFalse,
});

export const index = (array: string, at: Expr, outer?: Expr): IndexExpr =>
  outer ? { kind: "index", array, index: at, outer } : { kind: "index", array, index: at };
export const length = (array: string, outer?: Expr): LengthExpr =>
  outer ? { kind: "length", array, outer } : { kind: "length", array };
export const row = (array: string, outer: Expr): RowExpr => ({ kind: "row", array, outer });
export const alloc = (type: ArrayType, size: Expr): AllocExpr => ({ kind: "alloc", type, length: size });
/** Zeros shaped like the array `name`, of type `type`: a parameter's adjoint or tangent. */
export const zerosLike = (type: ArrayType, name: string): AllocExpr =>
  isMatrixType(type)
    ? alloc(type, v(name))
    : type === "number[]"
      ? { kind: "alloc", type, length: length(name), like: name }
      : alloc(type, length(name));

/** The literal 1 (a unit step, a partial derivative of one). */
export const isOne = (e: Expr): boolean => e.kind === "num" && e.value === 1;

export const isAtom = (e: Expr): boolean =>
  e.kind === "num" || e.kind === "var" || e.kind === "global" || e.kind === "bool" || e.kind === "str";

export const ARITHMETIC_OPS: ReadonlySet<string> = new Set(["+", "-", "*", "/", "%", "**"]);

/** The expressions directly inside `e`. */
export function childrenOf(e: Expr): Expr[] {
  switch (e.kind) {
    case "unary":
      return [e.arg];
    case "binary":
      return [e.left, e.right];
    case "call":
      return [...e.args];
    case "cond":
      return [e.test, e.whenTrue, e.whenFalse];
    case "index":
      return e.outer ? [e.index, e.outer] : [e.index];
    case "field":
      return e.at ? [e.index, e.at] : [e.index];
    case "length":
      return e.outer ? [e.outer] : [];
    case "row":
      return [e.outer];
    case "alloc":
      return [e.length];
    default:
      return [];
  }
}

/** Whether `e` calls a callee that `test` accepts, anywhere in it. */
export function callsWhere(e: Expr, test: (callee: string) => boolean): boolean {
  return (e.kind === "call" && test(e.callee)) || childrenOf(e).some((child) => callsWhere(child, test));
}

/** Every variable name read by `e`. */
export function varsOf(e: Expr, into: Set<string> = new Set()): Set<string> {
  if (e.kind === "var") into.add(e.name);
  if (e.kind === "index" || e.kind === "field" || e.kind === "length" || e.kind === "row") into.add(e.array);
  for (const child of childrenOf(e)) varsOf(child, into);
  return into;
}

/** Replaces variables by expressions (template instantiation, renaming). */
export function substitute(e: Expr, map: (name: string) => Expr | undefined): Expr {
  switch (e.kind) {
    case "var":
      return map(e.name) ?? e;
    case "unary":
      return unary(e.op, substitute(e.arg, map));
    case "binary":
      return binary(e.op, substitute(e.left, map), substitute(e.right, map));
    case "call":
      return call(
        e.callee,
        e.args.map((a) => substitute(a, map)),
      );
    case "cond":
      return cond(substitute(e.test, map), substitute(e.whenTrue, map), substitute(e.whenFalse, map));
    case "index":
      return index(e.array, substitute(e.index, map), e.outer && substitute(e.outer, map));
    case "field":
      return { ...e, index: substitute(e.index, map), ...(e.at ? { at: substitute(e.at, map) } : {}) };
    case "length":
      return e.outer ? length(e.array, substitute(e.outer, map)) : e;
    case "row":
      return row(e.array, substitute(e.outer, map));
    default:
      return e;
  }
}

export function exprEquals(a: Expr, b: Expr): boolean {
  if (a.kind !== b.kind) return false;
  switch (a.kind) {
    case "num":
      return Object.is(a.value, (b as NumExpr).value);
    case "bool":
      return a.value === (b as BoolExpr).value;
    case "str":
      return a.value === (b as StrExpr).value;
    case "var":
      return a.name === (b as VarExpr).name;
    case "global":
      return a.path === (b as GlobalExpr).path;
    case "unary":
      return a.op === (b as UnaryExpr).op && exprEquals(a.arg, (b as UnaryExpr).arg);
    case "binary": {
      const o = b as BinaryExpr;
      return a.op === o.op && exprEquals(a.left, o.left) && exprEquals(a.right, o.right);
    }
    case "call": {
      const o = b as CallExpr;
      return (
        a.callee === o.callee && a.args.length === o.args.length && a.args.every((x, i) => exprEquals(x, o.args[i]))
      );
    }
    case "cond": {
      const o = b as CondExpr;
      return exprEquals(a.test, o.test) && exprEquals(a.whenTrue, o.whenTrue) && exprEquals(a.whenFalse, o.whenFalse);
    }
    case "index": {
      const o = b as IndexExpr;
      return a.array === o.array && exprEquals(a.index, o.index) && optionalEquals(a.outer, o.outer);
    }
    case "field": {
      const o = b as FieldExpr;
      return (
        a.array === o.array &&
        a.path.length === o.path.length &&
        a.path.every((key, k) => key === o.path[k]) &&
        exprEquals(a.index, o.index) &&
        optionalEquals(a.at, o.at) &&
        a.present === o.present
      );
    }
    case "length":
      return a.array === (b as LengthExpr).array && optionalEquals(a.outer, (b as LengthExpr).outer);
    case "row":
      return a.array === (b as RowExpr).array && exprEquals(a.outer, (b as RowExpr).outer);
    case "alloc":
      return a.type === (b as AllocExpr).type && exprEquals(a.length, (b as AllocExpr).length);
  }
}

function optionalEquals(a: Expr | undefined, b: Expr | undefined): boolean {
  return a === undefined || b === undefined ? a === b : exprEquals(a, b);
}
