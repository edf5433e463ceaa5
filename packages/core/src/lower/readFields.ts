/**
 * What the program does with fields, decided from each field's declaration, program-wide, so that a caller and its
 * callee see an object alike:
 * - the string fields it reads ('o.mode', 'o["mode"]', '{ mode } = o'): only those are flattened into the generated
 *   code's parameters (lower/context.ts objectFieldsOf), so that a model's name no function reads adds no parameter;
 * - the fields it assigns ('o.f = g', 'o.f ??= g', 'o["f"] += 1', 'delete o.f'): a function an object literal's
 *   field holds is called as itself only where nothing gives the field another (lower/functionTables.ts).
 */
import type * as TS from "typescript";

export function readStringFields(
  ts: typeof TS,
  checker: TS.TypeChecker,
  files: () => readonly TS.SourceFile[],
): (field: TS.Symbol) => boolean {
  const isString = (t: TS.Type): boolean =>
    (t.flags & ts.TypeFlags.StringLike) !== 0 || (t.isUnion() && t.types.every(isString));
  const note = (node: TS.Node, found: Set<TS.Declaration>) => {
    if (!isString(checker.getTypeAtLocation(node))) return;
    checker.getSymbolAtLocation(node)?.declarations?.forEach((d) => found.add(d));
  };
  return fieldsNoted(ts, files, (node, found) => {
    if (ts.isPropertyAccessExpression(node)) note(node.name, found);
    else if (ts.isElementAccessExpression(node) && ts.isStringLiteral(node.argumentExpression)) {
      note(node.argumentExpression, found);
    } else if (ts.isBindingElement(node) && ts.isObjectBindingPattern(node.parent)) {
      note(node.propertyName ?? node.name, found);
    }
  });
}

export function writtenFields(
  ts: typeof TS,
  checker: TS.TypeChecker,
  files: () => readonly TS.SourceFile[],
): (field: TS.Symbol) => boolean {
  const withoutParentheses = (e: TS.Expression): TS.Expression =>
    ts.isParenthesizedExpression(e) ? withoutParentheses(e.expression) : e;
  const note = (target: TS.Expression, found: Set<TS.Declaration>) => {
    const key = ts.isPropertyAccessExpression(target)
      ? target.name
      : ts.isElementAccessExpression(target)
        ? target.argumentExpression
        : undefined;
    if (key) checker.getSymbolAtLocation(key)?.declarations?.forEach((d) => found.add(d));
  };
  return fieldsNoted(ts, files, (node, found) => {
    const assigns =
      ts.isBinaryExpression(node) &&
      node.operatorToken.kind >= ts.SyntaxKind.FirstAssignment &&
      node.operatorToken.kind <= ts.SyntaxKind.LastAssignment;
    if (assigns) note(withoutParentheses((node as TS.BinaryExpression).left), found);
    else if (ts.isDeleteExpression(node)) note(withoutParentheses(node.expression), found);
  });
}

/**
 * Whether a field's declaration is among those `note` finds at the nodes of the program's files: the files are
 * walked once, when first asked.
 */
function fieldsNoted(
  ts: typeof TS,
  files: () => readonly TS.SourceFile[],
  note: (node: TS.Node, found: Set<TS.Declaration>) => void,
): (field: TS.Symbol) => boolean {
  let noted: Set<TS.Declaration> | undefined;
  const collect = (): Set<TS.Declaration> => {
    const found = new Set<TS.Declaration>();
    const visit = (node: TS.Node): void => {
      note(node, found);
      ts.forEachChild(node, visit);
    };
    files()
      .filter((file) => !file.isDeclarationFile)
      .forEach(visit);
    return found;
  };
  return (field) => {
    noted ??= collect();
    return (field.declarations ?? []).some((d) => (noted as Set<TS.Declaration>).has(d));
  };
}
