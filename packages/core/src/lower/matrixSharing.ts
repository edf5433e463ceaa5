/**
 * Where JavaScript would share an array between a matrix the function builds and another name, the flat matrix holds
 * a copy (lower/localMatrices.ts). These checks keep the two readings the same: a row added must be a new array that
 * nothing else names, or be one that nothing writes through either name (lower/writesThrough.ts); a row replaced must
 * not be named elsewhere; a row wanted as an array of its own is refused. Each failing check reports its diagnostic.
 */
import type * as TS from "typescript";
import { Messages } from "../diagnostics/messages";
import { symbolOfIdentifier, type LowerContext } from "./context";
import { arrayName, isMatrix, isMatrixRow, rowMatrix, skipParentheses } from "./arrays";
import { arrayOperand } from "./arrayMethods";
import { shorten } from "./expressions";
import { readByClosure, sharedName } from "./arrayAssign";
import { builtRowsMayBeWritten, mayBeWritten } from "./writesThrough";

/**
 * Whether `node` is a row of a matrix where `use` wants an array of its own that may be written (a callee's result,
 * an array variable's new value, a recursive callee's argument): reports TS990081, since a copy would not see writes
 * through the matrix, nor the matrix (a parameter's included) writes through the array.
 */
export function rowAsArray(ctx: LowerContext, node: TS.Expression, use: string): boolean {
  const matrix = rowMatrix(ctx, node);
  if (matrix === undefined) return false;
  ctx.sink.report(node, Messages.RowAsArray, [shorten(node.getText(ctx.sourceFile)), matrix, use]);
  return true;
}

/**
 * Whether a name for one of the matrix's rows is in scope at `assignment`, which replaces rows ('m[i] = r',
 * 'm = next'): JavaScript would leave the name naming the old row, the flat matrix the new one. Reports TS990080.
 */
export function rowNamedAcross(ctx: LowerContext, matrix: string, assignment: TS.Node): boolean {
  // In a function inlined where it is called, a name in scope at any call site around it is alive too.
  const sites = [assignment, ...ctx.inlining.flatMap((frame) => (frame.site ? [frame.site] : []))];
  const alive = (symbol: TS.Symbol) => sites.some((site) => inScopeOf(ctx.ts, symbol, site));
  const named = [...ctx.rows].find(([symbol, row]) => row.matrix === matrix && alive(symbol));
  if (!named) return false;
  const text = shorten(assignment.getText(ctx.sourceFile));
  ctx.sink.report(assignment, Messages.RowNameAcrossReplacement, [text, matrix, named[0].name]);
  return true;
}

/** Whether `node` is inside the scope of the declaration of `symbol` (its block, or its function for a parameter). */
function inScopeOf(ts: typeof TS, symbol: TS.Symbol, node: TS.Node): boolean {
  const declaration = symbol.valueDeclaration ?? symbol.declarations?.[0];
  let scope: TS.Node | undefined = declaration?.parent;
  while (scope && !ts.isBlock(scope) && !ts.isFunctionLike(scope) && !ts.isSourceFile(scope)) scope = scope.parent;
  if (!scope || scope.getSourceFile() !== node.getSourceFile()) return false;
  return scope.pos <= node.pos && node.end <= scope.end;
}

/**
 * The IR name of the array a row added to `matrix` is made from, a new array nothing else names; undefined after a
 * diagnostic. A row of another matrix, a parameter, or a local array used again afterwards would be shared.
 */
export function newRow(ctx: LowerContext, node: TS.Expression, matrix: string): string | undefined {
  const { ts } = ctx;
  const e = skipParentheses(ts, node);
  const shared = (): undefined => {
    ctx.sink.report(node, Messages.SharedMatrixRow, [shorten(e.getText(ctx.sourceFile)), matrix]);
    return undefined;
  };
  const name = arrayName(ctx, e);
  if (name !== undefined && isMatrix(ctx, name, e)) return shared();
  // A row of another matrix, copied: the same as sharing it while nothing writes either.
  if (isMatrixRow(ctx, e)) return unwrittenShare(ctx, e, matrix) ? arrayOperand(ctx, e) : shared();
  if (ts.isIdentifier(e)) {
    const name = arrayName(ctx, e);
    if (!name) {
      ctx.sink.report(node, Messages.UnsupportedArrayOperation, [shorten(e.getText(ctx.sourceFile))]);
      return undefined;
    }
    return ownedBy(ctx, e, name) || unwrittenShare(ctx, e, matrix) ? name : shared();
  }
  const before = new Set(ctx.locals.keys());
  const built = arrayOperand(ctx, e);
  if (!built) {
    ctx.sink.report(node, Messages.UnsupportedArrayOperation, [shorten(e.getText(ctx.sourceFile))]);
    return undefined;
  }
  // A callee that returns its argument ('m.push(id(r))') gives an array the caller already had.
  return before.has(built) ? shared() : built;
}

/**
 * Whether JavaScript's sharing of the row `node` names with `matrix` is invisible: nothing writes the numbers of the
 * array (or the rows of the matrix it is a row of), nor the rows of `matrix`, through any name (lower/writesThrough.ts),
 * so that a copy reads the same ('trajectory.push(state)' with state given new arrays, 'kept.push(p)' for rows p of
 * a parameter).
 */
function unwrittenShare(ctx: LowerContext, node: TS.Expression, matrix: string): boolean {
  const sourceMatrix = rowMatrix(ctx, node);
  const source = sourceMatrix ?? arrayName(ctx, node);
  // A row of a matrix literal ('[A[0], [x, 2]]'), built before any name holds it: followed from the literal.
  const literal = ctx.ts.isArrayLiteralExpression(node.parent) ? node.parent : undefined;
  return source !== undefined && sharesUnwritten(ctx, source, sourceMatrix !== undefined, matrix, literal);
}

/**
 * Whether nothing writes the numbers of `source` (its rows' numbers, `rows`) nor the rows of `matrix`. A matrix no name
 * holds ('A.slice()[1][0]') is followed from `built`, the expression building it.
 */
export function sharesUnwritten(
  ctx: LowerContext,
  source: string,
  rows: boolean,
  matrix: string,
  built?: TS.Expression,
): boolean {
  const namesOf = (name: string) => [...ctx.names].filter(([, named]) => named === name).map(([symbol]) => symbol);
  const written = (symbols: TS.Symbol[], matrixRows: boolean) =>
    symbols.length === 0 || symbols.some((symbol) => mayBeWritten(ctx.ts, ctx.checker, symbol, matrixRows));
  const names = namesOf(matrix);
  const matrixWritten =
    names.length === 0 && built ? builtRowsMayBeWritten(ctx.ts, ctx.checker, built) : written(names, true);
  return !matrixWritten && !written(namesOf(source), rows);
}

/**
 * Whether a local array named at `use` can become a row: declared in the same block as the statement holding `use`
 * (a new array each time the block runs), no other name for it, and not named again after that statement.
 */
function ownedBy(ctx: LowerContext, use: TS.Identifier, name: string): boolean {
  const { ts } = ctx;
  const symbol = ctx.checker.getSymbolAtLocation(use);
  if (!symbol || ctx.params.has(name) || ctx.externals.has(name) || sharedName(ctx, name, symbol, use)) return false;
  let statement: TS.Node = use;
  while (!isListed(ts, statement)) {
    // Past a loop or a function, the use runs again with the same array.
    if (ts.isFunctionLike(statement) || ts.isSourceFile(statement)) return false;
    statement = statement.parent;
    if (ts.isIterationStatement(statement, false)) return false;
  }
  const list = (statement.parent as TS.Block).statements;
  const at = list.indexOf(statement as TS.Statement);
  const declaration = symbol.valueDeclaration;
  const declared = declaration && ts.isVariableDeclaration(declaration) ? declaration.parent.parent : undefined;
  if (!declared || list.indexOf(declared as TS.Statement) < 0 || list.indexOf(declared as TS.Statement) > at) {
    return false;
  }
  // A function declared where the array is (other than a callback passed straight to a call) may run later.
  let owner: TS.Node = declared;
  while (!ts.isFunctionLike(owner) && !ts.isSourceFile(owner)) owner = owner.parent;
  if (readByClosure(ctx, owner, symbol)) return false;
  const mentions = (node: TS.Node): boolean => {
    if (node.pos >= use.pos && node.end <= use.end) return false;
    if (ts.isIdentifier(node) && node.end > use.end && symbolOfIdentifier(ctx, node) === symbol) return true;
    return ts.forEachChild(node, (child) => mentions(child) || undefined) ?? false;
  };
  return ![statement, ...list.slice(at + 1)].some(mentions);
}

/** A statement directly in a list of statements: a block's, a file's, a 'case' clause's. */
function isListed(ts: typeof TS, node: TS.Node): boolean {
  const parent = node.parent;
  return (
    parent !== undefined &&
    (ts.isBlock(parent) || ts.isCaseClause(parent) || ts.isDefaultClause(parent)) &&
    (parent.statements as readonly TS.Node[]).includes(node)
  );
}
