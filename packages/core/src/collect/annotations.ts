/**
 * Finds functions marked `// @differentiate` or `/** @differentiate *\/` directly above a top-level function
 * declaration or `const f = (…) => …` / `const f = function …`.
 */
import type * as TS from "typescript";
import { Messages } from "../diagnostics/messages";
import type { DiagnosticSink } from "../diagnostics/sink";
import { skipOuterExpressions, type FunctionLike } from "./resolve";

const ANNOTATION = /@differentiate\b/;

function hasAnnotation(ts: typeof TS, file: TS.SourceFile, node: TS.Node): boolean {
  const ranges = ts.getLeadingCommentRanges(file.text, node.pos) ?? [];
  return ranges.some((r) => ANNOTATION.test(file.text.slice(r.pos, r.end)));
}

export function findAnnotatedFunctions(ts: typeof TS, file: TS.SourceFile, sink: DiagnosticSink): FunctionLike[] {
  const found: FunctionLike[] = [];
  for (const statement of file.statements) {
    if (!hasAnnotation(ts, file, statement)) continue;
    if (ts.isFunctionDeclaration(statement) && statement.body) {
      found.push(statement);
      continue;
    }
    if (ts.isVariableStatement(statement) && statement.declarationList.declarations.length === 1) {
      const init = statement.declarationList.declarations[0].initializer;
      const fn = init && skipOuterExpressions(ts, init);
      if (fn && (ts.isArrowFunction(fn) || ts.isFunctionExpression(fn))) {
        found.push(fn);
        continue;
      }
    }
    sink.report(statement, Messages.MisplacedAnnotation);
  }
  return found;
}

/** Whether the file mentions the annotation at all: a cheap test before any work. */
export function mentionsAnnotation(file: TS.SourceFile): boolean {
  return ANNOTATION.test(file.text);
}
