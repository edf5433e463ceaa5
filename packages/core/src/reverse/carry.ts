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
 * with zeros, the elements it loads are still zero: `A_bar[i]` becomes `0` and `A_bar[i_plus_1] + t1` becomes `t1`.
 * Keeping `0 + t1` would only keep the sign of a zero, which an adjoint does not care about (see increments.ts), and
 * costs an addition per iteration (10% of Rosenbrock's gradient at n = 1e3).
 *
 * When, besides, that zero state comes from a fill (gradInto's `x_bar.fill(0)`, of an array as long as `x`), the
 * counter starts at 0 and the loop runs while `i < x.length - 1`, the loop's stores and the one after it write every
 * element: the fill is dropped (for a large `x`, a pass over as much memory as the loop's own stores).
 *
 * Every element still receives the same additions in the same order, so the result is bitwise the same but for the
 * sign of a zero. Conditions:
 * an innermost loop without jumps; its counter's only assignment is `i += 1`, the body's last statement;
 * `i_plus_1 = i + 1` is assigned once, before the second increment; the loop touches the array only through the two
 * increments, the one at `i` first; and the array is an adjoint nothing else can alias (see Promotion.arrays).
 */
import { binary, index, isOne, num, substitute, v, varsOf, type CallExpr, type Expr } from "../ir/expr";
import {
  assignmentCounts,
  callsThrough,
  forEachStmt,
  mapNested,
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
  // Arrays whose elements are all zero here, with the statement that zeroed them: allocated or filled with 0, and
  // not mentioned (nor a method of theirs called) since.
  const zero = new Map<string, Stmt>();
  const reassigned = assignmentCounts(body);
  const redundantFills = new Set<Stmt>();
  // The array an adjoint is as long as, if that array is never reassigned (so its length holds in every loop).
  const lengthSource = (array: string) => {
    const source = promotion.lengthOf?.get(array);
    return source && !reassigned.has(source) ? source : undefined;
  };
  // Values of variables assigned once in the whole body, by a statement of the body itself, as far as it has gone.
  const definitions = new Map<string, Expr>();
  const carried = body.flatMap((s, k) => {
    const startsAtZero = (counter: string) => lastAssignmentIsZero(body.slice(0, k), counter);
    const { stmts, overwritten } = carryIn(s, promotion, { zero, startsAtZero, lengthSource, definitions });
    if (s.kind === "assign" && reassigned.get(s.target) === 1) {
      definitions.set(
        s.target,
        substitute(s.expr, (n) => definitions.get(n)),
      );
    }
    for (const array of overwritten) {
      const zeroed = zero.get(array);
      if (zeroed && isZeroFill(zeroed)) redundantFills.add(zeroed);
    }
    if (s.kind === "assign" && s.expr.kind === "alloc") zero.set(s.target, s);
    else if (isZeroFill(s)) zero.set(s.expr.callee.slice(0, -".fill".length), s);
    else {
      const used = namesUsed([s]);
      for (const name of zero.keys()) if (used.has(name) || callsThrough([s], name)) zero.delete(name);
    }
    return stmts;
  });
  return carried.filter((s) => !redundantFills.has(s));
}

/** Whether the last statement of `before` to assign `counter` is `counter = 0` (and is not nested in a branch). */
function lastAssignmentIsZero(before: readonly Stmt[], counter: string): boolean {
  const last = [...before].reverse().find((s) => assignmentCounts([s]).has(counter));
  return (
    last?.kind === "assign" && last.target === counter && last.expr.kind === "num" && Object.is(last.expr.value, 0)
  );
}

function isZeroFill(s: Stmt): s is EffectStmt & { expr: CallExpr } {
  if (s.kind !== "effect" || s.expr.kind !== "call" || !s.expr.callee.endsWith(".fill")) return false;
  const [value] = s.expr.args;
  return s.expr.args.length === 1 && value.kind === "num" && Object.is(value.value, 0);
}

interface Carried {
  readonly stmts: Stmt[];
  /** Arrays, all zero before, whose every element the statements store (given their length, see coversEvery). */
  readonly overwritten: readonly string[];
}

/** What is known where a top-level statement starts; nothing is known inside branches and outer loops. */
interface Entry {
  /** Arrays all zero here, with the statement that zeroed them. */
  readonly zero: ReadonlyMap<string, Stmt>;
  readonly startsAtZero: (counter: string) => boolean;
  readonly lengthSource: (array: string) => string | undefined;
  /** Variables whose value here is the expression that the body's only assignment of each gave them. */
  readonly definitions: ReadonlyMap<string, Expr>;
}
const UNKNOWN: Entry = {
  zero: new Map(),
  startsAtZero: () => false,
  lengthSource: () => undefined,
  definitions: new Map(),
};

function carryIn(s: Stmt, promotion: Promotion, entry: Entry): Carried {
  const inner = (stmts: readonly Stmt[]) => stmts.flatMap((x) => carryIn(x, promotion, UNKNOWN).stmts);
  if (s.kind === "loop" && isSimple(s)) return carryLoop(s, promotion, entry);
  return { stmts: [mapNested(s, inner)], overwritten: [] };
}

/** Straight-line pre and body, nothing in `update`: one pass through the body is one iteration. */
const isSimple = (s: LoopStmt): boolean =>
  s.update.length === 0 &&
  [...s.pre, ...s.body].every((x) => x.kind === "assign" || x.kind === "store" || x.kind === "effect");

function carryLoop(loop: LoopStmt, promotion: Promotion, entry: Entry): Carried {
  const { zero, startsAtZero, lengthSource } = entry;
  const unchanged = { stmts: [loop], overwritten: [] };
  const last = loop.body[loop.body.length - 1];
  const step = last?.kind === "assign" ? selfUpdate(last) : undefined;
  if (last?.kind !== "assign" || step?.op !== "+" || !isOne(step.step)) return unchanged;
  const counter = last.target;
  const stmts = [...loop.pre, ...loop.body];
  const assigned = assignmentCounts(stmts);
  if (assigned.get(counter) !== 1) return unchanged;
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
  const overwritten: string[] = [];
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
    const startsZero = zero.has(array);
    // The element's value plus `e`; an element still zero is left out.
    const added = (at: string, e: Expr): Expr => (startsZero ? e : binary("+", index(array, v(at)), e));
    const source = lengthSource(array);
    if (startsZero && source && startsAtZero(counter) && coversEvery(loop, counter, source, entry.definitions)) {
      overwritten.push(array);
    }
    rewrites.set(first, [{ ...first, value: binary("+", v(carry), incrementOf(first) as Expr) }]);
    rewrites.set(second, [{ kind: "assign", target: carry, expr: added(nextAt, incrementOf(second) as Expr), origin }]);
    const initial = startsZero ? num(0) : index(array, v(counter));
    loads.push({ kind: "assign", target: carry, expr: initial, origin: loop.origin });
    stores.push({ kind: "store", array, index: v(counter), value: v(carry), origin });
  }
  if (loads.length === 0) return unchanged;
  const body = loop.body.flatMap((s) => (s.kind === "store" ? (rewrites.get(s) ?? [s]) : [s]));
  return { stmts: [...loads, { ...loop, body }, ...stores], overwritten };
}

/**
 * Whether a carried loop entered with its counter at 0 stores every element of an array as long as `source`: it
 * stores at each value of the counter it runs with and, after it, at the value it exits with, which is at least
 * `source.length - 1` when the loop runs while `counter < source.length - 1`. The bound is read through the
 * assignments before the loop and in its `pre` (`x_length = x.length; x_length_minus_1 = x_length - 1`).
 */
function coversEvery(loop: LoopStmt, counter: string, source: string, definitions: ReadonlyMap<string, Expr>): boolean {
  const { test } = loop;
  if (loop.doWhile || test.kind !== "binary" || test.op !== "<") return false;
  if (test.left.kind !== "var" || test.left.name !== counter) return false;
  const once = assignmentCounts([...loop.pre, ...loop.body]);
  const known = new Map(definitions);
  for (const s of loop.pre) {
    if (s.kind === "assign" && once.get(s.target) === 1)
      known.set(
        s.target,
        substitute(s.expr, (n) => known.get(n)),
      );
  }
  const bound = substitute(test.right, (n) => known.get(n));
  const isLength = (e: Expr) => e.kind === "length" && e.array === source && !e.outer;
  return bound.kind === "binary" && bound.op === "-" && isLength(bound.left) && isOne(bound.right);
}

/** `counter + 1` or `1 + counter`. */
function isSuccessor(e: Expr, counter: string): boolean {
  if (e.kind !== "binary" || e.op !== "+") return false;
  const isCounter = (x: Expr) => x.kind === "var" && x.name === counter;
  return (isCounter(e.left) && isOne(e.right)) || (isOne(e.left) && isCounter(e.right));
}
