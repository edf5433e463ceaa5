/**
 * `a ?? b`. Under `noUncheckedIndexedAccess` TypeScript types an element read as `number | undefined`, and
 * `x[i - 1] ?? 0` is how a stencil reads past an edge. An element read is undefined exactly when its index is no
 * index of the array (a `number[]` holds numbers), so it is lowered to a branch, which AD differentiates like any:
 *
 *   y = x[j] ?? b   →   if (Math.floor(j) === j && j >= 0 && j < x.length) { y = x[j] } else { y = b }
 *
 * whatever the static type says (without that option `x[9]` is typed `number` and may still be undefined). The same
 * holds for `x.at(i) ?? b` once `i` counts from the start, for `x.find(p) ?? b` at the position found (-1 when none
 * is), and for `m[i]?.[j] ?? b`, which also tests that row `i` exists. A chain `a ?? b ?? c` is `a ?? (b ?? c)`, and
 * `(c ? a : a2) ?? b` is `c ? a ?? b : a2 ?? b`, so each read in them gets its test. Any other left operand is its
 * own value when its type excludes null and undefined: JavaScript never evaluates `b` then. A left operand that may
 * be nullish (an optional field, a call that may return undefined) is TS990074.
 */
import type * as TS from "typescript";
import { binary, call, length, num, v, type Expr, type IndexExpr } from "../ir/expr";
import { Messages } from "../diagnostics/messages";
import { lowerElementRead, skipParentheses } from "./arrays";
import { lowerArraySearch, returnsElement } from "./arraySearches";
import { collectStmts, emitAssign, freshTemp, type LowerContext } from "./context";
import { lowerAtom, lowerInto, shorten } from "./expressions";

export function lowerNullish(ctx: LowerContext, node: TS.BinaryExpression, hint: string): Expr {
  const temp = freshTemp(ctx, `${hint}_or`, hint, "number");
  coalesceInto(ctx, temp, operandsOf(ctx.ts, node), hint);
  return v(temp);
}

/** The operands of a chain 'a ?? b ?? c', which JavaScript reads as '(a ?? b) ?? c': the same as 'a ?? (b ?? c)'. */
function operandsOf(ts: typeof TS, node: TS.Expression): TS.Expression[] {
  const e = withoutAssertions(ts, node);
  if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken) {
    return [...operandsOf(ts, e.left), ...operandsOf(ts, e.right)];
  }
  return [node];
}

/** `target` = the first operand that is neither null nor undefined, the last one if none is. */
function coalesceInto(ctx: LowerContext, target: string, operands: readonly TS.Expression[], hint: string): void {
  const { ts } = ctx;
  const [first, ...rest] = operands;
  if (rest.length === 0) return lowerInto(ctx, target, first);
  const left = withoutAssertions(ts, first);
  const branch = (test: Expr, then: () => void, otherwise: () => void): void => {
    const thenStmts = collectStmts(ctx, then);
    const elseStmts = collectStmts(ctx, otherwise);
    ctx.out.push({ kind: "if", test, then: thenStmts, else: elseStmts, origin: ctx.origin });
  };
  if (ts.isConditionalExpression(left)) {
    const test = lowerAtom(ctx, left.condition, "cond");
    return branch(
      test,
      () => coalesceInto(ctx, target, [left.whenTrue, ...rest], hint),
      () => coalesceInto(ctx, target, [left.whenFalse, ...rest], hint),
    );
  }
  const method = ts.isCallExpression(left) && ts.isPropertyAccessExpression(left.expression) && left.expression.name;
  const searchReadsElement = method && returnsElement(method.text);
  // 'p["w"]' names a field, as 'p.w' does: its type says whether it may be missing.
  const isElement = ts.isElementAccessExpression(left) && !ts.isStringLiteralLike(left.argumentExpression);
  const read = isElement
    ? lowerElementRead(ctx, left as TS.ElementAccessExpression)
    : searchReadsElement
      ? lowerArraySearch(ctx, left as TS.CallExpression, hint)
      : undefined;
  if (read && read.kind !== "index") return emitAssign(ctx, target, read);
  if (read) {
    // 'm[i]?.[j]': row i may be missing too (without '?.', JavaScript throws there, as the row's length does here).
    const optionalRow = ts.isElementAccessExpression(left) && left.questionDotToken !== undefined && read.outer;
    const test = optionalRow
      ? binary(
          "&&",
          isIndexOf(ctx, read.outer as Expr, length(read.array), hint),
          isIndexOf(ctx, read.index, length(read.array, read.outer), hint),
        )
      : isIndexOf(ctx, read.index, length(read.array, read.outer), hint);
    return branch(
      test,
      () => emitAssign(ctx, target, read as IndexExpr),
      () => coalesceInto(ctx, target, rest, hint),
    );
  }
  if (!mayBeNullish(ts, ctx.checker.getTypeAtLocation(left))) return lowerInto(ctx, target, left);
  ctx.sink.report(left, Messages.NullishOperand, [shorten(left.getText(ctx.sourceFile))]);
  emitAssign(ctx, target, num(0));
}

/** 'Math.floor(at) === at && at >= 0 && at < size': whether `at` is an index of an array of that size. */
function isIndexOf(ctx: LowerContext, at: Expr, size: Expr, hint: string): Expr {
  const floor = freshTemp(ctx, `floor_${hint}`, hint, "number");
  emitAssign(ctx, floor, call("Math.floor", [at]));
  return binary("&&", binary("&&", binary("===", v(floor), at), binary(">=", at, num(0))), binary("<", at, size));
}

function withoutAssertions(ts: typeof TS, node: TS.Expression): TS.Expression {
  let e = skipParentheses(ts, node);
  while (ts.isAsExpression(e) || ts.isSatisfiesExpression(e)) e = skipParentheses(ts, e.expression);
  return e;
}

function mayBeNullish(ts: typeof TS, type: TS.Type): boolean {
  const nullish =
    ts.TypeFlags.Undefined | ts.TypeFlags.Null | ts.TypeFlags.Void | ts.TypeFlags.Any | ts.TypeFlags.Unknown;
  return (type.isUnion() ? type.types : [type]).some((t) => (t.flags & nullish) !== 0);
}
