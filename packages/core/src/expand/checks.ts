/** What the markers check of the function they differentiate: its result's type, and its writes for second order. */
import type * as TS from "typescript";
import { Messages } from "../diagnostics/messages";
import type { FunctionLike } from "../collect/resolve";
import { vectorResultType } from "../lower/context";
import type { MarkerContext } from "./markers";
import { arrayElements } from "./argnums";
import type { Signature } from "./signature";

/**
 * Reports why `marker` cannot differentiate `fn` twice, if it cannot: the second derivatives do not yet follow writes
 * into parameters, of the function or of a function it calls, and a gradient it calls would need third derivatives.
 */
export function refusesSecondOrder(
  ctx: MarkerContext,
  marker: string,
  fnName: string,
  fn: FunctionLike,
  at: TS.Node,
  nested = false,
): boolean {
  const blocker = ctx.registry.secondOrderBlocker(fn);
  if (blocker) ctx.sink.report(at, blocker.message, [marker, fnName, blocker.culprit]);
  if (blocker) return true;
  // hvp and hessian draw once per product (wrappers.ts: one realization for all of them); a recursive callee's
  // second-order code, and a gradient's sweeps under another marker, draw more than once per product.
  const draws = ctx.registry.drawsRandomNumbers(fn);
  if (draws === "recursive callee" || (draws && nested)) {
    const where = draws === "recursive callee" ? "a recursive function it calls" : `'${fnName}' or what it calls`;
    ctx.sink.report(at, Messages.SecondOrderDraws, [marker, fnName, where]);
    return true;
  }
  return false;
}

/**
 * jvp's parameters held still, after checking its arity: a tangent written as the literal 0 makes its parameter a
 * constant (no derivative code, and no NaN·0), and so does leaving out a parameter with a constant default (its primal
 * is the default). Undefined when the call is not `jvp(f, primals, tangents)`.
 */
export function jvpHeldConstant(
  ctx: MarkerContext,
  node: TS.CallExpression,
  sig: Signature,
): ((k: number) => boolean) | undefined {
  const { ts } = ctx;
  const args = node.arguments;
  if (args.length !== 3) {
    ctx.sink.report(node, Messages.MarkerArity, ["jvp", "a function, an array of primals and an array of tangents"]);
    return undefined;
  }
  const tangentNodes = arrayElements(ts, args[2], sig.count, sig.required);
  return (k) => !!tangentNodes && (k >= tangentNodes.length || isZeroLiteral(ts, tangentNodes[k]));
}

/** Whether `vjp(f, …)` passes f as many values as it takes (those with constant defaults may be left out). */
export function vjpArityFits(ctx: MarkerContext, node: TS.CallExpression, sig: Signature): boolean {
  const spread = node.arguments.find((a) => ctx.ts.isSpreadElement(a));
  if (spread) {
    ctx.sink.report(spread, Messages.SpreadArguments, [spread.getText(), "vjp"]);
    return false;
  }
  const given = node.arguments.length - 1;
  if (given >= sig.required && given <= sig.count) return true;
  ctx.sink.report(node, Messages.MarkerArity, ["vjp", `a function and its ${sig.count} argument(s)`]);
  return false;
}

function isZeroLiteral(ts: typeof TS, node: TS.Expression): boolean {
  return ts.isNumericLiteral(node) && Number(node.text) === 0;
}

export function returnsNumberArray(ts: typeof TS, checker: TS.TypeChecker, fn: FunctionLike): boolean {
  const signature = checker.getSignatureFromDeclaration(fn);
  return !!signature && vectorResultType({ ts, checker }, checker.getReturnTypeOfSignature(signature)) !== undefined;
}

export function returnsNumber(ts: typeof TS, checker: TS.TypeChecker, fn: FunctionLike): boolean {
  const signature = checker.getSignatureFromDeclaration(fn);
  if (!signature) return false;
  return (checker.getReturnTypeOfSignature(signature).flags & ts.TypeFlags.NumberLike) !== 0;
}
