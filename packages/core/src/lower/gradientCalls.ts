/**
 * A gradient called inside a differentiated function: `grad(f)(x)`, `grad(U, 1)(q, t)`, or `dU(q)` for a `const dU =
 * grad(U)`. It becomes a call of f's gradient that the derivative generators treat as a callee of its own, whose
 * derivatives are products with f's Hessian (second/gradientCall.ts):
 *   'const d = grad(f)(x)'     →  'd = f_grad(x)'                                     (x a number: d is one)
 *   'const g = grad(U)(q, t)'  →  'g = new Float64Array(q.length); value = U_grad_q(q, t, g, 1)'
 * A gradient in an array is written into a new array of the caller's, as `gradInto` writes it: the call writes its
 * `out` parameter, which the derivatives of calls that write arrays already follow.
 */
import type * as TS from "typescript";
import { alloc, call, length, num, v, type ArrayType, type Expr } from "../ir/expr";
import { Messages } from "../diagnostics/messages";
import { markerCallOf, markerOf } from "../collect/markers";
import {
  functionName,
  resolveFunction,
  outermostExpression,
  skipOuterExpressions,
  topLevelStatementOf,
  type FunctionLike,
} from "../collect/resolve";
import { declareLocal, emitAssign, freshTemp, isOptionalNumber, varTypeOf, type LowerContext } from "./context";
import { argumentsFit, calleeArguments, calleeKey, freeCalleeKey } from "./calls";
import { shorten } from "./expressions";
import { auxOption } from "../expand/aux";

/** A gradient a differentiated function calls: of `fn` in its parameter `param`. */
export interface GradientCallee {
  readonly fn: FunctionLike;
  /** The parameter the gradient is taken in (f's parameters are plain numbers and arrays: it is also the IR's). */
  readonly param: number;
  /** A gradient in an array, written into the call's `out` argument (then its seed, 1) after f's arguments. */
  readonly output?: ArrayType;
  /** The first call, where a problem found when generating its derivatives is reported. */
  readonly site: TS.CallExpression;
  /** The gradient as written: 'grad(U)', 'dU'. */
  readonly text: string;
}

/** A call of a marker's result: `grad(f)(x)`, with `marker` the call `grad(f)` (or the one a `const` names). */
export interface MarkerResultCall {
  readonly call: TS.CallExpression;
  readonly marker: TS.CallExpression;
}

/** The call of a marker's result `node` is, inside parentheses, `as` and `!`, if it is one. */
export function calledMarker(ctx: LowerContext, node: TS.Expression): MarkerResultCall | undefined {
  const e = skipOuterExpressions(ctx.ts, node);
  const marker = ctx.ts.isCallExpression(e) ? markerCallOf(ctx.ts, ctx.checker, e.expression) : undefined;
  return marker && { call: e as TS.CallExpression, marker };
}

/** A gradient call checked and its arguments lowered: f, the parameter, the gradient's type, its key. */
interface CheckedGradientCall {
  readonly fn: FunctionLike;
  readonly param: number;
  readonly type: "number" | ArrayType;
  readonly key: string;
  readonly args: Expr[];
}

/**
 * Checks a call of `grad(f, k)` (or of `valueAndGrad(f, k)`, when `withValue` is allowed) and lowers its arguments;
 * undefined after reporting what cannot be differentiated.
 */
function checkedGradientCall(
  ctx: LowerContext,
  { call: node, marker }: MarkerResultCall,
  hint: string,
  withValue: boolean,
): CheckedGradientCall | undefined {
  const { ts, checker } = ctx;
  const refuse = (reason: string) => {
    ctx.sink.report(node, Messages.GradientCallUnsupported, [shorten(node.expression.getText(ctx.sourceFile)), reason]);
    return undefined;
  };
  const name = markerOf(ts, checker, marker);
  if (name !== "grad" && !(withValue && name === "valueAndGrad")) {
    const named = name === "valueAndGrad" ? "; name its value and gradient, 'const [v, g] = valueAndGrad(f)(x)'" : "";
    return refuse(`'${name}' is not differentiated there${named}`);
  }
  const [fnArg, argnums, options] = marker.arguments;
  const aux = options ? auxOption(ts, options) : false;
  if (aux !== false) {
    return refuse(
      aux
        ? "with '{ hasAux: true }' it gives '[gradient, aux]', which is not differentiated there; take the gradient of a function of the module that returns the loss alone, and call 'f' for its aux"
        : "its options must be written in the call, '{ hasAux: false }'",
    );
  }
  if (fnArg && markerCallOf(ts, checker, fnArg)) return refuse("differentiating it would take third derivatives");
  const fn = fnArg && resolveFunction(ts, checker, fnArg);
  if (!fn) return refuse("its function is not known at compile time");
  const fnName = functionName(ts, fn) ?? "the arrow";
  // Its derivatives are functions generated next to f, at the top level of f's module.
  if (!topLevelStatementOf(ts, fn)) return refuse(`'${fnName}' is not declared at the top level of a module`);
  const param = !argnums ? 0 : ts.isNumericLiteral(argnums) ? Number(argnums.text) : -1;
  if (!Number.isInteger(param) || param < 0 || param >= fn.parameters.length) {
    return refuse("its 'argnums' must be one number literal naming a parameter");
  }
  const signature = checker.getSignatureFromDeclaration(fn);
  const returned = signature && checker.getReturnTypeOfSignature(signature);
  if (!returned || !(returned.flags & ts.TypeFlags.NumberLike)) return refuse(`'${fnName}' does not return a number`);
  const types = fn.parameters.map((p) =>
    ts.isIdentifier(p.name) ? varTypeOf(ctx, checker.getTypeAtLocation(p)) : undefined,
  );
  const unplain = types.findIndex(
    (t) => t !== "number" && t !== "number[]" && t !== "Float64Array" && t !== "Float32Array",
  );
  if (unplain >= 0) {
    const p = fn.parameters[unplain];
    const why = isOptionalNumber(ctx, p)
      ? "an optional parameter"
      : "not a number or a one-dimensional array of numbers";
    return refuse(`'${fnName}' takes '${p.name.getText()}', which is ${why}`);
  }
  if (!argumentsFit(ctx, node, fn)) return undefined;
  const args = calleeArguments(ctx, node, fn, hint);
  if (!args) return undefined;
  const type = types[param] as "number" | ArrayType;
  const output = type === "number" ? undefined : type;
  const key = gradientKey(ctx, {
    fn,
    param,
    ...(output ? { output } : {}),
    site: node,
    text: shorten(node.expression.getText(ctx.sourceFile)),
  });
  return { fn, param, type, key, args };
}

/**
 * Lowers a call of a gradient: its value for a gradient in a number; for one in an array, the gradient written into
 * `into` (a new array when undefined), whose name it returns. Reports what it cannot differentiate.
 */
export function lowerGradientCall(
  ctx: LowerContext,
  site: MarkerResultCall,
  hint: string,
  into?: string,
): Expr | string {
  const gradient = checkedGradientCall(ctx, site, hint, false);
  if (!gradient) return num(0);
  return gradientInto(ctx, gradient, hint, into);
}

/** The gradient of a checked call: its value for a number, else written into `into` (or a new array), named. */
function gradientInto(ctx: LowerContext, gradient: CheckedGradientCall, hint: string, into?: string): Expr | string {
  const { fn, param, type, key, args } = gradient;
  if (type === "number") return call(key, args);
  const fnName = functionName(ctx.ts, fn) ?? "arrow";
  const out = into ?? freshTemp(ctx, `${fnName}_grad`, hint, type);
  emitAssign(ctx, out, alloc(type, length((args[param] as { name: string }).name)));
  // Its value is the gradInto function's, which no derivative follows: the caller reads f's own call instead.
  const value = freshTemp(ctx, `${fnName}_value`, hint, "number");
  emitAssign(ctx, value, call(key, [...args, v(out), num(1)]));
  return out;
}

/**
 * `const [v, g] = valueAndGrad(f)(x)` in a differentiated function: v is a call of f, whose derivatives are f's own,
 * and g the gradient, as `grad(f)(x)` gives it. The arguments are evaluated once. False when the declaration is not
 * one (its pattern names at most the value and the gradient, without defaults or rests).
 */
export function lowerValueAndGrad(ctx: LowerContext, pattern: TS.ArrayBindingPattern, init: TS.Expression): boolean {
  const { ts, checker } = ctx;
  const site = calledMarker(ctx, init);
  const name = site && markerOf(ts, checker, site.marker);
  // 'const [g, aux] = grad(f, 0, { hasAux: true })(x)': refused, with the reason, by checkedGradientCall.
  const options = site && name === "grad" && site.marker.arguments[2];
  if (site && options && auxOption(ts, options) !== false) {
    checkedGradientCall(ctx, site, "gradient", false);
    return true;
  }
  if (!site || name !== "valueAndGrad") return false;
  const names = pattern.elements.map((e) =>
    ts.isOmittedExpression(e)
      ? undefined
      : !e.dotDotDotToken && !e.initializer && ts.isIdentifier(e.name)
        ? e.name
        : null,
  );
  if (names.length > 2 || names.some((n) => n === null)) return false;
  const [valueName, gradientName] = names as (TS.Identifier | undefined)[];
  const gradient = checkedGradientCall(ctx, site, valueName?.text ?? "value", true);
  if (!gradient) return true;
  if (valueName) {
    const local = declareLocal(ctx, checker.getSymbolAtLocation(valueName), valueName.text, "number");
    emitAssign(ctx, local, call(calleeKey(ctx, site.marker.arguments[0], gradient.fn), gradient.args));
  }
  if (gradientName) {
    const symbol = checker.getSymbolAtLocation(gradientName);
    const local = declareLocal(ctx, symbol, gradientName.text, gradient.type);
    const value = gradientInto(ctx, gradient, gradientName.text, local);
    if (typeof value !== "string") emitAssign(ctx, local, value);
  }
  return true;
}

/** The callee key of a gradient, registered once per function and parameter (`f_grad_x`). */
function gradientKey(ctx: LowerContext, gradient: GradientCallee): string {
  const { fn, param } = gradient;
  for (const [key, known] of ctx.gradientCallees) if (known.fn === fn && known.param === param) return key;
  const paramName = fn.parameters[param].name.getText();
  const key = freeCalleeKey(ctx, `${functionName(ctx.ts, fn) ?? "arrow"}_grad_${paramName}`);
  ctx.gradientCallees.set(key, gradient);
  return key;
}

/**
 * Reports the markers a differentiated function uses other than by calling their result (`grad(f)(x)`) or naming it
 * with a `const` (`const dq = grad(q)`): `jvp(f, [x], [u])`, `let dq = grad(q)`, a marker passed on. Their results
 * are functions or tuples of derivatives, which this function's derivatives cannot follow.
 */
export function reportStrayMarkers(ctx: LowerContext, body: TS.Node): void {
  const { ts, checker } = ctx;
  const visit = (node: TS.Node): void => {
    const name = ts.isCallExpression(node) ? markerOf(ts, checker, node) : undefined;
    if (name) {
      const outer = outermostExpression(ts, node);
      const call = ts.isCallExpression(outer.parent) ? outer.parent : undefined;
      // 'grad(f)(x)', and 'grad(f)' in 'grad(grad(f))(x)', which the call's lowering refuses (third derivatives).
      const called = call !== undefined && (call.expression === outer || markerOf(ts, checker, call) !== undefined);
      const named =
        ts.isVariableDeclaration(outer.parent) &&
        outer.parent.initializer === outer &&
        (ts.getCombinedNodeFlags(outer.parent) & ts.NodeFlags.Const) !== 0;
      if (!called && !named) {
        const reason = `'${name}' gives ${name === "jvp" || name === "vjp" ? "a tuple" : "a function"} there, which is not differentiated`;
        ctx.sink.report(node, Messages.GradientCallUnsupported, [shorten(node.getText(ctx.sourceFile)), reason]);
        return;
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(body);
}
