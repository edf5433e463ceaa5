/**
 * Warnings for constructs that differentiate, but perhaps not as the author expects. They never fail a build: the
 * derivative is well defined and documented, and the warning says what it is.
 * - 'Math.random()' is a constant of the computation: its derivative is 0.
 * - A bitwise operator applied to a value that depends on a differentiated input truncates it to a 32-bit integer:
 *   piecewise constant, derivative 0 (only reported where an input's derivative really is cut off).
 * - 'console.log(…)' prints when the function is called, not in its derivatives.
 */
import type * as TS from "typescript";
import { Messages } from "../diagnostics/messages";
import type { DiagnosticSink } from "../diagnostics/sink";
import { forEachStmt, type FunctionIR, type Origin } from "../ir/stmt";
import { varsOf } from "../ir/expr";
import { isConsoleCall, isPrint } from "../lower/prints";

const BITWISE_BINARY = new Set(["&", "|", "^", "<<", ">>", ">>>"]);

/** Reports the warnings for the body of `fn`, including the inline callbacks it passes to array methods. */
export function reportWarnings(
  ts: typeof TS,
  checker: TS.TypeChecker,
  sink: DiagnosticSink,
  fn: TS.FunctionLikeDeclaration,
): void {
  const visit = (node: TS.Node): void => {
    const printed = ts.isExpressionStatement(node) ? node.expression : undefined;
    if (printed && isConsoleCall(ts, checker, printed) && isPrint(ts, checker, printed)) {
      sink.report(printed, Messages.PrintLeftOut, [printed.expression.getText()]);
    }
    if (
      ts.isCallExpression(node) &&
      ts.isPropertyAccessExpression(node.expression) &&
      ts.isIdentifier(node.expression.expression) &&
      node.expression.expression.text === "Math" &&
      node.expression.name.text === "random"
    ) {
      sink.report(node, Messages.RandomIsConstant);
    }
    ts.forEachChild(node, visit);
  };
  if (fn.body) visit(fn.body);
}

/** Warns at each bitwise operator whose operand varies with the inputs being differentiated (`varied`). */
export function reportTruncatedDerivatives(
  ts: typeof TS,
  sink: DiagnosticSink,
  fn: TS.Node,
  ir: FunctionIR,
  varied: ReadonlySet<string>,
): void {
  const origins: Origin[] = [];
  forEachStmt(ir.body, (s) => {
    if (s.kind !== "assign" || !s.origin) return;
    const e = s.expr;
    const bitwise = (e.kind === "binary" && BITWISE_BINARY.has(e.op)) || (e.kind === "unary" && e.op === "~");
    if (bitwise && [...varsOf(e)].some((n) => varied.has(n))) origins.push(s.origin);
  });
  if (origins.length === 0) return;
  const visit = (node: TS.Node): void => {
    const start = node.getStart();
    if (origins.some((o) => start >= o.pos && node.getEnd() <= o.end) && isBitwise(ts, node)) {
      if (ts.isBinaryExpression(node))
        sink.report(node.operatorToken, Messages.BitwiseOperator, [node.operatorToken.getText()]);
      else sink.report(node, Messages.BitwiseOperator, ["~"]);
    }
    ts.forEachChild(node, visit);
  };
  visit(fn);
}

function isBitwise(ts: typeof TS, node: TS.Node): boolean {
  const k = ts.SyntaxKind;
  if (ts.isPrefixUnaryExpression(node)) return node.operator === k.TildeToken;
  if (!ts.isBinaryExpression(node)) return false;
  const text = ts.tokenToString(node.operatorToken.kind) ?? "";
  return BITWISE_BINARY.has(text.replace(/=$/, ""));
}
