/**
 * Arrays of records that hold matrices ('layers: { W: number[][]; b: number[]; gain: number }[]': a network's layers,
 * each its own weights), differentiated in every field. The wrappers give the generated functions a column per field
 * (runtime columns.ts): the elements' matrices as an array of matrices (lower/matrixLists.ts), their arrays as a
 * matrix whose rows they are, their numbers in a Float64Array. An element is a name for a position in the columns:
 *   'layers[l].W[i][j]'  →  the matrix at l of the array of matrices 'layers_W', row i, element j
 *   'layers[l].b[i]'     →  'layers_b[l][i]'
 *   'layers[l].gain'     →  'layers_gain[l]'
 * Every field must be a number, an array of numbers or a matrix, and one a matrix (without one, the records are read
 * in place: lower/records.ts). The gradient comes back as one object per element with every field's gradient.
 * Records the function builds are held the same way, one local array per field (lower/localRecords.ts).
 */
import type * as TS from "typescript";
import { index, isMatrixType, length, v, type Expr } from "../ir/expr";
import type { VarType } from "../ir/stmt";
import { Messages } from "../diagnostics/messages";
import {
  arrayTypeOf,
  declareLocal,
  emitAssign,
  freshTemp,
  isObjectType,
  symbolOfIdentifier,
  type LowerContext,
  type MatrixRow,
  type TypeView,
} from "./context";
import { lowerAtom, requireNumber } from "./expressions";
import { skipParentheses } from "./arrays";
import { matrixAt, matrixCount, refuseReassigned, type ListedMatrix, type MatrixList } from "./matrixLists";

/** A field of such records: its key, what it holds, and the IR type of its column. */
export interface ColumnField {
  readonly key: string;
  readonly holds: "number" | "array" | "matrix";
  /** 'Float64Array' for numbers; the matrix type whose rows the arrays are, or the matrices' rows are. */
  readonly type: VarType;
}

/** The columns of an array of such records, as the function reads them. */
export interface Columns {
  /** The name the source gives it, which its locals are named after. */
  readonly name: string;
  readonly fields: ReadonlyMap<string, Column>;
}

export type Column =
  | { readonly holds: "number"; readonly array: string }
  | { readonly holds: "array"; readonly matrix: string }
  | { readonly holds: "matrix"; readonly list: MatrixList };

/** One element: the columns and its position in them (an atom). */
export interface ColumnElement {
  readonly columns: Columns;
  readonly at: Expr;
}

/**
 * The fields of `type` if it is an array of records Cotangent reads by columns; the key of the first field that keeps
 * it from being one if it holds a matrix but also another kind of field (a string, a getter, an optional number);
 * undefined for any other type.
 */
export function columnFields(ctx: TypeView, type: TS.Type): ColumnField[] | { refused: string } | undefined {
  const { checker } = ctx;
  if (!checker.isArrayType(type)) return undefined;
  const [element] = checker.getTypeArguments(type as TS.TypeReference);
  if (!element || !isObjectType(ctx, element) || checker.isArrayLikeType(element)) return undefined;
  if (element.getCallSignatures().length > 0) return undefined;
  const fields: ColumnField[] = [];
  let refused: string | undefined;
  for (const p of checker.getPropertiesOfType(element)) {
    const field = columnField(ctx, p);
    if (field) fields.push(field);
    else refused ??= p.name;
  }
  if (!fields.some((f) => f.holds === "matrix")) return undefined;
  return refused === undefined ? fields : { refused };
}

/** A field of such records: a plain (not optional, not computed) number, array of numbers or matrix. */
export function columnField(ctx: TypeView, p: TS.Symbol): ColumnField | undefined {
  const { ts, checker } = ctx;
  const computed = ts.SymbolFlags.Optional | ts.SymbolFlags.Accessor | ts.SymbolFlags.Method;
  if (p.flags & computed || p.name.startsWith("#")) return undefined;
  const type = checker.getTypeOfSymbol(p);
  const array = arrayTypeOf(ctx, type);
  if (type.flags & ts.TypeFlags.NumberLike) return { key: p.name, holds: "number", type: "Float64Array" };
  if (array === "number[]" || array === "Float64Array") {
    return { key: p.name, holds: "array", type: array === "number[]" ? "number[][]" : "Float64Array[]" };
  }
  return isMatrixType(array) ? { key: p.name, holds: "matrix", type: array } : undefined;
}

/** The columns `node` names, if it names an array of such records. */
export function columnsOf(ctx: LowerContext, node: TS.Expression): Columns | undefined {
  node = skipParentheses(ctx.ts, node);
  const symbol = ctx.ts.isIdentifier(node) ? symbolOfIdentifier(ctx, node) : undefined;
  return symbol && ctx.columns.get(symbol);
}

/** How many elements `columns` has: the length of any of its columns. */
export function elementCount(columns: Columns): Expr {
  const [first] = columns.fields.values();
  if (first.holds === "number") return length(first.array);
  return first.holds === "array" ? length(first.matrix) : matrixCount(first.list);
}

/** Whether `node` is an element ('layers[l]', a name for one), without lowering anything: its columns if so. */
export function elementColumns(ctx: LowerContext, node: TS.Expression): Columns | undefined {
  const { ts } = ctx;
  node = skipParentheses(ts, node);
  if (ts.isIdentifier(node)) {
    const symbol = symbolOfIdentifier(ctx, node);
    return symbol && ctx.columnElements.get(symbol)?.columns;
  }
  return ts.isElementAccessExpression(node) ? columnsOf(ctx, node.expression) : undefined;
}

/** 'layers[l]' (its position lowered) or a name for an element; undefined for anything else. */
export function columnElement(ctx: LowerContext, node: TS.Expression): ColumnElement | undefined {
  const { ts } = ctx;
  node = skipParentheses(ts, node);
  if (ts.isIdentifier(node)) {
    const symbol = symbolOfIdentifier(ctx, node);
    return symbol && ctx.columnElements.get(symbol);
  }
  const columns = ts.isElementAccessExpression(node) ? columnsOf(ctx, node.expression) : undefined;
  if (!columns || !ts.isElementAccessExpression(node)) return undefined;
  requireNumber(ctx, node.argumentExpression);
  return { columns, at: lowerAtom(ctx, node.argumentExpression, "layer") };
}

/** An element later statements read through a name: its position copied into a local of its own. */
export function namedColumnElement(ctx: LowerContext, node: TS.Expression): ColumnElement | undefined {
  const element = columnElement(ctx, node);
  if (!element || element.at.kind !== "var" || ctx.ts.isIdentifier(skipParentheses(ctx.ts, node))) return element;
  const at = freshTemp(ctx, `${element.columns.name}_at`, "at", "number");
  emitAssign(ctx, at, element.at);
  return { ...element, at: v(at) };
}

/** The column of field `node` ('L.W', 'layers[l].b'), without lowering anything. */
function fieldColumn(ctx: LowerContext, node: TS.Expression): Column | undefined {
  node = skipParentheses(ctx.ts, node);
  if (!ctx.ts.isPropertyAccessExpression(node)) return undefined;
  return elementColumns(ctx, node.expression)?.fields.get(node.name.text);
}

/** What the column of field `node` holds, without lowering anything. */
export const fieldHolds = (ctx: LowerContext, node: TS.Expression): Column["holds"] | undefined =>
  fieldColumn(ctx, node)?.holds;

/** 'L.W' for a matrix field: the matrix at the element's position of the field's array of matrices. */
export function columnMatrix(ctx: LowerContext, node: TS.Expression): ListedMatrix | undefined {
  const field = elementField(ctx, node, "matrix");
  return field && matrixAt(ctx, field.column.list, field.element.at);
}

/** The array of matrices of a matrix field 'L.W', without lowering anything. */
export function columnMatrixList(ctx: LowerContext, node: TS.Expression): MatrixList | undefined {
  const column = fieldColumn(ctx, node);
  return column?.holds === "matrix" ? column.list : undefined;
}

/** 'L.b' for an array field: the row at the element's position of the field's matrix. */
export function columnRow(ctx: LowerContext, node: TS.Expression): MatrixRow | undefined {
  const field = elementField(ctx, node, "array");
  return field && { matrix: field.column.matrix, outer: field.element.at };
}

/** The matrix whose row 'L.b' is, without lowering anything. */
export function columnRowMatrix(ctx: LowerContext, node: TS.Expression): string | undefined {
  const column = fieldColumn(ctx, node);
  return column?.holds === "array" ? column.matrix : undefined;
}

/** 'L.gain' for a number field: its element of the field's Float64Array. */
export function columnNumber(ctx: LowerContext, node: TS.Expression): Expr | undefined {
  const field = elementField(ctx, node, "number");
  return field && index(field.column.array, field.element.at);
}

/** 'layers.length': how many elements. */
export function columnsLength(ctx: LowerContext, node: TS.Expression): Expr | undefined {
  const columns = columnsOf(ctx, node);
  return columns && elementCount(columns);
}

function elementField<H extends Column["holds"]>(
  ctx: LowerContext,
  node: TS.Expression,
  holds: H,
): { element: ColumnElement; column: Column & { holds: H } } | undefined {
  const column = fieldColumn(ctx, node);
  if (column?.holds !== holds) return undefined;
  const element = columnElement(ctx, (skipParentheses(ctx.ts, node) as TS.PropertyAccessExpression).expression);
  return { element: element as ColumnElement, column: column as Column & { holds: H } };
}

/**
 * Names for an element's fields ('const { W, b } = layers[l]', 'for (const { W, b } of layers)'): a matrix field's
 * name for the matrix, an array field's for the row, a number field's a local holding it. False for a pattern with
 * defaults, rest, nesting or a key the records lack.
 */
export function bindColumnPattern(
  ctx: LowerContext,
  pattern: TS.ObjectBindingPattern,
  element: ColumnElement,
): boolean {
  const { ts } = ctx;
  const bound: (() => void)[] = [];
  for (const part of pattern.elements) {
    const key = part.propertyName ? part.propertyName.getText(ctx.sourceFile) : part.name.getText(ctx.sourceFile);
    const column = element.columns.fields.get(key);
    if (!column || !ts.isIdentifier(part.name) || part.initializer || part.dotDotDotToken) return false;
    const name = part.name;
    const symbol = ctx.checker.getSymbolAtLocation(name);
    if (!symbol) return false;
    bound.push(() => {
      if (column.holds === "matrix") ctx.listedMatrices.set(symbol, matrixAt(ctx, column.list, element.at));
      else if (column.holds === "array") ctx.rows.set(symbol, { matrix: column.matrix, outer: element.at });
      else emitAssign(ctx, declareLocal(ctx, symbol, name.text, "number"), index(column.array, element.at));
      // A name for a matrix or an array of the element stays one: it cannot be given another value.
      const field = `the field '${key}' of ${describeElement(element.columns)}`;
      if (column.holds !== "number") refuseReassigned(ctx, name, field);
    });
  }
  bound.forEach((bind) => bind());
  return true;
}

/** 'const { W, b } = layers[l]': names for an element's fields. */
export function bindColumnsPattern(ctx: LowerContext, name: TS.BindingName, init: TS.Expression): boolean {
  const element =
    ctx.ts.isObjectBindingPattern(name) && elementColumns(ctx, init) ? namedColumnElement(ctx, init) : undefined;
  if (!element) return false;
  if (!bindColumnPattern(ctx, name as TS.ObjectBindingPattern, element)) {
    ctx.sink.report(name, Messages.UnsupportedDestructuring, [name.getText(ctx.sourceFile)]);
  }
  return true;
}

/**
 * Records that hold matrices given to a callee Cotangent calls ('total(layers)'): a column per field of the callee's
 * parameter, in its order. Undefined where `arg` is no such records or the parameter does not take them as such.
 */
export function columnArguments(
  ctx: LowerContext,
  arg: TS.Expression,
  param: TS.ParameterDeclaration,
): Expr[] | undefined {
  const columns = columnsOf(ctx, arg);
  const wanted = columns && columnFields(ctx, ctx.checker.getTypeAtLocation(param));
  if (!columns || !Array.isArray(wanted)) return undefined;
  const taken = wanted.map((field) => columns.fields.get(field.key));
  if (taken.some((column, j) => column?.holds !== wanted[j].holds)) return undefined;
  return (taken as Column[]).flatMap((column) =>
    column.holds === "number"
      ? [v(column.array)]
      : column.holds === "array"
        ? [v(column.matrix)]
        : [v(column.list.rows), v(column.list.starts)],
  );
}

/** How diagnostics name such records, and one of their elements. */
export const describeRecords = (columns: Columns): string => `the records '${columns.name}', held field by field`;
export const describeElement = (columns: Columns): string => `an element of ${describeRecords(columns)}`;
