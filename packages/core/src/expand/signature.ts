/**
 * A differentiated function's parameters as the user wrote them, and how they map to the generated functions'
 * flattened parameters (an object's number and array fields become parameters of their own); the wrappers'
 * parameters; and the copies of written array parameters that wrappers running a derivative later make on entry.
 */
import type * as TS from "typescript";
import type { FunctionLike } from "../collect/resolve";
import { typeNode } from "../emit/statements";
import {
  fieldPath,
  isArrayType,
  isDifferentiable,
  leavesOf,
  type FunctionIR,
  type Param,
  type ParamShape,
  type SourceParam,
  type VarType,
} from "../ir/stmt";
import type { DerivativeRequest } from "../program/registry";
import type { MarkerContext } from "./markers";
import { arrow, constDecl, copyOf, fieldAccess, fieldName, param, runtimeCall, uniqueLocal } from "./syntax";
import { constantDefault, constantNode, type ConstantValue } from "../lower/defaults";
import { arrayTypeOf, isObjectType } from "../lower/context";
import { matrixListType } from "../lower/matrixLists";
import { columnFields } from "../lower/recordColumns";
import { isMatrixType, isRecordsType, rowTypeOf } from "../ir/expr";

/** A function's parameters as written, and how each maps to the generated functions' flattened parameters. */
export interface Signature {
  readonly sources: readonly SourceParam[];
  readonly params: readonly Param[];
  readonly count: number;
  /** Differentiable IR parameters under source parameter k. */
  differentiable(k: number): number[];
  /** Type of source parameter k as written, for wrapper parameters. */
  typeOf(k: number): TS.TypeNode;
  /** Type of what gradInto writes the gradient in source parameter k into: a mutable array where k is an array. */
  outputTypeOf(k: number): TS.TypeNode;
  /** Flattened argument list for the generated functions, from one expression per source parameter. */
  flatten(values: readonly TS.Expression[]): TS.Expression[];
  /**
   * Expressions of the IR parameters under source parameter k, given the expression of k; for a tangent, `like` is
   * its primal's, whose matrices an array of matrices' tangent must match row for row.
   */
  leaves(k: number, value: TS.Expression, like?: TS.Expression): Map<number, TS.Expression>;
  /** The IR parameters under source parameter k as the source writes them (`layer.w`, `pair[1]`). */
  paths(k: number): Map<number, string>;
  /** A value shaped like source parameter k (objects keep their differentiable fields only). */
  shaped(k: number, leaf: (param: number) => TS.Expression | undefined): TS.Expression;
  /** The constant default of source parameter k ('eps = 1e-8'), if it has one. */
  defaultOf(k: number): ConstantValue | undefined;
  /** Whether source parameter k is optional ('k?: number'): left out, it is undefined. */
  optional(k: number): boolean;
  /** How many values a call must pass at least: the parameters before those that have defaults. */
  readonly required: number;
  /** Whether source parameter k's type holds numbers only (numbers, arrays of them, objects and tuples of those). */
  numericOnly(k: number): boolean;
}

export function signatureOf(ctx: MarkerContext, fn: FunctionLike, ir: FunctionIR, at: TS.Node): Signature {
  const { ts, checker } = ctx;
  const f = ts.factory;
  const { sources, params } = ir;
  const optional = (k: number) => {
    const shape = sources[k]?.shape;
    return fn.parameters[k]?.questionToken !== undefined || (shape?.kind === "object" && shape.optional === true);
  };
  const defaultOf = (k: number) => {
    const declared = fn.parameters[k];
    return declared && constantDefault(ts, declared);
  };
  const leaves = (k: number, value: TS.Expression, like?: TS.Expression): Map<number, TS.Expression> => {
    const out = new Map<number, TS.Expression>();
    const walk = (shape: ParamShape, e: TS.Expression, primal: TS.Expression | undefined, path: string): void => {
      if (shape.kind === "leaf") out.set(shape.param, e);
      else if (shape.kind === "stack") {
        // 'Ws: number[][][]': its matrices' rows one after another, and where each matrix's rows start.
        const checked = primal ? [primal, f.createStringLiteral(`the tangent of '${path}'`)] : [];
        out.set(shape.rows, runtimeCall(ts, "matrixRows", [e, ...checked]));
        out.set(shape.starts, runtimeCall(ts, "rowStarts", [e]));
      } else if (shape.kind === "records") {
        // 'layers: Layer[]': a column per field.
        for (const field of shape.fields) {
          const within = primal && column(primal, field.key, field.numbers);
          walk(field.shape, column(e, field.key, field.numbers), within, fieldPath(shape, path, field.key));
        }
      } else {
        const access = (object: TS.Expression, key: string) =>
          shape.tuple
            ? f.createElementAccessExpression(object, Number(key))
            : fieldAccess(ts, object, key, shape.optional);
        for (const field of shape.fields) {
          const within = primal && access(primal, field.key);
          walk(field.shape, access(e, field.key), within, fieldPath(shape, path, field.key));
        }
      }
    };
    walk(sources[k].shape, value, like, sources[k].name);
    return out;
  };
  const column = (records: TS.Expression, key: string, numbers?: boolean) =>
    runtimeCall(ts, numbers ? "numberColumn" : "fieldOf", [records, f.createStringLiteral(key)]);
  const paths = (k: number): Map<number, string> => {
    const out = new Map<number, string>();
    const walk = (shape: ParamShape, path: string): void => {
      if (shape.kind === "leaf") out.set(shape.param, path);
      else if (shape.kind === "stack") leavesOf(shape).forEach((leaf) => out.set(leaf, path));
      else shape.fields.forEach((field) => walk(field.shape, fieldPath(shape, path, field.key)));
    };
    walk(sources[k].shape, sources[k].name);
    return out;
  };
  const shaped = (k: number, leaf: (param: number) => TS.Expression | undefined): TS.Expression => {
    // `primal`: the value the gradient is shaped as, which a gradient of arrays of matrices takes its groups from.
    const build = (shape: ParamShape, primal: TS.Expression): TS.Expression | undefined => {
      if (shape.kind === "leaf") return leaf(shape.param);
      if (shape.kind === "stack") {
        // The gradient's rows grouped into matrices as the parameter's are.
        const rows = leaf(shape.rows);
        return rows && runtimeCall(ts, "groupRows", [rows, primal]);
      }
      if (shape.kind === "records") {
        // One object per element, each field's gradient at the element's position.
        const columns = shape.fields.flatMap((field) => {
          const value = build(field.shape, column(primal, field.key));
          return value ? [f.createPropertyAssignment(fieldName(ts, field.key), value)] : [];
        });
        const count = f.createPropertyAccessExpression(primal, "length");
        return runtimeCall(ts, "recordsOfColumns", [count, f.createObjectLiteralExpression(columns, false)]);
      }
      if (shape.tuple) {
        return f.createArrayLiteralExpression(
          shape.fields.map(
            (field) =>
              build(field.shape, f.createElementAccessExpression(primal, Number(field.key))) ??
              f.createNumericLiteral(0),
          ),
        );
      }
      const fields = shape.fields.flatMap((field) => {
        const value = build(field.shape, fieldAccess(ts, primal, field.key, shape.optional));
        return value ? [f.createPropertyAssignment(fieldName(ts, field.key), value)] : [];
      });
      return f.createObjectLiteralExpression(fields, false);
    };
    return build(sources[k].shape, f.createIdentifier(sources[k].name)) ?? f.createNumericLiteral(0);
  };
  const signature: Signature = {
    sources,
    params,
    count: sources.length,
    differentiable: (k) => leavesOf(sources[k].shape).filter((i) => isDifferentiable(params[i].type)),
    typeOf: (k) => {
      const shape = sources[k].shape;
      const type = checker.getTypeAtLocation(fn.parameters[k]);
      // The IR's type says how the value is differentiated; a wrapper's parameter must also accept what the user's
      // type says: a readonly array, a union of string literals ('mode: "sum" | "max"'), any kind of array.
      const leaf = shape.kind === "leaf" ? params[shape.param] : undefined;
      if (leaf && !leaf.general && writtenAsIR(checker, type, leaf.type)) {
        return typeNode(ts, leaf.type);
      }
      return (
        checker.typeToTypeNode(type, at, ts.NodeBuilderFlags.NoTruncation) ??
        f.createKeywordTypeNode(ts.SyntaxKind.AnyKeyword)
      );
    },
    outputTypeOf: (k) => {
      const shape = sources[k].shape;
      return shape.kind === "leaf" ? typeNode(ts, params[shape.param].type) : signature.typeOf(k);
    },
    flatten: (values) => {
      const all = new Map<number, TS.Expression>();
      values.forEach((value, k) => leaves(k, value).forEach((e, i) => all.set(i, e)));
      return params.map((_, i) => all.get(i) as TS.Expression);
    },
    leaves,
    paths,
    shaped,
    defaultOf,
    optional,
    required: sources.reduce((n, _, k) => (defaultOf(k) === undefined && !optional(k) ? k + 1 : n), 0),
    numericOnly: (k) => {
      const declared = fn.parameters[k];
      return declared !== undefined && holdsNumbersOnly(ctx, checker.getTypeAtLocation(declared), 0);
    },
  };
  return signature;
}

/** A type whose values hold numbers only: its tangent has the type itself (no field of it is left out). */
function holdsNumbersOnly(ctx: MarkerContext, type: TS.Type, depth: number): boolean {
  const { ts, checker } = ctx;
  if (depth > 4) return false;
  const arrays = arrayTypeOf(ctx, type) ?? matrixListType(ctx, type) ?? Array.isArray(columnFields(ctx, type));
  if (type.flags & ts.TypeFlags.NumberLike || arrays) return true;
  if (!isObjectType(ctx, type) || type.getCallSignatures().length > 0) return false;
  const members = checker.isTupleType(type)
    ? checker.getTypeArguments(type as TS.TypeReference)
    : checker.getPropertiesOfType(type).map((p) => checker.getTypeOfSymbol(p));
  return members.length > 0 && members.every((m) => holdsNumbersOnly(ctx, m, depth + 1));
}

/**
 * Whether source parameter k is one that jacfwd, jacrev, hvp and hessian differentiate in: a number or a
 * one-dimensional array (not an object; not a matrix either: the runtime builds unit directions for numbers and 1-D
 * arrays).
 */
export function isLeafParameter(sig: Signature, k: number): boolean {
  const shape = sig.sources[k].shape;
  return shape.kind === "leaf" && sig.differentiable(k).length > 0 && !isMatrixType(sig.params[shape.param].type);
}

/**
 * The tuple types of jvp's arrays where a wrapper takes them whole: the primals' as the parameters are written, and
 * the tangents', each a number or an array like its primal's, or `any` where the tangent is no such value (an
 * object's, which has only its numeric fields; a string's; the literal 0 holding a parameter still, `held`).
 * Parameters with constant defaults may be left out.
 */
export function jvpTupleTypes(
  ts: typeof TS,
  sig: Signature,
  held: (k: number) => boolean = () => false,
): { primals: () => TS.TypeNode; tangents: () => TS.TypeNode } {
  const f = ts.factory;
  const tangentType = (k: number) =>
    !held(k) && (isLeafParameter(sig, k) || sig.numericOnly(k))
      ? sig.typeOf(k)
      : f.createKeywordTypeNode(ts.SyntaxKind.AnyKeyword);
  const tuple = (typeOf: (k: number) => TS.TypeNode) => () => {
    const types = sig.sources.map((_, k) => (k < sig.required ? typeOf(k) : f.createOptionalTypeNode(typeOf(k))));
    return ts.setEmitFlags(f.createTupleTypeNode(types), ts.EmitFlags.SingleLine);
  };
  return { primals: tuple(sig.typeOf), tangents: tuple(tangentType) };
}

/**
 * Source parameter k as the runtime's Jacobian helpers read its shape: `k ?? 0` for an optional number, which a call
 * may leave out (its unit direction is then 1, and the derivative along it 0).
 */
export function shapeOf(ts: typeof TS, sig: Signature, k: number): TS.Expression {
  const name = ts.factory.createIdentifier(sig.sources[k].name);
  if (!sig.optional(k)) return name;
  return ts.factory.createBinaryExpression(
    name,
    ts.SyntaxKind.QuestionQuestionToken,
    ts.factory.createNumericLiteral(0),
  );
}

/**
 * The wrapper's parameters: the function's, with the same constant defaults; an optional one is `k?: number`, or
 * `k: number | undefined` when the wrapper takes more parameters after the function's (gradInto's `out`, hvp's `v`).
 */
export function wrapperParams(ctx: MarkerContext, sig: Signature, followed = false): TS.ParameterDeclaration[] {
  const f = ctx.ts.factory;
  return sig.sources.map((s, k) => {
    const value = sig.defaultOf(k);
    if (sig.optional(k) && followed) {
      const maybe = f.createUnionTypeNode([sig.typeOf(k), f.createKeywordTypeNode(ctx.ts.SyntaxKind.UndefinedKeyword)]);
      return param(ctx.ts, s.name, maybe);
    }
    if (sig.optional(k)) return param(ctx.ts, s.name, sig.typeOf(k), undefined, true);
    return param(ctx.ts, s.name, sig.typeOf(k), value === undefined ? undefined : constantNode(ctx.ts, value));
  });
}

/**
 * Wrappers that run the derivative later or several times (a pullback, one sweep per Jacobian row or column) of a
 * function that writes into its array parameters: they save those arrays' values on entry and give each derivative
 * call a fresh copy, since the primal and every sweep write into them. With `everyArray` (a pullback, called after the
 * caller may have changed its arrays), every array is saved, as JAX's pullback is taken at the point it was made.
 * `body(result, then)` runs `then` (the primal's own call, when no sweep makes the writes on the caller's arrays)
 * after `result` is computed.
 */
export function onEntry(
  ctx: MarkerContext,
  req: DerivativeRequest,
  sig: Signature,
  leaves: readonly TS.Expression[],
  everyArray = false,
): { args(): TS.Expression[]; body(result: TS.Expression, then?: TS.Expression): TS.ConciseBody } {
  const f = ctx.ts.factory;
  const params = ctx.registry.lowered(req.fn)?.ir.params ?? [];
  const written = writtenLeaves(ctx, req);
  const names = sig.sources.map((s) => s.name);
  // A pullback keeps every array, a matrix's rows, and the numbers of objects and tuples (read as 'p.b' later).
  const field = (leaf: TS.Expression) => !ctx.ts.isIdentifier(leaf);
  const kept = (k: number) =>
    written[k] || (everyArray && (isArrayType(params[k].type) || (params[k].type === "number" && field(leaves[k]))));
  const saved = params.map((p, k) => (kept(k) ? uniqueLocal(names, `${p.name}_on_entry`) : undefined));
  const copy = (leaf: TS.Expression, k: number): TS.Expression => {
    if (params[k].type === "number") return leaf;
    const type = params[k].type;
    // Any kind of array ('x: ArrayLike<number>', which may have no 'slice'): its numbers, in a Float64Array.
    if (params[k].general) return f.createCallExpression(f.createIdentifier("Float64Array.from"), undefined, [leaf]);
    if (!isMatrixType(type)) return copyOf(ctx.ts, leaf);
    const row = f.createIdentifier("row");
    const rowCopy = arrow(ctx.ts, [param(ctx.ts, "row", typeNode(ctx.ts, rowTypeOf(type), true))], copyOf(ctx.ts, row));
    return f.createCallExpression(f.createPropertyAccessExpression(leaf, "map"), undefined, [rowCopy]);
  };
  const saves = leaves.flatMap((leaf, k) => {
    const name = saved[k];
    return name ? [constDecl(ctx.ts, name, copy(leaf, k))] : [];
  });
  return {
    args: () =>
      leaves.map((leaf, k) => {
        const name = saved[k];
        if (!name) return leaf;
        // A derivative writes into the arrays the function writes: each call gets a copy of its own.
        return written[k] ? copyOf(ctx.ts, f.createIdentifier(name)) : f.createIdentifier(name);
      }),
    body: (result, then) => {
      if (saves.length === 0) return result;
      if (!then) return f.createBlock([...saves, f.createReturnStatement(result)], true);
      const held = uniqueLocal([...names, ...saved.filter((s) => s !== undefined)], "derivative");
      const finish = [f.createExpressionStatement(then), f.createReturnStatement(f.createIdentifier(held))];
      return f.createBlock([...saves, constDecl(ctx.ts, held, result), ...finish], true);
    },
  };
}

/** For each parameter of the generated functions (flattened), whether the function writes into it (or a callee). */
export function writtenLeaves(ctx: MarkerContext, req: DerivativeRequest): boolean[] {
  const ir = ctx.registry.lowered(req.fn)?.ir;
  if (!ir) return [];
  const written = ctx.registry.writtenParams(req.fn);
  return ir.params.map((_, k) => written.includes(k));
}

/**
 * Whether the IR's type of a parameter, printed, is the type the user declared: not for a readonly array, a tuple
 * ('[number, number]', rows of '[number, number][]'), a union of string literals or an array of records (the IR's
 * lists the fields generated code reads; the primal, which a wrapper may call, takes the declared type).
 */
function writtenAsIR(checker: TS.TypeChecker, declared: TS.Type, type: VarType): boolean {
  if (type === "number" || type === "boolean" || type === "Float64Array" || type === "Float32Array") return true;
  if (type === "string" || isRecordsType(type) || checker.isTupleType(declared) || isReadonlyArray(checker, declared))
    return false;
  if (type === "Float64Array[]") return !isReadonlyArray(checker, declared);
  if (type !== "number[][]") return true;
  const [row] = checker.getTypeArguments(declared as TS.TypeReference);
  return row !== undefined && !checker.isTupleType(row) && !isReadonlyArray(checker, row);
}

/** `readonly number[]`, `ReadonlyArray<…>`, a readonly tuple. */
function isReadonlyArray(checker: TS.TypeChecker, type: TS.Type): boolean {
  if (checker.isTupleType(type)) return (type as TS.TupleTypeReference).target.readonly;
  return checker.isArrayType(type) && type.getSymbol()?.getName() === "ReadonlyArray";
}
