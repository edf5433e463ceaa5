/**
 * `grad(f, k)` and `valueAndGrad(f, k)` where parameter k is an array of records (`ps: Particle[]`): the gradient
 * in the elements' number fields, as JAX's `grad` gives one in a list of dicts. Generated code accumulates it in one
 * Float64Array (element i's field j at `i * fields + j`, ir/recordPaths.ts, reverse/sweeps.ts); the wrapper turns
 * it into one object per element (`__ct.recordsOf`). Differentiated in, the records must be read field by field
 * where the function reads them (elements given to helpers are passed as their fields' numbers): the array given
 * whole to a helper, or an array field inside the records, would carry derivatives this gradient does not follow.
 */
import type * as TS from "typescript";
import { Messages } from "../diagnostics/messages";
import { childrenOf, isRecordsType, type Expr } from "../ir/expr";
import { recordNumberFields } from "../ir/recordPaths";
import { expressionsOf, forEachStmt, type FunctionIR } from "../ir/stmt";
import type { MarkerContext } from "./markers";
import type { Signature } from "./signature";
import { runtimeCall } from "./syntax";

/** The IR parameter of source parameter k if it is an array of records with number fields. */
export function recordsParameter(sig: Signature, k: number): number | undefined {
  const shape = sig.sources[k].shape;
  if (shape.kind !== "leaf") return undefined;
  const type = sig.params[shape.param].type;
  return isRecordsType(type) && recordNumberFields(type).length > 0 ? shape.param : undefined;
}

/** Reports, at `at`, a use of the records parameters `params` that a gradient in them would not follow. */
export function refusesRecordsGradient(
  ctx: MarkerContext,
  ir: FunctionIR,
  params: readonly number[],
  at: TS.Node,
): boolean {
  const names = new Set(params.map((i) => ir.params[i].name));
  let refused = false;
  const report = (name: string, use: string) => {
    if (refused) return;
    refused = true;
    const source = ir.sources.find((s) => s.shape.kind === "leaf" && ir.params[s.shape.param].name === name);
    ctx.sink.report(at, Messages.RecordsGradientUse, [source?.name ?? name, use]);
  };
  const visit = (e: Expr): void => {
    if (e.kind === "var" && names.has(e.name)) report(e.name, "the array itself is passed on or named again");
    else if (e.kind === "field" && e.at && names.has(e.array)) {
      report(e.array, `its field '${e.path.join(".")}' holds an array`);
    }
    childrenOf(e).forEach(visit);
  };
  forEachStmt(ir.body, (s) => {
    expressionsOf(s).forEach(visit);
    if (s.kind === "permute") s.targets.filter((t) => names.has(t)).forEach((t) => report(t, "it is reassigned"));
  });
  return refused;
}

/**
 * The gradient in source parameter k, from `flat`, the generated function's Float64Array, where k is an array of
 * records: `__ct.recordsOf(flat, ps, [["x"], ["pos", "y"]], [false, false])`. Undefined for any other parameter.
 */
export function recordsGradient(
  ctx: MarkerContext,
  sig: Signature,
  k: number,
  flat: TS.Expression,
): TS.Expression | undefined {
  const param = recordsParameter(sig, k);
  if (param === undefined) return undefined;
  const f = ctx.ts.factory;
  const type = sig.params[param].type;
  const fields = recordNumberFields(type as Parameters<typeof recordNumberFields>[0]);
  const paths = f.createArrayLiteralExpression(
    fields.map((field) => f.createArrayLiteralExpression(field.path.map((key) => f.createStringLiteral(key)))),
  );
  const optional = f.createArrayLiteralExpression(
    fields.map((field) => (field.optional ? f.createTrue() : f.createFalse())),
  );
  return runtimeCall(ctx.ts, "recordsOf", [flat, f.createIdentifier(sig.sources[k].name), paths, optional]);
}
