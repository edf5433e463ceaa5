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
import { arrayOperand, bindCallbackParameters, eachItem, itemAt, type Walked } from "./arrayMethods";
import { matrixOperand } from "./localMatrices";
import { recordsName } from "./records";
import { assignReturnedObject, fieldVariables } from "./objectAssign";
import { lowerStatements } from "./statements";
import { skipParentheses } from "./arrays";
import { shorten } from "./expressions";

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
  const callee = node.expression;
  const method = ts.isPropertyAccessExpression(callee) ? callee.name.text : undefined;
  if (method !== "reduce" && method !== "reduceRight") return undefined;
  const fields = objectFieldsOf(ctx, ctx.checker.getTypeAtLocation(node));
  const receiver = (callee as TS.PropertyAccessExpression).expression;
  if (!fields || !ctx.checker.getTypeAtLocation(receiver).getNumberIndexType()) return undefined;
  const refuse = (why: string) => {
    ctx.sink.report(node, Messages.ReduceUnsupported, [shorten(node.getText(ctx.sourceFile)), why]);
    return { binding: undefined };
  };
  const [given, initial] = node.arguments;
  const callback = given && skipParentheses(ts, given);
  const inline = callback && (ts.isArrowFunction(callback) || ts.isFunctionExpression(callback)) ? callback : undefined;
  if (!inline || !initial || node.arguments.length !== 2) {
    return refuse("give it an inline callback and an initial object");
  }
  const returned = finalValue(ts, inline);
  if (!returned) return refuse("its callback must end with its only 'return'");
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
      bindCallbackParameters(ctx, inline, [{ object: acc }, itemAt(ctx, walked, k), v(k)], walked.array);
      if (ts.isBlock(inline.body)) lowerStatements(ctx, inline.body.statements.slice(0, -1));
      shaped = assignReturnedObject(ctx, acc, returned) && shaped;
    },
    { downward: method === "reduceRight" },
  );
  return shaped ? { binding: acc } : refuse("each step must return an object of the result's fields");
}

/** The object a callback returns: its expression body, or its block's final 'return' when that is its only one. */
export function finalValue(ts: typeof TS, fn: TS.ArrowFunction | TS.FunctionExpression): TS.Expression | undefined {
  if (!ts.isBlock(fn.body)) return fn.body;
  const statements = fn.body.statements;
  const last = statements[statements.length - 1];
  const returns = (node: TS.Node): boolean =>
    ts.isReturnStatement(node) || (!ts.isFunctionLike(node) && (ts.forEachChild(node, returns) ?? false));
  const early = statements.slice(0, -1).some(returns);
  return last && ts.isReturnStatement(last) && !early ? last.expression : undefined;
}

/** What the reduce walks: an array's elements, a matrix's rows, or records; undefined for anything else. */
export function walkOf(ctx: LowerContext, receiver: TS.Expression): Walked | undefined {
  const array = arrayOperand(ctx, receiver);
  if (array) return { array, rows: false };
  const matrix = matrixOperand(ctx, receiver);
  if (matrix) return { array: matrix, rows: true };
  const records = recordsName(ctx, receiver);
  return records !== undefined ? { array: records, rows: false, records: true } : undefined;
}
