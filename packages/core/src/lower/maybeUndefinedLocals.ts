/**
 * Locals that may hold no number ('let prev: number | undefined;', the previous value of a walk): a number variable
 * and a flag saying whether it holds one, as for an optional parameter. The tests 'prev !== undefined', 'prev ?? v'
 * and 'prev ??= v' read the flag (lower/nullish.ts, lower/logicalAssignments.ts), and every assignment sets it
 * (assignWithPresence). The variable holds JavaScript's 'undefined' where the flag is false, so that arithmetic on it
 * gives NaN as it would.
 */
import type * as TS from "typescript";
import { declareLocal, freshTemp, type LowerContext } from "./context";
import { assignWithPresence, isNumberOrUndefined } from "./nullish";

/** Declares 'let a: number | undefined [= init]' with its flag; false for any other declaration. */
export function declareMaybeUndefined(
  ctx: LowerContext,
  list: TS.VariableDeclarationList,
  decl: TS.VariableDeclaration,
): boolean {
  const { ts } = ctx;
  if (!ts.isIdentifier(decl.name) || list.flags & ts.NodeFlags.Const) return false;
  const symbol = ctx.checker.getSymbolAtLocation(decl.name);
  if (!symbol || !isNumberOrUndefined(ctx, ctx.checker.getTypeAtLocation(decl.name))) return false;
  const local = declareLocal(ctx, symbol, decl.name.text, "number");
  ctx.presence.set(symbol, freshTemp(ctx, `${local}_defined`, local, "boolean"));
  assignWithPresence(ctx, local, decl.name, decl.initializer);
  return true;
}
