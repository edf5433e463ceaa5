/**
 * Array methods with inline arrow callbacks, lowered to index loops so that they are differentiated like any loop
 * and stay as fast as hand-written ones (no closure is called at run time):
 *   'a.reduce((s, x) => s + x * x, 0)'  →  's_acc = 0; k = 0; while (k < a.length) { x = a[k]; s_acc = s_acc + x * x; k++ }'
 *   'const b = a.map((x) => 2 * x)'     →  'b = new Float64Array(a.length); while (…) { x = a[k]; b[k] = 2 * x; … }'
 * Values: reduce, reduceRight, some, every. Statements: forEach, fill, push (and sort, reverse: reorder.ts). New arrays
 * (declaration initializers): map, slice, subarray (where nothing writes it or its array: a copy), concat, filter (into a number[]), flat, and array literals of numbers ('[]'
 * included, to push onto). Over a matrix's rows, map, reduce, reduceRight, forEach, some, every and flat walk the rows.
 */
import type * as TS from "typescript";
import {
  alloc,
  binary,
  bool,
  call,
  cond,
  global,
  index,
  isMatrixType,
  length,
  num,
  str,
  unary,
  v,
  type ArrayType,
  type Expr,
} from "../ir/expr";
import type { Stmt } from "../ir/stmt";
import { Messages } from "../diagnostics/messages";
import {
  arrayTypeOf,
  vectorResultType,
  collectStmts,
  declareLocal,
  emitAssign,
  freshTemp,
  isTypedArrayName,
  varTypeOf,
  type LowerContext,
  type MatrixRow,
  type ObjectBinding,
  type RecordElement,
} from "./context";
import { bindDestructured } from "./destructure";
import { lowerArrayReduce } from "./arrayReduce";
import { callsItself, resolveFunction } from "../collect/resolve";
import { calleeKey } from "./calls";
import { arrayName, isMatrixRow, isOutsideMatrixOrRow, matrixRow, skipParentheses, vectorName } from "./arrays";
import { rowAsArray } from "./matrixSharing";
import {
  assignValue,
  lowerAtom,
  lowerOperands,
  lowerValue,
  mathMemberName,
  requireElement,
  requireNumber,
  shorten,
} from "./expressions";
import { ruleTable } from "../rules/table";
import { bindRowPattern, lowerStatements } from "./statements";
import { tableFunction } from "./functionTables";
import { closureNamed, enterClosure, makeClosure } from "./closures";
import { calledLocalFunction, inlineBlock } from "./localFunctions";
import { arrayReturningCallee, inlineArrayCall } from "./arrayCalls";
import { calledMarker, lowerGradientCall } from "./gradientCalls";
import { raiseStatement } from "./throw";
import {
  builtRowOf,
  eachRow,
  fillRow,
  localMatrixName,
  matrixOperand,
  pushRows,
  rowCount,
  rowElement,
  rowLength,
  pushOntoLastRow,
  reorderRows,
} from "./localMatrices";
import { IN_PLACE_REORDERINGS, lowerReorderedCopy, reorderedName, reorderInPlace, REORDERINGS } from "./reorder";
import { bindRecordPattern, recordArrayCopy, recordsName } from "./records";
import { viewMayBeWritten } from "./writesThrough";
import { numberLiteral } from "./defaults";
import { lowerChosenArray } from "./chosenArray";
import { namedListedMatrix, rowCountOf } from "./matrixLists";

const VALUE_METHODS = new Set([
  "reduce",
  "reduceRight",
  "some",
  "every",
  "forEach",
  "fill",
  "push",
  "set",
  ...IN_PLACE_REORDERINGS,
]);
const INIT_METHODS = new Set(["map", "slice", "subarray", "concat", "filter", "flat", ...REORDERINGS]);

/**
 * How eachIndex walks an array: while `keepGoing` holds, from the end down, past the first `skip` elements; or up over
 * the positions `from` (included) to `to` (excluded).
 */
export interface Walk {
  readonly keepGoing?: Expr;
  readonly downward?: boolean;
  readonly skip?: number;
  readonly from?: Expr;
  readonly to?: Expr;
  /** What the counter is named after, when not the array walked. */
  readonly counter?: string;
}

/**
 * Emits 'k = 0; while (stop && k < a.length) { body(k); k = k + 1 }', or from the end down when `downward`
 * ('k = a.length - 1; while (stop && k >= 0) { body(k); k = k - 1 }'); `skip` starts that many elements in.
 */
export function eachIndex(
  ctx: LowerContext,
  array: string,
  body: (k: string) => void,
  { keepGoing, downward = false, skip = 0, from, to, counter = array }: Walk = {},
): void {
  const k = ctx.namer.unique(`${counter}_k`);
  ctx.locals.set(k, "number");
  emitAssign(ctx, k, downward ? binary("-", length(array), num(1 + skip)) : (from ?? num(skip)));
  const inRange = downward ? binary(">=", v(k), num(0)) : binary("<", v(k), to ?? length(array));
  const step: Stmt = {
    kind: "assign",
    target: k,
    expr: binary(downward ? "-" : "+", v(k), num(1)),
    origin: ctx.origin,
  };
  emitLoop(ctx, `${counter}_each`, keepGoing ? binary("&&", keepGoing, inRange) : inRange, () => body(k), [step]);
}

/** 'while (test) { body; update }', a loop of the lowering's own (no 'break' or 'continue' of the user's leaves it). */
export function emitLoop(ctx: LowerContext, name: string, test: Expr, body: () => void, update: Stmt[] = []): void {
  const label = ctx.namer.unique(name);
  ctx.loops.push({ label });
  let stmts: Stmt[];
  try {
    stmts = collectStmts(ctx, body);
  } finally {
    ctx.loops.pop();
  }
  ctx.out.push({ kind: "loop", label, pre: [], test, body: stmts, update, doWhile: false, origin: ctx.origin });
}

/** 'a.push(value)' for a value already an atom: 'end = a.length; a[end] = value', a store that grows the array. */
export function emitPush(ctx: LowerContext, array: string, value: Expr): void {
  const at = ctx.namer.unique(`${array}_end`);
  ctx.locals.set(at, "number");
  emitAssign(ctx, at, length(array));
  ctx.out.push({ kind: "store", array, index: v(at), value, append: true, origin: ctx.origin });
}

/** Reads 'a[k]' into a fresh element variable. */
export function element(ctx: LowerContext, array: string, k: string): Expr {
  const x = ctx.namer.unique(`${array}_k_value`);
  ctx.locals.set(x, "number");
  emitAssign(ctx, x, index(array, v(k)));
  return v(x);
}

/**
 * What a method walks: an array's elements, a matrix's rows ('m.map((row) => dot(row, x))'), or the elements of an
 * array of records ('obs.reduce((s, o) => s + o.y, 0)').
 */
export interface Walked {
  readonly array: string;
  readonly rows: boolean;
  readonly records?: boolean;
  /** The elements of a matrix's row, read in place ('row.reduce(…)' in 'm.map((row) => …)'); `array` names the walk. */
  readonly row?: MatrixRow;
  /** One matrix of an array of matrices ('W.map(…)' for 'const W = Ws[l]'): where its rows start among `array`'s. */
  readonly window?: { readonly first: Expr; readonly count: Expr };
}

/** A walk over the rows of one matrix of an array of matrices ('W.map(…)', 'Ws[l].reduce(…)'), if `node` is one. */
function listedWalk(ctx: LowerContext, node: TS.Expression): Walked | undefined {
  const matrix = namedListedMatrix(ctx, node);
  if (!matrix) return undefined;
  const count = freshTemp(ctx, `${matrix.name}_count`, "count", "number");
  emitAssign(ctx, count, rowCountOf(ctx, matrix));
  return { array: matrix.rows, rows: true, window: { first: matrix.first, count: v(count) } };
}

/**
 * A callback's argument: an element's value, a matrix's row, or an element of an array of records, named as
 * 'for (const row of m)' names it.
 */
export type Item = Expr | MatrixRow | RecordElement | ObjectItem | NamedArray;

/** An object given to a callback: a reduce's accumulator of numbers (lower/objectReduce.ts). */
export interface ObjectItem {
  readonly object: ObjectBinding;
}

/** An array given to a callback by name: a reduce's accumulator array (lower/arrayReduce.ts). */
export interface NamedArray {
  readonly named: string;
}

/** Element or row k of what a method walks. */
export function itemAt(ctx: LowerContext, walked: Walked, k: string): Item {
  if (walked.records) return { array: walked.array, index: v(k) };
  if (walked.row) {
    const value = freshTemp(ctx, `${walked.array}_k_value`, "value", "number");
    emitAssign(ctx, value, rowElement(ctx, walked.row, v(k)));
    return v(value);
  }
  if (walked.window) {
    const row = freshTemp(ctx, `${walked.array}_row`, "row", "number");
    emitAssign(ctx, row, binary("+", walked.window.first, v(k)));
    return { matrix: walked.array, outer: v(row) };
  }
  return walked.rows ? { matrix: walked.array, outer: v(k) } : element(ctx, walked.array, k);
}

/** How many items a method walks. */
function itemCount(ctx: LowerContext, walked: Walked): Expr {
  if (walked.window) return walked.window.count;
  if (walked.row) return rowLength(ctx, walked.row);
  return walked.rows ? rowCount(ctx, walked.array) : length(walked.array);
}

/** eachIndex over what a method walks: an array's elements, or a matrix's rows. */
export function eachItem(ctx: LowerContext, walked: Walked, body: (k: string) => void, walk: Walk = {}): void {
  // Up to the length the walk starts with, as JavaScript's methods walk: a callback that pushes ('m.forEach((r) =>
  // m.push(…))') adds items the walk does not reach.
  const size = walk.downward ? undefined : freshTemp(ctx, `${walked.array}_length`, "length", "number");
  if (size) emitAssign(ctx, size, itemCount(ctx, walked));
  const upTo = size ? { ...walk, to: v(size) } : walk;
  if (walked.rows) eachRow(ctx, walked.array, body, upTo);
  else eachIndex(ctx, walked.array, body, upTo);
}

/**
 * Inlines a callback: binds its parameters to `args` (values, or matrix rows) and lowers its body. Returns the value
 * of an expression body or of its returns (undefined for a body without one).
 */
export function inlineCallback(
  ctx: LowerContext,
  callback: TS.Expression,
  args: readonly Item[],
  hint: string,
  array?: string,
): Expr | undefined {
  const { ts } = ctx;
  let fn: TS.Expression | TS.FunctionDeclaration = callback;
  while (ts.isParenthesizedExpression(fn)) fn = fn.expression;
  // A local function passed by name ('x.map(sq)') is inlined as an inline arrow would be, and so is a table's
  // ('x.map(act.swish)', lower/functionTables.ts) unless it calls itself.
  const tabled = tableFunction(ctx, fn);
  const inlinedTabled =
    typeof tabled === "object" && !(ts.isFunctionDeclaration(tabled) && callsItself(ts, ctx.checker, tabled));
  // 'x.map(scaler(w))': a closure made where it is given.
  const made = makeClosure(ctx, fn);
  const closure = made?.closure ?? closureNamed(ctx, fn);
  fn = made?.fn ?? calledLocalFunction(ctx, fn) ?? (inlinedTabled ? tabled : fn);
  if (ts.isIdentifier(fn) || ts.isPropertyAccessExpression(fn)) {
    const values = args.filter((arg): arg is Expr => "kind" in arg);
    if (values.length === args.length) return callByName(ctx, fn, values);
    // Given a matrix's row ('m.filter(keep)'): a function of this module inlined, as an arrow would be.
    const declared = resolveFunction(ts, ctx.checker, fn);
    const inlinable =
      declared !== undefined &&
      ts.isFunctionDeclaration(declared) &&
      declared.body !== undefined &&
      declared.getSourceFile() === ctx.sourceFile &&
      !callsItself(ts, ctx.checker, declared);
    if (!inlinable) {
      ctx.sink.report(callback, Messages.UnsupportedArrayOperation, [callback.getText(ctx.sourceFile)]);
      return undefined;
    }
    fn = declared;
  }
  if (!ts.isArrowFunction(fn) && !ts.isFunctionExpression(fn) && !ts.isFunctionDeclaration(fn)) {
    ctx.sink.report(callback, Messages.UnsupportedArrayOperation, [callback.getText(ctx.sourceFile)]);
    return undefined;
  }
  bindCallbackParameters(ctx, fn, args, array);
  enterClosure(ctx, closure);
  if (!fn.body) return undefined;
  if (!ts.isBlock(fn.body)) return lowerValue(ctx, fn.body, hint);
  const statements = fn.body.statements;
  const last = statements[statements.length - 1];
  const finalReturn = last && ts.isReturnStatement(last) && last.expression ? last : undefined;
  const before = finalReturn ? statements.slice(0, -1) : statements;
  if (findReturn(ts, before)) {
    // 'return' before the end ('(a, b) => { if (a < b) return -1; … }'): inlined as a local function is, each
    // return setting the result and leaving the body.
    const signature = ctx.checker.getSignatureFromDeclaration(fn);
    const returned = signature && ctx.checker.getReturnTypeOfSignature(signature);
    const type = returned && varTypeOf(ctx, returned);
    const label = ctx.namer.unique(`${hint}_callback`);
    if (returned && returned.flags & ts.TypeFlags.Void) {
      // 'x.forEach((v) => { if (v < 0) return; … })': a return that only leaves the body.
      inlineBlock(ctx, { fn, result: undefined, label }, statements);
      return undefined;
    }
    if (type !== "number" && type !== "boolean") {
      ctx.sink.report(callback, Messages.UnsupportedArrayOperation, [shorten(callback.getText(ctx.sourceFile))]);
      return undefined;
    }
    const result = freshTemp(ctx, `${hint}_returned`, hint, type);
    inlineBlock(ctx, { fn, result, label }, statements);
    return v(result);
  }
  lowerStatements(ctx, before);
  return finalReturn?.expression ? lowerValue(ctx, finalReturn.expression, hint) : undefined;
}

/**
 * Binds a callback's parameters to `args`: a number each, or a name for a matrix's row; the parameter after them
 * names `array`, the array walked ('(v, i, arr) => …').
 */
export function bindCallbackParameters(
  ctx: LowerContext,
  fn: TS.ArrowFunction | TS.FunctionExpression | TS.FunctionDeclaration,
  args: readonly Item[],
  array: string | undefined,
): void {
  const { ts } = ctx;
  fn.parameters.forEach((p, i) => {
    const symbol = ts.isIdentifier(p.name) ? ctx.checker.getSymbolAtLocation(p.name) : undefined;
    // The parameter after the element and its index is the array itself ('(v, i, arr) => …'): another name for it.
    if (symbol && i === args.length && array !== undefined && !p.dotDotDotToken) {
      ctx.names.set(symbol, array);
      return;
    }
    const arg = args[i];
    // A reduce's accumulator array: the parameter is another name for it.
    if (arg && "named" in arg) {
      if (symbol) ctx.names.set(symbol, arg.named);
      else ctx.sink.report(p, Messages.UnsupportedParameter, [p.name.getText(ctx.sourceFile)]);
      return;
    }
    // A reduce's accumulator object: the parameter names its variables, or its pattern their fields.
    if (arg && "object" in arg) {
      if (symbol) ctx.objects.set(symbol, arg.object);
      else bindDestructured(ctx, p.name as TS.BindingPattern, arg.object);
      return;
    }
    // '({ t, y }) => …' given an element of an array of records: each name holds its field.
    if (arg && "index" in arg && !("kind" in arg)) {
      if (symbol) ctx.records.set(symbol, arg);
      else if (!(ts.isObjectBindingPattern(p.name) && bindRecordPattern(ctx, p.name, arg)))
        ctx.sink.report(p, Messages.UnsupportedParameter, [p.name.getText(ctx.sourceFile)]);
      return;
    }
    // '([x, y]) => …' given a matrix's row: each name holds its element.
    const row = i < args.length && !("kind" in args[i]) ? (args[i] as MatrixRow) : undefined;
    if (row && ts.isArrayBindingPattern(p.name) && bindRowPattern(ctx, p.name, row)) return;
    if (!ts.isIdentifier(p.name) || i >= args.length) {
      ctx.sink.report(p, Messages.UnsupportedParameter, [p.name.getText(ctx.sourceFile)]);
      return;
    }
    if (!("kind" in arg)) {
      // A matrix's row: the parameter names it, read element by element where it is used.
      if (symbol) ctx.rows.set(symbol, arg as MatrixRow);
      return;
    }
    const name = declareLocal(ctx, symbol, p.name.text, "number");
    emitAssign(ctx, name, arg);
  });
}

/**
 * A top-level function passed by name ('x.map(sq)'): called in the loop with as many of the callback's arguments
 * (element, index; accumulator first for reduce) as it declares parameters, all numbers, like any call.
 */
function callByName(ctx: LowerContext, callback: TS.Expression, args: readonly Expr[]): Expr | undefined {
  const { ts } = ctx;
  // 'x.map(Math.exp)': JavaScript passes the element, the index and the array; a Math function of fixed arity reads
  // its first ones (a variadic one, Math.max, would read the array too, which is NaN).
  const math = mathMemberName(ctx, callback);
  if (math !== undefined) {
    const path = `Math.${math}`;
    const arity = ruleTable[path]?.arity;
    if (typeof arity === "number" && arity <= args.length) return call(path, args.slice(0, arity));
    ctx.sink.report(callback, Messages.UnsupportedArrayOperation, [callback.getText(ctx.sourceFile)]);
    return undefined;
  }
  const fn = resolveFunction(ts, ctx.checker, callback);
  const numbers = fn?.parameters.every((p) => varTypeOf(ctx, ctx.checker.getTypeAtLocation(p)) === "number");
  if (!fn || !numbers || fn.parameters.length > args.length || fn.parameters.some((p) => p.dotDotDotToken)) {
    ctx.sink.report(callback, Messages.UnsupportedArrayOperation, [callback.getText(ctx.sourceFile)]);
    return undefined;
  }
  return call(calleeKey(ctx, callback, fn), args.slice(0, fn.parameters.length));
}

function findReturn(ts: typeof TS, nodes: readonly TS.Node[]): TS.Node | undefined {
  for (const node of nodes) {
    if (ts.isReturnStatement(node)) return node;
    if (ts.isFunctionLike(node)) continue;
    const inner = findReturn(ts, node.getChildren());
    if (inner) return inner;
  }
  return undefined;
}

/**
 * The name of a one-dimensional array operand: the array a name refers to, or a fresh local array that an array
 * expression builds ('norm(x.map(sq))', 'x.map(f).reduce(g, 0)', 'x.slice(1).length'), as a 'const' naming it
 * would. Undefined for anything else (a matrix, 'c ? x : z').
 */
export function arrayOperand(ctx: LowerContext, node: TS.Expression): string | undefined {
  const { ts } = ctx;
  const name = vectorName(ctx, node) ?? reorderedName(ctx, node);
  if (name) return name;
  let e = node;
  while (ts.isParenthesizedExpression(e) || ts.isAsExpression(e)) e = e.expression;
  const row = isMatrixRow(ctx, e) ? matrixRow(ctx, e) : undefined;
  if (row) return copyOfRow(ctx, row, arrayTypeOf(ctx, ctx.checker.getTypeAtLocation(e)) ?? "number[]");
  const field = recordArrayCopy(ctx, e);
  if (field) return field;
  const returning = arrayReturningCallee(ctx, e);
  if (returning) return inlineArrayCall(ctx, returning);
  const marker = calledMarker(ctx, e);
  if (marker) {
    // 'norm(grad(U)(q))': the gradient in a new array, as a 'const' naming it would hold it.
    const gradient = lowerGradientCall(ctx, marker, "grad");
    return typeof gradient === "string" ? gradient : freshTemp(ctx, "gradient", "grad", "number[]");
  }
  // 'Array(n).fill(0)' is an any[] to TypeScript, but filled with numbers: a number[].
  const filledWithNumber = () => {
    const filled = freshFill(ctx, e);
    return filled && ctx.checker.getTypeAtLocation(filled.value).flags & ctx.ts.TypeFlags.NumberLike
      ? "number[]"
      : undefined;
  };
  // '[a * a, 2 * a]' returned as a 'readonly [number, number]' is a tuple to TypeScript: numbers, built alike.
  const literalTuple = () =>
    ts.isArrayLiteralExpression(e) ? vectorResultType(ctx, ctx.checker.getTypeAtLocation(e)) : undefined;
  const type = arrayTypeOf(ctx, ctx.checker.getTypeAtLocation(e)) ?? filledWithNumber() ?? literalTuple();
  const builds =
    ts.isCallExpression(e) || ts.isArrayLiteralExpression(e) || ts.isNewExpression(e) || ts.isConditionalExpression(e);
  if (!type || isMatrixType(type) || !builds) return undefined;
  const method = ts.isCallExpression(e) && ts.isPropertyAccessExpression(e.expression) ? e.expression : undefined;
  const receiver = method && ts.isIdentifier(method.expression) ? method.expression.text : "array";
  const temp = freshTemp(ctx, method ? `${receiver}_${method.name.text}` : "array", "array", type);
  return lowerArrayInit(ctx, temp, type, e) ? temp : undefined;
}

/**
 * The array an object's field holds ('{ w: x }', 'this.w = x.map(f)'): a name, an array expression, or what `build`
 * makes of the value. Never a matrix's row (TS990081), which arrayOperand would copy: writes through the field would
 * miss the matrix. Undefined after a diagnostic.
 */
export function fieldArray(
  ctx: LowerContext,
  value: TS.Expression,
  build: () => string | undefined = () => undefined,
): string | undefined {
  if (isMatrixRow(ctx, value) && rowAsArray(ctx, value, "a field of an object")) return undefined;
  const array = arrayName(ctx, value) ?? arrayOperand(ctx, value) ?? build();
  if (array === undefined) {
    ctx.sink.report(value, Messages.UnsupportedArrayOperation, [value.getText(ctx.sourceFile)]);
  }
  return array;
}

/**
 * A matrix's row where a method or a call wants an array of its own ('m[i].map(f)', 'row.indexOf(v)'): its elements
 * copied into a local array of the row's type. Where the row is used at once, or by a callee that does not write
 * it, the copy reads as the row would.
 */
export function copyOfRow(
  ctx: LowerContext,
  row: MatrixRow,
  type: ArrayType,
  copy = freshTemp(ctx, `${row.matrix}_row`, "array", type),
): string {
  emitAssign(ctx, copy, alloc(type, rowLength(ctx, row)));
  eachIndex(ctx, copy, (k) => {
    const value = freshTemp(ctx, `${row.matrix}_row_value`, "value", "number");
    emitAssign(ctx, value, rowElement(ctx, row, v(k)));
    ctx.out.push({ kind: "store", array: copy, index: v(k), value: v(value), inBounds: true, origin: ctx.origin });
  });
  return copy;
}

/** 'new Float64Array(n)', 'new Array<number>(n).fill(0)': handled by expression lowering as an allocation. */
export function isAllocation(ctx: LowerContext, init: TS.Expression): boolean {
  const { ts } = ctx;
  if (ts.isNewExpression(init)) return !copySource(ctx, init);
  return zeroFill(ctx, init) !== undefined;
}

/** 'new Array<number>(n).fill(0)', 'Array(n).fill(0)', 'x.slice().fill(0)': a zero-filled number[] at once. */
export function zeroFill(ctx: LowerContext, node: TS.Expression): FreshFill | undefined {
  const filled = freshFill(ctx, node);
  return filled?.created === "Array" && isZero(ctx.ts, filled.value) ? filled : undefined;
}

/** An array created and filled at once: its constructor's name, its element count or the array it copies, the value. */
export interface FreshFill {
  /** 'Array', or a typed array's name. */
  readonly created: string;
  /** 'n' of 'new Array<number>(n)'; undefined for a copy. */
  readonly size?: TS.Expression;
  /** 'x' of 'x.slice()', a vector or a row of a matrix, whose length the copy has. */
  readonly copied?: TS.Expression;
  readonly value: TS.Expression;
}

/**
 * 'new Array<number>(n).fill(v)', 'Array(n).fill(v)', 'new Float64Array(n).fill(v)', and a copy filled over,
 * 'x.slice().fill(v)' ("an array like x"), of a vector or a row of a matrix; undefined for anything else.
 */
export function freshFill(ctx: LowerContext, node: TS.Expression): FreshFill | undefined {
  const { ts } = ctx;
  if (!ts.isCallExpression(node) || node.arguments.length !== 1) return undefined;
  const callee = node.expression;
  if (!ts.isPropertyAccessExpression(callee) || callee.name.text !== "fill") return undefined;
  const created = callee.expression;
  const value = node.arguments[0];
  const copied = copiedBySlice(ctx, created);
  if (copied) return { ...copied, value };
  if (!(ts.isNewExpression(created) || ts.isCallExpression(created)) || !ts.isIdentifier(created.expression)) {
    return undefined;
  }
  const name = created.expression.text;
  const args = created.arguments ?? [];
  const known = name === "Array" || (ts.isNewExpression(created) && isTypedArrayName(name));
  if (!known || args.length !== 1 || arrayTypeOf(ctx, ctx.checker.getTypeAtLocation(args[0]))) return undefined;
  return { created: name, size: args[0], value };
}

/** 'x.slice()' of a vector or of a row of a matrix: the array it copies and the copy's constructor. */
function copiedBySlice(ctx: LowerContext, node: TS.Expression): { created: string; copied: TS.Expression } | undefined {
  const { ts } = ctx;
  if (!ts.isCallExpression(node) || node.arguments.length > 0 || !ts.isPropertyAccessExpression(node.expression)) {
    return undefined;
  }
  if (node.expression.name.text !== "slice") return undefined;
  const copied = node.expression.expression;
  const type = arrayTypeOf(ctx, ctx.checker.getTypeAtLocation(copied));
  if (!type || isMatrixType(type) || (!vectorName(ctx, copied) && !matrixRow(ctx, copied))) return undefined;
  return { created: type === "number[]" ? "Array" : type, copied };
}

/** How many elements a fresh fill has: its size, lowered by `count`, or the length of the array it copies. */
export function fillLength(ctx: LowerContext, filled: FreshFill, count: (size: TS.Expression) => Expr): Expr {
  if (filled.size) return count(filled.size);
  const vector = vectorName(ctx, filled.copied!);
  return vector ? length(vector) : rowLength(ctx, matrixRow(ctx, filled.copied!)!);
}

function isZero(ts: typeof TS, e: TS.Expression): boolean {
  return ts.isNumericLiteral(e) && Number(e.text) === 0;
}

/**
 * 'Math.max(...x)', 'Math.min(a, ...x, b)': the two-input rule applied along the arguments, spread arrays element
 * by element ('acc = Math.max(acc, x[k])' in a loop), from the function of no arguments (-Infinity, Infinity): the
 * same value to the bit. Undefined for another function (pairwise 'Math.hypot' would round differently from the
 * primal's), or an argument that is not an array.
 */
export function lowerSpreadMath(
  ctx: LowerContext,
  path: string,
  args: readonly TS.Expression[],
  hint: string,
): Expr | undefined {
  const { ts } = ctx;
  const start: Record<string, Expr> = {
    "Math.max": unary("-", global("Infinity")),
    "Math.min": global("Infinity"),
  };
  if (!(path in start)) return undefined;
  const acc = ctx.namer.unique(`${hint}_acc`);
  ctx.locals.set(acc, "number");
  emitAssign(ctx, acc, start[path]);
  for (const arg of args) {
    if (!ts.isSpreadElement(arg)) {
      assignValue(ctx, acc, call(path, [v(acc), lowerAtom(ctx, arg, hint)]));
      continue;
    }
    const array = arrayOperand(ctx, arg.expression);
    if (!array) return undefined;
    eachIndex(ctx, array, (k) => assignValue(ctx, acc, call(path, [v(acc), element(ctx, array, k)])));
  }
  return v(acc);
}

/** 'a.reduce(…)', 'a.some(…)', 'a.every(…)', 'a.forEach(…)', 'a.fill(v)'; undefined if `node` is none of them. */
export function lowerArrayMethod(ctx: LowerContext, node: TS.CallExpression, hint: string): Expr | undefined {
  const { ts } = ctx;
  const callee = node.expression;
  if (!ts.isPropertyAccessExpression(callee) || !VALUE_METHODS.has(callee.name.text)) return undefined;
  // A class's own 'push' or 'sort' ('acc.push(v)'): a method of the program, inlined as methods are.
  if (!ctx.checker.getTypeAtLocation(callee.expression).getNumberIndexType()) return undefined;
  // A method that writes ('fill', 'push', 'sort', 'reverse') writes into an array the program can read again: a name.
  const writes = ["fill", "push", "set", ...IN_PLACE_REORDERINGS].includes(callee.name.text);
  // 'y.reverse().sort(cmp)': the receiver reordered in place first, then the same array again.
  const receiver = callee.expression;
  const built = localMatrixName(ctx, receiver);
  if (built && callee.name.text === "push") {
    pushRows(ctx, built, node.arguments);
    return rowCount(ctx, built);
  }
  if (built && IN_PLACE_REORDERINGS.has(callee.name.text)) {
    reorderRows(ctx, built, callee.name.text, node.arguments, node);
    return num(0);
  }
  const walksRow = rowWalk(ctx, node);
  if (walksRow) return walkRow(ctx, node, walksRow, hint);
  const listed = writes ? undefined : listedWalk(ctx, receiver);
  const vector = listed
    ? undefined
    : writes
      ? (vectorName(ctx, receiver) ?? reorderedName(ctx, receiver))
      : arrayOperand(ctx, receiver);
  const matrix = listed?.array ?? (vector || writes ? undefined : matrixOperand(ctx, receiver));
  const array = vector ?? matrix;
  const rowMethod = callee.name.text === "fill" || callee.name.text === "push";
  const row = rowMethod && !array ? builtRowOf(ctx, receiver) : undefined;
  if (row && callee.name.text === "push") return pushOntoLastRow(ctx, row, node, hint);
  if (row) {
    fillRow(ctx, row, node);
    return num(0);
  }
  if (!array && writes) {
    // A parameter's row ('A[0].fill(0)'), a built matrix's row reordered ('m[i].sort(cmp)'), an array expression.
    const outside = isOutsideMatrixOrRow(ctx, receiver);
    const message = outside ? Messages.OutsideMatrixWrite : Messages.UnsupportedArrayOperation;
    ctx.sink.report(node, message, [shorten((outside ? receiver : node).getText(ctx.sourceFile))]);
    return num(0);
  }
  const records = array || writes ? undefined : recordsName(ctx, receiver);
  if (records !== undefined) return walkRecords(ctx, node, { array: records, rows: false, records: true }, hint);
  if (!array) return undefined;
  const walked: Walked = listed ?? { array, rows: matrix !== undefined };
  const [first] = node.arguments;
  switch (callee.name.text) {
    case "reduce":
    case "reduceRight":
      return lowerReduce(ctx, node, walked, callee.name.text === "reduceRight", hint);
    case "some":
    case "every":
      return lowerSomeOrEvery(ctx, node, walked, callee.name.text === "some");
    case "forEach":
      eachItem(ctx, walked, (k) => void inlineCallback(ctx, first, [itemAt(ctx, walked, k), v(k)], hint, array));
      return num(0);
    case "push": {
      // 'a.push(v)' → 'at = a.length; a[at] = v', for a local number[] (typed arrays have a fixed length).
      if (ctx.locals.get(array) !== "number[]" || ctx.params.has(array)) {
        ctx.sink.report(node, Messages.UnsupportedArrayOperation, [node.getText(ctx.sourceFile)]);
        return num(0);
      }
      // The arguments first, as JavaScript evaluates them ('a.push(1, ...a)' spreads a as it was, 'a.push(t, (t = 2))'
      // pushes t as it was), then the pushes.
      const spreads = node.arguments.some((arg) => ts.isSpreadElement(arg));
      const values = spreads ? [] : lowerOperands(ctx, node.arguments, hint);
      const pushes = node.arguments.map((arg, k): (() => void) | undefined => {
        if (!ts.isSpreadElement(arg)) {
          const value = spreads ? lowerAtom(ctx, arg, hint) : values[k];
          return () => emitPush(ctx, array, value);
        }
        // 'a.push(...b)': b's elements one by one.
        const source = arrayOperand(ctx, arg.expression);
        if (!source || isMatrixType(ctx.locals.get(source))) return undefined;
        const size = freshTemp(ctx, `${source}_length`, "length", "number");
        emitAssign(ctx, size, length(source));
        return () => eachIndex(ctx, source, (k) => emitPush(ctx, array, element(ctx, source, k)), { to: v(size) });
      });
      if (pushes.some((push) => !push)) {
        ctx.sink.report(node, Messages.UnsupportedArrayOperation, [shorten(node.getText(ctx.sourceFile))]);
        return num(0);
      }
      pushes.forEach((push) => push?.());
      // The new length, what 'push' returns.
      return length(array);
    }
    case "sort":
    case "reverse": {
      const type = arrayTypeOf(ctx, ctx.checker.getTypeAtLocation(callee.expression));
      const arity = callee.name.text === "sort" ? 1 : 0;
      if (type && !isMatrixType(type) && node.arguments.length <= arity) {
        reorderInPlace(ctx, array, type, callee.name.text, node.arguments, node);
      } else {
        ctx.sink.report(node, Messages.UnsupportedArrayOperation, [node.getText(ctx.sourceFile)]);
      }
      return num(0);
    }
    case "fill": {
      if (node.arguments.length < 1 || node.arguments.length > 3 || !ctx.locals.has(array)) {
        ctx.sink.report(node, Messages.UnsupportedArrayOperation, [node.getText(ctx.sourceFile)]);
        return num(0);
      }
      // 'a.fill(v, start, end)': the positions as 'slice' takes them.
      const value = lowerAtom(ctx, first, hint);
      const [, start, end] = node.arguments;
      const from = start && relativePosition(ctx, start, length(array), `${array}_start`);
      const to = end && relativePosition(ctx, end, length(array), `${array}_end`);
      eachIndex(
        ctx,
        array,
        (k) => ctx.out.push({ kind: "store", array, index: v(k), value, inBounds: true, origin: ctx.origin }),
        { from, to },
      );
      return num(0);
    }
    case "set":
      return lowerTypedSet(ctx, node, array, hint);
  }
  return undefined;
}

/**
 * 'a.set(b, offset)' on a typed array: b's elements stored into a from offset on, b read whole first (JavaScript
 * copies an overlapping source before storing); the RangeError JavaScript throws when b would not fit.
 */
function lowerTypedSet(ctx: LowerContext, node: TS.CallExpression, array: string, hint: string): Expr {
  const [values, at] = node.arguments;
  const type = ctx.locals.get(array);
  const source = values && node.arguments.length <= 2 && isTypedArrayName(type) ? arrayOperand(ctx, values) : undefined;
  if (!source || isMatrixType(ctx.locals.get(source))) {
    ctx.sink.report(node, Messages.UnsupportedArrayOperation, [shorten(node.getText(ctx.sourceFile))]);
    return num(0);
  }
  const offset = at ? lowerAtom(ctx, at, `${array}_offset`) : num(0);
  const end = freshTemp(ctx, `${array}_set_end`, hint, "number");
  emitAssign(ctx, end, binary("+", offset, length(source)));
  const outside = binary("||", binary("<", offset, num(0)), binary(">", v(end), length(array)));
  const raise = raiseStatement(ctx, "RangeError", [str("offset is out of bounds")]);
  ctx.out.push({ kind: "if", test: outside, then: [raise], else: [], origin: ctx.origin });
  eachIndex(ctx, source, (k) => {
    const position = freshTemp(ctx, `${array}_set_at`, hint, "number");
    emitAssign(ctx, position, binary("+", offset, v(k)));
    const value = freshTemp(ctx, `${source}_element`, hint, "number");
    emitAssign(ctx, value, element(ctx, source, k));
    ctx.out.push({ kind: "store", array, index: v(position), value: v(value), inBounds: true, origin: ctx.origin });
  });
  return global("undefined");
}

/**
 * 'a.reduce(f, init)', 'a.reduceRight(f)': an accumulator carried through the loop. Without an initial value the
 * first element visited starts it, and an empty array throws the TypeError JavaScript throws. Over a matrix's rows
 * ('m.reduce((s, row) => s + row[0], 0)') the accumulator needs an initial number: a row would start it.
 */
/**
 * 'obs.reduce((s, o) => s + o.y, 0)', 'obs.some(…)', 'obs.every(…)', 'obs.forEach(…)' over an array of records, each
 * callback given the element as 'for (const o of obs)' names it; other methods are not lowered here (TS990021).
 */
function walkRecords(ctx: LowerContext, node: TS.CallExpression, walked: Walked, hint: string): Expr | undefined {
  const method = (node.expression as TS.PropertyAccessExpression).name.text;
  const [callback] = node.arguments;
  switch (method) {
    case "reduce":
    case "reduceRight":
      return lowerReduce(ctx, node, walked, method === "reduceRight", hint);
    case "some":
    case "every":
      return lowerSomeOrEvery(ctx, node, walked, method === "some");
    case "forEach":
      eachItem(
        ctx,
        walked,
        (k) => void inlineCallback(ctx, callback, [itemAt(ctx, walked, k), v(k)], hint, walked.array),
      );
      return num(0);
    default:
      return undefined;
  }
}

/**
 * 'row.reduce((s, w, j) => s + w * x[j], 0)', 'row.some(…)', 'row.every(…)', 'row.forEach(…)', 'row.map(…)' on a
 * matrix's row (a named row, 'm[i]', a callback's row in 'm.map((row) => …)'): the callback reads the row's elements
 * in place, where a copy of the row would cost an array and its adjoint per row. Only for an inline callback that does not take the
 * array itself, a reduce with an initial value, and a walk upward; anything else walks a copy.
 */
function rowWalk(ctx: LowerContext, node: TS.CallExpression): MatrixRow | undefined {
  const { ts } = ctx;
  const callee = node.expression as TS.PropertyAccessExpression;
  const method = callee.name.text;
  const reduce = method === "reduce";
  if (!reduce && !["some", "every", "forEach", "map"].includes(method)) return undefined;
  let callback = node.arguments[0];
  while (callback && ts.isParenthesizedExpression(callback)) callback = callback.expression;
  const inline = callback && (ts.isArrowFunction(callback) || ts.isFunctionExpression(callback)) ? callback : undefined;
  const taken = reduce ? 3 : 2;
  if (!inline || inline.parameters.length > taken || node.arguments.length !== (reduce ? 2 : 1)) return undefined;
  return isMatrixRow(ctx, callee.expression) ? matrixRow(ctx, callee.expression) : undefined;
}

function walkRow(ctx: LowerContext, node: TS.CallExpression, row: MatrixRow, hint: string): Expr {
  const walked: Walked = { array: `${row.matrix}_row`, rows: false, row };
  const method = (node.expression as TS.PropertyAccessExpression).name.text;
  if (method === "reduce") return lowerReduce(ctx, node, walked, false, hint);
  if (method === "some" || method === "every") return lowerSomeOrEvery(ctx, node, walked, method === "some");
  // 'forEach' ('map' builds an array: lowerArrayInit).
  eachItem(ctx, walked, (k) => void inlineCallback(ctx, node.arguments[0], [itemAt(ctx, walked, k), v(k)], hint));
  return num(0);
}

/** 'a.some(cb)', 'a.every(cb)': a flag, and a walk that stops once it is settled. */
function lowerSomeOrEvery(ctx: LowerContext, node: TS.CallExpression, walked: Walked, some: boolean): Expr {
  const [callback] = node.arguments;
  const found = ctx.namer.unique(some ? "some" : "every");
  ctx.locals.set(found, "boolean");
  emitAssign(ctx, found, bool(!some));
  eachItem(
    ctx,
    walked,
    (k) => {
      const value = inlineCallback(ctx, callback, [itemAt(ctx, walked, k), v(k)], "cond", walked.array);
      if (value) assignValue(ctx, found, value);
    },
    { keepGoing: some ? unary("!", v(found)) : v(found) },
  );
  return v(found);
}

function lowerReduce(
  ctx: LowerContext,
  node: TS.CallExpression,
  walked: Walked,
  downward: boolean,
  hint: string,
): Expr {
  const { array } = walked;
  const [callback, initial] = node.arguments;
  if (!callback || node.arguments.length > 2 || ((walked.rows || walked.records) && !initial)) {
    ctx.sink.report(node, Messages.UnsupportedArrayOperation, [node.getText(ctx.sourceFile)]);
    return num(0);
  }
  const acc = ctx.namer.unique(`${hint}_acc`);
  ctx.locals.set(acc, "number");
  if (initial) {
    assignValue(ctx, acc, lowerValue(ctx, initial, acc));
  } else {
    const empty = binary("===", length(array), num(0));
    const raise = raiseStatement(ctx, "TypeError", [str("Reduce of empty array with no initial value")]);
    ctx.out.push({ kind: "if", test: empty, then: [raise], else: [], origin: ctx.origin });
    const first = freshTemp(ctx, `${array}_first`, hint, "number");
    emitAssign(ctx, first, downward ? binary("-", length(array), num(1)) : num(0));
    assignValue(ctx, acc, index(array, v(first)));
  }
  eachItem(
    ctx,
    walked,
    (k) => {
      const value = inlineCallback(ctx, callback, [v(acc), itemAt(ctx, walked, k), v(k)], acc, array);
      if (value) assignValue(ctx, acc, value);
    },
    { downward, skip: initial ? 0 : 1 },
  );
  return v(acc);
}

/** `target` made a new array of `type` holding `values` ('[x, y]', a tuple's fields), one store each. */
export function fillWithValues(ctx: LowerContext, target: string, type: ArrayType, values: readonly Expr[]): void {
  emitAssign(ctx, target, alloc(type, num(values.length)));
  values.forEach((value, k) =>
    ctx.out.push({ kind: "store", array: target, index: num(k), value, inBounds: true, origin: ctx.origin }),
  );
}

/**
 * A new array for a declaration: 'a.map(…)', 'a.slice(…)', 'a.concat(b)' or '[x, y, z]', filled into `target`, or
 * an allocation ('new Float64Array(n)', zero-filled). Returns false if `init` is none of them.
 */
export function lowerArrayInit(ctx: LowerContext, target: string, type: ArrayType, init: TS.Expression): boolean {
  const { ts } = ctx;
  const marker = calledMarker(ctx, init);
  if (marker) {
    // 'const g = grad(U)(q)': the gradient written into the new array.
    lowerGradientCall(ctx, marker, target, target);
    return true;
  }
  if (isAllocation(ctx, init)) {
    emitAssign(ctx, target, lowerValue(ctx, init, target));
    return true;
  }
  const chosen = skipParentheses(ts, init);
  if (ts.isConditionalExpression(chosen)) return lowerChosenArray(ctx, target, type, chosen);
  // 'layers.reduce((h, layer) => dense(layer, h), x)': an accumulator array (lower/arrayReduce.ts).
  if (lowerArrayReduce(ctx, target, type, init)) return true;
  const copied = copySource(ctx, init);
  if (copied) {
    // 'new Float64Array([u, w])', 'Float64Array.from(a)', 'Array.from(x.slice(1))': the literal, or a copy of the
    // array, which may be an array expression.
    if (ts.isArrayLiteralExpression(copied)) return lowerArrayInit(ctx, target, type, copied);
    const source = arrayOperand(ctx, copied);
    if (!source) return false;
    copyArray(ctx, target, type, source);
    return true;
  }
  if (ts.isArrayLiteralExpression(init) && !init.elements.some((e) => ts.isSpreadElement(e))) {
    // Left to right, an element read from a variable a later one assigns copied first ('[t, (t = 2 * t)]').
    fillWithValues(ctx, target, type, lowerOperands(ctx, init.elements, target));
    return true;
  }
  if (ts.isArrayLiteralExpression(init)) return lowerSpreadLiteral(ctx, target, type, init);
  const filled = freshFill(ctx, init);
  if (filled) {
    // 'new Array<number>(n).fill(1)': the new array, then its value in every element.
    requireElement(ctx, type, filled.value);
    const size = fillLength(ctx, filled, (n) => {
      requireNumber(ctx, n);
      return lowerAtom(ctx, n, "n");
    });
    const value = lowerAtom(ctx, filled.value, target);
    emitAssign(ctx, target, alloc(type, size));
    eachIndex(ctx, target, (k) =>
      ctx.out.push({ kind: "store", array: target, index: v(k), value, inBounds: true, origin: ctx.origin }),
    );
    return true;
  }
  const mapped = fromWithCallback(ctx, init);
  if (mapped && "size" in mapped) {
    // 'Array.from({ length: n }, (_, i) => …)': n elements, each the callback's value at its index.
    emitAssign(ctx, target, alloc(type, lengthOf(ctx, mapped.size, "n")));
    eachIndex(ctx, target, (k) =>
      storeValue(ctx, target, k, inlineCallback(ctx, mapped.callback, [num(0), v(k)], target)),
    );
    return true;
  }
  if (mapped) {
    // 'Array.from(a, cb)', 'Float64Array.from(a, cb)': a.map(cb) into an array of the new kind.
    const source = arrayOperand(ctx, mapped.source);
    if (source) mapInto(ctx, target, type, { array: source, rows: false }, mapped.callback);
    return source !== undefined;
  }
  if (!ts.isCallExpression(init) || !ts.isPropertyAccessExpression(init.expression)) return false;
  const method = init.expression.name.text;
  if (!INIT_METHODS.has(method)) return false;
  if (REORDERINGS.has(method)) return lowerReorderedCopy(ctx, target, type, init, init.expression);
  const listed =
    method === "map" && init.arguments.length === 1 ? listedWalk(ctx, init.expression.expression) : undefined;
  if (listed) {
    // 'W.map((row) => …)' over one matrix of an array of matrices.
    mapInto(ctx, target, type, listed, init.arguments[0]);
    return true;
  }
  const rows = matrixOperand(ctx, init.expression.expression);
  if (rows) return lowerFromRows(ctx, target, type, rows, method, init.arguments);
  const records = recordsName(ctx, init.expression.expression);
  if (records !== undefined && method === "map" && init.arguments.length === 1) {
    // 'obs.map((o) => o.t)': the callback's value for each element of an array of records.
    mapInto(ctx, target, type, { array: records, rows: false, records: true }, init.arguments[0]);
    return true;
  }
  if (method === "subarray" && viewMayBeWritten(ts, ctx.checker, init)) {
    const array = init.expression.expression.getText(ctx.sourceFile);
    ctx.sink.report(init, Messages.SharedView, [shorten(init.getText(ctx.sourceFile)), array]);
    return true;
  }
  const row = method === "map" ? rowWalk(ctx, init) : undefined;
  if (row) {
    mapInto(ctx, target, type, { array: `${row.matrix}_row`, rows: false, row }, init.arguments[0]);
    return true;
  }
  const source = arrayOperand(ctx, init.expression.expression);
  if (!source) return false;
  const args = init.arguments;
  switch (method) {
    case "map":
      mapInto(ctx, target, type, { array: source, rows: false }, args[0]);
      return true;
    case "flat":
      // An array of numbers is already flat: a copy.
      if (args.length > 0) return false;
      copyArray(ctx, target, type, source);
      return true;
    case "filter": {
      // 'const b = a.filter(cb)' → 'b = []; for each x: if (cb(x)) b.push(x)'. A typed array's filter is built as
      // a number[] first, then copied into a typed array of the length it ended with.
      const into = type === "number[]" ? target : freshTemp(ctx, `${target}_kept`, target, "number[]");
      emitAssign(ctx, into, alloc("number[]", num(0)));
      eachItem(ctx, { array: source, rows: false }, (k) => {
        const x = element(ctx, source, k);
        const keep = inlineCallback(ctx, args[0], [x, v(k)], "cond", source);
        if (!keep) return;
        const then = collectStmts(ctx, () => emitPush(ctx, into, x));
        ctx.out.push({ kind: "if", test: keep, then, else: [], origin: ctx.origin });
      });
      if (into !== target) copyArray(ctx, target, type, into);
      return true;
    }
    // A view that nothing writes, nor its array, reads the numbers a copy holds.
    case "subarray":
    case "slice": {
      const size = length(source);
      const start = args[0] ? relativePosition(ctx, args[0], size, `${target}_start`) : num(0);
      const end = args[1] ? relativePosition(ctx, args[1], size, `${target}_end`) : size;
      const count = ctx.namer.unique(`${target}_count`);
      ctx.locals.set(count, "number");
      emitAssign(ctx, count, call("Math.max", [binary("-", end, start), num(0)]));
      emitAssign(ctx, target, alloc(type, v(count)));
      eachIndex(ctx, target, (k) => {
        const from = ctx.namer.unique(`${source}_at`);
        ctx.locals.set(from, "number");
        emitAssign(ctx, from, binary("+", start, v(k)));
        const x = ctx.namer.unique(`${source}_value`);
        ctx.locals.set(x, "number");
        emitAssign(ctx, x, index(source, v(from)));
        ctx.out.push({ kind: "store", array: target, index: v(k), value: v(x), inBounds: true, origin: ctx.origin });
      });
      return true;
    }
    case "concat": {
      // JavaScript spreads the arguments that are arrays and appends the others: '[...a, ...b, c]'.
      const parts = args.map((arg): Part | undefined =>
        arrayTypeOf(ctx, ctx.checker.getTypeAtLocation(arg))
          ? spreadPart(ctx, arg)
          : { value: lowerAtom(ctx, arg, target) },
      );
      return fillFromParts(ctx, target, type, [{ spread: source }, ...parts]);
    }
  }
  return false;
}

/** 'target = source.map(callback)', element by element. */
function mapInto(ctx: LowerContext, target: string, type: ArrayType, source: Walked, callback: TS.Expression): void {
  emitAssign(ctx, target, alloc(type, itemCount(ctx, source)));
  eachItem(ctx, source, (k) =>
    storeValue(ctx, target, k, inlineCallback(ctx, callback, [itemAt(ctx, source, k), v(k)], target, source.array)),
  );
}

/** 'm.map((row, i) => …)': the callback's value for each row; 'm.flat()': the rows' elements one after another. */
function lowerFromRows(
  ctx: LowerContext,
  target: string,
  type: ArrayType,
  matrix: string,
  method: string,
  args: readonly TS.Expression[],
): boolean {
  if (method === "map" && args.length === 1) {
    mapInto(ctx, target, type, { array: matrix, rows: true }, args[0]);
    return true;
  }
  if (method !== "flat" || args.length > 0) return false;
  const total = freshTemp(ctx, `${target}_length`, target, "number");
  emitAssign(ctx, total, num(0));
  eachRow(ctx, matrix, (r) => emitAssign(ctx, total, binary("+", v(total), rowLength(ctx, { matrix, outer: v(r) }))));
  emitAssign(ctx, target, alloc(type, v(total)));
  const at = freshTemp(ctx, `${target}_at`, target, "number");
  emitAssign(ctx, at, num(0));
  eachRow(ctx, matrix, (r) =>
    eachIndex(
      ctx,
      matrix,
      (j) => {
        const value = freshTemp(ctx, `${matrix}_value`, target, "number");
        emitAssign(ctx, value, rowElement(ctx, { matrix, outer: v(r) }, v(j)));
        ctx.out.push({
          kind: "store",
          array: target,
          index: v(at),
          value: v(value),
          inBounds: true,
          origin: ctx.origin,
        });
        emitAssign(ctx, at, binary("+", v(at), num(1)));
      },
      { to: rowLength(ctx, { matrix, outer: v(r) }), counter: `${matrix}_row` },
    ),
  );
  return true;
}

/**
 * A length as 'Array.from({ length })' takes one: truncated, and 0 for NaN or a negative number (JavaScript's
 * ToLength), where 'new Array(2.5)' would throw.
 */
export function lengthOf(ctx: LowerContext, size: TS.Expression, hint: string): Expr {
  requireNumber(ctx, size);
  const whole = freshTemp(ctx, `${hint}_whole`, hint, "number");
  emitAssign(ctx, whole, call("Math.trunc", [lowerAtom(ctx, size, hint)]));
  const count = freshTemp(ctx, `${hint}_length`, hint, "number");
  emitAssign(ctx, count, cond(binary(">", v(whole), num(0)), v(whole), num(0)));
  return v(count);
}

/** 'target[k] = value' for a callback's value (none after a diagnostic). */
function storeValue(ctx: LowerContext, target: string, k: string, value: Expr | undefined): void {
  if (!value) return;
  ctx.out.push({
    kind: "store",
    array: target,
    index: v(k),
    value: atomOf(ctx, value, target),
    inBounds: true,
    origin: ctx.origin,
  });
}

/**
 * 'Array.from(a, cb)' and 'Float64Array.from(a, cb)': the array mapped and its callback; 'Array.from({ length: n },
 * cb)': the size instead. Undefined for anything else.
 */
export function fromWithCallback(
  ctx: LowerContext,
  init: TS.Expression,
): { source: TS.Expression; callback: TS.Expression } | { size: TS.Expression; callback: TS.Expression } | undefined {
  const { ts } = ctx;
  if (!ts.isCallExpression(init) || init.arguments.length !== 2) return undefined;
  const callee = init.expression;
  if (!ts.isPropertyAccessExpression(callee) || callee.name.text !== "from" || !ts.isIdentifier(callee.expression)) {
    return undefined;
  }
  if (callee.expression.text !== "Array" && !isTypedArrayName(callee.expression.text)) return undefined;
  const [source, callback] = init.arguments;
  const only =
    ts.isObjectLiteralExpression(source) && source.properties.length === 1 ? source.properties[0] : undefined;
  if (only && ts.isPropertyAssignment(only) && only.name.getText() === "length") {
    return { size: only.initializer, callback };
  }
  return { source, callback };
}

/** The value in a local of its own unless it is one already (a variable or a number). */
export function atomOf(ctx: LowerContext, value: Expr, hint: string): Expr {
  if (value.kind === "var" || value.kind === "num") return value;
  const t = ctx.namer.unique(`${hint}_value`);
  ctx.locals.set(t, "number");
  assignValue(ctx, t, value);
  return v(t);
}

// '[...a, x, ...b]' → 'size = a.length + 1 + b.length; t = alloc(size); at = 0; copy a; t[at] = x; at++; copy b'.
function lowerSpreadLiteral(
  ctx: LowerContext,
  target: string,
  type: ArrayType,
  init: TS.ArrayLiteralExpression,
): boolean {
  const { ts } = ctx;
  const parts = init.elements.map((e): Part | undefined =>
    ts.isSpreadElement(e) ? spreadPart(ctx, e.expression) : { value: lowerAtom(ctx, e, target) },
  );
  return fillFromParts(ctx, target, type, parts);
}

/** One piece of a new array: the elements of an array spread into it, or one value. */
type Part = { readonly spread: string } | { readonly value: Expr };

/** An array spread into a new one, built first if it is an expression ('...x.slice(1)'); undefined for a matrix. */
function spreadPart(ctx: LowerContext, node: TS.Expression): Part | undefined {
  const spread = arrayOperand(ctx, node);
  return spread ? { spread } : undefined;
}

/** 'target = new array of the parts' total length', then each part's elements in order. False if a part is not one. */
function fillFromParts(
  ctx: LowerContext,
  target: string,
  type: ArrayType,
  parts: readonly (Part | undefined)[],
): boolean {
  if (parts.some((p) => !p)) return false;
  const pieces = parts as readonly Part[];
  const size = ctx.namer.unique(`${target}_length`);
  ctx.locals.set(size, "number");
  const sizeExpr = pieces.reduce<Expr>((acc, p) => binary("+", acc, "spread" in p ? length(p.spread) : num(1)), num(0));
  emitAssign(ctx, size, sizeExpr);
  emitAssign(ctx, target, alloc(type, v(size)));
  const at = ctx.namer.unique(`${target}_at`);
  ctx.locals.set(at, "number");
  emitAssign(ctx, at, num(0));
  const advance = (): Stmt => ({ kind: "assign", target: at, expr: binary("+", v(at), num(1)), origin: ctx.origin });
  const put = (value: Expr): Stmt => ({
    kind: "store",
    array: target,
    index: v(at),
    value,
    inBounds: true,
    origin: ctx.origin,
  });
  for (const part of pieces) {
    if ("spread" in part) {
      const source = part.spread;
      eachIndex(ctx, source, (k) => ctx.out.push(put(element(ctx, source, k)), advance()));
    } else {
      ctx.out.push(put(part.value), advance());
    }
  }
  return true;
}

/**
 * A position as 'slice' and 'fill' take one, with JavaScript's semantics: truncated toward zero (NaN as 0), a
 * negative one counted from the end, and clamped to [0, size].
 */
export function relativePosition(ctx: LowerContext, arg: TS.Expression, size: Expr, name: string): Expr {
  const value = numberLiteral(ctx.ts, arg);
  const literal = value !== undefined && Number.isSafeInteger(value) ? value : undefined;
  if (literal === 0) return num(0);
  if (literal !== undefined) {
    // 'x.slice(1)', 'x.slice(-2)': only the clamping is left to run.
    const clamped = freshTemp(ctx, name, name, "number");
    const fromEnd = call("Math.max", [binary("-", size, num(-literal)), num(0)]);
    emitAssign(ctx, clamped, literal < 0 ? fromEnd : call("Math.min", [num(literal), size]));
    return v(clamped);
  }
  const given = lowerAtom(ctx, arg, name);
  const whole = freshTemp(ctx, `${name}_whole`, name, "number");
  emitAssign(ctx, whole, call("Math.trunc", [given]));
  const p = v(ctx.namer.unique(`${name}_integer`));
  ctx.locals.set(p.name, "number");
  emitAssign(ctx, p.name, cond(binary("===", v(whole), v(whole)), v(whole), num(0)));
  const clamped = ctx.namer.unique(name);
  ctx.locals.set(clamped, "number");
  const fromEnd = call("Math.max", [binary("+", size, p), num(0)]);
  emitAssign(ctx, clamped, cond(binary("<", p, num(0)), fromEnd, call("Math.min", [p, size])));
  return v(clamped);
}

/** 'target = <new array like source>; for each k: target[k] = source[k]'. */
export function copyArray(ctx: LowerContext, target: string, type: ArrayType, source: string): void {
  emitAssign(ctx, target, alloc(type, length(source)));
  copyElements(ctx, target, source);
}

/** 'for each k of source: target[k] = source[k]', into a target at least as long. */
function copyElements(ctx: LowerContext, target: string, source: string): void {
  eachIndex(ctx, source, (k) =>
    ctx.out.push({
      kind: "store",
      array: target,
      index: v(k),
      value: element(ctx, source, k),
      inBounds: true,
      origin: ctx.origin,
    }),
  );
}

/** The array a typed-array constructor or `from` copies: `new Float64Array(a)`, `Float32Array.from([x, y])`. */
export function copySource(ctx: LowerContext, init: TS.Expression): TS.Expression | undefined {
  const { ts } = ctx;
  const isConstructor = (e: TS.Expression) => ts.isIdentifier(e) && (e.text === "Array" || isTypedArrayName(e.text));
  const only = (args: TS.NodeArray<TS.Expression> | undefined) => (args?.length === 1 ? args[0] : undefined);
  if (ts.isNewExpression(init) && isConstructor(init.expression) && init.expression.getText() !== "Array") {
    const arg = only(init.arguments);
    // 'new Float64Array(n)' with a number is an allocation, not a copy.
    return arg && !(ctx.checker.getTypeAtLocation(arg).flags & ts.TypeFlags.NumberLike) ? arg : undefined;
  }
  if (
    ts.isCallExpression(init) &&
    ts.isPropertyAccessExpression(init.expression) &&
    init.expression.name.text === "from" &&
    isConstructor(init.expression.expression)
  ) {
    return only(init.arguments);
  }
  return undefined;
}
