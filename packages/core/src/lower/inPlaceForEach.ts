/**
 * 'layers.forEach((layer, l) => { … })' over an array read in place (an array of matrices, records that hold
 * matrices): a loop over positions, as 'for (const [l, layer] of layers.entries())' is, the callback's first parameter
 * naming the element in place ('layer.W[i][j]', or destructured: '({ W, b }) => …') and its second the position. A
 * 'return' in the callback ends its step, as in JavaScript.
 */
import type * as TS from "typescript";
import { num, v } from "../ir/expr";
import { collectStmts, declareLocal, emitAssign, originOf, type LowerContext } from "./context";
import { matrixAt, matrixCount, matrixListOf } from "./matrixLists";
import { bindColumnPattern, columnsOf, elementCount } from "./recordColumns";
import { inlineBlock } from "./localFunctions";
import { lowerValue } from "./expressions";
import { skipParentheses } from "./arrays";
import { newLoopLabel, pushPositionLoop } from "./statements";

/** Lowers `node` when it is such a forEach; false for anything else (a callback that takes the array itself too). */
export function lowerInPlaceForEach(ctx: LowerContext, node: TS.CallExpression): boolean {
  const { ts } = ctx;
  const callee = node.expression;
  if (!ts.isPropertyAccessExpression(callee) || callee.name.text !== "forEach" || node.arguments.length !== 1) {
    return false;
  }
  const matrices = matrixListOf(ctx, callee.expression);
  const columns = matrices ? undefined : columnsOf(ctx, callee.expression);
  const callback = skipParentheses(ts, node.arguments[0]);
  const inline = ts.isArrowFunction(callback) || ts.isFunctionExpression(callback) ? callback : undefined;
  if ((!matrices && !columns) || !inline || inline.parameters.length > 2) return false;
  const [element, index] = inline.parameters;
  if (index && !ts.isIdentifier(index.name)) return false;
  const pattern = element && ts.isObjectBindingPattern(element.name) ? element.name : undefined;
  if (element && !ts.isIdentifier(element.name) && !(columns && pattern)) return false;
  const origin = ctx.origin;
  const position = ctx.namer.unique(`${element?.name.getText(ctx.sourceFile) ?? "element"}_index`);
  ctx.locals.set(position, "number");
  emitAssign(ctx, position, num(0));
  const label = newLoopLabel(ctx, undefined);
  let bound = true;
  const first = collectStmts(ctx, () => {
    const at = v(position);
    if (index) {
      const counter = ctx.checker.getSymbolAtLocation(index.name);
      emitAssign(ctx, declareLocal(ctx, counter, index.name.getText(ctx.sourceFile), "number"), at);
    }
    const symbol = element && ts.isIdentifier(element.name) ? ctx.checker.getSymbolAtLocation(element.name) : undefined;
    if (matrices && symbol) ctx.listedMatrices.set(symbol, matrixAt(ctx, matrices, at));
    else if (columns && pattern) bound = bindColumnPattern(ctx, pattern, { columns, at });
    else if (columns && symbol) ctx.columnElements.set(symbol, { columns, at });
  });
  if (!bound) return false;
  const body = collectStmts(ctx, () => {
    ctx.origin = originOf(ctx, inline.body);
    if (!ts.isBlock(inline.body)) lowerValue(ctx, inline.body, "step");
    else
      inlineBlock(
        ctx,
        { fn: inline, result: undefined, label: ctx.namer.unique(`${label}_step`) },
        inline.body.statements,
      );
  });
  ctx.origin = origin;
  const size = matrices ? matrixCount(matrices) : columns ? elementCount(columns) : num(0);
  pushPositionLoop(ctx, label, position, size, [...first, ...body], origin);
  return true;
}
