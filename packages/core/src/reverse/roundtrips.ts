/**
 * Adjoint elements that make a round trip. The reverse of `A[k] = A[k] + e` reads the adjoint of the new element,
 * resets it, and adds it back as the adjoint of the old one:
 *
 *   t_bar = A_bar[k]; A_bar[k] = 0; e_bar = t_bar; …; A_bar[k] += t_bar
 *
 * The element ends where it began, after two stores and a load in every iteration of the loop that holds it (GMM's
 * `qx[row] += L[lt] * centered[col]`, an MLP layer's `z[c] += w * h[j]`). Within one list of statements, a reset
 * followed by an increment of the same element, with nothing in between that touches the array or changes the
 * index, becomes one assignment (the element is zero there): 'A_bar[k] = 0; …; A_bar[k] += u' → '…; A_bar[k] = u'.
 * When `u` is known to hold the value loaded from that element just before the reset, the assignment stores what the
 * element already holds, and both stores go.
 *
 * The other way round, an increment that is read back and reset before anything else uses the element (the reverse
 * of `centered[j] = …` after that of `qx[j] = qDiag[j] * centered[j]`) adds as it reads:
 * 'A_bar[k] += u; …; t = A_bar[k]; A_bar[k] = 0' → '…; t = A_bar[k] + u; A_bar[k] = 0', the same sum with one store
 * and one load fewer, and no wait for the store to reach the load.
 *
 * Only `Float64Array` adjoints that nothing else can alias qualify (those the generated function allocates, never
 * copied to another name, and gradInto's output arrays, which it checks): a store into any other array in between
 * cannot then reach the element. The sign of a zero may change (0 + -0 is
 * +0), which an adjoint does not care about.
 */
import { binary, childrenOf, exprEquals, v, varsOf, type Expr, type IndexExpr } from "../ir/expr";
import {
  callsThrough,
  mapNested,
  expressionsOf,
  readsOfStatement,
  writesOfStatement,
  type Stmt,
  type StoreStmt,
} from "../ir/stmt";
import { incrementOf } from "./promote";

export function elideRoundTrips(stmts: readonly Stmt[], owned: ReadonlySet<string>): Stmt[] {
  const out = stmts.map((s) => mapNested(s, (list) => elideRoundTrips(list, owned)));
  for (let r = 0; r < out.length; r++) {
    const reset = out[r];
    if (reset.kind !== "store" || !owned.has(reset.array) || !isReset(reset)) continue;
    const at = reset.index;
    const loaded = loadedCopy(out[r - 1], reset);
    const sameAsLoaded = new Set(loaded ? [loaded] : []);
    for (let k = r + 1; k < out.length; k++) {
      const s = out[k];
      const amount = s.kind === "store" && s.array === reset.array ? incrementAt(s, at) : undefined;
      if (amount) {
        const restoresLoaded = amount.kind === "var" && sameAsLoaded.has(amount.name);
        out.splice(k, 1, ...(restoresLoaded ? [] : [{ ...s, value: amount } as Stmt]));
        out.splice(r, 1);
        r--;
        break;
      }
      if (
        !isStraight(s) ||
        reaches(s, reset.array, at) ||
        (at.kind === "var" && writesOfStatement(s).includes(at.name))
      )
        break;
      if (s.kind === "assign") {
        sameAsLoaded.delete(s.target);
        if (s.expr.kind === "var" && sameAsLoaded.has(s.expr.name)) sameAsLoaded.add(s.target);
      }
    }
  }
  return out;
}

/**
 * 'A[k] += u; …; t = A[k]; A[k] = 0' → '…; t = A[k] + u; A[k] = 0' (see the file's comment). Runs after the adjoint
 * scalars that nothing reads are dropped: the reverse sweep resets `u` to zero right after adding it.
 */
export function foldReadBacks(stmts: readonly Stmt[], owned: ReadonlySet<string>): Stmt[] {
  const out = stmts.map((s) => mapNested(s, (list) => foldReadBacks(list, owned)));
  for (let r = 0; r < out.length; r++) {
    const increment = out[r];
    if (increment.kind !== "store" || !owned.has(increment.array) || !isAtom(increment.index)) continue;
    const amount = incrementOf(increment);
    if (!amount) continue;
    const at = increment.index;
    // The amount is now evaluated where the element is read: nothing in between may change what it reads.
    const inputs = varsOf(amount);
    if (at.kind === "var") inputs.add(at.name);
    for (let k = r + 1; k < out.length; k++) {
      const s = out[k];
      const next = out[k + 1];
      const readBack =
        s.kind === "assign" &&
        s.expr.kind === "index" &&
        s.expr.array === increment.array &&
        !s.expr.outer &&
        exprEquals(s.expr.index, at) &&
        next?.kind === "store" &&
        next.array === increment.array &&
        isReset(next) &&
        exprEquals(next.index, at);
      if (readBack) {
        out[k] = { ...s, expr: binary("+", s.expr, amount) };
        out.splice(r, 1);
        r--;
        break;
      }
      if (!isStraight(s) || reaches(s, increment.array, at) || writesOfStatement(s).some((n) => inputs.has(n))) break;
    }
  }
  return out;
}

/** An element index the pass follows: a variable or a constant. */
type Atom = { readonly kind: "var"; readonly name: string } | { readonly kind: "num"; readonly value: number };
type ResetStmt = StoreStmt & { readonly index: Atom };

const isAtom = (e: Expr): e is Atom => e.kind === "var" || e.kind === "num";

const isReset = (s: StoreStmt): s is ResetStmt =>
  !s.outer && !s.append && isAtom(s.index) && s.value.kind === "num" && s.value.value === 0;

/** 't = A[k]' right before the reset of A[k]: the name holding the element's value, else undefined. */
function loadedCopy(s: Stmt | undefined, reset: ResetStmt): string | undefined {
  if (s?.kind !== "assign" || s.expr.kind !== "index" || s.expr.outer) return undefined;
  const { array, index } = s.expr;
  const same = array === reset.array && exprEquals(index, reset.index);
  return same && !exprEquals(v(s.target), reset.index) ? s.target : undefined;
}

/** `A[at] = A[at] + u` with `u` not reading A: u, else undefined. */
const incrementAt = (s: StoreStmt, at: Atom): Expr | undefined =>
  exprEquals(s.index, at) ? incrementOf(s) : undefined;

/** Straight-line statements only: a jump or a call in between could skip the increment or reach the array. */
const isStraight = (s: Stmt): boolean => s.kind === "assign" || s.kind === "store" || s.kind === "effect";

/**
 * Whether `s` may read or write element `at` of `array`: any use of the array does, except elements at other
 * constant indices when `at` is a constant (unrolled code: 'q_bar[1] += …' between the reset and increment of q_bar[0]).
 */
function reaches(s: Stmt, array: string, at: Atom): boolean {
  // A method called on the array itself (gradInto's 'x_bar.fill(0)') is named by its callee, not by its arguments.
  if (callsThrough([s], array)) return true;
  const mentioned = (s.kind === "store" && s.array === array) || readsOfStatement(s).has(array);
  if (!mentioned) return writesOfStatement(s).includes(array);
  if (at.kind !== "num" || s.kind === "effect") return true;
  const otherConstant = (e: { readonly outer?: Expr; readonly index: Expr }) =>
    !e.outer && e.index.kind === "num" && e.index.value !== at.value;
  if (s.kind === "store" && s.array === array && !otherConstant(s)) return true;
  return expressionsOf(s).some((e) => usesElsewhere(e, array, otherConstant));
}

/** Whether `e` uses `array` other than through elements `allowed` accepts. */
function usesElsewhere(e: Expr, array: string, allowed: (e: IndexExpr) => boolean): boolean {
  if (e.kind === "index" && e.array === array && allowed(e)) return false;
  if ((e.kind === "var" && e.name === array) || ((e.kind === "index" || e.kind === "length") && e.array === array))
    return true;
  return childrenOf(e).some((child) => usesElsewhere(child, array, allowed));
}
