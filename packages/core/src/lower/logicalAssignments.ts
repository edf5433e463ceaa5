/**
 * 'a &&= b' and 'a ||= b' on flags, 'a ??= b' on a local that may be undefined or an optional parameter: the
 * assignment 'a = b' in a branch, which runs where JavaScript evaluates b ('a ??= b' where a's flag says it holds no
 * number). The expression's value is a's, after.
 */
import type * as TS from "typescript";
import { num, unary, v, type Expr } from "../ir/expr";
import { Messages } from "../diagnostics/messages";
import { collectStmts, varTypeOf, type LowerContext } from "./context";
import { assignmentTarget, lowerAtom, shorten } from "./expressions";
import { assignWithPresence, mayBeUndefined, presenceFlag } from "./nullish";
import { skipParentheses } from "./arrays";

/** Undefined where `node` is no logical assignment. */
export function lowerLogicalAssignment(ctx: LowerContext, node: TS.BinaryExpression): Expr | undefined {
  const { ts } = ctx;
  const kind = node.operatorToken.kind;
  const { AmpersandAmpersandEqualsToken, BarBarEqualsToken, QuestionQuestionEqualsToken } = ts.SyntaxKind;
  if (kind !== AmpersandAmpersandEqualsToken && kind !== BarBarEqualsToken && kind !== QuestionQuestionEqualsToken) {
    return undefined;
  }
  const operator = node.operatorToken.getText(ctx.sourceFile);
  const left = skipParentheses(ts, node.left);
  if (ts.isElementAccessExpression(left)) {
    const element = left.getText(ctx.sourceFile);
    const args = [shorten(node.getText(ctx.sourceFile)), operator, shorten(element), operator.slice(0, 2)];
    ctx.sink.report(node, Messages.LogicalAssignmentToElement, args);
    return num(0);
  }
  let test: Expr;
  if (kind === QuestionQuestionEqualsToken) {
    const flag = presenceFlag(ctx, node.left);
    if (!flag) {
      // A number that cannot be undefined keeps its value, and JavaScript never evaluates the right side.
      if (mayBeUndefined(ctx, node.left)) {
        ctx.sink.report(node.left, Messages.NullishOperand, [shorten(node.left.getText(ctx.sourceFile))]);
        return num(0);
      }
      return lowerAtom(ctx, node.left, "value");
    }
    test = unary("!", v(flag));
  } else {
    const isFlag = (e: TS.Expression) => varTypeOf(ctx, ctx.checker.getTypeAtLocation(e)) === "boolean";
    if (!isFlag(node.left) || !isFlag(node.right)) {
      ctx.sink.report(node, Messages.LogicalOnValues, [shorten(node.getText(ctx.sourceFile)), operator.slice(0, 2)]);
      return num(0);
    }
    const current = lowerAtom(ctx, node.left, "cond");
    test = kind === AmpersandAmpersandEqualsToken ? current : unary("!", current);
  }
  const target = assignmentTarget(ctx, node.left);
  if (!target) return num(0);
  const then = collectStmts(ctx, () => assignWithPresence(ctx, target, node.left, node.right));
  ctx.out.push({ kind: "if", test, then, else: [], origin: ctx.origin });
  return v(target);
}
