/**
 * `grad(f, k)` and `valueAndGrad(f, k)` where parameter k is an array of records (`ps: Particle[]`): the gradient
 * in the elements' number fields, as JAX's `grad` gives one in a list of dicts. Generated code accumulates it in one
 * Float64Array (element i's field j at `i * fields + j`, ir/recordPaths.ts, reverse/sweeps.ts); the wrapper turns
 * it into one object per element (`__ct.recordsOf`). Differentiated in, the records must be read field by field
 * where the function, or a helper given the array, reads them (elements given to helpers are passed as their
 * fields' numbers): an array field inside the records would carry derivatives this gradient does not follow.
 */
import type * as TS from "typescript";
import { Messages } from "../diagnostics/messages";
import { childrenOf, isDataArrayType, isRecordsType, type Expr, type RecordsType } from "../ir/expr";
import { recordFieldType, recordNumberFields } from "../ir/recordPaths";
import { expressionsOf, forEachStmt } from "../ir/stmt";
import type { FunctionLike } from "../collect/resolve";
import type { MarkerContext } from "./markers";
import type { Signature } from "./signature";
import { runtimeCall } from "./syntax";
import { isObjectType } from "../lower/context";

/** The IR parameter of source parameter k if it is an array of records with number fields. */
export function recordsParameter(sig: Signature, k: number): number | undefined {
  const shape = sig.sources[k].shape;
  if (shape.kind !== "leaf") return undefined;
  const type = sig.params[shape.param].type;
  return isRecordsType(type) && recordNumberFields(type).length > 0 ? shape.param : undefined;
}

/**
 * Reports, at `at`, a use of the records that source parameters `sources` of `fn` hold that a gradient in them would
 * not follow: a field a getter computes, an array field read, the array named as a value other than a callee's
 * argument, and the same in the callees it is given to (each a differentiated function taking it as a parameter).
 */
export function refusesRecordsGradient(
  ctx: MarkerContext,
  fn: FunctionLike,
  sig: Signature,
  sources: readonly number[],
  at: TS.Node,
): boolean {
  const seen = new Set<string>();
  const problem = (f: FunctionLike, param: number): string | undefined => {
    const low = ctx.registry.lowered(f);
    const name = low?.ir.params[param]?.name;
    if (!low || name === undefined || !isRecordsType(low.ir.params[param].type)) return "it is given to a function";
    const key = `${f.pos}:${f.getSourceFile().fileName}:${param}`;
    if (seen.has(key)) return undefined;
    seen.add(key);
    const type = low.ir.params[param].type as RecordsType;
    let found: string | undefined;
    const visit = (e: Expr): void => {
      if (found) return;
      // (An element itself, 'ss[i] === ss[j]', is only compared.)
      if (e.kind === "field" && e.array === name && e.path.length > 0) {
        found = unfollowedField(type, e.path, e.at !== undefined);
      }
      if (e.kind === "call") {
        e.args.forEach((arg, k) => {
          if (found || arg.kind !== "var" || arg.name !== name) return;
          const callee = low.callees.get(e.callee);
          found = callee ? problem(callee, k) : `it is given to '${e.callee}'`;
        });
        e.args.filter((arg) => arg.kind !== "var").forEach(visit);
        return;
      }
      if (e.kind === "var" && e.name === name) found = "the array itself is named again";
      childrenOf(e).forEach(visit);
    };
    forEachStmt(low.ir.body, (s) => expressionsOf(s).forEach(visit));
    return found;
  };
  for (const k of sources) {
    const param = recordsParameter(sig, k);
    const found = accessorIn(ctx, fn.parameters[k]) ?? (param === undefined ? undefined : problem(fn, param));
    if (found) {
      ctx.sink.report(at, Messages.RecordsGradientUse, [sig.sources[k].name, found]);
      return true;
    }
  }
  return false;
}

/**
 * Why a gradient would not follow the read of the field at `path` (an element of it with `at`), if it would not: an
 * array of numbers, or a field the records' type leaves out (objects nested more than four deep).
 */
function unfollowedField(type: RecordsType, path: readonly string[], at: boolean): string | undefined {
  // An array field's length ('s.xs.length') is an integer, which no gradient follows.
  if (
    path.length > 1 &&
    path[path.length - 1] === "length" &&
    recordFieldType(type, path.slice(0, -1))?.endsWith("]")
  ) {
    return undefined;
  }
  const field = recordFieldType(type, path);
  const shown = path.join(".");
  if (field === undefined) return `its field '${shown}' lies deeper than the four levels of objects Cotangent reads`;
  if (!at) return undefined;
  // Flags and index data carry no derivative.
  return isDataArrayType(field) ? undefined : `its field '${shown}' holds an array`;
}

/** A field of the elements that a getter computes (`get len()`): not an input a gradient can hold still. */
function accessorIn(ctx: MarkerContext, declared: TS.ParameterDeclaration): string | undefined {
  const { ts, checker } = ctx;
  const search = (type: TS.Type, prefix: string, depth: number): string | undefined => {
    if (depth > 4 || !isObjectType(ctx, type) || checker.isArrayLikeType(type)) return undefined;
    for (const p of checker.getPropertiesOfType(type)) {
      if (p.flags & ts.SymbolFlags.Accessor) return `its field '${prefix}${p.name}' is computed by a getter`;
      const inner = search(checker.getTypeOfSymbol(p), `${prefix}${p.name}.`, depth + 1);
      if (inner) return inner;
    }
    return undefined;
  };
  const type = checker.getNonNullableType(checker.getTypeAtLocation(declared));
  const [element] = checker.isArrayType(type) ? checker.getTypeArguments(type as TS.TypeReference) : [];
  return element && search(element, "", 0);
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
  const fields = recordNumberFields(type as RecordsType);
  const paths = f.createArrayLiteralExpression(
    fields.map((field) => f.createArrayLiteralExpression(field.path.map((key) => f.createStringLiteral(key)))),
  );
  const optional = f.createArrayLiteralExpression(
    fields.map((field) => (field.optional ? f.createTrue() : f.createFalse())),
  );
  return runtimeCall(ctx.ts, "recordsOf", [flat, f.createIdentifier(sig.sources[k].name), paths, optional]);
}
