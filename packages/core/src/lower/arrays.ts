/**
 * Lowering of array expressions: element reads and writes (of vectors and matrix rows), allocations
 * (`new Float64Array(n)`, `new Array(n).fill(0)`), and the names arrays and object fields resolve to.
 */
import type * as TS from "typescript";
import { alloc, binary, index, isMatrixType, num, str, v, type Expr } from "../ir/expr";
import { isArrayType, type Stmt } from "../ir/stmt";
import { Messages } from "../diagnostics/messages";
import { functionName } from "../collect/resolve";
import { recordArrayElement, recordField } from "./records";
import {
  arrayTypeOf,
  emitAssign,
  freshTemp,
  isTypedArrayName,
  symbolOfIdentifier,
  type LowerContext,
  type MatrixRow,
  type ObjectBinding,
} from "./context";
import { compoundOperatorOf } from "./operators";
import { isGlobalObject, lowerAtom, lowerOperands, requireElement, requireNumber, shorten } from "./expressions";
import { filledBeforeRead } from "./holes";
import { arrayOperand, fillLength, zeroFill } from "./arrayMethods";
import { atPosition } from "./arraySearches";
import { thisBinding } from "./methods";
import { assignRow, localMatrixName, matrixOperand, readElement, rowCount, writtenPosition } from "./localMatrices";
import { readOffObjectCall } from "./objectCalls";
import { inPlaceValue, listedRow, listedRowMatrix } from "./matrixLists";
import { columnRow, columnRowMatrix } from "./recordColumns";

/** `node` without its parentheses and non-null assertions (`m[i]!`), which change nothing at run time. */
export function skipParentheses(ts: typeof TS, node: TS.Expression): TS.Expression {
  while (ts.isParenthesizedExpression(node) || ts.isNonNullExpression(node)) node = node.expression;
  return node;
}

/** `node` without its parentheses, non-null assertions and type assertions ('x as number[]', 'satisfies'). */
export function withoutAssertions(ts: typeof TS, node: TS.Expression): TS.Expression {
  let e = skipParentheses(ts, node);
  while (ts.isAsExpression(e) || ts.isSatisfiesExpression(e) || ts.isTypeAssertionExpression(e)) {
    e = skipParentheses(ts, e.expression);
  }
  return e;
}

/** The IR name of an array variable (local, parameter or captured constant), or undefined. */
export function arrayName(ctx: LowerContext, node: TS.Expression): string | undefined {
  const { ts } = ctx;
  // '(x as number[])[0]' reads x's elements: an assertion changes no value.
  node = withoutAssertions(ts, node);
  if (ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node)) {
    const member = resolveMember(ctx, node);
    return typeof member === "string" && isArrayType(ctx.locals.get(member)) ? member : undefined;
  }
  if (!ts.isIdentifier(node)) return undefined;
  const symbol = symbolOfIdentifier(ctx, node);
  const local = symbol && ctx.names.get(symbol);
  // A name for a module constant ('(s, row, i, m) => …' over one) reads the constant.
  const constant =
    local !== undefined && ctx.externals.has(local) && arrayTypeOf(ctx, ctx.checker.getTypeAtLocation(node));
  if (local) return isArrayType(ctx.locals.get(local)) || constant ? local : undefined;
  // A row of a matrix is no array of its own: only its elements and length can be read (matrixRow).
  if (symbol && ctx.rows.has(symbol)) return undefined;
  // Nor is a matrix of an array of matrices, or records that hold matrices: they are read in place.
  if (symbol && inPlaceValue(ctx, symbol)) return undefined;
  if (!arrayTypeOf(ctx, ctx.checker.getTypeAtLocation(node))) return undefined;
  captureExternal(ctx, node, symbol);
  return node.text;
}

/**
 * A variable declared outside the function, read as a constant by its name. The generated code is in the
 * function's module, so a callee inlined from another module cannot read its own module's variables.
 */
export function captureExternal(ctx: LowerContext, node: TS.Identifier, symbol: TS.Symbol | undefined): void {
  const home = ctx.fn.getSourceFile();
  if (ctx.sourceFile !== home && !symbol?.declarations?.some((d) => d.getSourceFile() === home)) {
    const frame = ctx.inlining.find((f) => f.fn.getSourceFile() !== home);
    // An arrow has no name of its own: the call that inlines it ('act.sq', 'double').
    const site = frame?.site && ctx.ts.isCallExpression(frame.site) ? frame.site.expression : undefined;
    const name = (frame && functionName(ctx.ts, frame.fn)) ?? (site && shorten(site.getText()));
    ctx.sink.report(node, Messages.InlinedReadsItsModule, [name ?? "the function", node.text]);
  }
  // outsideNames kept every local off the names read from outside; one that got here would be read instead.
  if (ctx.locals.has(node.text)) throw new Error(`'${node.text}' names both a local and what it reads from outside`);
  ctx.externals.add(node.text);
  ctx.namer.reserve(node.text);
}

// Lowers 'a[i]' into an element read over atoms: 't = a[i]'.
export function lowerElementRead(ctx: LowerContext, node: TS.ElementAccessExpression): Expr {
  const recordRead = recordField(ctx, node) ?? recordArrayElement(ctx, node);
  if (recordRead) return recordRead;
  const offCall = readOffObjectCall(ctx, node);
  if (offCall) return offCall;
  const member = resolveMember(ctx, node);
  if (typeof member === "string" && !isArrayType(ctx.locals.get(member))) return v(member);
  const row = matrixRow(ctx, node.expression);
  if (row) {
    // 'm[i][j]': one element of a matrix.
    requireNumber(ctx, node.argumentExpression);
    return readElement(ctx, row, lowerAtom(ctx, node.argumentExpression, "index"));
  }
  // 'x.map(f)[0]', 'softmax(z)[k]': an array expression read in place.
  const array = vectorName(ctx, node.expression) ?? arrayOperand(ctx, node.expression);
  const tuple = !array && ctx.checker.isTupleType(ctx.checker.getTypeAtLocation(node.expression));
  if (tuple && resolveMember(ctx, node.expression) instanceof Map) {
    // A tuple's elements are variables of their own, named by literal indices.
    ctx.sink.report(node, Messages.TupleComputedIndex, [
      shorten(node.getText(ctx.sourceFile)),
      shorten(node.expression.getText(ctx.sourceFile)),
    ]);
    return num(0);
  }
  const keyed = array ? undefined : fieldByKey(ctx, node);
  if (keyed) return keyed;
  if (!array) {
    // 'a[i]' of an 'ArrayLike<number>', a union of array types: the type is what to change.
    const type = ctx.checker.getTypeAtLocation(node.expression);
    const typed = !arrayTypeOf(ctx, type) && !ctx.checker.isTupleType(type) && type.getNumberIndexType() !== undefined;
    if (typed) {
      const what = [shorten(node.expression.getText(ctx.sourceFile)), ctx.checker.typeToString(type)];
      ctx.sink.report(node.expression, Messages.UnsupportedType, what);
    } else ctx.sink.report(node, Messages.UnsupportedArrayOperation, [shorten(node.getText(ctx.sourceFile))]);
    return num(0);
  }
  requireNumber(ctx, node.argumentExpression);
  return index(array, lowerAtom(ctx, node.argumentExpression, "index"));
}

/**
 * 'p[k]' with k typed a union of string literals naming number fields of p ('k: "w" | "b"'): the key, lowered, the
 * names and the fields' variables, in order; undefined for anything else. `writable`: fields of local objects only
 * (a parameter's number fields are read-only).
 */
function keyedFields(
  ctx: LowerContext,
  node: TS.ElementAccessExpression,
  writable: boolean,
): { key: Expr; names: string[]; fields: string[] } | undefined {
  const base = resolveMember(ctx, node.expression);
  if (!(base instanceof Map)) return undefined;
  const keyType = ctx.checker.getTypeAtLocation(node.argumentExpression);
  const names = (keyType.isUnion() ? keyType.types : [keyType]).map((t) => (t.isStringLiteral() ? t.value : undefined));
  const fields = names.map((name) => (name === undefined ? undefined : base.get(name)));
  const numberField = (field: unknown): field is string =>
    typeof field === "string" && ctx.locals.get(field) === "number" && !(writable && ctx.params.has(field));
  if (fields.length === 0 || !fields.every(numberField)) return undefined;
  return { key: lowerAtom(ctx, node.argumentExpression, "key"), names: names as string[], fields };
}

/** For each field: 'if (key === name) <statements>'. */
function onEachKey(
  ctx: LowerContext,
  keyed: { key: Expr; names: string[]; fields: string[] },
  statements: (field: string) => Stmt[],
): void {
  keyed.fields.forEach((field, k) => {
    const test = binary("===", keyed.key, str(keyed.names[k]));
    ctx.out.push({ kind: "if", test, then: statements(field), else: [], origin: ctx.origin });
  });
}

/** 'p[k]': the field k names, chosen by comparing k with each name ('f = p_b; if (k === "w") f = p_w'). */
function fieldByKey(ctx: LowerContext, node: TS.ElementAccessExpression): Expr | undefined {
  const keyed = keyedFields(ctx, node, false);
  if (!keyed) return undefined;
  const chosen = freshTemp(ctx, "field", "field", "number");
  emitAssign(ctx, chosen, v(keyed.fields[keyed.fields.length - 1]));
  const rest = { ...keyed, names: keyed.names.slice(0, -1), fields: keyed.fields.slice(0, -1) };
  onEachKey(ctx, rest, (field) => [{ kind: "assign", target: chosen, expr: v(field), origin: ctx.origin }]);
  return v(chosen);
}

/**
 * 'p[k] = v', 'p[k] += v' on a local object, k as fieldByKey takes it: the field k names is written, in a branch per
 * name. Undefined for anything else.
 */
export function writeFieldByKey(ctx: LowerContext, node: TS.BinaryExpression): Expr | undefined {
  const { ts } = ctx;
  const target = skipParentheses(ts, node.left);
  if (!ts.isElementAccessExpression(target)) return undefined;
  const keyed = keyedFields(ctx, target, true);
  if (!keyed) return undefined;
  requireNumber(ctx, node.right);
  const value = lowerAtom(ctx, node.right, "field");
  const op =
    node.operatorToken.kind === ts.SyntaxKind.EqualsToken ? undefined : compoundOperatorOf(ts, node.operatorToken.kind);
  const written = freshTemp(ctx, "field_written", "field", "number");
  emitAssign(ctx, written, value);
  onEachKey(ctx, keyed, (field) => {
    const assign = (to: string, expr: Expr): Stmt => ({ kind: "assign", target: to, expr, origin: ctx.origin });
    return op ? [assign(written, binary(op, v(field), value)), assign(field, v(written))] : [assign(field, v(written))];
  });
  return v(written);
}

// Lowers 'a[i] = e' into 'a[i] = atom', and 'a[i] += e' into 't = a[i]; u = t + atom; a[i] = u'.
export function lowerElementWrite(
  ctx: LowerContext,
  target: TS.ElementAccessExpression,
  node: TS.BinaryExpression,
  hint: string,
): Expr {
  const { ts } = ctx;
  const matrix = localMatrixName(ctx, target.expression);
  if (matrix && node.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
    // 'm[i] = row': a whole row of a matrix the function builds.
    assignRow(ctx, matrix, target, node.right);
    return num(0);
  }
  const row = builtRow(ctx, target);
  const array = row?.matrix ?? writableArray(ctx, target);
  if (!array) return num(0);
  const compound = compoundOperatorOf(ts, node.operatorToken.kind);
  if (node.operatorToken.kind !== ts.SyntaxKind.EqualsToken && !compound) {
    ctx.sink.report(node.operatorToken, Messages.UnsupportedOperator, [node.operatorToken.getText(ctx.sourceFile)]);
    return num(0);
  }
  requireNumber(ctx, target.argumentExpression);
  const type = ctx.locals.get(array);
  requireElement(ctx, type, node.right);
  if (compound && type === "boolean[]") {
    ctx.sink.report(node.operatorToken, Messages.UnsupportedOperator, [node.operatorToken.getText(ctx.sourceFile)]);
    return num(0);
  }
  const elementHint = `${array}_i`;
  const [at] = lowerOperands(ctx, [target.argumentExpression], elementHint);
  const position = row ? writtenPosition(ctx, row, at, node) : at;
  if (!compound) {
    // The position as JavaScript read it, row and column, before the right side may change it ('m[k][0] = (k = 1)').
    const [written, value] = lowerOperands(ctx, [position, node.right], elementHint);
    ctx.out.push(elementStore(ctx, array, written, value, row !== undefined));
    return value;
  }
  const current = freshTemp(ctx, `${array}_i`, hint, "number");
  emitAssign(ctx, current, index(array, position));
  // The position as JavaScript read it, before the right side may change it ('b[k] += (k = 1) * x').
  const [written, left, right] = lowerOperands(ctx, [position, v(current), node.right], elementHint);
  const updated = freshTemp(ctx, `${array}_i_new`, hint, "number");
  emitAssign(ctx, updated, binary(compound, left, right));
  ctx.out.push(elementStore(ctx, array, written, v(updated), row !== undefined));
  return v(updated);
}

/**
 * 'a[at] = value'. An element of a matrix the function builds is written in bounds: a row keeps the length it was
 * made with.
 */
function elementStore(ctx: LowerContext, array: string, at: Expr, value: Expr, inBounds: boolean): Stmt {
  const origin = ctx.origin;
  return inBounds
    ? { kind: "store", array, index: at, value, inBounds, origin }
    : { kind: "store", array, index: at, value, origin };
}

/** 'm[i]' (or a name for it) as the target of an element write, where m is a matrix the function builds. */
function builtRow(ctx: LowerContext, target: TS.ElementAccessExpression): MatrixRow | undefined {
  if (!isMatrixRow(ctx, target.expression)) return undefined;
  const row = matrixRow(ctx, target.expression);
  return row && ctx.localMatrices.has(row.matrix) ? row : undefined;
}

/**
 * The array an element write goes into, or a diagnostic. Locals and parameters (the caller's array: the write is the
 * primal's side effect, and the generated code makes it too) can be written; captured arrays cannot.
 */
function writableArray(ctx: LowerContext, target: TS.ElementAccessExpression): string | undefined {
  const array = vectorName(ctx, target.expression);
  if (array !== undefined && ctx.locals.has(array)) return array;
  const name = target.expression.getText(ctx.sourceFile);
  if (array) ctx.sink.report(target, Messages.AssignmentToOuterVariable, [name]);
  else if (writesOutsideMatrix(ctx, target))
    ctx.sink.report(target, Messages.OutsideMatrixWrite, [shorten(target.getText(ctx.sourceFile))]);
  else ctx.sink.report(target, Messages.UnsupportedArrayOperation, [shorten(target.getText(ctx.sourceFile))]);
  return undefined;
}

/**
 * 'A[i] = …', 'A[i][j] = …' or 'row[j] = …' where A, or the matrix the row belongs to, is one the function did not
 * build (a parameter's, a module's): its rows are the caller's arrays, which the generated code reads but does not
 * track writes into.
 */
export function writesOutsideMatrix(ctx: LowerContext, target: TS.ElementAccessExpression): boolean {
  return isOutsideMatrixOrRow(ctx, target.expression);
}

/** A matrix the function did not build, or a row of one ('A', 'A[i]', 'row' for 'const row = A[i]'). */
export function isOutsideMatrixOrRow(ctx: LowerContext, e: TS.Expression): boolean {
  const written = skipParentheses(ctx.ts, e);
  const matrix = rowMatrix(ctx, written);
  if (matrix !== undefined) return !ctx.localMatrices.has(matrix);
  return isMatrixType(arrayTypeOf(ctx, ctx.checker.getTypeAtLocation(written))) && !localMatrixName(ctx, written);
}

/** 'a[i] = value' for a value already lowered to an atom (a destructuring assignment's held value). */
export function lowerElementStore(ctx: LowerContext, target: TS.ElementAccessExpression, value: Expr): void {
  const row = builtRow(ctx, target);
  const array = row?.matrix ?? writableArray(ctx, target);
  if (!array) return;
  requireNumber(ctx, target.argumentExpression);
  const [at] = lowerOperands(ctx, [target.argumentExpression], `${array}_i`);
  ctx.out.push(elementStore(ctx, array, row ? writtenPosition(ctx, row, at, target) : at, value, row !== undefined));
}

/** 'a[i]++', '--a[i]': 't = a[i]; u = t ± 1; a[i] = u'. Returns the old value (postfix) or the new one. */
export function lowerElementIncrement(
  ctx: LowerContext,
  target: TS.ElementAccessExpression,
  increment: boolean,
  postfix: boolean,
  hint: string,
): Expr {
  const row = builtRow(ctx, target);
  const array = row?.matrix ?? writableArray(ctx, target);
  if (!array) return num(0);
  requireNumber(ctx, target.argumentExpression);
  const [at] = lowerOperands(ctx, [target.argumentExpression], `${array}_i`);
  const position = row ? writtenPosition(ctx, row, at, target.parent) : at;
  const current = freshTemp(ctx, `${array}_i`, hint, "number");
  emitAssign(ctx, current, index(array, position));
  const updated = freshTemp(ctx, `${array}_i_new`, hint, "number");
  emitAssign(ctx, updated, binary(increment ? "+" : "-", v(current), num(1)));
  ctx.out.push(elementStore(ctx, array, position, v(updated), row !== undefined));
  return v(postfix ? current : updated);
}

// 'new Float64Array(n)' / 'new Float32Array(n)' / 'new Int32Array(n)': a zero-filled local array.
export function lowerNew(ctx: LowerContext, node: TS.NewExpression): Expr {
  const { ts } = ctx;
  const name = ts.isIdentifier(node.expression) ? node.expression.text : "";
  const args = node.arguments ?? [];
  if (isTypedArrayName(name) && args.length === 1) {
    if (arrayTypeOf(ctx, ctx.checker.getTypeAtLocation(args[0]))) {
      ctx.sink.report(node, Messages.UnsupportedArrayOperation, [shorten(node.getText(ctx.sourceFile))]);
      return num(0);
    }
    requireNumber(ctx, args[0]);
    return alloc(name, lowerAtom(ctx, args[0], "n"));
  }
  // 'const out = new Array<number>(n)' filled by the loop after it: read as zeros, as it is never read as holes.
  if (name === "Array" && isGlobalObject(ctx, node.expression, "Array") && filledBeforeRead(ctx, node)) {
    requireNumber(ctx, args[0]);
    return alloc("number[]", lowerAtom(ctx, args[0], "n"));
  }
  ctx.sink.report(node, Messages.UnsupportedArrayOperation, [shorten(node.getText(ctx.sourceFile))]);
  return num(0);
}

// 'new Array(n).fill(0)', 'Array(n).fill(0)', 'x.slice().fill(0)': a zero-filled local number[] (other fills:
// arrayMethods.ts).
export function zeroFilledArray(ctx: LowerContext, node: TS.CallExpression, hint: string): Expr | undefined {
  const filled = zeroFill(ctx, node);
  if (!filled) return undefined;
  const size = fillLength(ctx, filled, (n) => {
    requireNumber(ctx, n);
    return lowerAtom(ctx, n, hint);
  });
  return alloc("number[]", size);
}

/** 'p.w', 'p.inner.x': the IR variable of a flattened object's field, or a nested object's binding. */
export function resolveMember(ctx: LowerContext, node: TS.Expression): string | ObjectBinding | undefined {
  const { ts } = ctx;
  node = skipParentheses(ts, node);
  if (ts.isIdentifier(node)) {
    const symbol = symbolOfIdentifier(ctx, node);
    return symbol ? ctx.objects.get(symbol) : undefined;
  }
  // 'this' in a method being inlined: the fields of the object it was called on.
  if (node.kind === ts.SyntaxKind.ThisKeyword) return thisBinding(ctx);
  if (ts.isPropertyAccessExpression(node)) {
    const base = resolveMember(ctx, node.expression);
    return base instanceof Map ? base.get(node.name.text) : undefined;
  }
  if (ts.isElementAccessExpression(node)) {
    // A tuple's element: 'p[0]'; a field named by a string: 'p["w"]'.
    const key = node.argumentExpression;
    if (!ts.isNumericLiteral(key) && !ts.isStringLiteralLike(key)) return undefined;
    const base = resolveMember(ctx, node.expression);
    return base instanceof Map ? base.get(key.text) : undefined;
  }
  return undefined;
}

/** A one-dimensional array's IR name (not a matrix, whose rows can only be indexed). */
export function vectorName(ctx: LowerContext, node: TS.Expression): string | undefined {
  const name = arrayName(ctx, node);
  return name && !isMatrix(ctx, name, node) ? name : undefined;
}

/** 'm[i]' where m is a number[][], or a name for such a row: the matrix and the row index (lowered to an atom). */
export function matrixRow(ctx: LowerContext, node: TS.Expression): MatrixRow | undefined {
  const { ts } = ctx;
  node = skipParentheses(ts, node);
  if (ts.isIdentifier(node)) {
    const symbol = symbolOfIdentifier(ctx, node);
    return symbol && ctx.rows.get(symbol);
  }
  const listed = listedRow(ctx, node) ?? columnRow(ctx, node);
  if (listed) return listed;
  const last = rowAt(ctx, node);
  if (last) {
    // 'm.at(-1)': counted from the end when negative, as JavaScript's 'at' counts.
    requireNumber(ctx, last.position);
    return {
      matrix: last.matrix,
      outer: atPosition(ctx, last.position, rowCount(ctx, last.matrix), last.matrix, "row"),
    };
  }
  // 'matmul(a, b)[i]': a matrix expression, built first.
  const built = () => ts.isElementAccessExpression(node) && matrixOperand(ctx, node.expression);
  const matrix = rowOf(ctx, node) ?? built();
  if (!matrix || !ts.isElementAccessExpression(node)) return undefined;
  requireNumber(ctx, node.argumentExpression);
  return { matrix, outer: lowerAtom(ctx, node.argumentExpression, "row") };
}

/** Whether `node` is a row of a matrix, as matrixRow finds it, without lowering its index. */
export function isMatrixRow(ctx: LowerContext, node: TS.Expression): boolean {
  return rowMatrix(ctx, node) !== undefined;
}

/** The IR name of the matrix whose row `node` is, as matrixRow finds it, without lowering the row's index. */
export function rowMatrix(ctx: LowerContext, node: TS.Expression): string | undefined {
  const { ts } = ctx;
  node = skipParentheses(ts, node);
  const symbol = ts.isIdentifier(node) ? symbolOfIdentifier(ctx, node) : undefined;
  return symbol
    ? ctx.rows.get(symbol)?.matrix
    : (listedRowMatrix(ctx, node) ?? columnRowMatrix(ctx, node) ?? rowOf(ctx, node));
}

/** 'm.at(k)' on a matrix: the matrix and k; undefined for anything else. */
function rowAt(ctx: LowerContext, node: TS.Expression): { matrix: string; position: TS.Expression } | undefined {
  const { ts } = ctx;
  if (!ts.isCallExpression(node) || node.arguments.length !== 1 || !ts.isPropertyAccessExpression(node.expression))
    return undefined;
  const access = node.expression;
  const matrix = access.name.text === "at" ? arrayName(ctx, access.expression) : undefined;
  return matrix && isMatrix(ctx, matrix, access.expression) ? { matrix, position: node.arguments[0] } : undefined;
}

/** The matrix of 'm[i]' (or 'm.at(i)'); undefined for anything else. */
function rowOf(ctx: LowerContext, node: TS.Expression): string | undefined {
  const at = rowAt(ctx, node);
  if (at) return at.matrix;
  if (!ctx.ts.isElementAccessExpression(node)) return undefined;
  const matrix = arrayName(ctx, node.expression);
  return matrix && isMatrix(ctx, matrix, node.expression) ? matrix : undefined;
}

/**
 * A matrix row that later statements read through a name ('const row = m[i]', an argument 'dot(m[i], w)'): a row
 * index other than a literal is copied into a variable of its own, so that writing 'i' afterwards moves no row.
 */
export function namedRow(ctx: LowerContext, node: TS.Expression): MatrixRow | undefined {
  const row = matrixRow(ctx, node);
  if (!row || row.outer.kind !== "var" || ctx.ts.isIdentifier(skipParentheses(ctx.ts, node))) return row;
  const at = freshTemp(ctx, `${row.matrix}_row`, "row", "number");
  emitAssign(ctx, at, row.outer);
  return { matrix: row.matrix, outer: v(at) };
}

/** Whether the array `name` (which `node` names) is a matrix: one the function builds, or a 'number[][]'. */
export function isMatrix(ctx: LowerContext, name: string, node: TS.Expression): boolean {
  if (ctx.localMatrices.has(name)) return true;
  const local = ctx.locals.get(name);
  if (local) return isMatrixType(local);
  return isMatrixType(arrayTypeOf(ctx, ctx.checker.getTypeAtLocation(node)));
}
