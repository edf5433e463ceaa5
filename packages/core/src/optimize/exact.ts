/**
 * Code specialized on the `exactSizes` flag (analysis/invert.ts): when the size parameters hold integers, trip counts
 * and counters are computed, and otherwise they come from the stacks. Inside a loop, `lt = exactSizes ? lt - 1 :
 * tape.pop()` costs far more than its branch: the call it might make keeps V8 from holding the loop's values in
 * registers (the GMM gradient's reverse triangle loop ran 1.4 times slower for it). So each innermost loop that
 * tests the flag is unswitched: `if (exactSizes) { the loop with the flag resolved to true } else { the loop }`.
 */
import { binary, cond, v, type Expr } from "../ir/expr";
import { forEachStmt, mapNested, namesUsed, type Stmt } from "../ir/stmt";

/** Resolves the flag to true: `exact ? a : b` → a, `if (!exact) …` → nothing, `if (exact) …` → its branch. */
export function assumeExact(stmts: readonly Stmt[], exact: string): Stmt[] {
  const isFlag = (e: Expr) => e.kind === "var" && e.name === exact;
  const resolve = (e: Expr): Expr => {
    if (e.kind === "cond" && isFlag(e.test)) return resolve(e.whenTrue);
    if (e.kind === "cond") return cond(resolve(e.test), resolve(e.whenTrue), resolve(e.whenFalse));
    if (e.kind === "binary") return binary(e.op, resolve(e.left), resolve(e.right));
    return e;
  };
  const inner = (body: readonly Stmt[]) => assumeExact(body, exact);
  return stmts.flatMap((s): Stmt[] => {
    switch (s.kind) {
      case "assign":
        return [{ ...s, expr: resolve(s.expr) }];
      case "store":
        return [{ ...s, index: resolve(s.index), value: resolve(s.value) }];
      case "effect":
        return [{ ...s, expr: resolve(s.expr) }];
      case "if":
        if (isFlag(s.test)) return inner(s.then);
        if (s.test.kind === "unary" && s.test.op === "!" && isFlag(s.test.arg)) return inner(s.else);
        return [{ ...s, test: resolve(s.test), then: inner(s.then), else: inner(s.else) }];
      case "loop":
        return [{ ...s, pre: inner(s.pre), test: resolve(s.test), body: inner(s.body), update: inner(s.update) }];
      case "repeat":
        return [{ ...s, count: resolve(s.count), body: inner(s.body) }];
      default:
        return [s];
    }
  });
}

export function unswitchExact(body: readonly Stmt[], exact: string): Stmt[] {
  if (exact === "") return [...body];
  const inner = (stmts: readonly Stmt[]) => unswitchExact(stmts, exact);
  return body.map((s): Stmt => {
    if (s.kind === "loop" || s.kind === "repeat") {
      const parts = s.kind === "loop" ? [...s.pre, ...s.body, ...s.update] : s.body;
      let innermost = true;
      forEachStmt(parts, (x) => (innermost &&= x.kind !== "loop" && x.kind !== "repeat"));
      if (innermost && namesUsed(parts).has(exact)) {
        return { kind: "if", test: v(exact), then: assumeExact([s], exact), else: [s], origin: s.origin };
      }
    }
    return mapNested(s, inner);
  });
}
