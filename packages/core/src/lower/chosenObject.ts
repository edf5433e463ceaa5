/**
 * 'c ? p : q', 'a.cost < b.cost ? a : b': an object chosen by a test. Its number fields are copied into variables of
 * their own in the branch taken (only that branch runs, as in JavaScript); an array field must name the same array
 * whichever is chosen, since a name cannot be chosen at run time. JavaScript's result is the chosen object itself,
 * which the copy reads as while the function writes no object's fields (TS990066 otherwise, as for 'const prev = p').
 */
import type * as TS from "typescript";
import { v } from "../ir/expr";
import { isArrayType } from "../ir/stmt";
import { Messages } from "../diagnostics/messages";
import {
  declareLocal,
  emitAssign,
  objectFieldsOf,
  type LowerContext,
  type ObjectBinding,
  type ObjectFields,
} from "./context";
import { lowerObjectValue } from "./statements";
import { refuseIfFieldsWritten } from "./objectAssign";
import { shorten } from "./expressions";
import { lowerChoice } from "./chosenArray";

/** The chosen object's fields, or undefined after a diagnostic. */
export function chosenObject(
  ctx: LowerContext,
  prefix: string,
  node: TS.ConditionalExpression,
): ObjectBinding | undefined {
  const fields = objectFieldsOf(ctx, ctx.checker.getTypeAtLocation(node));
  if (!fields) return undefined;
  refuseIfFieldsWritten(ctx, node);
  const chosen: ObjectBinding = new Map();
  const fill = (branch: TS.Expression) => {
    const errors = ctx.sink.errorCount();
    const source = lowerObjectValue(ctx, prefix, branch);
    if (!source && ctx.sink.errorCount() === errors) {
      ctx.sink.report(branch, Messages.UnsupportedExpression, [shorten(branch.getText(ctx.sourceFile))]);
    }
    if (!source) return false;
    if (copyFields(ctx, prefix, fields, source, chosen)) return true;
    ctx.sink.report(node, Messages.ArrayRebinding, [shorten(node.getText(ctx.sourceFile))]);
    return false;
  };
  return lowerChoice(ctx, node, fill) ? chosen : undefined;
}

/** Copies `source`'s number fields into `into`'s own variables; false when an array field names another array. */
function copyFields(
  ctx: LowerContext,
  prefix: string,
  fields: ObjectFields,
  source: ObjectBinding,
  into: ObjectBinding,
): boolean {
  return fields.every((field) => {
    const from = source.get(field.key);
    const held = into.get(field.key);
    if (typeof field.type !== "string") {
      const nested = held instanceof Map ? held : new Map<string, string | ObjectBinding>();
      into.set(field.key, nested);
      return from instanceof Map && copyFields(ctx, `${prefix}_${field.key}`, field.type.fields ?? [], from, nested);
    }
    if (typeof from !== "string") return false;
    if (isArrayType(field.type)) {
      if (held === undefined) into.set(field.key, from);
      return held === undefined || held === from;
    }
    const own = typeof held === "string" ? held : declareLocal(ctx, undefined, `${prefix}_${field.key}`, field.type);
    into.set(field.key, own);
    emitAssign(ctx, own, v(from));
    return true;
  });
}
