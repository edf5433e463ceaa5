/**
 * JAX's `has_aux`: `grad(f, argnums, { hasAux: true })` and `valueAndGrad(f, argnums, { hasAux: true })` for an `f`
 * that returns `[loss, aux]`, the loss a number and aux numbers to carry along (a number, an array, an object of
 * them: metrics, predictions). f is differentiated as the function of two outputs it is (a tuple of numbers, or an
 * object result: lower/resultRecords.ts) with its aux through a stop-gradient (a request of mode "loss",
 * program/lossOnly.ts), so one reverse sweep seeded with 1 for the loss gives the loss, aux and the loss's gradient:
 *   grad          '(x) => { const r = f_loss_vjp(x, [1, 0]); return [r[1], r[0][1]]; }'           → [gradient, aux]
 *   valueAndGrad  '(x) => { const r = f_loss_vjp(x, [1, 0]); return [[r[0][0], r[0][1]], r[1]]; }' → [[loss, aux], gradient]
 * An aux object is built by the runtime from the result's numbers ('__ct.recordOf(layout, r[0], r[0])'); one that holds
 * arrays runs f once first, for the seed's length.
 */
import type * as TS from "typescript";
import { isRecordLeaf, recordLeaves, type ResultRecord } from "../ir/stmt";
import { Messages } from "../diagnostics/messages";
import { functionName, skipOuterExpressions, type FunctionLike } from "../collect/resolve";
import { resultRecordOf } from "../lower/resultRecords";
import { vectorResultType } from "../lower/context";
import type { DerivativeRequest } from "../program/registry";
import type { Argnums } from "./argnums";
import type { MarkerContext } from "./markers";
import { holdsArrays, layoutLiteral, recordNumbers } from "./resultRecords";
import { wrapperParams, type Signature } from "./signature";
import { arrow, constDecl, runtimeCall, uniqueLocal } from "./syntax";
import { anyType, derivativeExpr, gradientsOf, wrapInline } from "./wrappers";

/**
 * The hasAux option `written` gives: true for `{ hasAux: true }`, false for `{ hasAux: false }`, undefined for options
 * written otherwise (not an object literal of that one property with a 'true' or 'false' literal).
 */
export function auxOption(ts: typeof TS, written: TS.Expression): boolean | undefined {
  const options = skipOuterExpressions(ts, written);
  const property = ts.isObjectLiteralExpression(options) && options.properties.length === 1 && options.properties[0];
  const key = property && ts.isPropertyAssignment(property) && property.name;
  const named = key && (ts.isIdentifier(key) || ts.isStringLiteral(key)) && key.text === "hasAux";
  const value = named && property.initializer;
  if (value && (value.kind === ts.SyntaxKind.TrueKeyword || value.kind === ts.SyntaxKind.FalseKeyword)) {
    return value.kind === ts.SyntaxKind.TrueKeyword;
  }
  return undefined;
}

/**
 * Whether `grad(f, argnums, options)` asks for aux: `{ hasAux: true }`; false without options or with
 * `{ hasAux: false }`; undefined, after a diagnostic, for options written otherwise.
 */
export function asksForAux(
  ctx: Pick<MarkerContext, "ts" | "sink">,
  node: TS.CallExpression,
  name: string,
): boolean | undefined {
  const written = node.arguments[2];
  if (!written) return false;
  const aux = auxOption(ctx.ts, written);
  if (aux === undefined) ctx.sink.report(written, Messages.MarkerOptions, [name]);
  return aux;
}

/** Whether `fn` returns `[loss, aux]` as hasAux needs it; reports why not otherwise. */
export function returnsLossAndAux(ctx: MarkerContext, fn: FunctionLike, at: TS.Node, name: string): boolean {
  const { ts, checker } = ctx;
  const signature = checker.getSignatureFromDeclaration(fn);
  const type = signature && checker.getReturnTypeOfSignature(signature);
  const elements = type && checker.isTupleType(type) ? checker.getTypeArguments(type as TS.TypeReference) : [];
  const fixed = (type as TS.TupleTypeReference | undefined)?.target?.elementFlags?.every(
    (flag) => flag & ts.ElementFlags.Required,
  );
  const record = type ? resultRecordOf(ctx, type) : undefined;
  const numeric = !!type && (vectorResultType(ctx, type) !== undefined || (record !== undefined && "record" in record));
  const loss = elements.length === 2 && fixed && (elements[0].flags & ts.TypeFlags.NumberLike) !== 0;
  if (loss && numeric) return true;
  const written = type ? checker.typeToString(type) : "unknown";
  ctx.sink.report(at, Messages.AuxResult, [functionName(ts, fn) ?? "the arrow", written, name]);
  return false;
}

/** The wrapper of grad or valueAndGrad with hasAux (see the header). */
export function wrapGradWithAux(
  ctx: MarkerContext,
  req: DerivativeRequest,
  sig: Signature,
  withValue: boolean,
  argnums: Argnums,
  active: readonly number[],
  file: TS.SourceFile,
  primal: TS.Expression,
): TS.Expression {
  const { ts } = ctx;
  const f = ts.factory;
  const record = ctx.registry.lowered(req.fn)?.ir.resultRecord;
  const names = sig.sources.map((s) => s.name);
  // Not the name f is called by ('r', 'numbers'), which the wrapper's locals would shadow.
  const taken = [...names, ...(ts.isIdentifier(primal) ? [primal.text] : [])];
  const [r, numbers] = ["r", "numbers"].map((n) => uniqueLocal(taken, n));
  const args = sig.flatten(names.map((n) => f.createIdentifier(n)));
  const statements: TS.Statement[] = [];
  const seed = lossSeed(
    ctx,
    record,
    () =>
      f.createCallExpression(
        primal,
        undefined,
        names.map((n) => f.createIdentifier(n)),
      ),
    numbers,
    statements,
  );
  statements.push(
    constDecl(ts, r, f.createCallExpression(derivativeExpr(ctx, req, "vjp", file), undefined, [...args, seed])),
  );
  // r[0]: the result's numbers; r[1], …: the adjoints of the active parameters.
  const result = () => f.createElementAccessExpression(f.createIdentifier(r), 0);
  const loss = f.createElementAccessExpression(result(), 0);
  const aux = auxOf(ts, record, result);
  const gradient = gradientsOf(ctx, sig, argnums, active, (i) =>
    f.createElementAccessExpression(f.createIdentifier(r), 1 + i),
  );
  const returned = withValue
    ? f.createArrayLiteralExpression([f.createArrayLiteralExpression([loss, aux]), gradient])
    : f.createArrayLiteralExpression([gradient, aux]);
  const body = f.createBlock([...statements, f.createReturnStatement(returned)], true);
  return wrapInline(ctx, req, "vjp", arrow(ts, wrapperParams(ctx, sig), body));
}

/**
 * The vjp's seed: 1 for the loss (the result's first number) and 0 for aux, which is not read; sized by a run of f when
 * aux holds arrays (their lengths are the run time's).
 */
function lossSeed(
  ctx: MarkerContext,
  record: ResultRecord | undefined,
  primal: () => TS.Expression,
  numbers: string,
  statements: TS.Statement[],
): TS.Expression {
  const { ts } = ctx;
  const f = ts.factory;
  if (record && holdsArrays(record)) {
    statements.push(constDecl(ts, numbers, recordNumbers(ts, record, primal(), "the result")));
    return runtimeCall(ts, "unitLike", [f.createIdentifier(numbers), f.createNumericLiteral(0)]);
  }
  const size = record ? recordLeaves(record).length : 2;
  return f.createArrayLiteralExpression(
    Array.from({ length: size }, (_, i) => f.createNumericLiteral(i === 0 ? 1 : 0)),
  );
}

/**
 * Aux from the result's numbers: a number where it is one, else the pair built by the runtime from the layout (whose
 * arrays' elements start after all the pair's numbers), and its second element read.
 */
function auxOf(ts: typeof TS, record: ResultRecord | undefined, result: () => TS.Expression): TS.Expression {
  const f = ts.factory;
  const aux = record?.fields[1].value;
  if (!record || !aux) return f.createElementAccessExpression(result(), 1);
  if (isRecordLeaf(aux) && !aux.array) return f.createElementAccessExpression(result(), aux.at);
  const pair = runtimeCall(ts, "recordOf", [layoutLiteral(ts, record), result(), result()]);
  return f.createElementAccessExpression(f.createAsExpression(pair, anyType(ts)), 1);
}
