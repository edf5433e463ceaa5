/**
 * 'const v = flag ? x : z', 'dot(flag ? z : x, w)', 'c ? A[0] : x': an array chosen by a test. JavaScript's v is the chosen array
 * itself; generated code copies it into v's own (only the branch taken runs), which reads the same while nothing
 * writes either array, through any name (writesThrough.ts follows the chosen array into v and wherever v goes). So
 * the choice is lowered only then; otherwise it is TS990075, one array under two names.
 */
import type * as TS from "typescript";
import type { ArrayType } from "../ir/expr";
import { collectStmts, type LowerContext } from "./context";
import { arrayOperand, copyArray, lowerArrayInit } from "./arrayMethods";
import { isMatrixRow, skipParentheses, vectorName } from "./arrays";
import { lowerAtom, shorten } from "./expressions";
import { Messages } from "../diagnostics/messages";
import { mayBeWritten } from "./writesThrough";

/** Fills `target` with a copy of the array `node` chooses; false when a branch is no array it can build. */
export function lowerChosenArray(
  ctx: LowerContext,
  target: string,
  type: ArrayType,
  node: TS.ConditionalExpression,
): boolean {
  const { ts } = ctx;
  const branches = [node.whenTrue, node.whenFalse].map((branch) => skipParentheses(ts, branch));
  // A name's numbers, or a matrix's rows for a row ('c ? A[0] : x').
  const written = branches.some((branch) => {
    const row = ts.isElementAccessExpression(branch) && isMatrixRow(ctx, branch);
    const named = row ? skipParentheses(ts, (branch as TS.ElementAccessExpression).expression) : branch;
    const symbol = ts.isIdentifier(named) ? ctx.checker.getSymbolAtLocation(named) : undefined;
    return symbol !== undefined && mayBeWritten(ts, ctx.checker, symbol, row);
  });
  if (written) {
    // Reported here: the choice itself is fine, the second name it gives an array written elsewhere is not.
    ctx.sink.report(node, Messages.ArrayRebinding, [shorten(node.getText(ctx.sourceFile))]);
    return true;
  }
  const test = lowerAtom(ctx, node.condition, "cond");
  const fill = (branch: TS.Expression) => {
    const name = vectorName(ctx, branch) ?? (isMatrixRow(ctx, branch) ? arrayOperand(ctx, branch) : undefined);
    if (!name) return lowerArrayInit(ctx, target, type, branch);
    copyArray(ctx, target, type, name);
    return true;
  };
  let built = true;
  const then = collectStmts(ctx, () => (built &&= fill(branches[0])));
  const otherwise = collectStmts(ctx, () => (built &&= fill(branches[1])));
  if (built) ctx.out.push({ kind: "if", test, then, else: otherwise, origin: ctx.origin });
  return built;
}
