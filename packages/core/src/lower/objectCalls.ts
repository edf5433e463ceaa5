/**
 * Calls to functions that return an object or a tuple, inlined where they are called, as calls returning arrays are
 * (arrayCalls.ts): the callee's statements with its parameters bound to the arguments, and the value its final
 * 'return' builds becomes a local object of the caller, flattened into one variable per field:
 *   'const { m, v } = stats(a)', 'const s = stats(a)', 'const [r, t] = polar(x, y)'
 * Fields read afterwards ('s.m', 'p[0]') are those variables, and derivatives flow through the inlined statements.
 */
import type * as TS from "typescript";
import { Messages } from "../diagnostics/messages";
import { functionName } from "../collect/resolve";
import { index, length, num, v, type Expr } from "../ir/expr";
import { isArrayType } from "../ir/stmt";
import { argumentsOf, objectFieldsOf, type LowerContext, type ObjectBinding } from "./context";
import { calleeBody, inlinedCallee, inlineUpToReturn } from "./arrayCalls";
import { bindParameters, inCalleeModule, inlinableCall, inlineBlock } from "./localFunctions";
import { fieldVariables } from "./objectAssign";
import { lowerObjectReduce } from "./objectReduce";
import { lowerObjectValue } from "./statements";
import { resolveMember, skipParentheses } from "./arrays";
import { lowerAtom, requireNumber, shorten } from "./expressions";

/**
 * Inlines `node` when it calls a function of the program: `{ binding }`, the object its return builds, or no binding
 * when a diagnostic says why it cannot be inlined. Undefined when `node` calls nothing Cotangent can inline.
 */
export function inlineObjectCall(
  ctx: LowerContext,
  prefix: string,
  node: TS.Expression,
): { binding: ObjectBinding | undefined } | undefined {
  const { ts } = ctx;
  const callee = inlinedCallee(ctx, node);
  if (!callee) return undefined;
  const { fn, site } = callee;
  if (!inlinableCall(ctx, fn, site)) return { binding: undefined };
  const { statements, returned } = calleeBody(ts, fn);
  const name = functionName(ts, fn) ?? "result";
  if (!returned) {
    // Several returns: each fills the variables of one result, as an assignment to an object variable does.
    const fields = objectFieldsOf(ctx, ctx.checker.getTypeAtLocation(node));
    const result = fields && fieldVariables(ctx, `${name}_result`, fields);
    if (!result) {
      ctx.sink.report(node, Messages.ObjectCallReturns, [functionName(ts, fn) ?? node.getText(ctx.sourceFile)]);
      return { binding: undefined };
    }
    bindParameters(ctx, fn.parameters, argumentsOf(ts, site));
    return inCalleeModule(ctx, fn, () => {
      const label = ctx.namer.unique(`${name}_body`);
      inlineBlock(ctx, { fn, result: undefined, resultObject: result, label, self: callee.self, site }, statements);
      return { binding: result };
    });
  }
  // Arguments are evaluated where the call is, in the caller's module; the body where it was written.
  bindParameters(ctx, fn.parameters, argumentsOf(ts, site));
  return inCalleeModule(ctx, fn, () =>
    inlineUpToReturn(ctx, callee, { statements, returned }, (value) => ({
      binding: lowerObjectValue(ctx, prefix, value),
    })),
  );
}

/**
 * The object a name holds ('p', 'net.layer'), or one a call or a 'new' builds right there ('a.add(b).scale(2)', 'new
 * V2(x, y).norm', '[a, b] = step(a, b)'), built once however often the expression is looked at while lowered.
 */
export function heldOrBuilt(ctx: LowerContext, node: TS.Expression, prefix: string): ObjectBinding | undefined {
  const { ts } = ctx;
  const named = resolveMember(ctx, node);
  if (named instanceof Map) return named;
  const e = skipParentheses(ts, node);
  if (!(ts.isCallExpression(e) || ts.isNewExpression(e)) || !objectFieldsOf(ctx, ctx.checker.getTypeAtLocation(e))) {
    return undefined;
  }
  // The same node lowered again (its function inlined at another call) builds its own object.
  const frame = ctx.inlining[ctx.inlining.length - 1];
  const built = ctx.builtObjects.get(e);
  if (built && built.frame === frame) return built.binding;
  const binding = lowerObjectValue(ctx, prefix, e);
  if (binding) ctx.builtObjects.set(e, { frame, binding });
  return binding;
}

/**
 * A field read straight off the result of such a call ('polar(x, y)[0]', 'stats(a).mean', 'fit(a).coef[k]'): the call
 * is inlined as 'const s = stats(a)' would be, and the path followed through its fields. Undefined when `node` is not
 * a path over a call returning an object or a tuple.
 */
export function readOffObjectCall(
  ctx: LowerContext,
  node: TS.PropertyAccessExpression | TS.ElementAccessExpression,
): Expr | undefined {
  const { ts } = ctx;
  const path: (TS.PropertyAccessExpression | TS.ElementAccessExpression)[] = [];
  let root: TS.Expression = node;
  for (;;) {
    root = skipParentheses(ts, root);
    if (!ts.isPropertyAccessExpression(root) && !ts.isElementAccessExpression(root)) break;
    path.unshift(root);
    root = root.expression;
  }
  if (!ts.isCallExpression(root) || !objectFieldsOf(ctx, ctx.checker.getTypeAtLocation(root))) return undefined;
  const callee = inlinedCallee(ctx, root);
  // 'x.reduce((acc, v) => ({ … }), { … }).sq': the accumulator's fields (lower/objectReduce.ts).
  const inlined = callee
    ? inlineObjectCall(ctx, functionName(ts, callee.fn) ?? "result", root)
    : lowerObjectReduce(ctx, "reduced", root);
  if (!inlined) return undefined;
  // A call that cannot be inlined has had its diagnostic.
  if (!inlined.binding) return num(0);
  let value: string | ObjectBinding | undefined = inlined.binding;
  for (const [k, access] of path.entries()) {
    if (value instanceof Map) {
      value = value.get(fieldKey(ts, access) ?? "");
    } else if (value !== undefined && k === path.length - 1 && isArrayType(ctx.locals.get(value))) {
      // The last step may index an array field ('fit(a).coef[k]') or take its length.
      if (ts.isElementAccessExpression(access)) {
        requireNumber(ctx, access.argumentExpression);
        return index(value, lowerAtom(ctx, access.argumentExpression, "index"));
      }
      if (access.name.text === "length") return length(value);
      value = undefined;
    } else {
      value = undefined;
    }
  }
  if (typeof value === "string" && !isArrayType(ctx.locals.get(value))) return v(value);
  ctx.sink.report(node, Messages.UnsupportedArrayOperation, [shorten(node.getText(ctx.sourceFile))]);
  return num(0);
}

/** The field an access names: 'o.name', or a tuple's 'p[0]'; undefined for a computed index. */
function fieldKey(ts: typeof TS, access: TS.PropertyAccessExpression | TS.ElementAccessExpression): string | undefined {
  if (ts.isPropertyAccessExpression(access)) return access.name.text;
  return ts.isNumericLiteral(access.argumentExpression) ? access.argumentExpression.text : undefined;
}
