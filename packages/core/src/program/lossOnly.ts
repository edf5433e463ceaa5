/**
 * The function `grad(f, argnums, { hasAux: true })` differentiates (expand/aux.ts): f returns '[loss, aux]', its
 * numbers one array (lower/resultRecords.ts) whose position 0 is the loss. Every other number it stores into its
 * result goes through a stop-gradient (rules/internal.ts), so aux is computed and returned but left out of the
 * reverse sweep, as JAX leaves has_aux's aux out of differentiation. The loss must be stored on its own, at position 0
 * (`lossApart`): a store at a position only the run time knows (an array copied into the result) is aux's alone in
 * an object result (its arrays' elements come after its numbers), but may be the loss in a tuple copied whole.
 */
import { call, STOP_GRADIENT, v } from "../ir/expr";
import { forEachStmt, type FunctionIR, type Stmt } from "../ir/stmt";

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
          if (s.array !== ir.result || (s.index.kind === "num" && s.index.value === 0)) return [s];
          const aux = fresh();
          const stopped: Stmt[] = [
            { kind: "assign", target: aux, expr: call(STOP_GRADIENT, [s.value]), origin: s.origin },
            { ...s, value: v(aux) },
          ];
          return stopped;
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

/** Whether the loss is stored apart from aux (see the header), so that lossOnly leaves it alone. */
export function lossApart(ir: FunctionIR): boolean {
  if (ir.resultRecord) return true;
  let apart = true;
  forEachStmt(ir.body, (s) => {
    if (s.kind === "store" && s.array === ir.result && s.index.kind !== "num") apart = false;
  });
  return apart;
}
