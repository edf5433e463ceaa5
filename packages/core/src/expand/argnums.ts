/**
 * Reading a marker's `argnums` (a number literal, or for the gradient markers an array literal of them) and checking
 * that a marker's result is called with as many values as the function takes.
 */
import type * as TS from "typescript";
import { Messages } from "../diagnostics/messages";
import type { FunctionLike } from "../collect/resolve";
import type { MarkerContext } from "./markers";
import type { Signature } from "./signature";
import { numberLiteral } from "../lower/defaults";

export interface Argnums {
  readonly indices: readonly number[];
  readonly asArray: boolean;
}

export function readArgnums(
  ctx: MarkerContext,
  marker: string,
  node: TS.Expression | undefined,
  fallback: TS.Node,
  fn: FunctionLike,
  fnName: string,
  differentiable: (k: number) => boolean,
  count: number,
): Argnums | undefined {
  const { ts, sink } = ctx;
  let indices: number[];
  let nodes: TS.Node[];
  let asArray = false;
  if (!node) {
    indices = [0];
    // No 'argnums': problems are reported at the marker's function argument.
    nodes = [fallback];
  } else if (numberLiteral(ts, node) !== undefined) {
    // '-1' too: out of range, rather than not a literal.
    indices = [numberLiteral(ts, node) as number];
    nodes = [node];
  } else if (ts.isArrayLiteralExpression(node) && node.elements.every((e) => numberLiteral(ts, e) !== undefined)) {
    indices = node.elements.map((e) => numberLiteral(ts, e) as number);
    nodes = [...node.elements];
    asArray = true;
  } else {
    sink.report(node, Messages.ArgnumsNotLiteral, [marker]);
    return undefined;
  }
  for (const [k, i] of indices.entries()) {
    const at = nodes[k];
    if (!Number.isInteger(i) || i < 0 || i >= count) {
      sink.report(at, Messages.ArgnumsOutOfRange, [i, fnName, count, count - 1]);
      return undefined;
    }
    if (!differentiable(i)) {
      const p = fn.parameters[i];
      const type = ctx.checker.typeToString(ctx.checker.getTypeAtLocation(p));
      sink.report(at, Messages.ArgnumsNotDifferentiable, [i, p.name.getText(), fnName, type]);
      return undefined;
    }
  }
  return { indices, asArray };
}

/**
 * Where a marker passes a number of values `f` does not take: the call of its result ('grad(f)(x)' when f takes
 * two), or jvp's primals or tangents array literal (one value for each parameter; in all of them the parameters with
 * constant defaults at the end, `required` on, may be left out, and jvp's two literals give as many values).
 */
export function resultArityError(
  ts: typeof TS,
  node: TS.CallExpression,
  name: string,
  count: number,
  required: number,
): { node: TS.Node; count: number } | undefined {
  const candidates: { node: TS.Node; values: TS.NodeArray<TS.Expression>; least: number }[] = [];
  const parent = node.parent;
  if (name !== "jvp" && name !== "vjp" && ts.isCallExpression(parent) && parent.expression === node) {
    candidates.push({ node: parent, values: parent.arguments, least: required });
  }
  if (name === "jvp") {
    const literals = node.arguments.slice(1).filter(ts.isArrayLiteralExpression);
    for (const arg of literals) {
      // The tangents literal gives as many values as the primals literal.
      const least = arg === literals[1] ? literals[0].elements.length : required;
      candidates.push({ node: arg, values: arg.elements, least });
    }
  }
  const wrong = candidates.find(
    (c) => !c.values.some((e) => ts.isSpreadElement(e)) && (c.values.length < c.least || c.values.length > count),
  );
  return wrong && { node: wrong.node, count: wrong.values.length };
}

/**
 * Reports a marker's result called with a number of values `fn` does not take (resultArityError), if it is; `extra`
 * values come after f's (hvp's direction). True when it reported.
 */
export function reportsResultArity(
  ctx: MarkerContext,
  node: TS.CallExpression,
  name: string,
  sig: Signature,
  fnName: string,
  extra = 0,
): boolean {
  const wrong = resultArityError(ctx.ts, node, name, sig.count + extra, sig.required + extra);
  if (wrong) {
    const args = [wrong.node.getText(), wrong.count, fnName, sig.count];
    ctx.sink.report(wrong.node, Messages.MarkerResultArity, args);
  }
  return wrong !== undefined;
}

/** The 'argnums' of a marker that takes a function and an optional 'argnums' (reported if there are more). */
export function markerArgnums(
  ctx: MarkerContext,
  node: TS.CallExpression,
  name: string,
  fn: FunctionLike,
  fnName: string,
  sig: Signature,
  differentiable: (k: number) => boolean,
): Argnums | undefined {
  const args = node.arguments;
  // grad and valueAndGrad take options after 'argnums' ('{ hasAux: true }', expand/aux.ts).
  const options = name === "grad" || name === "valueAndGrad";
  if (args.length > (options ? 3 : 2)) {
    const expected = options ? "a function, an optional 'argnums' and options" : "a function and an optional 'argnums'";
    ctx.sink.report(node, Messages.MarkerArity, [name, expected]);
    return undefined;
  }
  // 'grad(f, undefined, { hasAux: true })': the default argnums.
  const given = args[1];
  const argnums = given && ctx.ts.isIdentifier(given) && given.text === "undefined" ? undefined : given;
  return readArgnums(ctx, name, argnums, args[0], fn, fnName, differentiable, sig.count);
}

/** The flattened parameters under the parameters of `argnums`, each once, in order. */
export function argnumLeaves(sig: Signature, argnums: Argnums): number[] {
  return [...new Set(argnums.indices.flatMap((k) => sig.differentiable(k)))].sort((a, b) => a - b);
}

/** The elements of an array literal without spreads of `length` elements, or of `least` to `length` elements. */
export function arrayElements(
  ts: typeof TS,
  node: TS.Expression,
  length: number,
  least = length,
): readonly TS.Expression[] | undefined {
  if (!ts.isArrayLiteralExpression(node) || node.elements.length < least || node.elements.length > length) {
    return undefined;
  }
  return node.elements.some((e) => ts.isSpreadElement(e)) ? undefined : node.elements;
}
