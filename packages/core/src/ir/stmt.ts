/**
 * Statement IR.
 *
 * Lowering produces `assign`, `if`, `loop` and the jumps `break` / `continue` / `return`. The structurize pass removes
 * the jumps (flags and guards), so analyses and generators only see structured code whose single exit is the end of
 * the body. Generators add `push` / `repeat` / `callAssign` / `return` for tapes, reversed loops, calls returning
 * tuples and results.
 */
import {
  callsWhere,
  isDataArrayType,
  isMatrixType,
  isRecordsType,
  v,
  varsOf,
  type ArrayType,
  type Expr,
  type RecordsType,
} from "./expr";

/** Where a statement came from in the user's source: drives comments and source maps. */
export interface Origin {
  readonly fileName: string;
  /** 1-based line in the primal source. */
  readonly line: number;
  /** The primal statement's text on one line, shortened for comments. */
  readonly text: string;
  readonly pos: number;
  readonly end: number;
  /** Set on reverse-sweep statements, whose comments read "adjoint of …". */
  readonly adjoint?: boolean;
  /** Set on primal statements the reverse sweep re-runs instead of recording their values ("recompute …"). */
  readonly recompute?: boolean;
}

/** `target = expr`. After lowering, `expr` is one operation on atoms, a copy, or a non-differentiable test. */
export interface AssignStmt {
  readonly kind: "assign";
  readonly target: string;
  readonly expr: Expr;
  readonly origin?: Origin;
}

export interface IfStmt {
  readonly kind: "if";
  readonly test: Expr;
  readonly then: Stmt[];
  readonly else: Stmt[];
  readonly origin?: Origin;
}

/**
 * `for (;;) { pre; if (!test) break; body }`: one form covers `while`, `for` and `do ... while` once jumps are gone.
 * Before structurize, `doWhile` loops run `body` before computing the test and `update` holds a `for` loop's update.
 */
export interface LoopStmt {
  readonly kind: "loop";
  readonly label: string;
  readonly pre: Stmt[];
  readonly test: Expr;
  readonly body: Stmt[];
  readonly update: Stmt[];
  readonly doWhile: boolean;
  readonly origin?: Origin;
}

export interface BreakStmt {
  readonly kind: "break";
  readonly label: string;
  readonly origin?: Origin;
}

export interface ContinueStmt {
  readonly kind: "continue";
  readonly label: string;
  readonly origin?: Origin;
}

/** Before structurize: `return value`. In generated code: the function's final `return`. */
export interface ReturnStmt {
  readonly kind: "return";
  readonly values: readonly Expr[];
  /** Return an array even of one value (split reverse sweeps always return an array of adjoints). */
  readonly asArray?: boolean;
  readonly origin?: Origin;
}

/** `array[index] = value`: writing one element of a local array (index and value are atoms). */
export interface StoreStmt {
  readonly kind: "store";
  readonly array: string;
  readonly index: Expr;
  /** Row of a `number[][]` (only adjoint matrices are written). */
  readonly outer?: Expr;
  readonly value: Expr;
  /** `a.push(v)`: the write at index `a.length` grows the array, so its tangent and adjoint arrays grow too. */
  readonly append?: boolean;
  /**
   * Written by the lowering below the array's length (the elements of a `map`, a literal, a copy): it cannot grow the
   * array. A store without it may be at or past the end of a `number[]`, which grows the array.
   */
  readonly inBounds?: boolean;
  readonly origin?: Origin;
}

/** An expression evaluated for its effect: `__ct.tape.push(x)`. */
export interface EffectStmt {
  readonly kind: "effect";
  readonly expr: Expr;
  /** As in CallAssignStmt: a replayed callee's adjoint, which returns nothing (it adds into arrays). */
  readonly primalArgs?: number;
  readonly origin?: Origin;
}

/** `[a, b] = f(...)`: calls to generated functions that return several values. */
export interface CallAssignStmt {
  readonly kind: "callAssign";
  readonly targets: readonly string[];
  readonly call: Expr;
  /**
   * A replayed callee's adjoint (`g_adjoint(a, v, y_bar, v_bar)`, reverse/replay.ts): its first `primalArgs` arguments
   * are primal values, and its results are linear in the others.
   */
  readonly primalArgs?: number;
  readonly origin?: Origin;
}

/** `for (let counter = count; counter > 0; counter--) body`: a loop replayed backwards by the reverse sweep. */
export interface RepeatStmt {
  readonly kind: "repeat";
  readonly counter: string;
  readonly count: Expr;
  readonly body: Stmt[];
  readonly origin?: Origin;
}

/**
 * `[cur, next] = [next, cur]`: local arrays trading places, at once: `targets[k]` gets the array `sources[k]` held (the
 * sources are the targets in another order). Only the names move: each array keeps one name, so its elements and
 * adjoint go with it, and the reverse sweep moves them back.
 */
export interface PermuteStmt {
  readonly kind: "permute";
  readonly targets: readonly string[];
  readonly sources: readonly string[];
  readonly origin?: Origin;
}

export type Stmt =
  | AssignStmt
  | PermuteStmt
  | IfStmt
  | LoopStmt
  | BreakStmt
  | ContinueStmt
  | ReturnStmt
  | EffectStmt
  | CallAssignStmt
  | RepeatStmt
  | StoreStmt;

export type VarType = "number" | "boolean" | "string" | ArrayType | RecordsType;

export const isArrayType = (t: VarType | undefined): t is ArrayType =>
  t === "number[]" || t === "Float64Array" || t === "Float32Array" || isMatrixType(t) || isDataArrayType(t);

/**
 * Types whose adjoint is an array: arrays, and records in grad's argnums, whose adjoint is one Float64Array of the
 * elements' number fields (ir/recordPaths.ts). A callee takes such an adjoint in and adds into it.
 */
export const hasArrayAdjoint = (t: VarType | undefined): boolean => isArrayType(t) || isRecordsType(t);

/** The type of a variable's adjoint: its own, or a Float64Array for records. */
export const adjointTypeOf = (t: VarType): VarType => (isRecordsType(t) ? "Float64Array" : t);

/** Types that carry derivatives: numbers and arrays of floating-point numbers. */
export const isDifferentiable = (t: VarType | undefined): boolean =>
  t === "number" || (isArrayType(t) && !isDataArrayType(t));

export interface Param {
  readonly name: string;
  readonly type: VarType;
  /** An optional number parameter ('k?: number'), which holds undefined when a call leaves it out. */
  readonly optional?: boolean;
  /**
   * Declared with a type that admits several kinds of arrays ('ArrayLike<number>', 'number[] | Float64Array'): the IR
   * reads it as the 'number[]' its type says, and the generated functions declare it, and its tangent and adjoint,
   * with types every kind fits.
   */
  readonly general?: boolean;
}

/**
 * How a parameter as the user wrote it maps to IR parameters: a number or array is one IR parameter (a leaf); an
 * object is flattened into one IR parameter per numeric, boolean or array field, recursively ('p.w' → 'p_w'); an
 * array of matrices ('Ws: number[][][]') into its matrices' rows one after another and where each matrix's rows
 * start (lower/stacks.ts).
 */
export type ParamShape =
  | { readonly kind: "leaf"; readonly param: number }
  | { readonly kind: "stack"; readonly rows: number; readonly starts: number }
  | {
      /**
       * An array of records with matrix fields ('layers: { W: number[][]; b: number[]; gain: number }[]'), a column
       * per field (lower/recordColumns.ts): an array of matrices for a matrix field, a matrix for an array field, a
       * Float64Array for a number field (`numbers`).
       */
      readonly kind: "records";
      readonly fields: readonly { readonly key: string; readonly shape: ParamShape; readonly numbers?: boolean }[];
    }
  | {
      readonly kind: "object";
      readonly fields: readonly { readonly key: string; readonly shape: ParamShape }[];
      /** A tuple: fields '0', '1', … rebuilt as an array. */
      readonly tuple?: boolean;
      /** An options object a call may leave out ('opts?: Opts', 'opts: Opts = {}'): its fields are read with '?.'. */
      readonly optional?: boolean;
    };

export interface SourceParam {
  readonly name: string;
  readonly shape: ParamShape;
}

/** A field's path as the source writes it: 'model.w', 'pair[1]', 'layers[i].W' for a field of every element. */
export function fieldPath(shape: ParamShape & { kind: "object" | "records" }, path: string, key: string): string {
  if (shape.kind === "records") return `${path}[i].${key}`;
  return shape.tuple ? `${path}[${key}]` : `${path}.${key}`;
}

/** The IR parameter indices under a shape, in order. */
export function leavesOf(shape: ParamShape): number[] {
  if (shape.kind === "leaf") return [shape.param];
  if (shape.kind === "stack") return [shape.rows, shape.starts];
  return shape.fields.flatMap((f) => leavesOf(f.shape));
}

/** Each flattened parameter's path as the user writes it: 'x', 'model.w', 'pair[0]'. */
export function sourcePaths(sources: readonly SourceParam[], params: readonly Param[]): Map<string, string> {
  const paths = new Map<string, string>();
  const walk = (shape: ParamShape, path: string): void => {
    if (shape.kind === "leaf" || shape.kind === "stack") {
      for (const leaf of leavesOf(shape)) if (params[leaf]) paths.set(params[leaf].name, path);
      return;
    }
    for (const f of shape.fields) walk(f.shape, fieldPath(shape, path, f.key));
  };
  for (const s of sources) walk(s.shape, s.name);
  return paths;
}

/** A lowered function: parameters, hoisted locals and a structured body ending in `return result`. */
export interface FunctionIR {
  /** The primal function's name (`f`), or a name chosen for an anonymous arrow. */
  readonly name: string;
  /** Flattened parameters: what generated functions take. */
  readonly params: readonly Param[];
  /** The parameters as the user wrote them (objects unflattened), for marker wrappers. */
  readonly sources: readonly SourceParam[];
  /** Locals other than parameters, with their types; all are hoisted to the top of generated functions. */
  readonly locals: Map<string, VarType>;
  /** Names the function reads but does not own (captured constants, module-level values). */
  readonly externals: ReadonlySet<string>;
  readonly body: Stmt[];
  /** The variable holding the return value. */
  readonly result: string;
  /** For a function returning an object of numbers: how the numbers `result` holds, in order, make up the object. */
  readonly resultRecord?: ResultRecord;
  readonly fileName: string;
}

/**
 * An object result ('{ mean: number; spread: number }', nested objects, tuples and arrays of numbers included). The
 * generated functions return its numbers as one array: first, depth first in the type's field order, each number
 * field and the length of each array field (a leaf's `at`), then the array fields' elements one array after another.
 * The markers' wrappers take and give objects of this shape (expand/resultRecords.ts).
 */
export interface ResultRecord {
  readonly fields: readonly { readonly key: string; readonly value: RecordLeaf | ResultRecord }[];
  /** A tuple ('[number, { a: number }]'): fields '0', '1', … rebuilt as an array. */
  readonly tuple?: boolean;
}

/** A number field at `at`, or an array field (`number[]`, `Float64Array`, `Float32Array`) whose length is at `at`. */
export type RecordLeaf =
  { readonly at: number; readonly array?: undefined } | { readonly at: number; readonly array: ArrayType };

export const isRecordLeaf = (value: RecordLeaf | ResultRecord): value is RecordLeaf => "at" in value;

/** The leaves of a record result, depth first: their positions are 0, 1, … in this order. */
export function recordLeaves(record: ResultRecord): RecordLeaf[] {
  return record.fields.flatMap((f) => (isRecordLeaf(f.value) ? [f.value] : recordLeaves(f.value)));
}

export const assign = (target: string, expr: Expr, origin?: Origin): AssignStmt => ({
  kind: "assign",
  target,
  expr,
  origin,
});

export const ifStmt = (test: Expr, then: Stmt[], otherwise: Stmt[], origin?: Origin): IfStmt => ({
  kind: "if",
  test,
  then,
  else: otherwise,
  origin,
});

/** Visits every statement, nested ones included, in source order. */
export function forEachStmt(stmts: readonly Stmt[], visit: (s: Stmt, loopDepth: number) => void, loopDepth = 0): void {
  for (const s of stmts) {
    visit(s, loopDepth);
    switch (s.kind) {
      case "if":
        forEachStmt(s.then, visit, loopDepth);
        forEachStmt(s.else, visit, loopDepth);
        break;
      case "loop":
        forEachStmt(s.pre, visit, loopDepth + 1);
        forEachStmt(s.body, visit, loopDepth + 1);
        forEachStmt(s.update, visit, loopDepth + 1);
        break;
      case "repeat":
        forEachStmt(s.body, visit, loopDepth + 1);
        break;
      default:
        break;
    }
  }
}

/** `s` with each statement list nested in it (branches, a loop's parts, a reversed loop's body) rewritten by `block`. */
export function mapNested(s: Stmt, block: (stmts: readonly Stmt[]) => Stmt[]): Stmt {
  switch (s.kind) {
    case "if":
      return { ...s, then: block(s.then), else: block(s.else) };
    case "loop":
      return { ...s, pre: block(s.pre), body: block(s.body), update: block(s.update) };
    case "repeat":
      return { ...s, body: block(s.body) };
    default:
      return s;
  }
}

/** The expressions one statement evaluates itself (not those of the statements nested in it). */
export function expressionsOf(s: Stmt): Expr[] {
  switch (s.kind) {
    case "assign":
    case "effect":
      return [s.expr];
    case "if":
    case "loop":
      return [s.test];
    case "return":
      return [...s.values];
    case "callAssign":
      return [s.call];
    case "repeat":
      return [s.count];
    case "store":
      return s.outer ? [s.index, s.value, s.outer] : [s.index, s.value];
    case "permute":
      return s.sources.map(v);
    default:
      return [];
  }
}

/** The variables one statement assigns itself: its target, its tuple targets, or the array it stores into. */
export function writesOfStatement(s: Stmt): string[] {
  switch (s.kind) {
    case "assign":
      return [s.target];
    case "callAssign":
      return [...s.targets];
    case "store":
      return [s.array];
    case "permute":
      return [...s.targets];
    default:
      return [];
  }
}

/** Whether any call in the statements goes through `name`: a method of it (`tape.push(…)`, `x_bar.fill(0)`). */
export function callsThrough(stmts: readonly Stmt[], name: string): boolean {
  const calls = (e: Expr): boolean => callsWhere(e, (callee) => callee.startsWith(`${name}.`));
  let used = false;
  forEachStmt(stmts, (s) => {
    if (!used) used = expressionsOf(s).some(calls);
  });
  return used;
}

/** Every variable a list of statements reads or writes (counters of reversed loops excluded: they declare themselves). */
export function namesUsed(stmts: readonly Stmt[]): Set<string> {
  const names = new Set<string>();
  forEachStmt(stmts, (s) => {
    writesOfStatement(s).forEach((n) => names.add(n));
    expressionsOf(s).forEach((e) => varsOf(e, names));
  });
  return names;
}

/** Variables one statement reads itself (not the statements nested in it). */
export function readsOfStatement(s: Stmt): Set<string> {
  const out = new Set<string>();
  expressionsOf(s).forEach((e) => varsOf(e, out));
  return out;
}

/** How many assignments (tuple targets included) each variable gets in the statements, nested ones included. */
export function assignmentCounts(stmts: readonly Stmt[]): Map<string, number> {
  const count = new Map<string, number>();
  forEachStmt(stmts, (s) => {
    if (s.kind === "assign" || s.kind === "callAssign" || s.kind === "permute")
      writesOfStatement(s).forEach((n) => count.set(n, (count.get(n) ?? 0) + 1));
  });
  return count;
}
