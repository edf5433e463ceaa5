/**
 * Rewrites one source file: marker calls replaced by their expansions, generated derivatives inserted after
 * their primal's top-level statement, and the namespace imports they need added at the top.
 * A file with nothing to add is returned as the same node, so it prints byte-for-byte as without Cotangent.
 */
import type * as TS from "typescript";
import type { Expansion } from "../expand/markers";
import { DERIVATIVE_KINDS, type DerivativeRequest } from "../program/registry";
import type { FileState } from "../program/files";
import { RUNTIME_ALIAS } from "../program/files";
import { emitFunctionDeclaration, emitOptionsOf } from "./statements";

export interface FileEdits {
  readonly state: FileState | undefined;
  readonly requests: readonly DerivativeRequest[];
  readonly expansions: ReadonlyMap<TS.Node, Expansion>;
  readonly runtimeSpecifier: string;
}

export function hasEdits(edits: FileEdits): boolean {
  return edits.expansions.size > 0 || edits.requests.some((r) => r.anchor && r.generated);
}

export function rewriteFile(
  ts: typeof TS,
  context: TS.TransformationContext,
  file: TS.SourceFile,
  edits: FileEdits,
): TS.SourceFile {
  if (!hasEdits(edits)) return file;
  const f = context.factory;
  const bindings = moduleBindings(ts, file);
  const emitOptions = emitOptionsOf(context.getCompilerOptions());
  const visit = (node: TS.Node): TS.Node => {
    const expansion = edits.expansions.get(ts.getOriginalNode(node));
    if (expansion)
      return tieModuleReads(
        ts,
        bindings,
        expansion((e) => ts.visitNode(e, visit) as TS.Expression),
      );
    return ts.visitEachChild(node, visit, context);
  };

  const after = new Map<TS.Node, TS.Statement[]>();
  for (const req of edits.requests) {
    if (!req.anchor || !req.generated) continue;
    const list = after.get(req.anchor) ?? [];
    for (const kind of DERIVATIVE_KINDS) {
      const fn = req.generated[kind];
      if (fn && req.uses.has(kind))
        list.push(tieModuleReads(ts, bindings, emitFunctionDeclaration(ts, fn, req.exported, emitOptions)));
    }
    after.set(req.anchor, list);
  }

  const statements: TS.Statement[] = [];
  for (const s of file.statements) {
    statements.push(ts.visitNode(s, visit) as TS.Statement);
    statements.push(...(after.get(s) ?? []));
  }
  const imports: TS.Statement[] = [];
  const namespaceImport = (alias: string, specifier: string) =>
    f.createImportDeclaration(
      undefined,
      f.createImportClause(undefined, undefined, f.createNamespaceImport(f.createIdentifier(alias))),
      f.createStringLiteral(specifier),
    );
  if (edits.state?.usesRuntime) imports.push(namespaceImport(RUNTIME_ALIAS, edits.runtimeSpecifier));
  for (const { alias, specifier } of edits.state?.imports.values() ?? [])
    imports.push(namespaceImport(alias, specifier));
  // Imports go after the file's own leading imports, keeping a "use strict" or shebang first.
  let insertAt = 0;
  while (insertAt < statements.length && ts.isImportDeclaration(statements[insertAt])) insertAt++;
  statements.splice(insertAt, 0, ...imports);
  return f.updateSourceFile(file, statements);
}

/** The names the module declares or imports at its top level, each with its declaration's name. */
export function moduleBindings(ts: typeof TS, file: TS.SourceFile): ReadonlyMap<string, TS.Identifier> {
  const bindings = new Map<string, TS.Identifier>();
  const bind = (name: TS.Node | undefined) => name && namesIn(ts, name).forEach((id) => bindings.set(id.text, id));
  for (const s of file.statements) {
    if (ts.isVariableStatement(s)) s.declarationList.declarations.forEach((d) => bind(d.name));
    else if (ts.isFunctionDeclaration(s) || ts.isClassDeclaration(s) || ts.isEnumDeclaration(s)) bind(s.name);
    else if (ts.isImportEqualsDeclaration(s)) bind(s.name);
    else if (ts.isImportDeclaration(s) && s.importClause) {
      const { name, namedBindings } = s.importClause;
      bind(name);
      if (namedBindings && ts.isNamespaceImport(namedBindings)) bind(namedBindings.name);
      else namedBindings?.elements.forEach((e) => bind(e.name));
    }
  }
  return bindings;
}

/**
 * Ties the generated code's reads of module-level names to their declarations. The identifiers Cotangent creates
 * carry no symbol, so a CommonJS emit, which rewrites the user's reads of exported and imported names ('K' →
 * 'exports.K', 'lib_1.K'), would leave them bare and they would throw a ReferenceError; with the declaration as their
 * original node, TypeScript resolves and rewrites them like the user's own (and leaves a plain local as it is). A name
 * the generated code declares itself anywhere (a parameter, a local) is never tied: it may shadow the module's.
 */
function tieModuleReads<T extends TS.Node>(ts: typeof TS, bindings: ReadonlyMap<string, TS.Identifier>, node: T): T {
  const declared = new Set<string>();
  const collect = (n: TS.Node): void => {
    if ((ts.isParameter(n) || ts.isVariableDeclaration(n) || ts.isFunctionDeclaration(n)) && n.name) {
      namesIn(ts, n.name).forEach((id) => declared.add(id.text));
    }
    ts.forEachChild(n, collect);
  };
  collect(node);
  const visit = (n: TS.Node): void => {
    if (ts.isIdentifier(n)) {
      const binding = bindings.get(n.text);
      const synthesized = !ts.isParseTreeNode(n) && ts.getOriginalNode(n) === n;
      if (binding && synthesized && !declared.has(n.text)) ts.setOriginalNode(n, binding);
    } else if (ts.isPropertyAccessExpression(n)) visit(n.expression);
    else if (ts.isPropertyAssignment(n)) visit(n.initializer);
    else if (!ts.isTypeNode(n)) ts.forEachChild(n, visit);
  };
  visit(node);
  return node;
}

/** The identifiers a declaration's name binds: the name, or every name of a destructuring pattern. */
function namesIn(ts: typeof TS, name: TS.Node): TS.Identifier[] {
  if (ts.isIdentifier(name)) return [name];
  if (!ts.isObjectBindingPattern(name) && !ts.isArrayBindingPattern(name)) return [];
  return name.elements.flatMap((e) => (ts.isBindingElement(e) ? namesIn(ts, e.name) : []));
}
