/**
 * Generated code reads what the primal reads from outside the differentiated function by its name: a module's
 * constant, an import, a function it calls, a local of an enclosing function. A local or parameter of the generated
 * code that took such a name would hide it ('const k = 3' at module level, and 'x.map((k) => k * k)' inside), so
 * declareLocal gives those a suffix. The names are gathered before lowering, from the function and from every
 * function it may inline (its callees, transitively), since lowering meets the reads and the declarations in any
 * order.
 */
import type * as TS from "typescript";

/** Symbols whose names generated code may print: variables, functions, classes, enums, imports. */
function readsByName(ts: typeof TS, symbol: TS.Symbol): boolean {
  const f = ts.SymbolFlags;
  return (symbol.flags & (f.Variable | f.Function | f.Class | f.Enum | f.Alias)) !== 0;
}

/** Whether `inner` is written inside `outer` (both in one file). */
export const encloses = (outer: TS.Node, inner: TS.Node): boolean =>
  inner.getSourceFile() === outer.getSourceFile() && inner.pos >= outer.pos && inner.end <= outer.end;

/** The names `fn`, and the functions it calls, read from outside themselves. */
export function outsideNames(ts: typeof TS, checker: TS.TypeChecker, fn: TS.Node): Set<string> {
  const names = new Set<string>();
  const visited = new Set<TS.Node>();
  const visitFunction = (body: TS.Node): void => {
    if (visited.has(body)) return;
    visited.add(body);
    const visit = (node: TS.Node): void => {
      if (ts.isIdentifier(node)) {
        const symbol = checker.getSymbolAtLocation(node);
        const declarations = symbol?.declarations ?? [];
        const outside = declarations.length > 0 && declarations.every((d) => !encloses(body, d));
        if (symbol && outside && readsByName(ts, symbol)) names.add(node.text);
      }
      if (ts.isCallExpression(node) || ts.isNewExpression(node)) {
        const callee = checker.getResolvedSignature(node)?.declaration;
        const inProgram = callee && !callee.getSourceFile().isDeclarationFile;
        if (inProgram && !ts.isJSDocSignature(callee) && "body" in callee && callee.body) visitFunction(callee);
      }
      ts.forEachChild(node, visit);
    };
    visit(body);
  };
  visitFunction(fn);
  return names;
}
