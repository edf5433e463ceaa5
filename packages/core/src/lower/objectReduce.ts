/**
 * A reduce whose accumulator is an object of numbers, as statistics are gathered in one pass:
 *   'const r = x.reduce((acc, v) => ({ sum: acc.sum + v, sq: acc.sq + v * v }), { sum: 0, sq: 0 })'
 * The accumulator is variables of its own (r_sum, r_sq), set from the initial object; each step inlines the callback
 * with its first parameter naming them, and copies the object it returns into them, as an assignment to an object
 * variable does (lower/objectAssign.ts). Walks what a reduce of numbers walks: an array, a matrix's rows, records.
 */
import type * as TS from "typescript";
import { v } from "../ir/expr";
import { Messages } from "../diagnostics/messages";
import { objectFieldsOf, type LowerContext, type ObjectBinding } from "./context";
import { bindCallbackParameters, eachItem, itemAt } from "./arrayMethods";
import { assignReturnedObject, fieldVariables } from "./objectAssign";
import { lowerStatements } from "./statements";
import { shorten } from "./expressions";
import { readReduce, walkOf } from "./reduceCalls";

/**
 * `node` lowered when it is such a reduce: `{ binding }`, the accumulator's variables (undefined after a diagnostic);
 * undefined when `node` is no reduce of an object.
 */
export function lowerObjectReduce(
  ctx: LowerContext,
  prefix: string,
  node: TS.CallExpression,
): { binding: ObjectBinding | undefined } | undefined {
  const { ts } = ctx;
  const reduce = readReduce(ts, node, "object");
  if (!reduce) return undefined;
  // 'x.reduce(…)', as readReduce found it.
  const receiver = (node.expression as TS.PropertyAccessExpression).expression;
  const fields = objectFieldsOf(ctx, ctx.checker.getTypeAtLocation(node));
  if (!fields || !ctx.checker.getTypeAtLocation(receiver).getNumberIndexType()) return undefined;
  const refuse = (why: string) => {
    ctx.sink.report(node, Messages.ReduceUnsupported, [shorten(node.getText(ctx.sourceFile)), why]);
    return { binding: undefined };
  };
  if ("refused" in reduce) return refuse(reduce.refused);
  const { callback, initial, returned } = reduce;
  const walked = walkOf(ctx, receiver);
  if (!walked) return refuse("it walks an array, a matrix's rows or records only");
  const acc = fieldVariables(ctx, prefix, fields);
  if (!acc) return refuse("its fields must be numbers or objects of numbers");
  if (!assignReturnedObject(ctx, acc, initial)) return refuse("its initial object must have the result's fields");
  let shaped = true;
  eachItem(
    ctx,
    walked,
    (k) => {
      bindCallbackParameters(ctx, callback, [{ object: acc }, itemAt(ctx, walked, k), v(k)], walked.array);
      if (ts.isBlock(callback.body)) lowerStatements(ctx, callback.body.statements.slice(0, -1));
      shaped = assignReturnedObject(ctx, acc, returned) && shaped;
    },
    { downward: reduce.method === "reduceRight" },
  );
  return shaped ? { binding: acc } : refuse("each step must return an object of the result's fields");
}
