/**
 * 'const v = flag ? x : z', 'dot(flag ? z : x, w)', 'c ? A[0] : x', 'const M = c ? A : B': an array (or a matrix,
 * lower/localMatrices.ts, or an object, lower/chosenObject.ts) chosen by a test. JavaScript's v is the chosen array itself; generated code copies it into
 * v's own (only the branch taken runs), which reads the same while nothing writes either array, through any name
 * (writesThrough.ts follows the chosen array into v and wherever v goes). So the choice is lowered only then;
 * otherwise it is TS990075, one array under two names.
 */
import type * as TS from "typescript";
import type { ArrayType } from "../ir/expr";
import { Messages } from "../diagnostics/messages";
import { collectStmts, type LowerContext } from "./context";
import { arrayOperand, copyArray, lowerArrayInit } from "./arrayMethods";
import { isMatrixRow, skipParentheses, vectorName } from "./arrays";
import { lowerAtom, shorten } from "./expressions";
import { mayBeWritten } from "./writesThrough";

/** Fills `target` with a copy of the array `node` chooses; false when a branch is no array it can build. */
export function lowerChosenArray(
  ctx: LowerContext,
  target: string,
  type: ArrayType,
  node: TS.ConditionalExpression,
): boolean {
  if (refusedChoice(ctx, node, false)) return true;
  return lowerChoice(ctx, node, (branch) => {
    const name = vectorName(ctx, branch) ?? (isMatrixRow(ctx, branch) ? arrayOperand(ctx, branch) : undefined);
    if (!name) return lowerArrayInit(ctx, target, type, branch);
    copyArray(ctx, target, type, name);
    return true;
  });
}

/**
 * TS990075 when a branch names an array (`rows`: a matrix) that something writes, through any name: the copy would
 * not see the write. (A matrix's row as a branch of an array's choice counts its matrix's rows.) True when reported.
 */
export function refusedChoice(ctx: LowerContext, node: TS.ConditionalExpression, rows: boolean): boolean {
  const { ts } = ctx;
  const written = [node.whenTrue, node.whenFalse].some((branch) => {
    const e = skipParentheses(ts, branch);
    const row = !rows && ts.isElementAccessExpression(e) && isMatrixRow(ctx, e);
    const named = row ? skipParentheses(ts, (e as TS.ElementAccessExpression).expression) : e;
    const symbol = ts.isIdentifier(named) ? ctx.checker.getSymbolAtLocation(named) : undefined;
    return symbol !== undefined && mayBeWritten(ts, ctx.checker, symbol, rows || row);
  });
  // Reported at the choice: the second name it gives an array written elsewhere is what is refused.
  if (written) ctx.sink.report(node, Messages.ArrayRebinding, [shorten(node.getText(ctx.sourceFile))]);
  return written;
}

/**
 * 'if (test) fill(whenTrue) else fill(whenFalse)', each branch lowered where it runs (both, so that each reports what
 * it cannot lower); false if either fill fails.
 */
export function lowerChoice(
  ctx: LowerContext,
  node: TS.ConditionalExpression,
  fill: (branch: TS.Expression) => boolean,
): boolean {
  const test = lowerAtom(ctx, node.condition, "cond");
  let built = true;
  const then = collectStmts(ctx, () => (built = fill(skipParentheses(ctx.ts, node.whenTrue)) && built));
  const otherwise = collectStmts(ctx, () => (built = fill(skipParentheses(ctx.ts, node.whenFalse)) && built));
  if (built) ctx.out.push({ kind: "if", test, then, else: otherwise, origin: ctx.origin });
  return built;
}
