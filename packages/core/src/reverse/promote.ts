/**
 * Scalar promotion of adjoint accumulations. In the reverse of `qx[row] += L[lt] * centered[col]` over `row`, every
 * iteration adds into the same element `centered_bar[col]`: each addition waits for the previous one's store to reach
 * the next load, a chain through memory V8 does not break. When a loop's only contact with an adjoint array is
 * increments of one element whose index the loop does not change, the element is loaded into a local before the
 * loop, accumulated there, and stored once after it:
 *
 *   for (…) { …; centered_bar[col] += t; … }
 *   → centered_col_acc = centered_bar[col]; for (…) { …; centered_col_acc += t; … } centered_bar[col] = centered_col_acc;
 *
 * The additions happen in the same order on the same values, so the result is bitwise the same. Only adjoint arrays
 * the generated function allocates itself as Float64Array qualify: nothing else can alias them (a caller's adjoint
 * arrays may be one array passed twice), a float32 element would round differently, and a typed array ignores the
 * store back of an out-of-range element, as the increments did.
 */
import { binary, exprEquals, index, v, varsOf, type Expr } from "../ir/expr";
import {
  assignmentCounts,
  forEachStmt,
  mapNested,
  readsOfStatement,
  type LoopStmt,
  type RepeatStmt,
  type Stmt,
  type StoreStmt,
} from "../ir/stmt";

export interface Promotion {
  /** Arrays that may be promoted: Float64Array adjoints allocated by the generated function and only reassigned by allocations. */
  readonly arrays: ReadonlySet<string>;
  /** A fresh number local named after `base`. */
  readonly newLocal: (base: string) => string;
  /** Adjoint array parameters whose length the caller checked: each with the parameter it is as long as. */
  readonly lengthOf?: ReadonlyMap<string, string>;
}

export function promoteInvariantAccumulations(body: readonly Stmt[], promotion: Promotion): Stmt[] {
  return body.flatMap((s) => promoteIn(s, promotion));
}

function promoteIn(s: Stmt, promotion: Promotion): Stmt[] {
  if ((s.kind === "loop" || s.kind === "repeat") && isInnermost(s)) return promoteLoop(s, promotion);
  return [mapNested(s, (stmts) => promoteInvariantAccumulations(stmts, promotion))];
}

const isInnermost = (s: LoopStmt | RepeatStmt): boolean =>
  (s.kind === "repeat" ? [s.body] : [s.pre, s.body, s.update]).every((stmts) =>
    stmts.every((x) => x.kind !== "loop" && x.kind !== "repeat" && x.kind !== "if"),
  );

/** `A[k] = A[k] + e`, k a variable or a constant, with `e` not reading A: the increment `e`, else undefined. */
export function incrementOf(s: StoreStmt): Expr | undefined {
  const e = s.value;
  const atom = s.index.kind === "var" || s.index.kind === "num";
  if (s.outer || s.append || !atom || e.kind !== "binary" || e.op !== "+") return undefined;
  const element = e.left;
  const same = element.kind === "index" && element.array === s.array && !element.outer;
  if (!same || !exprEquals(element.index, s.index)) return undefined;
  return varsOf(e.right).has(s.array) ? undefined : e.right;
}

function promoteLoop(loop: LoopStmt | RepeatStmt, promotion: Promotion): Stmt[] {
  const stmts = loop.kind === "repeat" ? loop.body : [...loop.pre, ...loop.body, ...loop.update];
  const assigned = new Set([...assignmentCounts(stmts).keys(), ...(loop.kind === "repeat" ? [loop.counter] : [])]);
  const mentions = new Map<string, number>();
  const mention = (name: string) => mentions.set(name, (mentions.get(name) ?? 0) + 1);
  forEachStmt(stmts, (s) => {
    if (s.kind === "store") mention(s.array);
    readsOfStatement(s).forEach(mention);
  });
  varsOf(loop.kind === "loop" ? loop.test : loop.count).forEach(mention);

  // Per array, its increments; an array qualifies when they are all it is used for, all at one unchanged index.
  const increments = new Map<string, StoreStmt[]>();
  for (const s of stmts) {
    if (s.kind !== "store" || s.index.kind !== "var" || !promotion.arrays.has(s.array) || !incrementOf(s)) continue;
    increments.set(s.array, [...(increments.get(s.array) ?? []), s]);
  }
  const accumulators = new Map<string, { at: string; acc: string }>();
  for (const [array, stores] of increments) {
    const at = (stores[0].index as { name: string }).name;
    const uniform = stores.every((s) => (s.index as { name: string }).name === at);
    // Each increment mentions its array twice (target and element read); nothing else may.
    if (!uniform || assigned.has(at) || assigned.has(array) || mentions.get(array) !== stores.length * 2) continue;
    accumulators.set(array, { at, acc: promotion.newLocal(`${array}_${at}_acc`) });
  }
  if (accumulators.size === 0) return [loop];

  const rewrite = (list: readonly Stmt[]): Stmt[] =>
    list.map((s) => {
      const promoted = s.kind === "store" ? accumulators.get(s.array) : undefined;
      if (!promoted || s.kind !== "store") return s;
      const amount = incrementOf(s) as Expr;
      return { kind: "assign", target: promoted.acc, expr: binary("+", v(promoted.acc), amount), origin: s.origin };
    });
  const rewritten: Stmt =
    loop.kind === "repeat"
      ? { ...loop, body: rewrite(loop.body) }
      : { ...loop, pre: rewrite(loop.pre), body: rewrite(loop.body), update: rewrite(loop.update) };
  const origin = loop.origin;
  const load: Stmt[] = [...accumulators].map(([array, { at, acc }]) => ({
    kind: "assign",
    target: acc,
    expr: index(array, v(at)),
    origin,
  }));
  const store: Stmt[] = [...accumulators].map(([array, { at, acc }]) => ({
    kind: "store",
    array,
    index: v(at),
    value: v(acc),
    origin,
  }));
  return [...load, rewritten, ...store];
}
