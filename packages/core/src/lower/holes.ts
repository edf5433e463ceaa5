/**
 * 'new Array<number>(n)' makes n holes, which read as undefined. The idiom that writes every element before reading
 * any is lowered as a zero-filled array, which then reads the same:
 *   const out = new Array<number>(n);
 *   for (let i = 0; i < n; i++) { out[i] = …; … }
 * the loop right after the declaration, counting from 0 by one while below the same length (or 'out.length'), its
 * first statement writing 'out[i]' from a value that does not read out, the rest reading out only at i, and nothing
 * in it leaving the loop early (a 'break', a 'continue' of an outer loop) or changing the counter or the length. Any other use of the holes stays
 * refused (TS990091).
 */
import type * as TS from "typescript";
import type { LowerContext } from "./context";

/** Whether `node`, 'new Array(n)' initializing a variable, is filled by the loop after its declaration. */
export function filledBeforeRead(ctx: LowerContext, node: TS.NewExpression): boolean {
  const { ts, checker } = ctx;
  const [size] = node.arguments ?? [];
  const decl = node.parent;
  if (!size || !ts.isVariableDeclaration(decl) || decl.initializer !== node || !ts.isIdentifier(decl.name))
    return false;
  const statement = decl.parent.parent;
  const block = statement.parent;
  if (!ts.isVariableStatement(statement) || !(ts.isBlock(block) || ts.isSourceFile(block))) return false;
  const loop = block.statements[block.statements.indexOf(statement) + 1];
  if (!loop || !ts.isForStatement(loop)) return false;
  const array = checker.getSymbolAtLocation(decl.name);
  const counter = countsFromZero(ctx, loop);
  if (!array || !counter) return false;
  const names = (e: TS.Node, symbol: TS.Symbol) => ts.isIdentifier(e) && checker.getSymbolAtLocation(e) === symbol;
  // 'i < n' for 'new Array(n)', or 'i < out.length'.
  const bound = loop.condition;
  if (!bound || !ts.isBinaryExpression(bound) || bound.operatorToken.kind !== ts.SyntaxKind.LessThanToken) return false;
  const ownLength =
    ts.isPropertyAccessExpression(bound.right) &&
    bound.right.name.text === "length" &&
    names(bound.right.expression, array);
  if (!names(bound.left, counter) || !(ownLength || sameValue(ctx, bound.right, size))) return false;
  const body = ts.isBlock(loop.statement) ? loop.statement.statements : [loop.statement];
  const first = body[0];
  if (!first || !ts.isExpressionStatement(first)) return false;
  const write = first.expression;
  const writesElement =
    ts.isBinaryExpression(write) &&
    write.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
    ts.isElementAccessExpression(write.left) &&
    names(write.left.expression, array) &&
    names(write.left.argumentExpression, counter) &&
    !mentions(ctx, write.right, array);
  if (!writesElement) return false;
  // (The array's own length changes only by resizing it.)
  const held = [counter, ...(ownLength ? [] : symbolsIn(ctx, bound.right))];
  return (
    !leavesEarly(ctx, loop.statement) &&
    !changes(ctx, loop.statement, held) &&
    !resizes(ctx, loop, array) &&
    readsOnlyWritten(ctx, loop.statement, array, counter)
  );
}

/**
 * Whether the loop's body reads the array only at the counter ('out[i]', written first) and its length: 'out[n - 1]'
 * would read a hole ahead of the writes.
 */
function readsOnlyWritten(ctx: LowerContext, body: TS.Statement, array: TS.Symbol, counter: TS.Symbol): boolean {
  const { ts, checker } = ctx;
  const named = (e: TS.Node, symbol: TS.Symbol) => ts.isIdentifier(e) && checker.getSymbolAtLocation(e) === symbol;
  const visit = (n: TS.Node): boolean => {
    if (named(n, array)) {
      const parent = n.parent;
      const atCounter = ts.isElementAccessExpression(parent) && named(parent.argumentExpression, counter);
      const length = ts.isPropertyAccessExpression(parent) && parent.name.text === "length";
      if (!atCounter && !length) return false;
    }
    return ts.forEachChild(n, (child) => (visit(child) ? undefined : true)) !== true;
  };
  return visit(body);
}

/** 'out.length = 0', 'out.pop()': the loop changes the array's length (its element writes do not). */
function resizes(ctx: LowerContext, loop: TS.ForStatement, array: TS.Symbol): boolean {
  const { ts, checker } = ctx;
  const isArray = (e: TS.Expression) => ts.isIdentifier(e) && checker.getSymbolAtLocation(e) === array;
  const visit = (n: TS.Node): boolean => {
    const member = ts.isPropertyAccessExpression(n) && isArray(n.expression);
    const called = member && ts.isCallExpression(n.parent) && n.parent.expression === n;
    const lengthWritten =
      member &&
      (n as TS.PropertyAccessExpression).name.text === "length" &&
      ts.isBinaryExpression(n.parent) &&
      n.parent.left === n &&
      n.parent.operatorToken.kind >= ts.SyntaxKind.FirstAssignment &&
      n.parent.operatorToken.kind <= ts.SyntaxKind.LastAssignment;
    return called || lengthWritten || ts.forEachChild(n, (child) => visit(child) || undefined) === true;
  };
  return visit(loop);
}

/** The counter of 'for (let i = 0; …; i++)' ('++i', 'i += 1' too); undefined for another loop. */
function countsFromZero(ctx: LowerContext, loop: TS.ForStatement): TS.Symbol | undefined {
  const { ts, checker } = ctx;
  const init = loop.initializer;
  if (!init || !ts.isVariableDeclarationList(init) || init.declarations.length !== 1) return undefined;
  const [i] = init.declarations;
  const zero = i.initializer && ts.isNumericLiteral(i.initializer) && Number(i.initializer.text) === 0;
  const symbol = zero && ts.isIdentifier(i.name) ? checker.getSymbolAtLocation(i.name) : undefined;
  const step = loop.incrementor;
  if (!symbol || !step) return undefined;
  const isCounter = (e: TS.Expression) => ts.isIdentifier(e) && checker.getSymbolAtLocation(e) === symbol;
  const increments =
    ((ts.isPostfixUnaryExpression(step) || ts.isPrefixUnaryExpression(step)) &&
      step.operator === ts.SyntaxKind.PlusPlusToken &&
      isCounter(step.operand)) ||
    (ts.isBinaryExpression(step) &&
      step.operatorToken.kind === ts.SyntaxKind.PlusEqualsToken &&
      isCounter(step.left) &&
      ts.isNumericLiteral(step.right) &&
      Number(step.right.text) === 1);
  return increments ? symbol : undefined;
}

/** 'n' and 'n', 'x.length' and 'x.length': the same names read the same way. */
function sameValue(ctx: LowerContext, a: TS.Expression, b: TS.Expression): boolean {
  const { ts, checker } = ctx;
  if (ts.isIdentifier(a) && ts.isIdentifier(b)) {
    const symbol = checker.getSymbolAtLocation(a);
    return symbol !== undefined && symbol === checker.getSymbolAtLocation(b);
  }
  if (ts.isPropertyAccessExpression(a) && ts.isPropertyAccessExpression(b)) {
    return a.name.text === b.name.text && sameValue(ctx, a.expression, b.expression);
  }
  return ts.isNumericLiteral(a) && ts.isNumericLiteral(b) && Number(a.text) === Number(b.text);
}

function symbolsIn(ctx: LowerContext, node: TS.Node): TS.Symbol[] {
  const found: TS.Symbol[] = [];
  const visit = (n: TS.Node): void => {
    const symbol = ctx.ts.isIdentifier(n) ? ctx.checker.getSymbolAtLocation(n) : undefined;
    if (symbol) found.push(symbol);
    ctx.ts.forEachChild(n, visit);
  };
  visit(node);
  return found;
}

function mentions(ctx: LowerContext, node: TS.Node, symbol: TS.Symbol): boolean {
  return symbolsIn(ctx, node).includes(symbol);
}

/** A 'break' or 'return' anywhere in the loop's body, or a 'continue' naming a label (of an outer loop). */
function leavesEarly(ctx: LowerContext, body: TS.Statement): boolean {
  const { ts } = ctx;
  const visit = (n: TS.Node): boolean =>
    !ts.isFunctionLike(n) &&
    (ts.isBreakStatement(n) ||
      ts.isReturnStatement(n) ||
      (ts.isContinueStatement(n) && n.label !== undefined) ||
      ts.forEachChild(n, (child) => visit(child) || undefined) === true);
  return visit(body);
}

/**
 * Whether the body may change a value the loop's bound or counter holds: an assignment or increment of one of
 * `symbols`, or a method called on one ('x.push(v)' lengthens x).
 */
function changes(ctx: LowerContext, body: TS.Statement, symbols: readonly TS.Symbol[]): boolean {
  const { ts, checker } = ctx;
  const held = (e: TS.Expression): boolean => {
    const root = ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e) ? e.expression : e;
    const symbol = ts.isIdentifier(root) ? checker.getSymbolAtLocation(root) : undefined;
    return symbol !== undefined && symbols.includes(symbol);
  };
  const visit = (n: TS.Node): boolean => {
    const assigns =
      ts.isBinaryExpression(n) &&
      n.operatorToken.kind >= ts.SyntaxKind.FirstAssignment &&
      n.operatorToken.kind <= ts.SyntaxKind.LastAssignment &&
      held(n.left);
    const steps =
      (ts.isPrefixUnaryExpression(n) || ts.isPostfixUnaryExpression(n)) &&
      (n.operator === ts.SyntaxKind.PlusPlusToken || n.operator === ts.SyntaxKind.MinusMinusToken) &&
      held(n.operand);
    // 'x.push(v)' lengthens x; a function given x may too.
    const calls =
      ts.isCallExpression(n) &&
      ((ts.isPropertyAccessExpression(n.expression) && held(n.expression.expression)) || n.arguments.some(held));
    return assigns || steps || calls || ts.forEachChild(n, (child) => visit(child) || undefined) === true;
  };
  return visit(body);
}
