/**
 * Turns rule templates (executable arrows) into IR expressions with placeholders, and instantiates them.
 *
 * The arrow's source (`Function.prototype.toString`) is parsed with the caller's TypeScript, so a template is
 * ordinary code that tests can also run. Placeholders are the arrow's parameters, in order: the result, then the inputs.
 */
import type * as TS from "typescript";
import { binary, bool, call, cond, global, num, substitute, unary, v, type Expr } from "../ir/expr";
import { binaryOperatorOf } from "../lower/operators";
import type { PartialTemplate, Rule } from "./shapes";
import type { RuleTable } from "./table";

/** A template parsed once: its placeholder names and its body. */
export interface CompiledTemplate {
  readonly placeholders: readonly string[];
  readonly body: Expr;
}

export interface CompiledRule {
  readonly rule: Rule;
  readonly partials: readonly CompiledTemplate[];
}

export type CompiledRuleTable = ReadonlyMap<string, CompiledRule>;

export function compileRuleTable(ts: typeof TS, table: RuleTable): CompiledRuleTable {
  const compiled = new Map<string, CompiledRule>();
  for (const [name, rule] of Object.entries(table)) {
    compiled.set(name, { rule, partials: rule.partials.map((p) => compileTemplate(ts, p)) });
  }
  return compiled;
}

export function compileTemplate(ts: typeof TS, template: PartialTemplate): CompiledTemplate {
  const source = ts.createSourceFile("template.ts", `(${template.toString()})`, ts.ScriptTarget.Latest, true);
  const statement = source.statements[0];
  if (!ts.isExpressionStatement(statement)) throw new Error(`Rule template is not an arrow: ${template}`);
  let arrow: TS.Expression = statement.expression;
  while (ts.isParenthesizedExpression(arrow)) arrow = arrow.expression;
  if (!ts.isArrowFunction(arrow) || ts.isBlock(arrow.body)) {
    throw new Error(`Rule template must be an arrow with an expression body: ${template}`);
  }
  const placeholders = arrow.parameters.map((p) => p.name.getText(source));
  return { placeholders, body: toExpr(ts, arrow.body, new Set(placeholders)) };
}

/** Instantiates a template: placeholder i becomes `values[i]` (the result first, then the inputs). */
export function instantiate(template: CompiledTemplate, values: readonly Expr[]): Expr {
  const byName = new Map(template.placeholders.map((p, i) => [p, values[i]] as const));
  return substitute(template.body, (name) => byName.get(name));
}

function toExpr(ts: typeof TS, node: TS.Expression, placeholders: ReadonlySet<string>): Expr {
  if (ts.isParenthesizedExpression(node)) return toExpr(ts, node.expression, placeholders);
  if (ts.isNumericLiteral(node)) return num(Number(node.text));
  if (node.kind === ts.SyntaxKind.TrueKeyword) return bool(true);
  if (node.kind === ts.SyntaxKind.FalseKeyword) return bool(false);
  if (ts.isIdentifier(node)) {
    if (node.text === "Infinity" || node.text === "NaN") return global(node.text);
    if (!placeholders.has(node.text)) throw new Error(`Template uses '${node.text}', which is not a placeholder`);
    return v(node.text);
  }
  if (ts.isPropertyAccessExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === "Math") {
    return global(`Math.${node.name.text}`);
  }
  if (ts.isPrefixUnaryExpression(node)) {
    const arg = toExpr(ts, node.operand, placeholders);
    if (node.operator === ts.SyntaxKind.MinusToken) return unary("-", arg);
    if (node.operator === ts.SyntaxKind.PlusToken) return unary("+", arg);
    if (node.operator === ts.SyntaxKind.ExclamationToken) return unary("!", arg);
  }
  if (ts.isBinaryExpression(node)) {
    const op = binaryOperatorOf(ts, node.operatorToken.kind);
    if (op) return binary(op, toExpr(ts, node.left, placeholders), toExpr(ts, node.right, placeholders));
  }
  if (ts.isConditionalExpression(node)) {
    return cond(
      toExpr(ts, node.condition, placeholders),
      toExpr(ts, node.whenTrue, placeholders),
      toExpr(ts, node.whenFalse, placeholders),
    );
  }
  if (
    ts.isCallExpression(node) &&
    ts.isPropertyAccessExpression(node.expression) &&
    ts.isIdentifier(node.expression.expression) &&
    node.expression.expression.text === "Math"
  ) {
    return call(
      `Math.${node.expression.name.text}`,
      node.arguments.map((a) => toExpr(ts, a, placeholders)),
    );
  }
  throw new Error(`Unsupported syntax in a rule template: ${node.getText()}`);
}
