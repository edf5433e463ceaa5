/**
 * Adjoint increments into a known zero. The reverse sweep's rule for `y = f(a, b)` is 'a_bar += ∂f/∂a · y_bar;
 * y_bar = 0': every adjoint starts at zero and is reset once consumed, so most increments add to a zero. V8 cannot
 * drop the addition itself (0 + -0 is +0), and the resets are stores in every iteration of a hot loop. This pass
 *
 * 1. follows which adjoint scalars are known to be zero (forward data flow over the structured body, to a fixpoint
 *    at loop heads) and turns an increment of such a scalar into an assignment: 'a_bar += e' → 'a_bar = e';
 * 2. (dropDeadAdjoints, run after the other rewrites) drops the assignments of adjoint scalars that no later
 *    statement reads (backward liveness): the resets 'a_bar = 0' the first step made redundant, and the copies
 *    other rewrites leave unread.
 *
 *   'y_bar += s_bar; x_bar += 2 * x * y_bar; y_bar = 0'  →  'y_bar = s_bar; x_bar = 2 * x * y_bar'
 *
 * Only adjoint scalars are touched: a primal `s = 0; s += -0` must keep its -0, an adjoint's sign of zero is
 * meaningless. Array adjoints keep their increments (which element is zero is not tracked).
 *
 * grad's function, which returns no value, also drops the primal's scalars that only led to it (dropUnneededScalars):
 * the sum 's += …' that no adjoint reads.
 */
import { childrenOf, isPrimitiveCall, varsOf, type Expr } from "../ir/expr";
import {
  forEachStmt,
  mapNested,
  readsOfStatement,
  writesOfStatement,
  type AssignStmt,
  type LoopStmt,
  type RepeatStmt,
  type Stmt,
} from "../ir/stmt";
import { selfUpdate } from "../analysis/invert";
import { negate } from "../simplify/fold";

/**
 * Rewrites `body`, where every name in `zeros` is an adjoint scalar holding zero on entry (a hoisted local) and
 * every name in `adjoints` is an adjoint scalar whose resets may go.
 */
export function assignFirstIncrements(
  body: readonly Stmt[],
  adjoints: ReadonlySet<string>,
  zeros: ReadonlySet<string>,
): Stmt[] {
  if (hasJumps(body)) return [...body];
  return new KnownZeros(adjoints).block(body, new Set(zeros), true).stmts;
}

/** `body` without the assignments to names in `adjoints` (adjoint scalars) that nothing reads afterwards. */
export function dropDeadAdjoints(body: readonly Stmt[], adjoints: ReadonlySet<string>): Stmt[] {
  if (hasJumps(body)) return [...body];
  return new DeadAdjoints(adjoints).block(body, new Set()).stmts;
}

type Zeros = Set<string>;

/**
 * Results of a loop's analysis per loop and state at its entry. An outer loop's fixpoint re-analyzes its body, inner
 * loops included, a few times; without the memo, nested loops would cost exponentially in their depth.
 */
class Memo<R> {
  private readonly results = new Map<Stmt, Map<string, R>>();

  get(s: Stmt, state: ReadonlySet<string>, tag: string, compute: () => R): R {
    const key = `${tag}:${[...state].sort().join(",")}`;
    let perLoop = this.results.get(s);
    if (!perLoop) this.results.set(s, (perLoop = new Map()));
    let result = perLoop.get(key);
    if (result === undefined) perLoop.set(key, (result = compute()));
    return result;
  }
}

class KnownZeros {
  private readonly memo = new Memo<{ stmts: Stmt[]; zeros: Zeros }>();

  constructor(private readonly adjoints: ReadonlySet<string>) {}

  /** The statements rewritten under `zeros` (when `rewrite`), and the adjoints known zero after them. */
  block(stmts: readonly Stmt[], zeros: Zeros, rewrite: boolean): { stmts: Stmt[]; zeros: Zeros } {
    const out: Stmt[] = [];
    let known = zeros;
    for (const s of stmts) {
      const r = this.statement(s, known, rewrite);
      out.push(...r.stmts);
      known = r.zeros;
    }
    return { stmts: out, zeros: known };
  }

  private statement(s: Stmt, zeros: Zeros, rewrite: boolean): { stmts: Stmt[]; zeros: Zeros } {
    switch (s.kind) {
      case "assign": {
        const after = new Set(zeros);
        if (!this.adjoints.has(s.target)) return { stmts: [s], zeros: after };
        if (isZero(s.expr)) {
          // A reset of what is already zero.
          if (zeros.has(s.target)) return { stmts: [], zeros: after };
          after.add(s.target);
          return { stmts: [s], zeros: after };
        }
        after.delete(s.target);
        const update = zeros.has(s.target) ? selfUpdate(s) : undefined;
        if (!update || !rewrite) return { stmts: [s], zeros: after };
        const expr: Expr = update.op === "+" ? update.step : negate(update.step);
        return { stmts: [{ ...s, expr }], zeros: after };
      }
      case "callAssign": {
        const after = new Set(zeros);
        s.targets.forEach((t) => after.delete(t));
        return { stmts: [s], zeros: after };
      }
      case "if": {
        const then = this.block(s.then, new Set(zeros), rewrite);
        const otherwise = this.block(s.else, new Set(zeros), rewrite);
        const after = new Set([...then.zeros].filter((n) => otherwise.zeros.has(n)));
        return { stmts: [{ ...s, then: then.stmts, else: otherwise.stmts }], zeros: after };
      }
      case "loop":
      case "repeat":
        return this.memo.get(s, zeros, String(rewrite), () => this.loop(s, zeros, rewrite));
      default:
        return { stmts: [s], zeros };
    }
  }

  /** Zero at the loop head: zero on entry and after every iteration (a fixpoint, shrinking). */
  private loop(s: LoopStmt | RepeatStmt, entry: Zeros, rewrite: boolean): { stmts: Stmt[]; zeros: Zeros } {
    const iteration = (head: Zeros, write: boolean) => {
      if (s.kind === "repeat") {
        const body = this.block(s.body, new Set(head), write);
        return { stmt: { ...s, body: body.stmts } as Stmt, end: body.zeros, exit: head };
      }
      const pre = this.block(s.pre, new Set(head), write);
      const body = this.block([...s.body, ...s.update], new Set(pre.zeros), write);
      return { stmt: { ...s, pre: pre.stmts, body: body.stmts, update: [] } as Stmt, end: body.zeros, exit: pre.zeros };
    };
    let head = new Set(entry);
    for (;;) {
      const { end } = iteration(head, false);
      const next = new Set([...head].filter((n) => end.has(n)));
      if (next.size === head.size) break;
      head = next;
    }
    const { stmt, exit } = iteration(head, rewrite);
    return { stmts: [stmt], zeros: new Set(exit) };
  }
}

/**
 * `body` without the pure assignments to names in `scalars` whose values nothing needs: a value is needed when a
 * statement with an effect reads it (a store, a call, a return, a test of a branch or loop), or the assignment of a
 * needed value or of a name outside `scalars` does. Flow-insensitive, so its cost does not grow with loop depth (the
 * liveness of dropDeadAdjoints, run over every scalar, revisits nested loops once per live set at each level).
 * `pureCallees`: functions of the program known to have no effect (replayed callees, reverse/replay.ts).
 */
export function dropUnneededScalars(
  body: readonly Stmt[],
  scalars: ReadonlySet<string>,
  pureCallees: ReadonlySet<string> = new Set(),
): Stmt[] {
  const removable = (s: Stmt): s is AssignStmt =>
    s.kind === "assign" && scalars.has(s.target) && isPure(s.expr, pureCallees);
  const needed = new Set<string>();
  const pending: AssignStmt[] = [];
  forEachStmt(body, (s) => {
    if (removable(s)) pending.push(s);
    else readsOfStatement(s).forEach((n) => needed.add(n));
  });
  for (let grew = true; grew;) {
    grew = false;
    for (const s of pending) {
      if (!needed.has(s.target)) continue;
      for (const n of varsOf(s.expr)) {
        if (!needed.has(n)) {
          needed.add(n);
          grew = true;
        }
      }
    }
  }
  const keep = (stmts: readonly Stmt[]): Stmt[] =>
    stmts.flatMap((s): Stmt[] => {
      return removable(s) && !needed.has(s.target) ? [] : [mapNested(s, keep)];
    });
  return keep(body);
}

type Live = Set<string>;

class DeadAdjoints {
  private readonly memo = new Memo<{ stmts: Stmt[]; live: Live }>();

  constructor(private readonly adjoints: ReadonlySet<string>) {}

  /** The statements without adjoint assignments nothing reads, and the variables live before them given `live` after them. */
  block(stmts: readonly Stmt[], live: Live): { stmts: Stmt[]; live: Live } {
    const out: Stmt[] = [];
    let current = live;
    for (let k = stmts.length - 1; k >= 0; k--) {
      const r = this.statement(stmts[k], current);
      out.unshift(...r.stmts);
      current = r.live;
    }
    return { stmts: out, live: current };
  }

  private statement(s: Stmt, live: Live): { stmts: Stmt[]; live: Live } {
    switch (s.kind) {
      case "if": {
        const then = this.block(s.then, live);
        const otherwise = this.block(s.else, live);
        const joined = new Set([...then.live, ...otherwise.live]);
        varsOf(s.test, joined);
        return { stmts: [{ ...s, then: then.stmts, else: otherwise.stmts }], live: joined };
      }
      case "loop":
      case "repeat":
        return this.memo.get(s, live, "", () => this.loop(s, live));
      default: {
        if (s.kind === "assign" && this.adjoints.has(s.target) && isPure(s.expr) && !live.has(s.target))
          return { stmts: [], live };
        // A store writes one element: the array stays live. A (tuple) assignment kills its targets.
        const before = new Set(live);
        if (s.kind !== "store") writesOfStatement(s).forEach((n) => before.delete(n));
        readsOfStatement(s).forEach((n) => before.add(n));
        return { stmts: [s], live: before };
      }
    }
  }

  /** Live at the loop head: live after the loop or at the start of another iteration (a fixpoint, growing). */
  private loop(s: LoopStmt | RepeatStmt, exit: Live): { stmts: Stmt[]; live: Live } {
    const iteration = (head: Live) => {
      if (s.kind === "repeat") {
        const body = this.block(s.body, head);
        const atHead = new Set([...exit, ...body.live]);
        return { stmt: { ...s, body: body.stmts } as Stmt, atHead };
      }
      const body = this.block([...s.body, ...s.update], head);
      const atTest = new Set([...exit, ...body.live]);
      varsOf(s.test, atTest);
      const pre = this.block(s.pre, atTest);
      return { stmt: { ...s, pre: pre.stmts, body: body.stmts, update: [] } as Stmt, atHead: pre.live };
    };
    let head = new Set(exit);
    for (;;) {
      const { atHead } = iteration(head);
      if ([...atHead].every((n) => head.has(n))) break;
      head = new Set([...head, ...atHead]);
    }
    const { stmt } = iteration(head);
    const before = new Set(head);
    if (s.kind === "repeat") varsOf(s.count, before);
    return { stmts: [stmt], live: before };
  }
}

const isZero = (e: Expr): boolean => e.kind === "num" && e.value === 0;

/**
 * No effect but its value: a tape pop or a runtime helper call must stay even when its result is unused, and so must
 * `Math.random()`, whose every call moves the sequence the later ones draw from.
 */
const isPure = (e: Expr, pureCallees: ReadonlySet<string> = new Set()): boolean =>
  (e.kind !== "call" || (isPrimitiveCall(e.callee) && e.callee !== "Math.random") || pureCallees.has(e.callee)) &&
  childrenOf(e).every((child) => isPure(child, pureCallees));

function hasJumps(stmts: readonly Stmt[]): boolean {
  return stmts.some((s) => {
    switch (s.kind) {
      case "break":
      case "continue":
        return true;
      case "if":
        return hasJumps(s.then) || hasJumps(s.else);
      case "loop":
        return hasJumps(s.pre) || hasJumps(s.body) || hasJumps(s.update);
      case "repeat":
        return hasJumps(s.body);
      default:
        return false;
    }
  });
}
