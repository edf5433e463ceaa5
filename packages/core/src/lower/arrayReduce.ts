/**
 * A reduce whose accumulator is an array, a network's forward pass written functionally:
 *   'const y = layers.reduce((h, layer) => dense(layer, h), x)'
 * lowered as 'let h = x.slice(); for (const layer of layers) h = dense(layer, h)' is (lower/arrayAssign.ts): the
 * result is a local array that starts as a copy of the initial one, and each step's new array (a helper's, a map's) is
 * copied into it. Walks an array read in place (records that hold matrices, arrays of matrices), an array, a matrix's
 * rows or records.
 */
import type * as TS from "typescript";
import { v, type ArrayType } from "../ir/expr";
import { Messages } from "../diagnostics/messages";
import { collectStmts, type LowerContext } from "./context";
import { arrayOperand, bindCallbackParameters, copyArray, eachItem, itemAt } from "./arrayMethods";
import { arraysBefore, builtArray, isNewArray } from "./arrayAssign";
import { bindPosition, inPlaceWalk, positionOf } from "./inPlaceForEach";
import { readReduce, walkOf } from "./reduceCalls";
import { lowerStatements, newLoopLabel, pushPositionLoop } from "./statements";
import { skipParentheses } from "./arrays";
import { shorten } from "./expressions";
import { mayBeWritten } from "./writesThrough";

/** Fills `target` with the reduce `node` gives; false when `node` is no reduce (reports what it cannot lower). */
export function lowerArrayReduce(ctx: LowerContext, target: string, type: ArrayType, node: TS.Expression): boolean {
  const { ts } = ctx;
  const reduce = readReduce(ts, node, "array");
  if (!reduce) return false;
  const call = skipParentheses(ts, node);
  const refuse = (why: string) => {
    ctx.sink.report(call, Messages.ReduceUnsupported, [shorten(call.getText(ctx.sourceFile)), why]);
    return true;
  };
  if ("refused" in reduce) return refuse(reduce.refused);
  const { method, receiver, callback: inline, initial, returned } = reduce;
  const [accumulator, element, index] = inline.parameters;
  const accSymbol =
    accumulator && ts.isIdentifier(accumulator.name) && ctx.checker.getSymbolAtLocation(accumulator.name);
  if (!accSymbol) return refuse("its callback must name the accumulator");
  // JavaScript hands the initial array itself to the first step, and gives it back where no step runs: a copy
  // differs where that array is written, through the accumulator, the result or any other name.
  const written = (symbol: TS.Symbol | undefined) => !!symbol && mayBeWritten(ts, ctx.checker, symbol, false);
  const named = skipParentheses(ts, initial);
  const namedSymbol = ts.isIdentifier(named) ? ctx.checker.getSymbolAtLocation(named) : undefined;
  const result = ts.isVariableDeclaration(call.parent) ? ctx.checker.getSymbolAtLocation(call.parent.name) : undefined;
  if (written(accSymbol) || written(result) || written(namedSymbol)) {
    return refuse(
      "the accumulator, which JavaScript shares with the initial array and the result, is written; return a new array each step ('acc.map(…)'), or start from a copy",
    );
  }
  // A matrix's row or an object's array field ('m[0]', 'o.v', a name for a row) may be written through its matrix or
  // object, which no name of it shows: it is refused unless a new array, as a row is where one of its own is wanted.
  const plainName = namedSymbol !== undefined && ctx.names.has(namedSymbol) && !ctx.rows.has(namedSymbol);
  const before = arraysBefore(ctx);
  const start = arrayOperand(ctx, initial);
  if (!start) return refuse("its initial value must be an array");
  const reached = ts.isElementAccessExpression(named) || ts.isPropertyAccessExpression(named);
  if (reached || (!plainName && !isNewArray(ctx, before, start))) {
    return refuse(
      `its initial array may be written through another name; start from a copy ('${shorten(named.getText(ctx.sourceFile))}.slice()')`,
    );
  }
  copyArray(ctx, target, type, start);
  // One step: the callback's body with the accumulator named, then its new array copied into the accumulator.
  let stepped = true;
  const step = () => {
    if (ts.isBlock(inline.body)) lowerStatements(ctx, inline.body.statements.slice(0, -1));
    const next = builtArray(ctx, target, type, returned);
    if (!next) stepped = false;
    else if (next !== target) copyArray(ctx, target, type, next);
  };
  const inPlace = inPlaceWalk(ctx, receiver);
  if (inPlace) {
    if (method === "reduceRight") return refuse("walk it upward, with 'reduce'");
    const origin = ctx.origin;
    const position = positionOf(ctx, element?.name.getText(ctx.sourceFile));
    const label = newLoopLabel(ctx, undefined);
    let bound = true;
    const body = collectStmts(ctx, () => {
      ctx.names.set(accSymbol, target);
      if (element) bound = inPlace.bind(element.name, v(position));
      if (index && bound) bound = bindPosition(ctx, index.name, v(position));
      if (bound) step();
    });
    if (!bound) return refuse("its callback's element must be a name or '{ … }' of its fields");
    pushPositionLoop(ctx, label, position, inPlace.size, body, origin);
  } else {
    const walked = walkOf(ctx, receiver);
    if (!walked) return refuse("it walks an array, a matrix's rows or records only");
    const walk = (k: string) => {
      bindCallbackParameters(ctx, inline, [{ named: target }, itemAt(ctx, walked, k), v(k)], walked.array);
      step();
    };
    eachItem(ctx, walked, walk, { downward: method === "reduceRight" });
  }
  return stepped || refuse("each step must return a new array (a helper's result, a 'map'), or the accumulator");
}
