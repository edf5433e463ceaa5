/**
 * Arrays of matrices ('Ws: number[][][]', 'Float64Array[][]': a network's weight matrices layer by layer), read in
 * place. The wrappers give the generated functions every matrix's rows one after another ('Ws_rows', the same row
 * objects, a matrix that is differentiated as any other) and where each matrix's rows start ('Ws_starts', an
 * Int32Array one entry longer than Ws); a gradient's rows are grouped back into matrices (runtime matrixLists.ts).
 *   'Ws[l][i][j]'   →  'Ws_first = Ws_starts[l]; Ws_row = Ws_first + i; Ws_rows[Ws_row][j]'
 *   'Ws[l].length'  →  'Ws_after = l + 1; Ws_end = Ws_starts[Ws_after]; Ws_count = Ws_end - Ws_first'
 *   'Ws.length'     →  'Ws_starts.length - 1'
 * One matrix of the array ('const W = Ws[l]', 'for (const W of Ws)', a helper's 'W: number[][]' given 'Ws[l]') is a
 * name for where its rows start: every pass after lowering sees one matrix and integer data.
 */
import type * as TS from "typescript";
import { binary, index, isMatrixType, length, num, v, type Expr, type MatrixType } from "../ir/expr";
import {
  arrayTypeOf,
  emitAssign,
  freshTemp,
  symbolOfIdentifier,
  type LowerContext,
  type MatrixRow,
  type TypeView,
} from "./context";
import { lowerAtom, requireNumber } from "./expressions";
import { skipParentheses } from "./arrays";
import { isReassigned } from "./objectAssign";
import { Messages } from "../diagnostics/messages";
import {
  columnMatrix,
  columnMatrixList,
  columnsOf,
  describeElement,
  describeRecords,
  namedColumnElement,
  type ColumnElement,
} from "./recordColumns";
import { isLocal } from "./localRecords";

/** An array of matrices: the IR names of its rows and of where each matrix's rows start. */
export interface MatrixList {
  /** The name the source gives it, which its locals are named after. */
  readonly name: string;
  /** How the source writes it, for diagnostics: 'Ws', or 'layers[i].W' for a field of records. */
  readonly source: string;
  readonly rows: string;
  readonly starts: string;
}

/** One matrix of an array of matrices: the list, the matrix's position in it, and where its rows start (atoms). */
export interface ListedMatrix extends MatrixList {
  readonly at: Expr;
  readonly first: Expr;
}

/** The matrix type of the elements of an array of matrices ('number[][]' for 'number[][][]'); undefined otherwise. */
export function matrixListType(ctx: TypeView, type: TS.Type): MatrixType | undefined {
  const { checker } = ctx;
  if (!checker.isArrayType(type)) return undefined;
  const [element] = checker.getTypeArguments(type as TS.TypeReference);
  const matrix = element && arrayTypeOf(ctx, element);
  return isMatrixType(matrix) ? matrix : undefined;
}

/** The array of matrices `node` names, if it names one. */
export function matrixListOf(ctx: LowerContext, node: TS.Expression): MatrixList | undefined {
  node = skipParentheses(ctx.ts, node);
  const symbol = ctx.ts.isIdentifier(node) ? symbolOfIdentifier(ctx, node) : undefined;
  return symbol && ctx.matrixLists.get(symbol);
}

/** Whether `node` is a matrix of an array of matrices ('Ws[l]', a name for one), without lowering anything. */
function isListedMatrix(ctx: LowerContext, node: TS.Expression): MatrixList | undefined {
  const { ts } = ctx;
  node = skipParentheses(ts, node);
  if (ts.isIdentifier(node)) {
    const symbol = symbolOfIdentifier(ctx, node);
    return symbol && ctx.listedMatrices.get(symbol);
  }
  if (ts.isPropertyAccessExpression(node)) return columnMatrixList(ctx, node);
  return ts.isElementAccessExpression(node) ? matrixListOf(ctx, node.expression) : undefined;
}

/** 'Ws[l]' (its position lowered, where its rows start read) or a name for one; undefined for anything else. */
export function listedMatrix(ctx: LowerContext, node: TS.Expression): ListedMatrix | undefined {
  const { ts } = ctx;
  node = skipParentheses(ts, node);
  if (ts.isIdentifier(node)) {
    const symbol = symbolOfIdentifier(ctx, node);
    return symbol && ctx.listedMatrices.get(symbol);
  }
  // 'layer.W' of an array of records that hold matrices (lower/recordColumns.ts).
  if (ts.isPropertyAccessExpression(node)) return columnMatrix(ctx, node);
  const list = ts.isElementAccessExpression(node) ? matrixListOf(ctx, node.expression) : undefined;
  if (!list || !ts.isElementAccessExpression(node)) return undefined;
  requireNumber(ctx, node.argumentExpression);
  return matrixAt(ctx, list, lowerAtom(ctx, node.argumentExpression, "layer"));
}

/** The matrix at position `at` of `list`: where its rows start, read into a local. */
export function matrixAt(ctx: LowerContext, list: MatrixList, at: Expr): ListedMatrix {
  const first = freshTemp(ctx, `${list.name}_first`, "first", "number");
  emitAssign(ctx, first, index(list.starts, at));
  return { ...list, at, first: v(first) };
}

/**
 * A matrix of the list that later statements read through a name ('const W = Ws[l]', a helper's parameter): its
 * position copied into a local of its own, so that writing 'l' afterwards moves no matrix.
 */
export function namedListedMatrix(ctx: LowerContext, node: TS.Expression): ListedMatrix | undefined {
  const matrix = listedMatrix(ctx, node);
  if (!matrix || matrix.at.kind !== "var" || ctx.ts.isIdentifier(skipParentheses(ctx.ts, node))) return matrix;
  const at = freshTemp(ctx, `${matrix.name}_layer`, "layer", "number");
  emitAssign(ctx, at, matrix.at);
  return { ...matrix, at: v(at) };
}

/** 'W[i]' for W a matrix of an array of matrices: the list's rows at the matrix's first row plus i. */
export function listedRow(ctx: LowerContext, node: TS.Expression): MatrixRow | undefined {
  const { ts } = ctx;
  node = skipParentheses(ts, node);
  if (!ts.isElementAccessExpression(node) || !isListedMatrix(ctx, node.expression)) return undefined;
  const matrix = listedMatrix(ctx, node.expression) as ListedMatrix;
  requireNumber(ctx, node.argumentExpression);
  const i = lowerAtom(ctx, node.argumentExpression, "row");
  return { matrix: matrix.rows, outer: rowOf(ctx, matrix, i) };
}

/** The position among the list's rows of row i of `matrix`, an atom. */
export function rowOf(ctx: LowerContext, matrix: ListedMatrix, i: Expr): Expr {
  if (i.kind === "num" && i.value === 0) return matrix.first;
  const row = freshTemp(ctx, `${matrix.name}_row`, "row", "number");
  emitAssign(ctx, row, binary("+", matrix.first, i));
  return v(row);
}

/** The IR name of the rows 'W[i]' is one of, for W a matrix of an array of matrices, without lowering anything. */
export function listedRowMatrix(ctx: LowerContext, node: TS.Expression): string | undefined {
  const { ts } = ctx;
  node = skipParentheses(ts, node);
  return ts.isElementAccessExpression(node) ? isListedMatrix(ctx, node.expression)?.rows : undefined;
}

/** 'Ws.length' (how many matrices) or 'W.length' (how many rows W has); undefined for anything else. */
export function matrixListLength(ctx: LowerContext, node: TS.Expression): Expr | undefined {
  const list = matrixListOf(ctx, node);
  if (list) return matrixCount(list);
  if (!isListedMatrix(ctx, node)) return undefined;
  return rowCountOf(ctx, listedMatrix(ctx, node) as ListedMatrix);
}

/** How many matrices `list` holds. */
export const matrixCount = (list: MatrixList): Expr => binary("-", length(list.starts), num(1));

/** How many rows `matrix` has: where the next matrix's rows start, less where its own do. */
export function rowCountOf(ctx: LowerContext, matrix: ListedMatrix): Expr {
  const after = freshTemp(ctx, `${matrix.name}_after`, "after", "number");
  emitAssign(ctx, after, binary("+", matrix.at, num(1)));
  const end = freshTemp(ctx, `${matrix.name}_end`, "end", "number");
  emitAssign(ctx, end, index(matrix.starts, v(after)));
  return binary("-", v(end), matrix.first);
}

/**
 * A name given a value read in place ('const W = Ws[l]', 'const all = Ws', 'const layer = layers[l]', a helper's
 * parameter given one): what binds the name's symbol to it, the element's position lowered and copied; undefined for
 * any other value.
 */
export function inPlaceBinding(ctx: LowerContext, value: TS.Expression): ((symbol: TS.Symbol) => void) | undefined {
  const list = matrixListOf(ctx, value);
  const columns = list ? undefined : columnsOf(ctx, value);
  const matrix = list || columns ? undefined : namedListedMatrix(ctx, value);
  const element = list || columns || matrix ? undefined : namedColumnElement(ctx, value);
  if (!list && !columns && !matrix && !element) return undefined;
  return (symbol) => {
    // A name bound before (a callee inlined again) may have named an array or a row.
    ctx.names.delete(symbol);
    ctx.rows.delete(symbol);
    if (list) ctx.matrixLists.set(symbol, list);
    else if (columns) ctx.columns.set(symbol, columns);
    else if (matrix) ctx.listedMatrices.set(symbol, matrix);
    else ctx.columnElements.set(symbol, element as ColumnElement);
  };
}

/** 'const W = Ws[l]', 'const all = Ws', 'const layer = layers[l]': a name for a value read in place. */
export function bindInPlaceName(ctx: LowerContext, name: TS.BindingName, init: TS.Expression): boolean {
  const symbol = ctx.ts.isIdentifier(name) ? ctx.checker.getSymbolAtLocation(name) : undefined;
  const bind = symbol && inPlaceBinding(ctx, init);
  if (!bind) return false;
  bind(symbol as TS.Symbol);
  refuseReassigned(ctx, name as TS.Identifier);
  return true;
}

/**
 * What `symbol` names, if a value read in place ('one matrix of the array of matrices 'Ws''): an array of matrices,
 * one of its matrices, records that hold matrices or one of their elements.
 */
export function inPlaceValue(ctx: LowerContext, symbol: TS.Symbol): string | undefined {
  const list = ctx.matrixLists.get(symbol);
  if (list) return `the array of matrices '${list.source}'`;
  const matrix = ctx.listedMatrices.get(symbol);
  if (matrix) return describeMatrix(matrix);
  const columns = ctx.columns.get(symbol);
  if (columns) return describeRecords(columns);
  const element = ctx.columnElements.get(symbol);
  return element && describeElement(element.columns);
}

/** How diagnostics name one matrix of an array of matrices. */
const describeMatrix = (list: MatrixList): string => `one matrix of the array of matrices '${list.source}'`;

/**
 * Reports, and says so, where `name`, bound to a value read in place, is assigned another value anywhere in its
 * function. `what` describes the value where the name is none of inPlaceValue's (a row, a number field).
 */
export function refuseReassigned(ctx: LowerContext, name: TS.Identifier, what?: string): boolean {
  const symbol = ctx.checker.getSymbolAtLocation(name);
  const value = what ?? (symbol && inPlaceValue(ctx, symbol));
  if (!value || !isReassigned(ctx, name)) return false;
  ctx.sink.report(name, Messages.ReassignedInPlaceName, [name.text, value]);
  return true;
}

/** What `node` is if it is a value read in place ('Ws[l]', 'W', 'layers[l]', 'layer.W'), without lowering anything. */
export function inPlaceExpression(ctx: LowerContext, node: TS.Expression): string | undefined {
  const { ts } = ctx;
  node = skipParentheses(ts, node);
  if (ts.isIdentifier(node)) {
    const symbol = symbolOfIdentifier(ctx, node);
    return symbol && inPlaceValue(ctx, symbol);
  }
  const list = isListedMatrix(ctx, node);
  if (list) return describeMatrix(list);
  const columns = ts.isElementAccessExpression(node) ? columnsOf(ctx, node.expression) : undefined;
  return columns && describeElement(columns);
}

/**
 * Whether `node` is part of a value read in place that a helper can take only by name: one matrix of an array of
 * matrices ('Ws[l]', 'W', 'layer.W'), an element of records that hold matrices ('layers[l]', 'layer'), or records
 * the function builds ('pts').
 */
export function isInPlacePart(ctx: LowerContext, node: TS.Expression): boolean {
  const { ts } = ctx;
  node = skipParentheses(ts, node);
  if (isListedMatrix(ctx, node)) return true;
  if (ts.isElementAccessExpression(node)) return columnsOf(ctx, node.expression) !== undefined;
  const symbol = ts.isIdentifier(node) ? symbolOfIdentifier(ctx, node) : undefined;
  // Records the function builds are no records a callee could take by name.
  const built = symbol && ctx.columns.get(symbol);
  return symbol !== undefined && (ctx.columnElements.has(symbol) || (built !== undefined && isLocal(ctx, built)));
}
