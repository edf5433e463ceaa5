/**
 * Invertible counter updates: the reverse sweep undoes `i = i + 1` by `i = i - 1` instead of popping the old value,
 * when `i` only ever holds integers (exact in floating point below 2^53, so the inverse is exact too).
 *
 * Integer-valued variables are found by a fixpoint: a local starts as a candidate and is dropped when one of its
 * assignments may produce a non-integer (anything but integer literals, lengths, elements of integer typed arrays,
 * and sums or differences of integers). Multiplication is left out on purpose: it can produce -0, which the inverse would turn into +0.
 *
 * Number parameters are not known to hold integers. A size parameter (the length of an array the function always
 * allocates) almost always does, but `new Float64Array(2.5)` and `new Float64Array(-0)` run without an error, so
 * counters started from one are inverted only under a check made once per call (`speculativeUpdates`).
 */
import { binary, call, isIntegerArrayType, isOne, num, v, varsOf, type Expr } from "../ir/expr";
import { assignmentCounts, forEachStmt, type AssignStmt, type FunctionIR, type LoopStmt, type Stmt } from "../ir/stmt";

/** For each invertible update `i = i ± c`, the expression that restores `i`'s old value from its new one. */
export function invertibleUpdates(fn: FunctionIR, assumed: ReadonlySet<string> = new Set()): Map<AssignStmt, Expr> {
  const { integers } = integerVariables(fn, assumed);
  const inverses = new Map<AssignStmt, Expr>();
  forEachStmt(fn.body, (s) => {
    if (s.kind !== "assign" || !integers.has(s.target)) return;
    const update = selfUpdate(s);
    if (!update || !isIntegerLiteral(update.step)) return;
    inverses.set(s, binary(update.op === "+" ? "-" : "+", v(s.target), update.step));
  });
  return inverses;
}

/**
 * Updates invertible if the function's size parameters hold integers other than -0 (the reverse sweep checks it once
 * per call and pops the recorded values otherwise), beyond the ones `invertibleUpdates` proves.
 */
export interface Speculation {
  readonly sizes: readonly string[];
  readonly inverses: Map<AssignStmt, Expr>;
}

export function speculativeUpdates(fn: FunctionIR, proven: ReadonlyMap<AssignStmt, Expr>): Speculation {
  const sizes = sizeParameters(fn);
  const inverses = new Map([...invertibleUpdates(fn, new Set(sizes))].filter(([s]) => !proven.has(s)));
  return { sizes, inverses };
}

/**
 * Number parameters, never assigned, that are the length of an allocation made on every call (top level) or the
 * bound a loop counts to (`i < inputs`): what a caller passes as a size.
 */
function sizeParameters(fn: FunctionIR): string[] {
  const assigned = assignmentCounts(fn.body);
  const numbers = new Set(fn.params.filter((p) => p.type === "number" && !assigned.has(p.name)).map((p) => p.name));
  const sizes = new Set<string>();
  const add = (e: Expr | undefined) => e?.kind === "var" && numbers.has(e.name) && sizes.add(e.name);
  for (const s of fn.body) if (s.kind === "assign" && s.expr.kind === "alloc") add(s.expr.length);
  forEachStmt(fn.body, (s) => {
    if (s.kind !== "loop" || s.test.kind !== "binary" || !["<", "<=", ">", ">="].includes(s.test.op)) return;
    add(s.test.left);
    add(s.test.right);
  });
  return [...sizes];
}

/** `v = v + e`, `v = v - e` or `v = e + v` (e not reading v): the operator and the step e. */
export function selfUpdate(s: AssignStmt): { op: "+" | "-"; step: Expr } | undefined {
  const e = s.expr;
  if (e.kind !== "binary" || (e.op !== "+" && e.op !== "-")) return undefined;
  const self = (x: Expr) => x.kind === "var" && x.name === s.target;
  const step = self(e.left) ? e.right : e.op === "+" && self(e.right) ? e.left : undefined;
  return step && !varsOf(step).has(s.target) ? { op: e.op, step } : undefined;
}

/**
 * A loop whose counter's exit value the reverse sweep can compute instead of restoring it: `j = init` right before
 * the loop, then exactly one invertible `j = j ± c` at the top level of the body (so once per iteration) and no other
 * assignment to `j` or to the variables `init` reads inside the loop. With integers, the exit value is exactly
 * `init ± c·count`, so the reverse sweep sets `j` to it and counts down, and `init` needs no saved old value.
 * Only loops nested in a loop are listed: an outermost loop's counter ends with its exit value anyway.
 *
 * When the loop's only test is `j < bound` (`<=`, or `>`/`>=` counting down) by steps of one, with an integer bound
 * that the loop does not change, its trip count is `max(0, bound - init)` (plus one when inclusive), so the reverse
 * sweep needs no saved count either. A bound that is an integer only if the size parameters are (`speculative`)
 * serves only under the run-time check of `speculativeUpdates`.
 */
export interface CountedLoop {
  readonly counter: string;
  readonly init: Expr;
  readonly update: { readonly op: "+" | "-"; readonly step: Expr };
  readonly trips?: { readonly count: Expr; readonly bound: Expr; readonly speculative: boolean };
}

export function countedLoops(
  fn: FunctionIR,
  inverses: ReadonlyMap<AssignStmt, Expr>,
  sizes: ReadonlySet<string>,
): Map<LoopStmt, CountedLoop> {
  const { isInteger } = integerVariables(fn);
  const ifSizes = integerVariables(fn, sizes).isInteger;
  const counted = new Map<LoopStmt, CountedLoop>();
  const visit = (stmts: readonly Stmt[], nested: boolean) =>
    stmts.forEach((s, k) => {
      if (s.kind === "if") [s.then, s.else].forEach((branch) => visit(branch, nested));
      if (s.kind !== "loop") return;
      [s.pre, s.body].forEach((inner) => visit(inner, true));
      if (!nested) return;
      const before = stmts[k - 1];
      // An init reading an array's length is left out: arrays are never restored, and their lengths can change.
      if (before?.kind !== "assign" || !isInteger(before.expr) || readsLength(before.expr)) return;
      const counter = before.target;
      const updates = s.body.filter((u): u is AssignStmt => u.kind === "assign" && u.target === counter);
      const update = updates.length === 1 && inverses.has(updates[0]) ? selfUpdate(updates[0]) : undefined;
      const initReads = varsOf(before.expr);
      if (!update || initReads.has(counter)) return;
      const written = assignmentCounts([...s.pre, ...s.body]);
      const writes = (n: string) => (written.get(n) ?? 0) > (n === counter ? 1 : 0);
      if (writes(counter) || [...initReads].some(writes)) return;
      const bound = s.pre.length === 0 ? boundOf(s.test, counter, update) : undefined;
      const fixed = bound && ![...varsOf(bound.bound)].some((n) => n === counter || writes(n));
      const integral = bound && fixed && !readsLength(bound.bound) && ifSizes(bound.bound);
      const trips = integral
        ? {
            count: call("Math.max", [num(0), bound.count(before.expr)]),
            bound: bound.bound,
            speculative: !isInteger(bound.bound),
          }
        : undefined;
      counted.set(s, trips ? { counter, init: before.expr, update, trips } : { counter, init: before.expr, update });
    });
  visit(fn.body, false);
  return counted;
}

/** `j < b`, `j <= b` (or `b > j`, …) counting up by one, `j > b`, `j >= b` counting down by one: b and the trip count. */
function boundOf(
  test: Expr,
  counter: string,
  update: { op: "+" | "-"; step: Expr },
): { bound: Expr; count: (init: Expr) => Expr } | undefined {
  if (test.kind !== "binary" || !["<", "<=", ">", ">="].includes(test.op)) return undefined;
  const isCounter = (e: Expr) => e.kind === "var" && e.name === counter;
  const flipped: Record<string, string> = { "<": ">", "<=": ">=", ">": "<", ">=": "<=" };
  const [op, bound] = isCounter(test.left)
    ? [test.op, test.right]
    : isCounter(test.right)
      ? [flipped[test.op], test.left]
      : [undefined, undefined];
  if (!op || !bound || !isOne(update.step)) return undefined;
  const up = update.op === "+";
  if (up !== (op === "<" || op === "<=")) return undefined;
  const extra = op === "<=" || op === ">=" ? 1 : 0;
  const fromZero = (init: Expr) => init.kind === "num" && init.value === 0;
  const span = (init: Expr) => (!up ? binary("-", init, bound) : fromZero(init) ? bound : binary("-", bound, init));
  return { bound, count: (init) => (extra ? binary("+", span(init), num(1)) : span(init)) };
}

/** Locals that only ever hold integers: loop counters, indices and sizes derived from literals and lengths. */
export function integerLocals(fn: FunctionIR): ReadonlySet<string> {
  return integerVariables(fn).integers;
}

const readsLength = (e: Expr): boolean =>
  e.kind === "length" || (e.kind === "binary" && (readsLength(e.left) || readsLength(e.right)));

function integerVariables(
  fn: FunctionIR,
  assumed: ReadonlySet<string> = new Set(),
): { integers: Set<string>; isInteger: (e: Expr) => boolean } {
  const integers = new Set([...fn.locals].filter(([, type]) => type === "number").map(([name]) => name));
  const assigns: AssignStmt[] = [];
  forEachStmt(fn.body, (s) => {
    if (s.kind === "assign") assigns.push(s);
    if (s.kind === "callAssign") s.targets.forEach((t) => integers.delete(t));
  });
  const typeOf = (name: string) => fn.locals.get(name) ?? fn.params.find((p) => p.name === name)?.type;
  const isInteger = (e: Expr): boolean => {
    switch (e.kind) {
      case "num":
        return isIntegerLiteral(e);
      case "var":
        return integers.has(e.name) || assumed.has(e.name);
      case "length":
        return true;
      // An element of an Int32Array (a CSR matrix's row start): an integer, never -0 (undefined past the end, which
      // runs no loop).
      case "index":
        return isIntegerArrayType(typeOf(e.array));
      case "binary":
        return (e.op === "+" || e.op === "-") && isInteger(e.left) && isInteger(e.right);
      default:
        return false;
    }
  };
  for (let changed = true; changed;) {
    changed = false;
    for (const s of assigns) {
      if (integers.has(s.target) && !isInteger(s.expr)) {
        integers.delete(s.target);
        changed = true;
      }
    }
  }
  return { integers, isInteger };
}

const isIntegerLiteral = (e: Expr): boolean => e.kind === "num" && Number.isInteger(e.value) && !Object.is(e.value, -0);
