/**
 * Locals that may hold no number ('let prev: number | undefined;', the previous value of a walk): a number variable
 * and a flag saying whether it holds one, as for an optional parameter. The tests 'prev !== undefined', 'prev ?? v'
 * and 'prev ??= v' read the flag (lower/nullish.ts, lower/logicalAssignments.ts), and every assignment sets it
 * (assignPresence). The variable holds JavaScript's 'undefined' where the flag is false, so that arithmetic on it
 * gives NaN as it would.
 */
import type * as TS from "typescript";
import { bool, global, v } from "../ir/expr";
import { Messages } from "../diagnostics/messages";
import { declareLocal, emitAssign, freshTemp, type LowerContext } from "./context";
import { lowerInto, shorten } from "./expressions";
import { fieldFlag, isUndefinedValue, mayBeUndefined, presenceFlag } from "./nullish";

/** Declares 'let a: number | undefined [= init]' with its flag; false for any other declaration. */
export function declareMaybeUndefined(
  ctx: LowerContext,
  list: TS.VariableDeclarationList,
  decl: TS.VariableDeclaration,
): boolean {
  const { ts } = ctx;
  if (!ts.isIdentifier(decl.name) || list.flags & ts.NodeFlags.Const) return false;
  const symbol = ctx.checker.getSymbolAtLocation(decl.name);
  const type = ctx.checker.getTypeAtLocation(decl.name);
  const parts = type.isUnion() ? type.types : [type];
  const numberOrUndefined = parts.every((t) => t.flags & (ts.TypeFlags.NumberLike | ts.TypeFlags.Undefined));
  if (!symbol || !numberOrUndefined) return false;
  const local = declareLocal(ctx, symbol, decl.name.text, "number");
  const flag = freshTemp(ctx, `${local}_defined`, local, "boolean");
  ctx.presence.set(symbol, flag);
  const init = decl.initializer;
  if (!init || isUndefinedValue(ctx, init)) {
    emitAssign(ctx, local, global("undefined"));
    emitAssign(ctx, flag, bool(false));
    return true;
  }
  lowerInto(ctx, local, init);
  const copied = presenceFlag(ctx, init) ?? fieldFlag(ctx, init)?.flag;
  if (copied) emitAssign(ctx, flag, v(copied));
  else if (mayBeUndefined(ctx, init)) {
    ctx.sink.report(init, Messages.UndefinedAssigned, [shorten(init.getText(ctx.sourceFile)), decl.name.text]);
  } else emitAssign(ctx, flag, bool(true));
  return true;
}
