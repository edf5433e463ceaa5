/**
 * What the program does with fields, decided from each field's declaration, program-wide, so that a caller and its
 * callee see an object alike:
 * - the string fields it reads ('o.mode', 'o["mode"]', '{ mode } = o'): only those are flattened into the generated
 *   code's parameters (lower/context.ts objectFieldsOf), so that a model's name no function reads adds no parameter;
 * - the variables holding an object that it uses only to read fields ('act.f(x)', 'apply(act.f, y)'): a function an
 *   object literal's field holds is called as itself only where nothing can give the field another (a write, through
 *   a cast too, or the object passed whole: lower/functionTables.ts).
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

export function onlyFieldsRead(
  ts: typeof TS,
  checker: TS.TypeChecker,
  files: () => readonly TS.SourceFile[],
): (object: TS.Symbol) => boolean {
  let escaping: Set<TS.Symbol> | undefined;
  const collect = (): Set<TS.Symbol> => {
    const found = new Set<TS.Symbol>();
    const visit = (node: TS.Node): void => {
      if (ts.isIdentifier(node)) {
        let symbol = checker.getSymbolAtLocation(node);
        if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
        const decl = symbol?.valueDeclaration;
        const literal = decl && ts.isVariableDeclaration(decl) && decl.initializer;
        if (symbol && literal && decl.name !== node && !readsAField(ts, node)) found.add(symbol);
      }
      ts.forEachChild(node, visit);
    };
    files()
      .filter((file) => !file.isDeclarationFile)
      .forEach(visit);
    return found;
  };
  return (object) => !(escaping ??= collect()).has(object);
}

/**
 * Whether the identifier `name` is used to read a field ('act.f', 'act["f"]', called or passed on), or only names the
 * variable (an import or export, a type): not written through, cast, passed whole or destructured into.
 */
function readsAField(ts: typeof TS, name: TS.Identifier): boolean {
  const parent = name.parent;
  if (ts.isImportSpecifier(parent) || ts.isExportSpecifier(parent) || ts.isTypeQueryNode(parent)) return true;
  if (ts.isImportClause(parent) || ts.isNamespaceImport(parent) || ts.isExportAssignment(parent)) return true;
  const access =
    (ts.isPropertyAccessExpression(parent) && parent.expression === name) ||
    (ts.isElementAccessExpression(parent) &&
      parent.expression === name &&
      ts.isStringLiteralLike(parent.argumentExpression));
  return access && !isWritten(ts, parent as TS.Expression);
}

/** Whether `e` is assigned, incremented, deleted, or destructured into ('[act.f] = fs', '({ g: act.f } = o)'). */
function isWritten(ts: typeof TS, e: TS.Expression): boolean {
  let node: TS.Node = e;
  let parent = node.parent;
  // Up through parentheses and the literals an assignment destructures into.
  while (
    ts.isParenthesizedExpression(parent) ||
    ts.isArrayLiteralExpression(parent) ||
    ts.isSpreadElement(parent) ||
    ts.isSpreadAssignment(parent) ||
    ts.isShorthandPropertyAssignment(parent) ||
    (ts.isPropertyAssignment(parent) && parent.initializer === node) ||
    ts.isObjectLiteralExpression(parent)
  ) {
    node = parent;
    parent = node.parent;
  }
  if (ts.isBinaryExpression(parent) && parent.left === node) {
    const kind = parent.operatorToken.kind;
    return kind >= ts.SyntaxKind.FirstAssignment && kind <= ts.SyntaxKind.LastAssignment;
  }
  if ((ts.isForOfStatement(parent) || ts.isForInStatement(parent)) && parent.initializer === node) return true;
  if (ts.isDeleteExpression(parent)) return true;
  if (!ts.isPrefixUnaryExpression(parent) && !ts.isPostfixUnaryExpression(parent)) return false;
  return parent.operator === ts.SyntaxKind.PlusPlusToken || parent.operator === ts.SyntaxKind.MinusMinusToken;
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
