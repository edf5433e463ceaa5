/**
 * Objects with optional number fields given to a function: 'h(x)' for 'h(v: number, o?: Opts)', 'h(x, {})' or
 * 'h(x, { l2: k })' for 'o: Opts' with 'l2?: number'. Each optional field is a local and a flag that says whether the
 * call gave it, as a marked function's own object parameters have on entry (lower/function.ts): an inlined function
 * (a local arrow, a method, a helper given a function) reads them, so that 'o.l2 ?? 0', 'o?.l2' and '{ l2 = 0 }'
 * read as JavaScript reads them; a called one is passed the locals (lower/calls.ts objectArgument), undefined where
 * the call left a field out.
 */
import type * as TS from "typescript";
import { bool, global, v } from "../ir/expr";
import { Messages } from "../diagnostics/messages";
import {
  emitAssign,
  freshTemp,
  objectFieldsOf,
  optionalObjectFields,
  type LowerContext,
  type ObjectBinding,
  type ObjectFields,
} from "./context";
import { resolveMember } from "./arrays";
import { skipOuterExpressions } from "../collect/resolve";
import { lowerObjectValue } from "./statements";
import { lowerInto } from "./expressions";
import { fieldFlag, isUndefinedValue, mayBeUndefined, presenceFlag } from "./nullish";

/**
 * The fields of parameter `p` when it is an options object a call may leave out, or an object with optional number
 * fields; undefined for any other parameter.
 */
export function optionalFieldsOf(ctx: LowerContext, p: TS.ParameterDeclaration): ObjectFields | undefined {
  const options = optionalObjectFields(ctx, p);
  if (options) return options;
  const fields = objectFieldsOf(ctx, ctx.checker.getTypeAtLocation(p), 0, true);
  return fields?.some((f) => f.optional) ? fields : undefined;
}

/** Whether `arg` leaves the parameter out, or is an object literal or a name for an object Cotangent knows. */
export function givesOptionalFields(ctx: LowerContext, arg: TS.Expression | undefined): boolean {
  if (!arg || isUndefinedValue(ctx, arg)) return true;
  const e = skipOuterExpressions(ctx.ts, arg);
  return ctx.ts.isObjectLiteralExpression(e) || resolveMember(ctx, e) instanceof Map;
}

/**
 * The object an argument gives a parameter with optional number fields, each optional field with its flag: the
 * argument's own where it has one (a marked function's options passed on), true where it holds a number, false where
 * it lacks the field or the call leaves the object out (`arg` undefined). Undefined when the argument is no object
 * Cotangent knows, or a field given may hold undefined with no flag kept for it (reported).
 */
export function optionalFieldsBinding(
  ctx: LowerContext,
  fields: ObjectFields,
  arg: TS.Expression | undefined,
  hint: string,
): ObjectBinding | undefined {
  const { ts } = ctx;
  const given = arg && !isUndefinedValue(ctx, arg) ? skipOuterExpressions(ts, arg) : undefined;
  const named = given && resolveMember(ctx, given);
  const built = given && !(named instanceof Map) ? lowerObjectValue(ctx, hint, given) : undefined;
  const object = named instanceof Map ? named : built;
  if (given && !object) return undefined;
  const binding = new Map(object ?? []);
  for (const field of fields) {
    if (!field.optional || field.type !== "number") continue;
    const held = binding.get(field.key);
    if (typeof held === "string" && ctx.presentFields.has(held)) continue;
    const written = given && ts.isObjectLiteralExpression(given) ? literalValue(ctx, given, field.key) : undefined;
    // '{ l2: undefined }' leaves the field out.
    const value = written && !isUndefinedValue(ctx, written) ? written : undefined;
    // '{ l2: k }', '{ l2: opts.l2 }': the flag of the caller's optional number or field.
    const flag = value && (presenceFlag(ctx, value) ?? fieldFlag(ctx, value)?.flag);
    if (value && !flag && mayBeUndefined(ctx, value)) {
      const type = ctx.checker.typeToString(ctx.checker.getTypeAtLocation(value));
      ctx.sink.report(value, Messages.UnsupportedType, [value.getText(ctx.sourceFile), type]);
      return undefined;
    }
    const local = typeof held === "string" ? held : freshTemp(ctx, `${hint}_${field.key}`, field.key, "number");
    // A field whose value may be undefined ('{ l2: k }' for an optional k) is left out of the object built.
    if (held === undefined) {
      if (value) lowerInto(ctx, local, value);
      else emitAssign(ctx, local, global("undefined"));
    }
    const present = freshTemp(ctx, `${local}_given`, local, "boolean");
    emitAssign(ctx, present, flag ? v(flag) : bool(held !== undefined));
    ctx.presentFields.set(local, present);
    binding.set(field.key, local);
  }
  return binding;
}

/** The value an object literal gives `key` ('{ l2: k }', '{ l2 }'); undefined where it gives none. */
function literalValue(ctx: LowerContext, literal: TS.ObjectLiteralExpression, key: string): TS.Expression | undefined {
  const { ts } = ctx;
  for (const property of literal.properties) {
    const name = property.name && (ts.isIdentifier(property.name) || ts.isStringLiteral(property.name));
    if (!name || (property.name as TS.Identifier | TS.StringLiteral).text !== key) continue;
    if (ts.isPropertyAssignment(property)) return property.initializer;
    if (ts.isShorthandPropertyAssignment(property)) return property.name;
  }
  return undefined;
}
