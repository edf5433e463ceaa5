/**
 * The function `grad(f, argnums, { hasAux: true })` differentiates (expand/aux.ts): f returns '[loss, aux]', its
 * numbers one array (lower/resultRecords.ts) whose position 0 is the loss. Every other number it stores into its
 * result goes through a stop-gradient (rules/internal.ts), so aux is computed and returned but left out of the
 * reverse sweep, as JAX leaves has_aux's aux out of differentiation.
 */
import { call, STOP_GRADIENT, v } from "../ir/expr";
import type { FunctionIR, Stmt } from "../ir/stmt";

export function lossOnly(ir: FunctionIR): FunctionIR {
  const locals = new Map(ir.locals);
  const fresh = (): string => {
    let name = `${ir.result}_aux`;
    for (let k = 1; locals.has(name) || ir.params.some((p) => p.name === name); k++) name = `${ir.result}_aux_${k}`;
    locals.set(name, "number");
    return name;
  };
  const visit = (stmts: readonly Stmt[]): Stmt[] =>
    stmts.flatMap((s): Stmt[] => {
      switch (s.kind) {
        case "store": {
          const loss = s.index.kind === "num" && s.index.value === 0;
          if (s.array !== ir.result || loss) return [s];
          const aux = fresh();
          const stopped: Stmt = {
            kind: "assign",
            target: aux,
            expr: call(STOP_GRADIENT, [s.value]),
            origin: s.origin,
          };
          return [stopped, { ...s, value: v(aux) }];
        }
        case "if":
          return [{ ...s, then: visit(s.then), else: visit(s.else) }];
        case "loop":
          return [{ ...s, pre: visit(s.pre), body: visit(s.body), update: visit(s.update) }];
        default:
          return [s];
      }
    });
  return { ...ir, locals, body: visit(ir.body) };
}
