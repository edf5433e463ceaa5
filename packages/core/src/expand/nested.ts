/**
 * Markers applied to a gradient, as JAX composes them: `grad(grad(f))`, `jacfwd(grad(f))`, `jacrev(grad(f, 1), [0, 1])`,
 * `valueAndGrad(grad(f))`, `jvp(grad(f), primals, tangents)` and `vjp(grad(f), ...primals)`, the gradient written in
 * place or named by a `const df = grad(f)`. `jacfwd(f)` and `jacrev(f)` of an f returning a number are that same
 * gradient, so `jacfwd(jacrev(f))` is JAX's Hessian.
 *
 * Every derivative of ∇ₖf is a product with f's Hessian H, which is symmetric: along tangents t the gradient changes
 * by (H·t)ₖ, and a cotangent w of it pulls back to H·(w in parameter k). So each marker becomes calls of f's hvp
 * (reverse over forward mode), differentiated in parameter k and in the outer marker's parameters:
 *   grad(grad(f))            →  (x) => f_hvp(x, 1)
 *   jacfwd(grad(f))          →  (x) => __ct.jacobianForward(x, (tangent) => f_hvp(x, tangent))
 *   jacrev(grad(f), 1)       →  (x, y) => __ct.jacobianReverse(x, (cotangent) => f_hvp(x, y, cotangent, 0)[1])
 *   jvp(grad(f), [x], [u])   →  ((primals, tangents) => [f_grad(primals[0]), f_hvp(primals[0], tangents[0])])([x], [u])
 * hvp, hessian and gradInto of a gradient, and derivatives of these (third derivatives), are refused.
 */
import type * as TS from "typescript";
import { Messages } from "../diagnostics/messages";
import { markerCallOf, markerOf, type MarkerCall, type MarkerName } from "../collect/markers";
import { functionName, outermostExpression, resolveFunction } from "../collect/resolve";
import { typeNode } from "../emit/statements";
import { isArrayType } from "../ir/stmt";
import type { DerivativeRequest } from "../program/registry";
import { constantNode } from "../lower/defaults";
import { shorten } from "../lower/expressions";
import { argnumLeaves, markerArgnums, readArgnums, reportsResultArity, type Argnums } from "./argnums";
import { asksForAux } from "./aux";
import { jvpHeldConstant, refusesSecondOrder, returnsNumber, vjpArityFits } from "./checks";
import type { Expansion, MarkerContext } from "./markers";
import {
  isLeafParameter,
  jvpTupleTypes,
  onEntry,
  shapeOf,
  signatureOf,
  wrapperParams,
  type Signature,
} from "./signature";
import { arrow, constDecl, param, runtimeCall, uniqueLocal } from "./syntax";
import { after, anyType, derivativeExpr, heldStill, wrapInline } from "./wrappers";
import { isMatrixType } from "../ir/expr";

/** Markers whose result is ∇ₖf for an f returning a number. */
const GRADIENTS: readonly MarkerName[] = ["grad", "jacfwd", "jacrev"];
/** Markers that differentiate such a gradient once more. */
const SECOND: readonly MarkerName[] = ["grad", "valueAndGrad", "jvp", "vjp", "jacfwd", "jacrev"];

/** Whether a marker call is written as another marker's function argument, whose expansion replaces it whole. */
export function isMarkerArgument(ctx: MarkerContext, call: TS.CallExpression): boolean {
  const { ts, checker } = ctx;
  const node = outermostExpression(ts, call);
  const parent = node.parent;
  return ts.isCallExpression(parent) && parent.arguments[0] === node && markerOf(ts, checker, parent) !== undefined;
}

/** What every expansion of a marker of ∇ₖf shares: f's signature, its hvp, and the parameter k. */
interface Gradient {
  readonly ctx: MarkerContext;
  readonly sig: Signature;
  readonly file: TS.SourceFile;
  /** The flattened parameter the gradient is taken in (k's leaf). */
  readonly leaf: number;
  readonly hvp: DerivativeRequest;
  /** The parameters f's hvp is differentiated in, in order: k's and the outer marker's. */
  readonly active: readonly number[];
}

export function planNested(ctx: MarkerContext, marker: MarkerCall, inner: TS.CallExpression): Expansion | undefined {
  const { ts, checker, sink, registry } = ctx;
  const { node, name } = marker;
  const args = node.arguments;
  const innerName = markerOf(ts, checker, inner) as MarkerName;
  const innerText = shorten(inner.getText());
  if (!SECOND.includes(name) || !GRADIENTS.includes(innerName)) {
    sink.report(SECOND.includes(name) ? args[0] : node, Messages.NestedMarkerUnsupported, [name, innerText]);
    return undefined;
  }
  const innerArgs = inner.arguments;
  // grad's options: '{ hasAux: false }' changes nothing; with aux, its result is not a gradient to differentiate.
  const innerOptions = innerName === "grad" && innerArgs.length === 3 && asksForAux(ctx, inner, innerName);
  if (innerOptions === undefined) return undefined;
  if (innerOptions) {
    sink.report(args[0], Messages.NestedAux, [name, innerText]);
    return undefined;
  }
  if (innerArgs.length === 0 || innerArgs.length > (innerName === "grad" ? 3 : 2)) {
    sink.report(inner, Messages.MarkerArity, [innerName, "a function and an optional 'argnums'"]);
    return undefined;
  }
  if (markerCallOf(ts, checker, innerArgs[0])) {
    // A marker of a second derivative: named at the outermost marker, whose result would be a third derivative.
    sink.report(args[0], Messages.NestedMarkerUnsupported, [name, shorten(args[0].getText())]);
    return undefined;
  }
  const fn = resolveFunction(ts, checker, innerArgs[0]);
  if (!fn) {
    sink.report(innerArgs[0], Messages.MarkerFunctionNotResolvable, [innerName]);
    return undefined;
  }
  const fnName = functionName(ts, fn) ?? "the arrow";
  if (!returnsNumber(ts, checker, fn)) {
    sink.report(args[0], Messages.NestedNotGradient, [name, innerText]);
    return undefined;
  }
  const lowered = registry.lowered(fn);
  if (!lowered) return undefined;
  const sig = signatureOf(ctx, fn, lowered.ir, node);
  if (reportsResultArity(ctx, node, name, sig, fnName)) return undefined;
  const leafParameter = (k: number) => isLeafParameter(sig, k);
  const differentiable = (k: number) => sig.differentiable(k).length > 0;
  const innerArgnums = readArgnums(ctx, innerName, innerArgs[1], innerArgs[0], fn, fnName, differentiable, sig.count);
  if (!innerArgnums) return undefined;
  // A tuple of gradients, or a gradient shaped like an object or a matrix: no Hessian product takes it as a direction.
  if (innerArgnums.asArray || !leafParameter(innerArgnums.indices[0])) {
    sink.report(args[0], Messages.NestedNotGradient, [name, innerText]);
    return undefined;
  }
  if (refusesSecondOrder(ctx, name, fnName, fn, args[0], true)) return undefined;
  const leaf = leafOf(sig, innerArgnums.indices[0]);
  const file = node.getSourceFile();
  // Numbers, one-dimensional arrays and objects of them: a matrix has no zero direction the runtime makes.
  const flatLeaves = (k: number) =>
    sig.differentiable(k).length > 0 && sig.differentiable(k).every((i) => !isMatrixType(sig.params[i].type));
  const gradientOf = (outer: readonly number[]): Gradient => {
    const active = [...new Set([leaf, ...outer])].sort((a, b) => a - b);
    const hvp = registry.request(fn, "hvp", active, file);
    if (name === "jacfwd" || name === "jacrev" || active.some((i) => isArrayType(sig.params[i].type)))
      registry.fileState(file).usesRuntime = true;
    return { ctx, sig, file, leaf, hvp, active };
  };
  const value = () => registry.request(fn, "grad", [leaf], file);
  const argnumsOf = (differentiable: (k: number) => boolean) =>
    markerArgnums(ctx, node, name, fn, fnName, sig, differentiable);
  // A source parameter with a matrix among the leaves a jvp or vjp would differentiate.
  const matrixIn = (sources: readonly number[]) => {
    const k = sources.find((j) => !flatLeaves(j) && sig.differentiable(j).length > 0);
    if (k === undefined) return false;
    sink.report(args[0], Messages.NestedMatrixParameter, [name, fnName, fn.parameters[k].name.getText()]);
    return true;
  };
  switch (name) {
    case "grad":
    case "valueAndGrad": {
      // The gradient must be a number for grad to differentiate it.
      if (sig.params[leaf].type !== "number") {
        const type = sig.params[leaf].type;
        sink.report(args[0], Messages.NonNumericResult, [innerText, type, name]);
        return undefined;
      }
      const argnums = argnumsOf(flatLeaves);
      if (!argnums) return undefined;
      const gradient = gradientOf(argnumLeaves(sig, argnums));
      const valueReq = name === "valueAndGrad" ? value() : undefined;
      return () => wrapNestedGrad(gradient, argnums, argnumLeaves(sig, argnums), valueReq);
    }
    case "jacfwd":
    case "jacrev": {
      const argnums = argnumsOf(leafParameter);
      if (!argnums) return undefined;
      const gradient = gradientOf(argnumLeaves(sig, argnums));
      return () => (name === "jacfwd" ? wrapNestedJacfwd(gradient, argnums) : wrapNestedJacrev(gradient, argnums));
    }
    case "jvp": {
      const zero = jvpHeldConstant(ctx, node, sig);
      if (!zero) return undefined;
      const moving = sig.sources.flatMap((_, k) => (zero(k) ? [] : [k]));
      if (matrixIn(moving)) return undefined;
      const gradient = gradientOf(moving.flatMap((k) => sig.differentiable(k)));
      const valueReq = value();
      return (visit) => wrapNestedJvp(gradient, valueReq, moving, visit(args[1]), visit(args[2]));
    }
    case "vjp": {
      if (!vjpArityFits(ctx, node, sig)) return undefined;
      if (matrixIn(sig.sources.map((_, k) => k))) return undefined;
      const gradient = gradientOf(sig.sources.flatMap((_, k) => sig.differentiable(k)));
      const valueReq = value();
      return (visit) => wrapNestedVjp(gradient, valueReq, args.slice(1).map(visit));
    }
    default:
      return undefined;
  }
}

/** grad(grad(f, k), argnums): the products of H with the unit direction in k, in the parameters of argnums. */
function wrapNestedGrad(
  g: Gradient,
  argnums: Argnums,
  outer: readonly number[],
  valueReq: DerivativeRequest | undefined,
): TS.Expression {
  const { ctx, sig } = g;
  const { ts } = ctx;
  const f = ts.factory;
  const names = sig.sources.map((s) => s.name);
  const r = uniqueLocal(names, "r");
  const statements: TS.Statement[] = [];
  const still = zeroDirection(g, [...names, r], statements);
  const product = hvpCall(g, sig.flatten(ids(ts, names)), (leaf) =>
    leaf === g.leaf ? f.createNumericLiteral(1) : still(leaf),
  );
  const part = (leaf: number) => component(g, f.createIdentifier(r), leaf);
  const grads = argnums.indices.map((k) => sig.shaped(k, (leaf) => (outer.includes(leaf) ? part(leaf) : undefined)));
  const gradient = argnums.asArray ? f.createArrayLiteralExpression(grads) : grads[0];
  const valueCall = valueReq && gradientCall(g, valueReq, sig.flatten(ids(ts, names)));
  const result = valueCall ? f.createArrayLiteralExpression([valueCall, gradient]) : gradient;
  const direct = !valueCall && !argnums.asArray && g.active.length === 1 && sig.sources[argnums.indices[0]].shape.kind;
  const body =
    direct === "leaf" && statements.length === 0
      ? product
      : f.createBlock([...statements, constDecl(ts, r, product), f.createReturnStatement(result)], true);
  return inline(g, valueReq, arrow(ts, wrapperParams(ctx, sig), body));
}

/** jacfwd(grad(f, k), argnums): one product per element of each parameter j, its part in k a column of Hₖⱼ. */
function wrapNestedJacfwd(g: Gradient, argnums: Argnums): TS.Expression {
  const { ctx, sig } = g;
  const { ts } = ctx;
  const f = ts.factory;
  const names = sig.sources.map((s) => s.name);
  const tangent = uniqueLocal(names, "tangent");
  const statements: TS.Statement[] = [];
  const still = zeroDirection(g, [...names, tangent], statements);
  const jacobians = argnums.indices.map((j) => {
    const swept = leafOf(sig, j);
    const product = hvpCall(g, sig.flatten(ids(ts, names)), (leaf) =>
      leaf === swept ? f.createIdentifier(tangent) : still(leaf),
    );
    const column = arrow(ts, [param(ts, tangent, typeNode(ts, sig.params[swept].type))], component(g, product, g.leaf));
    return runtimeCall(ts, "jacobianForward", [shapeOf(ts, sig, j), column]);
  });
  const result = argnums.asArray ? f.createArrayLiteralExpression(jacobians) : jacobians[0];
  const body = after(ts, statements, f.createAsExpression(result, anyType(ts)));
  return inline(g, undefined, arrow(ts, wrapperParams(ctx, sig), body));
}

/**
 * jacrev(grad(f, k), argnums): one product per element of k, along its unit cotangent, whose parts in the parameters
 * of argnums are rows of their Jacobians (Hⱼₖ·eᵢ is row i of Hₖⱼ, H being symmetric). The gradient has k's shape, so
 * k's argument tells the assembly how many rows there are.
 */
function wrapNestedJacrev(g: Gradient, argnums: Argnums): TS.Expression {
  const { ctx, sig } = g;
  const { ts } = ctx;
  const f = ts.factory;
  const names = sig.sources.map((s) => s.name);
  const cotangent = uniqueLocal(names, "cotangent");
  const r = uniqueLocal([...names, cotangent], "r");
  const statements: TS.Statement[] = [];
  const still = zeroDirection(g, [...names, cotangent, r], statements);
  const product = hvpCall(g, sig.flatten(ids(ts, names)), (leaf) =>
    leaf === g.leaf ? f.createIdentifier(cotangent) : still(leaf),
  );
  const sweep = (body: TS.ConciseBody) =>
    arrow(ts, [param(ts, cotangent, typeNode(ts, sig.params[g.leaf].type))], body);
  const output = shapeOf(
    ts,
    sig,
    sig.sources.findIndex((_, k) => leafOf(sig, k) === g.leaf),
  );
  const ks = argnums.indices;
  const result = argnums.asArray
    ? runtimeCall(ts, "jacobiansReverse", [
        output,
        f.createNumericLiteral(ks.length),
        sweep(
          f.createBlock(
            [
              constDecl(ts, r, product),
              f.createReturnStatement(
                f.createArrayLiteralExpression(ks.map((j) => component(g, f.createIdentifier(r), leafOf(sig, j)))),
              ),
            ],
            true,
          ),
        ),
      ])
    : runtimeCall(ts, "jacobianReverse", [output, sweep(component(g, product, leafOf(sig, ks[0])))]);
  const body = after(ts, statements, f.createAsExpression(result, anyType(ts)));
  return inline(g, undefined, arrow(ts, wrapperParams(ctx, sig), body));
}

/** jvp(grad(f, k), primals, tangents): the gradient, and the part in k of H·tangents (a tangent of k held zero). */
function wrapNestedJvp(
  g: Gradient,
  valueReq: DerivativeRequest,
  moving: readonly number[],
  primalsNode: TS.Expression,
  tangentsNode: TS.Expression,
): TS.Expression {
  const { ctx, sig } = g;
  const { ts } = ctx;
  const f = ts.factory;
  const p = f.createIdentifier("primals");
  const t = f.createIdentifier("tangents");
  const element = (arr: TS.Identifier, k: number, missing: () => TS.Expression) => {
    const at = f.createElementAccessExpression(arr, k);
    return k < sig.required ? at : f.createBinaryExpression(at, ts.SyntaxKind.QuestionQuestionToken, missing());
  };
  const primals = () => sig.flatten(sig.sources.map((_, k) => element(p, k, () => constantValue(ts, sig, k))));
  const tangents = new Map<number, TS.Expression>();
  for (const k of moving) {
    sig
      .leaves(
        k,
        element(t, k, () => f.createNumericLiteral(0)),
      )
      .forEach((e, leaf) => tangents.set(leaf, e));
  }
  // A gradient taken in a parameter held still: its direction is zero, of its shape.
  const still = (leaf: number) =>
    sig.params[leaf].type === "number" ? f.createNumericLiteral(0) : runtimeCall(ts, "zerosLike", [primals()[leaf]]);
  const product = hvpCall(g, primals(), (leaf) => tangents.get(leaf) ?? still(leaf));
  const result = f.createArrayLiteralExpression([gradientCall(g, valueReq, primals()), component(g, product, g.leaf)]);
  const tuples = jvpTupleTypes(ts, sig, (k) => !moving.includes(k));
  const body = arrow(ts, [param(ts, "primals", tuples.primals()), param(ts, "tangents", tuples.tangents())], result);
  const call = f.createCallExpression(f.createParenthesizedExpression(body), undefined, [primalsNode, tangentsNode]);
  return inline(g, valueReq, call);
}

/** vjp(grad(f, k), ...primals): the gradient, and a pullback of its cotangent w, H·(w in k), in every parameter. */
function wrapNestedVjp(g: Gradient, valueReq: DerivativeRequest, args: readonly TS.Expression[]): TS.Expression {
  const { ctx, sig } = g;
  const { ts } = ctx;
  const f = ts.factory;
  const names = sig.sources.map((s) => s.name);
  const ct = uniqueLocal(names, "cotangent");
  const r = uniqueLocal([...names, ct], "r");
  const statements: TS.Statement[] = [];
  const still = zeroDirection(g, [...names, ct, r], statements);
  // The pullback is taken at the point the vjp was made: the arrays as they were then.
  const entry = onEntry(ctx, g.hvp, sig, sig.flatten(ids(ts, names)), true);
  const product = hvpCall(g, entry.args(), (leaf) => (leaf === g.leaf ? f.createIdentifier(ct) : still(leaf)));
  const cotangents = sig.sources.map((_, k) =>
    sig.shaped(k, (leaf) => (g.active.includes(leaf) ? component(g, f.createIdentifier(r), leaf) : undefined)),
  );
  const pullback = arrow(
    ts,
    [param(ts, ct, typeNode(ts, sig.params[g.leaf].type))],
    f.createBlock(
      [constDecl(ts, r, product), f.createReturnStatement(f.createArrayLiteralExpression(cotangents))],
      true,
    ),
  );
  const valueCall = gradientCall(g, valueReq, sig.flatten(ids(ts, names)));
  const pair = f.createAsExpression(
    f.createArrayLiteralExpression([valueCall, pullback]),
    f.createTypeReferenceNode("const"),
  );
  const body = after(ts, statements, entry.body(pair));
  const outer = arrow(ts, wrapperParams(ctx, sig), body);
  return inline(g, valueReq, f.createCallExpression(f.createParenthesizedExpression(outer), undefined, [...args]));
}

/** A call of f's hvp with the flattened arguments and one direction per parameter it is differentiated in. */
function hvpCall(g: Gradient, args: readonly TS.Expression[], direction: (leaf: number) => TS.Expression) {
  const callee = derivativeExpr(g.ctx, g.hvp, "hvp", g.file);
  return g.ctx.ts.factory.createCallExpression(callee, undefined, [...args, ...g.active.map(direction)]);
}

/** ∇ₖf itself: f's gradient in k alone, which returns the gradient as itself. */
function gradientCall(g: Gradient, valueReq: DerivativeRequest, args: readonly TS.Expression[]): TS.Expression {
  return g.ctx.ts.factory.createCallExpression(derivativeExpr(g.ctx, valueReq, "grad", g.file), undefined, args);
}

/** The product in one parameter, from what the hvp returns: the product itself when it has one parameter. */
function component(g: Gradient, products: TS.Expression, leaf: number): TS.Expression {
  if (g.active.length === 1) return products;
  return g.ctx.ts.factory.createElementAccessExpression(products, g.active.indexOf(leaf));
}

/** A zero direction for a parameter held still: 0 for a number, zeros made once for an array (`x_zeros`). */
function zeroDirection(g: Gradient, taken: readonly string[], statements: TS.Statement[]) {
  const still = heldStill(g.ctx.ts, g.sig, taken, statements);
  return (leaf: number): TS.Expression =>
    g.sig.params[leaf].type === "number" ? g.ctx.ts.factory.createNumericLiteral(0) : still(leaf);
}

/** For an inline arrow, the generated functions declared around the expansion (the hvp's and the gradient's). */
function inline(g: Gradient, valueReq: DerivativeRequest | undefined, expr: TS.Expression): TS.Expression {
  const withValue = valueReq ? wrapInline(g.ctx, valueReq, "grad", expr) : expr;
  return wrapInline(g.ctx, g.hvp, "hvp", withValue);
}

const ids = (ts: typeof TS, names: readonly string[]) => names.map((n) => ts.factory.createIdentifier(n));

const leafOf = (sig: Signature, k: number) => (sig.sources[k].shape as { kind: "leaf"; param: number }).param;

/** A parameter's constant default, as a primal left out of jvp's array takes it. */
function constantValue(ts: typeof TS, sig: Signature, k: number): TS.Expression {
  return constantNode(ts, sig.defaultOf(k));
}
