/**
 * A reduce call as the reduces to objects and to arrays read it (lower/objectReduce.ts, lower/arrayReduce.ts): the
 * array walked, the callback written in place, the initial value, and the value each step returns.
 */
import type * as TS from "typescript";
import type { LowerContext } from "./context";
import { arrayOperand, type Walked } from "./arrayMethods";
import { matrixOperand } from "./localMatrices";
import { recordsName } from "./records";
import { skipParentheses } from "./arrays";

export interface ReduceCall {
  readonly call: TS.CallExpression;
  readonly method: "reduce" | "reduceRight";
  readonly receiver: TS.Expression;
  readonly callback: TS.ArrowFunction | TS.FunctionExpression;
  readonly initial: TS.Expression;
  /** What the callback returns: its expression body, or its block's final 'return'. */
  readonly returned: TS.Expression;
}

/**
 * `node` read as a reduce with an initial value (of `kind`, for the reason given otherwise): undefined when it is no
 * call of 'reduce' or 'reduceRight', `{ refused }` with why when it cannot be lowered.
 */
export function readReduce(
  ts: typeof TS,
  node: TS.Expression,
  kind: "array" | "object",
): ReduceCall | { readonly refused: string } | undefined {
  const call = skipParentheses(ts, node);
  const callee = ts.isCallExpression(call) ? call.expression : undefined;
  const method = callee && ts.isPropertyAccessExpression(callee) ? callee.name.text : undefined;
  if (!ts.isCallExpression(call) || (method !== "reduce" && method !== "reduceRight")) return undefined;
  const [given, initial] = call.arguments;
  const callback = given && skipParentheses(ts, given);
  const inline = callback && (ts.isArrowFunction(callback) || ts.isFunctionExpression(callback)) ? callback : undefined;
  if (!inline || !initial || call.arguments.length !== 2) {
    return { refused: `give it an inline callback and an initial ${kind}` };
  }
  const returned = finalValue(ts, inline);
  if (!returned) return { refused: "its callback must end with its only 'return'" };
  const receiver = (callee as TS.PropertyAccessExpression).expression;
  return { call, method, receiver, callback: inline, initial, returned };
}

/** The value a callback returns: its expression body, or its block's final 'return' when that is its only one. */
function finalValue(ts: typeof TS, fn: TS.ArrowFunction | TS.FunctionExpression): TS.Expression | undefined {
  if (!ts.isBlock(fn.body)) return fn.body;
  const statements = fn.body.statements;
  const last = statements[statements.length - 1];
  const returns = (node: TS.Node): boolean =>
    ts.isReturnStatement(node) || (!ts.isFunctionLike(node) && (ts.forEachChild(node, returns) ?? false));
  const early = statements.slice(0, -1).some(returns);
  return last && ts.isReturnStatement(last) && !early ? last.expression : undefined;
}

/** What a reduce walks: an array's elements, a matrix's rows, or records; undefined for anything else. */
export function walkOf(ctx: LowerContext, receiver: TS.Expression): Walked | undefined {
  const array = arrayOperand(ctx, receiver);
  if (array) return { array, rows: false };
  const matrix = matrixOperand(ctx, receiver);
  if (matrix) return { array: matrix, rows: true };
  const records = recordsName(ctx, receiver);
  return records !== undefined ? { array: records, rows: false, records: true } : undefined;
}
