/**
 * Reverse mode, statement by statement: what each kind of statement adds to the forward sweep (itself, and the
 * values it records) and to the reverse sweep (its adjoint, and what restores the values it overwrote). The plan of
 * what to record, invert and recompute comes from the analyses (reverse/adjoint.ts makes it); how a whole function
 * is put together from these parts is in reverse/adjoint.ts too.
 */
import {
  alloc,
  binary,
  call,
  cond,
  index,
  isAtom,
  isOne,
  isPrimitiveCall,
  length,
  num,
  unary,
  v,
  type Expr,
  type RecordsType,
} from "../ir/expr";
import { recordNumberFields, samePath } from "../ir/recordPaths";
import type { CalleeLinker } from "../ir/generated";
import { hasArrayAdjoint, isArrayType, type AssignStmt, type LoopStmt, type Stmt, type VarType } from "../ir/stmt";
import type { RecomputePlan } from "../analysis/recompute";
import type { CountedLoop } from "../analysis/invert";
import { mergedPartialsOf } from "../rules/apply";
import type { ScaledSquares } from "../analysis/squares";
import type { CompiledRuleTable } from "../rules/template";
import { simplify } from "../simplify/fold";

export interface Sweeps {
  readonly forward: Stmt[];
  readonly reverse: Stmt[];
}

/** The sweeps of a list of statements and of one statement, as one generation makes them. */
export interface Generators {
  block(stmts: readonly Stmt[]): Sweeps;
  statement(s: Stmt): Sweeps;
}

/** What the statement generators share with the generation of the whole function. */
export interface SweepContext {
  readonly active: ReadonlySet<string>;
  /** Scaled squares' temporaries (analysis/squares.ts), inactive, with the variable each scales. */
  readonly squares: ScaledSquares;
  readonly rules: CompiledRuleTable;
  readonly linker: CalleeLinker;
  /** The stacks' methods, as generated code calls them (`tape.push`); reverse/stacks.ts later moves them to locals. */
  readonly stacks: {
    readonly tapePush: string;
    readonly tapePop: string;
    readonly controlPush: string;
    readonly controlPop: string;
    /** The runtime's stack of arrays set aside (`__ct.arrays`): an array variable's recorded value is the array. */
    readonly arraysPush: string;
    readonly arraysPop: string;
  };
  barOf(name: string): string;
  typeOf(name: string): VarType;
  /** A new local of the generated function. */
  local(base: string, type: VarType): string;
  /** A new name that is not a hoisted local (a reversed loop's `for (let k = …)` counter). */
  unique(base: string): string;
  /** Filled while generating: trip counts kept in locals (outermost loops), and arrays allocated inside loops. */
  readonly tripCounts: string[];
  readonly allocatedInLoops: Set<string>;
  /** number[] locals the function only ever gives fresh arrays: a store past their end grows their adjoints too. */
  readonly freshArrays: ReadonlySet<string>;
  /** Local arrays allocated by more than one statement: each allocation replaces an array, as one in a loop does. */
  readonly reallocated: ReadonlySet<string>;
}

/** The analyses' decisions for every statement of the function. */
export interface SweepPlan {
  /** Assignments whose overwritten value the reverse sweep needs (to-be-recorded). */
  readonly recorded: ReadonlySet<AssignStmt>;
  /** Counter updates undone by their inverse instead of a pop. */
  readonly inverses: ReadonlyMap<AssignStmt, Expr>;
  readonly recompute: RecomputePlan;
  /** Loops whose counter's exit value (and maybe trip count) the reverse sweep computes. */
  readonly rebuilt: ReadonlyMap<LoopStmt, CountedLoop>;
  /** Inverses that hold only if the size check passes, and the flag that holds its result. */
  readonly guarded: { readonly inverses: ReadonlySet<AssignStmt>; readonly exact: Expr };
  /** Calls whose callee's adjoint re-runs it from the arguments (reverse/replay.ts); other calls are split. */
  readonly replayed: ReadonlySet<AssignStmt>;
}

export function statementSweeps(context: SweepContext, plan: SweepPlan): Generators {
  const { active, squares, rules, linker, barOf, typeOf, local, tripCounts, allocatedInLoops } = context;
  const { tapePush, tapePop, controlPush, controlPop } = context.stacks;
  const { recorded, inverses, recompute, rebuilt, guarded, replayed } = plan;
  const isActiveVar = (e: Expr): e is { kind: "var"; name: string } => e.kind === "var" && active.has(e.name);
  // 'a_bar += ∂y/∂a · y_bar'; no statement when the increment is a known zero.
  const increment = (target: string, amount: Expr, origin: Stmt["origin"]): Stmt[] => {
    const simplified = simplify(amount);
    if (simplified.kind === "num" && simplified.value === 0) return [];
    return [{ kind: "assign", target: barOf(target), expr: binary("+", v(barOf(target)), simplified), origin }];
  };
  let loopDepth = 0;
  // 'target = exactSizes ? computed : saved': the saved value is popped only when the size check failed.
  const exactOrSaved = (target: string, computed: Expr, saved: Expr, origin: Stmt["origin"]): Stmt => ({
    kind: "assign",
    target,
    expr: cond(guarded.exact, computed, saved),
    origin,
  });
  const assignment = (s: AssignStmt): Sweeps => {
    const inverse = recorded.has(s) ? inverses.get(s) : undefined;
    const save = recorded.has(s) && !inverse;
    // The tape holds numbers: a string (a mode that steers branches) is never an operand of a derivative, so
    // nothing should record one; if an analysis ever did, stop with an internal error rather than record NaN.
    if (save && typeOf(s.target) === "string") throw new Error(`the string '${s.target}' would be recorded`);
    // An array variable given a new array keeps the old one aside, whole (analysis/recompute.ts, rebound arrays).
    const setAside = isArrayType(typeOf(s.target));
    const push: Stmt = {
      kind: "effect",
      expr: call(setAside ? context.stacks.arraysPush : tapePush, [v(s.target)]),
      origin: s.origin,
    };
    // An inverse that holds only for integer sizes: the value is recorded in case the check failed.
    const speculative = inverse !== undefined && guarded.inverses.has(s);
    const forward: Stmt[] = save
      ? [push]
      : speculative
        ? [{ kind: "if", test: unary("!", guarded.exact), then: [push], else: [], origin: s.origin }]
        : [];
    const reverse: Stmt[] = [];
    const e = s.expr;
    if (e.kind === "call" && !isPrimitiveCall(e.callee)) {
      const activeArgs = e.args.flatMap((a, i) => (isActiveVar(a) ? [i] : []));
      // A callee that writes an active array argument is differentiated even when its result is not used.
      const writesActive = linker.writtenParams(e.callee).some((k) => isActiveVar(e.args[k]));
      if ((active.has(s.target) || writesActive) && activeArgs.length > 0) {
        // 'y = g(a, v)' → forward 'y = g_fwd(a, v)', reverse '[g_a_bar] = g_bwd(y_bar, v_bar); a_bar += g_a_bar':
        // a callee returns its number parameters' adjoints and accumulates into its array parameters' adjoints.
        // Replayed: forward 'y = g_vjp_none_fwd(a, v)' (g as its derivatives run it: no prints, nothing recorded),
        // reverse '[g_a_bar] = g_adjoint(a, v, y_bar, v_bar)'.
        const replay = replayed.has(s);
        const forwardCallee = linker.derivative(e.callee, "fwd", replay ? [] : activeArgs);
        forward.push({ ...s, expr: call(forwardCallee, e.args) });
        const paramNames = linker.paramNames(e.callee);
        const argName = (i: number) => (e.args[i] as { name: string }).name;
        // Records in argnums are passed with their adjoint, one Float64Array, as arrays are.
        const scalarArgs = activeArgs.filter((i) => !hasArrayAdjoint(typeOf(argName(i))));
        const arrayArgs = activeArgs.filter((i) => hasArrayAdjoint(typeOf(argName(i))));
        const temps = scalarArgs.map((i) => local(`${e.callee}_${paramNames[i] ?? i}_bar`, "number"));
        const adjoints = [
          active.has(s.target) ? v(barOf(s.target)) : num(0),
          ...arrayArgs.map((i) => v(barOf(argName(i)))),
        ];
        const replayedArgs = replay ? { primalArgs: e.args.length } : {};
        const reverseCall = replay
          ? call(linker.derivative(e.callee, "adjoint", activeArgs), [...e.args, ...adjoints])
          : call(linker.derivative(e.callee, "bwd", activeArgs), adjoints);
        reverse.push(
          temps.length > 0
            ? { kind: "callAssign", targets: temps, call: reverseCall, origin: s.origin, ...replayedArgs }
            : { kind: "effect", expr: reverseCall, origin: s.origin, ...replayedArgs },
        );
        scalarArgs.forEach((argIndex, k) => reverse.push(...increment(argName(argIndex), v(temps[k]), s.origin)));
      } else {
        forward.push({ ...s, expr: call(linker.primal(e.callee), e.args) });
      }
      if (active.has(s.target))
        reverse.push({ kind: "assign", target: barOf(s.target), expr: num(0), origin: s.origin });
    } else if (e.kind === "index") {
      // 't = a[i]' → reverse 'a_bar[i] += t_bar; t_bar = 0'
      forward.push(s);
      if (active.has(s.target)) {
        if (active.has(e.array)) {
          const element = index(barOf(e.array), e.index, e.outer);
          const sum = binary("+", element, v(barOf(s.target)));
          const store: Stmt = { kind: "store", array: barOf(e.array), index: e.index, value: sum, origin: s.origin };
          reverse.push(e.outer ? { ...store, outer: e.outer } : store);
        }
        reverse.push({ kind: "assign", target: barOf(s.target), expr: num(0), origin: s.origin });
      }
    } else if (e.kind === "field" && active.has(s.target) && active.has(e.array)) {
      // 't = obs[i].y' with obs in argnums → reverse 'obs_bar[i * fields + k] += t_bar; t_bar = 0', k the field's
      // place among the element's number fields (ir/recordPaths.ts).
      forward.push(s);
      const fields = recordNumberFields(typeOf(e.array) as RecordsType);
      const slot = fields.findIndex((f) => samePath(f.path, e.path));
      // expand/records.ts refuses reads of fields the records' type leaves out (too deep, or not numbers).
      if (slot < 0) throw new Error(`'${e.path.join(".")}' is no number field of '${e.array}'`);
      let at = simplify(binary("+", binary("*", e.index, num(fields.length)), num(slot)));
      if (!isAtom(at)) {
        const slotLocal = local(`${e.array}_slot`, "number");
        reverse.push({ kind: "assign", target: slotLocal, expr: at, origin: s.origin });
        at = v(slotLocal);
      }
      const sum = binary("+", index(barOf(e.array), at), v(barOf(s.target)));
      reverse.push(
        { kind: "store", array: barOf(e.array), index: at, value: sum, origin: s.origin },
        { kind: "assign", target: barOf(s.target), expr: num(0), origin: s.origin },
      );
    } else if (e.kind === "alloc") {
      // 'a = new Float64Array(n)' → forward also 'a_bar = new Float64Array(n)': the adjoint starts at zero.
      forward.push(s);
      if (active.has(s.target)) {
        const bar = barOf(s.target);
        if (loopDepth > 0 || context.reallocated.has(s.target)) {
          // A fresh array per iteration (or per reassignment), of any size: the forward sweep saves the length of
          // the adjoint array it replaces, so that the reverse sweep, done with it, starts the previous one's at zero.
          allocatedInLoops.add(s.target);
          forward.push({ kind: "effect", expr: call(controlPush, [length(bar)]), origin: s.origin });
          reverse.push({ kind: "assign", target: bar, expr: alloc(e.type, call(controlPop, [])), origin: s.origin });
        }
        forward.push({ kind: "assign", target: bar, expr: e, origin: s.origin });
      }
    } else {
      forward.push(s);
      if (active.has(s.target)) reverse.push(...adjointOfOperation(s, v(barOf(s.target))));
    }
    if (save) {
      const pop = call(setAside ? context.stacks.arraysPop : tapePop, []);
      reverse.push({ kind: "assign", target: s.target, expr: pop, origin: s.origin });
    }
    if (inverse) {
      reverse.push(
        speculative
          ? exactOrSaved(s.target, inverse, call(tapePop, []), s.origin)
          : { kind: "assign", target: s.target, expr: inverse, origin: s.origin },
      );
    }
    return { forward, reverse };
  };

  const adjointOfOperation = (s: AssignStmt, seed: Expr): Stmt[] => {
    const partials = mergedPartialsOf(s.expr, rules, v(s.target), squares).filter((p) => isActiveVar(p.operand));
    const self = partials.filter((p) => (p.operand as { name: string }).name === s.target);
    const others = partials.filter((p) => (p.operand as { name: string }).name !== s.target);
    const out: Stmt[] = [];
    if (self.length === 0) {
      for (const p of others)
        out.push(...increment((p.operand as { name: string }).name, binary("*", p.partial, seed), s.origin));
      out.push({ kind: "assign", target: barOf(s.target), expr: num(0), origin: s.origin });
    } else if (self.length === 1 && isOne(simplify(self[0].partial))) {
      // 's = s + t': ∂s/∂s = 1, so s_bar carries over unchanged.
      for (const p of others)
        out.push(...increment((p.operand as { name: string }).name, binary("*", p.partial, seed), s.origin));
    } else {
      const held = local(`${s.target}_bar_in`, "number");
      out.push({ kind: "assign", target: held, expr: seed, origin: s.origin });
      out.push({ kind: "assign", target: barOf(s.target), expr: num(0), origin: s.origin });
      for (const p of partials)
        out.push(...increment((p.operand as { name: string }).name, binary("*", p.partial, v(held)), s.origin));
    }
    return out;
  };

  // A block whose iteration-local values are recomputed (a loop body, a branch inside a loop): each is re-run just
  // before the reverse of the last statement that reads it, once later statements (a counter update) are undone.
  const block = (stmts: readonly Stmt[]): Sweeps => {
    const parts = stmts.map(statement);
    const prelude = recompute.preludes.get(stmts);
    const rerun = (k: number): Stmt[] =>
      (prelude?.at.get(k) ?? []).map((s) => ({ ...s, origin: s.origin && { ...s.origin, recompute: true } }));
    const reverse: Stmt[] = [];
    for (let k = parts.length - 1; k >= 0; k--) reverse.push(...rerun(k), ...parts[k].reverse);
    return { forward: parts.flatMap((p) => p.forward), reverse };
  };

  const statement = (s: Stmt): Sweeps => {
    switch (s.kind) {
      case "assign":
        return assignment(s);
      case "permute": {
        // '[cur, next] = [next, cur]': the adjoints trade places with their arrays, and trade back in the reverse
        // sweep. (The reverse sweep reads nothing of arrays that trade places: analysis/recompute.ts.)
        if (!active.has(s.targets[0])) return { forward: [s], reverse: [] };
        const bars = { targets: s.targets.map(barOf), sources: s.sources.map(barOf) };
        const back: Stmt = { ...s, targets: bars.sources, sources: bars.targets };
        return { forward: [s, { ...s, ...bars }], reverse: [back] };
      }
      case "if": {
        const then = block(s.then);
        const otherwise = block(s.else);
        if (then.reverse.length === 0 && otherwise.reverse.length === 0) {
          return { forward: [{ ...s, then: then.forward, else: otherwise.forward }], reverse: [] };
        }
        // The decision is pushed last so that the reverse sweep pops it before the branch's own records.
        return {
          forward: [
            {
              ...s,
              then: [...then.forward, { kind: "effect", expr: call(controlPush, [num(1)]), origin: s.origin }],
              else: [...otherwise.forward, { kind: "effect", expr: call(controlPush, [num(0)]), origin: s.origin }],
            },
          ],
          reverse: [
            {
              kind: "if",
              test: call(controlPop, []),
              then: then.reverse,
              else: otherwise.reverse,
              origin: s.origin,
            },
          ],
        };
      }
      case "loop": {
        loopDepth++;
        const pre = block(s.pre);
        const body = block(s.body);
        loopDepth--;
        if (pre.reverse.length === 0 && body.reverse.length === 0) {
          return { forward: [{ ...s, pre: pre.forward, body: body.forward }], reverse: [] };
        }
        // Forward: pre₀ body₀ pre₁ … preₖ (test false), then save k. Reverse: k, preₖ⁻¹, then k × (body⁻¹ pre⁻¹).
        // A loop nested in another saves k on the control stack; an outermost loop keeps it in its local.
        // A rebuilt counter's loop may know its trip count from its bounds (under the size check if speculative).
        const count = local(`${s.label}_count`, "number");
        const nested = loopDepth > 0;
        if (!nested) tripCounts.push(count);
        const rebuild = rebuilt.get(s);
        const trips = rebuild?.trips;
        const pushCount: Stmt = { kind: "effect", expr: call(controlPush, [v(count)]), origin: s.origin };
        const savedCount = !nested ? v(count) : !trips ? call(controlPop, []) : trips.count;
        const counting = !nested || !trips || trips.speculative;
        const forward: Stmt[] = [
          ...(counting ? [{ kind: "assign", target: count, expr: num(0), origin: s.origin } as Stmt] : []),
          {
            ...s,
            pre: pre.forward,
            body: [
              ...body.forward,
              ...(counting
                ? [{ kind: "assign", target: count, expr: binary("+", v(count), num(1)), origin: s.origin } as Stmt]
                : []),
            ],
          },
          ...(nested && !trips ? [pushCount] : []),
          ...(nested && trips?.speculative
            ? [{ kind: "if", test: unary("!", guarded.exact), then: [pushCount], else: [], origin: s.origin } as Stmt]
            : []),
        ];
        let reverse: Stmt[];
        if (rebuild) {
          // The counter's exit value, init ± step·count: its value before the loop was never saved.
          const counter = local(`${s.label}_iter`, "number");
          const { op, step } = rebuild.update;
          const exit = simplify(binary(op, rebuild.init, binary("*", step, v(counter))));
          reverse = [
            trips?.speculative
              ? exactOrSaved(counter, trips.count, call(controlPop, []), s.origin)
              : { kind: "assign", target: counter, expr: savedCount, origin: s.origin },
            { kind: "assign", target: rebuild.counter, expr: exit, origin: s.origin },
            ...pre.reverse,
            { kind: "repeat", counter, count: v(counter), body: [...body.reverse, ...pre.reverse], origin: s.origin },
          ];
        } else if (pre.reverse.length === 0) {
          const counter = context.unique(`${s.label}_iter`);
          reverse = [{ kind: "repeat", counter, count: savedCount, body: body.reverse, origin: s.origin }];
        } else {
          const counter = local(`${s.label}_iter`, "number");
          reverse = [
            { kind: "assign", target: counter, expr: savedCount, origin: s.origin },
            ...pre.reverse,
            { kind: "repeat", counter, count: v(counter), body: [...body.reverse, ...pre.reverse], origin: s.origin },
          ];
        }
        return { forward, reverse };
      }
      case "store": {
        // An array the reverse sweep re-reads gets its overwritten element back, after the store's adjoint.
        const restored = recompute.restored.has(s.array) && !recompute.unsaved.has(s);
        const save: Stmt[] = restored
          ? [{ kind: "effect", expr: call(tapePush, [index(s.array, s.index)]), origin: s.origin }]
          : [];
        const restore: Stmt[] = restored
          ? [{ kind: "store", array: s.array, index: s.index, value: call(tapePop, []), origin: s.origin }]
          : [];
        if (!active.has(s.array)) return { forward: [...save, s], reverse: restore };
        // 'a[i] = v' → reverse 'v_bar += a_bar[i]; a_bar[i] = 0': the element's old value has no successor.
        const element = index(barOf(s.array), s.index);
        const reverse: Stmt[] = isActiveVar(s.value) ? increment(s.value.name, element, s.origin) : [];
        reverse.push({ kind: "store", array: barOf(s.array), index: s.index, value: num(0), origin: s.origin });
        // A push grows the adjoint array alongside, so that the reverse sweep finds its element; so does a store at
        // or past the end of a number[] the function created ('ys[i] = v' filling 'const ys: number[] = []'). A
        // parameter's adjoint is its caller's.
        const bar = barOf(s.array);
        const zero: Stmt = { ...s, array: bar, value: num(0) };
        const pastEnd = binary(">=", s.index, length(bar));
        const grow: Stmt[] = s.append
          ? [zero]
          : context.freshArrays.has(s.array) && !s.inBounds
            ? [{ kind: "if", test: pastEnd, then: [zero], else: [], origin: s.origin }]
            : [];
        return { forward: [...save, s, ...grow], reverse: [...reverse, ...restore] };
      }
      default:
        return { forward: [s], reverse: [] };
    }
  };
  return { block, statement };
}

/** Tags reverse-sweep statements so their comments say "adjoint of". */
export function markAdjoint(stmts: readonly Stmt[]): Stmt[] {
  return stmts.map((s): Stmt => {
    const origin = s.origin && { ...s.origin, adjoint: true };
    switch (s.kind) {
      case "if":
        return { ...s, origin, then: markAdjoint(s.then), else: markAdjoint(s.else) };
      case "repeat":
        return { ...s, origin, body: markAdjoint(s.body) };
      default:
        return { ...s, origin };
    }
  });
}
