/**
 * Activity analysis (Hascoët & Pascual, "The Tapenade AD tool"): a variable is *varied* if it depends on a
 * differentiated input and *useful* if the result depends on it; only variables that are both get tangents or
 * adjoints. Flow-insensitive per variable: a sound over-approximation, exact for the usual numeric code.
 * Loop counters, sizes, flags, and parameters outside `argnums` come out inactive.
 */
import { ARITHMETIC_OPS, isRecordsType, type Expr } from "../ir/expr";
import { forEachStmt, isDifferentiable, type FunctionIR, type VarType } from "../ir/stmt";
import type { CompiledRuleTable } from "../rules/template";
import { parameterWrites, type CallWrites } from "./writes";

/**
 * The operands through which `expr`'s value depends differentiably on variables: empty for tests, piecewise-
 * constant functions and constants.
 */
export function differentiableOperands(expr: Expr, rules: CompiledRuleTable): string[] {
  switch (expr.kind) {
    case "var":
      return [expr.name];
    case "index":
      return [expr.array];
    // A number field of an element of an array of records (an array field's element, 'at', is never differentiated).
    case "field":
      return expr.at ? [] : [expr.array];
    case "unary":
      return expr.op === "-" || expr.op === "+" ? differentiableOperands(expr.arg, rules) : [];
    case "binary":
      if (!ARITHMETIC_OPS.has(expr.op)) return [];
      return [...differentiableOperands(expr.left, rules), ...differentiableOperands(expr.right, rules)];
    case "call": {
      const rule = rules.get(expr.callee);
      if (rule && rule.rule.kind === "zero") return [];
      return expr.args.flatMap((a) => differentiableOperands(a, rules));
    }
    default:
      return [];
  }
}

export function analyzeActivity(
  fn: FunctionIR,
  activeParams: ReadonlySet<string>,
  rules: CompiledRuleTable,
  callWrites: CallWrites = () => [],
): Set<string> {
  const { edges, varied } = variedVariables(fn, activeParams, rules, callWrites);
  // Outputs: the result, and the parameter arrays the function writes into (its caller reads them afterwards).
  const useful = new Set([fn.result, ...parameterWrites(fn, callWrites).keys()]);
  const typeOf = (name: string): VarType | undefined =>
    fn.locals.get(name) ?? fn.params.find((p) => p.name === name)?.type;
  for (let changed = true; changed;) {
    changed = false;
    for (const { target, sources } of edges) {
      // What an integer array holds is truncated: the values stored into it do not reach the result differentiably.
      if (!useful.has(target) || !isDifferentiable(typeOf(target))) continue;
      for (const s of sources) {
        if (!useful.has(s)) {
          useful.add(s);
          changed = true;
        }
      }
    }
  }
  return new Set([...varied].filter((name) => useful.has(name)));
}

/** The variables that depend differentiably on `activeParams`, and the dependence edges they were found from. */
export function variedVariables(
  fn: FunctionIR,
  activeParams: ReadonlySet<string>,
  rules: CompiledRuleTable,
  callWrites: CallWrites = () => [],
): { varied: Set<string>; edges: { target: string; sources: string[] }[] } {
  const edges: { target: string; sources: string[] }[] = [];
  forEachStmt(fn.body, (s) => {
    if (s.kind === "assign") edges.push({ target: s.target, sources: differentiableOperands(s.expr, rules) });
    // A callee writing into an array argument makes that array depend on every argument.
    if (s.kind === "assign" && s.expr.kind === "call") {
      const sources = differentiableOperands(s.expr, rules);
      for (const k of callWrites(s.expr.callee)) {
        const arg = s.expr.args[k];
        if (arg?.kind === "var") edges.push({ target: arg.name, sources });
      }
    }
    // Arrays trading places: each may hold what any of them held.
    if (s.kind === "permute") s.targets.forEach((target) => edges.push({ target, sources: [...s.sources] }));
    // Writing an element makes the array depend on the value written (arrays are analyzed as a whole).
    if (s.kind === "store") edges.push({ target: s.array, sources: differentiableOperands(s.value, rules) });
  });
  const typeOf = (name: string): VarType | undefined =>
    fn.locals.get(name) ?? fn.params.find((p) => p.name === name)?.type;
  // An integer array holds truncated values: what is stored into it carries no derivative.
  const isNumber = (name: string): boolean => isDifferentiable(typeOf(name));

  // Records in argnums (grad's) are varied through their number fields.
  const varied = new Set([...activeParams].filter((name) => isNumber(name) || isRecordsType(typeOf(name))));
  for (let changed = true; changed;) {
    changed = false;
    for (const { target, sources } of edges) {
      if (!varied.has(target) && isNumber(target) && sources.some((s) => varied.has(s))) {
        varied.add(target);
        changed = true;
      }
    }
  }
  return { varied, edges };
}
