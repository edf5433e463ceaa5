/**
 * The derivatives a program needs: each request is one function differentiated in one mode with respect to one
 * set of parameters. Markers create the first requests; generating a derivative requests its callees' derivatives
 * (in the callee's file), so requests are drained as a worklist and recursion terminates on the cache.
 */
import type * as TS from "typescript";
import type { CalleeLinker, GeneratedFunction } from "../ir/generated";
import { isArrayType, isDifferentiable, type FunctionIR } from "../ir/stmt";
import { parameterWrites } from "../analysis/writes";
import { throwsErrors } from "../lower/throw";
import { Messages } from "../diagnostics/messages";
import type { DiagnosticSink } from "../diagnostics/sink";
import { functionName, topLevelStatementOf, type FunctionLike } from "../collect/resolve";
import { lowerFunction, type LoweredFunction } from "../lower/function";
import { overriddenMethods } from "../lower/methods";
import { reportTruncatedDerivatives, reportWarnings } from "../validate/warnings";
import { variedVariables } from "../analysis/activity";
import { generateTangent, type TangentOptions } from "../forward/tangent";
import { generateAdjoint } from "../reverse/adjoint";
import { DEFAULT_UNROLL } from "../optimize/jam";
import type { CompiledRuleTable } from "../rules/template";
import { generateHvp, tangentFunction } from "../second/hvp";
import { createFileState, derivativeModuleAlias, namespaceAlias, RUNTIME_ALIAS, type FileState } from "./files";
import { moduleBindings } from "../emit/file";

/**
 * `grad`: the gradient alone, without the value (grad); `into`: the vjp writing into its caller's adjoint arrays
 * (gradInto). Each is generated only when a marker asks for it.
 */
export type DerivativeKind = "jvp" | "vjp" | "grad" | "into" | "fwd" | "bwd" | "hvp";

/**
 * Forward (jvp), reverse (vjp and its variants), second order (hvp: reverse over forward), or the reverse sweeps of a
 * callee's tangent (`fwd`/`bwd`), which a caller's hvp differentiates through.
 */
export type DerivativeMode = "forward" | "reverse" | "second" | "tangentReverse";

export interface DerivativeRequest {
  readonly fn: FunctionLike;
  readonly mode: DerivativeMode;
  /** Indices of the parameters differentiated (for `tangentReverse`, of the tangent function's parameters). */
  readonly active: readonly number[];
  /** `tangentReverse`: the parameters whose tangents the tangent function takes. */
  readonly tangentActive?: readonly number[];
  readonly file: TS.SourceFile;
  /** The top-level statement after which the derivatives are emitted; undefined for an inline arrow. */
  readonly anchor: TS.Statement | undefined;
  readonly names: Readonly<Record<DerivativeKind, string>>;
  /** Which of the generated functions something refers to. */
  readonly uses: Set<DerivativeKind>;
  /** Referred to from another file, so emitted with `export`. */
  exported: boolean;
  generated?: Partial<Record<DerivativeKind, GeneratedFunction>>;
}

export interface Registry {
  readonly requests: DerivativeRequest[];
  fileState(file: TS.SourceFile): FileState;
  lowered(fn: FunctionLike): LoweredFunction | undefined;
  /** The indices of the parameters `fn` writes into, itself or through the functions it calls (at any depth). */
  writtenParams(fn: FunctionLike): readonly number[];
  /** Requests a derivative and returns the path to call it from `from`. */
  request(fn: FunctionLike, kind: DerivativeKind, active: readonly number[], from: TS.SourceFile): DerivativeRequest;
  /** Path of a request's function `kind` as seen from `from`. */
  reference(request: DerivativeRequest, kind: DerivativeKind, from: TS.SourceFile): string;
  /** Generates every pending request (and those they lead to). */
  drain(): void;
}

export interface RegistryOptions {
  /** See CotangentOptions.unroll. */
  readonly unroll?: number;
  /**
   * Derivatives live in a module of their own next to each source file (`cotangent emit`) instead of in the
   * source file itself: cross-file references to derivatives go through `FileState.derivativeImports`.
   */
  readonly separateModules?: boolean;
  /** The program's source files: the classes that may override a method called in differentiated code. */
  readonly sourceFiles?: () => readonly TS.SourceFile[];
}

export function createRegistry(
  ts: typeof TS,
  checker: TS.TypeChecker,
  sink: DiagnosticSink,
  rules: CompiledRuleTable,
  options: RegistryOptions = {},
): Registry {
  const unroll = options.unroll ?? DEFAULT_UNROLL;
  const overridden = overriddenMethods(ts, checker, options.sourceFiles ?? (() => []));
  const files = new Map<TS.SourceFile, FileState>();
  const loweredCache = new Map<FunctionLike, LoweredFunction | undefined>();
  // Asked for every call in every analysis of every caller: computed once per callee. A call passing an array to a
  // callee that writes into it writes into it too; a recursive call sees what is known so far.
  const writtenParamsCache = new Map<FunctionLike, readonly number[]>();
  const writtenParamsOf = (fn: FunctionLike): readonly number[] => {
    let indices = writtenParamsCache.get(fn);
    if (!indices) {
      writtenParamsCache.set(fn, []);
      const low = lowered(fn);
      const throughCalls = (key: string) => {
        const callee = low?.callees.get(key);
        return callee ? writtenParamsOf(callee) : [];
      };
      const written = low ? parameterWrites(low.ir, throughCalls) : new Map();
      indices = (low?.ir.params ?? []).flatMap((p, k) => (written.has(p.name) ? [k] : []));
      writtenParamsCache.set(fn, indices);
    }
    return indices;
  };
  const byKey = new Map<string, DerivativeRequest>();
  const requests: DerivativeRequest[] = [];
  const ids = new Map<FunctionLike, number>();
  let drained = 0;

  const fileState = (file: TS.SourceFile): FileState => {
    let state = files.get(file);
    if (!state) {
      state = createFileState(ts, file);
      files.set(file, state);
      // The generated code reaches its runtime under this name: one the module declares would clash with it.
      const taken = moduleBindings(ts, file).get(RUNTIME_ALIAS);
      if (taken) sink.report(taken, Messages.RuntimeAliasTaken, [RUNTIME_ALIAS]);
    }
    return state;
  };

  const lowered = (fn: FunctionLike): LoweredFunction | undefined => {
    if (!loweredCache.has(fn)) {
      try {
        const low = lowerFunction(ts, checker, sink, fn, "arrow", overridden);
        if (low) reportWarnings(ts, checker, sink, fn);
        loweredCache.set(fn, low);
      } catch (error) {
        // Our bug: name the function, so the report is actionable, and go on with the rest of the program.
        sink.report(fn, Messages.InternalError, [functionName(ts, fn) ?? "the arrow", errorMessage(error)]);
        loweredCache.set(fn, undefined);
      }
    }
    return loweredCache.get(fn);
  };

  const derivativeNames = (fn: FunctionLike, mode: DerivativeMode, active: readonly number[]) => {
    const base = functionName(ts, fn) ?? "arrow";
    const params = lowered(fn)?.ir.params ?? [];
    const all = active.length === params.filter((p) => isDifferentiable(p.type)).length;
    const suffix = all ? "" : `_${active.map((i) => params[i]?.name ?? i).join("_") || "none"}`;
    const namer = fileState(fn.getSourceFile()).namer;
    const none = { jvp: "", vjp: "", grad: "", into: "", fwd: "", bwd: "", hvp: "" };
    if (mode === "forward") return { ...none, jvp: namer.unique(`${base}_jvp${suffix}`) };
    if (mode === "second") return { ...none, hvp: namer.unique(`${base}_hvp${suffix}`) };
    if (mode === "tangentReverse") {
      const vjp = namer.unique(`${base}_tangent_vjp${suffix}`);
      return { ...none, vjp, fwd: namer.unique(`${vjp}_fwd`), bwd: namer.unique(`${vjp}_bwd`) };
    }
    const vjp = namer.unique(`${base}_vjp${suffix}`);
    const grad = namer.unique(`${base}_grad${suffix}`);
    const into = namer.unique(`${base}_vjp_into${suffix}`);
    return { ...none, vjp, grad, into, fwd: namer.unique(`${vjp}_fwd`), bwd: namer.unique(`${vjp}_bwd`) };
  };

  const request = (
    fn: FunctionLike,
    kind: DerivativeKind,
    active: readonly number[],
    tangentActive?: readonly number[],
  ): DerivativeRequest => {
    const mode: DerivativeMode = tangentActive
      ? "tangentReverse"
      : kind === "jvp"
        ? "forward"
        : kind === "hvp"
          ? "second"
          : "reverse";
    if (!ids.has(fn)) ids.set(fn, ids.size);
    const key = `${ids.get(fn)}:${mode}:${tangentActive ? `${tangentActive.join(",")}|` : ""}${active.join(",")}`;
    let req = byKey.get(key);
    if (!req) {
      req = {
        fn,
        mode,
        active,
        file: fn.getSourceFile(),
        anchor: topLevelStatementOf(ts, fn),
        names: derivativeNames(fn, mode, tangentActive ?? active),
        ...(tangentActive ? { tangentActive } : {}),
        uses: new Set(),
        exported: false,
      };
      byKey.set(key, req);
      requests.push(req);
    }
    req.uses.add(kind);
    return req;
  };

  const reference = (req: DerivativeRequest, kind: DerivativeKind, from: TS.SourceFile): string => {
    req.uses.add(kind);
    if (req.file === from) return req.names[kind];
    req.exported = true;
    const alias = options.separateModules
      ? derivativeModuleAlias(fileState(from), req.file)
      : namespaceAlias(ts, checker, fileState(from), req.file);
    return `${alias}.${req.names[kind]}`;
  };

  const linkerFor = (req: DerivativeRequest, low: LoweredFunction): CalleeLinker => {
    const callee = (key: string): FunctionLike => {
      const fn = low.callees.get(key);
      if (!fn) throw new Error(`unknown callee '${key}'`);
      return fn;
    };
    return {
      primal(key) {
        const fn = callee(key);
        // A callee taking objects or tuples is called with their fields, one argument each, which the primal does not
        // take: its gradient's forward sweep with respect to nothing does, and records nothing.
        const params = lowered(fn)?.ir.params.map((p) => p.name);
        const flattened =
          params &&
          (params.length !== fn.parameters.length || fn.parameters.some((p, k) => p.name.getText() !== params[k]));
        if (flattened) return reference(request(fn, "fwd", []), "fwd", req.file);
        const name = functionName(ts, fn) ?? key;
        if (fn.getSourceFile() === req.file) return name;
        return `${namespaceAlias(ts, checker, fileState(req.file), fn.getSourceFile())}.${name}`;
      },
      derivative(key, kind, active) {
        const fn = callee(key);
        if (!topLevelStatementOf(ts, fn)) sink.report(fn, Messages.UnresolvedCallee, [key]);
        return reference(request(fn, kind, active), kind, req.file);
      },
      tangentDerivative(key, tangentActive, kind, active) {
        const fn = callee(key);
        if (!topLevelStatementOf(ts, fn)) sink.report(fn, Messages.UnresolvedCallee, [key]);
        return reference(request(fn, kind, active, tangentActive), kind, req.file);
      },
      writtenParams(key) {
        const fn = low.callees.get(key);
        return fn ? writtenParamsOf(fn) : [];
      },
      paramNames(key) {
        const fn = callee(key);
        return lowered(fn)?.ir.params.map((p) => p.name) ?? fn.parameters.map((p) => p.name.getText());
      },
    };
  };

  const generate = (req: DerivativeRequest): void => {
    const low = lowered(req.fn);
    if (!low) return;
    const activeParams = new Set(req.active.map((i) => low.ir.params[i]?.name).filter((n): n is string => !!n));
    const linker = linkerFor(req, low);
    const reservedNames = [...low.callees.keys(), RUNTIME_ALIAS, "Math"];
    const callWrites = (key: string) => linker.writtenParams(key);
    reportTruncatedDerivatives(
      ts,
      sink,
      req.fn,
      low.ir,
      variedVariables(low.ir, activeParams, rules, callWrites).varied,
    );
    const common = { activeParams, rules, linker, reserved: reservedNames, unroll };
    try {
      if (req.mode === "second") {
        req.generated = { hvp: generateHvp(low.ir, { ...common, name: req.names.hvp }) };
        fileState(req.file).usesRuntime = true;
      } else if (req.mode === "tangentReverse") {
        req.generated = generateTangentReverse(req, low.ir, common);
        fileState(req.file).usesRuntime = true;
      } else if (req.mode === "forward") {
        req.generated = { jvp: generateTangent(low.ir, { ...common, name: req.names.jvp }) };
        // Its checks of the tangent arrays' lengths and that written parameter arrays are not aliased, and the errors
        // it throws, call the runtime.
        const arrays = low.ir.params.some((p) => activeParams.has(p.name) && isArrayType(p.type));
        if (arrays || writtenParamsOf(req.fn).length > 0 || throwsErrors(low.ir))
          fileState(req.file).usesRuntime = true;
      } else {
        req.generated = generateAdjoint(low.ir, {
          ...common,
          names: {
            vjp: req.names.vjp,
            grad: req.uses.has("grad") ? req.names.grad : undefined,
            into: req.uses.has("into") ? req.names.into : undefined,
            fwd: req.names.fwd,
            bwd: req.names.bwd,
          },
        });
        fileState(req.file).usesRuntime = true;
      }
    } catch (error) {
      sink.report(req.fn, Messages.InternalError, [low.ir.name, errorMessage(error)]);
    }
  };

  /** The reverse sweeps of f's tangent function, for a caller's hvp (second/hvp.ts). */
  const generateTangentReverse = (
    req: DerivativeRequest,
    ir: FunctionIR,
    common: Omit<TangentOptions, "name" | "activeParams">,
  ): Partial<Record<DerivativeKind, GeneratedFunction>> => {
    const tangentActive = new Set(
      (req.tangentActive ?? []).map((i) => ir.params[i]?.name).filter((n) => n !== undefined),
    );
    const tangent = tangentFunction(ir, { ...common, name: `${req.names.vjp}_tangent`, activeParams: tangentActive });
    const active = new Set(req.active.map((i) => tangent.ir.params[i]?.name).filter((n) => n !== undefined));
    return generateAdjoint(tangent.ir, {
      ...common,
      linker: tangent.linker,
      activeParams: active,
      names: { vjp: req.names.vjp, fwd: req.names.fwd, bwd: req.names.bwd },
    });
  };

  return {
    requests,
    fileState,
    lowered,
    writtenParams: writtenParamsOf,
    request: (fn, kind, active, from) => {
      const req = request(fn, kind, active);
      reference(req, kind, from);
      return req;
    },
    reference,
    drain() {
      while (drained < requests.length) generate(requests[drained++]);
    },
  };
}

/** An exception's message, without its stack: a diagnostic names the function, not our call stack. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
