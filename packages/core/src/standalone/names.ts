/**
 * Which names generated code takes from its primal file. Derivatives emitted into the primal file see its
 * top-level scope; in a module of their own they need imports for every top-level name they read (same-file
 * callees called on inactive arguments, module constants, the user's own imports).
 *
 * Generated names are chosen unique against every identifier of the primal file (`FileState.namer`), so a name
 * that a generated function uses but does not declare is the primal file's or a global: one declared-names set per
 * function is enough, no scopes needed. Not one for the whole module: the functions keep the primal's parameter
 * names, and one function's parameter 'k' is not another's module constant 'k'.
 */
import type * as TS from "typescript";

/** Identifiers read by `statements` (values, not types or property names) and declared nowhere in them. */
export function freeNames(ts: typeof TS, statements: readonly TS.Statement[]): string[] {
  const printer = ts.createPrinter({ newLine: ts.NewLineKind.LineFeed, removeComments: true });
  // Parsed nodes print from their file's text; synthesized ones (no parent) need only some file.
  const fileOf = (s: TS.Statement) => (s.parent ? s.getSourceFile() : emptyFile(ts));
  const text = statements.map((s) => printer.printNode(ts.EmitHint.Unspecified, s, fileOf(s))).join("\n");
  // Synthesized nodes have no parents and no positions: reparse the printed text to walk real nodes.
  const file = ts.createSourceFile("generated.ts", text, ts.ScriptTarget.Latest, true);
  const declared = new Set<string>();
  const used = new Set<string>();
  const visit = (node: TS.Node): void => {
    if (ts.isTypeNode(node)) return;
    if (ts.isIdentifier(node)) {
      if (isDeclarationName(ts, node)) declared.add(node.text);
      else if (!isPropertyName(ts, node)) used.add(node.text);
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return [...used].filter((name) => !declared.has(name)).sort();
}

/** The names some of `declarations` read and none declares at the top level: what the module must import. */
export function moduleFreeNames(ts: typeof TS, declarations: readonly TS.Statement[]): string[] {
  const topLevel = new Set(declarations.flatMap((d) => (ts.isFunctionDeclaration(d) && d.name ? [d.name.text] : [])));
  const free = new Set(declarations.flatMap((d) => freeNames(ts, [d])));
  return [...free].filter((name) => !topLevel.has(name)).sort();
}

function emptyFile(ts: typeof TS): TS.SourceFile {
  return ts.createSourceFile("empty.ts", "", ts.ScriptTarget.Latest);
}

function isDeclarationName(ts: typeof TS, node: TS.Identifier): boolean {
  const parent = node.parent;
  if (ts.isLabeledStatement(parent) || ts.isBreakStatement(parent) || ts.isContinueStatement(parent)) {
    return parent.label === node;
  }
  return (
    (ts.isFunctionDeclaration(parent) ||
      ts.isFunctionExpression(parent) ||
      ts.isParameter(parent) ||
      ts.isVariableDeclaration(parent) ||
      ts.isBindingElement(parent)) &&
    parent.name === node
  );
}

/** `o.name`, `{ name: … }`: a property, not a variable. */
function isPropertyName(ts: typeof TS, node: TS.Identifier): boolean {
  const parent = node.parent;
  return (
    (ts.isPropertyAccessExpression(parent) && parent.name === node) ||
    (ts.isPropertyAssignment(parent) && parent.name === node)
  );
}

/**
 * A generated function with its unread parameters renamed `_name` (a tangent of a piecewise-constant callee, the
 * seed of a sweep with nothing to propagate). Inside the primal file nobody type-checks generated code; a
 * derivative module is compiled by the project itself, and `noUnusedParameters` must not fail on it. Parameters are
 * positional, so the rename changes no caller.
 */
export function markUnusedParameters(ts: typeof TS, fn: TS.FunctionDeclaration): TS.FunctionDeclaration {
  if (!fn.body) return fn;
  const read = new Set(freeNames(ts, fn.body.statements));
  const unused = fn.parameters.filter((p) => ts.isIdentifier(p.name) && !read.has(p.name.text));
  if (unused.length === 0) return fn;
  const f = ts.factory;
  const parameters = fn.parameters.map((p) =>
    unused.includes(p)
      ? f.updateParameterDeclaration(
          p,
          p.modifiers,
          p.dotDotDotToken,
          `_${(p.name as TS.Identifier).text}`,
          p.questionToken,
          p.type,
          p.initializer,
        )
      : p,
  );
  return f.updateFunctionDeclaration(
    fn,
    fn.modifiers,
    fn.asteriskToken,
    fn.name,
    fn.typeParameters,
    parameters,
    fn.type,
    fn.body,
  );
}
