/**
 * Stencil reads handed on from one iteration to the next (predictive commoning). A loop counting up by one that
 * reads `x[i + 1]` and `x[i]` loads every element twice: as `x[i + 1]` in one iteration and as `x[i]` in the next.
 * V8 keeps both loads, because the loop stores into other arrays and it cannot tell that none of them is `x`. The
 * compiler can, under the conditions hoist.ts states, so the later load reuses the earlier one through a local:
 *
 *   while (i < n) { i_plus_1 = i + 1; x_i_plus_1 = x[i_plus_1]; x_i = x[i]; …; i += 1; }
 *   → if (i < n) { x_i_carried = x[i]; }
 *     while (i < n) { i_plus_1 = i + 1; x_i_plus_1 = x[i_plus_1]; x_i = x_i_carried; …;
 *       x_i_carried = x_i_plus_1; i += 1; }
 *
 * The first iteration's value is read before the loop, under the loop's own test (a loop that does not run must not
 * read out of bounds). Any offsets work: `x[i - 1]`, `x[i]` and `x[i + 1]` make two carries. The same elements are
 * read, so results are bitwise the same. Rosenbrock's gradient loop, timed on its own: 10% faster (with
 * simplify/negations.ts, `npm run bench` went from 1.43–1.46 primals to 1.31–1.37 at n ≥ 1e4).
 *
 * A read is carried when the loop is straight-line with no `pre` and a call-free test, its counter's only
 * assignment is `i += 1` as the last statement it runs, the read is a top-level statement of the body indexing the
 * array at the counter or at a local assigned `i ± k` once, earlier in the body, the read of the next offset is there
 * too, both targets are assigned nowhere else in the loop, and nothing in the loop can change the array (hoist.ts).
 */
import { binary, index, isOne, num, v, varsOf, type Expr } from "../ir/expr";
import {
  expressionsOf,
  forEachStmt,
  mapNested,
  writesOfStatement,
  type AssignStmt,
  type LoopStmt,
  type Stmt,
} from "../ir/stmt";
import { selfUpdate } from "../analysis/invert";
import { guarded, hasCall, isStraightLine, type Hoisting } from "./hoist";

export function carryReads(body: readonly Stmt[], hoisting: Hoisting): Stmt[] {
  // Index locals (`i_minus_1 = i - 1`) whose only reads were carried; dropped if nothing else reads them.
  const unread = new Set<string>();
  const carried = carryIn(body, hoisting, unread);
  if (unread.size === 0) return carried;
  const read = new Set<string>();
  forEachStmt(carried, (s) => expressionsOf(s).forEach((e) => varsOf(e, read)));
  const dead = (s: Stmt) => s.kind === "assign" && unread.has(s.target) && !read.has(s.target);
  const prune = (stmts: readonly Stmt[]): Stmt[] => stmts.filter((s) => !dead(s)).map((s) => mapNested(s, prune));
  return prune(carried);
}

function carryIn(body: readonly Stmt[], hoisting: Hoisting, unread: Set<string>): Stmt[] {
  const inner = (stmts: readonly Stmt[]) => carryIn(stmts, hoisting, unread);
  return body.flatMap((s): Stmt[] => {
    const straight = s.kind === "loop" && isStraightLine(s.body, hoisting) && isStraightLine(s.update, hoisting);
    return straight ? carryLoop(s, hoisting, unread) : [mapNested(s, inner)];
  });
}

/** A read `target = array[counter ± offset]` at the top level of the loop's body. */
interface OffsetRead {
  readonly stmt: AssignStmt;
  readonly array: string;
  readonly offset: number;
}

function carryLoop(loop: LoopStmt, hoisting: Hoisting, unread: Set<string>): Stmt[] {
  if (loop.doWhile || loop.pre.length > 0 || hasCall(loop.test)) return [loop];
  const all = [...loop.body, ...loop.update];
  const last = all[all.length - 1];
  const step = last?.kind === "assign" ? selfUpdate(last) : undefined;
  if (last?.kind !== "assign" || step?.op !== "+" || !isOne(step.step)) return [loop];
  const counter = last.target;
  const assigned = new Map<string, number>();
  const stored = new Set<string>();
  for (const s of all) {
    if (s.kind === "store") stored.add(s.array);
    for (const name of writesOfStatement(s)) assigned.set(name, (assigned.get(name) ?? 0) + 1);
  }
  if (assigned.get(counter) !== 1) return [loop];
  const storesOwned = [...stored].every((a) => hoisting.owned.has(a));

  // Offsets from the counter of the locals assigned `counter ± k` once in the body so far.
  const offsets = new Map<string, number>([[counter, 0]]);
  const reads: OffsetRead[] = [];
  for (const s of loop.body) {
    if (s.kind !== "assign" || assigned.get(s.target) !== 1) continue;
    const offset = offsetFrom(s.expr, counter);
    if (offset !== undefined) offsets.set(s.target, offset);
    const e = s.expr;
    if (e.kind !== "index" || e.outer || e.index.kind !== "var") continue;
    const at = offsets.get(e.index.name);
    const unchanging = !stored.has(e.array) && !assigned.has(e.array) && (hoisting.owned.has(e.array) || storesOwned);
    if (at !== undefined && unchanging) reads.push({ stmt: s, array: e.array, offset: at });
  }

  // Each read whose element the previous iteration read at the next offset takes it from a carried local.
  const replaced = new Map<Stmt, Stmt>();
  const loads: Stmt[] = [];
  const handOns: Stmt[] = [];
  for (const read of reads) {
    if (replaced.has(read.stmt)) continue;
    const ahead = reads.find((r) => r.array === read.array && r.offset === read.offset + 1);
    if (!ahead) continue;
    const carried = hoisting.newLocal(`${read.stmt.target}_carried`);
    for (const same of reads.filter((r) => r.array === read.array && r.offset === read.offset)) {
      replaced.set(same.stmt, { ...same.stmt, expr: v(carried) });
      varsOf(same.stmt.expr).forEach((name) => name !== counter && name !== read.array && unread.add(name));
    }
    const first = index(read.array, plus(counter, read.offset));
    loads.push({ kind: "assign", target: carried, expr: first, origin: read.stmt.origin });
    handOns.push({ kind: "assign", target: carried, expr: v(ahead.stmt.target), origin: ahead.stmt.origin });
  }
  if (loads.length === 0) return [loop];
  // The hand-ons run last before the counter's increment, wherever the loop keeps it.
  const withHandOns = (stmts: readonly Stmt[]) =>
    stmts.flatMap((s) => (s === last ? [...handOns, s] : [replaced.get(s) ?? s]));
  const carriedLoop: LoopStmt = { ...loop, body: withHandOns(loop.body), update: withHandOns(loop.update) };
  return guarded(carriedLoop, loop.test, { body: carriedLoop.body, reads: loads });
}

/** k when `e` is `counter + k`, `k + counter` or `counter - k` for an integer k. */
function offsetFrom(e: Expr, counter: string): number | undefined {
  if (e.kind !== "binary" || (e.op !== "+" && e.op !== "-")) return undefined;
  const isCounter = (x: Expr) => x.kind === "var" && x.name === counter;
  const integer = (x: Expr) => (x.kind === "num" && Number.isInteger(x.value) ? x.value : undefined);
  if (isCounter(e.left)) {
    const k = integer(e.right);
    return k === undefined ? undefined : e.op === "+" ? k : -k;
  }
  return e.op === "+" && isCounter(e.right) ? integer(e.left) : undefined;
}

const plus = (counter: string, offset: number): Expr =>
  offset === 0 ? v(counter) : offset > 0 ? binary("+", v(counter), num(offset)) : binary("-", v(counter), num(-offset));
