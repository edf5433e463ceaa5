/**
 * Entry of lowering: one function's TypeScript AST → FunctionIR (with jumps still present; see structurize.ts).
 */
import type * as TS from "typescript";
import {
  isArrayType,
  type FunctionIR,
  type Param,
  type ParamShape,
  type SourceParam,
  type Stmt,
  type VarType,
} from "../ir/stmt";
import { binary, global, isMatrixType, v, type ArrayType, type MatrixType } from "../ir/expr";
import { Messages } from "../diagnostics/messages";
import type { DiagnosticSink } from "../diagnostics/sink";
import { Namer } from "../naming/namer";
import { functionName, type FunctionLike } from "../collect/resolve";
import {
  arrayTypeOf,
  vectorResultType,
  declareLocal,
  emitAssign,
  freshTemp,
  identifiersIn,
  isOptionalNumber,
  optionalObjectFields,
  objectFieldsOf,
  originOf,
  isGeneralArrayType,
  paramTypeOf,
  type LowerContext,
  type ObjectBinding,
} from "./context";
import { lowerReturnValue, lowerStatements } from "./statements";
import { structurize } from "./structurize";
import { hoistInvariantTests } from "../optimize/invariantTests";
import { bindDestructured, patternPrefix } from "./destructure";
import { constantDefault } from "./defaults";
import { reportStrayMarkers, type GradientCallee } from "./gradientCalls";
import { outsideNames } from "./outsideNames";
import { recordsTypeOf } from "./records";
import { isClassInstance, resultRecordOf } from "./resultRecords";
import { matrixListType, refuseReassigned, type MatrixList } from "./matrixLists";
import { columnFields, type Column } from "./recordColumns";
import { copyArray } from "./arrayMethods";
import { mayWriteParameter, rebindsParameter } from "./parameterWrites";

export interface LoweredFunction {
  readonly ir: FunctionIR;
  /** Callee key in the IR (`g`) → the function it calls. */
  readonly callees: ReadonlyMap<string, FunctionLike>;
  /** Callee key in the IR (`f_grad_x`) → the gradient it calls (lower/gradientCalls.ts). */
  readonly gradientCallees: ReadonlyMap<string, GradientCallee>;
}

/** What lowering asks of the whole program, each computed once over its files (lower/methods.ts, lower/readFields.ts). */
export type ProgramFacts = Pick<LowerContext, "overridden" | "readsStringField" | "onlyFieldsRead">;

const NO_FACTS: ProgramFacts = { overridden: () => false, readsStringField: () => false, onlyFieldsRead: () => false };

/** Lowers `fn`, or returns undefined after reporting why it cannot be differentiated. */
export function lowerFunction(
  ts: typeof TS,
  checker: TS.TypeChecker,
  sink: DiagnosticSink,
  fn: FunctionLike,
  fallbackName: string,
  facts: ProgramFacts = NO_FACTS,
): LoweredFunction | undefined {
  const name = functionName(ts, fn) ?? fallbackName;
  if (fn.asteriskToken || (ts.getCombinedModifierFlags(fn) & ts.ModifierFlags.Async) !== 0 || !fn.body) {
    sink.report(fn, Messages.UnsupportedFunctionKind, [name]);
    return undefined;
  }
  const sourceFile = fn.getSourceFile();
  const outside = outsideNames(ts, checker, fn);
  const namer = new Namer([...identifiersIn(ts, fn), ...outside]);
  const result = namer.unique("result");
  const ctx: LowerContext = {
    ts,
    checker,
    sink,
    namer,
    sourceFile,
    fn,
    names: new Map(),
    claimed: new Set(),
    outside,
    locals: new Map(),
    externals: new Set(),
    callees: new Map(),
    gradientCallees: new Map(),
    loops: [],
    result,
    params: new Set(),
    objects: new Map(),
    rows: new Map(),
    records: new Map(),
    matrixLists: new Map(),
    listedMatrices: new Map(),
    columns: new Map(),
    columnElements: new Map(),
    localMatrices: new Map(),
    presence: new Map(),
    presentFields: new Map(),
    builtObjects: new Map(),
    localFunctions: new Map(),
    closures: new Map(),
    mathFunctions: new Map(),
    ...facts,
    inlining: [],
    enclosing: [],
    out: [],
    errorsAtStart: sink.errorCount(),
  };
  reportStrayMarkers(ctx, fn.body);
  const body: Stmt[] = [];
  ctx.out = body;
  const { params, sources, mixedRecords } = lowerParams(ctx, fn);
  // Records holding matrices that also hold other fields are read nowhere: diagnostics of their uses would only repeat.
  if (mixedRecords) return undefined;
  const returned = returnTypeOf(ctx, fn);
  const record = returned && !vectorResultType(ctx, returned) ? resultRecordOf(ctx, returned) : undefined;
  if (returned && record && "field" in record) {
    // Reported here rather than at the expression that builds the object, which is fine JavaScript.
    const type = ctx.checker.typeToString(returned);
    sink.report(fn.type ?? fn.name ?? fn, Messages.RecordResultField, [name, type, record.field]);
    return undefined;
  }
  if (returned && !record && isClassInstance(ctx, returned)) {
    // Its fields are numbers, but the derivatives would be plain objects: reported once, not at each array read.
    sink.report(fn.type ?? fn.name ?? fn, Messages.NonVectorResult, [
      name,
      ctx.checker.typeToString(returned),
      "@differentiate",
    ]);
    return undefined;
  }
  ctx.resultRecord = record && "record" in record ? record.record : undefined;
  ctx.locals.set(result, ctx.resultRecord ? "number[]" : resultType(ctx, returned));
  if (ts.isBlock(fn.body)) {
    lowerStatements(ctx, fn.body.statements);
  } else {
    ctx.origin = originOf(ctx, fn.body);
    lowerReturnValue(ctx, ctx.result, fn.body);
    ctx.out.push({ kind: "return", values: [], origin: ctx.origin });
  }
  if (sink.errorCount() > ctx.errorsAtStart) return undefined;
  for (const p of params) ctx.locals.delete(p.name);
  const typeOf = (n: string) => ctx.locals.get(n) ?? params.find((p) => p.name === n)?.type;
  const structured = structurize(body, { namer, locals: ctx.locals, result });
  const ir: FunctionIR = {
    name,
    params,
    sources,
    locals: ctx.locals,
    externals: ctx.externals,
    body: hoistInvariantTests(structured, typeOf),
    result,
    ...(ctx.resultRecord && { resultRecord: ctx.resultRecord }),
    fileName: sourceFile.fileName,
  };
  return { ir, callees: ctx.callees, gradientCallees: ctx.gradientCallees };
}

function returnTypeOf(ctx: LowerContext, fn: FunctionLike): TS.Type | undefined {
  const signature = ctx.checker.getSignatureFromDeclaration(fn);
  return signature && ctx.checker.getReturnTypeOfSignature(signature);
}

/** The result's type: a number, or for vector-valued functions the array type the function returns. */
function resultType(ctx: LowerContext, type: TS.Type | undefined): VarType {
  return (type && vectorResultType(ctx, type)) ?? "number";
}

function lowerParams(
  ctx: LowerContext,
  fn: FunctionLike,
): { params: Param[]; sources: SourceParam[]; mixedRecords: boolean } {
  const { ts } = ctx;
  const params: Param[] = [];
  const sources: SourceParam[] = [];
  let mixedRecords = false;
  const addParam = (
    name: string,
    type: VarType,
    symbol?: TS.Symbol,
    optional = false,
    general = false,
  ): { kind: "leaf"; param: number } => {
    const irName = declareLocal(ctx, symbol, name, type);
    params.push(
      optional ? { name: irName, type, optional } : general ? { name: irName, type, general } : { name: irName, type },
    );
    ctx.params.add(irName);
    return { kind: "leaf", param: params.length - 1 };
  };
  // 'Ws: number[][][]': IR parameters for its matrices' rows one after another, and where each matrix's rows start.
  const addMatrixList = (name: string, source: string, type: MatrixType) => {
    const rows = addParam(`${name}_rows`, type);
    const starts = addParam(`${name}_starts`, "Int32Array");
    const list: MatrixList = { name, source, rows: params[rows.param].name, starts: params[starts.param].name };
    return { list, shape: { kind: "stack", rows: rows.param, starts: starts.param } as const };
  };
  // 'p: { w: number; b: number[] }' → IR parameters 'p_w', 'p_b', and a binding so that 'p.w' reads 'p_w'.
  const flatten = (
    prefix: string,
    fields: NonNullable<ReturnType<typeof objectFieldsOf>>,
    p: TS.ParameterDeclaration,
    optional?: true,
  ) => {
    const binding: ObjectBinding = new Map();
    const shapeFields: { key: string; shape: ParamShape }[] = [];
    for (const field of fields) {
      const name = `${prefix}_${field.key}`;
      if (typeof field.type === "string") {
        const shape = addParam(name, field.type, undefined, field.optional, field.general);
        const irName = params[params.length - 1].name;
        binding.set(field.key, irName);
        shapeFields.push({ key: field.key, shape });
        // 'l2?: number': a flag set on entry says whether the caller gave it ('opts.l2 ?? 0' tests the flag).
        if (field.optional) ctx.presentFields.set(irName, presenceOnEntry(ctx, irName, p));
      } else {
        const nested = flatten(name, field.type.fields ?? [], p);
        binding.set(field.key, nested.binding);
        shapeFields.push({ key: field.key, shape: nested.shape });
      }
    }
    const tuple = (fields as { tuple?: boolean }).tuple;
    return { binding, shape: { kind: "object", fields: shapeFields, tuple, optional } as ParamShape };
  };
  for (const [k, p] of fn.parameters.entries()) {
    if (isOptionalNumber(ctx, p)) {
      declareOptionalNumber(ctx, p as TS.ParameterDeclaration & { name: TS.Identifier }, params, sources);
      continue;
    }
    // 'opts?: Opts', 'opts: Opts = {}': an options object whose number fields read as left out where it is.
    const optionalFields = optionalObjectFields(ctx, p);
    // A constant default ('eps = 1e-8') is the wrappers' and callers' to supply; the parameter itself is plain.
    const plainDefault = !p.initializer || (constantDefault(ts, p) !== undefined && ts.isIdentifier(p.name));
    if (!optionalFields && (!plainDefault || p.dotDotDotToken || p.questionToken)) {
      ctx.sink.report(p, Messages.UnsupportedParameter, [p.name.getText(ctx.sourceFile)]);
      continue;
    }
    // A destructured parameter ('{ w, b }: Layer') is flattened under a name of its own, then its pattern is bound
    // as a destructuring declaration at the top of the body would be.
    const pattern = ts.isIdentifier(p.name) ? undefined : p.name;
    const type = ctx.checker.getTypeAtLocation(p.name);
    const name = pattern ? parameterName(ctx, pattern, type, k) : (p.name as TS.Identifier).text;
    const symbol = pattern ? undefined : ctx.checker.getSymbolAtLocation(p.name);
    const bindPattern = (source: ObjectBinding | { array: string }) => {
      if (!pattern) return;
      ctx.origin = originOf(ctx, p);
      bindDestructured(ctx, pattern, source);
      ctx.origin = undefined;
    };
    const general = isGeneralArrayType(ctx, type);
    const varType = paramTypeOf(ctx, type);
    if (!optionalFields && p.initializer && (!varType || isArrayType(varType))) {
      ctx.sink.report(p, Messages.UnsupportedParameter, [p.name.getText(ctx.sourceFile)]);
      continue;
    }
    if (varType) {
      sources.push({ name, shape: addParam(name, varType, symbol, false, general) });
      const irName = params[params.length - 1].name;
      if (symbol && ownsRebound(ctx, fn, k, varType)) {
        // 'x = x.map(f)' on a parameter: JavaScript rebinds the name and leaves the caller's array alone. The function
        // works on a copy of its own, rebound as a local declared 'let y = x.slice()' is (lower/arrayAssign.ts).
        ctx.origin = originOf(ctx, p);
        const own = declareLocal(ctx, symbol, `${name}_own`, varType);
        copyArray(ctx, own, varType as ArrayType, irName);
        ctx.origin = undefined;
        continue;
      }
      if (pattern && isArrayType(varType)) bindPattern({ array: irName });
      else if (pattern) ctx.sink.report(p, Messages.UnsupportedParameter, [p.name.getText(ctx.sourceFile)]);
      continue;
    }
    const recordColumns = columnFields(ctx, type);
    if (recordColumns && "refused" in recordColumns) {
      const what = [name, ctx.checker.typeToString(type), recordColumns.refused];
      ctx.sink.report(p, Messages.MixedMatrixRecords, what);
      mixedRecords = true;
      continue;
    }
    if (recordColumns && symbol && !p.initializer) {
      // 'layers: Layer[]' whose elements hold matrices: a column per field (lower/recordColumns.ts).
      const columns = new Map<string, Column>();
      const shapeFields: { key: string; shape: ParamShape; numbers?: boolean }[] = [];
      for (const field of recordColumns) {
        const base = `${name}_${field.key}`;
        if (field.holds === "matrix") {
          const { list, shape } = addMatrixList(base, `${name}[i].${field.key}`, field.type as MatrixType);
          columns.set(field.key, { holds: "matrix", list });
          shapeFields.push({ key: field.key, shape });
          continue;
        }
        const leaf = addParam(base, field.type);
        const irName = params[leaf.param].name;
        const numbers = field.holds === "number";
        columns.set(field.key, numbers ? { holds: "number", array: irName } : { holds: "array", matrix: irName });
        shapeFields.push(numbers ? { key: field.key, shape: leaf, numbers } : { key: field.key, shape: leaf });
      }
      ctx.columns.set(symbol, { name, fields: columns });
      sources.push({ name, shape: { kind: "records", fields: shapeFields } });
      refuseReassigned(ctx, p.name as TS.Identifier);
      continue;
    }
    const listType = matrixListType(ctx, type);
    if (listType && symbol && !p.initializer) {
      const { list, shape } = addMatrixList(name, name, listType);
      ctx.matrixLists.set(symbol, list);
      sources.push({ name, shape });
      refuseReassigned(ctx, p.name as TS.Identifier);
      continue;
    }
    const records = recordsTypeOf(ctx, type);
    if (records && !pattern && !p.initializer) {
      // 'obs: Obs[]': data read in place, never differentiated (lower/records.ts).
      sources.push({ name, shape: addParam(name, records, symbol) });
      continue;
    }
    const fields = optionalFields ?? objectFieldsOf(ctx, type, 0, true);
    if (!fields) {
      ctx.sink.report(p, Messages.UnsupportedType, [name, ctx.checker.typeToString(type)]);
      continue;
    }
    // The generated code is outside the class: it can read 'private' fields, not '#private' ones.
    const hidden = privateName(fields);
    if (hidden) {
      ctx.sink.report(p, Messages.PrivateFieldParameter, [name, ctx.checker.typeToString(type), hidden]);
      continue;
    }
    ctx.claimed.add(name);
    const { binding, shape } = flatten(name, fields, p, optionalFields ? true : undefined);
    if (symbol) ctx.objects.set(symbol, binding);
    bindPattern(binding);
    sources.push({ name, shape });
  }
  return { params, sources, mixedRecords };
}

/**
 * An optional number parameter is a number parameter that may hold undefined: a flag set on entry says whether it was
 * given, and the tests of it (`k ?? 1`, `k === undefined`) read the flag (lower/nullish.ts), as they read one for a
 * constant holding an element read. Its derivative is 0 where it is left out.
 */
function declareOptionalNumber(
  ctx: LowerContext,
  p: TS.ParameterDeclaration & { name: TS.Identifier },
  params: Param[],
  sources: SourceParam[],
): void {
  const symbol = ctx.checker.getSymbolAtLocation(p.name);
  const irName = declareLocal(ctx, symbol, p.name.text, "number");
  params.push({ name: irName, type: "number", optional: true });
  ctx.params.add(irName);
  sources.push({ name: p.name.text, shape: { kind: "leaf", param: params.length - 1 } });
  const given = presenceOnEntry(ctx, irName, p);
  if (symbol) ctx.presence.set(symbol, given);
}

/** 'k_given = k !== undefined', at the parameter's line: the flag of a number the caller may leave out. */
function presenceOnEntry(ctx: LowerContext, irName: string, p: TS.ParameterDeclaration): string {
  const given = freshTemp(ctx, `${irName}_given`, irName, "boolean");
  ctx.origin = originOf(ctx, p);
  emitAssign(ctx, given, binary("!==", v(irName), global("undefined")));
  ctx.origin = undefined;
  return given;
}

/** A destructured parameter's name: its type's (`Layer` → `layer`), or its first names joined (`[x, y]` → `x_y`). */
function parameterName(ctx: LowerContext, pattern: TS.BindingPattern, type: TS.Type, k: number): string {
  const symbol = type.aliasSymbol ?? type.getSymbol();
  const named = symbol && /^[A-Za-z_$][\w$]*$/.test(symbol.name) && !arrayTypeOf(ctx, type) ? symbol.name : undefined;
  const base =
    named && named !== "Array" ? named[0].toLowerCase() + named.slice(1) : (patternPrefix(ctx, pattern) ?? `arg${k}`);
  // Two destructured parameters of one type ('{ w }: Layer, { b }: Layer') get names of their own, and none takes the
  // name of a plain parameter ('{ w }: Layer, layer: Layer').
  const plain = new Set(ctx.fn.parameters.flatMap((p) => (ctx.ts.isIdentifier(p.name) ? [p.name.text] : [])));
  let name = base;
  for (let n = 1; ctx.claimed.has(name) || plain.has(name); n++) name = `${base}_${n}`;
  return name;
}

/** The first '#private' field among `fields`, nested ones included. */
function privateName(fields: NonNullable<ReturnType<typeof objectFieldsOf>>): string | undefined {
  for (const field of fields) {
    if (field.key.startsWith("#")) return field.key;
    const nested = typeof field.type === "string" ? undefined : privateName(field.type.fields ?? []);
    if (nested) return nested;
  }
  return undefined;
}

/**
 * Whether a parameter array is given another array in the body ('x = x.map(f)') and never written through, nor
 * passed where it might be (a write before the rebinding would reach the caller's array, not a copy).
 */
function ownsRebound(ctx: LowerContext, fn: FunctionLike, position: number, type: VarType): boolean {
  const { ts, checker } = ctx;
  if (!isArrayType(type) || isMatrixType(type)) return false;
  return rebindsParameter(ts, checker, fn, position) && !mayWriteParameter(ts, checker, fn, position, true);
}
