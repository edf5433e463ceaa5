/**
 * Replaces marker calls by the code they stand for (JAX conventions):
 *   grad(f, 1)              →  (x, y) => f_grad_y(x, y)
 *   grad(f, [0, 1])         →  (x, y) => { const r = f_grad(x, y); return [r[0], r[1]]; }
 *   valueAndGrad(f, 0)      →  (x, y) => { const r = f_vjp_x(x, y, 1); return [r[0], r[1]]; }
 *   gradInto(f, 0)          →  (x, y, out) => { __ct.checkOutputs([out], [x], ["x"]); return f_vjp_into_x(x, y, out, 1); }
 *   jvp(f, [a, b], [u, w])  →  f_jvp(a, b, u, w)
 *   vjp(f, a, b)            →  ((x, y) => [f(x, y), (ct) => { const r = f_vjp(x, y, ct); return [r[1], r[2]]; }])(a, b)
 *   hvp(f, 0)               →  (x, y, v) => f_hvp_x(x, y, v)
 *   hessian(f, 0)           →  (x, y) => __ct.jacobianForward(x, (direction) => f_hvp_x(x, y, direction))
 * An inline arrow's derivative is emitted in place: `(() => { const arrow_vjp = (…) => {…}; return <wrapper>; })()`.
 *
 * This file checks a marker call and asks the registry for the derivatives it needs; the replacement is built in
 * wrappers.ts, from the parameter shapes in signature.ts and the `argnums` read by argnums.ts.
 */
import type * as TS from "typescript";
import { Messages } from "../diagnostics/messages";
import type { DiagnosticSink } from "../diagnostics/sink";
import { resolveFunction, functionName } from "../collect/resolve";
import { markerCallOf, type MarkerCall } from "../collect/markers";
import type { Registry } from "../program/registry";
import type { EmitOptions } from "../emit/statements";
import { argnumLeaves, markerArgnums, reportsResultArity, type Argnums } from "./argnums";
import { recordsParameter, refusesRecordsGradient } from "./records";
import { isLeafParameter, signatureOf } from "./signature";
import { isMarkerArgument, planNested } from "./nested";
import { resultRecordOf } from "../lower/resultRecords";
import { asksForAux, returnsLossAndAux, wrapGradWithAux } from "./aux";
import { lossApart } from "../program/lossOnly";
import { holdsArrays } from "./resultRecords";
import { jvpHeldConstant, refusesSecondOrder, vjpArityFits, returnsNumber, returnsNumberArray } from "./checks";
import { wrapGrad, wrapGradInto, wrapJacobian, wrapJvp, wrapSecondOrder, wrapVjp } from "./wrappers";
import { isMatrixType } from "../ir/expr";

/** Builds the replacement once the derivatives are generated; `visit` transforms the user's argument nodes. */
export type Expansion = (visit: (node: TS.Expression) => TS.Expression) => TS.Expression;

export interface MarkerContext {
  readonly ts: typeof TS;
  readonly checker: TS.TypeChecker;
  readonly sink: DiagnosticSink;
  readonly registry: Registry;
  /** How the program's compiler options want generated code written. */
  readonly emit: EmitOptions;
}

export function planMarker(ctx: MarkerContext, marker: MarkerCall): Expansion | undefined {
  const { ts, checker, sink, registry } = ctx;
  const { node, name } = marker;
  const args = node.arguments;
  if (args.length === 0) {
    sink.report(node, Messages.MarkerArity, [name, "a function as its first argument"]);
    return undefined;
  }
  // A marker written as another's function argument is expanded by that one; a marker of a marker is planned apart.
  if (isMarkerArgument(ctx, node)) return undefined;
  const inner = markerCallOf(ts, checker, args[0]);
  if (inner) return planNested(ctx, marker, inner);
  const fn = resolveFunction(ts, checker, args[0]);
  if (!fn) {
    sink.report(args[0], Messages.MarkerFunctionNotResolvable, [name]);
    return undefined;
  }
  const fnName = functionName(ts, fn) ?? "the arrow";
  // grad and valueAndGrad with '{ hasAux: true }' take an f that returns '[loss, aux]' (expand/aux.ts).
  const aux = name === "grad" || name === "valueAndGrad" ? asksForAux(ctx, node, name) : false;
  if (aux === undefined || (aux && !returnsLossAndAux(ctx, fn, args[0], name))) return undefined;
  // Gradients and second derivatives need a scalar result; the other markers also take vector-valued functions.
  const scalarOnly = ["grad", "valueAndGrad", "gradInto", "hessian", "hvp"].includes(name);
  if (!aux && !returnsNumber(ts, checker, fn) && (scalarOnly || !returnsNumberArray(ts, checker, fn))) {
    const signature = checker.getSignatureFromDeclaration(fn);
    const type = signature && checker.getReturnTypeOfSignature(signature);
    const returnType = type ? checker.typeToString(type) : "unknown";
    // Objects of numbers are results too, for the markers that do not need a scalar (lower/resultRecords.ts).
    const record = type && !scalarOnly ? resultRecordOf(ctx, type) : undefined;
    if (record && "field" in record) {
      sink.report(args[0], Messages.RecordResultField, [fnName, returnType, record.field]);
      return undefined;
    }
    if (!record) {
      const message = scalarOnly ? Messages.NonNumericResult : Messages.NonVectorResult;
      sink.report(args[0], message, [fnName, returnType, name]);
      return undefined;
    }
  }
  const lowered = registry.lowered(fn);
  if (!lowered) return undefined;
  const sig = signatureOf(ctx, fn, lowered.ir, node);
  const file = node.getSourceFile();
  // The wrappers of a function returning an object build and read it through the runtime (expand/resultRecords.ts).
  if (lowered.ir.resultRecord) registry.fileState(file).usesRuntime = true;
  // gradInto's result takes one value more, its 'out' (tsc reports a wrong count there from the marker's type), and
  // hvp's its direction.
  if (name !== "gradInto" && reportsResultArity(ctx, node, name, sig, fnName, name === "hvp" ? 1 : 0)) return undefined;

  // grad, valueAndGrad and gradInto: a function and an optional 'argnums'; the flattened parameters they differentiate.
  // grad and valueAndGrad also differentiate in an array of records (expand/records.ts).
  const gradArgnums = (): { argnums: Argnums; active: number[] } | undefined => {
    const records = (k: number) => (name === "gradInto" ? undefined : recordsParameter(sig, k));
    const differentiable = (k: number) => sig.differentiable(k).length > 0 || records(k) !== undefined;
    const argnums = markerArgnums(ctx, node, name, fn, fnName, sig, differentiable);
    if (!argnums) return undefined;
    const recordsSources = argnums.indices.filter((k) => records(k) !== undefined);
    const recordsActive = recordsSources.flatMap((k) => records(k) ?? []);
    if (recordsActive.length > 0) {
      if (refusesRecordsGradient(ctx, fn, sig, recordsSources, args[1] ?? args[0])) return undefined;
      registry.fileState(file).usesRuntime = true;
    }
    const active = [...new Set([...argnumLeaves(sig, argnums), ...recordsActive])].sort((a, b) => a - b);
    return { argnums, active };
  };

  const leafParameter = (k: number) => isLeafParameter(sig, k);
  switch (name) {
    case "grad":
    case "valueAndGrad": {
      const read = gradArgnums();
      if (!read) return undefined;
      const withValue = name === "valueAndGrad";
      if (aux) {
        // An aux holding arrays sizes the vjp's seed by a run of f first, which must leave nothing behind.
        const record = lowered.ir.resultRecord;
        const reruns = record && holdsArrays(record);
        if (reruns && (registry.writtenParams(fn).length > 0 || registry.drawsRandomNumbers(fn))) {
          sink.report(args[0], Messages.AuxRerun, [fnName, name]);
          return undefined;
        }
        // A tuple copied whole into the result ('return out'): its loss cannot be told from aux.
        if (!lossApart(lowered.ir)) {
          const signature = checker.getSignatureFromDeclaration(fn);
          const returned = signature ? checker.typeToString(checker.getReturnTypeOfSignature(signature)) : "unknown";
          sink.report(args[0], Messages.AuxResult, [fnName, returned, name]);
          return undefined;
        }
        const req = registry.lossRequest(fn, read.active, file);
        return (visit) => wrapGradWithAux(ctx, req, sig, withValue, read.argnums, read.active, file, visit(args[0]));
      }
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
          return type === "number" || isMatrixType(type) ? [{ at, path: paths.get(i) as string, type }] : [];
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
      // One parameter, or an array of them (a tuple of Jacobians), each a number or a one-dimensional array.
      const argnums = markerArgnums(ctx, node, name, fn, fnName, sig, leafParameter);
      if (!argnums) return undefined;
      const forward = name === "jacfwd";
      const active = argnumLeaves(sig, argnums);
      const req = registry.request(fn, forward ? "jvp" : "vjp", active, file);
      registry.fileState(file).usesRuntime = true;
      return (visit) => wrapJacobian(ctx, req, sig, forward, argnums, active, file, visit(args[0]));
    }
    case "hvp":
    case "hessian": {
      // One parameter, or an array of them (a tuple of products; the Hessian's blocks, as JAX nests them).
      const argnums = markerArgnums(ctx, node, name, fn, fnName, sig, leafParameter);
      if (!argnums) return undefined;
      if (refusesSecondOrder(ctx, name, fnName, fn, args[0])) return undefined;
      const active = argnumLeaves(sig, argnums);
      const req = registry.request(fn, "hvp", active, file);
      if (name === "hessian") registry.fileState(file).usesRuntime = true;
      return () => wrapSecondOrder(ctx, req, sig, argnums, active, file, name === "hessian");
    }
    case "jvp": {
      const zero = jvpHeldConstant(ctx, node, sig);
      if (!zero) return undefined;
      const active = sig.sources.flatMap((_, k) => (zero(k) ? [] : sig.differentiable(k)));
      const req = registry.request(fn, "jvp", active, file);
      return (visit) => wrapJvp(ctx, req, sig, active, file, args[1], args[2], visit);
    }
    case "vjp": {
      // Parameters with constant defaults at the end may be left out, as in a call of f (the wrapper has them too).
      if (!vjpArityFits(ctx, node, sig)) return undefined;
      const active = sig.sources.flatMap((_, k) => sig.differentiable(k));
      const req = registry.request(fn, "vjp", active, file);
      return (visit) => wrapVjp(ctx, req, sig, active, file, visit(args[0]), args.slice(1).map(visit));
    }
  }
}
