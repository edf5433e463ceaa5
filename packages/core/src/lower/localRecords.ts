/**
 * Arrays of records of numbers the function builds ('const pts: P[] = []; pts.push({ x, y })'), held as records that
 * hold matrices are (lower/recordColumns.ts): one local number[] per field ('pts_x', 'pts_y'), which pushes grow
 * and field writes ('pts[i].y += s', 'p.x++') store into. Only object literals are added, so every element is an
 * object of its own, as JavaScript would have it: two elements are one object where they are of one array at one
 * position.
 */
import type * as TS from "typescript";
import { alloc, binary, bool, index, num, unary, v, type Expr } from "../ir/expr";
import { Messages } from "../diagnostics/messages";
import { declareLocal, emitAssign, freshTemp, isObjectType, type LowerContext } from "./context";
import { lowerAtom, lowerOperands, requireNumber, shorten } from "./expressions";
import { compoundOperatorOf } from "./operators";
import { emitPush } from "./arrayMethods";
import { skipParentheses, withoutAssertions } from "./arrays";
import { refuseReassigned } from "./matrixLists";
import {
  columnElement,
  columnField,
  columnsOf,
  elementColumns,
  elementCount,
  fieldHolds,
  namedColumnElement,
  type ColumnElement,
  type ColumnField,
  type Columns,
} from "./recordColumns";

/**
 * 'const pts: P[] = []' (or a literal of objects) for records of numbers only: a local array per field, which
 * 'pts.push({ x, y })' grows and 'pts[i].x = v' writes ('pts_x', 'pts_y'). False for any other declaration.
 */
export function declareRecordColumns(ctx: LowerContext, decl: TS.VariableDeclaration): boolean {
  const { ts } = ctx;
  const init = decl.initializer && withoutAssertions(ts, decl.initializer);
  if (!init || !ts.isArrayLiteralExpression(init) || !ts.isIdentifier(decl.name)) return false;
  const fields = numberFields(ctx, ctx.checker.getTypeAtLocation(decl.name));
  const symbol = ctx.checker.getSymbolAtLocation(decl.name);
  if (!fields || !symbol) return false;
  const name = decl.name.text;
  const columns: Columns = {
    name,
    fields: new Map(
      fields.map((key) => {
        const array = declareLocal(ctx, undefined, `${name}_${key}`, "number[]");
        emitAssign(ctx, array, alloc("number[]", num(0)));
        return [key, { holds: "number", array }];
      }),
    ),
  };
  ctx.columns.set(symbol, columns);
  refuseReassigned(ctx, decl.name);
  pushRecords(ctx, columns, init.elements);
  return true;
}

/** The keys of an array of records whose fields are all plain numbers; undefined for any other type. */
function numberFields(ctx: LowerContext, type: TS.Type): string[] | undefined {
  const { checker } = ctx;
  if (!checker.isArrayType(type)) return undefined;
  const [element] = checker.getTypeArguments(type as TS.TypeReference);
  if (!element || !isObjectType(ctx, element) || checker.isArrayLikeType(element)) return undefined;
  if (element.getCallSignatures().length > 0) return undefined;
  const fields = checker.getPropertiesOfType(element).map((p) => columnField(ctx, p));
  if (fields.length === 0 || fields.some((f) => f?.holds !== "number")) return undefined;
  return fields.map((f) => (f as ColumnField).key);
}

/** 'pts.push({ x: a, y: b })' onto a local array of records: each new object's fields onto their columns. */
export function lowerRecordPush(ctx: LowerContext, node: TS.CallExpression): Expr | undefined {
  const { ts } = ctx;
  const callee = node.expression;
  if (!ts.isPropertyAccessExpression(callee) || callee.name.text !== "push") return undefined;
  const columns = columnsOf(ctx, callee.expression);
  if (!columns || !isLocal(ctx, columns)) return undefined;
  pushRecords(ctx, columns, node.arguments);
  return elementCount(columns);
}

/** Whether `columns` are a local array's, which the function may grow and write. */
export const isLocal = (ctx: LowerContext, columns: Columns): boolean =>
  [...columns.fields.values()].every((c) => c.holds === "number" && !ctx.params.has(c.array));

/**
 * New objects ('{ x: a, y: b }') added to a local array of records: every field's value lowered in the order written,
 * all of them before the first is added, as JavaScript evaluates a call's arguments; then each onto its column.
 */
function pushRecords(ctx: LowerContext, columns: Columns, values: readonly TS.Expression[]): void {
  const { ts } = ctx;
  const keys: string[] = [];
  const operands: TS.Expression[] = [];
  for (const value of values) {
    const literal = withoutAssertions(ts, value);
    if (!ts.isObjectLiteralExpression(literal)) {
      // JavaScript would add the object itself, shared with what else holds it; the columns would hold a copy.
      ctx.sink.report(value, Messages.SharedRecord, [shorten(value.getText(ctx.sourceFile)), columns.name]);
      return;
    }
    const written = literal.properties.map((p) =>
      ts.isPropertyAssignment(p) && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name))
        ? { key: p.name.text, value: p.initializer }
        : ts.isShorthandPropertyAssignment(p)
          ? { key: p.name.text, value: p.name as TS.Expression }
          : undefined,
    );
    const complete =
      written.length === columns.fields.size &&
      [...columns.fields.keys()].every((k) => written.some((w) => w?.key === k));
    if (!complete || written.some((w) => w === undefined)) {
      ctx.sink.report(value, Messages.UnsupportedArrayOperation, [shorten(value.getText(ctx.sourceFile))]);
      return;
    }
    for (const w of written as { key: string; value: TS.Expression }[]) {
      keys.push(w.key);
      operands.push(w.value);
    }
  }
  operands.forEach((operand) => requireNumber(ctx, operand));
  const atoms = lowerOperands(ctx, operands, columns.name);
  atoms.forEach((atom, k) => emitPush(ctx, (columns.fields.get(keys[k]) as { array: string }).array, atom));
}

/** 'p.x = v', 'p.x += v' for an element of a local array of records: a store into the field's column. */
export function writeColumnField(ctx: LowerContext, node: TS.BinaryExpression, hint: string): Expr | undefined {
  const { ts } = ctx;
  const target = skipParentheses(ts, node.left);
  if (fieldHolds(ctx, target) !== "number" || !ts.isPropertyAccessExpression(target)) return undefined;
  const columns = elementColumns(ctx, target.expression) as Columns;
  if (!isLocal(ctx, columns)) return undefined;
  // The element first, its position copied, as JavaScript reads it before the right side may change it.
  const element = namedColumnElement(ctx, target.expression) as ColumnElement;
  const array = (columns.fields.get(target.name.text) as { array: string }).array;
  const kind = node.operatorToken.kind;
  const op = kind === ts.SyntaxKind.EqualsToken ? undefined : compoundOperatorOf(ts, kind);
  if (kind !== ts.SyntaxKind.EqualsToken && !op) return undefined;
  requireNumber(ctx, node.right);
  let value: Expr;
  if (op) {
    const current = freshTemp(ctx, `${array}_i`, hint, "number");
    emitAssign(ctx, current, index(array, element.at));
    const [left, right] = lowerOperands(ctx, [v(current), node.right], hint);
    const updated = freshTemp(ctx, `${array}_i_new`, hint, "number");
    emitAssign(ctx, updated, binary(op, left, right));
    value = v(updated);
  } else value = lowerAtom(ctx, node.right, hint);
  ctx.out.push({ kind: "store", array, index: element.at, value, origin: ctx.origin });
  return value;
}

/** '++p.x', 'p.x--' for an element of a local array of records: its column's element, and the old or new value. */
export function incrementColumnField(
  ctx: LowerContext,
  operand: TS.Expression,
  increment: boolean,
  postfix: boolean,
  hint: string,
): Expr | undefined {
  const { ts } = ctx;
  const target = skipParentheses(ts, operand);
  if (fieldHolds(ctx, target) !== "number" || !ts.isPropertyAccessExpression(target)) return undefined;
  const columns = elementColumns(ctx, target.expression) as Columns;
  if (!isLocal(ctx, columns)) return undefined;
  const element = namedColumnElement(ctx, target.expression) as ColumnElement;
  const array = (columns.fields.get(target.name.text) as { array: string }).array;
  const current = freshTemp(ctx, `${array}_i`, hint, "number");
  emitAssign(ctx, current, index(array, element.at));
  const updated = freshTemp(ctx, `${array}_i_new`, hint, "number");
  emitAssign(ctx, updated, binary(increment ? "+" : "-", v(current), num(1)));
  ctx.out.push({ kind: "store", array, index: element.at, value: v(updated), origin: ctx.origin });
  return v(postfix ? current : updated);
}

/**
 * 'p === q', 'p !== q' for elements of local arrays of records: each element is an object of its own (only new objects
 * are added), so two are one object where they are of one array at one position.
 */
export function columnIdentity(ctx: LowerContext, node: TS.BinaryExpression, equal: boolean): Expr | undefined {
  const [left, right] = [elementColumns(ctx, node.left), elementColumns(ctx, node.right)];
  if (!left || !right || !isLocal(ctx, left) || !isLocal(ctx, right)) return undefined;
  const [a, b] = [columnElement(ctx, node.left), columnElement(ctx, node.right)] as ColumnElement[];
  if (left !== right) return bool(!equal);
  const same = freshTemp(ctx, "same", "same", "boolean");
  emitAssign(ctx, same, binary("===", a.at, b.at));
  return equal ? v(same) : unary("!", v(same));
}
