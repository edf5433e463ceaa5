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
import { argumentsOf, type LowerContext, type ObjectBinding } from "./context";
import { calleeBody, inlinedCallee, inlineUpToReturn } from "./arrayCalls";
import { bindParameters, inCalleeModule, inlinableCall } from "./localFunctions";
import { lowerObjectValue } from "./statements";

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
  if (!returned) {
    ctx.sink.report(node, Messages.ObjectCallReturns, [functionName(ts, fn) ?? node.getText(ctx.sourceFile)]);
    return { binding: undefined };
  }
  // Arguments are evaluated where the call is, in the caller's module; the body where it was written.
  bindParameters(ctx, fn.parameters, argumentsOf(ts, site));
  return inCalleeModule(ctx, fn, () =>
    inlineUpToReturn(ctx, callee, { statements, returned }, (value) => ({
      binding: lowerObjectValue(ctx, prefix, value),
    })),
  );
}
