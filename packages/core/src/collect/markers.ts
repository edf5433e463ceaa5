/**
 * Finds calls to the markers exported by the `cotangent` package (`grad`, `valueAndGrad`, `gradInto`, `jvp`, `vjp`,
 * `jacfwd`, `jacrev`), by resolving the callee's symbol to the markers' declaration file, so that renamed imports work
 * and unrelated functions called `grad` are left alone.
 */
import type * as TS from "typescript";
import { resolvedSymbol, skipOuterExpressions } from "./resolve";

export const MARKER_NAMES = [
  "grad",
  "valueAndGrad",
  "gradInto",
  "jvp",
  "vjp",
  "jacfwd",
  "jacrev",
  "hvp",
  "hessian",
] as const;
export type MarkerName = (typeof MARKER_NAMES)[number];

const MARKERS_FILE = /[\\/]cotangent[\\/](dist|src)[\\/]markers(\.d)?\.ts$/;

export interface MarkerCall {
  readonly name: MarkerName;
  readonly node: TS.CallExpression;
}

export function markerOf(ts: typeof TS, checker: TS.TypeChecker, node: TS.CallExpression): MarkerName | undefined {
  const symbol = resolvedSymbol(ts, checker, node.expression);
  if (!symbol || !(MARKER_NAMES as readonly string[]).includes(symbol.name)) return undefined;
  const decl = symbol.declarations?.[0];
  if (!decl || !MARKERS_FILE.test(decl.getSourceFile().fileName)) return undefined;
  return symbol.name as MarkerName;
}

export function findMarkerCalls(ts: typeof TS, checker: TS.TypeChecker, file: TS.SourceFile): MarkerCall[] {
  if (!MARKER_NAMES.some((m) => file.text.includes(m))) return [];
  const found: MarkerCall[] = [];
  const visit = (node: TS.Node): void => {
    if (ts.isCallExpression(node)) {
      const name = markerOf(ts, checker, node);
      if (name) found.push({ name, node });
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

/**
 * The marker call an expression is: written in place (`grad(f)`), or named by a `const` (`df` for `const df = grad(f)`):
 * a marker's function argument, or the callee of a call in differentiated code.
 */
export function markerCallOf(
  ts: typeof TS,
  checker: TS.TypeChecker,
  node: TS.Expression,
): TS.CallExpression | undefined {
  const e = skipOuterExpressions(ts, node);
  if (ts.isCallExpression(e)) return markerOf(ts, checker, e) ? e : undefined;
  if (!ts.isIdentifier(e)) return undefined;
  const decl = resolvedSymbol(ts, checker, e)?.valueDeclaration;
  if (!decl || !ts.isVariableDeclaration(decl) || !decl.initializer) return undefined;
  if (!(ts.getCombinedNodeFlags(decl) & ts.NodeFlags.Const)) return undefined;
  const init = skipOuterExpressions(ts, decl.initializer);
  return ts.isCallExpression(init) && markerOf(ts, checker, init) ? init : undefined;
}
