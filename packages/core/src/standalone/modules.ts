/**
 * Standalone derivative modules, for toolchains without a transformer API (TypeScript 7, esbuild, swc): every
 * function marked `// @differentiate` gets its tangent (`f_jvp`) and/or adjoint (`f_vjp`), and on request its
 * Hessian-vector product (`f_hvp`), generated into a module of its own, which imports the primal file and exports
 * the derivatives with explicit types. The generated code is the same as the transformer's; only where it lives
 * changes:
 * - same-file names it reads (callees called on inactive arguments, module constants) are imported from the
 *   primal file, which must export them (TS990102 otherwise);
 * - derivatives of callees in other files are reached through those files' derivative modules, primals through
 *   the files themselves.
 * Marker calls (`grad(f)`) are not expanded: users of these modules call the derivatives directly.
 * Like the rest of the core this does no I/O; it returns the modules' text and the diagnostics.
 */
import type * as TS from "typescript";
import { createProgramSink, type DiagnosticSink } from "../diagnostics/sink";
import { formatMessage, Messages } from "../diagnostics/messages";
import { findAnnotatedFunctions, mentionsAnnotation } from "../collect/annotations";
import { functionName, type FunctionLike } from "../collect/resolve";
import { vectorResultType } from "../lower/context";
import { isDifferentiable, type Param, type ResultRecord, type SourceParam, type VarType } from "../ir/stmt";
import { createRegistry, DERIVATIVE_KINDS, type DerivativeRequest, type Registry } from "../program/registry";
import { RUNTIME_ALIAS, type FileState } from "../program/files";
import { emitFunctionDeclaration, emitOptionsOf, type EmitOptions } from "../emit/statements";
import { ruleTable, type RuleTable } from "../rules/table";
import { compileRuleTable } from "../rules/template";
import { freeNames, markUnusedParameters, moduleFreeNames } from "./names";
import { bindingOf, importDeclaration, importExtensionStyle, rebaseSpecifier, relativeSpecifier } from "./imports";

export type StandaloneMode = "forward" | "reverse" | "both";

export interface StandaloneOptions {
  /** Which derivatives of each marked function: `f_jvp` (forward), `f_vjp` (reverse) or both. */
  readonly mode: StandaloneMode;
  /** Also `f_hvp` (reverse over forward), for each marked function that returns a number. */
  readonly hvp?: boolean;
  /** Files whose marked functions are differentiated; their callees' files get modules too. */
  readonly roots: readonly TS.SourceFile[];
  /** Absolute, '/'-separated path of the derivative module of a source file. */
  readonly modulePath: (file: TS.SourceFile) => string;
  /** Module generated code imports the runtime from. Default: "cotangent/runtime". */
  readonly runtimeSpecifier?: string;
  /** See CotangentOptions.unroll. */
  readonly unroll?: number;
  readonly rules?: RuleTable;
}

/** A marked function's exported derivatives and how their flattened parameters map to the user's. */
export interface StandaloneFunction {
  readonly name: string;
  /** Flattened parameters, as the generated functions take them (`layer.w` → `layer_w`). */
  readonly params: readonly Param[];
  /** The parameters as written, and which flattened parameters each one holds. */
  readonly sources: readonly SourceParam[];
  /** Indices of the differentiated flattened parameters: the tangents `f_jvp` takes, the adjoints `f_vjp` returns. */
  readonly active: readonly number[];
  readonly resultType: VarType;
  /** For a function returning an object of numbers: how the numbers its derivatives return and take make it up. */
  readonly resultRecord?: ResultRecord;
  /** `f_jvp(...params, ...tangents of active)` → `[result, result_dot]`. */
  readonly jvp?: string;
  /** `f_vjp(...params, result_bar)` → `[result, ...adjoints of active]`. */
  readonly vjp?: string;
  /** `f_hvp(...params, ...directions for active)` → H·v: the adjoints of active, one value unwrapped. */
  readonly hvp?: string;
}

export interface DerivativeModule {
  readonly source: TS.SourceFile;
  readonly path: string;
  /** The module's text, without a header: the caller adds its own. */
  readonly text: string;
  /** The marked functions of `source` whose derivatives the module exports. */
  readonly functions: readonly StandaloneFunction[];
}

export interface StandaloneResult {
  readonly diagnostics: readonly TS.Diagnostic[];
  readonly modules: readonly DerivativeModule[];
}

export function emitDerivativeModules(
  ts: typeof TS,
  program: TS.Program,
  options: StandaloneOptions,
): StandaloneResult {
  const checker = program.getTypeChecker();
  // The same catalog entries as the transformer reports.
  const sink = createProgramSink(ts, program);

  const rules = compileRuleTable(ts, options.rules ?? ruleTable);
  const registry = createRegistry(ts, checker, sink, rules, {
    separateModules: true,
    unroll: options.unroll,
    sourceFiles: () => program.getSourceFiles(),
  });
  const functions = new Map<TS.SourceFile, StandaloneFunction[]>();
  const rootRequests = new Set<DerivativeRequest>();

  for (const file of options.roots) {
    if (!mentionsAnnotation(file)) continue;
    for (const fn of findAnnotatedFunctions(ts, file, sink)) {
      const planned = planFunction(ts, checker, registry, fn, options, sink);
      if (!planned) continue;
      planned.requests.forEach((r) => rootRequests.add(r));
      functions.set(file, [...(functions.get(file) ?? []), planned.info]);
    }
  }
  registry.drain();

  const files = [...new Set(registry.requests.filter((r) => r.generated).map((r) => r.file))];
  const modules = files.map((file) => {
    const requests = registry.requests.filter((r) => r.file === file && r.generated);
    const emit = emitOptionsOf(program.getCompilerOptions());
    const text = moduleText(ts, registry.fileState(file), requests, rootRequests, { ...options, emit }, sink);
    return { source: file, path: options.modulePath(file), text, functions: functions.get(file) ?? [] };
  });
  return { diagnostics: sink.diagnostics, modules };
}

/** Requests the derivatives of one marked function with respect to every differentiable parameter. */
function planFunction(
  ts: typeof TS,
  checker: TS.TypeChecker,
  registry: Registry,
  fn: FunctionLike,
  options: StandaloneOptions,
  sink: DiagnosticSink,
): { info: StandaloneFunction; requests: DerivativeRequest[] } | undefined {
  const { mode } = options;
  const name = functionName(ts, fn) ?? "the function";
  const lowered = registry.lowered(fn);
  if (!lowered) return undefined;
  const { ir } = lowered;
  const signature = checker.getSignatureFromDeclaration(fn);
  const returnType = signature && checker.getReturnTypeOfSignature(signature);
  // An object of numbers is returned as its numbers, in the order of its type's fields (lower/resultRecords.ts).
  const resultType: VarType | undefined =
    returnType && returnType.flags & ts.TypeFlags.NumberLike
      ? "number"
      : ir.resultRecord
        ? "number[]"
        : returnType && vectorResultType({ ts, checker }, returnType);
  if (!resultType) {
    const written = returnType ? checker.typeToString(returnType) : "unknown";
    sink.report(fn.name ?? fn, Messages.NonVectorResult, [name, written, "cotangent emit"]);
    return undefined;
  }
  const active = ir.params.flatMap((p, i) => (isDifferentiable(p.type) ? [i] : []));
  if (active.length === 0) {
    sink.report(fn.name ?? fn, Messages.NothingToDifferentiate, [name]);
    return undefined;
  }
  const file = fn.getSourceFile();
  const requests: DerivativeRequest[] = [];
  let jvp: string | undefined;
  let vjp: string | undefined;
  let hvp: string | undefined;
  if (mode !== "reverse") {
    const req = registry.request(fn, "jvp", active, file);
    requests.push(req);
    jvp = req.names.jvp;
  }
  if (mode !== "forward") {
    const req = registry.request(fn, "vjp", active, file);
    requests.push(req);
    vjp = req.names.vjp;
  }
  // A function whose second derivatives are out of reach (third ones, writes into parameters) keeps its other
  // derivatives, and the file its other functions' products.
  const blocker = options.hvp && resultType === "number" ? registry.secondOrderBlocker(fn) : undefined;
  if (blocker) {
    const why = formatMessage(blocker.message, ["--hvp", name, blocker.culprit]);
    sink.report(fn.name ?? fn, Messages.HvpNotWritten, [name, why]);
  }
  if (options.hvp && resultType === "number" && !blocker) {
    const req = registry.request(fn, "hvp", active, file);
    requests.push(req);
    hvp = req.names.hvp;
  }
  const info = {
    name,
    params: ir.params,
    sources: ir.sources,
    active,
    resultType,
    resultRecord: ir.resultRecord,
    jvp,
    vjp,
    hvp,
  };
  return { info, requests };
}

/** Imports, then the generated functions in the order of their primals in the source file. */
function moduleText(
  ts: typeof TS,
  state: FileState,
  requests: readonly DerivativeRequest[],
  roots: ReadonlySet<DerivativeRequest>,
  options: StandaloneOptions & { readonly emit: EmitOptions },
  sink: DiagnosticSink,
): string {
  const file = state.file;
  const path = options.modulePath(file);
  const ordered = [...requests].sort((a, b) => (a.anchor?.pos ?? 0) - (b.anchor?.pos ?? 0));
  const declarations = ordered.flatMap((req) =>
    DERIVATIVE_KINDS.flatMap((kind) => {
      const fn = req.generated?.[kind];
      const exported = roots.has(req) || req.exported;
      return fn && req.uses.has(kind)
        ? [markUnusedParameters(ts, emitFunctionDeclaration(ts, fn, exported, options.emit))]
        : [];
    }),
  );

  const style = importExtensionStyle(ts, file);
  const imports: TS.Statement[] = [];
  if (state.usesRuntime) {
    imports.push(importDeclaration(ts, options.runtimeSpecifier ?? "cotangent/runtime", { namespace: RUNTIME_ALIAS }));
  }
  const fromPrimal: [string, string][] = [];
  const reserved = new Set<string>([RUNTIME_ALIAS, ...[...state.imports.values()].map((i) => i.alias)]);
  state.derivativeImports.forEach((alias) => reserved.add(alias));
  for (const name of moduleFreeNames(ts, declarations)) {
    if (reserved.has(name)) continue;
    const binding = bindingOf(ts, file, name);
    if (binding.kind === "local") {
      if (binding.exportedAs) fromPrimal.push([binding.exportedAs, name]);
      else
        sink.report(binding.declaration, Messages.NotExportedForDerivatives, [
          name,
          usersOf(ts, name, ordered),
          baseName(path),
        ]);
    } else if (binding.kind === "import") {
      const specifier = rebaseSpecifier(binding.specifier, file.fileName, path);
      const what =
        binding.imported === "*"
          ? { namespace: name }
          : binding.imported === "default"
            ? { defaultName: name }
            : { named: [[binding.imported, name] as [string, string]] };
      imports.push(importDeclaration(ts, specifier, what));
    }
  }
  if (fromPrimal.length > 0) {
    imports.push(importDeclaration(ts, relativeSpecifier(path, file.fileName, style), { named: fromPrimal }));
  }
  for (const [target, entry] of state.imports) {
    imports.push(importDeclaration(ts, relativeSpecifier(path, target.fileName, style), { namespace: entry.alias }));
  }
  for (const [target, alias] of state.derivativeImports) {
    const specifier = relativeSpecifier(path, options.modulePath(target), style);
    imports.push(importDeclaration(ts, specifier, { namespace: alias }));
  }

  const printer = ts.createPrinter({ newLine: ts.NewLineKind.LineFeed });
  const out = ts.factory.createSourceFile(
    [...imports, ...declarations],
    ts.factory.createToken(ts.SyntaxKind.EndOfFileToken),
    ts.NodeFlags.None,
  );
  return printer.printFile(out);
}

/** The marked functions whose generated code reads `name`, for the diagnostic. */
function usersOf(ts: typeof TS, name: string, requests: readonly DerivativeRequest[]): string {
  const users = requests.filter((r) =>
    Object.values(r.generated ?? {}).some(
      (fn) => fn && freeNames(ts, [emitFunctionDeclaration(ts, fn, false)]).includes(name),
    ),
  );
  return [...new Set(users.map((r) => functionName(ts, r.fn) ?? "an arrow"))].join("', '");
}

function baseName(path: string): string {
  return path.slice(path.lastIndexOf("/") + 1);
}
