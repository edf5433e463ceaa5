/**
 * Parameters with a default value ('eps = 1e-8', 'mode: "sum" | "mean" = "sum"', 'tau = 2 * Math.PI'): a constant
 * the compiler computes as JavaScript would, and passes wherever a call leaves the argument out. A default that
 * reads something (another parameter, a variable, a call) is refused: its value depends on where it is evaluated.
 */
import type * as TS from "typescript";
import { bool, global, num, str, unary, type Expr } from "../ir/expr";
import { Messages } from "../diagnostics/messages";
import type { LowerContext } from "./context";

export type ConstantValue = number | boolean | string;

/** The value of a parameter's default when it is such a constant; undefined without one, or for another default. */
export function constantDefault(ts: typeof TS, param: TS.ParameterDeclaration): ConstantValue | undefined {
  return param.initializer && !param.dotDotDotToken ? evaluate(ts, param.initializer) : undefined;
}

/**
 * The parameter that keeps a call passing `given` arguments from being differentiated: a rest one, an optional one
 * other than those `mayBeLeftOut` accepts (a number, an options object: those hold undefined when left out), or one
 * left out without a constant default. Undefined when there is none.
 */
export function blockingParameter(
  ts: typeof TS,
  params: readonly TS.ParameterDeclaration[],
  given: number,
  mayBeLeftOut: (p: TS.ParameterDeclaration) => boolean,
): TS.ParameterDeclaration | undefined {
  return params.find(
    (p, k) =>
      p.dotDotDotToken ||
      (p.questionToken && !mayBeLeftOut(p)) ||
      (k >= given && !p.questionToken && constantDefault(ts, p) === undefined && !mayBeLeftOut(p)),
  );
}

/**
 * What a parameter left out of a call holds (by leaving it out, or by passing `undefined`): its constant default, or
 * undefined for an optional one. A default that reads something is reported (TS990017), and undefined returned.
 */
export function leftOutValue(ctx: LowerContext, p: TS.ParameterDeclaration): Expr | undefined {
  const value = constantDefault(ctx.ts, p);
  if (p.initializer && value === undefined) {
    ctx.sink.report(p, Messages.UnsupportedParameter, [p.name.getText()]);
    return undefined;
  }
  return constantExpr(value);
}

/** A constant as an IR atom; undefined for a parameter left out without a default (`k?: number`). */
export function constantExpr(value: ConstantValue | undefined): Expr {
  if (value === undefined) return global("undefined");
  if (typeof value === "boolean") return bool(value);
  if (typeof value === "string") return str(value);
  if (Number.isNaN(value)) return global("NaN");
  if (!Number.isFinite(value)) return value > 0 ? global("Infinity") : unary("-", global("Infinity"));
  return value < 0 || Object.is(value, -0) ? unary("-", num(-value)) : num(value);
}

/** A constant as TypeScript source: a wrapper's default for the same parameter (undefined for an optional one). */
export function constantNode(ts: typeof TS, value: ConstantValue | undefined): TS.Expression {
  const f = ts.factory;
  if (value === undefined) return f.createIdentifier("undefined");
  if (typeof value === "boolean") return value ? f.createTrue() : f.createFalse();
  if (typeof value === "string") return f.createStringLiteral(value);
  if (Number.isNaN(value)) return f.createIdentifier("NaN");
  const magnitude = Number.isFinite(value) ? f.createNumericLiteral(Math.abs(value)) : f.createIdentifier("Infinity");
  return value < 0 || Object.is(value, -0)
    ? f.createPrefixUnaryExpression(ts.SyntaxKind.MinusToken, magnitude)
    : magnitude;
}

/** A number literal's value, a negated one's too ('-2'); undefined for anything else. */
export function numberLiteral(ts: typeof TS, node: TS.Expression): number | undefined {
  if (ts.isNumericLiteral(node)) return Number(node.text);
  const negated = ts.isPrefixUnaryExpression(node) && node.operator === ts.SyntaxKind.MinusToken;
  return negated && ts.isNumericLiteral(node.operand) ? -Number(node.operand.text) : undefined;
}

/** The operation of a numeric binary operator, evaluated in JavaScript's own double arithmetic. */
function arithmetic(ts: typeof TS, operator: TS.SyntaxKind): ((a: number, b: number) => number) | undefined {
  const k = ts.SyntaxKind;
  switch (operator) {
    case k.PlusToken:
      return (a, b) => a + b;
    case k.MinusToken:
      return (a, b) => a - b;
    case k.AsteriskToken:
      return (a, b) => a * b;
    case k.SlashToken:
      return (a, b) => a / b;
    case k.PercentToken:
      return (a, b) => a % b;
    case k.AsteriskAsteriskToken:
      return (a, b) => a ** b;
    default:
      return undefined;
  }
}

function evaluate(ts: typeof TS, node: TS.Expression): ConstantValue | undefined {
  const k = ts.SyntaxKind;
  if (ts.isParenthesizedExpression(node)) return evaluate(ts, node.expression);
  if (ts.isNumericLiteral(node)) return Number(node.text.replace(/_/g, ""));
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (node.kind === k.TrueKeyword) return true;
  if (node.kind === k.FalseKeyword) return false;
  if (ts.isIdentifier(node) && (node.text === "Infinity" || node.text === "NaN")) return Number(node.text);
  if (ts.isPropertyAccessExpression(node) && ts.isIdentifier(node.expression)) {
    // 'Math.PI', 'Number.EPSILON': the standard constants, as the running JavaScript holds them.
    const holder = node.expression.text === "Math" ? Math : node.expression.text === "Number" ? Number : undefined;
    const value = holder && (holder as unknown as Record<string, unknown>)[node.name.text];
    return typeof value === "number" ? value : undefined;
  }
  if (ts.isPrefixUnaryExpression(node)) {
    const operand = evaluate(ts, node.operand);
    if (node.operator === k.ExclamationToken) return typeof operand === "boolean" ? !operand : undefined;
    if (typeof operand !== "number") return undefined;
    return node.operator === k.MinusToken ? -operand : node.operator === k.PlusToken ? operand : undefined;
  }
  if (ts.isBinaryExpression(node)) {
    const left = evaluate(ts, node.left);
    const right = evaluate(ts, node.right);
    const operation = arithmetic(ts, node.operatorToken.kind);
    if (typeof left === "number" && typeof right === "number" && operation) return operation(left, right);
    const joins = node.operatorToken.kind === k.PlusToken && typeof left === "string" && typeof right === "string";
    return joins ? left + right : undefined;
  }
  return undefined;
}
