/**
 * Variables that may hold undefined: optional number parameters ('k?: number', an options object's fields), and
 * locals given undefined or one of these ('o_l2 = undefined' for a field a call leaves out). A callee they are passed
 * to tests them against undefined on entry. The tape holds doubles, on which undefined would come back as NaN, a
 * given number: a split reverse sweep that restores them restores their absence too (reverse/adjoint.ts).
 */
import type { FunctionIR } from "../ir/stmt";
import { forEachStmt } from "../ir/stmt";

export function mayHoldUndefined(fn: FunctionIR): Set<string> {
  const holders = new Set(fn.params.filter((p) => p.optional).map((p) => p.name));
  for (let grew = true; grew;) {
    grew = false;
    forEachStmt(fn.body, (s) => {
      if (s.kind !== "assign" || holders.has(s.target)) return;
      const e = s.expr;
      if ((e.kind === "global" && e.path === "undefined") || (e.kind === "var" && holders.has(e.name))) {
        holders.add(s.target);
        grew = true;
      }
    });
  }
  return holders;
}
