/**
 * Calls the reverse sweep replays (joint mode, in Tapenade's terms). A differentiated call `y = g(a, v)` has two ways
 * to reach g's adjoint:
 *
 *   split:    forward 'y = g_vjp_fwd(a, v)'       (records g's intermediates)  reverse '[g_a_bar] = g_vjp_bwd(y_bar, v_bar)'
 *   replayed: forward 'y = g_vjp_none_fwd(a, v)'  (records nothing)            reverse '[g_a_bar] = g_adjoint(a, v, y_bar, v_bar)'
 *
 * The replayed adjoint runs g's forward sweep again and reads its arrays itself, so g records nothing for its caller
 * and its reverse sweep re-reads elements instead of popping them. That costs one more run of g, but a helper called
 * per element (`e += lj(r[i])`) is cheaper to re-run than to record: tape traffic, not arithmetic, is what dominates
 * it. The caller's reverse sweep then reads the arguments, which the analyses restore like any operand a partial
 * derivative reads.
 *
 * A call is replayed when its callee can be re-run (CalleeLinker.replayable) and the reverse sweep has every
 * argument as the call saw it: numbers (restored by the analyses) and arrays no statement changes once they are read
 * (`unchanged`: read-only parameters, local arrays filled before they are first read). A split reverse sweep sees no
 * arrays, so it replays only calls taking numbers alone.
 */
import { isPrimitiveCall } from "../ir/expr";
import type { CalleeLinker } from "../ir/generated";
import { forEachStmt, isArrayType, type AssignStmt, type FunctionIR, type VarType } from "../ir/stmt";

export function replayedCalls(
  fn: FunctionIR,
  active: ReadonlySet<string>,
  linker: CalleeLinker,
  unchanged: ReadonlySet<string>,
  typeOf: (name: string) => VarType,
): Set<AssignStmt> {
  const replayed = new Set<AssignStmt>();
  const available = (name: string) => {
    const type = typeOf(name);
    return type === "number" || (isArrayType(type) && unchanged.has(name));
  };
  forEachStmt(fn.body, (s) => {
    if (s.kind !== "assign" || s.expr.kind !== "call" || isPrimitiveCall(s.expr.callee)) return;
    const { callee, args } = s.expr;
    const differentiated = active.has(s.target) && args.some((a) => a.kind === "var" && active.has(a.name));
    const restorable = args.every((a) => a.kind === "num" || (a.kind === "var" && available(a.name)));
    if (differentiated && restorable && linker.replayable(callee)) replayed.add(s);
  });
  return replayed;
}
