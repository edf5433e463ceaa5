/**
 * Forward mode: FunctionIR → `f_jvp(params…, p_dot…)` returning `[result, result_dot]`.
 *
 * Tangent statements travel beside their primal statements:
 *   'y = Math.sin(x)'  →  'y = Math.sin(x); y_dot = Math.cos(x) * x_dot'
 * The tangent comes after the primal so templates can reuse the result (`exp`: `y * x_dot`); lowering guarantees
 * that a statement overwriting one of its operands is linear (`s = s + t`), whose tangent reads only tangents.
 * Only active variables (activity.ts) get tangents; an inactive operand contributes nothing.
 */
import { binary, call, num, v, zerosLike, type ArrayType, type Expr } from "../ir/expr";
import { lengthCheck } from "../analysis/guards";
import type { CalleeLinker, GeneratedFunction } from "../ir/generated";
import {
  isArrayType,
  isDifferentiable,
  namesUsed,
  sourcePaths,
  type AssignStmt,
  type FunctionIR,
  type Stmt,
  type VarType,
} from "../ir/stmt";
import { activityWithSquares } from "../analysis/squares";
import { aliasGuards, parameterWrites } from "../analysis/writes";
import { RUNTIME_ALIAS } from "../program/files";
import { mergedPartialsOf } from "../rules/apply";
import type { CompiledRuleTable } from "../rules/template";
import { simplify } from "../simplify/fold";
import { derivativeNames, Namer } from "../naming/namer";
import { hoistInvariantReads } from "../optimize/hoist";
import { hoistRows } from "../optimize/rows";
import { carryReads } from "../optimize/carryReads";
import { foldNegations } from "../simplify/negations";
import { jamLoops, ownedArrays } from "../optimize/jam";

export interface TangentOptions {
  readonly name: string;
  readonly activeParams: ReadonlySet<string>;
  readonly rules: CompiledRuleTable;
  readonly linker: CalleeLinker;
  readonly reserved: Iterable<string>;
  /** Unroll-and-jam factor (optimize/jam.ts); 1 turns the pass off. */
  readonly unroll: number;
  /**
   * Set when the reverse generator differentiates the tangent in turn (second/hvp.ts): reads handed on from one
   * iteration to the next (optimize/carryReads.ts) would be locals its forward sweep has to record.
   */
  readonly differentiatedAgain?: boolean;
}

export function generateTangent(fn: FunctionIR, options: TangentOptions): GeneratedFunction {
  const { rules, linker } = options;
  // The parameters each callee writes into, at any depth (program/registry.ts).
  const callWrites = (key: string) => linker.writtenParams(key);
  const { active, squares } = activityWithSquares(fn, options.activeParams, rules, callWrites);
  const namer = new Namer([...options.reserved, ...fn.params.map((p) => p.name), ...fn.locals.keys(), ...fn.externals]);
  const tangents = derivativeNames(namer, "dot");
  const dots = tangents.names;
  const dotOf = tangents.of;
  const locals = new Map<string, VarType>(fn.locals);
  const activeParams = fn.params.filter((p) => options.activeParams.has(p.name) && isDifferentiable(p.type));
  const typeOfName = (name: string): VarType =>
    fn.locals.get(name) ?? fn.params.find((p) => p.name === name)?.type ?? "number";
  const dotParams = activeParams.map((p) => ({ name: dotOf(p.name), type: p.type, general: p.general }));

  const tangentOf = (operand: Expr): Expr | undefined =>
    operand.kind === "var" && active.has(operand.name) ? v(dotOf(operand.name)) : undefined;
  // The tangent of a call's unused result (the call is made for what it writes into an array argument).
  const unusedDot = (): string => {
    const name = namer.unique("unused_dot");
    locals.set(name, "number");
    return name;
  };

  const assignment = (s: AssignStmt): Stmt[] => {
    const e = s.expr;
    if (e.kind === "call" && !e.callee.startsWith("Math.")) return callAssignment(s, e.callee, e.args);
    const out: Stmt[] = [s];
    if (!active.has(s.target)) return out;
    if (e.kind === "alloc") {
      // 'a = new Float64Array(n)' → 'a_dot = new Float64Array(n)'
      out.push({ kind: "assign", target: dotOf(s.target), expr: e, origin: s.origin });
      return out;
    }
    if (e.kind === "index") {
      // 't = a[i]' → 't_dot = a_dot[i]'
      const value: Expr = active.has(e.array) ? { ...e, array: dotOf(e.array) } : num(0);
      out.push({ kind: "assign", target: dotOf(s.target), expr: value, origin: s.origin });
      return out;
    }
    const terms = mergedPartialsOf(e, rules, v(s.target), squares).flatMap(({ operand, partial }) => {
      const dot = tangentOf(operand);
      return dot ? [binary("*", partial, dot)] : [];
    });
    const sum =
      terms.length === 0 ? ({ kind: "num", value: 0 } as Expr) : terms.reduce((acc, t) => binary("+", acc, t));
    out.push({ kind: "assign", target: dotOf(s.target), expr: simplify(sum), origin: s.origin });
    return out;
  };

  // 'y = g(a, b)' with a active → '[y, y_dot] = g_jvp_a(a, b, a_dot)'
  const callAssignment = (s: AssignStmt, key: string, args: readonly Expr[]): Stmt[] => {
    const activeArgs = args.flatMap((a, i) => (tangentOf(a) ? [i] : []));
    // A callee that writes an active array argument writes its tangent too, even when its result is not used.
    const writesActive = callWrites(key).some((k) => tangentOf(args[k]) !== undefined);
    if ((!active.has(s.target) && !writesActive) || activeArgs.length === 0) {
      const primal: Stmt[] = [{ ...s, expr: call(linker.primal(key), args) }];
      if (active.has(s.target))
        primal.push({ kind: "assign", target: dotOf(s.target), expr: { kind: "num", value: 0 }, origin: s.origin });
      return primal;
    }
    const jvp = linker.derivative(key, "jvp", activeArgs);
    const tangentArgs = activeArgs.map((i) => tangentOf(args[i]) as Expr);
    return [
      {
        kind: "callAssign",
        targets: [s.target, active.has(s.target) ? dotOf(s.target) : unusedDot()],
        call: call(jvp, [...args, ...tangentArgs]),
        origin: s.origin,
      },
    ];
  };

  const block = (stmts: readonly Stmt[]): Stmt[] => stmts.flatMap(statement);
  const statement = (s: Stmt): Stmt[] => {
    switch (s.kind) {
      case "assign":
        return assignment(s);
      case "if":
        return [{ ...s, then: block(s.then), else: block(s.else) }];
      case "loop":
        return [{ ...s, pre: block(s.pre), body: block(s.body) }];
      case "permute":
        // '[cur, next] = [next, cur]' → also '[cur_dot, next_dot] = [next_dot, cur_dot]'
        if (!active.has(s.targets[0])) return [s];
        return [s, { ...s, targets: s.targets.map(dotOf), sources: s.sources.map(dotOf) }];
      case "store": {
        // 'a[i] = v' → 'a_dot[i] = v_dot'
        if (!active.has(s.array)) return [s];
        const value = tangentOf(s.value) ?? num(0);
        return [s, { ...s, array: dotOf(s.array), value }];
      }
      default:
        return [s];
    }
  };

  // A parameter array the function writes into but that is not differentiated gets a tangent of zeros to write.
  // (The tangent of a differentiated one is written in place, like the array: the marker wrapper passes a copy of
  // the user's, and a differentiated caller passes its own.)
  const written = parameterWrites(fn, callWrites);
  const ownTangents: Stmt[] = fn.params
    .filter((p) => written.has(p.name) && active.has(p.name) && !options.activeParams.has(p.name))
    .map((p) => ({ kind: "assign", target: dotOf(p.name), expr: zerosLike(p.type as ArrayType, p.name) }));
  // A tangent array its primal's length: the caller's is checked on entry ('__ct.sameLength').
  const paths = sourcePaths(fn.sources, fn.params);
  const shapeGuards = activeParams
    .filter((p) => isArrayType(p.type))
    .map((p) => lengthCheck(dotOf(p.name), p.name, `the tangent of '${paths.get(p.name) ?? p.name}'`));
  const body = [...aliasGuards(fn, RUNTIME_ALIAS, written), ...shapeGuards, ...ownTangents, ...block(fn.body)];
  for (const [name, dot] of dots) {
    if (!activeParams.some((p) => p.name === name)) locals.set(dot, typeOfName(name));
  }
  const resultType = fn.locals.get(fn.result) ?? "number";
  const resultDot: Expr = active.has(fn.result)
    ? v(dotOf(fn.result))
    : isArrayType(resultType)
      ? zerosLike(resultType, fn.result)
      : num(0);
  body.push({ kind: "return", values: [v(fn.result), resultDot] });
  const newLocal = (base: string, type: VarType = "number") => {
    const name = namer.unique(base);
    locals.set(name, type);
    return name;
  };
  const owned = ownedArrays(body, [], locals);
  const stackCalls = new Set<string>();
  const jammed = jamLoops(body, { factor: options.unroll, owned, exact: "", stackCalls, newLocal });
  const params = [...fn.params, ...dotParams];
  const typeOf = (name: string) => locals.get(name) ?? params.find((p) => p.name === name)?.type;
  const hoisting = { owned, stackCalls, newLocal, typeOf };
  const paramNames = new Set(params.map((p) => p.name));
  const tangentLocals = new Set([...dots.values()].filter((dot) => locals.get(dot) === "number"));
  const isDerivative = (name: string) => tangentLocals.has(name) && !paramNames.has(name);
  // Code differentiated again keeps its rows indexed through the matrices, the form lowering gives.
  const hoisted = hoistInvariantReads(options.differentiatedAgain ? jammed : hoistRows(jammed, hoisting), hoisting);
  const optimized = foldNegations(options.differentiatedAgain ? hoisted : carryReads(hoisted, hoisting), {
    isDerivative,
    newLocal,
  });
  const used = namesUsed(optimized);
  return {
    name: options.name,
    params,
    locals: new Map([...locals].filter(([name]) => used.has(name))),
    body: optimized,
    returnTypes: [resultType, resultType],
    returnsArray: true,
    summary: `Tangent (forward mode) of '${fn.name}' with respect to ${describe(activeParams.map((p) => p.name))}: returns [${fn.result}, ${fn.result}_dot].`,
  };
}

export function describe(names: readonly string[]): string {
  return names.length === 0 ? "nothing" : names.map((n) => `'${n}'`).join(", ");
}
