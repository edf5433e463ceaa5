/**
 * Replaces marker calls by the code they stand for (JAX conventions):
 *   grad(f, 1)              →  (x, y) => f_vjp_y(x, y, 1)[1]
 *   grad(f, [0, 1])         →  (x, y) => { const r = f_vjp(x, y, 1); return [r[1], r[2]]; }
 *   valueAndGrad(f, 0)      →  (x, y) => { const r = f_vjp_x(x, y, 1); return [r[0], r[1]]; }
 *   jvp(f, [a, b], [u, w])  →  f_jvp(a, b, u, w)
 *   vjp(f, a, b)            →  ((x, y) => [f(x, y), (ct) => { const r = f_vjp(x, y, ct); return [r[1], r[2]]; }])(a, b)
 * An inline arrow's derivative is emitted in place: `(() => { const arrow_vjp = (…) => {…}; return <wrapper>; })()`.
 */
import type * as TS from "typescript";
import { Messages } from "../diagnostics/messages";
import type { DiagnosticSink } from "../diagnostics/sink";
import { resolveFunction, functionName, type FunctionLike } from "../collect/resolve";
import type { MarkerCall } from "../collect/markers";
import { emitArrowFunction, tupleType, typeNode } from "../emit/statements";
import { isDifferentiable, type VarType } from "../ir/stmt";
import type { DerivativeKind, DerivativeRequest, Registry } from "../program/registry";

/** Builds the replacement once the derivatives are generated; `visit` transforms the user's argument nodes. */
export type Expansion = (visit: (node: TS.Expression) => TS.Expression) => TS.Expression;

export interface MarkerContext {
  readonly ts: typeof TS;
  readonly checker: TS.TypeChecker;
  readonly sink: DiagnosticSink;
  readonly registry: Registry;
}

export function planMarker(ctx: MarkerContext, marker: MarkerCall): Expansion | undefined {
  const { ts, checker, sink, registry } = ctx;
  const { node, name } = marker;
  const args = node.arguments;
  if (args.length === 0) {
    sink.report(node, Messages.MarkerArity, [name, "a function as its first argument"]);
    return undefined;
  }
  const fn = resolveFunction(ts, checker, args[0]);
  if (!fn) {
    sink.report(args[0], Messages.MarkerFunctionNotResolvable, [name]);
    return undefined;
  }
  const fnName = functionName(ts, fn) ?? "the arrow";
  // grad needs a scalar result; the other markers also take vector-valued functions.
  const scalarOnly = name === "grad" || name === "valueAndGrad";
  if (!returnsNumber(ts, checker, fn) && (scalarOnly || !returnsNumberArray(ts, checker, fn))) {
    const signature = checker.getSignatureFromDeclaration(fn);
    const returnType = signature ? checker.typeToString(checker.getReturnTypeOfSignature(signature)) : "unknown";
    sink.report(args[0], Messages.NonNumericResult, [fnName, returnType, name]);
    return undefined;
  }
  const lowered = registry.lowered(fn);
  if (!lowered) return undefined;
  const params = lowered.ir.params;
  const numberParams = params.flatMap((p, i) => (isDifferentiable(p.type) ? [i] : []));
  const file = node.getSourceFile();

  switch (name) {
    case "grad":
    case "valueAndGrad": {
      if (args.length > 2) {
        sink.report(node, Messages.MarkerArity, [name, "a function and an optional 'argnums'"]);
        return undefined;
      }
      const argnums = readArgnums(
        ctx,
        name,
        args[1],
        fn,
        fnName,
        params.map((p) => p.type),
      );
      if (!argnums) return undefined;
      const active = [...new Set(argnums.indices)].sort((a, b) => a - b);
      const req = registry.request(fn, "vjp", active, file);
      return (visit) => wrapGrad(ctx, req, "vjp", name === "valueAndGrad", argnums, active, file, visit);
    }
    case "jacfwd":
    case "jacrev": {
      if (args.length > 2 || (args[1] && !ts.isNumericLiteral(args[1]))) {
        sink.report(args[1] ?? node, Messages.ArgnumsNotLiteral, [name]);
        return undefined;
      }
      const argnums = readArgnums(
        ctx,
        name,
        args[1],
        fn,
        fnName,
        params.map((p) => p.type),
      );
      if (!argnums) return undefined;
      const k = argnums.indices[0];
      const forward = name === "jacfwd";
      const req = registry.request(fn, forward ? "jvp" : "vjp", [k], file);
      registry.fileState(file).usesRuntime = true;
      return (visit) => wrapJacobian(ctx, req, forward, k, file, visit(args[0]));
    }
    case "jvp": {
      if (args.length !== 3) {
        sink.report(node, Messages.MarkerArity, [name, "a function, an array of primals and an array of tangents"]);
        return undefined;
      }
      // A tangent written as the literal 0 makes its parameter a constant: no derivative code, and no NaN·0.
      const tangentNodes = arrayElements(ts, args[2], params.length);
      const active = numberParams.filter((i) => !(tangentNodes && isZeroLiteral(ts, tangentNodes[i])));
      const req = registry.request(fn, "jvp", active, file);
      return (visit) => {
        const f = ts.factory;
        const callee = derivativeExpr(ctx, req, "jvp", file);
        const primals = arrayElements(ts, args[1], params.length);
        const tangents = arrayElements(ts, args[2], params.length);
        if (primals && tangents) {
          const direct = f.createCallExpression(callee, undefined, [
            ...primals.map(visit),
            ...active.map((i) => visit(tangents[i])),
          ]);
          return wrapInline(ctx, req, "jvp", direct);
        }
        const p = f.createIdentifier("primals");
        const t = f.createIdentifier("tangents");
        const at = (arr: TS.Identifier, i: number) => f.createElementAccessExpression(arr, i);
        const inner = f.createArrowFunction(
          undefined,
          undefined,
          [
            param(
              ts,
              "primals",
              tupleType(
                ts,
                params.map((p) => p.type),
              ),
            ),
            param(
              ts,
              "tangents",
              tupleType(
                ts,
                params.map((p) => (isDifferentiable(p.type) ? p.type : "number")),
              ),
            ),
          ],
          undefined,
          f.createToken(ts.SyntaxKind.EqualsGreaterThanToken),
          f.createCallExpression(callee, undefined, [
            ...params.map((_, i) => at(p, i)),
            ...active.map((i) => at(t, i)),
          ]),
        );
        return f.createCallExpression(f.createParenthesizedExpression(inner), undefined, [
          visit(args[1]),
          visit(args[2]),
        ]);
      };
    }
    case "vjp": {
      if (args.length - 1 !== params.length) {
        sink.report(node, Messages.MarkerArity, [name, `a function and its ${params.length} argument(s)`]);
        return undefined;
      }
      const req = registry.request(fn, "vjp", numberParams, file);
      return (visit) => {
        const f = ts.factory;
        const names = params.map((p) => p.name);
        const ct = uniqueLocal(names, "cotangent");
        const r = uniqueLocal(names, "r");
        const primalCall = f.createCallExpression(
          visit(args[0]),
          undefined,
          names.map((n) => f.createIdentifier(n)),
        );
        const vjpCall = f.createCallExpression(derivativeExpr(ctx, req, "vjp", file), undefined, [
          ...names.map((n) => f.createIdentifier(n)),
          f.createIdentifier(ct),
        ]);
        let k = 0;
        const cotangents = params.map((p) =>
          isDifferentiable(p.type)
            ? f.createElementAccessExpression(f.createIdentifier(r), 1 + k++)
            : f.createNumericLiteral(0),
        );
        const pullback = f.createArrowFunction(
          undefined,
          undefined,
          [param(ts, ct, typeNode(ts, "number"))],
          undefined,
          f.createToken(ts.SyntaxKind.EqualsGreaterThanToken),
          f.createBlock(
            [constDecl(ts, r, vjpCall), f.createReturnStatement(f.createArrayLiteralExpression(cotangents))],
            true,
          ),
        );
        const outer = f.createArrowFunction(
          undefined,
          undefined,
          params.map((p) => param(ts, p.name, typeNode(ts, p.type))),
          undefined,
          f.createToken(ts.SyntaxKind.EqualsGreaterThanToken),
          f.createArrayLiteralExpression([primalCall, pullback]),
        );
        return wrapInline(
          ctx,
          req,
          "vjp",
          f.createCallExpression(f.createParenthesizedExpression(outer), undefined, args.slice(1).map(visit)),
        );
      };
    }
  }
}

function isZeroLiteral(ts: typeof TS, node: TS.Expression): boolean {
  return ts.isNumericLiteral(node) && Number(node.text) === 0;
}

function returnsNumberArray(ts: typeof TS, checker: TS.TypeChecker, fn: FunctionLike): boolean {
  const signature = checker.getSignatureFromDeclaration(fn);
  if (!signature) return false;
  const type = checker.getReturnTypeOfSignature(signature);
  const name = type.getSymbol()?.getName();
  if (name === "Float64Array" || name === "Float32Array") return true;
  if (!checker.isArrayType(type)) return false;
  const [element] = checker.getTypeArguments(type as TS.TypeReference);
  return !!element && (element.flags & ts.TypeFlags.Number) !== 0;
}

/**
 * jacfwd(f, k) → '(x, y) => __ct.jacobianForward(x, (t) => f_jvp_x(x, y, t)[1])': one forward sweep per input.
 * jacrev(f, k) → '(x, y) => __ct.jacobianReverse(f(x, y), (c) => f_vjp_x(x, y, c)[1])': one reverse sweep per output.
 */
function wrapJacobian(
  ctx: MarkerContext,
  req: DerivativeRequest,
  forward: boolean,
  k: number,
  file: TS.SourceFile,
  primal: TS.Expression,
): TS.Expression {
  const { ts } = ctx;
  const f = ts.factory;
  const params = ctx.registry.lowered(req.fn)?.ir.params ?? [];
  const names = params.map((p) => p.name);
  const direction = uniqueLocal(names, forward ? "tangent" : "cotangent");
  const ids = () => names.map((n) => f.createIdentifier(n));
  const derivative = f.createCallExpression(derivativeExpr(ctx, req, forward ? "jvp" : "vjp", file), undefined, [
    ...ids(),
    f.createIdentifier(direction),
  ]);
  const low = ctx.registry.lowered(req.fn);
  const directionType = forward ? params[k].type : (low?.ir.locals.get(low.ir.result) ?? "number");
  const sweep = f.createArrowFunction(
    undefined,
    undefined,
    [param(ts, direction, typeNode(ts, directionType))],
    undefined,
    f.createToken(ts.SyntaxKind.EqualsGreaterThanToken),
    f.createElementAccessExpression(derivative, 1),
  );
  const assemble = f.createCallExpression(
    f.createPropertyAccessExpression(f.createIdentifier("__ct"), forward ? "jacobianForward" : "jacobianReverse"),
    undefined,
    [forward ? f.createIdentifier(names[k]) : f.createCallExpression(primal, undefined, ids()), sweep],
  );
  const wrapper = f.createArrowFunction(
    undefined,
    undefined,
    params.map((p) => param(ts, p.name, typeNode(ts, p.type))),
    undefined,
    f.createToken(ts.SyntaxKind.EqualsGreaterThanToken),
    f.createAsExpression(assemble, f.createKeywordTypeNode(ts.SyntaxKind.AnyKeyword)),
  );
  return wrapInline(ctx, req, forward ? "jvp" : "vjp", wrapper);
}

function returnsNumber(ts: typeof TS, checker: TS.TypeChecker, fn: FunctionLike): boolean {
  const signature = checker.getSignatureFromDeclaration(fn);
  if (!signature) return false;
  return (checker.getReturnTypeOfSignature(signature).flags & ts.TypeFlags.NumberLike) !== 0;
}

interface Argnums {
  readonly indices: readonly number[];
  readonly asArray: boolean;
}

function readArgnums(
  ctx: MarkerContext,
  marker: string,
  node: TS.Expression | undefined,
  fn: FunctionLike,
  fnName: string,
  paramTypes: readonly VarType[],
): Argnums | undefined {
  const { ts, sink } = ctx;
  let indices: number[];
  let nodes: TS.Node[];
  let asArray = false;
  if (!node) {
    indices = [0];
    nodes = [fn];
  } else if (ts.isNumericLiteral(node)) {
    indices = [Number(node.text)];
    nodes = [node];
  } else if (ts.isArrayLiteralExpression(node) && node.elements.every((e) => ts.isNumericLiteral(e))) {
    indices = node.elements.map((e) => Number((e as TS.NumericLiteral).text));
    nodes = [...node.elements];
    asArray = true;
  } else {
    sink.report(node, Messages.ArgnumsNotLiteral, [marker]);
    return undefined;
  }
  for (const [k, i] of indices.entries()) {
    const at = nodes[k];
    if (!Number.isInteger(i) || i < 0 || i >= paramTypes.length) {
      sink.report(at, Messages.ArgnumsOutOfRange, [i, fnName, paramTypes.length, paramTypes.length - 1]);
      return undefined;
    }
    if (!isDifferentiable(paramTypes[i])) {
      const p = fn.parameters[i];
      sink.report(at, Messages.ArgnumsNotDifferentiable, [i, p.name.getText(), fnName, paramTypes[i]]);
      return undefined;
    }
  }
  return { indices, asArray };
}

function param(ts: typeof TS, name: string, type: TS.TypeNode): TS.ParameterDeclaration {
  return ts.factory.createParameterDeclaration(undefined, undefined, name, undefined, type);
}

function constDecl(ts: typeof TS, name: string, init: TS.Expression): TS.VariableStatement {
  const f = ts.factory;
  return f.createVariableStatement(
    undefined,
    f.createVariableDeclarationList(
      [f.createVariableDeclaration(name, undefined, undefined, init)],
      ts.NodeFlags.Const,
    ),
  );
}

function uniqueLocal(taken: readonly string[], base: string): string {
  let name = base;
  for (let k = 1; taken.includes(name); k++) name = `${base}_${k}`;
  return name;
}

function arrayElements(ts: typeof TS, node: TS.Expression, length: number): readonly TS.Expression[] | undefined {
  if (!ts.isArrayLiteralExpression(node) || node.elements.length !== length) return undefined;
  return node.elements.some((e) => ts.isSpreadElement(e)) ? undefined : node.elements;
}

/** The derivative's function: a reference to the emitted declaration, or for an inline arrow its local name. */
function derivativeExpr(
  ctx: MarkerContext,
  req: DerivativeRequest,
  kind: DerivativeKind,
  from: TS.SourceFile,
): TS.Expression {
  const path = req.anchor ? ctx.registry.reference(req, kind, from) : req.names[kind];
  const [head, ...rest] = path.split(".");
  return rest.reduce<TS.Expression>(
    (acc, n) => ctx.ts.factory.createPropertyAccessExpression(acc, n),
    ctx.ts.factory.createIdentifier(head),
  );
}

/** For an inline arrow: '(() => { const arrow_vjp = <generated>; return <expr>; })()'. */
function wrapInline(
  ctx: MarkerContext,
  req: DerivativeRequest,
  kind: DerivativeKind,
  expr: TS.Expression,
): TS.Expression {
  const generated = req.generated?.[kind];
  if (req.anchor || !generated) return expr;
  const { ts } = ctx;
  const f = ts.factory;
  const body = f.createBlock(
    [constDecl(ts, req.names[kind], emitArrowFunction(ts, generated)), f.createReturnStatement(expr)],
    true,
  );
  const iife = f.createArrowFunction(
    undefined,
    undefined,
    [],
    undefined,
    f.createToken(ts.SyntaxKind.EqualsGreaterThanToken),
    body,
  );
  return f.createCallExpression(f.createParenthesizedExpression(iife), undefined, []);
}

function wrapGrad(
  ctx: MarkerContext,
  req: DerivativeRequest,
  kind: DerivativeKind,
  withValue: boolean,
  argnums: Argnums,
  active: readonly number[],
  file: TS.SourceFile,
  visit: (node: TS.Expression) => TS.Expression,
): TS.Expression {
  const { ts } = ctx;
  const f = ts.factory;
  void visit;
  const params = ctx.registry.lowered(req.fn)?.ir.params ?? [];
  const names = params.map((p) => p.name);
  const r = uniqueLocal(names, "r");
  const call = f.createCallExpression(derivativeExpr(ctx, req, kind, file), undefined, [
    ...names.map((n) => f.createIdentifier(n)),
    f.createNumericLiteral(1),
  ]);
  const at = (i: number) => f.createElementAccessExpression(f.createIdentifier(r), i);
  const grads = argnums.indices.map((i) => at(1 + active.indexOf(i)));
  const gradient = argnums.asArray ? f.createArrayLiteralExpression(grads) : grads[0];
  const result = withValue ? f.createArrayLiteralExpression([at(0), gradient]) : gradient;
  const body =
    !withValue && !argnums.asArray
      ? f.createElementAccessExpression(call, 1 + active.indexOf(argnums.indices[0]))
      : f.createBlock([constDecl(ts, r, call), f.createReturnStatement(result)], true);
  const wrapper = f.createArrowFunction(
    undefined,
    undefined,
    params.map((p) => param(ts, p.name, typeNode(ts, p.type))),
    undefined,
    f.createToken(ts.SyntaxKind.EqualsGreaterThanToken),
    body,
  );
  return wrapInline(ctx, req, kind, wrapper);
}
