/**
 * Recompute instead of record (Griewank & Walther, ch. 12): a value computed afresh in every loop iteration from
 * values that are still there when the reverse sweep replays that iteration is cheaper to recompute than to push
 * and pop. The reverse sweep of such an iteration first restores the loop's counters, then re-runs the
 * recomputable statements (the iteration's *prelude*), then propagates adjoints as usual.
 *
 *   for (i …) { const xi = x[i]; const a = xi * xi; s += Math.sin(a); i += 1 }
 *   → reverse of one iteration: 'i -= 1; xi = x[i]; a = xi * xi;' then the adjoints: nothing on the tape.
 *
 * A statement `t = e` directly in a loop body, or in a branch of an `if` inside a loop, is recomputable when
 * - `e` is one elementary operation (arithmetic, a copy, an element or length read of an array that is never
 *   written or rebound: a parameter the function only reads; an element read of a local array created once and only
 *   pushed to, such as a local matrix's rows and row starts; or a `Math` call: a cheap one anywhere, a library
 *   call such as `Math.exp` only in the loop that may be fused, since a push and a pop cost less than a second
 *   `exp` but a fused loop records nothing);
 * - `t` is iteration-local: assigned by this statement only, read only by later statements of the same body;
 * - every other variable `e` reads is either recomputable itself or not assigned between this statement and the
 *   last statement that reads a recomputed value (the prelude runs at that point of the reverse sweep, after the
 *   later statements, such as the counter update, have been undone).
 * The to-be-recorded analysis then treats the prelude's reads as reads of the reverse sweep, so whatever else they
 * need (counters, values overwritten later) is restored.
 */
import { childrenOf, isMatrixType, isPrimitiveCall, isRecordsType, varsOf, type Expr } from "../ir/expr";
import type { CallWrites } from "./writes";
import {
  expressionsOf,
  forEachStmt,
  isArrayType,
  readsOfStatement,
  type AssignStmt,
  type FunctionIR,
  type Stmt,
  type StoreStmt,
  type VarType,
} from "../ir/stmt";

/**
 * The statements a loop's reverse sweep re-runs, by position: `at.get(k)` (in primal order) run just before the
 * reverse of the body's statement k, the last one that reads their values (directly or through other re-run ones).
 */
export interface Prelude {
  readonly at: ReadonlyMap<number, readonly AssignStmt[]>;
}

export interface RecomputePlan {
  readonly recomputed: ReadonlySet<AssignStmt>;
  /**
   * Local arrays whose overwritten elements the forward sweep saves and the reverse sweep puts back, so that their
   * elements can be re-read: worth it when they are read in a deeper loop than they are written, or more often.
   */
  readonly restored: ReadonlySet<string>;
  /** Stores into those arrays made before anything reads one of their elements: what they overwrite is never read. */
  readonly unsaved: ReadonlySet<StoreStmt>;
  /** By block: a loop's body, or a branch of an `if` inside a loop (the arrays of the IR, by identity). */
  readonly preludes: ReadonlyMap<readonly Stmt[], Prelude>;
}

/**
 * `adjointReads(s)`: primal variables whose values the adjoint of `s` reads. A recomputed statement's target is
 * recomputed only when some adjoint (or another recomputed statement) reads it.
 */
export function planRecomputation(
  fn: FunctionIR,
  adjointReads: (s: Stmt) => ReadonlySet<string>,
  arraysInReverse: boolean,
  callWrites: CallWrites = () => [],
  fusible?: readonly Stmt[],
): RecomputePlan {
  const adjointNeeds = new Set<string>();
  forEachStmt(fn.body, (s) => adjointReads(s).forEach((n) => adjointNeeds.add(n)));
  const facts = { ...gatherFacts(fn, arraysInReverse, adjointNeeds, callWrites), fusible };
  const candidates = new Map(facts.blocks.map((block) => [block, candidatesIn(block, facts)]));
  // Recompute what some adjoint reads, closed over the recomputed statements' own operands; then drop statements
  // whose operands change before the prelude would run, and start over until nothing is dropped.
  for (;;) {
    const recomputed = neededAmong([...candidates.values()].flat(), adjointNeeds);
    const preludes = new Map<readonly Stmt[], Prelude>();
    let dropped = false;
    for (const [block, stmts] of candidates) {
      const chosen = stmts.filter((s) => recomputed.has(s));
      if (chosen.length === 0) continue;
      const points = rerunPoints(block, chosen);
      const unavailable = chosen.filter((s) => operandChanges(block, s, points.get(s) as number, chosen, facts));
      if (unavailable.length > 0) {
        candidates.set(
          block,
          stmts.filter((s) => !unavailable.includes(s)),
        );
        dropped = true;
      } else {
        const at = new Map<number, AssignStmt[]>();
        for (const s of chosen) at.set(points.get(s) as number, [...(at.get(points.get(s) as number) ?? []), s]);
        preludes.set(block, { at });
      }
    }
    if (!dropped) {
      const restored = new Set<string>();
      recomputed.forEach(({ expr }) => {
        if ((expr.kind === "index" || expr.kind === "length") && facts.restorable.has(expr.array))
          restored.add(expr.array);
      });
      const pushes: StoreStmt[] = [];
      forEachStmt(fn.body, (s) => s.kind === "store" && s.append && pushes.push(s));
      const unsaved = new Set(
        [...facts.beforeReads, ...storesIntoFresh(fn.body), ...pushes].filter((x) => restored.has(x.array)),
      );
      return { recomputed, restored, unsaved, preludes };
    }
  }
}

/**
 * Arrays whose elements the reverse sweep finds as the forward sweep read them, whatever it reads them for: parameters
 * the function never writes nor rebinds, and local arrays created once and filled before their first read (none in a
 * split reverse sweep, which sees no arrays).
 */
export function unchangedArrays(fn: FunctionIR, arraysInReverse: boolean, callWrites: CallWrites): Set<string> {
  const { frozen, settled, typeOf } = gatherFacts(fn, arraysInReverse, new Set(), callWrites);
  return new Set([...frozen, ...settled].filter((name) => isArrayType(typeOf(name))));
}

function neededAmong(stmts: readonly AssignStmt[], adjointNeeds: ReadonlySet<string>): Set<AssignStmt> {
  const needed = new Set(adjointNeeds);
  const chosen = new Set<AssignStmt>();
  for (let changed = true; changed;) {
    changed = false;
    for (const s of stmts) {
      if (chosen.has(s) || !needed.has(s.target)) continue;
      chosen.add(s);
      varsOf(s.expr).forEach((n) => needed.add(n));
      changed = true;
    }
  }
  return chosen;
}

interface Facts {
  /** Loop bodies, and branches of `if`s inside loops: where values are overwritten from one iteration to the next. */
  readonly blocks: Stmt[][];
  /** How many statements assign each variable. */
  readonly assignments: Map<string, number>;
  /** How many statements read each variable (a statement counts once per variable). */
  readonly reads: Map<string, number>;
  /** Arrays whose elements and length cannot change during a call. */
  readonly frozen: ReadonlySet<string>;
  /** Stores made in statements of the function's body before the first that reads one of their array's elements. */
  readonly beforeReads: ReadonlySet<StoreStmt>;
  /** Local arrays that may be restored (see RecomputePlan.restored). */
  readonly restorable: ReadonlySet<string>;
  /** Those of them that pushes grow: their elements read the same in the reverse sweep, their lengths do not. */
  readonly lengthChanges: ReadonlySet<string>;
  /**
   * Local arrays created once and only pushed to: an element read in the forward sweep is still there, unchanged, in
   * the reverse sweep (their lengths are not: those change).
   */
  readonly grown: ReadonlySet<string>;
  /** Local arrays no statement writes after the first that reads one of their elements. */
  readonly settled: ReadonlySet<string>;
  readonly typeOf: (name: string) => VarType | undefined;
  /** The returned variable: its final value must survive the reverse sweep. */
  readonly result: string;
  /** The body of the loop that may be fused (see fusionCandidate), where library calls stay recomputable. */
  readonly fusible?: readonly Stmt[];
}

/** `arraysInReverse`: whether the reverse sweep can read the arrays the primal read (not in a split reverse sweep). */
function gatherFacts(
  fn: FunctionIR,
  arraysInReverse: boolean,
  adjointNeeds: ReadonlySet<string>,
  callWrites: CallWrites,
): Facts {
  const { assignments, reads } = usesIn(fn);
  const needed = neededThroughCheapSteps(fn, adjointNeeds);
  const stored = new Set<string>();
  const copied = new Set<string>();
  const typeOf = (name: string): VarType | undefined =>
    fn.locals.get(name) ?? fn.params.find((p) => p.name === name)?.type;
  const deepest = (map: Map<string, number>, name: string, depth: number) =>
    map.set(name, Math.max(map.get(name) ?? -1, depth));
  const storeDepth = new Map<string, number>();
  const neededReadDepth = new Map<string, number>();
  const appended = new Set<string>();
  // Grown by pushes, whose stores overwrite nothing.
  const pushedTo = new Set<string>();
  const overwritten = new Set<string>();
  forEachStmt(fn.body, (s, depth) => {
    // Arrays that trade places: a name holds one array, then another; the facts below are about one array per name.
    if (s.kind === "permute") s.targets.forEach((name) => copied.add(name));
    if (s.kind === "assign") {
      if (s.expr.kind === "var" && isArrayType(typeOf(s.target))) copied.add(s.expr.name).add(s.target);
      if (s.expr.kind === "index" && needed.has(s.target)) deepest(neededReadDepth, s.expr.array, depth);
      // An array a callee writes into changes without a store here, and its old elements are not saved.
      if (s.expr.kind === "call") {
        for (const k of callWrites(s.expr.callee)) {
          const arg = s.expr.args[k];
          if (arg?.kind !== "var") continue;
          stored.add(arg.name);
          appended.add(arg.name);
          overwritten.add(arg.name);
        }
      }
    }
    if (s.kind === "store") {
      stored.add(s.array);
      deepest(storeDepth, s.array, depth);
      if (s.append) pushedTo.add(s.array);
      else overwritten.add(s.array);
    }
  });
  // A local array created once, outside loops, and never grown or aliased: putting back its overwritten elements
  // makes it read the same in the reverse sweep as in the forward one.
  const createdOnce = (name: string) =>
    assignments.get(name) === 1 &&
    fn.body.some((s) => s.kind === "assign" && s.target === name && s.expr.kind === "alloc");
  const localArrays = [...fn.locals]
    .filter(([, type]) => arraysInReverse && isArrayType(type) && !isMatrixType(type))
    .map(([name]) => name)
    .filter((name) => createdOnce(name) && !copied.has(name));
  // Only ever pushed to (a local matrix's rows and row starts, a list of results): an element, once there, stays.
  const grown = new Set(localArrays.filter((name) => !overwritten.has(name)));
  // Filled by statements that all come before any that reads an element ('const w = x.slice(1)', then loops over
  // w): what a read finds, the reverse sweep finds too, since it undoes the fill only after them.
  const { lastWrite, firstRead, stores } = elementAccessSpans(fn, callWrites);
  const settled = new Set(
    localArrays.filter(
      (name) =>
        !appended.has(name) && !pushedTo.has(name) && (lastWrite.get(name) ?? -1) < (firstRead.get(name) ?? Infinity),
    ),
  );
  // Given a fresh array by every one of its assignments, more than one ('h = next' in a loop, which lowering makes a
  // copy into a new array): the reverse sweep takes back each array an assignment replaced (the to-be-recorded
  // analysis records the assignment, and an array variable's record is the array itself, set aside whole), so with
  // its overwritten elements put back too, it reads the same in the reverse sweep as in the forward one.
  const freshOnly = new Map<string, boolean>();
  forEachStmt(fn.body, (s) => {
    if (s.kind === "assign") freshOnly.set(s.target, (freshOnly.get(s.target) ?? true) && s.expr.kind === "alloc");
  });
  const rebound = [...fn.locals]
    .filter(([, type]) => arraysInReverse && isArrayType(type) && !isMatrixType(type))
    .map(([name]) => name)
    .filter((name) => (assignments.get(name) ?? 0) > 1 && freshOnly.get(name) && !copied.has(name));
  // Worth it where the elements are read in a deeper loop than they are written, or more often than written in the
  // loop that writes them (a stencil updated in place reads three elements per one it writes).
  const crowded = readMoreThanWritten(fn.body);
  const worthRestoring = (name: string) =>
    (neededReadDepth.get(name) ?? -1) > (storeDepth.get(name) ?? -1) || crowded.has(name);
  // (A settled array needs nothing put back.)
  // A rebound array may be pushed to ('P = matmul(P, A)' builds each new matrix row by row): the pushes overwrite
  // nothing, so its elements read the same in the reverse sweep; its length does not.
  const restorable = new Set(
    [...localArrays.filter((name) => !pushedTo.has(name)), ...rebound]
      .filter((name) => !appended.has(name) && !settled.has(name))
      .filter(worthRestoring),
  );
  // A parameter array the function never writes, nor binds to another name that might be written.
  const frozen = new Set(
    fn.params
      .filter(
        (p) =>
          arraysInReverse &&
          (isArrayType(p.type) || isRecordsType(p.type)) &&
          !stored.has(p.name) &&
          !copied.has(p.name),
      )
      .map((p) => p.name),
  );
  return {
    blocks: blocksInLoops(fn.body, false),
    assignments,
    reads,
    frozen,
    beforeReads: new Set(stores.filter(([s, at]) => at < (firstRead.get(s.array) ?? Infinity)).map(([s]) => s)),
    restorable,
    lengthChanges: new Set([...restorable].filter((name) => pushedTo.has(name))),
    grown,
    settled,
    typeOf,
    result: fn.result,
  };
}

/**
 * What the adjoints read, and what the cheap steps computing those values read in turn ('P_inRow', the index of an
 * element of a local matrix, from 'P_rowEnd = P_rowStarts[i + 1]'): values the reverse sweep may recompute, reading
 * the arrays they come from again.
 */
function neededThroughCheapSteps(fn: FunctionIR, adjointNeeds: ReadonlySet<string>): Set<string> {
  const cheap = new Set(["var", "unary", "binary", "cond", "index", "length"]);
  const needed = new Set(adjointNeeds);
  for (let grown = true; grown;) {
    grown = false;
    forEachStmt(fn.body, (s) => {
      if (s.kind !== "assign" || !needed.has(s.target) || !cheap.has(s.expr.kind)) return;
      for (const name of varsOf(s.expr)) {
        if (needed.has(name)) continue;
        needed.add(name);
        grown = true;
      }
    });
  }
  return needed;
}

/**
 * Stores into an array that an allocation earlier in the same list of statements made afresh, made by statements of
 * that list that come before any that reads the array ('h = new Float64Array(n)', then a loop filling it): what they
 * overwrite is the allocation's zeros, or a value stored since that nothing read, which the reverse sweep does not
 * need back (before it reads that array's elements again, it takes back the array the allocation replaced).
 */
function storesIntoFresh(body: readonly Stmt[]): StoreStmt[] {
  const found: StoreStmt[] = [];
  const visit = (stmts: readonly Stmt[]) => {
    const fresh = new Set<string>();
    for (const s of stmts) {
      const read = new Set<string>();
      const stores: StoreStmt[] = [];
      forEachStmt([s], (t) => {
        readsOfStatement(t).forEach((name) => read.add(name));
        if (t.kind === "store") stores.push(t);
      });
      found.push(...stores.filter((t) => fresh.has(t.array) && !read.has(t.array)));
      read.forEach((name) => fresh.delete(name));
      if (s.kind === "assign") {
        if (s.expr.kind === "alloc") fresh.add(s.target);
        else fresh.delete(s.target);
      }
      if (s.kind === "callAssign") s.targets.forEach((name) => fresh.delete(name));
      if (s.kind === "if") [s.then, s.else].forEach(visit);
      if (s.kind === "loop") [s.pre, s.body, s.update].forEach(visit);
    }
  };
  visit(body);
  return found;
}

/**
 * By array, the position in the function's body of the last top-level statement that writes an element (a store, a
 * callee given the array to write), and of the first that reads one (an element read, the array passed whole); and
 * each store with the position of the top-level statement it is in.
 */
function elementAccessSpans(
  fn: FunctionIR,
  callWrites: CallWrites,
): { lastWrite: Map<string, number>; firstRead: Map<string, number>; stores: [StoreStmt, number][] } {
  const lastWrite = new Map<string, number>();
  const firstRead = new Map<string, number>();
  const stores: [StoreStmt, number][] = [];
  const readsIn = (e: Expr, at: number): void => {
    if ((e.kind === "index" || e.kind === "var") && !firstRead.has(e.kind === "index" ? e.array : e.name))
      firstRead.set(e.kind === "index" ? e.array : e.name, at);
    childrenOf(e).forEach((child) => readsIn(child, at));
  };
  fn.body.forEach((top, at) =>
    forEachStmt([top], (s) => {
      if (s.kind === "store") {
        lastWrite.set(s.array, at);
        stores.push([s, at]);
      }
      if (s.kind === "assign" && s.expr.kind === "call")
        for (const k of callWrites(s.expr.callee)) {
          const arg = s.expr.args[k];
          if (arg?.kind === "var") lastWrite.set(arg.name, at);
        }
      expressionsOf(s).forEach((e) => readsIn(e, at));
    }),
  );
  return { lastWrite, firstRead, stores };
}

/** Arrays some loop body (or branch in one) reads, by statements of its own, more often than it writes them. */
function readMoreThanWritten(body: readonly Stmt[]): Set<string> {
  const crowded = new Set<string>();
  const count = (map: Map<string, number>, name: string) => map.set(name, (map.get(name) ?? 0) + 1);
  for (const block of blocksInLoops(body, false)) {
    const [reads, writes] = [new Map<string, number>(), new Map<string, number>()];
    for (const s of block) {
      if (s.kind === "assign" && s.expr.kind === "index") count(reads, s.expr.array);
      if (s.kind === "store") count(writes, s.array);
    }
    for (const [array, n] of writes) if ((reads.get(array) ?? 0) > n) crowded.add(array);
  }
  return crowded;
}

function blocksInLoops(stmts: readonly Stmt[], inLoop: boolean): Stmt[][] {
  return stmts.flatMap((s) => {
    if (s.kind === "loop") return [s.body, ...blocksInLoops(s.pre, true), ...blocksInLoops(s.body, true)];
    if (s.kind !== "if") return [];
    const nested = [...blocksInLoops(s.then, inLoop), ...blocksInLoops(s.else, inLoop)];
    return inLoop ? [s.then, s.else, ...nested] : nested;
  });
}

/** Elementary, iteration-local statements directly in the block. */
function candidatesIn(block: readonly Stmt[], facts: Facts): AssignStmt[] {
  const readsAt = block.map(readsWithin);
  return block.flatMap((s, k) =>
    s.kind === "assign" && isElementary(s, block, facts) && isIterationLocal(s.target, k, readsAt, facts) ? [s] : [],
  );
}

/**
 * Where each chosen statement is re-run: before the reverse of the last body statement that reads its value, and
 * before any re-run statement that reads it.
 */
function rerunPoints(body: readonly Stmt[], chosen: readonly AssignStmt[]): Map<AssignStmt, number> {
  const readsAt = body.map(readsWithin);
  const points = new Map<AssignStmt, number>();
  for (const s of [...chosen].reverse()) {
    let point = body.indexOf(s);
    readsAt.forEach((reads, k) => {
      if (reads.has(s.target)) point = Math.max(point, k);
    });
    for (const [later, laterPoint] of points) if (varsOf(later.expr).has(s.target)) point = Math.max(point, laterPoint);
    points.set(s, point);
  }
  return points;
}

/** Whether the body assigns one of `s`'s operands (other than re-run values) between `s` and its re-run point. */
function operandChanges(
  body: readonly Stmt[],
  s: AssignStmt,
  point: number,
  chosen: readonly AssignStmt[],
  facts: Facts,
): boolean {
  const rerun = new Set(chosen.map((c) => c.target));
  const assigned = new Set<string>();
  body.slice(body.indexOf(s), point + 1).forEach((x) => assignsWithin(x).forEach((n) => assigned.add(n)));
  return [...varsOf(s.expr)].some((u) => !rerun.has(u) && !facts.frozen.has(u) && assigned.has(u));
}

/**
 * `Math` functions that cost about as much as a push and a pop (one instruction or a few); the others (exp, log,
 * sin, tanh, pow…) are library calls of tens of instructions.
 */
const cheapMath = new Set([
  "Math.abs",
  "Math.min",
  "Math.max",
  "Math.sign",
  "Math.floor",
  "Math.ceil",
  "Math.round",
  "Math.trunc",
  "Math.fround",
  "Math.sqrt",
  "Math.clz32",
  "Math.imul",
]);

/** One deterministic elementary operation whose inputs stay available: no user calls, no random numbers. */
function isElementary(s: AssignStmt, block: readonly Stmt[], facts: Facts): boolean {
  if (facts.typeOf(s.target) !== "number" || s.target === facts.result) return false;
  const e = s.expr;
  switch (e.kind) {
    case "num":
    case "var":
    case "global":
    case "unary":
    case "binary":
      return readsAvailableArrays(e, facts);
    case "call":
      if (!isPrimitiveCall(e.callee) || e.callee === "Math.random") return false;
      return (cheapMath.has(e.callee) || block === facts.fusible) && readsAvailableArrays(e, facts);
    case "index":
    case "field":
    case "length":
    case "cond":
      return readsAvailableArrays(e, facts);
    default:
      return false;
  }
}

/**
 * Whether every array `e` reads, at any depth ('x.length + k'), reads the same in the reverse sweep: never one in a
 * split reverse sweep, which runs in a call of its own without the forward sweep's arrays.
 */
function readsAvailableArrays(e: Expr, facts: Facts): boolean {
  const available =
    (e.kind !== "index" && e.kind !== "field" && e.kind !== "length") ||
    facts.frozen.has(e.array) ||
    (facts.restorable.has(e.array) && (e.kind === "index" || !facts.lengthChanges.has(e.array))) ||
    facts.settled.has(e.array) ||
    (e.kind === "index" && facts.grown.has(e.array));
  return available && childrenOf(e).every((child) => readsAvailableArrays(child, facts));
}

/** How many statements assign, and how many read, each variable (a statement counts once per variable). */
interface Uses {
  readonly assignments: Map<string, number>;
  readonly reads: Map<string, number>;
}

function usesIn(fn: FunctionIR): Uses {
  const assignments = new Map<string, number>();
  const reads = new Map<string, number>();
  const bump = (map: Map<string, number>, name: string) => map.set(name, (map.get(name) ?? 0) + 1);
  forEachStmt(fn.body, (s) => {
    writesOfAssignment(s).forEach((n) => bump(assignments, n));
    readsOfStatement(s).forEach((n) => bump(reads, n));
  });
  return { assignments, reads };
}

/** Assigned only here, read only by statements after position `at` of the same block. */
function isIterationLocal(
  target: string,
  at: number,
  readsAt: readonly ReadonlyMap<string, number>[],
  uses: Uses,
): boolean {
  if (uses.assignments.get(target) !== 1) return false;
  let readsAfter = 0;
  for (let k = at + 1; k < readsAt.length; k++) readsAfter += readsAt[k].get(target) ?? 0;
  return readsAfter === (uses.reads.get(target) ?? 0) && (readsAt[at].get(target) ?? 0) === 0;
}

/** The assignments directly in `block` whose value lives within one pass through it (see isIterationLocal). */
export function iterationLocalAssignments(fn: FunctionIR, block: readonly Stmt[]): Set<AssignStmt> {
  const uses = usesIn(fn);
  const readsAt = block.map(readsWithin);
  return new Set(
    block.filter((s, k): s is AssignStmt => s.kind === "assign" && isIterationLocal(s.target, k, readsAt, uses)),
  );
}

/** Read counts of a statement and everything nested in it. */
function readsWithin(s: Stmt): Map<string, number> {
  const counts = new Map<string, number>();
  forEachStmt([s], (x) => readsOfStatement(x).forEach((n) => counts.set(n, (counts.get(n) ?? 0) + 1)));
  return counts;
}

function assignsWithin(s: Stmt): Set<string> {
  const out = new Set<string>();
  forEachStmt([s], (x) => {
    writesOfAssignment(x).forEach((n) => out.add(n));
    if (x.kind === "store") out.add(x.array);
  });
  return out;
}

/** The variables a statement gives a new value: an assignment's target, the names of arrays that trade places. */
const writesOfAssignment = (s: Stmt): readonly string[] =>
  s.kind === "assign" ? [s.target] : s.kind === "permute" ? s.targets : [];
