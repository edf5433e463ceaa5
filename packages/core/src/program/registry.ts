/**
 * The derivatives a program needs: each request is one function differentiated in one mode with respect to one
 * set of parameters. Markers create the first requests; generating a derivative requests its callees' derivatives
 * (in the callee's file), so requests are drained as a worklist and recursion terminates on the cache.
 */
import { lossOnly } from "./lossOnly";
import type * as TS from "typescript";
import type { CalleeLinker, GeneratedFunction } from "../ir/generated";
import { expressionsOf, forEachStmt, isArrayType, isDifferentiable, sourcePaths, type FunctionIR } from "../ir/stmt";
import { callsWhere } from "../ir/expr";
import { parameterWrites } from "../analysis/writes";
import { throwsErrors } from "../lower/throw";
import { Messages, type Message } from "../diagnostics/messages";
import type { DiagnosticSink } from "../diagnostics/sink";
import { callsItself, functionName, topLevelStatementOf, type FunctionLike } from "../collect/resolve";
import { lowerFunction, type LoweredFunction, type ProgramFacts } from "../lower/function";
import type { GradientCallee } from "../lower/gradientCalls";
import { generateGradientCall } from "../second/gradientCall";
import { overriddenMethods } from "../lower/methods";
import { onlyFieldsRead, readStringFields } from "../lower/readFields";
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
 * (gradInto). Each is generated only when a marker asks for it. `adjoint`: both sweeps in one call that a
 * differentiated caller's reverse sweep makes (CalleeLinker.replayable), generated only when one does.
 */
export type DerivativeKind = "jvp" | "vjp" | "grad" | "into" | "fwd" | "bwd" | "adjoint" | "hvp";

/** Every kind, in the order a file lists a function's generated derivatives. */
export const DERIVATIVE_KINDS: readonly DerivativeKind[] = [
  "jvp",
  "vjp",
  "grad",
  "into",
  "fwd",
  "bwd",
  "adjoint",
  "hvp",
];

/**
 * Forward (jvp), reverse (vjp and its variants), second order (hvp: reverse over forward), the reverse sweeps of a
 * callee's tangent (`fwd`/`bwd`), which a caller's hvp differentiates through, or the derivatives of a gradient that
 * differentiated code calls (`gradientCall`: its `jvp`, `fwd` and `bwd`, second/gradientCall.ts).
 */
/**
 * "loss": reverse mode of a function returning '[loss, aux]' for hasAux (expand/aux.ts), whose aux is computed
 * through a stop-gradient, so that only the loss is differentiated.
 */
export type DerivativeMode = "forward" | "reverse" | "second" | "tangentReverse" | "gradientCall" | "loss";

export interface DerivativeRequest {
  readonly fn: FunctionLike;
  readonly mode: DerivativeMode;
  /** Indices of the parameters differentiated (for `tangentReverse`, of the tangent function's parameters). */
  readonly active: readonly number[];
  /** `tangentReverse`: the parameters whose tangents the tangent function takes. */
  readonly tangentActive?: readonly number[];
  /** `gradientCall`: the gradient called (`active` then indexes the call's arguments). */
  readonly gradient?: GradientCallee;
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
  /** The vjp of the loss of a function returning '[loss, aux]' (mode "loss"). */
  lossRequest(fn: FunctionLike, active: readonly number[], from: TS.SourceFile): DerivativeRequest;
  /** Path of a request's function `kind` as seen from `from`. */
  reference(request: DerivativeRequest, kind: DerivativeKind, from: TS.SourceFile): string;
  /** Generates every pending request (and those they lead to). */
  drain(): void;
  /** Why `fn` cannot be differentiated twice (or a gradient it calls once more), if it cannot. */
  secondOrderBlocker(fn: FunctionLike): SecondOrderBlocker | undefined;
  /**
   * Where `fn` draws random numbers: in a function it calls while it also calls a recursive one (at any depth; a
   * recursive callee's second-order code runs its forward sweep twice), "recursive callee"; else anywhere it reaches,
   * "reached"; undefined if nowhere.
   */
  drawsRandomNumbers(fn: FunctionLike): "recursive callee" | "reached" | undefined;
}

/** A write into a parameter, of f or of a function it calls, or a gradient f calls: its message, and what it names. */
export interface SecondOrderBlocker {
  readonly message: Message;
  readonly culprit: string;
}

export interface RegistryOptions {
  /** See CotangentOptions.unroll. */
  readonly unroll?: number;
  /** See CotangentOptions.replay (default true). */
  readonly replay?: boolean;
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
  const sourceFiles = options.sourceFiles ?? (() => []);
  const facts: ProgramFacts = {
    overridden: overriddenMethods(ts, checker, sourceFiles),
    readsStringField: readStringFields(ts, checker, sourceFiles),
    onlyFieldsRead: onlyFieldsRead(ts, checker, sourceFiles),
  };
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
      const throughCalls = (key: string) => (low ? calleeWrites(low, key) : []);
      const written = low ? parameterWrites(low.ir, throughCalls) : new Map();
      indices = (low?.ir.params ?? []).flatMap((p, k) => (written.has(p.name) ? [k] : []));
      writtenParamsCache.set(fn, indices);
    }
    return indices;
  };
  /** The parameters a callee of `low` writes into: a function it calls, or a gradient it calls (its `out`). */
  const calleeWrites = (low: LoweredFunction, key: string): readonly number[] => {
    const callee = low.callees.get(key);
    const gradient = low.gradientCallees.get(key);
    return callee ? writtenParamsOf(callee) : gradient && gradient.output ? [gradient.fn.parameters.length] : [];
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
        const low = lowerFunction(ts, checker, sink, fn, "arrow", facts);
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

  const derivativeNames = (
    fn: FunctionLike,
    mode: DerivativeMode,
    active: readonly number[],
    gradientOf?: GradientCallee,
  ) => {
    const base = functionName(ts, fn) ?? "arrow";
    const params = lowered(fn)?.ir.params ?? [];
    const differentiable = params.filter((p) => isDifferentiable(p.type)).length;
    // Named after the parameters differentiated, unless they are all of them.
    const suffixOf = (names: readonly string[], all: number) =>
      active.length === all ? "" : `_${active.map((i) => names[i] ?? i).join("_") || "none"}`;
    const suffix = suffixOf(
      params.map((p) => p.name),
      differentiable,
    );
    const namer = fileState(fn.getSourceFile()).namer;
    const none = { jvp: "", vjp: "", grad: "", into: "", fwd: "", bwd: "", adjoint: "", hvp: "" };
    if (mode === "forward") return { ...none, jvp: namer.unique(`${base}_jvp${suffix}`) };
    if (mode === "second") return { ...none, hvp: namer.unique(`${base}_hvp${suffix}`) };
    if (mode === "gradientCall") {
      const gradient = `${base}_grad_${params[gradientOf?.param ?? 0]?.name ?? "x"}`;
      // Its call's arguments: f's, then the array an array gradient is written into.
      const callNames = [...params.map((p) => p.name), "out"];
      const callSuffix = suffixOf(callNames, differentiable + (gradientOf?.output ? 1 : 0));
      const vjp = `${gradient}_vjp${callSuffix}`;
      return {
        ...none,
        jvp: namer.unique(`${gradient}_jvp${callSuffix}`),
        fwd: namer.unique(`${vjp}_fwd`),
        bwd: namer.unique(`${vjp}_bwd`),
      };
    }
    if (mode === "tangentReverse") {
      const vjp = namer.unique(`${base}_tangent_vjp${suffix}`);
      return { ...none, vjp, fwd: namer.unique(`${vjp}_fwd`), bwd: namer.unique(`${vjp}_bwd`) };
    }
    const vjp = namer.unique(`${base}${mode === "loss" ? "_loss" : ""}_vjp${suffix}`);
    const grad = namer.unique(`${base}_grad${suffix}`);
    const into = namer.unique(`${base}_vjp_into${suffix}`);
    const adjoint = namer.unique(`${base}_adjoint${suffix}`);
    return { ...none, vjp, grad, into, adjoint, fwd: namer.unique(`${vjp}_fwd`), bwd: namer.unique(`${vjp}_bwd`) };
  };

  const request = (
    fn: FunctionLike,
    kind: DerivativeKind,
    active: readonly number[],
    tangentActive?: readonly number[],
    gradient?: GradientCallee,
    loss = false,
  ): DerivativeRequest => {
    const mode: DerivativeMode = loss
      ? "loss"
      : gradient
        ? "gradientCall"
        : tangentActive
          ? "tangentReverse"
          : kind === "jvp"
            ? "forward"
            : kind === "hvp"
              ? "second"
              : "reverse";
    if (!ids.has(fn)) ids.set(fn, ids.size);
    const variant = tangentActive ? `${tangentActive.join(",")}|` : gradient ? `${gradient.param}|` : "";
    const key = `${ids.get(fn)}:${mode}:${variant}${active.join(",")}`;
    let req = byKey.get(key);
    if (!req) {
      req = {
        fn,
        mode,
        active,
        file: fn.getSourceFile(),
        anchor: topLevelStatementOf(ts, fn),
        names: derivativeNames(fn, mode, tangentActive ?? active, gradient),
        ...(tangentActive ? { tangentActive } : {}),
        ...(gradient ? { gradient } : {}),
        uses: new Set(),
        exported: false,
      };
      byKey.set(key, req);
      requests.push(req);
    }
    // A function of reverse mode a later request asks for once the others are generated (a gradient called in
    // differentiated code writes into its caller's array through 'into', a caller re-runs it through 'adjoint'):
    // they are generated again, with it (by generate itself, once done, for a request asked while it is generated).
    const late = req.generated !== undefined && req.mode === "reverse" && !req.generated[kind] && !generating.has(req);
    req.uses.add(kind);
    if (late) generate(req, true);
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

  const secondOrderBlocker = (fn: FunctionLike): SecondOrderBlocker | undefined => {
    const low = lowered(fn);
    if (!low) return undefined;
    const [written] = parameterWrites(low.ir).keys();
    const path = written !== undefined ? sourcePaths(low.ir.sources, low.ir.params).get(written) : undefined;
    if (written !== undefined) return { message: Messages.SecondOrderWrites, culprit: path ?? written };
    const seen = new Set<FunctionLike>([fn]);
    const through = (caller: LoweredFunction): SecondOrderBlocker | undefined => {
      const [gradient] = caller.gradientCallees.values();
      if (gradient) return { message: Messages.ThirdOrder, culprit: gradient.text };
      for (const [key, callee] of caller.callees) {
        if (seen.has(callee)) continue;
        seen.add(callee);
        const calleeLow = lowered(callee);
        if (!calleeLow) continue;
        if (parameterWrites(calleeLow.ir).size > 0) return { message: Messages.SecondOrderCalleeWrites, culprit: key };
        const deeper = through(calleeLow);
        if (deeper) return deeper;
      }
      return undefined;
    };
    return through(low);
  };

  // A gradient called in differentiated code is differentiated once more. When it cannot be, that is reported once,
  // where it is first called, and nothing is generated: the build fails, and the caller's code names no function.
  const refusedGradients = new Set<GradientCallee>();
  const gradientReference = (
    gradient: GradientCallee,
    kind: DerivativeKind,
    active: readonly number[],
    from: TS.SourceFile,
  ): string => {
    const blocker = secondOrderBlocker(gradient.fn);
    if (!blocker) return reference(request(gradient.fn, kind, active, undefined, gradient), kind, from);
    if (!refusedGradients.has(gradient)) {
      refusedGradients.add(gradient);
      sink.report(gradient.site, blocker.message, [
        "grad",
        functionName(ts, gradient.fn) ?? "the arrow",
        blocker.culprit,
      ]);
    }
    return `${functionName(ts, gradient.fn) ?? "arrow"}_grad_${kind}_refused`;
  };

  const linkerFor = (req: DerivativeRequest, low: LoweredFunction): CalleeLinker => {
    const callee = (key: string): FunctionLike => {
      const fn = low.callees.get(key);
      if (!fn) throw new Error(`unknown callee '${key}'`);
      return fn;
    };
    const gradientOf = (key: string) => low.gradientCallees.get(key);
    // The forward sweeps that stand for flattened callees: a second-order pass differentiates code already linked.
    const flatPrimals = new Set<string>();
    return {
      primal(key) {
        if (flatPrimals.has(key)) return key;
        const gradient = gradientOf(key);
        if (gradient) {
          // f's gradient itself, or for an array its gradInto function, which fills the call's 'out'.
          const kind = gradient.output ? "into" : "grad";
          return reference(request(gradient.fn, kind, [gradient.param]), kind, req.file);
        }
        const fn = callee(key);
        // A callee taking objects or tuples is called with their fields, one argument each, which the primal does not
        // take: its gradient's forward sweep with respect to nothing does, and records nothing.
        const params = lowered(fn)?.ir.params.map((p) => p.name);
        const flattened =
          params &&
          (params.length !== fn.parameters.length || fn.parameters.some((p, k) => p.name.getText() !== params[k]));
        if (flattened) {
          const forward = reference(request(fn, "fwd", []), "fwd", req.file);
          flatPrimals.add(forward);
          return forward;
        }
        const name = functionName(ts, fn) ?? key;
        if (fn.getSourceFile() === req.file) return name;
        return `${namespaceAlias(ts, checker, fileState(req.file), fn.getSourceFile())}.${name}`;
      },
      derivative(key, kind, active) {
        const gradient = gradientOf(key);
        if (gradient) return gradientReference(gradient, kind, active, req.file);
        const fn = callee(key);
        if (!topLevelStatementOf(ts, fn)) sink.report(fn, Messages.UnresolvedCallee, [key]);
        return reference(request(fn, kind, active), kind, req.file);
      },
      tangentDerivative(key, tangentActive, kind, active) {
        // Refused before generation (secondOrderBlocker): it would take third derivatives.
        if (gradientOf(key)) throw new Error(`the gradient '${key}' would be differentiated twice`);
        const fn = callee(key);
        if (!topLevelStatementOf(ts, fn)) sink.report(fn, Messages.UnresolvedCallee, [key]);
        return reference(request(fn, kind, active, tangentActive), kind, req.file);
      },
      writtenParams: (key) => calleeWrites(low, key),
      replayable: (key) => {
        const fn = low.callees.get(key);
        return (
          options.replay !== false &&
          !gradientOf(key) &&
          fn !== undefined &&
          calleeWrites(low, key).length === 0 &&
          replayable(fn, req.fn)
        );
      },
      paramNames(key) {
        const gradient = gradientOf(key);
        if (gradient) return [...gradient.fn.parameters.map((p) => p.name.getText()), "out", "seed"];
        const fn = callee(key);
        return lowered(fn)?.ir.params.map((p) => p.name) ?? fn.parameters.map((p) => p.name.getText());
      },
    };
  };

  // A callee its caller's reverse sweep may re-run (CalleeLinker.replayable): nothing it reaches draws random numbers
  // or calls a gradient, and the calls from it never come back to it or to the caller.
  const rerunnable = new Map<FunctionLike, boolean>();
  const rerunnableItself = (f: FunctionLike): boolean => {
    let known = rerunnable.get(f);
    if (known === undefined) {
      const low = lowered(f);
      known = !!low && low.gradientCallees.size === 0 && !drawsInItself(low.ir);
      rerunnable.set(f, known);
    }
    return known;
  };
  const replayable = (fn: FunctionLike, caller: FunctionLike): boolean => {
    const seen = new Set<FunctionLike>();
    const visit = (f: FunctionLike): boolean => {
      if (seen.has(f)) return true;
      seen.add(f);
      const callees = lowered(f)?.callees.values() ?? [];
      return rerunnableItself(f) && [...callees].every((g) => g !== fn && g !== caller && visit(g));
    };
    return visit(fn);
  };

  // The reverse-mode requests being generated (see `generate`).
  const generating = new Set<DerivativeRequest>();
  /** Generates a request's functions; `again` when they are made once more for a variant asked for late. */
  const generate = (req: DerivativeRequest, again = false): void => {
    const low = lowered(req.fn);
    if (!low) return;
    const activeParams = new Set(req.active.map((i) => low.ir.params[i]?.name).filter((n): n is string => !!n));
    const linker = linkerFor(req, low);
    const reservedNames = [...low.callees.keys(), ...low.gradientCallees.keys(), RUNTIME_ALIAS, "Math"];
    const callWrites = (key: string) => linker.writtenParams(key);
    if (!again) {
      const varied = variedVariables(low.ir, activeParams, rules, callWrites).varied;
      reportTruncatedDerivatives(ts, sink, req.fn, low.ir, varied);
    }
    const common = { activeParams, rules, linker, reserved: reservedNames, unroll };
    try {
      if (req.mode === "gradientCall") {
        req.generated = generateGradientCallRequest(req, low.ir);
        fileState(req.file).usesRuntime = true;
      } else if (req.mode === "second") {
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
        // A recursive function asks for its own split sweeps while it is generated: again, until nothing new is asked.
        generating.add(req);
        try {
          for (let asked = -1; asked !== req.uses.size;) {
            asked = req.uses.size;
            const wanted = (kind: DerivativeKind) => (req.uses.has(kind) ? req.names[kind] : undefined);
            const split = req.uses.has("fwd") || req.uses.has("bwd");
            req.generated = generateAdjoint(req.mode === "loss" ? lossOnly(low.ir) : low.ir, {
              ...common,
              names: {
                vjp: wanted("vjp"),
                grad: wanted("grad"),
                into: wanted("into"),
                adjoint: wanted("adjoint"),
                ...(split ? { split: { fwd: req.names.fwd, bwd: req.names.bwd } } : {}),
              },
            });
          }
        } finally {
          generating.delete(req);
        }
        fileState(req.file).usesRuntime = true;
      }
    } catch (error) {
      sink.report(req.fn, Messages.InternalError, [low.ir.name, errorMessage(error)]);
    }
    if (req.generated) req.generated = writableWhereWritten(req.generated, writtenParamsOf(req.fn), low.ir);
  };

  /** The tangent and the reverse sweeps of a gradient of f that a caller calls (second/gradientCall.ts). */
  const generateGradientCallRequest = (
    req: DerivativeRequest,
    ir: FunctionIR,
  ): Partial<Record<DerivativeKind, GeneratedFunction>> => {
    const gradient = req.gradient as GradientCallee;
    const ofF = req.active.filter((i) => i < ir.params.length);
    const hvpActive = [...new Set([gradient.param, ...ofF])].sort((a, b) => a - b);
    const kind = gradient.output ? "into" : "grad";
    return generateGradientCall({
      params: ir.params,
      param: gradient.param,
      ...(gradient.output ? { output: gradient.output } : {}),
      active: req.active,
      hvpActive,
      gradient: reference(request(req.fn, kind, [gradient.param]), kind, req.file),
      hvp: reference(request(req.fn, "hvp", hvpActive), "hvp", req.file),
      names: { jvp: req.names.jvp, fwd: req.names.fwd, bwd: req.names.bwd },
      uses: new Set([...req.uses].filter((k): k is "jvp" | "fwd" | "bwd" => k === "jvp" || k === "fwd" || k === "bwd")),
      fnName: ir.name,
    });
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
      names: { split: { fwd: req.names.fwd, bwd: req.names.bwd } },
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
    lossRequest: (fn, active, from) => {
      const req = request(fn, "vjp", active, undefined, undefined, true);
      reference(req, "vjp", from);
      return req;
    },
    reference,
    drain() {
      while (drained < requests.length) generate(requests[drained++]);
    },
    secondOrderBlocker,
    drawsRandomNumbers(fn) {
      const reached = new Set<FunctionLike>();
      const drawing = new Set<FunctionLike>();
      const visit = (f: FunctionLike): void => {
        const low = !reached.has(f) && lowered(f);
        reached.add(f);
        if (!low) return;
        if (drawsInItself(low.ir)) drawing.add(f);
        [...low.callees.values(), ...[...low.gradientCallees.values()].map((g) => g.fn)].forEach(visit);
      };
      visit(fn);
      if (drawing.size === 0) return undefined;
      // Conservative: a callee draws and some callee is recursive, whether or not the recursion reaches the draws.
      const recursive = [...reached].some((f) => f !== fn && callsItself(ts, checker, f));
      return recursive && [...drawing].some((f) => f !== fn) ? "recursive callee" : "reached";
    },
  };
}

/** Whether the function calls Math.random anywhere in its own body. */
function drawsInItself(ir: FunctionIR): boolean {
  let draws = false;
  forEachStmt(ir.body, (s) => {
    draws ||= expressionsOf(s).some((e) => callsWhere(e, (callee) => callee === "Math.random"));
  });
  return draws;
}

/** An exception's message, without its stack: a diagnostic names the function, not our call stack. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * The parameters a function writes into (itself or through a callee), and their tangents, declared as arrays it may
 * write (not `readonly`) in each of its generated functions, which make the same writes.
 */
function writableWhereWritten(
  generated: Partial<Record<DerivativeKind, GeneratedFunction>>,
  written: readonly number[],
  ir: FunctionIR,
): Partial<Record<DerivativeKind, GeneratedFunction>> {
  if (written.length === 0) return generated;
  const names = new Set(written.flatMap((k) => [ir.params[k].name, `${ir.params[k].name}_dot`]));
  const entries = Object.entries(generated).map(([kind, gen]) => [
    kind,
    gen && { ...gen, params: gen.params.map((p) => (names.has(p.name) ? { ...p, writable: true } : p)) },
  ]);
  return Object.fromEntries(entries) as Partial<Record<DerivativeKind, GeneratedFunction>>;
}
