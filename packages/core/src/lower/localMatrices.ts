/**
 * Matrices the function builds ('const c: number[][] = []', 'Array.from({ length: n }, () => new Array(p).fill(0))',
 * 'x.map((a) => x.map((b) => a * b))', a callee's 'number[][]' result), stored flat: the rows one after another in
 * one number[] named after the matrix, and where each row starts in a second one, which ends with where a next row
 * would start (so that it has one entry more than the matrix has rows):
 *   'c[i][j]'    →  'c_start = c_rowStarts[i]; c_at = c_start + j; c[c_at]'
 *   'c.push(r)'  →  each element of r pushed onto c, then 'c.length' onto c_rowStarts
 * Every pass after lowering sees one-dimensional arrays, which it differentiates already. JavaScript would share a
 * row added to a matrix with whatever else names it, where the flat matrix holds a copy; so a row added must be a
 * new array that nothing else names (a copy, a literal, a 'map', a local array declared for it and not used after), or
 * one that nothing writes: lower/matrixSharing.ts checks.
 */
import type * as TS from "typescript";
import { alloc, binary, call, cond, index, isMatrixType, length, num, str, unary, v, type Expr } from "../ir/expr";
import { Messages } from "../diagnostics/messages";
import { functionName } from "../collect/resolve";
import {
  argumentsOf,
  arrayTypeOf,
  collectStmts,
  declareLocal,
  emitAssign,
  freshTemp,
  originOf,
  type LowerContext,
  type MatrixRow,
} from "./context";
import { mentions } from "./arrayAssign";
import {
  arrayOperand,
  bindCallbackParameters,
  eachIndex,
  eachItem,
  element,
  emitPush,
  freshFill,
  fillLength,
  atomOf,
  copySource,
  fromWithCallback,
  inlineCallback,
  lengthOf,
  relativePosition,
  type Item,
  type Walk,
} from "./arrayMethods";
import { arrayName, isMatrix, namedRow, rowMatrix, skipParentheses, withoutAssertions } from "./arrays";
import { patternNames } from "./statements";
import { lowerAtom, requireNumber, shorten } from "./expressions";
import { bindParameters, calledLocalFunction, containsReturn, inCalleeModule, inlinableCall } from "./localFunctions";
import { calleeBody, inlinedCallee, inlineUpToReturn, type ArrayCallee } from "./arrayCalls";
import { raiseStatement } from "./throw";
import { IN_PLACE_REORDERINGS, REORDERINGS, sortedOrder } from "./reorder";
import { newRow, rowNamedAcross, sharesUnwritten } from "./matrixSharing";
import { lowerChoice, refusedChoice } from "./chosenArray";
import { lowerStatements } from "./statements";

/**
 * The IR name of the matrix ('number[][]') `node` is: a name, or a matrix expression ('matmul(a, b)', '[[p, q]]',
 * 'x.map((a) => [a, 1])', 'c ? A : B') built into a new local matrix, as a 'const' naming it would be. Undefined for anything else.
 */
export function matrixOperand(ctx: LowerContext, node: TS.Expression): string | undefined {
  const { ts } = ctx;
  const name = arrayName(ctx, node);
  if (name) return isMatrix(ctx, name, node) ? name : undefined;
  if (!isMatrixExpression(ctx, node)) return undefined;
  const e = withoutAssertions(ts, node);
  const method = ts.isCallExpression(e) && ts.isPropertyAccessExpression(e.expression) ? e.expression : undefined;
  const callee = ts.isCallExpression(e) && ts.isIdentifier(e.expression) ? e.expression.text : undefined;
  const hint =
    method && ts.isIdentifier(method.expression)
      ? `${method.expression.text}_${method.name.text}`
      : `${callee ?? "matrix"}_result`;
  return matrixValue(ctx, e, () => declareMatrix(ctx, undefined, hint));
}

/** Whether `node` is a matrix expression matrixOperand would build ('trace(matmul(a, b))'), without building it. */
export function isMatrixExpression(ctx: LowerContext, node: TS.Expression): boolean {
  const { ts } = ctx;
  const e = withoutAssertions(ts, node);
  const built = ts.isCallExpression(e) || ts.isArrayLiteralExpression(e) || ts.isConditionalExpression(e);
  return built && typedAsMatrix(ctx, e);
}

/** The IR name of a matrix the function builds that `node` names; undefined for anything else. */
export function localMatrixName(ctx: LowerContext, node: TS.Expression): string | undefined {
  const name = arrayName(ctx, node);
  return name !== undefined && ctx.localMatrices.has(name) ? name : undefined;
}

/** A new empty matrix, '[]': its rows' array and its row starts, '[0]'. */
export function declareMatrix(ctx: LowerContext, symbol: TS.Symbol | undefined, source: string): string {
  const matrix = declareLocal(ctx, symbol, source, "number[]");
  const starts = declareLocal(ctx, undefined, `${matrix}_rowStarts`, "number[]");
  ctx.localMatrices.set(matrix, starts);
  emitAssign(ctx, matrix, alloc("number[]", num(0)));
  emitAssign(ctx, starts, alloc("number[]", num(1)));
  return matrix;
}

/**
 * Element `at` (an atom) of a row, where `at` is one of the row's indices (a walk over the row): 'm[outer][at]', or
 * in a matrix the function builds, its flat element.
 */
export function rowElement(ctx: LowerContext, row: MatrixRow, at: Expr): Expr {
  return ctx.localMatrices.has(row.matrix)
    ? index(row.matrix, flatPosition(ctx, row, at))
    : index(row.matrix, at, row.outer);
}

/**
 * Element `at` of a row where `at` is any number ('m[i][j]' as the program reads it). Outside a row of a matrix the
 * function builds, the flat position would be another row's: the read goes to position -1 instead, undefined as
 * JavaScript's read past a row's end is (NaN in arithmetic; its adjoint lands on no element).
 */
export function readElement(ctx: LowerContext, row: MatrixRow, at: Expr): Expr {
  if (!ctx.localMatrices.has(row.matrix)) return index(row.matrix, at, row.outer);
  const position = flatPosition(ctx, row, at);
  const checked = freshTemp(ctx, `${row.matrix}_inRow`, "at", "number");
  emitAssign(ctx, checked, cond(insideRow(ctx, row, at, position), position, num(-1)));
  return index(row.matrix, v(checked));
}

/**
 * The flat position element `at` of a row of a matrix the function builds is written at; outside the row the
 * generated code throws a RangeError (JavaScript would lengthen the row, or throw for a row that does not exist).
 */
export function writtenPosition(ctx: LowerContext, row: MatrixRow, at: Expr, written: TS.Node): Expr {
  const position = flatPosition(ctx, row, at);
  const text = `'${shorten(written.getText(ctx.sourceFile))}' writes outside its row of '${row.matrix}': Cotangent stores the rows one after another, each keeping the length it was made with`;
  const raise = raiseStatement(ctx, "RangeError", [str(text)]);
  const outside = unary("!", insideRow(ctx, row, at, position));
  ctx.out.push({ kind: "if", test: outside, then: [raise], else: [], origin: ctx.origin });
  return position;
}

/** 'at >= 0 && position < m_rowStarts[outer + 1]': the position is in the row (NaN, for a missing row, is not). */
function insideRow(ctx: LowerContext, row: MatrixRow, at: Expr, position: Expr): Expr {
  return binary("&&", binary(">=", at, num(0)), binary("<", position, rowEnd(ctx, row)));
}

/** Where a row of a matrix the function builds ends: 'm_rowStarts[outer + 1]' (undefined for a missing row). */
function rowEnd(ctx: LowerContext, row: MatrixRow): Expr {
  const next = freshTemp(ctx, `${row.matrix}_next`, "row", "number");
  emitAssign(ctx, next, binary("+", row.outer, num(1)));
  const end = freshTemp(ctx, `${row.matrix}_rowEnd`, "end", "number");
  emitAssign(ctx, end, index(ctx.localMatrices.get(row.matrix) as string, v(next)));
  return v(end);
}

/** Where element `at` of a row of a matrix the function builds is in its flat array: 'm_rowStarts[outer] + at'. */
export function flatPosition(ctx: LowerContext, row: MatrixRow, at: Expr): Expr {
  const starts = ctx.localMatrices.get(row.matrix) as string;
  const start = freshTemp(ctx, `${row.matrix}_start`, "start", "number");
  emitAssign(ctx, start, index(starts, row.outer));
  if (at.kind === "num" && at.value === 0) return v(start);
  const position = freshTemp(ctx, `${row.matrix}_at`, "at", "number");
  emitAssign(ctx, position, binary("+", v(start), at));
  return v(position);
}

/** 'm[i].length': the next row's start less the row's own in a matrix the function builds. */
export function rowLength(ctx: LowerContext, row: MatrixRow): Expr {
  const starts = ctx.localMatrices.get(row.matrix);
  if (!starts) return length(row.matrix, row.outer);
  const end = rowEnd(ctx, row);
  const start = freshTemp(ctx, `${row.matrix}_start`, "start", "number");
  emitAssign(ctx, start, index(starts, row.outer));
  const size = freshTemp(ctx, `${row.matrix}_rowLength`, "length", "number");
  emitAssign(ctx, size, binary("-", end, v(start)));
  return v(size);
}

/** 'm.length': how many rows a matrix has. */
export function rowCount(ctx: LowerContext, matrix: string): Expr {
  const starts = ctx.localMatrices.get(matrix);
  return starts ? binary("-", length(starts), num(1)) : length(matrix);
}

/** eachIndex over a matrix's rows: over its row starts but the last, for a matrix the function builds. */
export function eachRow(ctx: LowerContext, matrix: string, body: (k: string) => void, walk: Walk = {}): void {
  const starts = ctx.localMatrices.get(matrix);
  if (!starts) return eachIndex(ctx, matrix, body, walk);
  const rows = walk.downward ? { skip: (walk.skip ?? 0) + 1 } : { to: walk.to ?? rowCount(ctx, matrix) };
  eachIndex(ctx, starts, body, { ...walk, ...rows, counter: matrix });
}

/** The row `node` is ('m[i]', a name for one) of a matrix the function builds, its index lowered; else undefined. */
export function builtRowOf(ctx: LowerContext, node: TS.Expression): MatrixRow | undefined {
  const matrix = rowMatrix(ctx, node);
  return matrix !== undefined && ctx.localMatrices.has(matrix) ? namedRow(ctx, node) : undefined;
}

/** 'm[i].fill(v)', 'row.fill(v, start, end)' on a row of a matrix the function builds: its elements written. */
export function fillRow(ctx: LowerContext, row: MatrixRow, node: TS.CallExpression): void {
  const [value, start, end] = node.arguments;
  if (!value || node.arguments.length > 3) {
    ctx.sink.report(node, Messages.UnsupportedArrayOperation, [shorten(node.getText(ctx.sourceFile))]);
    return;
  }
  requireNumber(ctx, value);
  const filled = lowerAtom(ctx, value, `${row.matrix}_fill`);
  const size = rowLength(ctx, row);
  const from = start && relativePosition(ctx, start, size, `${row.matrix}_start`);
  const to = end ? relativePosition(ctx, end, size, `${row.matrix}_end`) : size;
  eachIndex(
    ctx,
    row.matrix,
    (k) => {
      const position = flatPosition(ctx, row, v(k));
      ctx.out.push({
        kind: "store",
        array: row.matrix,
        index: position,
        value: filled,
        inBounds: true,
        origin: ctx.origin,
      });
    },
    { from, to, counter: `${row.matrix}_row` },
  );
}

/**
 * 'm[m.length - 1].push(v)': values appended to the last row of a matrix the function builds (a ragged row grown in
 * place), which moves its end. Onto another row the generated code throws a RangeError: the rows after it would
 * move. Returns the row's new length, as 'push' does.
 */
export function pushOntoLastRow(ctx: LowerContext, row: MatrixRow, node: TS.CallExpression, hint: string): Expr {
  const starts = ctx.localMatrices.get(row.matrix) as string;
  const rows = freshTemp(ctx, `${row.matrix}_rows`, "rows", "number");
  emitAssign(ctx, rows, rowCount(ctx, row.matrix));
  const text = `'${shorten(node.getText(ctx.sourceFile))}' pushes onto a row of '${row.matrix}' other than the last: Cotangent stores the rows one after another`;
  const raise = raiseStatement(ctx, "RangeError", [str(text)]);
  const last = binary("-", v(rows), num(1));
  ctx.out.push({ kind: "if", test: binary("!==", row.outer, last), then: [raise], else: [], origin: ctx.origin });
  node.arguments.forEach((arg) => requireNumber(ctx, arg));
  const values = node.arguments.map((arg) => lowerAtom(ctx, arg, hint));
  values.forEach((value) => emitPush(ctx, row.matrix, value));
  const end = freshTemp(ctx, `${row.matrix}_end`, "end", "number");
  emitAssign(ctx, end, length(row.matrix));
  ctx.out.push({ kind: "store", array: starts, index: v(rows), value: v(end), inBounds: true, origin: ctx.origin });
  return rowLength(ctx, row);
}

/**
 * 'const [first, second] = m': each name a row of the matrix (a parameter's or one the function builds), as
 * 'const first = m[0]' names it. False for another pattern or value.
 */
export function bindMatrixRows(ctx: LowerContext, pattern: TS.ArrayBindingPattern, init: TS.Expression): boolean {
  const names = patternNames(ctx.ts, pattern);
  if (!names || !isMatrixType(arrayTypeOf(ctx, ctx.checker.getTypeAtLocation(init)))) return false;
  const matrix = matrixOperand(ctx, init);
  if (!matrix) return false;
  names.forEach((name, k) => {
    const symbol = name && ctx.checker.getSymbolAtLocation(name);
    if (symbol) ctx.rows.set(symbol, { matrix, outer: num(k) });
  });
  return true;
}

/** 'm.push(row)': the row's elements appended, then where the next row would start. */
function appendRow(ctx: LowerContext, matrix: string, row: string): void {
  eachIndex(ctx, row, (k) => emitPush(ctx, matrix, element(ctx, row, k)));
  closeRow(ctx, matrix);
}

/** Ends the row just appended to a matrix the function builds: where the next row would start, its length now. */
function closeRow(ctx: LowerContext, matrix: string): void {
  const end = freshTemp(ctx, `${matrix}_end`, "end", "number");
  emitAssign(ctx, end, length(matrix));
  emitPush(ctx, ctx.localMatrices.get(matrix) as string, v(end));
}

/** 'm.push(r, …)' on a matrix the function builds: each argument, a new array, appended as a row. */
export function pushRows(ctx: LowerContext, matrix: string, rows: readonly TS.Expression[]): void {
  for (const arg of rows) addRow(ctx, matrix, arg);
}

/**
 * Appends the row an expression makes: a literal's values ('[a, b]') and a filled row ('new Array(n).fill(0)') go
 * straight into the matrix, any other new array is built first and copied.
 */
function addRow(ctx: LowerContext, matrix: string, node: TS.Expression): void {
  const { ts } = ctx;
  const e = skipParentheses(ts, node);
  if (ts.isArrayLiteralExpression(e) && !e.elements.some((element) => ts.isSpreadElement(element))) {
    e.elements.forEach((element) => requireNumber(ctx, element));
    const values = e.elements.map((element) => lowerAtom(ctx, element, `${matrix}_value`));
    values.forEach((value) => emitPush(ctx, matrix, value));
    return closeRow(ctx, matrix);
  }
  const filled = freshFill(ctx, e);
  if (filled) {
    requireNumber(ctx, filled.value);
    const size = fillLength(ctx, filled, (n) => arrayLength(ctx, n, `${matrix}_columns`));
    const value = lowerAtom(ctx, filled.value, `${matrix}_value`);
    eachIndex(ctx, matrix, () => emitPush(ctx, matrix, value), { to: size, counter: `${matrix}_column` });
    return closeRow(ctx, matrix);
  }
  const row = newRow(ctx, node, matrix);
  if (row) appendRow(ctx, matrix, row);
}

/**
 * 'm[i] = row' on a matrix the function builds, with the row a new array: added at the end when i is the number of
 * rows ('dp[i] = new Array(n + 1).fill(0)' filling 'const dp: number[][] = []'), or copied over row i when they have
 * the same length. Anything else would move the rows after it: the generated code throws a RangeError. A name for
 * one of the matrix's rows that is in scope would go on naming the old row in JavaScript: refused (TS990078).
 */
export function assignRow(ctx: LowerContext, matrix: string, target: TS.ElementAccessExpression, value: TS.Expression) {
  if (rowNamedAcross(ctx, matrix, target.parent)) return;
  requireNumber(ctx, target.argumentExpression);
  const at = lowerAtom(ctx, target.argumentExpression, `${matrix}_row`);
  const row = newRow(ctx, value, matrix);
  if (!row) return;
  const rows = freshTemp(ctx, `${matrix}_rows`, "rows", "number");
  emitAssign(ctx, rows, rowCount(ctx, matrix));
  const append = collectStmts(ctx, () => appendRow(ctx, matrix, row));
  const replace = collectStmts(ctx, () => {
    const size = rowLength(ctx, { matrix, outer: at });
    const text = `Cotangent stores the rows of '${matrix}' one after another: a row can be replaced by one as long, or added at the end`;
    const raise = raiseStatement(ctx, "RangeError", [str(text)]);
    ctx.out.push({ kind: "if", test: binary("!==", length(row), size), then: [raise], else: [], origin: ctx.origin });
    eachIndex(ctx, row, (k) => {
      const position = flatPosition(ctx, { matrix, outer: at }, v(k));
      const value = element(ctx, row, k);
      ctx.out.push({ kind: "store", array: matrix, index: position, value, inBounds: true, origin: ctx.origin });
    });
  });
  ctx.out.push({ kind: "if", test: binary("===", at, v(rows)), then: append, else: replace, origin: ctx.origin });
}

/**
 * '[m[i], m[j]] = [m[j], m[i]]' on a matrix the function builds (a pivot in an elimination): the two rows swapped
 * (swapMatrixRows). False for any other destructuring assignment.
 */
export function swapRows(ctx: LowerContext, node: TS.BinaryExpression): boolean {
  const { ts } = ctx;
  const left = skipParentheses(ts, node.left);
  const right = skipParentheses(ts, node.right);
  if (!ts.isArrayLiteralExpression(left) || !ts.isArrayLiteralExpression(right)) return false;
  const rows = [...left.elements, ...right.elements].map((e) => skipParentheses(ts, e as TS.Expression));
  if (rows.length !== 4 || !rows.every((e): e is TS.ElementAccessExpression => ts.isElementAccessExpression(e)))
    return false;
  const text = (k: number) => rows[k].getText(ctx.sourceFile);
  const crossed = text(0) === text(3) && text(1) === text(2);
  return crossed && swapMatrixRows(ctx, node, rows[0], rows[1]);
}

/**
 * 'const t = m[i]; m[i] = m[j]; m[j] = t;' at `statements[k]` on a matrix the function builds, 't' read nowhere
 * else: the swap '[m[i], m[j]] = [m[j], m[i]]' written through a temporary, lowered as that one is. Longer chains
 * ('const t = m[0]; m[0] = m[1]; m[1] = m[2]; m[2] = t;') rotate the rows, lowered as the swaps of each neighbouring
 * pair in turn, which move the rows as the chain does. How many statements it took, or 0 for anything else.
 */
export function lowerRowSwapAt(ctx: LowerContext, statements: readonly TS.Statement[], k: number): number {
  const { ts } = ctx;
  const s0 = statements[k];
  if (!s0 || !ts.isVariableStatement(s0)) return 0;
  const [declaration, ...rest] = s0.declarationList.declarations;
  const init = declaration?.initializer && skipParentheses(ts, declaration.initializer);
  const temp = ts.isIdentifier(declaration.name) ? ctx.checker.getSymbolAtLocation(declaration.name) : undefined;
  if (rest.length > 0 || !temp || !init || !ts.isElementAccessExpression(init)) return 0;
  const assignment = (s: TS.Statement | undefined) => {
    const e = s && ts.isExpressionStatement(s) ? skipParentheses(ts, s.expression) : undefined;
    return e && ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.EqualsToken ? e : undefined;
  };
  const same = (a: TS.Node, b: TS.Node) => a.getText(ctx.sourceFile) === b.getText(ctx.sourceFile);
  // The rows the chain names in turn: each move fills the row the one before emptied, until the temporary returns.
  const rows: TS.ElementAccessExpression[] = [init];
  let end = k + 1;
  for (; ; end++) {
    const move = assignment(statements[end]);
    const [left, right] = move ? [skipParentheses(ts, move.left), skipParentheses(ts, move.right)] : [];
    if (!left || !right || !same(left, rows[rows.length - 1])) return 0;
    if (ts.isIdentifier(right) && ctx.checker.getSymbolAtLocation(right) === temp) break;
    if (!ts.isElementAccessExpression(right)) return 0;
    rows.push(right);
  }
  const elsewhere = statements.some((s, i) => (i < k || i > end) && mentions(ctx, s, temp));
  const matrix = rows.length > 1 && !elsewhere ? swappableRows(ctx, rows) : undefined;
  if (!matrix) return 0;
  const savedOrigin = ctx.origin;
  ctx.origin = originOf(ctx, s0);
  try {
    // Reported, and named in a RangeError, at the first move, as a swap is.
    const first = assignment(statements[k + 1]) as TS.BinaryExpression;
    if (!rowNamedAcross(ctx, matrix, first)) {
      for (let r = 1; r < rows.length; r++) swapRowsOf(ctx, matrix, first, rows[r - 1], rows[r]);
    }
    return end - k + 1;
  } finally {
    ctx.origin = savedOrigin;
  }
}

/**
 * The matrix whose rows `rows` all are, one the function builds, at indices with no effects (so that each is read
 * once here, as JavaScript reads each of them twice); undefined otherwise.
 */
function swappableRows(ctx: LowerContext, rows: readonly TS.ElementAccessExpression[]): string | undefined {
  const { ts } = ctx;
  const matrix = localMatrixName(ctx, rows[0].expression);
  const arithmetic = [ts.SyntaxKind.PlusToken, ts.SyntaxKind.MinusToken, ts.SyntaxKind.AsteriskToken];
  const pure = (e: TS.Expression): boolean =>
    ts.isIdentifier(e) ||
    ts.isNumericLiteral(e) ||
    (ts.isBinaryExpression(e) && arithmetic.includes(e.operatorToken.kind) && pure(e.left) && pure(e.right)) ||
    (ts.isParenthesizedExpression(e) && pure(e.expression));
  const fits = (row: TS.ElementAccessExpression) =>
    localMatrixName(ctx, row.expression) === matrix && pure(row.argumentExpression);
  return matrix !== undefined && rows.every(fits) ? matrix : undefined;
}

/**
 * Rows `a` and `b` of a matrix the function builds swapped in place, element by element, as JavaScript's swap of the
 * two arrays reads when they are as long (the generated code throws a RangeError otherwise). False, having lowered
 * nothing, unless both are rows of one such matrix at indices with no effects.
 */
function swapMatrixRows(
  ctx: LowerContext,
  node: TS.Node,
  a: TS.ElementAccessExpression,
  b: TS.ElementAccessExpression,
): boolean {
  const matrix = swappableRows(ctx, [a, b]);
  if (!matrix) return false;
  if (!rowNamedAcross(ctx, matrix, node)) swapRowsOf(ctx, matrix, node, a, b);
  return true;
}

/** Rows `a` and `b` of `matrix` swapped, element by element: 'if (sizes differ) throw RangeError; for (k…) swap'. */
function swapRowsOf(
  ctx: LowerContext,
  matrix: string,
  node: TS.Node,
  a: TS.ElementAccessExpression,
  b: TS.ElementAccessExpression,
): void {
  const [first, second] = [a, b].map((row): MatrixRow => {
    requireNumber(ctx, row.argumentExpression);
    return { matrix, outer: lowerAtom(ctx, row.argumentExpression, `${matrix}_row`) };
  });
  const size = rowLength(ctx, first);
  const message = `'${shorten(node.getText(ctx.sourceFile))}' swaps rows of '${matrix}' of different lengths: Cotangent stores the rows one after another`;
  const raise = raiseStatement(ctx, "RangeError", [str(message)]);
  ctx.out.push({
    kind: "if",
    test: binary("!==", size, rowLength(ctx, second)),
    then: [raise],
    else: [],
    origin: ctx.origin,
  });
  eachIndex(
    ctx,
    matrix,
    (k) => {
      const [p, q] = [first, second].map((row) => flatPosition(ctx, row, v(k)));
      const [a, b] = [p, q].map((position) => {
        const value = freshTemp(ctx, `${matrix}_swapped`, "swapped", "number");
        emitAssign(ctx, value, index(matrix, position));
        return v(value);
      });
      ctx.out.push({ kind: "store", array: matrix, index: p, value: b, inBounds: true, origin: ctx.origin });
      ctx.out.push({ kind: "store", array: matrix, index: q, value: a, inBounds: true, origin: ctx.origin });
    },
    { to: size, counter: `${matrix}_swap` },
  );
}

/**
 * 'const m = <matrix expression>' for a matrix the function builds: a literal of rows, 'Array.from', a 'map' whose
 * callback returns rows, or a call of a function returning one (inlined: m names the matrix it returns).
 */
export function lowerMatrixInit(ctx: LowerContext, symbol: TS.Symbol | undefined, source: string, init: TS.Expression) {
  const matrix = matrixValue(ctx, init, () => declareMatrix(ctx, symbol, source));
  if (matrix && symbol) ctx.names.set(symbol, matrix);
}

/**
 * The IR name of the matrix an expression is: a name, the result of an inlined call, or a new matrix that `declare`
 * makes and this fills. Undefined after a diagnostic.
 */
export function matrixValue(ctx: LowerContext, init: TS.Expression, declare: () => string): string | undefined {
  const e = withoutAssertions(ctx.ts, init);
  const named = arrayName(ctx, e);
  if (named) return named;
  const callee = matrixCallee(ctx, e);
  if (callee) return inlineMatrixCall(ctx, callee);
  const matrix = declare();
  if (!fillMatrix(ctx, matrix, e)) {
    ctx.sink.report(init, Messages.UnsupportedArrayOperation, [shorten(init.getText(ctx.sourceFile))]);
  }
  return matrix;
}

/** Appends the rows of a matrix expression to an empty matrix; false for an expression of no known form. */
function fillMatrix(ctx: LowerContext, matrix: string, e: TS.Expression): boolean {
  const { ts } = ctx;
  if (ts.isConditionalExpression(e)) {
    // 'c ? A : B': the rows of the matrix chosen, in the branch taken (lower/chosenArray.ts).
    if (refusedChoice(ctx, e, true)) return true;
    // refusedChoice found nothing writing either matrix, through any name: a copy of the rows reads the same.
    return lowerChoice(ctx, e, (branch) =>
      arrayName(ctx, branch)
        ? copyRows(ctx, matrix, branch, undefined, () => true)
        : fillMatrix(ctx, matrix, withoutAssertions(ts, branch)),
    );
  }
  if (ts.isArrayLiteralExpression(e)) {
    // '[...a, row]': a's rows, then the row.
    for (const element of e.elements) {
      if (!ts.isSpreadElement(element)) addRow(ctx, matrix, element);
      else if (!copyRows(ctx, matrix, element.expression, e, () => true)) return false;
    }
    return true;
  }
  if (
    ts.isCallExpression(e) &&
    ts.isPropertyAccessExpression(e.expression) &&
    typedAsMatrix(ctx, e.expression.expression)
  ) {
    // 'a.slice(1)', 'a.filter((row) => …)': some of a's rows, in order.
    const [first, second] = e.arguments;
    const source = e.expression.expression;
    if (e.expression.name.text === "slice" && e.arguments.length <= 2) {
      return copyRows(ctx, matrix, source, e, (rows) => ({
        from: first && relativePosition(ctx, first, rows, `${matrix}_start`),
        to: second ? relativePosition(ctx, second, rows, `${matrix}_end`) : rows,
      }));
    }
    if (e.expression.name.text === "filter" && e.arguments.length === 1) {
      return copyRows(ctx, matrix, source, e, () => true, first);
    }
  }
  // 'm.toSorted(cmp)', 'm.slice().sort(cmp)', '[...m].reverse()': a new matrix, reordered.
  if (
    ts.isCallExpression(e) &&
    ts.isPropertyAccessExpression(e.expression) &&
    REORDERINGS.has(e.expression.name.text)
  ) {
    const name = e.expression.name.text;
    const receiver = e.expression.expression;
    const copying = !IN_PLACE_REORDERINGS.has(name);
    // An in-place method's receiver must be built here: a named one would be reordered under its own name too.
    if (!copying && arrayName(ctx, receiver)) return false;
    const filled = copying ? copyRows(ctx, matrix, receiver, e, () => true) : fillMatrix(ctx, matrix, receiver);
    if (filled) reorderRows(ctx, matrix, name === "toSorted" || name === "sort" ? "sort" : "reverse", e.arguments, e);
    return filled;
  }
  // 'Array.from(a)': all of a's rows.
  const copied = copySource(ctx, e);
  if (copied && typedAsMatrix(ctx, copied)) return copyRows(ctx, matrix, copied, e, () => true);
  const from = fromWithCallback(ctx, e);
  if (from && "size" in from) {
    // 'Array.from({ length: n }, (_, i) => row)': n slots, the callback given 'undefined' (read as 0) and the index.
    const rows = lengthOf(ctx, from.size, `${matrix}_rows`);
    eachIndex(ctx, matrix, (k) => addCallbackRow(ctx, matrix, from.callback, [num(0), v(k)]), { to: rows });
    return true;
  }
  if (from) return mapSource(ctx, matrix, from.source, from.callback);
  if (!ts.isCallExpression(e) || !ts.isPropertyAccessExpression(e.expression) || e.arguments.length !== 1) return false;
  if (e.expression.name.text !== "map") return false;
  return mapSource(ctx, matrix, e.expression.expression, e.arguments[0]);
}

/**
 * Rows of the matrix `node` is, appended to `matrix` as copies: JavaScript would share them, which reads the same
 * when nothing writes the rows of either (TS990094 otherwise). `built` is the expression building `matrix`, followed
 * where no name holds it; undefined where the caller found nothing writing the rows. `range` bounds the rows walked,
 * from the number of rows; `keep`, a callback, keeps the rows it holds for ('filter').
 */
function copyRows(
  ctx: LowerContext,
  matrix: string,
  node: TS.Expression,
  built: TS.Expression | undefined,
  range: (rows: Expr) => { from?: Expr; to?: Expr } | true,
  keep?: TS.Expression,
): boolean {
  const source = matrixOperand(ctx, node);
  if (!source) return false;
  if (built && !sharesUnwritten(ctx, source, true, matrix, built)) {
    const named = [...ctx.names.values()].includes(matrix);
    const target = named ? matrix : shorten(built.getText(ctx.sourceFile));
    ctx.sink.report(node, Messages.SharedMatrixRows, [shorten(node.getText(ctx.sourceFile)), target]);
    return true;
  }
  const count = freshTemp(ctx, `${source}_rows`, "rows", "number");
  emitAssign(ctx, count, rowCount(ctx, source));
  const bounds = range(v(count));
  const walk = bounds === true ? { to: v(count) } : { from: bounds.from, to: bounds.to ?? v(count) };
  eachRow(
    ctx,
    source,
    (k) => {
      const row: MatrixRow = { matrix: source, outer: v(k) };
      const kept = keep && inlineCallback(ctx, keep, [row, v(k)], "cond", source);
      const copy = collectStmts(ctx, () => appendRowCopy(ctx, matrix, row));
      if (keep && !kept) return;
      if (kept) ctx.out.push({ kind: "if", test: kept, then: copy, else: [], origin: ctx.origin });
      else ctx.out.push(...copy);
    },
    walk,
  );
  return true;
}

/** A row (of any matrix) appended to a matrix the function builds, element by element. */
function appendRowCopy(ctx: LowerContext, matrix: string, row: MatrixRow): void {
  eachIndex(ctx, row.matrix, (j) => emitPush(ctx, matrix, atomOf(ctx, rowElement(ctx, row, v(j)), matrix)), {
    to: rowLength(ctx, row),
    counter: `${row.matrix}_column`,
  });
  closeRow(ctx, matrix);
}

/**
 * 'm.sort((a, b) => a[0] - b[0])', 'm.reverse()' on a matrix the function builds: its rows copied aside, put in
 * order (a stable merge sort with the comparator given rows, as reorder.ts sorts elements), and copied back. Rows of
 * any lengths move; a name for one of them in scope would go on naming its row in JavaScript (TS990080).
 */
export function reorderRows(
  ctx: LowerContext,
  matrix: string,
  method: string,
  args: readonly TS.Expression[],
  node: TS.Node,
): void {
  if ((method === "sort" && !args[0]) || args.length > (method === "sort" ? 1 : 0)) {
    // Without a comparator JavaScript would compare the rows' strings.
    ctx.sink.report(node, Messages.UnsupportedArrayOperation, [shorten(node.getText(ctx.sourceFile))]);
    return;
  }
  if (rowNamedAcross(ctx, matrix, node)) return;
  const before = declareMatrix(ctx, undefined, `${matrix}_before`);
  eachRow(ctx, matrix, (k) => appendRowCopy(ctx, before, { matrix, outer: v(k) }));
  const order = method === "sort" ? sortedOrder(ctx, before, args[0], true) : undefined;
  const count = freshTemp(ctx, `${before}_rows`, "rows", "number");
  emitAssign(ctx, count, rowCount(ctx, before));
  emitAssign(ctx, matrix, alloc("number[]", num(0)));
  emitAssign(ctx, ctx.localMatrices.get(matrix) as string, alloc("number[]", num(1)));
  eachIndex(
    ctx,
    matrix,
    (k) => {
      const from = freshTemp(ctx, `${matrix}_from`, "from", "number");
      const last = binary("-", binary("-", v(count), num(1)), v(k));
      emitAssign(ctx, from, order ? index(order, v(k)) : last);
      appendRowCopy(ctx, matrix, { matrix: before, outer: v(from) });
    },
    { to: v(count), counter: `${matrix}_reordered` },
  );
}

/** 'source.map(callback)' into a matrix: a row for each element of an array, row of a matrix, or counted slot. */
function mapSource(ctx: LowerContext, matrix: string, source: TS.Expression, callback: TS.Expression): boolean {
  // 'Array(n).fill(0).map(…)', '[...Array(n)].map(…)': only how many elements there are matters.
  const count = spreadCount(ctx, source) ?? freshFill(ctx, source)?.size;
  if (count) {
    const rows = arrayLength(ctx, count, `${matrix}_rows`);
    eachIndex(ctx, matrix, (k) => addCallbackRow(ctx, matrix, callback, [num(0), v(k)]), { to: rows });
    return true;
  }
  const rows = typedAsMatrix(ctx, source) ? matrixOperand(ctx, source) : undefined;
  if (rows) {
    const walked = { array: rows, rows: true };
    eachItem(ctx, walked, (k) => addCallbackRow(ctx, matrix, callback, [{ matrix: rows, outer: v(k) }, v(k)], rows));
    return true;
  }
  const array = arrayOperand(ctx, source);
  if (!array) return false;
  const walked = { array, rows: false };
  eachItem(ctx, walked, (k) => addCallbackRow(ctx, matrix, callback, [element(ctx, array, k), v(k)], array));
  return true;
}

/**
 * 'n' of 'new Array(n)' made in place (a row's length, a count of rows): JavaScript throws a RangeError for a length
 * that is no array length ('new Array(2.5)'), and so does the generated code.
 */
function arrayLength(ctx: LowerContext, node: TS.Expression, hint: string): Expr {
  requireNumber(ctx, node);
  const size = lowerAtom(ctx, node, hint);
  const valid = binary("&&", binary(">=", size, num(0)), binary("===", call("Math.floor", [size]), size));
  const raise = raiseStatement(ctx, "RangeError", [str("Invalid array length")]);
  ctx.out.push({ kind: "if", test: unary("!", valid), then: [raise], else: [], origin: ctx.origin });
  return size;
}

/** '[...Array(n)]', '[...new Array(n)]': n slots with nothing in them; their count. */
function spreadCount(ctx: LowerContext, e: TS.Expression): TS.Expression | undefined {
  const { ts } = ctx;
  if (!ts.isArrayLiteralExpression(e) || e.elements.length !== 1 || !ts.isSpreadElement(e.elements[0]))
    return undefined;
  const spread = skipParentheses(ts, e.elements[0].expression);
  const created = ts.isCallExpression(spread) || ts.isNewExpression(spread) ? spread : undefined;
  const args = created?.arguments ?? [];
  const isArray = created && ts.isIdentifier(created.expression) && created.expression.text === "Array";
  return isArray && args.length === 1 && !arrayName(ctx, args[0]) ? args[0] : undefined;
}

/** Inlines a callback returning a row, and appends the row. */
function addCallbackRow(
  ctx: LowerContext,
  matrix: string,
  callback: TS.Expression,
  args: readonly Item[],
  array?: string,
): void {
  const { ts } = ctx;
  let fn: TS.Expression | TS.FunctionDeclaration = skipParentheses(ts, callback);
  fn = calledLocalFunction(ctx, fn) ?? fn;
  const inline = ts.isArrowFunction(fn) || ts.isFunctionExpression(fn) || ts.isFunctionDeclaration(fn) ? fn : undefined;
  const body = inline?.body;
  const statements = body && ts.isBlock(body) ? body.statements : [];
  const last = statements[statements.length - 1];
  const returned = body && !ts.isBlock(body) ? body : last && ts.isReturnStatement(last) ? last.expression : undefined;
  const earlyReturn = statements.slice(0, -1).some((s) => containsReturn(ts, s));
  if (!inline || !returned || earlyReturn) {
    ctx.sink.report(callback, Messages.UnsupportedArrayOperation, [shorten(callback.getText(ctx.sourceFile))]);
    return;
  }
  bindCallbackParameters(ctx, inline, args, array);
  lowerStatements(ctx, statements.slice(0, -1));
  addRow(ctx, matrix, returned);
}

function typedAsMatrix(ctx: LowerContext, node: TS.Expression): boolean {
  return isMatrixType(arrayTypeOf(ctx, ctx.checker.getTypeAtLocation(node)));
}

/** A call of a function returning 'number[][]' whose source Cotangent can inline. */
function matrixCallee(ctx: LowerContext, node: TS.Expression): ArrayCallee | undefined {
  const callee = inlinedCallee(ctx, node);
  const signature = callee && ctx.checker.getSignatureFromDeclaration(callee.fn);
  const returned = signature && ctx.checker.getReturnTypeOfSignature(signature);
  const type = returned && arrayTypeOf(ctx, returned);
  return callee && isMatrixType(type) ? { ...callee, type } : undefined;
}

/**
 * Inlines a call returning a matrix: the IR name of the matrix its single final 'return' gives, a parameter's or
 * one it builds. A function with several returns is refused: each would fill one result, row by row.
 */
function inlineMatrixCall(ctx: LowerContext, callee: ArrayCallee): string | undefined {
  const { ts } = ctx;
  const name = functionName(ts, callee.fn) ?? "callee";
  const body = calleeBody(ts, callee.fn);
  if (!body.returned) {
    ctx.sink.report(callee.site, Messages.UnsupportedArrayOperation, [shorten(callee.site.getText(ctx.sourceFile))]);
    return undefined;
  }
  if (!inlinableCall(ctx, callee.fn, callee.site)) return undefined;
  bindParameters(ctx, callee.fn.parameters, argumentsOf(ts, callee.site));
  const returned = { ...body, returned: body.returned };
  return inCalleeModule(ctx, callee.fn, () =>
    inlineUpToReturn(ctx, callee, returned, (value) =>
      matrixValue(ctx, value, () => declareMatrix(ctx, undefined, `${name}_result`)),
    ),
  );
}
