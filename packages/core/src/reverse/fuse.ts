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
 *   loop or they themselves assign (so their reverse can run first: 'return s', 'return total / n');
 * - the loop's body is straight-line, calls no user function, allocates nothing, writes no differentiated array,
 *   records nothing on the tape (its reverse needs no saved value) and ends, at most, with its counter's update;
 * - every variable the loop carries from one iteration to the next is a counter or an accumulator ('s += …'
 *   whose value nothing else in the loop reads), so its adjoint is the same in every iteration.
 */
import { varsOf, type Expr } from "../ir/expr";
import {
  isArrayType,
  type AssignStmt,
  type FunctionIR,
  type LoopStmt,
  type Stmt,
  type StoreStmt,
  type VarType,
} from "../ir/stmt";
import { markAdjoint, type Generators, type Sweeps } from "./sweeps";

export interface FusionFacts {
  readonly recorded: ReadonlySet<AssignStmt>;
  readonly inverses: ReadonlyMap<AssignStmt, Expr>;
  readonly readsOf: (s: AssignStmt | StoreStmt) => ReadonlySet<string>;
  readonly typeOf: (name: string) => VarType;
}

export function fusedLoop(fn: FunctionIR, gen: Generators, facts: FusionFacts): Sweeps | undefined {
  if (facts.typeOf(fn.result) !== "number") return undefined;
  const at = fn.body.findIndex((s) => s.kind === "loop");
  if (at < 0) return undefined;
  const loop = fn.body[at] as LoopStmt;
  const before = fn.body.slice(0, at);
  const after = fn.body.slice(at + 1);
  const body = loop.body;
  const last = body[body.length - 1];
  const update = last?.kind === "assign" && facts.inverses.has(last) ? last : undefined;
  const core = update ? body.slice(0, -1) : body;

  const straight = (stmts: readonly Stmt[]) => stmts.every((s) => s.kind === "assign" || s.kind === "store");
  if (!straight(after) || !straight(loop.pre) || !straight(core)) return undefined;
  const assigns = (stmts: readonly Stmt[]) =>
    stmts.filter((s): s is AssignStmt => s.kind === "assign").map((s) => s.target);
  const inLoop = new Set([...assigns(loop.pre), ...assigns(body)]);
  const written = new Set([...inLoop, ...assigns(after)]);
  if ([...facts.recorded].some((s) => after.includes(s) || core.includes(s) || loop.pre.includes(s))) return undefined;
  const afterReads = after.flatMap((s) => [...facts.readsOf(s as AssignStmt | StoreStmt)]);
  if (afterReads.some((n) => written.has(n))) return undefined;

  const parts = core.map((s) => gen.statement(s));
  if (loop.pre.some((s) => gen.statement(s).reverse.length > 0)) return undefined;
  if (!core.every((s, k) => fusible(s, k, core, fn, parts[k], facts.typeOf))) return undefined;

  const tail = gen.block(after);
  const head = gen.block(before);
  const reverseOfCore: Stmt[] = [];
  for (let k = parts.length - 1; k >= 0; k--) reverseOfCore.push(...parts[k].reverse);
  const fused: LoopStmt = {
    ...loop,
    pre: loop.pre,
    body: [...parts.flatMap((p) => p.forward), ...markAdjoint(reverseOfCore), ...(update ? [update] : [])],
  };
  return {
    forward: [...head.forward, ...markAdjoint(tail.reverse), fused, ...tail.forward],
    reverse: head.reverse,
  };
}

/** Whether the `k`-th statement of the loop's body can have its adjoint run in the same iteration. */
function fusible(
  s: Stmt,
  k: number,
  core: readonly Stmt[],
  fn: FunctionIR,
  part: Sweeps,
  typeOf: (name: string) => VarType,
): boolean {
  // Its forward part is the statement itself: nothing pushed, no callee's sweep.
  if (part.forward.length !== 1 || part.forward[0] !== s) return false;
  if (s.kind === "store") return part.reverse.length === 0;
  if (s.kind !== "assign") return false;
  const e = s.expr;
  if (e.kind === "alloc" || (e.kind === "call" && !e.callee.startsWith("Math."))) return false;
  if (isArrayType(typeOf(s.target))) return false;
  if (part.reverse.length === 0) return true;
  return isIterationLocal(s.target, k, core, fn) || isAccumulator(s, core);
}

/** Assigned once in the function, here, and read only by later statements of the same iteration. */
function isIterationLocal(target: string, k: number, core: readonly Stmt[], fn: FunctionIR): boolean {
  let assignments = 0;
  let readsElsewhere = 0;
  const count = (stmts: readonly Stmt[], inside: (s: Stmt) => boolean): void => {
    for (const s of stmts) {
      if (s.kind === "assign" && s.target === target) assignments++;
      if (readsOf(s).has(target) && !inside(s)) readsElsewhere++;
      if (s.kind === "if") {
        count(s.then, inside);
        count(s.else, inside);
      } else if (s.kind === "loop") {
        count(s.pre, inside);
        count(s.body, inside);
      }
    }
  };
  count(fn.body, (s) => core.indexOf(s) > k);
  return assignments === 1 && readsElsewhere === 0;
}

/** `v = v + e`, `v = v - e`, `v = e + v`, where nothing else in the loop reads v. */
function isAccumulator(s: AssignStmt, core: readonly Stmt[]): boolean {
  const e = s.expr;
  const self = (x: Expr) => x.kind === "var" && x.name === s.target;
  if (e.kind !== "binary" || (e.op !== "+" && e.op !== "-")) return false;
  const other = self(e.left) ? e.right : e.op === "+" && self(e.right) ? e.left : undefined;
  if (!other || varsOf(other).has(s.target)) return false;
  return core.every((x) => x === s || !readsOf(x).has(s.target));
}

function readsOf(s: Stmt): Set<string> {
  switch (s.kind) {
    case "assign":
      return varsOf(s.expr);
    case "store": {
      const out = varsOf(s.index);
      varsOf(s.value, out);
      return out;
    }
    case "if":
    case "loop":
      return varsOf(s.test);
    case "return":
      return new Set(s.values.flatMap((v) => [...varsOf(v)]));
    default:
      return new Set();
  }
}
