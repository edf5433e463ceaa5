/**
 * The string fields a program reads ('o.mode', 'o["mode"]', '{ mode } = o'): only those are flattened into the
 * generated code's parameters (lower/context.ts objectFieldsOf), so that a model's name no function reads adds no
 * parameter to the derivatives. Decided from the field's declaration, program-wide, so that a caller and its callee
 * flatten an object alike.
 */
import type * as TS from "typescript";

/** Computed once, when first asked. */
export function readStringFields(
  ts: typeof TS,
  checker: TS.TypeChecker,
  files: () => readonly TS.SourceFile[],
): (field: TS.Symbol) => boolean {
  let read: Set<TS.Declaration> | undefined;
  const collect = (): Set<TS.Declaration> => {
    const found = new Set<TS.Declaration>();
    const isString = (t: TS.Type): boolean =>
      (t.flags & ts.TypeFlags.StringLike) !== 0 || (t.isUnion() && t.types.every(isString));
    const note = (node: TS.Node) => {
      if (!isString(checker.getTypeAtLocation(node))) return;
      checker.getSymbolAtLocation(node)?.declarations?.forEach((d) => found.add(d));
    };
    const visit = (node: TS.Node): void => {
      if (ts.isPropertyAccessExpression(node)) note(node.name);
      else if (ts.isElementAccessExpression(node) && ts.isStringLiteral(node.argumentExpression)) {
        note(node.argumentExpression);
      } else if (ts.isBindingElement(node) && ts.isObjectBindingPattern(node.parent)) {
        note(node.propertyName ?? node.name);
      }
      ts.forEachChild(node, visit);
    };
    files()
      .filter((file) => !file.isDeclarationFile)
      .forEach(visit);
    return found;
  };
  return (field) => {
    read ??= collect();
    const declarations = field.declarations ?? [];
    return declarations.some((d) => (read as Set<TS.Declaration>).has(d));
  };
}
