/**
 * The statements a loop's test needs, computed once before the loop when no iteration can change them.
 * `for (let i = 0; i < x.length - 1; i++)` lowers to `for (;;) { x_length = x.length; x_length_minus_1 = x_length - 1;
 * if (!(i < x_length_minus_1)) break; … }`, which reloads the array's length at every iteration in the primal's
 * place and in every derivative (V8 does not move the load out of the loop: Rosenbrock's gradient at n = 1e3 is 7%
 * faster without it), and hides the loop's plain bound from the analyses that need one (trip counts the reverse sweep
 * computes instead of recording, tape reserved once per loop). Moved, the loop reads
 * `x_length = x.length; x_length_minus_1 = x_length - 1; while (i < x_length_minus_1) { … }`.
 *
 * A leading statement of the test moves when it assigns a variable nothing else in the loop assigns, from values no
 * iteration changes: literals, variables the loop does not assign (or that statements moved before it computed),
 * Math's functions other than `Math.random`, and the lengths of arrays the loop cannot resize (analysis/shape.ts's
 * `lengthsKept`), in a loop that calls nothing but Math (a callee given the array could push to it). The test's
 * statements run at least once, so running them once before the loop computes the same values, as often when the
 * loop does not iterate, and leaves the same values behind when it ends.
 */
import { callsWhere, childrenOf, type Expr } from "../ir/expr";
import { expressionsOf, forEachStmt, mapNested, type LoopStmt, type Stmt, type VarType } from "../ir/stmt";
import { lengthsKept } from "../analysis/shape";

export function hoistInvariantTests(body: readonly Stmt[], typeOf: (name: string) => VarType | undefined): Stmt[] {
  return body.flatMap((s): Stmt[] => {
    const inner = (stmts: readonly Stmt[]) => hoistInvariantTests(stmts, typeOf);
    const rewritten = mapNested(s, inner);
    if (rewritten.kind !== "loop") return [rewritten];
    const moved = rewritten.doWhile ? 0 : invariantPrefix(rewritten, typeOf);
    return moved === 0
      ? [rewritten]
      : [...rewritten.pre.slice(0, moved), { ...rewritten, pre: rewritten.pre.slice(moved) }];
  });
}

/** How many of the loop's leading test statements compute values no iteration changes. */
function invariantPrefix(loop: LoopStmt, typeOf: (name: string) => VarType | undefined): number {
  const whole = [...loop.pre, ...loop.body, ...loop.update];
  const assignments = new Map<string, number>();
  let callsOut = false;
  forEachStmt(whole, (s) => {
    if (s.kind === "assign") assignments.set(s.target, (assignments.get(s.target) ?? 0) + 1);
    if (s.kind === "callAssign") s.targets.forEach((t) => assignments.set(t, 2));
    if (s.kind === "effect" || s.kind === "callAssign") callsOut = true;
    callsOut ||= expressionsOf(s).some((e) => callsWhere(e, (callee) => !isPureMath(callee)));
  });
  const kept = lengthsKept(whole, typeOf);
  const keepsLength = (array: string) => !callsOut && kept(array);
  const moved = new Set<string>();
  const invariant = (e: Expr): boolean => {
    if (e.kind === "var") return moved.has(e.name) || !assignments.has(e.name);
    if (e.kind === "index" || e.kind === "alloc") return false;
    if (e.kind === "length" && !keepsLength(e.array)) return false;
    if (e.kind === "call" && !isPureMath(e.callee)) return false;
    return childrenOf(e).every(invariant);
  };
  let count = 0;
  for (const s of loop.pre) {
    if (s.kind !== "assign" || assignments.get(s.target) !== 1 || !invariant(s.expr)) break;
    moved.add(s.target);
    count++;
  }
  return count;
}

const isPureMath = (callee: string) => callee.startsWith("Math.") && callee !== "Math.random";
