/**
 * Functions that return an object of numbers ('{ mean: number; w: number[] }', nested objects, tuples and arrays of
 * numbers included), as JAX's functions return pytrees. The lowered function returns the object's numbers as one
 * array (see ResultRecord: the number fields and the arrays' lengths in the order of the type's fields, depth first,
 * then the arrays' elements); the markers' wrappers rebuild the object around the generated functions
 * (expand/resultRecords.ts).
 */
import type * as TS from "typescript";
import { alloc, binary, index, isMatrixType, length, num, v, type Expr } from "../ir/expr";
import { isArrayType, isRecordLeaf, type RecordLeaf, type ResultRecord, type Stmt } from "../ir/stmt";
import { Messages } from "../diagnostics/messages";
import { eachIndex, element, fillWithValues } from "./arrayMethods";
import { skipParentheses } from "./arrays";
import { lowerChoice } from "./chosenArray";
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
 * The record a function returning `type` returns. Every field must be a number, an array of numbers, or an object or
 * tuple of them; an optional field, a getter or a method cannot be; undefined for no object, or one whose keys only
 * the run time knows ('Record<string, number>').
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
    const fields: { key: string; value: RecordLeaf | ResultRecord }[] = [];
    // A field's type; undefined for a field no number is stored in (optional, a getter, a key of another kind).
    const members = tuple
      ? checker.getTypeArguments(t as TS.TypeReference).map((fieldType, k) => ({ key: String(k), fieldType }))
      : checker.getPropertiesOfType(t).map((prop) => {
          const stored = !(prop.flags & (ts.SymbolFlags.Optional | ts.SymbolFlags.Accessor));
          // Keyed by a symbol, or '__proto__', which an object literal or an assignment takes as the prototype.
          const keyed = !prop.getName().startsWith("__@") && prop.getName() !== "__proto__";
          return { key: prop.getName(), fieldType: stored && keyed ? checker.getTypeOfSymbol(prop) : undefined };
        });
    const indexed = !tuple && (t.getNumberIndexType() || t.getStringIndexType());
    if (members.length === 0 || indexed) return path || undefined;
    // An object with methods (a Date, a Map) is a value of its own, not a record of numbers.
    if (members.some((m) => m.fieldType && m.fieldType.getCallSignatures().length > 0)) return path || undefined;
    for (const { key, fieldType } of members) {
      const at = tuple ? `${path}[${key}]` : path ? `${path}.${key}` : key;
      if (!fieldType) return at;
      const leaf = varTypeOf(ctx, fieldType);
      if (leaf === "number") {
        fields.push({ key, value: { at: next++ } });
        continue;
      }
      // An array of numbers ('w: number[]'); a tuple ('[number, number]') is a node of the record, as in JAX.
      if (
        (leaf === "number[]" || leaf === "Float64Array" || leaf === "Float32Array") &&
        !checker.isTupleType(fieldType)
      ) {
        fields.push({ key, value: { at: next++, array: leaf } });
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

export function isClassInstance(ctx: TypeView, type: TS.Type): boolean {
  return ((type.getSymbol()?.flags ?? 0) & ctx.ts.SymbolFlags.Class) !== 0;
}

/**
 * 'return { mean: m, spread: s }' (or a named object, one a helper returns, a choice between two): the object's
 * numbers and its arrays' lengths stored into a new array `result` in the record's order, then the arrays' elements.
 */
export function lowerRecordResult(ctx: LowerContext, record: ResultRecord, expression: TS.Expression): void {
  const choice = skipParentheses(ctx.ts, expression);
  if (ctx.ts.isConditionalExpression(choice)) {
    // 'return c ? { y: a } : { y: b }': each branch fills the result, so no array gets a second name.
    lowerChoice(ctx, choice, (branch) => {
      lowerRecordResult(ctx, record, branch);
      return true;
    });
    return;
  }
  const binding = lowerObjectValue(ctx, ctx.result, expression);
  if (!binding) return;
  const entries: Expr[] = [];
  const arrays: { array: string; size: string }[] = [];
  const collect = (shape: ResultRecord, held: ObjectBinding): boolean =>
    shape.fields.every(({ key, value }) => {
      const field = held.get(key);
      if (isRecordLeaf(value)) {
        if (typeof field !== "string") return false;
        // A module's constant ('{ w: W }') has the type the record says it has.
        const type = ctx.locals.get(field) ?? (ctx.externals.has(field) ? (value.array ?? "number") : undefined);
        if (!value.array) {
          if (type !== "number") return false;
          entries.push(v(field));
          return true;
        }
        if (!type || !isArrayType(type) || isMatrixType(type)) return false;
        const size = freshTemp(ctx, `${field}_length`, field, "number");
        emitAssign(ctx, size, length(field));
        arrays.push({ array: field, size });
        entries.push(v(size));
        return true;
      }
      // A tuple of numbers the object holds as an array ('[x, y] as const'): its elements, read now.
      if (typeof field === "string" && value.tuple && ctx.locals.get(field) === "number[]") {
        value.fields.forEach((_, k) => {
          const element = freshTemp(ctx, `${field}_${k}`, field, "number");
          emitAssign(ctx, element, index(field, num(k)));
          entries.push(v(element));
        });
        return true;
      }
      return field instanceof Map && collect(value, field);
    });
  if (!collect(record, binding)) {
    ctx.sink.report(expression, Messages.UnsupportedExpression, [expression.getText(ctx.sourceFile)]);
    return;
  }
  if (arrays.length === 0) {
    fillWithValues(ctx, ctx.result, "number[]", entries);
    return;
  }
  // The arrays' elements follow the numbers and lengths, one array after another.
  const total = freshTemp(ctx, `${ctx.result}_length`, ctx.result, "number");
  emitAssign(ctx, total, num(entries.length));
  for (const { size } of arrays) emitAssign(ctx, total, binary("+", v(total), v(size)));
  emitAssign(ctx, ctx.result, alloc("number[]", v(total)));
  entries.forEach((value, k) => ctx.out.push(store(ctx, num(k), value)));
  const offset = freshTemp(ctx, `${ctx.result}_offset`, ctx.result, "number");
  emitAssign(ctx, offset, num(entries.length));
  for (const { array, size } of arrays) {
    eachIndex(
      ctx,
      array,
      (k) => {
        const at = freshTemp(ctx, `${ctx.result}_at`, ctx.result, "number");
        emitAssign(ctx, at, binary("+", v(offset), v(k)));
        ctx.out.push(store(ctx, v(at), element(ctx, array, k)));
      },
      { to: v(size) },
    );
    emitAssign(ctx, offset, binary("+", v(offset), v(size)));
  }
}

function store(ctx: LowerContext, at: Expr, value: Expr): Stmt {
  return { kind: "store", array: ctx.result, index: at, value, inBounds: true, origin: ctx.origin };
}
