/**
 * Writes into parameter arrays. A marked function may write into its own array parameters (the primal's side
 * effect, which the generated code makes too); the derivative is then with respect to the values the arrays held on
 * entry. Two array parameters bound to the same array would need one adjoint between them, so generated code checks
 * at run time that a written parameter shares its array with no other parameter.
 */
import { call, v } from "../ir/expr";
import { forEachStmt, isArrayType, type FunctionIR, type Stmt, type StoreStmt } from "../ir/stmt";

/** The first store into each parameter array the function writes, by parameter name. */
export function parameterWrites(fn: FunctionIR): Map<string, StoreStmt> {
  const params = new Set(fn.params.map((p) => p.name));
  const writes = new Map<string, StoreStmt>();
  forEachStmt(fn.body, (s) => {
    if (s.kind === "store" && params.has(s.array) && !writes.has(s.array)) writes.set(s.array, s);
  });
  return writes;
}

/** `__ct.distinctArrays(x, out)` for each written parameter array and each other array parameter. */
export function aliasGuards(fn: FunctionIR, runtime: string): Stmt[] {
  const written = parameterWrites(fn);
  const arrays = fn.params.filter((p) => isArrayType(p.type)).map((p) => p.name);
  return arrays.flatMap((a, i) =>
    arrays
      .slice(i + 1)
      .filter((b) => written.has(a) || written.has(b))
      .map((b): Stmt => ({ kind: "effect", expr: call(`${runtime}.distinctArrays`, [v(a), v(b)]) })),
  );
}
