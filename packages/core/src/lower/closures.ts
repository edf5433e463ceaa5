/**
 * Functions made by other functions, closures over what their maker was given:
 *   function scaler(k: number) { return (x: number) => k * x; }
 *   … const double = scaler(2); … double(x)
 * The maker is inlined where the closure is made: its parameters and locals become variables of the caller, and the
 * function it returns is named by the 'const', then inlined where it is called, as a local arrow is. Each closure
 * reads and writes the variables of its own making, as in JavaScript: a maker called twice ('scaler(2)',
 * 'scaler(3)') makes two sets, and a call through either name (or a helper's parameter given it) reads its own.
 */
import type * as TS from "typescript";
import { argumentsOf, type LocalFunction, type LowerContext } from "./context";
import {
  callsItself,
  functionName,
  resolveFunction,
  skipOuterExpressions,
  type FunctionLike,
} from "../collect/resolve";
import { bindParameters, inInlinedBody, inlinableCall } from "./localFunctions";
import { lowerStatements } from "./statements";

/**
 * The maps of LowerContext that say what a name is, by symbol: a variable, an object, a function, a flag of
 * presence, a closure, a matrix's row, an element of records. A closure keeps each's entries for its maker's names.
 */
const SCOPES = [
  "names",
  "objects",
  "localFunctions",
  "mathFunctions",
  "closures",
  "presence",
  "rows",
  "records",
  "matrixLists",
  "listedMatrices",
  "columns",
  "columnElements",
] as const;

type Scope = (typeof SCOPES)[number];

/** What the names a closure's maker declared were when the closure was made: an entry per scope, or none. */
export type Closure = ReadonlyMap<TS.Symbol, { readonly [K in Scope]?: unknown }>;

/**
 * 'const double = scaler(2)': the function the inlined maker returns, its closure kept for `symbol`; undefined when
 * the initializer is no call of such a maker (makeClosure).
 */
export function madeFunction(ctx: LowerContext, symbol: TS.Symbol, init: TS.Expression): LocalFunction | undefined {
  const made = makeClosure(ctx, init);
  if (made) ctx.closures.set(symbol, made.closure);
  return made?.fn;
}

/**
 * The maker `node` calls, if it is one: a function of the program, not recursive, whose last statement returns an
 * arrow or function expression and no other statement returns; with the call and the function it returns. Nothing
 * is lowered.
 */
function makerOf(
  ctx: LowerContext,
  node: TS.Expression,
): { maker: FunctionLike; made: LocalFunction; call: TS.CallExpression } | undefined {
  const { ts } = ctx;
  const call = skipOuterExpressions(ts, node);
  if (!ts.isCallExpression(call)) return undefined;
  const maker = resolveFunction(ts, ctx.checker, call.expression);
  const made = maker && returnedFunction(ctx, maker);
  return maker && made && !callsItself(ts, ctx.checker, maker) ? { maker, made, call } : undefined;
}

/** Whether `node` calls a maker (makerOf), without lowering anything. */
export function callsMaker(ctx: LowerContext, node: TS.Expression): boolean {
  return makerOf(ctx, node) !== undefined;
}

/**
 * 'scaler(2)' where it is written ('scaler(w)(x)', 'apply(scaler(w), x)', a 'const'): the maker inlined, and the
 * function it returns with its closure. Undefined if `node` calls no maker (makerOf), or after a diagnostic.
 */
export function makeClosure(
  ctx: LowerContext,
  node: TS.Expression,
): { fn: LocalFunction; closure: Closure } | undefined {
  const found = makerOf(ctx, node);
  if (!found || !inlinableCall(ctx, found.maker, found.call)) return undefined;
  const { maker, made, call } = found;
  bindParameters(ctx, maker.parameters, argumentsOf(ctx.ts, call));
  const body = maker.body as TS.ConciseBody;
  if (ctx.ts.isBlock(body)) inInlinedBody(ctx, maker, call, () => lowerStatements(ctx, body.statements.slice(0, -1)));
  return { fn: made, closure: closureOf(ctx, maker, made) };
}

/** The arrow or function expression `maker` returns as its last statement (or is, for an arrow's body). */
function returnedFunction(ctx: LowerContext, maker: FunctionLike): LocalFunction | undefined {
  const { ts } = ctx;
  const body = maker.body;
  if (!body || maker.getSourceFile().isDeclarationFile) return undefined;
  const isFunction = (e: TS.Expression | undefined): e is TS.ArrowFunction | TS.FunctionExpression =>
    e !== undefined && (ts.isArrowFunction(e) || ts.isFunctionExpression(e));
  if (!ts.isBlock(body)) {
    const value = skipOuterExpressions(ts, body);
    return isFunction(value) ? value : undefined;
  }
  const last = body.statements[body.statements.length - 1];
  const value = last && ts.isReturnStatement(last) && last.expression && skipOuterExpressions(ts, last.expression);
  if (!value || !isFunction(value)) return undefined;
  const returnsEarly = (n: TS.Node): boolean =>
    !ts.isFunctionLike(n) &&
    (ts.isReturnStatement(n) || ts.forEachChild(n, (c) => returnsEarly(c) || undefined) === true);
  return body.statements.slice(0, -1).some(returnsEarly) ? undefined : value;
}

/**
 * What the names `maker` declares (its parameters, locals and local functions, not those of `made`, the function it
 * returns) are now, in each scope.
 */
function closureOf(ctx: LowerContext, maker: FunctionLike, made: LocalFunction): Closure {
  const { ts } = ctx;
  const closure = new Map<TS.Symbol, { [K in Scope]?: unknown }>();
  const visit = (n: TS.Node): void => {
    // The closure's own parameters and locals are bound where it is called.
    if (n === made) return;
    const symbol = ts.isIdentifier(n) ? ctx.checker.getSymbolAtLocation(n) : undefined;
    const declared = symbol?.valueDeclaration;
    if (symbol && declared && declared.pos >= maker.pos && declared.end <= maker.end && !closure.has(symbol)) {
      const entries: { [K in Scope]?: unknown } = {};
      for (const scope of SCOPES) {
        const scoped = ctx[scope] as Map<TS.Symbol, unknown>;
        if (scoped.has(symbol)) entries[scope] = scoped.get(symbol);
      }
      closure.set(symbol, entries);
    }
    ts.forEachChild(n, visit);
  };
  visit(maker);
  return closure;
}

/**
 * Inlining a closure, once its arguments are evaluated and its parameters bound (an argument may call another closure
 * of the same maker): the names its maker declared mean again what they meant at its making.
 */
export function enterClosure(ctx: LowerContext, closure: Closure | undefined): void {
  closure?.forEach((entries, symbol) => {
    for (const scope of SCOPES) {
      const scoped = ctx[scope] as Map<TS.Symbol, unknown>;
      if (scope in entries) scoped.set(symbol, entries[scope]);
      else scoped.delete(symbol);
    }
  });
}

/** The closure `node` names ('double', a helper's parameter given it); undefined for anything else. */
export function closureNamed(ctx: LowerContext, node: TS.Expression): Closure | undefined {
  const e = skipOuterExpressions(ctx.ts, node);
  const symbol = ctx.ts.isIdentifier(e) ? ctx.checker.getSymbolAtLocation(e) : undefined;
  return symbol && ctx.closures.get(symbol);
}

/**
 * The name of the function `init` calls to make a function of type `type` where it is no maker Cotangent inlines
 * (recursive, returning early, returning a function by name): what TS990110 names. Undefined otherwise.
 */
export function unsupportedMaker(ctx: LowerContext, init: TS.Expression, type: TS.Type): string | undefined {
  const { ts } = ctx;
  const call = skipOuterExpressions(ts, init);
  if (!ts.isCallExpression(call) || type.getCallSignatures().length === 0) return undefined;
  const maker = resolveFunction(ts, ctx.checker, call.expression);
  return maker && !callsMaker(ctx, call) ? (functionName(ts, maker) ?? call.expression.getText()) : undefined;
}
