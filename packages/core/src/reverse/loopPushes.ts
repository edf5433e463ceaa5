/**
 * How many values a loop pushes at most, known before it runs, so that the capacity test of reverse/stacks.ts is made
 * once before the loop rather than once per iteration. In the GMM gradient at d = 2 the tests in loops of two
 * iterations were a tenth of the time: each one reloads the tape's array and its length, and the call on its cold
 * path keeps V8 from holding the loop's arrays in registers.
 *
 * A loop is counted when it runs `for (; j < b; j = j + 1)` (or `<=`, or down with `>` / `>=`): an integer counter
 * updated once per iteration at the top of the body, a bound the body does not change (variables, literals, and the
 * lengths of arrays it neither grows nor replaces: 'for (const v of x)'), no other exit (structurize
 * has turned breaks and returns into flags in the test, which then is not a plain bound). From an integer counter's
 * value j at entry it runs b - j times if b is an integer, and at most b - j + 1 times otherwise: it runs ⌈b - j⌉
 * times, and rounding is monotone, so the computed b - j is at least the integer ⌈b - j⌉ - 1 below the exact value.
 * A NaN bound gives a NaN count, which the stacks' `reserve` ignores (the loop does not run).
 *
 * The pushes of one iteration must not depend on the iteration: straight-line code and branches of straight-line
 * code (the larger of the two), and inner counted loops whose start and bound the outer body does not change (their
 * trip count, at least 0, times their own pushes). A call that may use the stack, or a loop inside a branch, leaves
 * the count unknown.
 */
import { binary, cond, exprEquals, num, v, varsOf, type Expr } from "../ir/expr";
import { assignmentCounts, forEachStmt, type LoopStmt, type Stmt, type VarType } from "../ir/stmt";
import { lengthsKept } from "../analysis/shape";
import { simplify } from "../simplify/fold";

export interface PushCounting {
  /** Whether a statement is one push to the stack. */
  readonly isPush: (s: Stmt) => boolean;
  /** Whether a statement's own expressions call something that may push to or pop from the stack. */
  readonly isCall: (s: Stmt) => boolean;
  /** Variables that only ever hold integers (analysis/invert.ts). */
  readonly integers: ReadonlySet<string>;
  /** The generated function's variables' types: a `number[]` stored into may grow. */
  readonly typeOf: (name: string) => VarType | undefined;
}

/** The most values the loop pushes in all, from its counter's value at entry; undefined when that is not known. */
export function loopPushBound(loop: LoopStmt, counting: PushCounting): Expr | undefined {
  const counted = countedLoop(loop, counting);
  const perIteration = counted && iterationPushes(loop, counting);
  return perIteration && toExpr(times(counted.trips(v(counted.counter)), perIteration));
}

/**
 * A count as a sum of terms, each an expression times a coefficient, plus a constant: like terms add up, so that a
 * reservation reads `(n - i) * (3 * d + 1)` rather than `(n - i) * (d * 2 + 1 + d)`.
 */
interface Count {
  readonly terms: readonly { readonly expr: Expr; readonly coef: number }[];
  readonly constant: number;
}

const constant = (value: number): Count => ({ terms: [], constant: value });

function plus(a: Count, b: Count): Count {
  const terms = [...a.terms];
  for (const t of b.terms) {
    const like = terms.findIndex((u) => exprEquals(u.expr, t.expr));
    if (like < 0) terms.push(t);
    else terms[like] = { expr: t.expr, coef: terms[like].coef + t.coef };
  }
  return { terms, constant: a.constant + b.constant };
}

const times = (trips: Expr, count: Count): Count =>
  count.terms.length === 0
    ? { terms: [{ expr: trips, coef: count.constant }], constant: 0 }
    : { terms: [{ expr: binary("*", trips, toExpr(count)), coef: 1 }], constant: 0 };

function toExpr(count: Count): Expr {
  const terms = count.terms.map((t) => simplify(binary("*", num(t.coef), t.expr)));
  const sum = terms.reduce((total: Expr | undefined, t) => (total ? binary("+", total, t) : t), undefined);
  return sum ? simplify(binary("+", sum, num(count.constant))) : num(count.constant);
}

/** Pushes of one pass through the statements, as a count of values they leave unchanged. */
function pushBound(stmts: readonly Stmt[], counting: PushCounting): Count | undefined {
  let total = constant(0);
  for (const [k, s] of stmts.entries()) {
    if (!hasPushOrCall([s], counting)) continue;
    const pushes = statementPushes(s, stmts.slice(0, k), counting);
    if (!pushes) return undefined;
    total = plus(total, pushes);
  }
  return total;
}

function statementPushes(s: Stmt, before: readonly Stmt[], counting: PushCounting): Count | undefined {
  if (counting.isCall(s)) return undefined;
  if (counting.isPush(s)) return constant(1);
  if (s.kind === "if") {
    // A branch's pushes count as if it were always taken: a few values per iteration. A loop inside a branch might
    // run a million times on the rare pass that takes it, so it reserves for itself, when it runs.
    const then = pushBound(s.then, counting);
    const otherwise = pushBound(s.else, counting);
    const constants = then && otherwise && then.terms.length === 0 && otherwise.terms.length === 0;
    return constants ? constant(Math.max(then.constant, otherwise.constant)) : undefined;
  }
  if (s.kind !== "loop") return undefined;
  // An inner loop counts from its start, which must not change between iterations of the loop around it (the caller
  // checks every variable the count reads). It may not run at all: its trip count is at least 0.
  const counted = countedLoop(s, counting);
  const start = counted && startOf(counted.counter, before);
  const perIteration = start && iterationPushes(s, counting);
  if (!counted || !start || !perIteration) return undefined;
  const trips = counted.trips(start);
  return times(atLeastZero(trips), perIteration);
}

/**
 * A trip count of an inner loop, 0 when it does not run: negative, or NaN from a NaN bound ('Math.max(0, NaN)' is
 * NaN, and a NaN count would make the outer loop's reservation, which must cover its own pushes, reserve nothing).
 */
function atLeastZero(trips: Expr): Expr {
  if (trips.kind === "num") return num(Math.max(0, trips.value));
  return cond(binary(">", trips, num(0)), trips, num(0));
}

/** The pushes of one iteration of a counted loop, when they do not depend on the iteration. */
function iterationPushes(loop: LoopStmt, counting: PushCounting): Count | undefined {
  const perIteration = pushBound(loop.body, counting);
  const written = assignmentCounts(loop.body);
  const reads = perIteration && varsOf(toExpr(perIteration));
  return reads && ![...reads].some((n) => written.has(n)) ? perIteration : undefined;
}

function hasPushOrCall(stmts: readonly Stmt[], counting: PushCounting): boolean {
  let found = false;
  forEachStmt(stmts, (s) => (found ||= counting.isPush(s) || counting.isCall(s)));
  return found;
}

/**
 * The value a counter starts from: its last assignment before the loop, when only assignments to other variables,
 * none of which the start reads, come between (`j = 0; loop2_count = 0; while (j < d)`).
 */
function startOf(counter: string, before: readonly Stmt[]): Expr | undefined {
  const between = new Set<string>();
  for (let k = before.length - 1; k >= 0; k--) {
    const s = before[k];
    if (s.kind !== "assign") return undefined;
    if (s.target === counter) {
      const reads = varsOf(s.expr);
      return reads.has(counter) || [...reads].some((n) => between.has(n)) ? undefined : s.expr;
    }
    between.add(s.target);
  }
  return undefined;
}

interface CountedLoop {
  readonly counter: string;
  /** The most iterations from the counter's value at entry. */
  readonly trips: (start: Expr) => Expr;
}

const UP: Record<string, boolean> = { "<": true, "<=": true, ">": false, ">=": false };
const FLIPPED: Record<string, string> = { "<": ">", "<=": ">=", ">": "<", ">=": "<=" };

function countedLoop(loop: LoopStmt, { integers, typeOf }: PushCounting): CountedLoop | undefined {
  const test = loop.test;
  if (loop.pre.length > 0 || loop.update.length > 0 || loop.doWhile || test.kind !== "binary") return undefined;
  if (!(test.op in UP)) return undefined;
  const [counterSide, bound, op] =
    test.left.kind === "var" ? [test.left, test.right, test.op] : [test.right, test.left, FLIPPED[test.op]];
  if (counterSide.kind !== "var" || !integers.has(counterSide.name)) return undefined;
  const counter = counterSide.name;
  const up = UP[op];
  const written = assignmentCounts(loop.body);
  const steps = loop.body.filter((s) => s.kind === "assign" && s.target === counter && isStep(s.expr, counter, up));
  const boundVars = varsOf(bound);
  const fixed = lengthsKept(loop.body, typeOf);
  if (steps.length !== 1 || written.get(counter) !== 1 || boundVars.has(counter) || !isBound(bound, fixed)) {
    return undefined;
  }
  if ([...boundVars].some((n) => written.has(n))) return undefined;
  const exact = isIntegerExpr(bound, integers);
  const inclusive = op === "<=" || op === ">=";
  return {
    counter,
    trips: (start) => {
      const span = up ? difference(bound, start) : difference(start, bound);
      return inclusive || !exact ? offset(span, 1) : span;
    },
  };
}

/** a - b, with a literal b folded into a's own literal term: `(K - 1) - 0` → `K - 1`. */
const difference = (a: Expr, b: Expr): Expr => (b.kind === "num" ? offset(a, -b.value) : simplify(binary("-", a, b)));

/** e + c, folded into e's literal term: `(K - 1) + 1` → `K`. */
function offset(e: Expr, c: number): Expr {
  if (e.kind === "binary" && (e.op === "+" || e.op === "-") && e.right.kind === "num") {
    return offset(e.left, c + (e.op === "+" ? e.right.value : -e.right.value));
  }
  return simplify(binary("+", e, num(c)));
}

/** `j + 1` counting up, `j - 1` counting down. */
function isStep(e: Expr, counter: string, up: boolean): boolean {
  if (e.kind !== "binary") return false;
  const one = (x: Expr) => x.kind === "num" && x.value === 1;
  const self = (x: Expr) => x.kind === "var" && x.name === counter;
  if (up) return e.op === "+" && ((self(e.left) && one(e.right)) || (one(e.left) && self(e.right)));
  return e.op === "-" && self(e.left) && one(e.right);
}

/**
 * A bound made of variables, literals and lengths of arrays the loop cannot resize ('for (const v of x)' runs while
 * 'k < x.length').
 */
function isBound(e: Expr, fixed: (array: string) => boolean): boolean {
  if (e.kind === "num" || e.kind === "var") return true;
  if (e.kind === "length") return !e.outer && fixed(e.array);
  return e.kind === "binary" && ["+", "-", "*"].includes(e.op) && isBound(e.left, fixed) && isBound(e.right, fixed);
}

function isIntegerExpr(e: Expr, integers: ReadonlySet<string>): boolean {
  if (e.kind === "num") return Number.isInteger(e.value);
  if (e.kind === "length") return true;
  if (e.kind === "var") return integers.has(e.name);
  return (
    e.kind === "binary" &&
    (e.op === "+" || e.op === "-") &&
    isIntegerExpr(e.left, integers) &&
    isIntegerExpr(e.right, integers)
  );
}
