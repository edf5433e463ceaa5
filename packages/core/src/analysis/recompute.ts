/**
 * Recompute instead of record (Griewank & Walther, ch. 12): a value computed afresh in every loop iteration from
 * values that are still there when the reverse sweep replays that iteration is cheaper to recompute than to push
 * and pop. The reverse sweep of such an iteration first restores the loop's counters, then re-runs the
 * recomputable statements (the iteration's *prelude*), then propagates adjoints as usual.
 *
 *   for (i …) { const xi = x[i]; const a = xi * xi; s += Math.sin(a); i += 1 }
 *   → reverse of one iteration: 'i -= 1; xi = x[i]; a = xi * xi;' then the adjoints: nothing on the tape.
 *
 * A statement `t = e` at the top level of a loop body is recomputable when
 * - `e` is one elementary operation (arithmetic, a deterministic `Math` call, a copy, an element or length read of
 *   an array that is never written or rebound: a parameter the function only reads);
 * - `t` is iteration-local: assigned by this statement only, read only by later statements of the same body;
 * - every other variable `e` reads is either recomputable itself or not assigned between this statement and the
 *   last statement that reads a recomputed value (the prelude runs at that point of the reverse sweep, after the
 *   later statements, such as the counter update, have been undone).
 * The to-be-recorded analysis then treats the prelude's reads as reads of the reverse sweep, so whatever else they
 * need (counters, values overwritten later) is restored.
 */
import { varsOf, type Expr } from "../ir/expr";
import {
  forEachStmt,
  isArrayType,
  type AssignStmt,
  type FunctionIR,
  type LoopStmt,
  type Stmt,
  type VarType,
} from "../ir/stmt";

export interface Prelude {
  /** Statements re-run at the start of the reverse of each iteration, in primal order. */
  readonly stmts: readonly AssignStmt[];
  /** Index in the loop body of the last statement that reads a recomputed value: the prelude runs before its reverse. */
  readonly before: number;
}

export interface RecomputePlan {
  readonly recomputed: ReadonlySet<AssignStmt>;
  readonly preludes: ReadonlyMap<LoopStmt, Prelude>;
}

/**
 * `adjointReads(s)`: primal variables whose values the adjoint of `s` reads. A recomputed statement's target is
 * recomputed only when some adjoint (or another recomputed statement) reads it.
 */
export function planRecomputation(
  fn: FunctionIR,
  adjointReads: (s: Stmt) => ReadonlySet<string>,
  arraysInReverse: boolean,
): RecomputePlan {
  const facts = gatherFacts(fn, arraysInReverse);
  const candidates = new Map<LoopStmt, AssignStmt[]>();
  for (const loop of facts.loops) candidates.set(loop, recomputableIn(loop, facts));

  // Which candidates are worth recomputing: those whose value some adjoint reads, closed over their own operands.
  const needed = new Set<string>();
  forEachStmt(fn.body, (s) => adjointReads(s).forEach((n) => needed.add(n)));
  const all = [...candidates.values()].flat();
  const recomputed = new Set<AssignStmt>();
  for (let changed = true; changed;) {
    changed = false;
    for (const s of all) {
      if (recomputed.has(s) || !needed.has(s.target)) continue;
      recomputed.add(s);
      varsOf(s.expr).forEach((n) => needed.add(n));
      changed = true;
    }
  }

  const preludes = new Map<LoopStmt, Prelude>();
  for (const [loop, stmts] of candidates) {
    const chosen = stmts.filter((s) => recomputed.has(s));
    const readsAt = loop.body.map(readsWithin);
    if (chosen.length > 0) preludes.set(loop, { stmts: chosen, before: lastReader(loop.body, chosen, readsAt) });
  }
  return { recomputed, preludes };
}

interface Facts {
  readonly loops: LoopStmt[];
  /** How many statements assign each variable. */
  readonly assignments: Map<string, number>;
  /** How many statements read each variable (a statement counts once per variable). */
  readonly reads: Map<string, number>;
  /** Arrays whose elements and length cannot change during a call. */
  readonly frozen: ReadonlySet<string>;
  readonly typeOf: (name: string) => VarType | undefined;
  /** The returned variable: its final value must survive the reverse sweep. */
  readonly result: string;
}

/** `arraysInReverse`: whether the reverse sweep can read the arrays the primal read (not in a split reverse sweep). */
function gatherFacts(fn: FunctionIR, arraysInReverse: boolean): Facts {
  const loops: LoopStmt[] = [];
  const assignments = new Map<string, number>();
  const reads = new Map<string, number>();
  const stored = new Set<string>();
  const copied = new Set<string>();
  const typeOf = (name: string): VarType | undefined =>
    fn.locals.get(name) ?? fn.params.find((p) => p.name === name)?.type;
  const bump = (map: Map<string, number>, name: string) => map.set(name, (map.get(name) ?? 0) + 1);
  forEachStmt(fn.body, (s) => {
    if (s.kind === "loop") loops.push(s);
    if (s.kind === "assign") {
      bump(assignments, s.target);
      if (s.expr.kind === "var" && isArrayType(typeOf(s.target))) copied.add(s.expr.name).add(s.target);
    }
    if (s.kind === "store") stored.add(s.array);
    readsOfStmt(s).forEach((n) => bump(reads, n));
  });
  // A parameter array the function never writes, nor binds to another name that might be written.
  const frozen = new Set(
    fn.params
      .filter((p) => arraysInReverse && isArrayType(p.type) && !stored.has(p.name) && !copied.has(p.name))
      .map((p) => p.name),
  );
  return { loops, assignments, reads, frozen, typeOf, result: fn.result };
}

function recomputableIn(loop: LoopStmt, facts: Facts): AssignStmt[] {
  const body = loop.body;
  const readsAt = body.map(readsWithin);
  const assignsAt = body.map(assignsWithin);
  let chosen = body.flatMap((s, k) =>
    s.kind === "assign" && isElementary(s, facts) && isIterationLocal(s.target, k, readsAt, facts) ? [s] : [],
  );
  // Dropping a candidate can invalidate those that read it: repeat until stable.
  for (let changed = true; changed;) {
    changed = false;
    const targets = new Set(chosen.map((s) => s.target));
    const last = lastReader(body, chosen, readsAt);
    const kept = chosen.filter((s) => {
      const at = body.indexOf(s);
      return [...varsOf(s.expr)].every(
        (u) => targets.has(u) || facts.frozen.has(u) || !assignsAt.slice(at, last + 1).some((set) => set.has(u)),
      );
    });
    if (kept.length !== chosen.length) {
      chosen = kept;
      changed = true;
    }
  }
  return chosen;
}

/** One deterministic elementary operation whose inputs stay available: no user calls, no random numbers. */
function isElementary(s: AssignStmt, facts: Facts): boolean {
  if (facts.typeOf(s.target) !== "number" || s.target === facts.result) return false;
  const e = s.expr;
  switch (e.kind) {
    case "num":
    case "var":
    case "global":
    case "unary":
    case "binary":
      return true;
    case "call":
      return e.callee.startsWith("Math.") && e.callee !== "Math.random";
    case "index":
    case "length":
      return facts.frozen.has(e.array);
    default:
      return false;
  }
}

/** Assigned only here, read only by statements after position `at` of the same loop body. */
function isIterationLocal(
  target: string,
  at: number,
  readsAt: readonly ReadonlyMap<string, number>[],
  facts: Facts,
): boolean {
  if (facts.assignments.get(target) !== 1) return false;
  let readsAfter = 0;
  for (let k = at + 1; k < readsAt.length; k++) readsAfter += readsAt[k].get(target) ?? 0;
  return readsAfter === (facts.reads.get(target) ?? 0) && (readsAt[at].get(target) ?? 0) === 0;
}

/** The last position in `body` that holds one of `chosen` or reads one of their values. */
function lastReader(
  body: readonly Stmt[],
  chosen: readonly AssignStmt[],
  readsAt: readonly ReadonlyMap<string, number>[],
): number {
  let last = -1;
  for (const s of chosen) {
    last = Math.max(last, body.indexOf(s));
    readsAt.forEach((reads, k) => {
      if (reads.has(s.target)) last = Math.max(last, k);
    });
  }
  return last;
}

/** Variables one statement reads itself (not its children). */
function readsOfStmt(s: Stmt): Set<string> {
  const out = new Set<string>();
  const add = (e: Expr) => varsOf(e, out);
  switch (s.kind) {
    case "assign":
      add(s.expr);
      break;
    case "store":
      add(s.index);
      add(s.value);
      if (s.outer) add(s.outer);
      break;
    case "if":
    case "loop":
      add(s.test);
      break;
    case "return":
      s.values.forEach(add);
      break;
    default:
      break;
  }
  return out;
}

/** Read counts of a statement and everything nested in it. */
function readsWithin(s: Stmt): Map<string, number> {
  const counts = new Map<string, number>();
  forEachStmt([s], (x) => readsOfStmt(x).forEach((n) => counts.set(n, (counts.get(n) ?? 0) + 1)));
  return counts;
}

function assignsWithin(s: Stmt): Set<string> {
  const out = new Set<string>();
  forEachStmt([s], (x) => {
    if (x.kind === "assign") out.add(x.target);
    if (x.kind === "store") out.add(x.array);
  });
  return out;
}
