/**
 * The stacks' depths and backing arrays in locals (the tape's, and the control stack's with its branch decisions and
 * trip counts). `tape.push(v)` is a call (V8 stops inlining calls in a large generated function) that loads the
 * depth and the array from the stack object, checks the capacity and stores the depth back, for every value; each
 * push also waits for the previous one's store of the depth. That was 2 ns a push, a third of the GMM gradient's
 * forward sweep at d = 2, and half the gradient of a loop with a branch (`if (z < 0) z = 0.01 * z`). In locals the
 * depth stays in a register:
 *
 *   tape_top = tape.top; tape_data = tape.data;
 *   for (…) {
 *     tape_data = tape_top + 2 <= tape_data.length ? tape_data : tape.reserve(tape_top, 2);
 *     …; tape_data[tape_top++] = a; …; tape_data[tape_top++] = b; …
 *   }
 *   …; a = tape_data[--tape_top]; …
 *   tape.setTop(tape_top); return …;
 *
 * Capacity is reserved once per straight-line stretch, for the most pushes one pass through it makes (an `if`'s
 * branch with more of them), before its first statement; a stretch with a path that pushes nothing (`if
 * (!exactSizes) push`) reserves inside its branches instead, so that a branch not taken tests nothing. A loop or a
 * call ends a stretch. A counted loop whose pushes per iteration are known reserves for all of them before it runs
 * (reverse/loopPushes.ts), the count in a local named after the loop ('tape_for_loop1'); another loop's pre, body
 * and update are stretches of their own.
 * Around a call that may use the stack (a derivative recording on the same tape, a user function that takes a
 * gradient) the depth is handed back before it, and it and the array (which the callee may have grown) are read
 * after it. A body that pushes in a test, mixes a push or pop with such a call in one statement, or returns before
 * its last statement, keeps the calls.
 */
import { binary, call, callsWhere, cond, global, length, num, v, type Expr } from "../ir/expr";
import type { LocalStack } from "../ir/generated";
import { expressionsOf, forEachStmt, type Stmt, type VarType } from "../ir/stmt";
import { loopPushBound } from "./loopPushes";

export interface StackUse {
  readonly stack: LocalStack;
  /** Whether a call may push to or pop from the stack itself (Math functions and the runtime's helpers do not). */
  readonly mayUseStack: (callee: string) => boolean;
  /** Variables that only ever hold integers: counted loops' counters among them (reverse/loopPushes.ts). */
  readonly integers: ReadonlySet<string>;
  /** The generated function's variables' types. */
  readonly typeOf: (name: string) => VarType | undefined;
  /** A fresh number local named after `base`: a loop's count of pushes, computed once before it. */
  readonly newLocal: (base: string) => string;
}

/** The body with the stack in locals, or undefined when it does not use the stack or cannot keep it in locals. */
export function keepStackInLocals(body: readonly Stmt[], use: StackUse): Stmt[] | undefined {
  const { alias, top, data } = use.stack;
  const push = `${alias}.push`;
  const pop = `${alias}.pop`;
  const own = (s: Stmt, test: (callee: string) => boolean) => expressionsOf(s).some((e) => callsWhere(e, test));
  const isStackCall = (callee: string) => callee === push || callee === pop;
  const isCall = (s: Stmt) => own(s, use.mayUseStack);

  const last = body[body.length - 1];
  let used = false;
  let keeps = true;
  forEachStmt(body, (s) => {
    const compound = s.kind === "if" || s.kind === "loop" || s.kind === "repeat";
    if (own(s, isStackCall)) used = true;
    if ((compound && (own(s, (c) => c === push) || isCall(s))) || (own(s, isStackCall) && isCall(s))) keeps = false;
    // The depth is handed back right before the final return, so only that return may end the body, and it must not
    // push or pop itself; a call in it runs after the hand-back and may use the stack.
    if (s.kind === "return" && (s !== last || own(s, isStackCall))) keeps = false;
  });
  if (!used || !keeps) return undefined;

  const read = (): Stmt[] => [
    { kind: "assign", target: top, expr: global(`${alias}.top`) },
    { kind: "assign", target: data, expr: global(`${alias}.data`) },
  ];
  // The capacity test is written out: in a large generated function V8 no longer inlines calls, and a call here costs
  // as much as the pushes it covers. `reserve` runs only when the tape must grow.
  const reserve = (count: Expr): Stmt => ({
    kind: "assign",
    target: data,
    expr: cond(
      binary("<=", binary("+", v(top), count), length(data)),
      v(data),
      call(`${alias}.reserve`, [v(top), count]),
    ),
  });
  const handBack: Stmt = { kind: "effect", expr: call(`${alias}.setTop`, [v(top)]) };
  const hasLoopOrCall = (s: Stmt): boolean => {
    let found = false;
    forEachStmt([s], (x) => {
      if (x.kind === "loop" || x.kind === "repeat" || isCall(x)) found = true;
    });
    return found;
  };
  // The pushes one pass through a stretch makes, `pick` choosing between an `if`'s branches: Math.max for the most
  // (what to reserve), Math.min for the fewest (0 when some path pushes nothing).
  const isPush = (x: Stmt) => x.kind === "effect" && x.expr.kind === "call" && x.expr.callee === push;
  const pushesIn = (stmts: readonly Stmt[], pick: (a: number, b: number) => number = Math.max): number =>
    stmts.reduce(
      (count, x) =>
        count + (x.kind === "if" ? pick(pushesIn(x.then, pick), pushesIn(x.else, pick)) : isPush(x) ? 1 : 0),
      0,
    );
  const counting = { isPush, isCall, integers: use.integers, typeOf: use.typeOf };

  // A loop's count, unless a literal, goes into a local named after the loop ('tape_for_loop1'), read twice.
  const reserveForLoop = (pushes: Expr, label: string, origin: Stmt["origin"]): Stmt[] => {
    if (pushes.kind === "num") return pushes.value === 0 ? [] : [reserve(pushes)];
    const count = use.newLocal(`${alias}_for_${label}`);
    return [{ kind: "assign", target: count, expr: pushes, origin }, reserve(v(count))];
  };

  const reserveIn = (stmts: readonly Stmt[]): Stmt[] => {
    const out: Stmt[] = [];
    let stretch: Stmt[] = [];
    const endStretch = () => {
      if (pushesIn(stretch, Math.min) > 0) {
        out.push(reserve(num(pushesIn(stretch))), ...stretch);
      } else {
        out.push(
          ...stretch.map((x) => (x.kind === "if" ? { ...x, then: reserveIn(x.then), else: reserveIn(x.else) } : x)),
        );
      }
      stretch = [];
    };
    for (const s of stmts) {
      if (!hasLoopOrCall(s)) {
        stretch.push(s);
        continue;
      }
      endStretch();
      switch (s.kind) {
        case "if":
          out.push({ ...s, then: reserveIn(s.then), else: reserveIn(s.else) });
          break;
        case "loop": {
          const pushes = loopPushBound(s, counting);
          if (pushes) out.push(...reserveForLoop(pushes, s.label, s.origin), s);
          else out.push({ ...s, pre: reserveIn(s.pre), body: reserveIn(s.body), update: reserveIn(s.update) });
          break;
        }
        case "repeat":
          out.push({ ...s, body: reserveIn(s.body) });
          break;
        default:
          out.push(handBack, s, ...read());
      }
    }
    endStretch();
    return out;
  };

  const returns = last?.kind === "return" ? [handBack, last] : [handBack];
  return [...read(), ...reserveIn(last?.kind === "return" ? body.slice(0, -1) : body), ...returns];
}
