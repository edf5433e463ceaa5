/**
 * Replaces marker calls by the code they stand for (JAX conventions):
 *   grad(f, 1)              →  (x, y) => f_grad_y(x, y)
 *   grad(f, [0, 1])         →  (x, y) => { const r = f_grad(x, y); return [r[0], r[1]]; }
 *   valueAndGrad(f, 0)      →  (x, y) => { const r = f_vjp_x(x, y, 1); return [r[0], r[1]]; }
 *   gradInto(f, 0)          →  (x, y, out) => { __ct.checkOutputs([out], [x], ["x"]); return f_vjp_into_x(x, y, out, 1); }
 *   jvp(f, [a, b], [u, w])  →  f_jvp(a, b, u, w)
 *   vjp(f, a, b)            →  ((x, y) => [f(x, y), (ct) => { const r = f_vjp(x, y, ct); return [r[1], r[2]]; }])(a, b)
 * An inline arrow's derivative is emitted in place: `(() => { const arrow_vjp = (…) => {…}; return <wrapper>; })()`.
 */
import type * as TS from "typescript";
import { parameterWrites } from "../analysis/writes";
import { Messages } from "../diagnostics/messages";
import type { DiagnosticSink } from "../diagnostics/sink";
import { resolveFunction, functionName, type FunctionLike } from "../collect/resolve";
import type { MarkerCall } from "../collect/markers";
import { emitArrowFunction, typeNode } from "../emit/statements";
import { reverseRows } from "./rows";
import { vectorResultType } from "../lower/context";
import {
  isArrayType,
  isDifferentiable,
  leavesOf,
  type FunctionIR,
  type Param,
  type ParamShape,
  type SourceParam,
} from "../ir/stmt";
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
  const scalarOnly = name === "grad" || name === "valueAndGrad" || name === "gradInto";
  if (!returnsNumber(ts, checker, fn) && (scalarOnly || !returnsNumberArray(ts, checker, fn))) {
    const signature = checker.getSignatureFromDeclaration(fn);
    const returnType = signature ? checker.typeToString(checker.getReturnTypeOfSignature(signature)) : "unknown";
    sink.report(args[0], scalarOnly ? Messages.NonNumericResult : Messages.NonVectorResult, [fnName, returnType, name]);
    return undefined;
  }
  const lowered = registry.lowered(fn);
  if (!lowered) return undefined;
  const sig = signatureOf(ctx, fn, lowered.ir, node);
  const file = node.getSourceFile();
  // gradInto's result takes one value more, its 'out'; tsc reports a wrong count there from the marker's type.
  const wrongArity = name === "gradInto" ? undefined : resultArityError(ts, node, name, sig.count);
  if (wrongArity) {
    sink.report(wrongArity.node, Messages.MarkerResultArity, [
      wrongArity.node.getText(),
      wrongArity.count,
      fnName,
      sig.count,
    ]);
    return undefined;
  }

  // grad, valueAndGrad and gradInto: a function and an optional 'argnums'; the flattened parameters they differentiate.
  const gradArgnums = (): { argnums: Argnums; active: number[] } | undefined => {
    if (args.length > 2) {
      sink.report(node, Messages.MarkerArity, [name, "a function and an optional 'argnums'"]);
      return undefined;
    }
    const differentiable = (k: number) => sig.differentiable(k).length > 0;
    const argnums = readArgnums(ctx, name, args[1], args[0], fn, fnName, differentiable, sig.count);
    if (!argnums) return undefined;
    const active = [...new Set(argnums.indices.flatMap((k) => sig.differentiable(k)))].sort((a, b) => a - b);
    return { argnums, active };
  };

  switch (name) {
    case "grad":
    case "valueAndGrad": {
      const read = gradArgnums();
      if (!read) return undefined;
      const withValue = name === "valueAndGrad";
      const req = registry.request(fn, withValue ? "vjp" : "grad", read.active, file);
      return () => wrapGrad(ctx, req, sig, withValue, read.argnums, read.active, file);
    }
    case "gradInto": {
      const read = gradArgnums();
      if (!read) return undefined;
      const { argnums, active } = read;
      const argnumAt = (j: number) =>
        !args[1] ? args[0] : ts.isArrayLiteralExpression(args[1]) ? args[1].elements[j] : args[1];
      // One output per argnum, written once: a repeated parameter would leave its second output as it was.
      const repeated = argnums.indices.findIndex((k, j) => argnums.indices.indexOf(k) !== j);
      if (repeated >= 0) {
        sink.report(argnumAt(repeated), Messages.GradIntoRepeated, [String(argnums.indices[repeated])]);
        return undefined;
      }
      // Each gradient is written into an array of the caller's: a number or a matrix has none to write into.
      const scalars = argnums.indices.flatMap((k, j) => {
        const at = argnumAt(j);
        const paths = sig.paths(k);
        return sig.differentiable(k).flatMap((i) => {
          const type = sig.params[i].type;
          return type === "number" || type === "number[][]" ? [{ at, path: paths.get(i) as string, type }] : [];
        });
      });
      scalars.forEach((s) => sink.report(s.at, Messages.GradIntoScalar, [s.path, s.type]));
      if (scalars.length > 0) return undefined;
      const req = registry.request(fn, "into", active, file);
      registry.fileState(file).usesRuntime = true;
      return () => wrapGradInto(ctx, req, sig, argnums, active, file);
    }
    case "jacfwd":
    case "jacrev": {
      if (args.length > 2 || (args[1] && !ts.isNumericLiteral(args[1]))) {
        sink.report(args[1] ?? node, Messages.ArgnumsNotLiteral, [name]);
        return undefined;
      }
      // A Jacobian is taken with respect to one number or array parameter (not an object).
      // (Matrices are excluded too: the runtime builds unit directions for numbers and one-dimensional arrays.)
      const leafOnly = (k: number) => {
        const shape = sig.sources[k].shape;
        return (
          shape.kind === "leaf" && sig.differentiable(k).length > 0 && sig.params[shape.param].type !== "number[][]"
        );
      };
      const argnums = readArgnums(ctx, name, args[1], args[0], fn, fnName, leafOnly, sig.count);
      if (!argnums) return undefined;
      const k = argnums.indices[0];
      const forward = name === "jacfwd";
      const req = registry.request(fn, forward ? "jvp" : "vjp", sig.differentiable(k), file);
      registry.fileState(file).usesRuntime = true;
      return (visit) => wrapJacobian(ctx, req, sig, forward, k, file, visit(args[0]));
    }
    case "jvp": {
      if (args.length !== 3) {
        sink.report(node, Messages.MarkerArity, [name, "a function, an array of primals and an array of tangents"]);
        return undefined;
      }
      // A tangent written as the literal 0 makes its parameter a constant: no derivative code, and no NaN·0.
      const tangentNodes = arrayElements(ts, args[2], sig.count);
      const zero = (k: number) => !!tangentNodes && isZeroLiteral(ts, tangentNodes[k]);
      const active = sig.sources.flatMap((_, k) => (zero(k) ? [] : sig.differentiable(k)));
      const req = registry.request(fn, "jvp", active, file);
      return (visit) => wrapJvp(ctx, req, sig, active, file, args[1], args[2], visit);
    }
    case "vjp": {
      if (args.length - 1 !== sig.count) {
        sink.report(node, Messages.MarkerArity, [name, `a function and its ${sig.count} argument(s)`]);
        return undefined;
      }
      const active = sig.sources.flatMap((_, k) => sig.differentiable(k));
      const req = registry.request(fn, "vjp", active, file);
      return (visit) => wrapVjp(ctx, req, sig, active, file, visit(args[0]), args.slice(1).map(visit));
    }
  }
}

/** A function's parameters as written, and how each maps to the generated functions' flattened parameters. */
interface Signature {
  readonly sources: readonly SourceParam[];
  readonly params: readonly Param[];
  readonly count: number;
  /** Differentiable IR parameters under source parameter k. */
  differentiable(k: number): number[];
  /** Type of source parameter k as written, for wrapper parameters. */
  typeOf(k: number): TS.TypeNode;
  /** Flattened argument list for the generated functions, from one expression per source parameter. */
  flatten(values: readonly TS.Expression[]): TS.Expression[];
  /** Expressions of the IR parameters under source parameter k, given the expression of k. */
  leaves(k: number, value: TS.Expression): Map<number, TS.Expression>;
  /** The IR parameters under source parameter k as the source writes them (`layer.w`, `pair[1]`). */
  paths(k: number): Map<number, string>;
  /** A value shaped like source parameter k (objects keep their differentiable fields only). */
  shaped(k: number, leaf: (param: number) => TS.Expression | undefined): TS.Expression;
}

function signatureOf(ctx: MarkerContext, fn: FunctionLike, ir: FunctionIR, at: TS.Node): Signature {
  const { ts, checker } = ctx;
  const f = ts.factory;
  const { sources, params } = ir;
  const leaves = (k: number, value: TS.Expression): Map<number, TS.Expression> => {
    const out = new Map<number, TS.Expression>();
    const walk = (shape: ParamShape, e: TS.Expression): void => {
      if (shape.kind === "leaf") out.set(shape.param, e);
      else {
        for (const field of shape.fields) {
          const access = shape.tuple
            ? f.createElementAccessExpression(e, Number(field.key))
            : f.createPropertyAccessExpression(e, field.key);
          walk(field.shape, access);
        }
      }
    };
    walk(sources[k].shape, value);
    return out;
  };
  const paths = (k: number): Map<number, string> => {
    const out = new Map<number, string>();
    const walk = (shape: ParamShape, path: string): void => {
      if (shape.kind === "leaf") out.set(shape.param, path);
      else
        shape.fields.forEach((field) =>
          walk(field.shape, shape.tuple ? `${path}[${field.key}]` : `${path}.${field.key}`),
        );
    };
    walk(sources[k].shape, sources[k].name);
    return out;
  };
  const shaped = (k: number, leaf: (param: number) => TS.Expression | undefined): TS.Expression => {
    const build = (shape: ParamShape): TS.Expression | undefined => {
      if (shape.kind === "leaf") return leaf(shape.param);
      if (shape.tuple) {
        return f.createArrayLiteralExpression(
          shape.fields.map((field) => build(field.shape) ?? f.createNumericLiteral(0)),
        );
      }
      const fields = shape.fields.flatMap((field) => {
        const value = build(field.shape);
        return value ? [f.createPropertyAssignment(field.key, value)] : [];
      });
      return f.createObjectLiteralExpression(fields, false);
    };
    return build(sources[k].shape) ?? f.createNumericLiteral(0);
  };
  return {
    sources,
    params,
    count: sources.length,
    differentiable: (k) => leavesOf(sources[k].shape).filter((i) => isDifferentiable(params[i].type)),
    typeOf: (k) => {
      const shape = sources[k].shape;
      if (shape.kind === "leaf") return typeNode(ts, params[shape.param].type);
      const type = checker.getTypeAtLocation(fn.parameters[k]);
      return (
        checker.typeToTypeNode(type, at, ts.NodeBuilderFlags.NoTruncation) ??
        f.createKeywordTypeNode(ts.SyntaxKind.AnyKeyword)
      );
    },
    flatten: (values) => {
      const all = new Map<number, TS.Expression>();
      values.forEach((value, k) => leaves(k, value).forEach((e, i) => all.set(i, e)));
      return params.map((_, i) => all.get(i) as TS.Expression);
    },
    leaves,
    paths,
    shaped,
  };
}

const arrow = (ts: typeof TS, params: TS.ParameterDeclaration[], body: TS.ConciseBody): TS.ArrowFunction =>
  ts.factory.createArrowFunction(
    undefined,
    undefined,
    params,
    undefined,
    ts.factory.createToken(ts.SyntaxKind.EqualsGreaterThanToken),
    body,
  );

function wrapperParams(ctx: MarkerContext, sig: Signature): TS.ParameterDeclaration[] {
  return sig.sources.map((s, k) => param(ctx.ts, s.name, sig.typeOf(k)));
}

/**
 * grad(f, [0, 1]) → '(p, x) => { const r = f_grad(p.w, p.b, x); return [{ w: r[0], b: r[1] }, r[2]]; }', and
 * grad(f) of one array or number → '(x) => f_grad(x)'. valueAndGrad calls the vjp, which also returns the value:
 * '(x) => { const r = f_vjp(x, 1); return [r[0], r[1]]; }'.
 */
function wrapGrad(
  ctx: MarkerContext,
  req: DerivativeRequest,
  sig: Signature,
  withValue: boolean,
  argnums: Argnums,
  active: readonly number[],
  file: TS.SourceFile,
): TS.Expression {
  const { ts } = ctx;
  const f = ts.factory;
  const kind = withValue ? "vjp" : "grad";
  const names = sig.sources.map((s) => s.name);
  const r = uniqueLocal(names, "r");
  const args = sig.flatten(names.map((n) => f.createIdentifier(n)));
  const call = f.createCallExpression(
    derivativeExpr(ctx, req, kind, file),
    undefined,
    withValue ? [...args, f.createNumericLiteral(1)] : args,
  );
  // The vjp returns [value, p_bar…]; grad's function returns its one gradient as itself, several as an array.
  const first = withValue ? 1 : 0;
  const whole = !withValue && active.length === 1;
  const at = (i: number) => (whole ? f.createIdentifier(r) : f.createElementAccessExpression(f.createIdentifier(r), i));
  const gradientOf = (k: number) =>
    sig.shaped(k, (leaf) => (active.includes(leaf) ? at(first + active.indexOf(leaf)) : undefined));
  const grads = argnums.indices.map(gradientOf);
  const gradient = argnums.asArray ? f.createArrayLiteralExpression(grads) : grads[0];
  const result = withValue ? f.createArrayLiteralExpression([at(0), gradient]) : gradient;
  const single = sig.sources[argnums.indices[0]].shape;
  const body =
    whole && !argnums.asArray && single.kind === "leaf"
      ? call
      : f.createBlock([constDecl(ts, r, call), f.createReturnStatement(result)], true);
  return wrapInline(ctx, req, kind, arrow(ts, wrapperParams(ctx, sig), body));
}

/**
 * gradInto(f, [0, 1]) → '(p, x, out) => { __ct.checkOutputs([out[0].w, out[0].b, out[1]], [p.w, p.b, x],
 * ["p.w", "p.b", "x"]); return f_vjp_into(p.w, p.b, x, out[0].w, out[0].b, out[1], 1); }'. The check comes first:
 * the generated function zero-fills the outputs before it reads the arguments.
 */
function wrapGradInto(
  ctx: MarkerContext,
  req: DerivativeRequest,
  sig: Signature,
  argnums: Argnums,
  active: readonly number[],
  file: TS.SourceFile,
): TS.Expression {
  const { ts } = ctx;
  const f = ts.factory;
  const names = sig.sources.map((s) => s.name);
  const out = uniqueLocal(names, "out");
  // Fresh nodes for each use: the check and the call each get their own.
  const outputs = (): TS.Expression[] => {
    const found = new Map<number, TS.Expression>();
    argnums.indices.forEach((k, j) => {
      const base = argnums.asArray
        ? f.createElementAccessExpression(f.createIdentifier(out), j)
        : f.createIdentifier(out);
      sig.leaves(k, base).forEach((e, i) => active.includes(i) && !found.has(i) && found.set(i, e));
    });
    return active.map((i) => found.get(i) as TS.Expression);
  };
  const args = sig.flatten(names.map((n) => f.createIdentifier(n)));
  const paths = new Map<number, string>();
  sig.sources.forEach((_, k) => sig.paths(k).forEach((path, i) => paths.set(i, path)));
  // The outputs' own arguments first (each output must have its length), then every other array argument.
  const arrays = [...active, ...sig.params.flatMap((p, i) => (isArrayType(p.type) && !active.includes(i) ? [i] : []))];
  const check = f.createExpressionStatement(
    f.createCallExpression(f.createPropertyAccessExpression(f.createIdentifier("__ct"), "checkOutputs"), undefined, [
      f.createArrayLiteralExpression(outputs()),
      f.createArrayLiteralExpression(arrays.map((i) => args[i])),
      f.createArrayLiteralExpression(arrays.map((i) => f.createStringLiteral(paths.get(i) as string))),
    ]),
  );
  const call = f.createCallExpression(derivativeExpr(ctx, req, "into", file), undefined, [
    ...sig.flatten(names.map((n) => f.createIdentifier(n))),
    ...outputs(),
    f.createNumericLiteral(1),
  ]);
  const types = argnums.indices.map((k) => sig.typeOf(k));
  const outType = argnums.asArray ? ts.setEmitFlags(f.createTupleTypeNode(types), ts.EmitFlags.SingleLine) : types[0];
  const body = f.createBlock([check, f.createReturnStatement(call)], true);
  return wrapInline(ctx, req, "into", arrow(ts, [...wrapperParams(ctx, sig), param(ts, out, outType)], body));
}

/** jvp(f, [a, b], [u, w]) → 'f_jvp(a, b, u, w)'; with arrays that are not literals, through a small arrow. */
function wrapJvp(
  ctx: MarkerContext,
  req: DerivativeRequest,
  sig: Signature,
  active: readonly number[],
  file: TS.SourceFile,
  primalsNode: TS.Expression,
  tangentsNode: TS.Expression,
  visit: (node: TS.Expression) => TS.Expression,
): TS.Expression {
  const { ts } = ctx;
  const f = ts.factory;
  const callee = derivativeExpr(ctx, req, "jvp", file);
  // The tangent of an array parameter the function writes into is written in place: the user's is copied first.
  const written = writtenLeaves(ctx, req);
  const ownCopy = (i: number, e: TS.Expression) => (written[i] ? copyOf(ts, e) : e);
  const callWith = (primals: readonly TS.Expression[], tangents: readonly TS.Expression[]) => {
    const tangentLeaves = new Map<number, TS.Expression>();
    tangents.forEach((t, k) => sig.leaves(k, t).forEach((e, i) => tangentLeaves.set(i, e)));
    return f.createCallExpression(callee, undefined, [
      ...sig.flatten(primals),
      ...active.map((i) => ownCopy(i, tangentLeaves.get(i) as TS.Expression)),
    ]);
  };
  const primals = arrayElements(ts, primalsNode, sig.count);
  const tangents = arrayElements(ts, tangentsNode, sig.count);
  if (primals && tangents) return wrapInline(ctx, req, "jvp", callWith(primals.map(visit), tangents.map(visit)));
  const p = f.createIdentifier("primals");
  const t = f.createIdentifier("tangents");
  const elements = (arr: TS.Identifier) => sig.sources.map((_, k) => f.createElementAccessExpression(arr, k));
  const types = sig.sources.map((_, k) => sig.typeOf(k));
  const tuple = () => ts.setEmitFlags(f.createTupleTypeNode(types), ts.EmitFlags.SingleLine);
  const inner = arrow(
    ts,
    [param(ts, "primals", tuple()), param(ts, "tangents", tuple())],
    callWith(elements(p), elements(t)),
  );
  return wrapInline(
    ctx,
    req,
    "jvp",
    f.createCallExpression(f.createParenthesizedExpression(inner), undefined, [
      visit(primalsNode),
      visit(tangentsNode),
    ]),
  );
}

/** vjp(f, a, b) → '((x, y) => [f(x, y), (c) => { const r = f_vjp(x, y, c); return [r[1], r[2]]; }])(a, b)' */
function wrapVjp(
  ctx: MarkerContext,
  req: DerivativeRequest,
  sig: Signature,
  active: readonly number[],
  file: TS.SourceFile,
  primal: TS.Expression,
  args: readonly TS.Expression[],
): TS.Expression {
  const { ts } = ctx;
  const f = ts.factory;
  const names = sig.sources.map((s) => s.name);
  const ids = () => names.map((n) => f.createIdentifier(n));
  const ct = uniqueLocal(names, "cotangent");
  const r = uniqueLocal(names, "r");
  const low = ctx.registry.lowered(req.fn);
  const resultType = low?.ir.locals.get(low.ir.result) ?? "number";
  const entry = onEntry(ctx, req, sig, sig.flatten(ids()));
  const vjpCall = f.createCallExpression(derivativeExpr(ctx, req, "vjp", file), undefined, [
    ...entry.args(),
    f.createIdentifier(ct),
  ]);
  const cotangents = sig.sources.map((_, k) =>
    sig.shaped(k, (leaf) =>
      active.includes(leaf)
        ? f.createElementAccessExpression(f.createIdentifier(r), 1 + active.indexOf(leaf))
        : undefined,
    ),
  );
  const pullback = arrow(
    ts,
    [param(ts, ct, typeNode(ts, resultType))],
    f.createBlock(
      [constDecl(ts, r, vjpCall), f.createReturnStatement(f.createArrayLiteralExpression(cotangents))],
      true,
    ),
  );
  const result = f.createArrayLiteralExpression([f.createCallExpression(primal, undefined, ids()), pullback]);
  const outer = arrow(ts, wrapperParams(ctx, sig), entry.body(result));
  return wrapInline(
    ctx,
    req,
    "vjp",
    f.createCallExpression(f.createParenthesizedExpression(outer), undefined, [...args]),
  );
}

/**
 * jacfwd(f, k) → '(x, y) => __ct.jacobianForward(x, (t) => f_jvp_x(x, y, t)[1])': one forward sweep per input.
 * jacrev(f, k) → '(x, y) => __ct.jacobianReverse(f(x, y), (c) => f_vjp_x(x, y, c)[1])': one reverse sweep per output,
 * or '__ct.jacobianReverseRows("Float64Array", x.length, (c) => …)' when f's code shows how long its result is.
 */
function wrapJacobian(
  ctx: MarkerContext,
  req: DerivativeRequest,
  sig: Signature,
  forward: boolean,
  k: number,
  file: TS.SourceFile,
  primal: TS.Expression,
): TS.Expression {
  const { ts } = ctx;
  const f = ts.factory;
  const names = sig.sources.map((s) => s.name);
  const direction = uniqueLocal(names, forward ? "tangent" : "cotangent");
  const ids = () => names.map((n) => f.createIdentifier(n));
  const entry = onEntry(ctx, req, sig, sig.flatten(ids()));
  const derivative = f.createCallExpression(derivativeExpr(ctx, req, forward ? "jvp" : "vjp", file), undefined, [
    ...entry.args(),
    f.createIdentifier(direction),
  ]);
  const low = ctx.registry.lowered(req.fn);
  const leaf = sig.sources[k].shape as { kind: "leaf"; param: number };
  const directionType = forward ? sig.params[leaf.param].type : (low?.ir.locals.get(low.ir.result) ?? "number");
  const sweep = arrow(
    ts,
    [param(ts, direction, typeNode(ts, directionType))],
    f.createElementAccessExpression(derivative, 1),
  );
  // jacrev knows its row count without running f when f's code shows its result's length (expand/rows.ts); a
  // function that writes into its array parameters still runs once, so that the caller's arrays end as f leaves them.
  const writes = writtenLeaves(ctx, req).some(Boolean);
  const rows = !forward && low && !writes ? reverseRows(ts, low.ir, () => sig.flatten(ids())) : undefined;
  const runtime = (name: string) => f.createPropertyAccessExpression(f.createIdentifier("__ct"), name);
  const assemble = forward
    ? f.createCallExpression(runtime("jacobianForward"), undefined, [f.createIdentifier(names[k]), sweep])
    : rows
      ? f.createCallExpression(runtime("jacobianReverseRows"), undefined, [
          f.createStringLiteral(rows.kind),
          rows.length,
          sweep,
        ])
      : f.createCallExpression(runtime("jacobianReverse"), undefined, [
          f.createCallExpression(primal, undefined, ids()),
          sweep,
        ]);
  const wrapper = arrow(
    ts,
    wrapperParams(ctx, sig),
    entry.body(f.createAsExpression(assemble, f.createKeywordTypeNode(ts.SyntaxKind.AnyKeyword))),
  );
  return wrapInline(ctx, req, forward ? "jvp" : "vjp", wrapper);
}

/**
 * Wrappers that run the derivative later or several times (a pullback, one sweep per Jacobian row or column) of a
 * function that writes into its array parameters: they save those arrays' values on entry and give each derivative
 * call a fresh copy, since the primal and every sweep write into them.
 */
function onEntry(
  ctx: MarkerContext,
  req: DerivativeRequest,
  sig: Signature,
  leaves: readonly TS.Expression[],
): { args(): TS.Expression[]; body(result: TS.Expression): TS.ConciseBody } {
  const f = ctx.ts.factory;
  const params = ctx.registry.lowered(req.fn)?.ir.params ?? [];
  const written = writtenLeaves(ctx, req);
  const names = sig.sources.map((s) => s.name);
  const saved = params.map((p, k) => (written[k] ? uniqueLocal(names, `${p.name}_on_entry`) : undefined));
  const saves = leaves.flatMap((leaf, k) => {
    const name = saved[k];
    return name ? [constDecl(ctx.ts, name, copyOf(ctx.ts, leaf))] : [];
  });
  return {
    args: () =>
      leaves.map((leaf, k) => {
        const name = saved[k];
        return name ? copyOf(ctx.ts, f.createIdentifier(name)) : leaf;
      }),
    body: (result) => (saves.length > 0 ? f.createBlock([...saves, f.createReturnStatement(result)], true) : result),
  };
}

/** For each parameter of the generated functions (flattened), whether the function writes into it. */
function writtenLeaves(ctx: MarkerContext, req: DerivativeRequest): boolean[] {
  const ir = ctx.registry.lowered(req.fn)?.ir;
  if (!ir) return [];
  const written = parameterWrites(ir);
  return ir.params.map((p) => written.has(p.name));
}

/** `e.slice()`: a copy of an array. */
function copyOf(ts: typeof TS, e: TS.Expression): TS.Expression {
  return ts.factory.createCallExpression(ts.factory.createPropertyAccessExpression(e, "slice"), undefined, []);
}

function isZeroLiteral(ts: typeof TS, node: TS.Expression): boolean {
  return ts.isNumericLiteral(node) && Number(node.text) === 0;
}

function returnsNumberArray(ts: typeof TS, checker: TS.TypeChecker, fn: FunctionLike): boolean {
  const signature = checker.getSignatureFromDeclaration(fn);
  return !!signature && vectorResultType({ ts, checker }, checker.getReturnTypeOfSignature(signature)) !== undefined;
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

/**
 * Where a marker passes a number of values different from `f`'s parameter count: the call of its result
 * ('grad(f)(x)' when f takes two), or jvp's primals or tangents array literal.
 */
function resultArityError(
  ts: typeof TS,
  node: TS.CallExpression,
  name: string,
  count: number,
): { node: TS.Node; count: number } | undefined {
  const candidates: { node: TS.Node; values: TS.NodeArray<TS.Expression> }[] = [];
  const parent = node.parent;
  if (name !== "jvp" && name !== "vjp" && ts.isCallExpression(parent) && parent.expression === node) {
    candidates.push({ node: parent, values: parent.arguments });
  }
  if (name === "jvp") {
    for (const arg of node.arguments.slice(1)) {
      if (ts.isArrayLiteralExpression(arg)) candidates.push({ node: arg, values: arg.elements });
    }
  }
  const wrong = candidates.find((c) => !c.values.some((e) => ts.isSpreadElement(e)) && c.values.length !== count);
  return wrong && { node: wrong.node, count: wrong.values.length };
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
