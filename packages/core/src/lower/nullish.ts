/**
 * `a ?? b`. Under `noUncheckedIndexedAccess` TypeScript types an element read as `number | undefined`, and
 * `x[i - 1] ?? 0` is how a stencil reads past an edge. An element read is undefined exactly when its index is no
 * index of the array (a `number[]` holds numbers), so it is lowered to a branch, which AD differentiates like any:
 *
 *   y = x[j] ?? b   →   if (Math.floor(j) === j && j >= 0 && j < x.length) { y = x[j] } else { y = b }
 *
 * whatever the static type says (without that option `x[9]` is typed `number` and may still be undefined); and
 * `x.at(i) ?? b` the same way, once `i` counts from the start. Any other left operand is its own value when its type
 * excludes null and undefined: JavaScript never evaluates `b` then. A left operand that may be nullish (an optional
 * field, a call that may return undefined) is TS990074.
 */
import type * as TS from "typescript";
import { binary, call, length, num, v, type Expr } from "../ir/expr";
import { Messages } from "../diagnostics/messages";
import { lowerElementRead } from "./arrays";
import { lowerArraySearch } from "./arraySearches";
import { collectStmts, emitAssign, freshTemp, type LowerContext } from "./context";
import { lowerInto, lowerValue, shorten } from "./expressions";

export function lowerNullish(ctx: LowerContext, node: TS.BinaryExpression, hint: string): Expr {
  const { ts } = ctx;
  let left: TS.Expression = node.left;
  while (ts.isParenthesizedExpression(left) || ts.isNonNullExpression(left) || ts.isAsExpression(left)) {
    left = left.expression;
  }
  const read = ts.isElementAccessExpression(left)
    ? lowerElementRead(ctx, left)
    : ts.isCallExpression(left) && ts.isPropertyAccessExpression(left.expression) && left.expression.name.text === "at"
      ? lowerArraySearch(ctx, left, hint)
      : undefined;
  if (read) {
    // A tuple's element or an object's field by a literal key is a variable of its own, always there.
    if (read.kind !== "index") return read;
    const at = read.index;
    const floor = freshTemp(ctx, `floor_${hint}`, hint, "number");
    emitAssign(ctx, floor, call("Math.floor", [at]));
    const isIndex = binary(
      "&&",
      binary("&&", binary("===", v(floor), at), binary(">=", at, num(0))),
      binary("<", at, length(read.array, read.outer)),
    );
    const temp = freshTemp(ctx, `${hint}_or`, hint, "number");
    const then = collectStmts(ctx, () => emitAssign(ctx, temp, read));
    const otherwise = collectStmts(ctx, () => lowerInto(ctx, temp, node.right));
    ctx.out.push({ kind: "if", test: isIndex, then, else: otherwise, origin: ctx.origin });
    return v(temp);
  }
  if (!mayBeNullish(ts, ctx.checker.getTypeAtLocation(left))) return lowerValue(ctx, left, hint);
  ctx.sink.report(left, Messages.NullishOperand, [shorten(left.getText(ctx.sourceFile))]);
  return num(0);
}

function mayBeNullish(ts: typeof TS, type: TS.Type): boolean {
  const nullish =
    ts.TypeFlags.Undefined | ts.TypeFlags.Null | ts.TypeFlags.Void | ts.TypeFlags.Any | ts.TypeFlags.Unknown;
  return (type.isUnion() ? type.types : [type]).some((t) => (t.flags & nullish) !== 0);
}
