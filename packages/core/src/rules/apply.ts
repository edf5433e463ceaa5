/**
 * Applies the rule table to one elementary operation: its partial derivatives, one per operand, as expressions.
 * Both generators use it, so forward and reverse mode always agree on every rule.
 */
import { binary, exprEquals, num, v, type Expr } from "../ir/expr";
import type { ScaledSquares } from "../analysis/squares";
import { instantiate, type CompiledRuleTable } from "./template";

export interface OperandPartial {
  readonly operand: Expr;
  readonly partial: Expr;
}

/** Rule key of an elementary operation: the operator, `neg`, or the `Math` function's path. */
export function ruleKeyOf(e: Expr): string | undefined {
  switch (e.kind) {
    case "binary":
      return e.op;
    case "unary":
      return e.op === "-" ? "neg" : undefined;
    case "call":
      return e.callee;
    default:
      return undefined;
  }
}

/**
 * Like `partialsOf`, with the partials of an operand that appears several times summed (`s * s` → `s + s`), so
 * each variable gets one tangent term and one adjoint increment. A scaled square's product `t * a`, with
 * `t = c * a` (analysis/squares.ts), has one partial in `a`: (2c)·a for a literal `c`, else 2·t.
 */
export function mergedPartialsOf(
  e: Expr,
  rules: CompiledRuleTable,
  result: Expr,
  squares: ScaledSquares,
): OperandPartial[] {
  if (e.kind === "binary" && e.op === "*" && e.left.kind === "var" && e.right.kind === "var") {
    const [l, r] = [e.left.name, e.right.name];
    const t = squares.get(l)?.base === r ? l : squares.get(r)?.base === l ? r : undefined;
    const square = t === undefined ? undefined : squares.get(t);
    if (t !== undefined && square) {
      const { base, scale } = square;
      // 2c rounds as c does, unless it overflows where c·a does not (c = 1e308, a = 0.5).
      const doubled = scale.kind === "num" && Number.isFinite(2 * scale.value) ? 2 * scale.value : undefined;
      const partial = doubled !== undefined ? binary("*", num(doubled), v(base)) : binary("*", num(2), v(t));
      return [{ operand: v(base), partial }];
    }
  }
  const merged: OperandPartial[] = [];
  for (const p of partialsOf(e, rules, result)) {
    const same = merged.findIndex((m) => exprEquals(m.operand, p.operand));
    if (same >= 0 && p.operand.kind === "var") {
      merged[same] = { operand: p.operand, partial: binary("+", merged[same].partial, p.partial) };
    } else {
      merged.push(p);
    }
  }
  return merged;
}

/**
 * ∂result/∂operand for each operand of `e`; `result` is the expression holding the primal result (the target).
 * Atoms are copies (partial 1); tests and piecewise-constant functions have no partials.
 */
function partialsOf(e: Expr, rules: CompiledRuleTable, result: Expr): OperandPartial[] {
  if (e.kind === "var") return [{ operand: e, partial: num(1) }];
  if (e.kind === "unary" && e.op === "+") return [{ operand: e.arg, partial: num(1) }];
  const key = ruleKeyOf(e);
  const compiled = key === undefined ? undefined : rules.get(key);
  if (!compiled || compiled.rule.kind === "zero") return [];
  const operands =
    e.kind === "binary" ? [e.left, e.right] : e.kind === "unary" ? [e.arg] : e.kind === "call" ? e.args : [];
  if (compiled.rule.arity === "variadic") {
    return operands.map((operand) => ({ operand, partial: instantiate(compiled.partials[0], [result, operand]) }));
  }
  return operands.map((operand, i) => ({
    operand,
    partial: instantiate(compiled.partials[i], [result, ...operands]),
  }));
}
