/**
 * The code each marker is replaced with, around the generated derivatives: the shapes of arguments and results
 * (objects, tuples, argnums arrays) mapped to and from the generated functions' flattened parameters.
 */
import type * as TS from "typescript";
import { emitArrowFunction, typeNode } from "../emit/statements";
import { isArrayType, recordLeaves, type ResultRecord, type VarType } from "../ir/stmt";
import type { DerivativeKind, DerivativeRequest } from "../program/registry";
import { constantNode } from "../lower/defaults";
import { arrayElements, type Argnums } from "./argnums";
import type { MarkerContext } from "./markers";
import { reverseRows } from "./rows";
import { holding, holdsArrays, jacobianRecord, recordNumbers, recordPair, recordType } from "./resultRecords";
import { recordsGradient, recordsParameter } from "./records";
import { jvpTupleTypes, onEntry, shapeOf, wrapperParams, writtenLeaves, type Signature } from "./signature";
import { arrow, constDecl, copyOf, param, runtimeCall, uniqueLocal } from "./syntax";

/**
 * grad(f, [0, 1]) → '(p, x) => { const r = f_grad(p.w, p.b, x); return [{ w: r[0], b: r[1] }, r[2]]; }', and
 * grad(f) of one array or number → '(x) => f_grad(x)'. valueAndGrad calls the vjp, which also returns the value:
 * '(x) => { const r = f_vjp(x, 1); return [r[0], r[1]]; }'.
 */
export function wrapGrad(
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
  const gradient = gradientsOf(ctx, sig, argnums, active, (i) => at(first + i));
  const result = withValue ? f.createArrayLiteralExpression([at(0), gradient]) : gradient;
  // argnums [] names no parameter: an empty tuple of gradients, as jacfwd and hessian give.
  const single = argnums.indices.length > 0 ? sig.sources[argnums.indices[0]].shape : undefined;
  const asReturned = single?.kind === "leaf" && recordsParameter(sig, argnums.indices[0]) === undefined;
  const body =
    whole && !argnums.asArray && asReturned
      ? call
      : f.createBlock([constDecl(ts, r, call), f.createReturnStatement(result)], true);
  return wrapInline(ctx, req, kind, arrow(ts, wrapperParams(ctx, sig), body));
}

/**
 * The gradients in the parameters `argnums` names, each in its parameter's shape, several as an array; `adjoint(i)`
 * reads the adjoint of the flattened parameter `active[i]`.
 */
export function gradientsOf(
  ctx: MarkerContext,
  sig: Signature,
  argnums: Argnums,
  active: readonly number[],
  adjoint: (i: number) => TS.Expression,
): TS.Expression {
  const gradientOf = (k: number) => {
    const shaped = sig.shaped(k, (leaf) => (active.includes(leaf) ? adjoint(active.indexOf(leaf)) : undefined));
    return recordsGradient(ctx, sig, k, shaped) ?? shaped;
  };
  const grads = argnums.indices.map(gradientOf);
  return argnums.asArray ? ctx.ts.factory.createArrayLiteralExpression(grads) : grads[0];
}

/**
 * gradInto(f, [0, 1]) → '(p, x, out) => { __ct.checkOutputs([out[0].w, out[0].b, out[1]], [p.w, p.b, x],
 * ["p.w", "p.b", "x"]); return f_vjp_into(p.w, p.b, x, out[0].w, out[0].b, out[1], 1); }'. The check comes first:
 * the generated function zero-fills the outputs before it reads the arguments.
 */
export function wrapGradInto(
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
    runtimeCall(ts, "checkOutputs", [
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
  const types = argnums.indices.map((k) => sig.outputTypeOf(k));
  const outType = argnums.asArray ? ts.setEmitFlags(f.createTupleTypeNode(types), ts.EmitFlags.SingleLine) : types[0];
  const body = f.createBlock([check, f.createReturnStatement(call)], true);
  return wrapInline(ctx, req, "into", arrow(ts, [...wrapperParams(ctx, sig, true), param(ts, out, outType)], body));
}

/** jvp(f, [a, b], [u, w]) → 'f_jvp(a, b, u, w)'; with arrays that are not literals, through a small arrow. */
export function wrapJvp(
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
    tangents.forEach((t, k) => sig.leaves(k, t, primals[k]).forEach((e, i) => tangentLeaves.set(i, e)));
    // An optional number field's tangent may be left out of the tangent object ('{ w }' for '{ w; l2?: number }').
    const leafTangent = (i: number) => {
      const t = tangentLeaves.get(i) as TS.Expression;
      return sig.params[i].optional && fieldLeaves.has(i) ? f.createParenthesizedExpression(orZero(t)) : t;
    };
    return f.createCallExpression(callee, undefined, [
      ...sig.flatten(primals),
      ...active.map((i) => ownCopy(i, leafTangent(i))),
    ]);
  };
  const fieldLeaves = new Set(sig.sources.flatMap((s, k) => (s.shape.kind === "leaf" ? [] : [...sig.paths(k).keys()])));
  // A function returning an object: its value and tangent rebuilt as objects from the arrays the jvp returns.
  const record = ctx.registry.lowered(req.fn)?.ir.resultRecord;
  const shaped = (pair: TS.Expression) => (record ? recordPair(ts, record, pair) : pair);
  const orZero = (e: TS.Expression) =>
    f.createBinaryExpression(e, ts.SyntaxKind.QuestionQuestionToken, f.createNumericLiteral(0));
  // Parameters with constant defaults may be left out of both arrays: their primals are the defaults, their tangents 0.
  const defaultOf = (k: number) => constantNode(ts, sig.defaultOf(k));
  // A tangent of arrays or objects whose type admits 0 other than a literal 0 ('const z = 0', a helper returning
  // '0 | number[]') may be 0 at run time: zeros shaped like its primal then.
  const tangentType = ctx.checker.getTypeAtLocation(tangentsNode);
  const mayBeZero = sig.sources.map((source, k) => {
    const number = source.shape.kind === "leaf" && sig.params[source.shape.param].type === "number";
    const element = ctx.checker.getPropertyOfType(tangentType, String(k));
    const type = element && ctx.checker.getTypeOfSymbolAtLocation(element, tangentsNode);
    const given = ts.isArrayLiteralExpression(tangentsNode) ? tangentsNode.elements[k] : undefined;
    if (number || !type || (given && ts.isNumericLiteral(given))) return false;
    return (type.isUnion() ? type.types : [type]).some((t: TS.Type) => (t.flags & ts.TypeFlags.NumberLike) !== 0);
  });
  const primals = arrayElements(ts, primalsNode, sig.count, sig.required);
  const tangents = arrayElements(ts, tangentsNode, sig.count, sig.required);
  if (primals && tangents && !mayBeZero.includes(true)) {
    const given = primals.map(visit);
    const all = sig.sources.map((_, k) => given[k] ?? defaultOf(k));
    return wrapInline(ctx, req, "jvp", shaped(callWith(all, tangents.map(visit))));
  }
  const p = f.createIdentifier("primals");
  const t = f.createIdentifier("tangents");
  const orElse = (e: TS.Expression, otherwise: TS.Expression) =>
    f.createBinaryExpression(e, ts.SyntaxKind.QuestionQuestionToken, otherwise);
  const elementOf = (arr: TS.Identifier, k: number, missing: (k: number) => TS.Expression) => {
    const element = f.createElementAccessExpression(arr, k);
    return k < sig.required ? element : orElse(element, missing(k));
  };
  const elements = (arr: TS.Identifier, missing: (k: number) => TS.Expression) =>
    sig.sources.map((_, k) => elementOf(arr, k, missing));
  const zero = () => f.createNumericLiteral(0);
  const tuples = jvpTupleTypes(ts, sig, (k) => mayBeZero[k]);
  const inner = arrow(
    ts,
    [param(ts, "primals", tuples.primals()), param(ts, "tangents", tuples.tangents())],
    shaped(
      callWith(
        elements(p, defaultOf),
        elements(t, zero).map((e, k) =>
          mayBeZero[k] ? runtimeCall(ts, "tangentOrZeros", [e, elementOf(p, k, defaultOf)]) : e,
        ),
      ),
    ),
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
export function wrapVjp(
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
  // A function returning an object takes its cotangent as an object of that shape, passed on as its numbers; the
  // lengths of its arrays are the value's.
  const record = low?.ir.resultRecord;
  const value = uniqueLocal([...names, ct, r], "value");
  const arrays = record && holdsArrays(record) ? f.createIdentifier(value) : undefined;
  const cotangent = record
    ? recordNumbers(ts, record, f.createIdentifier(ct), "the cotangent", arrays)
    : f.createIdentifier(ct);
  const entry = onEntry(ctx, req, sig, sig.flatten(ids()), true);
  const statements: TS.Statement[] = [];
  const sweep = sameDraws(ctx, req, [...names, ct, r], statements);
  const vjpCall = sweep(
    f.createCallExpression(derivativeExpr(ctx, req, "vjp", file), undefined, [...entry.args(), cotangent]),
  );
  const cotangents = sig.sources.map((_, k) =>
    sig.shaped(k, (leaf) =>
      active.includes(leaf)
        ? f.createElementAccessExpression(f.createIdentifier(r), 1 + active.indexOf(leaf))
        : undefined,
    ),
  );
  const pullback = arrow(
    ts,
    [param(ts, ct, record ? recordType(ts, record) : typeNode(ts, resultType))],
    f.createBlock(
      [constDecl(ts, r, vjpCall), f.createReturnStatement(f.createArrayLiteralExpression(cotangents))],
      true,
    ),
  );
  // 'as const': a tuple, so that the pullback can be called from it in place ('vjp(f, x)[1](w)').
  const primalCall = sweep(f.createCallExpression(primal, undefined, ids()));
  const pair = (first: TS.Expression) =>
    f.createAsExpression(f.createArrayLiteralExpression([first, pullback]), f.createTypeReferenceNode("const"));
  const result = arrays ? holding(ts, value, primalCall, (held) => pair(held())) : pair(primalCall);
  const outer = arrow(ts, wrapperParams(ctx, sig), after(ts, statements, entry.body(result)));
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
 * With several parameters (argnums [0, 1]), a tuple: jacfwd sweeps each input with the others' tangents zero
 * ('__ct.zerosLike(y)'); jacrev sweeps the outputs once, each sweep giving a row of every Jacobian
 * ('__ct.jacobiansReverse(f(x, y), 2, (c) => { const r = f_vjp(x, y, c); return [r[1], r[2]]; })').
 */
export function wrapJacobian(
  ctx: MarkerContext,
  req: DerivativeRequest,
  sig: Signature,
  forward: boolean,
  argnums: Argnums,
  active: readonly number[],
  file: TS.SourceFile,
  primal: TS.Expression,
): TS.Expression {
  const { ts } = ctx;
  const f = ts.factory;
  const names = sig.sources.map((s) => s.name);
  const ids = () => names.map((n) => f.createIdentifier(n));
  const direction = uniqueLocal(names, forward ? "tangent" : "cotangent");
  const record = ctx.registry.lowered(req.fn)?.ir.resultRecord;
  const entry = onEntry(ctx, req, sig, sig.flatten(names.map((n) => f.createIdentifier(n))));
  const realization: TS.Statement[] = [];
  const sweep = sameDraws(ctx, req, [...names, direction], realization);
  const jacobian: JacobianParts = {
    ctx,
    sig,
    argnums,
    active,
    names,
    direction,
    leafOf: (k) => (sig.sources[k].shape as { kind: "leaf"; param: number }).param,
    written: writtenLeaves(ctx, req),
    derivative: (directions) =>
      sweep(
        f.createCallExpression(derivativeExpr(ctx, req, forward ? "jvp" : "vjp", file), undefined, [
          ...entry.args(),
          ...directions,
        ]),
      ),
    primal: () => sweep(f.createCallExpression(primal, undefined, ids())),
    sweep: (type, body) => arrow(ts, [param(ts, direction, typeNode(ts, type))], body),
    numbers:
      record && holdsArrays(record) ? f.createIdentifier(uniqueLocal([...names, direction], "numbers")) : undefined,
  };
  const swept = forward ? forwardJacobians(jacobian) : reverseJacobians(jacobian, req);
  const { statements, result, callsPrimal } = byField(record, swept, jacobian);
  // The sweeps ran on copies: the function's writes into its arrays are made on the caller's by calling it.
  const call = callsPrimal ? undefined : jacobian.primal();
  const before = [...realization, ...statements];
  const body = after(ts, before, entry.body(f.createAsExpression(result, anyType(ts)), call));
  return wrapInline(ctx, req, forward ? "jvp" : "vjp", arrow(ts, wrapperParams(ctx, sig), body));
}

/**
 * For a function returning an object, its Jacobians by field (JAX's output tree outside, the parameters inside); for
 * one that holds arrays, the arrays' lengths from its value, which a reverse Jacobian also counts its rows with.
 */
function byField(record: ResultRecord | undefined, jacobians: Jacobians, parts: JacobianParts): Jacobians {
  if (!record) return jacobians;
  const { ctx } = parts;
  const { ts } = ctx;
  const several = parts.argnums.asArray;
  if (!parts.numbers) return { ...jacobians, result: jacobianRecord(ts, record, jacobians.result, several) };
  const numbers = recordNumbers(ts, record, parts.primal(), "the result");
  const result = holding(ts, parts.numbers.text, numbers, (held) =>
    jacobianRecord(ts, record, jacobians.result, several, held()),
  );
  return { ...jacobians, result, callsPrimal: true };
}

/** What the Jacobian wrappers share: the generated derivative's call and a sweep's arrow. */
interface JacobianParts {
  readonly ctx: MarkerContext;
  readonly sig: Signature;
  readonly argnums: Argnums;
  readonly active: readonly number[];
  readonly names: readonly string[];
  /** The sweep's parameter: a unit tangent or cotangent. */
  readonly direction: string;
  /** The generated function's parameter for source parameter k (a number or array parameter). */
  leafOf(k: number): number;
  /** Whether the function writes into each parameter (then so does the jvp into its tangent). */
  readonly written: readonly boolean[];
  /** A call of the generated jvp or vjp with the arguments and these directions. */
  derivative(directions: readonly TS.Expression[]): TS.Expression;
  /** A call of the function itself with the arguments. */
  primal(): TS.Expression;
  /** For a function returning an object that holds arrays, the name its numbers are held under (reverseRows). */
  readonly numbers?: TS.Identifier;
  sweep(type: VarType, body: TS.ConciseBody): TS.Expression;
}

/** The statements before a Jacobian wrapper's body, its result, and whether that result calls the primal. */
interface Jacobians {
  readonly statements: TS.Statement[];
  readonly result: TS.Expression;
  readonly callsPrimal: boolean;
}

/** One forward sweep per input element, parameter by parameter; the others' tangents are zeros made once. */
function forwardJacobians(parts: JacobianParts): Jacobians {
  const { ctx, sig, argnums, active, names, direction, leafOf, written } = parts;
  const { ts } = ctx;
  const f = ts.factory;
  const statements: TS.Statement[] = [];
  const zeroOf = heldStill(ts, sig, [...names, direction], statements);
  // The jvp writes into the tangent of a parameter the function writes into: each sweep gets zeros of its own.
  const stillOf = (leaf: number) => (written[leaf] ? copyOf(ts, zeroOf(leaf)) : zeroOf(leaf));
  const jacobians = argnums.indices.map((k) => {
    const tangents = active.map((leaf) => (leaf === leafOf(k) ? f.createIdentifier(direction) : stillOf(leaf)));
    const column = parts.sweep(
      sig.params[leafOf(k)].type,
      f.createElementAccessExpression(parts.derivative(tangents), 1),
    );
    return runtimeCall(ts, "jacobianForward", [shapeOf(ts, sig, k), column]);
  });
  return {
    statements,
    result: argnums.asArray ? f.createArrayLiteralExpression(jacobians) : jacobians[0],
    callsPrimal: false,
  };
}

/**
 * The zero direction of a parameter held still while another one is swept, made once, as a const appended to
 * `statements` ('const y_zeros = __ct.zerosLike(y)'), the first time a sweep asks for it.
 */
export function heldStill(
  ts: typeof TS,
  sig: Signature,
  taken: readonly string[],
  statements: TS.Statement[],
): (leaf: number) => TS.Identifier {
  const f = ts.factory;
  const zeros = new Map<number, TS.Identifier>();
  return (leaf) => {
    let zero = zeros.get(leaf);
    if (!zero) {
      const name = uniqueLocal(taken, `${sig.params[leaf].name}_zeros`);
      const value = sig.flatten(sig.sources.map((_, k) => shapeOf(ts, sig, k)))[leaf];
      statements.push(constDecl(ts, name, runtimeCall(ts, "zerosLike", [value])));
      zeros.set(leaf, (zero = f.createIdentifier(name)));
    }
    return zero;
  };
}

/**
 * One reverse sweep per output element, whose pullback gives a row of every parameter's Jacobian. jacrev knows its
 * row count without running f when f's code shows its result's length (expand/rows.ts); a function that writes into
 * its array parameters still runs once, so that the caller's arrays end as f leaves them.
 */
function reverseJacobians(parts: JacobianParts, req: DerivativeRequest): Jacobians {
  const { ctx, sig, argnums, active, names, direction, leafOf } = parts;
  const { ts } = ctx;
  const f = ts.factory;
  const ids = () => names.map((n) => f.createIdentifier(n));
  const low = ctx.registry.lowered(req.fn);
  const writes = writtenLeaves(ctx, req).some(Boolean);
  // An object of numbers has as many as its type has: the primal need not run to count them (it does when the object
  // holds arrays: their numbers, held, give the count).
  const record = low?.ir.resultRecord;
  const rows =
    record && !parts.numbers
      ? { kind: "Array" as const, length: f.createNumericLiteral(recordLeaves(record).length) }
      : low && !writes && !record
        ? reverseRows(ts, low.ir, () => sig.flatten(ids()))
        : undefined;
  const resultType = low?.ir.locals.get(low.ir.result) ?? "number";
  const gradientOf = (pulled: TS.Expression, k: number) =>
    f.createElementAccessExpression(pulled, 1 + active.indexOf(leafOf(k)));
  const pulled = parts.derivative([f.createIdentifier(direction)]);
  const several = argnums.asArray;
  const r = uniqueLocal([...names, direction], "r");
  const row = several
    ? parts.sweep(
        resultType,
        f.createBlock(
          [
            constDecl(ts, r, pulled),
            f.createReturnStatement(
              f.createArrayLiteralExpression(argnums.indices.map((k) => gradientOf(f.createIdentifier(r), k))),
            ),
          ],
          true,
        ),
      )
    : parts.sweep(resultType, gradientOf(pulled, argnums.indices[0]));
  const count = several ? [f.createNumericLiteral(argnums.indices.length)] : [];
  const result = rows
    ? runtimeCall(ts, several ? "jacobiansReverseRows" : "jacobianReverseRows", [
        f.createStringLiteral(rows.kind),
        rows.length,
        ...count,
        row,
      ])
    : runtimeCall(ts, several ? "jacobiansReverse" : "jacobianReverse", [
        parts.numbers ?? parts.primal(),
        ...count,
        row,
      ]);
  return { statements: [], result, callsPrimal: !rows };
}

/**
 * hvp(f, k) → '(x, y, v) => f_hvp_x(x, y, v)', the Hessian-vector product in parameter k along v; hessian(f, k) →
 * '(x, y) => __ct.jacobianForward(x, (direction) => f_hvp_x(x, y, direction))', one product per input (the Hessian
 * is the Jacobian of the gradient, and symmetric). In several parameters, hvp takes a tuple of directions and returns
 * a tuple of products, and hessian returns JAX's nested blocks, `[[H00, H01], [H10, H11]]`: for each parameter j,
 * one product per element of j (the others' directions zero) gives the blocks of column j.
 */
export function wrapSecondOrder(
  ctx: MarkerContext,
  req: DerivativeRequest,
  sig: Signature,
  argnums: Argnums,
  active: readonly number[],
  file: TS.SourceFile,
  whole: boolean,
): TS.Expression {
  const { ts } = ctx;
  const f = ts.factory;
  const names = sig.sources.map((s) => s.name);
  const direction = uniqueLocal(names, whole ? "direction" : "v");
  const ids = () => names.map((n) => f.createIdentifier(n));
  const entry = onEntry(ctx, req, sig, sig.flatten(ids()));
  const leafOf = (k: number) => (sig.sources[k].shape as { kind: "leaf"; param: number }).param;
  // A whole Hessian takes one product per input: each sees the draws of the first (one hvp is one sweep).
  const realization: TS.Statement[] = [];
  const sweep = whole ? sameDraws(ctx, req, [...names, direction], realization) : (call: TS.Expression) => call;
  const product = (directions: readonly TS.Expression[]) =>
    sweep(f.createCallExpression(derivativeExpr(ctx, req, "hvp", file), undefined, [...entry.args(), ...directions]));
  // f_hvp returns one product per active parameter, in parameter order (the product itself for one): in argnums'.
  const r = uniqueLocal([...names, direction], "r");
  const inArgnumOrder = (call: TS.Expression): TS.ConciseBody => {
    const single = active.length === 1;
    const ordered =
      argnums.indices.length === active.length && argnums.indices.every((k, n) => leafOf(k) === active[n]);
    if (!single && ordered) return call;
    const whole = f.createIdentifier(r);
    const part = (k: number) => (single ? whole : f.createElementAccessExpression(whole, active.indexOf(leafOf(k))));
    return f.createBlock(
      [constDecl(ts, r, call), f.createReturnStatement(f.createArrayLiteralExpression(argnums.indices.map(part)))],
      true,
    );
  };
  const typeOfLeaf = (k: number) => typeNode(ts, sig.params[leafOf(k)].type);
  const k0 = argnums.indices[0];
  if (!argnums.asArray) {
    const directionParam = param(ts, direction, typeOfLeaf(k0));
    if (!whole) {
      const wrapper = arrow(
        ts,
        [...wrapperParams(ctx, sig, true), directionParam],
        entry.body(product([f.createIdentifier(direction)])),
      );
      return wrapInline(ctx, req, "hvp", wrapper);
    }
    const assemble = runtimeCall(ts, "jacobianForward", [
      shapeOf(ts, sig, k0),
      arrow(ts, [directionParam], product([f.createIdentifier(direction)])),
    ]);
    const hessian = entry.body(f.createAsExpression(assemble, anyType(ts)));
    const wrapper = arrow(ts, wrapperParams(ctx, sig), after(ts, realization, hessian));
    return wrapInline(ctx, req, "hvp", wrapper);
  }
  if (!whole) {
    // 'v' holds one direction per argnum; each active parameter moves along the sum of those named for it (with
    // argnums [0, 0], H·v₀ + H·v₁, as the blocks of hessian(f, [0, 0]) multiply them).
    const v = f.createIdentifier(direction);
    const directions = active.map((leaf) =>
      argnums.indices
        .flatMap((k, n): TS.Expression[] => (leafOf(k) === leaf ? [f.createElementAccessExpression(v, n)] : []))
        .reduce((sum, next) => runtimeCall(ts, "sumLike", [sum, next])),
    );
    const tuple = ts.setEmitFlags(f.createTupleTypeNode(argnums.indices.map(typeOfLeaf)), ts.EmitFlags.SingleLine);
    const body = entry.body(f.createAsExpression(asExpression(ts, inArgnumOrder(product(directions))), anyType(ts)));
    return wrapInline(
      ctx,
      req,
      "hvp",
      arrow(ts, [...wrapperParams(ctx, sig, true), param(ts, direction, tuple)], body),
    );
  }
  // hessian in several parameters: the blocks of column j from products along the elements of parameter j.
  const statements: TS.Statement[] = [...realization];
  const zeroOf = heldStill(ts, sig, [...names, direction, r], statements);
  const columns = argnums.indices.map((j, n) => {
    const directions = active.map((leaf) => (leaf === leafOf(j) ? f.createIdentifier(direction) : zeroOf(leaf)));
    const sweep = arrow(ts, [param(ts, direction, typeOfLeaf(j))], inArgnumOrder(product(directions)));
    const name = uniqueLocal([...names, direction, r], `column${n}`);
    const count = f.createNumericLiteral(argnums.indices.length);
    statements.push(constDecl(ts, name, runtimeCall(ts, "jacobiansForward", [shapeOf(ts, sig, j), count, sweep])));
    return f.createIdentifier(name);
  });
  const blocks = f.createArrayLiteralExpression(
    argnums.indices.map((_, i) =>
      f.createArrayLiteralExpression(columns.map((column) => f.createElementAccessExpression(column, i))),
    ),
  );
  const body = after(ts, statements, entry.body(f.createAsExpression(blocks, anyType(ts))));
  return wrapInline(ctx, req, "hvp", arrow(ts, wrapperParams(ctx, sig), body));
}

/**
 * For a function that draws random numbers (itself or through what it calls): each sweep of one derivative call run
 * through one realization, 'draws.run(() => f_vjp(x, c))', made once by a const appended to `statements`
 * ('const draws = __ct.draws()'), so that every sweep sees the numbers the first drew (runtime/draws.ts). Any other
 * function's sweeps are left as they are.
 */
function sameDraws(
  ctx: MarkerContext,
  req: DerivativeRequest,
  taken: readonly string[],
  statements: TS.Statement[],
): (call: TS.Expression) => TS.Expression {
  if (!ctx.registry.drawsRandomNumbers(req.fn)) return (call) => call;
  const { ts } = ctx;
  const f = ts.factory;
  const name = uniqueLocal(taken, "draws");
  statements.push(constDecl(ts, name, runtimeCall(ts, "draws", [])));
  const run = f.createPropertyAccessExpression(f.createIdentifier(name), "run");
  return (call) => f.createCallExpression(run, undefined, [arrow(ts, [], call)]);
}

export const anyType = (ts: typeof TS) => ts.factory.createKeywordTypeNode(ts.SyntaxKind.AnyKeyword);

/** A wrapper's body that runs `statements` (the zero directions it makes once) before `body`. */
export function after(ts: typeof TS, statements: readonly TS.Statement[], body: TS.ConciseBody): TS.ConciseBody {
  if (statements.length === 0) return body;
  const rest = ts.isBlock(body) ? body.statements : [ts.factory.createReturnStatement(body)];
  return ts.factory.createBlock([...statements, ...rest], true);
}

/** A concise body as an expression: a block becomes an immediately called arrow. */
function asExpression(ts: typeof TS, body: TS.ConciseBody): TS.Expression {
  if (!ts.isBlock(body)) return body;
  return ts.factory.createCallExpression(ts.factory.createParenthesizedExpression(arrow(ts, [], body)), undefined, []);
}

/** The derivative's function: a reference to the emitted declaration, or for an inline arrow its local name. */
export function derivativeExpr(
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
export function wrapInline(
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
    [constDecl(ts, req.names[kind], emitArrowFunction(ts, generated, ctx.emit)), f.createReturnStatement(expr)],
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
