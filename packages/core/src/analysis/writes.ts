/**
 * Writes into parameter arrays. A marked function may write into its own array parameters (the primal's side
 * effect, which the generated code makes too); the derivative is then with respect to the values the arrays held on
 * entry. Two array parameters bound to the same array would need one adjoint between them, so generated code checks
 * at run time that a written parameter shares its array with no other parameter.
 */
import { call, v } from "../ir/expr";
import { forEachStmt, isArrayType, type FunctionIR, type Stmt } from "../ir/stmt";

/** The parameter indices a called function writes into (its output arrays), by callee key. */
export type CallWrites = (callee: string) => readonly number[];

/**
 * The first statement writing into each parameter array the function writes, by parameter name: a store into it,
 * or a call that passes it to a callee writing into that argument (`callWrites`, at any depth).
 */
export function parameterWrites(fn: FunctionIR, callWrites: CallWrites = () => []): Map<string, Stmt> {
  const params = new Set(fn.params.map((p) => p.name));
  const writes = new Map<string, Stmt>();
  const write = (name: string, s: Stmt) => params.has(name) && !writes.has(name) && writes.set(name, s);
  forEachStmt(fn.body, (s) => {
    if (s.kind === "store") write(s.array, s);
    if (s.kind === "assign" && s.expr.kind === "call") {
      const { args } = s.expr;
      for (const k of callWrites(s.expr.callee)) {
        const arg = args[k];
        if (arg?.kind === "var") write(arg.name, s);
      }
    }
  });
  return writes;
}

/** `__ct.distinctArrays(x, out)` for each written parameter array (`parameterWrites`) and each other array parameter. */
export function aliasGuards(fn: FunctionIR, runtime: string, written: ReadonlyMap<string, Stmt>): Stmt[] {
  const arrays = fn.params.filter((p) => isArrayType(p.type)).map((p) => p.name);
  return arrays.flatMap((a, i) =>
    arrays
      .slice(i + 1)
      .filter((b) => written.has(a) || written.has(b))
      .map((b): Stmt => ({ kind: "effect", expr: call(`${runtime}.distinctArrays`, [v(a), v(b)]) })),
  );
}
