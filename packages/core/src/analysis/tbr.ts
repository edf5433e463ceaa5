/**
 * To-be-recorded analysis (Hascoët, Naumann & Pascual, "To be recorded analysis in reverse-mode AD"): an
 * assignment `v = …` must save the value it overwrites only if the reverse sweep reads `v` after undoing it, that
 * is, if the adjoint of a statement that may run *before* it reads `v`. Statements that may run before an
 * assignment are those lexically before it, plus, inside a loop, every statement of the outermost enclosing loop
 * (earlier iterations).
 *
 *   's = 0; for (…) { s += t; } r = s * x'   →  nothing saved: only 'r = s * x', after the loop, reads s.
 *   'for (…) { s = Math.log(s); }'           →  s saved: the adjoint of log in an earlier iteration reads it.
 */
import type { AssignStmt, FunctionIR, Stmt, StoreStmt } from "../ir/stmt";

/**
 * `readsOf(s)`: primal variables whose values the adjoint of `s` reads (for an element read or write, its index).
 * Array elements themselves are never recorded: every read goes through a scalar, which is recorded instead.
 */
export function toBeRecorded(
  fn: FunctionIR,
  readsOf: (s: AssignStmt | StoreStmt) => ReadonlySet<string>,
): Set<AssignStmt> {
  const recorded = new Set<AssignStmt>();
  const readsBefore = new Set<string>();
  const addReads = (stmts: readonly Stmt[], into: Set<string>): void => {
    for (const s of stmts) {
      if (s.kind === "assign" || s.kind === "store") readsOf(s).forEach((n) => into.add(n));
      else if (s.kind === "if") {
        addReads(s.then, into);
        addReads(s.else, into);
      } else if (s.kind === "loop") {
        addReads(s.pre, into);
        addReads(s.body, into);
      }
    }
  };
  // `visible`: reads of statements that may run before the current one.
  const visit = (stmts: readonly Stmt[], visible: Set<string>, inLoop: boolean): void => {
    for (const s of stmts) {
      if (s.kind === "assign") {
        if (visible.has(s.target)) recorded.add(s);
        if (!inLoop) readsOf(s).forEach((n) => visible.add(n));
      } else if (s.kind === "store") {
        if (!inLoop) readsOf(s).forEach((n) => visible.add(n));
      } else if (s.kind === "if") {
        visit(s.then, visible, inLoop);
        visit(s.else, visible, inLoop);
        if (!inLoop) addReads([s], visible);
      } else if (s.kind === "loop") {
        if (inLoop) {
          visit(s.pre, visible, true);
          visit(s.body, visible, true);
        } else {
          const withLoop = new Set(visible);
          addReads([s], withLoop);
          visit(s.pre, withLoop, true);
          visit(s.body, withLoop, true);
          withLoop.forEach((n) => visible.add(n));
        }
      }
    }
  };
  visit(fn.body, readsBefore, false);
  return recorded;
}
