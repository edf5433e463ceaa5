/**
 * 'console.log(…)' statements in a differentiated function: a print has no derivative, so the derivatives leave it
 * out (the function itself still prints when called), and a warning says so. Only a print whose arguments change
 * nothing is left out: one that assigns, increments or calls a function of the program stays a call Cotangent
 * cannot differentiate.
 */
import type * as TS from "typescript";

/** Array methods of the standard library that write into their array. */
const WRITING_METHODS = new Set([
  "push",
  "pop",
  "shift",
  "unshift",
  "splice",
  "sort",
  "reverse",
  "fill",
  "copyWithin",
  "set",
]);

/** Whether `node` is 'console.method(…)' on the global console, with arguments that change nothing. */
export function isPrint(ts: typeof TS, checker: TS.TypeChecker, node: TS.Expression): node is TS.CallExpression {
  if (!ts.isCallExpression(node) || !ts.isPropertyAccessExpression(node.expression)) return false;
  const receiver = node.expression.expression;
  if (!ts.isIdentifier(receiver) || receiver.text !== "console" || !fromLibrary(checker, receiver)) return false;
  return node.arguments.every((arg) => !changesState(ts, checker, arg));
}

function fromLibrary(checker: TS.TypeChecker, node: TS.Node): boolean {
  const declarations = checker.getSymbolAtLocation(node)?.declarations ?? [];
  return declarations.length > 0 && declarations.every((d) => d.getSourceFile().isDeclarationFile);
}

function changesState(ts: typeof TS, checker: TS.TypeChecker, node: TS.Node): boolean {
  if (ts.isBinaryExpression(node)) {
    const op = node.operatorToken.kind;
    if (op >= ts.SyntaxKind.FirstAssignment && op <= ts.SyntaxKind.LastAssignment) return true;
  }
  if (ts.isPrefixUnaryExpression(node) || ts.isPostfixUnaryExpression(node)) {
    const op = node.operator;
    if (op === ts.SyntaxKind.PlusPlusToken || op === ts.SyntaxKind.MinusMinusToken) return true;
  }
  if (ts.isCallExpression(node) || ts.isNewExpression(node)) {
    // A library function that reads ('x.toFixed(3)', 'Math.max(a, b)', 'JSON.stringify(o)'), not one of the program.
    const callee = ts.isPropertyAccessExpression(node.expression) ? node.expression.name : node.expression;
    if (!fromLibrary(checker, callee) || (ts.isIdentifier(callee) && WRITING_METHODS.has(callee.text))) return true;
  }
  if (ts.isDeleteExpression(node) || ts.isFunctionLike(node)) return true;
  return ts.forEachChild(node, (child) => changesState(ts, checker, child) || undefined) ?? false;
}
