/**
 * Functions that return an object of numbers ('{ mean: number; spread: number }', nested objects and tuples of
 * numbers included), as JAX's functions return pytrees. The lowered function returns the object's numbers as one
 * array, in the order of the type's fields, depth first; the markers' wrappers rebuild the object around the
 * generated functions (expand/resultRecords.ts).
 */
import type * as TS from "typescript";
import { index, num, v, type Expr } from "../ir/expr";
import type { ResultRecord } from "../ir/stmt";
import { Messages } from "../diagnostics/messages";
import { fillWithValues } from "./arrayMethods";
import {
  emitAssign,
  freshTemp,
  isObjectType,
  varTypeOf,
  type LowerContext,
  type ObjectBinding,
  type TypeView,
} from "./context";
import { lowerObjectValue } from "./statements";

/** How deep objects may nest in a result (five levels): as deep as objectFieldsOf flattens a parameter's. */
const MAX_DEPTH = 4;

/** What a return type makes of a result: a record, the path of a field that cannot be one, or undefined (no object). */
export type ResultRecordOf = { readonly record: ResultRecord } | { readonly field: string } | undefined;

/**
 * The record a function returning `type` returns. Every field must be a number, or an object or tuple of them; an
 * optional field, a getter or a method cannot be; undefined for no object, or one whose keys only the run time knows
 * ('Record<string, number>').
 */
export function resultRecordOf(ctx: TypeView, type: TS.Type): ResultRecordOf {
  const { ts, checker } = ctx;
  if (!isObjectType(ctx, type) || type.getCallSignatures().length > 0 || checker.isArrayType(type)) return undefined;
  // A class's instance: the wrappers would give plain objects where the function gives instances.
  if (isClassInstance(ctx, type)) return undefined;
  let next = 0;
  // The record, the path of a field that cannot be in one, or undefined for an object whose keys only the run time knows.
  const walk = (t: TS.Type, path: string, depth: number): ResultRecord | string | undefined => {
    const tuple = checker.isTupleType(t);
    // A tuple of a length its type fixes: no optional or rest elements ('[number, ...number[]]').
    const fixed = (t as TS.TupleTypeReference).target?.elementFlags?.every((f) => f & ts.ElementFlags.Required);
    if (tuple && !fixed) return path || undefined;
    const fields: { key: string; value: number | ResultRecord }[] = [];
    // A field's type; undefined for a field no number is stored in (optional, a getter, keyed by a symbol).
    const members = tuple
      ? checker.getTypeArguments(t as TS.TypeReference).map((fieldType, k) => ({ key: String(k), fieldType }))
      : checker.getPropertiesOfType(t).map((prop) => {
          const stored = !(prop.flags & (ts.SymbolFlags.Optional | ts.SymbolFlags.Accessor));
          const keyed = !prop.getName().startsWith("__@");
          return { key: prop.getName(), fieldType: stored && keyed ? checker.getTypeOfSymbol(prop) : undefined };
        });
    const indexed = !tuple && (t.getNumberIndexType() || t.getStringIndexType());
    if (members.length === 0 || indexed) return path || undefined;
    // An object with methods (a Date, a Map) is a value of its own, not a record of numbers.
    if (members.some((m) => m.fieldType && m.fieldType.getCallSignatures().length > 0)) return path || undefined;
    for (const { key, fieldType } of members) {
      const at = tuple ? `${path}[${key}]` : path ? `${path}.${key}` : key;
      if (!fieldType) return at;
      if (varTypeOf(ctx, fieldType) === "number") {
        fields.push({ key, value: next++ });
        continue;
      }
      const record =
        isObjectType(ctx, fieldType) && !checker.isArrayType(fieldType) && !isClassInstance(ctx, fieldType);
      const nested = depth < MAX_DEPTH && record ? walk(fieldType, at, depth + 1) : at;
      if (nested === undefined || typeof nested === "string") return nested ?? at;
      fields.push({ key, value: nested });
    }
    return tuple ? { fields, tuple } : { fields };
  };
  const record = walk(type, "", 0);
  if (record === undefined) return undefined;
  return typeof record === "string" ? { field: record } : { record };
}

function isClassInstance(ctx: TypeView, type: TS.Type): boolean {
  return ((type.getSymbol()?.flags ?? 0) & ctx.ts.SymbolFlags.Class) !== 0;
}

/**
 * 'return { mean: m, spread: s }' (or a named object, one a helper returns, a choice between two): the object's
 * numbers stored into a new array `result`, in the record's order.
 */
export function lowerRecordResult(ctx: LowerContext, record: ResultRecord, expression: TS.Expression): void {
  const binding = lowerObjectValue(ctx, ctx.result, expression);
  if (!binding) return;
  const values: Expr[] = [];
  const collect = (shape: ResultRecord, held: ObjectBinding): boolean =>
    shape.fields.every(({ key, value }) => {
      const field = held.get(key);
      if (typeof value !== "number") {
        // A tuple of numbers the object holds as an array ('[x, y] as const'): its elements, read now.
        if (typeof field === "string" && value.tuple && ctx.locals.get(field) === "number[]") {
          value.fields.forEach((_, k) => {
            const element = freshTemp(ctx, `${field}_${k}`, field, "number");
            emitAssign(ctx, element, index(field, num(k)));
            values.push(v(element));
          });
          return true;
        }
        return field instanceof Map && collect(value, field);
      }
      if (typeof field !== "string" || ctx.locals.get(field) !== "number") return false;
      values.push(v(field));
      return true;
    });
  if (!collect(record, binding)) {
    ctx.sink.report(expression, Messages.UnsupportedExpression, [expression.getText(ctx.sourceFile)]);
    return;
  }
  fillWithValues(ctx, ctx.result, "number[]", values);
}
