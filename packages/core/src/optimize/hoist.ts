/**
 * Loop-invariant element reads out of innermost loops. In `for (row…) qx[row] += L[lt] * centered[col]`, and in its
 * adjoint, the element `centered[col]` is the same at every iteration, yet V8 loads it again each time: the loop
 * stores into other Float64Arrays, and V8 cannot tell that none of them is `centered`. The compiler can, for the
 * arrays it allocated itself and never lets anything alias (`owned`, optimize/jam.ts), so it reads the element once,
 * before the loop, under the loop's own entry test (a loop that does not run must not read out of bounds), and the
 * loop copies a local instead:
 *
 *   while (row < d) { …; centered_col = centered[col]; … }
 *   → if (row < d) { centered_col_hoisted = centered[col]; }  while (row < d) { …; centered_col = centered_col_hoisted; … }
 *
 * The same memory is read, so results are bitwise the same (GMM gradient at d = 20: 63 → 55 ms). A read moves when:
 *   - the loop is innermost and straight-line (assignments, stores, Math's and the stacks' calls), not a do-while,
 *     and its entry test needs no statements before it (a `for (;;)` whose test follows statements keeps its reads);
 *   - nothing in the loop stores into the array, and the array is owned or every array the loop stores into is;
 *   - the loop assigns none of the locals the index reads, nor the array's name;
 *   - the read's target is assigned nowhere else in the loop, and read nowhere in it before that assignment.
 */
import { binary, callsWhere, childrenOf, num, v, varsOf, type Expr, type IndexExpr } from "../ir/expr";
import {
  expressionsOf,
  mapNested,
  writesOfStatement,
  type AssignStmt,
  type LoopStmt,
  type RepeatStmt,
  type Stmt,
  type VarType,
} from "../ir/stmt";

export interface Hoisting {
  /** Arrays nothing else can alias (optimize/jam.ts's `ownedArrays`). */
  readonly owned: ReadonlySet<string>;
  /** Callees of the tape and control stacks: calls that touch no user array. */
  readonly stackCalls: ReadonlySet<string>;
  /** A fresh local named after `base`, of `type` (a number unless given). */
  readonly newLocal: (base: string, type?: VarType) => string;
  /** The type of a parameter or local, for the rows of matrices (optimize/rows.ts). */
  readonly typeOf: (name: string) => VarType | undefined;
}

export function hoistInvariantReads(body: readonly Stmt[], hoisting: Hoisting): Stmt[] {
  const inner = (stmts: readonly Stmt[]) => hoistInvariantReads(stmts, hoisting);
  return body.flatMap((s): Stmt[] => {
    if (s.kind === "loop" && isStraightLine(s.body, hoisting) && isStraightLine(s.update, hoisting)) {
      if (s.doWhile || s.pre.length > 0 || hasCall(s.test)) return [s];
      return guarded(s, s.test, hoist(s.body, [...s.body, ...s.update], [s.test], hoisting));
    }
    if (s.kind === "repeat" && isStraightLine(s.body, hoisting)) {
      if (hasCall(s.count)) return [s];
      const counter: Stmt = { kind: "assign", target: s.counter, expr: num(0) };
      return guarded(s, binary(">", s.count, num(0)), hoist(s.body, [...s.body, counter], [s.count], hoisting));
    }
    return [mapNested(s, inner)];
  });
}

/** `if (entry) { reads }` then the loop over its new body; the loop as it was when nothing moves. */
export function guarded<L extends LoopStmt | RepeatStmt>(
  loop: L,
  entry: Expr,
  hoisted: { body: Stmt[]; reads: Stmt[] } | undefined,
): Stmt[] {
  if (!hoisted) return [loop];
  return [
    { kind: "if", test: entry, then: hoisted.reads, else: [], origin: loop.origin },
    { ...loop, body: hoisted.body },
  ];
}

/**
 * The body with its invariant reads replaced by copies of hoisted locals, and the reads that set those locals; or
 * undefined when nothing moves. `loop` is every statement the loop runs (body and update); `control` the
 * expressions it evaluates outside them (its test or trip count).
 */
function hoist(
  body: readonly Stmt[],
  loop: readonly Stmt[],
  control: readonly Expr[],
  hoisting: Hoisting,
): { body: Stmt[]; reads: Stmt[] } | undefined {
  const assigned = new Map<string, number>();
  const stored = new Set<string>();
  for (const s of loop) {
    if (s.kind === "store") stored.add(s.array);
    for (const name of writesOfStatement(s)) assigned.set(name, (assigned.get(name) ?? 0) + 1);
  }
  const readBefore = new Set(control.flatMap((e) => [...varsOf(e)]));
  const storesOwned = [...stored].every((a) => hoisting.owned.has(a));
  const reads: Stmt[] = [];
  const newBody = body.map((s): Stmt => {
    const movable =
      s.kind === "assign" &&
      s.expr.kind === "index" &&
      !hasCall(s.expr) &&
      assigned.get(s.target) === 1 &&
      !readBefore.has(s.target) &&
      isInvariant(s.expr, assigned, stored) &&
      (hoisting.owned.has(s.expr.array) || storesOwned);
    expressionsOf(s).forEach((e) => varsOf(e, readBefore));
    if (!movable) return s;
    const local = hoisting.newLocal(`${s.target}_hoisted`);
    reads.push({ ...s, target: local });
    return { kind: "assign", target: s.target, expr: v(local), origin: s.origin } satisfies AssignStmt;
  });
  return reads.length > 0 ? { body: newBody, reads } : undefined;
}

function isInvariant(e: IndexExpr, assigned: ReadonlyMap<string, number>, stored: ReadonlySet<string>): boolean {
  if (stored.has(e.array) || assigned.has(e.array)) return false;
  const indexVars = varsOf(e.index);
  if (e.outer) varsOf(e.outer, indexVars);
  return [...indexVars].every((name) => !assigned.has(name));
}

export function isStraightLine(stmts: readonly Stmt[], hoisting: Hoisting): boolean {
  return stmts.every(
    (s) =>
      (s.kind === "assign" || s.kind === "store" || s.kind === "effect") &&
      expressionsOf(s).every((e) => callsOnly(e, hoisting.stackCalls)),
  );
}

const callsOnly = (e: Expr, stackCalls: ReadonlySet<string>): boolean =>
  (e.kind !== "call" || e.callee.startsWith("Math.") || stackCalls.has(e.callee)) &&
  childrenOf(e).every((c) => callsOnly(c, stackCalls));

export const hasCall = (e: Expr): boolean => callsWhere(e, () => true);
