/**
 * 'throw new RangeError(`n must be positive, got ${n}`)': the generated code throws what the primal throws, where
 * it throws it, through the runtime's 'raise' (the error's class, then the message's parts in order). An error
 * ends the computation, so it has no derivative: the reverse sweep never sees it.
 */
import type * as TS from "typescript";
import { call, str, type Expr } from "../ir/expr";
import { forEachStmt, type FunctionIR, type Stmt } from "../ir/stmt";
import { Messages } from "../diagnostics/messages";
import { RUNTIME_ALIAS } from "../program/files";
import type { LowerContext } from "./context";
import { lowerAtom, shorten } from "./expressions";

const RAISE = `${RUNTIME_ALIAS}.raise`;
const ERROR_CLASSES = new Set(["Error", "RangeError", "TypeError"]);

export function lowerThrow(ctx: LowerContext, node: TS.ThrowStatement): void {
  const { ts } = ctx;
  const thrown = node.expression;
  const errorClass =
    ts.isNewExpression(thrown) && ts.isIdentifier(thrown.expression) && isStandardError(ctx, thrown.expression)
      ? thrown.expression.text
      : undefined;
  const [message, ...rest] = (thrown as TS.NewExpression).arguments ?? [];
  const parts = errorClass && rest.length === 0 ? (message ? messageParts(ctx, message) : []) : undefined;
  if (!errorClass || !parts) {
    ctx.sink.report(node, Messages.ThrowStatement, [shorten(thrown.getText(ctx.sourceFile))]);
    return;
  }
  ctx.out.push(raiseStatement(ctx, errorClass, parts));
}

/** The statement that throws a standard error ('TypeError') whose message joins `parts`. */
export function raiseStatement(ctx: LowerContext, errorClass: string, parts: readonly Expr[]): Stmt {
  return { kind: "effect", expr: call(RAISE, [str(errorClass), ...parts]), origin: ctx.origin };
}

/** The statement that throws a 'throw' statement's error. */
export const isRaise = (s: Stmt): boolean => s.kind === "effect" && s.expr.kind === "call" && s.expr.callee === RAISE;

/** Whether a function's lowered body throws (its generated code then calls the runtime). */
export function throwsErrors(fn: FunctionIR): boolean {
  let found = false;
  forEachStmt(fn.body, (s) => {
    if (isRaise(s)) found = true;
  });
  return found;
}

/** 'Error' and its kin from the standard library, not a class of the program that shares the name. */
function isStandardError(ctx: LowerContext, name: TS.Identifier): boolean {
  const declarations = ctx.checker.getSymbolAtLocation(name)?.declarations ?? [];
  return ERROR_CLASSES.has(name.text) && declarations.every((d) => d.getSourceFile().isDeclarationFile);
}

/**
 * A message of strings, numbers and booleans, as the parts it joins: literals, a template's spans, the operands
 * of '+' on strings. Undefined for anything else (an object, a call returning a string).
 */
function messageParts(ctx: LowerContext, node: TS.Expression): Expr[] | undefined {
  const { ts } = ctx;
  if (ts.isParenthesizedExpression(node)) return messageParts(ctx, node.expression);
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return [str(node.text)];
  if (ts.isTemplateExpression(node)) {
    const parts: Expr[] = [str(node.head.text)];
    for (const span of node.templateSpans) {
      const value = valuePart(ctx, span.expression);
      if (!value) return undefined;
      parts.push(...value, str(span.literal.text));
    }
    return parts;
  }
  const type = ctx.checker.getTypeAtLocation(node);
  if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken && isString(ctx, type)) {
    const left = valuePart(ctx, node.left);
    const right = left && valuePart(ctx, node.right);
    return left && right ? [...left, ...right] : undefined;
  }
  return valuePart(ctx, node);
}

/** One part of a message: a string made of parts, or a number or boolean, read where the error is thrown. */
function valuePart(ctx: LowerContext, node: TS.Expression): Expr[] | undefined {
  const { ts } = ctx;
  const type = ctx.checker.getTypeAtLocation(node);
  if (isString(ctx, type)) {
    const literal = ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node);
    const composite =
      ts.isTemplateExpression(node) || ts.isBinaryExpression(node) || ts.isParenthesizedExpression(node);
    if (literal || composite) return messageParts(ctx, node);
    // A string variable (a mode, a name); other string expressions ('String(x)', 'x.toFixed(2)') are calls.
    return ts.isIdentifier(node) ? [lowerAtom(ctx, node, "message")] : undefined;
  }
  const primitive = type.flags & (ts.TypeFlags.NumberLike | ts.TypeFlags.BooleanLike);
  return primitive ? [lowerAtom(ctx, node, "message")] : undefined;
}

function isString(ctx: LowerContext, type: TS.Type): boolean {
  const members = type.isUnion() ? type.types : [type];
  return members.every((t) => t.flags & ctx.ts.TypeFlags.StringLike);
}
