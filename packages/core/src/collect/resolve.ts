/**
 * Resolves what a call or a marker refers to, through imports and aliases, with the type checker.
 */
import type * as TS from "typescript";

/** A function whose body Cotangent can read and differentiate. */
export type FunctionLike = TS.FunctionDeclaration | TS.ArrowFunction | TS.FunctionExpression;

/** Strips parentheses and type-only wrappers (`as`, `!`, `satisfies`). */
export function skipOuterExpressions(ts: typeof TS, node: TS.Expression): TS.Expression {
  for (;;) {
    if (ts.isParenthesizedExpression(node) || ts.isAsExpression(node) || ts.isNonNullExpression(node)) {
      node = node.expression;
    } else if (ts.isSatisfiesExpression(node) || ts.isTypeAssertionExpression(node)) {
      node = node.expression;
    } else {
      return node;
    }
  }
}

/** The outermost of the parentheses and type-only wrappers around `node` (skipOuterExpressions's inverse). */
export function outermostExpression(ts: typeof TS, node: TS.Node): TS.Node {
  let at = node;
  while (
    ts.isParenthesizedExpression(at.parent) ||
    ts.isAsExpression(at.parent) ||
    ts.isNonNullExpression(at.parent) ||
    ts.isSatisfiesExpression(at.parent) ||
    ts.isTypeAssertionExpression(at.parent)
  ) {
    at = at.parent;
  }
  return at;
}

/** The symbol an expression names, with import aliases followed to the declaration. */
export function resolvedSymbol(ts: typeof TS, checker: TS.TypeChecker, node: TS.Node): TS.Symbol | undefined {
  let symbol = checker.getSymbolAtLocation(node);
  if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
  return symbol;
}

/**
 * The function an expression refers to, when its body is in the program: a function declaration (its
 * implementation if overloaded), or a `const` initialized with an arrow or function expression.
 */
export function resolveFunction(
  ts: typeof TS,
  checker: TS.TypeChecker,
  expression: TS.Expression,
): FunctionLike | undefined {
  const node = skipOuterExpressions(ts, expression);
  if (ts.isArrowFunction(node) || ts.isFunctionExpression(node)) return node;
  const symbol = resolvedSymbol(ts, checker, node);
  return symbol ? functionOfSymbol(ts, symbol) : undefined;
}

export function functionOfSymbol(ts: typeof TS, symbol: TS.Symbol): FunctionLike | undefined {
  for (const decl of symbol.declarations ?? []) {
    if (ts.isFunctionDeclaration(decl) && decl.body) return decl;
    // The name of a named function expression, seen from inside it (recursion).
    if (ts.isFunctionExpression(decl)) return decl;
    if (
      ts.isVariableDeclaration(decl) &&
      decl.initializer &&
      ts.isVariableDeclarationList(decl.parent) &&
      decl.parent.flags & ts.NodeFlags.Const
    ) {
      const init = skipOuterExpressions(ts, decl.initializer);
      if (ts.isArrowFunction(init) || ts.isFunctionExpression(init)) return init;
    }
  }
  return undefined;
}

/** The name users know a function by: its declaration's name, or the `const` it initializes; a method's name. */
export function functionName(
  ts: typeof TS,
  fn: FunctionLike | TS.MethodDeclaration | TS.GetAccessorDeclaration | TS.ConstructorDeclaration | TS.ClassDeclaration,
): string | undefined {
  if (ts.isMethodDeclaration(fn) || ts.isGetAccessorDeclaration(fn)) return fn.name.getText();
  if (ts.isClassDeclaration(fn)) return fn.name?.text;
  if (ts.isConstructorDeclaration(fn)) return ts.isClassDeclaration(fn.parent) ? fn.parent.name?.text : undefined;
  if (ts.isFunctionDeclaration(fn) && fn.name) return fn.name.text;
  // 'const f = function pw() {…}' is known as 'f' outside its body, where generated code calls it.
  let parent: TS.Node = fn.parent;
  while (ts.isParenthesizedExpression(parent) || ts.isAsExpression(parent) || ts.isSatisfiesExpression(parent)) {
    parent = parent.parent;
  }
  if (ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) return parent.name.text;
  return ts.isFunctionExpression(fn) && fn.name ? fn.name.text : undefined;
}

/** The top-level statement holding a named function (its declaration or its `const`), if it is at module level. */
export function topLevelStatementOf(ts: typeof TS, fn: FunctionLike): TS.Statement | undefined {
  let node: TS.Node = fn;
  while (node.parent && !ts.isSourceFile(node.parent)) node = node.parent;
  if (!node.parent) return undefined;
  if (ts.isFunctionDeclaration(node) && node === fn) return node;
  if (ts.isVariableStatement(node) && functionName(ts, fn)) {
    const decl = node.declarationList.declarations.find(
      (d) => d.initializer && skipOuterExpressions(ts, d.initializer) === fn,
    );
    if (decl) return node;
  }
  return undefined;
}

/** Whether `fn` can call itself: through its own body or the bodies of the functions it calls, at any depth. */
export function callsItself(ts: typeof TS, checker: TS.TypeChecker, fn: FunctionLike): boolean {
  const seen = new Set<FunctionLike>();
  const reaches = (node: TS.Node): boolean => {
    if (ts.isCallExpression(node)) {
      const callee = resolveFunction(ts, checker, node.expression);
      if (callee === fn) return true;
      if (callee && !seen.has(callee)) {
        seen.add(callee);
        if (callee.body && reaches(callee.body)) return true;
      }
    }
    return ts.forEachChild(node, (child) => reaches(child) || undefined) ?? false;
  };
  return fn.body !== undefined && reaches(fn.body);
}
