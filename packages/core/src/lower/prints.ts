/**
 * 'console.log(…)' statements in a differentiated function: a print has no derivative, so the derivatives leave it
 * out (the function itself still prints when called), and a warning says so. Only a print whose arguments surely
 * change nothing is left out: one that assigns, reads a getter or calls anything but Math and the formatting methods
 * stays a call Cotangent cannot differentiate.
 */
import type * as TS from "typescript";

/** Methods of numbers, strings and arrays that only read: what a print typically formats its values with. */
const READING_METHODS = new Set(["toFixed", "toPrecision", "toExponential", "toString", "join", "padStart", "padEnd"]);
/** Functions of the standard library that only read their arguments. */
const READING_FUNCTIONS = new Set(["String", "Number", "JSON.stringify"]);

/** Whether `node` is 'console.method(…)' on the global console. */
export function isConsoleCall(ts: typeof TS, checker: TS.TypeChecker, node: TS.Expression): node is TS.CallExpression {
  if (!ts.isCallExpression(node) || !ts.isPropertyAccessExpression(node.expression)) return false;
  const receiver = node.expression.expression;
  return ts.isIdentifier(receiver) && receiver.text === "console" && fromLibrary(checker, receiver);
}

/** Whether `node` is 'console.method(…)' with arguments that surely change nothing. */
export function isPrint(ts: typeof TS, checker: TS.TypeChecker, node: TS.Expression): boolean {
  return isConsoleCall(ts, checker, node) && node.arguments.every((arg) => onlyReads(ts, checker, arg));
}

function fromLibrary(checker: TS.TypeChecker, node: TS.Node): boolean {
  const declarations = checker.getSymbolAtLocation(node)?.declarations ?? [];
  return declarations.length > 0 && declarations.every((d) => d.getSourceFile().isDeclarationFile);
}

/**
 * Whether evaluating `node` only reads: names, literals, templates, operators that do not assign, fields that are
 * not getters, Math functions and the formatting methods above. Anything else (a call of the program, a getter,
 * 'Object.assign', an assignment) might change what the function computes, and is not left out.
 */
function onlyReads(ts: typeof TS, checker: TS.TypeChecker, node: TS.Node): boolean {
  if (ts.isBinaryExpression(node)) {
    const op = node.operatorToken.kind;
    if (op >= ts.SyntaxKind.FirstAssignment && op <= ts.SyntaxKind.LastAssignment) return false;
  }
  if (ts.isPrefixUnaryExpression(node) || ts.isPostfixUnaryExpression(node)) {
    const op = node.operator;
    if (op === ts.SyntaxKind.PlusPlusToken || op === ts.SyntaxKind.MinusMinusToken) return false;
  }
  if (ts.isPropertyAccessExpression(node)) {
    const symbol = checker.getSymbolAtLocation(node.name);
    if (symbol && symbol.flags & ts.SymbolFlags.Accessor) return false;
  }
  if (ts.isCallExpression(node) && !readingCall(ts, checker, node)) return false;
  if (ts.isNewExpression(node) || ts.isDeleteExpression(node) || ts.isFunctionLike(node)) return false;
  if (ts.isTaggedTemplateExpression(node) || ts.isAwaitExpression(node) || ts.isYieldExpression(node)) return false;
  return ts.forEachChild(node, (child) => (onlyReads(ts, checker, child) ? undefined : true)) === undefined;
}

function readingCall(ts: typeof TS, checker: TS.TypeChecker, call: TS.CallExpression): boolean {
  const callee = call.expression;
  const text = callee.getText();
  if (READING_FUNCTIONS.has(text) || (ts.isPropertyAccessExpression(callee) && text.startsWith("Math."))) {
    return fromLibrary(checker, ts.isPropertyAccessExpression(callee) ? callee.expression : callee);
  }
  return (
    ts.isPropertyAccessExpression(callee) && READING_METHODS.has(callee.name.text) && fromLibrary(checker, callee.name)
  );
}
