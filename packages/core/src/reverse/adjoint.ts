/**
 * Reverse mode: FunctionIR → a forward sweep that runs the primal and records what the reverse sweep needs, and a
 * reverse sweep that propagates adjoints from the result back to the parameters.
 *
 *   'y = Math.sin(x)'  →  forward: 'y = Math.sin(x)'    reverse: 'x_bar += Math.cos(x) * y_bar; y_bar = 0'
 *
 * How the reverse sweep gets back the primal values it reads, cheapest first:
 * - re-running the statement that computed it, when its inputs are still there (analysis/recompute.ts);
 * - inverting a counter update, `i -= 1` for `i += 1` (analysis/invert.ts);
 * - popping the old value that an assignment pushed before overwriting it, only when an adjoint reads that very
 *   value (to-be-recorded analysis, analysis/tbr.ts); a local array re-read in a deeper loop gets its overwritten
 *   elements pushed and put back instead.
 * Branch decisions and trip counts of nested loops go on the control stack, only when the reversed construct has
 * work to do; an outermost loop's trip count stays in a local. Tapes are the runtime's typed-array stacks.
 * What each kind of statement contributes to the two sweeps is in reverse/sweeps.ts; this file runs the analyses that
 * decide it, and assembles the functions below from the sweeps and the post-passes.
 *
 * Functions of two generations (the whole body, and the split sweeps):
 * - `f_vjp(params…, result_bar)` → `[result, p_bar…]`: both sweeps in one body (what markers call);
 * - `f_grad(params…)` → `p_bar`, or `[p_bar…]`: the same body for the seed 1, without what only computed the result
 *   (generated only for `grad`: a sum the reverse sweep never reads is a latency chain it need not wait on);
 * - `f_vjp_into(params…, p_bar…, result_bar)` → `result`: the same body, accumulating into the caller's adjoint
 *   arrays, zero-filled first, instead of fresh ones (generated only for `gradInto`);
 * - `f_fwd(params…)` → `result` and `f_bwd(result_bar)` → `[p_bar…]`: the split sweeps a differentiated caller runs
 *   around its own (the forward sweep pushes the values its reverse sweep reads, the reverse sweep pops them). The
 *   reverse one cannot see the arrays the forward one read, so it re-reads no array elements.
 * - `f_adjoint(params…, result_bar, p_bar…)` → `[p_bar…]` of its numbers: the body of both sweeps again, which a
 *   differentiated caller's reverse sweep calls with the arguments (reverse/replay.ts), adding into the caller's
 *   adjoint arrays.
 * Each is generated only when something calls it, and only then requests its own callees' derivatives.
 */
import {
  alloc,
  binary,
  call,
  callsWhere,
  cond,
  global,
  isRecordsType,
  length,
  num,
  v,
  varsOf,
  zerosLike,
  type ArrayType,
  type Expr,
} from "../ir/expr";
import { recordNumberFields } from "../ir/recordPaths";
import { recordFieldsIntoLocals } from "./recordArguments";
import { lengthCheck } from "../analysis/guards";
import { mayHoldUndefined } from "../analysis/undefinedValues";
import type { CalleeLinker, EntryDepths, GeneratedFunction, GeneratedParam, LocalStack } from "../ir/generated";
import {
  expressionsOf,
  adjointTypeOf,
  forEachStmt,
  hasArrayAdjoint,
  isArrayType,
  isDifferentiable,
  namesUsed,
  type AssignStmt,
  type FunctionIR,
  type LoopStmt,
  type Param,
  type Stmt,
  type StoreStmt,
  type VarType,
} from "../ir/stmt";
import { activityWithSquares, type ScaledSquares } from "../analysis/squares";
import { toBeRecorded, type RebuiltCounter } from "../analysis/tbr";
import { planRecomputation, unchangedArrays } from "../analysis/recompute";
import { replayedCalls } from "./replay";
import {
  countedLoops,
  integerLocals,
  invertibleUpdates,
  speculativeUpdates,
  type CountedLoop,
} from "../analysis/invert";
import { aliasGuards, parameterWrites } from "../analysis/writes";
import { fusedLoop, fusionCandidate } from "./fuse";
import { guardUntouchedAdjoints } from "./symbolicZeros";
import { assignFirstIncrements, dropDeadAdjoints, dropUnneededScalars } from "./increments";
import { elideRoundTrips, foldReadBacks } from "./roundtrips";
import { carryStencils } from "./carry";
import { keepStackInLocals } from "./stacks";
import { jamLoops, ownedArrays } from "../optimize/jam";
import { unswitchExact } from "../optimize/exact";
import { hoistInvariantReads } from "../optimize/hoist";
import { hoistRows } from "../optimize/rows";
import { carryReads } from "../optimize/carryReads";
import { foldNegations } from "../simplify/negations";
import { promoteInvariantAccumulations } from "./promote";
import { markAdjoint, statementSweeps, type SweepContext } from "./sweeps";
import { RUNTIME_ALIAS } from "../program/files";
import { mergedPartialsOf } from "../rules/apply";
import type { CompiledRuleTable } from "../rules/template";
import { simplify } from "../simplify/fold";
import { derivativeNames, Namer } from "../naming/namer";
import { describe } from "../forward/tangent";

export interface AdjointOptions {
  /**
   * The functions wanted, by name: only they are generated, and only they request their callees' derivatives (a
   * callee's derivative that nothing emitted calls would be dead code). `grad` and `into` are set when a marker asks
   * for the gradient-only variant or the one writing into arrays, `adjoint` when a differentiated caller replays the
   * function (reverse/replay.ts), `fwd` and `bwd` (the split sweeps) when one calls them.
   */
  readonly names: {
    readonly vjp?: string;
    readonly grad?: string;
    readonly into?: string;
    readonly adjoint?: string;
    readonly split?: { readonly fwd: string; readonly bwd: string };
  };
  readonly activeParams: ReadonlySet<string>;
  readonly rules: CompiledRuleTable;
  readonly linker: CalleeLinker;
  readonly reserved: Iterable<string>;
  /** Unroll-and-jam factor (optimize/jam.ts); 1 turns the pass off. */
  readonly unroll: number;
}

export interface AdjointFunctions {
  readonly vjp?: GeneratedFunction;
  readonly grad?: GeneratedFunction;
  readonly into?: GeneratedFunction;
  readonly adjoint?: GeneratedFunction;
  readonly fwd?: GeneratedFunction;
  readonly bwd?: GeneratedFunction;
}

export function generateAdjoint(fn: FunctionIR, options: AdjointOptions): AdjointFunctions {
  // The split sweeps run in separate calls, and the reverse one cannot see the arrays the forward one read: only the
  // whole vjp recomputes element reads. Each variant is generated with its own names, so both read the same.
  const { vjp, grad, into, adjoint, split } = options.names;
  const whole = vjp || grad || into || adjoint ? generate(fn, options, true) : undefined;
  return {
    ...(whole && vjp ? { vjp: whole.vjp(vjp) } : {}),
    ...(whole && grad ? { grad: whole.grad(grad) } : {}),
    ...(whole && into ? { into: whole.into(into) } : {}),
    ...(whole && adjoint ? { adjoint: whole.adjoint(adjoint) } : {}),
    ...(split ? generate(fn, options, false).split(split) : {}),
  };
}

interface Generation {
  vjp(name: string): GeneratedFunction;
  grad(name: string): GeneratedFunction;
  into(name: string): GeneratedFunction;
  adjoint(name: string): GeneratedFunction;
  split(names: { fwd: string; bwd: string }): { fwd: GeneratedFunction; bwd: GeneratedFunction };
}

function generate(primal: FunctionIR, options: AdjointOptions, arraysInReverse: boolean): Generation {
  const { rules, linker } = options;
  const recordsInArgnums = primal.params.filter((p) => options.activeParams.has(p.name) && isRecordsType(p.type));
  const fn = recordFieldsIntoLocals(primal, new Set(recordsInArgnums.map((p) => p.name)));
  // The parameters each callee writes into, at any depth (program/registry.ts).
  const callWrites = (key: string) => linker.writtenParams(key);
  const { active, squares } = activityWithSquares(fn, options.activeParams, rules, callWrites);
  const guards = aliasGuards(fn, RUNTIME_ALIAS, parameterWrites(fn, callWrites));
  const primalNames = new Set([...fn.params.map((p) => p.name), ...fn.locals.keys()]);
  const namer = new Namer([...options.reserved, ...primalNames, ...fn.externals]);
  const locals = new Map<string, VarType>(fn.locals);
  // The runtime's stacks, read once per call into locals: a namespace import compiled to CommonJS reaches
  // '__ct.tape' through a getter, which costs several times the push itself in a hot loop.
  const tape = namer.unique("tape");
  const control = namer.unique("control");
  const TAPE_PUSH = `${tape}.push`;
  const TAPE_POP = `${tape}.pop`;
  const CONTROL_PUSH = `${control}.push`;
  const CONTROL_POP = `${control}.pop`;
  const stackCalls = new Set([TAPE_PUSH, TAPE_POP, CONTROL_PUSH, CONTROL_POP]);
  // The runtime's stack of arrays set aside, called as it is: it is never kept in locals.
  const ARRAYS_PUSH = `${RUNTIME_ALIAS}.arrays.push`;
  const ARRAYS_POP = `${RUNTIME_ALIAS}.arrays.pop`;
  const stackLocals = ([alias, dataType]: readonly [string, LocalStack["dataType"]]): LocalStack => ({
    alias,
    top: namer.unique(`${alias}_top`),
    data: namer.unique(`${alias}_data`),
    dataType,
  });
  const localStacks = (
    [
      [tape, "Float64Array"],
      [control, "Int32Array"],
    ] as const
  ).map(stackLocals);
  const stacks = [
    { name: tape, path: "__ct.tape" },
    { name: control, path: "__ct.control" },
  ];
  const adjoints = derivativeNames(namer, "bar");
  const bars = adjoints.names;
  const barOf = adjoints.of;
  const local = (base: string, type: VarType): string => {
    const name = namer.unique(base);
    locals.set(name, type);
    return name;
  };
  const typeOf = (name: string): VarType =>
    fn.locals.get(name) ?? fn.params.find((p) => p.name === name)?.type ?? "number";
  // number[] locals only ever given fresh arrays (never a parameter or an alias of one): their adjoints are this
  // function's own, in every sweep, and grow with them.
  const arrayAssignments = new Map<string, boolean>();
  forEachStmt(fn.body, (s) => {
    if (s.kind === "assign" && fn.locals.get(s.target) === "number[]") {
      arrayAssignments.set(s.target, (arrayAssignments.get(s.target) ?? true) && s.expr.kind === "alloc");
    }
  });
  const freshArrays = new Set([...arrayAssignments].filter(([, fresh]) => fresh).map(([name]) => name));
  // Local arrays given a new array more than once ('y = y.map(f)' after 'let y = x.slice()').
  const allocations = new Map<string, number>();
  forEachStmt(fn.body, (s) => {
    if (s.kind === "assign" && s.expr.kind === "alloc") allocations.set(s.target, (allocations.get(s.target) ?? 0) + 1);
  });
  const reallocated = new Set([...allocations].filter(([, count]) => count > 1).map(([name]) => name));

  // Trip counts of loops outside any loop, and the check of the size parameters, stay in locals (the split sweeps
  // pass them through the tape).
  const tripCounts: string[] = [];
  const allocatedInLoops = new Set<string>();

  // Calls whose callee the reverse sweep re-runs from the arguments (reverse/replay.ts): their adjoints read the
  // number arguments; the arrays are unchanged, never recorded.
  const replayed = replayedCalls(fn, active, linker, unchangedArrays(fn, arraysInReverse, callWrites), typeOf);
  // What their forward sweep calls, which has no effect: grad drops the calls whose value it does not need.
  const replayedRuns = new Set(
    [...replayed].map((s) => linker.derivative((s.expr as { callee: string }).callee, "fwd", [])),
  );
  const argumentsRead = (s: AssignStmt): ReadonlySet<string> =>
    new Set([...varsOf(s.expr)].filter((n) => primalNames.has(n) && !isArrayType(typeOf(n))));
  const adjointReads = (s: Stmt): ReadonlySet<string> =>
    s.kind === "assign" && replayed.has(s)
      ? argumentsRead(s)
      : s.kind === "assign" || s.kind === "store"
        ? valuesReadByAdjoint(s, active, squares, rules, primalNames)
        : new Set();
  const fusible = arraysInReverse ? fusionCandidate(fn, typeOf) : undefined;
  const recompute = planRecomputation(fn, adjointReads, arraysInReverse, callWrites, fusible?.body);
  // What the reverse sweep reads: the adjoints' operands, and the inputs of the statements it recomputes.
  const readsOf = (s: AssignStmt | StoreStmt): ReadonlySet<string> => {
    const reads = adjointReads(s);
    const more =
      s.kind === "assign" && recompute.recomputed.has(s)
        ? varsOf(s.expr)
        : s.kind === "store" && recompute.restored.has(s.array) && !recompute.unsaved.has(s)
          ? varsOf(s.index)
          : undefined;
    return more ? new Set([...reads, ...[...more].filter((n) => primalNames.has(n))]) : reads;
  };
  const proven = invertibleUpdates(fn);
  const speculation = speculativeUpdates(fn, proven);
  const inverses = new Map([...proven, ...speculation.inverses]);
  // A counter's exit value is rebuilt from its init's inputs, so none of them may be a recomputed value.
  const recomputedNames = new Set([...recompute.recomputed].map((s) => s.target));
  const counted = countedLoops(fn, proven, new Set(speculation.sizes));
  const rebuildable = (loop: LoopStmt): RebuiltCounter | undefined => {
    const c = counted.get(loop);
    const inputs = c && [...varsOf(c.init), ...(c.trips ? varsOf(c.trips.bound) : [])];
    const reads = inputs?.filter((n) => primalNames.has(n));
    return c && reads && !reads.some((n) => recomputedNames.has(n))
      ? { counter: c.counter, reads: new Set(reads) }
      : undefined;
  };
  const tbr = toBeRecorded(fn, readsOf, (s) => inverses.has(s), rebuildable);
  const recorded = tbr.recorded;
  recompute.recomputed.forEach((s) => recorded.delete(s));
  const rebuilt = new Map([...tbr.rebuilt].map((loop) => [loop, counted.get(loop) as CountedLoop]));
  const needed = new Set<string>();
  forEachStmt(fn.body, (s) => (s.kind === "assign" || s.kind === "store") && readsOf(s).forEach((n) => needed.add(n)));
  rebuilt.forEach((c) =>
    [c.init, ...(c.trips ? [c.trips.bound] : [])].forEach((e) => varsOf(e).forEach((n) => needed.add(n))),
  );
  // The size parameters are checked once, if some recorded update is inverted or some trip count is computed on the
  // assumption that they hold integers.
  const guessed =
    [...speculation.inverses.keys()].some((s) => recorded.has(s)) ||
    [...rebuilt.values()].some((c) => c.trips?.speculative);
  const exact = guessed ? local("exactSizes", "number") : "";
  if (guessed) tripCounts.push(exact);
  const checkSizes: Stmt[] = guessed
    ? [{ kind: "assign", target: exact, expr: call(`${RUNTIME_ALIAS}.exactSizes`, speculation.sizes.map(v)) }]
    : [];
  const guarded = { inverses: new Set(speculation.inverses.keys()), exact: v(exact) };
  const context: SweepContext = {
    active,
    squares,
    rules,
    linker,
    stacks: {
      tapePush: TAPE_PUSH,
      tapePop: TAPE_POP,
      controlPush: CONTROL_PUSH,
      controlPop: CONTROL_POP,
      arraysPush: ARRAYS_PUSH,
      arraysPop: ARRAYS_POP,
    },
    barOf,
    typeOf,
    local,
    unique: (base) => namer.unique(base),
    tripCounts,
    allocatedInLoops,
    freshArrays,
    reallocated,
  };
  const generators = statementSweeps(context, { recorded, inverses, recompute, rebuilt, guarded, replayed });
  const generated =
    (fusible && fusedLoop(fn, fusible, generators, { recorded, inverses, readsOf, typeOf, replayed })) ||
    generators.block(fn.body);
  const forward = [...checkSizes, ...generated.forward];
  const reverse = markAdjoint(generated.reverse);

  // Records in argnums have one Float64Array adjoint: element i's number fields at i * fields + k (ir/recordPaths.ts).
  const activeParams = fn.params.filter(
    (p) => options.activeParams.has(p.name) && (isDifferentiable(p.type) || isRecordsType(p.type)),
  );
  const seed = barOf(fn.result);
  // A vector-valued function's seed is an array the reverse sweep consumes, so it works on a copy of the caller's.
  const resultType = typeOf(fn.result);
  const seedParam: GeneratedParam = isArrayType(resultType)
    ? { name: namer.unique(`${seed}_in`), type: resultType }
    : { name: seed, type: "number" };
  // The caller's seed must have the result's length (the split sweep's callers are generated code).
  const seedCheck: Stmt[] = isArrayType(resultType)
    ? [lengthCheck(seedParam.name, fn.result, "the cotangent of the result")]
    : [];
  const seedCopy: Stmt[] = isArrayType(resultType)
    ? [{ kind: "assign", target: seed, expr: call(`${seedParam.name}.slice`, []) }]
    : [];
  // An array parameter's adjoint is allocated once per call, zero-filled, with the parameter's type.
  const zeroAdjoint = (p: Param): Expr =>
    isArrayType(p.type)
      ? zerosLike(p.type, p.name)
      : isRecordsType(p.type)
        ? alloc("Float64Array", binary("*", length(p.name), num(recordNumberFields(p.type).length)))
        : num(0);
  const paramBars = activeParams.map((p) => (active.has(p.name) ? v(barOf(p.name)) : zeroAdjoint(p)));
  // Array parameters with an adjoint: those in argnums, and those outside it that the function writes values into.
  const allocateParamBars: Stmt[] = fn.params
    .filter((p) => hasArrayAdjoint(p.type) && active.has(p.name))
    .map((p) => ({ kind: "assign", target: barOf(p.name), expr: zeroAdjoint(p) }));
  // Local arrays' adjoints: the split reverse sweep allocates its own, zero, of the lengths the forward sweep ends
  // with; an array created in a loop starts with an empty adjoint, whose length the first iteration saves.
  const localArrays = [...fn.locals]
    .filter(([name, type]) => isArrayType(type) && active.has(name))
    .map(([name, type]) => ({ bar: barOf(name), type: type as ArrayType }));
  const emptyBars: Stmt[] = localArrays
    .filter(({ bar }) => !arraysInReverse || [...allocatedInLoops].some((name) => barOf(name) === bar))
    .map(({ bar, type }) => ({ kind: "assign", target: bar, expr: alloc(type, num(0)) }));
  for (const [name, bar] of bars) if (bar !== seedParam.name) locals.set(bar, adjointTypeOf(typeOf(name)));
  const returnTypes = activeParams.map((p) => adjointTypeOf(p.type));
  const summaryWrt = describe(activeParams.map((p) => p.name));

  // What the sweeps a caller runs take and give back: its adjoint arrays in, its number adjoints out.
  const arrayAdjointParams = (): GeneratedParam[] =>
    activeParams
      .filter((p) => hasArrayAdjoint(p.type))
      .map((p) => ({ name: barOf(p.name), type: adjointTypeOf(p.type), writable: true, general: p.general }));
  const scalarParamBars = activeParams.flatMap((p, k) => (hasArrayAdjoint(p.type) ? [] : [paramBars[k]]));

  const resultSaved = [...recorded].some((s) => s.target === fn.result);
  const value = resultSaved ? local("value", "number") : fn.result;
  // Adjoint scalars: hoisted locals that start at zero (the seed, a parameter, does not).
  const adjointScalars = new Set([...bars].filter(([name]) => typeOf(name) === "number").map(([, bar]) => bar));
  const zeroOnEntry = new Set([...adjointScalars].filter((bar) => bar !== seedParam.name));
  // Post-passes over a whole generated body: first contributions assigned, adjoint elements' round trips elided,
  // unread adjoint copies dropped, increments read straight back folded into the read, invariant accumulations
  // promoted, stencil elements carried, independent rows of loop nests jammed, invariant element reads hoisted out of
  // innermost loops, stencil reads handed on between iterations, negations folded into the additions that use them.
  // (The stacks are moved into locals last, per generated function: reverse/stacks.ts.)
  // `unaliased`: adjoint array parameters the caller guarantees to be memory of their own, and `lengthOf` those it
  // guarantees to be as long as their parameters (gradInto checks both).
  const tidy = (
    body: Stmt[],
    params: readonly GeneratedParam[],
    declared: Map<string, VarType>,
    variant: { unaliased?: ReadonlySet<string>; lengthOf?: ReadonlyMap<string, string>; names?: Namer } = {},
  ): Stmt[] => {
    const { unaliased = new Set<string>(), lengthOf, names = namer } = variant;
    const isParam = new Set(params.map((p) => p.name).filter((name) => !unaliased.has(name)));
    const arrays = new Set(
      [...bars].filter(([name, bar]) => typeOf(name) === "Float64Array" && !isParam.has(bar)).map(([, bar]) => bar),
    );
    forEachStmt(body, (s) => {
      if (s.kind === "assign" && s.expr.kind !== "alloc") arrays.delete(s.target);
      if (s.kind === "callAssign" || s.kind === "permute") s.targets.forEach((t) => arrays.delete(t));
    });
    const zeroSafe = guardUntouchedAdjoints(body, adjointScalars, zeroOnEntry);
    const assigned = assignFirstIncrements(zeroSafe, adjointScalars, zeroOnEntry);
    const settled = foldReadBacks(dropDeadAdjoints(elideRoundTrips(assigned, arrays), adjointScalars), arrays);
    const newLocal = (base: string, type: VarType = "number") => {
      const name = names.unique(base);
      declared.set(name, type);
      return name;
    };
    const typeOfLocal = (name: string) => declared.get(name) ?? params.find((p) => p.name === name)?.type;
    const promotion = { arrays, newLocal, lengthOf };
    const carried = carryStencils(promoteInvariantAccumulations(settled, promotion), promotion);
    const owned = ownedArrays(carried, arrays, declared);
    const jamming = { factor: options.unroll, owned, exact, stackCalls, newLocal };
    const hoisting = { owned, stackCalls, newLocal, typeOf: typeOfLocal };
    const jammed = hoistInvariantReads(hoistRows(unswitchExact(jamLoops(carried, jamming), exact), hoisting), hoisting);
    const paramNames = new Set(params.map((p) => p.name));
    const isDerivative = (name: string) => adjointScalars.has(name) && !paramNames.has(name);
    return foldNegations(carryReads(jammed, hoisting), { isDerivative, newLocal });
  };
  // Both sweeps in one body (f_vjp and f_vjp_into), after `paramArrays`, which give the parameters' adjoint arrays.
  const wholeBody = (paramArrays: readonly Stmt[], values: Expr[], asArray = false): Stmt[] => [
    ...guards,
    ...paramArrays,
    ...emptyBars,
    ...forward,
    ...(resultSaved ? [{ kind: "assign", target: value, expr: v(fn.result) } as Stmt] : []),
    ...seedCheck,
    ...seedCopy,
    ...reverse,
    { kind: "return", values, asArray },
  ];
  const vjpParams = [...fn.params, seedParam];
  // gradInto's function shares the vjp's body but not the locals the vjp's post-passes add: it names its own.
  const beforeTidy = { locals: new Map(locals), namer: namer.fork() };
  // [value, p_bar…], a tuple even with no p_bar (argnums []).
  const vjpBody = tidy(wholeBody(allocateParamBars, [v(value), ...paramBars], true), vjpParams, locals);
  const vjp = (name: string): GeneratedFunction => ({
    name,
    params: vjpParams,
    locals: onlyUsed(locals, vjpBody),
    body: vjpBody,
    aliases: stacks,
    returnTypes: [resultType, ...returnTypes],
    returnsArray: true,
    summary: `Adjoint (reverse mode) of '${fn.name}' with respect to ${summaryWrt}: returns [${fn.result}, ${activeParams.map((p) => `${p.name}_bar`).join(", ")}] for the seed ${seed}.`,
  });

  // The seed is 1, and the result is not returned: the primal's scalars that only led to it are dropped with it.
  const grad = (name: string): GeneratedFunction => {
    const declared = new Map(beforeTidy.locals);
    declared.set(seed, "number");
    const scalars = [...declared].filter(([, type]) => !isArrayType(type)).map(([local]) => local);
    // The seed is the adjoint of the return statement: it maps to that line, as the reverse sweep's first statement does.
    const seedOne: Stmt = { kind: "assign", target: seed, expr: num(1), origin: reverse.find((s) => s.origin)?.origin };
    const returnsArray = returnTypes.length !== 1;
    const gradients = activeParams.map((p) => `${p.name}_bar`).join(", ");
    const whole = dropUnneededScalars(
      [seedOne, ...wholeBody(allocateParamBars, paramBars)],
      new Set(scalars),
      replayedRuns,
    );
    const body = tidy(whole, fn.params, declared, { names: beforeTidy.namer.fork() });
    return {
      ...ofBody(name, fn.params, declared, body),
      returnTypes,
      returnsArray,
      summary: `Gradient (reverse mode) of '${fn.name}' with respect to ${summaryWrt}: returns ${returnsArray ? `[${gradients}]` : gradients}, the adjoints for the seed 1.`,
    };
  };

  // A function of the whole body's variants: the locals its body uses, and the stacks.
  const ofBody = (name: string, params: readonly GeneratedParam[], declared: Map<string, VarType>, body: Stmt[]) => ({
    name,
    params,
    locals: onlyUsed(declared, body),
    body,
    aliases: stacks,
  });

  // Adjoint arrays the caller passes in: not locals, and not allocated (those the function allocates are left).
  const callersArrays = (outParams: readonly GeneratedParam[]) => {
    const isOut = new Set(outParams.map((p) => p.name));
    return {
      isOut,
      declared: new Map([...beforeTidy.locals].filter(([local]) => !isOut.has(local))),
      allocated: allocateParamBars.filter((s) => !(s.kind === "assign" && isOut.has(s.target))),
    };
  };

  // The caller's arrays replace the allocated adjoints of the parameters in argnums; those outside it that the
  // function writes into keep theirs. Number parameters' adjoints are left out: gradInto rejects them.
  const into = (name: string): GeneratedFunction => {
    const outParams = arrayAdjointParams();
    const { isOut, declared, allocated } = callersArrays(outParams);
    const params = [...fn.params, ...outParams, seedParam];
    const paramArrays = [
      ...outParams.map((p): Stmt => ({ kind: "effect", expr: call(`${p.name}.fill`, [num(0)]) })),
      ...allocated,
    ];
    const body = tidy(wholeBody(paramArrays, [v(value)]), params, declared, {
      unaliased: isOut,
      lengthOf: new Map(activeParams.filter((p) => isArrayType(p.type)).map((p) => [barOf(p.name), p.name])),
      names: beforeTidy.namer.fork(),
    });
    return {
      ...ofBody(name, params, declared, body),
      returnTypes: [resultType],
      returnsArray: false,
      summary: `Adjoint (reverse mode) of '${fn.name}' with respect to ${summaryWrt}: returns ${fn.result} for the seed ${seed}, and overwrites ${outParams.map((p) => p.name).join(", ")} with the adjoints.`,
    };
  };

  // The adjoint a differentiated caller replays: its arguments, the result's adjoint and its array arguments' adjoints
  // in, which it accumulates into as the split reverse sweep does, and its number parameters' adjoints out. The
  // primal's scalars that only led to the result are dropped, as in grad.
  const replayedAdjoint = (name: string): GeneratedFunction => {
    const arrayBarParams = arrayAdjointParams();
    const { isOut, declared, allocated } = callersArrays(arrayBarParams);
    const params = [...fn.params, seedParam, ...arrayBarParams];
    const scalars = [...declared].filter(([, type]) => !isArrayType(type)).map(([local]) => local);
    const whole = dropUnneededScalars(wholeBody(allocated, scalarParamBars, true), new Set(scalars), replayedRuns);
    const body = tidy(whole, params, declared, { names: beforeTidy.namer.fork() });
    const returned = activeParams
      .filter((p) => !hasArrayAdjoint(p.type))
      .map((p) => `${p.name}_bar`)
      .join(", ");
    const added = isOut.size > 0 ? `, and adds into ${[...isOut].join(", ")}` : "";
    return {
      ...ofBody(name, params, declared, body),
      returnTypes: returnTypes.filter((t) => !isArrayType(t)),
      returnsArray: true,
      summary: `Adjoint (reverse mode) of '${fn.name}' with respect to ${summaryWrt}, which a differentiated caller re-runs from its arguments: returns [${returned}] for the seed ${seed}${added}.`,
    };
  };

  // The split sweeps: the reverse sweep starts from the forward sweep's final state, which it pops from the tape.
  const split = (names: { fwd: string; bwd: string }) => {
    const snapshot = [...[...needed].filter((n) => primalNames.has(n)).sort(), ...tripCounts];
    // The tape holds numbers: an array the reverse sweep reads must be recorded element by element, never whole.
    const array = snapshot.find((n) => isArrayType(typeOf(n)));
    if (array) throw new Error(`the split reverse sweep would need the array '${array}'`);
    // A value that may be undefined ('k?: number' passed on to a callee) goes with a flag saying whether it is.
    const holders = mayHoldUndefined(fn);
    const absent = snapshot.filter((n) => holders.has(n));
    const fwdBody: Stmt[] = [
      ...guards,
      ...emptyBars,
      ...forward,
      ...snapshot.map((n): Stmt => ({ kind: "effect", expr: call(TAPE_PUSH, [v(n)]) })),
      ...absent.map((n): Stmt => ({
        kind: "effect",
        expr: call(CONTROL_PUSH, [cond(binary("!==", v(n), global("undefined")), num(1), num(0))]),
      })),
      ...localArrays.map(({ bar }): Stmt => ({ kind: "effect", expr: call(CONTROL_PUSH, [length(bar)]) })),
      { kind: "return", values: [v(fn.result)] },
    ];
    const fwd: GeneratedFunction = {
      name: names.fwd,
      params: fn.params,
      locals: onlyUsed(locals, fwdBody),
      aliases: stacks,
      body: fwdBody,
      returnTypes: [resultType],
      returnsArray: false,
      summary:
        activeParams.length > 0
          ? `Forward sweep of '${fn.name}' for a differentiated caller: computes ${fn.result} and records what ${names.bwd} needs.`
          : `'${fn.name}' as a differentiated caller runs it, with nothing to differentiate: computes ${fn.result} and records nothing.`,
    };
    // The split reverse sweep accumulates into its caller's adjoint arrays and returns its number adjoints.
    const arrayBarParams = arrayAdjointParams();
    const bwdLocals = new Map(locals);
    for (const p of fn.params) bwdLocals.set(p.name, p.type);
    for (const p of arrayBarParams) bwdLocals.delete(p.name);
    const bwdParams = [seedParam, ...arrayBarParams];
    const bwdBody = tidy(
      [
        ...seedCopy,
        ...[...localArrays]
          .reverse()
          .map(({ bar, type }): Stmt => ({ kind: "assign", target: bar, expr: alloc(type, call(CONTROL_POP, [])) })),
        ...[...snapshot].reverse().map((n): Stmt => ({ kind: "assign", target: n, expr: call(TAPE_POP, []) })),
        ...[...absent].reverse().map((n): Stmt => ({
          kind: "if",
          test: call(CONTROL_POP, []),
          then: [],
          else: [{ kind: "assign", target: n, expr: global("undefined") }],
        })),
        ...reverse,
        { kind: "return", values: scalarParamBars, asArray: true },
      ],
      bwdParams,
      bwdLocals,
    );
    const bwd: GeneratedFunction = {
      name: names.bwd,
      params: bwdParams,
      locals: onlyUsed(bwdLocals, bwdBody),
      body: bwdBody,
      aliases: stacks,
      returnTypes: returnTypes.filter((t) => !isArrayType(t)),
      returnsArray: true,
      summary: `Reverse sweep of '${fn.name}' after ${names.fwd}: returns the adjoints of ${summaryWrt}.`,
    };
    return { fwd: stacksInLocals(fwd), bwd: stacksInLocals(bwd) };
  };

  // Each generated function keeps the stacks' depths in locals (reverse/stacks.ts). Calls to Math, to the runtime's
  // helpers, to the stacks' own methods (the stack of arrays set aside included), to arrays' methods and to replayed
  // callees' forward runs cannot push to a stack; others may.
  const integers = integerLocals(fn);
  const owners = new Set(["Math", RUNTIME_ALIAS, `${RUNTIME_ALIAS}.arrays`, tape, control]);
  const typesOf = (gen: GeneratedFunction) =>
    new Map([...gen.params.map((p): [string, VarType] => [p.name, p.type]), ...gen.locals]);
  const callsThatMayUseStacks = (gen: GeneratedFunction) => {
    const arrays = new Set([...typesOf(gen)].filter(([, type]) => isArrayType(type)).map(([name]) => name));
    // (What the forward sweep calls for a replayed call records nothing: its callee differentiates nothing.)
    return (callee: string) => {
      const owner = callee.slice(0, Math.max(0, callee.lastIndexOf(".")));
      return !owners.has(owner) && !arrays.has(owner) && !replayedRuns.has(callee);
    };
  };
  const stacksInLocals = (gen: GeneratedFunction): GeneratedFunction => {
    const types = typesOf(gen);
    const mayUseStack = callsThatMayUseStacks(gen);
    let body = gen.body;
    const locals = new Map(gen.locals);
    const kept: LocalStack[] = [];
    // Names of this function's own: every variant (vjp, grad, split sweeps) names its loops' counts alike.
    const names = namer.fork();
    [...gen.params.map((p) => p.name), ...gen.locals.keys()].forEach((name) => names.reserve(name));
    for (const stack of localStacks) {
      const newLocal = (base: string) => {
        const name = names.unique(base);
        locals.set(name, "number");
        return name;
      };
      const localized = keepStackInLocals(body, {
        stack,
        mayUseStack,
        integers,
        newLocal,
        typeOf: (n) => types.get(n),
      });
      if (!localized) continue;
      body = localized;
      locals.set(stack.top, "number").set(stack.data, stack.dataType);
      kept.push(stack);
    }
    return kept.length === 0 ? gen : { ...gen, body, locals, localStacks: kept };
  };
  // The functions a caller calls as a whole set the stacks back when an error escapes them, if anything they run
  // records on one: a push not kept in the locals, or a call that may push (a stack kept in locals is handed back only
  // before such a call, and on return).
  const entryDepths: EntryDepths = {
    depths: ["tape", "control", "arrays"].map((stack) => ({
      name: namer.unique(`${stack}_entry`),
      path: `${RUNTIME_ALIAS}.${stack}.top`,
    })),
    restore: `${RUNTIME_ALIAS}.unwind`,
  };
  const unwinding = (gen: GeneratedFunction): GeneratedFunction => {
    const mayUseStack = callsThatMayUseStacks(gen);
    // (A stack kept in locals is still called through 'tape.push' in the body; the emitter writes the locals.)
    const inLocals = new Set((gen.localStacks ?? []).map((stack) => stack.alias));
    const pushesOrPops = (callee: string) =>
      (stackCalls.has(callee) && !inLocals.has(callee.slice(0, callee.indexOf(".")))) ||
      callee === ARRAYS_PUSH ||
      callee === ARRAYS_POP;
    const records = (callee: string) => mayUseStack(callee) || pushesOrPops(callee);
    let recording = false;
    forEachStmt(gen.body, (s) => {
      if (expressionsOf(s).some((e) => callsWhere(e, records))) recording = true;
    });
    return recording ? { ...gen, unwind: entryDepths } : gen;
  };
  return {
    vjp: (name: string) => unwinding(stacksInLocals(vjp(name))),
    grad: (name: string) => unwinding(stacksInLocals(grad(name))),
    into: (name: string) => unwinding(stacksInLocals(into(name))),
    adjoint: (name: string) => stacksInLocals(replayedAdjoint(name)),
    split,
  };
}

/** The locals that a generated body mentions (drops the ones another variant of the function needed). */
function onlyUsed(locals: ReadonlyMap<string, VarType>, body: readonly Stmt[]): Map<string, VarType> {
  const used = namesUsed(body);
  return new Map([...locals].filter(([name]) => used.has(name)));
}

/**
 * Primal variables whose values the adjoint of one assignment reads: those in the partial derivatives of its
 * active operands (a callee's reverse sweep reads its own recorded values, not the caller's).
 */
function valuesReadByAdjoint(
  s: AssignStmt | StoreStmt,
  active: ReadonlySet<string>,
  squares: ScaledSquares,
  rules: CompiledRuleTable,
  primalNames: ReadonlySet<string>,
): Set<string> {
  const read = new Set<string>();
  const addIndex = (at: Expr) => varsOf(at).forEach((n) => primalNames.has(n) && read.add(n));
  if (s.kind === "store") {
    if (active.has(s.array)) addIndex(s.index);
    return read;
  }
  if (!active.has(s.target)) return read;
  if (s.expr.kind === "index") {
    if (active.has(s.expr.array)) {
      addIndex(s.expr.index);
      if (s.expr.outer) addIndex(s.expr.outer);
    }
    return read;
  }
  // A field of records in argnums: its adjoint goes to the element's place in the records' adjoint.
  if (s.expr.kind === "field") {
    if (active.has(s.expr.array)) addIndex(s.expr.index);
    return read;
  }
  for (const { operand, partial } of mergedPartialsOf(s.expr, rules, v(s.target), squares)) {
    if (operand.kind !== "var" || !active.has(operand.name)) continue;
    varsOf(simplify(partial)).forEach((n) => primalNames.has(n) && read.add(n));
  }
  return read;
}
