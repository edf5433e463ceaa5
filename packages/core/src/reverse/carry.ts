/**
 * Stencil carries. In a loop counting up by one that adds into `A_bar[i]` and then into `A_bar[i + 1]` (the fused
 * reverse of Rosenbrock's `x[i + 1] - x[i] * x[i]`), the element one iteration adds into last is the element the
 * next iteration adds into first. Each iteration's first load waits for the previous iteration's store: a chain
 * through memory V8 does not break. The value is carried in a local instead (scalar replacement), and stored once,
 * by the next iteration (or after the loop, for the last element):
 *
 *   for (…) { …; A_bar[i] += t0; …; A_bar[i_plus_1] += t1; i += 1 }
 *   → A_bar_carry = A_bar[i]; for (…) { …; A_bar[i] = A_bar_carry + t0; …;
 *       A_bar_carry = A_bar[i_plus_1] + t1; i += 1 } A_bar[i] = A_bar_carry;
 *
 * When the loop is the first statement of the function's body to touch the array since it was allocated or filled
 * with zeros, the elements it loads are still zero: `A_bar[i]` becomes `0` and `A_bar[i_plus_1] + t1` becomes
 * `0 + t1` (which keeps the sign of a zero, as the load did).
 *
 * Every element still receives the same additions in the same order, so the result is bitwise the same. Conditions:
 * an innermost loop without jumps; its counter's only assignment is `i += 1`, the body's last statement;
 * `i_plus_1 = i + 1` is assigned once, before the second increment; the loop touches the array only through the two
 * increments, the one at `i` first; and the array is an adjoint nothing else can alias (see Promotion.arrays).
 */
import { binary, index, num, v, varsOf, type CallExpr, type Expr } from "../ir/expr";
import {
  assignmentCounts,
  callsThrough,
  forEachStmt,
  namesUsed,
  readsOfStatement,
  type EffectStmt,
  type LoopStmt,
  type Stmt,
  type StoreStmt,
} from "../ir/stmt";
import { selfUpdate } from "../analysis/invert";
import { incrementOf, type Promotion } from "./promote";

export function carryStencils(body: readonly Stmt[], promotion: Promotion): Stmt[] {
  // Arrays whose elements are all zero here: allocated or filled with 0, and not mentioned (nor a method of theirs
  // called) since.
  const zero = new Set<string>();
  return body.flatMap((s) => {
    const carried = carryIn(s, promotion, zero);
    if (s.kind === "assign" && s.expr.kind === "alloc") zero.add(s.target);
    else if (isZeroFill(s)) zero.add(s.expr.callee.slice(0, -".fill".length));
    else {
      const used = namesUsed([s]);
      for (const name of zero) if (used.has(name) || callsThrough([s], name)) zero.delete(name);
    }
    return carried;
  });
}

function isZeroFill(s: Stmt): s is EffectStmt & { expr: CallExpr } {
  if (s.kind !== "effect" || s.expr.kind !== "call" || !s.expr.callee.endsWith(".fill")) return false;
  const [value] = s.expr.args;
  return s.expr.args.length === 1 && value.kind === "num" && Object.is(value.value, 0);
}

function carryIn(s: Stmt, promotion: Promotion, zero: ReadonlySet<string>): Stmt[] {
  const inner = (stmts: readonly Stmt[]) => stmts.flatMap((x) => carryIn(x, promotion, new Set()));
  switch (s.kind) {
    case "if":
      return [{ ...s, then: inner(s.then), else: inner(s.else) }];
    case "repeat":
      return [{ ...s, body: inner(s.body) }];
    case "loop":
      return isSimple(s) ? carryLoop(s, promotion, zero) : [{ ...s, pre: inner(s.pre), body: inner(s.body) }];
    default:
      return [s];
  }
}

/** Straight-line pre and body, nothing in `update`: one pass through the body is one iteration. */
const isSimple = (s: LoopStmt): boolean =>
  s.update.length === 0 &&
  [...s.pre, ...s.body].every((x) => x.kind === "assign" || x.kind === "store" || x.kind === "effect");

function carryLoop(loop: LoopStmt, promotion: Promotion, zero: ReadonlySet<string>): Stmt[] {
  const last = loop.body[loop.body.length - 1];
  const step = last?.kind === "assign" ? selfUpdate(last) : undefined;
  if (last?.kind !== "assign" || step?.op !== "+" || !isOne(step.step)) return [loop];
  const counter = last.target;
  const stmts = [...loop.pre, ...loop.body];
  const assigned = assignmentCounts(stmts);
  if (assigned.get(counter) !== 1) return [loop];
  // 'next = counter + 1', assigned once in the body.
  const nexts = new Set(
    loop.body.flatMap((s) =>
      s.kind === "assign" && assigned.get(s.target) === 1 && isSuccessor(s.expr, counter) ? [s.target] : [],
    ),
  );

  const mentions = new Map<string, number>();
  const mention = (name: string) => mentions.set(name, (mentions.get(name) ?? 0) + 1);
  forEachStmt(stmts, (s) => {
    if (s.kind === "store") mention(s.array);
    readsOfStatement(s).forEach(mention);
  });
  varsOf(loop.test).forEach(mention);
  const rewrites = new Map<StoreStmt, Stmt[]>();
  const loads: Stmt[] = [];
  const stores: Stmt[] = [];
  for (const array of promotion.arrays) {
    const increments = loop.body.filter((s): s is StoreStmt => s.kind === "store" && s.array === array);
    // Each increment mentions its array twice (target and element read); nothing else may.
    if (increments.length !== 2 || mentions.get(array) !== 4 || !increments.every((s) => incrementOf(s))) continue;
    const [first, second] = increments;
    const at = (s: StoreStmt) => (s.index.kind === "var" ? s.index.name : "");
    const nextAt = at(second);
    if (at(first) !== counter || !nexts.has(nextAt)) continue;
    const defined = loop.body.findIndex((s) => s.kind === "assign" && s.target === nextAt);
    if (defined > loop.body.indexOf(second)) continue;
    const carry = promotion.newLocal(`${array}_carry`);
    const origin = first.origin;
    const element = (at: string): Expr => (zero.has(array) ? num(0) : index(array, v(at)));
    rewrites.set(first, [{ ...first, value: binary("+", v(carry), incrementOf(first) as Expr) }]);
    rewrites.set(second, [
      { kind: "assign", target: carry, expr: binary("+", element(nextAt), incrementOf(second) as Expr), origin },
    ]);
    loads.push({ kind: "assign", target: carry, expr: element(counter), origin: loop.origin });
    stores.push({ kind: "store", array, index: v(counter), value: v(carry), origin });
  }
  if (loads.length === 0) return [loop];
  const body = loop.body.flatMap((s) => (s.kind === "store" ? (rewrites.get(s) ?? [s]) : [s]));
  return [...loads, { ...loop, body }, ...stores];
}

const isOne = (e: Expr): boolean => e.kind === "num" && e.value === 1;

/** `counter + 1` or `1 + counter`. */
function isSuccessor(e: Expr, counter: string): boolean {
  if (e.kind !== "binary" || e.op !== "+") return false;
  const isCounter = (x: Expr) => x.kind === "var" && x.name === counter;
  return (isCounter(e.left) && isOne(e.right)) || (isOne(e.left) && isCounter(e.right));
}
