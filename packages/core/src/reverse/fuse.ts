/**
 * Loop fusion for the whole vjp: when the adjoints a loop receives are known before it runs and its reverse
 * iterations do not depend on their order, each reverse iteration runs right after its forward iteration, in one
 * pass over the data, with every value still at hand (what a hand-written gradient does).
 *
 *   for (…) { a = x[i+1] - x[i]*x[i]; s += 100*a*a; i += 1 }  return s
 *   → s_bar = result_bar; for (…) { a = …; s += …; <adjoint of the body>; i += 1 }  result = s
 *
 * Conditions (all checked, else the usual two sweeps are generated):
 * - the function's body is: statements, one loop, then straight-line statements whose adjoints read nothing the
 *   loop or they themselves assign (so their reverse can run first: 'return s', 'return total / n'), and that call
 *   no user function (whose reverse sweep would run before its forward sweep), each its own forward part (nothing
 *   saved, grown or allocated for it); and statements before the loop whose adjoints read nothing the loop assigns
 *   (their reverse runs after the fused loop, which restores nothing: its counter keeps its exit value);
 * - the loop's body is straight-line, calls no user function but replayed ones (reverse/replay.ts: their adjoint
 *   records only for itself), allocates nothing, writes no differentiated array, records nothing on the tape (its
 *   reverse needs no saved value) and ends, at most, with its counter's update;
 * - every variable the loop carries from one iteration to the next is a counter or an accumulator ('s += …'
 *   whose value nothing else in the loop reads), so its adjoint is the same in every iteration.
 */
import { isPrimitiveCall } from "../ir/expr";
import type { Expr } from "../ir/expr";
import {
  forEachStmt,
  isArrayType,
  readsOfStatement,
  type AssignStmt,
  type FunctionIR,
  type LoopStmt,
  type Stmt,
  type StoreStmt,
  type VarType,
} from "../ir/stmt";
import { iterationLocalAssignments } from "../analysis/recompute";
import { selfUpdate } from "../analysis/invert";
import { markAdjoint, type Generators, type Sweeps } from "./sweeps";

export interface FusionFacts {
  readonly recorded: ReadonlySet<AssignStmt>;
  readonly inverses: ReadonlyMap<AssignStmt, Expr>;
  readonly readsOf: (s: AssignStmt | StoreStmt) => ReadonlySet<string>;
  readonly typeOf: (name: string) => VarType;
  readonly replayed: ReadonlySet<AssignStmt>;
}

/**
 * The loop whose shape fusion needs (the function's first top-level loop, it and what follows straight-line), before
 * any analysis: the recomputation plan keeps its values recomputable, since a fused loop records nothing.
 */
export function fusionCandidate(fn: FunctionIR, typeOf: (name: string) => VarType): LoopStmt | undefined {
  if (typeOf(fn.result) !== "number") return undefined;
  const at = fn.body.findIndex((s) => s.kind === "loop");
  if (at < 0) return undefined;
  const loop = fn.body[at] as LoopStmt;
  const straight = (stmts: readonly Stmt[]) => stmts.every((s) => s.kind === "assign" || s.kind === "store");
  return straight(fn.body.slice(at + 1)) && straight(loop.pre) && straight(loop.body) ? loop : undefined;
}

/** `loop` is the function's fusionCandidate. */
export function fusedLoop(fn: FunctionIR, loop: LoopStmt, gen: Generators, facts: FusionFacts): Sweeps | undefined {
  const at = fn.body.indexOf(loop);
  const before = fn.body.slice(0, at);
  const after = fn.body.slice(at + 1);
  const body = loop.body;
  const last = body[body.length - 1];
  const update = last?.kind === "assign" && facts.inverses.has(last) ? last : undefined;
  const core = update ? body.slice(0, -1) : body;

  // The checks that need no generated code first: generating a statement may request a callee's derivatives.
  if (!core.every((s) => s.kind === "store" || isPlainOperation(s as AssignStmt, facts))) return undefined;
  if ([...facts.recorded].some((s) => after.includes(s) || core.includes(s) || loop.pre.includes(s))) return undefined;
  // The statements after the loop run their reverse before the loop and their forward after it: a call's split
  // sweeps would pop what they push before pushing it.
  if (after.some(callsUserFunction)) return undefined;
  const written = new Set([loop.pre, body, after].flat().flatMap((s) => (s.kind === "assign" ? [s.target] : [])));
  if (after.some((s) => [...facts.readsOf(s as AssignStmt | StoreStmt)].some((n) => written.has(n)))) return undefined;
  // The statements before it run their reverse after it, which leaves what it wrote, its counter among them.
  const inLoop = new Set([loop.pre, body].flat().flatMap((s) => (s.kind === "assign" ? [s.target] : [])));
  const readBefore: string[] = [];
  forEachStmt(before, (s) => {
    if (s.kind === "assign" || s.kind === "store") readBefore.push(...facts.readsOf(s));
  });
  if (readBefore.some((n) => inLoop.has(n))) return undefined;

  const parts = core.map((s) => gen.statement(s));
  const pre = loop.pre.map((s) => gen.statement(s));
  if (pre.some((part) => part.reverse.length > 0)) return undefined;
  const local = iterationLocalAssignments(fn, core);
  const independent = (s: Stmt, k: number): boolean => {
    const part = parts[k];
    // Its forward part is the statement itself (a replayed call: a run of its callee that records nothing).
    if (part.forward.length !== 1 || (part.forward[0] !== s && !facts.replayed.has(s as AssignStmt))) return false;
    if (part.reverse.length === 0) return true;
    return s.kind === "assign" && (local.has(s) || isAccumulator(s, core));
  };
  if (!core.every(independent)) return undefined;

  // Each statement after the loop must be its own forward part: a store that saves the element it overwrites, or
  // grows an adjoint array, and an allocation of one, would have their reverse run before their forward.
  const tailParts = after.map((s) => gen.statement(s));
  if (tailParts.some((part, k) => part.forward.length !== 1 || part.forward[0] !== after[k])) return undefined;
  const tail = {
    forward: tailParts.flatMap((p) => p.forward),
    reverse: [...tailParts].reverse().flatMap((p) => p.reverse),
  };
  const head = gen.block(before);
  const reverseOfCore: Stmt[] = [];
  for (let k = parts.length - 1; k >= 0; k--) reverseOfCore.push(...parts[k].reverse);
  const fused: LoopStmt = {
    ...loop,
    // The test's statements as the forward sweep runs them: a callee taking objects takes their fields.
    pre: pre.flatMap((part) => part.forward),
    body: [...parts.flatMap((p) => p.forward), ...markAdjoint(reverseOfCore), ...(update ? [update] : [])],
  };
  return {
    forward: [...head.forward, ...markAdjoint(tail.reverse), fused, ...tail.forward],
    reverse: head.reverse,
  };
}

/** A number computed by one operation: no user function (its split sweeps would record) but replayed ones, no new array. */
function isPlainOperation(s: AssignStmt, facts: FusionFacts): boolean {
  const recording = callsUserFunction(s) && !facts.replayed.has(s);
  return s.expr.kind !== "alloc" && !recording && !isArrayType(facts.typeOf(s.target));
}

/** A call of a function of the program (or a gradient of one), whose derivative is a pair of split sweeps. */
function callsUserFunction(s: Stmt): boolean {
  return s.kind === "assign" && s.expr.kind === "call" && !isPrimitiveCall(s.expr.callee);
}

/** `v = v + e` (or `-`, or `e + v`) where nothing else in the loop reads v: its adjoint is the same every iteration. */
function isAccumulator(s: AssignStmt, core: readonly Stmt[]): boolean {
  return selfUpdate(s) !== undefined && core.every((x) => x === s || !readsOfStatement(x).has(s.target));
}
