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
    if (hasAnnotation(ts, file, statement)) {
      const fn = annotatedFunction(ts, statement);
      if (fn) found.push(fn);
      else sink.report(statement, Messages.MisplacedAnnotation);
    }
    // Above a method: a marker differentiates it through an arrow calling it, and a marked function calls it inline.
    if (!ts.isClassDeclaration(statement)) continue;
    for (const member of statement.members) {
      if (hasAnnotation(ts, file, member)) sink.report(member, Messages.MisplacedAnnotation);
    }
  }
  reportInObjectLiterals(ts, file, sink);
  return found;
}

/** A mark above a member of an object literal ('{ // @differentiate\n relu(x) { … } }') is a method's too. */
function reportInObjectLiterals(ts: typeof TS, file: TS.SourceFile, sink: DiagnosticSink): void {
  const visit = (node: TS.Node): void => {
    if (ts.isObjectLiteralExpression(node)) {
      for (const member of node.properties) {
        if (hasAnnotation(ts, file, member)) sink.report(member, Messages.MisplacedAnnotation);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
}

/** The function a marked statement declares: a function declaration, or a 'const' naming an arrow or function. */
function annotatedFunction(ts: typeof TS, statement: TS.Statement): FunctionLike | undefined {
  if (ts.isFunctionDeclaration(statement)) return statement.body ? statement : undefined;
  // A 'let' could name another function by the time a marker calls it.
  if (!ts.isVariableStatement(statement) || !(statement.declarationList.flags & ts.NodeFlags.Const)) return undefined;
  const [only, ...others] = statement.declarationList.declarations;
  const fn = others.length === 0 && only.initializer ? skipOuterExpressions(ts, only.initializer) : undefined;
  return fn && (ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) ? fn : undefined;
}

/** Whether the file mentions the annotation at all: a cheap test before any work. */
export function mentionsAnnotation(file: TS.SourceFile): boolean {
  return ANNOTATION.test(file.text);
}
