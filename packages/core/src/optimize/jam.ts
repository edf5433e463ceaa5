/**
 * Unroll-and-jam. A dot product `for (i…) a += w[j * n + i] * x[i]` waits on its own sum: each addition starts when
 * the previous one ends, so a matrix-vector loop nest runs at the latency of one addition per element, and its
 * reverse `w_bar[j * n + i] += x[i] * a_bar` loads `x[i]` once per row. When the rows `j` are independent, the
 * outer loop runs `factor` rows side by side: their setup statements one row after the other, then one inner loop
 * whose body holds each row's copy of the per-row statements (the statements that are the same for every row, like
 * the load of `x[i]`, once), then their closing statements one row after the other. The remaining rows, fewer than
 * `factor`, run in the original loop, which follows.
 *
 *   for (j…) { P(j); for (i…) L(j, i); T(j) }
 *   → while (j + 3 < m) { P(j0) … P(j); for (i…) { L(j0, i) … L(j, i) } T(j0) … T(j) }  for (j…) { the original }
 *
 * Every element and every local receives the same operations in the same order as before, so results are bitwise
 * the same. That holds when (checked here):
 *   - the outer loop counts by one, up (`j < m` with `j += 1`, a forward sweep) or down (`j -= 1` first in a
 *     reversed loop), and its body is P, one innermost straight-line loop L, then T;
 *   - tape and control stacks are used by P or by T, not both, and not by L, so pushes and pops keep their order;
 *     no calls other than `Math`'s;
 *   - every local the rows share is either the same for every row (computed once), or is set before it is read in
 *     each row (one copy per row, the last row keeping the name), or is only used in P, or is only set in T;
 *   - every array the body writes is one nothing can alias (`owned`), and each row touches its own elements: all its
 *     accesses are at `j`, or all at `j * s + i` with the inner counter `i` in [0, s); or the rows only add into it,
 *     in L, at `i` (plus an offset fixed for the nest), so each element gets the rows' terms in row order as before;
 *   - L runs the same number of times for every row: its bounds are the same for every row.
 * In the reverse sweep the inner trip counts come from the control stack unless the sizes are integers
 * (`exactSizes`): the jammed loop runs under that flag, with the flag's branches resolved.
 */
import { binary, childrenOf, exprEquals, isOne, num, substitute, v, varsOf, type Expr } from "../ir/expr";
import {
  assignmentCounts,
  expressionsOf,
  forEachStmt,
  mapNested,
  namesUsed,
  type AssignStmt,
  type StoreStmt,
  type VarType,
  type LoopStmt,
  type RepeatStmt,
  type Stmt,
} from "../ir/stmt";
import { selfUpdate } from "../analysis/invert";
import { assumeExact } from "./exact";
import { incrementOf } from "../reverse/promote";

/** Rows side by side unless the caller asks otherwise (CotangentOptions.unroll). */
export const DEFAULT_UNROLL = 4;

export interface Jamming {
  /** How many rows run side by side; below 2, nothing is jammed. */
  readonly factor: number;
  /** Arrays nothing else can alias: allocated by the generated function (or checked by gradInto) and never copied. */
  readonly owned: ReadonlySet<string>;
  /** The once-per-call flag that the size parameters hold integers, or "" when the function has none. */
  readonly exact: string;
  /** Callees of the tape and control stacks: the only calls with effects allowed. */
  readonly stackCalls: ReadonlySet<string>;
  readonly newLocal: (base: string) => string;
}

export function jamLoops(body: readonly Stmt[], jamming: Jamming): Stmt[] {
  if (jamming.factor < 2) return [...body];
  return body.flatMap((s) => jamIn(s, jamming));
}

function jamIn(s: Stmt, jamming: Jamming): Stmt[] {
  const inner = (stmts: readonly Stmt[]) => jamLoops(stmts, jamming);
  const jammed = s.kind === "loop" || s.kind === "repeat" ? jamLoop(s, jamming) : undefined;
  return jammed ?? [mapNested(s, inner)];
}

type Part = "P" | "L" | "T";

/** The outer loop taken apart: its counter, its update, and P, L, T. */
interface Nest {
  readonly counter: string;
  readonly down: boolean;
  readonly update: AssignStmt;
  readonly setup: readonly Stmt[];
  readonly inner: LoopStmt | RepeatStmt;
  readonly closing: readonly Stmt[];
}

function nestOf(loop: LoopStmt | RepeatStmt): Nest | undefined {
  let counter: string;
  let update: Stmt | undefined;
  let rest: Stmt[];
  if (loop.kind === "repeat") {
    update = loop.body[0];
    if (update?.kind !== "assign") return undefined;
    const step = selfUpdate(update);
    if (step?.op !== "-" || !isOne(step.step)) return undefined;
    counter = update.target;
    rest = loop.body.slice(1);
    if (namesUsed(loop.body).has(loop.counter)) return undefined;
  } else {
    const test = loop.test;
    if (loop.update.length > 0 || loop.doWhile || !invariantPre(loop)) return undefined;
    if (test.kind !== "binary" || test.op !== "<" || test.left.kind !== "var") return undefined;
    counter = test.left.name;
    update = loop.body.find((s) => s.kind === "assign" && s.target === counter);
    if (update?.kind !== "assign") return undefined;
    const step = selfUpdate(update);
    if (step?.op !== "+" || !isOne(step.step)) return undefined;
    rest = loop.body.filter((s) => s !== update);
    const after = loop.body.slice(loop.body.indexOf(update) + 1);
    if (after.some((s) => namesUsed([s]).has(counter))) return undefined;
    if ([...varsOf(test.right)].some((n) => assignmentCounts(loop.body).has(n))) return undefined;
  }
  if (assignmentCounts(rest).has(counter)) return undefined;
  // Arrays trading places ('[cur, next] = [next, cur]') between rows: the rows are not independent.
  let permutes = false;
  forEachStmt(rest, (s) => (permutes ||= s.kind === "permute"));
  if (permutes) return undefined;
  const loops = rest.filter((s) => s.kind === "loop" || s.kind === "repeat");
  if (loops.length !== 1) return undefined;
  const inner = loops[0] as LoopStmt | RepeatStmt;
  const at = rest.indexOf(inner);
  return {
    counter,
    down: loop.kind === "repeat",
    update,
    setup: rest.slice(0, at),
    inner,
    closing: rest.slice(at + 1),
  };
}

/**
 * The statements a loop runs before its test (`t = rows - 1; if (!(j < t)) break;`) compute the same values in every
 * iteration: pure assignments to locals the body does not touch, reading nothing the body writes. The jammed loop
 * runs them once per group of rows.
 */
function invariantPre(loop: LoopStmt): boolean {
  const written = new Set(assignmentCounts(loop.body).keys());
  forEachStmt(loop.body, (s) => s.kind === "store" && written.add(s.array));
  return loop.pre.every((s) => {
    if (s.kind !== "assign" || written.has(s.target)) return false;
    let pure = true;
    const visit = (e: Expr): void => {
      if (e.kind === "call" && !isPure(e.callee)) pure = false;
      if (e.kind === "alloc") pure = false;
      childrenOf(e).forEach(visit);
    };
    visit(s.expr);
    return pure && ![...varsOf(s.expr)].some((n) => written.has(n));
  });
}

/** `Math`'s functions but `random`, whose calls jamming would reorder (and share among rows). */
const isPure = (callee: string): boolean => callee.startsWith("Math.") && callee !== "Math.random";

/** What each part of the body does with locals and arrays. */
interface Uses {
  readonly writes: Map<string, Set<Part>>;
  readonly reads: Map<string, Set<Part>>;
  /** Element accesses of each array: its index expressions. */
  readonly elements: Map<string, { index: Expr; part: Part }[]>;
  readonly stored: Set<string>;
  readonly effects: Set<Part>;
  /** Something the pass does not reorder: another loop, a call, an allocation, a row of a matrix. */
  unsupported: boolean;
}

function usesOf(nest: Nest, jamming: Jamming): Uses {
  const uses: Uses = {
    writes: new Map(),
    reads: new Map(),
    elements: new Map(),
    stored: new Set(),
    effects: new Set(),
    unsupported: false,
  };
  const note = (map: Map<string, Set<Part>>, name: string, part: Part) =>
    map.set(name, (map.get(name) ?? new Set<Part>()).add(part));
  const readExpr = (e: Expr, part: Part): void => {
    switch (e.kind) {
      case "var":
        note(uses.reads, e.name, part);
        return;
      case "index":
        if (e.outer) uses.unsupported = true;
        uses.elements.set(e.array, [...(uses.elements.get(e.array) ?? []), { index: e.index, part }]);
        readExpr(e.index, part);
        return;
      case "field":
        // A record's field: data nothing stores into, read at its index (and an array field's element at its own).
        childrenOf(e).forEach((child) => readExpr(child, part));
        return;
      case "call":
        if (jamming.stackCalls.has(e.callee)) uses.effects.add(part);
        else if (!isPure(e.callee)) uses.unsupported = true;
        e.args.forEach((a) => readExpr(a, part));
        return;
      case "alloc":
        uses.unsupported = true;
        return;
      case "unary":
        return readExpr(e.arg, part);
      case "binary":
        readExpr(e.left, part);
        return readExpr(e.right, part);
      case "cond":
        [e.test, e.whenTrue, e.whenFalse].forEach((x) => readExpr(x, part));
        return;
      default:
        return;
    }
  };
  const visit = (stmts: readonly Stmt[], part: Part): void => {
    for (const s of stmts) {
      switch (s.kind) {
        case "assign":
          note(uses.writes, s.target, part);
          readExpr(s.expr, part);
          break;
        case "store":
          if (s.outer || s.append) uses.unsupported = true;
          uses.stored.add(s.array);
          uses.elements.set(s.array, [...(uses.elements.get(s.array) ?? []), { index: s.index, part }]);
          readExpr(s.index, part);
          readExpr(s.value, part);
          break;
        case "effect":
          uses.effects.add(part);
          readExpr(s.expr, part);
          break;
        case "if":
          readExpr(s.test, part);
          visit(s.then, part);
          visit(s.else, part);
          break;
        default:
          uses.unsupported = true;
      }
    }
  };
  visit(nest.setup, "P");
  visit(nest.closing, "T");
  const inner = nest.inner;
  if (inner.kind === "loop") {
    if (inner.pre.length > 0 || inner.update.length > 0 || inner.doWhile) uses.unsupported = true;
    readExpr(inner.test, "L");
  } else readExpr(inner.count, "L");
  if (inner.body.some((s) => s.kind !== "assign" && s.kind !== "store")) uses.unsupported = true;
  visit(inner.body, "L");
  return uses;
}

/** How each local is treated when rows run side by side. */
interface Plan {
  /** Locals with the same value in every row: their statements run once. */
  readonly shared: ReadonlySet<string>;
  /** Locals each row sets before reading: one copy per row. */
  readonly private: ReadonlySet<string>;
}

function planOf(nest: Nest, uses: Uses, jamming: Jamming): Plan | undefined {
  if (uses.unsupported || uses.effects.has("L") || (uses.effects.has("P") && uses.effects.has("T"))) return undefined;
  const parts = (map: Map<string, Set<Part>>, name: string) => map.get(name) ?? new Set<Part>();
  const written = [...uses.writes.keys()];
  // Locals set in L or P with the same value in every row: start from all of them, drop those reading anything else.
  const steps = [...nest.setup, ...nest.inner.body];
  const shared = new Set(written.filter((n) => !parts(uses.writes, n).has("T") && definedFirst(steps, n)));
  const sameForEveryRow = (e: Expr): boolean => {
    if (e.kind === "call" && !isPure(e.callee)) return false;
    if (e.kind === "index" && uses.stored.has(e.array)) return false;
    if (e.kind === "var" && (e.name === nest.counter || (uses.writes.has(e.name) && !shared.has(e.name)))) return false;
    return childrenOf(e).every(sameForEveryRow);
  };
  for (let changed = true; changed;) {
    changed = false;
    for (const s of steps) {
      if (s.kind === "assign" && shared.has(s.target) && !sameForEveryRow(s.expr)) {
        shared.delete(s.target);
        changed = true;
      }
    }
  }
  // Assignments inside an `if` of P are conditional: such a local cannot be computed once for all rows.
  forEachStmt(nest.setup, (s) => {
    if (s.kind === "if") forEachStmt([...s.then, ...s.else], (x) => x.kind === "assign" && shared.delete(x.target));
  });
  const inner = nest.inner;
  const control = inner.kind === "loop" ? inner.test : inner.count;
  if ([...varsOf(control)].some((n) => n === nest.counter || (uses.writes.has(n) && !shared.has(n)))) return undefined;

  const privateLocals = new Set<string>();
  for (const name of written) {
    if (shared.has(name)) continue;
    const w = parts(uses.writes, name);
    const r = parts(uses.reads, name);
    const onlyT = w.size === 1 && w.has("T");
    if (onlyT) {
      if (r.has("P") || r.has("L")) return undefined;
      continue;
    }
    const onlyP = w.size === 1 && w.has("P") && !r.has("L") && !r.has("T");
    if (onlyP) continue;
    // Read after L: set in P, since L may run no iteration.
    const defining = r.has("T") || w.has("T") ? nest.setup : [...nest.setup, ...inner.body];
    if (!definedFirst(defining, name)) return undefined;
    privateLocals.add(name);
  }
  if (!arraysSeparate(nest, uses, jamming, privateLocals)) return undefined;
  return { shared, private: privateLocals };
}

/** The first statement mentioning `name` is a top-level assignment to it that does not read it. */
function definedFirst(stmts: readonly Stmt[], name: string): boolean {
  for (const s of stmts) {
    const mentions = namesUsed([s]).has(name);
    if (!mentions) continue;
    return s.kind === "assign" && s.target === name && !varsOf(s.expr).has(name);
  }
  return false;
}

/** Every array the body writes is owned, and rows touch disjoint elements of those the rows' P or L touch. */
function arraysSeparate(nest: Nest, uses: Uses, jamming: Jamming, privateLocals: ReadonlySet<string>): boolean {
  const range = innerRange(nest);
  // A row's locals set once, before any read (see planOf): an index naming one stands for its expression.
  const resolve = resolver(nest, (name) => privateLocals.has(name));
  for (const array of uses.stored) {
    if (!jamming.owned.has(array) || uses.reads.has(array) || uses.writes.has(array)) return false;
    const accesses = uses.elements.get(array) ?? [];
    if (accesses.every((a) => a.part === "T") || gathersInRowOrder(array, nest, uses, range?.counter)) continue;
    const forms = accesses.map((a) => formOf(resolve(a.index), nest.counter, range));
    if (forms.some((f) => f === undefined) || new Set(forms).size !== 1) return false;
  }
  return true;
}

/**
 * Rows adding into the same elements, one element per inner iteration: `x_bar[i] += …` (or at `c + i`, c fixed for
 * the whole loop nest). Jammed, iteration i adds row 0's term, then row 1's…, into element i, which the plain loops
 * also did in that order, since no other iteration touches element i. The array is only touched by that addition.
 */
function gathersInRowOrder(array: string, nest: Nest, uses: Uses, counter: string | undefined): boolean {
  if (!counter) return false;
  const increments = nest.inner.body.filter((s): s is StoreStmt => s.kind === "store" && s.array === array);
  const accesses = uses.elements.get(array) ?? [];
  // One addition per row and iteration: with two, rows side by side would interleave them (row 0's first, row 1's
  // first, …) where each row added both in turn.
  if (increments.length !== 1 || accesses.some((a) => a.part !== "L") || accesses.length !== 2) return false;
  // Locals assigned once in the nest stand for their expressions; what remains must not change in the nest.
  const counts = assignmentCounts([...nest.setup, ...nest.inner.body, ...nest.closing]);
  const resolve = resolver(nest, (name) => name !== counter);
  const fixed = (e: Expr) => [...varsOf(e)].every((n) => n !== nest.counter && !counts.has(n) && !uses.stored.has(n));
  const isCounter = (x: Expr) => x.kind === "var" && x.name === counter;
  return increments.every((s) => {
    const at = resolve(s.index);
    const plus = at.kind === "binary" && at.op === "+";
    const offset = plus ? (isCounter(at.left) ? at.right : isCounter(at.right) ? at.left : undefined) : undefined;
    return incrementOf(s) !== undefined && (isCounter(at) || (offset !== undefined && fixed(offset)));
  });
}

/**
 * Replaces, a few levels deep, each `keep` local assigned exactly once in the nest (in P or L) by its expression.
 */
function resolver(nest: Nest, keep: (name: string) => boolean): (e: Expr) => Expr {
  const counts = assignmentCounts([...nest.setup, ...nest.inner.body, ...nest.closing]);
  const definitions = new Map<string, Expr>();
  forEachStmt([...nest.setup, ...nest.inner.body], (s) => {
    if (s.kind === "assign" && counts.get(s.target) === 1 && keep(s.target)) definitions.set(s.target, s.expr);
  });
  const resolve = (e: Expr, depth: number): Expr =>
    depth > 4
      ? e
      : substitute(e, (n) => {
          const d = definitions.get(n);
          return d && resolve(d, depth + 1);
        });
  return (e) => resolve(e, 0);
}

/** The inner counter and its bound `s` when the counter provably runs through integers of [0, s). */
function innerRange(nest: Nest): { counter: string; bound: Expr } | undefined {
  const inner = nest.inner;
  const inP = (target: string) => nest.setup.filter((s): s is AssignStmt => s.kind === "assign" && s.target === target);
  if (inner.kind === "loop") {
    const test = inner.test;
    if (test.kind !== "binary" || test.op !== "<" || test.left.kind !== "var") return undefined;
    const counter = test.left.name;
    const inits = inP(counter);
    const steps = inner.body.filter((s): s is AssignStmt => s.kind === "assign" && s.target === counter);
    const up = steps.length === 1 ? selfUpdate(steps[0]) : undefined;
    const fromZero = inits.length === 1 && exprEquals(inits[0].expr, num(0));
    return fromZero && up?.op === "+" && isOne(up.step) ? { counter, bound: test.right } : undefined;
  }
  // A reversed loop: `count = Math.max(0, s); i = count; for (count…) { i -= 1; … }`, s an integer (a trip count
  // is only computed this way from an integer bound, or under `exactSizes`, which the jammed loop runs under).
  const first = inner.body[0];
  if (inner.count.kind !== "var" || first?.kind !== "assign") return undefined;
  const count = inP(inner.count.name);
  const trips = count.length === 1 ? count[0].expr : undefined;
  if (trips?.kind !== "call" || trips.callee !== "Math.max" || !exprEquals(trips.args[0], num(0))) return undefined;
  const counter = first.target;
  const inits = inP(counter);
  const down = selfUpdate(first);
  const steps = assignmentCounts(inner.body).get(counter);
  const fromCount = inits.length === 1 && exprEquals(inits[0].expr, inner.count);
  return fromCount && steps === 1 && down?.op === "-" && isOne(down.step)
    ? { counter, bound: trips.args[1] }
    : undefined;
}

/** "row" for an index equal to the outer counter, "block" for `counter * s + i`, else undefined. */
function formOf(e: Expr, counter: string, range: { counter: string; bound: Expr } | undefined): string | undefined {
  const isVar = (x: Expr, name: string) => x.kind === "var" && x.name === name;
  if (isVar(e, counter)) return "row";
  if (!range || e.kind !== "binary" || e.op !== "+") return undefined;
  const [scaled, offset] = isVar(e.right, range.counter) ? [e.left, e.right] : [e.right, e.left];
  if (!isVar(offset, range.counter) || scaled.kind !== "binary" || scaled.op !== "*") return undefined;
  const size = isVar(scaled.left, counter) ? scaled.right : isVar(scaled.right, counter) ? scaled.left : undefined;
  return size && exprEquals(size, range.bound) ? "block" : undefined;
}

function jamLoop(loop: LoopStmt | RepeatStmt, jamming: Jamming): Stmt[] | undefined {
  const original = nestOf(loop);
  if (!original) return undefined;
  const guarded = jamming.exact !== "" && namesUsed(loop.body).has(jamming.exact);
  const nest = guarded ? resolveNest(original, jamming.exact) : original;
  if (!nest) return undefined;
  const uses = usesOf(nest, jamming);
  const plan = planOf(nest, uses, jamming);
  if (!plan) return undefined;
  // A reversed loop declaring its counter (`for (let k = count; …)`) gets a hoisted one the two loops share.
  const hoisted = loop.kind === "repeat" && !exprEquals(loop.count, v(loop.counter));
  const counter = hoisted ? jamming.newLocal(loop.counter) : "";
  const remainder: LoopStmt | RepeatStmt = hoisted ? { ...loop, counter, count: v(counter) } : loop;
  const start: Stmt[] =
    hoisted && loop.kind === "repeat" ? [{ kind: "assign", target: counter, expr: loop.count }] : [];
  const jammed = jamBody(remainder, nest, plan, jamming);
  const guard: Stmt = { kind: "if", test: v(jamming.exact), then: [jammed], else: [], origin: loop.origin };
  return [...start, guarded ? guard : jammed, remainder];
}

function resolveNest(nest: Nest, exact: string): Nest | undefined {
  const [inner] = assumeExact([nest.inner], exact);
  if (inner?.kind !== "loop" && inner?.kind !== "repeat") return undefined;
  return {
    ...nest,
    setup: assumeExact(nest.setup, exact),
    inner,
    closing: assumeExact(nest.closing, exact),
  };
}

function jamBody(loop: LoopStmt | RepeatStmt, nest: Nest, plan: Plan, jamming: Jamming): Stmt {
  const factor = jamming.factor;
  const last = factor - 1;
  const { counter } = nest;
  // Rows 0 … factor−2 get their own counter and locals; the last row keeps the names, so they end as before.
  const rowName = (name: string, row: number) => (row === last ? name : jamming.newLocal(`${name}_r${row}`));
  const counters = Array.from({ length: factor }, (_, row) => rowName(counter, row));
  const copies = new Map(
    [...plan.private].map((name) => [name, Array.from({ length: factor }, (_, row) => rowName(name, row))]),
  );
  const rename = (row: number) => (name: string) =>
    name === counter ? counters[row] : (copies.get(name)?.[row] ?? name);
  const inRow = (stmts: readonly Stmt[], row: number): Stmt[] => renameStmts(stmts, rename(row));
  const isShared = (s: Stmt) => s.kind === "assign" && plan.shared.has(s.target);
  const rows = Array.from({ length: factor }, (_, row) => row);
  const origin = nest.update.origin;
  // Forward: rows j … j+factor−1 (the last keeps `j`), then the original `j += 1` after the last row's T. Reverse:
  // rows j−1 … j−factor.
  const setCounters: Stmt[] = rows.map((row) => {
    const offset = nest.down ? row + 1 : row;
    const target = counters[row];
    const expr = offset === 0 ? v(counter) : binary(nest.down ? "-" : "+", v(counter), num(offset));
    return { kind: "assign", target, expr, origin };
  });
  const setup = rows.flatMap((row) => inRow(row === 0 ? nest.setup : nest.setup.filter((s) => !isShared(s)), row));
  const innerBody = nest.inner.body.flatMap((s) => (isShared(s) ? [s] : rows.flatMap((row) => inRow([s], row))));
  const inner: Stmt = { ...nest.inner, body: innerBody };
  const closing = rows.flatMap((row) => inRow(nest.closing, row));
  const body = [...setCounters, ...setup, inner];
  if (loop.kind === "repeat") {
    const step: Stmt = { kind: "assign", target: loop.counter, expr: binary("-", v(loop.counter), num(factor)) };
    return {
      kind: "loop",
      label: "",
      pre: [],
      test: binary(">=", v(loop.counter), num(factor)),
      body: [...body, ...closing, step],
      update: [],
      doWhile: false,
      origin: loop.origin,
    };
  }
  const test = loop.test as Extract<Expr, { kind: "binary" }>;
  return {
    ...loop,
    test: binary("<", binary("+", v(counter), num(last)), test.right),
    body: [...body, ...closing, nest.update],
  };
}

function renameStmts(stmts: readonly Stmt[], rename: (name: string) => string): Stmt[] {
  const expr = (e: Expr) => substitute(e, (n) => (rename(n) === n ? undefined : v(rename(n))));
  return stmts.map((s): Stmt => {
    switch (s.kind) {
      case "assign":
        return { ...s, target: rename(s.target), expr: expr(s.expr) };
      case "store":
        return { ...s, index: expr(s.index), value: expr(s.value) };
      case "effect":
        return { ...s, expr: expr(s.expr) };
      case "if":
        return { ...s, test: expr(s.test), then: renameStmts(s.then, rename), else: renameStmts(s.else, rename) };
      default:
        return s;
    }
  });
}

/**
 * Arrays nothing else can alias: `adjoints` (already known to be), and the typed-array `locals` the body allocates;
 * each only ever assigned fresh allocations, and never read as a whole (copied, passed to a call) before the
 * function returns it.
 */
export function ownedArrays(
  body: readonly Stmt[],
  adjoints: Iterable<string>,
  locals: ReadonlyMap<string, VarType>,
): Set<string> {
  const allocated = new Set<string>();
  forEachStmt(body, (s) => s.kind === "assign" && s.expr.kind === "alloc" && allocated.add(s.target));
  const typed = [...locals].filter(
    ([name, type]) => (type === "Float64Array" || type === "Float32Array") && allocated.has(name),
  );
  const owned = new Set([...adjoints, ...typed.map(([name]) => name)]);
  const dropWhole = (e: Expr): void => {
    if (e.kind === "var") owned.delete(e.name);
    else if (e.kind === "index") [e.index, ...(e.outer ? [e.outer] : [])].forEach(dropWhole);
    else if (e.kind === "length") {
      if (e.outer) dropWhole(e.outer);
    } else childrenOf(e).forEach(dropWhole);
  };
  // (Arrays trading places stay owned: each is still one array under one name at a time.)
  forEachStmt(body, (s) => {
    if (s.kind === "assign" && s.expr.kind !== "alloc") owned.delete(s.target);
    if (s.kind === "callAssign") s.targets.forEach((t) => owned.delete(t));
    if (s.kind !== "return" && s.kind !== "permute") expressionsOf(s).forEach(dropWhole);
  });
  return owned;
}
