/**
 * The check generated code makes of a direction array given by its caller: a tangent or cotangent with its primal's
 * length ('__ct.sameLength(x_dot, x, …)'), which later derivatives keep as it is.
 */
import { call, str, v } from "../ir/expr";
import type { Stmt } from "../ir/stmt";
import { RUNTIME_ALIAS } from "../program/files";

const SAME_LENGTH = `${RUNTIME_ALIAS}.sameLength`;

/** Checks that `direction` has the length of `primal`; `what` names the direction in the error. */
export function lengthCheck(direction: string, primal: string, what: string): Stmt {
  return { kind: "effect", expr: call(SAME_LENGTH, [v(direction), v(primal), str(what)]) };
}

export function isLengthCheck(s: Stmt): boolean {
  return s.kind === "effect" && s.expr.kind === "call" && s.expr.callee === SAME_LENGTH;
}
