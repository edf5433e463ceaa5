/**
 * Functions held by the fields of a constant object literal, a table of them:
 *   'const act = { relu, tanh: Math.tanh, softplus: (x: number) => Math.log1p(Math.exp(x)) }'
 * called as 'act.tanh(x)' or 'act["relu"](x)', or given to a helper ('apply(act.softplus, y)'). The field's function
 * is called as itself: inlined (an arrow), called (a function of the program) or differentiated by its rule (one of
 * Math's). Only where the program never assigns the field: the function it holds is then the one the literal gives.
 */
import type * as TS from "typescript";
import { functionOfSymbol, skipOuterExpressions } from "../collect/resolve";
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
  if (!ts.isIdentifier(holder) || !initializes(ctx, holder, decl.parent) || ctx.writesField(field)) return undefined;
  if (resolving.has(decl)) return undefined;
  resolving.add(decl);
  try {
    if (ts.isPropertyAssignment(decl)) return functionArgument(ctx, decl.initializer);
    // '{ relu }': the function the name outside the literal gives.
    const named = checker.getShorthandAssignmentValueSymbol(decl);
    const fn = named && functionOfSymbol(ts, named);
    return fn && !fn.getSourceFile().isDeclarationFile ? fn : undefined;
  } finally {
    resolving.delete(decl);
  }
}

/** Whether `name` names a 'const' whose value is `literal`. */
function initializes(ctx: LowerContext, name: TS.Identifier, literal: TS.Node): boolean {
  const { ts } = ctx;
  const decl = ctx.checker.getSymbolAtLocation(name)?.valueDeclaration;
  if (!decl || !ts.isVariableDeclaration(decl) || !decl.initializer) return false;
  const isConst = (ts.getCombinedNodeFlags(decl) & ts.NodeFlags.Const) !== 0;
  return isConst && skipOuterExpressions(ts, decl.initializer) === literal;
}
