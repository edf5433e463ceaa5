/**
 * Functions held by the fields of a constant object literal, a table of them:
 *   'const act = { relu, tanh: Math.tanh, softplus: (x: number) => Math.log1p(Math.exp(x)) }'
 * called as 'act.tanh(x)' or 'act["relu"](x)', or given to a helper ('apply(act.softplus, y)'). The field's function
 * is called as itself: inlined (an arrow), called (a function of the program) or differentiated by its rule (one of
 * Math's). Only where the program uses the table only to read its fields (no write, through a cast either, and never
 * passed whole): the function a field holds is then the one the literal gives.
 */
import type * as TS from "typescript";
import { functionOfSymbol, resolvedSymbol, skipOuterExpressions } from "../collect/resolve";
import type { LocalFunction, LowerContext } from "./context";
import { functionArgument } from "./localFunctions";

/** Fields being resolved, so that tables naming each other's fields cannot send the resolution round forever. */
const resolving = new Set<TS.Declaration>();

/** The function the field `node` reads holds ('act.tanh'), or undefined if `node` reads no field of such a table. */
export function tableFunction(ctx: LowerContext, node: TS.Expression): LocalFunction | string | undefined {
  const { ts, checker } = ctx;
  const e = skipOuterExpressions(ts, node);
  const key = ts.isPropertyAccessExpression(e)
    ? e.name
    : ts.isElementAccessExpression(e) && ts.isStringLiteralLike(e.argumentExpression)
      ? e.argumentExpression
      : undefined;
  const access = e as TS.PropertyAccessExpression | TS.ElementAccessExpression;
  if (!key || access.questionDotToken) return undefined;
  const holder = skipOuterExpressions(ts, access.expression);
  const field = checker.getTypeAtLocation(holder).getProperty(key.text);
  const decl = field?.valueDeclaration;
  if (!field || !decl || !(ts.isPropertyAssignment(decl) || ts.isShorthandPropertyAssignment(decl))) return undefined;
  // The object read is the literal itself: a 'const' it initializes (another object of its type may hold others).
  const table = ts.isIdentifier(holder) ? constantHolding(ctx, holder, decl.parent) : undefined;
  if (!table || !ctx.onlyFieldsRead(table) || writesItself(ctx, decl.parent)) return undefined;
  if (resolving.has(decl)) return undefined;
  resolving.add(decl);
  try {
    if (ts.isPropertyAssignment(decl)) {
      // '{ draw: Math.random }' draws from the function as it was when the table was made, which a derivative that
      // replays its draws (runtime/src/draws.ts) cannot reach: refused as a value of unknown body (TS990044).
      const fn = functionArgument(ctx, decl.initializer);
      return fn === "random" ? undefined : fn;
    }
    // '{ relu }': the function the name outside the literal gives.
    const named = checker.getShorthandAssignmentValueSymbol(decl);
    const fn = named && functionOfSymbol(ts, named);
    return fn && !fn.getSourceFile().isDeclarationFile ? fn : undefined;
  } finally {
    resolving.delete(decl);
  }
}

/** The 'const' `name` names (imported too) if its value is `literal`. */
function constantHolding(ctx: LowerContext, name: TS.Identifier, literal: TS.Node): TS.Symbol | undefined {
  const { ts } = ctx;
  const symbol = resolvedSymbol(ts, ctx.checker, name);
  const decl = symbol?.valueDeclaration;
  if (!decl || !ts.isVariableDeclaration(decl) || !decl.initializer) return undefined;
  const isConst = (ts.getCombinedNodeFlags(decl) & ts.NodeFlags.Const) !== 0;
  return isConst && skipOuterExpressions(ts, decl.initializer) === literal ? symbol : undefined;
}

/** A method or accessor of the literal, or a function expression in it, which may write the table through 'this'. */
function writesItself(ctx: LowerContext, literal: TS.Node): boolean {
  const { ts } = ctx;
  const visit = (n: TS.Node): boolean =>
    ts.isMethodDeclaration(n) ||
    ts.isAccessor(n) ||
    (ts.isFunctionExpression(n) && usesThis(n)) ||
    ts.forEachChild(n, (child) => visit(child) || undefined) === true;
  const usesThis = (n: TS.Node): boolean =>
    n.kind === ts.SyntaxKind.ThisKeyword || ts.forEachChild(n, (child) => usesThis(child) || undefined) === true;
  return visit(literal);
}
