/**
 * Invertible counter updates: the reverse sweep undoes `i = i + 1` by `i = i - 1` instead of popping the old value,
 * when `i` only ever holds integers (exact in floating point below 2^53, so the inverse is exact too).
 *
 * Integer-valued variables are found by a fixpoint: a local starts as a candidate and is dropped when one of its
 * assignments may produce a non-integer (anything but integer literals, lengths, and sums or differences of
 * integers). Multiplication is left out on purpose: it can produce -0, which the inverse would turn into +0.
 */
import { binary, v, varsOf, type Expr } from "../ir/expr";
import { forEachStmt, type AssignStmt, type FunctionIR } from "../ir/stmt";

/** For each invertible update `i = i ± c`, the expression that restores `i`'s old value from its new one. */
export function invertibleUpdates(fn: FunctionIR): Map<AssignStmt, Expr> {
  const integers = integerVariables(fn);
  const inverses = new Map<AssignStmt, Expr>();
  forEachStmt(fn.body, (s) => {
    if (s.kind !== "assign" || !integers.has(s.target)) return;
    const update = selfUpdate(s);
    if (!update || !isIntegerLiteral(update.step)) return;
    inverses.set(s, binary(update.op === "+" ? "-" : "+", v(s.target), update.step));
  });
  return inverses;
}

/** `v = v + e`, `v = v - e` or `v = e + v` (e not reading v): the operator and the step e. */
export function selfUpdate(s: AssignStmt): { op: "+" | "-"; step: Expr } | undefined {
  const e = s.expr;
  if (e.kind !== "binary" || (e.op !== "+" && e.op !== "-")) return undefined;
  const self = (x: Expr) => x.kind === "var" && x.name === s.target;
  const step = self(e.left) ? e.right : e.op === "+" && self(e.right) ? e.left : undefined;
  return step && !varsOf(step).has(s.target) ? { op: e.op, step } : undefined;
}

function integerVariables(fn: FunctionIR): Set<string> {
  const integers = new Set([...fn.locals].filter(([, type]) => type === "number").map(([name]) => name));
  const assigns: AssignStmt[] = [];
  forEachStmt(fn.body, (s) => {
    if (s.kind === "assign") assigns.push(s);
    if (s.kind === "callAssign") s.targets.forEach((t) => integers.delete(t));
  });
  const isInteger = (e: Expr): boolean => {
    switch (e.kind) {
      case "num":
        return isIntegerLiteral(e);
      case "var":
        return integers.has(e.name);
      case "length":
        return true;
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
  return integers;
}

const isIntegerLiteral = (e: Expr): boolean => e.kind === "num" && Number.isInteger(e.value) && !Object.is(e.value, -0);
