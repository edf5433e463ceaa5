/**
 * Warnings for constructs that differentiate, but perhaps not as the author expects. They never fail a build: the
 * derivative is well defined and documented, and the warning says what it is.
 * - 'Math.random()' is a constant of the computation: its derivative is 0.
 */
import type * as TS from "typescript";
import { Messages } from "../diagnostics/messages";
import type { DiagnosticSink } from "../diagnostics/sink";

/** Reports the warnings for the body of `fn`, including the inline callbacks it passes to array methods. */
export function reportWarnings(ts: typeof TS, sink: DiagnosticSink, fn: TS.FunctionLikeDeclaration): void {
  const visit = (node: TS.Node): void => {
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
