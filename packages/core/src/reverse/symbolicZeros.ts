/**
 * Symbolic zeros, as JAX keeps them: an adjoint that nothing has added to is zero, and so is every contribution it
 * makes, even through a partial derivative that is infinite or NaN there. The reverse sweep multiplies regardless:
 *
 *   const r = Math.sqrt(x);  if (x > 0) return r;  return 0;
 *
 * at x = 0 leaves r_bar at 0 (the branch that reads r was not taken), and 'x_bar += 0.5 / r * r_bar' is ∞·0 = NaN,
 * where forward mode (and JAX) give 0. This pass follows, forward over the generated body, which adjoint scalars may
 * still hold a zero nothing added to (hoisted at 0, reset after use, or given only such zeros), and guards each
 * product of one of them with a value that is not a constant:
 *
 *   x_bar += r_bar === 0 ? 0 : 0.5 / r * r_bar
 *
 * A callee's reverse sweep given such zeros only has its results guarded the same way; a replayed callee's adjoint
 * (reverse/replay.ts) is not called, so it adds no ∞·0 into its array arguments' adjoints either.
 *
 * A guard changes a result only where the adjoint is exactly 0 and the partial is not finite, so over-approximating
 * costs a branch, never a wrong value. Where every path adds to an adjoint before it is used, as in straight-line code
 * and loops that always accumulate, nothing is guarded. Array adjoints' elements are not followed.
 */
import { binary, cond, num, v, type Expr, type VarExpr } from "../ir/expr";
import type { LoopStmt, RepeatStmt, Stmt } from "../ir/stmt";

type Zeros = ReadonlySet<string>;

/** The adjoint scalars in `adjoints` that may hold an untouched zero; `zeroOnEntry` start so. */
export function guardUntouchedAdjoints(
  body: readonly Stmt[],
  adjoints: ReadonlySet<string>,
  zeroOnEntry: ReadonlySet<string>,
): Stmt[] {
  return flow(body, zeroOnEntry, { adjoints, heads: new Map(), rewrite: true }).stmts;
}

const union = (a: Iterable<string>, b: Iterable<string>): Set<string> => new Set([...a, ...b]);

/** Whether `e` is zero wherever the maybe-untouched adjoints in `zeros` are (its other operands finite). */
function zeroish(e: Expr, zeros: Zeros): boolean {
  switch (e.kind) {
    case "num":
      return e.value === 0;
    case "var":
      return zeros.has(e.name);
    case "unary":
      return e.op === "-" && zeroish(e.arg, zeros);
    case "binary":
      if (e.op === "+" || e.op === "-") return zeroish(e.left, zeros) && zeroish(e.right, zeros);
      if (e.op === "*") return zeroish(e.left, zeros) || zeroish(e.right, zeros);
      if (e.op === "/") return zeroish(e.left, zeros);
      return false;
    case "cond":
      return zeroish(e.whenTrue, zeros) && zeroish(e.whenFalse, zeros);
    default:
      return false;
  }
}

/** `e` with each product (or quotient) of a maybe-untouched adjoint and a non-constant guarded by the adjoint. */
function guard(e: Expr, zeros: Zeros): Expr {
  switch (e.kind) {
    case "unary":
      return { ...e, arg: guard(e.arg, zeros) };
    case "cond":
      return { ...e, whenTrue: guard(e.whenTrue, zeros), whenFalse: guard(e.whenFalse, zeros) };
    case "binary": {
      const node = { ...e, left: guard(e.left, zeros), right: guard(e.right, zeros) };
      const untouched = (side: Expr) => (side.kind === "var" && zeros.has(side.name) ? side.name : undefined);
      const adjoint =
        e.op === "*" ? (untouched(e.left) ?? untouched(e.right)) : e.op === "/" ? untouched(e.left) : undefined;
      const other = adjoint === undefined ? undefined : untouched(e.left) === adjoint ? e.right : e.left;
      if (adjoint === undefined || !other || finite(other)) return node;
      return cond(binary("===", v(adjoint), num(0)), num(0), node);
    }
    default:
      return e;
  }
}

/** The arguments of a callee's reverse sweep that are adjoint scalars (its seeds). */
const adjointArgs = (args: readonly Expr[], adjoints: ReadonlySet<string>): VarExpr[] =>
  args.flatMap((a) => (a.kind === "var" && adjoints.has(a.name) ? [a] : []));

/** Whether there are seeds and each may hold an untouched zero. */
const allUntouched = (seeds: readonly VarExpr[], zeros: Zeros): boolean =>
  seeds.length > 0 && seeds.every((a) => zeros.has(a.name));

/** `a !== 0 || b !== 0 …` */
const anyNonzero = (seeds: readonly Expr[]): Expr =>
  seeds.map((a) => binary("!==", a, num(0))).reduce((l, r) => binary("||", l, r));

/** A constant, or a choice between constants (`top > y ? 1 : 0`, the partial of Math.max): never ∞ or NaN. */
const finite = (e: Expr): boolean =>
  (e.kind === "num" && Number.isFinite(e.value)) ||
  (e.kind === "unary" && e.op === "-" && finite(e.arg)) ||
  (e.kind === "cond" && finite(e.whenTrue) && finite(e.whenFalse));

interface Flowed {
  readonly stmts: Stmt[];
  readonly out: Set<string>;
}

/** One walk: the adjoints followed, each loop's head so far, and whether to write the guards. */
interface Pass {
  readonly adjoints: ReadonlySet<string>;
  readonly heads: Map<Stmt, Set<string>>;
  readonly rewrite: boolean;
}

/** One pass through a loop from `head`: the loop (guarded when rewriting) and the state at its exit. */
function loopPass(s: LoopStmt | RepeatStmt, head: Zeros, pass: Pass): { stmt: Stmt; exit: Set<string> } {
  const jumps: Set<string>[] = [];
  if (s.kind === "repeat") {
    const body = flow(s.body, head, pass, jumps);
    return { stmt: { ...s, body: body.stmts }, exit: jumps.reduce(union, union(head, body.out)) };
  }
  const pre = flow(s.pre, head, pass, jumps);
  const body = flow(s.body, pre.out, pass, jumps);
  const update = flow(s.update, body.out, pass, jumps);
  const stmt: Stmt = { ...s, pre: pre.stmts, body: body.stmts, update: update.stmts };
  return { stmt, exit: jumps.reduce(union, union(union(head, pre.out), update.out)) };
}

/**
 * The statements (guarded when the pass rewrites) and the adjoints that may be untouched after them. A break or
 * continue hands its state to the loop around it, which adds it to its exit.
 */
function flow(stmts: readonly Stmt[], entry: Zeros, pass: Pass, jumps: Set<string>[] = []): Flowed {
  const { adjoints, rewrite } = pass;
  let zeros = new Set(entry);
  const out: Stmt[] = [];
  for (const s of stmts) {
    switch (s.kind) {
      case "assign": {
        out.push(rewrite ? { ...s, expr: guard(s.expr, zeros) } : s);
        if (adjoints.has(s.target)) {
          if (zeroish(s.expr, zeros)) zeros.add(s.target);
          else zeros.delete(s.target);
        }
        break;
      }
      case "store":
        out.push(rewrite ? { ...s, value: guard(s.value, zeros) } : s);
        break;
      case "callAssign": {
        // A callee's reverse sweep given adjoint scalars only ('[h_x_bar] = h_vjp_bwd(r_bar)') is linear in them:
        // when each is an untouched zero, so are its results, whatever its partials (it still runs: it pops what
        // its forward sweep recorded). A replayed callee's adjoint is linear in the arguments after its primal ones,
        // and records only for itself: it is not called at all, and adds nothing into arrays either.
        const args = s.call.kind === "call" ? s.call.args.slice(s.primalArgs ?? 0) : [];
        const seeds = adjointArgs(args, adjoints);
        const linear = s.primalArgs !== undefined || seeds.length === args.length;
        const untouched = linear && allUntouched(seeds, zeros);
        if (untouched && rewrite && s.primalArgs !== undefined) {
          const zeroed = s.targets.map((t): Stmt => ({ kind: "assign", target: t, expr: num(0), origin: s.origin }));
          out.push({ kind: "if", test: anyNonzero(seeds), then: [s], else: zeroed, origin: s.origin });
        } else {
          out.push(s);
          if (untouched && rewrite) {
            const allZero = seeds.map((a) => binary("===", a, num(0))).reduce((l, r) => binary("&&", l, r));
            for (const t of s.targets) {
              out.push({ kind: "assign", target: t, expr: cond(allZero, num(0), v(t)), origin: s.origin });
            }
          }
        }
        s.targets.forEach((t) => (untouched && adjoints.has(t) ? zeros.add(t) : zeros.delete(t)));
        break;
      }
      case "effect": {
        // A replayed callee's adjoint that only adds into arrays: not called when its seeds are untouched zeros.
        const args = s.expr.kind === "call" && s.primalArgs !== undefined ? s.expr.args.slice(s.primalArgs) : [];
        const seeds = adjointArgs(args, adjoints);
        const untouched = allUntouched(seeds, zeros);
        out.push(
          untouched && rewrite ? { kind: "if", test: anyNonzero(seeds), then: [s], else: [], origin: s.origin } : s,
        );
        break;
      }
      case "if": {
        const then = flow(s.then, zeros, pass, jumps);
        const otherwise = flow(s.else, zeros, pass, jumps);
        out.push({ ...s, then: then.stmts, else: otherwise.stmts });
        zeros = union(then.out, otherwise.out);
        break;
      }
      case "loop":
      case "repeat": {
        // The head's state: the entry's, joined with what each pass leaves and jumps hand back, to a fixpoint.
        // A loop keeps its head between visits (heads only grow), so an inner loop met again converges at once
        // and nested loops cost passes in proportion to their depth, not exponential in it.
        // Only the walk that writes the guards passes once more, with the head found.
        let head = union(pass.heads.get(s) ?? [], zeros);
        let exit: Set<string>;
        for (;;) {
          exit = loopPass(s, head, { ...pass, rewrite: false }).exit;
          const next = union(head, exit);
          if (next.size === head.size) break;
          head = next;
        }
        pass.heads.set(s, head);
        out.push(rewrite ? loopPass(s, head, pass).stmt : s);
        zeros = exit;
        break;
      }
      case "break":
      case "continue":
        jumps.push(new Set(zeros));
        out.push(s);
        break;
      default:
        out.push(s);
        break;
    }
  }
  return { stmts: out, out: zeros };
}
