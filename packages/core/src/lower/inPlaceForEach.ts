/**
 * 'layers.forEach((layer, l) => { … })' over an array read in place (an array of matrices, records that hold
 * matrices): a loop over positions, as 'for (const [l, layer] of layers.entries())' is, the callback's first parameter
 * naming the element in place ('layer.W[i][j]', or destructured: '({ W, b }) => …') and its second the position. A
 * 'return' in the callback ends its step, as in JavaScript.
 */
import type * as TS from "typescript";
import { num, v, type Expr } from "../ir/expr";
import { collectStmts, declareLocal, emitAssign, originOf, type LowerContext } from "./context";
import { matrixAt, matrixCount, matrixListOf } from "./matrixLists";
import { bindColumnPattern, columnsOf, elementCount } from "./recordColumns";
import { inlineBlock } from "./localFunctions";
import { lowerValue } from "./expressions";
import { skipParentheses } from "./arrays";
import { newLoopLabel, pushPositionLoop } from "./statements";

/** A walk over an array read in place: how many elements, and a name for the one at a position. */
export interface InPlaceWalk {
  readonly size: Expr;
  /** Whether its elements are records, which '{ W, b }' destructures. */
  readonly records: boolean;
  /** Binds `name` to the element at `at`; false for a name written otherwise than an identifier or '{ W, b }'. */
  bind(name: TS.BindingName, at: Expr): boolean;
}

/** The walk over `receiver` when it is an array of matrices or records that hold matrices. */
export function inPlaceWalk(ctx: LowerContext, receiver: TS.Expression): InPlaceWalk | undefined {
  const { ts } = ctx;
  const matrices = matrixListOf(ctx, receiver);
  const columns = matrices ? undefined : columnsOf(ctx, receiver);
  if (matrices) {
    return {
      size: matrixCount(matrices),
      records: false,
      bind: (name, at) => {
        const symbol = ts.isIdentifier(name) ? ctx.checker.getSymbolAtLocation(name) : undefined;
        if (symbol) ctx.listedMatrices.set(symbol, matrixAt(ctx, matrices, at));
        return symbol !== undefined;
      },
    };
  }
  if (!columns) return undefined;
  return {
    size: elementCount(columns),
    records: true,
    bind: (name, at) => {
      if (ts.isObjectBindingPattern(name)) return bindColumnPattern(ctx, name, { columns, at });
      const symbol = ts.isIdentifier(name) ? ctx.checker.getSymbolAtLocation(name) : undefined;
      if (symbol) ctx.columnElements.set(symbol, { columns, at });
      return symbol !== undefined;
    },
  };
}

/** Lowers `node` when it is such a forEach; false for anything else (a callback that takes the array itself too). */
export function lowerInPlaceForEach(ctx: LowerContext, node: TS.CallExpression): boolean {
  const { ts } = ctx;
  const callee = node.expression;
  if (!ts.isPropertyAccessExpression(callee) || callee.name.text !== "forEach" || node.arguments.length !== 1) {
    return false;
  }
  const walk = inPlaceWalk(ctx, callee.expression);
  const callback = skipParentheses(ts, node.arguments[0]);
  const inline = ts.isArrowFunction(callback) || ts.isFunctionExpression(callback) ? callback : undefined;
  if (!walk || !inline || inline.parameters.length > 2) return false;
  const [element, index] = inline.parameters;
  const origin = ctx.origin;
  const position = positionOf(ctx, element?.name.getText(ctx.sourceFile));
  const label = newLoopLabel(ctx, undefined);
  let bound = true;
  const first = collectStmts(ctx, () => {
    if (index) bound = bindPosition(ctx, index.name, v(position));
    if (element && bound) bound = walk.bind(element.name, v(position));
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
  pushPositionLoop(ctx, label, position, walk.size, [...first, ...body], origin);
  return true;
}

/** A walk's position, named after the element's name, starting at 0. */
export function positionOf(ctx: LowerContext, element: string | undefined): string {
  const position = ctx.namer.unique(`${element ?? "element"}_index`);
  ctx.locals.set(position, "number");
  emitAssign(ctx, position, num(0));
  return position;
}

/** An index's name ('(layer, l) => …', '[l, layer]') given the position; false for a pattern. */
export function bindPosition(ctx: LowerContext, index: TS.BindingName, at: Expr): boolean {
  if (!ctx.ts.isIdentifier(index)) return false;
  const counter = ctx.checker.getSymbolAtLocation(index);
  emitAssign(ctx, declareLocal(ctx, counter, index.text, "number"), at);
  return true;
}
